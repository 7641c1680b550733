"""Without JavaScript: start, an error, and a service whose follow-up question is simply shown."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .answering import answer, continue_, follow, option, press
from .cluster import EMPLOYS, NATION, PHARMACISTS, TUPE, at_defaults


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

    # The reveal's fallback: the follow-up is on the page from the start, and is saved.
    page.goto(re.sub(r"/questions/.*$", "/services/new", page.url))
    expect(page.get_by_role("group", name=TUPE)).to_be_visible()
    page.screenshot(path=screenshots / "service-no-javascript.png", full_page=True)
    option(page.get_by_role("group", name=EMPLOYS), "Yes").check()
    defaults = at_defaults(advisor.policy.questionnaire.service_questions)
    for question, value in {**defaults, **PHARMACISTS}.items():
        if question != EMPLOYS:
            answer(page, question, value)
    continue_(page)
    expect(page).to_have_url(re.compile(r"/services$"))
    follow(page, "Change Pharmacists")
    expect(option(page.get_by_role("group", name=EMPLOYS), "Yes")).to_be_checked()
    expect(option(page.get_by_role("group", name=TUPE), "No")).to_be_checked()
