"""`rules diff OLD NEW`: what a rules change does to the recommendations people rely on.

Every scenario in `features/`, every example answers file and every saved assessment is run
under both rule sets on one day (without what-if, for speed). The result lists the rules
changed, the scenarios whose outcome or fired rules changed, and each answer set whose
recommendation changed, with what changed (`changes.compare`) and the rules that caused it
(`attribution.causes_of`).
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.changes import Changes, compare
from formadvisor.advice.results import Recommendation
from formadvisor.authoring.coverage import FeaturesUnavailable, ScenarioRun, run_features
from formadvisor.authoring.diff.answer_sets import AnswerSet, example_answers, saved_answers
from formadvisor.authoring.diff.attribution import Cause, causes_of
from formadvisor.authoring.diff.revisions import RulesAt
from formadvisor.authoring.diff.rulesets import RulesetChanges, diff_rulesets
from formadvisor.authoring.diff.scenarios import Scenarios, compare_runs
from formadvisor.authoring.progress import Silent, Tracker
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import Problem, RulesInvalid
from formadvisor.rules.policy import Policy


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Side(_Out):
    """One rule set of the comparison: where it came from and which edition it is."""

    name: str  # as given: a folder or a git revision
    commit: str | None
    version: str  # the rules' content hash
    release: str | None
    rules: int


class Outcome(_Out):
    """The recommended form and routes under one rule set, or why it refused the answers."""

    form: str | None = None
    routes: dict[str, str | None] = {}
    refused: tuple[str, ...] = ()


class AnswerSetChange(_Out):
    """An example or saved assessment whose result differs between the rule sets."""

    source: Literal["example", "assessment"]
    name: str  # the example's file name, or the assessment's id
    before: Outcome
    after: Outcome
    changes: Changes | None  # None when one rule set refused the answers
    causes: tuple[Cause, ...]

    @property
    def recommendation_changed(self) -> bool:
        """The recommended form or a route differs, or only one rule set takes the answers."""
        return self.changes is None or bool(self.changes.form or self.changes.routes)


class RulesDiff(_Out):
    """Everything `rules diff` reports; `--json` writes it as it is."""

    old: Side
    new: Side
    as_of: dt.date
    rules: RulesetChanges
    scenarios: Scenarios | None  # None: not run (see notes)
    examples: int
    assessments: int
    unchanged: int
    refused_by_both: tuple[str, ...]  # answer sets neither rule set takes (drafts, mostly)
    changes: tuple[AnswerSetChange, ...]
    notes: tuple[str, ...]

    @property
    def recommendations_changed(self) -> tuple[AnswerSetChange, ...]:
        return tuple(c for c in self.changes if c.recommendation_changed)

    @property
    def details_changed(self) -> tuple[AnswerSetChange, ...]:
        return tuple(c for c in self.changes if not c.recommendation_changed)

    @computed_field  # type: ignore[prop-decorator]  # mypy rejects a decorated property
    @property
    def impact(self) -> bool:
        """True when some answer set's result or some scenario changed (`--fail-on-change`)."""
        return bool(self.changes or (self.scenarios and self.scenarios.changes))


class SideInvalid(Exception):
    """One side's rules are broken; `problems` lists them as `file:line: rule-id: message`."""

    def __init__(self, side: str, name: str, problems: list[Problem]):
        self.side, self.name, self.problems = side, name, problems
        super().__init__(f"{side} ({name}): the rules are broken")


@dataclass(frozen=True)
class Inputs:
    """What to rerun: None skips features, examples or saved assessments."""

    as_of: dt.date
    features: Path | None
    examples: Path | None
    database_url: str | None


