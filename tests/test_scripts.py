"""The scripts in bench/ and soak/ that take arguments start and print their usage: a moved or
renamed module they import fails here, not weeks later in a long soak (the tiny runs of the load
and memory soaks are in tests/web/test_load.py)."""

from __future__ import annotations

import json
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


def test_advice_stats_counts_the_examples_and_each_scenario_answer_set(tmp_path):
    out = tmp_path / "stats.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "advice_stats.py"),
            "--features",
            str(ROOT / "features" / "scotland.feature"),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    data = json.loads(out.read_text())
    assert data["examples"] == len(list((ROOT / "examples").glob("*.yaml")))
    assert 0 < data["scenario_answer_sets"] <= data["scenarios_applied"]
    assert data["results"] == data["examples"] + data["scenario_answer_sets"]
    assert data["form"]["rankings"] == data["results"]
    for kind in ("form", "routes"):
        k = data[kind]
        assert sum(k["margins"].values()) <= k["rankings"]
        assert k["ties"] + k["undetermined"] >= k["margins"].get("0", 0)
        assert k["margin_le_1"] == k["margins"].get("0", 0) + k["margins"].get("1", 0)
        assert len(k["tied"]) == k["ties"]
    assert 0 < data["considerations"]["median"] <= data["considerations"]["max"]
    assert f"{data['results']} results" in done.stdout
