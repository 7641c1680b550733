"""What a condition may say about each reference: an answer, a service answer or a fact.

A list answer takes only membership tests; a number also takes comparisons; a value must be
one the question (or the rules deriving the fact) can give. `checks` builds the table of
references and reports, with file and line, what `clause_problems` finds.
"""

from __future__ import annotations

from formadvisor.rules.conditions import Clause
from formadvisor.rules.models import Question
from formadvisor.rules.policy import RefInfo

MAX_INT = 2**53

LIST_OPS = {"is", "contains", "contains_any", "contains_all", "empty", "answered"}
SCALAR_OPS = {"is", "is_not", "in", "not_in", "answered"}
COMPARISONS = {"lt", "lte", "gt", "gte"}


def ref_of(q: Question, prefix: str) -> RefInfo:
    """The reference to question `q`'s answer (`prefix` "service." for a service question)."""
    values = q.values if q.type in ("choice", "choices") else ()
    return RefInfo(
        ref=prefix + q.id,
        type=q.type,
        values=values,
        is_list=q.type == "choices",
        scope="service" if prefix else "organisation",
    )


def clause_problems(t: Clause, info: RefInfo) -> list[str]:
    """What is wrong with the test `t` of the reference `info` describes: an operator that
    does not suit its type, or values it cannot take."""
    if info.is_list:
        allowed = LIST_OPS
    else:
        allowed = SCALAR_OPS | (COMPARISONS if info.type == "integer" else set())
    if t.op not in allowed:
        return [f"'{t.op}' does not apply to {t.ref} ({_kind(info)})"]
    if t.op in ("answered", "empty"):
        return []
    out = []
    for v in t.values:
        problem = _value_problem(info, v)
        if problem:
            out.append(f"{t.ref}: {problem}")
    return out


def _kind(info: RefInfo) -> str:
    return (
        "a list"
        if info.is_list
        else {"boolean": "yes or no", "integer": "a number", "choice": "one choice"}.get(
            info.type, info.type
        )
    )


def _value_problem(info: RefInfo, v: object) -> str | None:
    if info.type == "boolean" or (info.is_list and info.values == (True, False)):
        return None if isinstance(v, bool) else f"{v!r} is not true or false"
    if info.type == "integer":
        if isinstance(v, bool) or not isinstance(v, int):
            return f"{v!r} is not a whole number"
        return None if abs(v) < MAX_INT else f"{v} is too large"
    if v not in info.values:
        return f"{v!r} is not one of: {', '.join(map(str, info.values))}"
    return None
