"""The Advisor: answers in, a ranked and justified recommendation out, with what-if.

It evaluates on durable_rules (`engine`), ranks with the one ranker (`ranking`), explains each
place with reasons (`reasons`) and finds the answers that would change it (`whatif`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from formadvisor.advice.action_plan import action_plan
from formadvisor.advice.answers import AnswersInvalid, validate_answers
from formadvisor.advice.ranking import Ranked, ranker
from formadvisor.advice.reasons import Effect, Reasons
from formadvisor.advice.results import (
    Decision,
    RankedOption,
    Ranking,
    Recommendation,
    RulesetInfo,
    ServiceResult,
    WhatIf,
)
from formadvisor.advice.screen import Screen
from formadvisor.advice.summary import summarise
from formadvisor.advice.whatif import alternatives, answers_read, question_of, what_if_of
from formadvisor.engine.durable import DurableEngine
from formadvisor.engine.evaluate import Backend, Firing, Trace, evaluate
from formadvisor.rules.checks import load_policy
from formadvisor.rules.policy import Policy

DISCLAIMER = (
    "formadvisor is decision support, not legal, tax, pension or financial advice. Check the "
    "recommendation and its sources with your LMC, a solicitor and an accountant before acting."
)


class Advisor:
    """A checked, compiled policy that answers questions; one per rules version."""

    def __init__(self, policy: Policy, backend: Backend | None = None):
        self.policy = policy
        self.backend: Backend = backend if backend is not None else DurableEngine(policy)
        self.ranker = ranker(policy)
        self.reasons = Reasons(policy)
        self._screens: dict[dt.date, Screen] = {}
        self._read = answers_read(policy)

    @classmethod
    def from_folder(cls, folder: Path) -> Advisor:
        return cls(load_policy(folder))

    def close(self) -> None:
        self.backend.close()

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
        form, services = self.rankings(answers, trace)
        routes = [s.contract_route.recommended for s in services]
        plan, timeline = action_plan(self.policy, answers, as_of, form.recommended, routes)
        recommendation = Recommendation(
            ruleset=RulesetInfo(version=self.policy.version, rules=len(self.policy.rules)),
            as_of=as_of,
            organisational_form=form,
            services=tuple(services),
            considerations=self.reasons.considerations(trace),
            fired_rules=tuple(self.reasons.reason(answers, f) for f in trace.firings()),
            what_if=tuple(self._what_if(answers, as_of, form, services)) if what_if else (),
            disclaimer=DISCLAIMER,
            action_plan=plan,
            action_plan_timeline=timeline,
        )
        summary = summarise(self.policy, recommendation)
        return recommendation.model_copy(update={"summary": summary}), trace

    # --- ranking, explained -----------------------------------------------------------------

    def rankings(self, answers: BaseModel, trace: Trace) -> tuple[Ranking, list[ServiceResult]]:
        """The form's ranking and each service's route ranking, each place with its reasons."""
        first: dict[str, Firing] = {}  # each rule once for the form, however many services
        for f in trace.firings():
            first.setdefault(f.rule, f)
        once = list(first.values())
        form = self._ranking(
            self.ranker.forms_ranked(f.rule for f in once),
            self.reasons.effects(answers, once, self.ranker, routes=False),
        )
        group = [f.rule for f in trace.organisation]
        group_effects = self.reasons.effects(answers, trace.organisation, self.ranker, True)
        services: Sequence[Any] = getattr(answers, "services", ())
        results = []
        for service, fired in zip(services, trace.services, strict=True):
            ranked = self.ranker.routes_ranked([*group, *(f.rule for f in fired)])
            effects = group_effects + self.reasons.effects(answers, fired, self.ranker, True)
            results.append(
                ServiceResult(name=service.name, contract_route=self._ranking(ranked, effects))
            )
        return form, results

    def _ranking(self, ranked: Ranked, effects: list[Effect]) -> Ranking:
        ranking = tuple(
            RankedOption(
                option=placed.option,
                label=self.policy.option(placed.option).label,
                score=placed.score,
                eligible=placed.eligible,
                for_=_pick(effects, placed.option, "for"),
                against=_pick(effects, placed.option, "against"),
                excluded_by=_pick(effects, placed.option, "excluded"),
            )
            for placed in ranked.order
        )
        return Ranking(
            recommended=ranked.recommended, ranking=ranking, decision=self._decision(ranking)
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
        unsourced = sum(abs(r.weight or 0) for r in deciding if self.reasons.unsourced(r.rule))
        rests = margin > 0 and unsourced >= margin
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

    # --- what-if ----------------------------------------------------------------------------

    def _what_if(
        self, answers: BaseModel, as_of: dt.date, form: Ranking, services: list[ServiceResult]
    ) -> Iterator[WhatIf]:
        """Every single change that changes a recommendation: screened on the plain reading,
        then evaluated on durable_rules and ranked by the same ranker as the recommendation."""
        base = {s.name: s.contract_route.recommended for s in services}
        screen = self.screen(as_of)
        for key, value, doc in alternatives(self.policy, answers):
            if question_of(key) not in self._read:
                continue
            names = [s["name"] for s in doc["services"]]
            guess = screen.outcome(doc)
            routes = dict(zip(names, guess.routes, strict=True))
            if guess.form == form.recommended and routes == base:
                continue
            try:
                other = self.validate(doc)
            except AnswersInvalid:
                continue
            shown = self.ranker.outcome(self.trace(other, as_of))  # durable_rules decides
            found = what_if_of(
                self.policy,
                key,
                value,
                form.recommended,
                base,
                shown.form,
                dict(zip(names, shown.routes, strict=True)),
            )
            if found is not None:
                yield found

    def screen(self, as_of: dt.date) -> Screen:
        """The plain reading for one day (kept: what-if asks for it every time)."""
        found = self._screens.get(as_of)
        if found is None:
            if len(self._screens) > 8:
                self._screens.clear()
            found = self._screens[as_of] = Screen(self.policy, as_of)
        return found


def _pick(effects: list[Effect], option: str, kind: str) -> tuple:
    return tuple(reason for oid, k, _, reason in effects if oid == option and k == kind)
