"""Synthetic policies of any size over the real questionnaire, like engine-notes §4.

Each rule is a conjunction of 2–4 random tests (`randomised.random_test`, every operator the
rule format allows) of the group's or a service's answers, favouring or disfavouring a random
form. Rules that would pass a durable_rules limit are drawn again, so the result always
compiles: it is a valid policy the real engine, the plain reading and zen-engine all run.
"""

from __future__ import annotations

import random

from formadvisor.engine.compiler import compile_policy
from formadvisor.engine.randomised import condition_refs, random_test
from formadvisor.rules.conditions import AllOf, Clause
from formadvisor.rules.effects import Disfavour, Favour, Rule, Scored
from formadvisor.rules.loading import RulesInvalid
from formadvisor.rules.policy import Policy, PolicyRule, RefInfo

TESTS_PER_ANSWER = 30  # distinct tests of one answer; durable allows 60 (compiler.py)


def _test(info: RefInfo, rng: random.Random, drawn: dict[str, list[Clause]]) -> Clause:
    """A new random test, or once an answer has been tested enough ways, one of those again."""
    known = drawn.setdefault(info.ref, [])
    if len(known) >= TESTS_PER_ANSWER:
        return rng.choice(known)
    test = random_test(info, rng)
    known.append(test)
    return test


def _rule(base: Policy, rng: random.Random, n: int, drawn: dict) -> PolicyRule:
    service = rng.random() < 0.4
    refs = condition_refs(base, service)
    tests = tuple(_test(rng.choice(refs), rng, drawn) for _ in range(rng.randint(2, 4)))
    scope = "service" if any(t.ref.startswith("service.") for t in tests) else "organisation"
    option = rng.choice(base.form_ids)
    weight = rng.choice(("strong", "moderate", "weak"))
    effect = (
        Favour(favour=Scored(options=(option,), weight=weight))
        if rng.random() < 0.7
        else Disfavour(disfavour=Scored(options=(option,), weight=weight))
    )
    rule = Rule(
        id=f"synthetic.r{n}",
        when=AllOf(items=tests),
        because="synthetic",
        then=(effect,),
        sources=(_timeless_source(base),),
    )
    return PolicyRule(
        rule=rule, file="synthetic.yaml", line=n + 1, topic=None, scope=scope, level=0
    )


def _timeless_source(base: Policy) -> str:
    """A source always in force: a dated one would add the same date test to every rule, and
    durable allows only 250 rules to share one test."""
    return next(
        s.id
        for s in base.sources.sources
        if not (s.in_force and (s.in_force.start or s.in_force.end))
    )


def synthetic_policy(base: Policy, size: int, seed: int = 6) -> Policy:
    """`base` with exactly `size` random rules in place of its own; compiles on durable_rules."""
    rng = random.Random(seed)
    drawn: dict[str, list[Clause]] = {}
    rules = [_rule(base, rng, n, drawn) for n in range(size)]
    while True:
        candidate = base.model_copy(
            update={"rules": tuple(rules), "version": f"synthetic{size}x{seed}"}
        )
        try:
            compile_policy(candidate)
            return candidate
        except RulesInvalid as invalid:
            at_fault = {p.rule for p in invalid.problems}
            if not at_fault - {""}:
                raise
            rules = [
                _rule(base, rng, int(r.rule.id.split(".r")[1]), drawn)
                if r.rule.id in at_fault
                else r
                for r in rules
            ]
