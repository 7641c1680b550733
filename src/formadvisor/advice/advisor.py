"""Turn the trace of fired rules into a ranked, justified recommendation, with what-if.

Scores: each option's score is the sum of the weights of the rules favouring it, less those
disfavouring it. An excluded option is not eligible and ranks last. Ties are broken by the
order of `options.yaml`, so the same answers and rules always give the same result.
A rule that fires for several services counts once towards the organisational form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from formadvisor.advice.answers import AnswersInvalid, validate_answers
from formadvisor.advice.results import (
    Consideration,
    Decision,
    RankedOption,
    Ranking,
    Reason,
    Recommendation,
    RulesetInfo,
    ServiceResult,
    WhatIf,
)
from formadvisor.advice.screen import FastReading
from formadvisor.engine.durable import DurableEngine
from formadvisor.engine.evaluate import Backend, Firing, Trace, evaluate
from formadvisor.rules.checks import PLACEHOLDER, load_policy
from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.effects import Consider, Disfavour, Exclude, Favour, SeekAdvice
from formadvisor.rules.models import Question, one_line
from formadvisor.rules.policy import Policy, PolicyRule

DISCLAIMER = (
    "formadvisor is decision support, not legal, tax, pension or financial advice. Check the "
    "recommendation and its sources with your LMC, a solicitor and an accountant before acting."
)


class Advisor:
    """A checked, compiled policy that answers questions; one per rules version."""

    def __init__(self, policy: Policy, backend: Backend | None = None):
        self.policy = policy
        self.backend = backend if backend is not None else DurableEngine(policy)
        self._rules = {pr.rule.id: pr for pr in policy.rules}
        self._fast: dict[dt.date, FastReading] = {}
        self._read = answers_read(policy)

    @classmethod
    def from_folder(cls, folder: Path) -> Advisor:
        return cls(load_policy(folder))

    def close(self) -> None:
        self.backend.close()  # type: ignore[attr-defined]

    def validate(self, data: object) -> BaseModel:
        return validate_answers(self.policy.questionnaire, data)

    def trace(self, answers: BaseModel, as_of: dt.date) -> Trace:
        return evaluate(self.policy, answers, self.backend, as_of)

    def recommend(
        self, data: object, as_of: dt.date | None = None, what_if: bool = True
    ) -> Recommendation:
        """Validate the answers (raising `AnswersInvalid`) and recommend, with reasons."""
        return self.recommend_traced(data, as_of, what_if)[0]

    def recommend_traced(
        self, data: object, as_of: dt.date | None = None, what_if: bool = True
    ) -> tuple[Recommendation, Trace]:
        """`recommend`, with the trace it was made from (what a saved assessment keeps)."""
        answers = data if isinstance(data, BaseModel) else self.validate(data)
        as_of = as_of or dt.date.today()
        trace = self.trace(answers, as_of)
        form, services = self._rankings(answers, trace)
        recommendation = Recommendation(
            ruleset=RulesetInfo(version=self.policy.version, rules=len(self.policy.rules)),
            as_of=as_of,
            organisational_form=form,
            services=tuple(services),
            considerations=self._considerations(answers, trace),
            fired_rules=tuple(self._reason(answers, f) for f in trace.firings()),
            what_if=tuple(self._what_if(answers, as_of, form, services)) if what_if else (),
            disclaimer=DISCLAIMER,
        )
        return recommendation, trace

    # --- ranking ----------------------------------------------------------------------------

    def _rankings(self, answers: BaseModel, trace: Trace) -> tuple[Ranking, list[ServiceResult]]:
        forms = self.policy.form_ids
        routes = self.policy.route_ids
        seen: set[str] = set()
        form_effects = []
        for firing in trace.firings():
            if firing.rule not in seen:  # once for the group, however many services it held for
                seen.add(firing.rule)
                form_effects += self._effects(answers, firing, forms)
        group_routes = [e for f in trace.organisation for e in self._effects(answers, f, routes)]
        services = []
        for service, fired in zip(answers.services, trace.services, strict=True):  # type: ignore[attr-defined]
            own = [e for f in fired for e in self._effects(answers, f, routes)]
            ranking = self._rank(routes, group_routes + own)
            services.append(ServiceResult(name=service.name, contract_route=ranking))
        return self._rank(forms, form_effects), services

    def _effects(self, answers: BaseModel, firing: Firing, options: tuple[str, ...]) -> list:
        """(option, kind, weight, reason) for each effect of the firing on these options."""
        pr = self._rules[firing.rule]
        out = []
        for effect in pr.rule.then:
            if isinstance(effect, Favour | Disfavour):
                scored = effect.favour if isinstance(effect, Favour) else effect.disfavour
                weight = self.policy.scoring.weight(scored.weight)
                weight = weight if isinstance(effect, Favour) else -weight
                for oid in scored.options:
                    if oid in options:
                        reason = self._reason(answers, firing, weight)
                        out.append((oid, "for" if weight >= 0 else "against", weight, reason))
            elif isinstance(effect, Exclude):
                for oid in effect.exclude:
                    if oid in options:
                        out.append((oid, "excluded", 0, self._reason(answers, firing)))
        return out

    def _rank(self, option_ids: tuple[str, ...], effects: list) -> Ranking:
        entries = []
        for position, oid in enumerate(option_ids):
            mine = [e for e in effects if e[0] == oid]
            pick = lambda kind, m=mine: tuple(r for _, k, _, r in m if k == kind)  # noqa: E731
            excluded = pick("excluded")
            score = sum(w for _, k, w, _ in mine if k != "excluded")
            option = RankedOption(
                option=oid,
                label=self.policy.option(oid).label,
                score=score,
                eligible=not excluded,
                for_=pick("for"),
                against=pick("against"),
                excluded_by=excluded,
            )
            entries.append((not option.eligible, -score, position, option))
        ranking = tuple(e[-1] for e in sorted(entries, key=lambda e: e[:3]))
        return Ranking(
            recommended=ranking[0].option if ranking[0].eligible else None,
            ranking=ranking,
            decision=self._decision(ranking),
        )

    def _decision(self, ranking: tuple[RankedOption, ...]) -> Decision:
        eligible = [o for o in ranking if o.eligible]
        if not eligible:
            return Decision(
                runner_up=None,
                margin=None,
                close_call=True,
                rests_on_unsourced=False,
                summary="No option fits: each is excluded by a rule (see why not).",
                deciding_reasons=(),
            )
        win = eligible[0]
        if len(eligible) == 1:
            return Decision(
                runner_up=None,
                margin=None,
                close_call=False,
                rests_on_unsourced=False,
                summary=f"{win.label} is the only option no rule excludes.",
                deciding_reasons=win.for_,
            )
        run = eligible[1]
        margin = win.score - run.score
        deciding = tuple(r for r in win.for_ if r.rule not in {x.rule for x in run.for_}) + tuple(
            r for r in run.against if r.rule not in {x.rule for x in win.against}
        )
        unsourced_weight = sum(abs(r.weight or 0) for r in deciding if self._unsourced(r.rule))
        rests = margin > 0 and unsourced_weight >= margin
        close = margin < self.policy.scoring.close_call_margin
        summary = f"{win.label} scores {win.score}, {margin} more than {run.label} ({run.score})."
        if margin == 0:
            summary = (
                f"{win.label} and {run.label} both score {win.score}; the tie goes to the "
                "simpler option."
            )
        if close:
            summary += " This is a close call: weigh the reasons for both."
        if rests:
            summary += " The lead rests on facts no public source confirmed: check them first."
        return Decision(
            runner_up=run.option,
            margin=margin,
            close_call=close,
            rests_on_unsourced=rests,
            summary=summary,
            deciding_reasons=deciding,
        )

    # --- reasons and considerations -------------------------------------------------------

    def _unsourced(self, rule_id: str) -> bool:
        return any(self.policy.source(s).unsourced for s in self._rules[rule_id].rule.sources)

    def _reason(self, answers: BaseModel, firing: Firing, weight: int | None = None) -> Reason:
        pr = self._rules[firing.rule]
        return Reason(
            rule=pr.rule.id,
            because=self._render(pr, answers, firing.service),
            sources=tuple(self.policy.source(s).citation() for s in pr.rule.sources),
            service=firing.service,
            weight=weight,
        )

    def _render(self, pr: PolicyRule, answers: BaseModel, service_name: str | None) -> str:
        q = self.policy.questionnaire
        service = next((s for s in answers.services if s.name == service_name), None)  # type: ignore[attr-defined]

        def value(match) -> str:
            name = match.group(1)
            if name.startswith("service."):
                key = name.removeprefix("service.")
                question = next(x for x in q.service_questions if x.id == key)
                return _words(question, getattr(service, key, None))
            question = next(x for x in q.questions if x.id == name)
            return _words(question, getattr(answers, name))

        return one_line(PLACEHOLDER.sub(value, pr.rule.because))

    def _considerations(self, answers: BaseModel, trace: Trace) -> tuple[Consideration, ...]:
        out: dict[tuple, Consideration] = {}
        for firing in trace.firings():
            pr = self._rules[firing.rule]
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

    # --- what-if ----------------------------------------------------------------------------

    def _what_if(
        self, answers: BaseModel, as_of: dt.date, form: Ranking, services: list[ServiceResult]
    ) -> Iterator[WhatIf]:
        """Every single change that changes a recommendation, found fast, shown from durable.

        Alternatives to answers no rule reads (through `ask_when` too) cannot change a fact,
        so they are skipped; the rest are read by the fast plain reading (closures, no
        validation), and each one whose form or route moves is evaluated again on
        durable_rules, whose result is what is shown.
        """
        base = {s.name: s.contract_route.recommended for s in services}
        fast = self._fast_reading(as_of)
        for key, value, doc in alternatives(self.policy, answers):
            if _question(key) not in self._read:
                continue
            guess = fast.outcome(doc)
            routes = zip((s["name"] for s in doc["services"]), guess.routes, strict=True)
            if guess.form == form.recommended and all(base[n] == r for n, r in routes):
                continue
            try:
                other = self.validate(doc)
            except AnswersInvalid:
                continue
            trace = self.trace(other, as_of)  # durable_rules decides what is shown
            shown = fast.rank(
                [f.rule for f in trace.organisation], [[f.rule for f in s] for s in trace.services]
            )
            names = (s.name for s in other.services)  # type: ignore[attr-defined]
            found = self._what_if_one(
                key, value, form, base, shown.form, dict(zip(names, shown.routes, strict=True))
            )
            if found is not None:
                yield found

    def _fast_reading(self, as_of: dt.date) -> FastReading:
        """The policy compiled to closures for one day (kept: what-if asks for it every time)."""
        fast = self._fast.get(as_of)
        if fast is None:
            if len(self._fast) > 8:
                self._fast.clear()
            fast = self._fast[as_of] = FastReading(self.policy, as_of)
        return fast

    def what_if_naive(
        self, answers: BaseModel, as_of: dt.date, form: Ranking, services: list[ServiceResult]
    ) -> Iterator[WhatIf]:
        """`_what_if` the slow way, every alternative on durable_rules: the test's oracle."""
        base = {s.name: s.contract_route.recommended for s in services}
        for key, value, doc in alternatives(self.policy, answers):
            try:
                other = self.validate(doc)
            except AnswersInvalid:
                continue
            new_form, new_services = self._rankings(other, self.trace(other, as_of))
            routes = {s.name: s.contract_route.recommended for s in new_services}
            found = self._what_if_one(key, value, form, base, new_form.recommended, routes)
            if found is not None:
                yield found

    def _what_if_one(
        self,
        key: str,
        value: object,
        form: Ranking,
        base_routes: dict[str, str | None],
        new_form: str | None,
        routes: dict[str, str | None],
    ) -> WhatIf | None:
        """The what-if of one changed answer, if it moves the form or a service's route."""
        changes = []
        if new_form != form.recommended:
            changes.append(
                f"organisational form: {self._label(form.recommended)} → {self._label(new_form)}"
            )
        for name, route in routes.items():
            if name in base_routes and route != base_routes[name]:
                changes.append(f"{name}: {self._label(base_routes[name])} → {self._label(route)}")
        if not changes:
            return None
        return WhatIf(
            question=key,
            answer=value,
            organisational_form=new_form,
            services=routes,
            changes=tuple(changes),
        )

    def _label(self, option_id: str | None) -> str:
        return self.policy.option(option_id).label if option_id else "nothing eligible"


