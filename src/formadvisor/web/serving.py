"""One ruleset per request: every request pins the Advisor it starts with (`advisor_of`).

`PinRuleset` (ASGI middleware) takes the current Advisor from `app.state.live` when a request
starts and releases it when the response is sent, so a reload swaps rules between requests,
never under one.
"""

from __future__ import annotations

from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from formadvisor.advice.advisor import Advisor

UNPINNED = ("/static/",)  # files only: no rules needed


class PinRuleset:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        live = getattr(scope["app"].state, "live", None) if "app" in scope else None
        if scope["type"] != "http" or live is None or scope["path"].startswith(UNPINNED):
            await self.app(scope, receive, send)
            return
        with live.use() as advisor:
            scope.setdefault("state", {})["advisor"] = advisor
            await self.app(scope, receive, send)


def advisor_of(request: Request) -> Advisor:
    """The Advisor this request pinned (the app's current one outside the middleware)."""
    pinned = getattr(request.state, "advisor", None)
    return pinned if pinned is not None else request.app.state.live.advisor
