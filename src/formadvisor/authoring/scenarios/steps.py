"""The step library: every sentence a scenario in `features/*.feature` may use.

The sentences are fixed (listed in `features/README.md`); an adviser writes a new scenario
with them and no Python. Each `Then` step that fails says what the scenario expected and what
the policy gave (the ranking with scores, the rules that fired), never a bare traceback.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field

from pytest_bdd import given, parsers, then, when

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.results import RankedOption, Ranking, Recommendation
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

    @property
    def policy(self):
        return self.advisor.policy

    def recommend(self, answers: dict) -> Recommendation:
        try:
            return self.advisor.recommend(
                copy.deepcopy(answers), as_of=self.as_of or scenario_day(), what_if=False
            )
        except AnswersInvalid as e:
            problems = "\n".join(f"  {p}" for p in e.problems)
            raise WordingError(f"the scenario's answers are not valid:\n{problems}") from None

    def applied(self) -> Recommendation:
        if self.result is None:
            raise WordingError("a Then step needs 'When the policy is applied' before it")
        return self.result

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
    lines = [f"    [{c.topic}] {c.rule}: {c.text}" for c in result.considerations]
    return "considerations:\n" + ("\n".join(lines) or "    none")


def _option_in(ranking: Ranking, option: str) -> RankedOption:
    return next(o for o in ranking.ranking if o.option == option)


# --- Given --------------------------------------------------------------------------------------


@given(parsers.re(r"a group of (?P<count>\d+) practices? in (?P<nation>.+)"))
def a_group(state: ScenarioState, count: str, nation: str):
    q = state.policy.questionnaire
    state.answers.update(
        nation=value_of(question(q, "nation"), nation),
        member_practices=int(count),
        purposes=["deliver_services"],
        profit_intent="reinvest",
    )


@given("the answers:")
def the_answers(state: ScenarioState, datatable: list[list[str]]):
    header, *rows = datatable
    if [h.strip().lower() for h in header] != ["question", "answer"]:
        raise WordingError(f"the answers table starts with | question | answer |, not {header}")
    for key, text in rows:
        state.answers[key] = value_of(question(state.policy.questionnaire, key), text)


@given(sentence("the answer {key} is {text}"))
def one_answer(state: ScenarioState, key: str, text: str):
    state.answers[key] = value_of(question(state.policy.questionnaire, key), text)


@given("the services:")
def the_services(state: ScenarioState, datatable: list[list[str]]):
    header, *rows = datatable
    fields = [question(state.policy.questionnaire, h.strip(), service=True) for h in header]
    state.answers["services"] = [
        {q.id: value_of(q, text) for q, text in zip(fields, row, strict=True)} for row in rows
    ]


@given(sentence("the service {name} has {key} {text}"))
def one_service_field(state: ScenarioState, name: str, key: str, text: str):
    q = question(state.policy.questionnaire, key, service=True)
    state.answers["services"][state.service_index(name)][q.id] = value_of(q, text)


# --- When ---------------------------------------------------------------------------------------


@when("the policy is applied")
def applied(state: ScenarioState):
    state.result = state.recommend(state.answers)


@when(sentence("the policy is applied as of {day}"))
def applied_as_of(state: ScenarioState, day: str):
    try:
        state.as_of = dt.date.fromisoformat(day)
    except ValueError:
        raise WordingError(f"'{day}' is not a date written as YYYY-MM-DD") from None
    state.result = state.recommend(state.answers)


# --- Then: the organisational form ------------------------------------------------------------


@then(sentence("the recommended form is {option}"))
def recommended_form(state: ScenarioState, option: str):
    ranking = state.applied().organisational_form
    if ranking.recommended != state.form(option):
        raise Mismatch(f"the recommended form is {option}", show_ranking(ranking))


@then(sentence("the recommended form is one of {options}"))
def recommended_form_one_of(state: ScenarioState, options: str):
    wanted = [state.form(o.strip()) for o in options.split(",")]
    ranking = state.applied().organisational_form
    if ranking.recommended not in wanted:
        raise Mismatch(f"the recommended form is one of {', '.join(wanted)}", show_ranking(ranking))


def _check_excluded(ranking: Ranking, option: str, rule: str | None, what: str, yes: bool):
    o = _option_in(ranking, option)
    by = [r.rule for r in o.excluded_by]
    if yes and (not by if rule is None else rule not in by):
        expected = f"{what} is excluded" + (f" by rule {rule}" if rule else "")
        raise Mismatch(expected, show_ranking(ranking))
    if not yes and by:
        raise Mismatch(f"{what} is not excluded", show_ranking(ranking))


@then(sentence("the form {option} is excluded"))
def form_excluded(state: ScenarioState, option: str):
    ranking = state.applied().organisational_form
    _check_excluded(ranking, state.form(option), None, f"the form {option}", True)


@then(sentence("the form {option} is excluded by rule {rule}"))
def form_excluded_by(state: ScenarioState, option: str, rule: str):
    ranking = state.applied().organisational_form
    _check_excluded(ranking, state.form(option), state.rule(rule), f"the form {option}", True)


@then(sentence("the form {option} is not excluded"))
def form_not_excluded(state: ScenarioState, option: str):
    ranking = state.applied().organisational_form
    _check_excluded(ranking, state.form(option), None, f"the form {option}", False)


@then(sentence("the form {higher} ranks above the form {lower}"))
def form_ranks_above(state: ScenarioState, higher: str, lower: str):
    ranking = state.applied().organisational_form
    order = [o.option for o in ranking.ranking]
    if order.index(state.form(higher)) > order.index(state.form(lower)):
        raise Mismatch(f"{higher} ranks above {lower}", show_ranking(ranking))


# --- Then: contract routes ----------------------------------------------------------------------


@then(sentence("the route for {service} is {route}"))
def route_is(state: ScenarioState, service: str, route: str):
    ranking = state.routes_of(state.applied(), service)
    if ranking.recommended != state.route(route):
        raise Mismatch(f'the route for "{service}" is {route}', show_ranking(ranking))


@then(sentence("the route {route} for {service} is excluded"))
def route_excluded(state: ScenarioState, route: str, service: str):
    ranking = state.routes_of(state.applied(), service)
    _check_excluded(ranking, state.route(route), None, f'the route {route} for "{service}"', True)


@then(sentence("the route {route} for {service} is excluded by rule {rule}"))
def route_excluded_by(state: ScenarioState, route: str, service: str, rule: str):
    ranking = state.routes_of(state.applied(), service)
    what = f'the route {route} for "{service}"'
    _check_excluded(ranking, state.route(route), state.rule(rule), what, True)


@then(sentence("the route {route} for {service} is not excluded"))
def route_not_excluded(state: ScenarioState, route: str, service: str):
    ranking = state.routes_of(state.applied(), service)
    what = f'the route {route} for "{service}"'
    _check_excluded(ranking, state.route(route), None, what, False)


# --- Then: rules --------------------------------------------------------------------------------


@then(sentence("rule {rule} fires"))
def rule_fires(state: ScenarioState, rule: str):
    if state.rule(rule) not in state.fired():
        raise Mismatch(f"rule {rule} fires", show_fired(state.applied()))


@then(sentence("rule {rule} does not fire"))
def rule_does_not_fire(state: ScenarioState, rule: str):
    if state.rule(rule) in state.fired():
        raise Mismatch(f"rule {rule} does not fire", show_fired(state.applied()))


def _counts(ranking: Ranking, option: str, rule: str, side: str, what: str):
    o = _option_in(ranking, option)
    reasons = o.for_ if side == "for" else o.against
    if rule not in [r.rule for r in reasons]:
        raise Mismatch(f"rule {rule} counts {side} {what}", show_ranking(ranking))


@then(sentence("rule {rule} counts for the form {option}"))
def counts_for_form(state: ScenarioState, rule: str, option: str):
    ranking = state.applied().organisational_form
    _counts(ranking, state.form(option), state.rule(rule), "for", f"the form {option}")


@then(sentence("rule {rule} counts against the form {option}"))
def counts_against_form(state: ScenarioState, rule: str, option: str):
    ranking = state.applied().organisational_form
    _counts(ranking, state.form(option), state.rule(rule), "against", f"the form {option}")


@then(sentence("rule {rule} counts for the route {route} for {service}"))
def counts_for_route(state: ScenarioState, rule: str, route: str, service: str):
    ranking = state.routes_of(state.applied(), service)
    what = f'the route {route} for "{service}"'
    _counts(ranking, state.route(route), state.rule(rule), "for", what)


# --- Then: considerations, sources, advice ------------------------------------------------------


@then(sentence("there is a {topic} consideration from rule {rule}"))
def consideration_from(state: ScenarioState, topic: str, rule: str):
    result = state.applied()
    wanted = (state.topic(topic), state.rule(rule))
    if wanted not in [(c.topic, c.rule) for c in result.considerations]:
        raise Mismatch(f"a {topic} consideration from rule {rule}", show_considerations(result))


@then(sentence("there is no {topic} consideration from rule {rule}"))
def no_consideration_from(state: ScenarioState, topic: str, rule: str):
    result = state.applied()
    wanted = (state.topic(topic), state.rule(rule))
    if wanted in [(c.topic, c.rule) for c in result.considerations]:
        raise Mismatch(f"no {topic} consideration from rule {rule}", show_considerations(result))


@then(sentence("there is a {topic} consideration mentioning {text}"))
def consideration_mentioning(state: ScenarioState, topic: str, text: str):
    result = state.applied()
    state.topic(topic)
    if not any(c.topic == topic and text.lower() in c.text.lower() for c in result.considerations):
        raise Mismatch(f'a {topic} consideration mentioning "{text}"', show_considerations(result))


@then(sentence("the reasons cite source {source}"))
def cites_source(state: ScenarioState, source: str):
    _known(source, [s.id for s in state.policy.sources.sources], "source")
    result = state.applied()
    cited = [
        citation.split(":", 1)[0]
        for sources in (
            *(r.sources for r in result.fired_rules),
            *(c.sources for c in result.considerations),
        )
        for citation in sources
    ]
    if source not in cited:
        found = ", ".join(dict.fromkeys(cited)) or "no sources"
        raise Mismatch(f"a reason cites source {source}", f"the reasons cite {found}")


@then(sentence("the advice asks to seek advice from {who}"))
def seek_advice_from(state: ScenarioState, who: str):
    result = state.applied()
    caveats = [c for c in result.considerations if c.caveat]
    if not any(who.lower() in c.text.lower() for c in caveats):
        found = "\n".join(f"    [{c.topic}] {c.rule}: {c.text}" for c in caveats) or "    none"
        raise Mismatch(f'advice to seek advice from "{who}"', "these caveats:\n" + found)


# --- Then: the decision -------------------------------------------------------------------------


def _decision(state: ScenarioState, attribute: str, expected: bool, words: str):
    ranking = state.applied().organisational_form
    if getattr(ranking.decision, attribute) != expected:
        found = f"{ranking.decision.summary}\n          {show_ranking(ranking)}"
        raise Mismatch(words, found)


@then("the recommendation is a close call")
def close_call(state: ScenarioState):
    _decision(state, "close_call", True, "the recommendation is a close call")


@then("the recommendation is not a close call")
def not_close_call(state: ScenarioState):
    _decision(state, "close_call", False, "the recommendation is not a close call")


@then("the lead rests on an unsourced fact")
def rests_on_unsourced(state: ScenarioState):
    _decision(state, "rests_on_unsourced", True, "the lead rests on an unsourced fact")


@then("the lead does not rest on an unsourced fact")
def not_rests_on_unsourced(state: ScenarioState):
    _decision(state, "rests_on_unsourced", False, "the lead does not rest on an unsourced fact")


# --- Then: what if ------------------------------------------------------------------------------


@then(sentence("answering {key} with {text} would make the recommended form {option}"))
def what_if_form(state: ScenarioState, key: str, text: str, option: str):
    state.applied()
    ranking = state.what_if(key, text).organisational_form
    if ranking.recommended != state.form(option):
        raise Mismatch(
            f'with "{key}" answered "{text}", the recommended form is {option}',
            show_ranking(ranking),
        )


@then(sentence("answering {key} with {text} would make the route for {service} {route}"))
def what_if_route(state: ScenarioState, key: str, text: str, service: str, route: str):
    state.applied()
    ranking = state.routes_of(state.what_if(key, text, service), service)
    if ranking.recommended != state.route(route):
        raise Mismatch(
            f'with "{key}" answered "{text}", the route for "{service}" is {route}',
            show_ranking(ranking),
        )
