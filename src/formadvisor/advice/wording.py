"""How a result is worded and ordered, as data: the policy's `scoring.yaml`, or the default
policy's where an older rule set has none (so `rules diff` against an old revision, and saved
assessments made under old rules, still run)."""

from __future__ import annotations

from formadvisor.rules.effects import ConsiderationOrder, DecisionWording, Scoring, WhatIfOrder
from formadvisor.rules.policy import Policy
from formadvisor.rules.yamlfile import read_yaml
from formadvisor.settings import default_rules


def decision_wording(policy: Policy) -> DecisionWording:
    """The sentences a decision is worded with."""
    found = policy.scoring.decision or _default().decision
    if found is None:
        raise ValueError("scoring.yaml has no `decision` wording, nor has the default policy's")
    return found


def consideration_order(policy: Policy) -> ConsiderationOrder:
    """Which considerations a result shows, and in what order."""
    found = policy.scoring.considerations or _default().considerations
    if found is None:
        raise ValueError("scoring.yaml has no `considerations` order, nor has the default policy's")
    return found


def what_if_order(policy: Policy) -> WhatIfOrder:
    """How the what-if list is ranked and its consequences worded."""
    found = policy.scoring.what_if or _default().what_if
    if found is None:
        raise ValueError("scoring.yaml has no `what_if` order, nor has the default policy's")
    return found


def _default() -> Scoring:
    return Scoring.model_validate(read_yaml(default_rules() / "scoring.yaml").data)
