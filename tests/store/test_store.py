"""Saved assessments: the migrations make the table the model describes, and rows keep what
explains a result later (answers, result, trace, rules hash and edition)."""

from __future__ import annotations

import datetime as dt
import json

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


def test_every_result_is_kept_as_a_dated_version(url, advisor):
    store = Store(url)
    row = store.create(WALES_PHARMACY)
    assert store.versions(row.id) == []
    first = run_assessment(advisor, store, row.id)
    run_assessment(advisor, store, row.id)  # the same answers and rules: no new version
    assert [v.number for v in store.versions(row.id)] == [1]
    changed = {**WALES_PHARMACY, "member_practices": 9}
    store.update(row.id, answers=changed, editing=True)
    assert store.get(row.id).result == first.result, "kept until a new result is made"
    second = run_assessment(advisor, store, row.id)
    assert second.editing is False
    one, two = Store(url).versions(row.id)
    assert (one.number, two.number) == (1, 2)
    assert one.answers == WALES_PHARMACY
    assert two.answers == changed
    assert one.result == first.result
    assert two.result == second.result
    assert one.created <= two.created
    assert two.created.tzinfo is not None
    assert two.rules_hash == advisor.policy.version
    assert store.versions("no-such-id") == []


def test_read_tokens_are_their_own_and_find_only_by_read_token(url):
    store = Store(url)
    rows = [store.create({}) for _ in range(5)]
    tokens = {r.read_token for r in rows}
    assert len(tokens) == 5
    assert not tokens & {r.id for r in rows}
    assert all(len(t) >= 22 for t in tokens), "128 random bits"
    assert store.by_read_token(rows[0].read_token).id == rows[0].id
    assert store.by_read_token(rows[0].id) is None
    assert store.get(rows[0].read_token) is None


def test_the_versions_migration_keeps_saved_results_and_goes_down_and_up(url, advisor):
    """A result saved before versions existed becomes version 1 with a read token of its own;
    going down to 0002 drops both and keeps the row; going up again makes them again."""
    from alembic import command

    store = Store(url)
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection=connection), "0002_trace_and_release")
    assert "read_token" not in columns(store.engine)
    assert not sa.inspect(store.engine).has_table("assessment_versions")
    old = sa.Table("assessments", sa.MetaData(), autoload_with=store.engine)
    saved = advisor.recommend(WALES_PHARMACY, what_if=False)
    with store.engine.begin() as connection:
        for ident, result in (("run", json.loads(saved.to_json())), ("draft", None)):
            connection.execute(
                old.insert(),
                {
                    "id": ident,
                    "created": dt.datetime(2026, 1, 2),
                    "updated": dt.datetime(2026, 1, 3),
                    "answers": WALES_PHARMACY,
                    "result": result,
                    "rules_hash": "h",
                },
            )
    store.close()
    again = Store(url)
    assert again.revision() == head()
    run, draft = again.get("run"), again.get("draft")
    assert run.read_token != draft.read_token
    assert len(run.read_token) >= 22
    (version,) = again.versions("run")
    assert version.number == 1
    assert version.created == dt.datetime(2026, 1, 3, tzinfo=dt.UTC)
    assert version.answers == WALES_PHARMACY
    assert version.rules_hash == "h"
    assert (
        stored_result(run).organisational_form.recommended == saved.organisational_form.recommended
    )
    assert again.versions("draft") == []
    with again.engine.begin() as connection:
        command.downgrade(alembic_config(connection=connection), "0002_trace_and_release")
    assert "read_token" not in columns(again.engine)
    with again.engine.begin() as connection:
        command.upgrade(alembic_config(connection=connection), "head")
    assert len(again.versions("run")) == 1
    again.close()
