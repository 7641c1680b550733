"""The benchmark's own code: synthetic policies are valid, zen's table is equivalent, it runs.

Nothing here is timed; the benchmark itself is `make bench`.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import pytest

from formadvisor.advice.answers import validate_answers
from formadvisor.engine.compiler import RULES_PER_SENTINEL, compile_policy
from formadvisor.engine.durable import DurableEngine
from formadvisor.engine.evaluate import evaluate
from formadvisor.engine.randomised import random_answers
from formadvisor.engine.reading import PlainReading

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from synthetic import synthetic_policy  # noqa: E402
from zen_table import ZenBackend  # noqa: E402

import engine as bench_engine  # noqa: E402

DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("size", [200, 1000])
def test_synthetic_policies_are_valid_and_every_engine_agrees(policy, size):
    synthetic = synthetic_policy(policy, size)
    assert len(synthetic.rules) == size
    assert len({pr.rule.id for pr in synthetic.rules}) == size
    compiled = compile_policy(synthetic)  # raises RulesInvalid if any limit is passed
    biggest = max(len(d) for d in compiled.definitions.values())
    if size == 1000:  # more rules in a stratum than one sentinel may serve
        assert biggest > RULES_PER_SENTINEL
        assert max(compiled.sentinels.values()) > 1
    durable, plain = DurableEngine(synthetic, compiled), PlainReading(synthetic)
    zen = ZenBackend(synthetic)
    rng = random.Random(size)
    fired = 0
    try:
        for _ in range(25):
            answers = validate_answers(
                synthetic.questionnaire, random_answers(synthetic.questionnaire, rng)
            )
            want = evaluate(synthetic, answers, plain, DAY).rule_ids()
            assert evaluate(synthetic, answers, durable, DAY).rule_ids() == want
            assert evaluate(synthetic, answers, zen, DAY).rule_ids() == want
            fired += len(want)
    finally:
        durable.close()
    assert fired > 0


def test_zen_table_fires_what_the_plain_reading_does_on_the_real_rules(policy):
    zen, plain = ZenBackend(policy), PlainReading(policy)
    rng = random.Random(3)
    for _ in range(40):
        answers = validate_answers(policy.questionnaire, random_answers(policy.questionnaire, rng))
        for day in (DAY, dt.date(2019, 1, 1)):
            got = evaluate(policy, answers, zen, day).rule_ids()
            assert got == evaluate(policy, answers, plain, day).rule_ids()


def test_the_benchmark_runs_on_a_tiny_size(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_engine, "RESULTS", tmp_path / "results.json")
    (tmp_path / "results.json").write_text('{"http": {"kept": true}}')
    sections = bench_engine.main(["--scale", "0.01", "--sizes", "200", "--memory", "50"])
    engine = sections["engine"]
    assert [r["policy"] for r in engine["ratios"]] == ["real", "synthetic 200"]
    assert {r["engine"] for r in engine["engines"]} == {
        "durable_rules",
        "durable_rules, no memo",
        "durable_rules, memo warm",
        "floor",
        "plain",
        "zen",
    }
    assert {r["engine"] for r in engine["what_if"]} >= {"durable", "plain", "zen"}
    assert all(isinstance(t["met"], bool) for t in engine["targets"].values())
    assert len(engine["targets"]) == 5  # zen per policy (2), the floor, what-if (2)
    assert {r["services"] for r in engine["by_services"]} == {0, 1, 4, 8}
    assert sections["engine_memory"]["evaluations"] == 50
    written = bench_engine.json.loads((tmp_path / "results.json").read_text())
    assert written["http"] == {"kept": True}  # another benchmark's section is left alone
    assert written["engine"]["ratios"] == engine["ratios"]


def test_the_search_benchmark_counts_what_it_searched(tmp_path, monkeypatch):
    import search as bench_search

    monkeypatch.setattr(bench_engine, "RESULTS", tmp_path / "results.json")
    section = bench_search.main(["--samples", "300", "--workers", "1"])
    assert section["searched"] == 300
    assert section["answer_space_size"] > 300  # sampled, not exhaustive, on the real rules
    written = bench_engine.json.loads((tmp_path / "results.json").read_text())
    assert written["search"]["searched"] == 300


def test_the_explore_benchmark_times_each_answer_beside_the_baseline(tmp_path, monkeypatch):
    import explore as bench_explore

    monkeypatch.setattr(bench_engine, "RESULTS", tmp_path / "results.json")
    section = bench_explore.main(["--scale", "0.05"])
    measures = {r["measure"] for r in section["rows"]}
    assert measures == {
        "baseline",
        "what_if",
        "compare",
        "reach",
        "reach_random",
        "reach_after_recommendation",
    }
    assert all(r["n"] > 0 for r in section["rows"])
    assert len(section["targets"]) == 8  # what-if, compare, reach twice: median and p95 each
    written = bench_engine.json.loads((tmp_path / "results.json").read_text())
    assert written["explore"]["seeds"] == section["seeds"]
