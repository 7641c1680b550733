"""Browser tests: the real server in a child process, driven by Debian's headless chromium.

One server and one browser per session; a new browser context (cookies, storage) per test.
Every request that is not to the local server is aborted, so the NHS font host and anything
else outside are never reached and a test never depends on the network.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from formadvisor.settings import Settings
from tests.support.data import ROOT
from tests.support.servers import serving

CHROMIUM = Path("/usr/bin/chromium")
# Headless flags that work on these machines (web-notes.md): no sandbox in containers, and no
# background traffic (updates, sync, QUIC) that the network block would only have to refuse.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent
# CI sets this so that a missing chromium fails the run instead of skipping the browser tests.
REQUIRED = os.environ.get("FORMADVISOR_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser`; skip them all when chromium is missing."""
    missing = None
    if not CHROMIUM.exists():
        missing = "Debian chromium not installed: apt-get install chromium"
    elif not Settings().assets_dir.joinpath("nhsuk-frontend.min.css").exists():
        missing = "nhsuk-frontend assets not fetched: make assets"
    ours = [item for item in items if HERE in Path(item.path).parents]
    if ours and missing and REQUIRED:
        raise pytest.UsageError(f"browser tests required but cannot run: {missing}")
    for item in ours:
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """`formadvisor serve` on a free port with a fresh SQLite database; yields its base URL."""
    with serving(tmp_path_factory.mktemp("server")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Never a downloaded browser: Playwright's own builds cannot be fetched here.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, server: str, **context_options):
    """A page in a fresh context that may only talk to `server`; returns (context, page, log)."""
    context = browser.new_context(base_url=server, accept_downloads=True, **context_options)
    context.set_default_timeout(10_000)
    blocked: list[str] = []

    def only_local(route):
        url = route.request.url
        if url == server or url.startswith(f"{server}/"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", only_local)
    page = context.new_page()
    # Uncaught script errors (a broken initAll() would show here) and server errors (5xx): the
    # `page` fixture fails the test on either, naming what went wrong.
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "response",
        lambda r: r.status >= 500 and page.errors.append(f"{r.status} from {r.url}"),
    )
    page.blocked = blocked
    return context, page


@pytest.fixture
def page(browser, server):
    """A page with JavaScript, in its own context; fails on a script error or a server error."""
    context, page = _new_page(browser, server)
    yield page
    context.close()
    assert page.errors == [], f"errors on the page: {page.errors}"


@pytest.fixture
def page_without_js(browser, server):
    """A page with JavaScript switched off: the journey must work without it."""
    context, page = _new_page(browser, server, java_script_enabled=False)
    yield page
    context.close()
    assert page.errors == [], f"errors on the page: {page.errors}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """var/screenshots/ in the repository (gitignored), for the pictures a reviewer looks at."""
    folder = ROOT / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
