"""One ruleset per request, and the engine's work one recommendation at a time per process.

`PinRuleset` (ASGI middleware) takes the current Advisor from `app.state.live` when a request
starts and releases it when the response is sent, so a reload swaps rules between requests,
never under one.

`engine_work` runs what evaluates rules (a recommendation, a review) on the process's one
engine thread, awaited by an `async` endpoint: the event loop stays free for everything else
(`/healthz`, pages, files) and recommendations queue one behind another instead of
interleaving in many threads on the GIL and on the engine's lock, which each takes a hundred
times a recommendation (durable_rules' state is process-wide anyway: engine-notes §3). Scale
with worker processes.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from formadvisor.advice.advisor import Advisor

UNPINNED = ("/static/",)  # files only: no rules needed

P = ParamSpec("P")
T = TypeVar("T")

_ENGINE: ThreadPoolExecutor | None = None  # made on first use: a forked worker makes its own
_ENGINE_PID = 0
_MADE = threading.Lock()


def _engine() -> ThreadPoolExecutor:
    global _ENGINE, _ENGINE_PID
    with _MADE:
        if _ENGINE is None or os.getpid() != _ENGINE_PID:
            _ENGINE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="formadvisor-engine")
            _ENGINE_PID = os.getpid()
        return _ENGINE


async def engine_work(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` on this process's one engine thread, in the order asked, in the
    request's context (its language: `language.current()`)."""
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    return await loop.run_in_executor(_engine(), partial(context.run, fn, *args, **kwargs))


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
