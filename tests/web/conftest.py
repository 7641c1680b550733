"""The app and its clients for the web tests: one app per test module, on its own database.

A module that needs other settings overrides `app_settings`; `client` is a fresh client per
test (its own cookies), `shared_client` one client for the whole module (faster, for modules
whose tests only read).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from formadvisor.settings import Settings
from formadvisor.web.app import create_app


@pytest.fixture(scope="module")
def app_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("app")
    return Settings(
        database_url=f"sqlite:///{folder / 'db.sqlite3'}",
        pdf_cache=folder / "pdf",
        pdf_prepare=False,
    )


@pytest.fixture(scope="module")
def app(app_settings: Settings) -> FastAPI:
    return create_app(app_settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def shared_client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
