"""Cross-site request forgery protection for the journey's forms: a double-submit cookie.

Each browser gets a random token in an HttpOnly, SameSite=Lax cookie; every form carries the
same token in a hidden field, and a post whose field does not match its cookie is refused
(403). Another site can make a browser post to us but can neither read the cookie nor set
the field. No secret key or server-side session is needed.
"""

from __future__ import annotations

import re
import secrets

from fastapi import HTTPException, Request, Response
from starlette.datastructures import FormData

COOKIE = "formadvisor_csrf"
FIELD = "csrf_token"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


def token(request: Request) -> str:
    """The browser's token, or a new one that `send_cookie` will set on the response."""
    have = request.cookies.get(COOKIE, "")
    if _TOKEN.fullmatch(have):
        return have
    if not getattr(request.state, "csrf_new", None):
        request.state.csrf_new = secrets.token_urlsafe(32)
    return request.state.csrf_new


def send_cookie(request: Request, response: Response) -> None:
    new = getattr(request.state, "csrf_new", None)
    if new:
        response.set_cookie(
            COOKIE,
            new,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )


async def checked_form(request: Request) -> FormData:
    """The posted form, once its token matches the cookie's; 403 otherwise."""
    form = await request.form()
    cookie = request.cookies.get(COOKIE, "")
    sent = form.get(FIELD)
    if not (
        _TOKEN.fullmatch(cookie)
        and isinstance(sent, str)
        and secrets.compare_digest(cookie.encode(), sent.encode())
    ):
        raise HTTPException(403, "The form could not be checked")
    return form
