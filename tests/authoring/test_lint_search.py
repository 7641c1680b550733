"""The answer space, the fast plain reading and the gap search behind `rules check`."""

from __future__ import annotations

import datetime as dt
import json
import random

from typer.testing import CliRunner

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import validate_answers
from formadvisor.advice.screen import Screen
from formadvisor.authoring.findings import gap_problems, never_recommended
from formadvisor.authoring.search import search
from formadvisor.cli.main import app
from formadvisor.cli.rules import _search_bar
from formadvisor.engine.facts import document_group_facts, organisation_facts
from formadvisor.engine.randomised import condition_refs, random_answers, random_condition
from formadvisor.engine.reading import PlainReading, compile_condition, holds
from formadvisor.engine.space import AnswerSpace
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import read_rules_folder
from tests.support.lint_fixtures import CLEAN, make

DAY = dt.date(2026, 11, 23)


def gaps(folder, advisor=None) -> list[str]:
    policy, raw = load_policy(folder), read_rules_folder(folder)
    found = search(policy, DAY, samples=100_000, max_services=1, workers=1)
    assert found.exhaustive
    own = advisor is None
    advisor = advisor or Advisor(policy)
    try:
        problems = gap_problems(policy, raw, found, DAY, advisor)
    finally:
        if own:
            advisor.close()
    return [str(p) for p in problems + never_recommended(policy, raw, found)]


def test_the_clean_space_is_searched_exhaustively_and_finds_nothing():
    assert gaps(CLEAN) == []


