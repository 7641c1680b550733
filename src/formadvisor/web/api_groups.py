"""The group assessments' API under `/api/v1/groups` (contract: "Groups").

- `POST /api/v1/groups` names a group and its practices and takes the organiser's facts; the
  reply holds every link, each ending in its token (the only time a token is shown: the
  database keeps hashes).
- `PUT /api/v1/groups/{id}/practices/{practice_token}` keeps one practice's answers of opinion
  (and `services_joined`); any other token is 404, and anything but a question of opinion 422.
- `GET /api/v1/groups/{id}/practices/{practice_token}` gives that practice its own answers back.
- `GET /api/v1/groups/{id}?token=` (the organiser's or the read link's token) is the group
  view (`advice.groups.GroupView`): no, a practice's or a wrong token is 404.

Nothing lists groups. The bodies are JSON (415 otherwise), and no cookie grants anything here:
the token in the address is the key, so a cross-site form cannot post to these routes (the
journey's double-submit CSRF check, `web/csrf.py`, is for HTML forms and does not apply).
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' annotations.

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from formadvisor.advice.answers import AnswerProblem, AnswersInvalid
from formadvisor.advice.groups import (
    MAX_PRACTICES,
    NAME_MAX,
    GroupView,
    analyse,
    check_practice,
    check_shared,
)
from formadvisor.store.groups import Groups
from formadvisor.web.api_errors import ERRORS, JsonRoute
from formadvisor.web.api_models import Message
from formadvisor.web.serving import advisor_of, engine_work

PREFIX = "/api/v1/groups"
NOT_FOUND = "no group has this id and link"
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]


class GroupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    group_name: Name
    shared: dict[str, Any] = Field(
        description="The organiser's answers: the facts (questions not asked of practices)."
    )
    practices: list[Name] = Field(min_length=1, max_length=MAX_PRACTICES)


class PracticeLink(BaseModel):
    name: str
    link: str


class GroupCreated(BaseModel):
    id: str
    organiser_link: str
    read_link: str
    practices: list[PracticeLink]


class PracticeSaved(BaseModel):
    name: str
    answered_at: dt.datetime | None
    answers: dict[str, Any] | None
    rules_hash: str | None = None


router = APIRouter(prefix=PREFIX, tags=["API v1: groups"], route_class=JsonRoute)
MISSING: dict[int | str, dict[str, Any]] = {404: {"model": Message, "description": NOT_FOUND}}


def link(request: Request, group_id: str, token: str) -> str:
    """A group page's link in full: its last path segment is its token."""
    base = str(request.base_url).rstrip("/")
    return f"{base}/groups/{quote(group_id, safe='')}/{quote(token, safe='')}"


def _groups(request: Request) -> Groups:
    return Groups(request.app.state.store)


@router.post("", status_code=201, summary="Start a group assessment", responses=ERRORS)
async def create_group(request: Request, response: Response, body: GroupIn) -> GroupCreated:
    """Name the group and its practices and give the organiser's facts (nation, services,
    commissioners, …). The reply has the organiser's link (manages the group), a read link
    (shows the group page only) and one link per practice (answers its questions of opinion):
    keep them, they are not shown again."""
    if len(set(body.practices)) != len(body.practices):
        problem = AnswerProblem(("practices",), "two practices have the same name")
        raise AnswersInvalid([problem])
    advisor = advisor_of(request)
    try:
        shared = check_shared(advisor, body.shared, len(body.practices))
    except AnswersInvalid as e:
        raise AnswersInvalid([p._replace(loc=("shared", *p.loc)) for p in e.items]) from None
    made = await run_in_threadpool(
        _groups(request).create, body.group_name, shared, list(body.practices)
    )
    response.headers["Location"] = f"{PREFIX}/{made.id}"
    return GroupCreated(
        id=made.id,
        organiser_link=link(request, made.id, made.organiser_token),
        read_link=link(request, made.id, made.read_token),
        practices=[
            PracticeLink(name=name, link=link(request, made.id, token))
            for name, token in made.practices
        ],
    )


@router.put(
    "/{group_id}/practices/{practice_token}",
    summary="A practice's answers of opinion",
    responses={**ERRORS, **MISSING},
)
async def save_practice(
    request: Request, group_id: str, practice_token: str, body: dict[str, Any]
) -> PracticeSaved:
    """Keep this practice's answers to the questions of opinion (`asked_of: practice` in the
    questionnaire) and `services_joined`, the names of the services it would join (all of them
    when left out), in place of any it gave before."""
    groups = _groups(request)
    record = await run_in_threadpool(groups.load, group_id)
    practice = await run_in_threadpool(groups.practice, group_id, practice_token)
    if record is None or practice is None:
        raise HTTPException(404, NOT_FOUND)
    advisor = advisor_of(request)
    answers = check_practice(advisor, record.shared, body)
    policy = advisor.policy
    saved = await run_in_threadpool(
        groups.save_practice, group_id, practice_token, answers, policy.version, policy.release
    )
    if not saved:
        raise HTTPException(404, NOT_FOUND)
    again = await run_in_threadpool(groups.practice, group_id, practice_token)
    assert again is not None
    return PracticeSaved(
        name=again.name,
        answered_at=again.answered_at,
        answers=again.answers,
        rules_hash=again.rules_hash,
    )


@router.get(
    "/{group_id}/practices/{practice_token}",
    summary="A practice's own answers",
    responses=MISSING,
)
def practice_answers(request: Request, group_id: str, practice_token: str) -> PracticeSaved:
    """The answers this practice gave (null: none yet); never another practice's."""
    practice = _groups(request).practice(group_id, practice_token)
    if practice is None:
        raise HTTPException(404, NOT_FOUND)
    return PracticeSaved(
        name=practice.name,
        answered_at=practice.answered_at,
        answers=practice.answers,
        rules_hash=practice.rules_hash,
    )


@router.get(
    "/{group_id}",
    summary="The group: where its practices agree, and which splits change the advice",
    responses=MISSING,
    response_model=GroupView,
)
async def group_view(
    request: Request,
    group_id: str,
    token: Annotated[str, Query(description="The organiser's or the read link's token.")] = "",
) -> Response:
    """How many practices have answered; for each question of opinion the answers by value,
    agreed or split, and whether the split changes the recommendation (each other answer
    re-run on durable_rules); the recommendation on the combined answers and on each
    practice's own; the practices not committed, and the recommendation without them."""
    groups = _groups(request)
    role = await run_in_threadpool(groups.role, group_id, token)
    if role not in ("organiser", "read"):
        raise HTTPException(404, NOT_FOUND)
    record = await run_in_threadpool(groups.load, group_id)
    if record is None:
        raise HTTPException(404, NOT_FOUND)
    advisor = advisor_of(request)

    def made() -> bytes:  # serialised on the engine thread too: never on the event loop
        view = analyse(advisor, record.shared, record.practice_answers(), group_name=record.name)
        return view.model_dump_json(by_alias=True).encode()

    return Response(await engine_work(made), media_type="application/json")
