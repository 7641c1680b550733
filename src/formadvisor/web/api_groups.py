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

# No `from __future__ import annotations`: FastAPI reads the handlers' annotations, and the
# request models are locals of `groups_router`.

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, create_model

from formadvisor.advice.answers import (
    UNIQUE,
    AnswerProblem,
    AnswersInvalid,
    group_facts_model,
    practice_model,
)
from formadvisor.advice.groups import (
    DERIVED,
    MAX_PRACTICES,
    NAME_MAX,
    GroupView,
    analyse,
    check_practice,
    check_shared,
    not_yours,
)
from formadvisor.i18n import gettext
from formadvisor.rules.policy import Policy
from formadvisor.store.groups import GroupRecord, Groups, PracticeRecord
from formadvisor.web.api_errors import ERRORS, JsonRoute
from formadvisor.web.api_models import Message
from formadvisor.web.language import current
from formadvisor.web.serving import advisor_of, engine_work

PREFIX = "/api/v1/groups"
NOT_FOUND = "no group has this id and link"
NO_WORDING = "these rules have no groups.yaml: they cannot show a group"
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]


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


def _not_found() -> str:
    """NOT_FOUND in the request's language (the schema's description stays English)."""
    return gettext(current(), "no group has this id and link")


MISSING: dict[int | str, dict[str, Any]] = {404: {"model": Message, "description": NOT_FOUND}}
NO_GROUPS: dict[int | str, dict[str, Any]] = {409: {"model": Message, "description": NO_WORDING}}


class GroupRoute(JsonRoute):
    """A JSON route whose refusal of a key that belongs to the other side says whose it is: a
    question of opinion sent as a fact, or a fact sent by a practice."""

    def reworded(self, request: Request, errors: list[dict]) -> list[dict]:
        q = advisor_of(request).policy.questionnaire
        out = []
        for err in errors:
            loc = tuple(err["loc"])
            if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
                said = not_yours(q, loc[-1], practice="shared" not in loc)
                if said:
                    err = {**err, "type": "value_error", "msg": f"Value error, {said}"}
            out.append(err)
        return out


def link(request: Request, group_id: str, token: str) -> str:
    """A group page's link in full: its last path segment is its token."""
    base = str(request.base_url).rstrip("/")
    return f"{base}/groups/{quote(group_id, safe='')}/{quote(token, safe='')}"


def _groups(request: Request) -> Groups:
    return Groups(request.app.state.store)


