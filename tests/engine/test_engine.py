"""The durable engine: safe shapes, isolation, errors surfaced, agreement with the plain reading."""

from __future__ import annotations

import datetime as dt
import json
import random
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formadvisor.advice.answers import validate_answers
from formadvisor.engine.compiler import SENTINEL, compile_policy, fnv1_32
from formadvisor.engine.durable import DurableEngine, EngineError
from formadvisor.engine.evaluate import evaluate
from formadvisor.engine.randomised import condition_refs, random_answers, random_condition
from formadvisor.engine.reading import PlainReading
from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.effects import Favour, Rule, Scored
from formadvisor.rules.loading import RulesInvalid
from formadvisor.rules.policy import PolicyRule
from tests.support.data import WALES_PHARMACY

DAY = dt.date(2026, 1, 1)
AGREEMENT_POLICIES = 30
AGREEMENT_ANSWER_SETS = 100  # per policy: 3,000 random answer sets over random rule trees


def random_policy(base, rng: random.Random, size: int = 40):
    """The base policy with its rules replaced by random ones over every operator."""
    rules = []
    while len(rules) < size:
        service = rng.random() < 0.4
        cond = random_condition(condition_refs(base, service), rng)
        scope = (
            "service"
            if any(t.ref.startswith("service.") for t in clauses_of(cond))
            else "organisation"
        )
        rule = Rule(
            id=f"random.r{len(rules)}",
            when=cond,
            because="random",
            then=(Favour(favour=Scored(options=("llp",))),),
            sources=("P1.7",),
        )
        rules.append(
            PolicyRule(rule=rule, file="random.yaml", line=1, topic=None, scope=scope, level=0)
        )
    candidate = base.model_copy(update={"rules": tuple(rules)})
    try:
        compile_policy(candidate)
    except RulesInvalid:  # a random tree over the limits: draw again
        return random_policy(base, rng, size)
    return candidate


def test_engine_agrees_with_the_plain_reading_on_random_rules(minimal_policy):
    rng = random.Random(20261123)
    checked = 0
    for _ in range(AGREEMENT_POLICIES):
        policy = random_policy(minimal_policy, rng)
        engine, reference = DurableEngine(policy), PlainReading(policy)
        try:
            for _ in range(AGREEMENT_ANSWER_SETS):
                answers = validate_answers(
                    policy.questionnaire, random_answers(policy.questionnaire, rng)
                )
                got = evaluate(policy, answers, engine, DAY)
                want = evaluate(policy, answers, reference, DAY)
                assert got.rule_ids() == want.rule_ids(), answers.model_dump_json()
                checked += 1
        finally:
            engine.close()
    assert checked == AGREEMENT_POLICIES * AGREEMENT_ANSWER_SETS


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_engine_agrees_on_the_repository_rules(policy, advisor, seed):
    answers = validate_answers(
        policy.questionnaire, random_answers(policy.questionnaire, random.Random(seed))
    )
    reference = PlainReading(policy)
    for day in (DAY, dt.date(2019, 1, 1)):
        assert (
            advisor.trace(answers, day).rule_ids()
            == evaluate(policy, answers, reference, day).rule_ids()
        )


def test_bound_values_are_the_answers_that_satisfied_the_rule(minimal_advisor):
    answers = minimal_advisor.validate(WALES_PHARMACY)
    trace = minimal_advisor.trace(answers, DAY)
    (firing,) = [f for f in trace.services[0] if f.rule == "pension.sla_no_pension"]
    assert firing.service == "Pharmacy"
    assert firing.values == {
        "service.employs_staff_directly": (True,),
        "service.staff_need_nhs_pension": (True,),
    }


