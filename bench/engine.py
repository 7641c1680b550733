"""Engine benchmark: durable_rules beside the plain reading and zen-engine, in one run.

Every engine evaluates the same answer sets through the same `plan.evaluate`, so the ratios
are meaningful on a noisy machine. Policies: the repository's rules and synthetic ones of 200
and 1,000 rules (bench/synthetic.py); zen-engine gets an equivalent decision table per stratum
(bench/zen_table.py), and the run fails if any engine fires other rules than the plain reading.
Also: cost by services per answer set, a full recommendation with what-if (fast and naive),
compile time, and with `--memory N` the RSS growth over N evaluations.

Writes its own sections ("engine", "engine_memory") of bench/results.json, leaving the
others (the HTTP benchmark's) as they are, and prints a table. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # tests.support: the naive what-if, the test oracle

from synthetic import synthetic_policy  # noqa: E402
from tests.support.oracles import what_if_naive  # noqa: E402
from zen_table import ZenBackend  # noqa: E402

from formadvisor.advice.advisor import Advisor  # noqa: E402
from formadvisor.advice.answers import validate_answers  # noqa: E402
from formadvisor.engine.durable import DurableEngine  # noqa: E402
from formadvisor.engine.evaluate import evaluate  # noqa: E402
from formadvisor.engine.randomised import random_answers  # noqa: E402
from formadvisor.engine.reading import PlainReading  # noqa: E402
from formadvisor.rules.checks import load_policy  # noqa: E402
from formadvisor.rules.policy import Policy  # noqa: E402

ROOT = HERE.parent
RESULTS = HERE / "results.json"
DAY = dt.date(2026, 11, 23)
TARGET_PER_SECOND = 2000  # issue 6: evaluations per second per process on the real policy
TARGET_RSS_MB = 10  # issue 6: RSS growth per 100,000 evaluations


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


def summary(name: str, seconds: list[float], **extra) -> dict:
    ordered = sorted(seconds)
    return {
        "name": name,
        "n": len(seconds),
        "per_second": round(len(seconds) / sum(seconds), 1),
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000, 3),
        **extra,
    }


def answer_sets(policy: Policy, n: int, services: int | None = None, seed: int = 7) -> list:
    """`n` random valid answer sets; with `services`, each has exactly that many services."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        doc = random_answers(policy.questionnaire, rng, max_services=services or 4)
        if services is not None:
            if len(doc["services"]) < services:
                continue
            doc["services"] = doc["services"][:services]
        out.append(validate_answers(policy.questionnaire, doc))
    return out


def compare_engines(label: str, policy: Policy, n: int) -> tuple[list[dict], dict]:
    """durable, plain and zen on the same answer sets; checks they fire the same rules."""
    start = time.perf_counter()
    durable = DurableEngine(policy)
    compile_ms = (time.perf_counter() - start) * 1000
    engines = {
        "durable_rules": durable,
        "plain": PlainReading(policy),
        "zen": ZenBackend(policy),
    }
    answers = answer_sets(policy, n)
    want = [evaluate(policy, a, engines["plain"], DAY).rule_ids() for a in answers]
    for name, engine in engines.items():
        got = [evaluate(policy, a, engine, DAY).rule_ids() for a in answers]  # also warms up
        if got != want:
            raise SystemExit(f"{label}: {name} fires other rules than the plain reading")
    rows = []
    for name, engine in engines.items():
        seconds = timed(lambda a, e=engine: evaluate(policy, a, e, DAY), answers)
        rows.append(summary(f"{label}: {name}", seconds, policy=label, engine=name))
    durable.close()
    by = {r["engine"]: r for r in rows}
    fired = statistics.mean(len(w) for w in want)
    ratios = {
        "policy": label,
        "rules": len(policy.rules),
        "rules_fired_mean": round(fired, 1),
        "compile_ms": round(compile_ms, 1),
        "durable_per_s_over_zen": round(
            by["durable_rules"]["per_second"] / by["zen"]["per_second"], 2
        ),
        "durable_per_s_over_plain": round(
            by["durable_rules"]["per_second"] / by["plain"]["per_second"], 2
        ),
    }
    return rows, ratios


def by_services(policy: Policy, advisor: Advisor, n: int) -> list[dict]:
    rows = []
    reference = PlainReading(policy)
    for count in (0, 1, 4, 8):
        answers = answer_sets(policy, n, services=count, seed=11 + count)
        for a in answers[:10]:
            advisor.trace(a, DAY)
        durable = timed(lambda a: advisor.trace(a, DAY), answers)
        plain = timed(lambda a: evaluate(policy, a, reference, DAY), answers)
        rows.append(summary(f"{count} services: durable_rules", durable, services=count))
        rows.append(summary(f"{count} services: plain", plain, services=count))
    return rows


