"""The rules reference: conditions in words, every rule's section, and the committed page."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from formadvisor.authoring.coverage import coverage_of, run_features
from formadvisor.authoring.reference import SCENARIO_DAY, describe, render
from formadvisor.cli import rules as cli_rules
from formadvisor.cli.main import app
from formadvisor.rules.checks import load_policy
from formadvisor.rules.conditions import parse_condition
from tests.support.data import FIXTURE_FEATURES, MINIMAL, ROOT

REFERENCE = ROOT / "docs" / "rules-reference.md"
DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (
            {"nation": "wales", "service.employs_staff_directly": True},
            "`nation` is wales and `service.employs_staff_directly` is yes",
        ),
        ({"purposes": "bid_for_contracts"}, "`purposes` includes bid_for_contracts"),
        ({"nation": {"in": ["scotland", "wales"]}}, "`nation` is one of scotland, wales"),
        ({"nation": {"not_in": ["england"]}}, "`nation` is none of england"),
        ({"member_practices": {">=": 5}}, "`member_practices` is at least 5"),
        ({"setup_budget_gbp": {"answered": False}}, "`setup_budget_gbp` is not answered"),
        ({"capital_sources": {"empty": True}}, "`capital_sources` is empty"),
        (
            {"any": [{"asset_lock_wanted": True}, {"profit_intent": "reinvest"}]},
            "either `asset_lock_wanted` is yes or `profit_intent` is reinvest",
        ),
        (
            {"not": {"purposes": "bid_for_contracts"}},
            "`purposes` does not include bid_for_contracts",
        ),
        (
            {
                "nation": "wales",
                "not": {"any": [{"nation": "wales"}, {"member_practices": {"<": 3}}]},
            },
            "`nation` is wales and not (`nation` is wales or `member_practices` is less than 3)",
        ),
        ({"any_service.kind": "pharmacy_support"}, "`any_service.kind` is pharmacy_support"),
    ],
)
def test_a_condition_in_words(minimal_policy, raw, words):
    node, errors = parse_condition(raw, ())
    assert not errors
    assert describe(node, minimal_policy) == words


def test_every_rule_has_its_section_with_effects_sources_and_scenarios(
    minimal_policy, minimal_scenarios
):
    page = render(minimal_policy, coverage_of(minimal_policy, minimal_scenarios.scenarios), DAY)
    for pr in minimal_policy.rules:
        assert f"### `{pr.rule.id}`" in page
    section = page.split("### `setup.past_rule`")[1].split("###")[0]
    assert "- **When** (the group): `nation` is none of scotland" in section
    assert "  - favours `llp` (weight: +1)" in section
    assert "  - OLD: A rule of the past (in force from 2000-01-01 until 2010-01-01)" in section
    assert "  - forms.feature: A rule of the past applies to a past date ✓" in section
    pension = page.split("### `pension.sla_no_pension`")[1].split("###")[0]
    assert "(each service)" in pension
    assert "  - excludes `sla`" in pension
    assert "  - favours `apms` (strong: +3)" in pension
    assert "  - derives `fact.needs_qualifying_contract`" in pension
    assert (
        "P4.6: An SLA gives no pension or indemnity of its own — **unsourced**: check with your LMC"
        in pension
    )
    tax = page.split("### `governance.distribution`")[1].split("###")[0]
    assert "  - seek advice (tax) on how profits are taxed when paid out from an accountant" in tax


def test_a_rule_no_scenario_fires_says_so(minimal_policy):
    page = render(minimal_policy, coverage_of(minimal_policy, []), DAY)
    assert page.count("- **Scenarios**: none fires this rule yet") == len(minimal_policy.rules)


def test_reference_command_writes_the_page(monkeypatch, minimal_scenarios, tmp_path):
    monkeypatch.setattr(
        cli_rules, "run_features", lambda rules, features, as_of=None: minimal_scenarios
    )
    out = tmp_path / "reference.md"
    result = CliRunner().invoke(
        app, ["rules", "reference", "--rules", str(MINIMAL), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Rules reference")
    assert "### `routes.any_service_pharmacy`" in out.read_text()


def test_the_committed_reference_is_up_to_date(policy):
    committed = REFERENCE.read_text()
    # The day the page was made on: which rules fire can depend on it, so check on that day.
    day = dt.date.fromisoformat(committed.split(SCENARIO_DAY, 1)[1][:10])
    run = run_features(ROOT / "rules", ROOT / "features", as_of=day)
    page = render(policy, coverage_of(policy, run.scenarios), day)
    assert committed == page, (
        "docs/rules-reference.md is out of date with rules/ or features/: "
        "regenerate it with `make reference` (formadvisor rules reference)"
    )


def test_scenarios_without_a_date_are_applied_on_the_day_given():
    """The reference page is checked on the day it was made: that day must reach the scenarios."""
    then = run_features(MINIMAL, FIXTURE_FEATURES / "minimal", as_of=dt.date(2005, 6, 1))
    first = next(s for s in then.scenarios if s.line == 4)
    assert "setup.past_rule" in first.fired
    assert first.outcome == "failed"  # it says the rule of the past does not fire
    assert SCENARIO_DAY in render(load_policy(MINIMAL), coverage_of(load_policy(MINIMAL), ()), DAY)
