"""The fast what-if (skip unread answers, search on the plain reading, confirm on durable)
gives exactly what the naive one (every alternative on durable_rules) gives."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from formadvisor.advice.whatif import answers_read
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES
from tests.support.oracles import what_if_naive

DAY = dt.date(2026, 11, 23)


def _both(advisor, answers):
    fast = list(advisor.recommend(answers, DAY).what_if)
    naive = list(what_if_naive(advisor, answers, DAY))
    return fast, naive


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fast_what_if_equals_the_naive_one_on_the_examples(advisor, path):
    fast, naive = _both(advisor, advisor.validate(read_yaml(path).data))
    assert fast == naive
    assert naive  # the examples each have a change that matters


def test_fast_what_if_equals_the_naive_one_on_random_answer_sets(policy, advisor):
    rng = random.Random(61)
    found = 0
    for _ in range(25):
        answers = advisor.validate(random_answers(policy.questionnaire, rng))
        fast, naive = _both(advisor, answers)
        assert fast == naive, answers.model_dump_json()
        found += len(naive)
    assert found > 0


def test_fast_what_if_equals_the_naive_one_on_the_minimal_rules(minimal_policy, minimal_advisor):
    rng = random.Random(62)
    for _ in range(25):
        answers = minimal_advisor.validate(random_answers(minimal_policy.questionnaire, rng))
        fast, naive = _both(minimal_advisor, answers)
        assert fast == naive


def test_answers_read_are_those_a_rule_or_an_ask_when_leads_to(policy):
    read = answers_read(policy)
    refs = {t.ref for pr in policy.rules for t in clauses_of(pr.rule.when)}
    for q in policy.questionnaire.questions:
        if q.id in refs:
            assert q.id in read
    for q in policy.questionnaire.service_questions:
        if f"service.{q.id}" in refs or f"any_service.{q.id}" in refs:
            assert f"service.{q.id}" in read
    assert "service.name" not in read  # text: no rule can read it
    unread = [q.id for q in policy.questionnaire.questions if q.id not in read]
    for qid in unread:  # an unread answer is read by no rule and decides no read question
        assert qid not in refs
        for q in policy.questionnaire.questions:
            if q.ask_when is not None and q.id in read:
                assert qid not in {t.ref for t in clauses_of(q.ask_when)}
