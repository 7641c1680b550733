"""The step library, part three: the sentences that check how a result is decided (a tie and
the answers that would decide it, a result nothing argues for) and which considerations it
shows."""

from __future__ import annotations

from pytest_bdd import parsers, then

from formadvisor.advice.results import Ranking
from formadvisor.authoring.scenarios.state import (
    Mismatch,
    ScenarioState,
    sentence,
    show_ranking,
)
from formadvisor.authoring.scenarios.words import question, value_of

# --- Then: ties and undetermined results --------------------------------------------------------


def _ranking(state: ScenarioState, service: str | None) -> tuple[Ranking, str]:
    result = state.applied()
    if service is None:
        return result.organisational_form, "the form"
    return state.routes_of(result, service), f'the route for "{service}"'


def _found(ranking: Ranking) -> str:
    return f"{ranking.decision.summary}\n          {show_ranking(ranking)}"


def _undetermined(state: ScenarioState, service: str | None) -> None:
    ranking, what = _ranking(state, service)
    if not ranking.decision.undetermined or ranking.recommended is not None:
        raise Mismatch(f"{what} is undetermined (nothing argues for any option)", _found(ranking))


@then("the form is undetermined")
def form_undetermined(state: ScenarioState):
    _undetermined(state, None)


@then(sentence("the route for {service} is undetermined"))
def route_undetermined(state: ScenarioState, service: str):
    _undetermined(state, service)


def _tie(state: ScenarioState, a: str, b: str) -> None:
    ranking, what = _ranking(state, None)
    d = ranking.decision
    pair = {ranking.recommended, d.runner_up}
    if not d.tie or d.undetermined or pair != {a, b}:
        raise Mismatch(f"{what} is a tie between {a} and {b}", _found(ranking))


@then(sentence("the form is a tie between {a} and {b}"))
def form_tie(state: ScenarioState, a: str, b: str):
    _tie(state, state.form(a), state.form(b))


@then(sentence("the form is a close call between {a} and {b}"))
def form_close_call(state: ScenarioState, a: str, b: str):
    ranking, what = _ranking(state, None)
    d = ranking.decision
    pair = {ranking.recommended, d.runner_up}
    if d.tie or not d.close_call or d.undetermined or pair != {state.form(a), state.form(b)}:
        raise Mismatch(f"{what} is a close call (not a tie) between {a} and {b}", _found(ranking))


def _headline(state: ScenarioState) -> str:
    summary = state.applied().summary
    return summary.headline if summary else ""


@then(sentence("the headline says {text}"))
def headline_says(state: ScenarioState, text: str):
    if text.lower() not in _headline(state).lower():
        raise Mismatch(f'the headline says "{text}"', f"headline: {_headline(state)}")


@then(sentence("the headline names the forms {a} and {b}"))
def headline_names(state: ScenarioState, a: str, b: str):
    wording = state.policy.summary
    names = [wording.names.get(state.form(x), x) if wording else x for x in (a, b)]
    if not all(n.lower() in _headline(state).lower() for n in names):
        raise Mismatch(f"the headline names {' and '.join(names)}", f"headline: {_headline(state)}")


@then("the form is not a tie")
def form_not_tie(state: ScenarioState):
    ranking, what = _ranking(state, None)
    if ranking.decision.tie:
        raise Mismatch(f"{what} is not a tie", _found(ranking))


def _decider(state: ScenarioState, key: str, text: str, option: str):
    ranking, what = _ranking(state, None)
    group = any(q.id == key for q in state.policy.questionnaire.questions)
    value = value_of(question(state.policy.questionnaire, key, service=not group), text)
    wanted = tuple(value) if isinstance(value, list) else value
    for d in ranking.decision.deciders:
        if d.question == key and d.answer == wanted and d.option == option:
            return
    said = [
        f"{d.question}={d.answer} ({d.service}) → {d.option}" for d in ranking.decision.deciders
    ]
    raise Mismatch(
        f'answering "{key}" with "{text}" decides the tie of {what} for {option}',
        "deciders: " + ("; ".join(said) or "none") + "\n          " + _found(ranking),
    )


@then(sentence("answering {key} with {text} would decide the tie of the form for {option}"))
def decides_form(state: ScenarioState, key: str, text: str, option: str):
    _decider(state, key, text, state.form(option))


@then(sentence("answering {key} with {text} would decide the close call of the form for {option}"))
def decides_close_form(state: ScenarioState, key: str, text: str, option: str):
    _decider(state, key, text, state.form(option))


@then(sentence("the decision on the form says {text}"))
def form_says(state: ScenarioState, text: str):
    ranking, what = _ranking(state, None)
    if text.lower() not in ranking.decision.summary.lower():
        raise Mismatch(f'the decision on {what} says "{text}"', _found(ranking))


@then(sentence("the decision on the route for {service} says {text}"))
def route_says(state: ScenarioState, service: str, text: str):
    ranking, what = _ranking(state, service)
    if text.lower() not in ranking.decision.summary.lower():
        raise Mismatch(f'the decision on {what} says "{text}"', _found(ranking))


# --- Then: the considerations a result shows ----------------------------------------------------


def _shown(state: ScenarioState) -> str:
    lines = [f"    [{c.topic}] {c.rule}: {c.text}" for c in state.applied().considerations]
    return "considerations shown:\n" + ("\n".join(lines) or "    none")


@then(parsers.re(r"at most (?P<n>\d+) considerations are shown"))
def at_most_shown(state: ScenarioState, n: str):
    if len(state.applied().considerations) > int(n):
        raise Mismatch(f"at most {n} considerations are shown", _shown(state))


@then("each consideration shown is said once")
def shown_once(state: ScenarioState):
    said = [
        c.sources[0] if c.kind == "unsourced" else c.text for c in state.applied().considerations
    ]
    if len(said) != len(set(said)):
        raise Mismatch("each consideration shown is said once", _shown(state))


@then(sentence("a consideration from rule {rule} is shown"))
def shown_from(state: ScenarioState, rule: str):
    if state.rule(rule) not in [c.rule for c in state.applied().considerations]:
        raise Mismatch(f"a consideration from rule {rule} is shown", _shown(state))


@then(sentence("no consideration from rule {rule} is shown"))
def not_shown_from(state: ScenarioState, rule: str):
    if state.rule(rule) in [c.rule for c in state.applied().considerations]:
        raise Mismatch(f"no consideration from rule {rule} is shown", _shown(state))


@then(sentence("the first consideration shown is from rule {rule}"))
def first_shown(state: ScenarioState, rule: str):
    shown = state.applied().considerations
    if not shown or shown[0].rule != state.rule(rule):
        raise Mismatch(f"the first consideration shown is from rule {rule}", _shown(state))
