"""Isolation soak: 16 threads × 1,000 distinct answer sets (both policies alive and interleaved),
then the same through 2 processes; every trace and recommendation must equal the one the same
answers give alone, computed first, one after another. Exit 1 on any mismatch.

    .venv/bin/python soak/isolation.py [--threads 16] [--per-thread 1000] [--processes 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import isolation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--per-thread", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    count = args.threads * args.per_thread
    failed = 0
    with ExitStack() as stack:
        advisors = isolation.open_advisors(stack)
        work = isolation.workload(count, seed=args.seed, advisors=advisors)
        mix = {k: sum(1 for w in work if w[0] == k) for k in isolation.FOLDERS}
        print(f"{count} distinct answer sets ({mix}), {len(set(map(str, work)))} distinct")
        began = time.monotonic()
        expected = isolation.alone(advisors, work)
        took = time.monotonic() - began
        print(f"alone: {count} evaluations in {took:.1f} s, {len(set(expected))} distinct outcomes")
        began = time.monotonic()
        got = isolation.in_threads(advisors, work, args.threads)
        wrong = isolation.mismatches(expected, got)
        failed += len(wrong)
        took = time.monotonic() - began
        print(
            f"threads: {args.threads} × {args.per_thread} in {took:.1f} s: {len(wrong)} mismatches"
        )
        for i in wrong[:5]:
            print(f"  mismatch at {i}: {work[i][0]} {work[i][1]}: {got[i]!r:.200}")
    began = time.monotonic()
    got = isolation.in_processes(work, args.processes, max(1, args.threads // args.processes))
    wrong = isolation.mismatches(expected, got)
    failed += len(wrong)
    took = time.monotonic() - began
    print(
        f"processes: {args.processes} × {args.threads // args.processes} threads, {count} "
        f"evaluations in {took:.1f} s: {len(wrong)} mismatches"
    )
    for i in wrong[:5]:
        print(f"  mismatch at {i}: {work[i][0]} {work[i][1]}: {got[i]!r:.200}")
    print(f"compared {2 * count} concurrent evaluations with their lone runs: {failed} mismatches")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
