"""Rule conditions: the adviser's shorthand, its parsed tree, and its normal form.

A condition is data, never code. In a rule file it is a mapping:

    when:
      nation: wales                          # the answer is wales
      member_practices: {">=": 5}            # a comparison
      purposes: {contains_any: [back_office, estates]}
      any:                                   # at least one of
        - service.kind: pharmacy_support
        - not: {service.commissioner: icb}

Several keys in one mapping must all hold. The operators are a closed set (`OPERATORS`).
`to_dnf` rewrites a tree into an OR of ANDs of literals, each a test of one answer against
constants, which is the only shape the durable_rules compiler emits (engine-notes §0, §5).
"""

from __future__ import annotations

import itertools
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

Scalar = StrictBool | StrictInt | StrictStr
Path = tuple[str | int, ...]

# The adviser's spelling → the canonical operator.
OPERATORS: dict[str, str] = {
    "is": "is",
    "is_not": "is_not",
    "in": "in",
    "not_in": "not_in",
    "<": "lt",
    "<=": "lte",
    ">": "gt",
    ">=": "gte",
    "contains": "contains",
    "contains_any": "contains_any",
    "contains_all": "contains_all",
    "answered": "answered",
    "empty": "empty",
}
LIST_VALUED_OPS = {"in", "not_in", "contains_any", "contains_all"}
COMBINATORS = ("all", "any", "not")


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Clause(_Node):
    """One test of one answer (or derived fact) against constants."""

    kind: Literal["test"] = "test"
    ref: str
    op: str
    value: Scalar | tuple[Scalar, ...]
    at: Path = ()  # where the test stands in its file, for messages

    @property
    def values(self) -> tuple[Scalar, ...]:
        """The constants tested against: the list of `in`, `contains_any` and the like, or the
        one value of any other test."""
        return self.value if isinstance(self.value, tuple) else (self.value,)


class AllOf(_Node):
    kind: Literal["all"] = "all"
    items: tuple[Condition, ...]


class AnyOf(_Node):
    kind: Literal["any"] = "any"
    items: tuple[Condition, ...]


class NotOf(_Node):
    kind: Literal["not"] = "not"
    item: Condition


Condition = Clause | AllOf | AnyOf | NotOf
for _model in (AllOf, AnyOf, NotOf):
    _model.model_rebuild()


