"""The rules pages in a real browser: accessible (axe, WCAG 2.2 AA), with and without a
rejected edit of the rules, and reachable from the header."""

from __future__ import annotations

import shutil
import time
import urllib.request
from pathlib import Path

import pytest

from formadvisor.rules.checks import load_policy
from tests.support.data import RULES
from tests.support.servers import serving

from .axe import assert_accessible
from .conftest import _new_page


def test_the_rules_page_is_accessible_and_linked_from_the_header(page, screenshots):
    page.goto("/")
    page.get_by_role("link", name="Rules", exact=True).click()
    page.wait_for_url("**/rules")
    assert page.get_by_role("heading", level=1).inner_text() == "Rules"
    assert_accessible(page)
    page.screenshot(path=screenshots / "rules.png")


def test_a_rule_page_is_accessible(page, screenshots):
    rule = load_policy(RULES).rules[0].rule
    reply = page.goto(f"/rules/{rule.id}")
    assert reply.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == (rule.title or rule.id)
    assert_accessible(page)
    page.screenshot(path=screenshots / "rule.png", full_page=True)


def test_the_status_page_is_accessible(page):
    reply = page.goto("/rules/status")
    assert reply.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Rules in use"
    assert_accessible(page)


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory):
    """A server on a copy of the rules, whose edit it rejected; yields its base URL."""
    folder = tmp_path_factory.mktemp("broken")
    rules = folder / "rules"
    shutil.copytree(RULES, rules)
    with serving(folder, rules, {"FORMADVISOR_RELOAD_INTERVAL": "0.2"}) as base_url:
        path: Path = rules / "policy" / "pension.yaml"
        path.write_text(path.read_text().replace("exclude: [sla,", "exclude: [no_such_route,", 1))
        deadline = time.monotonic() + 60
        while b'"reload_failed":true' not in urllib.request.urlopen(f"{base_url}/healthz").read():
            assert time.monotonic() < deadline, (folder / "server.log").read_text()
            time.sleep(0.1)
        yield base_url


def test_a_rejected_edit_is_shown_accessibly(browser, broken_server, screenshots):
    context, page = _new_page(browser, broken_server)
    try:
        reply = page.goto("/rules/status")
        assert reply.status == 200
        summary = page.locator(".nhsuk-error-summary")
        assert "no_such_route" in summary.inner_text()
        assert "still serving the last good rules" in page.locator("main").inner_text()
        assert_accessible(page)
        page.screenshot(path=screenshots / "rules-status-rejected.png", full_page=True)
        page.goto("/rules")
        assert "The last edit was rejected" in page.locator("main").inner_text()
        assert_accessible(page)
    finally:
        context.close()
    assert page.errors == []
