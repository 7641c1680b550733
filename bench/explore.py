"""The three answers that help a group decide, beside a recommendation with what-if, one run.

On answer sets no advisor here has seen (seeds of their own), each measure gets a fresh Advisor
(its durable_rules memo and its plain reading's memo empty: "memo cold"), warmed up on other
answer sets first, and is timed on the same unseen sets in CPU time (bench/engine.py's `timed`):

- a recommendation with what-if (what the result page and `formadvisor recommend` run): the
  baseline each of the others is held to;
- the ranked what-if on its own (every single change screened, confirmed and ranked), from the
  trace, rankings and plan of its recommendation (made first, not timed);
- compare: the recommended form beside the runner-up (advice/compare.py);
- reach: what it would take for the runner-up form, and for one option picked at random (a form,
  or a route of a random service: often out of reach, the search's worst case);
- reach after the recommendation of the same answers (the memo as the result page leaves it: what
  a user clicking "What would it take?" meets in the same process), reported beside, not judged.

Targets: each of the three (median and p95) within the recommendation with what-if's. Prints a
table and MET / NOT MET, and writes the "explore" section of bench/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from engine import DAY, answer_sets, timed, unseen, write_sections  # noqa: E402
from formadvisor.advice.action_plan import action_plan  # noqa: E402
from formadvisor.advice.advisor import Advisor, Alternatives  # noqa: E402
from formadvisor.advice.compare import compare  # noqa: E402
from formadvisor.advice.reach import reach  # noqa: E402
from formadvisor.rules.checks import load_policy  # noqa: E402
from formadvisor.rules.policy import Policy  # noqa: E402

ROOT = HERE.parent
WARM_UP_SEED, TIMED_SEED = 1601, 1602  # used by no other benchmark or test


def stats(name: str, seconds: list[float], **extra) -> dict:
    ordered = sorted(seconds)
    return {
        "name": name,
        "n": len(seconds),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        **extra,
    }


def runner_up(advisor: Advisor, answers) -> str | None:
    form, _, _ = advisor.ranker.ranked(advisor.trace(answers, DAY))
    eligible = [p.option for p in form.order if p.eligible]
    return eligible[1] if len(eligible) > 1 else None


def what_if_ready(advisor: Advisor, answers) -> Callable[[], object]:
    """The what-if a recommendation adds, ready to run alone: the trace, rankings and plan it
    starts from made first (not timed), then from its alternatives to the ranked list."""
    trace = advisor.trace(answers, DAY)
    form, services = advisor.rankings(answers, trace, deciders=False)
    routes = [s.contract_route.recommended for s in services]
    plan, _ = action_plan(advisor.policy, answers, DAY, form.recommended, routes)
    return lambda: advisor._what_if(
        answers, form, services, plan, Alternatives(advisor, answers, DAY)
    )


def ranked_what_if(policy: Policy, warm_up: list, answers: list) -> dict:
    """The ranked what-if alone, on a fresh advisor (its alternatives unseen: memo cold)."""
    advisor = Advisor(policy)
    try:
        for a in warm_up:
            what_if_ready(advisor, a)()
        ready = {id(a): what_if_ready(advisor, a) for a in answers}
        seconds = timed(lambda a: ready[id(a)](), answers)
        return stats("ranked what-if alone", seconds, measure="what_if")
    finally:
        advisor.close()


def measure(policy: Policy, name: str, warm_up: list, answers: list, fn: Callable, **extra) -> dict:
    """`fn(advisor, answers)` timed on a fresh advisor, warmed up on other answer sets."""
    advisor = Advisor(policy)
    try:
        for a in warm_up:
            fn(advisor, a)
        return stats(name, timed(lambda a: fn(advisor, a), answers), **extra)
    finally:
        advisor.close()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    policy = load_policy(ROOT / "rules")
    warm_up = answer_sets(policy, 5, seed=WARM_UP_SEED)
    answers = unseen(answer_sets(policy, max(5, int(60 * args.scale)), seed=TIMED_SEED), warm_up)
    probe = Advisor(policy)
    pairs = {id(a): runner_up(probe, a) for a in [*warm_up, *answers]}
    probe.close()
    with_runner_up = [a for a in answers if pairs[id(a)] is not None]
    rng = random.Random(TIMED_SEED)
    picked = {}
    for a in [*warm_up, *answers]:  # one option at random: a form, or a route of a service
        names = [s.name for s in a.services]
        if names and rng.random() < 0.5:
            picked[id(a)] = (rng.choice(policy.route_ids), rng.choice(names))
        else:
            picked[id(a)] = (rng.choice(policy.form_ids), None)

    def leader(advisor: Advisor, a) -> str:
        form, _, _ = advisor.ranker.ranked(advisor.trace(a, DAY))
        return form.order[0].option

    rows = [
        measure(
            policy,
            "recommendation with what-if (baseline)",
            warm_up,
            answers,
            lambda adv, a: adv.recommend(a, as_of=DAY),
            measure="baseline",
        ),
        ranked_what_if(policy, warm_up, answers),
        measure(
            policy,
            "compare: the leader and the runner-up",
            [a for a in warm_up if pairs[id(a)]],
            with_runner_up,
            lambda adv, a: compare(adv, a, leader(adv, a), pairs[id(a)], None, DAY),
            measure="compare",
        ),
        measure(
            policy,
            "reach: the runner-up form",
            [a for a in warm_up if pairs[id(a)]],
            with_runner_up,
            lambda adv, a: reach(adv, a, pairs[id(a)], None, DAY),
            measure="reach",
        ),
        measure(
            policy,
            "reach: an option at random",
            warm_up,
            answers,
            lambda adv, a: reach(adv, a, *picked[id(a)], DAY),
            measure="reach_random",
        ),
    ]
    rows.append(after_recommendation(policy, warm_up, with_runner_up, pairs))
    by = {r["measure"]: r for r in rows}
    base = by["baseline"]
    targets = {
        f"{by[m]['name']} <= the baseline ({stat})": (
            round(by[m][f"{stat}_ms"] / base[f"{stat}_ms"], 2),
            by[m][f"{stat}_ms"] <= base[f"{stat}_ms"],
        )
        for m in ("what_if", "compare", "reach", "reach_random")
        for stat in ("median", "p95")
    }
    section = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average": round(os.getloadavg()[0], 2),
        "clock": "CPU time of the benchmark's process (bench/engine.py's timed)",
        "seeds": {"warm_up": WARM_UP_SEED, "timed": TIMED_SEED},
        "rows": rows,
        "targets": {k: {"ratio": v, "met": met} for k, (v, met) in targets.items()},
    }
    print(f"{'measure (memo cold unless said)':<58} {'n':>4} {'median ms':>10} {'p95 ms':>8}")
    for r in rows:
        print(f"{r['name']:<58} {r['n']:>4} {r['median_ms']:>10} {r['p95_ms']:>8}")
    print()
    for name, (ratio, met) in targets.items():
        print(f"{name:<64} {ratio:>6}  {'MET' if met else 'NOT MET'}")
    if not args.no_write:
        write_sections({"explore": section})
    return section


def after_recommendation(policy: Policy, warm_up: list, answers: list, pairs: dict) -> dict:
    """Reach of the runner-up right after the recommendation of the same answers (untimed):
    the memo as a user's click from the result page finds it."""
    advisor = Advisor(policy)
    try:
        for a in warm_up:
            advisor.recommend(a, as_of=DAY)
        seconds = []
        for a in answers:
            advisor.recommend(a, as_of=DAY)
            seconds += timed(lambda x: reach(advisor, x, pairs[id(x)], None, DAY), [a])
        name = "reach: the runner-up, after its recommendation (memo warm)"
        return stats(name, seconds, measure="reach_after_recommendation")
    finally:
        advisor.close()


if __name__ == "__main__":
    main()
