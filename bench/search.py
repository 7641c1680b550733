"""Answer-space search benchmark: how fast `rules check` reads answer sets for gaps.

The target (issue 6): 100,000 answer sets in under 60 s on this 2-core machine, both cores
used. Writes its own section ("search") of bench/results.json and prints one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from engine import write_sections
from formadvisor.authoring.search import search
from formadvisor.rules.checks import load_policy

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 11, 23)
TARGET_SECONDS = 60.0


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    policy = load_policy(ROOT / "rules")
    report = search(policy, DAY, samples=args.samples, workers=args.workers)
    section = {
        "answer_space_size": report.size,
        "searched": report.searched,
        "workers": args.workers,
        "seconds": round(report.seconds, 2),
        "per_second": round(report.rate, 1),
        "per_processor_second": round(report.searched / report.cpu_seconds, 1)
        if report.cpu_seconds
        else None,
        "gaps": len(report.gaps),
        "target_seconds_per_100k": TARGET_SECONDS,
        "met": report.seconds * 100_000 / max(report.searched, 1) < TARGET_SECONDS,
        "load_average": os.getloadavg()[0],
    }
    print(report.summary())
    print(
        f"100,000 answer sets would take {100_000 / max(report.rate, 1e-9):.1f} s "
        f"(target < {TARGET_SECONDS:.0f} s: {'met' if section['met'] else 'not met'}); "
        f"{len(report.gaps)} gap(s) found."
    )
    if not args.no_write:
        write_sections({"search": section})
    return section


if __name__ == "__main__":
    main()
