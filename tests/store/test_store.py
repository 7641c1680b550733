"""Saved assessments: the migrations make the table the model describes, and rows keep what
explains a result later (answers, result, trace, rules hash and edition)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.results import trace_of_json
from formadvisor.store.assessments import run_assessment, stored_result
from formadvisor.store.database import FIRST_REVISION, Base, Store, alembic_config
from tests.support.data import WALES_PHARMACY


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'assessments.sqlite3'}"


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()  # type: ignore[return-value]


def columns(engine: sa.Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("assessments")}


def test_a_new_store_migrates_an_empty_file_to_the_newest_revision(url, tmp_path):
    store = Store(url)
    assert (tmp_path / "var" / "assessments.sqlite3").is_file()
    assert store.revision() == head()
    assert columns(store.engine) == {
        "id",
        "created",
        "updated",
        "answers",
        "result",
        "trace",
        "rules_hash",
        "rules_release",
        "read_token",
        "editing",
    }
    store.close()


def test_the_model_and_the_migrations_agree(url):
    store = Store(url)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    store.close()


def test_the_revisions_form_one_line_from_the_first(url):
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == FIRST_REVISION
    assert len(script.get_heads()) == 1


def test_a_table_made_before_migrations_is_adopted_and_upgraded(url):
    """The web skeleton made the table with create_all: its rows survive the upgrade."""
    engine = sa.create_engine(url.replace("/var/", "/"))
    old = sa.MetaData()
    sa.Table(
        "assessments",
        old,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("rules_hash", sa.String(64)),
        sa.Column("result", sa.JSON),
    )
    old.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            old.tables["assessments"].insert(),
            {"id": "old", "created": dt.datetime(2026, 1, 2), "updated": dt.datetime(2026, 1, 2)}
            | {"answers": {"nation": "wales"}},
        )
    engine.dispose()
    store = Store(url.replace("/var/", "/"))
    assert store.revision() == head()
    row = store.get("old")
    assert row.answers == {"nation": "wales"}
    assert row.created == dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    assert row.trace is None
    store.close()


def test_a_draft_keeps_its_answers_and_times(url):
    store = Store(url)
    draft = store.create({"nation": "wales"})
    assert len(draft.id) >= 22, "128 random bits"
    assert draft.result is None
    assert draft.created.tzinfo is not None
    updated = store.update(draft.id, answers={"nation": "england"})
    assert updated.updated >= draft.updated
    again = Store(url).get(draft.id)
    assert again.answers == {"nation": "england"}
    assert again.created == draft.created
    with pytest.raises(KeyError):
        store.update("no-such-id", answers={})
    assert store.get("no-such-id") is None


def test_a_run_assessment_keeps_result_trace_and_rules(url, advisor):
    store = Store(url)
    row = store.create(WALES_PHARMACY)
    done = run_assessment(advisor, store, row.id)
    reopened = Store(url).get(row.id)
    assert reopened.rules_hash == advisor.policy.version
    assert reopened.rules_release == advisor.policy.release
    assert reopened.rules_release is not None
    assert reopened.answers == WALES_PHARMACY
    result = stored_result(reopened)
    assert result == stored_result(done)
    assert result.ruleset.version == advisor.policy.version
    trace = trace_of_json(reopened.trace)
    assert [(f.service, f.rule) for f in trace.firings()] == [
        (r.service, r.rule) for r in result.fired_rules
    ]
    assert trace.services[0][0].service == "Pharmacy"


def test_invalid_answers_store_nothing(url, advisor):
    store = Store(url)
    row = store.create({"nation": "wales"})
    with pytest.raises(AnswersInvalid):
        run_assessment(advisor, store, row.id)
    assert store.get(row.id).result is None
    with pytest.raises(KeyError):
        run_assessment(advisor, store, "no-such-id")


def test_db_upgrade_command_makes_the_database(tmp_path):
    from typer.testing import CliRunner

    from formadvisor.cli.main import app

    target = tmp_path / "cli.sqlite3"
    result = CliRunner().invoke(app, ["db", "upgrade", "--url", f"sqlite:///{target}"])
    assert result.exit_code == 0, result.output
    assert f"revision {head()}" in result.output
    assert "assessments" in sa.inspect(sa.create_engine(f"sqlite:///{target}")).get_table_names()
    bad = CliRunner().invoke(app, ["db", "upgrade", "--url", "nosuchdb://x"])
    assert bad.exit_code == 1
    assert "cannot upgrade the database" in bad.output


def test_a_new_revision_holds_what_the_model_adds(tmp_path, monkeypatch):
    """`formadvisor db revision` compares the model with head: here the model gains a column."""
    import shutil
    from types import SimpleNamespace

    from formadvisor.store import database as store

    before = head()
    shutil.copytree(store.MIGRATIONS, tmp_path / "migrations")
    monkeypatch.setattr(store, "MIGRATIONS", tmp_path / "migrations")
    changed = sa.MetaData()
    table = Base.metadata.tables["assessments"].to_metadata(changed)
    table.append_column(sa.Column("note", sa.String(10)))
    monkeypatch.setattr(store, "Base", SimpleNamespace(metadata=changed))
    path = store.new_revision("Add a note!")
    number = len(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
    assert path.name == f"{number:04d}_add_a_note.py"
    text = path.read_text()
    assert "add_column(sa.Column('note'" in text
    assert f"Revises: {before}" in text
    assert head() == path.stem


def test_every_revision_can_be_undone_and_redone(url):
    from alembic import command

    store = Store(url)
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection=connection), FIRST_REVISION)
    assert "trace" not in columns(store.engine)
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection=connection), "base")
    assert not sa.inspect(store.engine).has_table("assessments")
    store.close()
    again = Store(url)
    assert again.revision() == head()
    assert "trace" in columns(again.engine)
    again.close()
