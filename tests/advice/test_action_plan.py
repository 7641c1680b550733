"""The action plan: the steps of rules/action_plan.yaml that apply to a recommendation, in an
order that keeps every `after`, each citing its sources, with the critical path and the fit to
`months_to_start`."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from formadvisor.advice.advisor import Advisor
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.checks import load_policy
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES
from tests.support.lint_fixtures import CLEAN

DAY = dt.date(2026, 12, 6)
CQC = {"step.dbs_checks", "step.cqc_registration", "step.cqc_merger"}


def recommend(advisor, answers):
    return advisor.recommend(answers, as_of=DAY, what_if=False)


def check_plan(result, nation: str) -> None:
    """What every plan keeps, whatever the answers."""
    plan, timeline = result.action_plan, result.action_plan_timeline
    assert timeline is not None
    for i, step in enumerate(plan):
        assert step.step
        assert step.who
        assert step.rule == step.id
        assert step.sources, f"{step.id} cites no source"
        assert "{" not in step.step, f"{step.id} has an unfilled placeholder"
        assert all(0 <= a < i for a in step.after), f"{step.id}: after {step.after} at {i}"
        start = tuple(max((plan[a].ends_week[k] for a in step.after), default=0) for k in (0, 1))
        assert step.starts_week == start
        least, most = step.weeks or (0, 0)
        assert step.ends_week == (start[0] + least, start[1] + most)
        if step.weeks is None:
            assert step.ask, f"{step.id} has no time and says nobody to ask"
    assert timeline.weeks == (
        max((s.ends_week[0] for s in plan), default=0),
        max((s.ends_week[1] for s in plan), default=0),
    )
    assert timeline.steps_without_time == tuple(i for i, s in enumerate(plan) if s.weeks is None)
    if nation != "england":
        assert not CQC & {s.id for s in plan}, "CQC registers providers in England only"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_example_has_a_sourced_plan_in_order(advisor, name):
    answers = read_yaml(EXAMPLES / name).data
    result = recommend(advisor, answers)
    assert result.action_plan, "a plan with no steps"
    check_plan(result, answers["nation"])
    ids = [s.id for s in result.action_plan]
    assert (answers["nation"] == "england") == bool(CQC & set(ids)) or (
        result.organisational_form.recommended == "no_new_entity"
    )


def test_the_english_federation_registers_with_companies_house_then_cqc(advisor):
    result = recommend(advisor, read_yaml(EXAMPLES / "english_federation_bidding.yaml").data)
    steps = {s.id: (i, s) for i, s in enumerate(result.action_plan)}
    i_company, company = steps["step.register_company"]
    assert company.fee_gbp == 50
    assert company.weeks == (0, 1)
    assert company.ask  # the day or so online is not confirmed by a public source
    i_dbs, dbs = steps["step.dbs_checks"]
    assert dbs.weeks == (0, 8)
    assert i_company in dbs.after
    _, cqc = steps["step.cqc_registration"]
    assert cqc.after == (i_dbs,)
    assert cqc.weeks is None
    assert cqc.ends_week == (0, 9)
    _, pension = steps["step.pension_employer"]
    assert pension.services == ("Community musculoskeletal service",)
    assert steps["step.contract_psr_england"][0] in pension.after
    assert any(s.startswith("N9.10:") for s in pension.sources)
    timeline = result.action_plan_timeline
    assert timeline.fits == "yes"
    assert timeline.months_to_start == 9


def test_the_welsh_cluster_has_no_cqc_and_a_welsh_procurement(advisor):
    result = recommend(advisor, read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data)
    ids = [s.id for s in result.action_plan]
    assert "step.register_cic" in ids
    assert "step.contract_psr_wales" in ids
    assert not CQC & set(ids)
    assert "step.contract_psr_england" not in ids
    cic = result.action_plan[ids.index("step.register_cic")]
    assert (cic.fee_gbp, cic.weeks) == (65, (0, 3))


def test_a_start_too_soon_is_warned_in_the_rules_words(advisor):
    answers = read_yaml(EXAMPLES / "english_federation_bidding.yaml").data
    result = recommend(advisor, {**answers, "months_to_start": 1})
    timeline = result.action_plan_timeline
    # the sources give most times as "up to": the DBS checks alone may take 8 weeks
    assert timeline.fits == "maybe"
    assert any("may not fit the 1 months (about 4 weeks)" in t for t in timeline.text)
    (warning,) = timeline.warnings
    assert warning.id == "plan.psr_under_three_months"
    assert "within 1 months" in warning.text
    assert warning.sources[0].startswith("N9.12:")
    later = recommend(advisor, {**answers, "months_to_start": 3})
    assert later.action_plan_timeline.fits == "yes"
    assert not later.action_plan_timeline.warnings


def test_without_months_to_start_nothing_is_said_about_fitting(advisor):
    answers = read_yaml(EXAMPLES / "english_federation_bidding.yaml").data
    del answers["months_to_start"]
    timeline = recommend(advisor, answers).action_plan_timeline
    assert timeline.fits is None
    assert timeline.months_to_start is None
    assert not any("months" in t for t in timeline.text)


def test_random_answer_sets_keep_the_plan_in_order(advisor, policy):
    rng = random.Random(14)
    seen: set[str] = set()
    for _ in range(150):
        answers = random_answers(policy.questionnaire, rng)
        result = recommend(advisor, answers)
        check_plan(result, answers["nation"])
        seen |= {s.id for s in result.action_plan}
    assert len(seen) >= 15, "the random answers should reach many kinds of step"


def test_a_step_that_does_not_apply_passes_its_after_on():
    policy = load_policy(CLEAN)
    advisor = Advisor(policy)
    try:
        answers = {
            "nation": "wales",  # the clean rules recommend a company here, so no CIC step
            "member_practices": 4,
            "purposes": ["deliver_services"],
            "profit_intent": "reinvest",
            "services": [
                {"name": "Clinic", "kind": "urgent_care", "commissioner": "health_board"},
                {"name": "Rota", "kind": "urgent_care", "commissioner": "health_board"},
            ],
        }
        result = recommend(advisor, answers)
        assert result.organisational_form.recommended == "company_limited_by_guarantee"
        agree, pension = result.action_plan
        assert (agree.id, pension.id) == ("step.agree", "step.pension")
        assert pension.after == (0,)  # after the CIC step, which passes on its own `after`
        assert pension.step == "Apply for pension access for Clinic, Rota"
        assert pension.services == ("Clinic", "Rota")
    finally:
        advisor.close()


def test_a_plan_whose_least_time_is_too_long_cannot_fit(tmp_path):
    from tests.support.lint_fixtures import make

    folder = make("plan_unknown_source", tmp_path)  # a copy of the clean folder
    plan = folder / "action_plan.yaml"
    text = plan.read_text().replace("sources: [P1.9]", "sources: [P1.7]")
    plan.write_text(text.replace("weeks: [0, 3]", "weeks: [2, 3]"))
    advisor = Advisor(load_policy(folder))
    try:
        answers = {
            "nation": "northern_ireland",  # the clean rules recommend a CIC here
            "member_practices": 4,
            "purposes": ["deliver_services"],
            "profit_intent": "reinvest",
            "months_to_start": 0,
        }
        result = recommend(advisor, answers)
        assert result.organisational_form.recommended == "cic_limited_by_guarantee"
        timeline = result.action_plan_timeline
        assert timeline.weeks == (2, 3)
        assert timeline.fits == "no"
        assert timeline.text[-1] == "Not in 0 months (0 weeks)."
        assert [w.text for w in timeline.warnings] == ["You want to start within 0 months."]
    finally:
        advisor.close()


def test_no_plan_file_gives_no_plan(minimal_advisor):
    from tests.support.data import WALES_PHARMACY

    result = recommend(minimal_advisor, WALES_PHARMACY)
    assert result.action_plan == ()
    assert result.action_plan_timeline is None
