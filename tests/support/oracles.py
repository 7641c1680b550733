"""Test oracles: the slow, obviously right way to compute what production computes fast."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.results import WhatIf
from formadvisor.advice.whatif import Found, Today, alternatives, rank_what_ifs, what_if_of


def what_if_found(advisor: Advisor, answers: BaseModel, as_of: dt.date) -> list[Found]:
    """What-if without the screen, not yet ranked: every alternative ranked in full on
    durable_rules."""
    rec = advisor.recommend(answers, as_of, what_if=False)
    routes = {s.name: s.contract_route.recommended for s in rec.services}
    today = Today.of(answers, rec.organisational_form.recommended, routes, rec.action_plan, as_of)
    found = []
    for key, value, doc in alternatives(advisor.policy, answers):
        try:
            other = advisor.validate(doc)
        except AnswersInvalid:
            continue
        form, ranked_routes, _ = advisor.ranker.ranked(advisor.trace(other, as_of))
        one = what_if_of(advisor.policy, key, value, today, [form, *ranked_routes], other)
        if one is not None:
            found.append(one)
    return found


def what_if_naive(advisor: Advisor, answers: BaseModel, as_of: dt.date) -> tuple[WhatIf, ...]:
    """What-if without the screen, ranked."""
    return rank_what_ifs(advisor.policy, what_if_found(advisor, answers, as_of))
