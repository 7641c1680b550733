"""The step library, part three: the sentences that check the action plan (the steps of
`rules/action_plan.yaml` that apply, their order, and what the plan says about time)."""

from __future__ import annotations

from pytest_bdd import then

from formadvisor.advice.results import Recommendation
from formadvisor.authoring.scenarios.state import Mismatch, ScenarioState, sentence
from formadvisor.authoring.scenarios.words import WordingError, did_you_mean


def _step(state: ScenarioState, step_id: str) -> str:
    """A step id the scenario names: the rules' action plan must have it."""
    plan = state.policy.plan
    known = [s.id for s in plan.steps] if plan is not None else []
    if step_id not in known:
        raise WordingError(f"there is no step '{step_id}'{did_you_mean(step_id, known)}")
    return step_id


def show_plan(result: Recommendation) -> str:
    lines = ["the action plan:"]
    for i, s in enumerate(result.action_plan):
        after = f" (after {', '.join(str(a + 1) for a in s.after)})" if s.after else ""
        lines.append(f"  {i + 1}. {s.id}{after}")
    timeline = result.action_plan_timeline
    lines += [f"  {t}" for t in (timeline.text if timeline else ())]
    lines += [f"  warning: {w.text}" for w in (timeline.warnings if timeline else ())]
    return "\n".join(lines)


@then(sentence("the action plan includes step {step}"))
def plan_includes(state: ScenarioState, step: str):
    result = state.applied()
    if _step(state, step) not in [s.id for s in result.action_plan]:
        raise Mismatch(f"the action plan includes step {step}", show_plan(result))


@then(sentence("the action plan does not include step {step}"))
def plan_excludes(state: ScenarioState, step: str):
    result = state.applied()
    if _step(state, step) in [s.id for s in result.action_plan]:
        raise Mismatch(f"the action plan does not include step {step}", show_plan(result))


@then(sentence("step {later} comes after step {earlier}"))
def step_after(state: ScenarioState, later: str, earlier: str):
    result = state.applied()
    ids = [s.id for s in result.action_plan]
    later, earlier = _step(state, later), _step(state, earlier)
    wanted = f"step {later} comes after step {earlier}"
    if later not in ids or earlier not in ids:
        raise Mismatch(wanted, show_plan(result))
    todo, seen = list(result.action_plan[ids.index(later)].after), set()
    while todo:  # everything the later step waits for, directly or through other steps
        i = todo.pop()
        if i not in seen:
            seen.add(i)
            todo += result.action_plan[i].after
    if ids.index(earlier) not in seen:
        raise Mismatch(wanted, show_plan(result))


@then(sentence("the action plan says {text}"))
def plan_says(state: ScenarioState, text: str):
    result = state.applied()
    timeline = result.action_plan_timeline
    said = [*timeline.text, *(w.text for w in timeline.warnings)] if timeline else []
    if not any(text.lower() in s.lower() for s in said):
        raise Mismatch(f'the action plan says "{text}"', show_plan(result))