def groups_router(policy: Policy) -> APIRouter:
    """The groups API for one questionnaire: the facts and a practice's answers are its models
    (so the schema says which questions each side answers)."""
    q = policy.questionnaire
    Facts = group_facts_model(q, DERIVED)
    Opinions = practice_model(q)
    GroupIn = create_model(
        "GroupIn",
        __config__=ConfigDict(extra="forbid"),
        group_name=(Name, Field(description="The group's name, as its pages show it.")),
        shared=(Facts, Field(description="The organiser's answers: the facts, and the services.")),
        practices=(
            list[Name],
            Field(
                min_length=1,
                max_length=MAX_PRACTICES,
                json_schema_extra=UNIQUE,
                description="The practices' names, each once.",
            ),
        ),
    )
    router = APIRouter(prefix=PREFIX, tags=["API v1: groups"], route_class=GroupRoute)

    @router.post("", status_code=201, summary="Start a group assessment", responses=ERRORS)
    async def create_group(
        request: Request,
        response: Response,
        body: GroupIn,  # made at run time: FastAPI reads it
    ) -> GroupCreated:
        """Name the group and its practices and give the organiser's facts (nation, services,
        commissioners, …). The reply has the organiser's link (manages the group), a read link
        (shows the group page only) and one link per practice (answers its questions of
        opinion): keep them, they are not shown again."""
        given = body.model_dump(mode="json", exclude_unset=True)
        names = given["practices"]
        if len(set(names)) != len(names):
            same = gettext(current(), "two practices have the same name")
            problem = AnswerProblem(("practices",), same)
            raise AnswersInvalid([problem])
        try:
            shared = check_shared(advisor_of(request), given["shared"], len(names))
        except AnswersInvalid as e:
            raise AnswersInvalid([p._replace(loc=("shared", *p.loc)) for p in e.items]) from None
        made = await run_in_threadpool(_groups(request).create, given["group_name"], shared, names)
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
        request: Request,
        found: Annotated[tuple[GroupRecord, PracticeRecord], Depends(_practice_link)],
        body: Opinions,  # type: ignore[valid-type]  # made at run time: FastAPI reads it
    ) -> PracticeSaved:
        """Keep this practice's answers to the questions of opinion (`asked_of: practice` in
        the questionnaire) and `services_joined`, the names of the services it would join (all
        of them when left out), in place of any it gave before. Any token but a practice's of
        this group is 404, whatever the body."""
        record, _ = found
        groups = _groups(request)
        token = request.path_params["practice_token"]
        advisor = advisor_of(request)
        given = body.model_dump(mode="json", exclude_unset=True, exclude_none=True)  # type: ignore[attr-defined]
        answers = check_practice(advisor, record.shared, given)
        policy = advisor.policy
        saved = await run_in_threadpool(
            groups.save_practice, record.id, token, answers, policy.version, policy.release
        )
        if not saved:
            raise HTTPException(404, _not_found())
        return _saved(await run_in_threadpool(groups.practice, record.id, token))

    @router.get(
        "/{group_id}/practices/{practice_token}",
        summary="A practice's own answers",
        responses=MISSING,
    )
    def practice_answers(request: Request, group_id: str, practice_token: str) -> PracticeSaved:
        """The answers this practice gave (null: none yet); never another practice's."""
        return _saved(_groups(request).practice(group_id, practice_token))

    @router.get(
        "/{group_id}",
        summary="The group: where its practices agree, and which splits change the advice",
        responses={**MISSING, **NO_GROUPS},
        response_model=GroupView,
    )
    async def group_view(
        request: Request,
        group_id: str,
        token: Annotated[str, Query(description="The organiser's or the read link's token.")] = "",
    ) -> Response:
        """How many practices have answered; for each question of opinion the answers by
        value, agreed or split, and whether the split changes the recommendation (each other
        answer re-run on durable_rules); the recommendation on the combined answers and on each
        practice's own; the practices not committed, and the recommendation without them."""
        groups = _groups(request)
        role = await run_in_threadpool(groups.role, group_id, token)
        record = await run_in_threadpool(groups.load, group_id)
        if role not in ("organiser", "read") or record is None:
            raise HTTPException(404, _not_found())
        advisor = advisor_of(request)
        if advisor.policy.groups is None:
            raise HTTPException(409, NO_WORDING)
        shared, practices = record.shared, record.practice_answers()

        def made() -> bytes:  # serialised on the engine thread too: never on the event loop
            view = analyse(advisor, shared, practices, group_name=record.name)
            return view.model_dump_json(by_alias=True).encode()

        return Response(await engine_work(made), media_type="application/json")

    return router


async def _practice_link(
    request: Request, group_id: str, practice_token: str
) -> tuple[GroupRecord, PracticeRecord]:
    """The group and the practice whose link this is; 404 otherwise. A dependency, so it is
    checked before the body: a wrong link is 404 whatever it sends."""
    groups = _groups(request)
    record = await run_in_threadpool(groups.load, group_id)
    practice = await run_in_threadpool(groups.practice, group_id, practice_token)
    if record is None or practice is None:
        raise HTTPException(404, _not_found())
    return record, practice


def _saved(practice: PracticeRecord | None) -> PracticeSaved:
    if practice is None:
        raise HTTPException(404, _not_found())
    return PracticeSaved(
        name=practice.name,
        answered_at=practice.answered_at,
        answers=practice.answers,
        rules_hash=practice.rules_hash,
    )
