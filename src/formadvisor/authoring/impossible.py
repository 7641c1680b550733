"""Conditions that can never hold: no answer set meets any alternative of the normal form.

An alternative (a conjunct of literals) is impossible when it tests one answer in ways no
single answer meets (`nation: wales` and `nation: england`; `< 3` and `> 5`; contains X and
does not contain X), or when it needs an answer to a question that is never asked under it (a
question with `ask_when` has no answer when it is not asked, whatever its default; an
unanswered optional question that is asked takes its `default`, so it is present). Each
reference is tried on the few values the literals can tell apart (`candidates`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from formadvisor.authoring.reference import describe
from formadvisor.engine.reading import holds
from formadvisor.rules.conditions import (
    Clause,
    Condition,
    Literal_,
    NotOf,
    Scalar,
    clauses_of,
)
from formadvisor.rules.contract import AS_OF, SERVICE_COUNT
from formadvisor.rules.models import Question
from formadvisor.rules.policy import Policy

MAX_SUBSET_VALUES = 10  # list answers with more values are tried on singletons only


def question_of(policy: Policy, ref: str) -> Question | None:
    q = policy.questionnaire
    if ref.startswith("service."):
        return next((x for x in q.service_questions if "service." + x.id == ref), None)
    return next((x for x in q.questions if x.id == ref), None)


def literal_holds(lit: Literal_, values: tuple) -> bool:
    """One literal of the normal form on one reference's values (the engine's reading)."""
    kind = lit.test[0]
    if kind == "any":
        found = bool(values)
    elif kind == "eq":
        found = lit.test[1] in values
    elif kind == "in":
        found = any(x in lit.test[1] for x in values)
    else:
        found = any(_COMPARE[kind](x, lit.test[1]) for x in values)
    return found == lit.positive


_COMPARE = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def candidates(policy: Policy, ref: str, lits: Iterable[Literal_]) -> list[tuple]:
    """Every distinct value a reference can take, as far as these literals can tell apart."""
    info = policy.refs.get(ref)
    q = question_of(policy, ref)
    absent = q is None or q.ask_when is not None or (not q.required and q.default in (None, ()))
    if ref == SERVICE_COUNT:
        absent = False
    out: list[tuple] = [()] if absent else []
    kind = info.type if info else "integer"
    if info is not None and (info.is_list or info.derived):
        values = list(info.values) or [True, False]
        subsets: Iterable[tuple[Scalar, ...]]
        if len(values) <= MAX_SUBSET_VALUES:
            subsets = itertools.chain.from_iterable(
                itertools.combinations(values, k) for k in range(1, len(values) + 1)
            )
        else:
            subsets = [(v,) for v in values] + [tuple(values)]
        least = q.min_items if q is not None else 0
        if least == 0 and () not in out:
            out.append(())
        return out + [tuple(s) for s in subsets if len(s) >= least]
    if kind == "choice" and info is not None:
        return out + [(v,) for v in info.values]
    if kind == "boolean":
        return [*out, (True,), (False,)]
    low, high = (q.minimum, q.maximum) if q is not None else (None, None)
    if ref == SERVICE_COUNT:
        low, high = 0, 50
    points = {
        p
        for lit in lits
        if lit.test[0] in _COMPARE or lit.test[0] == "eq"
        for p in _near(lit.test[1])
    }
    for lit in lits:
        if lit.test[0] == "in":
            points.update(v for v in lit.test[1] if isinstance(v, int))
    points.update(p for p in (low, high) if p is not None)
    keep = sorted(p for p in points if (low is None or p >= low) and (high is None or p <= high))
    return out + [(p,) for p in keep]


def _near(value: object) -> list:
    return [value - 1, value, value + 1] if isinstance(value, int) else []


def never_holds(policy: Policy, dnf: list[tuple[Literal_, ...]]) -> str | None:
    """Why no answer set meets any alternative of the condition, or None if one may."""
    reasons = [_impossible(policy, conj) for conj in dnf]
    if not dnf or any(r is None for r in reasons):
        return None
    first = reasons[0]
    if len(dnf) == 1:
        return f"the condition can never hold: {first}"
    return f"the condition can never hold: none of its {len(dnf)} alternatives can (first: {first})"


def _impossible(policy: Policy, conj: tuple[Literal_, ...]) -> str | None:
    by_ref: dict[str, list[Literal_]] = {}
    for lit in conj:
        by_ref.setdefault(lit.ref, []).append(lit)
    allowed: dict[str, list[tuple]] = {}
    for ref, lits in by_ref.items():
        allowed[ref] = [
            c for c in candidates(policy, ref, lits) if all(literal_holds(x, c) for x in lits)
        ]
        if not allowed[ref]:
            return "no answer meets " + " and ".join(literal_words(x, policy) for x in lits)
    for ref in by_ref:
        q = question_of(policy, ref)
        if q is None or q.ask_when is None or () in allowed[ref]:
            continue
        if not _askable(policy, q.ask_when, by_ref):
            asked = describe(q.ask_when, policy)
            return (
                f"it needs an answer to `{ref}`, which is only asked when {asked}, "
                f"and it also requires "
                + " and ".join(
                    literal_words(x, policy) for r in _refs(q.ask_when) for x in by_ref.get(r, [])
                )
            )
    return None


def _refs(node: Condition) -> list[str]:
    return sorted({t.ref for t in clauses_of(node)})


def _askable(policy: Policy, ask_when: Condition, by_ref: dict[str, list[Literal_]]) -> bool:
    """Whether some values of the references `ask_when` reads meet both it and the conjunct."""
    refs = _refs(ask_when)
    options = [
        [
            c
            for c in candidates(policy, r, by_ref.get(r, []))
            if all(literal_holds(x, c) for x in by_ref.get(r, []))
        ]
        for r in refs
    ]
    for combo in itertools.product(*options):
        facts = {r: v for r, v in zip(refs, combo, strict=True) if v}
        if holds(ask_when, facts):
            return True
    return False


def literal_words(lit: Literal_, policy: Policy) -> str:
    """One literal in words (dates for the day a rule is applied)."""
    kind = lit.test[0]
    if lit.ref == AS_OF:
        day = dt.date.fromordinal(lit.test[1]).isoformat()
        word = {"gte": "on or after", "lt": "before"}.get(kind, kind)
        return f"the day is {'' if lit.positive else 'not '}{word} {day}"
    if kind == "any":
        clause = Clause(ref=lit.ref, op="answered", value=lit.positive)
        return describe(clause, policy)
    listed = policy.refs[lit.ref].is_list if lit.ref in policy.refs else False
    op = {"eq": "is", "in": "contains_any" if listed else "in"}.get(kind, kind)
    clause = Clause(ref=lit.ref, op=op, value=lit.test[1])
    return describe(clause if lit.positive else NotOf(item=clause), policy)
