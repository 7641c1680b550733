"""What-if: the single answer changes a group could make, and which of them change a result.

Only answers the group could change are varied (`changeable` in questionnaire.yaml: not the
nation, nor a service's commissioner). Alternatives to answers no rule reads (through
`ask_when` too) cannot change a fact, so they are skipped; the rest are screened on the plain
reading, and each one whose form or route moves is evaluated again on durable_rules, whose
result is what is shown: ranked by how much would change (`ranked`, scoring.yaml's `what_if`),
each with its consequence in plain words (`consequences`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from formadvisor.advice.action_plan import PlanStep, action_plan
from formadvisor.advice.consequences import Consequence
from formadvisor.advice.ranking import Ranked
from formadvisor.advice.results import WhatIf
from formadvisor.advice.wording import decision_wording, said_wording, what_if_order
from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.models import Question
from formadvisor.rules.policy import Policy


@dataclass(frozen=True)
class Today:
    """The result the what-ifs differ from: its form and routes, the services' answers (which
    rank a route change, scoring.yaml's `services_first`) and its action plan's steps."""

    form: str | None
    routes: dict[str, str | None]  # by service name, in the answers' order
    services: tuple[dict, ...]  # each service's answers, as JSON
    plan: frozenset[str]  # the ids of its action plan's steps
    nation: object
    as_of: dt.date

    @classmethod
    def of(
        cls,
        answers: BaseModel,
        form: str | None,
        routes: dict[str, str | None],
        plan: Iterable[PlanStep],
        as_of: dt.date,
    ) -> Today:
        return cls(
            form=form,
            routes=routes,
            services=tuple(answers.model_dump(mode="json").get("services", ())),
            plan=frozenset(step.id for step in plan),
            nation=getattr(answers, "nation", None),
            as_of=as_of,
        )


@dataclass(frozen=True)
class Found:
    """A what-if before it is ranked, with what ranks it (scoring.yaml's `what_if`)."""

    what_if: WhatIf
    ranks: dict[str, int]  # per criterion: lower is more important
    position: tuple  # the questionnaire's order of the question, the service and the answer


def what_if_of(
    policy: Policy,
    key: str,
    value: Any,  # a value of the question's own type
    today: Today,
    new: Sequence[Ranked],  # the form, then each service's routes, after the change
    answers: BaseModel,  # the answers after the change
) -> Found | None:
    """The what-if of one changed answer, if it moves the form or a service's route."""

    words = said_wording(policy)

    def label(option_id: str | None) -> str:
        return policy.option(option_id).label if option_id else words.none_recommended

    new_form, *new_ranked = new
    names = list(today.routes)
    new_routes = dict(zip(names, (r.recommended for r in new_ranked), strict=True))
    order = what_if_order(policy)
    say = Consequence(policy, order.consequence, decision_wording(policy), today.nation)
    plan, _ = action_plan(
        policy, answers, today.as_of, new_form.recommended, list(new_routes.values())
    )
    fees = [s for s in plan if s.id not in today.plan and s.fee_gbp]  # steps the change adds
    changes, parts, swing, tiers = [], [], 0, [len(order.services_first)]
    if new_form.recommended != today.form:
        was, now = label(today.form), label(new_form.recommended)
        changes.append(words.form_changed.format(was=was, now=now))
        parts.append(say.form(new_form.recommended, fees))
        swing += _swing(new_form, today.form)
        fees = []
    moved = 0
    for i, (name, route) in enumerate(new_routes.items()):
        if route != today.routes[name]:
            was, now = label(today.routes[name]), label(route)
            changes.append(words.route_changed.format(service=name, was=was, now=now))
            parts.append(say.route(name, route, fees))
            swing += _swing(new_ranked[i], today.routes[name])
            tiers.append(_tier(order.services_first, today.services[i]))
            fees, moved = [], moved + 1
    if not changes:
        return None
    question, index = service_key(key)
    consequence = order.consequence.parts.join(parts)
    what_if = WhatIf(
        question=key,
        answer=value,
        organisational_form=new_form.recommended,
        services=new_routes,
        changes=tuple(changes),
        consequence=consequence[:1].upper() + consequence[1:],
        service=names[index] if index is not None else None,
        sources=say.cited(),
    )
    ranks = {
        "form": 0 if new_form.recommended != today.form else 1,
        "staff": min(tiers),
        "swing": -swing,
        "services": -moved,
    }
    return Found(what_if, ranks, _position(policy, question, index, value))


def _swing(new: Ranked, before: str | None) -> int:
    """How far the new leader is ahead of today's recommendation after the change (its whole
    score when today's is excluded or there was none; 0 when nothing leads)."""
    lead = new.recommended
    if lead is None:
        return 0
    score = new.score(lead) or 0
    was = new.score(before) if before is not None else None
    return max(0, score - was) if was is not None else max(0, score)


def _tier(first: tuple[dict, ...], service: dict) -> int:
    """The first entry of `services_first` the service's answers match (else after them all)."""
    for i, wanted in enumerate(first):
        if all(service.get(k) in (v if isinstance(v, tuple) else (v,)) for k, v in wanted.items()):
            return i
    return len(first)


def _position(policy: Policy, question: str, index: int | None, value: object) -> tuple:
    q = policy.questionnaire
    questions = q.questions if index is None else q.service_questions
    asked = next(x for x in questions if x.id == question)
    values = list(asked.values) if asked.type in ("choice", "choices") else []
    answer: tuple[object, ...]
    if isinstance(value, list | tuple):
        answer = tuple(values.index(v) for v in value)
    elif isinstance(value, bool):
        answer = (int(not value),)
    elif value in values:
        answer = (values.index(value),)
    else:
        answer = (value,)
    where = (0, 0) if index is None else (1, index)
    return (*where, [x.id for x in questions].index(question), answer)


def rank_what_ifs(policy: Policy, found: Iterable[Found]) -> tuple[WhatIf, ...]:
    """The what-ifs ranked (scoring.yaml's `what_if.rank_by`, then the questionnaire's order),
    each question's (for one service) together, placed by its most important; `impact` 1..n."""
    rank_by = what_if_order(policy).rank_by

    def key(f: Found) -> tuple:
        return (*(f.ranks[c] for c in rank_by), f.position)

    groups: dict[str, list[Found]] = {}
    for f in sorted(found, key=key):
        groups.setdefault(f.what_if.question, []).append(f)
    return tuple(
        f.what_if.model_copy(update={"impact": n})
        for n, f in enumerate((f for group in groups.values() for f in group), start=1)
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
