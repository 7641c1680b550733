"""Isolation under concurrency: many answer sets evaluated at once, in threads and in processes,
with two policies alive side by side, must each give exactly what they give alone.

durable_rules keeps its state in process-global C structures (engine-notes §2–§3), so a fact or
a firing of one evaluation could in principle reach another. The outcome compared is the whole
trace (each fired rule with the values it bound, per service) and the recommendation's JSON.

Shared by tests/test_isolation.py (small, on every `make test`) and soak/isolation.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import random
import sys
import threading
from collections.abc import Sequence
from contextlib import ExitStack, closing
from pathlib import Path

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.results import trace_json
from formadvisor.engine.durable import DurableEngine
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.checks import load_policy

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = {"rules": ROOT / "rules", "minimal": ROOT / "tests" / "fixtures" / "minimal"}
DATES = (dt.date(2025, 6, 1), dt.date(2026, 6, 1), dt.date(2027, 6, 1))

Work = tuple[str, str, dict]  # (policy key, as_of, answers)


def workload(
    count: int, seed: int = 0, max_services: int = 4, advisors: dict[str, Advisor] | None = None
) -> list[Work]:
    """`count` distinct answer sets, the two policies interleaved at random."""
    rng = random.Random(seed)
    questionnaires = {
        key: (advisors[key].policy if advisors else load_policy(folder)).questionnaire
        for key, folder in FOLDERS.items()
    }
    seen: set[str] = set()
    out: list[Work] = []
    while len(out) < count:
        key = rng.choice(sorted(FOLDERS))
        doc = random_answers(questionnaires[key], rng, max_services)
        item = (key, rng.choice(DATES).isoformat(), doc)
        text = json.dumps(item, sort_keys=True)
        if text not in seen:
            seen.add(text)
            out.append(item)
    return out


def outcome_text(advisor: Advisor, item: Work) -> str:
    """The full trace and the recommendation for one answer set, as text."""
    _, as_of, doc = item
    recommendation, trace = advisor.recommend_traced(
        doc, dt.date.fromisoformat(as_of), what_if=False
    )
    return json.dumps(trace_json(trace), separators=(",", ":")) + "\n" + recommendation.to_json()


def outcome(advisor: Advisor, item: Work) -> str:
    return hashlib.sha256(outcome_text(advisor, item).encode()).hexdigest()


def open_advisors(stack: ExitStack) -> dict[str, Advisor]:
    """Both policies compiled and alive at once in this process."""
    return {key: stack.enter_context(closing(Advisor.from_folder(f))) for key, f in FOLDERS.items()}


def alone(advisors: dict[str, Advisor], work: Sequence[Work]) -> list[str]:
    """Each answer set on its own, one after another, on engines without the memo (a fresh
    durable session for every stratum): the expected outcomes. The advisors' own memos are
    emptied, so the concurrent runs fill them themselves (engine/memo.py)."""
    with ExitStack() as stack:
        bare = {
            key: stack.enter_context(
                closing(Advisor(a.policy, DurableEngine(a.policy, memo=False)))
            )
            for key, a in advisors.items()
        }
        expected = [outcome(bare[item[0]], item) for item in work]
    for advisor in advisors.values():
        memo = getattr(advisor.backend, "memo", None)
        if memo is not None:
            memo.clear()
    return expected


def in_threads(
    advisors: dict[str, Advisor], work: Sequence[Work], threads: int
) -> list[str | BaseException]:
    """The same answer sets spread over `threads` threads started together; thread t takes
    items t, t + threads, …, so every thread mixes both policies."""
    results: list[str | BaseException] = [""] * len(work)
    start = threading.Barrier(threads)

    def worker(t: int) -> None:
        start.wait()
        for i in range(t, len(work), threads):
            try:
                results[i] = outcome(advisors[work[i][0]], work[i])
            except Exception as error:  # a failure is a mismatch, reported with the others
                results[i] = error

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads as often as possible: more interleaving
    try:
        pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    return results


def _process_share(share: list[tuple[int, Work]], threads: int) -> list[tuple[int, str]]:
    """Child: compile both policies here, run the share in threads."""
    with ExitStack() as stack:
        advisors = open_advisors(stack)
        got = in_threads(advisors, [item for _, item in share], threads)
    return [
        (i, r if isinstance(r, str) else f"error: {r!r}")
        for (i, _), r in zip(share, got, strict=True)
    ]


def in_processes(work: Sequence[Work], processes: int, threads: int) -> list[str]:
    """The answer sets dealt out to `processes` spawned processes, each with `threads` threads."""
    shares = [[(i, work[i]) for i in range(p, len(work), processes)] for p in range(processes)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes) as pool:
        parts = pool.starmap(_process_share, [(share, threads) for share in shares])
    results = [""] * len(work)
    for part in parts:
        for i, r in part:
            results[i] = r
    return results


def mismatches(expected: Sequence[str], got: Sequence[object]) -> list[int]:
    return [i for i, (e, g) in enumerate(zip(expected, got, strict=True)) if e != g]
