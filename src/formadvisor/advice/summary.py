"""The summary a practice manager reads first, built from the ranking, reasons and considerations.

Every sentence comes from data: the patterns of `summary.yaml` (`policy.summary`), the rules'
own `because` texts, their considerations, their seek_advice and the sources' `ask`. This
module only chooses which of them to show and fills the placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from formadvisor.advice.reasons import words_of
from formadvisor.advice.results import (
    Check,
    CloseCall,
    Consideration,
    Decider,
    RankedOption,
    Ranking,
    RatherThan,
    Reason,
    Recommendation,
    RouteLine,
    Summary,
)
from formadvisor.rules.effects import SeekAdvice
from formadvisor.rules.models import Question
from formadvisor.rules.policy import Policy
from formadvisor.rules.wording import MEANS_TOPICS, SummaryWording

MAX_WHY = 3
MAX_CHECKS = 3
MIN_CHECKS = 2
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
_CITED_BY = re.compile(r"\s+—\s.*$")  # a source title's " — publisher, document" tail


def summarise(policy: Policy, rec: Recommendation) -> Summary | None:
    """The summary of `rec` in the policy's wording, or None without a `summary.yaml`."""
    wording = policy.summary
    if wording is None:
        return None
    return _Summariser(policy, wording, rec).summary()


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def _winner(ranking: Ranking) -> RankedOption | None:
    return next((o for o in ranking.ranking if o.option == ranking.recommended), None)


