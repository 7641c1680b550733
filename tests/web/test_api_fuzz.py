"""Schemathesis against the app's own OpenAPI (on the small rules folder, to stay quick):
no 5xx, responses as the schema says, every 4xx with a message. soak/fuzz_api.py runs the
full count on the repository's rules."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from formadvisor.settings import Settings
from formadvisor.web.app import create_app
from tests.support.api_fuzz import clear_error, fuzz_api
from tests.support.data import MINIMAL

EXAMPLES = 20  # per operation and generation mode: about 150 requests
BASE = {
    "nation": "wales",
    "member_practices": 6,
    "purposes": ["deliver_services"],
    "profit_intent": "reinvest",
}


def make_app(folder):
    return create_app(Settings(rules=MINIMAL, database_url=f"sqlite:///{folder / 'a.sqlite3'}"))


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(make_app(tmp_path_factory.mktemp("api"))) as client:
        yield client


def test_generated_requests_get_no_5xx_and_clear_4xx(app):
    report = fuzz_api(app, EXAMPLES)
    assert report.failures == []
    codes = report.by_status()
    assert report.requests >= 120, codes
    assert not [c for c in codes if c >= 500]
    assert {200, 201, 400, 404, 405, 422} <= set(codes)  # valid, saved, and each kind of refusal
    paths = app.openapi()["paths"]  # every operation the API describes was tried
    assert report.operations == {f"{m.upper()} {p}" for p, item in paths.items() for m in item}
    assert "POST /api/v1/comparisons" in report.operations
    assert "POST /api/v1/reach" in report.operations


class _Reply:
    def __init__(self, status: int, body: str, kind: str):
        self.status_code, self.text, self.headers = status, body, {"content-type": kind}

    def json(self):
        import json

        return json.loads(self.text)


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (404, '{"detail": ""}', "application/json"),
        (422, '{"detail": [{"loc": ["body"], "path": "", "msg": " "}]}', "application/json"),
        (400, '{"error": "bad"}', "application/json"),
        (404, "not found", "text/plain"),
        (404, "<p>gone</p>", "text/html"),
    ],
)
def test_an_unclear_error_fails_the_check(status, body, kind):
    with pytest.raises(AssertionError):
        clear_error(None, _Reply(status, body, kind), None)


def test_a_clear_error_passes_the_check(client):
    replies = [
        client.get("/api/v1/assessments/nothing-here"),
        client.post("/api/v1/recommendations", json={"nation": "atlantis"}),
        client.post(
            "/api/v1/recommendations", content=b"{", headers={"content-type": "application/json"}
        ),
        client.get("/no-such-page"),
    ]
    for reply in replies:
        assert 400 <= reply.status_code < 500
        clear_error(None, reply, None)


# --- what the fuzzing found ----------------------------------------------------------------------


def test_the_schema_says_a_list_answer_names_each_value_once(client):
    schema = client.get("/openapi.json").json()
    purposes = schema["components"]["schemas"]["Answers"]["properties"]["purposes"]
    assert purposes["uniqueItems"] is True
    doc = {**BASE, "purposes": ["deliver_services", "deliver_services"]}
    reply = client.post("/api/v1/recommendations?what_if=false", json=doc)
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["msg"] == "a value is given twice"


@pytest.mark.parametrize(("given", "status"), [(6.0, 200), (6.5, 422), ("6", 422), (True, 422)])
def test_a_whole_number_may_be_written_with_a_point(client, given, status):
    url = "/api/v1/recommendations?what_if=false"
    reply = client.post(url, json={**BASE, "member_practices": given})
    assert reply.status_code == status, reply.text
    if status == 200:
        assert reply.json() == client.post(url, json={**BASE, "member_practices": 6}).json()


@pytest.mark.parametrize("as_of", ["0.0", "1.5e-38", "20260101", "2026-1-1"])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused(client, as_of):
    reply = client.post(f"/api/v1/recommendations?what_if=false&as_of={as_of}", json=BASE)
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["msg"] == "give the date as YYYY-MM-DD"
    assert (
        client.post("/api/v1/recommendations?what_if=false&as_of=2026-01-01", json=BASE).status_code
        == 200
    )
