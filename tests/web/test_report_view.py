"""Reading a stored result in the policy's words: citations taken apart, ids as labels."""

from __future__ import annotations

import re

import pytest

from formadvisor.web.report_view import (
    Wording,
    all_reasons,
    cited_sources,
    parse_citation,
    topic_groups,
)
from tests.support.data import WALES_PHARMACY


def test_every_source_citation_parses_back_into_its_parts(policy):
    for source in policy.sources.sources:
        cite = parse_citation(source.citation())
        assert cite.id == source.id
        assert cite.title == source.title
        assert cite.url == source.url
        assert cite.check_with == (source.ask if source.unsourced else None)
        assert (cite.in_force is not None) == bool(source.in_force and source.in_force.start)


def test_a_citation_without_a_url_or_id_is_kept_whole():
    cite = parse_citation("domain brief inference")
    assert (cite.id, cite.title, cite.url) == ("domain brief inference",) * 2 + (None,)


def test_wording_falls_back_to_ids_the_policy_no_longer_knows(policy):
    wording = Wording(policy)
    form = policy.options.forms[0]
    assert wording.option(form.id) == form.label
    assert wording.option("retired_form") == "retired_form"
    assert wording.rule_topic("no.such.rule") == "other"
    assert wording.topic("new_topic") == "New topic"
    question, index = wording.question("services[2].kind")
    assert (question.id, index) == ("kind", 2)
    assert wording.question("no_such_question") == (None, None)


@pytest.mark.parametrize(("value", "expected"), [(True, "Yes"), (False, "No"), ([], "none")])
def test_answers_read_as_labels(policy, value, expected):
    wording = Wording(policy)
    boolean = next(q for q in policy.questionnaire.questions if q.type == "boolean")
    choices = next(q for q in policy.questionnaire.questions if q.type == "choices")
    assert wording.answer(choices if isinstance(value, list) else boolean, value) == expected


def test_topic_groups_follow_the_policy_order(advisor, policy):
    rec = advisor.recommend(WALES_PHARMACY, what_if=False)
    groups = topic_groups(rec, Wording(policy))
    order = [t.id for t in policy.options.topics]
    assert [g.id for g in groups] == sorted(
        {c.topic for c in rec.every_consideration()}, key=order.index
    )
    assert sum(len(g.notes) + len(g.caveats) for g in groups) == len(rec.every_consideration())


def test_the_sources_list_has_each_cited_source_once_in_order_of_its_id(advisor):
    rec = advisor.recommend(WALES_PHARMACY, what_if=False)
    listed = [parse_citation(c).id for c in cited_sources(rec)]
    items = (*rec.every_consideration(), *all_reasons(rec))
    cited = {parse_citation(c).id for item in items for c in item.sources}
    assert len(listed) == len(set(listed)) == len(cited)
    assert set(listed) == cited
    numbered = [i for i in listed if re.fullmatch(r"P\d+\.\d+", i)]
    key = [tuple(int(n) for n in i[1:].split(".")) for i in numbered]
    assert len(key) > 10
    assert key == sorted(key), "P1.7 before P1.10"
