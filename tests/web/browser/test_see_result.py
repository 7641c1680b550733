"""A close call and "See this result" in chromium: the result offers the choice, the fold names
the answers that would decide it, and each opens the other result beside the saved one (two
columns at 1280 px, one after the other at 320 px without sideways scrolling), axe clean, and
back to the saved result unchanged."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from ruamel.yaml import YAML

from tests.support.data import EXAMPLES

from .axe import assert_accessible

# The Welsh example without an asset lock: a CIC only just ahead of a company limited by
# guarantee (tests/web/test_see_result.py checks the same from the saved result).
CLOSE = YAML(typ="safe").load(EXAMPLES / "welsh_cluster_pharmacists.yaml") | {
    "asset_lock_wanted": False
}


@pytest.fixture(scope="module")
def saved(browser, server) -> tuple[str, str]:
    """The close call saved through the API: its edit and read-only result pages."""
    context = browser.new_context(base_url=server)
    reply = context.request.post("/api/v1/assessments", data=CLOSE)
    assert reply.status == 201, reply.text()
    body = reply.json()
    context.close()
    return body["link"].removeprefix(server), body["read_link"].removeprefix(server)


def test_a_close_call_offers_the_choice_and_shows_the_other_result(page, saved):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{saved[0]}/result")
    headline = page.locator(".fa-headline").inner_text()
    assert "about equally well" in headline
    assert "What would decide it" in headline
    fold = page.locator("#summary details#close-call")
    fold.locator(":scope > summary").click()
    expect(fold.locator(".fa-close-table")).to_be_visible()
    assert_accessible(page)

    fold.get_by_role("link", name=re.compile("See this result")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("See this result")
    now, then = page.locator("#now"), page.locator("#then")
    a, b = now.bounding_box(), then.bounding_box()
    assert abs(a["y"] - b["y"]) < 2, "the two columns do not start level"
    assert b["x"] > a["x"] + a["width"] - 2, "the two columns are not side by side"
    expect(then.locator(".fa-tag").first).to_have_text("Changed")
    expect(page.locator("a.fa-change-answer")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 640})
    a, b = now.bounding_box(), then.bounding_box()
    assert b["y"] >= a["y"] + a["height"] - 1, "not one after the other at 320 px"
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px wider than the 320 px window"
    assert_accessible(page)

    page.get_by_role("link", name="Back to your result").click()
    expect(page.locator(".fa-headline")).to_have_text(headline)


def test_a_read_link_sees_the_other_result_without_the_change_action(page, saved):
    page.goto(f"{saved[1]}/result")
    fold = page.locator("#summary details#close-call")
    fold.locator(":scope > summary").click()
    fold.get_by_role("link", name=re.compile("See this result")).first.click()
    expect(page.locator("#then")).to_be_visible()
    expect(page.locator("a.fa-change-answer")).to_have_count(0)
    assert saved[0].rsplit("/", 1)[-1] not in page.content()
