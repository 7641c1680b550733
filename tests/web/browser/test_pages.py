"""Pages that exist without an assessment: the start page, the health check, a missing page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from .axe import assert_accessible


def test_start_page_is_accessible_and_asks_nothing_of_the_outside(page, screenshots):
    reply = page.goto("/")
    assert reply.status == 200
    assert page.title().endswith("– formadvisor")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)
    # `make assets` removed the NHS CSS's remote font (CSP font-src 'self'): nothing outside
    # the server was asked for, not even by the CSS.
    assert page.blocked == [], page.blocked
    page.screenshot(path=screenshots / "start.png", full_page=True)


def test_nothing_outside_the_server_is_reachable(page):
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("https://www.nhs.uk/")
    assert page.blocked == ["https://www.nhs.uk/"]


def test_healthz_answers_from_the_real_server(page):
    reply = page.goto("/healthz")
    assert reply.status == 200
    assert reply.json()["status"] == "ok"


def test_a_missing_page_says_so_accessibly(page):
    reply = page.goto("/no-such-page")
    assert reply.status == 404
    assert_accessible(page)
