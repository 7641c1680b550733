"""The one plain-Python reading of rule conditions: the oracle durable_rules must agree with,
the fast screen, the answer-space search and the questionnaire's `ask_when`.

Each condition tree becomes nested closures (no eval, no code from the rules: each closure is
one of a fixed few). It reads the condition tree directly (not the compiler's normal form), so
agreement over many random answer sets checks the normal form, the compiler and durable_rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from formadvisor.rules.conditions import AllOf, AnyOf, Clause, Condition, NotOf, Scalar
from formadvisor.rules.policy import Policy, Scope, effective_condition

Facts = dict[str, tuple[Scalar, ...]]  # reference → its values (a list answer has several)


def holds(node: Condition, facts: dict[str, tuple]) -> bool:
    """Whether a condition holds, read directly: the reference semantics the engine must match.

    `facts` maps each reference to its values; an unanswered question has none, a list answer
    may have several.
    """
    if isinstance(node, Clause):
        return _test_holds(node, facts.get(node.ref, ()))
    if isinstance(node, NotOf):
        return not holds(node.item, facts)
    if isinstance(node, AllOf):
        return all(holds(item, facts) for item in node.items)
    return any(holds(item, facts) for item in node.items)


def _test_holds(t: Clause, values: tuple) -> bool:
    op, v = t.op, t.value
    if op in ("is", "contains"):
        return v in values
    if op == "is_not":
        return bool(values) and v not in values
    if op in ("in", "contains_any"):
        return any(x in v for x in values)  # type: ignore[operator]
    if op == "not_in":
        return bool(values) and not any(x in v for x in values)  # type: ignore[operator]
    if op == "contains_all":
        return all(x in values for x in v)  # type: ignore[union-attr]
    if op in _COMPARE:
        return any(_COMPARE[op](x, v) for x in values)
    if op == "answered":
        return bool(values) == v
    return (not values) == v  # empty


_COMPARE = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


# --- normal form -------------------------------------------------------------------------------


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


class PlainReading:
    def __init__(self, policy: Policy):
        self._strata: dict[tuple[Scope, int], list] = {}
        for pr in policy.rules:
            self._strata.setdefault((pr.scope, pr.level), []).append(
                (pr.rule.id, effective_condition(pr, policy))
            )

    def fire(self, scope: Scope, level: int, facts: Facts) -> Iterable[tuple[str, dict]]:
        return [
            (rid, {}) for rid, cond in self._strata.get((scope, level), []) if holds(cond, facts)
        ]

    def close(self) -> None:
        pass
