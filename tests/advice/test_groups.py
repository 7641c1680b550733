"""A group assessment: the practices' answers combined by the documented rule, ties, several
answers, services joined, splits that change the recommendation (each checked here by running
the alternative on durable_rules independently), each practice's own result and the
recommendation without the practices not committed."""

from __future__ import annotations

import datetime as dt

import pytest

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.groups import (
    PracticeAnswers,
    analyse,
    check_practice,
    check_shared,
    organiser_questions,
    practice_questions,
)
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import (
    GROUP_EXAMPLE,
    NURSE_TEAM_GROUP,
    PAYROLL_AND_NURSES,
    nurse_team_answers,
)

AS_OF = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def example():
    return read_yaml(GROUP_EXAMPLE).data


@pytest.fixture(scope="module")
def shared(example):
    return example["shared"]


@pytest.fixture(scope="module")
def view(advisor, example):
    practices = [PracticeAnswers(**p) for p in example["practices"]]
    return analyse(advisor, example["shared"], practices, AS_OF, group_name="Example")


def group(advisor, shared, *answers, names=None):
    names = names or [f"Practice {i}" for i in range(1, len(answers) + 1)]
    practices = [PracticeAnswers(name=n, answers=a) for n, a in zip(names, answers, strict=True)]
    return analyse(advisor, shared, practices, AS_OF)


def question(view, qid):
    return next(q for q in view.questions if q.question == qid)


def recommended(advisor, doc):
    """The form and each route, from the full recommendation on durable_rules."""
    rec = advisor.recommend(doc, as_of=AS_OF, what_if=False)
    return rec.organisational_form.recommended, {
        s.name: s.contract_route.recommended for s in rec.services
    }


def test_the_questionnaire_marks_the_questions_of_opinion(policy):
    opinions = {q.id for q in practice_questions(policy.questionnaire)}
    assert {"profit_intent", "asset_lock_wanted", "member_control", "capital_sources"} <= opinions
    assert {"risk_appetite", "priority", "all_practices_committed"} <= opinions
    facts = {q.id for q in organiser_questions(policy.questionnaire)}
    assert {"nation", "purposes", "open_market_bidding"} <= facts
    assert not facts & opinions
    assert "member_practices" not in facts
    (commitment,) = [q for q in policy.questionnaire.questions if q.combined_by == "all"]
    assert commitment.id == "all_practices_committed"
    assert commitment.practice_text


def test_the_majority_decides_and_the_counts_carry_labels(advisor, view):
    surplus = question(view, "profit_intent")
    assert surplus.answers == {"reinvest": 2, "distribute_to_members": 1}
    assert not surplus.agreed
    assert not surplus.tie
    assert surplus.combined == "reinvest"
    assert next(c.label for c in surplus.counts).startswith("It stays in the organisation")
    assert surplus.counts[1].practices == ("Talgarth Surgery",)
    assert view.combined["profit_intent"] == "reinvest"
    assert view.combined["member_practices"] == 3  # the practices named
    assert (view.answered, view.of) == (3, 3)
    assert view.rule
    assert all(isinstance(s, str) for s in view.rule)


def test_an_even_split_is_a_tie_settled_by_the_default_or_the_first_listed(advisor, shared):
    base = {"profit_intent": "reinvest"}
    v = group(
        advisor,
        shared,
        {**base, "member_control": "one_member_one_vote"},
        {**base, "member_control": "board_led"},
    )
    control = question(v, "member_control")
    assert control.tie
    assert control.combined == "board_led"
    assert "assumes when nobody answers" in control.said
    v = group(advisor, shared, {**base, "risk_appetite": "high"}, {**base, "risk_appetite": "low"})
    risk = question(v, "risk_appetite")  # the default (medium) is not among the tied
    assert risk.tie
    assert risk.combined == "low"
    assert "listed first" in risk.said
    v = group(
        advisor, shared, {"profit_intent": "reinvest"}, {"profit_intent": "distribute_to_members"}
    )
    assert question(v, "profit_intent").combined == "reinvest"  # no default: first listed


def test_a_value_of_several_answers_is_in_when_more_than_half_chose_it(advisor, view, shared):
    money = question(view, "capital_sources")
    assert money.answers == {"grants": 2, "loans": 2}
    assert money.combined == ("grants", "loans")  # each chosen by 2 of 3
    v = group(
        advisor,
        shared,
        {"profit_intent": "reinvest", "capital_sources": ["grants"]},
        {"profit_intent": "reinvest", "capital_sources": ["loans"]},
    )
    half = question(v, "capital_sources")
    assert half.combined == ()
    assert half.tie


def test_an_unanswered_question_is_not_counted(advisor, shared):
    v = group(
        advisor,
        shared,
        {"profit_intent": "reinvest", "risk_appetite": "low"},
        {"profit_intent": "reinvest"},
    )
    assert question(v, "risk_appetite").answers == {"low": 1}
    assert question(v, "risk_appetite").agreed
    assert "priority" not in {q.question for q in v.questions}


