"""The tidied journey (issue 14, item 5) in chromium at 320 CSS pixels, with and without
JavaScript: every page says where it is ("Question 5 of 21" under its section), a service is
asked one question a page and the list asks "add another?", check answers' Change returns to
the row changed, and the result's charts are drawn stacked. On every page: no sideways scroll
(document.scrollWidth <= 320) and no axe violation.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .answering import answer, answer_pages, continue_, follow, press
from .axe import assert_accessible
from .cluster import GROUP, NAME, PHARMACISTS, at_defaults

WIDTH = 320


def _fits_and_passes(page: Page, seen: list[str], axe: bool = True) -> None:
    """No sideways scroll at 320 px (details opened, so what they hide counts), and axe (which
    cannot run in a page without JavaScript: the same pages are checked with it)."""
    page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px"
    if axe:
        assert_accessible(page)
    seen.append(re.sub(r"^.*/assessments/[^/]+", "", page.url))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_tidied_journey_at_320_pixels(browser, server, advisor, javascript, screenshots):
    context = browser.new_context(
        base_url=server,
        java_script_enabled=javascript,
        viewport={"width": WIDTH, "height": 640},
    )
    context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
    page = context.new_page()
    seen: list[str] = []
    try:
        page.goto("/")
        expect(page.locator("main")).to_contain_text(re.compile(r"It takes about \d+ minutes"))
        _fits_and_passes(page, seen, javascript)
        press(page, "Start now")

        counts = []

        def each_question(page: Page) -> None:
            caption = page.locator(".fa-progress")
            expect(caption.locator(".fa-progress__section")).not_to_be_empty()
            counts.append(caption.locator(".fa-progress__count").inner_text())
            _fits_and_passes(page, seen, javascript)

        questions = advisor.policy.questionnaire.questions
        answer_pages(page, {**at_defaults(questions), **GROUP}, r"/services$", each_question)
        # Wales: the question only England is asked is left out of the count
        total = len([q for q in questions if q.ask_when is None])
        assert counts == [f"Question {n} of {total}" for n in range(1, total + 1)]

        _fits_and_passes(page, seen, javascript)  # the empty list
        answer(page, "Do you need to add a service?", "Yes")
        continue_(page)
        service = at_defaults(advisor.policy.questionnaire.service_questions)
        asked = answer_pages(page, {**service, **PHARMACISTS}, r"/services$", each_question)
        assert asked[0] == NAME
        expect(page.locator(".nhsuk-summary-list__key")).to_have_text(["Pharmacists"])
        _fits_and_passes(page, seen, javascript)
        answer(page, "Do you need to add another service?", "No")
        continue_(page)

        expect(page).to_have_url(re.compile(r"/check$"))
        _fits_and_passes(page, seen, javascript)
        follow(page, "Change Commissioner for Pharmacists")
        _fits_and_passes(page, seen, javascript)
        answer(page, "Who commissions or pays for it?", "A health board")
        continue_(page)
        expect(page).to_have_url(re.compile(r"/check#service-1-commissioner$"))
        box = page.locator("#service-1-commissioner").bounding_box()
        assert box is not None
        assert box["y"] + box["height"] > 0  # the changed row, scrolled into view
        assert box["y"] < 640

        press(page, "Get your recommendation")
        expect(page).to_have_url(re.compile(r"/result$"))
        # the charts (folded for advisers) stacked: the narrow pictures shown, the wide ones not
        page.locator("details#adviser-detail > summary").click()
        expect(page.locator("svg.fa-chart--narrow").first).to_be_visible()
        expect(page.locator("svg.fa-chart--wide").first).to_be_hidden()
        for svg in page.locator("svg.fa-chart--narrow").all():
            if svg.is_visible():
                assert svg.bounding_box()["width"] <= WIDTH
        _fits_and_passes(page, seen, javascript)
        page.screenshot(path=screenshots / f"result-320-{'js' if javascript else 'nojs'}.png")
    finally:
        context.close()
    assert len(seen) >= 30, seen


@pytest.mark.parametrize("path", ["/rules", "/rules?q=pension+wales", "/rules/topics/pension"])
def test_the_rules_pages_fit_320_pixels(browser, server, path):
    context = browser.new_context(base_url=server, viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    try:
        assert page.goto(path).ok
        _fits_and_passes(page, [])
    finally:
        context.close()


def test_the_rules_are_searched_without_javascript(page_without_js: Page, screenshots):
    page = page_without_js
    page.goto("/rules")
    page.get_by_label("Search the rules").fill("CNSGP england")
    press(page, "Search")
    expect(page).to_have_url(re.compile(r"/rules\?q=CNSGP\+england$"))
    found = page.locator(".fa-rules-found li > a")
    expect(found.first).to_be_visible()
    follow(page, found.first.inner_text())
    expect(page.locator(".fa-rule-when")).to_contain_text("Which nation are your practices in?")
    expect(page.locator("main")).not_to_contain_text(re.compile(r"\{[a-z_.]+\}"))
    page.screenshot(path=screenshots / "rules-search.png", full_page=True)
