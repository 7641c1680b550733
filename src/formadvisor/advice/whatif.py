"""What-if: the single answer changes a group could make, and which of them change a result.

Alternatives to answers no rule reads (through `ask_when` too) cannot change a fact, so they
are skipped; the rest are screened on the plain reading, and each one whose form or route
moves is evaluated again on durable_rules, whose result is what is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from formadvisor.advice.ranking import Ranked
from formadvisor.advice.results import WhatIf
from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.models import Question
from formadvisor.rules.policy import Policy


def what_if_of(
    policy: Policy,
    key: str,
    value: Any,  # a value of the question's own type
    form: str | None,
    routes: dict[str, str | None],
    new_form: str | None,
    new_routes: dict[str, str | None],
) -> WhatIf | None:
    """The what-if of one changed answer, if it moves the form or a service's route."""

    def label(option_id: str | None) -> str:
        return policy.option(option_id).label if option_id else "none recommended"

    changes = []
    if new_form != form:
        changes.append(f"organisational form: {label(form)} → {label(new_form)}")
    for name, route in new_routes.items():
        if name in routes and route != routes[name]:
            changes.append(f"{name}: {label(routes[name])} → {label(route)}")
    if not changes:
        return None
    return WhatIf(
        question=key,
        answer=value,
        organisational_form=new_form,
        services=new_routes,
        changes=tuple(changes),
    )


def decides(ranked: Ranked, pair: tuple[str, str], margin: int = 0) -> str | None:
    """Which of a tied or close pair (the leader `margin` ahead) a changed answer puts first:
    the new recommendation, when it is one of the pair and leads the other by more than
    `margin` (or the other is excluded); else None."""
    new = ranked.recommended
    if new not in pair:
        return None
    lead, other = ranked.score(new), ranked.score(pair[1] if new == pair[0] else pair[0])
    return new if lead is not None and (other is None or lead > other + margin) else None


def service_key(key: str) -> tuple[str, int | None]:
    """`services[2].kind` → (`kind`, 2); a group question's key → (its id, None)."""
    if key.startswith("services["):
        index, question = key.removeprefix("services[").split("].", 1)
        return question, int(index)
    return key, None


def question_of(key: str) -> str:
    """`services[2].kind` → `service.kind`; a group question's key is its id."""
    return "service." + key.split(".", 1)[1] if key.startswith("services[") else key


def answers_read(policy: Policy) -> frozenset[str]:
    """The questions (`nation`, `service.kind`) whose answer some rule can read.

    A rule reads facts: an answer, a service's answer, the `any_service.` summary of the
    services' answers, or a derived fact (derived by rules that read answers themselves).
    An answer a rule never reads can still matter by deciding, through `ask_when`, whether a
    question the rules read is asked; that is followed to a fixed point.
    """
    q = policy.questionnaire
    reads = {t.ref for pr in policy.rules for t in clauses_of(pr.rule.when)}
    facts_of = {x.id: {x.id} for x in q.questions}
    facts_of |= {
        f"service.{x.id}": {f"service.{x.id}", f"any_service.{x.id}"} for x in q.service_questions
    }
    asks = {x.id: x.ask_when for x in q.questions}
    asks |= {f"service.{x.id}": x.ask_when for x in q.service_questions}
    changed = True
    while changed:
        changed = False
        for question, facts in facts_of.items():
            when = asks[question]
            if when is not None and facts & reads:
                more = {t.ref for t in clauses_of(when)} - reads
                if more:
                    reads |= more
                    changed = True
    return frozenset(question for question, facts in facts_of.items() if facts & reads)


def alternatives(policy: Policy, answers: BaseModel) -> Iterator[tuple[str, object, dict]]:
    """Each single change a user could make: (key path, new value, the changed answers)."""
    base = answers.model_dump(mode="json")
    thresholds = _thresholds(policy)
    for q in policy.questionnaire.questions:
        if q.changeable:
            for value in _other_values(q, base.get(q.id), thresholds.get(q.id, ())):
                yield q.id, value, {**base, q.id: value}
    for i, service in enumerate(base["services"]):
        for q in policy.questionnaire.service_questions:
            if q.changeable:
                for value in _other_values(
                    q, service.get(q.id), thresholds.get("service." + q.id, ())
                ):
                    services = [dict(s) for s in base["services"]]
                    services[i][q.id] = value
                    yield f"services[{i}].{q.id}", value, {**base, "services": services}


def _other_values(q: Question, current: object, thresholds: tuple) -> list:
    if q.type == "choice":
        return [v for v in q.values if v != current]
    if q.type == "boolean":
        return [v for v in (True, False) if v != current]
    if q.type == "choices":
        have = list(current) if isinstance(current, list | tuple) else []
        out = []
        for v in q.values:
            changed = [x for x in have if x != v] if v in have else [*have, v]
            if len(changed) >= q.min_items:
                out.append(sorted(changed, key=q.values.index))
        return out
    if q.type == "integer" and q.minimum is not None and q.maximum is not None:  # both, checked
        low, high = q.minimum, q.maximum
        return sorted(v for v in set(thresholds) if v != current and low <= v <= high)
    return []


def _thresholds(policy: Policy) -> dict[str, tuple[int, ...]]:
    """For numbers, the values either side of each limit a rule tests."""
    out: dict[str, set[int]] = {}
    for pr in policy.rules:
        for t in clauses_of(pr.rule.when):
            if policy.refs.get(t.ref) and policy.refs[t.ref].type == "integer":
                values = t.value if isinstance(t.value, tuple) else (t.value,)
                for v in values:
                    if isinstance(v, int) and not isinstance(v, bool):
                        out.setdefault(t.ref, set()).update({v - 1, v, v + 1})
    return {k: tuple(sorted(v)) for k, v in out.items()}
