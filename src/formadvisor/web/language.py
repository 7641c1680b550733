"""Which language a request is answered in, chosen once as it arrives.

`?lang=cy` or `?lang=en` on any page or API call wins, and a page remembers it for the journey
in a cookie; without it the cookie decides, then the browser's `Accept-Language`, then English.
The API is stateless: each call says its language (`?lang`, `Accept-Language`), no cookie.
The choice lives in a context variable for the whole request (`current()`): the templates'
gettext, the page's `<html lang>` and the request's Advisor (`live.Live.use`) all read it, so
nothing passes the language around by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from formadvisor.i18n import DEFAULT, negotiate, supported

QUERY = "lang"
COOKIE = "formadvisor_lang"
UNCHOSEN = ("/static/",)  # files: the same in every language
API = "/api/"

_LANG: ContextVar[str] = ContextVar("formadvisor_lang", default=DEFAULT)


def current() -> str:
    """The language of the request being served ("en" outside one)."""
    return _LANG.get()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Serve the block in `lang` (the middleware's choice; error handlers outside it; tests)."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def choose(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The query's language, else the cookie's, else the browser's, else English."""
    return supported(query) or supported(cookie) or negotiate(accept_language)


def asked_in(scope: Scope) -> str | None:
    """The language the request's query asks for (`?lang=`), when it is one we speak."""
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    return supported(query.get(QUERY))


def link_to(request: Request, lang: str) -> str:
    """The page `request` shows, in `lang`: its path and query, with `lang=` replaced (the
    language link of layout.html)."""
    query = parse_qsl(request.url.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if k != QUERY]
    return f"{request.url.path}?{urlencode([*kept, (QUERY, lang)])}"


class ChooseLanguage:
    """ASGI middleware: sets `current()` for the request, remembers `?lang=` in a cookie (pages
    only: the API neither reads nor sets it) and says which language the response is in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNCHOSEN):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        page = not scope["path"].startswith(API)
        cookie = cookie_parser(headers.get("cookie", "")).get(COOKIE) if page else None
        asked = asked_in(scope)
        lang = choose(asked, cookie, headers.get("accept-language"))
        scope.setdefault("state", {})["lang"] = lang
        remember = page and asked is not None and asked != cookie

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.setdefault("content-language", lang)
                out.add_vary_header("Accept-Language")
                if remember:
                    # For the journey (no expiry); HTTPS only when served over it.
                    cookie = f"{COOKIE}={lang}; Path=/; HttpOnly; SameSite=Lax"
                    secure = "; Secure" if scope.get("scheme") == "https" else ""
                    out.append("set-cookie", cookie + secure)
            await send(message)

        with using(lang):
            await self.app(scope, receive, send_with_language)
