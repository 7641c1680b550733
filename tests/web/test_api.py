"""The JSON API against the contract: same output as the command line, field paths in errors,
saved assessments that survive a restart, clean 4xx for bad bodies, a described OpenAPI."""

from __future__ import annotations

import copy
import json

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from formadvisor.cli import app as cli
from formadvisor.rules.yamlfile import read_yaml
from formadvisor.settings import Settings
from formadvisor.store.database import Store
from formadvisor.web.api_errors import MAX_BODY
from formadvisor.web.app import create_app
from tests.support.data import CONTRACT_KEYS, EXAMPLES, WALES_PHARMACY

DAY = "2026-11-23"
JSON = {"content-type": "application/json"}
SERVICE = {"name": "A", "kind": "other", "commissioner": "icb"}


def database(folder) -> str:
    return f"sqlite:///{folder / 'assessments.sqlite3'}"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    return database(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(db_url):
    with TestClient(create_app(Settings(database_url=db_url))) as client:
        yield client


def example(name: str) -> dict:
    return read_yaml(EXAMPLES / name).data


def with_bad_second_kind() -> dict:
    doc = copy.deepcopy(WALES_PHARMACY)
    doc["services"].append({"name": "Second", "kind": "surgery", "commissioner": "icb"})
    return doc


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_recommendation_equals_the_command_line_json(client, name):
    reply = client.post(f"/api/v1/recommendations?as_of={DAY}", json=example(name))
    assert reply.status_code == 200, reply.text
    printed = CliRunner().invoke(cli, ["recommend", str(EXAMPLES / name), "--json", "--as-of", DAY])
    assert printed.exit_code == 0, printed.output
    assert reply.json() == json.loads(printed.stdout)
    assert set(reply.json()) >= CONTRACT_KEYS
    assert reply.json()["what_if"], "what-if is on by default"


def test_what_if_can_be_left_out(client):
    reply = client.post("/api/v1/recommendations?what_if=false", json=WALES_PHARMACY)
    assert reply.status_code == 200
    assert reply.json()["what_if"] == []


def test_a_bad_service_kind_is_named_by_its_field_path(client, tmp_path):
    doc = with_bad_second_kind()
    reply = client.post("/api/v1/recommendations", json=doc)
    assert reply.status_code == 422
    (problem,) = reply.json()["detail"]
    assert problem["loc"] == ["body", "services", 1, "kind"]
    assert problem["path"] == "services[1].kind"
    assert problem["msg"].startswith("must be 'primary_medical'")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(doc))
    printed = CliRunner().invoke(cli, ["recommend", str(answers)])
    assert printed.exit_code == 2
    assert printed.stderr.strip() == f"{problem['path']}: {problem['msg']}", "the CLI's own line"


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"colour": "blue"}, "colour", "unknown question (check its spelling)"),
        ({"nation": None}, "nation", "must be 'england'"),
        ({"member_practices": "six"}, "member_practices", "Input should be a valid integer"),
        ({"purposes": ["back_office", "back_office"]}, "purposes", "a value is given twice"),
        ({"services": [{**SERVICE, "x": 1}]}, "services[0].x", "unknown question"),
    ],
)
def test_each_bad_answer_is_a_422_at_its_path(client, change, path, message):
    reply = client.post("/api/v1/recommendations", json={**WALES_PHARMACY, **change})
    assert reply.status_code == 422, reply.text
    problems = reply.json()["detail"]
    assert [p["path"] for p in problems] == [path]
    assert problems[0]["msg"].startswith(message)


def test_a_missing_answer_is_required(client):
    doc = {k: v for k, v in WALES_PHARMACY.items() if k != "nation"}
    reply = client.post("/api/v1/recommendations", json=doc)
    assert reply.status_code == 422
    assert reply.json()["detail"][0] == {
        "loc": ["body", "nation"],
        "path": "nation",
        "msg": "an answer is required",
        "type": "missing",
    }


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{not json", JSON, 400),
        (b"", JSON, 400),
        (b"[" * 50_000 + b"]" * 50_000, JSON, 400),  # nested deeper than a parser recurses
        (b"\xff\xfe{}", JSON, 400),
        (b"nation=wales", {"content-type": "application/x-www-form-urlencoded"}, 415),
        (json.dumps(WALES_PHARMACY).encode(), {}, 415),
        (b'{"nation": "' + b"x" * MAX_BODY + b'"}', JSON, 413),
        (b"[1, 2]", JSON, 422),
        (b'"wales"', JSON, 422),
    ],
)
@pytest.mark.parametrize("endpoint", ["/api/v1/recommendations", "/api/v1/assessments"])
def test_bad_bodies_are_clean_client_errors(client, endpoint, body, headers, status):
    reply = client.post(endpoint, content=body, headers=headers)
    assert reply.status_code == status, reply.text
    detail = reply.json()["detail"]
    assert detail[0]["loc"][0] == "body"
    assert detail[0]["msg"]


