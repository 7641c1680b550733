"""What a scenario carries between its steps: the answers, the result, what was checked, and
how a result is shown when a step fails."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field

from pytest_bdd import parsers

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.results import RankedOption, Ranking, Recommendation
from formadvisor.authoring.citations import citation_problems
from formadvisor.authoring.coverage import scenario_day
from formadvisor.authoring.scenarios.words import WordingError, did_you_mean, question, value_of

Q = r'"(?P<{}>[^"]*)"'  # a value in double quotes


def sentence(text: str) -> parsers.re:
    """A step pattern: `{name}` stands for a value in double quotes."""
    return parsers.re(re.sub(r"\{(\w+)\}", lambda m: Q.format(m.group(1)), text))


class Mismatch(AssertionError):
    """The policy's answer differs from the scenario's: says what was expected and found."""

    def __init__(self, expected: str, found: str):
        self.expected, self.found = expected, found
        super().__init__(f"expected: {expected}\nfound:    {found}")


@dataclass
class ScenarioState:
    """One scenario's answers, the recommendation once applied, and the rules it names."""

    advisor: Advisor
    answers: dict = field(default_factory=dict)
    as_of: dt.date | None = None
    result: Recommendation | None = None
    checks: list[str] = field(default_factory=list)
    _what_if: dict = field(default_factory=dict)
    _with_what_if: Recommendation | None = None

    @property
    def policy(self):
        return self.advisor.policy

    def recommend(self, answers: dict, what_if: bool = False) -> Recommendation:
        """The recommendation for `answers`; every scenario also checks that it shows no source
        for another nation and none citing the domain brief (`citation_problems`)."""
        try:
            result = self.advisor.recommend(
                copy.deepcopy(answers), as_of=self.as_of or scenario_day(), what_if=what_if
            )
        except AnswersInvalid as e:
            problems = "\n".join(f"  {p}" for p in e.problems)
            raise WordingError(f"the scenario's answers are not valid:\n{problems}") from None
        wrong = citation_problems(self.policy, answers.get("nation"), result)
        if wrong:
            raise Mismatch(
                f"only sources for {answers.get('nation')} and public documents",
                "; ".join(wrong),
            )
        return result

    def applied(self) -> Recommendation:
        if self.result is None:
            raise WordingError("a Then step needs 'When the policy is applied' before it")
        return self.result

    def listed_what_if(self) -> Recommendation:
        """The result with its what-if list (worked out only when a step asks: it is slower)."""
        self.applied()
        if self._with_what_if is None:
            self._with_what_if = self.recommend(self.answers, what_if=True)
        return self._with_what_if

    def fired(self) -> list[str]:
        return list(dict.fromkeys(r.rule for r in self.applied().fired_rules))

    def rule(self, rule_id: str) -> str:
        """A rule id the scenario names: it must exist, and the scenario checks it."""
        known = [pr.rule.id for pr in self.policy.rules]
        if rule_id not in known:
            raise WordingError(f"there is no rule '{rule_id}'{did_you_mean(rule_id, known)}")
        self.checks.append(rule_id)
        return rule_id

    def form(self, option: str) -> str:
        return _known(option, self.policy.form_ids, "form")

    def route(self, option: str) -> str:
        return _known(option, self.policy.route_ids, "contract route")

    def topic(self, topic: str) -> str:
        return _known(topic, [t.id for t in self.policy.options.topics], "consideration topic")

    def service_index(self, name: str) -> int:
        names = [s.get("name") for s in self.answers.get("services", [])]
        if name not in names:
            raise WordingError(f"there is no service '{name}'; the scenario's services: {names}")
        return names.index(name)

    def routes_of(self, result: Recommendation, service: str) -> Ranking:
        for s in result.services:
            if s.name == service:
                return s.contract_route
        raise WordingError(f"there is no service '{service}' in the recommendation")

    def what_if(self, key: str, text: str, service: str | None = None) -> Recommendation:
        """The recommendation with one answer changed (worked out only when a step asks)."""
        if (key, text, service) not in self._what_if:
            answers = copy.deepcopy(self.answers)
            target, q = self._answer_slot(answers, key, service)
            target[q.id] = value_of(q, text)
            self._what_if[key, text, service] = self.recommend(answers)
        return self._what_if[key, text, service]

    def _answer_slot(self, answers: dict, key: str, service: str | None):
        questionnaire = self.policy.questionnaire
        indexed = re.fullmatch(r"services\[(\d+)\]\.(\w+)", key)
        if indexed:
            i = int(indexed.group(1))
            if i >= len(answers.get("services", [])):
                raise WordingError(f"{key}: the scenario has no service number {i}")
            return answers["services"][i], question(questionnaire, indexed.group(2), service=True)
        if any(q.id == key for q in questionnaire.questions) or service is None:
            return answers, question(questionnaire, key)
        return answers["services"][self.service_index(service)], question(
            questionnaire, key, service=True
        )


def _known(option: str, known, kind: str) -> str:
    if option not in known:
        raise WordingError(f"there is no {kind} '{option}'{did_you_mean(option, list(known))}")
    return option


# --- how a result is shown in a failure ------------------------------------------------------


def show_ranking(ranking: Ranking) -> str:
    lines = [f"recommended {ranking.recommended}; ranking (best first):"]
    for i, o in enumerate(ranking.ranking, 1):
        lines.append(f"    {i}. {_show_option(o)}")
    return "\n".join(lines)


def _show_option(o: RankedOption) -> str:
    if not o.eligible:
        return f"{o.option}: excluded by " + ", ".join(r.rule for r in o.excluded_by)
    why = ", ".join(f"{r.rule} {r.weight:+d}" for r in (*o.for_, *o.against))
    return f"{o.option}: score {o.score}" + (f" ({why})" if why else "")


def show_fired(result: Recommendation) -> str:
    group = [r.rule for r in result.fired_rules if r.service is None]
    lines = ["rules that fired: " + (", ".join(group) or "none for the group")]
    for s in result.services:
        own = [r.rule for r in result.fired_rules if r.service == s.name]
        lines.append(f'    for "{s.name}": ' + (", ".join(own) or "none"))
    return "\n".join(lines)


def show_considerations(result: Recommendation) -> str:
    lines = [f"    [{c.topic}] {c.rule}: {c.text}" for c in result.every_consideration()]
    return "considerations:\n" + ("\n".join(lines) or "    none")


def _option_in(ranking: Ranking, option: str) -> RankedOption:
    return next(o for o in ranking.ranking if o.option == option)
