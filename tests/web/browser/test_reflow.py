"""WCAG 2.2 1.4.10 Reflow: at 320 CSS pixels wide (400% zoom) no page scrolls sideways.

The assessment is saved through the JSON API, so each page is one request away.
"""

from __future__ import annotations

import pytest

from .axe import assert_accessible
from .cluster import GROUP_ANSWERS, SERVICE_ANSWERS

PAGES = [
    "",
    "/questions/nation",
    "/questions/risk_appetite",
    "/services",
    "/services/1",
    "/services/1/kind",
    "/check",
    "/result",
    "/changes",
]


@pytest.fixture(scope="module")
def saved(browser, server) -> str:
    """The web address of an assessment saved, with its result, through the API."""
    context = browser.new_context(base_url=server)
    reply = context.request.post(
        "/api/v1/assessments", data={**GROUP_ANSWERS, "services": SERVICE_ANSWERS}
    )
    assert reply.status == 201, reply.text()
    link = reply.json()["link"]
    # The answers have a result: say once that they are being changed, so that the journey's
    # pages show themselves rather than the warning before them.
    context.request.get("/")
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "formadvisor_csrf")
    confirmed = context.request.post(f"{link}/edit", form={"csrf_token": csrf}, max_redirects=0)
    assert confirmed.status == 303, confirmed.text()
    context.close()
    return link


@pytest.fixture
def narrow(page):
    page.set_viewport_size({"width": 320, "height": 640})
    return page


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_at_320_pixels(narrow, saved, path):
    reply = narrow.goto(saved.rstrip("/") + path)
    assert reply.ok, f"{path}: {reply.status}"
    # Open every "details" (the report's data tables), so what they hide is measured too.
    narrow.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    overflow = narrow.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{narrow.url} is {overflow} px wider than the 320 px window"
    assert_accessible(narrow)
