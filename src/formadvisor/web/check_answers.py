"""Check your answers: the summary of a draft, and the final check's problems as links."""

from __future__ import annotations

import re
from collections.abc import Mapping

from formadvisor.models import Questionnaire
from formadvisor.web.flow import asked, url
from formadvisor.web.forms import answer_lines, missing


def summary(qs: Questionnaire, aid: str, answers: Mapping) -> dict:
    """Rows for every asked question, then each service's; every Change link returns here."""
    group = [
        {
            "key": q.text,
            "lines": answer_lines(q, answers.get(q.id)),
            "href": url(aid, "questions", q.id, change=True),
        }
        for q in asked(qs, answers)
    ]
    services = [
        {
            "name": s.get("name", ""),
            "remove": url(aid, "services", n, "remove"),
            "rows": [
                {
                    "key": q.text,
                    "lines": answer_lines(q, s[q.id]),
                    "href": url(aid, "services", n, change=True) + "#" + q.id,
                }
                for q in qs.service_questions
                if q.id in s  # saved drafts hold only the questions asked
            ],
        }
        for n, s in enumerate(answers.get("services") or (), 1)
    ]
    return {"group": group, "services": services}


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
            text = f"{name or f'Service {n}'}: {missing(service_questions[in_service[2]])}"
            out.append({"text": text, "href": url(aid, "services", n, change=True)})
        else:
            out.append({"text": text or problem, "href": url(aid, "services")})
    return out
