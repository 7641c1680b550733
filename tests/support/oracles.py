"""Test oracles: the slow, obviously right way to compute what production computes fast."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import BaseModel

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.results import WhatIf
from formadvisor.advice.whatif import alternatives, what_if_of


def what_if_naive(advisor: Advisor, answers: BaseModel, as_of: dt.date) -> Iterator[WhatIf]:
    """What-if without the screen: every alternative recommended in full on durable_rules."""
    form, services = advisor.rankings(answers, advisor.trace(answers, as_of))
    base = {s.name: s.contract_route.recommended for s in services}
    for key, value, doc in alternatives(advisor.policy, answers):
        try:
            other = advisor.validate(doc)
        except AnswersInvalid:
            continue
        new_form, new_services = advisor.rankings(other, advisor.trace(other, as_of))
        routes = {s.name: s.contract_route.recommended for s in new_services}
        found = what_if_of(
            advisor.policy, key, value, form.recommended, base, new_form.recommended, routes
        )
        if found is not None:
            yield found
