"""Check your answers: the summary of a draft, and the final check's problems as links."""

from __future__ import annotations

import re
from collections.abc import Mapping

from formadvisor.engine.facts import answer_facts, asked_questions
from formadvisor.i18n import gettext
from formadvisor.rules.models import Question, Questionnaire
from formadvisor.web.flow import asked, row_id, url
from formadvisor.web.forms import answer_lines, missing
from formadvisor.web.language import current


def summary(qs: Questionnaire, aid: str, answers: Mapping) -> dict:
    """Rows for every asked question, then each service's; every Change link returns here."""
    group = [
        _row(q, answers, url(aid, "questions", q.id, change=row_id(q.id)), row_id(q.id))
        for q in asked(qs, answers)
    ]
    facts = answer_facts(qs.questions, answers)
    services = []
    for n, s in enumerate(answers.get("services") or (), 1):
        asked_here = asked_questions(qs.service_questions, s, "service.", facts)
        rows = [
            _row(q, s, url(aid, "services", n, q.id, change=row_id(q.id, n)), row_id(q.id, n))
            for q in asked_here
        ]
        services.append(
            {"name": s.get("name", ""), "remove": url(aid, "services", n, "remove"), "rows": rows}
        )
    return {"group": group, "services": services}


def _row(q: Question, answers: Mapping, href: str, row: str) -> dict:
    """A summary row: the question's short label, the answer in words, and its Change link
    (the row's id brings the person back to it)."""
    key = q.short or q.text
    if q.id in answers:
        lines = answer_lines(q, answers[q.id])
        change = gettext(current(), "Change")
        return {"id": row, "key": key, "lines": lines, "href": href, "action": change}
    # "I do not know" is an answer
    action = gettext(current(), "Change") if q.not_known else gettext(current(), "Answer")
    return {"id": row, "key": key, "lines": not_answered(q), "href": href, "action": action}


def not_answered(q: Question) -> list[str]:
    """An optional question not answered: "I do not know" where it offers that, or not yet
    (a draft saved elsewhere, or left mid-journey); then what the rules take it as."""
    lang = current()
    first = gettext(lang, "I do not know") if q.not_known else gettext(lang, "Not answered")
    if q.default is None:
        return [first]
    taken = ", ".join(answer_lines(q, q.default))
    return [first, gettext(lang, "Taken as: %(answer)s", answer=taken)]


def problem_links(qs: Questionnaire, aid: str, answers: Mapping, problems: list[str]) -> list[dict]:
    """The final check's problems (`validate_answers` lines) as error summary items, each
    linked to the page that fixes it. Pages check each answer, so these arise only when the
    rules changed after the answer was saved."""
    questions = {q.id: q for q in qs.questions}
    service_questions = {q.id: q for q in qs.service_questions}
    services = answers.get("services") or []
    out = []
    for problem in problems:
        where, _, text = problem.partition(": ")
        in_service = re.fullmatch(r"services\[(\d+)\]\.(\w+)", where)
        if where in questions:
            href = url(aid, "questions", where, change=True)
            out.append({"text": missing(questions[where]), "href": href})
        elif in_service and in_service[2] in service_questions:
            n = int(in_service[1]) + 1
            name = services[n - 1].get("name") if n <= len(services) else None
            name = name or gettext(current(), "Service %(number)s", number=n)
            text = f"{name}: {missing(service_questions[in_service[2]])}"
            out.append({"text": text, "href": url(aid, "services", n, change=True)})
        else:
            out.append({"text": text or problem, "href": url(aid, "services")})
    return out
