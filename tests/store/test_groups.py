"""Saved groups: links of 256 random bits kept only as hashes, what each link may do, the
migration from 0003 (assessments kept), and practices saving at the same moment (SQLite here,
PostgreSQL in test_postgres.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command

from formadvisor.store.database import Store, alembic_config
from formadvisor.store.groups import Groups, token_hash
from tests.support.data import WALES_PHARMACY
from tests.support.group_saves import save_at_once

SHARED = {"nation": "wales", "services": []}


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'groups.sqlite3'}")
    yield store
    store.close()


def test_every_link_is_its_own_long_random_token_kept_only_as_a_hash(store, tmp_path):
    groups = Groups(store)
    made = groups.create("Cluster", SHARED, ["A", "B", "C"])
    tokens = [made.organiser_token, made.read_token, *(t for _, t in made.practices)]
    assert len(set(tokens)) == 5
    assert made.id not in tokens
    assert all(len(t) >= 43 for t in tokens)  # token_urlsafe(32): 256 bits
    assert [n for n, _ in made.practices] == ["A", "B", "C"]
    other = groups.create("Cluster", SHARED, ["A", "B", "C"])
    assert not set(tokens) & {
        other.organiser_token,
        other.read_token,
        *(t for _, t in other.practices),
    }
    store.close()  # the write-ahead log is now in the file
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("groups.sqlite3*"))
    for token in tokens:
        assert token.encode() not in raw  # a leaked database leaks no link
    assert token_hash(made.read_token).encode() in raw


def test_each_link_has_its_role_and_only_in_its_own_group(store):
    groups = Groups(store)
    made = groups.create("Cluster", SHARED, ["A", "B"])
    other = groups.create("Other", SHARED, ["C"])
    assert groups.role(made.id, made.organiser_token) == "organiser"
    assert groups.role(made.id, made.read_token) == "read"
    assert groups.role(made.id, made.practices[1][1]) == "practice"
    for wrong in ("", "x", made.organiser_token[:-1], other.organiser_token, other.practices[0][1]):
        assert groups.role(made.id, wrong) is None
    assert groups.role("no-such-group", made.organiser_token) is None
    assert groups.practice(made.id, made.practices[1][1]).name == "B"
    assert groups.practice(made.id, made.read_token) is None


def test_a_practice_link_changes_only_its_own_answers(store):
    groups = Groups(store)
    made = groups.create("Cluster", SHARED, ["A", "B"])
    (_, a), (_, b) = made.practices
    assert groups.save_practice(made.id, a, {"profit_intent": "reinvest"}, "h1", "2026.12")
    for token in (made.organiser_token, made.read_token, "made-up"):
        assert not groups.save_practice(made.id, token, {"profit_intent": "distribute_to_members"})
    other = groups.create("Other", SHARED, ["A"])
    assert not groups.save_practice(other.id, b, {"profit_intent": "distribute_to_members"})
    record = groups.load(made.id)
    first, second = record.practices
    assert first.answers == {"profit_intent": "reinvest"}
    assert (first.rules_hash, first.rules_release) == ("h1", "2026.12")
    assert first.answered_at.tzinfo is not None
    assert second.answers is None
    assert second.answered_at is None
    assert [p.name for p in record.practice_answers()] == ["A", "B"]
    assert groups.load(other.id).practices[0].answers is None


def test_only_the_organiser_changes_the_facts(store):
    groups = Groups(store)
    made = groups.create("Cluster", SHARED, ["A"])
    for token in (made.read_token, made.practices[0][1], "made-up"):
        assert not groups.set_shared(made.id, token, {"nation": "england"})
    assert groups.load(made.id).shared == SHARED
    assert groups.set_shared(made.id, made.organiser_token, {"nation": "england"})
    assert groups.load(made.id).shared == {"nation": "england"}
    assert groups.load("no-such-group") is None
    with pytest.raises(ValueError, match="same name"):
        groups.create("Twice", SHARED, ["A", "A"])


def test_the_groups_migration_keeps_assessments_and_goes_down_and_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    store = Store(url)
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection=connection), "0003_read_token_and_versions")
    assert not sa.inspect(store.engine).has_table("groups")
    row = store.create(WALES_PHARMACY)  # saved under 0003
    store.close()
    again = Store(url)  # upgrades to head
    assert again.get(row.id).answers == WALES_PHARMACY
    assert again.get(row.id).read_token == row.read_token
    made = Groups(again).create("Cluster", SHARED, ["A"])
    assert Groups(again).save_practice(made.id, made.practices[0][1], {"risk_appetite": "low"})
    with again.engine.begin() as connection:
        command.downgrade(alembic_config(connection=connection), "0003_read_token_and_versions")
    assert not sa.inspect(again.engine).has_table("group_practices")
    assert again.get(row.id).answers == WALES_PHARMACY
    with again.engine.begin() as connection:
        command.upgrade(alembic_config(connection=connection), "head")
    assert Groups(again).load(made.id) is None  # going down drops the groups
    again.close()


def test_practices_saving_at_the_same_moment_lose_nothing_on_sqlite(store):
    started = dt.datetime.now()
    save_at_once(store)
    assert (dt.datetime.now() - started).total_seconds() < 30
