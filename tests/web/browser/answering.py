"""Answering question pages the way a person does: by the question's words, not by field ids.

An answer is a choice's label ("Wales", "Yes"), a list of labels for checkboxes, or the text to
type. The questions are found by their accessible names (legend or label), so the tests follow
the questionnaire's wording and whatever grouping of questions onto pages the journey uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page

Answer = str | list[str]


def _group(page: Page, question: str):
    """The fieldset whose legend is the question (radios and checkboxes)."""
    return page.get_by_role("group", name=question, exact=True)


def option(group, label: str):
    """The group's own radio with this label; follow-ups revealed inside it come later on the
    page, so a nested question's "Yes" never shadows its parent's."""
    return group.get_by_role("radio", name=label, exact=True).first


# The visible questions' words: legends (radios, checkboxes) and labels (text inputs). A
# follow-up inside a closed reveal is not visible, so it is not asked yet.
_VISIBLE_QUESTIONS = """() => [...document.querySelectorAll("main legend, main label")]
  .filter(e => e.checkVisibility())
  .map(e => e.textContent.replace(/\\s+/g, " ").trim())"""


def questions_asked(page: Page) -> set[str]:
    """The questions the current page visibly asks, in their words (one call to the page)."""
    page.wait_for_load_state()
    return set(page.evaluate(_VISIBLE_QUESTIONS))


def asks(page: Page, question: str) -> bool:
    return question in questions_asked(page)


def answer(page: Page, question: str, value: Answer) -> None:
    group = _group(page, question)
    if isinstance(value, list):
        boxes = group.get_by_role("checkbox")
        for i in range(boxes.count()):
            boxes.nth(i).uncheck()
        for label in value:
            group.get_by_label(label, exact=True).check()
    elif group.count() and group.get_by_role("radio").count():
        option(group, value).check()
    else:
        page.get_by_label(question, exact=True).fill(value)


def press(page: Page, button: str | re.Pattern, role: str = "button") -> None:
    """Press a button (or follow a link, with role="link") and wait for the page it leads to, so
    that nothing (axe least of all) looks at a page still loading."""
    with page.expect_navigation():
        page.get_by_role(role, name=button).click()
    page.wait_for_load_state()


def follow(page: Page, link: str | re.Pattern) -> None:
    press(page, link, role="link")


def continue_(page: Page) -> None:
    """Press Continue and wait for whatever comes next (a new page or the same with errors)."""
    press(page, "Continue")


def answer_pages(
    page: Page,
    answers: dict[str, Answer],
    until: str,
    on_page: Callable[[Page], None] | None = None,
    limit: int = 40,
) -> list[str]:
    """Answer every listed question that each page asks and continue, until the URL matches.

    Other questions keep what the page shows (their defaults). `on_page` sees each page first.
    Returns the questions answered, in order. Fails on an error summary (say, a required
    question the caller left out) or if `until` is never reached.
    """
    seen = []
    for _ in range(limit):
        if re.search(until, page.url):
            return seen
        if on_page:
            on_page(page)
        asked = questions_asked(page)
        for question, value in answers.items():
            if question in asked:
                answer(page, question, value)
                seen.append(question)
        continue_(page)
        errors = page.locator(".nhsuk-error-summary")
        if errors.count():
            raise AssertionError(f"{page.url} answered {seen}: {errors.inner_text()}")
    raise AssertionError(f"never reached {until!r}; last page {page.url}; answered {seen}")
