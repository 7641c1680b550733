"""The rules pages (/rules, /rules/{id}, /rules/status) and the result page's links to them.

What the pages should say is worked out from the policy being served (and the rules
reference's describe functions), never copied from today's rules.
"""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from pypdf import PdfReader
from ruamel.yaml import YAML

from formadvisor.authoring.coverage import ScenarioRecord, coverage_of
from formadvisor.authoring.reference import describe, effect_lines
from formadvisor.rules.loading import Problem
from formadvisor.settings import Settings
from formadvisor.store.assessments import run_assessment
from formadvisor.web.app import create_app
from formadvisor.web.covering import CoveringScenarios
from tests.support.data import EXAMPLES, FIXTURE_FEATURES, MINIMAL, WALES_PHARMACY

EXAMPLE = EXAMPLES / "welsh_cluster_pharmacists.yaml"


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def _flat(node) -> str:
    """The words of a node as a reader sees them (no space added around inline tags)."""
    return " ".join(node.get_text().split())


def _plain(markdown: str) -> str:
    return " ".join(markdown.replace("`", "").split())


def soup_of(reply) -> BeautifulSoup:
    return BeautifulSoup(reply.text, "html.parser")


@pytest.fixture(scope="module")
def app_settings(tmp_path_factory):
    db = tmp_path_factory.mktemp("rules-pages") / "db.sqlite3"
    return Settings(database_url=f"sqlite:///{db}", reload_interval=0, scenarios=False)


@pytest.fixture(scope="module")
def rules_page(shared_client) -> BeautifulSoup:
    reply = shared_client.get("/rules")
    assert reply.status_code == 200
    return soup_of(reply)


@pytest.fixture(scope="module")
def topic_pages(shared_client, rules_page) -> dict[str, BeautifulSoup]:
    """Each topic's page, by its label, found through the links on /rules."""
    pages = {}
    for link in rules_page.select("nav[aria-label=Topics] a"):
        reply = shared_client.get(link["href"])
        assert reply.status_code == 200, link["href"]
        pages[_text(link)] = soup_of(reply)
    return pages


def test_each_topic_has_its_own_page_listing_its_rules_once(shared_client, topic_pages):
    policy = shared_client.app.state.advisor.policy
    labels = {t.id: t.label for t in policy.options.topics}
    by_topic = {
        label: [_text(code) for code in page.select(".fa-rule-id")]
        for label, page in topic_pages.items()
    }
    expected: dict[str, list[str]] = {}
    for pr in policy.rules:
        expected.setdefault(labels[pr.topic], []).append(pr.rule.id)
    assert by_topic == expected
    assert list(topic_pages) == [t.label for t in policy.options.topics if t.label in expected]
    for label, page in topic_pages.items():
        assert _text(page.h1) == label
    assert shared_client.get("/rules/topics/no_such_topic").status_code == 404


def _rule_sections(topic_pages) -> dict[str, BeautifulSoup]:
    return {
        dl["data-rule"]: dl for page in topic_pages.values() for dl in page.select("dl.fa-rule")
    }


def test_conditions_and_reasons_are_in_the_questions_words(shared_client, topic_pages):
    """No raw answer keys or {placeholders}: each clause names its question as asked and the
    answer by its label."""
    policy = shared_client.app.state.advisor.policy
    q = policy.questionnaire
    keys = [x.id for x in (*q.questions, *q.service_questions) if "_" in x.id]
    for page in topic_pages.values():
        text = _flat(page.main)
        assert not re.search(r"\{[a-z_.]+\}", text)
        for dl in page.select("dl.fa-rule"):
            when = _flat(dl.select_one(".fa-rule-when"))
            assert not [k for k in keys if k in when], when
            because = _flat(dl.select_one(".fa-rule-because"))
            assert "{" not in because
    cnsgp = _rule_sections(topic_pages)["indemnity.england_cnsgp_primary_care"]
    when = _flat(cnsgp.select_one(".fa-rule-when"))
    assert "Which nation are your practices in?" in when
    assert "is England" in when
    assert "What kind of service is it? is Primary medical services" in when
    assert _flat(cnsgp.select_one(".fa-rule-because")).startswith("The service is a primary")


