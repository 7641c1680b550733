"""A what-if's consequence in plain words: what the new form or route would mean for the group.

Built only from sourced data: each option's `instead` facts (options.yaml, each citing a
source; the first a group's nation may be shown) and the fees of the action-plan steps the
change adds (action_plan.yaml). The wording is scoring.yaml's `what_if.consequence`.
"""

from __future__ import annotations

from collections.abc import Sequence

from formadvisor.advice.action_plan import PlanStep, shown
from formadvisor.rules.effects import Consequences, DecisionWording
from formadvisor.rules.models import KeyFact
from formadvisor.rules.policy import Policy


class Consequence:
    """Words one what-if's consequence, collecting the sources it cites."""

    def __init__(
        self, policy: Policy, words: Consequences, decision: DecisionWording, nation: object
    ):
        self.policy, self.words, self.decision, self.nation = policy, words, decision, nation
        self.sources: list[str] = []

    def form(self, option: str | None, fees: Sequence[PlanStep]) -> str:
        if option is None:
            return self.words.no_form.format(who=self.decision.seek_advice_from.form)
        facts = self._facts(option, fees)
        return self.words.form.format(option=self.policy.option(option).label, facts=facts)

    def route(self, service: str, option: str | None, fees: Sequence[PlanStep]) -> str:
        if option is None:
            who = self.decision.seek_advice_from.route
            return self.words.no_route.format(service=service, who=who)
        label = self.policy.option(option).label
        return self.words.route.format(
            service=service, option=label, facts=self._facts(option, fees)
        )

    def _facts(self, option: str, fees: Sequence[PlanStep]) -> str:
        found = self.policy.option(option)
        facts = [f for f in found.instead if self._shown(f)][:2] or [
            f for f in found.key_facts if self._shown(f)
        ][:1]
        said = [self._fact(f) for f in facts]
        for step in fees:
            said.append(self.words.fee.format(label=step.label, amount=self._amount(step)))
            self.sources += step.sources
        return self.words.join.join(said)

    def _shown(self, fact: KeyFact) -> bool:
        return shown(self.policy.source(fact.source), self.nation)

    def _fact(self, fact: KeyFact) -> str:
        source = self.policy.source(fact.source)
        self.sources.append(source.citation())
        if source.unsourced:
            return self.words.unsourced.format(text=fact.text, ask=source.ask)
        return fact.text

    def _amount(self, step: PlanStep) -> str:
        low = f"{step.fee_gbp:,g}"
        if step.fee_up_to_gbp is None:
            return self.words.amount.format(low=low)
        return self.words.amount_range.format(low=low, high=f"{step.fee_up_to_gbp:,g}")

    def cited(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.sources))
