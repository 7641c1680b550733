"""`/assessments/{token}/reach?option=[&service=]`: "What would it take?" for one option of a
saved result: the fewest changes after which it is recommended, in plain words, with the result
those changes give (run on the engine thread, nothing saved), or what rules the option out.

It reads the answers that made the saved result, on that result's day, so it answers the
question the result page asked. An option or service the answers do not know gets a page
naming it and the ones that would do (404); answers the current rules no longer take go back to
the result page, which says what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.picking import UnknownName
from formadvisor.advice.reach import Reach, reach
from formadvisor.advice.reach_words import ReachWords, reach_words
from formadvisor.advice.results import Recommendation
from formadvisor.store.assessments import result_answers
from formadvisor.web.pages import render
from formadvisor.web.report import _load
from formadvisor.web.serving import advisor_of, engine_work
from formadvisor.web.sharing import AsSeen

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Reached:
    """What the page shows: the reach, in words, and the result after its changes (if any)."""

    reach: Reach
    words: ReachWords | None
    after: Recommendation | None


def _reached(advisor: Advisor, answers: dict, rec: Recommendation, option: str, service):
    valid = advisor.validate(answers)
    found = reach(advisor, valid, option, service, rec.as_of)
    after = None
    if found.reachable and found.changes:
        after = advisor.recommend(found.applied(answers), rec.as_of, what_if=False)
    return Reached(found, reach_words(advisor.policy, found), after)


@router.get("/assessments/{assessment_id}/reach")
async def reach_page(
    request: Request, assessment_id: str, option: str = "", service: str | None = None
) -> Response:
    found = await run_in_threadpool(_load, request, assessment_id)
    if isinstance(found, Response):
        return found
    seen, rec = found
    store = request.app.state.store
    versions = await run_in_threadpool(store.versions, seen.row.id)
    answers = result_answers(seen.row, versions)
    advisor = advisor_of(request)
    context = {"assessment": AsSeen(seen), "option": option, "service": service}
    try:
        reached = await engine_work(_reached, advisor, answers, rec, option, service or None)
    except UnknownName as e:
        return render(request, "reach.html", {**context, "unknown": e}, 404)
    except AnswersInvalid:  # the rules changed since the result: its page says what to do
        return RedirectResponse(f"/assessments/{quote(assessment_id, safe='')}/result", 303)
    label = advisor.policy.option
    return render(request, "reach.html", {**context, "reached": reached, "label": label})
