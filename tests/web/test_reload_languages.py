"""A hot reload builds the rules in every language they are translated into, on one engine."""

from __future__ import annotations

from formadvisor.web.live import build
from tests.support.data import MINIMAL, WALES_PHARMACY
from tests.support.welsh import MARK, set_entry, welsh_copy


def test_a_reload_builds_the_welsh_beside_the_english_on_one_engine(tmp_path):
    folder = welsh_copy(MINIMAL, tmp_path / "rules")
    candidate = build(folder, samples=5)
    assert candidate.problems == []
    advisor = candidate.advisor
    assert advisor is not None
    cy = advisor.language("cy")
    try:
        assert cy.policy.lang == "cy"
        assert cy.backend is advisor.backend  # compiled once, for both
        said = cy.recommend(WALES_PHARMACY, what_if=False)
        assert said.organisational_form.ranking[0].label.startswith(MARK)
    finally:
        advisor.close()


def test_a_broken_translation_never_stops_a_reload(tmp_path):
    folder = welsh_copy(MINIMAL, tmp_path / "rules")
    set_entry(folder, "policy/core.cy.yaml", "rules.governance.asset_lock.because", "cy", '"{x}"')
    (folder / "options.cy.yaml").write_text("forms: [unclosed\n")
    candidate = build(folder, samples=5)
    assert candidate.problems == []
    assert candidate.advisor is not None
    try:
        cy = candidate.advisor.language("cy")
        rules = {pr.rule.id: pr.rule for pr in cy.policy.rules}
        assert rules["governance.asset_lock"].because == "Surplus stays in the organisation."
        assert rules["governance.distribution"].because.startswith(MARK)
        assert not cy.policy.options.forms[0].label.startswith(MARK)
    finally:
        candidate.advisor.close()
