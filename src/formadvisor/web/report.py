"""The result page of a saved assessment and the same report as a PDF, by the edit link or the
read-only link (`sharing`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from formadvisor.advice.results import Recommendation
from formadvisor.store.assessments import readable_result, result_answers
from formadvisor.web.close_call import close_views
from formadvisor.web.pages import PRIVATE, render
from formadvisor.web.pdf import render_pdf
from formadvisor.web.report_view import Wording, build_report, parse_citation
from formadvisor.web.serving import advisor_of
from formadvisor.web.sharing import AsSeen, Opened, opened, share

router = APIRouter(include_in_schema=False)


def _load(request: Request, token: str) -> tuple[Opened, Recommendation] | Response:
    """The assessment (by its edit or read-only link) and its recommendation, or the response
    to give instead."""
    seen = opened(request, token)
    rec = readable_result(seen.row)  # None for an older shape too: run it again from check
    if rec is None and seen.read_only:
        raise HTTPException(404)
    if rec is None:
        return RedirectResponse(f"/assessments/{token}/check", status_code=303)
    return seen, rec


def _context(
    request: Request, seen: Opened, rec: Recommendation, pdf: bool, made_from: dict | None = None
) -> dict:
    """`made_from`: the answers that made `rec` (default: the saved result's, which are not the
    row's own while its answers are being changed)."""
    policy = advisor_of(request).policy
    shared = share(request, seen)
    answers = result_answers(seen.row, shared.versions) if made_from is None else made_from
    return {
        "report": build_report(rec, policy, answers),
        "close_calls": close_views(rec, Wording(policy), seen.token),
        "assessment": AsSeen(seen),
        "made_from": answers,
        "group_name": (answers or {}).get("group_name"),
        "read_only": seen.read_only,
        "share": shared,
        "pdf": pdf,
        "cite_of": parse_citation,
        "rules_changed": rec.ruleset.version != policy.version,
    }


@router.get("/assessments/{assessment_id}/result")
def result_page(request: Request, assessment_id: str) -> Response:
    found = _load(request, assessment_id)
    if isinstance(found, Response):
        return found
    seen, rec = found
    context = _context(request, seen, rec, pdf=False)
    if request.app.state.settings.pdf_prepare:  # built while the reader reads the summary
        request.app.state.pdf_cache.prepare(*_pack(request, rec, context))
    return render(request, "report.html", context)


def _pack(request: Request, rec: Recommendation, context: dict) -> tuple[str, Callable[[], bytes]]:
    """The partners' pack's cache key and how to build it, from the page's context: the same
    whichever link opened it (the PDF shows neither link)."""
    current = advisor_of(request).policy.version  # its labels and wording are on the page
    key = request.app.state.pdf_cache.key(
        [rec.ruleset.version, current], context["made_from"], rec.as_of.isoformat()
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
    return pdf_response(request, *found)


def pdf_response(
    request: Request, seen: Opened, rec: Recommendation, made_from: dict | None = None
) -> Response:
    """The partners' pack of `rec` (made from the answers `made_from`) as a PDF download, built
    once and cached (blocking: call it off the event loop)."""
    key, build = _pack(request, rec, _context(request, seen, rec, True, made_from))
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
