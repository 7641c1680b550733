"""The plain-Python reading of the same rules: the oracle the durable engine must agree with.

It reads each condition tree directly (not the compiler's normal form), so agreement over many
random answer sets checks the normal form, the compiler and durable_rules together.
"""

from __future__ import annotations

from collections.abc import Iterable

from formadvisor.answers import Facts
from formadvisor.conditions import holds
from formadvisor.models import Policy, Scope
from formadvisor.plan import effective_condition


class ReferenceEngine:
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
