"""Re-running old answers under newer rules: what changed, from two real rules folders."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.changes import AnswerChange, answer_changes, compare
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES, RULES
from tests.support.edited_rules import EXTRA_CONSIDERATION, EXTRA_RULE, edited_rules

DAY = dt.date(2026, 11, 23)
WELSH = read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data
PHARMACY = "Cluster pharmacy support"


@pytest.fixture(scope="module")
def edited(tmp_path_factory, advisor):
    """The repository's rules, plus one rule that excludes the welsh example's winners."""
    before = advisor.recommend(WELSH, as_of=DAY, what_if=False)
    folder = edited_rules(
        tmp_path_factory.mktemp("edited") / "rules",
        exclude=[before.organisational_form.recommended, "apms"],
        source=advisor.policy.rules[0].rule.sources[0],
    )
    other = Advisor.from_folder(folder)
    yield other
    other.close()


def test_the_same_rules_change_nothing(advisor):
    first = advisor.recommend(WELSH, as_of=DAY, what_if=False)
    again = advisor.recommend(WELSH, as_of=DAY, what_if=False)
    changes = compare(first, again)
    assert changes.nothing
    assert changes.before_version == changes.after_version == advisor.policy.version


def test_an_added_exclusion_changes_the_form_and_a_route(advisor, edited):
    before = advisor.recommend(WELSH, as_of=DAY, what_if=False)
    after = edited.recommend(WELSH, as_of=DAY, what_if=False)
    changes = compare(before, after)
    assert not changes.nothing
    assert changes.before_version != changes.after_version
    old_form, new_form = changes.form
    assert old_form.option == before.organisational_form.recommended == "cic_limited_by_guarantee"
    assert new_form.option == after.organisational_form.recommended != old_form.option
    assert old_form.label == before.organisational_form.ranking[0].label
    (route,) = changes.routes
    assert route.service == PHARMACY
    assert route.before.option == "apms"
    assert route.after.option == after.services[0].contract_route.recommended != "apms"
    newly = {(c.where, c.option): [r.rule for r in c.rules] for c in changes.newly_excluded}
    assert newly[(None, "cic_limited_by_guarantee")] == [EXTRA_RULE]
    assert newly[(PHARMACY, "apms")] == [EXTRA_RULE]
    assert all(r == [EXTRA_RULE] for r in newly.values())
    assert changes.no_longer_excluded == ()
    assert changes.scores == (), "an exclusion moves no score"
    assert [(r.rule, r.service) for r in changes.rules_only_now] == [(EXTRA_RULE, None)]
    assert changes.rules_only_before == ()
    (added,) = changes.considerations_added
    assert added.text == EXTRA_CONSIDERATION
    assert added.rule == EXTRA_RULE
    assert changes.considerations_removed == ()


def test_going_back_reverses_every_change(advisor, edited):
    newer = advisor.recommend(WELSH, as_of=DAY, what_if=False)
    older = edited.recommend(WELSH, as_of=DAY, what_if=False)
    forward, back = compare(newer, older), compare(older, newer)
    assert back.form == (forward.form[1], forward.form[0])
    assert [(c.where, c.option) for c in back.no_longer_excluded] == [
        (c.where, c.option) for c in forward.newly_excluded
    ]
    assert back.rules_only_before == forward.rules_only_now
    assert back.considerations_removed == forward.considerations_added
    assert back.newly_excluded == back.rules_only_now == back.considerations_added == ()


def test_a_changed_weight_can_change_the_ranking_without_new_rules(advisor, tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    scoring = folder / "scoring.yaml"
    assert "strong: 3" in scoring.read_text()
    scoring.write_text(scoring.read_text().replace("strong: 3", "strong: 30"))
    heavier = Advisor.from_folder(folder)
    try:
        before = advisor.recommend(WELSH, as_of=DAY, what_if=False)
        after = heavier.recommend(WELSH, as_of=DAY, what_if=False)
    finally:
        heavier.close()
    changes = compare(before, after)
    assert not changes.nothing
    assert changes.before_version != changes.after_version
    assert changes.rules_only_before == changes.rules_only_now == ()
    old = {(None, o.option): o.score for o in before.organisational_form.ranking}
    new = {(None, o.option): o.score for o in after.organisational_form.ranking}
    moved = {(c.where, c.option): (c.before, c.after) for c in changes.scores if c.where is None}
    assert moved
    assert moved == {k: (old[k], new[k]) for k in old if old[k] != new[k]}


def test_answer_changes_name_each_differing_answer_and_service():
    before = {
        "nation": "wales",
        "member_practices": 3,
        "services": [{"name": "A", "kind": "community"}, {"name": "B", "kind": "other"}],
    }
    after = {
        "nation": "wales",
        "member_practices": 5,
        "asset_lock_wanted": True,
        "services": [{"name": "A", "kind": "urgent_care"}, {"name": "C", "kind": "other"}],
    }
    assert answer_changes(before, after) == (
        AnswerChange(question="member_practices", service=None, before=3, after=5),
        AnswerChange(question="asset_lock_wanted", service=None, before=None, after=True),
        AnswerChange(question="kind", service="A", before="community", after="urgent_care"),
        AnswerChange(question="services", service="B", before="B", after=None),
        AnswerChange(question="services", service="C", before=None, after="C"),
    )
    assert answer_changes(after, after) == ()
