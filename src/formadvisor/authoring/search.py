"""The gap search: answer sets for which no form, or for some service no route, is left.

The space (`answerspace`) is searched exhaustively when it holds no more answer sets than the
sample size, else sampled with a seed. Chunks of answer sets go to a pool of workers that
each compile the policy to the fast plain reading (`fastreading`). Every gap found is shrunk
to a minimal example (fewer services, optional answers back to their defaults, shorter lists),
then confirmed on durable_rules through `Advisor`: what an adviser is shown is what the
engine does. The search also records which options were ever recommended.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from formadvisor.advice.screen import FastReading, Outcome
from formadvisor.authoring.progress import Silent, Tracker
from formadvisor.engine.space import AnswerSpace
from formadvisor.rules.loading import Problem, RawPolicy
from formadvisor.rules.policy import Policy

CHUNK = 1000
FINDINGS_PER_KIND = 5  # distinct gaps of each kind shrunk, confirmed and reported


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

_WORKER: tuple[FastReading, AnswerSpace] | None = None


def _init(policy: Policy, as_of: dt.date, max_services: int) -> None:
    global _WORKER
    _WORKER = (FastReading(policy, as_of), AnswerSpace(policy, max_services))


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
    if outcome.form is None:
        yield Gap(None, outcome.form_excluded_by, doc)
    for service, route, by in zip(
        doc["services"], outcome.routes, outcome.route_excluded_by, strict=True
    ):
        if route is None:
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


# --- minimal examples ----------------------------------------------------------------------------


def shrink(policy: Policy, doc: dict, still: Callable[[dict], bool]) -> dict:
    """The simplest answers that `still` holds for: drop services, optional answers (back to
    their defaults), optional service answers and list items, one at a time, while it holds."""
    changed = True
    while changed:
        changed = False
        for candidate in _simpler(policy, doc):
            if still(candidate):
                doc, changed = candidate, True
                break
    return doc


def _simpler(policy: Policy, doc: dict) -> Iterator[dict]:
    services = doc["services"]
    for i in range(len(services)):
        yield {**doc, "services": services[:i] + services[i + 1 :]}
    for q in policy.questionnaire.questions:
        if q.id in doc and not q.required:
            yield {k: v for k, v in doc.items() if k != q.id}
    for q in policy.questionnaire.questions:
        value = doc.get(q.id)
        if q.type == "choices" and value and len(value) > max(q.min_items, 0):
            for v in value:
                yield {**doc, q.id: tuple(x for x in value if x != v)}
    for i, service in enumerate(services):
        for q in policy.questionnaire.service_questions:
            if q.id in service and not q.required:
                smaller = {k: v for k, v in service.items() if k != q.id}
                yield {**doc, "services": [*services[:i], smaller, *services[i + 1 :]]}


def example_json(doc: dict) -> str:
    """The answers as one line of JSON (which is YAML too): paste it into a file for
    `formadvisor recommend`."""
    return json.dumps(doc, separators=(", ", ": "))


# --- confirmation and problems -------------------------------------------------------------------


def gap_problems(
    policy: Policy, raw: RawPolicy, report: SearchReport, as_of: dt.date, advisor
) -> list[Problem]:
    """Shrink, confirm on durable_rules (`advisor`) and word each distinct gap found."""
    reading = FastReading(policy, as_of)
    where = {pr.rule.id: pr for pr in policy.rules}
    order = {pr.rule.id: i for i, pr in enumerate(policy.rules)}
    out, done = [], set()
    shown = {False: 0, True: 0}
    for gap in sorted(report.gaps, key=lambda g: (g.service is not None, -g.count)):
        kind = gap.service is not None
        if shown[kind] >= FINDINGS_PER_KIND:
            continue
        still = _still(reading, gap.service)
        doc = shrink(policy, gap.doc, still)
        small = next(
            gaps_in(doc, reading.outcome(doc))
            if gap.service is None
            else (g for g in gaps_in(doc, reading.outcome(doc)) if g.service == gap.service)
        )
        if small.key() in done:
            continue
        done.add(small.key())
        shown[kind] += 1
        rule = where[max(small.excluded_by, key=order.__getitem__)] if small.excluded_by else None
        file, line, rid = (
            (rule.file, rule.line, rule.rule.id) if rule else (raw.options.name, 1, "")
        )
        confirmed = _confirmed(advisor, doc, gap.service, as_of)
        by = ", ".join(small.excluded_by)
        seen = f"(seen in {gap.count:,} of {report.searched:,} answer sets searched)"
        if not confirmed:
            message = (
                "the engine and the plain reading disagree about a gap (the plain reading "
                f"finds one, durable_rules does not) for the answers {example_json(doc)}"
            )
        elif gap.service is None:
            message = (
                f"no form can be recommended: every form is excluded (by {by}) for the answers "
                f"{example_json(doc)} {seen}"
            )
        else:
            message = (
                f"service '{gap.service}' gets no contract route: every route is excluded "
                f"(by {by}) for the answers {example_json(doc)} {seen}"
            )
        out.append(Problem(file, line, rid, message))
    return out


def _still(reading: FastReading, service: str | None) -> Callable[[dict], bool]:
    def still(doc: dict) -> bool:
        outcome = reading.outcome(doc)
        if service is None:
            return outcome.form is None
        names = [s["name"] for s in doc["services"]]
        return service in names and outcome.routes[names.index(service)] is None

    return still


def _confirmed(advisor, doc: dict, service: str | None, as_of: dt.date) -> bool:
    result = advisor.recommend(doc, as_of=as_of, what_if=False)
    if service is None:
        return result.organisational_form.recommended is None
    return any(s.name == service and s.contract_route.recommended is None for s in result.services)


def never_recommended(policy: Policy, raw: RawPolicy, report: SearchReport) -> list[Problem]:
    """Options the search never saw recommended: an error if the search was exhaustive, else a
    warning (a sample is evidence, not proof)."""
    out = []
    doc = raw.options.doc
    how = (
        "in the whole answer space"
        if report.exhaustive
        else f"in {report.searched:,} sampled answer sets (seed {report.seed})"
    )
    for key, ids, seen in (
        ("forms", policy.form_ids, report.forms_seen),
        ("routes", policy.route_ids, report.routes_seen),
    ):
        for i, oid in enumerate(ids):
            if oid not in seen:
                where = " for any service" if key == "routes" else ""
                out.append(
                    Problem(
                        raw.options.name,
                        doc.line_of((key, i)),
                        "",
                        f"{key[:-1]} '{oid}' was never recommended{where} {how}: the rules "
                        "favouring it never outweigh the others, or exclusions always remove it",
                        warning=not report.exhaustive,
                    )
                )
    return out
