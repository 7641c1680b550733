"""The command line: exit codes, messages by key path or file:line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from formadvisor.cli.main import app
from tests.support.data import CONTRACT_KEYS, EXAMPLES, ROOT

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_recommend_prints_a_readable_summary(tmp_path):
    result = run("recommend", EXAMPLES / "welsh_cluster_pharmacists.yaml")
    assert result.exit_code == 0, result.output
    assert "Recommended organisational form:" in result.output
    assert "not legal" in result.output


def test_recommend_prints_the_action_plan(tmp_path):
    result = run("recommend", EXAMPLES / "english_federation_bidding.yaml", "--as-of", "2026-12-06")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    plan = text[text.index("What to do next") :]
    assert "2. Incorporate the company at Companies House" in plan
    assert "A director, or your solicitor or accountant; after 1; £50; 0-1 weeks" in plan
    assert "The known times fit the 9 months" in plan
    data = json.loads(
        run("recommend", EXAMPLES / "english_federation_bidding.yaml", "--json").output
    )
    step = data["action_plan"][1]
    assert {"step", "who", "fee_gbp", "weeks", "after", "rule", "sources"} <= step.keys()
    assert (step["fee_gbp"], step["weeks"], step["after"]) == (50, [0, 1], [0])


def test_recommend_json_is_the_contract_shape():
    result = run(
        "recommend", EXAMPLES / "small_group_no_entity.yaml", "--json", "--as-of", "2026-01-01"
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["as_of"] == "2026-01-01"
    assert set(out) >= CONTRACT_KEYS


def test_invalid_answers_exit_2_with_one_line_per_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "nation: wails\nmember_practices: 2\npurposes: [estates]\nprofit_intent: reinvest\n"
        "services:\n  - {name: A, kind: community, commissioner: icb}\n"
        "  - {name: B, kind: surgery, commissioner: icb}\n"
    )
    result = run("recommend", bad)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("nation: must be")
    assert lines[1].startswith("services[1].kind: must be")
    assert len(lines) == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nation: [wales\n", ":2: "),
        ("- just\n- a list\n", "the answers must be a mapping"),
    ],
)
def test_unreadable_answers_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    result = run("recommend", bad)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_answers_file_exits_2(tmp_path):
    result = run("recommend", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.yaml'}: no such file"


def test_broken_rules_exit_1_with_file_line_errors(rules_copy):
    core = rules_copy / "policy" / "core.yaml"
    core.write_text(core.read_text().replace("exclude: sla", "exclude: slaa"))
    result = run("recommend", EXAMPLES / "small_group_no_entity.yaml", "--rules", rules_copy)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "rules/policy/core.yaml:8: pension.sla_no_pension: unknown option 'slaa'"
    )
    result = run("rules", "check", rules_copy)
    assert result.exit_code == 1
    assert (
        "rules/policy/core.yaml:8: pension.sla_no_pension: unknown option 'slaa'" in result.stdout
    )


def test_rules_check_fails_on_a_file_the_rules_do_not_read(rules_copy):
    (rules_copy / "extra.yaml").write_text("rules: []\n")
    result = run("rules", "check", rules_copy)
    assert result.exit_code == 1
    assert "rules/extra.yaml:1: -: not part of the rules: " in result.stdout


def test_rules_check_passes_valid_rules():
    clean = ROOT / "tests" / "fixtures" / "lint" / "clean"
    result = run("rules", "check", clean, "--samples", "50", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "16 rules in 1 files are valid" in result.stdout


def test_the_rules_folder_can_come_from_the_environment(monkeypatch, rules_copy):
    (rules_copy / "scoring.yaml").write_text("weights: {strong: 3}\n")
    monkeypatch.setenv("FORMADVISOR_RULES", str(rules_copy))
    result = run("recommend", EXAMPLES / "small_group_no_entity.yaml")
    assert result.exit_code == 1
    assert "rules/scoring.yaml" in result.stderr


def test_the_console_script_runs_in_a_real_process():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "formadvisor.cli",
            "recommend",
            str(EXAMPLES / "english_federation_bidding.yaml"),
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["organisational_form"]["recommended"]


def test_every_command_has_help():
    for args in (
        ["--help"],
        ["recommend", "--help"],
        ["rules", "--help"],
        ["rules", "check", "--help"],
    ):
        result = run(*args)
        assert result.exit_code == 0
        assert "Usage" in result.output
