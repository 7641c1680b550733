"""The result page's what-if: on the page itself (not in the advisers' fold), after the routes,
the most important first: the first few a line each (the question's short label, the new answer,
what it changes to) opening to the sentence, its consequence and a "See this result" link; the
rest folded, grouped by question. The partners' pack lists them all in full."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from ruamel.yaml import YAML

from formadvisor.advice.results import Recommendation
from formadvisor.advice.whatif import service_key
from formadvisor.store.assessments import run_assessment
from tests.support.data import EXAMPLES


@pytest.fixture(scope="module")
def saved(shared_client):
    state = shared_client.app.state
    row = state.store.create(YAML(typ="safe").load(EXAMPLES / "welsh_cluster_pharmacists.yaml"))
    return run_assessment(state.advisor, state.store, row.id)


@pytest.fixture(scope="module")
def result(shared_client, saved) -> tuple[str, Recommendation, BeautifulSoup]:
    reply = shared_client.get(f"/assessments/{saved.id}/result")
    assert reply.status_code == 200
    return (
        saved.id,
        Recommendation.model_validate(saved.result),
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


def test_the_section_is_on_the_page_after_the_routes_not_in_the_advisers_fold(result):
    _, _, page = result
    section = page.select_one("section#what-if")
    assert section.find_parent("details") is None
    assert page.select_one("#adviser-detail #what-if") is None
    order = [n for n in page.find_all(True) if n.get("id") in ("routes", "what-if")]
    assert [n["id"] for n in order] == ["routes", "what-if"]
    disclaimer = page.select_one(".fa-disclaimer")
    assert section in disclaimer.find_all_previous("section")


def test_the_first_five_are_a_line_each_in_the_short_words(result, policy):
    _, rec, page = result
    section = page.select_one("section#what-if")
    top = section.select("ul.fa-what-if-top > li.fa-what-if")
    assert 0 < len(top) <= 5
    assert len(top) == min(len(rec.what_if), policy.scoring.what_if.shown)
    assert [int(li["data-impact"]) for li in top] == list(range(1, len(top) + 1))
    questions = {q.id: q for q in policy.questionnaire.questions}
    service_questions = {q.id: q for q in policy.questionnaire.service_questions}
    label = policy.option
    by_impact = {w.impact: w for w in rec.what_if}
    for li in top:
        w = by_impact[int(li["data-impact"])]
        details = li.select_one(":scope > details.nhsuk-details")
        line = _text(details.select_one(":scope > summary"))
        key, index = service_key(w.question)
        q = questions[key] if index is None else service_questions[key]
        start = q.short + (f" ({rec.services[index].name})" if index is not None else "")
        answer = (
            ", ".join(q.label_of(v) for v in w.answer)
            if isinstance(w.answer, tuple)
            else q.label_of(w.answer)
        )
        assert line.startswith(f"{start}: “{answer[:1].upper() + answer[1:]}” → "), line
        if w.organisational_form != rec.organisational_form.recommended:
            assert f"→ {label(w.organisational_form).label}" in line
        else:
            moved = [
                label(w.services[s.name]).label
                for s in rec.services
                if w.services[s.name] != s.contract_route.recommended
            ]
            assert moved
            assert all(m in line for m in moved)
        # Opened: the full sentence, the consequence and "See this result".
        body = details.select_one(".nhsuk-details__text")
        assert body.select_one(".fa-what-if__sentence").get_text(strip=True).startswith("If you")
        assert body.select_one(".fa-what-if__consequence")
        assert body.select_one("a.fa-what-if__see")
    fold = section.select_one(":scope > details.fa-what-if-more")
    assert _text(fold.select_one("summary")) == f"{len(rec.what_if) - len(top)} more changes"
    assert fold.select_one("details") is None  # the rest in full, grouped by question


def test_a_read_link_sees_each_result_too(shared_client, saved):
    page = BeautifulSoup(
        shared_client.get(f"/assessments/{saved.read_token}/result").text, "html.parser"
    )
    links = [a["href"] for a in page.select("section#what-if a.fa-what-if__see")]
    assert len(links) == len(saved.result["what_if"])
    assert all(h.startswith(f"/assessments/{saved.read_token}/result/if?") for h in links)
    assert saved.id not in page.select_one("section#what-if").decode()
    assert shared_client.get(links[0]).status_code == 200


def test_the_partners_pack_lists_every_what_if_in_full(shared_client, result, policy):
    aid, rec, page = result
    reply = shared_client.get(f"/assessments/{aid}/result.pdf")
    assert reply.status_code == 200
    text = "".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(reply.content)).pages).split()
    )
    sentences = [_text(p) for p in page.select("#what-if .fa-what-if__sentence")]
    assert len(sentences) == len(rec.what_if)
    for sentence in sentences:
        assert "".join(sentence.split()) in text, sentence
    more = len(rec.what_if) - policy.scoring.what_if.shown
    assert "".join(f"{more} more changes would also change it".split()) in text


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