def what_if(policy: Policy, advisor: Advisor, n: int) -> list[dict]:
    answers = answer_sets(policy, n, seed=5)
    fast = timed(lambda a: advisor.recommend(a, as_of=DAY), answers)

    def naive(a) -> None:
        list(what_if_naive(advisor, a, DAY))

    few = answers[: max(1, n // 3)]
    slow = timed(naive, few)
    same = timed(lambda a: advisor.recommend(a, as_of=DAY), few)
    return [
        summary("recommendation with what-if", fast),
        summary("  the same, on the naive what-if's answer sets", same),
        summary("what-if the naive way (durable per alternative)", slow),
    ]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(policy: Policy, evaluations: int) -> dict:
    """RSS before and after `evaluations` evaluations of the real policy (after a warm-up)."""
    advisor = Advisor(policy)
    answers = answer_sets(policy, 500, seed=13)
    for a in answers * 2:
        advisor.trace(a, DAY)
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    for i in range(evaluations):
        advisor.trace(answers[i % len(answers)], DAY)
    seconds = time.perf_counter() - start
    gc.collect()
    after = rss_mb()
    advisor.close()
    growth = after - before
    return {
        "evaluations": evaluations,
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "growth_mb": round(growth, 2),
        "growth_mb_per_100k": round(growth * 100_000 / evaluations, 2),
        "target_mb_per_100k": TARGET_RSS_MB,
        "met": growth * 100_000 / evaluations < TARGET_RSS_MB,
        "per_second": round(evaluations / seconds, 1),
    }


def write_sections(sections: dict) -> None:
    """Replace only these sections of bench/results.json; keep the others."""
    try:
        results = json.loads(RESULTS.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        results = {}
    if not isinstance(results, dict) or "rows" in results:  # the old one-section layout
        results = {}
    results.update(sections)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def print_rows(rows: list[dict]) -> None:
    print(f"{'measure':<52} {'n':>6} {'per s':>9} {'median ms':>10} {'p99 ms':>9}")
    for r in rows:
        print(
            f"{r['name']:<52} {r['n']:>6} {r['per_second']:>9} {r['median_ms']:>10} "
            f"{r['p99_ms']:>9}"
        )


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count")
    parser.add_argument("--memory", type=int, default=0, help="evaluations for the RSS run")
    parser.add_argument("--sizes", default="200,1000", help="synthetic policy sizes")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--memory-only", action="store_true", help="only the RSS run")
    args = parser.parse_args(argv)
    n = lambda k: max(3, int(k * args.scale))  # noqa: E731
    policy = load_policy(ROOT / "rules")
    sections: dict = {}
    if args.memory_only:
        sections["engine_memory"] = m = memory(policy, args.memory)
        print(f"RSS over {m['evaluations']} evaluations: {json.dumps(m)}")
        if not args.no_write:
            write_sections(sections)
        return sections
    rows, ratios = compare_engines("real", policy, n(400))
    all_ratios = [ratios]
    for size in (int(s) for s in args.sizes.split(",") if s):
        more, r = compare_engines(
            f"synthetic {size}", synthetic_policy(policy, size), n(400 if size <= 200 else 150)
        )
        rows += more
        all_ratios.append(r)
    advisor = Advisor(policy)
    service_rows = by_services(policy, advisor, n(150))
    what_if_rows = what_if(policy, advisor, n(40))
    advisor.close()
    real_durable = next(r for r in rows if r["name"] == "real: durable_rules")
    sections["engine"] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engines": rows,
        "ratios": all_ratios,
        "by_services": service_rows,
        "what_if": what_if_rows,
        "targets": {
            "durable_at_least_zen": {
                r["policy"]: r["durable_per_s_over_zen"] >= 1 for r in all_ratios
            },
            "real_per_second": real_durable["per_second"],
            "real_per_second_target": TARGET_PER_SECOND,
            "real_per_second_met": real_durable["per_second"] >= TARGET_PER_SECOND,
        },
    }
    if args.memory:
        sections["engine_memory"] = memory(policy, args.memory)
    print_rows(rows)
    print()
    head = ("policy", "rules", "fired", "compile ms", "durable/zen", "durable/plain")
    print(f"{head[0]:<16} {head[1]:>6} {head[2]:>6} {head[3]:>11} {head[4]:>12} {head[5]:>14}")
    for r in all_ratios:
        print(
            f"{r['policy']:<16} {r['rules']:>6} {r['rules_fired_mean']:>6} {r['compile_ms']:>11} "
            f"{r['durable_per_s_over_zen']:>12} {r['durable_per_s_over_plain']:>14}"
        )
    print()
    print_rows(service_rows + what_if_rows)
    if "engine_memory" in sections:
        m = sections["engine_memory"]
        print(
            f"\nRSS over {m['evaluations']} evaluations: {m['rss_before_mb']} → "
            f"{m['rss_after_mb']} MB ({m['growth_mb_per_100k']} MB per 100k; "
            f"target < {TARGET_RSS_MB})"
        )
    if not args.no_write:
        write_sections(sections)
    return sections


if __name__ == "__main__":
    main()
