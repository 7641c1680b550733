"""The action plan on the result page in chromium: the timeline picture and the table render,
axe finds no violation, and at 320 px the picture fits without scrolling sideways."""

from __future__ import annotations

import shutil

import pytest

from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES, ROOT

from .axe import assert_accessible

# The README's picture of the action plan at 320 px, committed; every run of the test redraws it.
PLAN_PICTURE = ROOT / "docs" / "images" / "action-plan.png"


@pytest.fixture(scope="module")
def saved(browser, server) -> str:
    """The result page of the English federation example, saved through the API."""
    context = browser.new_context(base_url=server)
    answers = read_yaml(EXAMPLES / "english_federation_bidding.yaml").data
    reply = context.request.post("/api/v1/assessments", data=answers)
    assert reply.status == 201, reply.text()
    link = reply.json()["link"]
    context.close()
    return link.rstrip("/") + "/result"


def open_the_full_plan(page) -> None:
    """The result page shows the steps in brief first and folds the full plan (report.html)."""
    page.locator("details#plan-detail > summary").click()


def test_the_plan_shows_a_timeline_and_a_table_with_no_axe_violation(page, saved, screenshots):
    reply = page.goto(saved)
    assert reply.ok
    open_the_full_plan(page)
    plan = page.locator("#action-plan")
    assert plan.get_by_role("heading", name="What to do next").is_visible()
    timeline = plan.get_by_role("img", name="Action plan timeline")
    assert timeline.is_visible()
    box = timeline.bounding_box()
    assert box is not None
    assert box["height"] > 100
    rows = plan.locator("table.fa-plan-table tbody tr")
    assert rows.count() >= 8
    assert "Incorporate the company at Companies House" in rows.nth(1).inner_text()
    plan.locator("details").first.locator("summary").click()  # a step's sources unfold
    assert "P3.7:" in plan.locator("details").first.inner_text()
    assert_accessible(page)
    plan.screenshot(path=screenshots / "action-plan.png")


def test_at_320_pixels_the_timeline_fits_and_the_table_stacks(page, saved, screenshots):
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.goto(saved).ok
    open_the_full_plan(page)
    timeline = page.locator("#action-plan svg[role=img]")
    box = timeline.bounding_box()
    assert box is not None
    assert box["width"] <= 320
    # the words in the picture stay readable: scaled by no less than 0.8
    assert box["width"] / 340 >= 0.8
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(page)
    page.locator("#action-plan svg[role=img]").screenshot(path=screenshots / "action-plan-320.png")
    shutil.copyfile(screenshots / "action-plan-320.png", PLAN_PICTURE)  # shown in the README
