"""`formadvisor rules diff OLD NEW`: what a rules change does to scenarios, examples and saved
assessments, and which rules caused it; between folders or git revisions; clear bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formadvisor.authoring.diff.report import render
from formadvisor.authoring.diff.revisions import RulesAt, rules_at
from formadvisor.authoring.diff.rulesets import diff_rulesets
from formadvisor.authoring.diff.run import Inputs, rules_diff
from formadvisor.cli.main import app
from formadvisor.rules.checks import load_policy
from formadvisor.store.database import Store
from tests.support.data import FIXTURE_FEATURES, MINIMAL, RULES, WALES_PHARMACY

DAY = "2026-11-23"
WELSH_GROUP = {  # "Given a group of 6 practices in Wales"
    "nation": "wales",
    "member_practices": 6,
    "purposes": ["deliver_services"],
    "profit_intent": "reinvest",
}
# The edit: the asset-lock rule no longer favours the CIC, so the Welsh group's form changes.
ASSET_LOCK_BEFORE = "- favour: [cic_limited_by_guarantee, community_benefit_society]"
ASSET_LOCK_AFTER = "- favour: [community_benefit_society]"
WELSH_SCENARIO = "forms.feature: A Welsh group that reinvests its surplus"

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def edit(folder: Path, before: str, after: str) -> Path:
    core = folder / "policy" / "core.yaml"
    text = core.read_text()
    assert text.count(before) == 1, before
    core.write_text(text.replace(before, after))
    return folder


def copies(tmp: Path) -> tuple[Path, Path]:
    old, new = tmp / "old" / "rules", tmp / "new" / "rules"
    shutil.copytree(MINIMAL, old)
    shutil.copytree(MINIMAL, new)
    return old, new


def examples(tmp: Path) -> Path:
    folder = tmp / "examples"
    folder.mkdir()
    (folder / "welsh_group.yaml").write_text(json.dumps(WELSH_GROUP))
    (folder / "welsh_pharmacy.yaml").write_text(json.dumps(WALES_PHARMACY))
    return folder


def no_database(tmp: Path) -> str:
    return f"sqlite:///{tmp / 'absent' / 'none.sqlite3'}"


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """The CLI on the minimal rules before and after the asset-lock edit, with the fixture
    scenarios and two examples; its exit code, Markdown and JSON."""
    tmp = tmp_path_factory.mktemp("edited")
    old, new = copies(tmp)
    edit(new, ASSET_LOCK_BEFORE, ASSET_LOCK_AFTER)
    out = tmp / "diff.json"
    result = run(
        "rules", "diff", old, new,
        "--features", FIXTURE_FEATURES / "minimal",
        "--examples", examples(tmp),
        "--url", no_database(tmp),
        "--as-of", DAY,
        "--json", out,
    )  # fmt: skip
    return result, json.loads(out.read_text()) if out.exists() else None


def test_the_report_names_the_changed_answer_set_its_old_and_new_form_and_the_cause(edited):
    result, _ = edited
    assert result.exit_code == 0, result.output
    report = result.stdout
    assert report.startswith("## Rules diff: ")
    summary = report.split("### Summary")[1].split("###")[0]
    assert "Rules: 0 added, 0 removed, 1 changed." in summary
    assert "**1 change recommendation**" in summary
    assert "| `governance.asset_lock` | changed: then | rules/policy/core.yaml:" in report
    changed = report.split("### Changed recommendations")[1]
    assert "#### Example `welsh_group.yaml`" in changed
    assert (
        "**Form: Cic limited by guarantee (`cic_limited_by_guarantee`) → "
        "Community benefit society (`community_benefit_society`)**" in changed
    )
    assert "`governance.asset_lock` (changed: then; fires under both): form cic_limited" in changed


def test_the_json_holds_the_same_change_and_its_cause(edited):
    _, data = edited
    (change,) = [c for c in data["changes"] if c["changes"]["form"]]
    assert (change["source"], change["name"]) == ("example", "welsh_group.yaml")
    assert change["before"]["form"] == "cic_limited_by_guarantee"
    assert change["after"]["form"] == "community_benefit_society"
    assert [c["rule"] for c in change["causes"]] == ["governance.asset_lock"]
    assert data["rules"]["rules_changed"][0]["parts"] == ["then"]
    assert data["as_of"] == DAY
    assert data["impact"] is True


def test_a_scenario_that_passed_under_old_and_fails_under_new_is_reported(edited):
    result, data = edited
    (failed,) = [c for c in data["scenarios"]["changes"] if c["title"] == WELSH_SCENARIO]
    assert (failed["before"], failed["after"]) == ("passed", "failed")
    assert "expected: the recommended form is cic_limited_by_guarantee" in failed["message"]
    assert (data["scenarios"]["compared"], data["scenarios"]["failed_before"]) == (15, 0)
    section = result.stdout.split("### Scenarios whose outcome changed")[1]
    assert f"**{WELSH_SCENARIO}**: passed → failed" in section


def test_no_progress_bar_when_stderr_is_not_a_terminal(edited):
    result, _ = edited
    assert result.stderr == ""


def test_an_unchanged_copy_reports_no_changes_and_passes_the_gate(tmp_path):
    old, new = copies(tmp_path)
    result = run(
        "rules", "diff", old, new, "--no-scenarios",  # the slow test below runs them unchanged
        "--examples", examples(tmp_path),
        "--url", no_database(tmp_path),
        "--fail-on-change",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Rules: 0 added, 0 removed, 0 changed." in result.stdout
    assert "**0 change recommendation**, 0 change only in detail, 2 unchanged" in result.stdout
    assert "### Changed recommendations" not in result.stdout


def test_fail_on_change_exits_1_when_a_recommendation_changes(tmp_path):
    old, new = copies(tmp_path)
    edit(new, ASSET_LOCK_BEFORE, ASSET_LOCK_AFTER)
    args = ["rules", "diff", old, new, "--no-scenarios", "--examples", examples(tmp_path)]
    args += ["--no-assessments"]
    assert run(*args).exit_code == 0
    gated = run(*args, "--fail-on-change")
    assert gated.exit_code == 1
    assert "#### Example `welsh_group.yaml`" in gated.stdout


# --- git revisions -------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository with two commits of `rules/` and of `config/rules/`: the second makes
    the asset-lock edit in both."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for folder in (repo / "rules", repo / "config" / "rules"):
        shutil.copytree(MINIMAL, folder)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    for folder in (repo / "rules", repo / "config" / "rules"):
        edit(folder, ASSET_LOCK_BEFORE, ASSET_LOCK_AFTER)
    git(repo, "commit", "-qam", "second")
    return repo


@pytest.mark.parametrize(
    ("old", "new"),
    [("HEAD~1", "HEAD"), ("HEAD~1:config/rules", "HEAD:config/rules")],
)
def test_two_git_revisions_are_compared(repo, tmp_path, old, new):
    result = run(
        "rules", "diff", old, new, "--repo", repo, "--no-scenarios", "--no-assessments",
        "--examples", examples(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    first, second = git(repo, "rev-parse", "HEAD~1"), git(repo, "rev-parse", "HEAD")
    assert f"- OLD: `{old}` (commit {first[:12]}): 8 rules" in result.stdout
    assert f"- NEW: `{new}` (commit {second[:12]}): 8 rules" in result.stdout
    assert "| `governance.asset_lock` | changed: then | rules/policy/core.yaml:" in result.stdout
    assert "#### Example `welsh_group.yaml`" in result.stdout


def test_a_revision_is_extracted_to_a_folder_that_goes_away(repo):
    with rules_at("HEAD~1", repo) as at:
        assert at.commit == git(repo, "rev-parse", "HEAD~1")
        assert ASSET_LOCK_BEFORE in (at.folder / "policy" / "core.yaml").read_text()
    assert not at.folder.exists()


# --- saved assessments ---------------------------------------------------------------------


def test_saved_assessments_are_rerun_and_named_by_the_start_of_their_id(tmp_path):
    old, new = copies(tmp_path)
    edit(new, ASSET_LOCK_BEFORE, ASSET_LOCK_AFTER)
    url = f"sqlite:///{tmp_path / 'var' / 'saved.sqlite3'}"
    store = Store(url)
    welsh = store.create(WELSH_GROUP).id
    store.create({"nation": "wales"})  # a draft: neither rule set takes it
    store.close()
    out = tmp_path / "diff.json"
    empty = tmp_path / "no-examples"
    empty.mkdir()
    result = run(
        "rules", "diff", old, new, "--no-scenarios", "--url", url, "--examples", empty,
        "--json", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 (0 examples, 2 saved assessments)" in result.stdout
    assert "1 refused by both (incomplete)" in result.stdout
    assert f"#### Assessment `{welsh[:6]}…`" in result.stdout
    assert welsh not in result.stdout  # the id is the key to the assessment: never in full
    (change,) = json.loads(out.read_text())["changes"]
    assert (change["source"], change["name"]) == ("assessment", welsh)
    assert change["after"]["form"] == "community_benefit_society"


def test_a_missing_database_is_noted_and_never_created(tmp_path):
    old, _ = copies(tmp_path)
    result = run(
        "rules", "diff", old, old, "--no-scenarios", "--url", no_database(tmp_path),
        "--examples", examples(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "> Note: no saved assessments: the database " in result.stdout
    assert not (tmp_path / "absent").exists()


# --- bad input -----------------------------------------------------------------------------


def test_neither_a_folder_nor_a_revision_exits_2(tmp_path):
    result = run("rules", "diff", tmp_path / "nowhere", MINIMAL, "--repo", tmp_path)
    assert result.exit_code == 2
    assert "nowhere: not a rules folder, and" in result.stderr
    assert "is not a git repository" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_revision_and_a_revision_without_rules_exit_2(repo):
    unknown = run("rules", "diff", "no-such-branch", "HEAD", "--repo", repo)
    assert unknown.exit_code == 2
    assert "'no-such-branch' is not a revision of" in unknown.stderr
    missing = run("rules", "diff", "HEAD:elsewhere", "HEAD", "--repo", repo)
    assert missing.exit_code == 2
    assert "HEAD:elsewhere: revision HEAD (" in missing.stderr
    assert "has no folder 'elsewhere'" in missing.stderr


def test_broken_rules_exit_2_naming_the_side_and_each_problem(tmp_path):
    old, new = copies(tmp_path)
    edit(new, "id: governance.asset_lock", "id: governance.asset_lock\n    then_: oops")
    result = run("rules", "diff", old, new, "--no-scenarios", "--no-assessments")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"NEW ({new}): the rules are broken:"
    assert lines[1].startswith("  rules/policy/core.yaml:")
    assert "governance.asset_lock" in lines[1]


def test_missing_features_or_examples_exit_2(tmp_path):
    features = run("rules", "diff", MINIMAL, MINIMAL, "--features", tmp_path / "none")
    assert features.exit_code == 2
    assert "no such features folder" in features.stderr
    no_examples = run("rules", "diff", MINIMAL, MINIMAL, "--examples", tmp_path / "none")
    assert no_examples.exit_code == 2
    assert "no such folder of examples" in no_examples.stderr


# --- the core: the rules-level diff and attribution through a derived fact ------------------


def test_the_rules_level_diff_lists_rules_sources_and_scoring(tmp_path):
    old, new = copies(tmp_path)
    edit(new, "id: setup.past_rule", "id: setup.new_rule")
    scoring = new / "scoring.yaml"
    scoring.write_text(scoring.read_text().replace("strong: 3", "strong: 4"))
    changes = diff_rulesets(load_policy(old), load_policy(new))
    assert [r.rule for r in changes.rules_added] == ["setup.new_rule"]
    assert [r.rule for r in changes.rules_removed] == ["setup.past_rule"]
    assert changes.rules_changed == ()
    assert changes.scoring == ("weights.strong: 3 → 4",)
    assert changes.how("setup.new_rule") == "added"
    assert not changes.nothing
    assert diff_rulesets(load_policy(old), load_policy(old)).nothing


def test_a_rule_that_stops_deriving_a_fact_is_a_cause_through_the_rule_reading_it(tmp_path):
    old, new = copies(tmp_path)
    edit(
        new,
        "derive: needs_qualifying_contract",
        "derive: {fact: needs_qualifying_contract, value: false}",
    )
    inputs = Inputs(
        as_of=dt.date.fromisoformat(DAY),
        features=None,
        examples=examples(tmp_path),
        database_url=None,
    )
    diff = rules_diff(RulesAt("old", old), RulesAt("new", new), inputs)
    (change,) = diff.changes
    assert change.name == "welsh_pharmacy.yaml"
    assert not change.recommendation_changed  # the CIC still leads; scores moved
    causes = {c.rule: c for c in change.causes}
    reader = causes["pension.qualifying_contract_body"]
    assert (reader.edit, reader.firing) == (None, "no longer fires")
    assert "form company_limited_by_guarantee" in reader.moved
    deriver = causes["pension.sla_no_pension"]
    assert deriver.edit == "changed: then"
    assert deriver.moved == (
        "fact.needs_qualifying_contract read by pension.qualifying_contract_body",
    )
    assert "### Same recommendation, other differences" in render(diff)


@pytest.mark.slow
def test_the_real_rules_against_themselves_change_nothing(tmp_path):
    result = run(
        "rules", "diff", RULES, RULES, "--url", no_database(tmp_path), "--fail-on-change",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Rules: 0 added, 0 removed, 0 changed." in result.stdout
    assert "0 change outcome (failing: 0 before, 0 after), 0 fire different rules" in result.stdout
