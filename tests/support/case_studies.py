"""The case studies' answers (features/case_studies.feature), read by the scenario steps' own
readers: for the summary tests and scripts/report_stats.py."""

from __future__ import annotations

import re

from pytest_bdd.parser import FeatureParser

from formadvisor.authoring.scenarios import steps
from formadvisor.authoring.scenarios.state import ScenarioState
from tests.support.data import ROOT


def case_studies(advisor) -> dict[str, dict]:
    """Each case study's answers by its place name ("South Powys")."""
    feature = FeatureParser(str(ROOT / "features"), "case_studies.feature").parse()
    found = {}
    for name, scenario in feature.scenarios.items():
        state = ScenarioState(advisor=advisor)
        for step in scenario.steps:
            table = step.datatable.raw() if step.datatable else None
            if m := re.fullmatch(r"a group of (\d+) practices? in (.+)", step.name):
                steps.a_group(state, *m.groups())
            elif step.name == "the answers:":
                steps.the_answers(state, table)
            elif step.name == "the services:":
                steps.the_services(state, table)
            elif step.type == "given":
                raise ValueError(f"{name}: no reader for the step {step.name!r}")
        found[name.split(" — ")[0]] = state.answers
    return found
