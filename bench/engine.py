"""Engine benchmark: evaluations per second on durable_rules and on the plain reading.

Both run in one process on the same answer sets, so the ratio is meaningful on a noisy machine.
Writes bench/results.json and prints a table. Run with `make bench`.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import statistics
import time
from pathlib import Path

from formadvisor.answers import validate_answers
from formadvisor.checks import load_policy
from formadvisor.plan import evaluate
from formadvisor.randomised import random_answers
from formadvisor.recommend import Advisor
from formadvisor.reference import ReferenceEngine

ROOT = Path(__file__).resolve().parents[1]
ANSWER_SETS = 500
DAY = dt.date(2026, 11, 23)


def timed(fn, items) -> list[float]:
    gc.collect()
    gc.disable()
    try:
        out = []
        for item in items:
            start = time.perf_counter()
            fn(item)
            out.append(time.perf_counter() - start)
        return out
    finally:
        gc.enable()


def summary(name: str, seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "name": name,
        "n": len(seconds),
        "per_second": round(len(seconds) / sum(seconds), 1),
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 3),
    }


def main() -> None:
    policy = load_policy(ROOT / "rules")
    advisor = Advisor(policy)
    reference = ReferenceEngine(policy)
    rng = random.Random(7)
    answers = [
        validate_answers(policy.questionnaire, random_answers(policy.questionnaire, rng))
        for _ in range(ANSWER_SETS)
    ]
    for a in answers[:50]:  # warm up
        advisor.trace(a, DAY)
    rows = [
        summary("durable_rules: one answer set", timed(lambda a: advisor.trace(a, DAY), answers)),
        summary(
            "plain reading: one answer set",
            timed(lambda a: evaluate(policy, a, reference, DAY), answers),
        ),
        summary(
            "recommendation with what-if",
            timed(lambda a: advisor.recommend(a, as_of=DAY), answers[:100]),
        ),
    ]
    start = time.perf_counter()
    for _ in range(5):
        Advisor(policy).close()
    compile_ms = (time.perf_counter() - start) / 5 * 1000
    advisor.close()
    services = statistics.mean(len(a.services) for a in answers)
    result = {
        "rules": len(policy.rules),
        "mean_services_per_answer_set": round(services, 2),
        "compile_ms": round(compile_ms, 2),
        "rows": rows,
        "durable_to_plain_ratio": round(rows[0]["median_ms"] / rows[1]["median_ms"], 1),
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{len(policy.rules)} rules, {services:.1f} services per answer set on average, "
        f"compile {compile_ms:.1f} ms"
    )
    print(f"{'measure':<36} {'n':>5} {'per s':>9} {'median ms':>10} {'p99 ms':>9}")
    for r in rows:
        print(
            f"{r['name']:<36} {r['n']:>5} {r['per_second']:>9} {r['median_ms']:>10} "
            f"{r['p99_ms']:>9}"
        )
    print(f"durable / plain reading (median): {result['durable_to_plain_ratio']}×")


if __name__ == "__main__":
    main()
