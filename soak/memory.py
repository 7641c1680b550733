"""Memory soak (issue 7, item 3): 100,000 evaluations and 2,000 rule reloads, RSS bounded.

In this process, on the repository's rules:
- evaluations: the durable engine's trace (`Advisor.trace`, the evaluation every recommendation
  starts with) over 500 varied answer sets (seeded random sets and the examples), taken in turn;
- reloads: what a live server's reload does (`live.Live`): read and check the folder
  (`load_policy`), compile it (`Advisor`) and swap it in while a request holds the old one,
  which closes when that request ends. (The server also runs a short trial of the new rules in
  a child process first; that child's memory is not the server's, so it is left out here.)
RSS (VmRSS from /proc/self/status) is sampled 20 times in each phase, after a warm-up, with a
garbage collection before each sample. Growth is the last sample less the first.

Bounds (fail above them):
- evaluations: 10 MB over 100,000 (issue 6's "memory flat" target). A leak of one fact or one
  session per evaluation (a few hundred bytes at least) would pass 10 MB well before 100,000;
- reloads: 20 MB over 2,000, i.e. 10 KB a reload. On the repository's rules a Policy left
  referenced keeps about 1.4 MB and an Advisor left open (its compiled rulesets) about 2.7 MB
  (measured by holding 8 of each), so a reload that leaks either passes the bound within 15
  reloads, and one that leaks even 1% of them within 2,000; the allocator's fragmentation
  from 2,000 rounds of parsing YAML stays well under it.

Counts: SOAK_EVALUATIONS (100000) and SOAK_RELOADS (2000); SOAK_MAX_SECONDS (1800) bounds each
phase in time: a phase that runs out of time stops, reports what it did and fails (the soak
did not do what it says). Prints the figures and writes the section "memory" of
soak/results.json. Exit 1 when a bound is passed.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ and soak/ are folders of scripts, not installed

from bench.load import answer_sets, write_section  # noqa: E402

from formadvisor.advice.advisor import Advisor  # noqa: E402
from formadvisor.advice.answers import validate_answers  # noqa: E402
from formadvisor.rules.checks import load_policy  # noqa: E402
from formadvisor.web.live import Live  # noqa: E402

RESULTS = Path(os.environ.get("SOAK_RESULTS", ROOT / "soak" / "results.json"))
RULES = ROOT / "rules"
DAY = dt.date(2026, 11, 23)
MB = 1024 * 1024
EVALUATION_BOUND_MB = 10.0
RELOAD_BOUND_MB = 20.0
SAMPLES = 20


def rss() -> int:
    """This process's resident set size in bytes (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def phase(
    name: str,
    step: Callable[[int], None],
    count: int,
    warm_up: int,
    bound_mb: float,
    max_seconds: float,
) -> dict:
    """Run `step(i)` `warm_up` times, then `count` times sampling RSS; the figures."""
    for i in range(warm_up):
        step(i)
    gc.collect()
    samples = [(0, rss())]
    every = max(1, count // SAMPLES)
    start = time.perf_counter()
    done = 0
    for done in range(1, count + 1):
        step(done)
        if done % every == 0 or done == count:
            gc.collect()
            samples.append((done, rss()))
        if time.perf_counter() - start > max_seconds:
            gc.collect()
            samples.append((done, rss()))
            break
    seconds = time.perf_counter() - start
    growth_mb = (samples[-1][1] - samples[0][1]) / MB
    return {
        "phase": name,
        "asked": count,
        "done": done,
        "completed": done == count,
        "warm_up": warm_up,
        "seconds": round(seconds, 1),
        "per_second": round(done / seconds, 1) if seconds else None,
        "rss_start_mb": round(samples[0][1] / MB, 2),
        "rss_end_mb": round(samples[-1][1] / MB, 2),
        "rss_peak_mb": round(max(s for _, s in samples) / MB, 2),
        "growth_mb": round(growth_mb, 2),
        "bound_mb": bound_mb,
        "within_bound": growth_mb <= bound_mb,
        "samples": [(n, round(s / MB, 2)) for n, s in samples],
    }


def evaluations(count: int, max_seconds: float) -> dict:
    policy = load_policy(RULES)
    docs = answer_sets(policy, count=500, seed=23)
    answers = [validate_answers(policy.questionnaire, d) for d in docs]
    advisor = Advisor(policy)
    try:
        return phase(
            "evaluations",
            lambda i: advisor.trace(answers[i % len(answers)], DAY),
            count,
            warm_up=min(2000, max(1, count // 10)),
            bound_mb=EVALUATION_BOUND_MB,
            max_seconds=max_seconds,
        )
    finally:
        advisor.close()


def reloads(count: int, max_seconds: float) -> dict:
    live = Live.of(Advisor(load_policy(RULES)))
    answers = validate_answers(
        live.advisor.policy.questionnaire, answer_sets(live.advisor.policy, 1, 5)[0]
    )

    def reload(_: int) -> None:
        with live.use() as pinned:  # a request in flight across the swap
            live.swap(Advisor(load_policy(RULES)))
            pinned.trace(answers, DAY)  # it finishes on the rules it started with

    try:
        return phase(
            "reloads",
            reload,
            count,
            warm_up=min(20, max(1, count // 10)),
            bound_mb=RELOAD_BOUND_MB,
            max_seconds=max_seconds,
        )
    finally:
        live.close()


def line(r: dict) -> str:
    state = "" if r["completed"] else f" (STOPPED at the time bound, {r['done']} of {r['asked']})"
    verdict = "within" if r["within_bound"] else "OVER"
    return (
        f"{r['phase']}: {r['done']} in {r['seconds']} s ({r['per_second']}/s){state}; RSS "
        f"{r['rss_start_mb']} → {r['rss_end_mb']} MB (peak {r['rss_peak_mb']}), growth "
        f"{r['growth_mb']:+.2f} MB, {verdict} the {r['bound_mb']:g} MB bound"
    )


def main() -> int:
    n_evaluations = int(os.environ.get("SOAK_EVALUATIONS", "100000"))
    n_reloads = int(os.environ.get("SOAK_RELOADS", "2000"))
    max_seconds = float(os.environ.get("SOAK_MAX_SECONDS", "1800"))
    results = []
    for run, count in ((evaluations, n_evaluations), (reloads, n_reloads)):
        results.append(run(count, max_seconds))
        print(line(results[-1]), flush=True)
    write_section(
        RESULTS,
        "memory",
        {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "phases": results},
    )
    failed = [r["phase"] for r in results if not (r["within_bound"] and r["completed"])]
    if failed:
        print(f"FAILED: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
