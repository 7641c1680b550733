"""HTTP load benchmark: a real uvicorn server on loopback, driven by concurrent clients.

`make bench` runs it after the engine benchmark. It starts `formadvisor serve --workers N` (N = 1,
then 2) on a free loopback port with a temporary SQLite database and the repository's rules, and
drives it with 1, 10 and 50 concurrent clients (each its own connection, as browsers are) against
`GET /healthz` (the server's floor) and `POST /api/v1/recommendations`, with what-if (the API's
default) and without. Every cell is bounded by a number of requests and by seconds: clients stop
starting requests at the deadline and the requests in flight are waited for (each within
`TIMEOUT`), so a slow endpoint ends late rather than leaving its slowest requests uncounted.

Prints a table and writes the section "http" of bench/results.json (other sections are kept):
throughput, p50/p95/p99 of the answered requests, and errors (an HTTP status of 400 or more, or a
failed connection) per (endpoint, workers, clients); and the target of issue 6, the
recommendation-with-what-if p50 over the /healthz p50 at 10 clients (target: at most 2).

Scale it with LOAD_WORKERS="1 2", LOAD_CLIENTS="1 10 50", LOAD_SECONDS (per cell, default 8) and
LOAD_REQUESTS (per cell, default 5000). The same code drives the soak (soak/load.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx

from formadvisor.advice.answers import validate_answers
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.checks import load_policy
from formadvisor.rules.policy import Policy
from formadvisor.rules.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(os.environ.get("LOAD_RESULTS", ROOT / "bench" / "results.json"))
TIMEOUT = 120.0  # seconds for one request; a request slower than this counts as an error
RECOMMEND = "/api/v1/recommendations"


# --- statistics ----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value with at least q% of values at or below."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Tally:
    """What the clients saw: latencies of answered requests and errors, by endpoint."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)  # endpoint -> count
    error_kinds: Counter = field(default_factory=Counter)  # (endpoint, kind) -> count
    sent: int = 0

    def answered(self, endpoint: str, seconds: float, status: int) -> None:
        if status >= 400:
            self.failed(endpoint, f"HTTP {status}")
        else:
            self.latencies[endpoint].append(seconds)

    def failed(self, endpoint: str, kind: str) -> None:
        self.errors[endpoint] += 1
        self.error_kinds[endpoint, kind] += 1

    @property
    def total_errors(self) -> int:
        return sum(self.errors.values())

    def endpoints(self) -> list[str]:
        return sorted(set(self.latencies) | set(self.errors))

    def summary(self, endpoint: str, elapsed: float) -> dict:
        ok = self.latencies.get(endpoint, [])
        errors = self.errors.get(endpoint, 0)

        def ms(q: float) -> float | None:
            return round(percentile(ok, q) * 1000, 2) if ok else None

        return {
            "requests": len(ok) + errors,
            "errors": errors,
            "error_kinds": {k: n for (e, k), n in self.error_kinds.items() if e == endpoint},
            "per_second": round((len(ok) + errors) / elapsed, 2) if elapsed > 0 else None,
            "p50_ms": ms(50),
            "p95_ms": ms(95),
            "p99_ms": ms(99),
        }

    async def call(
        self,
        client: httpx.AsyncClient,
        endpoint: str,
        method: str,
        url: str,
        expect: int | None = None,
        **kwargs,
    ) -> httpx.Response | None:
        """Send one request and count it; the response, or None when it failed (an error, or
        not the `expect`ed status when one is given)."""
        self.sent += 1
        start = time.perf_counter()
        try:
            reply = await client.request(method, url, **kwargs)
        except httpx.HTTPError as e:
            self.failed(endpoint, type(e).__name__)
            return None
        status = reply.status_code
        if expect is not None and status != expect and status < 400:
            self.failed(endpoint, f"HTTP {status}, expected {expect}")
            return None
        self.answered(endpoint, time.perf_counter() - start, status)
        return reply if status < 400 else None


# A scenario is what one client does once: one request for the benchmark, a whole journey for the
# soak. It gets the client's own connection, the tally, and the client's number.
Scenario = Callable[[httpx.AsyncClient, Tally, int], Awaitable[None]]


