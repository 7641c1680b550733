"""A real `formadvisor serve` in a child process on a free loopback port, for the tests that
need one (browser, reload, crash safety): started, waited for, and stopped in one place."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

STARTUP_SECONDS = 60  # generous: a loaded 2-core machine starts it in a few seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    log: Path, database_url: str, rules: Path | None = None, env: dict | None = None
) -> tuple[subprocess.Popen, str]:
    """A started server (its output appended to `log`) and its base URL, once /healthz answers."""
    port = free_port()
    command = [sys.executable, "-m", "formadvisor.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), *(["--rules", str(rules)] if rules else [])]
    environment = {**os.environ, "FORMADVISOR_DATABASE_URL": database_url, **(env or {})}
    with log.open("ab") as out:
        child = subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            pytest.fail(f"the server exited with {child.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return child, base
        except OSError:
            time.sleep(0.1)
    stop(child)
    pytest.fail(f"the server did not answer /healthz in {STARTUP_SECONDS} s:\n{log.read_text()}")


def stop(child: subprocess.Popen) -> None:
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


@contextmanager
def serving(folder: Path, rules: Path | None = None, env: dict | None = None) -> Iterator[str]:
    """A server with a fresh SQLite database in `folder` (its log there too): its base URL."""
    child, base = start(folder / "server.log", f"sqlite:///{folder / 'db.sqlite3'}", rules, env)
    try:
        yield base
    finally:
        stop(child)
