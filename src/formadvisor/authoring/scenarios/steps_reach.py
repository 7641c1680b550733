"""The step library, part six: "what would it take?", the fewest changes to answers the group
could change after which an option is recommended, or that none of up to three does."""

from __future__ import annotations

from pytest_bdd import then

from formadvisor.advice.reach import Reach, reach
from formadvisor.authoring.scenarios.state import Mismatch, ScenarioState, sentence
from formadvisor.authoring.scenarios.words import question, value_of


def _reach(state: ScenarioState, option: str, service: str | None) -> Reach:
    if service is None:
        state.form(option)
    else:
        state.route(option)
        state.service_index(service)
    answers = state.advisor.validate(state.applied() and state.answers)
    return reach(state.advisor, answers, option, service, state.as_of or state.applied().as_of)


def _show(found: Reach) -> str:
    if not found.reachable:
        return "out of reach: " + "; ".join(found.blocked_by)
    said = [
        f"{c.question}{f' ({c.service})' if c.service else ''} = {c.answer!r}"
        for c in found.changes
    ]
    return "changes: " + (", ".join(said) or "none (already recommended)")


@then(sentence("what it would take for {option} is answering {key} with {text}"))
def takes_one_change(state: ScenarioState, option: str, key: str, text: str):
    found = _reach(state, option, None)
    value = value_of(question(state.policy.questionnaire, key), text)
    (wanted,) = [(key, None, value)]
    got = [
        (c.question, c.service, list(c.answer) if isinstance(c.answer, tuple) else c.answer)
        for c in found.changes
    ]
    if not found.reachable or got != [wanted]:
        raise Mismatch(f'one change: "{key}" answered "{text}"', _show(found))


@then(sentence("{option} for {service} is out of reach"))
def route_out_of_reach(state: ScenarioState, option: str, service: str):
    _out_of_reach(state, option, service)


@then(sentence("{option} is out of reach"))
def form_out_of_reach(state: ScenarioState, option: str):
    _out_of_reach(state, option, None)


def _out_of_reach(state: ScenarioState, option: str, service: str | None) -> None:
    found = _reach(state, option, service)
    if found.reachable:
        raise Mismatch("out of reach within three changes", _show(found))
