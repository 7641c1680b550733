"""Bad-rules soak: thousands of random mutants of rules/ and tests/fixtures/minimal, each loaded
and compiled within a time limit (RulesInvalid with file:line problems, or success; never
another exception, never a hang, never code run), and a sample of those that load tried on
the engine in a child process by `checking.check_rules`. Exit 1 on any failure.

    .venv/bin/python soak/bad_rules.py [--mutants 2000] [--trials 20] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import rule_mutations as rm

from formadvisor.authoring.check import check_rules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=2000)
    parser.add_argument("--trials", type=int, default=20, help="engine trials in a child")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures: list[str] = []
    results = []
    trials = trial_failures = 0
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        marker = Path(tmp) / "ran"
        for _ in range(args.mutants):
            mutant = rm.make_mutant(Path(tmp) / "rules", rng, marker)
            try:
                outcome, _ = rm.judge(mutant)
            except AssertionError as failure:
                failures.append(str(failure))
                results.append((mutant, "FAILED"))
                continue
            results.append((mutant, outcome))
            if outcome == "valid" and trials < args.trials:
                trials += 1
                report = check_rules(mutant.folder, samples=50, timeout=120)
                if report.problems and not all(rm.PROBLEM.match(str(p)) for p in report.problems):
                    trial_failures += 1
                    failures.append(f"{mutant}: trial problems not file:line: {report.problems}")
        if marker.exists():
            failures.append("a mutant ran code: the marker file exists")
    took = time.monotonic() - began
    outcomes = [o for _, o in results]
    print(f"{len(results)} mutants in {took:.0f} s: {outcomes.count('valid')} loaded, "
          f"{outcomes.count('invalid')} refused with file:line problems, "
          f"{outcomes.count('FAILED')} failed")  # fmt: skip
    print(f"by mutation: {rm.summary(results)}")
    print(f"engine trials in a child: {trials}, {trial_failures} failed")
    for failure in failures[:20]:
        print(f"FAILURE {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