def test_an_answer_every_practice_gave_is_agreed(view):
    charity = question(view, "charitable_purposes_only")
    assert charity.agreed
    assert charity.answers == {"false": 3}
    assert not charity.alternatives
    assert charity.said_matters is None


def test_a_question_that_does_not_apply_to_the_group_is_said_so(view):
    taxed = question(view, "taxed_as_partners")  # asked only when surplus may be paid out
    assert not taxed.asked
    assert not taxed.changes_recommendation
    assert not taxed.alternatives


def test_splits_that_change_the_recommendation_are_confirmed_on_durable_rules(advisor, view):
    form, routes = recommended(advisor, view.combined)
    assert view.recommendation is not None
    assert view.recommendation.organisational_form.recommended == form
    splits = [q for q in view.questions if not q.agreed and q.asked]
    assert splits
    for q in splits:
        given = {c for _, c in [(None, a.answer) for a in q.alternatives]}
        assert q.combined not in given
        for alt in q.alternatives:
            doc = {
                **view.combined,
                q.question: list(alt.answer) if isinstance(alt.answer, tuple) else alt.answer,
            }
            new_form, new_routes = recommended(advisor, doc)  # independently, in full
            assert (alt.organisational_form, alt.services) == (new_form, new_routes)
            assert alt.changes_recommendation == ((new_form, new_routes) != (form, routes))
            assert bool(alt.changes) == alt.changes_recommendation
        assert q.changes_recommendation == any(a.changes_recommendation for a in q.alternatives)
    matter = [q.question for q in view.questions if q.changes_recommendation]
    assert "profit_intent" in matter  # the example: the surplus split matters …
    assert not question(view, "risk_appetite").changes_recommendation  # … the risk split does not
    assert view.splits_that_matter == tuple(matter)
    # splits that matter first, then the other splits, then the answers agreed on, then the
    # questions the group's answers do not ask
    order = [(not q.changes_recommendation, not q.asked, q.agreed) for q in view.questions]
    assert order == sorted(order)
    surplus = question(view, "profit_intent").alternatives[0]
    assert surplus.practices == ("Talgarth Surgery",)
    assert "instead of" in surplus.changes[0]


def test_each_practice_has_its_own_recommendation_on_the_groups_facts(advisor, view, example):
    for p, seen in zip(example["practices"], view.by_practice, strict=True):
        answers = dict(p["answers"])
        joined = set(answers.pop("services_joined"))
        doc = {
            **example["shared"],
            **answers,
            "member_practices": 3,
            "services": [s for s in example["shared"]["services"] if s["name"] in joined],
        }
        form, routes = recommended(advisor, doc)
        assert (seen.recommended, seen.services) == (form, routes)
        assert seen.answered
        assert set(seen.services_joined) == joined


def test_a_service_runs_when_at_least_half_would_join(view):
    runs = {s.service: (s.runs, len(s.joined)) for s in view.services}
    assert runs == {
        "Cluster pharmacy support": (True, 3),
        "Cluster wellbeing clinics": (True, 2),
        "Welfare advice for shielding patients": (False, 1),
    }
    assert [s["name"] for s in view.combined["services"]] == [
        "Cluster pharmacy support",
        "Cluster wellbeing clinics",
    ]
    assert "does not run" in view.services[2].said


def other_outcome(view, join, services):
    """The combined answers with `join`'s service run the other way, built here on their own
    from the group's `services`."""
    running = {s["name"] for s in view.combined["services"]} ^ {join.service}
    return {**view.combined, "services": [s for s in services if s["name"] in running]}


@pytest.mark.parametrize("nurses_joined_by", [1, 2])
def test_a_split_on_joining_that_changes_the_recommendation(advisor, nurses_joined_by):
    view = group(
        advisor, check_shared(advisor, NURSE_TEAM_GROUP, 3), *nurse_team_answers(nurses_joined_by)
    )
    payroll, nurses = view.services
    assert not payroll.split
    assert payroll.alternative is None
    assert nurses.split
    assert nurses.runs == (nurses_joined_by == 2)
    form, _routes = recommended(advisor, view.combined)
    alt = nurses.alternative
    doc = other_outcome(view, nurses, PAYROLL_AND_NURSES)
    new_form, new_routes = recommended(advisor, doc)  # independently, in full
    assert (alt.organisational_form, alt.services) == (new_form, new_routes)
    assert alt.answer is not nurses.runs
    assert new_form != form  # the nurse team decides the form
    without_nurses = form if nurses_joined_by == 1 else new_form
    assert without_nurses == "no_new_entity"  # a collaboration agreement employs nobody
    assert nurses.changes_recommendation
    assert alt.changes_recommendation
    assert alt.changes == (
        advisor.policy.groups.form_changes.format(
            form=advisor.policy.option(new_form).label, was=advisor.policy.option(form).label
        ),
    )  # the nurse team's own route coming or going is not listed as a change
    assert nurses.said_matters == advisor.policy.groups.matters
    assert alt.practices == (nurses.not_joined if nurses.runs else nurses.joined)
    assert view.splits_that_matter == ("services_joined:Shared nurse team",)