def _words(question: Question, value: object) -> str:
    if value is None:
        return "not answered"
    if isinstance(value, tuple | list):
        return ", ".join(question.label_of(v) for v in value) or "none"
    return question.label_of(value)


def _question(key: str) -> str:
    """`services[2].kind` → `service.kind`; a group question's key is its id."""
    return "service." + key.split(".", 1)[1] if key.startswith("services[") else key


def answers_read(policy: Policy) -> frozenset[str]:
    """The questions (`nation`, `service.kind`) whose answer some rule can read.

    A rule reads facts: an answer, a service's answer, the `any_service.` summary of the
    services' answers, or a derived fact (derived by rules that read answers themselves).
    An answer a rule never reads can still matter by deciding, through `ask_when`, whether a
    question the rules read is asked; that is followed to a fixed point.
    """
    q = policy.questionnaire
    reads = {t.ref for pr in policy.rules for t in clauses_of(pr.rule.when)}
    facts_of = {x.id: {x.id} for x in q.questions}
    facts_of |= {
        f"service.{x.id}": {f"service.{x.id}", f"any_service.{x.id}"} for x in q.service_questions
    }
    asks = {x.id: x.ask_when for x in q.questions}
    asks |= {f"service.{x.id}": x.ask_when for x in q.service_questions}
    changed = True
    while changed:
        changed = False
        for question, facts in facts_of.items():
            when = asks[question]
            if when is not None and facts & reads:
                more = {t.ref for t in clauses_of(when)} - reads
                if more:
                    reads |= more
                    changed = True
    return frozenset(question for question, facts in facts_of.items() if facts & reads)


