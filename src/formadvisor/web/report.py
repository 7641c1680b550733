"""The result page of a saved assessment and the same report as a PDF."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from formadvisor.advice.results import Recommendation
from formadvisor.store.assessments import stored_result
from formadvisor.store.database import Assessment
from formadvisor.web.pages import PRIVATE, render
from formadvisor.web.pdf import render_pdf
from formadvisor.web.report_view import build_report, parse_citation
from formadvisor.web.serving import advisor_of

router = APIRouter(include_in_schema=False)


def _load(request: Request, assessment_id: str) -> tuple[Assessment, Recommendation] | Response:
    """The row and its recommendation, or the response to give instead."""
    row = request.app.state.store.get(assessment_id)
    if row is None:
        raise HTTPException(404)
    try:
        rec = stored_result(row)
    except ValidationError:  # made by an older shape of the result: run it again from check
        rec = None
    if rec is None:
        return RedirectResponse(f"/assessments/{assessment_id}/check", status_code=303)
    return row, rec


def _context(request: Request, row: Assessment, rec: Recommendation, pdf: bool) -> dict:
    policy = advisor_of(request).policy
    return {
        "report": build_report(rec, policy, row.answers),
        "assessment": row,
        "group_name": (row.answers or {}).get("group_name"),
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
    context = _context(request, row, rec, pdf=False)
    if request.app.state.settings.pdf_prepare:  # built while the reader reads the summary
        request.app.state.pdf_cache.prepare(*_pack(request, row, rec, context))
    return render(request, "report.html", context)


def _pack(
    request: Request, row: Assessment, rec: Recommendation, context: dict
) -> tuple[str, Callable[[], bytes]]:
    """The partners' pack's cache key and how to build it, from the page's context."""
    current = advisor_of(request).policy.version  # its labels and wording are on the page
    key = request.app.state.pdf_cache.key(
        [rec.ruleset.version, current], row.answers, rec.as_of.isoformat()
    )
    template = request.app.state.templates.get_template("report.html")
    static = request.app.state.settings.static_dir

    def build() -> bytes:  # no request: it may run after the page's response is sent
        return render_pdf(template.render(**{**context, "pdf": True}), static)

    return key, build


@router.get("/assessments/{assessment_id}/result.pdf")
def result_pdf(request: Request, assessment_id: str) -> Response:
    # A plain `def`: FastAPI runs it in the thread pool, so rendering never blocks the loop.
    found = _load(request, assessment_id)
    if isinstance(found, Response):
        return found
    row, rec = found
    key, build = _pack(request, row, rec, _context(request, row, rec, pdf=True))
    pdf, cached = request.app.state.pdf_cache.get(key, build)
    headers = {**PRIVATE, "Content-Disposition": f'attachment; filename="{filename(rec)}"'}
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**headers, "X-Cache": ("hit" if cached else "miss")},
    )


def filename(rec: Recommendation) -> str:
    """`formadvisor-<recommended form>-<date>.pdf`: says what it is, never the secret link."""
    form = rec.organisational_form.recommended or "no-form"
    slug = re.sub(r"[^a-z0-9]+", "-", form.lower()).strip("-")
    return f"formadvisor-{slug}-{rec.as_of.isoformat()}.pdf"
