"""The journey's order: which question pages a draft asks, which come next, what to keep.

The pages follow `questionnaire.yaml`: one page per question, in the file's order, skipping
any whose `ask_when` does not hold for the answers so far (read as the engine reads them),
then the services, then check your answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from formadvisor.engine.facts import answer_facts, asked_questions
from formadvisor.rules.models import Question, Questionnaire

Draft = Mapping[str, object]  # the answers saved so far; a question answered "not known" is None


def url(aid: str, *parts: object, change: bool | str = False) -> str:
    """A page of an assessment; `change` pages go back to check your answers when done (to
    the row `change` names, when it is a row's id)."""
    query = f"?change={change if isinstance(change, str) else 1}" if change else ""
    return "/".join(("/assessments", aid, *map(str, parts))) + query


def row_id(qid: str, service: int | None = None) -> str:
    """The id of an answer's row on check your answers (`service` is its 1-based number)."""
    return f"answer-{qid}" if service is None else f"service-{service}-{qid}"


def asked(questionnaire: Questionnaire, answers: Draft) -> list[Question]:
    """The group's questions that the answers so far ask, in order."""
    return asked_questions(questionnaire.questions, answers)


def next_question(
    questionnaire: Questionnaire, answers: Draft, after: str | None
) -> Question | None:
    """The asked question after `after` (the first when None); None after the last."""
    pages = asked(questionnaire, answers)
    ids = [q.id for q in pages]
    start = ids.index(after) + 1 if after in ids else 0
    return pages[start] if start < len(pages) else None


def previous_question(questionnaire: Questionnaire, answers: Draft, before: str) -> Question | None:
    pages = asked(questionnaire, answers)
    ids = [q.id for q in pages]
    i = ids.index(before) if before in ids else len(ids)
    return pages[i - 1] if i > 0 else None


def sections(questions: Sequence[Question]) -> dict[str, str | None]:
    """Each question's section: its own, or that of the question before it."""
    out: dict[str, str | None] = {}
    current = None
    for q in questions:
        current = q.section or current
        out[q.id] = current
    return out


def progress(pages: Sequence[Question], qid: str) -> dict:
    """Where a question stands among the pages asked: "Question 5 of 21" and its section."""
    ids = [q.id for q in pages]
    number = ids.index(qid) + 1 if qid in ids else None
    return {"number": number, "total": len(ids), "section": sections(pages).get(qid)}


def passed(pages: Sequence[Question], answers: Draft, qid: str) -> bool:
    """Whether the journey has gone past a question: a later one is answered. A question with
    "I do not know" left unanswered behind it was answered that way."""
    ids = [q.id for q in pages]
    later = ids[ids.index(qid) + 1 :] if qid in ids else []
    return any(i in answers for i in later) or bool(answers.get("services"))


def still_to_answer(
    questionnaire: Questionnaire, before: Draft, after: Draft, qid: str
) -> Question | None:
    """After a changed answer to `qid`, the first later question with no answer, less those
    left unanswered on purpose ("I do not know") before the change."""
    was = {q.id for q in asked(questionnaire, before)}
    pages = asked(questionnaire, after)
    ids = [q.id for q in pages]
    start = ids.index(qid) + 1 if qid in ids else 0
    return next(
        (q for q in pages[start:] if q.id not in after and not (q.not_known and q.id in was)),
        None,
    )


def first_unanswered(
    questionnaire: Questionnaire, answers: Draft, after: str | None = None
) -> Question | None:
    """The first asked question (after `after`) with no answer yet."""
    pages = asked(questionnaire, answers)
    ids = [q.id for q in pages]
    start = ids.index(after) + 1 if after in ids else 0
    return next((q for q in pages[start:] if q.id not in answers), None)


def first_required_unanswered(questionnaire: Questionnaire, answers: Draft) -> Question | None:
    """The first asked question that needs an answer before a recommendation can be made."""
    return next(
        (q for q in asked(questionnaire, answers) if q.required and q.id not in answers), None
    )


def tidy(questionnaire: Questionnaire, answers: Draft) -> dict:
    """The answers less those to questions no longer asked (or no longer in the rules), for the
    group and for each service: the saved draft holds only what the pages show."""
    keep = {q.id for q in asked(questionnaire, answers)}
    out: dict = {k: v for k, v in answers.items() if k in keep}
    facts = answer_facts(questionnaire.questions, out)
    services = []
    given = answers.get("services")
    for service in given if isinstance(given, list | tuple) else ():
        asked_here = asked_questions(questionnaire.service_questions, service, "service.", facts)
        services.append({q.id: service[q.id] for q in asked_here if q.id in service})
    out["services"] = services
    return out
