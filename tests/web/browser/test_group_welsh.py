"""A Welsh cluster's group in Welsh, in the real browser: made through the API (the example
South Powys cluster, its three practices' answers), then its organiser's page, a practice's page
and the group page opened with `?lang=cy`. Each is `<html lang="cy">`, has Welsh headings and no
axe violation (WCAG 2.2 AA). The group page's picture goes to the screenshots folder."""

from __future__ import annotations

import json
import urllib.request

import pytest

from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import GROUP_EXAMPLE

from .axe import assert_accessible

EXAMPLE = read_yaml(GROUP_EXAMPLE).data


def _send(url: str, method: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}, method=method
    )
    with urllib.request.urlopen(request) as reply:
        return json.loads(reply.read())


@pytest.fixture(scope="module")
def cluster(server) -> dict:
    """The example Welsh cluster, every practice answered."""
    names = [p["name"] for p in EXAMPLE["practices"]]
    body = {"group_name": EXAMPLE["group_name"], "shared": EXAMPLE["shared"], "practices": names}
    made = _send(f"{server}/api/v1/groups", "POST", body)
    for practice, link in zip(EXAMPLE["practices"], made["practices"], strict=True):
        token = link["link"].rsplit("/", 1)[1]
        _send(f"{server}/api/v1/groups/{made['id']}/practices/{token}", "PUT", practice["answers"])
    return made


def _welsh(page, link: str) -> None:
    reply = page.goto(link + "?lang=cy")
    assert reply.status == 200
    assert page.locator("html").get_attribute("lang") == "cy"


def test_the_organiser_page_in_welsh_is_accessible(page, cluster):
    _welsh(page, cluster["organiser_link"])
    assert page.locator(".nhsuk-caption-l").first.inner_text() == "Tudalen y trefnydd"
    assert "Ffeithiau’r grŵp" in page.locator("main h2").all_inner_texts()
    assert_accessible(page)


def test_a_practice_page_in_welsh_is_accessible(page, cluster):
    _welsh(page, cluster["practices"][0]["link"])
    assert page.get_by_role("heading", level=1).inner_text() == "Atebion eich practis"
    assert_accessible(page)
    page.get_by_role("link", name="Newid").first.click()
    assert page.locator("html").get_attribute("lang") == "cy"  # the cookie keeps the language
    assert_accessible(page)  # the form


def test_the_group_page_in_welsh_is_accessible(page, cluster, screenshots):
    _welsh(page, cluster["read_link"])
    assert page.url.endswith("/group")  # the read link opens the group page, still in Welsh
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Ble mae’r practisau’n cytuno, a beth mae’n ei newid"
    )
    headings = page.locator("main h2").all_inner_texts()
    assert "Argymhelliad y grŵp" in headings
    assert "Splits that change the recommendation" not in headings
    assert page.get_by_role("link", name="English").count() == 1  # the language link
    assert_accessible(page)
    page.screenshot(path=screenshots / "group-page-cy.png", full_page=True)
