"""The step library and rule coverage, on fixture scenarios run against the minimal rules.

Each run is a child pytest over the packaged suite (`formadvisor.authoring.scenarios`) with a
fixture features folder, exactly as `formadvisor rules coverage` runs the policy's `features/`.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from formadvisor.authoring.coverage import coverage_of, run_features
from formadvisor.cli import rules as cli_rules
from formadvisor.cli.main import app
from tests.support.data import FIXTURE_FEATURES, MINIMAL, ROOT

COVERAGE_TEST = "test_every_rule_is_fired_by_a_scenario"


@pytest.fixture(scope="module")
def failing():
    return run_features(MINIMAL, FIXTURE_FEATURES / "failing")


@pytest.fixture(scope="module")
def uncovered():
    return run_features(MINIMAL, FIXTURE_FEATURES / "uncovered")


def _message(run, name: str) -> str:
    (record,) = [r for r in run.scenarios if r.name == name]
    assert record.outcome == "failed"
    return record.message or ""


# --- scenarios that pass ------------------------------------------------------------------------


def test_every_fixture_scenario_passes_and_covers_every_rule(minimal_scenarios, minimal_policy):
    run = minimal_scenarios
    assert run.returncode == 0, run.output
    assert run.scenarios
    assert {r.outcome for r in run.scenarios} == {"passed"}
    assert "skipped" not in run.output  # the coverage check itself ran, and passed
    assert coverage_of(minimal_policy, run.scenarios).complete


def test_a_record_holds_the_rules_the_trace_fired_and_the_rules_the_steps_name(
    minimal_scenarios,
):
    (past,) = [r for r in minimal_scenarios.scenarios if r.name.startswith("A rule of the past")]
    assert past.feature == "forms.feature"
    # As of 2005 only the rule citing the 2000-2010 source is in force.
    assert past.fired == ("setup.past_rule",)
    assert past.checks == ("setup.past_rule", "governance.asset_lock")


def test_an_outline_runs_once_per_example_named_by_its_values(minimal_scenarios):
    names = {r.name for r in minimal_scenarios.scenarios}
    outline = "Paying out surplus keeps the CIC in Scotland and Northern Ireland"
    assert {f"{outline} [Scotland]", f"{outline} [northern_ireland]"} <= names


# --- scenarios that fail say what was expected and what was found -------------------------------


def test_every_failing_fixture_scenario_fails(failing):
    assert failing.returncode == 1
    assert failing.scenarios
    assert {r.outcome for r in failing.scenarios} == {"failed"}


def test_a_wrong_form_names_the_expected_form_and_the_ranking_with_scores(failing):
    message = _message(failing, "A wrong recommended form")
    assert "Scenario: A wrong recommended form\n  in wrong.feature:3" in message
    assert 'at step: Then the recommended form is "llp" (line 6)' in message
    assert "expected: the recommended form is llp" in message
    assert "found:    recommended cic_limited_by_guarantee" in message
    assert "1. cic_limited_by_guarantee: score 2 (governance.asset_lock +2)" in message
    assert "company_limited_by_shares: score -1 (governance.asset_lock -1)" in message


def test_a_rule_that_did_not_fire_lists_the_rules_that_did(failing):
    message = _message(failing, "A rule that does not fire")
    assert "expected: rule setup.small_groups_no_entity fires" in message
    assert "found:    rules that fired: governance.asset_lock, setup.no_budget" in message


def test_a_decision_mismatch_shows_the_decision(failing):
    message = _message(failing, "A lead that rests on sourced facts")
    assert "expected: the lead rests on an unsourced fact" in message
    assert "both score 2" in message


def test_a_misspelt_rule_id_is_an_error_naming_the_close_match(failing):
    message = _message(failing, "A misspelt rule id")
    assert "there is no rule 'governance.asset_lok' (did you mean governance.asset_lock" in message


def test_invalid_answers_are_listed_by_key(failing):
    message = _message(failing, "Answers the questionnaire refuses")
    assert "the scenario's answers are not valid:\n  member_practices:" in message


def test_a_sentence_outside_the_library_is_named(failing):
    message = _message(failing, "A sentence the step library does not know")
    assert "at step: Then the moon is blue (line 32)" in message
    assert "not in the step library: see features/README.md" in message


def test_a_language_the_rules_are_not_translated_into_is_an_error(failing):
    message = _message(failing, "A language the rules have no translation into")
    assert "the rules have no translation into Welsh" in message


def test_what_a_result_says_or_does_not_say(failing):
    message = _message(failing, "A result that says other words")
    assert 'expected: the result says "Offeryn i’ch helpu i benderfynu"' in message
    assert "found:    no text of it does" in message
    message = _message(failing, "A result that says the words it should not")
    assert 'expected: the result does not say "decision support"' in message
    assert "found:    it says: formadvisor is decision support" in message


def test_failures_are_sentences_not_tracebacks(failing):
    for record in failing.scenarios:
        assert "Traceback" not in (record.message or "")
        assert "def " not in (record.message or "")
    assert "_ test_a_wrong_recommended_form _" in failing.output
    assert "expected: the recommended form is llp" in failing.output


# --- coverage -----------------------------------------------------------------------------------


def test_the_suite_fails_naming_a_rule_no_scenario_fires(uncovered, minimal_policy):
    assert {r.outcome for r in uncovered.scenarios} == {"passed"}
    assert uncovered.returncode == 1
    assert f"FAILED suite.py::{COVERAGE_TEST}" in uncovered.output
    assert "1 of 8 rules are fired by no scenario" in uncovered.output
    assert "  - setup.past_rule" in uncovered.output
    assert coverage_of(minimal_policy, uncovered.scenarios).uncovered == ("setup.past_rule",)


def test_no_features_yet_is_reported_without_failing(tmp_path):
    run = run_features(MINIMAL, tmp_path)
    assert run.returncode == 0, run.output
    assert run.scenarios == ()
    assert "1 skipped" in run.output


def test_a_partial_run_does_not_check_coverage():
    run = run_features(MINIMAL, FIXTURE_FEATURES / "minimal", ("-k", "welsh or every_rule", "-rs"))
    assert run.returncode == 0, run.output
    assert len(run.scenarios) == 1
    assert re.search(r"\d+ of \d+ scenarios did not run: coverage not checked", run.output)


def test_coverage_command_prints_each_rule_with_its_scenarios(
    monkeypatch, minimal_scenarios, minimal_policy, tmp_path
):
    monkeypatch.setattr(
        cli_rules, "run_features", lambda rules, features, as_of=None: minimal_scenarios
    )
    out = tmp_path / "coverage.json"
    result = CliRunner().invoke(
        app, ["rules", "coverage", "--rules", str(MINIMAL), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    for pr in minimal_policy.rules:
        assert pr.rule.id in result.stdout
    assert "* forms.feature: A rule of the past applies to a past date" in result.stdout
    assert '"uncovered": []' in out.read_text()


def test_coverage_command_exits_1_listing_uncovered_rules(monkeypatch, uncovered):
    monkeypatch.setattr(cli_rules, "run_features", lambda rules, features, as_of=None: uncovered)
    result = CliRunner().invoke(app, ["rules", "coverage", "--rules", str(MINIMAL)])
    assert result.exit_code == 1
    assert "setup.past_rule  (minimal/policy/core.yaml)\n    fired by no scenario" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "  - setup.past_rule"


def test_coverage_command_exits_1_listing_failed_scenarios(monkeypatch, failing):
    monkeypatch.setattr(cli_rules, "run_features", lambda rules, features, as_of=None: failing)
    result = CliRunner().invoke(app, ["rules", "coverage", "--rules", str(MINIMAL)])
    assert result.exit_code == 1
    assert f"{len(failing.scenarios)} scenario(s) failed:" in result.stderr
    assert "  - wrong.feature: A wrong recommended form" in result.stderr


# --- the documented sentences are the step library ----------------------------------------------


def _shape(sentence: str) -> str:
    """A sentence with its values blanked, so examples with different values compare equal."""
    sentence = re.sub(r"a group of \S+ practices? in .*", "a group of … practices in …", sentence)
    sentence = re.sub(r"at most \d+ ", "at most … ", sentence)
    sentence = re.sub(r"applied in \w+$", "applied in …", sentence.strip())
    return re.sub(r"<\w+>", "…", re.sub(r'"[^"]*"', '"…"', sentence.strip()))


def _used_sentences(folder) -> set[str]:
    used = set()
    for path in folder.rglob("*.feature"):
        keyword = None
        for line in path.read_text().splitlines():
            m = re.match(r"\s*(Given|When|Then|And|But) (.*)", line)
            if m:
                keyword = keyword if m.group(1) in ("And", "But") else m.group(1)
                used.add(_shape(f"{keyword} {m.group(2)}"))
    return used


def test_features_readme_lists_every_sentence_and_the_fixtures_use_each():
    readme = (ROOT / "features" / "README.md").read_text()
    documented = {
        _shape(s) for s in re.findall(r"^\| `((?:Given|When|Then) [^`]*)` \|", readme, re.M)
    }
    from formadvisor.authoring.scenarios import steps

    definitions = [name for name in vars(steps) if name.startswith("pytestbdd_stepdef_")]
    assert len(documented) == len(definitions)
    passing, failing = (_used_sentences(FIXTURE_FEATURES / d) for d in ("minimal", "failing"))
    # A group's sentences need a rules folder with groups.yaml (the minimal one has none): the
    # policy's own scenario of a group tries them.
    # So do a headline's (the minimal folder has no summary.yaml) and a close call that is not a
    # tie's (its few rules tie instead): features/decisions.feature tries them; the failing
    # fixtures check each one's message.
    group = ("practice", "group's answer", "the split on", "headline", "close call between")
    group += ("decide the close call",)
    tried = _used_sentences(ROOT / "features") & documented
    passing |= {s for s in tried if any(w in s for w in group)}
    assert passing <= documented  # the passing fixtures use only documented sentences
    assert documented <= passing | failing  # and every documented sentence is tried
    assert documented - passing == {"Then the lead rests on an unsourced fact"}
