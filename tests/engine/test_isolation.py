"""Nothing crosses between evaluations: 16 threads and 2 processes, two policies alive at once,
each answer set's trace and recommendation exactly as when it runs alone. soak/isolation.py
runs the full 16 × 1,000."""

from __future__ import annotations

import random
import threading
from contextlib import ExitStack

import pytest

from tests.support import isolation

THREADS = 16
PER_THREAD = 16  # 256 evaluations of distinct answer sets (the soak runs 1,000 per thread)


@pytest.fixture(scope="module")
def advisors():
    with ExitStack() as stack:
        yield isolation.open_advisors(stack)


@pytest.fixture(scope="module")
def work(advisors):
    return isolation.workload(THREADS * PER_THREAD, seed=7, max_services=2, advisors=advisors)


@pytest.fixture(scope="module")
def expected(advisors, work):
    return isolation.alone(advisors, work)


def test_the_workload_mixes_both_policies_and_differs(work, expected):
    assert {key for key, _, _ in work} == set(isolation.FOLDERS)
    assert len(set(expected)) > len(expected) * 0.7  # outcomes differ: a crossing would show


def test_threads_give_what_each_answer_set_gives_alone(advisors, work, expected):
    got = isolation.in_threads(advisors, work, THREADS)
    assert isolation.mismatches(expected, got) == []


def test_processes_give_what_each_answer_set_gives_alone(work, expected):
    share = work[: THREADS * 3]
    got = isolation.in_processes(share, processes=2, threads=THREADS // 2)
    assert isolation.mismatches(expected[: len(share)], got) == []


class _Leaky:
    """A backend that sometimes hands one evaluation another's firings: what a crossing in
    durable's global state would look like."""

    def __init__(self, backend):
        self.backend, self.last, self.rng = backend, {}, random.Random(1)
        self.lock = threading.Lock()

    def fire(self, scope, level, facts):
        fired = list(self.backend.fire(scope, level, facts))
        with self.lock:
            key = (scope, level)
            previous, self.last[key] = self.last.get(key), fired
            if previous is not None and self.rng.random() < 0.2:
                return previous
        return fired


def test_a_crossing_would_be_caught(advisors, work, expected):
    leaky = {k: type(a)(a.policy, _Leaky(a.backend)) for k, a in advisors.items()}
    got = isolation.in_threads(leaky, work, THREADS)
    assert isolation.mismatches(expected, got) != []
