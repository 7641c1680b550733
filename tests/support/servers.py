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
    log: Path,
    database_url: str | None,
    rules: Path | None = None,
    env: dict | None = None,
    *,
    program: list[str] | None = None,
    cwd: Path | None = None,
    inherit: bool = True,
) -> tuple[subprocess.Popen, str]:
    """A started server (its output appended to `log`) and its base URL, once /healthz answers.

    `program` is the `formadvisor` command (default: this interpreter's); `database_url` None
    leaves the database to `env` or the default; `env` is added to this process's environment,
    or with `inherit=False` is the whole of it.
    """
    port = free_port()
    command = [*(program or [sys.executable, "-m", "formadvisor.cli"]), "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    command += ["--rules", str(rules)] if rules else []
    environment = {**(os.environ if inherit else {}), **(env or {})}
    if database_url is not None:
        environment["FORMADVISOR_DATABASE_URL"] = database_url
    with log.open("ab") as out:
        child = subprocess.Popen(
            command, env=environment, cwd=cwd, stdout=out, stderr=subprocess.STDOUT
        )
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
    env = {
        "FORMADVISOR_PDF_CACHE": str(folder / "pdf-cache"),
        "FORMADVISOR_PDF_PREPARE": "false",  # no background PDFs eating the tests' CPU
        **(env or {}),
    }
    child, base = start(folder / "server.log", f"sqlite:///{folder / 'db.sqlite3'}", rules, env)
    try:
        yield base
    finally:
        stop(child)
