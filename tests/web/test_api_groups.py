"""The groups API (contract: "Groups"): every route, with every wrong token on each; a
practice's link reads and changes only its own answers; invalid answers are 422 naming the field."""

from __future__ import annotations

import json

import pytest

from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import GROUP_EXAMPLE

EXAMPLE = read_yaml(GROUP_EXAMPLE).data
GROUPS = "/api/v1/groups"


def token(link: str) -> str:
    return link.rsplit("/", 1)[1]


@pytest.fixture
def made(client):
    names = [p["name"] for p in EXAMPLE["practices"]]
    body = {"group_name": EXAMPLE["group_name"], "shared": EXAMPLE["shared"], "practices": names}
    reply = client.post(GROUPS, json=body)
    assert reply.status_code == 201, reply.text
    return reply.json()


def practice_tokens(made) -> list[str]:
    return [token(p["link"]) for p in made["practices"]]


def wrong_tokens(made, other) -> list[str]:
    """Tokens that are not a practice's of `made`: its other links, another group's, made up."""
    return [
        token(made["organiser_link"]),
        token(made["read_link"]),
        token(other["organiser_link"]),
        token(other["practices"][0]["link"]),
        "made-up",
        practice_tokens(made)[0][:-1],
    ]


def test_a_group_is_made_with_a_link_for_each_role(client, made):
    assert set(made) >= {"id", "organiser_link", "read_link", "practices"}
    assert [p["name"] for p in made["practices"]] == [p["name"] for p in EXAMPLE["practices"]]
    links = [made["organiser_link"], made["read_link"], *(p["link"] for p in made["practices"])]
    tokens = [token(link) for link in links]
    assert len(set(tokens)) == len(tokens)
    assert all(len(t) >= 43 for t in tokens)
    assert all(f"/groups/{made['id']}/" in link for link in links)


def test_the_view_needs_the_organisers_or_the_read_token(client, made):
    other = client.post(
        GROUPS, json={"group_name": "Other", "shared": EXAMPLE["shared"], "practices": ["X"]}
    ).json()
    for good in (made["organiser_link"], made["read_link"]):
        reply = client.get(f"{GROUPS}/{made['id']}", params={"token": token(good)})
        assert reply.status_code == 200, reply.text
    for bad in [*practice_tokens(made), token(other["read_link"]), "made-up", ""]:
        assert client.get(f"{GROUPS}/{made['id']}", params={"token": bad}).status_code == 404
    assert client.get(f"{GROUPS}/{made['id']}").status_code == 404
    assert (
        client.get(
            f"{GROUPS}/{other['id']}", params={"token": token(made["read_link"])}
        ).status_code
        == 404
    )
    assert (
        client.get(f"{GROUPS}/nope", params={"token": token(made["read_link"])}).status_code == 404
    )
    assert client.get(GROUPS).status_code in (404, 405)  # nothing lists groups


def test_three_practices_answer_and_the_view_shows_the_splits(client, made):
    for p, tok in zip(EXAMPLE["practices"], practice_tokens(made), strict=True):
        reply = client.put(f"{GROUPS}/{made['id']}/practices/{tok}", json=p["answers"])
        assert reply.status_code == 200, reply.text
        assert reply.json()["name"] == p["name"]
        assert reply.json()["answers"] == p["answers"]
        assert reply.json()["answered_at"]
    view = client.get(f"{GROUPS}/{made['id']}", params={"token": token(made["read_link"])}).json()
    assert (view["answered"], view["of"]) == (3, 3)
    assert {"question", "answers", "agreed", "changes_recommendation"} <= view["questions"][
        0
    ].keys()
    assert view["questions"][0]["changes_recommendation"]
    surplus = next(q for q in view["questions"] if q["question"] == "profit_intent")
    assert surplus["answers"] == {"reinvest": 2, "distribute_to_members": 1}
    assert not surplus["agreed"]
    assert view["recommendation"]["organisational_form"]["recommended"]
    assert [p["name"] for p in view["by_practice"]] == [p["name"] for p in EXAMPLE["practices"]]
    assert all(p["recommended"] for p in view["by_practice"])
    assert view["uncommitted"] == ["Talgarth Surgery"]
    assert view["without_uncommitted"]["left_out"] == ["Talgarth Surgery"]
    assert view["splits_that_matter"][0] == view["questions"][0]["question"]
    # each split on joining, run the other way on durable_rules (here none changes it)
    wellbeing = view["services"][1]
    assert (wellbeing["split"], wellbeing["runs"]) == (True, True)
    assert wellbeing["alternative"]["answer"] is False
    assert wellbeing["alternative"]["practices"] == ["Talgarth Surgery"]
    assert not wellbeing["changes_recommendation"]
    assert view["services"][0]["alternative"] is None  # all three join it