class ConditionError(ValueError):
    """A condition that does not parse; `path` says where, relative to the file."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


def parse_condition(raw: object, path: Path) -> tuple[Condition | None, list[ConditionError]]:
    """Parse the shorthand into a tree, collecting every problem rather than stopping."""
    errors: list[ConditionError] = []
    node = _parse(raw, path, errors)
    return (None if errors else node), errors


def _parse(raw: object, path: Path, errors: list[ConditionError]) -> Condition | None:
    if isinstance(raw, list):
        items = [_parse(item, (*path, i), errors) for i, item in enumerate(raw)]
        return AllOf(items=tuple(i for i in items if i is not None))
    if not isinstance(raw, dict) or not raw:
        errors.append(ConditionError(path, "a condition must be a mapping of answers to values"))
        return None
    parts: list[Condition] = []
    for key, value in raw.items():
        here = (*path, key)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                errors.append(ConditionError(here, f"'{key}' takes a non-empty list of conditions"))
                continue
            items = [_parse(item, (*here, i), errors) for i, item in enumerate(value)]
            kept = tuple(i for i in items if i is not None)
            parts.append(AllOf(items=kept) if key == "all" else AnyOf(items=kept))
        elif key == "not":
            inner = _parse(value, here, errors)
            if inner is not None:
                parts.append(NotOf(item=inner))
        else:
            test = _parse_test(str(key), value, here, errors)
            if test is not None:
                parts.append(test)
    if len(parts) == 1:
        return parts[0]
    return AllOf(items=tuple(parts))


def _parse_test(ref: str, value: object, path: Path, errors: list[ConditionError]) -> Clause | None:
    if isinstance(value, dict):
        if len(value) != 1:
            errors.append(ConditionError(path, "give exactly one operator, e.g. {'>=': 5}"))
            return None
        ((op, operand),) = value.items()
        if op not in OPERATORS:
            known = ", ".join(OPERATORS)
            errors.append(ConditionError(path, f"unknown operator '{op}' (use one of: {known})"))
            return None
        op = OPERATORS[op]
    else:
        op, operand = "is", value
    if op in LIST_VALUED_OPS:
        if not isinstance(operand, list) or not operand or not all(_is_scalar(v) for v in operand):
            errors.append(ConditionError(path, f"'{op}' takes a non-empty list of values"))
            return None
        return Clause(ref=ref, op=op, value=tuple(operand), at=path)
    if not _is_scalar(operand):
        errors.append(ConditionError(path, "a value must be text, a whole number, true or false"))
        return None
    if op in ("answered", "empty") and not isinstance(operand, bool):
        errors.append(ConditionError(path, f"'{op}' takes true or false"))
        return None
    return Clause(ref=ref, op=op, value=operand, at=path)


def _is_scalar(value: object) -> bool:
    return isinstance(value, bool | int | str)


def clauses_of(node: Condition) -> list[Clause]:
    """Every test in a tree, in reading order."""
    if isinstance(node, Clause):
        return [node]
    if isinstance(node, NotOf):
        return clauses_of(node.item)
    return [t for item in node.items for t in clauses_of(item)]


# --- the plain reading ---------------------------------------------------------------------------


class Literal_(_Node):
    """A pattern for one fact: `positive` means such a fact exists, else none does.

    `test` is the constant test on the fact's value: ("any",) for mere presence,
    ("eq", v), ("in", (v, ...)) or a comparison ("gte", v) and so on.
    """

    ref: str
    test: tuple
    positive: bool = True


Conjunct = tuple[Literal_, ...]


def to_dnf(node: Condition, list_refs: frozenset[str] = frozenset()) -> list[Conjunct]:
    """Rewrite a condition as an OR of ANDs of literals.

    Inequalities become "answered and not equal", so no `$neq` is ever emitted
    (upstream #406). `list_refs` names the answers that are lists (one fact per element).
    """
    return _dnf(node, True, list_refs)


def _dnf(node: Condition, positive: bool, list_refs: frozenset[str]) -> list[Conjunct]:
    if isinstance(node, NotOf):
        return _dnf(node.item, not positive, list_refs)
    if isinstance(node, AllOf | AnyOf):
        parts = [_dnf(item, positive, list_refs) for item in node.items]
        conjunctive = isinstance(node, AllOf) == positive  # De Morgan
        if conjunctive:
            return [
                tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*parts)
            ]
        return [conj for part in parts for conj in part]
    alternatives = _literal_alternatives(node, node.ref in list_refs)
    if positive:
        return alternatives
    # not (c1 or c2 ...) where each ci is a conjunction: distribute the negations.
    negated = [[_negate(lit) for lit in conj] for conj in alternatives]
    return [tuple(combo) for combo in itertools.product(*negated)]


def dnf_size(node: Condition, positive: bool = True) -> int:
    """How many alternatives `to_dnf` would give, counted without building them: a short
    condition such as `all` of ten `any`s of four can have a million (4 ** 10)."""
    if isinstance(node, NotOf):
        return dnf_size(node.item, not positive)
    if isinstance(node, AllOf | AnyOf):
        sizes = [dnf_size(item, positive) for item in node.items]
        return math.prod(sizes) if isinstance(node, AllOf) == positive else sum(sizes)
    alternatives = _literal_alternatives(node, False)
    return len(alternatives) if positive else math.prod(len(c) for c in alternatives)


def _negate(lit: Literal_) -> Literal_:
    return lit.model_copy(update={"positive": not lit.positive})


def _literal_alternatives(t: Clause, is_list: bool) -> list[Conjunct]:
    """The test as an OR of ANDs of literals (positive sense)."""
    ref, op, v = t.ref, t.op, t.value
    present = Literal_(ref=ref, test=("any",))
    if op in ("is", "contains"):
        return [(Literal_(ref=ref, test=("eq", v)),)]
    if op == "is_not":
        return [(present, Literal_(ref=ref, test=("eq", v), positive=False))]
    if op in ("in", "contains_any"):
        return [(Literal_(ref=ref, test=("in", t.values)),)]
    if op == "not_in":
        return [(present, Literal_(ref=ref, test=("in", t.values), positive=False))]
    if op == "contains_all":
        return [tuple(Literal_(ref=ref, test=("eq", x)) for x in t.values)]
    if op in ("lt", "lte", "gt", "gte"):
        return [(Literal_(ref=ref, test=(op, v)),)]
    if op in ("answered", "empty"):
        wants_present = v if op == "answered" else not v
        return [(present if wants_present else _negate(present),)]
    raise ValueError(f"unknown operator {op}")  # parse_condition admits no other