def test_each_rule_says_then_because_and_its_sources(shared_client, topic_pages):
    policy = shared_client.app.state.advisor.policy
    sections = _rule_sections(topic_pages)
    forms = {o.id: o.label for o in (*policy.options.forms, *policy.options.routes)}
    for pr in policy.rules:
        rule = pr.rule
        dl = sections[rule.id]
        then = [_flat(li) for li in dl.select(".fa-rule-then li")]
        expected = []
        for line in effect_lines(pr, policy):
            for oid, label in forms.items():
                line = line.replace(f"`{oid}`", label)
            expected.append(_plain(line))
        assert then == expected
        assert _flat(dl.select_one(".fa-rule-because"))
        shown = {li["data-source"]: li for li in dl.select(".fa-rule-sources li")}
        assert list(shown) == list(rule.sources)
        for sid, li in shown.items():
            source = policy.source(sid)
            link = li.select_one("a")
            if source.url:
                assert link["href"] == source.url
                assert link["rel"] == ["noreferrer"]
            else:
                assert link is None
            if source.unsourced:
                assert f"check with {source.ask}" in _text(li)
    for page in topic_pages.values():
        for heading in page.select("h2.fa-rule-heading"):
            rule_id = heading["id"].removeprefix("rule-")
            assert heading.a["href"] == f"/rules/{rule_id}"


def test_effects_show_their_weights(shared_client, topic_pages):
    policy = shared_client.app.state.advisor.policy
    weights = {f"{name}: +{points}" for name, points in policy.scoring.weights.items()}
    text = " ".join(_text(p.main) for p in topic_pages.values())
    assert {w for w in weights if w in text}  # e.g. "strong: +3", from scoring.yaml


def test_the_search_finds_rules_by_their_words_without_javascript(shared_client):
    policy = shared_client.app.state.advisor.policy
    page = soup_of(shared_client.get("/rules"))
    form = page.select_one("form.fa-rules-search")
    assert form["method"] == "get"
    assert form["action"] == "/rules"
    assert form.find("input", {"name": "q"})
    page = soup_of(shared_client.get("/rules", params={"q": "CNSGP england"}))
    found = [a["href"].removeprefix("/rules/") for a in page.select(".fa-rules-found li > a")]
    assert "indemnity.england_cnsgp_primary_care" in found
    assert "indemnity.no_state_scheme_scotland_ni" not in found  # not every word
    assert _text(page.h1) == "Rules matching CNSGP england"
    assert page.find(id="q")["value"] == "CNSGP england"  # kept to refine
    # by a question's words, as the pages show them
    page = soup_of(shared_client.get("/rules", params={"q": "must the staff be offered"}))
    found = [a["href"].removeprefix("/rules/") for a in page.select(".fa-rules-found li > a")]
    uses = [
        pr.rule.id
        for pr in policy.rules
        if "staff_need_nhs_pension" in describe(pr.rule.when, policy)
    ]
    assert uses
    assert set(uses) <= set(found)
    nothing = soup_of(shared_client.get("/rules", params={"q": "zebra crossing"}))
    assert _text(nothing.select_one("#results")) == "0 rules found"
    assert "<script>" not in shared_client.get("/rules", params={"q": "<script>"}).text


def test_a_rule_has_its_own_page_and_an_unknown_rule_is_the_404_page(shared_client):
    policy = shared_client.app.state.advisor.policy
    pr = policy.rules[-1]
    reply = shared_client.get(f"/rules/{pr.rule.id}")
    assert reply.status_code == 200
    soup = soup_of(reply)
    assert _text(soup.h1) == (pr.rule.title or pr.rule.id)
    assert soup.select_one(f'dl.fa-rule[data-rule="{pr.rule.id}"]') is not None
    assert f"{pr.file}:{pr.line}" in _text(soup.main)
    missing = shared_client.get("/rules/no.such_rule")
    assert missing.status_code == 404
    assert _text(soup_of(missing).h1) == "Page not found"


def test_the_header_links_to_the_rules(shared_client):
    soup = soup_of(shared_client.get("/"))
    assert soup.select_one('header a[href="/rules"]') is not None


def test_scenarios_are_shown_when_known_and_said_to_be_coming_until_then(tmp_path):
    released = threading.Event()

    def runner(folder, features, version):
        released.wait(30)
        return None

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db'}", reload_interval=0)
    app = create_app(settings)
    with TestClient(app) as shared_client:
        app.state.scenarios = CoveringScenarios(settings.rules, enabled=True, runner=runner)
        policy = app.state.advisor.policy
        thread = app.state.scenarios.request(policy)
        rule = policy.rules[0].rule.id
        page = soup_of(shared_client.get(f"/rules/{rule}"))
        assert "being worked out" in _text(page.select_one(".fa-rule"))
        released.set()
        thread.join(30)
        record = ScenarioRecord(
            id="x", feature="pension.feature", name="A test scenario", line=3,
            outcome="passed", fired=(rule,),
        )  # fmt: skip
        app.state.scenarios.put(policy.version, coverage_of(policy, [record]))
        page = soup_of(shared_client.get(f"/rules/{rule}"))
        assert [_text(li) for li in page.select(".fa-rule-scenarios li")] == [record.title]
        other = policy.rules[1].rule.id
        page = soup_of(shared_client.get(f"/rules/{other}"))
        assert "No scenario" in _text(page.select_one(".fa-rule"))


