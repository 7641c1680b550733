"""The "What would it take?" page of a saved result, and its link on every option the result
page explains why not (parsed HTML)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from formadvisor.store.assessments import run_assessment
from tests.support.data import EXAMPLES

EXAMPLE = EXAMPLES / "welsh_cluster_pharmacists.yaml"


@pytest.fixture(scope="module")
def saved(shared_client) -> str:
    state = shared_client.app.state
    row = state.store.create(YAML(typ="safe").load(EXAMPLE))
    return run_assessment(state.advisor, state.store, row.id).id


def _page(client, url: str, status: int = 200) -> BeautifulSoup:
    reply = client.get(url)
    assert reply.status_code == status, reply.text
    return BeautifulSoup(reply.text, "html.parser")


def test_every_option_the_result_explains_why_not_links_to_what_it_would_take(shared_client, saved):
    page = _page(shared_client, f"/assessments/{saved}/result")
    options = page.select(".fa-option")
    assert options
    for option in options:
        link = option.select_one(".fa-reach-link a")
        assert link is not None, option.get("data-option")
        query = parse_qs(urlsplit(link["href"]).query)
        assert query["option"] == [option["data-option"]]
        service = option.find_parent(class_="fa-service")
        assert query.get("service") == ([service["data-service"]] if service else None)


def test_the_runner_up_takes_one_change_shown_in_words_with_its_result(shared_client, saved):
    page = _page(shared_client, f"/assessments/{saved}/reach?option=cic_limited_by_shares")
    title = page.h1.get_text(" ", strip=True)
    assert title == (
        "What would it take for Community interest company limited by shares to be recommended?"
    )
    (line,) = page.select(".fa-reach-lines li")
    assert line.get_text().startswith("Surplus: “It may be paid out to the members”")
    result = page.select_one("#reach-result")
    assert "Community interest company limited by shares" in result.get_text()


def test_an_option_fixed_facts_rule_out_says_which_rule(shared_client, saved):
    url = (
        f"/assessments/{saved}/reach?option=nhs_standard_contract&service=Cluster+pharmacy+support"
    )
    page = _page(shared_client, url)
    (line,) = page.select(".fa-reach-lines li")
    assert "rule routes.standard_contract_is_english" in line.get_text()
    assert page.select_one("#reach-result") is None


def test_an_unknown_option_is_named_with_the_ones_that_would_do(shared_client, saved):
    page = _page(shared_client, f"/assessments/{saved}/reach?option=nope", 404)
    assert "nope" in page.get_text()
    assert "cic_limited_by_guarantee" in page.get_text()


def test_the_read_only_link_can_ask_too_and_stays_read_only(shared_client, saved):
    """Reach changes nothing, so the read-only link's result page offers it, under that link."""
    token = shared_client.app.state.store.get(saved).read_token
    page = _page(shared_client, f"/assessments/{token}/result")
    link = page.select_one(".fa-reach-link a")
    assert link["href"].startswith(f"/assessments/{token}/reach?")
    reached = _page(shared_client, link["href"])
    assert saved not in str(reached)  # never the edit link's id
    assert reached.h1.get_text().startswith("What would it take for ")
