"""Without JavaScript: start, an error, and a service asked one question a page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .answering import answer, answer_pages, continue_, follow, option, press
from .cluster import EMPLOYS, NAME, NATION, PHARMACISTS, TUPE, at_defaults


def test_the_journey_works_without_javascript(page_without_js: Page, advisor, screenshots):
    page = page_without_js
    page.goto("/")
    press(page, "Start now")
    expect(page.get_by_role("group", name=NATION)).to_be_visible()

    continue_(page)  # no answer: the server says so, with a summary linking to the field
    assert page.title().startswith("Error: ")
    link = page.locator(".nhsuk-error-summary").get_by_role("link")
    expect(link).to_have_attribute("href", re.compile("^#nation"))
    answer(page, NATION, "Wales")
    continue_(page)
    assert "/questions/" in page.url

    # A service one question a page: the follow-up of employing staff is its own page.
    page.goto(re.sub(r"/questions/.*$", "/services/new", page.url))
    defaults = at_defaults(advisor.policy.questionnaire.service_questions)
    asked = answer_pages(page, {**defaults, **PHARMACISTS}, until=r"/services$")
    assert asked.index(EMPLOYS) < asked.index(TUPE)
    page.screenshot(path=screenshots / "services-no-javascript.png", full_page=True)
    follow(page, "Change Pharmacists")
    expect(page.get_by_label(NAME)).to_have_value("Pharmacists")
    page.goto(re.sub(r"/name$", "/employs_staff_directly", page.url))
    expect(option(page.get_by_role("group", name=EMPLOYS), "Yes")).to_be_checked()
    page.goto(re.sub(r"/employs_staff_directly$", "/staff_transfer_in", page.url))
    expect(option(page.get_by_role("group", name=TUPE), "No")).to_be_checked()
