"""`compare`: two forms, or two routes for one service, row by row, every statement cited."""

from __future__ import annotations

import datetime as dt
import shutil
from itertools import combinations

import pytest

from formadvisor.advice.compare import compare
from formadvisor.advice.picking import UnknownName
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import RulesInvalid
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES, RULES

AS_OF = dt.date(2026, 12, 6)
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _answers(advisor, path):
    return advisor.validate(read_yaml(path).data)


def _cited_properly(advisor, c, nation) -> None:
    policy = advisor.policy
    rule_ids = {pr.rule.id for pr in policy.rules} | {s.id for s in policy.plan.steps}
    assert [r.topic for r in c.rows] == [r.id for r in policy.options.compare.rows]
    for row in c.rows:
        assert (row.a, row.b) == (row.cells[0].text, row.cells[1].text)
        for cell in row.cells:
            if cell.says_nothing:  # says so in the rows' words, and states no fact
                assert (cell.lines, cell.rules, cell.sources) == ((), (), ())
                continue
            assert cell.lines, (row.topic, cell)
            for line in cell.lines:  # each thing said cites a rule or a source
                assert line.rule or line.sources, (row.topic, line)
            assert set(cell.rules) <= rule_ids
            for s in cell.sources:  # a known source, shown to a group of this nation
                assert policy.source(s).applies_to(nation), (row.topic, s)
    assert {s.id for s in c.sources} == {s for r in c.rows for x in r.cells for s in x.sources}


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_cell_that_states_something_cites_a_rule_or_source(advisor, path):
    answers = _answers(advisor, path)
    rec = advisor.recommend(answers, as_of=AS_OF, what_if=False)
    policy = advisor.policy
    for a, b in combinations(policy.form_ids, 2):  # every pair of forms
        c = compare(advisor, answers, a, b, None, AS_OF)
        _cited_properly(advisor, c, answers.nation)
        placed = {o.option: o.score for o in rec.organisational_form.ranking}
        assert c.scores == {a: placed[a], b: placed[b]}  # the recommendation's own scores
    for s in rec.services:  # every pair of routes, for each service
        placed = {o.option: o.score for o in s.contract_route.ranking}
        for a, b in combinations(policy.route_ids, 2):
            c = compare(advisor, answers, a, b, s.name, AS_OF)
            _cited_properly(advisor, c, answers.nation)
            assert (c.kind, c.service) == ("route", s.name)
            assert c.scores == {a: placed[a], b: placed[b]}
            assert c.recommended == s.contract_route.recommended


def test_the_welsh_form_and_its_runner_up(advisor):
    answers = _answers(advisor, EXAMPLES / "welsh_cluster_pharmacists.yaml")
    rec = advisor.recommend(answers, as_of=AS_OF, what_if=False)
    form = rec.organisational_form
    c = compare(advisor, answers, form.recommended, form.decision.runner_up, None, AS_OF)
    assert c.recommended == form.recommended
    assert c.runner_up == form.decision.runner_up
    said = [cell for r in c.rows for cell in r.cells if not cell.says_nothing]
    assert said  # the two differ somewhere, and say why
    steps = next(r for r in c.rows if r.topic == "steps")
    assert all(line.kind == "step" for cell in steps.cells for line in cell.lines)
    cost = next(r for r in c.rows if r.topic == "setup")
    assert any(line.kind == "cost" for line in cost.cells[0].lines)


def test_a_reason_sits_in_the_row_of_its_topic(advisor):
    answers = _answers(advisor, EXAMPLES / "welsh_cluster_pharmacists.yaml")
    c = compare(advisor, answers, "apms", "sla", "Cluster pharmacy support", AS_OF)
    pension = next(r for r in c.rows if r.topic == "pension")
    topics = {pr.rule.id: pr.topic for pr in advisor.policy.rules}
    assert pension.cells[0].rules
    assert all(topics[r] == "pension" for r in pension.cells[0].rules)
    assert "pension.sla_or_grant_gives_no_pension" in pension.cells[1].rules  # it rules SLA out
    assert any(line.kind == "excludes" for line in pension.cells[1].lines)


@pytest.mark.parametrize(
    ("a", "b", "service", "field", "valid_has"),
    [
        ("plc", "llp", None, "options", "no_new_entity"),  # not an option
        ("llp", "apms", None, "options", "no_new_entity"),  # a form and a route
        ("llp", "llp", None, "options", "practice_merger"),  # the same twice
        ("apms", "sla", "Dispensary", "service", "Cluster pharmacy support"),
        ("apms", "sla", None, "service", "Cluster wellbeing clinics"),  # 3 services: say which
        ("llp", "practice_merger", "Cluster pharmacy support", "service", None),
    ],
)
def test_unknown_names_name_the_field_and_the_valid_ids(advisor, a, b, service, field, valid_has):
    answers = _answers(advisor, EXAMPLES / "welsh_cluster_pharmacists.yaml")
    with pytest.raises(UnknownName) as e:
        compare(advisor, answers, a, b, service, AS_OF)
    assert e.value.field == field
    if valid_has is None:
        assert e.value.valid == ()
    else:
        assert valid_has in e.value.valid
        assert e.value.value not in e.value.valid


def test_the_rows_are_checked_with_the_rules(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    options = rules / "options.yaml"
    text = options.read_text()
    broken = [  # (text, in its place, the problem it gives, on the line of)
        ("rules: [legal_form.taxed_as_partners]", "rules: [legal_form.taxed]", "unknown rule", ""),
        (
            "topics: [regulation, accountability]",
            "topics: [regulation]",
            "topic 'accountability' is in no comparison row",
            "  rows:",
        ),
        ("topics: [liability]\n", "topics: [liabilities]\n", "no comparison row or topic", ""),
    ]
    for old, new, _, _ in broken:
        assert old in text
        text = text.replace(old, new, 1)
    options.write_text(text)
    with pytest.raises(RulesInvalid) as caught:
        load_policy(rules)
    said = [str(p) for p in caught.value.problems]
    for _, new, message, at in broken:
        (found,) = [p for p in said if message in p]
        line = next(n for n, x in enumerate(text.splitlines(), 1) if (at or new.strip()) in x)
        assert found.startswith(f"rules/options.yaml:{line}:"), found
