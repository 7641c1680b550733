"""The step library, part one: the sentences that give answers, apply the policy and check the
form and routes. The sentences are fixed (listed in `features/README.md`); an adviser writes a
new scenario with them and no Python. A failing `Then` says what the scenario expected and what
the policy gave, never a bare traceback.
"""

from __future__ import annotations

import datetime as dt

from pytest_bdd import given, parsers, then, when

from formadvisor.advice.results import Ranking
from formadvisor.authoring.scenarios.state import (
    Mismatch,
    ScenarioState,
    _option_in,
    sentence,
    show_ranking,
)
from formadvisor.authoring.scenarios.steps_compare import *  # noqa: F403  (part five)
from formadvisor.authoring.scenarios.steps_decision import *  # noqa: F403  (part four)
from formadvisor.authoring.scenarios.steps_groups import *  # noqa: F403  (part five: groups)
from formadvisor.authoring.scenarios.steps_language import *  # noqa: F403  (part seven)
from formadvisor.authoring.scenarios.steps_plan import *  # noqa: F403  (part three's step definitions)
from formadvisor.authoring.scenarios.steps_reach import *  # noqa: F403  (part six)
from formadvisor.authoring.scenarios.steps_reasons import *  # noqa: F403  (part two's step definitions)
from formadvisor.authoring.scenarios.steps_whatif import *  # noqa: F403  (part five)
from formadvisor.authoring.scenarios.words import WordingError, question, value_of

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