def test_the_space_numbers_distinct_valid_answer_sets():
    policy = load_policy(CLEAN)
    space = AnswerSpace(policy, max_services=2)
    docs = [space.point(i) for i in range(space.size)]
    assert space.size == 216 * (1 + 6 + 21)
    seen = {json.dumps(d, sort_keys=True) for d in docs}
    assert len(seen) == space.size
    for doc in docs[:: max(1, space.size // 300)]:
        validate_answers(policy.questionnaire, doc)


def test_all_forms_excluded_is_found_with_a_minimal_example(tmp_path):
    assert gaps(make("all_forms_excluded", tmp_path)) == [
        "rules/policy/core.yaml:84: forms.scottish_high_risk: no form can be recommended: every "
        'form is excluded (by forms.scottish_high_risk) for the answers {"nation": "scotland", '
        '"member_practices": 1, "purposes": ["deliver_services"], "profit_intent": '
        '"reinvest", "risk_appetite": "high", "services": []} (seen in 126 of 1,512 answer '
        "sets searched)"
    ]


def test_a_service_with_no_route_is_found_with_a_minimal_example(tmp_path):
    (problem,) = gaps(make("no_route", tmp_path))
    assert problem.startswith(
        "rules/policy/core.yaml:84: routes.welsh_urgent_care: service 'Service 1' gets no "
        "contract route: every route is excluded (by routes.welsh_urgent_care) for the answers "
    )
    example = json.loads(problem[problem.index("{") : problem.rindex("}") + 1])
    assert example == {
        "nation": "wales",
        "member_practices": 1,
        "purposes": ["deliver_services"],
        "profit_intent": "reinvest",
        "services": [{"kind": "urgent_care", "commissioner": "icb", "name": "Service 1"}],
    }


def test_the_minimal_example_pastes_into_recommend(tmp_path):
    (problem,) = gaps(make("all_forms_excluded", tmp_path))
    answers = tmp_path / "gap.yaml"
    answers.write_text(problem[problem.index("{") : problem.rindex("}") + 1])
    result = CliRunner().invoke(
        app, ["recommend", str(answers), "--json", "--rules", str(tmp_path / "rules")]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["organisational_form"]["recommended"] is None


def test_an_option_never_recommended_in_the_whole_space_is_an_error(tmp_path):
    assert gaps(make("never_recommended", tmp_path)) == [
        "rules/options.yaml:30: -: form 'charitable_incorporated_organisation' was never "
        "recommended in the whole answer space: the rules favouring it never outweigh the others, "
        "or exclusions always remove it"
    ]


def test_a_sampled_search_only_warns_about_options_never_seen(tmp_path):
    folder = make("never_recommended", tmp_path)
    policy, raw = load_policy(folder), read_rules_folder(folder)
    found = search(policy, DAY, samples=200, max_services=1, workers=1)
    assert not found.exhaustive
    assert found.searched == 200
    (problem,) = [p for p in never_recommended(policy, raw, found) if "charitable" in p.message]
    assert problem.warning
    assert "in 200 sampled answer sets (seed 0)" in problem.message


class _DisagreeingAdvisor:
    """An engine that recommends a form where the plain reading finds none."""

    def __init__(self, policy):
        self.real = Advisor(policy, PlainReading(policy))

    def recommend(self, doc, as_of=None, what_if=True):
        result = self.real.recommend(doc, as_of=as_of, what_if=what_if)
        form = result.organisational_form.model_copy(update={"recommended": "llp"})
        return result.model_copy(update={"organisational_form": form})


def test_every_gap_is_confirmed_on_the_engine_before_it_is_reported(tmp_path):
    folder = make("all_forms_excluded", tmp_path)
    (problem,) = gaps(folder, advisor=_DisagreeingAdvisor(load_policy(folder)))
    assert "the engine and the plain reading disagree about a gap" in problem
    assert "no form can be recommended" not in problem


def test_a_pool_of_workers_finds_the_same_as_one_process(tmp_path):
    policy = load_policy(make("all_forms_excluded", tmp_path))
    one = search(policy, DAY, samples=3000, max_services=2, workers=1)
    two = search(policy, DAY, samples=3000, max_services=2, workers=2)
    assert one.searched == two.searched == 3000
    assert [(g.key(), g.count) for g in one.gaps] == [(g.key(), g.count) for g in two.gaps]
    assert one.forms_seen == two.forms_seen


def test_the_progress_bar_shows_when_asked_and_not_otherwise(capsys):
    policy = load_policy(CLEAN)
    with _search_bar(show=True) as bar:
        search(policy, DAY, samples=500, workers=1, tracker=bar)
    shown = capsys.readouterr().err
    with _search_bar(show=False) as bar:
        search(policy, DAY, samples=500, workers=1, tracker=bar)
    assert "Searching answer sets" in shown
    assert "500/500" in shown
    assert capsys.readouterr().err == ""


def test_compiled_conditions_mean_what_holds_means(policy):
    rng = random.Random(5)
    refs = condition_refs(policy, service=True)
    q = policy.questionnaire
    facts_pool = []
    for _ in range(40):
        answers = validate_answers(q, random_answers(q, rng))
        facts_pool.append(organisation_facts(q, answers))
    for _ in range(300):
        node = random_condition(refs, rng)
        test = compile_condition(node)
        for facts in rng.sample(facts_pool, 5):
            assert test(facts) == holds(node, facts)


def test_facts_without_validation_equal_the_validated_ones(policy):
    rng = random.Random(2)
    space = AnswerSpace(policy)
    for i in range(300):
        doc = space.sample(rng) if i % 2 else random_answers(policy.questionnaire, rng)
        validated = validate_answers(policy.questionnaire, doc)
        assert document_group_facts(policy, doc) == organisation_facts(
            policy.questionnaire, validated
        )


def test_the_fast_reading_recommends_what_the_advisor_does(policy):
    reading = Screen(policy, DAY)
    advisor = Advisor(policy, PlainReading(policy))
    space = AnswerSpace(policy)
    rng = random.Random(9)
    for _ in range(150):
        doc = space.sample(rng)
        outcome = reading.outcome(doc)
        result = advisor.recommend(doc, as_of=DAY, what_if=False)
        assert outcome.form == result.organisational_form.recommended
        assert outcome.routes == tuple(s.contract_route.recommended for s in result.services)
        assert outcome.fired == {r.rule for r in result.fired_rules}


def test_a_small_sample_of_the_real_rules_finds_no_gap(policy):
    found = search(policy, DAY, samples=400, seed=3, workers=1)
    assert found.searched == 400
    assert found.size > 10**12  # far too large to search exhaustively: it is sampled
    assert found.gaps == []
    assert len(found.forms_seen) >= 5