@dataclass
class Run:
    tally: Tally
    elapsed: float  # seconds from the first request to the last answer
    client_cpu: float  # CPU seconds this process (the load generator) used


async def drive(
    base_url: str, scenario: Scenario, clients: int, max_requests: int, seconds: float
) -> Run:
    """`clients` concurrent clients repeat `scenario` until `max_requests` requests have been
    sent or `seconds` have passed; the requests in flight then finish (or time out)."""
    tally = Tally()
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as stack:
        # Made before the clock starts: making 50 clients takes a while on a busy machine.
        # Plain HTTP on loopback, so no TLS context (`verify=False`) is built for each.
        connections = [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT, limits=limits, verify=False)
            )
            for _ in range(clients)
        ]
        cpu = _cpu()
        start = time.perf_counter()
        deadline = start + seconds

        async def client(number: int) -> None:
            while time.perf_counter() < deadline and tally.sent < max_requests:
                await scenario(connections[number], tally, number)

        await asyncio.gather(*(client(i) for i in range(clients)))
        return Run(tally, time.perf_counter() - start, _cpu() - cpu)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- the server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(workers: int = 1, rules: Path = ROOT / "rules", startup: float = 120) -> Iterator[str]:
    """`formadvisor serve` in a child process on a free loopback port, with a temporary SQLite
    database; its base URL once /healthz answers. Stopped (its whole process group) on exit."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="formadvisor-load-") as tmp:
        env = {
            **os.environ,
            "FORMADVISOR_DATABASE_URL": f"sqlite:///{tmp}/load.sqlite3",
            "FORMADVISOR_RULES": str(rules),
        }
        command = [sys.executable, "-m", "formadvisor.cli", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--workers", str(workers)]
        log = Path(tmp, "server.log")
        with log.open("wb") as out:
            child = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_up(base_url, child, log, startup)
            yield base_url
        finally:
            _stop(child)


def _wait_until_up(base_url: str, child: subprocess.Popen, log: Path, startup: float) -> None:
    deadline = time.monotonic() + startup
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {child.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(base_url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz in {startup:.0f} s:\n{log.read_text()}")


def _stop(child: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (uvicorn's supervisor and its workers), then KILL."""
    if child.poll() is None:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


# --- the benchmark -------------------------------------------------------------------------------


def answer_sets(policy: Policy, count: int = 50, seed: int = 11) -> list[dict]:
    """The examples/ answer files and seeded random answer sets, each checked valid first."""
    docs = [read_yaml(f).data for f in sorted((ROOT / "examples").glob("*.yaml"))]
    rng = random.Random(seed)
    docs += [random_answers(policy.questionnaire, rng) for _ in range(count - len(docs))]
    for doc in docs:
        validate_answers(policy.questionnaire, doc)  # raises on an invalid set
    return json.loads(json.dumps(docs, default=str))  # as they travel


def endpoints(bodies: list[dict]) -> dict[str, Scenario]:
    """The benchmark's endpoints, each one request per scenario, bodies taken in turn."""
    turn = itertools.count()

    async def healthz(client: httpx.AsyncClient, tally: Tally, _: int) -> None:
        await tally.call(client, "GET /healthz", "GET", "/healthz")

    def recommend(name: str, params: dict) -> Scenario:
        async def scenario(client: httpx.AsyncClient, tally: Tally, _: int) -> None:
            body = bodies[next(turn) % len(bodies)]
            await tally.call(client, name, "POST", RECOMMEND, json=body, params=params)

        return scenario

    return {
        "GET /healthz": healthz,
        "POST recommendations (what-if)": recommend("POST recommendations (what-if)", {}),
        "POST recommendations (no what-if)": recommend(
            "POST recommendations (no what-if)", {"what_if": "false"}
        ),
    }


async def warm_up(base_url: str, bodies: list[dict], seconds: float = 3) -> None:
    """A few seconds of every endpoint at 10 clients, so every worker has started and run each
    endpoint once before anything is measured (the first /healthz answer proves one worker)."""
    scenarios = list(endpoints(bodies).values())

    async def mixed(client: httpx.AsyncClient, tally: Tally, number: int) -> None:
        await scenarios[number % len(scenarios)](client, tally, number)

    run = await drive(base_url, mixed, 10, 10_000, seconds)
    if run.tally.total_errors:
        raise RuntimeError(f"errors while warming up: {dict(run.tally.error_kinds)}")


