"""One sha256 over `formadvisor recommend FILE --json --as-of DAY` for the examples and N random
answer sets: run it before and after a refactor that must not change behaviour, and compare.

    .venv/bin/python scripts/recommend_digest.py --random 200 --seed 20261206 --as-of 2026-12-06

The answer sets are made by the package's own seeded generator and run through the real CLI app
(Typer's runner, one process), so the digest covers validation, the engine, ranking, reasons,
what-if and the JSON as a user gets them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from formadvisor.cli import app
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.checks import load_policy

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=200, help="random answer sets")
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--as-of", default="2026-12-06", help="the day recommended for")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    q = load_policy(args.rules).questionnaire
    rng = random.Random(args.seed)
    digest = hashlib.sha256()
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        inputs = sorted((ROOT / "examples").glob("*.yaml"))
        for i in range(args.random):
            path = Path(folder) / f"random-{i:04d}.json"
            path.write_text(json.dumps(random_answers(q, rng)))
            inputs.append(path)
        for path in inputs:
            command = ["recommend", str(path), "--json", "--as-of", args.as_of]
            done = runner.invoke(app, [*command, "--rules", str(args.rules)])
            digest.update(f"{path.name}\0{done.exit_code}\0{done.stdout}".encode())
    print(f"{digest.hexdigest()}  {len(inputs)} answer sets, as of {args.as_of}", file=sys.stdout)


if __name__ == "__main__":
    main()
