"""HTTP load benchmark: a real uvicorn server on loopback, driven by concurrent clients.

`make bench` runs it after the engine benchmark. It starts `formadvisor serve --workers N` (N = 1,
then 2) on a free loopback port with a temporary SQLite database and the repository's rules, and
drives it with 1, 10 and 50 concurrent clients (each its own connection, as browsers are) against
`GET /healthz` (the server's floor) and `POST /api/v1/recommendations`, with what-if (the API's
default) and without. Every cell is bounded by a number of requests and by seconds: clients stop
starting requests at the deadline and the requests in flight are waited for (each within
`TIMEOUT`), so a slow endpoint ends late rather than leaving its slowest requests uncounted.

Honest (issue 15): every timed request sends an answer set the server has not seen (3,000
distinct seeded bodies, none of them sent while warming up; a cell that runs out says how many
it sent twice), so the engine's memo starts cold; one extra cell replays the last 20 bodies
(memo warm) and is reported apart. The server runs no background scenarios. The load generator
is this process, the server another: its CPU use is reported per cell ("load cpu").

Prints a table and writes the section "http" of bench/results.json (other sections are kept):
throughput, p50/p95/p99 of the answered requests, and errors (an HTTP status of 400 or more, or a
failed connection) per (endpoint, workers, clients); and issue 15's targets, per worker count:
the recommendation-with-what-if p50 at 10 clients at most 10 × /healthz's p50 at 10 clients, and
its throughput at 10 clients at least its throughput at 1.

Scale it with LOAD_WORKERS="1 2", LOAD_CLIENTS="1 10 50", LOAD_SECONDS (per cell, default 6),
LOAD_REQUESTS (per cell, default 5000) and LOAD_BODIES (3000). The same code drives the soak
(soak/load.py).
"""

from __future__ import annotations

import asyncio
import contextlib
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
            "FORMADVISOR_SCENARIOS": "false",  # no background pytest competing for the cores
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


def distinct_bodies(policy: Policy, count: int, seed: int, exclude: list[dict]) -> list[dict]:
    """`count` seeded random answer sets, valid, all different and none in `exclude`: every
    timed request sends a body the server has not seen (no memo or cache looks perfect)."""
    seen = {json.dumps(d, sort_keys=True, default=str) for d in exclude}
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        doc = random_answers(policy.questionnaire, rng)
        text = json.dumps(doc, sort_keys=True, default=str)
        if text not in seen:
            seen.add(text)
            validate_answers(policy.questionnaire, doc)
            out.append(json.loads(text))
    return out


class Turn:
    """Bodies taken in turn from one list, counting those sent a second time (`reused`)."""

    def __init__(self, start: int = 0):
        self.next = start
        self.reused = 0

    def take(self, bodies: list[dict]) -> dict:
        i = self.next
        self.next += 1
        if i >= len(bodies):
            self.reused += 1
        return bodies[i % len(bodies)]


def endpoints(bodies: list[dict], turn: Turn | None = None) -> dict[str, Scenario]:
    """The benchmark's endpoints, each one request per scenario, bodies taken in turn."""
    turn = turn or Turn()

    async def healthz(client: httpx.AsyncClient, tally: Tally, _: int) -> None:
        await tally.call(client, "GET /healthz", "GET", "/healthz")

    def recommend(name: str, params: dict) -> Scenario:
        async def scenario(client: httpx.AsyncClient, tally: Tally, _: int) -> None:
            body = turn.take(bodies)
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


WHAT_IF = "POST recommendations (what-if)"
WARM = "POST recommendations (what-if), memo warm"
TARGET_P50_RATIO = 10  # issue 15: what-if p50 ≤ 10 × /healthz p50 at 10 clients
WARM_BODIES = 20  # a warm cell replays the last bodies sent: the engine's memo still holds them


