"""The pytest plugin of the policy scenarios: the step library's fixtures and the records
behind `formadvisor rules coverage`.

`coverage.run_features` loads it with `-p` into a child pytest over `suite.py`; `make test`
loads it into `tests/features/conftest.py`. For each scenario it records the rules its trace
fired and the rules its steps name, and rewrites a failing scenario's report as the scenario,
the step and what differed. With `FORMADVISOR_SCENARIO_RECORDS` set, the records are written
there as JSON at the end.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_bdd.exceptions import StepDefinitionNotFoundError

from formadvisor.advice.advisor import Advisor
from formadvisor.authoring.coverage import (
    RECORDS_ENV,
    ScenarioRecord,
    ScenarioRun,
    default_features,
    scenario_day,
)
from formadvisor.authoring.scenarios.state import Mismatch, ScenarioState
from formadvisor.authoring.scenarios.steps import *  # noqa: F403  (step definitions are fixtures)
from formadvisor.authoring.scenarios.words import WordingError
from formadvisor.rules.checks import load_policy
from formadvisor.settings import Settings

RECORDS = pytest.StashKey[dict[str, ScenarioRecord]]()
STEP = pytest.StashKey[str]()
SCENARIOS = pytest.StashKey[list[str]]()  # every scenario collected, before any -k or -m
COVERAGE_TEST = "test_every_rule_is_fired_by_a_scenario"


def rules_folder() -> Path:
    """`FORMADVISOR_RULES`, else the default policy's rules."""
    return Settings().rules


@pytest.fixture(scope="session")
def feature_advisor():
    advisor = Advisor(load_policy(rules_folder()))
    yield advisor
    advisor.close()


@pytest.fixture
def state(feature_advisor) -> ScenarioState:
    return ScenarioState(advisor=feature_advisor)


def records(config: pytest.Config) -> dict[str, ScenarioRecord]:
    return config.stash.setdefault(RECORDS, {})


def _feature_name(filename: str) -> str:
    features = default_features()
    base = features.parent if features.is_file() else features
    try:
        return Path(filename).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return Path(filename).name


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """Note every scenario before selection, and run the coverage check after them all."""
    from formadvisor.authoring.scenarios import suite  # collected by now: binds no scenario again

    # The suite's tests, wherever they are collected from (suite.py, or tests/features/).
    bound = {f for name, f in vars(suite).items() if name.startswith("test_")}
    mine = [i for i in items if getattr(i, "function", None) in bound]
    last = [i for i in mine if getattr(i, "originalname", "") == COVERAGE_TEST]
    config.stash[SCENARIOS] = [i.nodeid for i in mine if i not in last]
    items[:] = [i for i in items if i not in last] + last


def _note_step(request, step) -> None:
    request.node.stash[STEP] = f"{step.keyword} {step.name} (line {step.line_number})"


def pytest_bdd_before_step(request, feature, scenario, step, step_func):
    _note_step(request, step)


def pytest_bdd_step_func_lookup_error(request, feature, scenario, step, exception):
    _note_step(request, step)


def pytest_bdd_after_scenario(request, feature, scenario):
    node = request.node
    st: ScenarioState = request.getfixturevalue("state")
    fired = tuple(st.fired()) if st.result is not None else ()
    example = node.callspec.id if hasattr(node, "callspec") else None
    records(node.config)[node.nodeid] = ScenarioRecord(
        id=node.nodeid,
        feature=_feature_name(feature.filename),
        name=scenario.name + (f" [{example}]" if example else ""),
        line=scenario.line_number,
        outcome="passed",
        fired=fired,
        checks=tuple(dict.fromkeys(st.checks)),
        answers=st.answers if st.result is not None else None,
        as_of=(st.as_of or scenario_day()) if st.result is not None else None,
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    record = records(item.config).get(item.nodeid)
    if record is None or report.when != "call":
        return report
    message = None
    if call.excinfo is not None:
        message = _failure(item, call.excinfo)
        report.longrepr = message
    records(item.config)[item.nodeid] = record.model_copy(
        update={"outcome": report.outcome, "message": message}
    )
    return report


def _failure(item: pytest.Item, excinfo: pytest.ExceptionInfo) -> str:
    """The failing scenario, its step and what differed, instead of a traceback."""
    record = records(item.config)[item.nodeid]
    step = item.stash.get(STEP, "?")
    head = f"Scenario: {record.name}\n  in {record.feature}:{record.line}\n  at step: {step}"
    if excinfo.errisinstance((Mismatch, WordingError)):
        return f"{head}\n{excinfo.value}"
    if excinfo.errisinstance(StepDefinitionNotFoundError):
        return f"{head}\nthis sentence is not in the step library: see features/README.md"
    return f"{head}\n{excinfo.getrepr(style='short')}"


def pytest_sessionfinish(session: pytest.Session):
    out = os.environ.get(RECORDS_ENV)
    if out:
        run = ScenarioRun(
            rules=str(rules_folder()),
            features=str(default_features()),
            scenarios=tuple(records(session.config).values()),
        )
        Path(out).write_text(run.model_dump_json(indent=2))