def test_a_practice_link_reads_and_changes_only_its_own_answers(client, made):
    other = client.post(
        GROUPS, json={"group_name": "Other", "shared": EXAMPLE["shared"], "practices": ["X"]}
    ).json()
    first, second, _ = practice_tokens(made)
    mine = {"profit_intent": "reinvest", "risk_appetite": "low"}
    assert client.put(f"{GROUPS}/{made['id']}/practices/{first}", json=mine).status_code == 200
    seen = client.get(f"{GROUPS}/{made['id']}/practices/{first}").json()
    assert seen["answers"] == mine
    assert seen["name"] == "Brecon Medical Group"
    assert client.get(f"{GROUPS}/{made['id']}/practices/{second}").json()["answers"] is None
    for bad in wrong_tokens(made, other):
        path = f"{GROUPS}/{made['id']}/practices/{bad}"
        assert client.put(path, json={"profit_intent": "distribute_to_members"}).status_code == 404
        assert client.put(path, json={"nation": "nowhere"}).status_code == 404  # before the body
        assert client.get(path).status_code == 404
    # another group's id with this group's practice token
    path = f"{GROUPS}/{other['id']}/practices/{first}"
    assert client.put(path, json={"profit_intent": "distribute_to_members"}).status_code == 404
    assert client.get(f"{GROUPS}/{made['id']}/practices/{first}").json()["answers"] == mine
    view = client.get(f"{GROUPS}/{made['id']}", params={"token": token(made["organiser_link"])})
    assert view.json()["answered"] == 1


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"profit_intent": "reinvest", "nation": "england"}, ["body", "nation"]),
        ({"profit_intent": "reinvest", "services": []}, ["body", "services"]),
        ({"profit_intent": "maybe"}, ["body", "profit_intent"]),
        (
            {"profit_intent": "reinvest", "services_joined": ["Nope"]},
            ["body", "services_joined", 0],
        ),
        ({"risk_appetite": "low"}, ["body", "profit_intent"]),
    ],
)
def test_a_practice_may_send_only_valid_answers_of_opinion(client, made, body, loc):
    reply = client.put(f"{GROUPS}/{made['id']}/practices/{practice_tokens(made)[0]}", json=body)
    assert reply.status_code == 422, reply.text
    assert [p["loc"] for p in reply.json()["detail"]] == [loc]
    assert reply.json()["detail"][0]["msg"]
    if loc[1] in ("nation", "services"):  # whose it is, not "unknown"
        assert reply.json()["detail"][0]["msg"].startswith("not a question for a practice")


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        (
            {"shared": {**EXAMPLE["shared"], "profit_intent": "reinvest"}},
            ["body", "shared", "profit_intent"],
        ),
        ({"shared": {**EXAMPLE["shared"], "nation": "france"}}, ["body", "shared", "nation"]),
        ({"practices": ["A", "A"]}, ["body", "practices"]),
        ({"practices": []}, ["body", "practices"]),
        ({"group_name": ""}, ["body", "group_name"]),
    ],
)
def test_a_group_needs_facts_only_and_distinct_practices(client, change, loc):
    body = {"group_name": "G", "shared": EXAMPLE["shared"], "practices": ["A", "B"], **change}
    reply = client.post(GROUPS, json=body)
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"][0]["loc"] == loc
    if loc[-1] == "profit_intent":
        assert reply.json()["detail"][0]["msg"] == "a question of opinion: each practice answers it"


def test_the_api_takes_json_only(client, made):
    reply = client.put(
        f"{GROUPS}/{made['id']}/practices/{practice_tokens(made)[0]}",
        content="profit_intent=reinvest",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert reply.status_code == 415  # so a cross-site form cannot send it


def test_the_cli_json_is_the_apis_view(client):
    from typer.testing import CliRunner

    from formadvisor.cli.main import app

    result = CliRunner().invoke(app, ["group", str(GROUP_EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    example = EXAMPLE
    names = [p["name"] for p in example["practices"]]
    made = client.post(
        "/api/v1/groups",
        json={"group_name": example["group_name"], "shared": example["shared"], "practices": names},
    ).json()
    for p, link in zip(example["practices"], made["practices"], strict=True):
        path = f"/api/v1/groups/{made['id']}/practices/{link['link'].rsplit('/', 1)[1]}"
        assert client.put(path, json=p["answers"]).status_code == 200
    api = client.get(
        f"/api/v1/groups/{made['id']}", params={"token": made["read_link"].rsplit("/", 1)[1]}
    ).json()
    for p in (*cli["by_practice"], *api["by_practice"]):
        p.pop("answered_at")  # when each practice answered: the file has no times
    assert cli == api


def test_the_questionnaire_says_who_answers_each_question(client):
    questions = {q["id"]: q for q in client.get("/api/v1/questionnaire").json()["questions"]}
    assert questions["profit_intent"]["asked_of"] == "practice"
    assert questions["nation"]["asked_of"] == "organiser"
