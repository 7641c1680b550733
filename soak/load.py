"""Load soak (issue 7, item 2): 50 concurrent clients for 60 s against the API and the form.

Starts `formadvisor serve --workers 2` on a free loopback port with a temporary SQLite database
(bench/load.py's `server`), then half the clients use the JSON API (recommend with what-if, save
an assessment, read it back) and half walk the web form as a browser without JavaScript does:
the start page, every question page (posting each answer with the CSRF double-submit token from
the cookie), a service, check your answers, then the result page. Each client has its own
connection and cookies. Clients stop starting journeys after the time; those in flight finish.

Zero errors are required: an HTTP status of 400 or more, a failed connection, or a step that
did not answer as the journey expects (e.g. no redirect after an answer). Prints throughput
and p50/p95/p99 per endpoint and writes the section "load" of soak/results.json.
Exit 1 on any error. Scale with SOAK_CLIENTS (50), SOAK_SECONDS (60) and SOAK_WORKERS (2).
"""

from __future__ import annotations

import asyncio
import html
import itertools
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ and soak/ are folders of scripts, not installed

import httpx2 as httpx  # noqa: E402
from bench.load import (  # noqa: E402
    RECOMMEND,
    Tally,
    answer_sets,
    drive,
    server,
    write_section,
)

from formadvisor.rules.checks import load_policy  # noqa: E402
from formadvisor.web import csrf  # noqa: E402

RESULTS = Path(os.environ.get("SOAK_RESULTS", ROOT / "soak" / "results.json"))
NATIONS = ("england", "wales", "scotland", "northern_ireland")
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


# --- the API -------------------------------------------------------------------------------------


def api_client(bodies: list[dict]):
    turn = itertools.count()

    async def scenario(client: httpx.AsyncClient, tally: Tally, _: int) -> None:
        """Recommend (what-if included), save an assessment, read it back."""
        body = bodies[next(turn) % len(bodies)]
        await tally.call(client, "POST /api/v1/recommendations", "POST", RECOMMEND, 200, json=body)
        saved = await tally.call(
            client, "POST /api/v1/assessments", "POST", "/api/v1/assessments", 201, json=body
        )
        if saved is not None:
            await tally.call(
                client, "GET /api/v1/assessments/{id}", "GET", saved.headers["location"], 200
            )

    return scenario


# --- the web form --------------------------------------------------------------------------------


def journey_answers(rng: random.Random) -> dict:
    """Answers for the question pages; a question not here gets its first choice."""
    return {
        "nation": rng.choice(NATIONS),
        "member_practices": str(rng.randint(2, 30)),
        "registered_population": rng.choice(["", "40,000", "120000"]),
        "purposes": rng.sample(["deliver_services", "share_workforce", "estates"], 2),
        "asset_lock_wanted": rng.choice(["yes", "no"]),
        "setup_budget_gbp": rng.choice(["", "20,000"]),
        "months_to_start": rng.choice(["", "9"]),
    }


SERVICE = {
    "name": "Pharmacists",
    "kind": "pharmacy_support",
    "commissioner": "health_board",
    "employs_staff_directly": "yes",
    "staff_need_nhs_pension": "yes",
    "non_gp_clinicians": "yes",
    "staff_transfer_in": "no",
    "supply_of_staff_only": "no",
}


def first_choice(page: str, name: str) -> str | None:
    """The value of the first radio or checkbox called `name` on a page, if any."""
    for tag in INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("name") == name and attributes.get("type") in ("radio", "checkbox"):
            return html.unescape(attributes.get("value", ""))
    return None


