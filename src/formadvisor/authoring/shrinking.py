"""Minimal examples: the simplest answers that still show what an answer set showed.

A gap found among thousands of answer sets is reported with the fewest services, the optional
answers back at their defaults and the shortest lists that still show it, so an adviser can
read it and paste it into a file for `formadvisor recommend`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from formadvisor.rules.policy import Policy


def shrink(policy: Policy, doc: dict, still: Callable[[dict], bool]) -> dict:
    """The simplest answers that `still` holds for: drop services, optional answers (back to
    their defaults), optional service answers and list items, one at a time, while it holds."""
    changed = True
    while changed:
        changed = False
        for candidate in _simpler(policy, doc):
            if still(candidate):
                doc, changed = candidate, True
                break
    return doc


def _simpler(policy: Policy, doc: dict) -> Iterator[dict]:
    services = doc["services"]
    for i in range(len(services)):
        yield {**doc, "services": services[:i] + services[i + 1 :]}
    for q in policy.questionnaire.questions:
        if q.id in doc and not q.required:
            yield {k: v for k, v in doc.items() if k != q.id}
    for q in policy.questionnaire.questions:
        value = doc.get(q.id)
        if q.type == "choices" and value and len(value) > max(q.min_items, 0):
            for v in value:
                yield {**doc, q.id: tuple(x for x in value if x != v)}
    for i, service in enumerate(services):
        for q in policy.questionnaire.service_questions:
            if q.id in service and not q.required:
                smaller = {k: v for k, v in service.items() if k != q.id}
                yield {**doc, "services": [*services[:i], smaller, *services[i + 1 :]]}


def example_json(doc: dict) -> str:
    """The answers as one line of JSON (which is YAML too): paste it into a file for
    `formadvisor recommend`."""
    return json.dumps(doc, separators=(", ", ": "))
