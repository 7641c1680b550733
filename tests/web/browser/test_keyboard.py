"""A keyboard alone: skip to the content, start, choose a radio, type a number, continue."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .cluster import NATION, PRACTICES


def tab_to(page: Page, target: Locator, limit: int = 20) -> None:
    """Press Tab until the target has focus (it must be reachable in tab order)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached in {limit} presses of Tab")


def test_a_keyboard_alone_starts_and_answers(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # it appears when focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    with page.expect_navigation():
        tab_to(page, page.get_by_role("button", name="Start now"))
        page.keyboard.press("Enter")
    nation = page.get_by_role("group", name=NATION)
    tab_to(page, nation.get_by_role("radio").first)
    page.keyboard.press("ArrowDown")  # arrows move through a radio group and choose
    expect(nation.get_by_role("radio", name="Wales")).to_be_checked()
    with page.expect_navigation():
        tab_to(page, page.get_by_role("button", name="Continue"))
        page.keyboard.press("Enter")

    number = page.get_by_label(PRACTICES, exact=True)
    tab_to(page, number)
    page.keyboard.type("6")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field sends the form
    expect(page).not_to_have_url(re.compile(r"/questions/member_practices$"))
