"""`POST /api/v1/reach` and `formadvisor reach`: the same JSON from both, unknown names refused
the same way (422 naming the field / exit 2 with one line)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from formadvisor.cli.main import app
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES

DAY = "2026-12-06"
WELSH = EXAMPLES / "welsh_cluster_pharmacists.yaml"


def _cli(*args: str):
    return CliRunner().invoke(app, ["reach", str(WELSH), *args, "--as-of", DAY])


def _api(client, option: str, service: str | None = None):
    body = {"answers": read_yaml(WELSH).data, "option": option, "service": service}
    return client.post(f"/api/v1/reach?as_of={DAY}", json=body)


def test_the_api_and_the_command_line_give_the_same_json(client):
    for option, service in (
        ("cic_limited_by_shares", None),
        ("nhs_standard_contract", "Cluster pharmacy support"),
    ):
        reply = _api(client, option, service)
        assert reply.status_code == 200, reply.text
        extra = ["--service", service] if service else []
        printed = _cli(option, *extra, "--json")
        assert printed.exit_code == 0, printed.output
        assert reply.json() == json.loads(printed.output)
        data = reply.json()
        assert {"option", "reachable", "changes", "blocked_by"} <= data.keys()
        assert data["option"] == option
        assert data["reachable"] == (not data["blocked_by"])
        for change in data["changes"]:
            assert {"question", "service", "answer"} <= change.keys()


def test_the_runner_up_takes_one_change_in_words():
    printed = _cli("cic_limited_by_shares")
    assert printed.exit_code == 0, printed.output
    text = " ".join(printed.output.split())
    assert "What would it take for Community interest company limited by shares" in text
    assert "Surplus: “It may be paid out to the members”" in text


def test_an_unknown_option_or_service_is_refused_naming_the_field(client):
    reply = _api(client, "no_such_form")
    assert reply.status_code == 422
    (problem,) = reply.json()["detail"]
    assert problem["loc"] == ["body", "option"]
    assert "cic_limited_by_guarantee" in problem["msg"]
    reply = _api(client, "apms", "No such service")
    assert reply.status_code == 422
    assert reply.json()["detail"][0]["loc"] == ["body", "service"]
    printed = _cli("apms", "--service", "No such service")
    assert printed.exit_code == 2
    assert printed.output.strip().startswith("service: 'No such service' is not known")
