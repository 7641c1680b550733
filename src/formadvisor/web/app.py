"""The application factory: settings in, a FastAPI app out (routers for pages and the API).

The rules are read and checked when the app is made (a broken rules folder stops `serve` at
once); the compiled rules (`Advisor`) and the database (`Store`) are opened when the app starts
and closed when it stops, so a stopped app holds no durable rulesets and no connections.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from formadvisor.checks import load_policy
from formadvisor.recommend import Advisor
from formadvisor.settings import Settings
from formadvisor.store import Store
from formadvisor.web import changes, journey, report, security
from formadvisor.web.api import api_router
from formadvisor.web.errors import http_error
from formadvisor.web.templating import make_templates

SWAGGER_UI = "/static/swagger-ui"  # swagger-ui-dist, fetched by `make assets`


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    policy = load_policy(settings.rules)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with closing(Advisor(policy)) as advisor, closing(Store(settings.database_url)) as store:
            app.state.advisor, app.state.store = advisor, store
            yield

    app = FastAPI(
        title="formadvisor",
        summary="Legal form and contract routes for groups of GP practices: decision support.",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # served below from our own static files, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.templates = make_templates(settings.templates_dir)
    app.mount("/static", StaticFiles(directory=settings.static_dir, check_dir=False), "static")

    @app.get("/healthz", include_in_schema=False)
    def healthz(request: Request) -> dict:
        advisor = request.app.state.advisor
        return {"status": "ok", "ruleset": advisor.policy.version}

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI for the API, from `make assets` (so /docs works without the internet);
        our own page and a static start-up script (docs.js), so the CSP needs no inline script."""
        context = {"title": f"{app.title} API", "openapi_url": app.openapi_url, "ui": SWAGGER_UI}
        return request.app.state.templates.TemplateResponse(request, "docs.html", context)

    app.add_exception_handler(HTTPException, http_error)
    security.install(app)  # security headers, body size limits, no stack traces
    app.include_router(api_router(policy))
    app.include_router(journey.router)
    app.include_router(report.router)
    app.include_router(changes.router)
    return app
