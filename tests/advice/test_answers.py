"""The answers model is built from the questionnaire; bad answers name their key path."""

from __future__ import annotations

import pytest

from formadvisor.advice.answers import AnswersInvalid, answers_model, validate_answers
from formadvisor.engine.facts import answer_facts, is_asked, organisation_facts, service_facts
from tests.support.data import WALES_PHARMACY


def problems(policy, doc) -> list[str]:
    with pytest.raises(AnswersInvalid) as caught:
        validate_answers(policy.questionnaire, doc)
    return caught.value.problems


def test_every_question_is_in_the_schema(minimal_policy):
    schema = answers_model(minimal_policy.questionnaire).model_json_schema()
    ids = {q.id for q in minimal_policy.questionnaire.questions}
    assert ids | {"services"} == set(schema["properties"])
    assert schema["properties"]["nation"]["description"].startswith("Which nation")
    assert set(schema["required"]) == {"nation", "member_practices", "purposes", "profit_intent"}


def test_defaults_apply_only_where_given(minimal_policy):
    answers = validate_answers(minimal_policy.questionnaire, WALES_PHARMACY)
    assert answers.core_contracts_stay_with_practices is True
    assert answers.member_control == "board_led"
    assert answers.capital_sources == ()
    assert answers.setup_budget_gbp is None
    assert answers.services[0].non_gp_clinicians is False


def test_each_bad_answer_names_its_key_path(minimal_policy):
    doc = {
        **WALES_PHARMACY,
        "nation": "wales ",
        "member_practices": "3",
        "purposes": [],
        "colour": "blue",
        "services": [WALES_PHARMACY["services"][0], {"name": "B", "kind": "surgery"}],
    }
    found = problems(minimal_policy, doc)
    assert any(p.startswith("nation: must be 'england'") for p in found)
    assert any(p.startswith("member_practices: ") for p in found)
    assert any(p.startswith("purposes: ") for p in found)
    assert "colour: unknown question (check its spelling)" in found
    assert any(p.startswith("services[1].kind: must be") for p in found)
    assert "services[1].commissioner: an answer is required" in found


def test_service_names_must_differ_and_list_values_not_repeat(minimal_policy):
    twin = dict(WALES_PHARMACY["services"][0])
    found = problems(minimal_policy, {**WALES_PHARMACY, "services": [twin, twin]})
    assert found == ["services: two services are called 'Pharmacy'; names must differ"]
    found = problems(minimal_policy, {**WALES_PHARMACY, "purposes": ["estates", "estates"]})
    assert found == ["purposes: a value is given twice"]


def test_not_a_mapping(minimal_policy):
    assert problems(minimal_policy, ["nation"]) == [
        "the answers must be a mapping of question keys to answers"
    ]


def test_an_answer_to_a_question_not_asked_is_ignored(minimal_policy):
    q = minimal_policy.questionnaire
    wales = validate_answers(q, {**WALES_PHARMACY, "pcn_staff_for_practices": True})
    england = validate_answers(
        q, {**WALES_PHARMACY, "nation": "england", "pcn_staff_for_practices": True}
    )
    assert "pcn_staff_for_practices" not in organisation_facts(q, wales)
    assert organisation_facts(q, england)["pcn_staff_for_practices"] == (True,)
    assert organisation_facts(q, england)["any_service.kind"] == ("pharmacy_support",)


def test_a_service_follow_up_counts_only_when_its_parent_holds(policy):
    """`staff_transfer_in` is asked only when the service employs its staff (ask_when)."""
    q = policy.questionnaire
    service = {**WALES_PHARMACY["services"][0], "staff_transfer_in": True}
    employs = validate_answers(q, {**WALES_PHARMACY, "services": [service]})
    not_employs = validate_answers(
        q, {**WALES_PHARMACY, "services": [{**service, "employs_staff_directly": False}]}
    )
    for answers, expected in ((employs, (True,)), (not_employs, ())):
        org = organisation_facts(q, answers)
        assert org.get("any_service.staff_transfer_in", ()) == expected
        facts = service_facts(q, org, answers.services[0])
        assert facts.get("service.staff_transfer_in", ()) == expected


def test_a_draft_says_which_questions_are_asked(policy):
    questions = policy.questionnaire.questions
    pcn = next(x for x in questions if x.id == "pcn_staff_for_practices")
    draft = {"nation": "england", "pcn_staff_for_practices": True}
    assert is_asked(pcn, answer_facts(questions, draft))
    facts = answer_facts(questions, {**draft, "nation": "wales"})
    assert not is_asked(pcn, facts)
    assert "pcn_staff_for_practices" not in facts
