"""The result page of a saved assessment and the same report as a PDF, by the edit link or the
read-only link (`sharing`).

Both speak the request's language (`language.current()`): a saved result made in another one is
made again in it while the rules are unchanged (`saved_language.in_language`). When the rules
have changed, making it again would give another result, so it is shown as it was saved, the
whole page in the language of its words, with a note in the reader's language saying why.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from formadvisor.advice.results import Recommendation
from formadvisor.i18n import gettext
from formadvisor.store.assessments import readable_result, result_answers
from formadvisor.web.close_call import close_views
from formadvisor.web.language import current, using
from formadvisor.web.pages import PRIVATE, render
from formadvisor.web.pdf import render_pdf
from formadvisor.web.report_view import Wording, build_report
from formadvisor.web.saved_language import in_language
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


def _saved_in(asked: str, rec: Recommendation) -> dict | None:
    """The note for a reader who asked for another language than the result's words, in theirs."""
    if rec.lang == asked:
        return None
    note = gettext(
        asked,
        "This result is shown as it was saved, in the language it was made in.",
    )
    return {"lang": asked, "note": note}


def _context(
    request: Request,
    seen: Opened,
    rec: Recommendation,
    pdf: bool,
    made_from: dict | None = None,
    asked: str | None = None,
) -> dict:
    """`made_from`: the answers that made `rec` (default: the saved result's, which are not the
    row's own while its answers are being changed); `asked`: the reader's language (default: the
    request's). The rules' words are in the language of `rec`'s."""
    policy = advisor_of(request).language(rec.lang).policy
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
        "rules_changed": rec.ruleset.version != policy.version,
        "saved_in": _saved_in(asked or current(), rec),
    }


def _page(request: Request, seen: Opened, rec: Recommendation) -> Response:
    asked = current()
    with using(rec.lang):  # the page in its words' language (the one asked for, but for a note)
        context = _context(request, seen, rec, False, asked=asked)
        if request.app.state.settings.pdf_prepare:  # built while the reader reads the summary
            request.app.state.pdf_cache.prepare(*_pack(request, rec, context))
        return render(request, "report.html", context)


@router.get("/assessments/{assessment_id}/result")
async def result_page(request: Request, assessment_id: str) -> Response:
    found = await run_in_threadpool(_load, request, assessment_id)  # reads the database
    if isinstance(found, Response):
        return found
    seen, saved = found
    rec = await in_language(request, seen, saved)
    return await run_in_threadpool(_page, request, seen, rec)


def _pack(request: Request, rec: Recommendation, context: dict) -> tuple[str, Callable[[], bytes]]:
    """The partners' pack's cache key and how to build it, from the page's context: the same
    whichever link opened it (the PDF shows neither link). The cache's key holds the page's
    language; the rules' versions here, the language of the result's words."""
    current_version = advisor_of(request).policy.version  # its labels and wording are on the page
    key = request.app.state.pdf_cache.key(
        [rec.ruleset.version, current_version, rec.lang],
        context["made_from"],
        rec.as_of.isoformat(),
    )
    template = request.app.state.templates.get_template("report.html")
    static = request.app.state.settings.static_dir
    lang = current()

    def build() -> bytes:  # no request: it may run after the page's response is sent
        with using(lang):
            return render_pdf(template.render(**{**context, "pdf": True}), static)

    return key, build


@router.get("/assessments/{assessment_id}/result.pdf")
async def result_pdf(request: Request, assessment_id: str) -> Response:
    found = await run_in_threadpool(_load, request, assessment_id)
    if isinstance(found, Response):
        return found
    seen, saved = found
    rec = await in_language(request, seen, saved)
    # Rendering blocks for seconds: in the thread pool, never on the loop.
    return await run_in_threadpool(pdf_response, request, seen, rec)


def pdf_response(
    request: Request, seen: Opened, rec: Recommendation, made_from: dict | None = None
) -> Response:
    """The partners' pack of `rec` (made from the answers `made_from`) as a PDF download, in the
    language of its words, built once and cached (blocking: call it off the event loop)."""
    asked = current()
    with using(rec.lang):
        key, build = _pack(request, rec, _context(request, seen, rec, True, made_from, asked))
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