async def form_journey(client: httpx.AsyncClient, tally: Tally, number: int) -> None:
    """Start, answer every question page, add a service, check the answers, see the result."""
    rng = random.Random(number * 1_000_003 + tally.sent)
    answers = journey_answers(rng)
    if await tally.call(client, "GET /", "GET", "/", 200) is None:
        return
    token = client.cookies.get(csrf.COOKIE)
    if not token:
        tally.failed("GET /", "no CSRF cookie")
        return

    async def post(endpoint: str, address: str, data: dict) -> str | None:
        reply = await tally.call(
            client, endpoint, "POST", address, 303, data={**data, csrf.FIELD: token}
        )
        return reply.headers["location"] if reply is not None else None

    address = await post("POST /assessments", "/assessments", {})
    while address is not None and "/questions/" in address:
        qid = address.split("/")[-1].split("?")[0]
        page = await tally.call(client, "GET question page", "GET", address, 200)
        if page is None:
            return
        address = await post(
            "POST answer", address, {qid: answers.get(qid, first_choice(page.text, qid))}
        )
    if address is None:
        return
    aid = address.split("/")[2]
    base = f"/assessments/{aid}"
    if await tally.call(client, "GET services", "GET", f"{base}/services", 200) is None:
        return
    # The service is asked one question a page: its name, then each question that applies.
    address = await post("POST service", f"{base}/services/new", {"name": SERVICE["name"]})
    while address is not None and f"{base}/services/" in address:
        qid = address.split("/")[-1].split("?")[0].split("#")[0]
        page = await tally.call(client, "GET service question", "GET", address, 200)
        if page is None:
            return
        value = SERVICE.get(qid, first_choice(page.text, qid))
        address = await post("POST service answer", address, {qid: value})
    if address is None:
        return
    steps = [
        ("POST no more services", "POST", f"{base}/services", {"add_another": "no"}),
        ("GET check answers", "GET", f"{base}/check", None),
        ("POST check answers", "POST", f"{base}/check", {}),
    ]
    for endpoint, method, where, data in steps:
        if method == "GET":
            ok = await tally.call(client, endpoint, "GET", where, 200) is not None
        else:
            ok = await post(endpoint, where, data) is not None
        if not ok:
            return
    await tally.call(client, "GET result page", "GET", f"{base}/result", 200)


# --- the soak ------------------------------------------------------------------------------------


def mixed(bodies: list[dict]):
    api = api_client(bodies)

    async def scenario(client: httpx.AsyncClient, tally: Tally, number: int) -> None:
        await (api if number % 2 == 0 else form_journey)(client, tally, number)

    return scenario


def soak(clients: int, seconds: float, workers: int) -> dict:
    bodies = answer_sets(load_policy(ROOT / "rules"))
    load_before = round(os.getloadavg()[0], 2)  # this machine is shared: say how busy it was
    with server(workers) as base_url:
        run = asyncio.run(drive(base_url, mixed(bodies), clients, 10**9, seconds))
    tally = run.tally
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "clients": clients,
        "seconds": seconds,
        "workers": workers,
        "load_average_before_after": [load_before, round(os.getloadavg()[0], 2)],
        "elapsed": round(run.elapsed, 2),
        "requests": sum(len(v) for v in tally.latencies.values()) + tally.total_errors,
        "errors": tally.total_errors,
        "client_cpu_percent": round(100 * run.client_cpu / run.elapsed, 1),
        "endpoints": {e: tally.summary(e, run.elapsed) for e in tally.endpoints()},
    }


def print_report(result: dict) -> None:
    print(
        f"load soak: {result['clients']} clients for {result['seconds']:g} s "
        f"({result['elapsed']:.1f} s with the last requests), {result['workers']} worker(s)"
    )
    print(
        f"{'endpoint':<34} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>9} "
        f"{'p95 ms':>9} {'p99 ms':>9}"
    )
    for name, s in result["endpoints"].items():
        cells = [
            f"{s[k]:>9.1f}" if s[k] is not None else f"{'-':>9}"
            for k in ("p50_ms", "p95_ms", "p99_ms")
        ]
        print(
            f"{name:<34} {s['requests']:>8} {s['errors']:>6} {s['per_second']:>7.1f} "
            + " ".join(cells)
        )
        for kind, n in s["error_kinds"].items():
            print(f"    {n} × {kind}")
    rate = result["requests"] / result["elapsed"]
    print(f"total: {result['requests']} requests, {rate:.1f} per second, {result['errors']} errors")


def main() -> int:
    clients = int(os.environ.get("SOAK_CLIENTS", "50"))
    seconds = float(os.environ.get("SOAK_SECONDS", "60"))
    workers = int(os.environ.get("SOAK_WORKERS", "2"))
    result = soak(clients, seconds, workers)
    print_report(result)
    write_section(RESULTS, "load", result)
    if result["errors"] or not result["requests"]:
        print("FAILED: the load soak needs every request answered without an error")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