def test_the_scenarios_are_worked_out_in_the_background(minimal_policy, minimal_scenarios):
    covering = CoveringScenarios(MINIMAL, enabled=True, features=FIXTURE_FEATURES / "minimal")
    assert covering.of(minimal_policy.version).state == "working"
    thread = covering.request(minimal_policy)
    assert covering.request(minimal_policy) is None  # one run per ruleset
    thread.join(300)
    found = covering.of(minimal_policy.version)
    assert found.state == "ready"
    assert found.coverage == coverage_of(minimal_policy, minimal_scenarios.scenarios)
    assert CoveringScenarios(MINIMAL, enabled=False).of(minimal_policy.version).state == "off"


def test_the_status_page_names_the_rules_served_and_every_problem_of_a_rejected_edit(shared_client):
    live = shared_client.app.state.live
    policy = live.advisor.policy
    soup = soup_of(shared_client.get("/rules/status"))
    assert _text(soup.h1) == "Rules in use"
    assert _text(soup.select_one(".fa-ruleset")) == policy.version
    assert policy.release
    assert policy.release in _text(soup.main)
    assert soup.select(".fa-reload-problem") == []
    problems = [
        Problem("rules/policy/pension.yaml", 13, "pension.x", "unknown option 'no_such'"),
        Problem("rules/options.yaml", 2, "", "file is not UTF-8 text"),
    ]
    live.reject(problems)
    try:
        soup = soup_of(shared_client.get("/rules/status"))
        shown = [_flat(li) for li in soup.select(".fa-reload-problem")]
        assert shown == [
            "rules/policy/pension.yaml:13, rule pension.x: unknown option 'no_such'",
            "rules/options.yaml:2: file is not UTF-8 text",
        ]
        summary = [_text(a) for a in soup.select(".nhsuk-error-summary a")]
        assert summary == [str(p) for p in problems]
        assert "still serving the last good rules" in _text(soup.main)
        assert shared_client.get("/healthz").json()["reload_failed"] is True
        assert shared_client.get("/healthz").json()["reload_problems"] == 2
        assert "The last edit was rejected" in _text(soup_of(shared_client.get("/rules")).main)
    finally:
        live.clear_rejection()
    assert shared_client.get("/healthz").json()["reload_failed"] is False


def test_each_reason_on_the_result_page_links_to_its_rule_page(shared_client):
    state = shared_client.app.state
    row = state.store.create(YAML(typ="safe").load(EXAMPLE))
    run_assessment(state.advisor, state.store, row.id)
    page = soup_of(shared_client.get(f"/assessments/{row.id}/result"))
    items = page.select("li.fa-reason, li.fa-consideration")
    assert items
    for li in items:
        link = li.select_one(".fa-reason__rule a.fa-rule-link")
        assert link is not None, li["data-rule"]
        assert link["href"] == f"/rules/{li['data-rule']}"
    for href in {a["href"] for a in page.select("a.fa-rule-link")}:
        reply = shared_client.get(href)
        assert reply.status_code == 200, href
        assert soup_of(reply).select_one(f'dl.fa-rule[data-rule="{href[7:]}"]') is not None
    pdf = PdfReader(io.BytesIO(shared_client.get(f"/assessments/{row.id}/result.pdf").content))
    uris = [
        str(a.get_object().get("/A", {}).get("/URI", ""))
        for p in pdf.pages
        for a in p.get("/Annots", []) or []
    ]
    assert not [u for u in uris if "/rules/" in u]  # plain text on paper


def test_a_reload_that_changes_the_questionnaire_changes_the_api(rules_copy, tmp_path):
    """The request models and /openapi.json follow the served questionnaire."""
    settings = Settings(
        rules=rules_copy, database_url=f"sqlite:///{tmp_path / 'db'}", reload_interval=0.1
    )
    answers = {**WALES_PHARMACY, "profit_intent": "undecided"}
    with TestClient(create_app(settings)) as shared_client:
        before = shared_client.get("/healthz").json()["ruleset"]
        assert shared_client.post("/api/v1/recommendations", json=answers).status_code == 422
        assert "undecided" not in shared_client.get("/openapi.json").text
        path = rules_copy / "questionnaire.yaml"
        text = path.read_text()
        old = "      - {value: distribute_to_members, label: It may be paid out to the members}\n"
        assert old in text
        path.write_text(text.replace(old, old + "      - {value: undecided, label: Not decided}\n"))
        deadline = time.monotonic() + 60
        while shared_client.get("/healthz").json()["ruleset"] == before:
            assert time.monotonic() < deadline, "the edit was not picked up"
            time.sleep(0.05)
        reply = shared_client.post("/api/v1/recommendations", json=answers)
        assert reply.status_code == 200, reply.text
        assert reply.json()["ruleset"]["version"] != before
        assert "undecided" in shared_client.get("/openapi.json").text
        assert "undecided" in shared_client.get("/api/v1/questionnaire").text
