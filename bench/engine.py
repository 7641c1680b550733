"""Engine benchmark: durable_rules beside the plain reading and zen-engine, in one run.

Every engine evaluates the same answer sets through the same `plan.evaluate`, timed in CPU time
of the benchmark's process, so the ratios are meaningful on a noisy machine. Policies: the
repository's rules and synthetic ones of 200 and 1,000 rules (bench/synthetic.py); zen-engine
gets an equivalent decision table per stratum (bench/zen_table.py), and the run fails if any
engine fires other rules than the plain reading. Also: cost by services per answer set, a full
recommendation with what-if (fast and naive), compile time, and with `--memory N` the RSS
growth over N evaluations.

Writes its own sections ("engine", "engine_memory") of bench/results.json, leaving the others
(the HTTP benchmark's) as they are, and prints a table. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
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
from tests.support.oracles import what_if_found, what_if_naive  # noqa: E402
from zen_table import ZenBackend  # noqa: E402

from formadvisor.advice.advisor import Advisor  # noqa: E402
from formadvisor.advice.answers import validate_answers  # noqa: E402
from formadvisor.advice.whatif import rank_what_ifs  # noqa: E402
from formadvisor.engine.durable import DurableEngine  # noqa: E402
from formadvisor.engine.evaluate import evaluate  # noqa: E402
from formadvisor.engine.randomised import random_answers  # noqa: E402
from formadvisor.engine.reading import PlainReading  # noqa: E402
from formadvisor.rules.checks import load_policy  # noqa: E402
from formadvisor.rules.policy import Policy  # noqa: E402

ROOT = HERE.parent
RESULTS = HERE / "results.json"
DAY = dt.date(2026, 11, 23)
TARGET_RSS_MB = 10  # issue 6: RSS growth per 100,000 evaluations


CLOCK = time.process_time  # this process's CPU (all its threads: zen-engine may use its own)


def timed(fn, items) -> list[float]:
    """Seconds of this process's CPU time for `fn(item)`, item by item. On a busy shared machine
    wall-clock times measure the scheduler (a 2 ms evaluation preempted for 20 ms); CPU time
    measures the work, so ratios between engines hold whatever else runs."""
    gc.collect()
    gc.disable()
    try:
        out = []
        for item in items:
            start = CLOCK()
            fn(item)
            out.append(CLOCK() - start)
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
    """durable, plain and zen on the same answer sets; checks they fire the same rules.

    The engines warm up (and are checked) on one set of answer sets and are timed on another,
    unseen one: durable's memo (engine/memo.py) starts the timed run knowing none of its
    answer sets ("cold"; a stratum that reads few facts still repeats), then the same sets run
    again ("warm", every stratum kept). durable without the memo, and the session floor (an
    empty session per stratum the evaluation opens: what durable costs before any rule fires)
    are measured on the same sets in the same run.
    """
    start = time.perf_counter()
    durable = DurableEngine(policy, memo=True)
    compile_ms = (time.perf_counter() - start) * 1000
    bare = DurableEngine(policy, memo=False)
    engines = {
        "durable_rules": durable,
        "durable_rules, no memo": bare,
        "plain": PlainReading(policy),
        "zen": ZenBackend(policy),
    }
    warm_up = answer_sets(policy, n, seed=7)
    answers = unseen(answer_sets(policy, n, seed=8), warm_up)
    for group in (warm_up, answers):
        want = [evaluate(policy, a, engines["plain"], DAY).rule_ids() for a in group]
        for name, engine in engines.items():
            if name == "durable_rules" and group is answers:
                continue  # timed cold below, then checked
            got = [evaluate(policy, a, engine, DAY).rule_ids() for a in group]
            if got != want:
                raise SystemExit(f"{label}: {name} fires other rules than the plain reading")
    rows = []
    for name, engine in engines.items():
        seconds = timed(lambda a, e=engine: evaluate(policy, a, e, DAY), answers)
        shown = f"{name} (memo cold: unseen sets)" if name == "durable_rules" else name
        rows.append(summary(f"{label}: {shown}", seconds, policy=label, engine=name))
    got = [evaluate(policy, a, durable, DAY).rule_ids() for a in answers]
    if got != want:
        raise SystemExit(f"{label}: durable_rules with its memo fires other rules")
    seconds = timed(lambda a: evaluate(policy, a, durable, DAY), answers)
    rows.append(
        summary(
            f"{label}: durable_rules (memo warm: same sets)",
            seconds,
            policy=label,
            engine="durable_rules, memo warm",
        )
    )
    floor = session_floor(bare, policy, answers)
    rows.append(summary(f"{label}: session floor", floor, policy=label, engine="floor"))
    durable.close()
    bare.close()
    by = {r["engine"]: r for r in rows}
    fired = statistics.mean(len(w) for w in want)
    per_s = by["durable_rules"]["per_second"]
    ratios = {
        "policy": label,
        "rules": len(policy.rules),
        "rules_fired_mean": round(fired, 1),
        "compile_ms": round(compile_ms, 1),
        "durable_per_s_over_zen": round(per_s / by["zen"]["per_second"], 2),
        "durable_per_s_over_plain": round(per_s / by["plain"]["per_second"], 2),
        "durable_per_s_over_floor": round(per_s / by["floor"]["per_second"], 2),
        "durable_no_memo_per_s_over_floor": round(
            by["durable_rules, no memo"]["per_second"] / by["floor"]["per_second"], 2
        ),
    }
    return rows, ratios


def unseen(answers: list, seen: list) -> list:
    """The answer sets of `answers` that are not in `seen` (distinct bodies for timing)."""
    known = {a.model_dump_json() for a in seen}
    return [a for a in answers if a.model_dump_json() not in known]


def session_floor(engine: DurableEngine, policy: Policy, answers: list) -> list[float]:
    """Per answer set, the time of the empty sessions its evaluation opens: one per group
    stratum and one per service stratum per service, each with only its sentinel facts
    (assert, run the agenda, delete), under the engine's lock as every session is."""
    from formadvisor.engine import durable as d

    cost: dict[tuple, float] = {}
    for key, stratum in engine._strata.items():
        times = []
        for _ in range(30):
            start = CLOCK()
            with d._LOCK:
                try:
                    engine._run(stratum, [], [])
                finally:
                    d.durable_rules_engine.delete_state(stratum.handle, d._SID)
            times.append(CLOCK() - start)
        cost[key] = statistics.median(times)
    group = sum(t for (scope, _), t in cost.items() if scope == "organisation")
    service = sum(t for (scope, _), t in cost.items() if scope == "service")
    return [group + service * len(getattr(a, "services", ())) for a in answers]


