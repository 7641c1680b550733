"""Cross-file checks of the action plan's steps (`action_plan.yaml`), like a rule's: every
reference, value, source and `after` must exist, `after` must not go round in a circle, and a
step's words may name only the placeholders it can fill."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from formadvisor.rules.conditions import Condition, clauses_of
from formadvisor.rules.loading import LoadedFile, Problem
from formadvisor.rules.plan import (
    ANY_ROUTE_REF,
    FORM_REF,
    ROUTE_REF,
    SERVICES_PLACEHOLDER,
    Conditional,
    PlanFile,
    Step,
    Timing,
    cycle_of,
)
from formadvisor.rules.policy import RefInfo
from formadvisor.rules.refs import clause_problems

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
TIMING_PLACEHOLDERS = {"least", "most", "months", "weeks", "unknown"}


def plan_refs(refs: Mapping[str, RefInfo], forms: Iterable[str], routes: Iterable[str]) -> dict:
    """What a step's condition may read: the answers (not derived facts), and the
    recommendation's form and routes."""
    routes = tuple(routes)
    out = {k: v for k, v in refs.items() if not v.derived}
    out[FORM_REF] = RefInfo(ref=FORM_REF, type="choice", values=tuple(forms))
    out[ROUTE_REF] = RefInfo(ref=ROUTE_REF, type="choice", values=routes, scope="service")
    out[ANY_ROUTE_REF] = RefInfo(ref=ANY_ROUTE_REF, type="choices", values=routes, is_list=True)
    return out


def per_service(when: Condition) -> bool:
    """Whether a step is tried for each service: its condition reads a service's answer."""
    return any(t.ref.startswith("service.") for t in clauses_of(when))


def plan_problems(
    f: LoadedFile[PlanFile], refs: Mapping[str, RefInfo], source_ids: set[str]
) -> list[Problem]:
    """Every problem of the plan file that needs the other files to see."""
    out: list[Problem] = []

    def problem(path: tuple, ident: str, message: str) -> None:
        out.append(Problem(f.name, f.doc.line_of(path), ident, message))

    plan = f.model
    step_ids: set[str] = set()
    lists: tuple[tuple[str, tuple[Conditional, ...]], ...]
    lists = (("steps", plan.steps), ("warnings", plan.warnings))
    for key, items in lists:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problem((key, i, "id"), item.id, f"duplicate {key[:-1]} id")
            seen.add(item.id)
            for t in clauses_of(item.when):
                info = refs.get(t.ref)
                if info is None:
                    problem(t.at or (key, i, "when"), item.id, _unknown_ref(t.ref))
                    continue
                for message in clause_problems(t, info):
                    problem(t.at, item.id, message)
            for j, sid in enumerate(item.sources):
                if sid not in source_ids:
                    problem((key, i, "sources", j), item.id, f"unknown source '{sid}'")
        if key == "steps":
            step_ids = seen
    for i, step in enumerate(plan.steps):
        _step_problems(step, i, step_ids, source_ids, problem)
    for i, warning in enumerate(plan.warnings):
        for name in PLACEHOLDER.findall(warning.text):
            if name != "months":
                problem(("warnings", i, "text"), warning.id, _placeholder(name, {"months"}))
    _timing_problems(plan.timing, problem)
    cycle = cycle_of(plan.steps)
    if cycle:
        where = next(i for i, s in enumerate(plan.steps) if s.id == cycle[0])
        problem(
            ("steps", where, "after"),
            cycle[0],
            "steps come after each other in a circle: " + " → ".join(cycle),
        )
    return out


def _step_problems(step: Step, i: int, step_ids: set[str], source_ids: set[str], problem) -> None:
    for j, other in enumerate(step.after):
        if other not in step_ids:
            problem(("steps", i, "after", j), step.id, f"unknown step '{other}' in after")
    for part in ("fee", "time"):
        given = getattr(step, part)
        if given is not None and given.source not in source_ids:
            problem(("steps", i, part, "source"), step.id, f"unknown source '{given.source}'")
    allowed = {SERVICES_PLACEHOLDER} if per_service(step.when) else set()
    for part in ("step", "who"):
        for name in PLACEHOLDER.findall(getattr(step, part)):
            if name not in allowed:
                problem(("steps", i, part), step.id, _placeholder(name, allowed))


def _timing_problems(timing: Timing, problem) -> None:
    for part in Timing.model_fields:
        for name in PLACEHOLDER.findall(getattr(timing, part)):
            if name not in TIMING_PLACEHOLDERS:
                problem(("timing", part), "", _placeholder(name, TIMING_PLACEHOLDERS))


def _unknown_ref(ref: str) -> str:
    return (
        f"unknown answer '{ref}' (a step reads answers, {FORM_REF}, {ROUTE_REF} "
        f"and {ANY_ROUTE_REF})"
    )


def _placeholder(name: str, allowed: set[str]) -> str:
    if not allowed:
        return f"unknown placeholder {{{name}}} (only a step about services can name {{services}})"
    return (
        f"unknown placeholder {{{name}}} (use {', '.join('{' + a + '}' for a in sorted(allowed))})"
    )
