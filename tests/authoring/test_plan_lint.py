"""`rules check` on the action plan's steps (rules/action_plan.yaml): one fixture folder per
defect (tests/support/lint_fixtures.py), each with the exact `file:line: id: message` it gives."""

from __future__ import annotations

import datetime as dt

import pytest

from formadvisor.authoring.lint import lint_policy
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import RulesInvalid, read_rules_folder
from tests.support.lint_fixtures import CLEAN, make

DAY = dt.date(2026, 11, 23)


def lint(folder) -> list[str]:
    return [str(p) for p in lint_policy(load_policy(folder), read_rules_folder(folder), DAY)]


def load_problems(folder) -> list[str]:
    with pytest.raises(RulesInvalid) as e:
        load_policy(folder)
    return [str(p) for p in e.value.problems]


def test_the_clean_folder_has_a_plan_with_no_problems():
    policy = load_policy(CLEAN)
    assert policy.plan is not None
    assert len(policy.plan.steps) == 3
    assert lint(CLEAN) == []


@pytest.mark.parametrize(
    ("defect", "expected"),
    [
        ("plan_unknown_source", "rules/action_plan.yaml:25: step.pension: unknown source 'P1.9'"),
        (
            "plan_missing_sources",
            "rules/action_plan.yaml:9: step.register_cic: steps[1].sources: required key is "
            "missing",
        ),
        (
            "plan_unknown_after",
            "rules/action_plan.yaml:14: step.register_cic: unknown step 'step.agreed' in after",
        ),
        (
            "plan_cycle",
            "rules/action_plan.yaml:14: step.register_cic: steps come after each other in a "
            "circle: step.register_cic → step.pension → step.register_cic",
        ),
        (
            "plan_self_after",
            "rules/action_plan.yaml:14: step.register_cic: steps come after each other in a "
            "circle: step.register_cic → step.register_cic",
        ),
        (
            "plan_unknown_answer",
            "rules/action_plan.yaml:13: step.register_cic: unknown answer 'forms' (a step reads "
            "answers, form, service.route and any_service.route)",
        ),
        (
            "plan_placeholder",
            "rules/action_plan.yaml:5: step.agree: unknown placeholder {services} (only a step "
            "about services can name {services})",
        ),
    ],
)
def test_load_time_defects(tmp_path, defect, expected):
    assert load_problems(make(defect, tmp_path)) == [expected]


@pytest.mark.parametrize(
    ("defect", "expected"),
    [
        (
            "plan_never_holds",
            "rules/action_plan.yaml:18: step.pension: the condition can never hold: no answer "
            "meets `service.route` is apms and `service.route` is sla",
        ),
        (
            "plan_time_not_unsourced",
            "rules/action_plan.yaml:16: step.register_cic: no weeks, but its time cites 'P3.2', "
            "which is not marked unsourced: give the weeks the source gives, or cite an "
            "unsourced source that says who to ask",
        ),
        (
            "plan_out_of_force",
            "rules/action_plan.yaml:3: step.agree: warning: not in force on 2026-11-23: its "
            "`effective` window ended on 2020-01-01 (it does not appear in plans as of later "
            "days)",
        ),
    ],
)
def test_static_lint_defects(tmp_path, defect, expected):
    assert lint(make(defect, tmp_path)) == [expected]


def test_a_source_only_a_step_cites_is_cited(tmp_path):
    folder = make("plan_unknown_source", tmp_path)  # any copy of the clean folder
    plan = folder / "action_plan.yaml"
    plan.write_text(plan.read_text().replace("sources: [P1.9]", "sources: [P9.9]"))
    sources = folder / "sources.yaml"
    sources.write_text(
        sources.read_text() + "  - id: P9.9\n    title: Cited by a step\n    url: https://x.org/\n"
    )
    assert lint(folder) == []


def test_a_misnamed_plan_file_is_not_part_of_the_rules(tmp_path):
    folder = make("plan_unknown_source", tmp_path)
    (folder / "action_plan.yaml").rename(folder / "action_plans.yaml")
    problems = load_problems(folder)
    assert problems == [
        "rules/action_plans.yaml:1: -: not part of the rules: did you mean action_plan.yaml? "
        "The files read here are questionnaire.yaml, options.yaml, sources.yaml, scoring.yaml, "
        "action_plan.yaml, summary.yaml, groups.yaml and glossary.yaml"
    ]


def test_the_real_plan_has_no_problems(policy):
    from tests.support.data import RULES

    assert policy.plan is not None
    assert len(policy.plan.steps) >= 30
    problems = [str(p) for p in lint_policy(policy, read_rules_folder(RULES), DAY)]
    assert [p for p in problems if "action_plan.yaml" in p] == []


def test_rules_diff_names_the_steps_changed(tmp_path):
    from formadvisor.authoring.diff.rulesets import diff_rulesets

    folder = make("plan_unknown_source", tmp_path)  # a copy of the clean folder
    plan = folder / "action_plan.yaml"
    text = plan.read_text().replace("sources: [P1.9]", "sources: [P1.7]")
    plan.write_text(text.replace("weeks: [0, 3]", "weeks: [1, 3]"))
    changes = diff_rulesets(load_policy(CLEAN), load_policy(folder))
    assert changes.steps.changed == ("step.register_cic",)
    assert not changes.nothing
    assert changes.files["steps"].added == ()


def test_rules_check_lists_a_plan_problem_and_fails(tmp_path):
    from typer.testing import CliRunner

    from formadvisor.cli.main import app

    folder = make("plan_time_not_unsourced", tmp_path)
    fast = ["--samples", "200", "--workers", "1", "--max-services", "1"]
    result = CliRunner().invoke(app, ["rules", "check", str(folder), *fast])
    assert result.exit_code == 1, result.output
    assert (
        "rules/action_plan.yaml:16: step.register_cic: no weeks, but its time cites 'P3.2'"
        in result.output
    )
