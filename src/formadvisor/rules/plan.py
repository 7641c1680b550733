"""The action plan's steps (`action_plan.yaml`): what a group does between today and its first
service, each step with who acts, its fee, its elapsed time and their sources.

A step applies when its `when` holds, in the rules' own condition language, over the answers
and the recommendation: `form` (the recommended form), `service.route` (a service's
recommended route) and `any_service.route` (the routes recommended for any service). A step
that reads a `service.` reference is tried for each service; the services it holds for are one
step, named by `{services}`. `after` orders steps; a step that does not apply passes its own
`after` on, so the order holds whichever steps apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import Field, StrictFloat, StrictInt, StrictStr, model_validator

from formadvisor.rules.conditions import AllOf, Condition
from formadvisor.rules.models import RuleId, Strict, Text, Window

FORM_REF = "form"
ROUTE_REF = "service.route"
ANY_ROUTE_REF = "any_service.route"
SERVICES_PLACEHOLDER = "services"  # `{services}`: the services a per-service step applies to
Number = Annotated[StrictInt | StrictFloat, Field(ge=0, le=10_000_000)]


class Fee(Strict):
    """What a step costs in pounds (`up_to` when the source gives a range)."""

    gbp: Number
    up_to: Number | None = None
    note: Text | None = None
    source: StrictStr

    @model_validator(mode="after")
    def _range(self) -> Fee:
        if self.up_to is not None and self.up_to < self.gbp:
            raise ValueError("'up_to' is less than 'gbp'")
        return self


class LeadTime(Strict):
    """How long a step takes, in weeks from its start; no `weeks` when no source says."""

    weeks: tuple[Number, Number] | None = None
    note: Text | None = None
    source: StrictStr

    @model_validator(mode="after")
    def _ordered(self) -> LeadTime:
        if self.weeks is not None and self.weeks[1] < self.weeks[0]:
            raise ValueError("weeks must be [least, most]")
        return self


class Conditional(Strict):
    """A step or a warning: it applies while its condition holds and it is in force."""

    id: RuleId
    when: Condition = AllOf(items=())
    sources: tuple[StrictStr, ...] = Field(min_length=1)
    effective: Window | None = None

    def cited(self) -> tuple[str, ...]:
        return self.sources


class Step(Conditional):
    label: Annotated[str, Field(min_length=1, max_length=40)]  # a few words, for the timeline
    step: Text
    who: Text
    after: tuple[RuleId, ...] = ()
    fee: Fee | None = None
    time: LeadTime

    def cited(self) -> tuple[str, ...]:
        """Every source the step names: its own, its fee's and its time's, each once."""
        ids = [*self.sources, *(x.source for x in (self.fee, self.time) if x is not None)]
        return tuple(dict.fromkeys(ids))


class PlanWarning(Conditional):
    """A warning shown with the plan when its condition holds."""

    text: Text


class Timing(Strict):
    """The words for the plan's total time and for whether it fits `months_to_start`.

    Placeholders: {least} and {most} (weeks), {months} (months_to_start), {weeks} (the same
    in weeks), {unknown} (how many steps no source gives a time for).
    """

    total: Text
    unknown: Text
    cannot_fit: Text
    may_not_fit: Text
    fits: Text


class PlanFile(Strict):
    steps: tuple[Step, ...] = Field(min_length=1)
    warnings: tuple[PlanWarning, ...] = ()
    timing: Timing


def cycle_of(steps: Iterable[Step]) -> list[str] | None:
    """A circle of `after` between steps (ids, the first repeated last), or None."""
    after = {s.id: [a for a in s.after] for s in steps}
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in after.get(node, ()):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
            if nxt in after and not state.get(nxt):
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        state[node] = 2
        return None

    for sid in after:
        if not state.get(sid):
            found = visit(sid, [sid])
            if found:
                return found
    return None
