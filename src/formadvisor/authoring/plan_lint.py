"""Lint of the action plan's steps and warnings (`action_plan.yaml`), as for rules:

- a condition that can never hold (`impossible`), read over the answers and the
  recommendation's form and routes;
- a step or warning out of force on the day checked (a warning);
- a step with no `weeks` whose time cites a source that is not marked unsourced: a time no
  source gives must say so, and who to ask.
"""

from __future__ import annotations

import datetime as dt

from formadvisor.authoring.impossible import never_holds
from formadvisor.rules.conditions import to_dnf
from formadvisor.rules.loading import Problem, RawPolicy
from formadvisor.rules.plan import Conditional
from formadvisor.rules.plan_checks import plan_refs
from formadvisor.rules.policy import Policy, in_force_condition


def plan_citations(policy: Policy) -> set[str]:
    """Every source a step or warning of the plan cites."""
    plan = policy.plan
    if plan is None:
        return set()
    return {s for item in (*plan.steps, *plan.warnings) for s in item.cited()}


def plan_lint(policy: Policy, raw: RawPolicy, as_of: dt.date) -> list[Problem]:
    plan, f = policy.plan, raw.plan
    if plan is None or f is None:
        return []
    refs = plan_refs(policy.refs, policy.form_ids, policy.route_ids)
    reading = policy.model_copy(update={"refs": refs})
    lists = frozenset(ref for ref, info in refs.items() if info.is_list)
    out: list[Problem] = []
    items: list[tuple[str, int, Conditional]] = [("steps", i, s) for i, s in enumerate(plan.steps)]
    items += [("warnings", i, w) for i, w in enumerate(plan.warnings)]
    for key, i, item in items:
        line = f.doc.line_of((key, i))
        condition = in_force_condition(item.when, item.effective, item.cited(), policy)
        message = never_holds(reading, to_dnf(condition, lists))
        if message:
            out.append(Problem(f.name, line, item.id, message))
        ended = _ended(policy, item, as_of)
        if ended:
            out.append(Problem(f.name, line, item.id, ended, warning=True))
    for i, step in enumerate(plan.steps):
        source = policy.source(step.time.source)
        if step.time.weeks is None and not source.unsourced:
            out.append(
                Problem(
                    f.name,
                    f.doc.line_of(("steps", i, "time")),
                    step.id,
                    f"no weeks, but its time cites '{source.id}', which is not marked unsourced: "
                    "give the weeks the source gives, or cite an unsourced source that says "
                    "who to ask",
                )
            )
    return out


def _ended(policy: Policy, item: Conditional, as_of: dt.date) -> str | None:
    windows = [("its `effective` window", item.effective)]
    windows += [(f"source {s}", policy.source(s).in_force) for s in item.cited()]
    for what, w in windows:
        if w is not None and w.end is not None and w.end <= as_of:
            return (
                f"not in force on {as_of.isoformat()}: {what} ended on {w.end.isoformat()} "
                "(it does not appear in plans as of later days)"
            )
    return None
