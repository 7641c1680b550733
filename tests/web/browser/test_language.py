"""The language link in a real browser: "Cymraeg" turns the page it is on into Welsh, the
journey stays in Welsh from page to page, and "English" turns it back."""

from __future__ import annotations

from playwright.sync_api import expect

from .axe import assert_accessible


def test_the_language_link_switches_the_page_and_the_journey_remembers_it(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    link = page.locator("a.formadvisor-language")
    assert (link.get_attribute("lang"), link.get_attribute("hreflang")) == ("cy", "cy")
    link.click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert page.url.endswith("/?lang=cy")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dewis ffurf gyfreithiol")
    assert_accessible(page)
    page.get_by_role("button", name="Dechrau nawr").click()  # a form post, then a redirect
    expect(page.get_by_role("button", name="Parhau")).to_be_visible()
    assert "/questions/" in page.url
    assert "lang=" not in page.url  # the cookie carries the language now
    assert page.locator("html").get_attribute("lang") == "cy"
    assert_accessible(page)
    here = page.url
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()
    assert page.url == here + "?lang=en"
    assert page.locator("html").get_attribute("lang") == "en"
