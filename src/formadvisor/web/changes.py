"""`/assessments/{token}/changes`: what changed in a result, two ways.

- Between any two of the assessment's versions (`?from=1&to=3`, chosen on the page): the
  answers that differ, then what differs in the recommendation.
- A saved result re-run under the current rules: GET shows the differences in plain words
  (nothing is re-run when the rules are the ones that made the result); POST (with the CSRF
  token, like every form, and only by the edit link) saves the new result as the next version.
  Both re-run the answers that made the saved result, not answers changed since.

The page opens by the edit link or the read-only link (`sharing.opened`); by the read-only
link it has no form that saves anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.changes import SERVICES, AnswerChange, Changes, answer_changes, compare
from formadvisor.advice.results import Recommendation
from formadvisor.store.assessments import result_answers, review, run_assessment
from formadvisor.store.database import Version
from formadvisor.web import csrf
from formadvisor.web.pages import render
from formadvisor.web.report import pdf_response
from formadvisor.web.report_view import Wording
from formadvisor.web.serving import advisor_of, engine_work
from formadvisor.web.sharing import opened

router = APIRouter()


@dataclass(frozen=True)
class AnswerRow:
    """An answer change in the questions' own words."""

    question: str
    service: str | None
    before: str
    after: str


@dataclass(frozen=True)
class Compared:
    before: Version
    after: Version
    answers: list[AnswerRow]
    changes: Changes | None  # None: a version's result is in a shape these rules cannot read


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def compared(versions: list[Version], first: int | None, second: int | None, wording: Wording):
    """The two chosen versions compared (None when either is not one of them)."""
    by_number = {v.number: v for v in versions}
    if first not in by_number or second not in by_number:
        return None
    a, b = by_number[first], by_number[second]
    try:
        changes = compare(
            Recommendation.model_validate(a.result), Recommendation.model_validate(b.result)
        )
    except ValidationError:
        changes = None
    rows = [_in_words(c, wording) for c in answer_changes(a.answers, b.answers)]
    return Compared(a, b, rows, changes)


def _in_words(change: AnswerChange, wording: Wording) -> AnswerRow:
    if change.question == SERVICES:
        return AnswerRow("Service", None, str(change.before or "—"), str(change.after or "—"))
    key = change.question if change.service is None else f"services[0].{change.question}"
    question, _ = wording.question(key)

    def said(value: object) -> str:
        return "Not answered" if value is None else wording.answer(question, value)

    text = question.text if question is not None else change.question
    return AnswerRow(text, change.service, said(change.before), said(change.after))


@router.get("/assessments/{assessment_id}/changes", include_in_schema=False)
async def changes_page(request: Request, assessment_id: str) -> Response:
    seen = await run_in_threadpool(opened, request, assessment_id)  # reads the database
    advisor = advisor_of(request)
    versions = await run_in_threadpool(request.app.state.store.versions, seen.row.id)
    query = request.query_params
    first, second = _number(query.get("from")), _number(query.get("to"))
    wording = Wording(advisor.policy)
    numbers = [v.number for v in versions]
    made_from = result_answers(seen.row, versions)
    context = {
        "review": await engine_work(review, advisor, seen.row, made_from=made_from),
        "assessment_id": assessment_id,
        "read_only": seen.read_only,
        "versions": versions,
        "labels": wording,
        # The picker's choices: those asked for, else the two latest results.
        "first": first if first is not None else ([None, *numbers][-2] if numbers else None),
        "second": second if second is not None else (numbers[-1] if numbers else None),
        "compared": compared(versions, first, second, wording),
        "back": f"/assessments/{assessment_id}/result",
    }
    return render(request, "changes.html", context)


@router.get("/assessments/{assessment_id}/versions/{number}/result.pdf", include_in_schema=False)
def version_pdf(request: Request, assessment_id: str, number: int) -> Response:
    """An earlier result's report as it was made (by the edit or the read-only link)."""
    seen = opened(request, assessment_id)
    version = next(
        (v for v in request.app.state.store.versions(seen.row.id) if v.number == number), None
    )
    if version is None:
        raise HTTPException(404)
    try:
        rec = Recommendation.model_validate(version.result)
    except ValidationError:  # saved in a shape these rules cannot read
        raise HTTPException(404) from None
    return pdf_response(request, seen, rec, made_from=version.answers)


@router.post(
    "/assessments/{assessment_id}/changes",
    include_in_schema=False,
    dependencies=[Depends(csrf.checked_form)],  # checked first; the rules then run off the loop
)
async def save_new_result(request: Request, assessment_id: str) -> Response:
    store = request.app.state.store
    row = await run_in_threadpool(store.get, assessment_id)  # by the id only: never a read token
    if row is None:
        raise HTTPException(404)
    versions = await run_in_threadpool(store.versions, assessment_id)
    made_from = result_answers(row, versions)  # not answers changed since
    try:  # off the event loop, one recommendation at a time
        await engine_work(
            run_assessment, advisor_of(request), store, assessment_id, answers=made_from
        )
    except KeyError:
        raise HTTPException(404) from None
    except AnswersInvalid:  # the page says which answers the current rules need
        return RedirectResponse(f"/assessments/{assessment_id}/changes", 303)
    return RedirectResponse(f"/assessments/{assessment_id}/result", 303)
