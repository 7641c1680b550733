"""The application factory: settings in, a FastAPI app out (routers for pages and the API).

The rules are read and checked when the app is made (a broken rules folder stops `serve` at
once); the compiled rules (`Advisor`, held by `live.Live`) and the database (`Store`) are
opened when the app starts and closed when it stops, so a stopped app holds no durable rulesets
and no connections. While it runs, a watcher swaps in each good edit of the rules folder
(`settings.reload_interval`); every request pins one Advisor (`serving.PinRuleset`).
`app.state.advisor` names the current Advisor for tests and scripts; requests use
`serving.advisor_of(request)`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from formadvisor.advice.advisor import Advisor
from formadvisor.rules.checks import load_policy
from formadvisor.rules.policy import Policy
from formadvisor.settings import Settings
from formadvisor.store.database import Store
from formadvisor.web import (
    changes,
    group_organiser,
    group_page,
    group_practice,
    group_setup,
    journey,
    reach_page,
    report,
    rules_pages,
    security,
    see_result,
    service_pages,
    sharing,
)
from formadvisor.web.api import api_router
from formadvisor.web.api_groups import groups_router
from formadvisor.web.compare_page import router as compare_router
from formadvisor.web.covering import CoveringScenarios
from formadvisor.web.errors import http_error
from formadvisor.web.language import ChooseLanguage
from formadvisor.web.live import Live, Served, watch
from formadvisor.web.pdf_cache import PdfCache, files_digest
from formadvisor.web.serving import PinRuleset, advisor_of
from formadvisor.web.templating import make_templates

SWAGGER_UI = "/static/swagger-ui"  # swagger-ui-dist, fetched by `make assets`


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    policy = load_policy(settings.rules)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        start = policy  # as checked when the app was made (a restart begins there again)
        live = Live.of(Advisor(start))
        if app.state.api_questionnaire != start.questionnaire:
            mount_api(app, start)
        with closing(live), closing(Store(settings.database_url)) as store:
            app.state.live, app.state.advisor, app.state.store = live, live.current.advisor, store
            app.state.scenarios.request(start)

            def swapped(old: Served, new: Served) -> None:
                app.state.advisor = new.advisor
                if new.advisor.policy.questionnaire != app.state.api_questionnaire:
                    mount_api(app, new.advisor.policy)
                app.state.scenarios.request(new.advisor.policy)

            watcher = None
            if settings.reload_interval > 0:
                watcher = asyncio.create_task(
                    watch(live, settings.rules, settings.reload_interval, swapped)
                )
            try:
                yield
            finally:
                if watcher is not None:
                    watcher.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await watcher

    app = FastAPI(
        title="formadvisor",
        summary="Legal form and contract routes for groups of GP practices: decision support.",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # served below from our own static files, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.scenarios = CoveringScenarios(
        settings.rules, enabled=settings.scenarios, features=settings.features
    )
    app.state.templates = make_templates(settings.templates_dir)
    look = files_digest(
        [*settings.templates_dir.glob("*.html"), *settings.static_dir.glob("*.css")]
    )
    app.state.pdf_cache = PdfCache(settings.pdf_cache, look, settings.pdf_cache_files)
    app.mount("/static", StaticFiles(directory=settings.static_dir, check_dir=False), "static")

    @app.get("/healthz", include_in_schema=False)
    async def healthz(request: Request) -> dict:  # on the loop: never queued behind the engine
        """Up, the rules it serves, and whether the last edit of them was rejected."""
        advisor = advisor_of(request)
        live = request.app.state.live
        rejected = live.rejected
        return {
            "status": "ok",
            "ruleset": advisor.policy.version,
            "release": advisor.policy.release,
            "loaded_at": live.current.loaded_at.isoformat(),
            "reload_failed": rejected is not None,
            "reload_problems": len(rejected.problems) if rejected else 0,
        }

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI for the API, from `make assets` (so /docs works without the internet);
        our own page and a static start-up script (docs.js), so the CSP needs no inline script."""
        context = {"title": f"{app.title} API", "openapi_url": app.openapi_url, "ui": SWAGGER_UI}
        return request.app.state.templates.TemplateResponse(request, "docs.html", context)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(sharing.ConfirmEdit, sharing.confirm_first)
    security.install(app)  # security headers, body size limits, no stack traces
    mount_api(app, policy)
    app.include_router(journey.router)
    app.include_router(service_pages.router)
    app.include_router(report.router)
    app.include_router(see_result.router)
    app.include_router(changes.router)
    app.include_router(reach_page.router)
    app.include_router(sharing.router)
    app.include_router(rules_pages.router)
    app.include_router(compare_router)
    for groups in (group_setup, group_organiser, group_practice, group_page):
        app.include_router(groups.router)  # a group's pages (issue 18)
    app.add_middleware(PinRuleset)
    app.add_middleware(ChooseLanguage)  # outermost: the language is chosen before the rules
    return app


def mount_api(app: FastAPI, policy: Policy) -> None:
    """Serve the API of `policy`'s questionnaire in place of the one before (a reload changed
    it): the request models validate the new answers and /openapi.json describes them."""
    routes = app.router.routes
    old = getattr(app.state, "api_routes", [])
    count = len(routes)
    app.include_router(api_router(policy))
    app.include_router(groups_router(policy))
    new = routes[count:]
    del routes[count:]
    at = next((i for i, r in enumerate(routes) if any(r is o for o in old)), len(routes))
    kept = [r for r in routes if not any(r is o for o in old)]
    routes[:] = [*kept[:at], *new, *kept[at:]]  # one assignment, on the event loop
    app.state.api_routes = new
    app.state.api_questionnaire = policy.questionnaire
    app.openapi_schema = None
