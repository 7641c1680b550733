"""Why: each fired rule as a reason in the group's own words, and the considerations.

A reason is a rule's `because` with the answers filled in, its sources as citations, and for
a ranked option the weight it added or took away. Sources reach a user only through
`Reasons.shown`: a source limited to other nations (`nations` in sources.yaml) is never shown
to the group, so a rule may cite each nation's own instrument side by side. The ranking itself
is `ranking.Ranker`'s; this module explains it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from formadvisor.advice.ranking import Ranker
from formadvisor.advice.results import Consideration, Ranking, Reason, ServiceResult
from formadvisor.advice.wording import said_wording
from formadvisor.engine.evaluate import Firing, Trace
from formadvisor.rules.checks import PLACEHOLDER
from formadvisor.rules.effects import (
    Consider,
    ConsiderationKind,
    ConsiderationOrder,
    SeekAdvice,
)
from formadvisor.rules.models import Question, Source, one_line
from formadvisor.rules.policy import Policy, PolicyRule

# (option, "for" | "against" | "excluded", weight, reason) for one effect of one firing
Effect = tuple[str, str, int, Reason]


class Reasons:
    """One policy's rules, read back as reasons and considerations for one answer set."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.rules = {pr.rule.id: pr for pr in policy.rules}
        self.rule_order = {pr.rule.id: i for i, pr in enumerate(policy.rules)}
        self.about = {pr.rule.id: pr.rule.about for pr in policy.rules if pr.rule.about}
        self.words = said_wording(policy)

    def reason(self, answers: BaseModel, firing: Firing, weight: int | None = None) -> Reason:
        pr = self.rules[firing.rule]
        return Reason(
            rule=pr.rule.id,
            because=self._render(pr, answers, firing.service),
            sources=self.citations(pr.rule.sources, getattr(answers, "nation", None)),
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

    def shown(self, source_ids: Sequence[str], nation: object) -> list[Source]:
        """The sources a group in `nation` is shown of those cited: never one limited to other
        nations (the one filter; `rules check` makes sure each rule keeps a source per nation)."""
        return [s for s in map(self.policy.source, source_ids) if s.applies_to(nation)]

    def citations(self, source_ids: Sequence[str], nation: object) -> tuple[str, ...]:
        return tuple(s.citation() for s in self.shown(source_ids, nation))

    def unsourced(self, reason: Reason) -> bool:
        """Whether the reason rests on a fact no public source confirmed, among the sources it
        shows (a citation starts with its source's id): another nation's never counts."""
        return any(self.policy.source(c.split(": ", 1)[0]).unsourced for c in reason.sources)

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

    def considerations(self, trace: Trace, nation: object = None) -> tuple[Consideration, ...]:
        """What to weigh, by topic: each rule's considerations and advice to seek, and every
        unsourced fact a fired rule rests on, once per topic (sources as a group in `nation`
        is shown them)."""
        out: dict[tuple, Consideration] = {}
        for firing in trace.firings():
            pr = self.rules[firing.rule]
            cites = self.citations(pr.rule.sources, nation)
            for effect in pr.rule.then:
                if isinstance(effect, Consider):
                    topic, text, caveat = effect.consider.topic, effect.consider.text, False
                    kind: ConsiderationKind = "consider"
                elif isinstance(effect, SeekAdvice):
                    advice = effect.seek_advice
                    topic, caveat, kind = advice.topic, True, "seek_advice"
                    on = advice.on.rstrip(".")
                    text = (
                        self.words.seek_advice.format(on=on, who=advice.who)
                        if advice.who
                        else self.words.seek_advice_anyone.format(on=on)
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
                    kind=kind,
                )
                out.setdefault((c.rule, c.text, c.service), c)
            for source in self.shown(pr.rule.sources, nation):
                if source.unsourced:
                    c = Consideration(
                        topic=pr.topic or "governance",
                        rule=pr.rule.id,
                        caveat=True,
                        kind="unsourced",
                        sources=(source.citation(),),
                        text=self.words.unsourced_fact.format(title=source.title, ask=source.ask),
                    )
                    out.setdefault(("unsourced", source.id, c.topic), c)
        order = {t.id: i for i, t in enumerate(self.policy.options.topics)}
        rule_order = self.rule_order
        # Within a rule, in the order the rule says them (never by their words: the same
        # answers list them in the same order in every language).
        placed = sorted(
            enumerate(out.values()),
            key=lambda ic: (
                order.get(ic[1].topic, len(order)),
                rule_order[ic[1].rule],
                ic[1].service or "",
                ic[0],
            ),
        )
        return tuple(c for _, c in placed)


def sharpen(
    every: tuple[Consideration, ...],
    form: Ranking,
    services: Sequence[ServiceResult],
    ranker: Ranker,
    order: ConsiderationOrder,
    rule_order: dict[str, int],
    about: dict[str, tuple[str, ...]],
) -> tuple[Consideration, ...]:
    """The considerations a result shows: those that apply to the shortlist (the leader and
    the runner-up of the form and of each service's routes), each said once, the most
    consequential first, at most `order.shown` of them.

    A consideration applies to the options its rule is `about`, else to those it favours or
    disfavours; one from a rule that scores no option (a general one, or an exclusion, which
    shaped the shortlist) applies whatever is chosen. The order: what applies to a leader,
    then what applies only to a runner-up; what comes from a rule that scores a shortlisted
    option or excludes one before a general one; then by kind and by topic as `order` lists.
    The first of each kind (advice to seek, a fact to check, something to weigh) is kept
    before the limit cuts the rest.
    """

    def two(ranking: Ranking) -> list[str]:
        return [o.option for o in ranking.ranking if o.eligible][:2]

    forms = two(form)
    routes = {s.name: two(s.contract_route) for s in services}

    def place(c: Consideration) -> tuple[int, int] | None:
        scored_f, excluded_f = ranker.contributions(c.rule, routes=False)
        scored_r, excluded_r = ranker.contributions(c.rule, routes=True)
        named = set(about.get(c.rule, ())) or {o for o, _ in (*scored_f, *scored_r)}
        if not named:  # general, or from an exclusion (which shaped the shortlist)
            return (0, 0) if excluded_f or excluded_r else (0, 1)
        mine = [routes[c.service]] if c.service in routes else list(routes.values())
        leaders = set(forms[:1]) | {r[0] for r in mine if r}
        shortlist = set(forms) | {o for r in mine for o in r}
        if named & leaders:
            return (0, 0)
        return (1, 0) if named & shortlist else None

    topics = {t: i for i, t in enumerate(order.topics)}
    placed = []
    for c in every:
        where = place(c)
        if where is not None:
            key = (
                *where,
                order.kinds.index(c.kind),
                topics.get(c.topic, len(topics)),
                rule_order.get(c.rule, 0),
                c.service or "",
            )
            placed.append((key, c))
    placed.sort(key=lambda kc: kc[0])
    said: dict[str, Consideration] = {}
    for _, c in placed:
        # once: the same words (for several services), or the same unchecked source
        text = c.sources[0] if c.kind == "unsourced" and c.sources else c.text
        seen = said.get(text)
        if seen is None:
            said[text] = c
            continue
        names = seen.services or ((seen.service,) if seen.service else ())
        if names and c.service and c.service not in names:  # said for several services
            said[text] = seen.model_copy(update={"service": None, "services": (*names, c.service)})
    ranked = list(said.values())
    first: dict[str, int] = {}  # where each kind first comes
    for i, c in enumerate(ranked):
        first.setdefault(c.kind, i)
    keep = set(sorted(first.values())[: order.shown])
    keep |= set([i for i in range(len(ranked)) if i not in keep][: order.shown - len(keep)])
    return tuple(c for i, c in enumerate(ranked) if i in keep)


def words_of(question: Question, value: object) -> str:
    """An answer in the question's own words (in its questionnaire's language)."""
    words = question.words
    if value is None:
        return words.not_answered if words else ""
    if isinstance(value, tuple | list):
        listed = ", ".join(question.label_of(v) for v in value)
        return listed or (words.none if words else "")
    return question.label_of(value)
