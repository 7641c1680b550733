"""One recommendation at a time per process, off the event loop (issue 15, item 1).

`serving.engine_work` runs engine work on the process's one engine thread; the endpoints that
evaluate rules await it. On a real server: concurrent recommendations give exactly what the
same answers give one at a time, and /healthz stays fast while recommendations queue.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from formadvisor.engine.randomised import random_answers
from formadvisor.rules.checks import load_policy
from formadvisor.rules.yamlfile import read_yaml
from formadvisor.web.serving import _engine, engine_work
from tests.support.servers import serving

ROOT = Path(__file__).resolve().parents[2]


def test_engine_work_runs_one_call_at_a_time_in_the_order_asked():
    inside, most, order = [0], [0], []
    guard = threading.Lock()

    def work(n: int) -> int:
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.01)  # releases the GIL: another thread could enter if one were allowed
        with guard:
            inside[0] -= 1
        order.append(n)
        return n * n

    async def main() -> list[int]:
        return await asyncio.gather(*(engine_work(work, n) for n in range(8)))

    with ThreadPoolExecutor(1) as thread:  # a fresh event loop, whatever runs in this one
        results = thread.submit(lambda: asyncio.run(main())).result()
    assert results == [n * n for n in range(8)]
    assert most[0] == 1
    assert order == list(range(8))


def _post(base: str, body: dict) -> tuple[float, bytes]:
    request = urllib.request.Request(
        f"{base}/api/v1/recommendations?as_of=2026-11-23",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as reply:
        assert reply.status == 200
        return time.perf_counter() - start, reply.read()


def _healthz(base: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(f"{base}/healthz", timeout=60) as reply:
        assert reply.status == 200
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine-work")
    with serving(folder, env={"FORMADVISOR_SCENARIOS": "false"}) as base:
        yield base


@pytest.fixture(scope="module")
def bodies() -> list[dict]:
    import random

    policy = load_policy(ROOT / "rules")
    rng = random.Random(15)
    docs = [read_yaml(f).data for f in sorted((ROOT / "examples").glob("*.yaml"))]
    docs += [random_answers(policy.questionnaire, rng) for _ in range(9)]
    return json.loads(json.dumps(docs, default=str))


def test_concurrent_recommendations_equal_the_same_ones_alone(server, bodies):
    alone = [_post(server, b)[1] for b in bodies]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda b: _post(server, b)[1], bodies * 3))
    assert together == alone * 3


def test_healthz_answers_while_the_engine_thread_is_busy(client):
    """/healthz runs on the event loop, never queued behind engine work. No timing: the engine
    thread is held until /healthz has answered (how fast it answers is `make bench`'s)."""
    release = threading.Event()
    held = _engine().submit(release.wait, 60)
    try:
        with ThreadPoolExecutor(1) as pool:
            reply = pool.submit(client.get, "/healthz").result(timeout=30)
        assert reply.status_code == 200
        assert not held.done(), "the engine thread was busy all along"
    finally:
        release.set()
    assert held.result(timeout=5) is True
