"""The answer space: every answer set that can make a difference to the rules, countable.

Each question contributes the answers the rules can tell apart: a choice's values grouped by
how every rule test (and every `ask_when`) reads them, one value standing for each group;
yes and no; numbers cut at the limits rules test (one number for each interval); a list's
subsets of the values rules test; "unanswered" where a question is optional with no default
(an optional question with a default is the same as its default). A question no rule reads
takes its default. A question with `ask_when` varies only where it is asked.

Services are 0..`max_services`, each one of the service space's points; a set of services is
a multiset (their order changes nothing). Points are numbered, so the space can be searched
exhaustively in numbered chunks, or sampled uniformly with a seed.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass

from formadvisor.engine.reading import compile_condition, holds
from formadvisor.rules.conditions import Clause, Scalar, clauses_of
from formadvisor.rules.models import Question
from formadvisor.rules.policy import Policy


@dataclass(frozen=True)
class Dim:
    """One question and the answers that stand for all it can be (None: unanswered)."""

    question: Question
    values: tuple


@dataclass(frozen=True)
class _Frame:
    """One combination of the answers `ask_when` conditions read; the other dims vary freely."""

    fixed: dict
    free: tuple[Dim, ...]
    size: int


class _Record:
    """The space of one answer record (the group's answers, or one service's)."""

    def __init__(self, dims: list[Dim], prefix: str):
        self.prefix = prefix
        controlling = {
            t.ref.removeprefix(prefix)
            for d in dims
            if d.question.ask_when is not None
            for t in clauses_of(d.question.ask_when)
        }
        ctrl = [d for d in dims if d.question.id in controlling]
        rest = [d for d in dims if d.question.id not in controlling]
        frames: dict[tuple, _Frame] = {}
        for combo in itertools.product(*(d.values for d in ctrl)):
            fixed = {d.question.id: v for d, v in zip(ctrl, combo, strict=True)}
            facts = _facts(ctrl, fixed, prefix)
            for d in ctrl:  # a controlling question not asked takes one value only
                if not _asked(d.question, facts):
                    fixed[d.question.id] = d.values[0]
            free = tuple(
                d if _asked(d.question, facts) else Dim(d.question, (d.values[0],)) for d in rest
            )
            key = tuple(sorted(fixed.items(), key=repr))
            frames.setdefault(key, _Frame(fixed, free, math.prod(len(d.values) for d in free)))
        self.frames = list(frames.values())
        self.starts = list(itertools.accumulate((f.size for f in self.frames), initial=0))
        self.size = self.starts[-1]

    def point(self, index: int) -> dict:
        """The record numbered `index` (0 ≤ index < size), as answers (unanswered left out)."""
        i = bisect.bisect_right(self.starts, index) - 1
        frame, rest = self.frames[i], index - self.starts[i]
        out = dict(frame.fixed)
        for d in frame.free:
            rest, k = divmod(rest, len(d.values))
            out[d.question.id] = d.values[k]
        return {k: v for k, v in out.items() if v is not None}


def _facts(dims: list[Dim], values: dict, prefix: str) -> dict:
    facts: dict = {}
    for d in dims:
        v = values.get(d.question.id)
        if v is None or v == ():
            continue
        facts[prefix + d.question.id] = tuple(sorted(v)) if isinstance(v, tuple) else (v,)
    return facts


def _asked(q: Question, facts: dict) -> bool:
    return q.ask_when is None or holds(q.ask_when, facts)


class AnswerSpace:
    """The group's answers × 0..max_services services."""

    def __init__(self, policy: Policy, max_services: int = 2):
        self.policy = policy
        self.max_services = max_services
        tests = _tests_by_ref(policy)
        q = policy.questionnaire
        self.group = _Record([dim(x, tests, "") for x in q.questions], "")
        self.service = _Record([dim(x, tests, "service.") for x in q.service_questions], "service.")
        m = self.service.size
        self.by_count = [math.comb(m + k - 1, k) for k in range(max_services + 1)]
        self.size = self.group.size * sum(self.by_count)

    def describe(self) -> str:
        counts = " + ".join(f"{n:,}" for n in self.by_count)
        return (
            f"{self.size:,} answer sets ({self.group.size:,} group answers × "
            f"({counts}) sets of 0..{self.max_services} services of {self.service.size:,} kinds)"
        )

    def point(self, index: int) -> dict:
        """The answer set numbered `index` (0 ≤ index < size)."""
        group, rest = divmod(index, sum(self.by_count))
        k = 0
        while rest >= self.by_count[k]:
            rest -= self.by_count[k]
            k += 1
        kinds = _multiset(self.service.size, k, rest)
        return self._doc(group, kinds)

    def sample(self, rng: random.Random) -> dict:
        """A random answer set: uniform group answers, 0..max services, uniform services."""
        k = rng.randint(0, self.max_services)
        kinds = sorted(rng.randrange(self.service.size) for _ in range(k))
        return self._doc(rng.randrange(self.group.size), kinds)

    def _doc(self, group: int, kinds: list[int]) -> dict:
        doc = self.group.point(group)
        services = []
        for i, kind in enumerate(kinds):
            s = self.service.point(kind)
            s.update({q.id: f"Service {i + 1}" for q in self._text_service_questions()})
            services.append(s)
        doc["services"] = services
        return doc

    def _text_service_questions(self) -> list[Question]:
        return [x for x in self.policy.questionnaire.service_questions if x.type == "text"]


