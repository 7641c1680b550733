"""Form fields and the journey's order come from the questionnaire, with no per-question code."""

from __future__ import annotations

import pytest

from formadvisor.web.flow import (
    asked,
    first_required_unanswered,
    first_unanswered,
    next_question,
    tidy,
)
from formadvisor.web.forms import fields, missing, read, read_page, reveal_parent


def question(policy, qid: str, service: bool = False):
    qs = policy.questionnaire
    return next(q for q in (qs.service_questions if service else qs.questions) if q.id == qid)


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ([" 10,000 "], (10000, None)),
        (["six"], (None, "Enter the number of practices as a whole number, like 6")),
        (["0"], (None, "Enter a number of practices between 1 and 10,000")),
        (["10001"], (None, "Enter a number of practices between 1 and 10,000")),
        ([""], (None, "Enter the number of practices")),
        ([], (None, "Enter the number of practices")),
    ],
)
def test_a_number_is_read_with_govuk_messages(policy, posted, expected):
    assert read(question(policy, "member_practices"), posted) == expected


def test_an_optional_number_may_be_left_blank(policy):
    assert read(question(policy, "registered_population"), ["  "]) == (None, None)


def test_choices_keep_the_questionnaire_order_and_need_their_minimum(policy):
    purposes = question(policy, "purposes")
    picked = ["share_workforce", "deliver_services", "deliver_services"]
    assert read(purposes, picked) == (["deliver_services", "share_workforce"], None)
    assert read(purposes, [])[1] == "Select what the group is for"
    assert read(purposes, ["bogus"])[1] == "Select what the group is for"
    assert read(question(policy, "capital_sources"), []) == ([], None)  # none is an answer


def test_yes_no_and_one_choice(policy):
    lock = question(policy, "asset_lock_wanted")
    assert read(lock, ["yes"]) == (True, None)
    assert read(lock, ["no"]) == (False, None)
    assert read(lock, ["maybe"]) == (None, "Select yes if you want an asset lock")
    assert read(question(policy, "nation"), ["atlantis"])[0] is None


def test_text_has_a_limit(policy):
    name = question(policy, "name", service=True)
    assert read(name, ["  Pharmacists "]) == ("Pharmacists", None)
    assert read(name, ["x" * 201])[1] == "Enter the name of the service in 200 characters or fewer"


def test_a_question_without_error_wording_gets_a_plain_message(minimal_policy):
    by_type = {q.type: missing(q) for q in minimal_policy.questionnaire.questions if not q.error}
    assert by_type["choice"] == "Select an answer"
    assert by_type["boolean"] == "Select yes or no"
    assert by_type["integer"] == "Enter a number"


def test_a_follow_up_is_revealed_under_its_parents_answer(policy):
    services = policy.questionnaire.service_questions
    transfer = question(policy, "staff_transfer_in", service=True)
    pension = question(policy, "staff_need_nhs_pension", service=True)
    assert reveal_parent(transfer, services, "service.") == ("employs_staff_directly", "yes")
    assert reveal_parent(pension, services, "service.") is None
    top = fields(services, {}, prefix="service.")
    employs = next(f for f in top if f.id == "employs_staff_directly")
    assert [f.id for f in employs.reveals["yes"]] == ["staff_transfer_in", "supply_of_staff_only"]
    assert "staff_transfer_in" not in [f.id for f in top]


def test_a_follow_up_under_no_is_ignored(policy):
    services = policy.questionnaire.service_questions
    form = {"name": ["A"], "kind": ["other"], "commissioner": ["icb"]}
    form |= {q.id: ["no"] for q in services if q.type == "boolean"}
    answers, errors = read_page(services, {**form, "staff_transfer_in": ["maybe"]}, "service.")
    assert errors == {}
    assert "staff_transfer_in" not in answers
    answers, errors = read_page(
        services, {**form, "employs_staff_directly": ["yes"], "staff_transfer_in": []}, "service."
    )
    assert list(errors) == ["staff_transfer_in"]


def test_the_pages_skip_questions_not_asked(policy):
    qs = policy.questionnaire
    wales = [q.id for q in asked(qs, {"nation": "wales"})]
    england = [q.id for q in asked(qs, {"nation": "england"})]
    assert set(england) - set(wales) == {"pcn_staff_for_practices"}
    before = england[england.index("pcn_staff_for_practices") - 1]
    assert next_question(qs, {"nation": "wales"}, before).id != "pcn_staff_for_practices"
    assert next_question(qs, {"nation": "england"}, before).id == "pcn_staff_for_practices"
    assert next_question(qs, {}, england[-1]) is None
    assert first_unanswered(qs, {"nation": "wales"}).id == wales[1]
    assert first_unanswered(qs, {"nation": "wales"}, after=wales[2]).id == wales[3]
    required = {"nation": "wales", "member_practices": 6, "purposes": ["estates"]}
    assert first_required_unanswered(qs, required).id == "profit_intent"
    assert first_required_unanswered(qs, {**required, "profit_intent": "reinvest"}) is None


def test_tidy_keeps_only_what_is_still_asked(policy):
    qs = policy.questionnaire
    service = {"name": "A", "employs_staff_directly": False, "staff_transfer_in": True}
    draft = {"nation": "wales", "pcn_staff_for_practices": True, "gone": 1, "services": [service]}
    assert tidy(qs, draft) == {
        "nation": "wales",
        "services": [{"name": "A", "employs_staff_directly": False}],
    }
