"""Why: each fired rule as a reason in the group's own words, and the considerations.

A reason is a rule's `because` with the answers filled in, its sources as citations, and for
a ranked option the weight it added or took away. The ranking itself is `ranking.Ranker`'s;
this module explains it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from formadvisor.advice.ranking import Ranker
from formadvisor.advice.results import Consideration, Reason
from formadvisor.engine.evaluate import Firing, Trace
from formadvisor.rules.checks import PLACEHOLDER
from formadvisor.rules.effects import Consider, SeekAdvice
from formadvisor.rules.models import Question, one_line
from formadvisor.rules.policy import Policy, PolicyRule

# (option, "for" | "against" | "excluded", weight, reason) for one effect of one firing
Effect = tuple[str, str, int, Reason]


class Reasons:
    """One policy's rules, read back as reasons and considerations for one answer set."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.rules = {pr.rule.id: pr for pr in policy.rules}

    def reason(self, answers: BaseModel, firing: Firing, weight: int | None = None) -> Reason:
        pr = self.rules[firing.rule]
        return Reason(
            rule=pr.rule.id,
            because=self._render(pr, answers, firing.service),
            sources=tuple(self.policy.source(s).citation() for s in pr.rule.sources),
            service=firing.service,
            weight=weight,
        )

    def effects(
        self, answers: BaseModel, firings: Sequence[Firing], ranker: Ranker, routes: bool
    ) -> list[Effect]:
        """What each firing did to the forms (or routes), with its reason, in firing order: the
        ranker's own numbers, each beside the reason that explains it."""
        out: list[Effect] = []
        for firing in firings:
            scored, excluded = ranker.contributions(firing.rule, routes)
            for oid, weight in scored:
                reason = self.reason(answers, firing, weight)
                out.append((oid, "for" if weight >= 0 else "against", weight, reason))
            out += [(oid, "excluded", 0, self.reason(answers, firing)) for oid in excluded]
        return out

    def unsourced(self, rule_id: str) -> bool:
        return any(self.policy.source(s).unsourced for s in self.rules[rule_id].rule.sources)

    def _render(self, pr: PolicyRule, answers: BaseModel, service_name: str | None) -> str:
        q = self.policy.questionnaire
        services: Sequence[Any] = getattr(answers, "services", ())
        service = next((s for s in services if s.name == service_name), None)

        def value(match: Any) -> str:
            name = match.group(1)
            if name.startswith("service."):
                key = name.removeprefix("service.")
                question = next(x for x in q.service_questions if x.id == key)
                return words_of(question, getattr(service, key, None))
            question = next(x for x in q.questions if x.id == name)
            return words_of(question, getattr(answers, name))

        return one_line(PLACEHOLDER.sub(value, pr.rule.because))

    def considerations(self, trace: Trace) -> tuple[Consideration, ...]:
        """What to weigh, by topic: each rule's considerations and advice to seek, and every
        unsourced fact a fired rule rests on, once per topic."""
        out: dict[tuple, Consideration] = {}
        for firing in trace.firings():
            pr = self.rules[firing.rule]
            cites = tuple(self.policy.source(s).citation() for s in pr.rule.sources)
            for effect in pr.rule.then:
                if isinstance(effect, Consider):
                    topic, text, caveat = effect.consider.topic, effect.consider.text, False
                elif isinstance(effect, SeekAdvice):
                    advice = effect.seek_advice
                    topic, caveat = advice.topic, True
                    text = f"Seek advice on {advice.on.rstrip('.')}" + (
                        f" from {advice.who}." if advice.who else "."
                    )
                else:
                    continue
                c = Consideration(
                    topic=topic or pr.topic or "governance",
                    text=text,
                    rule=pr.rule.id,
                    sources=cites,
                    service=firing.service,
                    caveat=caveat,
                )
                out.setdefault((c.rule, c.text, c.service), c)
            for sid in pr.rule.sources:
                source = self.policy.source(sid)
                if source.unsourced:
                    c = Consideration(
                        topic=pr.topic or "governance",
                        rule=pr.rule.id,
                        caveat=True,
                        sources=(source.citation(),),
                        text=f"Not confirmed by a public source: {source.title}. "
                        f"Check it with {source.ask} before relying on it.",
                    )
                    out.setdefault(("unsourced", sid, c.topic), c)
        order = {t.id: i for i, t in enumerate(self.policy.options.topics)}
        rule_order = {pr.rule.id: i for i, pr in enumerate(self.policy.rules)}
        return tuple(
            sorted(
                out.values(),
                key=lambda c: (
                    order.get(c.topic, len(order)),
                    rule_order[c.rule],
                    c.service or "",
                    c.text,
                ),
            )
        )


def words_of(question: Question, value: object) -> str:
    """An answer in the question's own words."""
    if value is None:
        return "not answered"
    if isinstance(value, tuple | list):
        return ", ".join(question.label_of(v) for v in value) or "none"
    return question.label_of(value)
