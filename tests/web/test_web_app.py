"""The app factory: settings in, a working app out."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import event

from formadvisor.engine.durable import EngineError
from formadvisor.rules.yamlfile import read_yaml
from formadvisor.settings import Settings
from formadvisor.store.assessments import run_assessment
from formadvisor.web.app import create_app
from tests.support.data import EXAMPLES


def test_healthz_names_the_ruleset_in_use(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        reply = client.get("/healthz")
        assert reply.status_code == 200
        assert reply.json()["ruleset"] == client.app.state.advisor.policy.version
        page = client.get("/")
        assert "formadvisor</title>" in page.text
    assert (tmp_path / "db.sqlite3").exists()


def test_every_page_is_rendered_the_same_way(tmp_path):
    """Journey, report, changes and error pages: private, and each sets the CSRF cookie."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        state = client.app.state
        draft = state.store.create({"nation": "wales"})
        done = state.store.create(read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data)
        run_assessment(state.advisor, state.store, done.id)
        pages = {
            "/": 200,
            f"/assessments/{done.id}/result": 200,
            f"/assessments/{draft.id}/check": 200,
            f"/assessments/{draft.id}/changes": 200,
            "/no-such-page": 404,
        }
        for url, status in pages.items():
            client.cookies.clear()
            reply = client.get(url, follow_redirects=True)
            assert reply.status_code == status, url
            assert reply.headers["cache-control"] == "no-store", url
            assert reply.headers["referrer-policy"] == "same-origin", url
            assert reply.headers["set-cookie"].startswith("formadvisor_csrf="), url


def test_every_missing_page_is_the_same_page(tmp_path):
    """An unknown address, and an unknown assessment on each page type, give one 404 page."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        urls = [
            "/no-such-page",
            "/assessments/no-such-id",
            "/assessments/no-such-id/check",
            "/assessments/no-such-id/result",
            "/assessments/no-such-id/result.pdf",
            "/assessments/no-such-id/changes",
        ]
        replies = [client.get(url) for url in urls]
    assert [r.status_code for r in replies] == [404] * len(urls)
    assert all(r.headers["content-type"].startswith("text/html") for r in replies)
    mains = {str(BeautifulSoup(r.text, "html.parser").main) for r in replies}
    assert len(mains) == 1
    assert next(iter(mains)).startswith("<main")
    assert BeautifulSoup(mains.pop(), "html.parser").h1.get_text(strip=True) == "Page not found"


def test_stopping_the_app_closes_the_database_and_the_rules(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    app = create_app(settings)
    with TestClient(app) as client:
        store, advisor = app.state.store, app.state.advisor
        disposed = []
        event.listen(store.engine, "engine_disposed", lambda engine: disposed.append(engine))
        assert client.get("/assessments/no-such-id").status_code == 404  # looked up in the db
        assert store.engine.pool.checkedin() >= 1  # a pooled connection, until the app stops
        assert not disposed
    assert disposed == [store.engine]
    assert store.engine.pool.checkedin() == 0
    with pytest.raises(EngineError, match="closed"):
        advisor.recommend(read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data)
    with TestClient(app) as client:  # started again: opened again
        assert app.state.store is not store
        assert app.state.advisor is not advisor
        assert client.get("/healthz").status_code == 200
