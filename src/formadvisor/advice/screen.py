"""The fast screen: one answer document on the plain reading, ranked by the one ranker.

What-if and the answer-space search read thousands of answer sets: this reads each without
pydantic, on closures, and the same ranker as the recommendation says what it would be. What
a user is shown is then confirmed on durable_rules.
"""

from __future__ import annotations

import datetime as dt

from formadvisor.advice.ranking import Outcome, Ranked, ranker
from formadvisor.engine.evaluate import evaluate_document
from formadvisor.engine.reading import PlainReading
from formadvisor.rules.policy import Policy


class Screen:
    """One policy on the plain reading for one day; `without` leaves one rule out."""

    def __init__(self, policy: Policy, as_of: dt.date, without: str | None = None):
        self.policy, self.as_of = policy, as_of
        self.reading = PlainReading(policy, without, memo=True)  # alternatives share strata
        self.ranker = ranker(policy)

    def outcome(self, doc: dict) -> Outcome:
        """The recommended form and routes for a valid answer document."""
        return self.ranker.outcome(evaluate_document(self.policy, doc, self.reading, self.as_of))

    def ranked(self, doc: dict) -> tuple[Ranked, list[Ranked]]:
        """The forms and each service's routes ranked, scores and all, for a valid document."""
        trace = evaluate_document(self.policy, doc, self.reading, self.as_of)
        form, routes, _ = self.ranker.ranked(trace)
        return form, routes
