"""`/assessments/{id}/changes`: a saved result re-run under the current rules, and what changed.

GET shows the differences in plain words (nothing is re-run when the rules are the ones that
made the result); POST saves the result under the current rules and goes to the result page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from formadvisor.answers import AnswersInvalid
from formadvisor.assessments import review, run_assessment

router = APIRouter()


@router.get("/assessments/{assessment_id}/changes", include_in_schema=False)
def changes_page(request: Request, assessment_id: str) -> Response:
    state = request.app.state
    row = state.store.get(assessment_id)
    if row is None:
        context = {"missing": True, "assessment_id": assessment_id}
        return state.templates.TemplateResponse(request, "changes.html", context, 404)
    context = {"review": review(state.advisor, row), "assessment_id": assessment_id}
    return state.templates.TemplateResponse(request, "changes.html", context)


@router.post("/assessments/{assessment_id}/changes", include_in_schema=False)
def save_new_result(request: Request, assessment_id: str) -> Response:
    state = request.app.state
    try:
        run_assessment(state.advisor, state.store, assessment_id)
    except KeyError:
        context = {"missing": True, "assessment_id": assessment_id}
        return state.templates.TemplateResponse(request, "changes.html", context, 404)
    except AnswersInvalid:  # the page says which answers the current rules need
        return RedirectResponse(f"/assessments/{assessment_id}/changes", 303)
    return RedirectResponse(f"/assessments/{assessment_id}/result", 303)
