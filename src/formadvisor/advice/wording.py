"""How a result is worded and ordered, as data: the policy's `scoring.yaml`, or the default
policy's where an older rule set has none (so `rules diff` against an old revision, and saved
assessments made under old rules, still run)."""

from __future__ import annotations

from typing import TypeVar

from formadvisor.rules.effects import (
    ConsiderationOrder,
    DecisionWording,
    SaidWording,
    Scoring,
    WhatIfOrder,
    WhatIfShort,
)
from formadvisor.rules.layout import SUMMARY_FILE
from formadvisor.rules.models import one_line
from formadvisor.rules.policy import Policy
from formadvisor.rules.yamlfile import read_yaml
from formadvisor.settings import default_rules

T = TypeVar("T")


def decision_wording(policy: Policy) -> DecisionWording:
    """The sentences a decision is worded with."""
    return _section(policy, "decision", DecisionWording)


def consideration_order(policy: Policy) -> ConsiderationOrder:
    """Which considerations a result shows, and in what order."""
    return _section(policy, "considerations", ConsiderationOrder)


def said_wording(policy: Policy) -> SaidWording:
    """How considerations say advice and unsourced facts, and a line says a change."""
    return _section(policy, "said", SaidWording)


def what_if_order(policy: Policy) -> WhatIfOrder:
    """How the what-if list is ranked and its consequences worded."""
    return _section(policy, "what_if", WhatIfOrder)


def what_if_short(policy: Policy) -> WhatIfShort:
    """How a what-if is said in a line; the default policy's for a rule set older than it."""
    found = what_if_order(policy).said.short or policy.memo.get("wording.what_if.short")
    if found is None:
        default = _default().what_if
        found = policy.memo["wording.what_if.short"] = default.said.short if default else None
    if not isinstance(found, WhatIfShort):
        raise ValueError("scoring.yaml has no `what_if.said.short`, nor has the default policy's")
    return found


def disclaimer(policy: Policy) -> str:
    """What every result ends with: `summary.yaml`'s `disclaimer`, else the default policy's."""
    found: object = policy.summary.disclaimer if policy.summary else None
    if found is None:
        found = policy.memo.get("wording.disclaimer")
    if found is None:
        data = read_yaml(default_rules() / SUMMARY_FILE).data
        found = policy.memo["wording.disclaimer"] = (
            data.get("disclaimer") if isinstance(data, dict) else None
        )
    if not isinstance(found, str) or not found:
        raise ValueError("summary.yaml has no `disclaimer`, nor has the default policy's")
    return one_line(found)


def _section(policy: Policy, name: str, kind: type[T]) -> T:
    """`scoring.yaml`'s section `name`; for an older rule set without it, the default
    policy's, read once for this policy (what-if asks for it for every change)."""
    found = getattr(policy.scoring, name) or policy.memo.get(f"wording.{name}")
    if found is None:
        found = policy.memo[f"wording.{name}"] = getattr(_default(), name)
    if not isinstance(found, kind):
        raise ValueError(f"scoring.yaml has no `{name}`, nor has the default policy's")
    return found


def _default() -> Scoring:
    return Scoring.model_validate(read_yaml(default_rules() / "scoring.yaml").data)
