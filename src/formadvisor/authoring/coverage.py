"""Which rules the policy's scenarios (`features/*.feature`) fire, and which no scenario does.

The scenarios run under pytest (pytest-bdd and the step library in `authoring/scenarios/`,
which ship with the package). Each run writes one record per scenario: the rules its trace
fired and the rules its steps check by name. `coverage_of` lines these records up with a rules
folder; `run_features` runs the scenarios in a child pytest and reads the records back, for
`formadvisor rules coverage`, `explain`, `reference`, `diff` and the web rules pages.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field

from formadvisor.rules.policy import Policy
from formadvisor.settings import Settings

# The collected test module (it binds the scenarios) and the pytest plugin of the step library.
SCENARIOS = Path(__file__).resolve().with_name("scenarios")
SUITE = SCENARIOS / "suite.py"
PLUGIN = "formadvisor.authoring.scenarios.plugin"

# The environment the step library reads (the CLI and the tests set them for a child pytest).
RULES_ENV = "FORMADVISOR_RULES"
FEATURES_ENV = "FORMADVISOR_FEATURES"
RECORDS_ENV = "FORMADVISOR_SCENARIO_RECORDS"
# The day a scenario without "as of" is applied on (ISO date; default: today). The reference
# page records the day it was made on, so it can be checked again later on the same day.
AS_OF_ENV = "FORMADVISOR_SCENARIOS_AS_OF"


def scenario_day() -> dt.date:
    """The day scenarios without a date of their own are applied on."""
    day = os.environ.get(AS_OF_ENV)
    return dt.date.fromisoformat(day) if day else dt.date.today()


def default_features() -> Path:
    """`FORMADVISOR_FEATURES` (a folder or one `.feature` file), else the default policy's."""
    return Settings().features.resolve()


def feature_files(features: Path) -> list[Path]:
    """The `.feature` files a path names: the file itself, or every one under the folder."""
    if features.is_file():
        return [features]
    return sorted(features.rglob("*.feature")) if features.is_dir() else []


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScenarioRecord(_Model):
    """What one scenario did: where it is, how it ended, the rules it fired and checked."""

    id: str  # pytest's node id
    feature: str  # the feature file, relative to the features folder
    name: str  # the scenario's name, with its example values for an outline
    line: int  # where the scenario starts in its feature file
    outcome: Literal["passed", "failed", "skipped"]
    fired: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()  # rule ids named by the scenario's steps
    message: str | None = None  # why it failed, as the step library words it
    answers: dict | None = None  # the answers the policy was applied to (None: not applied)
    as_of: dt.date | None = None  # and the day it was applied on

    @property
    def title(self) -> str:
        return f"{self.feature}: {self.name}"


class ScenarioRun(_Model):
    """The records of one run of the scenarios (what the step library writes)."""

    rules: str
    features: str
    scenarios: tuple[ScenarioRecord, ...]
    returncode: int | None = None  # the child pytest's exit code (set by `run_features`)
    output: str = ""  # and what it printed


class RuleCoverage(_Model):
    rule: str
    file: str
    fired_by: tuple[str, ...]  # scenario titles
    checked_by: tuple[str, ...]


class Coverage(_Model):
    """For every rule of a policy, the scenarios that fire it; and the scenarios that failed."""

    rules: tuple[RuleCoverage, ...]
    scenarios: int
    failed: tuple[ScenarioRecord, ...]
    unknown_checks: tuple[str, ...]  # rule ids a scenario names that the policy does not have

    @computed_field  # type: ignore[prop-decorator]  # mypy rejects a decorated property
    @property
    def uncovered(self) -> tuple[str, ...]:
        return tuple(r.rule for r in self.rules if not r.fired_by)

    @property
    def complete(self) -> bool:
        return not self.uncovered and not self.failed

    def of(self, rule_id: str) -> RuleCoverage:
        return next(r for r in self.rules if r.rule == rule_id)


