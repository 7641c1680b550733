"""`/assessments/{id}/changes`: a saved result re-run under the current rules, and what changed.

GET shows the differences in plain words (nothing is re-run when the rules are the ones that
made the result); POST (with the CSRF token, like every form) saves the result under the
current rules and goes to the result page.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.store.assessments import review, run_assessment
from formadvisor.web import csrf
from formadvisor.web.pages import render
from formadvisor.web.serving import advisor_of, engine_work

router = APIRouter()


@router.get("/assessments/{assessment_id}/changes", include_in_schema=False)
async def changes_page(request: Request, assessment_id: str) -> Response:
    state = request.app.state
    row = await run_in_threadpool(state.store.get, assessment_id)
    if row is None:
        raise HTTPException(404)
    context = {
        "review": await engine_work(review, advisor_of(request), row),
        "assessment_id": assessment_id,
        "back": f"/assessments/{assessment_id}/result",
    }
    return render(request, "changes.html", context)


@router.post(
    "/assessments/{assessment_id}/changes",
    include_in_schema=False,
    dependencies=[Depends(csrf.checked_form)],  # checked first; the rules then run off the loop
)
async def save_new_result(request: Request, assessment_id: str) -> Response:
    state = request.app.state
    try:  # off the event loop, one recommendation at a time
        await engine_work(run_assessment, advisor_of(request), state.store, assessment_id)
    except KeyError:
        raise HTTPException(404) from None
    except AnswersInvalid:  # the page says which answers the current rules need
        return RedirectResponse(f"/assessments/{assessment_id}/changes", 303)
    return RedirectResponse(f"/assessments/{assessment_id}/result", 303)
