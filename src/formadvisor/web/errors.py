"""Error pages: people get an HTML page for a missing page or a refused form; the JSON API
(under /api/) keeps FastAPI's JSON errors. error.html words each kind of error."""

from __future__ import annotations

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from starlette.exceptions import HTTPException
from starlette.responses import Response

from formadvisor.web.pages import render

PAGES = {404: "not_found", 403: "refused"}  # the kinds of error.html, by status
# A journey page or form opened with a read-only link's token (`drafts.draft`).
READ_ONLY = "read-only link"


def error_page(request: Request, kind: str, status: int, **values: object) -> Response:
    """error.html for one `kind` of error (`values` fill in its words)."""
    return render(request, "error.html", {"kind": kind, **values}, status)


async def http_error(request: Request, exc: Exception) -> Response:
    """The handler of `HTTPException` (Starlette types every handler as taking any exception)."""
    assert isinstance(exc, HTTPException)
    kind = PAGES.get(exc.status_code)
    if kind is None or request.url.path.startswith("/api/"):
        return await http_exception_handler(request, exc)
    return error_page(request, "read_only" if exc.detail == READ_ONLY else kind, exc.status_code)
