""" "What would it take?" in the real browser: from the runner-up's link on the result page to
the reach page, its result unfolded, back to the result; axe on the page, 0 violations."""

from __future__ import annotations

from tests.support.data import WALES_PHARMACY

from .axe import assert_accessible

OPEN_FOLDS = """a => {
  for (let d = a.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
}"""


def test_what_would_it_take_from_the_result_page(server, page, screenshots):
    made = page.request.post(f"{server}/api/v1/assessments", data=WALES_PHARMACY)
    assert made.status == 201
    page.goto(made.json()["link"])
    runner_up = page.locator(".fa-option", has_text="(the runner-up)").first
    link = runner_up.locator(".fa-reach-link a")
    link.evaluate(OPEN_FOLDS)
    link.click()  # the reasons are folded on the result page: opened as a reader would
    heading = page.locator("h1")
    assert heading.inner_text().startswith("What would it take for ")
    assert page.locator(".fa-reach-lines li").count() >= 1
    page.get_by_text("See the result with").click()
    assert page.locator("#reach-result").get_attribute("open") is not None
    page.screenshot(path=screenshots / "reach.png", full_page=True)
    assert_accessible(page)
    page.get_by_role("link", name="Back to your result").click()
    assert page.url.endswith("/result")
