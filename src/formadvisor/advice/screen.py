"""The fast screen: the plain reading over an answer document, with the recommended form and
routes (what the answer-space search and what-if look at first; durable_rules confirms).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from formadvisor.engine.facts import document_group_facts, document_service_facts
from formadvisor.engine.reading import Facts, compile_condition
from formadvisor.rules.contract import AS_OF
from formadvisor.rules.effects import Derive, Disfavour, Exclude, Favour
from formadvisor.rules.policy import Policy, effective_condition


@dataclass(frozen=True)
class Outcome:
    """What the search looks at in one answer set's recommendation."""

    form: str | None
    form_excluded_by: tuple[str, ...]  # rules that excluded a form
    routes: tuple[str | None, ...]  # per service
    route_excluded_by: tuple[tuple[str, ...], ...]
    fired: frozenset[str]


class FastReading:
    """One policy, compiled to closures; `outcome(doc)` reads one answer document."""

    def __init__(self, policy: Policy, as_of: dt.date, without: str | None = None):
        self.policy = policy
        self.day = (as_of.toordinal(),)
        self.forms, self.routes = policy.form_ids, policy.route_ids
        form_pos = {o: i for i, o in enumerate(self.forms)}
        route_pos = {o: i for i, o in enumerate(self.routes)}
        self.strata: dict[str, list[list[tuple]]] = {"organisation": [], "service": []}
        levels = sorted({pr.level for pr in policy.rules})
        for scope, strata in self.strata.items():
            for level in levels:
                rules = [
                    (pr.rule.id, compile_condition(effective_condition(pr, policy)), _derives(pr))
                    for pr in policy.rules
                    if pr.scope == scope and pr.level == level and pr.rule.id != without
                ]
                if rules:
                    strata.append(rules)
        self.effects: dict[str, tuple[list, list, list, list]] = {}
        for pr in policy.rules:
            fs, fx, rs, rx = [], [], [], []
            for e in pr.rule.then:
                if isinstance(e, Favour | Disfavour):
                    scored = e.favour if isinstance(e, Favour) else e.disfavour
                    w = policy.scoring.weight(scored.weight) * (1 if isinstance(e, Favour) else -1)
                    fs += [(form_pos[o], w) for o in scored.options if o in form_pos]
                    rs += [(route_pos[o], w) for o in scored.options if o in route_pos]
                elif isinstance(e, Exclude):
                    fx += [form_pos[o] for o in e.exclude if o in form_pos]
                    rx += [route_pos[o] for o in e.exclude if o in route_pos]
            self.effects[pr.rule.id] = (fs, fx, rs, rx)

    def fire(self, scope: str, facts: Facts) -> list[str]:
        fired: list[str] = []
        for stratum in self.strata[scope]:
            derived: dict[str, set] = {}
            for rid, test, derives in stratum:
                if test(facts):
                    fired.append(rid)
                    for ref, value in derives:
                        derived.setdefault(ref, set(facts.get(ref, ()))).add(value)
            for ref, vals in derived.items():
                facts[ref] = tuple(sorted(vals, key=repr))
        return fired

    def outcome(self, doc: dict) -> Outcome:
        org = document_group_facts(self.policy, doc)
        org[AS_OF] = self.day
        org_fired = self.fire("organisation", org)
        service_fired = [
            self.fire("service", document_service_facts(self.policy, org, s))
            for s in doc["services"]
        ]
        return self.rank(org_fired, service_fired)

    def rank(self, org_fired: list[str], service_fired: list[list[str]]) -> Outcome:
        """The outcome of these firings (the group's, then each service's), whoever fired them."""
        everything = set(org_fired).union(*service_fired)
        form, form_by = self._rank(len(self.forms), everything, 0)
        routes, route_by = [], []
        for fired in service_fired:
            route, by = self._rank(len(self.routes), [*org_fired, *fired], 2)
            routes.append(route)
            route_by.append(by)
        return Outcome(
            form=None if form is None else self.forms[form],
            form_excluded_by=form_by,
            routes=tuple(None if r is None else self.routes[r] for r in routes),
            route_excluded_by=tuple(route_by),
            fired=frozenset(everything),
        )

    def _rank(self, n: int, fired, at: int) -> tuple[int | None, tuple[str, ...]]:
        scores, excluded, by = [0] * n, set(), []
        for rid in fired:
            effects = self.effects[rid]
            for pos, w in effects[at]:
                scores[pos] += w
            if effects[at + 1]:
                excluded.update(effects[at + 1])
                by.append(rid)
        eligible = [i for i in range(n) if i not in excluded]
        if not eligible:
            return None, tuple(sorted(set(by)))
        return min(eligible, key=lambda i: (-scores[i], i)), tuple(sorted(set(by)))


def _derives(pr) -> list[tuple[str, object]]:
    return [
        ("fact." + e.derive.fact, e.derive.value) for e in pr.rule.then if isinstance(e, Derive)
    ]
