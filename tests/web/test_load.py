"""The HTTP load generator (bench/load.py), `serve --workers` and the soak scripts, on tiny runs.

Nothing here is timed: the runs against a real server assert counts and zero errors, not speeds.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bench.load import (
    Tally,
    answer_sets,
    drive,
    endpoints,
    free_port,
    percentile,
    ratios,
    server,
    write_section,
)

from formadvisor.rules.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[2]


def in_thread(make):
    """Run the coroutine `make()` returns on a fresh event loop in its own thread: the browser
    tests leave an event loop running in this one, where `asyncio.run` refuses to start."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(make())).result()


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(100, 0, -1)]  # 100 … 1, unsorted on purpose
    assert [percentile(values, q) for q in (50, 95, 99, 100)] == [50.0, 95.0, 99.0, 100.0]
    assert percentile([0.3, 0.1, 0.2], 50) == 0.2
    assert percentile([7.0], 99) == 7.0


def test_a_tally_counts_statuses_of_400_and_over_and_failures_as_errors():
    tally = Tally()
    tally.answered("a", 0.010, 200)
    tally.answered("a", 0.030, 303)
    tally.answered("a", 0.020, 500)
    tally.answered("a", 0.020, 422)
    tally.failed("a", "ConnectError")
    summary = tally.summary("a", elapsed=2.0)
    assert (summary["requests"], summary["errors"]) == (5, 3)
    assert summary["error_kinds"] == {"HTTP 500": 1, "HTTP 422": 1, "ConnectError": 1}
    assert summary["per_second"] == 2.5
    assert (summary["p50_ms"], summary["p99_ms"]) == (10.0, 30.0)  # answered ones only
    assert tally.total_errors == 3


def test_the_target_ratio_is_what_if_p50_over_healthz_p50_at_10_clients():
    rows = [
        {"endpoint": "GET /healthz", "workers": 1, "clients": 10, "p50_ms": 4.0},
        {"endpoint": "POST recommendations (what-if)", "workers": 1, "clients": 10, "p50_ms": 6.0},
        {"endpoint": "POST recommendations (what-if)", "workers": 1, "clients": 1, "p50_ms": 1.0},
    ]
    assert ratios(rows) == {"1 worker(s)": 1.5}


def test_a_section_is_written_and_the_others_are_kept(tmp_path):
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"engine": {"rows": [1]}}))
    write_section(results, "http", {"rows": [2]})
    write_section(results, "http", {"rows": [3]})
    assert json.loads(results.read_text()) == {"engine": {"rows": [1]}, "http": {"rows": [3]}}


def test_the_answer_sets_include_the_examples(policy):
    sets = answer_sets(policy, count=8)
    examples = [read_yaml(f).data for f in sorted((ROOT / "examples").glob("*.yaml"))]
    assert len(examples) >= 2
    assert sets[: len(examples)] == json.loads(json.dumps(examples, default=str))
    assert len(sets) == 8
    assert len({json.dumps(s, sort_keys=True) for s in sets}) == 8  # the random ones vary


@pytest.fixture(scope="module")
def two_workers():
    with server(workers=2) as base_url:
        yield base_url


def workers_of(port: int) -> list[int]:
    """The worker processes uvicorn spawned for the server listening on `port`."""
    procs = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            procs[int(entry.name)] = (ppid, cmdline)
    parent = [
        pid for pid, (_, cmd) in procs.items() if f"serve --host 127.0.0.1 --port {port} " in cmd
    ]
    assert len(parent) == 1
    return [pid for pid, (ppid, cmd) in procs.items() if ppid == parent[0] and "spawn_main" in cmd]


def test_serve_with_two_workers_starts_two_and_answers(two_workers):
    port = int(two_workers.rsplit(":", 1)[1])
    assert len(workers_of(port)) == 2
    run = in_thread(lambda: drive(two_workers, endpoints([])["GET /healthz"], 4, 40, seconds=60))
    assert run.tally.summary("GET /healthz", run.elapsed)["requests"] == 40
    assert run.tally.total_errors == 0


def test_a_bounded_run_sends_exactly_the_requests_asked_for(two_workers, policy):
    scenario = endpoints(answer_sets(policy, count=6))["POST recommendations (no what-if)"]
    run = in_thread(lambda: drive(two_workers, scenario, clients=3, max_requests=12, seconds=120))
    summary = run.tally.summary("POST recommendations (no what-if)", run.elapsed)
    assert (summary["requests"], summary["errors"]) == (12, 0)
    assert summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"]


def test_errors_from_the_server_and_the_network_are_counted(two_workers):
    async def wrong(client, tally, number):
        if number == 0:
            await tally.call(client, "unknown", "GET", "/assessments/not-a-real-id")
        else:
            await tally.call(client, "invalid", "POST", "/api/v1/recommendations", json={})

    run = in_thread(lambda: drive(two_workers, wrong, clients=2, max_requests=6, seconds=60))
    kinds = run.tally.error_kinds
    assert set(kinds) == {("unknown", "HTTP 404"), ("invalid", "HTTP 422")}
    assert sum(kinds.values()) == run.tally.total_errors == 6
    assert not run.tally.latencies

    nobody = f"http://127.0.0.1:{free_port()}"
    down = in_thread(lambda: drive(nobody, endpoints([])["GET /healthz"], 1, 2, seconds=30))
    assert down.tally.error_kinds == {("GET /healthz", "ConnectError"): 2}


def test_a_redirect_where_a_page_was_expected_is_an_error(two_workers):
    async def resume(client, tally, _):
        await tally.call(client, "start", "GET", "/", 200)
        await tally.call(client, "start", "GET", "/", 303)

    run = in_thread(lambda: drive(two_workers, resume, clients=1, max_requests=2, seconds=60))
    assert run.tally.error_kinds == {("start", "HTTP 200, expected 303"): 1}
    assert len(run.tally.latencies["start"]) == 1


def soak(script: str, tmp_path: Path, **env: str) -> dict:
    results = tmp_path / "soak.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "soak" / script)],
        env={**os.environ, **env, "SOAK_RESULTS": str(results)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(results.read_text())


def test_the_load_soak_walks_the_form_and_the_api_without_errors(tmp_path):
    found = soak("load.py", tmp_path, SOAK_CLIENTS="2", SOAK_SECONDS="1", SOAK_WORKERS="1")
    load = found["load"]
    assert load["errors"] == 0
    seen = load["endpoints"]
    for endpoint in (
        "POST answer",
        "POST check answers",
        "GET result page",
        "GET /api/v1/assessments/{id}",
    ):
        assert seen[endpoint]["requests"] >= 1, endpoint
    assert load["requests"] == sum(e["requests"] for e in seen.values())


def test_the_memory_soak_runs_its_counts_and_reports_growth(tmp_path):
    found = soak("memory.py", tmp_path, SOAK_EVALUATIONS="300", SOAK_RELOADS="3")
    phases = {p["phase"]: p for p in found["memory"]["phases"]}
    assert (phases["evaluations"]["done"], phases["reloads"]["done"]) == (300, 3)
    for p in phases.values():
        assert p["completed"]
        assert p["samples"][0][0] == 0
        assert p["samples"][-1][0] == p["done"]
        assert p["growth_mb"] == pytest.approx(p["rss_end_mb"] - p["rss_start_mb"], abs=0.02)
