"""`formadvisor rules check` and `rules explain` on the command line: output and exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from formadvisor.authoring.coverage import ScenarioRecord, coverage_of
from formadvisor.cli.main import app
from formadvisor.rules.checks import load_policy
from tests.support.lint_fixtures import CLEAN, make

runner = CliRunner()
FAST = ("--samples", "2000", "--workers", "1", "--max-services", "1")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_clean_rules_pass_with_the_space_searched():
    result = run("rules", "check", CLEAN, *FAST)
    assert result.exit_code == 0, result.output
    assert "Answer space: 1,512 answer sets" in result.stdout
    assert "searched exhaustively" in result.stdout
    assert "16 rules in 1 files are valid" in result.stdout


def test_every_problem_at_once_and_exit_1(tmp_path):
    folder = make("no_route", tmp_path)
    core = folder / "policy" / "core.yaml"
    core.write_text(
        core.read_text().replace(
            "when: {nation: northern_ireland}", "when: {all: [{nation: wales}, {nation: scotland}]}"
        )
    )
    result = run("rules", "check", folder, *FAST)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("rules/policy/core.yaml:24: forms.ni_cic: the condition can never hold")
        for line in lines
    )
    assert any(
        line.startswith(
            "rules/policy/core.yaml:84: routes.welsh_urgent_care: service 'Service 1' gets no "
            "contract route"
        )
        for line in lines
    )
    assert "rules/options.yaml:15: -: form 'cic_limited_by_guarantee' was never recommended" in (
        result.stdout
    )
    assert result.stderr.strip() == "3 error(s), 0 warning(s) found."


def test_warnings_fail_only_with_strict(tmp_path):
    folder = make("uncited_source", tmp_path)
    result = run("rules", "check", folder, *FAST)
    assert result.exit_code == 0, result.output
    assert (
        "rules/sources.yaml:14: -: warning: source 'P9.9' is cited by no rule or option"
        in result.stdout
    )
    strict = run("rules", "check", folder, *FAST, "--strict")
    assert strict.exit_code == 1


def test_as_of_drives_the_review_date_warning():
    later = run("rules", "check", CLEAN, *FAST, "--as-of", "2030-06-01", "--strict")
    assert later.exit_code == 1
    assert "warning: source 'P3.2' was due for review by 2030-01-01" in later.stdout
    assert run("rules", "check", CLEAN, *FAST, "--as-of", "2029-06-01", "--strict").exit_code == 0


def test_the_progress_flag_draws_a_bar_on_stderr():
    result = run("rules", "check", CLEAN, *FAST, "--progress")
    assert result.exit_code == 0
    assert "Searching answer sets" in result.stderr


def _coverage_file(tmp_path, fired: tuple[str, ...]):
    policy = load_policy(CLEAN)
    record = ScenarioRecord(
        id="x",
        feature="forms.feature",
        name="High risk",
        line=3,
        outcome="passed",
        fired=fired,
        checks=fired,
    )
    path = tmp_path / "coverage.json"
    path.write_text(coverage_of(policy, [record]).model_dump_json())
    return path


def test_explain_prints_the_rule_its_sources_scenarios_and_decisive_answers(tmp_path):
    cov = _coverage_file(tmp_path, ("forms.high_risk",))
    result = run(
        "rules",
        "explain",
        "forms.high_risk",
        "--rules",
        CLEAN,
        "--coverage",
        cov,
        "--samples",
        "400",
        "--as-of",
        "2026-11-23",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("forms.high_risk  (clean/policy/core.yaml:54)")
    assert "When (the group): `risk_appetite` is high" in out
    assert "favours `foundation_trust_hosted` (weight: +4)" in out
    assert "Because: High risk." in out
    assert "P3.2: CIC incorporation fee £65 online" in out
    assert "* forms.feature: High risk" in out
    assert "Example 1: {" in out
    assert "form: foundation_trust_hosted → " in out


def test_explain_names_unsourced_caveats_and_json(tmp_path):
    cov = _coverage_file(tmp_path, ())
    result = run(
        "rules",
        "explain",
        "forms.wants_no_entity",
        "--rules",
        CLEAN,
        "--coverage",
        cov,
        "--samples",
        "300",
        "--json",
        "--as-of",
        "2026-11-23",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["unsourced"] == ["P4.6: not confirmed by a public source; check with your LMC"]
    assert data["scenarios"] == []
    assert data["decisive"], "charitable purposes decide the form in the clean rules"
    example = data["decisive"][0]
    assert example["answers"]["charitable_purposes_only"] is True
    assert example["changes"][0].startswith("form: no_new_entity → ")


def test_explain_an_unknown_rule_exits_2_with_close_matches():
    result = run("rules", "explain", "forms.high_rsk", "--rules", CLEAN)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "unknown rule 'forms.high_rsk'; did you mean: forms.high_risk, forms.low_risk, "
        "forms.ni_cic?"
    )
