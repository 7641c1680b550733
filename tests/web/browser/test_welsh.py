"""The Welsh cluster's whole journey in Welsh, in chromium: every question, the services, check
your answers, the result, the partners' pack (PDF), then the compare and "What would it take?"
pages; axe on each kind of page with `lang="cy"`.

The questions are answered by their ids and values (the form's own `name` and `value`), so the
test does not depend on how each label is translated; what it checks is that each page speaks
Welsh: every question's legend or label is the Welsh policy's, the buttons and headings are the
catalogue's Welsh, and the PDF has the Welsh headings and none of the English ones. Pictures of
the Welsh question page, result page and PDF page 1 go to var/screenshots/ and docs/images/
(docs/operations.md shows them), and to FORMADVISOR_SHOTS when it is set.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from formadvisor.i18n import gettext

from .axe import assert_accessible
from .cluster import GROUP_ANSWERS, SERVICE_ANSWERS

LANG = "cy"
# The PDF's headings (report.html, action_plan.html, whatif.html with `pdf`): the Welsh pack has
# the Welsh of each on a line of its own and never the English.
PDF_HEADINGS = (
    "The answers given",
    "About this report",
    "Sources",
    "What would change the recommendation",
    "Things to consider and check",
    "Contract route for each service",
    "Check these first",
    "What it means",
    "What decided it",
    "Scores of each form",
    "Contract routes, service by service",
)


HEADINGS = "main h1, main h2, main h3, main h4"


def cy(message: str, **values: object) -> str:
    return gettext(LANG, message, **values)


@pytest.fixture(scope="module")
def welsh(advisor):
    speaking = advisor.language(LANG)
    assert speaking.policy.lang == LANG, "the rules have no Welsh"
    return speaking


@pytest.fixture(scope="module")
def shots() -> list[Path]:
    """Where the pictures go: var/screenshots/welsh/, docs/images/ (docs/operations.md shows
    them) and FORMADVISOR_SHOTS when set."""
    from tests.support.data import ROOT

    folders = [ROOT / "var" / "screenshots" / "welsh", ROOT / "docs" / "images"]
    if os.environ.get("FORMADVISOR_SHOTS"):
        folders.append(Path(os.environ["FORMADVISOR_SHOTS"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


def _keep(shots: list[Path], made: Path) -> None:
    for folder in shots:
        if made.parent != folder:
            shutil.copyfile(made, folder / made.name)


def _with_defaults(questions, answers: dict) -> dict:
    """The answers, and every other question at its default (the journey preselects nothing)."""
    return {**{q.id: q.default for q in questions if q.default is not None}, **answers}


def _submit(page: Page) -> None:
    """Press the page's form button and wait for the next page."""
    with page.expect_navigation():
        page.locator("main form button").last.click()
    page.wait_for_load_state()


def _answer(page: Page, name: str, value: object) -> bool:
    """Answer the question whose fields are named `name`, if the page shows it visibly."""
    fields = page.locator(f"main form [name='{name}']")
    if not fields.count() or not fields.first.is_visible():
        return False
    kind = fields.first.get_attribute("type")
    if kind == "checkbox":
        for i in range(fields.count()):
            box = fields.nth(i)
            box.set_checked(box.get_attribute("value") in value)
    elif kind == "radio":
        chosen = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        fields.locator(f"xpath=self::*[@value='{chosen}']").check()
    else:
        fields.first.fill(str(value))
    return True


def _question_words(page: Page) -> set[str]:
    """The visible legends and labels of the page's questions."""
    script = """() => [...document.querySelectorAll("main legend, main label")]
      .filter(e => e.checkVisibility()).map(e => e.textContent.replace(/\\s+/g, " ").trim())"""
    return set(page.evaluate(script))


def _answer_pages(page: Page, questions, answers: dict, until: str, on_page) -> list[str]:
    """Answer each page's questions in Welsh until the address matches `until`; each question
    answered must be worded on its page as the Welsh policy words it."""
    texts = {q.id: q.text for q in questions}
    asked = []
    for _ in range(40):
        if re.search(until, page.url):
            return asked
        assert page.locator("html").get_attribute("lang") == LANG, page.url
        on_page(page)
        words = _question_words(page)
        for qid, value in answers.items():
            if _answer(page, qid, value):
                assert texts[qid] in words, f"{qid}: {texts[qid]!r} not on {page.url}: {words}"
                asked.append(qid)
        _submit(page)
        errors = page.locator(".nhsuk-error-summary")
        assert not errors.count(), f"{page.url} answered {asked}: {errors.inner_text()}"
    raise AssertionError(f"never reached {until!r}; last page {page.url}")


def _pdf_lines(path: Path) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [" ".join(line.split()) for line in done.stdout.splitlines() if line.strip()]


def _english_headings(result: str) -> set[str]:
    """Every heading of the same result page in English (asked for without the journey's
    cookie): the rules' words (options, topics, questions) as well as the page's own."""
    with urllib.request.urlopen(f"{result}?lang=en", timeout=60) as reply:
        soup = BeautifulSoup(reply.read(), "html.parser")
    found = {" ".join(h.get_text(" ", strip=True).split()) for h in soup.select(HEADINGS)}
    assert len(found) > 20, found
    return found


