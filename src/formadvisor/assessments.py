"""Running a saved assessment: the answers in its row through the advisor, the result back in."""

from __future__ import annotations

import json

from formadvisor.recommend import Advisor
from formadvisor.store import Assessment, Store


def run_assessment(advisor: Advisor, store: Store, assessment_id: str) -> Assessment:
    """Recommend on the stored answers and store the result with the rules version that made it.

    Raises `AnswersInvalid` (nothing is stored) when the answers are incomplete or wrong.
    """
    row = store.get(assessment_id)
    if row is None:
        raise KeyError(assessment_id)
    result = advisor.recommend(row.answers)
    return store.update(
        assessment_id,
        result=json.loads(result.to_json()),
        rules_hash=advisor.policy.version,
    )