def targets(rows: list[dict]) -> dict[str, dict]:
    """Issue 15's served targets, per worker count, as ratios of this run's own cells."""
    at = {(r["endpoint"], r["workers"], r["clients"]): r for r in rows}
    out = {}
    for workers in sorted({r["workers"] for r in rows}):
        top, floor = at.get((WHAT_IF, workers, 10)), at.get(("GET /healthz", workers, 10))
        if top and floor and top["p50_ms"] and floor["p50_ms"]:
            ratio = round(top["p50_ms"] / floor["p50_ms"], 1)
            out[f"what-if p50 / healthz p50 at 10 clients, {workers} worker(s)"] = {
                "ratio": ratio,
                "target": f"<= {TARGET_P50_RATIO}",
                "met": ratio <= TARGET_P50_RATIO,
            }
        one = at.get((WHAT_IF, workers, 1))
        if top and one and one["per_second"]:
            ratio = round(top["per_second"] / one["per_second"], 2)
            out[f"what-if req/s at 10 clients / at 1, {workers} worker(s)"] = {
                "ratio": ratio,
                "target": ">= 1",
                "met": ratio >= 1,
            }
    return out


def main() -> int:
    workers_list = _numbers("LOAD_WORKERS", "1 2")
    clients_list = _numbers("LOAD_CLIENTS", "1 10 50")
    seconds = float(os.environ.get("LOAD_SECONDS", "6"))
    max_requests = int(os.environ.get("LOAD_REQUESTS", "5000"))
    policy = load_policy(ROOT / "rules")
    warm_bodies = answer_sets(policy)  # warm-up only
    bodies = distinct_bodies(policy, int(os.environ.get("LOAD_BODIES", "3000")), 12, warm_bodies)
    load_before = round(os.getloadavg()[0], 2)  # this machine is shared: say how busy it was
    print(
        f"HTTP load: {seconds:g} s or {max_requests} requests per cell; {len(bodies)} distinct "
        f"answer sets for the timed requests, none sent while warming up ({len(warm_bodies)}); "
        "the server runs no scenarios; 'load cpu' is the load generator's own process"
    )
    print(HEADER)
    rows = []
    for workers in workers_list:
        with server(workers) as base_url:
            asyncio.run(warm_up(base_url, warm_bodies))
            turn = Turn()  # a new server: every body it is sent is new to it
            for name, scenario in endpoints(bodies, turn).items():
                for clients in clients_list:
                    before = turn.reused
                    run = asyncio.run(drive(base_url, scenario, clients, max_requests, seconds))
                    rows.append(cell(name, workers, clients, run))
                    rows[-1]["bodies_sent_before"] = turn.reused - before
                    print(line(rows[-1]), flush=True)
                if name == WHAT_IF:  # the last bodies again: memo warm
                    recent = bodies[max(0, turn.next - WARM_BODIES) : turn.next]
                    warm = endpoints(recent)[WHAT_IF]
                    run = asyncio.run(drive(base_url, warm, 10, max_requests, seconds))
                    rows.append(cell(WHAT_IF, workers, 10, run) | {"endpoint": WARM})
                    print(line(rows[-1]), flush=True)
    met = targets(rows)
    section = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "load_average_before_after": [load_before, round(os.getloadavg()[0], 2)],
        "seconds_per_cell": seconds,
        "max_requests_per_cell": max_requests,
        "answer_sets": len(bodies),
        "warm_up_answer_sets": len(warm_bodies),
        "scenarios": False,
        "rows": rows,
        "targets": met,
    }
    write_section(RESULTS, "http", section)
    for name, t in met.items():
        print(f"{name:<64} {t['ratio']:>6}  {'MET' if t['met'] else 'NOT MET'} ({t['target']})")
    errors = sum(r["errors"] for r in rows)
    reused = sum(r.get("bodies_sent_before", 0) for r in rows)
    print(f"errors: {errors}; bodies sent twice in cold cells: {reused}; wrote 'http' to {RESULTS}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
