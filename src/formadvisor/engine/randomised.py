"""Random answer sets and random rule conditions, for property tests, checks and benchmarks.

Seeded `random.Random` rather than hypothesis so the same generator serves the test suite, the
answer-space search of `rules check` and the benchmarks, and every run can be repeated.
"""

from __future__ import annotations

import random

from formadvisor.rules.conditions import AllOf, AnyOf, Clause, Condition, NotOf
from formadvisor.rules.models import Question, Questionnaire
from formadvisor.rules.policy import Policy, RefInfo

OPS_BY_KIND = {
    "list": ("is", "contains", "contains_any", "contains_all", "empty", "answered"),
    "integer": ("is", "is_not", "in", "not_in", "answered", "lt", "lte", "gt", "gte"),
    "scalar": ("is", "is_not", "in", "not_in", "answered"),
}


def random_answers(q: Questionnaire, rng: random.Random, max_services: int = 4) -> dict:
    """A valid answer document: required questions always, others sometimes (else defaulted)."""
    doc: dict = {}
    for question in q.questions:
        if question.required or rng.random() < 0.7:
            doc[question.id] = _value(question, rng)
    services = []
    for i in range(rng.randint(0, max_services)):
        service: dict[str, object] = {}
        for question in q.service_questions:
            if question.type == "text":
                service[question.id] = f"Service {i + 1}"
            elif question.required or rng.random() < 0.7:
                service[question.id] = _value(question, rng)
        services.append(service)
    doc["services"] = services
    return doc


def _value(q: Question, rng: random.Random) -> object:
    if q.type == "choice":
        return rng.choice(q.values)
    if q.type == "choices":
        k = rng.randint(max(q.min_items, 0), len(q.values))
        return rng.sample(q.values, k)
    if q.type == "boolean":
        return rng.random() < 0.5
    if q.type == "integer":
        low, high = q.bounds
        edges = [low, low + 1, 3, 5, 10, 20, 100, 1000]
        pick = rng.choice([*edges, rng.randint(low, max(low, min(high, 10**6)))])
        return max(low, min(high, pick))
    return "text"


def random_condition(refs: list[RefInfo], rng: random.Random, depth: int = 0) -> Condition:
    """A random tree over the given references, using every operator the format allows."""
    roll = rng.random()
    if depth < 3 and roll < 0.35:
        kind = rng.choice((AllOf, AnyOf))
        return kind(
            items=tuple(random_condition(refs, rng, depth + 1) for _ in range(rng.randint(1, 3)))
        )
    if depth < 3 and roll < 0.45:
        return NotOf(item=random_condition(refs, rng, depth + 1))
    return random_test(rng.choice(refs), rng)


def random_test(info: RefInfo, rng: random.Random) -> Clause:
    kind = "list" if info.is_list else ("integer" if info.type == "integer" else "scalar")
    op = rng.choice(OPS_BY_KIND[kind])
    pool = list(info.values) or ([True, False] if info.type == "boolean" else [0, 1, 3, 5, 10])
    if op in ("answered", "empty"):
        return Clause(ref=info.ref, op=op, value=rng.random() < 0.5)
    if op in ("in", "not_in", "contains_any", "contains_all"):
        return Clause(ref=info.ref, op=op, value=tuple(rng.sample(pool, rng.randint(1, len(pool)))))
    return Clause(ref=info.ref, op=op, value=rng.choice(pool))


def condition_refs(policy: Policy, service: bool) -> list[RefInfo]:
    """References a random organisation (or service) condition may read."""
    return [
        info
        for info in policy.refs.values()
        if not info.derived and (service or info.scope == "organisation")
    ]
