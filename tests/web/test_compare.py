"""Compare two options: the command line and the API give the same JSON, unknown names are one
line (exit 2) or a 422 at the field, and the compare page (linked from the result) shows the
comparison as a table, or a friendly page for names it cannot compare."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML
from typer.testing import CliRunner

from formadvisor.advice.results import Recommendation
from formadvisor.cli import app as cli
from formadvisor.store.assessments import run_assessment
from tests.support.data import EXAMPLES

EXAMPLE = EXAMPLES / "welsh_cluster_pharmacists.yaml"
DAY = "2026-12-06"
WELSH = YAML(typ="safe").load(EXAMPLE)


@pytest.fixture(scope="module")
def saved(shared_client) -> tuple[str, Recommendation]:
    state = shared_client.app.state
    row = run_assessment(state.advisor, state.store, state.store.create(WELSH).id)
    return row.id, Recommendation.model_validate(row.result)


def _cli(*args: str):
    return CliRunner().invoke(cli, ["compare", str(EXAMPLE), *args, "--as-of", DAY])


@pytest.mark.parametrize(
    ("a", "b", "service"),
    [
        ("cic_limited_by_guarantee", "cic_limited_by_shares", None),
        ("apms", "sla", "Cluster pharmacy support"),
    ],
)
def test_the_command_line_and_the_api_give_the_same_json(shared_client, a, b, service):
    ran = _cli(a, b, "--json", *(["--service", service] if service else []))
    assert ran.exit_code == 0, ran.output
    body = {"answers": WELSH, "options": [a, b], "service": service}
    reply = shared_client.post(f"/api/v1/comparisons?as_of={DAY}", json=body)
    assert reply.status_code == 200, reply.text
    assert reply.json() == json.loads(ran.stdout)
    out = reply.json()
    assert out["options"] == [a, b]
    assert set(out["scores"]) == {a, b}
    assert all({"topic", "a", "b"} <= row.keys() for row in out["rows"])


def test_the_text_names_both_options_and_their_scores():
    ran = _cli("cic_limited_by_guarantee", "cic_limited_by_shares")
    assert ran.exit_code == 0, ran.output
    text = " ".join(ran.stdout.split())
    assert "Community interest company limited by guarantee compared with" in text
    assert "Score: " in text
    assert "Asset lock and profit" in text


@pytest.mark.parametrize(
    ("args", "body", "field", "line"),
    [
        (["plc", "llp"], {"options": ["plc", "llp"]}, "options", "options: 'plc' is not known"),
        (["llp", "apms"], {"options": ["llp", "apms"]}, "options", "options: 'apms' is not"),
        (
            ["apms", "sla", "--service", "Dispensary"],
            {"options": ["apms", "sla"], "service": "Dispensary"},
            "service",
            "service: 'Dispensary' is not known; use one of: Cluster pharmacy support, ",
        ),
        (
            ["apms", "sla"],
            {"options": ["apms", "sla"]},
            "service",
            "service: nothing given; use one of: Cluster pharmacy support, ",
        ),
    ],
)
def test_unknown_names_exit_2_or_give_a_422_at_the_field(shared_client, args, body, field, line):
    ran = _cli(*args)
    assert ran.exit_code == 2
    assert ran.stdout == ""
    (printed,) = ran.stderr.splitlines()
    assert printed.startswith(line)
    reply = shared_client.post("/api/v1/comparisons", json={"answers": WELSH, **body})
    assert reply.status_code == 422
    (problem,) = reply.json()["detail"]
    assert problem["loc"] == ["body", field]
    assert problem["type"] == "unknown_name"
    assert printed == f"{field}: {problem['msg']}"  # the same words, the same valid ids


def test_invalid_answers_are_a_422_at_their_path(shared_client):
    body = {"answers": {**WELSH, "nation": "wails"}, "options": ["llp", "apms"]}
    reply = shared_client.post("/api/v1/comparisons", json=body)
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"][:3] == ["body", "answers", "nation"]


def test_the_result_page_links_to_the_runner_up_for_the_form_and_each_route(shared_client, saved):
    aid, rec = saved
    page = BeautifulSoup(shared_client.get(f"/assessments/{aid}/result").text, "html.parser")
    links = [a["href"] for a in page.select(".fa-compare-link a")]
    form = rec.organisational_form
    expected = [f"/assessments/{aid}/compare?a={form.recommended}&b={form.decision.runner_up}"]
    for s in rec.services:
        route = s.contract_route
        if route.recommended and route.decision.runner_up:
            expected.append(
                f"/assessments/{aid}/compare?a={route.recommended}&b={route.decision.runner_up}"
                f"&service={s.name.replace(' ', '%20')}"
            )
    assert links == expected
    every = [r.label for r in shared_client.app.state.advisor.policy.options.compare.rows]
    for href in links:  # each a table of the rows with something said, both options' cells
        reply = shared_client.get(href)
        assert reply.status_code == 200, href
        page = BeautifulSoup(reply.text, "html.parser")
        rows = page.select("table.fa-compare__table tbody tr")
        assert all(len(r.select("td")) == 2 for r in rows)
        shown = [r.select_one("th[scope=row]").get_text(strip=True) for r in rows]
        silent = page.select_one(".fa-compare__silent")  # the others, named in one sentence
        rest = [x for x in every if x not in shown]
        assert rest == [x for x in every if silent and x in silent.get_text()]
        assert shown


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("a=plc&b=llp", 400, "These options cannot be compared"),
        ("a=apms&b=sla", 400, "Choose the service"),
        ("a=llp&b=apms&service=X", 400, "These options cannot be compared"),
        ("a=llp&b=practice_merger&service=X", 400, "A form is for the whole group"),
    ],
)
def test_names_it_cannot_compare_give_a_friendly_page(shared_client, saved, query, status, says):
    reply = shared_client.get(f"/assessments/{saved[0]}/compare?{query}")
    assert reply.status_code == status
    page = BeautifulSoup(reply.text, "html.parser")
    assert page.h1.get_text(strip=True) == says
    assert page.select_one(f'a[href="/assessments/{saved[0]}/result"]')
    if says == "Choose the service":  # each service a link that compares the two routes for it
        hrefs = [a["href"] for a in page.select("main li a")]
        assert len(hrefs) == len(WELSH["services"])
        assert shared_client.get(f"/assessments/{saved[0]}/compare{hrefs[0]}").status_code == 200
    if says == "A form is for the whole group":  # the link leaves the service out
        (href,) = [a["href"] for a in page.select("main p a") if a["href"].startswith("?")]
        assert shared_client.get(f"/assessments/{saved[0]}/compare{href}").status_code == 200


def test_an_unknown_assessment_is_not_found(shared_client):
    assert shared_client.get("/assessments/nope/compare?a=llp&b=apms").status_code == 404


def test_the_read_only_link_compares_too(shared_client, saved):
    row = shared_client.app.state.store.get(saved[0])
    form = saved[1].organisational_form
    query = f"a={form.recommended}&b={form.decision.runner_up}"
    reply = shared_client.get(f"/assessments/{row.read_token}/compare?{query}")
    assert reply.status_code == 200
    page = BeautifulSoup(reply.text, "html.parser")
    assert page.select_one(f'a[href="/assessments/{row.read_token}/result"]')  # never the edit id
    assert saved[0] not in reply.text
