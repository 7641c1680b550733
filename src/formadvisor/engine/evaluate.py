"""How one answer set is evaluated, whichever backend fires the rules.

The policy is evaluated in strata: first the group's rules, level by level, then each service's
rules with the group's answers and derived facts, level by level. Within a level no rule reads
a fact that the level derives, so the order in which a backend fires rules never matters: a
durable_rules session and the plain reading must agree exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from formadvisor.engine.facts import organisation_facts, service_facts
from formadvisor.engine.reading import Facts
from formadvisor.rules.conditions import Scalar
from formadvisor.rules.contract import AS_OF
from formadvisor.rules.effects import Derive
from formadvisor.rules.policy import Policy, Scope


class Firing(BaseModel):
    """One rule that held, where (None: the group; else a service's name), and on which values."""

    model_config = ConfigDict(frozen=True)

    rule: str
    service: str | None = None
    values: dict[str, tuple[Scalar, ...]] = {}


class Trace(BaseModel):
    """Every rule that fired for one answer set, in policy order."""

    model_config = ConfigDict(frozen=True)

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

    def fire(self, scope: Scope, level: int, facts: Facts) -> Iterable[tuple[str, dict]]: ...


def levels(policy: Policy, scope: Scope) -> list[int]:
    return sorted({pr.level for pr in policy.rules if pr.scope == scope})


class _Strata:
    """What `evaluate` reads of a policy on every call, worked out once per policy."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.order = {pr.rule.id: i for i, pr in enumerate(policy.rules)}
        self.levels = {scope: levels(policy, scope) for scope in ("organisation", "service")}
        self.derives = {
            pr.rule.id: tuple(
                ("fact." + e.derive.fact, e.derive.value)
                for e in pr.rule.then
                if isinstance(e, Derive)
            )
            for pr in policy.rules
        }


def _strata(policy: Policy) -> _Strata:
    found = policy.memo.get("plan.strata")
    if found is None:
        found = policy.memo["plan.strata"] = _Strata(policy)
    return found  # type: ignore[return-value]


def evaluate(policy: Policy, answers: BaseModel, backend: Backend, as_of: dt.date) -> Trace:
    """Fire the whole policy for one answer set and return the trace."""
    q = policy.questionnaire
    strata = _strata(policy)
    org = organisation_facts(q, answers)
    org[AS_OF] = (as_of.toordinal(),)
    org_fired = _run_scope(strata, "organisation", org, backend, None)
    services = []
    for service in answers.services:  # type: ignore[attr-defined]
        facts = service_facts(q, org, service)
        services.append(_run_scope(strata, "service", facts, backend, service.name))
    order = strata.order
    return Trace.model_construct(  # every part built here, of the right types: no validation
        as_of=as_of,
        organisation=_sorted(org_fired, order),
        services=tuple(_sorted(s, order) for s in services),
    )


def _run_scope(
    strata: _Strata, scope: Scope, facts: Facts, backend: Backend, service: str | None
) -> list[Firing]:
    fired: list[Firing] = []
    derives = strata.derives
    for level in strata.levels[scope]:
        derived: dict[str, set] = {}
        for rule_id, values in backend.fire(scope, level, facts):
            fired.append(_firing(rule_id, service, values))
            for ref, value in derives[rule_id]:
                derived.setdefault(ref, set(facts.get(ref, ()))).add(value)
        for ref, vals in derived.items():  # visible from the next level on
            facts[ref] = tuple(sorted(vals, key=repr))
    return fired


_FIRING_FIELDS = frozenset(Firing.model_fields)


def _firing(rule: str, service: str | None, values: dict) -> Firing:
    """`Firing(...)` without validation (what `model_construct` does, at a tenth of its cost):
    the backend's values are already tuples of scalars, and this runs for every fired rule."""
    firing = object.__new__(Firing)
    object.__setattr__(firing, "__dict__", {"rule": rule, "service": service, "values": values})
    object.__setattr__(firing, "__pydantic_fields_set__", _FIRING_FIELDS)
    object.__setattr__(firing, "__pydantic_extra__", None)
    object.__setattr__(firing, "__pydantic_private__", None)
    return firing


def _sorted(fired: list[Firing], order: dict[str, int]) -> tuple[Firing, ...]:
    return tuple(sorted(fired, key=lambda f: order[f.rule]))
