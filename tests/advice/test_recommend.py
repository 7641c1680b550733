"""Aggregation of the trace into the contract's recommendation."""

from __future__ import annotations

import datetime as dt
import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from formadvisor.advice.advisor import Advisor
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.contract import CONTRACT_TOPICS
from tests.support.data import CONTRACT_KEYS, WALES_PHARMACY

DAY = dt.date(2026, 11, 23)
OPTION_KEYS = {"option", "label", "score", "eligible", "for", "against", "excluded_by"}


def recommend(advisor, **changes):
    return advisor.recommend({**WALES_PHARMACY, **changes}, as_of=DAY)


def test_the_output_has_the_contract_shape(minimal_advisor):
    out = json.loads(recommend(minimal_advisor).to_json())
    assert set(out) >= CONTRACT_KEYS
    assert set(out["ruleset"]) == {"version", "rules"}
    assert {"recommended", "ranking"} <= set(out["organisational_form"])
    for option in out["organisational_form"]["ranking"]:
        assert set(option) >= OPTION_KEYS
        for reason in option["for"] + option["against"] + option["excluded_by"]:
            assert {"rule", "because", "sources"} <= set(reason)
    (service,) = out["services"]
    assert service["name"] == "Pharmacy"
    assert {"recommended", "ranking"} <= set(service["contract_route"])
    for c in out["considerations"]:
        assert {"topic", "text", "rule", "sources"} <= set(c)
    for w in out["what_if"]:
        assert {"question", "answer", "organisational_form", "services"} <= set(w)


def test_scores_are_the_sum_of_weights_and_ties_go_to_the_simpler_option(minimal_advisor):
    form = recommend(minimal_advisor).organisational_form
    by_id = {o.option: o for o in form.ranking}
    # no_new_entity: small group (strong 3) + no budget (weak 1); CIC: asset lock 2 + contract 2
    assert by_id["no_new_entity"].score == 4
    assert by_id["cic_limited_by_guarantee"].score == 4
    assert [o.option for o in form.ranking[:2]] == ["no_new_entity", "cic_limited_by_guarantee"]
    assert form.recommended == "no_new_entity"
    assert form.decision.margin == 0
    assert form.decision.close_call
    assert by_id["company_limited_by_shares"].score == -1
    assert [r.weight for r in by_id["company_limited_by_shares"].against] == [-1]


def test_excluded_options_rank_last_with_their_reasons(minimal_advisor):
    form = recommend(minimal_advisor, profit_intent="distribute_to_members").organisational_form
    excluded = [o for o in form.ranking if not o.eligible]
    assert {o.option for o in excluded} == {
        "cic_limited_by_guarantee",
        "charitable_incorporated_organisation",
    }
    assert all(o.excluded_by[0].rule == "governance.distribution" for o in excluded)
    assert form.ranking[-2:] == tuple(excluded)
    assert "Members want surplus paid out in Wales." in excluded[0].excluded_by[0].because


def test_each_service_gets_a_route_with_reasons(minimal_advisor):
    (service,) = recommend(minimal_advisor).services
    route = service.contract_route
    assert route.recommended == "apms"
    sla = next(o for o in route.ranking if o.option == "sla")
    assert not sla.eligible
    assert sla.excluded_by[0].because.startswith("Pharmacy needs staff in the NHS Pension Scheme")
    assert sla.excluded_by[0].service == "Pharmacy"


def test_a_rule_firing_for_two_services_counts_once_for_the_form(minimal_advisor):
    twin = {**WALES_PHARMACY["services"][0], "name": "Pharmacy two"}
    one = recommend(minimal_advisor).organisational_form
    two = recommend(
        minimal_advisor, services=[*WALES_PHARMACY["services"], twin]
    ).organisational_form

    def score(form):
        return next(o.score for o in form.ranking if o.option == "company_limited_by_guarantee")

    assert score(one) == score(two) == 2


