"""The result page of a saved assessment and the same report as a PDF."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from formadvisor.results import Recommendation
from formadvisor.store import Assessment
from formadvisor.web.pdf import render_pdf
from formadvisor.web.report_view import build_report, parse_citation

router = APIRouter(include_in_schema=False)

# The link holds the only key to an assessment: keep it out of caches and other sites' logs.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _load(request: Request, assessment_id: str) -> tuple[Assessment, Recommendation] | Response:
    """The row and its recommendation, or the response to give instead."""
    row = request.app.state.store.get(assessment_id)
    if row is None:
        return request.app.state.templates.TemplateResponse(
            request, "result_not_found.html", {}, status_code=404, headers=PRIVATE
        )
    if row.result is None:
        return RedirectResponse(f"/assessments/{assessment_id}/check", status_code=303)
    try:
        return row, Recommendation.model_validate(row.result)
    except ValidationError:  # made by an older shape of the result: run it again from check
        return RedirectResponse(f"/assessments/{assessment_id}/check", status_code=303)


def _context(request: Request, row: Assessment, rec: Recommendation, pdf: bool) -> dict:
    policy = request.app.state.advisor.policy
    return {
        "report": build_report(rec, policy),
        "assessment": row,
        "pdf": pdf,
        "cite_of": parse_citation,
        "rules_changed": rec.ruleset.version != policy.version,
    }


@router.get("/assessments/{assessment_id}/result")
def result_page(request: Request, assessment_id: str) -> Response:
    found = _load(request, assessment_id)
    if isinstance(found, Response):
        return found
    row, rec = found
    return request.app.state.templates.TemplateResponse(
        request, "report.html", _context(request, row, rec, pdf=False), headers=PRIVATE
    )


@router.get("/assessments/{assessment_id}/result.pdf")
def result_pdf(request: Request, assessment_id: str) -> Response:
    # A plain `def`: FastAPI runs it in the thread pool, so rendering never blocks the loop.
    found = _load(request, assessment_id)
    if isinstance(found, Response):
        return found
    row, rec = found
    template = request.app.state.templates.get_template("report.html")
    html = template.render(request=request, **_context(request, row, rec, pdf=True))
    pdf = render_pdf(html, request.app.state.settings.static_dir)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{filename(rec)}"'},
    )


def filename(rec: Recommendation) -> str:
    """`formadvisor-<recommended form>-<date>.pdf`: says what it is, never the secret link."""
    form = rec.organisational_form.recommended or "no-form"
    slug = re.sub(r"[^a-z0-9]+", "-", form.lower()).strip("-")
    return f"formadvisor-{slug}-{rec.as_of.isoformat()}.pdf"