def alternatives(policy: Policy, answers: BaseModel) -> Iterator[tuple[str, object, dict]]:
    """Each single change a user could make: (key path, new value, the changed answers)."""
    base = answers.model_dump(mode="json")
    thresholds = _thresholds(policy)
    for q in policy.questionnaire.questions:
        if q.changeable:
            for value in _other_values(q, base.get(q.id), thresholds.get(q.id, ())):
                yield q.id, value, {**base, q.id: value}
    for i, service in enumerate(base["services"]):
        for q in policy.questionnaire.service_questions:
            if q.changeable:
                for value in _other_values(
                    q, service.get(q.id), thresholds.get("service." + q.id, ())
                ):
                    services = [dict(s) for s in base["services"]]
                    services[i][q.id] = value
                    yield f"services[{i}].{q.id}", value, {**base, "services": services}


def _other_values(q: Question, current: object, thresholds: tuple) -> list:
    if q.type == "choice":
        return [v for v in q.values if v != current]
    if q.type == "boolean":
        return [v for v in (True, False) if v != current]
    if q.type == "choices":
        have = list(current or [])
        out = []
        for v in q.values:
            changed = [x for x in have if x != v] if v in have else [*have, v]
            if len(changed) >= q.min_items:
                out.append(sorted(changed, key=q.values.index))
        return out
    if q.type == "integer":
        return sorted(v for v in set(thresholds) if v != current and q.minimum <= v <= q.maximum)  # type: ignore[operator]
    return []


def _thresholds(policy: Policy) -> dict[str, tuple[int, ...]]:
    """For numbers, the values either side of each limit a rule tests."""
    out: dict[str, set[int]] = {}
    for pr in policy.rules:
        for t in clauses_of(pr.rule.when):
            if policy.refs.get(t.ref) and policy.refs[t.ref].type == "integer":
                values = t.value if isinstance(t.value, tuple) else (t.value,)
                for v in values:
                    if isinstance(v, int) and not isinstance(v, bool):
                        out.setdefault(t.ref, set()).update({v - 1, v, v + 1})
    return {k: tuple(sorted(v)) for k, v in out.items()}
