"""`rules check` as a linter: one fixture folder per defect (tests/lint_fixtures.py), each
asserting the exact `file:line: rule-id: message` it gives, and the clean folder none."""

from __future__ import annotations

import datetime as dt

import pytest

from formadvisor.authoring.impossible import never_holds
from formadvisor.authoring.lint import lint_policy
from formadvisor.rules.checks import load_policy
from formadvisor.rules.conditions import parse_condition, to_dnf
from formadvisor.rules.loading import RulesInvalid, read_rules_folder
from tests.support.lint_fixtures import CLEAN, make

DAY = dt.date(2026, 11, 23)


def lint(folder, day=DAY) -> list[str]:
    return [str(p) for p in lint_policy(load_policy(folder), read_rules_folder(folder), day)]


def load_problems(folder) -> list[str]:
    with pytest.raises(RulesInvalid) as e:
        load_policy(folder)
    return [str(p) for p in e.value.problems]


def test_the_clean_folder_has_no_problems():
    assert lint(CLEAN) == []


@pytest.mark.parametrize(
    ("defect", "expected"),
    [
        (
            "unknown_question",
            "rules/policy/core.yaml:10: forms.england_merger: unknown answer or fact "
            "'nationality' (derived facts are named fact.<name>)",
        ),
        (
            "unknown_option",
            "rules/policy/core.yaml:46: forms.low_accountability: unknown option 'llpp'",
        ),
        (
            "unknown_fact",
            "rules/policy/core.yaml:5: forms.wants_no_entity: unknown answer or fact "
            "'fact.charity'",
        ),
        (
            "disallowed_value",
            "rules/policy/core.yaml:25: forms.ni_cic: nation: 'ulster' is not one of: england, "
            "wales, scotland, northern_ireland",
        ),
        (
            "duplicate_id",
            "rules/policy/core.yaml:54: forms.low_risk: duplicate rule id (also in "
            "rules/policy/core.yaml)",
        ),
    ],
)
def test_load_time_defects(tmp_path, defect, expected):
    assert load_problems(make(defect, tmp_path)) == [expected]


@pytest.mark.parametrize(
    ("defect", "expected"),
    [
        (
            "contradictory",
            "rules/policy/core.yaml:84: forms.wales_and_england: the condition can never hold: "
            "no answer meets `nation` is wales and `nation` is england",
        ),
        (
            "never_asked",
            "rules/policy/core.yaml:84: forms.welsh_pcn_staff: the condition can never hold: it "
            "needs an answer to `pcn_staff_for_practices`, which is only asked when `nation` is "
            "england, and it also requires `nation` is wales",
        ),
        (
            "shadowed",
            "rules/policy/core.yaml:89: forms.welsh_llp: shadowed by forms.no_llp_when_accountable "
            "(rules/policy/core.yaml:84): whenever this rule holds, forms.no_llp_when_accountable "
            "holds too, and it excludes llp; remove this rule or narrow it",
        ),
        (
            "unrecommendable",
            "rules/options.yaml:27: -: form 'llp' can never be recommended: no rule favours it, "
            "and 'no_new_entity', before it in options.yaml, is never excluded or disfavoured, so "
            "it always ranks above it",
        ),
        (
            "source_without_url",
            "rules/sources.yaml:9: -: source 'P3.2' has no url: give its address, or mark it "
            "`unsourced: true` with who to `ask`",
        ),
        (
            "uncited_source",
            "rules/sources.yaml:14: -: warning: source 'P9.9' is cited by no rule or option",
        ),
        (
            "source_for_another_nation",
            "rules/policy/core.yaml:4: forms.wants_no_entity: it can fire for a group in "
            "England, Scotland or Northern Ireland, but every source it cites is for another "
            "nation (P4.6 (Wales)): cite that nation's own source",
        ),
        (
            "source_never_shown",
            "rules/policy/core.yaml:14: forms.wales_company: it cites P9.1, a source for England "
            "only, but it can fire only for Wales: that source is never shown",
        ),
    ],
)
def test_static_lint_defects(tmp_path, defect, expected):
    assert lint(make(defect, tmp_path)) == [expected]


def test_a_source_past_its_review_date_is_a_warning(tmp_path):
    (problem,) = lint_policy(load_policy(CLEAN), read_rules_folder(CLEAN), dt.date(2030, 6, 1))
    assert problem.warning
    assert str(problem) == (
        "clean/sources.yaml:13: -: warning: source 'P3.2' was due for review by 2030-01-01: "
        "check it and set a new review_by"
    )


def test_a_rule_out_of_force_is_a_warning(minimal_policy):
    from tests.support.data import MINIMAL

    problems = lint_policy(minimal_policy, read_rules_folder(MINIMAL), DAY)
    (ended,) = [p for p in problems if p.rule == "setup.past_rule"]
    assert ended.warning
    assert "source OLD ended on 2010-01-01" in ended.message


def test_a_repeated_rule_is_shadowed_by_the_first_only(tmp_path):
    folder = make("uncited_source", tmp_path)  # any copy of the clean folder
    core = folder / "policy" / "core.yaml"
    text = core.read_text()
    block = text[text.index("  - id: forms.low_risk") : text.index("  - id: forms.high_risk")]
    core.write_text(text + block.replace("forms.low_risk", "forms.low_risk_again"))
    shadowed = [p for p in lint(folder) if "shadowed" in p]
    assert len(shadowed) == 1
    assert "forms.low_risk_again: shadowed by forms.low_risk " in shadowed[0]
    assert "it has the same effects (a repeated favour counts twice)" in shadowed[0]


def test_the_real_rules_have_no_static_problems(policy):
    from tests.support.data import RULES

    assert [str(p) for p in lint_policy(policy, read_rules_folder(RULES), DAY)] == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"member_practices": {"<": 3}, "all": [{"member_practices": {">": 5}}]},
            "no answer meets `member_practices` is less than 3 and `member_practices` is more "
            "than 5",
        ),
        (
            {"purposes": "estates", "not": {"purposes": "estates"}},
            "no answer meets `purposes` includes estates and `purposes` does not include estates",
        ),
        (
            {
                "any": [
                    {"nation": "wales", "all": [{"nation": "england"}]},
                    {
                        "setup_budget_gbp": {"answered": False},
                        "all": [{"setup_budget_gbp": {">": 4}}],
                    },
                ]
            },
            "none of its 2 alternatives can (first: no answer meets `nation` is wales and "
            "`nation` is england)",
        ),
        (
            {"pcn_staff_for_practices": False, "nation": "scotland"},
            "it needs an answer to `pcn_staff_for_practices`, which is only asked when `nation` "
            "is england, and it also requires `nation` is scotland",
        ),
        ({"member_practices": {"<": 5}, "all": [{"member_practices": {">": 3}}]}, None),
        ({"setup_budget_gbp": {"answered": False}, "nation": "wales"}, None),
        ({"not": {"pcn_staff_for_practices": True}, "nation": "wales"}, None),
    ],
)
def test_conditions_that_can_never_hold(raw, expected):
    policy = load_policy(CLEAN)
    node, errors = parse_condition(raw, ())
    assert errors == []
    lists = frozenset(ref for ref, info in policy.refs.items() if info.is_list)
    message = never_holds(policy, to_dnf(node, lists))
    assert message == (None if expected is None else f"the condition can never hold: {expected}")