def test_a_large_body_without_a_length_is_refused_as_it_arrives(client):
    def chunks():
        for _ in range(MAX_BODY // 1024 + 2):
            yield b" " * 1024

    reply = client.post("/api/v1/recommendations", content=chunks(), headers=JSON)
    assert reply.status_code == 413


def test_an_assessment_round_trip_survives_a_new_store(client, db_url, advisor):
    created = client.post("/api/v1/assessments", json=WALES_PHARMACY)
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"] == f"/api/v1/assessments/{body['id']}"
    assert body["link"].endswith(f"/assessments/{body['id']}")
    assert body["answers"] == WALES_PHARMACY
    assert body["rules_hash"] == advisor.policy.version
    assert body["rules_release"] == advisor.policy.release
    assert body["result"]["ruleset"]["version"] == advisor.policy.version
    assert body["result"]["organisational_form"]["recommended"]
    fired = [(f["service"], f["rule"]) for f in body["trace"]["organisation"]]
    assert fired == [(r["service"], r["rule"]) for r in body["result"]["fired_rules"]][: len(fired)]
    read = client.get(created.headers["location"])
    assert read.status_code == 200
    assert read.json() == body
    row = Store(db_url).get(body["id"])
    assert row.answers == WALES_PHARMACY
    assert row.rules_hash == advisor.policy.version
    assert row.result == body["result"]
    with TestClient(create_app(Settings(database_url=db_url))) as restarted:
        assert restarted.get(f"/api/v1/assessments/{body['id']}").json() == body


def test_invalid_answers_save_nothing(client):
    reply = client.post("/api/v1/assessments", json=with_bad_second_kind())
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["path"] == "services[1].kind"


def test_a_draft_from_the_web_journey_has_no_result_yet(client):
    draft = client.app.state.store.create({"nation": "wales"})
    reply = client.get(f"/api/v1/assessments/{draft.id}")
    assert reply.status_code == 200
    assert reply.json()["result"] is None
    assert reply.json()["answers"] == {"nation": "wales"}


def test_an_unknown_assessment_is_404(client):
    reply = client.get("/api/v1/assessments/not-a-real-id")
    assert reply.status_code == 404
    assert reply.json() == {"detail": "no assessment has this id"}


def test_the_questionnaire_lists_questions_with_labels(client, policy):
    reply = client.get("/api/v1/questionnaire")
    assert reply.status_code == 200
    body = reply.json()
    assert body["ruleset"] == policy.version
    ids = [q["id"] for q in body["questions"]]
    assert ids == [q.id for q in policy.questionnaire.questions]
    nation = body["questions"][ids.index("nation")]
    assert nation["required"] is True
    assert {c["value"]: c["label"] for c in nation["choices"]} == {
        c.value: c.label for c in policy.questionnaire.questions[0].choices
    }
    kinds = next(q for q in body["service_questions"] if q["id"] == "kind")
    assert "pharmacy_support" in [c["value"] for c in kinds["choices"]]
    assert [f["id"] for f in body["forms"]] == list(policy.form_ids)
    assert [r["id"] for r in body["routes"]] == list(policy.route_ids)
    asked_sometimes = [q for q in body["questions"] if q["ask_when"] is not None]
    assert all(set(q["ask_when"]) & {"ref", "all", "any", "not"} for q in asked_sometimes)


def test_the_rules_list_every_rule_with_its_reason_and_sources(client, policy):
    reply = client.get("/api/v1/rules")
    assert reply.status_code == 200
    rules = reply.json()["rules"]
    assert [r["id"] for r in rules] == [pr.rule.id for pr in policy.rules]
    assert all(r["because"] and r["sources"] and r["topic"] for r in rules)
    cited = {s["id"]: s for r in rules for s in r["sources"]}
    for source_id, source in cited.items():
        fact = policy.source(source_id)
        assert source["citation"] == fact.citation()
        assert source["unsourced"] == fact.unsourced
        assert source["url"] == fact.url
        assert source["nations"] == (list(fact.nations) if fact.nations else None)
    assert any(s["unsourced"] for s in cited.values())
    assert cited["N9.2"]["nations"] == ["wales"]


def test_openapi_describes_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    expected = {
        ("/api/v1/questionnaire", "get"),
        ("/api/v1/recommendations", "post"),
        ("/api/v1/assessments", "post"),
        ("/api/v1/assessments/{assessment_id}", "get"),
        ("/api/v1/assessments/{assessment_id}/changes", "get"),
        ("/api/v1/rules", "get"),
    }
    listed = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert expected <= listed
    for path, method in expected:
        assert spec["paths"][path][method]["summary"]
    body = spec["paths"]["/api/v1/recommendations"]["post"]["requestBody"]
    answers = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "nation" in spec["components"]["schemas"][answers]["required"]
    assert "422" in spec["paths"]["/api/v1/recommendations"]["post"]["responses"]
    assert client.get("/docs").status_code == 200
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_docs_page_loads_only_from_this_server(client):
    """Swagger UI comes from `make assets`, not a CDN: /docs works without the internet."""
    page = client.get("/docs")
    assert page.status_code == 200
    assert "://" not in page.text, "an address on another host"
    html = BeautifulSoup(page.text, "html.parser")
    assets = [t["src"] for t in html.find_all("script", src=True)]
    assets += [t["href"] for t in html.find_all("link", href=True)]
    assert len(assets) == 4, assets  # the script, its start-up script, stylesheet and icon
    assert html.find("script", src=False) is None, "an inline script: the CSP refuses it"
    assert html.find(id="swagger-ui")["data-openapi-url"] == "/openapi.json"
    for url in [*assets, "/openapi.json"]:
        assert url.startswith("/")
        reply = client.get(url)
        assert reply.status_code == 200, url
        assert reply.content, url
    assert client.get("/redoc").status_code == 404  # ReDoc is off: it would load from a CDN
