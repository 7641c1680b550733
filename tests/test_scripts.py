"""The scripts in bench/ and soak/ that take arguments start and print their usage: a moved or
renamed module they import fails here, not weeks later in a long soak (the tiny runs of the load
and memory soaks are in tests/web/test_load.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.data import ROOT

SCRIPTS = [
    "bench/engine.py",
    "bench/search.py",
    "soak/bad_rules.py",
    "soak/fuzz_api.py",
    "soak/isolation.py",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_script_starts_and_prints_its_usage(script):
    done = subprocess.run(
        [sys.executable, str(ROOT / script), "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:"), done.stdout


def test_the_recommend_digest_is_repeatable_and_moves_with_the_answers():
    def digest(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "recommend_digest.py"), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return done.stdout.split()[0]

    first = digest("--random", "2", "--seed", "1")
    assert first == digest("--random", "2", "--seed", "1")
    assert first != digest("--random", "2", "--seed", "2")
    assert len(first) == 64