def by_services(policy: Policy, advisor: Advisor, n: int) -> list[dict]:
    rows = []
    reference = PlainReading(policy)
    for count in (0, 1, 4, 8):
        for a in answer_sets(policy, 10, services=count, seed=111 + count):
            advisor.trace(a, DAY)  # warm-up on other answer sets than those timed
        answers = answer_sets(policy, n, services=count, seed=11 + count)
        durable = timed(lambda a: advisor.trace(a, DAY), answers)
        plain = timed(lambda a: evaluate(policy, a, reference, DAY), answers)
        rows.append(summary(f"{count} services: durable_rules", durable, services=count))
        rows.append(summary(f"{count} services: plain", plain, services=count))
    return rows


def each_alternative(advisor: Advisor, answers) -> None:
    """A recommendation with what-if that evaluates every alternative once on the advisor's
    backend (no screen): what-if on an engine that is the only reading there is (zen)."""
    rank_what_ifs(advisor.policy, what_if_found(advisor, answers, DAY, only_read=True))


def what_if(policy: Policy, n: int) -> tuple[list[dict], dict]:
    """The same recommendation with what-if on each engine, on unseen answer sets, one run."""
    warm_up = answer_sets(policy, 5, seed=4)
    answers = unseen(answer_sets(policy, n, seed=5), warm_up)
    advisors = {
        "durable": Advisor(policy, DurableEngine(policy, memo=True)),
        "durable, no memo": Advisor(policy, DurableEngine(policy, memo=False)),
        "plain": Advisor(policy, PlainReading(policy)),
        "zen": Advisor(policy, ZenBackend(policy)),
    }
    for advisor in advisors.values():
        for a in warm_up:
            advisor.recommend(a, as_of=DAY)
    durable = advisors["durable"]
    want = [durable.recommend(a, as_of=DAY).to_json() for a in warm_up]
    if [advisors["plain"].recommend(a, as_of=DAY).to_json() for a in warm_up] != want:
        raise SystemExit("what-if: the plain reading recommends otherwise than durable_rules")
    durable.backend.memo.clear()  # type: ignore[attr-defined]
    rows = [
        summary(
            "what-if, durable_rules (memo cold: unseen sets)",
            timed(lambda a: durable.recommend(a, as_of=DAY), answers),
            engine="durable",
        ),
        summary(
            "what-if, durable_rules (memo warm: same sets)",
            timed(lambda a: durable.recommend(a, as_of=DAY), answers),
            engine="durable, memo warm",
        ),
        summary(
            "what-if, durable_rules without the memo",
            timed(lambda a: advisors["durable, no memo"].recommend(a, as_of=DAY), answers),
            engine="durable, no memo",
        ),
        summary(
            "what-if, plain reading alone",
            timed(lambda a: advisors["plain"].recommend(a, as_of=DAY), answers),
            engine="plain",
        ),
        summary(
            "what-if, zen-engine (one evaluation per alternative)",
            timed(lambda a: each_alternative(advisors["zen"], a), answers),
            engine="zen",
        ),
        summary(
            "what-if, plain (one evaluation per alternative)",
            timed(lambda a: each_alternative(advisors["plain"], a), answers),
            engine="plain, each alternative",
        ),
    ]
    few = answers[: max(1, n // 4)]
    rows.append(
        summary(
            "what-if the naive way (durable per alternative, full)",
            timed(lambda a: list(what_if_naive(advisors["durable, no memo"], a, DAY)), few),
            engine="naive",
        )
    )
    for advisor in advisors.values():
        advisor.close()
    by = {r["engine"]: r for r in rows}
    ratios = {
        "durable_median_over_plain_median": round(
            by["durable"]["median_ms"] / by["plain"]["median_ms"], 2
        ),
        "durable_median_over_zen_median": round(
            by["durable"]["median_ms"] / by["zen"]["median_ms"], 2
        ),
    }
    return rows, ratios


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
    advisor.close()
    what_if_rows, what_if_ratios = what_if(policy, n(40))
    real_durable = next(r for r in rows if r["engine"] == "durable_rules" and r["policy"] == "real")
    targets = {
        **{
            f"durable >= zen-engine, evaluations/s, {r['policy']}": (
                r["durable_per_s_over_zen"],
                r["durable_per_s_over_zen"] >= 1,
            )
            for r in all_ratios
        },
        "durable >= 75% of the session floor, evaluations/s, real": (
            all_ratios[0]["durable_per_s_over_floor"],
            all_ratios[0]["durable_per_s_over_floor"] >= 0.75,
        ),
        "what-if on durable <= 1.5x the plain reading alone (median)": (
            what_if_ratios["durable_median_over_plain_median"],
            what_if_ratios["durable_median_over_plain_median"] <= 1.5,
        ),
        "what-if on durable faster than on zen-engine (median)": (
            what_if_ratios["durable_median_over_zen_median"],
            what_if_ratios["durable_median_over_zen_median"] < 1,
        ),
    }
    sections["engine"] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average": round(os.getloadavg()[0], 2),
        "engines": rows,
        "ratios": all_ratios,
        "by_services": service_rows,
        "what_if": what_if_rows,
        "what_if_ratios": what_if_ratios,
        "real_per_second": real_durable["per_second"],
        "targets": {k: {"ratio": v, "met": met} for k, (v, met) in targets.items()},
    }
    if args.memory:
        sections["engine_memory"] = memory(policy, args.memory)
    print_rows(rows)
    print()
    head = ("policy", "rules", "fired", "compile ms", "durable/zen", "durable/plain")
    print(
        f"{head[0]:<16} {head[1]:>6} {head[2]:>6} {head[3]:>11} {head[4]:>12} {head[5]:>14} "
        f"{'durable/floor':>14} {'(no memo)':>10}"
    )
    for r in all_ratios:
        print(
            f"{r['policy']:<16} {r['rules']:>6} {r['rules_fired_mean']:>6} {r['compile_ms']:>11} "
            f"{r['durable_per_s_over_zen']:>12} {r['durable_per_s_over_plain']:>14} "
            f"{r['durable_per_s_over_floor']:>14} {r['durable_no_memo_per_s_over_floor']:>10}"
        )
    print()
    print_rows(service_rows + what_if_rows)
    print()
    for name, (ratio, met) in targets.items():
        print(f"{name:<64} {ratio:>6}  {'MET' if met else 'NOT MET'}")
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