def test_the_whole_journey_in_welsh_to_the_result_and_its_pack(
    page, welsh, server, shots, tmp_path
):
    english = {q.id: q.text for q in (welsh.language("en").policy.questionnaire.questions)}
    policy = welsh.policy
    questionnaire = policy.questionnaire
    assert questionnaire.questions[0].text != english[questionnaire.questions[0].id], (
        "the questionnaire has no Welsh"
    )
    checked: dict[str, int] = {}

    def axe(kind: str) -> None:
        assert page.locator("html").get_attribute("lang") == LANG
        assert_accessible(page)
        checked[kind] = checked.get(kind, 0) + 1

    page.goto("/?lang=cy")  # remembered for the journey (a cookie)
    axe("start")
    expect(page.locator("main form button").last).to_have_text(cy("Start now"))
    _submit(page)

    def question_page(page: Page) -> None:
        if "question" not in checked and page.locator("main input[type=radio]").count():
            axe("question")
            page.screenshot(path=shots[0] / "welsh-question.png", full_page=True)
            _keep(shots, shots[0] / "welsh-question.png")

    def service_page(page: Page) -> None:
        if "service question" not in checked:
            axe("service question")

    group = _with_defaults(questionnaire.questions, GROUP_ANSWERS)
    _answer_pages(page, questionnaire.questions, group, r"/services$", question_page)
    for service in SERVICE_ANSWERS:
        _answer(page, "add_another", True)
        _submit(page)
        answers = _with_defaults(questionnaire.service_questions, service)
        _answer_pages(page, questionnaire.service_questions, answers, r"/services$", service_page)
    _answer(page, "add_another", False)
    _submit(page)
    expect(page).to_have_url(re.compile(r"/check$"))
    axe("check answers")
    _submit(page)

    # The result, in the Welsh policy's words and the catalogue's Welsh.
    expect(page).to_have_url(re.compile(r"/result$"))
    expected = welsh.recommend({**GROUP_ANSWERS, "services": SERVICE_ANSWERS})
    form = policy.option(expected.organisational_form.recommended).label
    expect(page.get_by_role("heading", level=1)).to_have_text(
        cy("Recommended form: %(form)s", form=form)
    )
    expect(page.locator(".fa-headline")).to_have_text(expected.summary.headline)
    for service in expected.services:
        row = page.locator("#routes .nhsuk-summary-list__row", has_text=service.name)
        route = policy.option(service.contract_route.recommended).label
        expect(row.locator(".fa-route")).to_have_text(route)
    for heading in ("Check these first", "What it means", "What would change the recommendation"):
        expect(page.get_by_role("heading", name=cy(heading), exact=True)).to_be_visible()
    # Public documents' titles stay English, marked so; an unsourced fact's words are Welsh.
    sources = page.locator("#sources li.fa-source").evaluate_all(
        """all => all.map(li => [!!li.querySelector('.fa-source__check'),
          li.querySelector('.fa-source__id + *')?.getAttribute('lang') ?? null])"""
    )
    assert {lang for unsourced, lang in sources if not unsourced} == {"en"}
    assert {lang for unsourced, lang in sources if unsourced} == {None}
    axe("result")
    page.screenshot(path=shots[0] / "welsh-result.png")  # the top: what a reader sees first
    _keep(shots, shots[0] / "welsh-result.png")

    # The partners' pack, downloaded as a person would.
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=cy("Download the partners' pack (PDF)")).click()
    pdf = tmp_path / "pecyn.pdf"
    download.value.save_as(pdf)
    lines = _pdf_lines(pdf)
    for heading in {*PDF_HEADINGS, *_english_headings(server + urlparse(page.url).path)}:
        assert heading not in lines, f"English heading in the Welsh PDF: {heading}"
    for heading in ("The answers given", "About this report", "Sources"):
        assert cy(heading) in lines, f"no {cy(heading)!r} in the Welsh PDF"
    words = " ".join(lines).replace("‐ ", "")  # words hyphenated at a line's end, joined
    assert cy("Recommended form: %(form)s", form=form) in words
    assert cy("Page") + " 1 " + cy("of") in words
    assert not re.search(r"\bPage \d+ of \d+", words)  # on no page
    assert expected.disclaimer in words
    picture = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*picture, str(pdf), str(shots[0] / "welsh-pdf-page1")], check=True)
    _keep(shots, shots[0] / "welsh-pdf-page1.png")

    # Compare the form with the runner-up, and "What would it take?" for another form.
    result = page.url
    page.goto(page.locator(".fa-compare-link a").first.get_attribute("href"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=cy("Back to the result"))).to_be_visible()
    axe("compare")
    page.goto(result)
    page.goto(page.locator(".fa-what-if__see").first.get_attribute("href"))
    expect(page.get_by_role("heading", level=1)).to_have_text(cy("See this result"))
    axe("see this result")
    page.goto(result)
    reach = page.locator(".fa-reach-link a").first
    page.goto(reach.get_attribute("href"))
    expect(page.get_by_role("link", name=cy("Back to your result"))).to_be_visible()
    axe("reach")
    assert set(checked) == {
        "start",
        "question",
        "service question",
        "check answers",
        "result",
        "compare",
        "see this result",
        "reach",
    }, checked
