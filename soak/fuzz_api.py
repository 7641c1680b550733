"""API fuzzing soak: schemathesis over the app's own OpenAPI on the repository's rules, in
process, data that fits the schema and data that does not, on every operation (at least 2,000
requests by default). Exit 1 on any 5xx, any response unlike the schema, or any unclear 4xx.

    .venv/bin/python soak/fuzz_api.py [--examples 350] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.api_fuzz import fuzz_api

from formadvisor.settings import Settings
from formadvisor.web.app import create_app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=350, help="per operation and mode")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(database_url=f"sqlite:///{folder}/fuzz.sqlite3"))
        began = time.monotonic()
        report = fuzz_api(app, args.examples, args.seed)
        took = time.monotonic() - began
    print(f"{report.requests} requests over {len(report.operations)} operations in {took:.0f} s")
    print(f"status codes: {report.by_status()}")
    for (operation, code), n in sorted(report.statuses.items()):
        print(f"  {code} × {n}: {operation}")
    for failure in report.failures[:20]:
        print(f"FAILURE {failure}")
    print(f"{len(report.failures)} failures")
    return 1 if report.failures or any(c >= 500 for c in report.by_status()) else 0


if __name__ == "__main__":
    sys.exit(main())
