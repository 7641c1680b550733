"""A group in the real browser: an organiser and three practices, each in a browser context of
its own (own cookies, nothing shared but the links the organiser copies). The organiser names
the group, copies the links, answers the facts and adds a service; the practices answer
differently; the group page then shows the splits, those that change the recommendation first
and marked so. axe finds no violation on any kind of page on the way. The pictures a reviewer
looks at (the group page, the PDF's first page) go to var/screenshots/ (or FORMADVISOR_SHOTS)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .answering import answer, continue_, press
from .axe import assert_accessible
from .conftest import _new_page

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# What sticks out past the screen's right edge (the failure names it).
WIDER = """() => [...document.querySelectorAll("main *")]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .slice(0, 5).map(e => e.tagName + "." + e.className)"""
PRACTICES = ("Ash Surgery", "Birch Practice", "Cedar Health")
SURPLUS = "What should happen to any surplus?"
ASSET_LOCK = "Do you want a legal guarantee that assets and surplus serve the community?"
CONTROL = "How should the organisation be controlled?"
COMMITTED = "Is your practice committed to joining?"
RISK = "How much financial risk will the members take on?"
PRIORITY = "What matters more in setting the organisation up?"
ANSWERS = {
    "Ash Surgery": {
        SURPLUS: "It stays in the organisation or goes to the community",
        ASSET_LOCK: "Yes",
        CONTROL: "One member one vote",
        RISK: "Low",
        PRIORITY: "Both equally",
    },
    "Birch Practice": {
        SURPLUS: "It may be paid out to the members",
        ASSET_LOCK: "No",
        CONTROL: "Votes in proportion to shares held",
        RISK: "High",
        PRIORITY: "Starting quickly",
    },
    "Cedar Health": {
        SURPLUS: "It stays in the organisation or goes to the community",
        ASSET_LOCK: "Yes",
        CONTROL: "Led by a board",
        RISK: "Medium",
        PRIORITY: "Keeping set-up costs low",
        COMMITTED: "No",
    },
}
# Every other yes-or-no question on the practice's page (its radios are never pre-selected).
OTHERWISE = {
    "Will the organisation exist only for charitable purposes?": "No",
    COMMITTED: "Yes",
    "Do the GP owners want to keep practitioner status in the NHS Pension Scheme for their work "
    "for the organisation?": "No",
}


@pytest.fixture
def shots(screenshots) -> Path:
    folder = Path(os.environ.get("FORMADVISOR_SHOTS", screenshots))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def assert_reflows(page) -> None:
    """At 320 CSS pixels the page needs no sideways scrolling (WCAG 1.4.10)."""
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate(SIDEWAYS) <= 0, f"{page.url} scrolls sideways: {page.evaluate(WIDER)}"
    page.set_viewport_size({"width": 1280, "height": 720})


def _organiser_sets_up(page) -> dict[str, str]:
    page.goto("/")
    press(page, "Answer together as a group", role="link")
    assert_accessible(page)  # the start page
    press(page, "Start now")
    continue_(page)  # nothing entered: the error summary names both fields
    summary = page.locator(".nhsuk-error-summary")
    assert summary.get_by_role("link", name="Enter the group's name").count() == 1
    assert page.title().startswith("Error: ")
    assert_accessible(page)  # the form, with errors
    page.get_by_label("What is your group called?").fill("Riverside")
    page.get_by_label("Which practices are in the group?").fill("\n".join(PRACTICES))
    continue_(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Your group's links"
    assert_accessible(page)  # the links, shown once
    links = {
        p: page.locator(f"#practice-link-{i}").inner_text() for i, p in enumerate(PRACTICES, 1)
    }
    links["read"] = page.locator("#read-link").inner_text()
    links["organiser"] = page.locator("#organiser-link").inner_text()
    press(page, "Continue")

    # The facts, on one page; the reveal under England works as on the journey's pages.
    for question, value in {
        "Which nation are your practices in?": "England",
        "Will the organisation employ primary care network staff on behalf of member "
        "practices?": "No",
        "What is the group for?": ["Deliver services to patients"],
        "Will each practice keep its own GMS or PMS contract?": "Yes",
        "Is an NHS trust or foundation trust willing to lead or host the services?": "No",
        "How much public accountability does the commissioner expect?": "Medium",
        "Will you compete for contracts against other providers?": "No",
        'Will every owner or member of the organisation be "NHS family"?': "Yes",
    }.items():
        answer(page, question, value)
    assert_accessible(page)  # the facts page (conditional radios: the one allowed exception)
    press(page, "Save and continue")
    assert page.url == links["organiser"]
    press(page, "Add a service", role="link")
    for question, value in {
        "What is the service called?": "Pharmacy",
        "What kind of service is it?": "Pharmacy support",
        "Who commissions or pays for it?": "An integrated care board",
        "Will the new organisation employ the staff who deliver it?": "No",
        "Must the staff who deliver it be offered NHS Pension Scheme membership?": "Yes",
        "Will clinicians other than GPs deliver it?": "Yes",
    }.items():
        answer(page, question, value)
    assert_accessible(page)  # a service's page
    press(page, "Save service")
    assert page.url == links["organiser"]
    assert page.locator("#practice-link-1").inner_text() == links[PRACTICES[0]]  # shown again
    assert_accessible(page)  # the organiser's page
    assert_reflows(page)
    return links


def _practice_answers(page, name: str, link: str, shots: Path) -> None:
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Your practice's answers"
    for question, value in {**OTHERWISE, **ANSWERS[name]}.items():
        answer(page, question, value)
    if name == "Birch Practice":  # revealed under "paid out to the members"
        answer(
            page,
            "Do the members want the organisation's profits taxed on them as partners, "
            "as in a GP partnership?",
            "Yes",
        )
    if name == "Cedar Health":
        page.get_by_label("Pharmacy", exact=True).uncheck()
    else:
        page.get_by_label("Pharmacy", exact=True).check()
    if name == "Ash Surgery":
        assert_accessible(page)  # the practice's page
        page.screenshot(path=shots / "group-practice.png", full_page=True)
    continue_(page)
    problems = page.locator(".nhsuk-error-summary")
    assert not problems.count(), problems.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check your answers before sending them"
    )
    if name == "Ash Surgery":
        assert_accessible(page)  # check your answers
    press(page, "Send your answers")
    assert page.locator(".fa-sent").is_visible()
    if name == "Ash Surgery":
        assert_accessible(page)  # the answers as sent


def test_an_organiser_and_three_practices(browser, server, page, shots):
    links = _organiser_sets_up(page)
    page.screenshot(path=shots / "group-organiser.png", full_page=True)

    for name in PRACTICES:  # each practice in a browser of its own
        context, practice = _new_page(browser, server)
        try:
            _practice_answers(practice, name, links[name], shots)
            text = practice.locator("main").inner_text()
            assert not any(other in text for other in PRACTICES if other != name)
            assert practice.errors == []
        finally:
            context.close()

    # The group page through the read link, in a fresh browser.
    context, reader = _new_page(browser, server)
    try:
        reader.goto(links["read"])
        assert reader.url.endswith("/group")
        assert reader.locator(".fa-answered").inner_text() == "3 of 3 practices have answered."
        assert reader.locator("form").count() == 0
        matter = reader.locator("#splits-that-matter .fa-group-question")
        assert matter.count() >= 1
        for i in range(matter.count()):
            tag = matter.nth(i).locator(".nhsuk-tag").first
            assert tag.inner_text() == "Changes the recommendation"
        headings = reader.locator("main h2").all_inner_texts()
        assert headings.index("Splits that change the recommendation") < headings.index(
            "Splits that do not change the recommendation"
        )
        surplus = reader.locator("#question-profit_intent")
        assert surplus.locator("svg[role=img] title").text_content() == "Answers to: Surplus"
        assert "Cedar Health" in reader.locator("#commitment").inner_text()
        assert_accessible(reader)  # the group page
        reader.screenshot(path=shots / "group-page.png", full_page=True)
        reader.screenshot(path=shots / "group-page-first-screen.png")
        reader.locator("#splits-that-matter").screenshot(path=shots / "group-page-splits.png")
        assert_reflows(reader)
        with reader.expect_download() as download:
            reader.get_by_role(
                "button", name="Download the partners' pack for the group (PDF)"
            ).click()
        pdf = shots / "group-pack.pdf"
        download.value.save_as(pdf)
        assert reader.errors == []
    finally:
        context.close()
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", pdf, shots / "group-pack"],
            check=True,
        )