def test_a_split_on_joining_that_does_not_change_the_recommendation(advisor, view):
    form, routes = recommended(advisor, view.combined)
    splits = [j for j in view.services if j.split]
    assert [j.service for j in splits] == [
        "Cluster wellbeing clinics",  # runs: 2 of 3 would join it
        "Welfare advice for shielding patients",  # does not run: 1 of 3
    ]
    for join in splits:
        doc = other_outcome(view, join, read_yaml(GROUP_EXAMPLE).data["shared"]["services"])
        new_form, new_routes = recommended(advisor, doc)  # independently, in full
        alt = join.alternative
        assert (alt.organisational_form, alt.services) == (new_form, new_routes)
        others = {k: v for k, v in new_routes.items() if k != join.service}
        assert (new_form, others) == (form, {k: v for k, v in routes.items() if k != join.service})
        assert not join.changes_recommendation
        assert not alt.changes
        assert join.said_matters == advisor.policy.groups.does_not_matter
    wellbeing, welfare = splits
    assert wellbeing.alternative.answer is False
    assert wellbeing.alternative.practices == ("Talgarth Surgery",)
    assert "Cluster wellbeing clinics" not in wellbeing.alternative.services
    assert welfare.alternative.answer is True
    assert welfare.alternative.practices == ("Brecon Medical Group",)
    assert welfare.said_alternative.startswith("If Welfare advice for shielding patients ran")
    assert not any(s.startswith("services_joined:") for s in view.splits_that_matter)


def test_practices_not_committed_are_shown_with_the_result_without_them(advisor, view, example):
    assert view.uncommitted == ("Talgarth Surgery",)
    assert question(view, "all_practices_committed").combined is False  # every one must say yes
    without = view.without_uncommitted
    assert without is not None
    assert without.left_out == ("Talgarth Surgery",)
    kept = [PracticeAnswers(**p) for p in example["practices"][:2]]
    alone = analyse(advisor, example["shared"], kept, AS_OF)  # the two committed on their own
    assert alone.combined["all_practices_committed"] is True
    form, routes = recommended(advisor, alone.combined)
    assert (without.recommended, without.services) == (form, routes)
    assert without.changes_recommendation == (
        (form, routes)
        != (
            view.recommendation.organisational_form.recommended,
            {s.name: s.contract_route.recommended for s in view.recommendation.services},
        )
    )


def test_no_answers_yet_gives_no_recommendation(advisor, shared):
    practices = [PracticeAnswers(name="A"), PracticeAnswers(name="B")]
    v = analyse(advisor, shared, practices, AS_OF)
    assert v.recommendation is None
    assert v.answered == 0
    assert v.problems
    assert v.not_answered == ("A", "B")
    assert v.services == ()  # nobody has said which they would join
    assert v.questions == ()


def test_the_organisers_answers_may_hold_facts_only(advisor, shared):
    check_shared(advisor, shared, 3)
    with pytest.raises(AnswersInvalid) as e:
        check_shared(advisor, {**shared, "profit_intent": "reinvest", "member_practices": 3})
    assert {p.loc for p in e.value.items} == {("profit_intent",), ("member_practices",)}
    with pytest.raises(AnswersInvalid) as e:
        check_shared(advisor, {**shared, "nation": "france"})
    assert [p.loc for p in e.value.items] == [("nation",)]
    with pytest.raises(AnswersInvalid) as e:
        check_shared(advisor, {k: v for k, v in shared.items() if k != "nation"})
    assert [p.loc for p in e.value.items] == [("nation",)]


def test_a_practices_answers_may_hold_opinions_and_services_joined_only(advisor, shared):
    check_practice(advisor, shared, {"profit_intent": "reinvest", "services_joined": []})
    for bad, where in (
        ({"profit_intent": "reinvest", "nation": "england"}, ("nation",)),
        ({"profit_intent": "reinvest", "services": []}, ("services",)),
        ({"profit_intent": "reinvest", "risk_appetite": "huge"}, ("risk_appetite",)),
        ({"profit_intent": "reinvest", "services_joined": ["Nope"]}, ("services_joined", 0)),
        ({"risk_appetite": "low"}, ("profit_intent",)),  # required
    ):
        with pytest.raises(AnswersInvalid) as e:
            check_practice(advisor, shared, bad)
        assert [p.loc for p in e.value.items] == [where], bad
