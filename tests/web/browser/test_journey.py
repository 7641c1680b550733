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
)
from .axe import assert_accessible
from .cluster import (
    BACK_OFFICE,
    GROUP,
    GROUP_ANSWERS,
    KIND,
    NATION,
    NOT_KNOWN,
    PHARMACISTS,
    PRACTICES,
    RISK,
    SERVICE_ANSWERS,
    TEMPORARY,
    TUPE,
    at_defaults,
)

PRACTICES_KEY = "Number of practices"  # check answers' short keys (questionnaire `short`)
KIND_KEY = "Kind of service"

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


def _add_service(page: Page, service: dict, defaults: dict, on_page=None) -> list[str]:
    """From the services list: "add another?" Yes, then the service one question a page (each
    page asks one question, with its place among the service's questions), back to the list."""
    answer(page, re.compile("^Do you need to add (a|another) service\\?$"), "Yes")
    continue_(page)

    def one_question(page: Page) -> None:
        names = page.eval_on_selector_all(
            "main form input:not([type=hidden])", "all => [...new Set(all.map(e => e.name))]"
        )
        assert len(names) == 1, names  # one question a page
        expect(page.locator(".fa-progress__count")).to_have_text(
            re.compile(r"^Question \d+ of \d+$")
        )
        if on_page:
            on_page(page)

    asked = answer_pages(page, {**defaults, **service}, until=r"/services$", on_page=one_question)
    assert asked == list(dict.fromkeys(asked))  # never the same question twice
    return asked


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
    services = page.url
    # Back at the risk question, answered "I do not know": it says what is assumed.
    page.goto(services.replace("/services", "/questions/risk_appetite"))
    risk = page.get_by_role("group", name=RISK, exact=True)
    expect(option(risk, NOT_KNOWN)).to_be_checked()
    expect(risk).to_contain_text("formadvisor then assumes: Medium.")
    axe("question with I do not know")
    page.goto(services)

    service_defaults = at_defaults(advisor.policy.questionnaire.service_questions)

    def service_page(page: Page) -> None:
        if "service question" not in checked:
            axe("service question")
            page.screenshot(path=screenshots / "service-question.png", full_page=True)

    asked = _add_service(page, PHARMACISTS, service_defaults, on_page=service_page)
    assert TUPE in asked  # a follow-up of employing staff, on its own page
    assert TUPE not in _add_service(page, BACK_OFFICE, service_defaults)
    _add_service(page, TEMPORARY, service_defaults)
    axe("services list")
    rows = page.locator(".nhsuk-summary-list__row")
    expect(rows).to_have_count(3)

    follow(page, "Remove Travel clinic")
    axe("remove confirmation")
    press(page, "Yes, remove it")
    expect(rows).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("Travel clinic")

    # "Add another?" unanswered is an error on the list page; No goes on to check answers.
    continue_(page)
    _check_error(page, "Select yes if you need to add another service", "add_another")
    axe("services list with an error")
    answer(page, "Do you need to add another service?", "No")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/check$"))
    axe("check answers")
    # Short keys; "I do not know" says what the rules take instead.
    risk = page.locator(".nhsuk-summary-list__row", has_text="Members' financial risk")
    expect(risk.locator(".nhsuk-summary-list__value")).to_have_text(
        re.compile(r"I do not know\s*Taken as: Medium")
    )

    # Change one answer: back at its own row on check answers, scrolled into view.
    follow(page, f"Change {PRACTICES_KEY}")
    expect(page.get_by_label(PRACTICES)).to_have_value("6")
    answer(page, PRACTICES, "7")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/check#answer-member_practices$"))
    row = page.locator("#answer-member_practices")
    expect(row.locator(".nhsuk-summary-list__value")).to_have_text("7")
    expect(row).to_be_in_viewport()
    # and a service's answer: back to that service's row
    follow(page, f"Change {KIND_KEY} for Pharmacists")
    expect(page.locator(".fa-progress__section")).to_have_text("Services: Pharmacists")
    answer(page, KIND, "Pharmacy support")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/check#service-1-kind$"))
    expect(page.locator("#service-1-kind")).to_be_in_viewport()
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
