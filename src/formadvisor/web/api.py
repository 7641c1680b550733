"""The JSON API under `/api/v1`: the questionnaire, recommendations, saved assessments, rules.

The answers' schema is the pydantic model built from the questionnaire, so the API, the web
form and `formadvisor recommend` agree on what a valid answer is, and `POST
/api/v1/recommendations` returns exactly the JSON of `formadvisor recommend --json`. The
replies are `api_models`; errors are JSON with field paths (`api_errors`); an unknown
assessment gives 404.
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' annotations, and the
# answers model is a local of `api_router`.

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, BeforeValidator

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid, answers_model, duplicate_list_items
from formadvisor.advice.results import Recommendation, trace_of_json
from formadvisor.rules.policy import Policy
from formadvisor.store.assessments import outcome, result_answers, review, stored_result
from formadvisor.store.database import Assessment, Store
from formadvisor.web.api_errors import ERRORS, JsonRoute
from formadvisor.web.api_explore import add_explore
from formadvisor.web.api_models import (
    AssessmentOut,
    ChangesOut,
    Message,
    QuestionnaireOut,
    RulesOut,
    VersionOut,
    question_out,
    rule_out,
)
from formadvisor.web.serving import advisor_of, engine_work
from formadvisor.web.sharing import link

PREFIX = "/api/v1"


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
            questions=tuple(question_out(x) for x in q.questions),
            service_questions=tuple(question_out(x) for x in q.service_questions),
            forms=current.options.forms,
            routes=current.options.routes,
            topics=current.options.topics,
        )

    @router.post(
        "/recommendations",
        summary="Recommend a form and a route per service, with reasons",
        responses=ERRORS,
        response_model=Recommendation,
    )
    async def recommend(
        request: Request,
        answers: Answers,  # type: ignore[valid-type]  # made at run time: FastAPI reads it
        as_of: AsOf = None,
        what_if: bool = True,
    ) -> Response:
        """The same recommendation as `formadvisor recommend --json`: ranked forms and routes
        with the rules for and against each, considerations, the rules that fired and the
        single answer changes that would change the advice. Nothing is saved."""
        advisor, answers = _pinned(request, answers)

        def made() -> bytes:  # serialised on the engine thread too: never on the event loop
            rec = advisor.recommend(answers, as_of=as_of, what_if=what_if)
            return rec.model_dump_json(by_alias=True).encode()

        return Response(await engine_work(made), media_type="application/json")

    @router.post(
        "/assessments",
        status_code=201,
        summary="Save answers and their recommendation",
        responses=ERRORS,
    )
    async def create_assessment(
        request: Request,
        response: Response,
        answers: Answers,  # type: ignore[valid-type]  # made at run time: FastAPI reads it
    ) -> AssessmentOut:
        """Recommend on the answers and save both, with the trace and the rules' version.
        The reply's `link` is the assessment's web page (it can change the answers),
        `read_link` a view of the result that can change nothing; `Location` its API address."""
        advisor, answers = _pinned(request, answers)
        given = answers.model_dump(mode="json", exclude_unset=True)
        made = await engine_work(outcome, advisor, given)
        row = await run_in_threadpool(_store(request).create, given, **made)
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
    async def assessment_changes(request: Request, assessment_id: str) -> ChangesOut:
        """Re-run the saved answers under the rules in use when they differ from the rules
        that made the saved result, and list the differences. Nothing is saved."""
        row = await run_in_threadpool(_store(request).get, assessment_id)
        if row is None:
            raise HTTPException(404, "no assessment has this id")
        if row.result is None:
            raise HTTPException(409, "the assessment has no saved result yet")
        versions = await run_in_threadpool(_store(request).versions, assessment_id)
        made_from = result_answers(row, versions)
        seen = await engine_work(review, _advisor(request), row, made_from=made_from)
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
            rules=tuple(rule_out(current, pr) for pr in current.rules),
        )

    add_explore(router, policy, Answers, _pinned, _iso_date)  # compare, reach
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
        link=link(request, row.id),
        read_link=link(request, row.read_token),
        created=row.created,
        updated=row.updated,
        answers=row.answers,
        rules_hash=row.rules_hash,
        rules_release=row.rules_release,
        result=stored_result(row),
        trace=trace_of_json(row.trace) if row.trace is not None else None,
        versions=tuple(
            VersionOut(
                number=v.number,
                created=v.created,
                rules_hash=v.rules_hash,
                rules_release=v.rules_release,
                recommended=(v.result.get("organisational_form") or {}).get("recommended"),
            )
            for v in _store(request).versions(row.id)
        ),
    )
