"""The plain reading, made fast for searching the answer space: closures, no validation.

Each condition tree becomes nested closures (no eval, no code from the rules: each closure is
one of a fixed few), facts are built straight from an answer document with the questionnaire's
defaults (what `validate_answers` would give, without pydantic), and the outcome is only what
the search needs: the recommended form and each service's route, with what excluded the rest.
Tests prove it agrees with `conditions.holds`, with `validate_answers` + `organisation_facts`
and with `Advisor` on the plain reading; every finding is confirmed on durable_rules anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from formadvisor.answers import Facts, answer_facts, document_facts
from formadvisor.checks import AS_OF
from formadvisor.conditions import AllOf, AnyOf, Clause, Condition, NotOf
from formadvisor.models import Derive, Disfavour, Exclude, Favour, Policy
from formadvisor.plan import effective_condition

Test = Callable[[Facts], bool]


def compile_condition(node: Condition) -> Test:
    """A condition as a function of the facts, with the meaning of `conditions.holds`."""
    if isinstance(node, Clause):
        return _clause(node)
    if isinstance(node, NotOf):
        inner = compile_condition(node.item)
        return lambda facts: not inner(facts)
    parts = tuple(compile_condition(item) for item in _flat(node))
    if len(parts) == 1:
        return parts[0]
    if isinstance(node, AllOf):
        if len(parts) == 2:
            a, b = parts
            return lambda facts: a(facts) and b(facts)

        def all_of(facts: Facts) -> bool:
            for p in parts:  # noqa: SIM110 (a loop is faster than all() over a generator)
                if not p(facts):
                    return False
            return True

        return all_of
    if len(parts) == 2:
        a, b = parts
        return lambda facts: a(facts) or b(facts)

    def any_of(facts: Facts) -> bool:
        for p in parts:  # noqa: SIM110
            if p(facts):
                return True
        return False

    return any_of


def _flat(node: AllOf | AnyOf) -> list[Condition]:
    """The items of nested combinators of the same kind, as one list (the same meaning)."""
    out: list[Condition] = []
    for item in node.items:
        out += _flat(item) if type(item) is type(node) else [item]  # type: ignore[arg-type]
    return out


def _clause(t: Clause) -> Test:
    ref, op, v = t.ref, t.op, t.value
    if op in ("is", "contains"):
        return lambda f: v in f.get(ref, ())
    if op == "is_not":
        return lambda f: bool(x := f.get(ref, ())) and v not in x
    if op in ("in", "contains_any"):
        s = frozenset(v)  # type: ignore[arg-type]
        return lambda f: any(x in s for x in f.get(ref, ()))
    if op == "not_in":
        s = frozenset(v)  # type: ignore[arg-type]
        return lambda f: bool(x := f.get(ref, ())) and not any(y in s for y in x)
    if op == "contains_all":
        return lambda f: all(x in f.get(ref, ()) for x in v)  # type: ignore[union-attr]
    if op == "lt":
        return lambda f: any(x < v for x in f.get(ref, ()))
    if op == "lte":
        return lambda f: any(x <= v for x in f.get(ref, ()))
    if op == "gt":
        return lambda f: any(x > v for x in f.get(ref, ()))
    if op == "gte":
        return lambda f: any(x >= v for x in f.get(ref, ()))
    if op == "answered":
        return lambda f: bool(f.get(ref, ())) == v
    return lambda f: (not f.get(ref, ())) == v  # empty


def group_facts(policy: Policy, doc: dict) -> Facts:
    """The group's facts as `organisation_facts` gives them for the validated answers (the
    document must be valid)."""
    q = policy.questionnaire
    services = [_with_defaults(q.service_questions, s) for s in doc.get("services", ())]
    return document_facts(q, {**_with_defaults(q.questions, doc), "services": services})


def service_facts(policy: Policy, org: Facts, service: dict) -> Facts:
    """One service's facts, as `answers.service_facts` gives them."""
    questions = policy.questionnaire.service_questions
    return answer_facts(questions, _with_defaults(questions, service), "service.", org)


def _with_defaults(questions, doc: dict) -> dict:
    return {x.id: doc.get(x.id, x.default) for x in questions}


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
        org = group_facts(self.policy, doc)
        org[AS_OF] = self.day
        org_fired = self.fire("organisation", org)
        service_fired = [
            self.fire("service", service_facts(self.policy, org, s)) for s in doc["services"]
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
