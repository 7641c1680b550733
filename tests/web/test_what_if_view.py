"""The result page's what-if: grouped by question, the most important first, the first few
shown and the rest folded, each with its consequence and a "See this result" link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from formadvisor.advice.results import Recommendation
from formadvisor.advice.whatif import service_key
from formadvisor.store.assessments import run_assessment
from tests.support.data import EXAMPLES


@pytest.fixture(scope="module")
def result(shared_client) -> tuple[str, Recommendation, BeautifulSoup]:
    state = shared_client.app.state
    row = state.store.create(YAML(typ="safe").load(EXAMPLES / "welsh_cluster_pharmacists.yaml"))
    row = run_assessment(state.advisor, state.store, row.id)
    reply = shared_client.get(f"/assessments/{row.id}/result")
    assert reply.status_code == 200
    return (
        row.id,
        Recommendation.model_validate(row.result),
        BeautifulSoup(reply.text, "html.parser"),
    )


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def test_the_first_five_are_shown_and_the_rest_folded_grouped_by_question(result, policy):
    _, rec, page = result
    shown = policy.scoring.what_if.shown
    assert shown == 5
    assert len(rec.what_if) > shown, "the example has more what-ifs than are shown"
    section = page.select_one("section#what-if")
    fold = section.select_one("details.fa-what-if-more")
    items = section.select("li.fa-what-if")
    outside = [li for li in items if fold not in li.parents]
    inside = fold.select("li.fa-what-if")
    assert len(outside) == shown
    assert len(inside) == len(rec.what_if) - shown
    assert str(len(inside)) in _text(fold.select_one("summary"))
    assert [int(li["data-impact"]) for li in items] == list(range(1, len(rec.what_if) + 1))
    by_impact = {w.impact: w for w in rec.what_if}
    questions = {q.id: q.text for q in policy.questionnaire.questions}
    questions |= {f"service.{q.id}": q.text for q in policy.questionnaire.service_questions}
    for group in section.select(".fa-what-if-group"):
        keys = {li["data-question"] for li in group.select("li.fa-what-if")}
        assert len(keys) == 1  # one question (for one service) a group
        key = keys.pop()
        asked, index = service_key(key)
        heading = _text(group.select_one("h3"))
        assert heading.startswith(questions["service." + asked if index is not None else asked])
        if index is not None:
            assert rec.services[index].name in heading
    listed = {li["id"] for li in page.select("#sources li.fa-source")}
    for li in items:
        w = by_impact[int(li["data-impact"])]
        assert w.consequence
        said = li.select_one(".fa-what-if__consequence")
        assert w.consequence in _text(said)
        cited = [a["href"] for a in said.select("a.fa-cite")]
        assert cited == [f"#source-{c.split(': ', 1)[0]}" for c in w.sources]
        assert {c.removeprefix("#") for c in cited} <= listed  # each in the Sources list


def test_each_what_if_links_to_see_its_result(result):
    aid, rec, page = result
    by_impact = {w.impact: w for w in rec.what_if}
    for li in page.select("section#what-if li.fa-what-if"):
        w = by_impact[int(li["data-impact"])]
        link = urlsplit(li.select_one("a.fa-what-if__see")["href"])
        assert link.path == f"/assessments/{aid}/result/if"
        query = parse_qs(link.query, keep_blank_values=True)
        assert query["question"] == [service_key(w.question)[0]]
        answers = list(w.answer) if isinstance(w.answer, tuple) else [w.answer]
        plain = [str(a).lower() if isinstance(a, bool) else str(a) for a in answers]
        assert query["answer"] == plain
        assert query.get("service") == ([w.service] if w.service else None)
