"""A Welsh cluster's whole journey in chromium: questions, an error, services, check, result, PDF.

The test answers by the questionnaire's words (labels, legends, button names), checks every
page type with axe on the way, and compares the result page with what the advisor recommends
for the same answers (computed here, never written into the test).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.support.data import ROOT

from .answering import (
    answer,
    answer_pages,
    asks,
    continue_,
    follow,
    option,
    press,
    questions_asked,
)
from .axe import assert_accessible
from .cluster import (
    BACK_OFFICE,
    EMPLOYS,
    GROUP,
    GROUP_ANSWERS,
    NATION,
    PHARMACISTS,
    PRACTICES,
    SERVICE_ANSWERS,
    TEMPORARY,
    TUPE,
    at_defaults,
)

# The README's picture of the result page, committed; every run of this test redraws it.
RESULT_PAGE_PICTURE = ROOT / "docs" / "images" / "result-page.png"


def _kind_of_question(page: Page) -> str | None:
    """radios, checkboxes or number: what the page's first field is."""
    form = page.locator("main form")
    if form.locator("input[type=checkbox]").count():
        return "checkboxes"
    if form.locator("input[type=radio]").count():
        return "radios"
    if form.locator("input[inputmode=numeric]").count():
        return "number"
    return None


def _check_error(page: Page, message: str, field_id_start: str) -> None:
    """The error summary is focused, links to the field, and the same message is by the field."""
    assert page.title().startswith("Error: ")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=message, exact=True)
    href = link.get_attribute("href")
    assert href.startswith(f"#{field_id_start}"), href
    expect(page.locator(".nhsuk-error-message", has_text=message)).to_have_count(1)
    link.click()
    expect(page.locator(href)).to_be_focused()


def _add_service(page: Page, service: dict, defaults: dict, *, employs: bool, axe=None) -> None:
    """Add a service from the services list; with `employs`, open the reveal on the way."""
    press(page, re.compile("^Add (a|another) service$"))
    employs_group = page.get_by_role("group", name=EMPLOYS, exact=True)
    tupe = page.get_by_role("group", name=TUPE, exact=True)
    expect(tupe).to_be_hidden()
    if employs:
        yes = option(employs_group, "Yes")
        yes.check()
        expect(tupe).to_be_visible()  # the conditional reveal
        expect(yes).to_have_attribute("aria-expanded", "true")
        if axe:
            axe(page)
    else:
        option(employs_group, "No").check()
    asked = questions_asked(page)
    for question, value in {**defaults, **service}.items():
        if question != EMPLOYS and question in asked:
            answer(page, question, value)
    press(page, "Save and continue")
    expect(page).to_have_url(re.compile(r"/services$"))


def label(advisor, option_id: str | None) -> str:
    assert option_id, "the advisor recommends nothing here: choose answers that give a result"
    return advisor.policy.option(option_id).label


@pytest.fixture
def expected(advisor):
    """What the advisor recommends for the answers the journey gives (to compare the page with)."""
    return advisor.recommend({**GROUP_ANSWERS, "services": SERVICE_ANSWERS})


def test_a_welsh_cluster_reaches_its_report(page: Page, expected, advisor, screenshots, tmp_path):
    checked: dict[str, int] = {}  # page type -> axe run on it

    def axe(kind: str) -> None:
        assert_accessible(page)
        checked[kind] = checked.get(kind, 0) + 1

    page.goto("/")
    axe("start")
    press(page, "Start now")

    # The first question: continuing without an answer is an error, focused and linked.
    assert asks(page, NATION)
    continue_(page)
    _check_error(page, "Select which nation your practices are in", "nation")
    axe("question with an error")
    page.screenshot(path=screenshots / "question-error.png", full_page=True)

    def inspect(page: Page) -> None:
        """axe on the first clean page of each kind of question."""
        kind = _kind_of_question(page)
        clean = not page.locator(".nhsuk-error-summary").count()
        if kind and clean and kind not in checked:
            axe(kind)
            if kind == "radios":
                page.screenshot(path=screenshots / "question.png", full_page=True)

    # A number that is not a number: the error names the field; the wrong answer stays.
    answer_pages(page, {NATION: "Wales"}, until=r"/questions/member_practices$")
    answer(page, PRACTICES, "six")
    continue_(page)
    expect(page.get_by_label(PRACTICES)).to_have_value("six")
    _check_error(
        page, "Enter the number of practices as a whole number, like 6", "member_practices"
    )

    questions = advisor.policy.questionnaire.questions
    answer_pages(page, {**at_defaults(questions), **GROUP}, until=r"/services$", on_page=inspect)
    axe("services list (empty)")

    service_defaults = at_defaults(advisor.policy.questionnaire.service_questions)

    def reveal_open(page: Page) -> None:
        axe("service page with the reveal open")
        page.screenshot(path=screenshots / "service-reveal.png", full_page=True)

    _add_service(page, PHARMACISTS, service_defaults, employs=True, axe=reveal_open)
    _add_service(page, BACK_OFFICE, service_defaults, employs=False)
    _add_service(page, TEMPORARY, service_defaults, employs=False)
    axe("services list")
    rows = page.locator(".nhsuk-summary-list__row")
    expect(rows).to_have_count(3)

    follow(page, "Remove Travel clinic")
    axe("remove confirmation")
    press(page, "Yes, remove it")
    expect(rows).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("Travel clinic")

    # Check answers; change one answer and come back.
    press(page, "Continue")
    expect(page).to_have_url(re.compile(r"/check$"))
    axe("check answers")
    follow(page, f"Change {PRACTICES}")
    expect(page.get_by_label(PRACTICES)).to_have_value("6")
    answer(page, PRACTICES, "7")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/check$"))
    row = page.locator(".nhsuk-summary-list__row", has_text=PRACTICES)
    expect(row.locator(".nhsuk-summary-list__value")).to_have_text("7")
    page.screenshot(path=screenshots / "check-answers.png", full_page=True)

    # The recommendation: the advisor's form and each service's route, by their labels.
    press(page, "Get your recommendation")
    expect(page).to_have_url(re.compile(r"/result$"))
    form = expected.organisational_form.recommended
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Recommended form: {label(advisor, form)}"
    )
    routes = page.locator("main .nhsuk-summary-list").first
    for service in expected.services:
        row = routes.locator(".nhsuk-summary-list__row", has_text=service.name)
        route = label(advisor, service.contract_route.recommended)
        expect(row.locator(".nhsuk-summary-list__value strong").first).to_have_text(route)
    axe("result")
    page.screenshot(path=screenshots / "result.png")  # the top: what a reader sees first
    shutil.copyfile(screenshots / "result.png", RESULT_PAGE_PICTURE)  # shown in the README

    # The PDF: downloaded as a person would, and it names the recommended form. WeasyPrint
    # takes seconds on a quiet machine and far longer on a loaded one: wait up to a minute.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=re.compile("PDF")).click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert pdf.read_bytes().startswith(b"%PDF-")
    # Its first page as a picture, for people to look at (pdftoppm writes report-pdf-01.png).
    first_page = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1"]
    subprocess.run([*first_page, str(pdf), str(screenshots / "report-pdf")], check=True)
    words = " ".join(text.split())
    assert f"Recommended form: {label(advisor, form)}" in words
    for service in expected.services:
        assert service.name in words
        assert label(advisor, service.contract_route.recommended) in words

    # What changed under the current rules: the same rules here, so nothing (a page all the same).
    reply = page.goto(page.url.replace("/result", "/changes"))
    assert reply.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe("changes")

    assert set(checked) >= {"radios", "checkboxes", "number"}, checked
