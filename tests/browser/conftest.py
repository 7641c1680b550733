"""Browser tests: the real server in a child process, driven by Debian's headless chromium.

One server and one browser per session; a new browser context (cookies, storage) per test.
Every request that is not to the local server is aborted, so the NHS font host and anything
else outside are never reached and a test never depends on the network.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from formadvisor.settings import Settings

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
STARTUP_SECONDS = 30


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_healthy(base_url: str, child: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            pytest.fail(f"the server exited with {child.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server did not answer /healthz in {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> str:
    """`formadvisor serve` on a free port with a fresh SQLite database; yields its base URL."""
    folder = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = {**os.environ, "FORMADVISOR_DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}"}
    command = [sys.executable, "-m", "formadvisor.cli", "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    log = folder / "server.log"
    with log.open("wb") as out:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, child, log)
        yield base_url
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


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
    folder = Settings().web_dir.parent / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