def test_considerations_carry_topics_caveats_and_unsourced_warnings(minimal_advisor):
    considerations = recommend(
        minimal_advisor, profit_intent="distribute_to_members"
    ).considerations_all
    topics = [c.topic for c in considerations]
    assert topics == sorted(topics, key=CONTRACT_TOPICS.index)
    texts = {c.text: c for c in considerations}
    advice = texts["Seek advice on how profits are taxed when paid out from an accountant."]
    assert advice.caveat
    assert advice.topic == "tax"
    unsourced = [c for c in considerations if c.text.startswith("Not confirmed by a public source")]
    assert unsourced
    assert "your LMC" in unsourced[0].text
    assert unsourced[0].caveat


def test_fired_rules_list_every_reason_once_in_policy_order(minimal_advisor):
    fired = recommend(minimal_advisor).fired_rules
    ids = [r.rule for r in fired]
    assert ids == [
        "setup.small_groups_no_entity",
        "governance.asset_lock",
        "setup.no_budget",
        "routes.any_service_pharmacy",
        "pension.sla_no_pension",
        "pension.qualifying_contract_body",
    ]
    assert all(r.sources for r in fired)


def test_what_if_lists_only_real_changes(minimal_advisor):
    result = recommend(minimal_advisor)
    assert result.what_if
    for w in result.what_if:
        doc = json.loads(json.dumps(WALES_PHARMACY))
        if w.question.startswith("services["):
            index, key = int(w.question[9]), w.question.split(".")[1]
            doc["services"][index][key] = w.answer
        else:
            doc[w.question] = list(w.answer) if isinstance(w.answer, tuple) else w.answer
        again = minimal_advisor.recommend(doc, as_of=DAY, what_if=False)
        assert again.organisational_form.recommended == w.organisational_form
        routes = {s.name: s.contract_route.recommended for s in again.services}
        assert routes == w.services
        assert w.organisational_form != result.organisational_form.recommended or routes != {
            "Pharmacy": "apms"
        }
    questions = {w.question for w in result.what_if}
    assert "services[0].employs_staff_directly" in questions
    assert "nation" not in questions  # a fixed fact


def test_same_answers_give_byte_identical_json(minimal_policy, minimal_advisor):
    first = recommend(minimal_advisor).to_json()
    other = Advisor(minimal_policy)
    try:
        assert other.recommend(WALES_PHARMACY, as_of=DAY).to_json() == first
    finally:
        other.close()
    assert recommend(minimal_advisor).to_json() == first


def test_ruleset_version_is_reported(minimal_policy, minimal_advisor):
    assert recommend(minimal_advisor).ruleset.version == minimal_policy.version
    assert recommend(minimal_advisor).ruleset.rules == len(minimal_policy.rules)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_every_valid_answer_set_gets_a_recommendation_with_reasons(policy, advisor, seed):
    doc = random_answers(policy.questionnaire, random.Random(seed))
    result = advisor.recommend(doc, as_of=DAY, what_if=False)
    rankings = [result.organisational_form, *(s.contract_route for s in result.services)]
    for ranking in rankings:  # an option, or (nothing argues for any) advice on whom to ask
        assert (ranking.recommended is None) == ranking.decision.undetermined
    assert result.fired_rules
    assert result.organisational_form.decision.summary
    routes = (s.contract_route.decision for s in result.services)
    for d in (result.organisational_form.decision, *routes):
        assert "  " not in d.summary, d.summary
        assert d.summary == d.summary.strip()
    assert advisor.recommend(doc, as_of=DAY, what_if=False).to_json() == result.to_json()


def test_a_tie_reads_as_one_sentence_then_the_close_call(advisor):
    """Two routes with the same score: the summary's sentences are single-spaced."""
    service = {"name": "Wellbeing", "kind": "mental_health", "commissioner": "icb"}
    rec = advisor.recommend({**WALES_PHARMACY, "services": [service]}, what_if=False)
    decision = rec.services[0].contract_route.decision
    assert decision.margin == 0
    assert decision.tie
    assert decision.close_call
    win, run = rec.services[0].contract_route.ranking[:2]
    assert decision.summary.startswith(
        f"{win.label} and {run.label} fit equally well: both score {win.score}. "
    )
    assert "  " not in decision.summary
