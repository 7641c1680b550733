"""How one answer set is evaluated, whichever backend fires the rules: the one firing loop.

The policy is evaluated in strata: first the group's rules, level by level, then each service's
rules with the group's answers and derived facts, level by level. Within a level no rule reads
a fact that the level derives, so the order in which a backend fires rules never matters: a
durable_rules session and the plain reading must agree exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from pydantic import BaseModel

from formadvisor.engine.facts import (
    document_group_facts,
    document_service_facts,
    organisation_facts,
    service_facts,
)
from formadvisor.engine.reading import Facts
from formadvisor.rules.conditions import Scalar
from formadvisor.rules.contract import AS_OF
from formadvisor.rules.effects import Derive
from formadvisor.rules.policy import Policy, Scope


@dataclass(frozen=True, slots=True)
class Firing:
    """One rule that held, where (None: the group; else a service's name), and on which values."""

    rule: str
    service: str | None = None
    values: Mapping[str, tuple[Scalar, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Trace:
    """Every rule that fired for one answer set, in policy order."""

    as_of: dt.date
    organisation: tuple[Firing, ...]
    services: tuple[tuple[Firing, ...], ...]

    def firings(self) -> list[Firing]:
        """The group's firings, then each service's."""
        return [*self.organisation, *(f for fired in self.services for f in fired)]

    def rule_ids(self) -> list[tuple[str | None, str]]:
        return [(f.service, f.rule) for f in self.firings()]


class Backend(Protocol):
    """Fires one stratum of rules over one set of facts: (rule id, bound values) for each."""

    def fire(
        self, scope: Scope, level: int, facts: Facts
    ) -> Iterable[tuple[str, Mapping[str, tuple[Scalar, ...]]]]: ...

    def close(self) -> None: ...


class _Strata:
    """What the loop reads of a policy on every call, worked out once per policy."""

    def __init__(self, policy: Policy):
        self.order = {pr.rule.id: i for i, pr in enumerate(policy.rules)}
        self.levels = {
            scope: sorted({pr.level for pr in policy.rules if pr.scope == scope})
            for scope in ("organisation", "service")
        }
        self.derives = {
            pr.rule.id: tuple(
                ("fact." + e.derive.fact, e.derive.value)
                for e in pr.rule.then
                if isinstance(e, Derive)
            )
            for pr in policy.rules
        }


def _strata(policy: Policy) -> _Strata:
    found = policy.memo.get("evaluate.strata")
    if not isinstance(found, _Strata):
        found = policy.memo["evaluate.strata"] = _Strata(policy)
    return found


def evaluate(policy: Policy, answers: BaseModel, backend: Backend, as_of: dt.date) -> Trace:
    """Fire the whole policy for one validated answer set and return the trace."""
    q = policy.questionnaire
    services: list[Any] = getattr(answers, "services", [])
    return _evaluate(
        policy,
        backend,
        as_of,
        organisation_facts(q, answers),
        [(s.name, partial(service_facts, q, service=s)) for s in services],
    )


def evaluate_document(policy: Policy, doc: dict, backend: Backend, as_of: dt.date) -> Trace:
    """`evaluate` on a valid answer document, without pydantic (the screen and the search read
    thousands of answer sets; the questionnaire's defaults fill what the document leaves out)."""
    return _evaluate(
        policy,
        backend,
        as_of,
        document_group_facts(policy, doc),
        [(s["name"], partial(document_service_facts, policy, service=s)) for s in doc["services"]],
    )


def _evaluate(
    policy: Policy,
    backend: Backend,
    as_of: dt.date,
    org: Facts,
    services: list[tuple[str, Callable[[Facts], Facts]]],
) -> Trace:
    strata = _strata(policy)
    org[AS_OF] = (as_of.toordinal(),)
    org_fired = _fire(strata, "organisation", org, backend, None)
    fired = [_fire(strata, "service", facts_of(org), backend, name) for name, facts_of in services]
    order = strata.order
    return Trace(
        as_of=as_of,
        organisation=_sorted(org_fired, order),
        services=tuple(_sorted(s, order) for s in fired),
    )


def _fire(
    strata: _Strata, scope: Scope, facts: Facts, backend: Backend, service: str | None
) -> list[Firing]:
    """Fire one scope level by level; what a level derives is visible from the next level on."""
    fired: list[Firing] = []
    derives = strata.derives
    for level in strata.levels[scope]:
        derived: dict[str, set] = {}
        for rule_id, values in backend.fire(scope, level, facts):
            fired.append(Firing(rule_id, service, values))
            for ref, value in derives[rule_id]:
                derived.setdefault(ref, set(facts.get(ref, ()))).add(value)
        for ref, vals in derived.items():
            facts[ref] = tuple(sorted(vals, key=repr))
    return fired


def _sorted(fired: list[Firing], order: dict[str, int]) -> tuple[Firing, ...]:
    return tuple(sorted(fired, key=lambda f: order[f.rule]))
