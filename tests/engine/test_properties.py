"""Hypothesis properties of the answers model and the engine.

Answers: every document the questionnaire allows is accepted (whether drawn by
`randomised.random_answers` or by strategies built here from the questionnaire); anything else,
however odd, is refused with `AnswersInvalid` and never another exception; a validated
document dumps and validates back to itself. Engine: the same answers give the same trace and
recommendation every time, and every valid answer set gets a recommendation or an explicit
"no option fits", never an exception.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formadvisor.advice.answers import TEXT_MAX, AnswersInvalid, validate_answers
from formadvisor.advice.results import trace_json
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.models import Question, Questionnaire

DAY = dt.date(2026, 6, 1)
SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]  # `request` only
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=SLOW_OK)
ENGINE = settings(max_examples=25, deadline=None, suppress_health_check=SLOW_OK)
NO_FIT = "No option fits"


def value_of(q: Question) -> st.SearchStrategy:
    """Any answer the question allows."""
    if q.type == "choice":
        return st.sampled_from(q.values)
    if q.type == "choices":
        return st.lists(
            st.sampled_from(q.values), min_size=q.min_items, max_size=len(q.values), unique=True
        )
    if q.type == "boolean":
        return st.booleans()
    if q.type == "integer":
        return st.integers(q.minimum, q.maximum)
    return st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=TEXT_MAX
    )


@st.composite
def answer_documents(draw, q: Questionnaire, max_services: int = 4) -> dict:
    """A valid answer document: required answers always, others given, null or left out."""
    doc = {}
    for question in q.questions:
        if question.required:
            doc[question.id] = draw(value_of(question))
        else:
            how = draw(st.sampled_from(["given", "absent", "null"]))
            if how == "given":
                doc[question.id] = draw(value_of(question))
            elif how == "null" and question.default is None:
                doc[question.id] = None
    names = draw(st.lists(st.text(min_size=1, max_size=40), max_size=max_services, unique=True))
    services = []
    for name in names:
        service = {"name": name}
        for question in q.service_questions:
            if question.id != "name" and (question.required or draw(st.booleans())):
                service[question.id] = draw(value_of(question))
        services.append(service)
    doc["services"] = services
    return doc


JSON_LIKE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=20), inner, max_size=5)
    ),
    max_leaves=30,
)


def either_valid_or_refused(questionnaire: Questionnaire, data: object) -> None:
    try:
        validate_answers(questionnaire, data)
    except AnswersInvalid as e:
        problems = e.problems
    else:
        return
    assert problems
    assert all(p.strip() for p in problems)


# --- the answers model -----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["minimal_policy", "policy"])
@QUICK
@given(seed=st.integers(0, 2**32 - 1))
def test_every_random_answers_document_is_accepted(request, which, seed):
    questionnaire = request.getfixturevalue(which).questionnaire
    validate_answers(questionnaire, random_answers(questionnaire, random.Random(seed)))


@QUICK
@given(data=st.data())
def test_every_document_the_questionnaire_allows_is_accepted(policy, data):
    doc = data.draw(answer_documents(policy.questionnaire))
    answers = validate_answers(policy.questionnaire, doc)
    assert [s.name for s in answers.services] == [s["name"] for s in doc["services"]]


@QUICK
@given(junk=JSON_LIKE)
def test_junk_is_refused_with_answers_invalid_only(policy, junk):
    # never valid: not a mapping, or a mapping without the required answers
    with pytest.raises(AnswersInvalid):
        validate_answers(policy.questionnaire, junk)


@QUICK
@given(data=st.data(), junk=JSON_LIKE)
def test_a_valid_document_with_junk_in_one_place_never_raises_anything_else(policy, data, junk):
    q = policy.questionnaire
    doc = data.draw(answer_documents(q))
    keys = [x.id for x in q.questions] + ["services", "unknown_key"]
    key = data.draw(st.sampled_from(keys))
    if key == "services" and doc["services"] and data.draw(st.booleans()):
        service = doc["services"][0]
        service[data.draw(st.sampled_from([*service, "unknown_key"]))] = junk
    else:
        doc[key] = junk
    either_valid_or_refused(q, doc)


@QUICK
@given(data=st.data())
def test_a_validated_document_dumps_and_validates_to_itself(policy, data):
    q = policy.questionnaire
    answers = validate_answers(q, data.draw(answer_documents(q)))
    assert validate_answers(q, answers.model_dump()) == answers
    assert validate_answers(q, answers.model_dump(mode="json")) == answers


# --- the engine --------------------------------------------------------------------------------


def fingerprint(advisor, doc) -> tuple[str, str]:
    recommendation, trace = advisor.recommend_traced(doc, DAY, what_if=False)
    return json.dumps(trace_json(trace)), recommendation.to_json()


def assert_recommended(advisor, doc) -> None:
    recommendation = advisor.recommend(doc, DAY, what_if=False)
    rankings = [recommendation.organisational_form] + [
        s.contract_route for s in recommendation.services
    ]
    for ranking in rankings:
        if ranking.recommended is None and ranking.decision.undetermined:
            # nothing argues for the leader: no rule favours it, and the result says whom to ask
            assert ranking.ranking[0].eligible
            assert not any((r.weight or 0) > 0 for r in ranking.ranking[0].for_)
            assert "seek advice from" in ranking.decision.summary.lower()
        elif ranking.recommended is None:
            assert ranking.decision.summary.startswith(NO_FIT)
            assert not any(o.eligible for o in ranking.ranking)
        else:
            assert ranking.recommended == ranking.ranking[0].option
            assert ranking.ranking[0].eligible
            assert any((r.weight or 0) > 0 for r in ranking.ranking[0].for_)  # something for it


@ENGINE
@given(data=st.data())
def test_the_same_answers_give_the_same_trace_and_recommendation(advisor, minimal_advisor, data):
    doc = data.draw(answer_documents(advisor.policy.questionnaire))
    other = data.draw(answer_documents(minimal_advisor.policy.questionnaire))
    first = fingerprint(advisor, doc)
    fingerprint(minimal_advisor, other)  # another policy's session in between
    assert fingerprint(advisor, doc) == first


@pytest.mark.parametrize("which", ["minimal_advisor", "advisor"])
@ENGINE
@given(data=st.data())
def test_every_valid_answer_set_gets_a_recommendation_or_no_option_fits(request, which, data):
    advisor = request.getfixturevalue(which)
    assert_recommended(advisor, data.draw(answer_documents(advisor.policy.questionnaire)))
