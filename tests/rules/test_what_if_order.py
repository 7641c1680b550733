"""scoring.yaml's `what_if` section: checked against the questionnaire like the rules are."""

from __future__ import annotations

import pytest

from formadvisor.advice.wording import what_if_short
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import RulesInvalid
from tests.support.data import RULES


def _with_what_if(folder, services_first: str) -> None:
    """The minimal rules with the repository's what-if section, `services_first` replaced."""
    text = (RULES / "scoring.yaml").read_text()
    section = text[text.index("\nwhat_if:") :]
    start = section.index("  services_first:")
    end = section.index("  # A consequence")
    section = section[:start] + services_first + section[end:]
    scoring = folder / "scoring.yaml"
    scoring.write_text(scoring.read_text() + section)


def test_services_first_names_service_questions_and_values_they_can_take(rules_copy):
    _with_what_if(
        rules_copy,
        "  services_first:\n"
        "    - {employs_staff: true}\n"
        "    - {commissioner: [icb, council]}\n"
        "    - {employs_staff_directly: maybe}\n",
    )
    with pytest.raises(RulesInvalid) as caught:
        load_policy(rules_copy)
    found = [str(p) for p in caught.value.problems]
    assert any("'employs_staff' is not a service question" in p for p in found), found
    assert any("'commissioner' cannot be 'council'" in p for p in found), found
    assert any("'employs_staff_directly' cannot be 'maybe'" in p for p in found), found
    assert all(p.startswith("rules/scoring.yaml:") for p in found)


def test_a_valid_what_if_section_loads(rules_copy):
    _with_what_if(rules_copy, "  services_first:\n    - {employs_staff_directly: true}\n")
    order = load_policy(rules_copy).scoring.what_if
    assert order is not None
    assert order.services_first == ({"employs_staff_directly": True},)


def test_a_what_if_section_without_the_short_line_says_it_as_the_default_policy_does(
    rules_copy, policy
):
    _with_what_if(rules_copy, "  services_first:\n    - {employs_staff_directly: true}\n")
    scoring = rules_copy / "scoring.yaml"
    text = scoring.read_text()
    start = text.index("    # The same in a line")
    scoring.write_text(text[:start])  # `short` is the last thing in the file
    older = load_policy(rules_copy)
    assert older.scoring.what_if.said.short is None
    assert what_if_short(older) == policy.scoring.what_if.said.short
