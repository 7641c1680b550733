"""The step library, part five: a group whose practices answer for themselves. The scenario's
answers so far are the organiser's facts; each practice gives its answers of opinion; combining
them gives the group's answers and recommendation (which the other `Then` steps then check)."""

from __future__ import annotations

from pytest_bdd import given, then, when

from formadvisor.advice.answers import SERVICES_JOINED, AnswersInvalid
from formadvisor.advice.groups import (
    DERIVED,
    GroupView,
    PracticeAnswers,
    QuestionView,
    ServiceJoin,
    analyse,
    check_practice,
    organiser_questions,
)
from formadvisor.authoring.coverage import scenario_day
from formadvisor.authoring.scenarios.state import Mismatch, ScenarioState, sentence
from formadvisor.authoring.scenarios.words import WordingError, question, value_of


@given(sentence("the practice {name} answers:"))
def practice_answers(state: ScenarioState, name: str, datatable: list[list[str]]):
    header, *rows = datatable
    if [h.strip().lower() for h in header] != ["question", "answer"]:
        raise WordingError(f"the answers table starts with | question | answer |, not {header}")
    answers: dict = {}
    for key, text in rows:
        key = key.strip()
        if key == SERVICES_JOINED:
            answers[key] = [] if text.strip() == "none" else [n.strip() for n in text.split(",")]
        else:
            answers[key] = value_of(question(state.policy.questionnaire, key), text)
    state.practices.append(PracticeAnswers(name=name, answers=answers))


@when("the practices' answers are combined")
def combined(state: ScenarioState):
    facts = {q.id for q in organiser_questions(state.policy.questionnaire)} | {"services"}
    shared = {k: v for k, v in state.answers.items() if k in facts and k not in DERIVED}
    try:
        for p in state.practices:
            check_practice(state.advisor, shared, p.answers or {})
        state.group = analyse(state.advisor, shared, state.practices, state.as_of or scenario_day())
    except (AnswersInvalid, ValueError) as e:
        raise WordingError(f"the practices' answers cannot be combined: {e}") from None
    if state.group.recommendation is None:
        raise WordingError("no recommendation for the group: " + "; ".join(state.group.problems))
    state.result = state.group.recommendation


def _group(state: ScenarioState) -> GroupView:
    if state.group is None:
        raise WordingError(
            "a Then step about the group needs 'When the practices' answers are combined'"
        )
    return state.group


def _question(state: ScenarioState, key: str) -> QuestionView:
    view = _group(state)
    for q in view.questions:
        if q.question == key:
            return q
    question(state.policy.questionnaire, key)  # a typo is named with its close matches
    raise Mismatch(f'some practice answers "{key}"', "no practice answered it")


def _shown(q: QuestionView) -> str:
    counts = ", ".join(f"{c.value}: {c.count}" for c in q.counts)
    return f"{q.combined!r} from {counts}; {q.said}"


@then(sentence("the group's answer to {key} is {text}"))
def group_answer(state: ScenarioState, key: str, text: str):
    q = _question(state, key)
    wanted = value_of(question(state.policy.questionnaire, key), text)
    if (list(q.combined) if isinstance(q.combined, tuple) else q.combined) != wanted:
        raise Mismatch(f'the group\'s answer to "{key}" is {wanted!r}', _shown(q))


@then(sentence("the split on {key} changes the recommendation"))
def split_matters(state: ScenarioState, key: str):
    q = _question(state, key)
    if not q.changes_recommendation:
        raise Mismatch(f'the split on "{key}" changes the recommendation', _alternatives(q))


@then(sentence("the split on {key} does not change the recommendation"))
def split_does_not_matter(state: ScenarioState, key: str):
    q = _question(state, key)
    if q.agreed or q.changes_recommendation:
        found = "the practices agree" if q.agreed else _alternatives(q)
        raise Mismatch(f'the practices split on "{key}" and it does not matter', found)


def _join(state: ScenarioState, service: str) -> ServiceJoin:
    view = _group(state)
    for join in view.services:
        if join.service == service:
            if not join.split:
                who = "every practice" if join.joined else "no practice"
                raise Mismatch(f'the practices split on joining "{service}"', f"{who} joins it")
            return join
    known = ", ".join(f'"{j.service}"' for j in view.services) or "none"
    raise WordingError(f'no service is called "{service}": the group has {known}')


def _other_outcome(join: ServiceJoin) -> str:
    alt = join.alternative
    if alt is None:
        return "it was not run the other way (the answers were invalid without it)"
    return f"{join.said_alternative} {' '.join(alt.changes) or 'no change'}"


@then(sentence("the split on joining {service} changes the recommendation"))
def joining_matters(state: ScenarioState, service: str):
    join = _join(state, service)
    if not join.changes_recommendation:
        expected = f'the split on joining "{service}" changes the recommendation'
        raise Mismatch(expected, _other_outcome(join))


@then(sentence("the split on joining {service} does not change the recommendation"))
def joining_does_not_matter(state: ScenarioState, service: str):
    join = _join(state, service)
    if join.changes_recommendation or join.alternative is None:
        expected = f'the split on joining "{service}" does not change the recommendation'
        raise Mismatch(expected, _other_outcome(join))


def _alternatives(q: QuestionView) -> str:
    said = [f"{a.answer!r}: {' '.join(a.changes) or 'no change'}" for a in q.alternatives]
    return "; ".join(said) or q.said
