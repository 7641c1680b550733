"""The scenarios of `features/` run under two rule sets, side by side: which changed.

A scenario changed when its outcome (passed, failed, skipped) or the rules it fired differ.
Scenarios are matched by pytest's node id, so both runs must be of the same feature files.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from formadvisor.authoring.coverage import ScenarioRun

ABSENT = "absent"  # the outcome of a scenario one run did not have


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ScenarioChange(_Out):
    """A scenario whose outcome or fired rules differ."""

    id: str
    title: str
    before: str
    after: str
    fires_now: tuple[str, ...]
    no_longer_fires: tuple[str, ...]
    message: str | None  # why it fails under the new rules


class Scenarios(_Out):
    features: str
    compared: int
    failed_before: int
    failed_after: int
    changes: tuple[ScenarioChange, ...]

    @property
    def outcome_changes(self) -> tuple[ScenarioChange, ...]:
        return tuple(c for c in self.changes if c.before != c.after)

    @property
    def firing_changes(self) -> tuple[ScenarioChange, ...]:
        return tuple(c for c in self.changes if c.before == c.after)


def compare_runs(old_run: ScenarioRun, new_run: ScenarioRun) -> Scenarios:
    """The scenarios whose outcome or fired rules differ from `old_run` to `new_run`."""
    old = {r.id: r for r in old_run.scenarios}
    new = {r.id: r for r in new_run.scenarios}
    changes = []
    for sid in dict.fromkeys([*old, *new]):
        was, now = old.get(sid), new.get(sid)
        fired_before = was.fired if was else ()
        fired_after = now.fired if now else ()
        before = was.outcome if was else ABSENT
        after = now.outcome if now else ABSENT
        if before == after and set(fired_before) == set(fired_after):
            continue
        changes.append(
            ScenarioChange(
                id=sid,
                title=(now or old[sid]).title,
                before=before,
                after=after,
                fires_now=tuple(r for r in fired_after if r not in fired_before),
                no_longer_fires=tuple(r for r in fired_before if r not in fired_after),
                message=now.message if now and now.outcome == "failed" else None,
            )
        )
    return Scenarios(
        features=new_run.features,
        compared=len(old.keys() & new.keys()),
        failed_before=sum(r.outcome == "failed" for r in old.values()),
        failed_after=sum(r.outcome == "failed" for r in new.values()),
        changes=tuple(changes),
    )
