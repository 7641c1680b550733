"""The step library, part five: the sentences that check the what-if list, the single answer
changes a group could make that change its result, most important first."""

from __future__ import annotations

from pytest_bdd import then

from formadvisor.advice.results import WhatIf
from formadvisor.advice.whatif import service_key
from formadvisor.authoring.scenarios.state import Mismatch, ScenarioState, sentence
from formadvisor.authoring.scenarios.words import question, value_of


def _listed(state: ScenarioState) -> tuple[WhatIf, ...]:
    return state.listed_what_if().what_if


def _show(items: tuple[WhatIf, ...]) -> str:
    lines = [f"    {w.impact}. {w.question} = {w.answer!r}: {'; '.join(w.changes)}" for w in items]
    return "the what-if list:\n" + ("\n".join(lines) or "    empty")


def _is(w: WhatIf, key: str, value: object, service: str | None) -> bool:
    asked, _ = service_key(w.question)
    answer = list(w.answer) if isinstance(w.answer, tuple) else w.answer
    return asked == key and w.service == service and answer == value


def _value(state: ScenarioState, key: str, text: str, service: str | None) -> object:
    return value_of(question(state.policy.questionnaire, key, service=service is not None), text)


@then(sentence("the what-if list never varies {key}"))
def never_varies(state: ScenarioState, key: str):
    items = _listed(state)
    if any(service_key(w.question)[0] == key for w in items):
        raise Mismatch(f'no what-if varies "{key}" (not the group\'s choice)', _show(items))


@then(sentence("the what-if list includes answering {key} with {text}"))
def lists_group_answer(state: ScenarioState, key: str, text: str):
    items = _listed(state)
    value = _value(state, key, text, None)
    if not any(_is(w, key, value, None) for w in items):
        raise Mismatch(f'a what-if answering "{key}" with "{text}"', _show(items))


@then(sentence("the what-if list includes answering {key} with {text} for {service}"))
def lists_service_answer(state: ScenarioState, key: str, text: str, service: str):
    items = _listed(state)
    state.service_index(service)
    value = _value(state, key, text, service)
    if not any(_is(w, key, value, service) for w in items):
        raise Mismatch(f'a what-if answering "{key}" with "{text}" for "{service}"', _show(items))


def _first(state: ScenarioState, key: str, text: str, service: str | None) -> None:
    items = _listed(state)
    if service is not None:
        state.service_index(service)
    value = _value(state, key, text, service)
    if not items or not _is(items[0], key, value, service):
        where = f' for "{service}"' if service else ""
        raise Mismatch(f'the first what-if answers "{key}" with "{text}"{where}', _show(items))


@then(sentence("the most important what-if is answering {key} with {text}"))
def first_group_answer(state: ScenarioState, key: str, text: str):
    _first(state, key, text, None)


@then(sentence("the most important what-if is answering {key} with {text} for {service}"))
def first_service_answer(state: ScenarioState, key: str, text: str, service: str):
    _first(state, key, text, service)
