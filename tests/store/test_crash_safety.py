"""Crash safety: `kill -9` the real server during 100 concurrent saves, start it again on the
same database, and find every save it acknowledged (201 with an id) there and intact.

SQLite (a temporary file, in WAL mode with synchronous=FULL) always; PostgreSQL too where
Debian's server is installed (/usr/lib/postgresql/*/bin): a throwaway cluster is started for
the test and removed after it. Loopback only, bounded: a few rounds of 100 saves each.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from formadvisor.store.database import Store
from tests.support.data import WALES_PHARMACY
from tests.support.servers import free_port, start

SAVES = 100
KILL_AFTER = 15  # acknowledged saves before the kill: the rest are in flight or not yet sent
STARTUP_SECONDS = 60
# Saves queue behind one engine; on a busy shared machine the first acknowledgements may take
# minutes, so nothing gives up early (a save cut off by the kill fails at once anyway).
WAIT_SECONDS = 600
CHECKED = ("id", "answers", "result", "trace", "rules_hash", "rules_release", "created")


def _answers(round_: int, i: int) -> dict:
    service = {**WALES_PHARMACY["services"][0], "name": f"Service {round_}-{i}"}
    return {**WALES_PHARMACY, "member_practices": 2 + i % 30, "services": [service]}


def _save(base: str, answers: dict) -> dict | None:
    """The saved assessment as acknowledged, or None when the save was not acknowledged."""
    request = urllib.request.Request(
        f"{base}/api/v1/assessments",
        data=json.dumps(answers).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as reply:
            if reply.status == 201:
                return json.loads(reply.read())
    except (OSError, http.client.HTTPException, ValueError):
        pass  # refused, reset or cut off by the kill: not acknowledged
    return None


def _round(database_url: str, log: Path, round_: int) -> tuple[dict[str, dict], int]:
    """100 concurrent saves, killed part-way; returns the acknowledged ones and the number
    that were not."""
    child, base = start(log, database_url)
    acknowledged: dict[str, dict] = {}
    lock = threading.Lock()
    enough = threading.Event()

    def one(i: int) -> None:
        saved = _save(base, _answers(round_, i))
        if saved is not None:
            assert saved["answers"] == _answers(round_, i)
            with lock:
                acknowledged[saved["id"]] = saved
                if len(acknowledged) >= KILL_AFTER:
                    enough.set()

    try:
        with ThreadPoolExecutor(max_workers=SAVES) as pool:
            futures = [pool.submit(one, i) for i in range(SAVES)]
            enough.wait(timeout=WAIT_SECONDS)
            os.kill(child.pid, signal.SIGKILL)  # kill -9: no shutdown, no flush, no goodbye
            for f in futures:
                f.result()
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    return acknowledged, SAVES - len(acknowledged)


def _check_all_there(database_url: str, log: Path, acknowledged: dict[str, dict]) -> None:
    child, base = start(log, database_url)
    try:
        for aid, saved in acknowledged.items():
            with urllib.request.urlopen(f"{base}/api/v1/assessments/{aid}", timeout=30) as r:
                found = json.loads(r.read())
            for field in CHECKED:
                assert found[field] == saved[field], (aid, field)
    finally:
        child.terminate()
        child.wait(timeout=30)


def _kill_rounds(database_url: str, log: Path, rounds: int) -> tuple[int, int]:
    everything: dict[str, dict] = {}
    lost_in_flight = 0
    for round_ in range(rounds):
        acknowledged, unacknowledged = _round(database_url, log, round_)
        assert len(acknowledged) >= KILL_AFTER
        assert unacknowledged > 0, "every save finished before the kill: not a crash test"
        everything.update(acknowledged)
        lost_in_flight += unacknowledged
        # Every acknowledged save so far, this round's and the earlier rounds', is intact.
        _check_all_there(database_url, log, everything)
    print(
        f"\n{rounds} kills survived; {len(everything)} acknowledged saves all found intact; "
        f"{lost_in_flight} saves were in flight or unsent at the kills"
    )
    return len(everything), lost_in_flight


def test_a_sqlite_file_is_opened_in_wal_mode_with_full_sync(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    store.close()
    memory = Store("sqlite://")  # no file, no log: the pragmas are not asked for
    with memory.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "memory"
    memory.close()


def test_sqlite_keeps_every_acknowledged_save_through_kill_9(tmp_path):
    db = tmp_path / "db.sqlite3"
    _kill_rounds(f"sqlite:///{db}", tmp_path / "server.log", rounds=2)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- PostgreSQL ----------------------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts)
    return found[-1].parent if found else None


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL cluster on a free loopback port (as scripts/with-postgres.sh)."""
    bindir = _postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    pytest.importorskip("psycopg")
    folder = Path(tempfile.mkdtemp(prefix="formadvisor-pg."))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = free_port()

    def run(*command: str) -> None:
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    try:
        run(*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "formadvisor")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
        run(*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
            "-w", "start", "-o", options)  # fmt: skip
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "formadvisor",
            "crash")  # fmt: skip
        yield f"postgresql+psycopg://formadvisor@127.0.0.1:{port}/crash"
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_postgres_keeps_every_acknowledged_save_through_kill_9(postgres_url, tmp_path):
    _kill_rounds(postgres_url, tmp_path / "server.log", rounds=2)
