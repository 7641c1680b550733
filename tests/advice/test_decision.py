"""How a ranking is decided: ties with the answers that would decide them, results nothing
argues for, the wording from rules/scoring.yaml, and the sharp list of considerations."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.ranking import Ranked
from formadvisor.advice.results import Recommendation
from formadvisor.rules.checks import load_policy
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES, RULES

DAY = dt.date(2026, 12, 6)
# A Welsh cluster employing clinical staff: a CIC or a company holding APMS fits equally well
# until the group says whether it wants an asset lock.
TIED = {
    "nation": "wales",
    "member_practices": 6,
    "purposes": ["deliver_services"],
    "profit_intent": "reinvest",
    "services": [
        {
            "name": "Extended access",
            "kind": "primary_medical",
            "commissioner": "health_board",
            "employs_staff_directly": True,
            "non_gp_clinicians": True,
        }
    ],
}
NOTHING_FOR_A_ROUTE = {
    "nation": "scotland",
    "member_practices": 6,
    "purposes": ["deliver_services"],
    "profit_intent": "reinvest",
    "services": [
        {
            "name": "Phlebotomy",
            "kind": "community",
            "commissioner": "health_board",
            "employs_staff_directly": True,
        }
    ],
}


def _examples() -> list[dict]:
    return [read_yaml(p).data for p in sorted(EXAMPLES.glob("*.yaml"))]


# --- the ranker ---------------------------------------------------------------------------------


def test_a_leader_no_rule_favours_is_not_recommended():
    ranked = Ranked(("a", "b"), [0, -1], [False, False], (), [False, False])
    assert ranked.recommended is None
    assert ranked.undetermined
    assert [p.option for p in ranked.order] == ["a", "b"]


def test_on_equal_scores_an_option_some_rule_favours_comes_first():
    ranked = Ranked(("a", "b"), [0, 0], [False, False], (), [False, True])
    assert ranked.recommended == "b"
    assert not ranked.undetermined
    assert [p.option for p in ranked.order] == ["b", "a"]


def test_every_option_excluded_is_a_gap_not_undetermined():
    ranked = Ranked(("a", "b"), [2, 0], [True, True], ("r",), [True, False])
    assert ranked.recommended is None
    assert not ranked.undetermined


# --- ties ---------------------------------------------------------------------------------------


def test_a_tie_is_said_and_names_the_answers_that_decide_it(advisor):
    rec = advisor.recommend(TIED, as_of=DAY, what_if=False)
    form = rec.organisational_form
    d = form.decision
    assert d.tie
    assert not d.undetermined
    assert d.margin == 0
    pair = {form.recommended, d.runner_up}
    assert pair == {"cic_limited_by_guarantee", "company_limited_by_guarantee"}
    assert "fit equally well" in d.summary
    assert d.deciders
    said = {(x.question, x.answer, x.option) for x in d.deciders}
    assert ("asset_lock_wanted", True, "cic_limited_by_guarantee") in said
    for x in d.deciders:  # each confirmed: after the change, its option leads the other
        assert x.service is None
        assert x.option in pair
        other = advisor.recommend({**TIED, x.question: x.answer}, as_of=DAY, what_if=False)
        ranking = {o.option: o for o in other.organisational_form.ranking}
        (rest,) = pair - {x.option}
        assert other.organisational_form.recommended == x.option
        assert not ranking[rest].eligible or ranking[rest].score < ranking[x.option].score
        assert advisor.policy.option(x.option).label in d.summary


def test_a_clear_lead_is_not_a_tie_and_looks_for_no_deciders(advisor):
    rec = advisor.recommend(_examples()[0], as_of=DAY, what_if=False)
    d = rec.organisational_form.decision
    assert d.margin
    assert d.margin > 0
    assert not d.tie
    assert d.deciders == ()
    assert "fit equally well" not in d.summary


# --- undetermined -------------------------------------------------------------------------------


def test_a_route_nothing_argues_for_is_never_the_headline(advisor):
    rec = advisor.recommend(NOTHING_FOR_A_ROUTE, as_of=DAY)
    route = rec.services[0].contract_route
    assert route.recommended is None
    assert route.decision.undetermined
    assert route.ranking[0].eligible
    assert not any((r.weight or 0) > 0 for r in route.ranking[0].for_)
    words = advisor.policy.scoring.decision
    assert words is not None
    who = words.seek_advice_from.route
    assert route.decision.summary == words.undetermined.route.format(who=who)
    assert route.decision.deciding_reasons == ()
    out = json.loads(rec.to_json())["services"][0]["contract_route"]
    assert out["recommended"] is None
    assert out["decision"]["undetermined"] is True
    for w in rec.what_if:  # what-if compares with "nothing recommended", not the tie-break
        if w.services.get("Phlebotomy") is not None:
            assert "Phlebotomy" in " ".join(w.changes)


# --- wording is data ----------------------------------------------------------------------------


def test_the_decision_is_worded_from_scoring_yaml(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    scoring = folder / "scoring.yaml"
    text = scoring.read_text()
    assert "fit equally well" in text
    scoring.write_text(text.replace("fit equally well", "are level pegging"))
    reworded = Advisor.from_folder(folder)
    try:
        d = reworded.recommend(TIED, as_of=DAY, what_if=False).organisational_form.decision
    finally:
        reworded.close()
    assert "are level pegging" in d.summary
    assert "fit equally well" not in d.summary


def test_rules_without_the_wording_use_the_default_policys(tmp_path, advisor):
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    scoring = folder / "scoring.yaml"
    text = scoring.read_text()
    scoring.write_text(text[: text.index("\n# How a result words its decision")] + "\n")
    old = load_policy(folder)
    assert old.scoring.decision is None
    assert old.scoring.considerations is None
    older = Advisor(old)
    try:
        before = older.recommend(TIED, as_of=DAY, what_if=False)
    finally:
        older.close()
    now = advisor.recommend(TIED, as_of=DAY, what_if=False)
    assert before.organisational_form.decision.summary == now.organisational_form.decision.summary
    assert len(before.considerations) == len(now.considerations)


def test_a_result_saved_before_the_decision_fields_still_reads(advisor):
    data = json.loads(advisor.recommend(TIED, as_of=DAY, what_if=False).to_json())
    for key in ("tie", "undetermined", "deciders"):
        del data["organisational_form"]["decision"][key]
    del data["considerations_all"]
    back = Recommendation.model_validate(data)
    assert back.organisational_form.decision.tie  # a margin of 0 was a tie
    assert back.every_consideration() == back.considerations


# --- the considerations shown -------------------------------------------------------------------


@pytest.mark.parametrize("index", range(3))
def test_the_considerations_shown_apply_to_the_shortlist_each_once(advisor, index):
    rec = advisor.recommend(_examples()[index], as_of=DAY, what_if=False)
    order = advisor.policy.scoring.considerations
    assert order is not None
    shown, every = rec.considerations, rec.considerations_all
    assert 0 < len(shown) <= order.shown
    assert len(every) >= len(shown)
    full = {(c.rule, c.text) for c in every}
    assert all((c.rule, c.text) in full for c in shown)
    said = [c.sources[0] if c.kind == "unsourced" else c.text for c in shown]
    assert len(said) == len(set(said))
    forms = [o.option for o in rec.organisational_form.ranking if o.eligible][:2]
    routes = [
        o.option
        for s in rec.services
        for o in [x for x in s.contract_route.ranking if x.eligible][:2]
    ]
    shortlist = set(forms) | set(routes)
    for c in shown:
        scored_f, _ = advisor.ranker.contributions(c.rule, routes=False)
        scored_r, _ = advisor.ranker.contributions(c.rule, routes=True)
        about = set(advisor.reasons.about.get(c.rule, ())) or {o for o, _ in (*scored_f, *scored_r)}
        assert not about or about & shortlist, c.rule


def test_a_consideration_about_an_option_off_the_shortlist_is_not_shown(advisor):
    # wanting an asset lock puts the LLP off the shortlist (without one it is the runner-up)
    federation = {**_examples()[0], "asset_lock_wanted": True}
    assert federation["nation"] == "england"
    assert federation["profit_intent"] == "distribute_to_members"
    rec = advisor.recommend(federation, as_of=DAY, what_if=False)
    assert "tax.llp_transparency" in {c.rule for c in rec.considerations_all}
    assert "tax.llp_transparency" not in {c.rule for c in rec.considerations}
    assert "llp" not in {
        rec.organisational_form.recommended,
        rec.organisational_form.decision.runner_up,
    }


def test_the_most_consequential_come_first(advisor):
    rec = advisor.recommend(_examples()[2], as_of=DAY, what_if=False)
    order = advisor.policy.scoring.considerations
    assert order is not None
    kinds = [order.kinds.index(c.kind) for c in rec.considerations]
    # among those from rules that decided something, advice to seek comes first
    assert kinds[0] == 0
    # and a fact to check and something to weigh are each kept before the limit cuts the rest
    assert {c.kind for c in rec.considerations} == {"seek_advice", "unsourced", "consider"}
    assert len([c for c in rec.considerations_all if c.kind == "seek_advice"]) > order.shown


def test_the_summary_names_a_few_deciders_for_each_of_the_pair_and_counts_the_rest(advisor):
    d = advisor.recommend(TIED, as_of=DAY, what_if=False).organisational_form.decision
    words = advisor.policy.scoring.decision
    assert words is not None
    shown = min(len(d.deciders), words.deciders_shown)
    assert d.summary.count("would put") == shown
    more = len(d.deciders) - shown
    assert (f"and {more} more" in d.summary) == (more > 0)
    if {x.option for x in d.deciders} == {d.runner_up, "cic_limited_by_guarantee"} and shown > 1:
        named = d.summary.split("These answers would decide between them:")[1]
        for option in {x.option for x in d.deciders}:
            assert advisor.policy.option(option).label + " first" in named


# --- close calls --------------------------------------------------------------------------------


def test_each_decider_of_a_close_call_widens_one_lead_on_durable_rules(advisor):
    """A lead under close_call_margin (not a tie) is a choice: each of its deciders, applied,
    makes one of the pair lead the other by more than now (or rule the other out); and the
    summary names both and the first of them."""
    close = read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data | {
        "asset_lock_wanted": False
    }
    rec = advisor.recommend(close, as_of=DAY, what_if=False)
    form = rec.organisational_form
    d = form.decision
    assert d.close_call
    assert not d.tie
    assert 0 < d.margin < advisor.policy.scoring.close_call_margin
    assert d.deciders
    pair = (form.recommended, d.runner_up)
    for x in d.deciders:
        if x.service is None:
            changed = close | {
                x.question: list(x.answer) if isinstance(x.answer, tuple) else x.answer
            }
        else:
            changed = close | {
                "services": [
                    s | {x.question: x.answer} if s["name"] == x.service else s
                    for s in close["services"]
                ]
            }
        other = advisor.recommend(changed, as_of=DAY, what_if=False).organisational_form
        scores = {o.option: o.score for o in other.ranking if o.eligible}
        (rest,) = set(pair) - {x.option}
        assert other.recommended == x.option
        assert rest not in scores or scores[x.option] - scores[rest] > (
            d.margin if x.option == form.recommended else 0
        )
    call = rec.summary.close_calls[0]
    assert call.service is None
    assert (call.option, call.runner_up) == pair
    names = advisor.policy.summary.names
    assert names[pair[0]] in rec.summary.headline
    assert names[pair[1]] in rec.summary.headline
    assert call.deciders_said[0].lower() in rec.summary.headline.lower()
    # A list's answer gaining or losing one value is said as that value, not the whole list.
    questions = {q.id: q for q in advisor.policy.questionnaire.questions}
    for x, said in zip(call.deciders, call.deciders_said, strict=True):
        if x.question in questions and questions[x.question].type == "choices":
            (one,) = set(x.answer) ^ set(x.was)
            label = questions[x.question].label_of(one)
            assert said.startswith(("Adding “" + label, "Taking “" + label)), said