def test_only_safe_shapes_are_emitted(policy, minimal_policy):
    """Constant tests only: no references between facts, no arithmetic, no $neq, no $in."""
    for p in (policy, minimal_policy):
        for definition in compile_policy(p).definitions.values():
            text = json.dumps(definition)
            for banned in ("$neq", '$in"', "$add", "$sub", "$mul", "$div", '$m"', "$iany", "$mt"):
                assert banned not in text
            for name, rule in definition.items():
                first = rule["all"][0]
                if name == SENTINEL:
                    assert first == {"m": {SENTINEL: 1}}
                else:  # one sentinel per 200 rules
                    assert list(first) == ["s"]
                    assert list(first["s"]) == [SENTINEL]
                    assert first["s"][SENTINEL] in range(1, 1 + len(definition) // 200 + 1)
                for pattern in rule["all"]:
                    (body,) = pattern.values()
                    _assert_constant(body)


def _assert_constant(body):
    """Every leaf compares a property with a constant (a reference is a dict naming a pattern)."""
    if isinstance(body, dict):
        for key, value in body.items():
            if key in ("$and", "$or"):
                for item in value:
                    _assert_constant(item)
            elif key.startswith("$"):
                _assert_constant(value)
            else:
                assert not isinstance(value, dict | list), body


def test_two_evaluations_never_see_each_others_facts(minimal_advisor):
    a = minimal_advisor.validate(WALES_PHARMACY)
    b = minimal_advisor.validate(
        {**WALES_PHARMACY, "nation": "england", "member_practices": 30, "services": []}
    )
    alone = {k: minimal_advisor.trace(x, DAY).rule_ids() for k, x in (("a", a), ("b", b))}
    failures = []

    def worker(key, answers):
        for _ in range(150):
            if minimal_advisor.trace(answers, DAY).rule_ids() != alone[key]:
                failures.append(key)

    threads = [threading.Thread(target=worker, args=kv) for kv in [("a", a), ("b", b)] * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert alone["a"] != alone["b"]


class _FailingEngine(DurableEngine):
    """An engine whose rule actions raise, as a bug in an action would."""

    def _action(self, rule_name):
        if rule_name == SENTINEL:
            return super()._action(rule_name)

        def boom(message, fired):
            raise ValueError("boom")

        return boom


def test_errors_inside_actions_are_raised_not_swallowed(minimal_policy):
    engine = _FailingEngine(minimal_policy)
    answers = validate_answers(minimal_policy.questionnaire, WALES_PHARMACY)
    try:
        with pytest.raises(EngineError, match="a rule action failed: boom"):
            evaluate(minimal_policy, answers, engine, DAY)
        with pytest.raises(EngineError, match="boom"):  # the session was cleaned up; fails again
            evaluate(minimal_policy, answers, engine, DAY)
    finally:
        engine.close()


def test_a_closed_engine_refuses_work(minimal_policy):
    engine = DurableEngine(minimal_policy)
    engine.close()
    answers = validate_answers(minimal_policy.questionnaire, WALES_PHARMACY)
    with pytest.raises(EngineError, match="closed"):
        evaluate(minimal_policy, answers, engine, DAY)


def test_many_engines_can_be_built_and_freed(minimal_policy):
    for _ in range(30):  # versioned names: never "already registered"
        DurableEngine(minimal_policy).close()


def test_effective_dates_come_from_rules_and_sources(minimal_advisor):
    answers = minimal_advisor.validate({**WALES_PHARMACY, "profit_intent": "distribute_to_members"})
    now = {r for _, r in minimal_advisor.trace(answers, DAY).rule_ids()}
    then = {r for _, r in minimal_advisor.trace(answers, dt.date(2005, 6, 1)).rule_ids()}
    assert "governance.distribution" in now  # P3.2 is in force from 2024
    assert "governance.distribution" not in then
    assert "setup.past_rule" in then  # in force 2000–2010
    assert "setup.past_rule" not in now


def test_limits_are_checked_before_durable_sees_the_rules(minimal_policy):
    rng = random.Random(1)
    wide = random_condition(condition_refs(minimal_policy, False), rng)
    from formadvisor.rules.conditions import AllOf, AnyOf, Clause

    many = AllOf(
        items=tuple(
            AnyOf(
                items=(
                    Clause(ref="nation", op="is", value="wales"),
                    Clause(ref="risk_appetite", op="is", value="low"),
                )
            )
            for _ in range(6)
        )
    )  # 2^6 = 64 alternatives
    for cond, message in (
        (many, "alternatives"),
        (
            AllOf(
                items=(wide,) * 0
                + tuple(Clause(ref="member_practices", op="gte", value=i) for i in range(15))
            ),
            "combination",
        ),
    ):
        rule = Rule(
            id="too.big",
            when=cond,
            because="x",
            sources=("P1.7",),
            then=(Favour(favour=Scored(options=("llp",))),),
        )
        pr = PolicyRule(rule=rule, file="f.yaml", line=7, topic=None, scope="organisation", level=0)
        with pytest.raises(RulesInvalid, match=message) as caught:
            compile_policy(minimal_policy.model_copy(update={"rules": (pr,)}))
        assert str(caught.value.problems[0]).startswith("f.yaml:7: too.big:")


def test_too_many_tests_on_one_answer_are_refused(minimal_policy):
    from formadvisor.rules.conditions import Clause

    rules = tuple(
        PolicyRule(
            rule=Rule(
                id=f"n{i}",
                when=Clause(ref="member_practices", op="gte", value=i),
                because="x",
                sources=("P1.7",),
                then=(Favour(favour=Scored(options=("llp",))),),
            ),
            file="f.yaml",
            line=i,
            topic=None,
            scope="organisation",
            level=0,
        )
        for i in range(70)
    )
    with pytest.raises(RulesInvalid, match="tested 70 different ways"):
        compile_policy(minimal_policy.model_copy(update={"rules": rules}))


def test_fnv1_matches_the_published_vectors():
    assert fnv1_32("") == 0x811C9DC5
    assert fnv1_32("a") == 0x050C5D7E
    assert fnv1_32("foobar") == 0x31F0B262
