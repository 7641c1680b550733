"""The app factory: settings in, a working app out."""

from __future__ import annotations

from fastapi.testclient import TestClient

from formadvisor.settings import Settings
from formadvisor.web.app import create_app


def test_healthz_names_the_ruleset_in_use(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        reply = client.get("/healthz")
        assert reply.status_code == 200
        assert reply.json()["ruleset"] == client.app.state.advisor.policy.version
        page = client.get("/")
        assert "formadvisor</title>" in page.text
    assert (tmp_path / "db.sqlite3").exists()
