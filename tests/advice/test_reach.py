"""`reach`, the property: every answer it gives, applied to the answers, makes the option the
recommendation on durable_rules; an option it cannot reach says what rules it out; it only
ever changes changeable answers, at most three. On 500 seeded random answer sets and every
example, for the runner-up form, a random other form and a random route of a random service."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.picking import UnknownName
from formadvisor.advice.reach import MOST, Reach, reach
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES

DAY = dt.date(2026, 12, 6)
RANDOM_SETS = 500


def _applied(doc: dict, result: Reach) -> dict:
    """The test's own reading of the changes (not `Reach.applied`): by (service, question)."""
    wanted = {(c.service, c.question): c.answer for c in result.changes}

    def answer(service: str | None, key: str, value: object) -> object:
        new = wanted.get((service, key), value)
        return list(new) if isinstance(new, tuple) else new

    services = [{k: answer(s["name"], k, v) for k, v in s.items()} for s in doc["services"]]
    group = {k: answer(None, k, v) for k, v in doc.items() if k != "services"}
    return {**group, "services": services}


def _recommended(advisor, answers, service: str | None) -> str | None:
    form, routes, _ = advisor.ranker.ranked(advisor.trace(answers, DAY))
    if service is None:
        return form.recommended
    names = [s.name for s in answers.services]
    return routes[names.index(service)].recommended


def _check(advisor, answers, option: str, service: str | None, counts: dict) -> None:
    result = reach(advisor, answers, option, service, DAY)
    assert result.option == option
    q = advisor.policy.questionnaire
    changeable = {x.id for x in q.questions if x.changeable}
    service_changeable = {x.id for x in q.service_questions if x.changeable}
    if not result.reachable:
        assert result.blocked_by, (option, service)
        assert all(result.blocked_by)
        assert not result.changes
        counts["blocked"] += 1
        return
    assert not result.blocked_by
    assert len(result.changes) <= MOST
    keys = [(c.question, c.service) for c in result.changes]
    assert len(set(keys)) == len(keys)  # one change per answer
    for c in result.changes:
        assert c.question in (changeable if c.service is None else service_changeable)
        assert c.answer != c.before
    before = answers.model_dump(mode="json")
    changed = advisor.validate(_applied(before, result))
    assert _recommended(advisor, changed, service) == option, (option, service, keys)
    counts[len(result.changes)] += 1


def _options(advisor, answers, rng: random.Random) -> list[tuple[str, str | None]]:
    """The runner-up form, another form at random, and a random route of a random service."""
    form, _, _ = advisor.ranker.ranked(advisor.trace(answers, DAY))
    eligible = [p.option for p in form.order if p.eligible]
    picked = [(eligible[1], None)] if len(eligible) > 1 else []
    picked.append((rng.choice(advisor.policy.form_ids), None))
    if answers.services:
        service = rng.choice(answers.services).name
        picked.append((rng.choice(advisor.policy.route_ids), service))
    return picked


def test_each_reach_applied_makes_the_option_the_recommendation(policy, advisor):
    counts: dict = {0: 0, 1: 0, 2: 0, 3: 0, "blocked": 0}
    rng = random.Random(1603)
    examples = [advisor.validate(read_yaml(p).data) for p in sorted(EXAMPLES.glob("*.yaml"))]
    randoms: list = []
    while len(randoms) < RANDOM_SETS:
        try:
            randoms.append(advisor.validate(random_answers(policy.questionnaire, rng)))
        except AnswersInvalid:
            continue
    sets = examples + randoms
    started = time.perf_counter()
    for answers in sets:
        for option, service in _options(advisor, answers, rng):
            _check(advisor, answers, option, service, counts)
    took = time.perf_counter() - started
    print(f"\nreach on {len(sets)} answer sets: {counts} in {took:.1f} s")
    assert len(randoms) == RANDOM_SETS
    # the property would hold vacuously if nothing were reached, or nothing blocked
    assert counts[1]
    assert counts[2]
    assert counts["blocked"]


def test_an_already_recommended_option_takes_no_change(advisor):
    answers = advisor.validate(read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data)
    result = reach(advisor, answers, "cic_limited_by_guarantee", None, DAY)
    assert result.reachable
    assert result.changes == ()


def test_an_option_fixed_facts_exclude_names_the_rule_in_words(advisor):
    """In Wales the NHS Standard Contract is ruled out by the nation: no answer lifts it."""
    answers = advisor.validate(read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data)
    result = reach(advisor, answers, "nhs_standard_contract", "Cluster pharmacy support", DAY)
    assert not result.reachable
    assert result.blocked_rules
    for rule, said in zip(result.blocked_rules, result.blocked_by, strict=True):
        assert f"rule {rule}" in said
    assert result.screened == 1  # no search: only fixed facts are behind the rule


def test_the_same_answers_give_the_same_reach(advisor):
    answers = advisor.validate(read_yaml(EXAMPLES / "english_federation_bidding.yaml").data)
    first = reach(advisor, answers, "practice_merger", None, DAY)
    assert reach(advisor, answers, "practice_merger", None, DAY) == first


def test_an_unknown_option_or_service_is_named(advisor):
    answers = advisor.validate(read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data)
    with pytest.raises(UnknownName):
        reach(advisor, answers, "no_such_form", None, DAY)
    with pytest.raises(UnknownName):
        reach(advisor, answers, "apms", "No such service", DAY)
