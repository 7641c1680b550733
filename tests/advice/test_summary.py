"""The summary over every example and case study: plain English, no rule ids, no weights."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml

from formadvisor.advice.summary import summarise
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import RulesInvalid
from tests.support.case_studies import case_studies
from tests.support.data import EXAMPLES, RULES

DAY = dt.date(2026, 12, 6)
# Arithmetic an engineer's trace shows and a summary must not: "weight +2", "scores 8",
# "2 more than", a signed number.
ARITHMETIC = re.compile(r"\bweights?\b|\bscores? \d|\d+ (more|fewer|less) than|[+−]\d", re.I)


def answer_sets(advisor) -> dict[str, dict]:
    sets = {p.stem: yaml.safe_load(p.read_text()) for p in sorted(EXAMPLES.glob("*.yaml"))}
    return sets | case_studies(advisor)


def texts(summary) -> list[str]:
    out = [summary.headline, *summary.why, *summary.means]
    out += [x for c in summary.check_first for x in (c.text, c.who)]
    if summary.rather_than:
        out += [*summary.rather_than.for_, *summary.rather_than.against]
        out += [summary.rather_than.none or ""]
    return out + [r.why or "" for r in summary.routes]


def test_every_example_and_case_study_is_summed_up_plainly(advisor):
    rule_ids = [pr.rule.id for pr in advisor.policy.rules]
    labels = advisor.policy.summary.means.labels
    sets = answer_sets(advisor)
    assert len(sets) >= 8  # three examples and the case studies
    about = {pr.rule.id: set(pr.rule.about) for pr in advisor.policy.rules if pr.rule.about}
    for name, answers in sets.items():
        rec = advisor.recommend(answers, as_of=DAY, what_if=False)
        summary = rec.summary
        chosen = {rec.organisational_form.recommended}
        chosen |= {s.contract_route.recommended for s in rec.services}
        for c in rec.every_consideration():  # never what a rule says about options not chosen
            if about.get(c.rule) and about[c.rule].isdisjoint(chosen):
                start = " ".join(c.text.split())[:60]
                assert not any(start in line for line in summary.means), name
        assert summary is not None, name
        assert summary.headline, name
        assert len(summary.why) <= 3, name
        for text in texts(summary):
            assert not any(rule in text for rule in rule_ids), (name, text)
            assert not ARITHMETIC.search(text), (name, text)
        assert len(summary.means) == 4, name
        for line, topic in zip(summary.means, ("pension", "indemnity", "tax", "vat"), strict=True):
            assert line.startswith(labels[topic]), (name, line)
        assert 2 <= len(summary.check_first) <= 3, name
        assert all(c.text and c.who for c in summary.check_first), name


def test_the_summary_says_why_the_form_rather_than_the_runner_up_each_reason_once(advisor):
    rec = advisor.recommend(
        yaml.safe_load((EXAMPLES / "welsh_cluster_pharmacists.yaml").read_text())
    )
    rather = rec.summary.rather_than
    assert rather.option == rec.organisational_form.recommended
    assert rather.runner_up == rec.organisational_form.decision.runner_up
    both = [*rather.for_, *rather.against]
    assert both
    assert len(both) == len(set(both))
    win = next(o for o in rec.organisational_form.ranking if o.option == rather.option)
    assert set(rather.for_) <= {r.because for r in win.for_} | {
        r.because for o in rec.organisational_form.ranking for r in o.against
    }


def test_ties_and_undetermined_results_say_so(advisor):
    said = set()
    for answers in answer_sets(advisor).values():
        rec = advisor.recommend(answers, as_of=DAY, what_if=False)
        d, wording = rec.organisational_form.decision, advisor.policy.summary.headline
        if d.undetermined:
            assert rec.summary.headline == wording.undetermined
            said.add("undetermined")
        elif d.tie:
            tie = wording.tie.split("{runner_up}")[1].strip()  # "fit your answers … well."
            assert tie in rec.summary.headline
            said.add("tie")
    # A tie made by hand: the headline names both and the answers that would settle it.
    rec = advisor.recommend(yaml.safe_load((EXAMPLES / "small_group_no_entity.yaml").read_text()))
    form = rec.organisational_form
    runner = form.ranking[1].option
    decider = {"question": "member_practices", "service": None, "answer": 4, "option": runner}
    tied = form.decision.model_copy(update={"tie": True, "runner_up": runner, "deciders": ()})
    tied = tied.model_validate(tied.model_dump() | {"deciders": [decider]})
    made = rec.model_copy(
        update={"organisational_form": form.model_copy(update={"decision": tied})}
    )

    headline = summarise(advisor.policy, made).headline
    assert "about equally well" in headline
    assert "“How many GP practices are in the group?”" in headline


@pytest.fixture
def rules_copy(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    return folder


def test_a_misspelt_placeholder_and_a_form_without_a_name_are_problems(rules_copy):
    path = rules_copy / "summary.yaml"
    text = path.read_text().replace("{form}.", "{from}.", 1)
    text = text.replace("  llp: a limited liability partnership (LLP)\n", "")
    path.write_text(text)
    with pytest.raises(RulesInvalid) as found:
        load_policy(rules_copy)
    problems = str(found.value)
    assert "unknown placeholder {from}" in problems
    assert "no name for the form 'llp'" in problems


def test_without_summary_yaml_a_result_has_no_summary(rules_copy):
    (rules_copy / "summary.yaml").unlink()
    assert load_policy(rules_copy).summary is None


def test_summary_yaml_written_before_close_calls_still_loads(rules_copy, advisor):
    """Without the close-call lines (a folder from before them: `rules diff main HEAD`), a close
    call is said as a tie and nothing is said of what would decide it."""
    path = rules_copy / "summary.yaml"
    data = yaml.safe_load(path.read_text())
    for key in ("close", "decided_by", "decider", "decider_service"):
        del data["headline"][key]
    del data["headline"]["decider_adding"], data["headline"]["decider_removing"]
    del data["close_calls"]
    data["headline"]["tie_decided_by"] = "Your answer to {questions} would settle it."
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    policy = load_policy(rules_copy)
    close = yaml.safe_load((EXAMPLES / "welsh_cluster_pharmacists.yaml").read_text())
    rec = advisor.recommend(close | {"asset_lock_wanted": False}, as_of=DAY, what_if=False)
    said = summarise(policy, rec)
    assert said.headline.endswith(data["headline"]["tie"].split("{runner_up}")[1])
    assert [c.service for c in said.close_calls] == [None]
