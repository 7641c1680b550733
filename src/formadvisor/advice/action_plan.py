"""The action plan: the steps of `action_plan.yaml` that apply to a recommendation, in order,
with who acts, the fee, the elapsed time and their sources, and the plan's critical path.

A step's condition is read on the plain reading (`engine.reading.holds`) over the answers and
the recommendation (`form`, `service.route`, `any_service.route`). A step's `after` names steps
that must finish first; one that does not apply passes its own `after` on. Each step starts
when the last step it comes after ends: the least and the most weeks give the earliest and the
latest the plan ends. A step no source gives a time for counts as no time, and says so.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from formadvisor.engine.facts import organisation_facts, service_facts
from formadvisor.engine.reading import Facts, holds
from formadvisor.rules.conditions import Condition
from formadvisor.rules.contract import AS_OF
from formadvisor.rules.plan import ANY_ROUTE_REF, FORM_REF, ROUTE_REF, PlanFile, Step
from formadvisor.rules.plan_checks import per_service
from formadvisor.rules.policy import Policy, in_force_condition

Number = int | float
Weeks = tuple[Number, Number]
WEEKS_PER_MONTH = 52 / 12


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlanStep(_Out):
    """One step of the plan (the contract's fields first; `after` holds indexes in the plan)."""

    step: str
    who: str
    fee_gbp: Number | None
    weeks: Weeks | None
    after: tuple[int, ...]
    rule: str
    sources: tuple[str, ...]
    id: str
    label: str = ""  # a few words for the timeline
    services: tuple[str, ...] = ()  # the services a step about services applies to
    fee_up_to_gbp: Number | None = None
    fee_note: str | None = None
    weeks_note: str | None = None
    ask: str | None = None  # who to ask when no public source confirms the time
    starts_week: Weeks = (0, 0)  # the earliest and the latest it can start, in weeks from today
    ends_week: Weeks = (0, 0)


class PlanNote(_Out):
    id: str
    text: str
    sources: tuple[str, ...]


class PlanTimeline(_Out):
    """The plan's length: `weeks` from today to the first service, counting known times only."""

    weeks: Weeks
    steps_without_time: tuple[int, ...]
    months_to_start: int | None
    fits: Literal["yes", "maybe", "no"] | None  # None: no months_to_start to fit
    text: tuple[str, ...]
    warnings: tuple[PlanNote, ...]


def action_plan(
    policy: Policy,
    answers: BaseModel,
    as_of: dt.date,
    form: str | None,
    routes: Sequence[str | None],
) -> tuple[tuple[PlanStep, ...], PlanTimeline | None]:
    """The plan for the recommended `form` and each service's recommended route (in the
    order of the answers' services); no timeline when the rules have no steps."""
    plan = policy.plan
    if plan is None:
        return (), None
    conditions = _conditions(policy, plan)
    q = policy.questionnaire
    org = organisation_facts(q, answers)
    org[AS_OF] = (as_of.toordinal(),)
    if form is not None:
        org[FORM_REF] = (form,)
    chosen = sorted({r for r in routes if r is not None})
    if chosen:
        org[ANY_ROUTE_REF] = tuple(chosen)
    services: list[tuple[str, Facts]] = []
    for service, route in zip(getattr(answers, "services", ()), routes, strict=True):
        facts = service_facts(q, org, service)
        if route is not None:
            facts[ROUTE_REF] = (route,)
        services.append((service.name, facts))
    applies: dict[str, tuple[str, ...]] = {}
    for step in plan.steps:
        when = conditions[step.id]
        if per_service(step.when):
            names = tuple(name for name, facts in services if holds(when, facts))
            if names:
                applies[step.id] = names
        elif holds(when, org):
            applies[step.id] = ()
    steps = _ordered(plan, applies)
    out = _timed(policy, steps, applies)
    months = getattr(answers, "months_to_start", None)
    warnings = tuple(
        PlanNote(
            id=w.id,
            text=_fill(w.text, months=months),
            sources=tuple(policy.source(s).citation() for s in w.sources),
        )
        for w in plan.warnings
        if holds(conditions[w.id], org)
    )
    return out, _timeline(plan, out, months, warnings)


def _conditions(policy: Policy, plan: PlanFile) -> dict[str, Condition]:
    """Each step's and warning's condition narrowed to the dates it and its sources are in
    force, worked out once per policy (the plain reading keeps a compiled test per node)."""
    found = policy.memo.get("action_plan.conditions")
    if not isinstance(found, dict):
        found = {
            item.id: in_force_condition(item.when, item.effective, item.cited(), policy)
            for item in (*plan.steps, *plan.warnings)
        }
        policy.memo["action_plan.conditions"] = found
    return found


def _ordered(plan: PlanFile, applies: dict[str, tuple[str, ...]]) -> list[tuple[Step, set[str]]]:
    """The steps that apply, each after those it must follow (the file's order otherwise),
    with the applying steps it comes after."""
    by_id = {s.id: s for s in plan.steps}
    place = {s.id: i for i, s in enumerate(plan.steps)}
    resolved: dict[str, set[str]] = {}

    def before(sid: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if sid not in resolved:
            out: set[str] = set()
            for other in by_id[sid].after:
                if other in seen:  # a circle: `rules check` refuses it; never loop here
                    continue
                out |= {other} if other in applies else before(other, seen | {sid})
            resolved[sid] = out
        return resolved[sid]

    deps = {sid: before(sid) for sid in applies}
    deps = {sid: _direct(d, deps) for sid, d in deps.items()}
    waiting = {sid: len(d) for sid, d in deps.items()}
    followers: dict[str, list[str]] = {}
    for sid, d in deps.items():
        for other in d:
            followers.setdefault(other, []).append(sid)
    ready = [(place[sid], sid) for sid, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order: list[tuple[Step, set[str]]] = []
    while ready:
        _, sid = heapq.heappop(ready)
        order.append((by_id[sid], deps[sid]))
        for nxt in followers.get(sid, ()):
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, (place[nxt], nxt))
    return order


def _direct(deps: set[str], all_deps: dict[str, set[str]]) -> set[str]:
    """`deps` less those another of them already comes after (the plan shows each link once)."""
    implied: set[str] = set()
    todo = [d2 for d in deps for d2 in all_deps[d]]
    while todo:
        d = todo.pop()
        if d not in implied:
            implied.add(d)
            todo += all_deps[d]
    return deps - implied


def _timed(
    policy: Policy, steps: list[tuple[Step, set[str]]], applies: dict[str, tuple[str, ...]]
) -> tuple[PlanStep, ...]:
    index = {step.id: i for i, (step, _) in enumerate(steps)}
    ends: list[Weeks] = []
    out = []
    for step, deps in steps:
        after = tuple(sorted(index[d] for d in deps))
        start = (
            max((ends[i][0] for i in after), default=0),
            max((ends[i][1] for i in after), default=0),
        )
        least, most = step.time.weeks or (0, 0)
        ends.append((start[0] + least, start[1] + most))
        time_source = policy.source(step.time.source)
        services = applies[step.id]
        out.append(
            PlanStep(
                step=_fill(step.step, services=", ".join(services)),
                who=_fill(step.who, services=", ".join(services)),
                fee_gbp=step.fee.gbp if step.fee else None,
                weeks=step.time.weeks,
                after=after,
                rule=step.id,
                sources=tuple(policy.source(s).citation() for s in step.cited()),
                id=step.id,
                label=step.label,
                services=services,
                fee_up_to_gbp=step.fee.up_to if step.fee else None,
                fee_note=step.fee.note if step.fee else None,
                weeks_note=step.time.note,
                ask=time_source.ask if time_source.unsourced else None,
                starts_week=start,
                ends_week=ends[-1],
            )
        )
    return tuple(out)


def _timeline(
    plan: PlanFile, steps: tuple[PlanStep, ...], months: int | None, warnings: tuple
) -> PlanTimeline:
    least = max((s.ends_week[0] for s in steps), default=0)
    most = max((s.ends_week[1] for s in steps), default=0)
    unknown = tuple(i for i, s in enumerate(steps) if s.weeks is None)
    words = plan.timing
    values = {
        "least": _number(least),
        "most": _number(most),
        "unknown": len(unknown),
        "months": months,
        "weeks": _number(round(months * WEEKS_PER_MONTH)) if months is not None else None,
    }
    text = [_fill(words.total, **values)]
    if unknown:
        text.append(_fill(words.unknown, **values))
    fits: Literal["yes", "maybe", "no"] | None = None
    if months is not None:
        available = months * WEEKS_PER_MONTH
        fits = "no" if least > available else "maybe" if most > available else "yes"
        text.append(
            _fill(
                {"no": words.cannot_fit, "maybe": words.may_not_fit, "yes": words.fits}[fits],
                **values,
            )
        )
    return PlanTimeline(
        weeks=(least, most),
        steps_without_time=unknown,
        months_to_start=months,
        fits=fits,
        text=tuple(text),
        warnings=warnings,
    )


def _number(value: float) -> str:
    return f"{value:g}"


def _fill(text: str, **values: object) -> str:
    """The text with its placeholders filled (`rules check` allows only the ones given)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return " ".join(text.split())
