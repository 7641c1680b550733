"""The facts the engine reads, from answers: validated, a draft, or a plain document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from formadvisor.engine.reading import Facts, holds
from formadvisor.rules.models import Question, Questionnaire
from formadvisor.rules.policy import Policy


def organisation_facts(questionnaire: Questionnaire, answers: BaseModel) -> Facts:
    """The group's answers as facts, with the per-service summaries rules may read."""
    return document_facts(questionnaire, answers.model_dump())


def document_facts(questionnaire: Questionnaire, doc: Mapping[str, Any]) -> Facts:
    """`organisation_facts` of an answer document with every key present, as a validated one
    dumps (the answer-space search builds such documents without pydantic)."""
    facts = answer_facts(questionnaire.questions, doc)
    services = [
        answer_facts(questionnaire.service_questions, s, "service.", facts) for s in doc["services"]
    ]
    facts["service_count"] = (len(services),)
    for q in questionnaire.service_questions:
        if q.type in ("choice", "boolean"):
            values = sorted({v for s in services for v in s.get("service." + q.id, ())}, key=repr)
            if values:
                facts["any_service." + q.id] = tuple(values)
    return facts


def service_facts(questionnaire: Questionnaire, organisation: Facts, service: BaseModel) -> Facts:
    """One service's facts: the group's facts plus the service's own answers."""
    return answer_facts(
        questionnaire.service_questions, service.model_dump(), "service.", organisation
    )


def answer_facts(
    questions: Sequence[Question],
    answers: Mapping[str, object],
    prefix: str = "",
    given: Facts | None = None,
) -> Facts:
    """Answers as facts (`given` facts first), leaving out those of questions not asked.

    The answers may be a draft that lacks some: the web journey reads which questions to ask
    from the answers so far in the same way.
    """
    facts = dict(given or {})
    for q in questions:
        _put(facts, prefix + q.id, q, answers.get(q.id))
    for q in questions:
        if not is_asked(q, facts):
            facts.pop(prefix + q.id, None)
    return facts


def asked_questions(
    questions: Sequence[Question],
    answers: Mapping[str, object],
    prefix: str = "",
    given: Facts | None = None,
) -> list[Question]:
    """The questions the answers (with `given` facts first) ask, in order."""
    facts = answer_facts(questions, answers, prefix, given)
    return [q for q in questions if is_asked(q, facts)]


def is_asked(q: Question, facts: Facts) -> bool:
    """Whether a question is asked, given the facts of the answers before it."""
    return q.ask_when is None or holds(q.ask_when, facts)


def _put(facts: Facts, ref: str, q: Question, value: Any) -> None:
    if value is None or q.type == "text":
        return
    # The answers were validated, read from the web form or built by the answer-space search:
    # a choices answer is a collection of choice ids and any other answer one value.
    if q.type == "choices":
        if value:  # a set: order and repeats carry no meaning
            facts[ref] = tuple(sorted(set(value)))
    else:
        facts[ref] = (value,)


def document_group_facts(policy: Policy, doc: dict) -> Facts:
    """The group's facts as `organisation_facts` gives them for the validated answers (the
    document must be valid)."""
    q = policy.questionnaire
    services = [_with_defaults(q.service_questions, s) for s in doc.get("services", ())]
    return document_facts(q, {**_with_defaults(q.questions, doc), "services": services})


def document_service_facts(policy: Policy, org: Facts, service: dict) -> Facts:
    """One service's facts, as `service_facts` gives them."""
    questions = policy.questionnaire.service_questions
    return answer_facts(questions, _with_defaults(questions, service), "service.", org)


def _with_defaults(questions, doc: dict) -> dict:
    return {x.id: doc.get(x.id, x.default) for x in questions}
