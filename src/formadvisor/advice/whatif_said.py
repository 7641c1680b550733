"""One what-if in the questionnaire's words: the answer changed, then what the result would be
(scoring.yaml's `what_if.said`). The page, the partners' pack and `formadvisor recommend` say
it the same way. A result made under older rules may name a question or option the rules no
longer have: its id is said instead."""

from __future__ import annotations

from formadvisor.advice.reasons import words_of
from formadvisor.advice.results import Recommendation, WhatIf
from formadvisor.advice.whatif import service_key
from formadvisor.advice.wording import what_if_order
from formadvisor.rules.policy import Policy


def said(policy: Policy, what_if: WhatIf, rec: Recommendation) -> str:
    words = what_if_order(policy).said
    key, index = service_key(what_if.question)
    q = policy.questionnaire
    asked = next(
        (x for x in (q.questions if index is None else q.service_questions) if x.id == key), None
    )
    answer = words_of(asked, what_if.answer) if asked else str(what_if.answer)
    about = rec.services[index].name if index is not None and index < len(rec.services) else None

    def label(option: str | None) -> str:
        known = {o.id: o.label for o in (*policy.options.forms, *policy.options.routes)}
        return words.no_option if option is None else known.get(option, option)

    outcomes = []
    if what_if.organisational_form != rec.organisational_form.recommended:
        outcomes.append(words.form.format(option=label(what_if.organisational_form)))
    for service in rec.services:
        route = what_if.services.get(service.name, service.contract_route.recommended)
        if route != service.contract_route.recommended:
            if service.name == about:
                outcomes.append(words.own_route.format(option=label(route)))
            else:
                outcomes.append(words.route.format(service=service.name, option=label(route)))
    if not outcomes:  # the stored words, when the services were renamed since
        outcomes = list(what_if.changes)
    fields = {
        "question": asked.text if asked else what_if.question,
        "answer": answer[:1].upper() + answer[1:],
        "outcomes": _and(outcomes, words.join, words.last_join),
    }
    if about:
        return words.service.format(service=about, **fields)
    return words.group.format(**fields)


def _and(parts: list[str], join: str, last: str) -> str:
    return parts[0] if len(parts) == 1 else join.join(parts[:-1]) + last + parts[-1]
