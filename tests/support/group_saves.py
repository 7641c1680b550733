"""Practices of one group saving their answers at the same moment: nothing may be lost.

Used on SQLite (tests/store/test_groups.py) and PostgreSQL (tests/store/test_postgres.py).
"""

from __future__ import annotations

import threading

from formadvisor.store.database import Store
from formadvisor.store.groups import Groups

PRACTICES = 4
ROUNDS = 3


def answers_of(practice: int, round_: int, take: int) -> dict:
    """A distinct answer document per practice, round and take (a practice saving twice)."""
    return {
        "profit_intent": "reinvest" if practice % 2 else "distribute_to_members",
        "risk_appetite": ("low", "medium", "high")[(practice + round_) % 3],
        "priority": ("speed", "low_cost")[take],
        "note_round": round_,  # the store keeps any mapping: the API checks answers
    }


def save_at_once(store: Store) -> None:
    """Each round: every practice saves at once, and practice 0 saves twice at the same time
    (two different answers). Afterwards every practice holds its own answers of that round,
    practice 0 one of its two whole (never a mix), and no save raised or returned False."""
    groups = Groups(store)
    made = groups.create("Busy group", {"nation": "wales"}, [f"P{i}" for i in range(PRACTICES)])
    tokens = [token for _, token in made.practices]
    for round_ in range(ROUNDS):
        jobs = [(i, 0) for i in range(PRACTICES)] + [(0, 1)]
        results, failures = _at_once(store, made.id, tokens, round_, jobs)
        assert not failures, failures
        assert results == [True] * len(jobs)
        record = groups.load(made.id)
        assert record is not None
        for i, p in enumerate(record.practices):
            assert p.answered_at is not None
            assert p.rules_hash == "hash"
            if i == 0:
                assert p.answers in (answers_of(0, round_, 0), answers_of(0, round_, 1))
            else:
                assert p.answers == answers_of(i, round_, 0)
    # one after the other, the last save wins
    groups.save_practice(made.id, tokens[0], answers_of(0, 9, 0))
    groups.save_practice(made.id, tokens[0], answers_of(0, 9, 1))
    record = groups.load(made.id)
    assert record is not None
    assert record.practices[0].answers == answers_of(0, 9, 1)


def _at_once(
    store: Store, group_id: str, tokens: list[str], round_: int, jobs: list[tuple[int, int]]
) -> tuple[list[bool], list[BaseException]]:
    """Run each (practice, take) save in its own thread, all released at the same moment."""
    start = threading.Barrier(len(jobs))
    failures: list[BaseException] = []
    results: list[bool] = []

    def save(practice: int, take: int) -> None:
        try:
            start.wait()
            saved = Groups(store).save_practice(
                group_id, tokens[practice], answers_of(practice, round_, take), "hash"
            )
            results.append(saved)
        except BaseException as e:
            failures.append(e)

    threads = [threading.Thread(target=save, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, failures
