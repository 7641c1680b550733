"""Fixtures: a small complete rules folder, the repository's rules, and advisers over each."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from formadvisor.advice.advisor import Advisor
from formadvisor.authoring.coverage import run_features
from formadvisor.rules.checks import load_policy
from tests.support.data import FIXTURE_FEATURES, MINIMAL, RULES

# Apps made in tests (and the browser tests' server) do not run the scenarios in the
# background for the rules pages: a child pytest per app. Tests of it inject a Coverage or
# switch it on for themselves (tests/test_web_rules.py).
os.environ.setdefault("FORMADVISOR_SCENARIOS", "0")


@pytest.fixture(scope="session")
def minimal_policy():
    return load_policy(MINIMAL)


def _advisor(policy):
    advisor = Advisor(policy)
    yield advisor
    advisor.close()


@pytest.fixture(scope="session")
def minimal_advisor(minimal_policy):
    yield from _advisor(minimal_policy)


@pytest.fixture(scope="session")
def policy():
    return load_policy(RULES)


@pytest.fixture(scope="session")
def advisor(policy):
    yield from _advisor(policy)


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    """A private copy of the minimal rules folder, for tests that break it."""
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(scope="session")
def minimal_scenarios():
    """The fixture scenarios that use every sentence, run against the minimal rules."""
    return run_features(MINIMAL, FIXTURE_FEATURES / "minimal")
