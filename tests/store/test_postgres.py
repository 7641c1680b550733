"""Saved assessments and groups on PostgreSQL: the same migrations, model and round trip as on
SQLite, and practices saving at the same moment lose nothing.

Runs when FORMADVISOR_TEST_POSTGRES_URL names an empty database it may fill and empty
(`make test-postgres` starts a throwaway server and sets it); skips otherwise.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from formadvisor.store.assessments import run_assessment, stored_result
from formadvisor.store.database import Base, Store, alembic_config
from tests.support.data import WALES_PHARMACY
from tests.support.group_saves import save_at_once

URL = os.environ.get("FORMADVISOR_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not URL,
    reason="set FORMADVISOR_TEST_POSTGRES_URL=postgresql+psycopg://… to an empty test database "
    "(or run `make test-postgres`) to test saved assessments on PostgreSQL",
)


def _empty(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "DROP TABLE IF EXISTS group_practices, groups, assessment_versions, assessments, "
                "alembic_version"
            )
        )
    engine.dispose()


@pytest.fixture
def url():
    assert URL is not None
    _empty(URL)
    yield URL
    _empty(URL)


def test_postgres_migrates_to_the_model(url):
    store = Store(url)
    assert store.engine.dialect.name == "postgresql"
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert store.revision() == head
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    store.close()


def test_postgres_round_trip_of_a_run_assessment(url, advisor):
    store = Store(url)
    row = store.create(WALES_PHARMACY)
    run_assessment(advisor, store, row.id)
    store.close()
    again = Store(url)
    saved = again.get(row.id)
    assert saved.answers == WALES_PHARMACY
    assert saved.rules_hash == advisor.policy.version
    assert saved.rules_release == advisor.policy.release
    assert saved.created.utcoffset() is not None
    assert stored_result(saved).organisational_form.recommended
    assert saved.trace["services"][0][0]["service"] == "Pharmacy"
    again.close()


def test_postgres_behind_the_api(url):
    from fastapi.testclient import TestClient

    from formadvisor.settings import Settings
    from formadvisor.web.app import create_app

    with TestClient(create_app(Settings(database_url=url))) as client:
        created = client.post("/api/v1/assessments", json=WALES_PHARMACY)
        assert created.status_code == 201, created.text
        read = client.get(created.headers["location"])
        assert read.json() == created.json()
        assert read.json()["answers"] == WALES_PHARMACY


def test_postgres_keeps_versions_and_read_tokens_and_migrates_down_and_up(url, advisor):
    from alembic import command

    store = Store(url)
    row = store.create(WALES_PHARMACY)
    run_assessment(advisor, store, row.id)
    store.update(row.id, answers={**WALES_PHARMACY, "member_practices": 9}, editing=True)
    run_assessment(advisor, store, row.id)
    assert [v.number for v in store.versions(row.id)] == [1, 2]
    assert store.by_read_token(row.read_token).id == row.id
    assert store.get(row.read_token) is None
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection=connection), "0002_trace_and_release")
    assert not sa.inspect(store.engine).has_table("assessment_versions")
    with store.engine.begin() as connection:
        command.upgrade(alembic_config(connection=connection), "head")
    (version,) = store.versions(row.id)  # the saved result again becomes version 1
    assert version.answers["member_practices"] == 9
    assert store.get(row.id).read_token != row.read_token  # a new token: the old one is gone
    store.close()


def test_postgres_practices_saving_at_the_same_moment_lose_nothing(url):
    store = Store(url)
    save_at_once(store)
    store.close()


def test_postgres_keeps_groups_through_the_groups_migration(url):
    from alembic import command

    from formadvisor.store.groups import Groups

    store = Store(url)
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection=connection), "0003_read_token_and_versions")
    row = store.create(WALES_PHARMACY)
    with store.engine.begin() as connection:
        command.upgrade(alembic_config(connection=connection), "head")
    assert store.get(row.id).answers == WALES_PHARMACY
    groups = Groups(store)
    made = groups.create("Cluster", {"nation": "wales"}, ["A", "B"])
    assert groups.role(made.id, made.read_token) == "read"
    assert groups.save_practice(made.id, made.practices[1][1], {"risk_appetite": "low"}, "h")
    assert [p.answers for p in groups.load(made.id).practices] == [None, {"risk_appetite": "low"}]
    store.close()
