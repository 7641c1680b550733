"""Stratification: which rules run once per service, and in what order.

A rule is per service (its scope) if it reads a service answer or a fact that some per-service
rule derives. Within a scope, a rule's level puts it after every rule deriving a fact it reads,
so a derived fact is complete before anything reads it; facts that depend on each other in a
circle have no order and are reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.effects import Derive, Rule
from formadvisor.rules.policy import Scope


def scopes_of(rules: Sequence[Rule]) -> tuple[dict[str, Scope], set[str]]:
    """Each rule's scope by id, and the facts (`fact.<name>`) derived per service; iterated to
    a fixed point, since each per-service fact can make more rules per service."""
    scopes: dict[str, Scope] = {}
    service_facts: set[str] = set()
    for rule in rules:
        reads_service = any(t.ref.startswith("service.") for t in clauses_of(rule.when))
        scopes[rule.id] = "service" if reads_service else "organisation"
    changed = True
    while changed:
        changed = False
        service_facts = {
            "fact." + e.derive.fact
            for r in rules
            if scopes[r.id] == "service"
            for e in r.then
            if isinstance(e, Derive)
        }
        for rule in rules:
            if scopes[rule.id] == "organisation" and any(
                t.ref in service_facts for t in clauses_of(rule.when)
            ):
                scopes[rule.id] = "service"
                changed = True
    return scopes, service_facts


def levels_of(
    rules: Sequence[Rule], scopes: dict[str, Scope]
) -> tuple[dict[str, int], dict[str, str]]:
    """Each rule's level by id, and the rules caught in a circle of derived facts (with a rule
    of the circle it runs through); those get level 0, so checking can go on."""
    derivers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rule in rules:
        for e in rule.then:
            if isinstance(e, Derive):
                derivers[(scopes[rule.id], "fact." + e.derive.fact)].append(rule.id)
    reads = {rule.id: {t.ref for t in clauses_of(rule.when)} for rule in rules}
    levels: dict[str, int] = {}
    circles: dict[str, str] = {}
    visiting: set[str] = set()

    def level(rid: str) -> int:
        if rid in levels:
            return levels[rid]
        if rid in visiting:
            raise _Cycle(rid)
        visiting.add(rid)
        deps = [d for ref in reads[rid] for d in derivers.get((scopes[rid], ref), [])]
        levels[rid] = 1 + max((level(d) for d in deps), default=-1)
        visiting.discard(rid)
        return levels[rid]

    for rid in reads:
        try:
            level(rid)
        except _Cycle as c:
            circles[rid] = c.rule
            levels.setdefault(rid, 0)
            visiting.clear()
    return levels, circles


class _Cycle(Exception):
    def __init__(self, rule: str):
        self.rule = rule