def _multiset(m: int, k: int, index: int) -> list[int]:
    """The multiset of k of m kinds numbered `index`, as a sorted list (stars and bars)."""
    n, out, x = m + k - 1, [], 0
    for i in range(k):
        while True:
            c = math.comb(n - x - 1, k - i - 1)
            if index < c:
                out.append(x - i)
                x += 1
                break
            index -= c
            x += 1
    return out


def _tests_by_ref(policy: Policy) -> dict[str, list[Clause]]:
    out: dict[str, list[Clause]] = {}
    conditions = [pr.rule.when for pr in policy.rules]
    conditions += [
        x.ask_when
        for x in (*policy.questionnaire.questions, *policy.questionnaire.service_questions)
        if x.ask_when is not None
    ]
    for node in conditions:
        for t in clauses_of(node):
            ref = t.ref.replace("any_service.", "service.", 1)
            out.setdefault(ref, []).append(t)
    return out


def dim(q: Question, tests: dict[str, list[Clause]], prefix: str) -> Dim:
    """The answers of one question that the rules can tell apart."""
    mine = tests.get(prefix + q.id, [])
    unanswered = (None,) if not q.required and q.default is None else ()
    if q.type == "text":
        return Dim(q, (None,))
    if not mine:
        if q.default is not None or not q.required:
            return Dim(q, (q.default,))
        first = {"choice": lambda: q.values[0], "boolean": lambda: False}
        first["integer"] = lambda: q.minimum
        first["choices"] = lambda: q.values[: max(q.min_items, 1)]
        return Dim(q, (first[q.type](),))
    if q.type == "boolean":
        return Dim(q, (True, False, *unanswered))
    if q.type == "choice":
        return Dim(q, (*_classes(q.values, mine), *unanswered))
    if q.type == "integer":
        return Dim(q, (*_intervals(q, mine), *unanswered))
    reps = _classes(
        q.values, mine, alone={v for t in mine if t.op == "contains_all" for v in t.values}
    )
    subsets = [
        tuple(s)
        for k in range(len(reps) + 1)
        for s in itertools.combinations(reps, k)
        if len(s) >= q.min_items and (s or not q.required or q.min_items == 0)
    ]
    return Dim(q, tuple(subsets))


def _classes(values: tuple, tests: list[Clause], alone: set | None = None) -> list:
    """One value for each group of values every test reads alike."""
    seen: dict[tuple, object] = {}
    for v in values:
        key = tuple(_reads(t, v) for t in tests) + ((v,) if v in (alone or ()) else ())
        seen.setdefault(key, v)
    return list(seen.values())


def _reads(t: Clause, v: Scalar) -> bool:
    if t.op in ("answered", "empty"):
        return True
    if isinstance(t.value, tuple):
        return v in t.value
    return compile_condition(t)({t.ref: (v,)})


def _intervals(q: Question, tests: list[Clause]) -> list[int]:
    """The lowest number of each interval between the limits the tests set."""
    low, high = q.bounds
    cuts = {low}
    for t in tests:
        for v in t.values:
            if isinstance(v, int) and not isinstance(v, bool):
                cuts.update(
                    (v,)
                    if t.op in ("lt", "gte")
                    else (v + 1,)
                    if t.op in ("lte", "gt")
                    else (v, v + 1)
                )
    return sorted(c for c in cuts if low <= c <= high)
