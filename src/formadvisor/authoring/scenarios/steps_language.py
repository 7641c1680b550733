"""The step library, part seven: the recommendation in another language. The rules' words come
from their translations (`X.cy.yaml`), so a scenario can check what a reader of that language
is told, and that no English is left where a translation should be."""

from __future__ import annotations

from collections.abc import Iterator

from pytest_bdd import parsers, then, when

from formadvisor.authoring.scenarios.state import Mismatch, ScenarioState, sentence
from formadvisor.authoring.scenarios.words import WordingError
from formadvisor.rules.translation import LANGUAGES, NAMES

# "Welsh", "Cymraeg" and "cy" all name Welsh (any case).
CALLED = {
    word.strip("()").lower(): lang for lang in LANGUAGES for word in (lang, *NAMES[lang].split())
}


@when(parsers.re(r"the policy is applied in (?P<language>\w+)"))
def applied_in(state: ScenarioState, language: str):
    lang = CALLED.get(language.lower())
    if lang is None:
        raise WordingError(
            f"'{language}' is not a language of formadvisor ({', '.join(LANGUAGES)})"
        )
    if lang not in state.policy.languages:
        raise WordingError(f"the rules have no translation into {language}")
    state.advisor = state.advisor.language(lang)
    state.result = state.recommend(state.answers)


def _texts(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _texts(v)
    elif isinstance(data, list):
        for v in data:
            yield from _texts(v)


def _says(state: ScenarioState, text: str) -> list[str]:
    """The result's texts (any text in it: headline, reasons, considerations, plan, disclaimer)
    that contain `text` (any case)."""
    wanted = text.lower()
    return [t for t in _texts(state.applied().model_dump(mode="json")) if wanted in t.lower()]


@then(sentence("the result says {text}"))
def result_says(state: ScenarioState, text: str):
    if not _says(state, text):
        summary = state.applied().summary
        headline = summary.headline if summary else ""
        raise Mismatch(f'the result says "{text}"', f"no text of it does; headline: {headline}")


@then(sentence("the result does not say {text}"))
def result_does_not_say(state: ScenarioState, text: str):
    found = _says(state, text)
    if found:
        raise Mismatch(f'the result does not say "{text}"', f"it says: {found[0]}")