def coverage_of(
    policy: Policy, records: tuple[ScenarioRecord, ...] | list[ScenarioRecord]
) -> Coverage:
    """Line the records up with the policy's rules, in the policy's order."""
    rules = []
    for pr in policy.rules:
        rid = pr.rule.id
        rules.append(
            RuleCoverage(
                rule=rid,
                file=pr.file,
                fired_by=tuple(sorted({r.title for r in records if rid in r.fired})),
                checked_by=tuple(sorted({r.title for r in records if rid in r.checks})),
            )
        )
    known = {pr.rule.id for pr in policy.rules}
    return Coverage(
        rules=tuple(rules),
        scenarios=len(records),
        failed=tuple(r for r in records if r.outcome == "failed"),
        unknown_checks=tuple(sorted({c for r in records for c in r.checks} - known)),
    )


def uncovered_message(coverage: Coverage) -> str:
    """The uncovered rules, one a line, for a failing check."""
    ids = "\n".join(f"  - {rid}" for rid in coverage.uncovered)
    return (
        f"{len(coverage.uncovered)} of {len(coverage.rules)} rules are fired by no scenario; "
        f"add a scenario to features/ that fires each of:\n{ids}"
    )


class FeaturesUnavailable(RuntimeError):
    """The scenarios cannot be run (pytest did not run them to the end)."""


def _child_pytest(pytest_args: tuple[str, ...]) -> list[str]:
    """The child pytest: the packaged suite with pytest-bdd and the step library's plugin only,
    reading no configuration of any folder (no checkout's, no user's)."""
    args = [sys.executable, "-m", "pytest", str(SUITE), "-q"]
    args += ["-p", "pytest_bdd.plugin", "-p", PLUGIN, "-p", "no:cacheprovider"]
    args += ["-c", os.devnull, "--rootdir", str(SCENARIOS), "--confcutdir", str(SCENARIOS)]
    return args + list(pytest_args)


def run_features(
    rules: Path,
    features: Path,
    pytest_args: tuple[str, ...] = (),
    as_of: dt.date | None = None,
) -> ScenarioRun:
    """Run the scenarios under `features` against `rules` in a child pytest; return its records.

    A failing scenario is recorded, not raised: coverage reports it with the rules. It needs no
    checkout and runs the same from any folder.
    """
    with tempfile.TemporaryDirectory(prefix="formadvisor-records-") as tmp:
        out = Path(tmp) / "records.json"
        # The user's own pytest options and installed plugins (hypothesis, playwright, ...)
        # have no say in the policy.
        theirs = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS")
        env = {
            **{k: v for k, v in os.environ.items() if k not in theirs},
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            RULES_ENV: str(rules.resolve()),
            FEATURES_ENV: str(features.resolve()),
            RECORDS_ENV: str(out),
            AS_OF_ENV: (as_of or scenario_day()).isoformat(),
        }
        # From the suite's folder, pytest names a test `suite.py::test_...` in what it prints.
        done = subprocess.run(
            _child_pytest(pytest_args),
            cwd=SCENARIOS,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if not out.exists():
            raise FeaturesUnavailable(
                "the scenarios did not run to the end:\n" + (done.stdout + done.stderr)[-3000:]
            )
        run = ScenarioRun.model_validate_json(out.read_text())
        return run.model_copy(update={"returncode": done.returncode, "output": done.stdout})


def report_lines(coverage: Coverage) -> list[str]:
    """Each rule with the scenarios that fire it (`*`: the scenario also names the rule)."""
    lines = []
    for r in coverage.rules:
        lines.append(f"{r.rule}  ({r.file})")
        for title in r.fired_by:
            lines.append(f"    {'*' if title in r.checked_by else '-'} {title}")
        if not r.fired_by:
            lines.append("    fired by no scenario")
    fired = len(coverage.rules) - len(coverage.uncovered)
    lines.append(
        f"{fired} of {len(coverage.rules)} rules are fired by {coverage.scenarios} scenario(s); "
        "* marks a scenario that also checks the rule by name."
    )
    return lines


def problem_lines(coverage: Coverage) -> list[str]:
    """Why coverage is not complete: the failing scenarios, then the uncovered rules."""
    lines = []
    if coverage.failed:
        lines.append(f"{len(coverage.failed)} scenario(s) failed:")
        for record in coverage.failed:
            lines.append(f"  - {record.title}")
            lines += [f"      {line}" for line in (record.message or "").splitlines()[2:]]
    if coverage.uncovered:
        lines.append(uncovered_message(coverage))
    return lines
