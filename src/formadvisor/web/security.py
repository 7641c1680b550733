"""Web hardening, installed by `install(app)`: security headers on every response, a size
limit on every request body, and a catch-all error that never shows a stack trace.

- Headers: a Content-Security-Policy with no inline script or style (every script and style
  sheet is a file under /static; the report's SVG charts use presentation attributes, which
  `style-src` does not govern), no framing, no plugins, forms posting only here; nosniff; no
  referrer to other sites; no opener across origins; no powerful browser features.
- Bodies: the API's JSON routes refuse a body over `api.MAX_BODY` themselves (413, JSON with
  the same problem shape as every API error); every other request with a body over
  `FORM_MAX_BODY` is refused with 413 before the app reads past the limit, whether its
  Content-Length says so or its stream (chunked) only shows it on the way.
- Errors: an exception no handler expected gives a plain 500 (an HTML page, or JSON under
  /api/) with a reference that is logged with the traceback on the server, and nothing else.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from formadvisor.i18n import gettext
from formadvisor.web.api import PREFIX as API_PREFIX
from formadvisor.web.errors import error_page
from formadvisor.web.language import current, using

log = logging.getLogger("formadvisor.web")

FORM_MAX_BODY = 64 * 1024  # bytes: a page's form is a few hundred bytes; 50 services' names fit

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # data: for images the NHS CSS or Swagger UI inline as URLs
        "font-src 'self'",  # `make assets` drops the NHS CSS's remote font: Arial stands in
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # as pages.PRIVATE: an assessment's address is its key
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    ),
}
_RAW_HEADERS = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
# Only over HTTPS (behind a TLS proxy that says so): a browser then never tries plain HTTP.
HSTS = (b"strict-transport-security", b"max-age=31536000")


def install(app: FastAPI) -> None:
    """The one hook app.py calls. Outermost first: headers, then the body limit."""
    app.add_exception_handler(Exception, internal_error)
    app.add_middleware(BodyLimit, limit=FORM_MAX_BODY, except_under=API_PREFIX + "/")
    app.add_middleware(SecurityHeaders)


def with_headers(
    raw: Iterable[tuple[bytes, bytes]], https: bool = False
) -> list[tuple[bytes, bytes]]:
    """The response's headers plus ours (a header the response set itself is kept), without
    any `server` header detail."""
    headers = [(k, v) for k, v in raw if k.lower() != b"server"]
    have = {k.lower() for k, _ in headers}
    ours = [*_RAW_HEADERS, HSTS] if https else _RAW_HEADERS
    return headers + [(k, v) for k, v in ours if k not in have]


class SecurityHeaders:
    """Adds `HEADERS` to every HTTP response (pages, API, static files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = with_headers(message.get("headers", []), https)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses (413) a request whose body is over `limit` bytes, except under `except_under`
    (the API's routes keep their own limit and error shape)."""

    def __init__(self, app: ASGIApp, limit: int, except_under: str) -> None:
        self.app, self.limit, self.except_under = app, limit, except_under

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.except_under):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except _TooLarge:
            if started:  # cannot happen for our routes: they read the whole form first
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = error_page(request, "too_large", 413, kb=self.limit // 1024)
        except Exception:  # no templates (a bare test app): the words alone
            response = PlainTextResponse("Request body too large", 413)
        response.headers["Connection"] = "close"  # the rest of the body is never read
        await response(scope, receive, send)


async def internal_error(request: Request, exc: Exception) -> Response:
    """Any unexpected exception: a plain 500 and a reference; the traceback stays in the log."""
    reference = secrets.token_hex(6)
    log.error("error %s on %s %s", reference, request.method, request.url.path, exc_info=exc)
    lang = getattr(request.state, "lang", current())  # outside the middleware by now: its choice
    message = gettext(
        lang,
        "Sorry, there is a problem with the service. Reference: %(reference)s",
        reference=reference,
    )
    if request.url.path.startswith(API_PREFIX + "/"):
        response: Response = JSONResponse(
            {"detail": message, "reference": reference}, status_code=500
        )
    else:
        try:
            with using(lang):
                response = error_page(request, "internal", 500, reference=reference)
        except Exception:
            response = PlainTextResponse(message, 500)
    # Starlette's outermost error middleware sends this, outside `SecurityHeaders`.
    response.raw_headers[:] = with_headers(response.raw_headers, request.url.scheme == "https")
    return response
