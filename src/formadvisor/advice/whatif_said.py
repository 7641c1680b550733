"""One what-if in the questionnaire's words: the answer changed, then what the result would be
(scoring.yaml's `what_if.said`). The page, the partners' pack and `formadvisor recommend` say
it the same way; the result page also says it in a line (`what_if.said.short`: the question's
short label, the new answer and what it changes to). A result made under older rules may name
a question or option the rules no longer have: its id is said instead."""

from __future__ import annotations

from dataclasses import dataclass

from formadvisor.advice.reasons import words_of
from formadvisor.advice.results import Recommendation, WhatIf
from formadvisor.advice.whatif import service_key
from formadvisor.advice.wording import what_if_order, what_if_short
from formadvisor.rules.effects import WhatIfSaid, WhatIfShort
from formadvisor.rules.models import Question
from formadvisor.rules.policy import Policy


def said(policy: Policy, what_if: WhatIf, rec: Recommendation) -> str:
    words = what_if_order(policy).said
    c = _Change.of(policy, what_if, rec)
    form, routes = c.outcomes(policy, words, words)
    fields = {
        "question": c.asked.text if c.asked else what_if.question,
        "answer": c.answer,
        "outcomes": _and([*form, *routes], words),
    }
    if c.about:
        return words.service.format(service=c.about, **fields)
    return words.group.format(**fields)


def said_short(policy: Policy, what_if: WhatIf, rec: Recommendation) -> str:
    """The what-if in a line: «Surplus: “It may be paid out to the members” → …»."""
    words = what_if_order(policy).said
    short = what_if_short(policy)
    c = _Change.of(policy, what_if, rec)
    asked = c.asked
    form, routes = c.outcomes(policy, words, short)
    if form:  # the form first and alone: the sentence the line opens to names the routes
        outcomes = short.also.format(outcome=form[0]) if routes else form[0]
    else:
        outcomes = _and(routes, words)
    fields = {
        "short": (asked.short or asked.text) if asked else what_if.question,
        "answer": c.answer,
        "outcomes": outcomes,
    }
    if c.about:
        return short.service.format(service=c.about, **fields)
    return short.group.format(**fields)


@dataclass(frozen=True)
class _Change:
    what_if: WhatIf
    rec: Recommendation
    asked: Question | None
    answer: str  # the new answer in the question's words, its first letter a capital
    about: str | None  # the service whose answer changed

    @classmethod
    def of(cls, policy: Policy, what_if: WhatIf, rec: Recommendation) -> _Change:
        key, index = service_key(what_if.question)
        q = policy.questionnaire
        asked = next(
            (x for x in (q.questions if index is None else q.service_questions) if x.id == key),
            None,
        )
        answer = words_of(asked, what_if.answer) if asked else str(what_if.answer)
        about = None
        if index is not None and index < len(rec.services):
            about = rec.services[index].name
        return cls(what_if, rec, asked, answer[:1].upper() + answer[1:], about)

    def outcomes(
        self, policy: Policy, words: WhatIfSaid, kind: WhatIfSaid | WhatIfShort
    ) -> tuple[list[str], list[str]]:
        """What the result would be, each worded by `kind` (a sentence's or a line's): the new
        form (if it changes), then the routes that change."""
        known = {o.id: o.label for o in (*policy.options.forms, *policy.options.routes)}

        def label(option: str | None) -> str:
            return words.no_option if option is None else known.get(option, option)

        w, rec = self.what_if, self.rec
        form, routes = [], []
        if w.organisational_form != rec.organisational_form.recommended:
            form.append(kind.form.format(option=label(w.organisational_form)))
        for service in rec.services:
            route = w.services.get(service.name, service.contract_route.recommended)
            if route != service.contract_route.recommended:
                if service.name == self.about:
                    routes.append(kind.own_route.format(option=label(route)))
                else:
                    routes.append(kind.route.format(service=service.name, option=label(route)))
        if not form and not routes:  # the stored words, when the services were renamed
            return [], list(w.changes)
        return form, routes


def _and(parts: list[str], words: WhatIfSaid) -> str:
    if len(parts) == 1:
        return parts[0]
    return words.join.join(parts[:-1]) + words.last_join + parts[-1]
