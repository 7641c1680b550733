"""The gap search: answer sets for which no form, or for some service no route, is left.

The space (`engine.space`) is searched exhaustively when it holds no more answer sets than the
sample size, else sampled with a seed. Chunks of answer sets go to a pool of workers that
each compile the policy to the fast plain reading (`advice.screen`). The search records which
options were ever recommended and every gap it finds; `findings` shrinks each gap to a minimal
example (`shrinking`), confirms it on durable_rules and words it as a problem.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from formadvisor.advice.ranking import Outcome
from formadvisor.advice.screen import Screen
from formadvisor.authoring.progress import Silent, Tracker
from formadvisor.engine.space import AnswerSpace
from formadvisor.rules.policy import Policy

CHUNK = 1000


@dataclass
class Gap:
    """Answer sets with no form (`service` None) or no route for one service."""

    service: str | None
    excluded_by: tuple[str, ...]
    doc: dict
    count: int = 1

    def key(self) -> tuple:
        return (self.service is not None, self.excluded_by)


@dataclass
class SearchReport:
    described: str
    size: int
    searched: int
    exhaustive: bool
    seed: int
    seconds: float
    cpu_seconds: float = 0.0  # the workers' own processor time, whatever else the machine runs
    gaps: list[Gap] = field(default_factory=list)
    forms_seen: set[str] = field(default_factory=set)
    routes_seen: set[str] = field(default_factory=set)

    @property
    def rate(self) -> float:
        return self.searched / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        how = (
            "exhaustively"
            if self.exhaustive
            else f"by {self.searched:,} samples (seed {self.seed})"
        )
        per_cpu = self.searched / self.cpu_seconds if self.cpu_seconds else 0.0
        return (
            f"Answer space: {self.described}; searched {how} in {self.seconds:.1f} s "
            f"({self.rate:,.0f} answer sets/s; {per_cpu:,.0f} per processor-second)."
        )


# --- workers -------------------------------------------------------------------------------------

_WORKER: tuple[Screen, AnswerSpace] | None = None


def _init(policy: Policy, as_of: dt.date, max_services: int) -> None:
    global _WORKER
    _WORKER = (Screen(policy, as_of), AnswerSpace(policy, max_services))


Task = tuple[bool, int, int, int]  # exhaustive?, the first answer set, how many, the seed
# What a chunk found: answer sets searched, forms and routes recommended, gaps, CPU seconds.
Found = tuple[int, set[str], set[str], dict[tuple, Gap], float]


def _chunk(task: Task) -> Found:
    exhaustive, start, count, seed = task
    cpu = time.process_time()
    assert _WORKER is not None
    reading, space = _WORKER
    rng = random.Random(f"{seed}:{start}")
    forms: set[str | None] = set()
    routes: set[str | None] = set()
    gaps: dict[tuple, Gap] = {}
    for i in range(start, start + count):
        doc = space.point(i) if exhaustive else space.sample(rng)
        outcome = reading.outcome(doc)
        forms.add(outcome.form)
        routes.update(outcome.routes)
        for gap in gaps_in(doc, outcome):
            seen = gaps.get(gap.key())
            if seen:
                seen.count += 1
            else:
                gaps[gap.key()] = gap
    cpu = time.process_time() - cpu
    return count, _recommended(forms), _recommended(routes), gaps, cpu


def _recommended(options: set[str | None]) -> set[str]:
    return {o for o in options if o is not None}  # None: no option was recommended


def gaps_in(doc: dict, outcome: Outcome) -> Iterator[Gap]:
    if outcome.form_gap:
        yield Gap(None, outcome.form_excluded_by, doc)
    for i, (service, by) in enumerate(zip(doc["services"], outcome.route_excluded_by, strict=True)):
        if outcome.route_gap(i):
            yield Gap(service["name"], by, doc)


# --- the search ----------------------------------------------------------------------------------


def search(
    policy: Policy,
    as_of: dt.date,
    samples: int = 20_000,
    seed: int = 0,
    max_services: int = 2,
    workers: int = 2,
    tracker: Tracker | None = None,
) -> SearchReport:
    """Search the answer space on the fast plain reading (nothing confirmed yet), telling
    `tracker` how far it has got."""
    space = AnswerSpace(policy, max_services)
    exhaustive = space.size <= samples
    total = space.size if exhaustive else samples
    tasks = [(exhaustive, s, min(CHUNK, total - s), seed) for s in range(0, total, CHUNK)]
    report = SearchReport(space.describe(), space.size, 0, exhaustive, seed, 0.0)
    started = time.perf_counter()
    tracker = tracker or Silent()
    job = tracker.add_task("Searching answer sets", total=total)
    for count, forms, routes, gaps, cpu in _results(policy, as_of, max_services, workers, tasks):
        report.searched += count
        report.cpu_seconds += cpu
        report.forms_seen |= forms
        report.routes_seen |= routes
        for gap in gaps.values():
            _merge(report.gaps, gap)
        tracker.advance(job, count)
    report.seconds = time.perf_counter() - started
    return report


def _results(
    policy: Policy, as_of: dt.date, max_services: int, workers: int, tasks: list[Task]
) -> Iterator[Found]:
    if workers <= 1 or len(tasks) <= 1:
        _init(policy, as_of, max_services)
        yield from map(_chunk, tasks)
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(policy, as_of, max_services)) as pool:
        yield from pool.imap_unordered(_chunk, tasks)


def _merge(gaps: list[Gap], gap: Gap) -> None:
    for g in gaps:
        if g.key() == gap.key():
            g.count += gap.count
            return
    gaps.append(gap)
