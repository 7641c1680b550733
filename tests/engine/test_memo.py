"""The engine's memo of durable's output per stratum (issue 15, item 2; engine/memo.py).

On and off give byte-identical recommendations; a what-if alternative opens sessions only for
the strata that read what it changes; the memo is bounded and dropped with its rulesets.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from contextlib import closing
from pathlib import Path

import pytest

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.results import trace_json
from formadvisor.engine.durable import DurableEngine, EngineError
from formadvisor.engine.evaluate import evaluate_document
from formadvisor.engine.memo import StratumMemo
from formadvisor.engine.randomised import random_answers
from formadvisor.engine.reading import PlainReading
from formadvisor.rules.checks import load_policy
from formadvisor.rules.yamlfile import read_yaml
from formadvisor.web.live import Live

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def policy():
    return load_policy(ROOT / "rules")


def _docs(policy, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    docs = [read_yaml(f).data for f in sorted((ROOT / "examples").glob("*.yaml"))]
    docs += [random_answers(policy.questionnaire, rng) for _ in range(n)]
    return json.loads(json.dumps(docs, default=str))


def _text(advisor: Advisor, doc: dict, as_of: dt.date = DAY) -> str:
    rec, trace = advisor.recommend_traced(doc, as_of)
    return rec.to_json() + json.dumps(trace_json(trace))


def test_memo_on_and_off_give_byte_identical_recommendations(policy):
    """The examples and 200 seeded random answer sets, with what-if: one engine with the memo
    (kept across all of them, and run twice, the second time in another order) against one
    without."""
    docs = _docs(policy, 200, seed=20261206)
    with (
        closing(Advisor(policy, DurableEngine(policy, memo=False))) as off,
        closing(Advisor(policy, DurableEngine(policy, memo=True))) as on,
    ):
        want = [_text(off, d) for d in docs]
        assert [_text(on, d) for d in docs] == want
        order = list(range(len(docs)))[:60]
        random.Random(3).shuffle(order)
        assert [_text(on, docs[i]) for i in order] == [want[i] for i in order]
        assert on.backend.memo.hits > on.backend.memo.misses  # it was used, not bypassed


def test_an_alternative_opens_sessions_only_for_strata_that_read_what_it_changes(policy):
    doc = _docs(policy, 0, 0)[0]  # an example with services
    assert doc["services"]
    with closing(Advisor(policy, DurableEngine(policy, memo=True))) as advisor:
        memo = advisor.backend.memo
        advisor.trace(advisor.validate(doc), DAY)
        strata = memo.misses
        # a service's answer that some rule reads and the group's first stratum does not
        other = json.loads(json.dumps(doc))
        group = set(memo.reads[("organisation", 0)])
        question = next(
            q
            for q in policy.questionnaire.service_questions
            if q.type == "boolean"
            and any(f"service.{q.id}" in r for r in memo.reads.values())
            and f"any_service.{q.id}" not in group
        )
        other["services"][0][question.id] = not other["services"][0].get(question.id, False)
        before_hits, before_misses = memo.hits, memo.misses
        advisor.trace(advisor.validate(other), DAY)
        changed = {f"service.{question.id}", f"any_service.{question.id}"}
        blind = [  # group strata that read neither (nor, at level 0, a derived fact)
            k
            for k, refs in memo.reads.items()
            if k == ("organisation", 0) and not changed & set(refs)
        ]
        assert memo.hits - before_hits >= max(1, len(blind))  # those open no session
        assert memo.misses - before_misses < strata  # fewer sessions than a fresh evaluation
        # the same answers again: no session at all
        before_misses = memo.misses
        advisor.trace(advisor.validate(other), DAY)
        assert memo.misses == before_misses


def test_the_key_is_the_facts_the_stratum_reads_and_nothing_else(policy):
    engine = DurableEngine(policy, memo=True)
    try:
        memo = engine.memo
        (scope, level), refs = next((k, r) for k, r in memo.reads.items() if r)
        facts = {ref: (1,) for ref in refs}
        a = memo.key(scope, level, {**facts, "not.read.by.it": (True,)})
        assert a == memo.key(scope, level, facts)
        assert a != memo.key(scope, level, {**facts, refs[0]: (2,)})
        assert a != memo.key(scope, level + 1, facts)
    finally:
        engine.close()


def test_the_memo_is_bounded_in_entries_and_bytes():
    memo = StratumMemo({("organisation", 0): ["a", "b"]}, entries=10, budget=20_000)
    for i in range(1000):
        key = memo.key("organisation", 0, {"a": (i,), "b": ("x",)})
        memo.put(key, [("r1", {"a": (i,)}), ("r2", {})])
        assert len(memo) <= 10
        assert memo.estimated_bytes <= 20_000
    assert memo.get(memo.key("organisation", 0, {"a": (999,), "b": ("x",)})) == [
        ("r1", {"a": (999,)}),
        ("r2", {}),
    ]
    assert memo.get(memo.key("organisation", 0, {"a": (0,), "b": ("x",)})) is None  # dropped
    small = StratumMemo({("organisation", 0): ["a"]}, entries=100, budget=3_000)
    for i in range(100):
        small.put(small.key("organisation", 0, {"a": (i,)}), [("r", {"a": (i,)})])
    assert small.estimated_bytes <= 3_000
    assert len(small) < 100


def test_a_kept_output_is_a_copy_its_reader_may_change(policy):
    memo = StratumMemo({("organisation", 0): ["a"]})
    key = memo.key("organisation", 0, {"a": (1,)})
    memo.put(key, [("r", {"a": (1,)})])
    first = memo.get(key)
    first[0][1]["a"] = (2,)
    assert memo.get(key) == [("r", {"a": (1,)})]


def test_the_memo_is_dropped_with_its_rulesets_on_reload(policy):
    doc = _docs(policy, 0, 0)[0]
    live = Live.of(Advisor(policy))
    try:
        old = live.advisor
        with live.use() as pinned:
            pinned.trace(pinned.validate(doc), DAY)
            assert len(old.backend.memo) > 0
            live.swap(Advisor(load_policy(ROOT / "rules")))
            assert len(old.backend.memo) > 0  # still serving the request that pinned it
        assert len(old.backend.memo) == 0  # closed after that request: dropped with it
        with pytest.raises(EngineError):
            old.trace(old.validate(doc), DAY)
        new = live.advisor
        assert len(new.backend.memo) == 0  # a new engine starts empty
        new.trace(new.validate(doc), DAY)
        assert new.backend.memo.misses > 0
        assert new.backend.memo.hits == 0
    finally:
        live.close()


def test_the_screen_keeps_the_plain_readings_output_the_same_way(policy):
    docs = _docs(policy, 30, seed=4)
    with_memo, without = PlainReading(policy, memo=True), PlainReading(policy)
    for doc in docs * 2:
        assert (
            evaluate_document(policy, doc, with_memo, DAY).rule_ids()
            == evaluate_document(policy, doc, without, DAY).rule_ids()
        )
    assert with_memo.memo.hits >= with_memo.memo.misses
