"""The JSON API under `/api/v1`: the questionnaire, recommendations, saved assessments, rules.

The answers' schema is the pydantic model built from the questionnaire, so the API, the web
form and `formadvisor recommend` agree on what a valid answer is, and `POST
/api/v1/recommendations` returns exactly the JSON of `formadvisor recommend --json`.

Errors are JSON with field paths. Invalid answers give 422 and one item per problem:
`{"detail": [{"loc": ["body", "services", 1, "kind"], "path": "services[1].kind",
"msg": "must be 'primary_medical', …", "type": "literal_error"}]}` (`loc` as FastAPI gives it,
`path` as the command line prints it). A body that is not JSON gives 400, one over
`MAX_BODY` bytes 413, one that does not say it is JSON 415; an unknown assessment 404.
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' annotations, and the
# answers model is a local of `api_router`.

import datetime as dt
import json
import re
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import (
    AnswerProblem,
    AnswersInvalid,
    answer_problem,
    answers_model,
    duplicate_list_items,
)
from formadvisor.advice.changes import Changes
from formadvisor.advice.results import Recommendation
from formadvisor.engine.evaluate import Trace
from formadvisor.rules.conditions import AllOf, AnyOf, Clause, Condition, NotOf
from formadvisor.rules.effects import Effect
from formadvisor.rules.loading import dotted
from formadvisor.rules.models import Choice, Option, Question, Topic, one_line
from formadvisor.rules.policy import Policy
from formadvisor.store.assessments import outcome, review, stored_result
from formadvisor.store.database import Assessment, Store
from formadvisor.web.serving import advisor_of

PREFIX = "/api/v1"
MAX_BODY = 256 * 1024  # bytes: far above any real answers (at most 50 services)


# --- response models -----------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Problem(_Out):
    loc: tuple[str | int, ...] = Field(description="Where, as FastAPI names it: body, then keys.")
    path: str = Field(description="The key path as the command line prints it: services[1].kind")
    msg: str
    type: str


class Problems(_Out):
    detail: tuple[Problem, ...]


class Message(_Out):
    detail: str


class QuestionOut(_Out):
    id: str
    text: str
    hint: str | None
    type: str = Field(description="choice, choices, boolean, integer or text")
    required: bool
    default: Any
    minimum: int | None
    maximum: int | None
    min_items: int
    choices: tuple[Choice, ...]
    ask_when: Any = Field(
        description="Asked only when this holds (null: always). A test is "
        '{"ref", "op", "value"}; combinations are {"all": […]}, {"any": […]}, {"not": …}.'
    )
    changeable: bool = Field(description="Whether what-if may vary this answer.")


class QuestionnaireOut(_Out):
    ruleset: str = Field(description="The content hash of the rules in use.")
    release: str | None = Field(description="The rules' edition (rules/VERSION), if named.")
    questions: tuple[QuestionOut, ...]
    service_questions: tuple[QuestionOut, ...]
    forms: tuple[Option, ...]
    routes: tuple[Option, ...]
    topics: tuple[Topic, ...]


class SourceOut(_Out):
    id: str
    title: str
    citation: str = Field(description="How reasons cite it: id, title, address, dates.")
    url: str | None
    unsourced: bool = Field(description="True when no public source confirmed the fact.")
    ask: str | None = Field(description="Who to ask when it is unsourced.")


class RuleOut(_Out):
    id: str
    title: str | None
    topic: str | None
    scope: str = Field(description="organisation (the group) or service (once per service)")
    file: str
    line: int
    when: Any
    then: tuple[Effect, ...]
    because: str
    sources: tuple[SourceOut, ...]
    effective_from: dt.date | None
    effective_until: dt.date | None


class ChangesOut(_Out):
    saved_rules_hash: str | None
    saved_rules_release: str | None
    current_rules_hash: str
    current_rules_release: str | None
    same_rules: bool = Field(description="True: nothing was re-run, nothing has changed.")
    problems: tuple[str, ...] = Field(description="Answers the current rules refuse.")
    changes: Changes | None = Field(description="null when nothing was re-run.")
    nothing_changed: bool | None = Field(description="null when the answers could not be re-run.")


class RulesOut(_Out):
    version: str
    release: str | None
    rules: tuple[RuleOut, ...]


class AssessmentOut(_Out):
    id: str
    link: str = Field(description="The assessment's web page: the link a cluster keeps.")
    created: dt.datetime
    updated: dt.datetime
    answers: dict[str, Any]
    rules_hash: str | None = Field(description="Content hash of the rules that made the result.")
    rules_release: str | None = Field(description="Their edition (rules/VERSION), if named.")
    result: Recommendation | None = Field(description="null while a draft has no result.")
    trace: Trace | None = Field(description="The rules that fired: the group's, then services'.")


# --- errors ------------------------------------------------------------------------------------


def _problems(items: list[tuple[tuple, AnswerProblem, str]], status: int = 422) -> JSONResponse:
    detail = [
        Problem(loc=(*where, *p.loc), path=dotted(p.loc), msg=p.message, type=kind)
        for where, p, kind in items
    ]
    return JSONResponse(Problems(detail=tuple(detail)).model_dump(mode="json"), status)


def _invalid_request(errors: list[dict]) -> JSONResponse:
    items = []
    for err in errors:
        where, rest = tuple(err["loc"][:1]), tuple(err["loc"][1:])
        problem = answer_problem({**err, "loc": rest})
        if not rest and err["type"] in ("model_attributes_type", "dict_type"):
            problem = AnswerProblem((), "the answers must be an object of question keys to answers")
        items.append((where, problem, err["type"]))
    return _problems(items)


def _body_problem(status: int, message: str, kind: str) -> JSONResponse:
    return _problems([(("body",), AnswerProblem((), message), kind)], status)


async def _body_refused(request: Request) -> JSONResponse | None:
    """Read the body within `MAX_BODY`; a response when it is too big or not JSON."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not kind.endswith("+json"):
        message = "send the answers as JSON (Content-Type: application/json)"
        return _body_problem(415, message, "unsupported_media_type")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return _body_problem(413, f"the body is over {MAX_BODY} bytes", "too_large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return _body_problem(413, f"the body is over {MAX_BODY} bytes", "too_large")
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return _body_problem(400, "the body is not valid JSON", "json_invalid")
    request._body = bytes(body)  # what FastAPI reads next (starlette caches the body here)
    return None


class JsonRoute(APIRoute):
    """A route whose request errors are JSON with field paths, never a traceback."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            if request.method in ("POST", "PUT", "PATCH"):
                refused = await _body_refused(request)
                if refused is not None:
                    return refused
            try:
                return await handler(request)
            except RequestValidationError as e:
                return _invalid_request(list(e.errors()))
            except AnswersInvalid as e:
                return _problems([(("body",), p, "value_error") for p in e.items])

        return route


# --- the router --------------------------------------------------------------------------------

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problems, "description": "The body is not JSON."},
    413: {"model": Problems, "description": f"The body is over {MAX_BODY} bytes."},
    415: {"model": Problems, "description": "The body is not sent as application/json."},
    422: {"model": Problems, "description": "Invalid answers: one item per problem."},
}


def api_router(policy: Policy) -> APIRouter:
    """The API for one rules folder (its questionnaire is the answers' schema).

    A reload that changes the questionnaire mounts a new router (`app.mount_api`); a request
    that started on the old one while its pinned rules are the new ones is validated again by
    those rules (`_pinned`)."""
    Answers = answers_model(policy.questionnaire)
    questionnaire_of_model = policy.questionnaire

    def _pinned(request: Request, answers: BaseModel) -> tuple[Advisor, BaseModel]:
        advisor = _advisor(request)
        q = advisor.policy.questionnaire
        if q is not questionnaire_of_model and q != questionnaire_of_model:
            answers = advisor.validate(answers.model_dump(mode="json", exclude_unset=True))
        _no_duplicates(advisor, answers)
        return advisor, answers

    router = APIRouter(prefix=PREFIX, tags=["API v1"], route_class=JsonRoute)
    AsOf = Annotated[
        dt.date | None,
        Query(description="Apply the rules in force on this date (default: today)."),
        BeforeValidator(_iso_date),
    ]

    @router.get("/questionnaire", summary="The questions, their choices and the options")
    def questionnaire(request: Request) -> QuestionnaireOut:
        """Every question of an answer document (and of each service), with the labels of its
        choices, and the organisational forms, contract routes and consideration topics."""
        current = _advisor(request).policy
        q = current.questionnaire
        return QuestionnaireOut(
            ruleset=current.version,
            release=current.release,
            questions=tuple(_question(x) for x in q.questions),
            service_questions=tuple(_question(x) for x in q.service_questions),
            forms=current.options.forms,
            routes=current.options.routes,
            topics=current.options.topics,
        )

    @router.post(
        "/recommendations",
        summary="Recommend a form and a route per service, with reasons",
        responses=ERRORS,
    )
    def recommend(
        request: Request,
        answers: Answers,  # type: ignore[valid-type]  # made at run time: FastAPI reads it
        as_of: AsOf = None,
        what_if: bool = True,
    ) -> Recommendation:
        """The same recommendation as `formadvisor recommend --json`: ranked forms and routes
        with the rules for and against each, considerations, the rules that fired and the
        single answer changes that would change the advice. Nothing is saved."""
        advisor, answers = _pinned(request, answers)
        return advisor.recommend(answers, as_of=as_of, what_if=what_if)

    @router.post(
        "/assessments",
        status_code=201,
        summary="Save answers and their recommendation",
        responses=ERRORS,
    )
    def create_assessment(
        request: Request,
        response: Response,
        answers: Answers,  # type: ignore[valid-type]  # made at run time: FastAPI reads it
    ) -> AssessmentOut:
        """Recommend on the answers and save both, with the trace and the rules' version.
        The reply's `link` is the assessment's web page; `Location` its API address."""
        advisor, answers = _pinned(request, answers)
        given = answers.model_dump(mode="json", exclude_unset=True)
        row = _store(request).create(given, **outcome(advisor, given))
        response.headers["Location"] = f"{PREFIX}/assessments/{row.id}"
        return _assessment(request, row)

    @router.get(
        "/assessments/{assessment_id}",
        summary="A saved assessment",
        responses={404: {"model": Message, "description": "No assessment has this id."}},
    )
    def get_assessment(request: Request, assessment_id: str) -> AssessmentOut:
        """The answers, the saved result (null for a draft) and the rules that made it."""
        row = _store(request).get(assessment_id)
        if row is None:
            raise HTTPException(404, "no assessment has this id")
        return _assessment(request, row)

    @router.get(
        "/assessments/{assessment_id}/changes",
        summary="What the current rules would change in a saved result",
        responses={
            404: {"model": Message, "description": "No assessment has this id."},
            409: {"model": Message, "description": "The assessment has no saved result yet."},
        },
    )
    def assessment_changes(request: Request, assessment_id: str) -> ChangesOut:
        """Re-run the saved answers under the rules in use when they differ from the rules
        that made the saved result, and list the differences. Nothing is saved."""
        row = _store(request).get(assessment_id)
        if row is None:
            raise HTTPException(404, "no assessment has this id")
        if row.result is None:
            raise HTTPException(409, "the assessment has no saved result yet")
        seen = review(_advisor(request), row)
        changes = seen.changes
        return ChangesOut(
            saved_rules_hash=row.rules_hash,
            saved_rules_release=row.rules_release,
            current_rules_hash=seen.current_version,
            current_rules_release=seen.current_release,
            same_rules=seen.same_rules,
            problems=seen.problems,
            changes=changes,
            nothing_changed=True if seen.same_rules else (changes.nothing if changes else None),
        )

    @router.get("/rules", summary="Every rule, with its reason and sources")
    def rules(request: Request) -> RulesOut:
        """The rules in use, in policy order: what each tests and does, why, and the sources it
        rests on (with `unsourced` marking facts no public source confirmed)."""
        current = _advisor(request).policy
        return RulesOut(
            version=current.version,
            release=current.release,
            rules=tuple(_rule(current, pr) for pr in current.rules),
        )

    return router


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic would read `as_of=0.0` as a Unix time (1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("give the date as YYYY-MM-DD")
    return value


def _advisor(request: Request) -> Advisor:
    return advisor_of(request)  # pinned for the whole request (see web/serving.py)


def _store(request: Request) -> Store:
    return request.app.state.store


def _no_duplicates(advisor: Advisor, answers: BaseModel) -> None:
    repeated = duplicate_list_items(advisor.policy.questionnaire, answers)
    if repeated:
        raise AnswersInvalid(repeated)


def _assessment(request: Request, row: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=row.id,
        link=str(request.base_url).rstrip("/") + f"/assessments/{row.id}",
        created=row.created,
        updated=row.updated,
        answers=row.answers,
        rules_hash=row.rules_hash,
        rules_release=row.rules_release,
        result=stored_result(row),
        trace=Trace.model_validate(row.trace) if row.trace is not None else None,
    )


def _question(q: Question) -> QuestionOut:
    return QuestionOut(
        id=q.id,
        text=q.text,
        hint=q.hint,
        type=q.type,
        required=q.required,
        default=q.default,
        minimum=q.minimum,
        maximum=q.maximum,
        min_items=q.min_items,
        choices=q.choices,
        ask_when=_condition(q.ask_when) if q.ask_when is not None else None,
        changeable=q.changeable,
    )


def _condition(c: Condition) -> Any:
    if isinstance(c, Clause):
        return {"ref": c.ref, "op": c.op, "value": c.value}
    if isinstance(c, AllOf):
        return {"all": [_condition(x) for x in c.items]}
    if isinstance(c, AnyOf):
        return {"any": [_condition(x) for x in c.items]}
    assert isinstance(c, NotOf)
    return {"not": _condition(c.item)}


def _rule(policy: Policy, pr) -> RuleOut:
    rule = pr.rule
    sources = [policy.source(s) for s in rule.sources]
    return RuleOut(
        id=rule.id,
        title=rule.title,
        topic=pr.topic,
        scope=pr.scope,
        file=pr.file,
        line=pr.line,
        when=_condition(rule.when),
        then=rule.then,
        because=one_line(rule.because),
        sources=tuple(
            SourceOut(
                id=s.id,
                title=s.title,
                citation=s.citation(),
                url=s.url,
                unsourced=s.unsourced,
                ask=s.ask,
            )
            for s in sources
        ),
        effective_from=rule.effective.start if rule.effective else None,
        effective_until=rule.effective.end if rule.effective else None,
    )
