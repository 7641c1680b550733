"""The application factory: settings in, a FastAPI app out (routers for pages and the API)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from formadvisor.recommend import Advisor
from formadvisor.settings import Settings
from formadvisor.store import Store
from formadvisor.web import changes, journey, report
from formadvisor.web.api import api_router
from formadvisor.web.errors import http_error
from formadvisor.web.templating import make_templates


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="formadvisor",
        summary="Legal form and contract routes for groups of GP practices: decision support.",
        version="1",
    )
    app.state.settings = settings
    app.state.advisor = Advisor.from_folder(settings.rules)
    app.state.store = Store(settings.database_url)
    app.state.templates = make_templates(settings.templates_dir)
    app.include_router(report.router)
    app.mount("/static", StaticFiles(directory=settings.static_dir, check_dir=False), "static")

    @app.get("/healthz", include_in_schema=False)
    def healthz(request: Request) -> dict:
        advisor = request.app.state.advisor
        return {"status": "ok", "ruleset": advisor.policy.version}

    app.add_exception_handler(HTTPException, http_error)
    app.include_router(journey.router)
    app.include_router(api_router(app.state.advisor.policy))
    app.include_router(changes.router)
    return app
