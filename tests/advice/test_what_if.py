"""The fast what-if (skip unread answers, search on the plain reading, confirm on durable)
gives exactly what the naive one (every alternative on durable_rules) gives."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re

import pytest

from formadvisor.advice.results import WhatIf
from formadvisor.advice.whatif import Found, answers_read, question_of, rank_what_ifs
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES
from tests.support.oracles import what_if_found, what_if_naive

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


# --- what-if that matters: only changeable answers, ranked, each with its consequence ---------


@pytest.fixture(scope="module")
def found(advisor):
    """Each example's what-ifs before ranking, worked out the slow way (durable_rules only)."""
    out = {}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        answers = advisor.validate(read_yaml(path).data)
        out[path.stem] = (answers, what_if_found(advisor, answers, DAY))
    return out


def _changeable(policy) -> set[str]:
    q = policy.questionnaire
    return {x.id for x in q.questions if x.changeable} | {
        f"service.{x.id}" for x in q.service_questions if x.changeable
    }


def test_only_answers_the_group_could_change_are_varied(policy, advisor):
    changeable = _changeable(policy)
    for fact in ("nation", "service.commissioner", "service.kind", "service.includes_nhs_111"):
        assert fact not in changeable
    assert "service.employs_staff_directly" in changeable
    rng = random.Random(63)
    docs = [read_yaml(p).data for p in sorted(EXAMPLES.glob("*.yaml"))]
    docs += [random_answers(policy.questionnaire, rng) for _ in range(8)]
    seen = 0
    for doc in docs:
        rec = advisor.recommend(doc, DAY)
        for w in rec.what_if:
            assert question_of(w.question) in changeable, w.question
            seen += 1
        for ranking in (rec.organisational_form, *(s.contract_route for s in rec.services)):
            for d in ranking.decision.deciders:  # the deciders of a tie read the same flag
                assert (f"service.{d.question}" if d.service else d.question) in changeable
    assert seen


def test_the_ranking_is_the_same_twice_and_whatever_order_the_changes_come_in(policy, found):
    for name, (_, items) in found.items():
        once = rank_what_ifs(policy, items)
        assert once == rank_what_ifs(policy, items), name
        rng = random.Random(name)
        for _ in range(5):
            shuffled = list(items)
            rng.shuffle(shuffled)
            assert rank_what_ifs(policy, shuffled) == once, name


def _key(policy, f):
    return (*(f.ranks[c] for c in policy.scoring.what_if.rank_by), f.position)


def test_impact_runs_from_1_to_n_each_questions_changes_together_most_important_first(
    policy, found
):
    for name, (_, items) in found.items():
        ranked = rank_what_ifs(policy, items)
        assert [w.impact for w in ranked] == list(range(1, len(ranked) + 1)), name
        questions = [w.question for w in ranked]
        firsts = list(dict.fromkeys(questions))
        assert [q for i, q in enumerate(questions) if i == 0 or questions[i - 1] != q] == firsts
        by = {(f.what_if.question, json.dumps(f.what_if.answer)): f for f in items}
        keys = [_key(policy, by[w.question, json.dumps(w.answer)]) for w in ranked]
        leaders = [keys[questions.index(q)] for q in firsts]
        assert leaders == sorted(leaders), name  # groups placed by their most important change
        for q in firsts:  # and inside a group, the most important first
            mine = [k for k, x in zip(keys, questions, strict=True) if x == q]
            assert mine == sorted(mine)


def test_a_form_change_comes_first_then_a_route_for_employed_staff_then_the_bigger_swing(
    policy, found
):
    def one(question, form, tier, swing):
        w = WhatIf(
            question=question, answer=True, organisational_form=None, services={}, changes=("x",)
        )
        ranks = {"form": 0 if form else 1, "staff": tier, "swing": -swing, "services": -1}
        return Found(w, ranks, (0, 0, 0, (0,)))

    items = [
        one("route_other_big_swing", False, 1, 9),
        one("route_staff_small_swing", False, 0, 1),
        one("form_small_swing", True, 2, 1),
        one("route_staff_big_swing", False, 0, 5),
    ]
    assert [w.question for w in rank_what_ifs(policy, items)] == [
        "form_small_swing",
        "route_staff_big_swing",
        "route_staff_small_swing",
        "route_other_big_swing",
    ]
    _, welsh = found["welsh_cluster_pharmacists"]
    by = {f.what_if.question: f for f in welsh}
    assert by["services[0].employs_staff_directly"].ranks["staff"] == 0  # employs its staff
    assert by["services[1].employs_staff_directly"].ranks["staff"] == 1  # health board's
    assert rank_what_ifs(policy, welsh)[0].organisational_form is not None


def test_the_ranking_order_is_data(policy, found):
    _, items = found["welsh_cluster_pharmacists"]
    order = policy.scoring.what_if
    orders = set()
    for rank_by in itertools.permutations(order.rank_by):
        changed = policy.model_copy(
            update={
                "scoring": policy.scoring.model_copy(
                    update={"what_if": order.model_copy(update={"rank_by": rank_by})}
                )
            }
        )
        ranked = rank_what_ifs(changed, items)
        first = min(items, key=lambda f: (*(f.ranks[c] for c in rank_by), f.position))
        assert ranked[0] == first.what_if.model_copy(update={"impact": 1}), rank_by
        orders.add(tuple(w.question for w in ranked))
    assert len(orders) > 1  # the order of the criteria changes the ranking


def test_each_consequence_names_the_new_option_and_cites_its_sources(policy, advisor, found):
    known = {s.id: s for s in policy.sources.sources}
    labels = {o.id: o.label for o in (*policy.options.forms, *policy.options.routes)}
    for name, (answers, _) in found.items():
        rec = advisor.recommend(answers, DAY)
        assert rec.what_if, name
        for w in rec.what_if:
            assert w.consequence, w
            cited = [c.split(": ", 1)[0] for c in w.sources]
            assert all(known[c].applies_to(answers.nation) for c in cited), (w, cited)
            new = (
                [w.organisational_form]
                if w.organisational_form != (rec.organisational_form.recommended)
                else []
            )
            new += [
                r for s in rec.services if (r := w.services[s.name]) != s.contract_route.recommended
            ]
            for option in new:
                if option is not None:
                    assert labels[option] in w.consequence
                    assert cited, w  # an option's consequence cites where it comes from
            # never a figure no cited source gives: each £ amount and percentage is in one
            for figure in re.findall(r"£[\d,]+|\d+%", w.consequence):
                bare = figure.replace(",", "")
                assert any(bare in c.replace(",", "") for c in w.sources), (figure, w)
