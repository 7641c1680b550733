"""The compare page in chromium: from the result page's "Compare with the runner-up" link to a
table of both options by topic, axe finds no violation, and at 320 px nothing scrolls sideways
(the table stacks, each cell under its option's name)."""

from __future__ import annotations

from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES

from .axe import assert_accessible


def test_compare_with_the_runner_up_at_320_pixels_with_no_axe_violation(
    browser, server, page, screenshots
):
    context = browser.new_context(base_url=server)
    answers = read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data
    reply = context.request.post("/api/v1/assessments", data=answers)
    assert reply.status == 201, reply.text()
    result = reply.json()["link"].rstrip("/") + "/result"
    context.close()

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.goto(result).ok
    link = page.locator(".fa-compare-link a").first
    runner_up = link.inner_text().split("runner-up, ", 1)[1]
    link.click()
    page.wait_for_url("**/compare?**")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().endswith(f"compared with {runner_up}")
    table = page.get_by_role("table")
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    assert table.get_by_role("rowheader", name="Asset lock and profit").is_visible()
    cited = table.locator(".fa-compare__cites a[href^='#source-']").first
    cited.click()  # a cited source is in the list at the end
    target = cited.get_attribute("href").removeprefix("#")
    assert page.locator(f'[id="{target}"]').is_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(page)
    table.screenshot(path=screenshots / "compare-320.png")
    page.set_viewport_size({"width": 1024, "height": 768})
    assert_accessible(page)
    page.screenshot(path=screenshots / "compare.png", full_page=True)
