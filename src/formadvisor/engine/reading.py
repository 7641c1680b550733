"""The one plain-Python reading of rule conditions.

It serves as the oracle durable_rules must agree with, as the fast screen that what-if and the
answer-space search read first, and as the questionnaire's `ask_when`. Each condition tree
becomes nested closures (no eval, no code from the rules: each closure is one of a fixed few).
It reads the tree directly, not the compiler's normal form, so agreement over many random
answer sets checks the normal form, the compiler and durable_rules together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

from formadvisor.engine.memo import StratumMemo
from formadvisor.rules.conditions import AllOf, AnyOf, Clause, Condition, NotOf, Scalar, clauses_of
from formadvisor.rules.policy import Policy, Scope, effective_condition

Facts = dict[str, tuple[Scalar, ...]]  # reference → its values (a list answer has several)
Test = Callable[[Facts], bool]

_UNBOUND: Mapping[str, tuple] = MappingProxyType({})  # the plain reading binds no values
_COMPILED: dict[int, tuple[Condition, Test]] = {}
_COMPILED_MAX = 4096  # conditions of a few policies; a reload's new ones replace the old


def holds(node: Condition, facts: Facts) -> bool:
    """Whether a condition holds for the facts (an unanswered question has no values)."""
    found = _COMPILED.get(id(node))
    if found is None or found[0] is not node:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        found = _COMPILED[id(node)] = (node, compile_condition(node))
    return found[1](facts)


def compile_condition(node: Condition) -> Test:
    """A condition as a function of the facts: the meaning of every condition, in one place."""
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
        out += _flat(item) if isinstance(item, type(node)) else [item]
    return out


def _clause(t: Clause) -> Test:
    ref, op, v = t.ref, t.op, t.value
    if op in ("is", "contains"):
        return lambda f: v in f.get(ref, ())
    if op == "is_not":
        return lambda f: bool(x := f.get(ref, ())) and v not in x
    if isinstance(v, tuple):  # the list-valued operators
        s = frozenset(v)
        if op in ("in", "contains_any"):
            return lambda f: any(x in s for x in f.get(ref, ()))
        if op == "not_in":
            return lambda f: bool(x := f.get(ref, ())) and not any(y in s for y in x)
        return lambda f: all(x in f.get(ref, ()) for x in v)  # contains_all
    if op == "lt":
        return lambda f: any(x < v for x in f.get(ref, ()))  # type: ignore[operator]  # numbers: checked at load
    if op == "lte":
        return lambda f: any(x <= v for x in f.get(ref, ()))  # type: ignore[operator]  # numbers: checked at load
    if op == "gt":
        return lambda f: any(x > v for x in f.get(ref, ()))  # type: ignore[operator]  # numbers: checked at load
    if op == "gte":
        return lambda f: any(x >= v for x in f.get(ref, ()))  # type: ignore[operator]  # numbers: checked at load
    if op == "answered":
        return lambda f: bool(f.get(ref, ())) == v
    return lambda f: (not f.get(ref, ())) == v  # empty


class PlainReading:
    """The policy read in plain Python, as a backend: fires the same strata as durable_rules.

    `without` leaves one rule out (what `rules explain` compares against). Bound values are not
    recorded: the oracle's agreement is on which rules fire. With `memo`, each stratum's
    output is kept under the facts it reads (`engine/memo.py`, the dependency index durable's
    engine keeps too): what the what-if screen reads, where alternatives differ in one answer.
    """

    def __init__(self, policy: Policy, without: str | None = None, memo: bool = False):
        self._strata: dict[tuple[Scope, int], list[tuple[str, Test]]] = {}
        reads: dict[tuple[Scope, int], set[str]] = {}
        for pr in policy.rules:
            if pr.rule.id != without:
                condition = effective_condition(pr, policy)
                self._strata.setdefault((pr.scope, pr.level), []).append(
                    (pr.rule.id, compile_condition(condition))
                )
                reads.setdefault((pr.scope, pr.level), set()).update(
                    t.ref for t in clauses_of(condition)
                )
        self.memo = StratumMemo(reads) if memo else None

    def fire(
        self, scope: Scope, level: int, facts: Facts
    ) -> Iterable[tuple[str, Mapping[str, tuple]]]:
        if self.memo is not None:
            return self.memo.through(scope, level, facts, lambda: self._fire(scope, level, facts))
        return self._fire(scope, level, facts)

    def _fire(self, scope: Scope, level: int, facts: Facts) -> list[tuple[str, Mapping]]:
        unbound = _UNBOUND
        return [(rid, unbound) for rid, test in self._strata.get((scope, level), ()) if test(facts)]

    def close(self) -> None:
        """Nothing to free (a backend closes; durable_rules' does)."""