def cell(name: str, workers: int, clients: int, run: Run) -> dict:
    return {
        "endpoint": name,
        "workers": workers,
        "clients": clients,
        **run.tally.summary(name, run.elapsed),
        "seconds": round(run.elapsed, 2),
        "client_cpu_percent": round(100 * run.client_cpu / run.elapsed, 1),
    }


def ratios(rows: list[dict], clients: int = 10) -> dict[str, float | None]:
    """Issue 6's target by worker count: recommendation-with-what-if p50 / /healthz p50."""
    p50 = {(r["endpoint"], r["workers"]): r["p50_ms"] for r in rows if r["clients"] == clients}
    out = {}
    for workers in sorted({r["workers"] for r in rows}):
        top = p50.get(("POST recommendations (what-if)", workers))
        floor = p50.get(("GET /healthz", workers))
        out[f"{workers} worker(s)"] = round(top / floor, 1) if top and floor else None
    return out


def write_section(path: Path, key: str, value: object) -> None:
    """Set one key of a JSON file of sections, keeping the others (read, modify, write)."""
    data = json.loads(path.read_text()) if path.exists() else {}
    if not isinstance(data, dict):
        data = {}
    data[key] = value
    path.write_text(json.dumps(data, indent=2) + "\n")


HEADER = (
    f"{'endpoint':<34} {'workers':>7} {'clients':>7} {'requests':>8} {'errors':>6} "
    f"{'req/s':>8} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'load cpu':>8}"
)


def line(r: dict) -> str:
    def ms(v: float | None) -> str:
        return f"{v:>9.1f}" if v is not None else f"{'-':>9}"

    return (
        f"{r['endpoint']:<34} {r['workers']:>7} {r['clients']:>7} {r['requests']:>8} "
        f"{r['errors']:>6} {r['per_second']:>8.1f} {ms(r['p50_ms'])} {ms(r['p95_ms'])} "
        f"{ms(r['p99_ms'])} {r['client_cpu_percent']:>7.0f}%"
    )


def _numbers(name: str, default: str) -> list[int]:
    return [int(x) for x in os.environ.get(name, default).split()]


def main() -> int:
    workers_list = _numbers("LOAD_WORKERS", "1 2")
    clients_list = _numbers("LOAD_CLIENTS", "1 10 50")
    seconds = float(os.environ.get("LOAD_SECONDS", "8"))
    max_requests = int(os.environ.get("LOAD_REQUESTS", "5000"))
    bodies = answer_sets(load_policy(ROOT / "rules"))
    load_before = round(os.getloadavg()[0], 2)  # this machine is shared: say how busy it was
    print(
        f"HTTP load: {seconds:g} s or {max_requests} requests per cell, {len(bodies)} answer sets"
    )
    print(HEADER)
    rows = []
    for workers in workers_list:
        with server(workers) as base_url:
            asyncio.run(warm_up(base_url, bodies))
            for name, scenario in endpoints(bodies).items():
                for clients in clients_list:
                    run = asyncio.run(drive(base_url, scenario, clients, max_requests, seconds))
                    rows.append(cell(name, workers, clients, run))
                    print(line(rows[-1]), flush=True)
    target = ratios(rows)
    section = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "load_average_before_after": [load_before, round(os.getloadavg()[0], 2)],
        "seconds_per_cell": seconds,
        "max_requests_per_cell": max_requests,
        "answer_sets": len(bodies),
        "rows": rows,
        "what_if_p50_over_healthz_p50_at_10_clients": target,
        "target": "at most 2",
    }
    write_section(RESULTS, "http", section)
    for workers, ratio in target.items():
        met = "met" if ratio is not None and ratio <= 2 else "NOT met"
        print(
            f"recommendation (what-if) p50 / healthz p50 at 10 clients, {workers}: {ratio}× "
            f"(target ≤ 2×: {met})"
        )
    errors = sum(r["errors"] for r in rows)
    print(f"errors: {errors}; wrote the 'http' section of {RESULTS}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
