"""Error pages: people get an HTML page for a missing page or a refused form; the JSON API
(under /api/) keeps FastAPI's JSON errors."""

from __future__ import annotations

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from starlette.exceptions import HTTPException
from starlette.responses import Response

from formadvisor.web.pages import render

PAGES = {
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied "
        "the entire address. A saved assessment's link is long: every character matters.",
    ),
    403: (
        "Your answer could not be saved",
        "The form could not be checked, for example because cookies are blocked or the page "
        "was open for a long time. Go back, reload the page and try again.",
    ),
}
# A journey page or form opened with a read-only link's token (`drafts.draft`).
READ_ONLY = "read-only link"
READ_ONLY_PAGE = (
    "This link cannot change the answers",
    "You opened a read-only link: it shows the result and its PDF, nothing else. If the answers "
    "need to change, ask whoever sent you the link to change them, or for the edit link.",
)


async def http_error(request: Request, exc: Exception) -> Response:
    """The handler of `HTTPException` (Starlette types every handler as taking any exception)."""
    assert isinstance(exc, HTTPException)
    page = PAGES.get(exc.status_code)
    if page is None or request.url.path.startswith("/api/"):
        return await http_exception_handler(request, exc)
    title, text = READ_ONLY_PAGE if exc.detail == READ_ONLY else page
    return render(request, "error.html", {"title": title, "text": text}, exc.status_code)
