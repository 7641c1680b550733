"""The step library, part two: the sentences that check which rules fired, what they counted
for, the considerations, sources and advice, and the decision."""

from __future__ import annotations

from pytest_bdd import then

from formadvisor.advice.results import Ranking
from formadvisor.authoring.scenarios.state import (
    Mismatch,
    ScenarioState,
    _known,
    _option_in,
    sentence,
    show_considerations,
    show_fired,
    show_ranking,
)

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
    if wanted not in [(c.topic, c.rule) for c in result.every_consideration()]:
        raise Mismatch(f"a {topic} consideration from rule {rule}", show_considerations(result))


@then(sentence("there is no {topic} consideration from rule {rule}"))
def no_consideration_from(state: ScenarioState, topic: str, rule: str):
    result = state.applied()
    wanted = (state.topic(topic), state.rule(rule))
    if wanted in [(c.topic, c.rule) for c in result.every_consideration()]:
        raise Mismatch(f"no {topic} consideration from rule {rule}", show_considerations(result))


@then(sentence("there is a {topic} consideration mentioning {text}"))
def consideration_mentioning(state: ScenarioState, topic: str, text: str):
    result = state.applied()
    state.topic(topic)
    if not any(
        c.topic == topic and text.lower() in c.text.lower() for c in result.every_consideration()
    ):
        raise Mismatch(f'a {topic} consideration mentioning "{text}"', show_considerations(result))


@then(sentence("the reasons cite source {source}"))
def cites_source(state: ScenarioState, source: str):
    _known(source, [s.id for s in state.policy.sources.sources], "source")
    result = state.applied()
    cited = [
        citation.split(":", 1)[0]
        for sources in (
            *(r.sources for r in result.fired_rules),
            *(c.sources for c in result.every_consideration()),
        )
        for citation in sources
    ]
    if source not in cited:
        found = ", ".join(dict.fromkeys(cited)) or "no sources"
        raise Mismatch(f"a reason cites source {source}", f"the reasons cite {found}")


@then(sentence("the advice asks to seek advice from {who}"))
def seek_advice_from(state: ScenarioState, who: str):
    result = state.applied()
    caveats = [c for c in result.every_consideration() if c.caveat]
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