def rules_diff(
    old: RulesAt, new: RulesAt, inputs: Inputs, tracker: Tracker | None = None
) -> RulesDiff:
    """Compare two rule sets and rerun everything `inputs` names under both.

    Raises `SideInvalid` when either rule set is broken.
    """
    tracker = tracker or Silent()
    policies = [_load(side, at) for side, at in (("OLD", old), ("NEW", new))]
    notes: list[str] = []
    with ThreadPoolExecutor(max_workers=2) as pool:  # the scenarios run in child processes
        runs = []
        if inputs.features is not None:
            task = tracker.add_task("Scenarios under OLD and NEW", total=2)
            runs = [pool.submit(_scenarios, at, inputs, tracker, task) for at in (old, new)]
        answer_sets = _answer_sets(inputs, notes)
        results = _rerun(policies, answer_sets, inputs.as_of, tracker)
        scenarios = _compare_scenarios([r.result() for r in runs], notes)
    rules = diff_rulesets(*policies)
    changes, refused, unchanged = [], [], 0
    for answer_set, (before, after) in zip(answer_sets, results, strict=True):
        change = _change(answer_set, before, after, rules, policies)
        if change is None and isinstance(before, tuple):
            refused.append(f"{answer_set.source} {answer_set.name}")
        elif change is None:
            unchanged += 1
        else:
            changes.append(change)
    return RulesDiff(
        old=_side(old, policies[0]),
        new=_side(new, policies[1]),
        as_of=inputs.as_of,
        rules=rules,
        scenarios=scenarios,
        examples=sum(a.source == "example" for a in answer_sets),
        assessments=sum(a.source == "assessment" for a in answer_sets),
        unchanged=unchanged,
        refused_by_both=tuple(refused),
        changes=tuple(changes),
        notes=tuple(notes),
    )


def _load(side: str, at: RulesAt) -> Policy:
    try:
        return load_policy(at.folder)
    except RulesInvalid as e:
        raise SideInvalid(side, at.name, e.problems) from None


def _side(at: RulesAt, policy: Policy) -> Side:
    return Side(
        name=at.name,
        commit=at.commit,
        version=policy.version,
        release=policy.release,
        rules=len(policy.rules),
    )


def _answer_sets(inputs: Inputs, notes: list[str]) -> list[AnswerSet]:
    out = example_answers(inputs.examples, notes) if inputs.examples else []
    return out + (saved_answers(inputs.database_url, notes) if inputs.database_url else [])


Result = Recommendation | tuple[str, ...]  # a recommendation, or why the answers are refused


def _rerun(
    policies: list[Policy], answer_sets: list[AnswerSet], as_of: dt.date, tracker: Tracker
) -> list[tuple[Result, Result]]:
    task = tracker.add_task("Answer sets under OLD and NEW", total=len(answer_sets))
    advisors = [Advisor(p) for p in policies]
    try:
        out = []
        for answer_set in answer_sets:
            before, after = (_recommend(a, answer_set.data, as_of) for a in advisors)
            out.append((before, after))
            tracker.advance(task)
        return out
    finally:
        for advisor in advisors:
            advisor.close()


def _recommend(advisor: Advisor, data: object, as_of: dt.date) -> Result:
    try:
        return advisor.recommend(data, as_of=as_of, what_if=False)
    except AnswersInvalid as e:
        return tuple(e.problems)


def _change(
    answer_set: AnswerSet,
    before: Result,
    after: Result,
    rules: RulesetChanges,
    policies: list[Policy],
) -> AnswerSetChange | None:
    """What changed for one answer set; None when nothing did (or both refuse it)."""
    changes: Changes | None
    causes: tuple[Cause, ...]
    if isinstance(before, tuple) or isinstance(after, tuple):
        if isinstance(before, tuple) and isinstance(after, tuple):
            return None
        changes, causes = None, ()
    else:
        changes = compare(before, after)
        if changes.nothing:
            return None
        causes = causes_of(before, after, changes, rules, *policies)
    return AnswerSetChange(
        source=answer_set.source,
        name=answer_set.name,
        before=_outcome(before),
        after=_outcome(after),
        changes=changes,
        causes=causes,
    )


def _outcome(result: Result) -> Outcome:
    if isinstance(result, tuple):
        return Outcome(refused=result)
    return Outcome(
        form=result.organisational_form.recommended,
        routes={s.name: s.contract_route.recommended for s in result.services},
    )


def _scenarios(at: RulesAt, inputs: Inputs, tracker: Tracker, task: Any) -> ScenarioRun | str:
    """The scenarios run under one side's rules, or why they could not be."""
    assert inputs.features is not None
    try:
        return run_features(at.folder, inputs.features, as_of=inputs.as_of)
    except FeaturesUnavailable as e:
        return f"scenarios not run under {at.name}: {e}"
    finally:
        tracker.advance(task)


def _compare_scenarios(runs: list[ScenarioRun | str], notes: list[str]) -> Scenarios | None:
    if not runs:
        return None
    problems = [r for r in runs if isinstance(r, str)]
    if problems:
        notes.extend(problems)
        return None
    old, new = runs
    assert isinstance(old, ScenarioRun)
    assert isinstance(new, ScenarioRun)
    if not old.scenarios:
        notes.append(f"no scenarios found in {new.features}")
    return compare_runs(old, new)