class _Summariser:
    def __init__(self, policy: Policy, wording: SummaryWording, rec: Recommendation):
        self.policy, self.w, self.rec = policy, wording, rec
        self.form = rec.organisational_form
        self.win = _winner(self.form)
        self.rules = {pr.rule.id: pr.rule for pr in policy.rules}

    def name(self, option_id: str | None) -> str:
        if option_id is None:
            return ""
        return self.w.names.get(option_id) or self.policy.option(option_id).label

    # --- what the summary says ------------------------------------------------------------

    def summary(self) -> Summary:
        return Summary(
            headline=self.headline(),
            why=tuple(self.why()),
            means=tuple(self.means()),
            check_first=tuple(self.checks()),
            rather_than=self.rather_than(),
            routes=tuple(self.routes()),
            close_calls=tuple(self.close_calls()),
        )

    def _tie(self) -> bool:
        return self.form.decision.tie and self.form.decision.runner_up is not None

    def headline(self) -> str:
        h, d = self.w.headline, self.form.decision
        eligible = [o for o in self.form.ranking if o.eligible]
        if not eligible:
            return h.none
        if self.form.recommended is None or d.undetermined:
            return h.undetermined
        form = self.name(self.form.recommended)
        close = self._close_call(self.form, None)
        if close is not None:
            return close.said + (f" {close.decided_by}" if close.decided_by else "")
        if len(eligible) == 1:
            return h.only.format(form=form)
        return h.recommended.format(form=form)

    def close_calls(self) -> Iterator[CloseCall]:
        """The form and each service's route whose two best fit about equally well."""
        found = [self._close_call(self.form, None)]
        found += [self._close_call(s.contract_route, s.name) for s in self.rec.services]
        yield from (c for c in found if c is not None)

    def _close_call(self, ranking: Ranking, service: str | None) -> CloseCall | None:
        """A tie or a lead under the close-call margin, in words, with what would decide it."""
        d = ranking.decision
        if not (d.tie or d.close_call) or d.undetermined:
            return None
        if ranking.recommended is None or d.runner_up is None:
            return None
        if service is None:
            h = self.w.headline
            name = self.name
            said = (h.close if h.close and not d.tie else h.tie).format(
                form=name(ranking.recommended), runner_up=name(d.runner_up)
            )
        else:
            c = self.w.close_calls
            if c is None:
                return None
            name = self._label
            said = (c.route_tie if d.tie else c.route_close).format(
                route=name(ranking.recommended), runner_up=name(d.runner_up)
            )
        ordered = self._deciders(d.deciders, name)
        h = self.w.headline
        shown = [text for _, text in ordered[:2]]
        decided_by = None
        if shown and h.decided_by:
            either = h.either.format(a=shown[0], b=shown[1]) if len(shown) == 2 else shown[0]
            decided_by = h.decided_by.format(deciders=either)
        return CloseCall(
            service=service,
            option=ranking.recommended,
            runner_up=d.runner_up,
            tie=d.tie,
            said=_first_upper(said),
            decided_by=decided_by,
            deciders=tuple(x for x, _ in ordered),
            deciders_said=tuple(_first_upper(text) for _, text in ordered),
        )

    def _deciders(
        self, deciders: Iterable[Decider], name: Callable[[str], str]
    ) -> list[tuple[Decider, str]]:
        """The answers that would decide it, each in the questions' own words: one for each
        option of the pair first, where there are both; one answer before a list of them
        (plainer to say); then in the questions' order."""
        q = self.policy.questionnaire
        questions = {x.id: x for x in q.questions}
        services = {x.id: x for x in q.service_questions}

        def question_of(d: Decider) -> Question | None:  # None: the rules changed since
            return (services if d.service else questions).get(d.question)

        known = [d for d in deciders if question_of(d) is not None]
        known.sort(key=lambda d: getattr(question_of(d), "type", "") == "choices")
        chosen: list[Decider] = []
        for d in known:  # the first for each option, then the next ones
            if d.option not in {c.option for c in chosen}:
                chosen.append(d)
        chosen += [d for d in known if d not in chosen]
        said = []
        h = self.w.headline
        for d in chosen:
            question = question_of(d)
            assert question is not None
            fields = {
                "answer": _first_upper(words_of(question, d.answer)),
                "question": question.text,
                "option": name(d.option),
            }
            one = _one_changed(d) if question.type == "choices" and not d.service else None
            pattern = h.decider_service if d.service else h.decider
            if one is not None and (h.decider_adding if one[0] else h.decider_removing):
                pattern = h.decider_adding if one[0] else h.decider_removing
                fields["value"] = question.label_of(one[1])
                del fields["answer"]
            elif d.service:
                fields["service"] = d.service
            if pattern is None:
                return []
            said.append((d, pattern.format(**fields)))
        return said

    def why(self) -> list[str]:
        if self.form.decision.undetermined:
            return []  # nothing counts for any form: the headline says to seek advice
        if self.win is None:
            return _unique(r.because for o in self.form.ranking for r in o.excluded_by)[:MAX_WHY]
        deciding = {r.rule for r in self.form.decision.deciding_reasons}
        ordered = sorted(self.win.for_, key=lambda r: (r.rule not in deciding, -abs(r.weight or 0)))
        lines = _unique(r.because for r in ordered)
        if self._tie() and self.form.decision.runner_up:
            runner = self.name(self.form.decision.runner_up)
            lines.append(
                _first_upper(
                    self.w.why.tie.format(form=self.name(self.win.option), runner_up=runner)
                )
            )
        if not lines:
            lines.append(self.w.why.no_reasons.format(form=self.name(self.win.option)))
        for service in self.rec.services:  # a route's reason, when the form's are few
            best = _best_for(service.contract_route)
            if best is not None and len(lines) < MAX_WHY:
                label = self._label(service.contract_route.recommended)
                line = self.w.why.route.format(service=service.name, route=label, because=best)
                lines.append(line)
        return _unique(lines)[:MAX_WHY]

    def means(self) -> Iterator[str]:
        notes = [c for c in self._considerations() if not c.caveat]
        for topic in MEANS_TOPICS:
            label = self.w.means.labels[topic]
            on_topic = self._about_the_choice(c for c in notes if c.topic == topic)
            if not on_topic:
                yield self.w.means.nothing.format(label=label)
                continue
            yield self._means_line(label, on_topic[0])

    def _means_line(self, label: str, c: Consideration) -> str:
        text = _first_sentence(c.text)
        if c.service:
            return self.w.means.service_line.format(label=label, service=c.service, text=text)
        return self.w.means.line.format(label=label, text=text)

    def checks(self) -> list[Check]:
        c = self.w.check_first
        found: dict[str, Check] = {}
        for rule_id in self._rules_to_check():
            rule = self.rules.get(rule_id)
            if rule is None:
                continue
            for effect in rule.then:
                if isinstance(effect, SeekAdvice):
                    advice = effect.seek_advice
                    text = c.advice.format(on=advice.on.rstrip("."))
                    found.setdefault(text, Check(text=text, who=advice.who or c.default_who))
            for sid in rule.sources:
                source = self.policy.source(sid)
                if source.unsourced:
                    title = _CITED_BY.sub("", source.title).rstrip(".")
                    text = c.unsourced.format(title=title)
                    found.setdefault(text, Check(text=text, who=source.ask or c.default_who))
        checks = list(found.values())[:MAX_CHECKS]
        if len(checks) < MIN_CHECKS:
            checks.append(Check(text=c.always, who=c.always_who))
        return checks

    def rather_than(self) -> RatherThan | None:
        runner_id = self.form.decision.runner_up
        runner = next((o for o in self.form.ranking if o.option == runner_id), None)
        if self.win is None or runner is None:
            return None
        win_for, win_against = _rules(self.win.for_), _rules(self.win.against)
        run_for, run_against = _rules(runner.for_), _rules(runner.against)
        for_ = _unique(
            [r.because for r in self.win.for_ if r.rule not in run_for]
            + [r.because for r in runner.against if r.rule not in win_against]
        )
        against = [
            t
            for t in _unique(
                [r.because for r in runner.for_ if r.rule not in win_for]
                + [r.because for r in self.win.against if r.rule not in run_against]
            )
            if t not in for_
        ]
        none = None
        if not for_ and not against:
            none = _first_upper(
                self.w.rather_than.none.format(
                    form=self.name(self.win.option), runner_up=self.name(runner.option)
                )
            )
        return RatherThan(
            option=self.win.option,
            runner_up=runner.option,
            for_=tuple(for_),
            against=tuple(against),
            none=none,
        )

    def routes(self) -> Iterator[RouteLine]:
        for service in self.rec.services:
            route = service.contract_route
            yield RouteLine(service=service.name, route=route.recommended, why=_best_for(route))

    # --- which rules matter most ----------------------------------------------------------

    def _label(self, option_id: str | None) -> str:
        return self.policy.option(option_id).label if option_id else ""

    def _relevant_rules(self) -> set[str]:
        """Rules that count for or against what is recommended: the form and each route."""
        chosen = [self.win, *(_winner(s.contract_route) for s in self.rec.services)]
        return {r.rule for o in chosen if o is not None for r in (*o.for_, *o.against)}

    def _rules_to_check(self) -> list[str]:
        """The rules whose advice and unsourced facts to check: those deciding the form, then
        those for the form and the routes, then every other rule with a caveat."""
        first = [r.rule for r in self.form.decision.deciding_reasons]
        chosen = [self.win, *(_winner(s.contract_route) for s in self.rec.services)]
        then = [r.rule for o in chosen if o is not None for r in o.for_]
        rest = self._about_the_choice(c for c in self._considerations() if c.caveat)
        return _unique([*first, *then, *(c.rule for c in rest)])

    def _considerations(self) -> list[Consideration]:
        """The sharp list first (most consequential), then the rest of them."""
        return list(dict.fromkeys([*self.rec.considerations, *self.rec.considerations_all]))

    def _about_the_choice(self, items: Iterable[Consideration]) -> list[Consideration]:
        """Considerations from rules that count for or against what is recommended first, then
        those from rules that rank nothing; never those only about options not recommended."""
        relevant = self._relevant_rules()
        rankings = [self.form, *(s.contract_route for s in self.rec.services)]
        others = {
            r.rule for ranking in rankings for o in ranking.ranking for r in (*o.for_, *o.against)
        } - relevant
        chosen = {self.form.recommended, *(s.contract_route.recommended for s in self.rec.services)}

        def about_others(rule_id: str) -> bool:  # a rule `about` options not recommended
            rule = self.rules.get(rule_id)
            return rule is not None and bool(rule.about) and chosen.isdisjoint(rule.about)

        kept = [c for c in items if c.rule not in others and not about_others(c.rule)]
        return sorted(kept, key=lambda c: c.rule not in relevant)


def _one_changed(d: Decider) -> tuple[bool, object] | None:
    """(True, value) when a list answer gains just `value`; (False, value) when it loses it."""
    if not isinstance(d.was, list | tuple) or not isinstance(d.answer, list | tuple):
        return None
    added, removed = set(d.answer) - set(d.was), set(d.was) - set(d.answer)
    if len(added) + len(removed) != 1:
        return None
    (value,) = added or removed
    return bool(added), value


def _rules(reasons: Iterable[Reason]) -> set[str]:
    return {r.rule for r in reasons}


def _best_for(ranking: Ranking) -> str | None:
    """The strongest reason for the recommended option, in the rule's words."""
    win = _winner(ranking)
    if win is None or not win.for_:
        return None
    return max(win.for_, key=lambda r: abs(r.weight or 0)).because
