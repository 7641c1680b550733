"""The module pytest collects: every scenario of the configured features, then the coverage check.

The features are `$FORMADVISOR_FEATURES` (a folder or one `.feature` file), else the default
policy's `features/`. The scenarios are bound from the feature files at import, so a new
`.feature` file needs no Python. The last test fails, listing them, when some rule is fired by
no scenario. Import it only under pytest, with `plugin` loaded (pytest-bdd binds at import).
"""

from __future__ import annotations

import pytest
from pytest_bdd import scenarios

from formadvisor.authoring.coverage import (
    coverage_of,
    default_features,
    feature_files,
    uncovered_message,
)
from formadvisor.authoring.scenarios.plugin import SCENARIOS, records

FEATURES = default_features()
FILES = feature_files(FEATURES)
if FILES:
    scenarios(*(str(f) for f in FILES))


def test_every_rule_is_fired_by_a_scenario(request, feature_advisor):
    if not FILES:
        pytest.skip(f"no features in {FEATURES} yet: rule coverage not checked")
    if FEATURES.is_file():
        pytest.skip("one feature file ran: rule coverage is checked over the whole folder")
    ran = records(request.config)
    expected = request.config.stash[SCENARIOS]
    missing = [nodeid for nodeid in expected if nodeid not in ran]
    if missing:
        pytest.skip(
            f"{len(missing)} of {len(expected)} scenarios did not run: coverage not checked"
        )
    coverage = coverage_of(feature_advisor.policy, list(ran.values()))
    if coverage.uncovered:
        pytest.fail(uncovered_message(coverage), pytrace=False)
