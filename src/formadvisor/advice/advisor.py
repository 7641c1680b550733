"""The Advisor: answers in, a ranked and justified recommendation out, with what-if.

It evaluates on durable_rules (`engine`), ranks with the one ranker (`ranking`), explains each
place with reasons (`reasons`) and finds the answers that would change it (`whatif`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from formadvisor.advice.action_plan import PlanStep, action_plan
from formadvisor.advice.answers import AnswersInvalid, validate_answers
from formadvisor.advice.ranking import Ranked, ranker
from formadvisor.advice.reasons import Effect, Reasons, sharpen, words_of
from formadvisor.advice.results import (
    Decider,
    Decision,
    RankedOption,
    Ranking,
    Reason,
    Recommendation,
    RulesetInfo,
    ServiceResult,
    WhatIf,
)
from formadvisor.advice.screen import Screen
from formadvisor.advice.summary import summarise
from formadvisor.advice.whatif import (
    Today,
    alternatives,
    answers_read,
    decides,
    question_of,
    rank_what_ifs,
    service_key,
    what_if_of,
)
from formadvisor.advice.wording import consideration_order, decision_wording, disclaimer
from formadvisor.engine.durable import DurableEngine
from formadvisor.engine.evaluate import Backend, Firing, Trace, evaluate
from formadvisor.rules.checks import load_policy
from formadvisor.rules.policy import Policy


class Advisor:
    """A checked, compiled policy that answers questions; one per rules version.

    It comes with an Advisor for each language the policy was read in (`language`), made here
    once: they share its compiled engine, since every translation decides exactly as the
    English does, and only the Advisor made for the policy itself closes it.
    """

    def __init__(
        self, policy: Policy, backend: Backend | None = None, *, shares: Advisor | None = None
    ):
        self.policy = policy
        self.backend: Backend = backend if backend is not None else DurableEngine(policy)
        self.ranker = ranker(policy)
        self.reasons = Reasons(policy)
        self.words = decision_wording(policy)
        self.order = consideration_order(policy)
        self._screens: dict[dt.date, Screen] = {}
        self.read = answers_read(policy)  # the questions some rule reads
        self._owner = shares is None  # `shares`: the Advisor whose engine and languages these are
        self._languages: dict[str, Advisor] = shares._languages if shares else {policy.lang: self}
        for lang, translated in policy.languages.items() if shares is None else ():
            if lang != policy.lang:
                self._languages[lang] = Advisor(translated, self.backend, shares=self)

    def language(self, lang: str) -> Advisor:
        """The Advisor whose texts are in `lang` ("en", "cy"): this one for its own language
        or one the rules have no translations in (`Policy.in_language`)."""
        return self._languages.get(lang, self)

    @classmethod
    def from_folder(cls, folder: Path) -> Advisor:
        return cls(load_policy(folder))

    def close(self) -> None:
        """Free the compiled engine (the language Advisors made with this one share it)."""
        if self._owner:
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
        alts = Alternatives(self, answers, as_of)  # read by the deciders of a tie and what-if
        form, services = self.rankings(answers, trace, alts=alts)
        routes = [s.contract_route.recommended for s in services]
        plan, timeline = action_plan(self.policy, answers, as_of, form.recommended, routes)
        every = self.reasons.considerations(trace, getattr(answers, "nation", None))
        r = self.reasons
        sharp = sharpen(every, form, services, self.ranker, self.order, r.rule_order, r.about)
        recommendation = Recommendation(
            ruleset=RulesetInfo(version=self.policy.version, rules=len(self.policy.rules)),
            as_of=as_of,
            organisational_form=form,
            services=tuple(services),
            considerations=sharp,
            considerations_all=every,
            fired_rules=tuple(self.reasons.reason(answers, f) for f in trace.firings()),
            what_if=self._what_if(answers, form, services, plan, alts) if what_if else (),
            disclaimer=disclaimer(self.policy),
            action_plan=plan,
            action_plan_timeline=timeline,
        )
        summary = summarise(self.policy, recommendation)
        return recommendation.model_copy(update={"summary": summary}), trace

    # --- ranking, explained -----------------------------------------------------------------

    def rankings(
        self,
        answers: BaseModel,
        trace: Trace,
        deciders: bool = True,
        alts: Alternatives | None = None,
    ) -> tuple[Ranking, list[ServiceResult]]:
        """The form's ranking and each service's route ranking, each place with its reasons,
        and for a tie the answers that would decide it (`deciders=False`: not looked for;
        `alts`: the answers' alternatives, when what-if reads them too)."""
        first: dict[str, Firing] = {}  # each rule once for the form, however many services
        for f in trace.firings():
            first.setdefault(f.rule, f)
        once = list(first.values())
        form_ranked = self.ranker.forms_ranked(f.rule for f in once)
        group = [f.rule for f in trace.organisation]
        services: Sequence[Any] = getattr(answers, "services", ())
        routes_ranked = [
            self.ranker.routes_ranked([*group, *(f.rule for f in fired)])
            for fired in trace.services
        ]
        close_margin = self.policy.scoring.close_call_margin
        ties = {
            k: pair
            for k, ranked in enumerate([form_ranked, *routes_ranked])
            if (pair := _close(ranked, close_margin)) is not None
        }
        if deciders and ties:
            alts = alts if alts is not None else Alternatives(self, answers, trace.as_of)
            decided = self._deciders(answers, ties, alts)
        else:
            decided = {}
        form = self._ranking(
            form_ranked,
            self.reasons.effects(answers, once, self.ranker, routes=False),
            "form",
            decided.get(0, ()),
        )
        group_effects = self.reasons.effects(answers, trace.organisation, self.ranker, True)
        results = []
        for i, (service, fired, ranked) in enumerate(
            zip(services, trace.services, routes_ranked, strict=True), start=1
        ):
            effects = group_effects + self.reasons.effects(answers, fired, self.ranker, True)
            results.append(
                ServiceResult(
                    name=service.name,
                    contract_route=self._ranking(ranked, effects, "route", decided.get(i, ())),
                )
            )
        return form, results

    def _ranking(
        self, ranked: Ranked, effects: list[Effect], kind: str, deciders: tuple[Decider, ...]
    ) -> Ranking:
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
        decision = self._decision(ranking, ranked, kind, deciders)
        return Ranking(recommended=ranked.recommended, ranking=ranking, decision=decision)

    def _decision(
        self,
        ranking: tuple[RankedOption, ...],
        ranked: Ranked,
        kind: str,
        deciders: tuple[Decider, ...],
    ) -> Decision:
        words = self.words
        eligible = [o for o in ranking if o.eligible]
        if not eligible:
            return Decision(
                tie=False,
                undetermined=False,
                margin=None,
                runner_up=None,
                close_call=True,
                rests_on_unsourced=False,
                summary=words.none,
                deciding_reasons=(),
            )
        win = eligible[0]
        run = eligible[1] if len(eligible) > 1 else None
        margin = win.score - run.score if run else None
        tie = margin == 0
        undetermined = ranked.undetermined
        said: list[str] = []
        deciding: tuple[Reason, ...] = win.for_
        rests = close = False
        if run is None:
            said.append(words.only.format(winner=win.label))
        else:
            assert margin is not None
            deciding = tuple(
                r for r in win.for_ if r.rule not in {x.rule for x in run.for_}
            ) + tuple(r for r in run.against if r.rule not in {x.rule for x in win.against})
            unsourced = sum(abs(r.weight or 0) for r in deciding if self.reasons.unsourced(r))
            rests = margin > 0 and unsourced >= margin
            close = margin < self.policy.scoring.close_call_margin
            if not tie:
                said.append(
                    words.lead.format(
                        winner=win.label,
                        score=win.score,
                        margin=margin,
                        runner_up=run.label,
                        runner_up_score=run.score,
                    )
                )
            elif not undetermined:
                said.append(
                    words.tie.format(winner=win.label, runner_up=run.label, score=win.score)
                )
                if ranked.favoured(run.option):
                    said.append(words.tie_order.format(winner=win.label))
                said.append(self._deciders_said(deciders))
            if close and not tie and not undetermined:
                said.append(words.close_call)  # its deciders: the summary's close_calls
            if rests and not undetermined:
                said.append(words.unsourced)
        if undetermined:
            said = [
                getattr(words.undetermined, kind).format(who=getattr(words.seek_advice_from, kind))
            ]
            deciding = ()
        return Decision(
            tie=tie,
            undetermined=undetermined,
            margin=margin,
            runner_up=run.option if run else None,
            deciders=deciders,
            close_call=close,
            rests_on_unsourced=rests,
            summary=" ".join(said),
            deciding_reasons=deciding,
        )

    def _deciders_said(self, deciders: tuple[Decider, ...]) -> str:
        words = self.words
        if not deciders:
            return words.no_deciders
        q = self.policy.questionnaire
        said = []
        # in turn for each of the pair, so the first few name answers for both where there are
        mine: dict[str, list[Decider]] = {}
        for d in deciders:
            mine.setdefault(d.option, []).append(d)
        turns: list[Decider] = []
        for r in range(max(len(ds) for ds in mine.values())):
            turns += [ds[r] for ds in mine.values() if r < len(ds)]
        for d in turns:
            questions = q.service_questions if d.service is not None else q.questions
            question = next(x for x in questions if x.id == d.question)
            fields = {
                "answer": words_of(question, d.answer),
                "question": question.text.rstrip("?"),
                "service": d.service,
                "option": self.policy.option(d.option).label,
            }
            said.append((words.decider_service if d.service else words.decider).format(**fields))
        shown = said[: words.deciders_shown]
        if len(said) > len(shown):
            shown.append(words.deciders_more.format(more=len(said) - len(shown)))
        return words.deciders.format(deciders="; ".join(shown))

    def _deciders(
        self, answers: BaseModel, ties: dict[int, Close], alts: Alternatives
    ) -> dict[int, tuple[Decider, ...]]:
        """For each tie or close call (0: the form, i: the i-th service's routes), the single
        changes of a changeable answer after which one of the pair leads the other by more than
        it does now: screened on the plain reading, then confirmed on durable_rules, as what-if
        is."""
        found: dict[int, list[Decider]] = {k: [] for k in ties}
        names = [s.name for s in getattr(answers, "services", ())]
        given = answers.model_dump(mode="json")
        for alt in alts:
            if not any(decides(alt.screened[k], *close) for k, close in ties.items()):
                continue
            confirmed = alt.confirmed
            if confirmed is None:
                continue
            question, index = service_key(alt.key)
            for k, close in ties.items():
                option = decides(confirmed[k], *close)
                if option is not None:
                    service = names[index] if index is not None else None
                    asked = given if index is None else given["services"][index]
                    found[k].append(
                        Decider.model_validate(
                            {
                                "question": question,
                                "service": service,
                                "answer": alt.value,
                                "option": option,
                                "was": asked.get(question),
                            }
                        )
                    )
        return {k: tuple(v) for k, v in found.items()}

    # --- what-if ----------------------------------------------------------------------------

    def _what_if(
        self,
        answers: BaseModel,
        form: Ranking,
        services: list[ServiceResult],
        plan: Sequence[PlanStep],
        alts: Alternatives,
    ) -> tuple[WhatIf, ...]:
        """Every single change that changes a recommendation: screened on the plain reading,
        then evaluated on durable_rules and ranked by the same ranker as the recommendation;
        then the list ranked by how much would change, each with its consequence."""
        routes = {s.name: s.contract_route.recommended for s in services}
        today = Today.of(answers, form.recommended, routes, plan, alts.as_of)
        base = list(today.routes.values())
        found = []
        for alt in alts:
            guess_form, *guess_routes = (r.recommended for r in alt.screened)
            if guess_form == form.recommended and guess_routes == base:
                continue
            confirmed = alt.confirmed
            if confirmed is None or alt.answers is None:
                continue
            one = what_if_of(self.policy, alt.key, alt.value, today, confirmed, alt.answers)
            if one is not None:
                found.append(one)
        return rank_what_ifs(self.policy, found)

    def screen(self, as_of: dt.date) -> Screen:
        """The plain reading for one day (kept: what-if asks for it every time)."""
        found = self._screens.get(as_of)
        if found is None:
            if len(self._screens) > 8:
                self._screens.clear()
            found = self._screens[as_of] = Screen(self.policy, as_of)
        return found


@dataclass(eq=False)
class Alternative:
    """One single change of a changeable answer: `screened` ranks it on the plain reading (the
    form, then each service's routes); `confirmed`, asked only where it matters, on
    durable_rules, once however many readers ask."""

    advisor: Advisor
    as_of: dt.date
    key: str
    value: Any
    doc: dict
    screened: list[Ranked]

    @cached_property
    def answers(self) -> BaseModel | None:
        """The changed answers, validated (None: not valid)."""
        try:
            return self.advisor.validate(self.doc)
        except AnswersInvalid:
            return None

    @cached_property
    def confirmed(self) -> list[Ranked] | None:
        """The form and each service's routes ranked on durable_rules (None: not valid)."""
        if self.answers is None:
            return None
        form, routes, _ = self.advisor.ranker.ranked(self.advisor.trace(self.answers, self.as_of))
        return [form, *routes]


@dataclass(eq=False)
class Alternatives:
    """The alternatives of one set of answers to a question some rule reads, each screened
    once when first iterated: the deciders of a tie and what-if both read them."""

    advisor: Advisor
    answers: BaseModel
    as_of: dt.date
    _found: list[Alternative] | None = field(default=None, init=False)

    def __iter__(self) -> Iterator[Alternative]:
        if self._found is None:
            a = self.advisor
            screen = a.screen(self.as_of)
            self._found = []
            for key, value, doc in alternatives(a.policy, self.answers):
                if question_of(key) in a.read:
                    form, routes = screen.ranked(doc)
                    self._found.append(Alternative(a, self.as_of, key, value, doc, [form, *routes]))
        return iter(self._found)


Close = tuple[tuple[str, str], int]  # (the leader, the runner-up), the leader's margin


def _close(ranked: Ranked, close_call_margin: int) -> Close | None:
    """The leader and the runner-up with the leader's margin, when they score the same or the
    lead is under `close_call_margin` and a rule argues for the leader (an undetermined result
    is not a choice to decide: nothing argues for either)."""
    order = [p for p in ranked.order if p.eligible]
    if len(order) < 2 or ranked.undetermined:
        return None
    margin = order[0].score - order[1].score
    if margin != 0 and margin >= close_call_margin:
        return None
    return (order[0].option, order[1].option), margin


def _pick(effects: list[Effect], option: str, kind: str) -> tuple:
    return tuple(reason for oid, k, _, reason in effects if oid == option and k == kind)
