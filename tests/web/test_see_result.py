""" "See this result" and close calls on the result page, through the real rules and database.

A close call is made from the Welsh example without an asset lock (a CIC leads a company limited
by guarantee by less than the close-call margin); what each page should say comes from the
saved Recommendation and the rules, never from copies of today's figures.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from formadvisor.advice.results import Recommendation
from formadvisor.advice.whatif import service_key
from formadvisor.store.assessments import run_assessment
from formadvisor.web.see_result import if_href
from tests.support.data import EXAMPLES

CLOSE = YAML(typ="safe").load(EXAMPLES / "welsh_cluster_pharmacists.yaml") | {
    "asset_lock_wanted": False
}


def _soup(reply) -> BeautifulSoup:
    return BeautifulSoup(reply.text, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


@pytest.fixture(scope="module")
def saved(shared_client):
    """The close call saved and run as the check page would: (id, read token, result)."""
    state = shared_client.app.state
    row = run_assessment(state.advisor, state.store, state.store.create(CLOSE).id)
    return row.id, row.read_token, Recommendation.model_validate(row.result)


def _snapshot(client, aid):
    store = client.app.state.store
    row = store.get(aid)
    return row.answers, row.result, row.editing, len(store.versions(aid))


def _what_if_of(rec: Recommendation, href: str):
    """The saved what-if a "See this result" link of the what-if list names."""
    query = parse_qs(urlsplit(href).query, keep_blank_values=True)
    question, service = query["question"][0], query.get("service", [None])[0]
    for w in rec.what_if:
        key, _ = service_key(w.question)
        answers = w.answer if isinstance(w.answer, tuple) else (w.answer,)
        said = [json.dumps(a) if isinstance(a, bool) else str(a) for a in answers] or [""]
        if key == question and w.service == service and said == query["answer"]:
            return w
    raise AssertionError(f"no what-if for {href}")


def test_each_what_if_is_shown_beside_the_saved_result_and_nothing_is_saved(shared_client, saved):
    aid, _, rec = saved
    before = _snapshot(shared_client, aid)
    label = shared_client.app.state.advisor.policy.option
    result = _soup(shared_client.get(f"/assessments/{aid}/result"))
    links = [a["href"] for a in result.select("a.fa-what-if__see")]
    assert len(links) == len(rec.what_if)
    for href in links[:4]:
        w = _what_if_of(rec, href)
        reply = shared_client.get(href)
        assert reply.status_code == 200, reply.text
        page = _soup(reply)
        now, then = page.select_one("#now"), page.select_one("#then")
        # The saved result's column is the saved result; the other is the what-if's.
        form_now = rec.organisational_form.recommended
        assert label(form_now).label in _text(now.select_one("[data-part=form]"))
        assert label(w.organisational_form).label in _text(then.select_one("[data-part=form]"))
        changed = then.select_one("[data-part=form] .fa-tag") is not None
        assert changed == (w.organisational_form != form_now)
        for s in rec.services:
            cell = then.select_one(f'[data-part=route][data-service="{s.name}"]')
            assert label(w.services[s.name]).label in _text(cell)
            moved = w.services[s.name] != s.contract_route.recommended
            assert (cell.select_one(".fa-tag") is not None) == moved
        if w.consequence:
            assert w.consequence in _text(page)
        assert page.select_one(".fa-back-to-result")["href"] == f"/assessments/{aid}/result"
    assert _snapshot(shared_client, aid) == before
    result = _soup(shared_client.get(f"/assessments/{aid}/result"))
    assert _text(result.select_one(".fa-headline")) == rec.summary.headline


def test_change_my_answer_opens_the_question_by_the_edit_link_only(shared_client, saved):
    aid, read, rec = saved
    service = rec.services[1].name
    query = ("non_gp_clinicians", False, service)
    page = _soup(shared_client.get(if_href(aid, *query)))
    link = page.select_one("a.fa-change-answer")["href"]
    assert (
        link
        == "/assessments/"
        + aid
        + "/services/2/non_gp_clinicians?change=service-2-non_gp_clinicians"
    )
    # The existing flow: the warning before answers with a result change, nothing saved yet.
    opened = shared_client.get(link, follow_redirects=False)
    assert opened.status_code == 303
    assert "/edit?next=" in opened.headers["location"]
    shared = shared_client.get(if_href(read, *query))
    assert shared.status_code == 200
    assert _soup(shared).select_one("a.fa-change-answer") is None
    assert aid not in shared.text


@pytest.mark.parametrize(
    ("query", "status", "kind", "named"),
    [
        ("question=no_such_question&answer=1", 404, "question", "no_such_question"),
        ("question=nation&answer=england", 400, "not_changeable", "Which nation"),
        ("question=asset_lock_wanted&answer=maybe", 400, "answer", "maybe"),
        ("question=asset_lock_wanted&answer=false", 400, "same", "already your answer"),
        ("question=months_to_start&answer=9000", 400, "answer", "9000"),
        ("question=purposes&answer=deliver_services&answer=gardening", 400, "answer", "gardening"),
        ("question=non_gp_clinicians&answer=false&service=Nowhere", 404, "service", "Nowhere"),
        ("question=non_gp_clinicians&answer=false", 400, "service_needed", "non_gp_clinicians"),
    ],
)
def test_a_change_that_cannot_be_shown_says_what_was_wrong(
    shared_client, saved, query, status, kind, named
):
    aid = saved[0]
    reply = shared_client.get(f"/assessments/{aid}/result/if?{query}")
    assert reply.status_code == status
    said = _soup(reply).select_one(".fa-refused")
    assert said["data-kind"] == kind
    assert named in _text(said)
    assert _soup(reply).select_one("main a[href$='/result']") is not None


def test_an_unknown_link_is_not_found(shared_client):
    assert shared_client.get("/assessments/nope/result/if?question=x").status_code == 404


def test_a_close_call_offers_the_choice_and_what_would_decide_it(shared_client, saved):
    aid, _, rec = saved
    form = rec.organisational_form
    d = form.decision
    assert d.close_call
    assert not d.tie
    assert d.deciders
    names = shared_client.app.state.advisor.policy.summary.names
    headline = rec.summary.headline
    assert names[form.recommended] in headline
    assert names[d.runner_up] in headline
    page = _soup(shared_client.get(f"/assessments/{aid}/result"))
    fold = page.select_one("#summary details#close-call")
    assert fold is not None
    header = [_text(th) for th in fold.select("thead th")]
    label = shared_client.app.state.advisor.policy.option
    assert header[1:] == [label(form.recommended).label, label(d.runner_up).label]
    links = fold.select(".fa-deciders a")
    assert len(links) == len(d.deciders)
    for a in links:  # each decider, seen, puts one of the pair ahead
        seen = _soup(shared_client.get(a["href"]))
        then = _text(seen.select_one("#then [data-part=form]"))
        assert label(form.recommended).label in then or label(d.runner_up).label in then
    compare = fold.select_one("a[href*='/compare?']")["href"]
    assert f"a={form.recommended}" in compare
    assert f"b={d.runner_up}" in compare


def test_a_close_route_is_folded_in_place_of_its_tag(shared_client, saved):
    aid, _, rec = saved
    close = [s for s in rec.services if s.contract_route.decision.close_call]
    assert close
    page = _soup(shared_client.get(f"/assessments/{aid}/result"))
    for s in close:
        row = page.select_one(f'#routes [data-service="{s.name}"]')
        fold = row.select_one("details.fa-close-choice")
        assert _text(fold.select_one("summary")) == "Close call"
        call = next(c for c in rec.summary.close_calls if c.service == s.name)
        assert call.said in _text(fold)


def test_the_api_summary_keeps_its_shape_and_says_the_close_call(shared_client):
    reply = shared_client.post("/api/v1/recommendations", json=CLOSE)
    assert reply.status_code == 200, reply.text
    summary = reply.json()["summary"]
    assert {"headline", "why", "means", "check_first"} <= set(summary)
    assert isinstance(summary["headline"], str)
    assert isinstance(summary["why"], list)
    assert "about equally well" in summary["headline"]
    form_call = summary["close_calls"][0]
    assert form_call["service"] is None
    assert form_call["decided_by"] in summary["headline"]


def test_a_result_made_by_other_rules_is_seen_beside_a_rerun_under_todays(client):
    """Both columns under the current rules, said so, when the saved result's rules differ:
    then only the answer differs between them. The saved result stays as it was."""
    store = client.app.state.store
    row = run_assessment(client.app.state.advisor, store, store.create(CLOSE).id)
    old = json.loads(Recommendation.model_validate(row.result).to_json())
    old["ruleset"]["version"] = "an-older-version"
    store.update(row.id, result=old)
    reply = client.get(if_href(row.id, "asset_lock_wanted", True, None))
    assert reply.status_code == 200
    assert _soup(reply).select_one(".fa-rules-changed") is not None
    assert store.get(row.id).result == old
