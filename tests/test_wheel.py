"""The product as users install it: `python -m build`, the wheel in a fresh venv, run from an
empty folder with no checkout in sight.

The wheel must carry everything: the templates and static files (with the NHS.UK frontend
fetched by `make assets`), the migrations, the default policy (`rules/`, `features/`) and the
scenario runner with its run-time pytest. One wheel and one venv serve the whole module.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from formadvisor.i18n import LOCALE
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES, ROOT
from tests.support.servers import start, stop

EXAMPLE = EXAMPLES / "welsh_cluster_pharmacists.yaml"
RULE = "pension.wales_apms_for_employed_staff"  # the README's example rule
LOCK = ROOT / "requirements-lock.txt"  # pins the venv to the locked versions when present
SCENARIOS_SECONDS = 180  # the background scenario run: a few seconds, more on a loaded machine


@dataclass(frozen=True)
class Installed:
    """A venv with only the wheel installed, and an empty folder to run it from."""

    bin: Path
    folder: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin / "formadvisor"), *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def _quietly(command: list, what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.fail(f"{what} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-4000:]}")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    static = ROOT / "src" / "formadvisor" / "web" / "static"
    if not (static / "nhsuk" / "nhsuk-frontend.min.css").is_file():
        pytest.fail("the NHS.UK frontend is not fetched: run `make assets` before building")
    if not (LOCALE / "cy" / "LC_MESSAGES" / "messages.mo").is_file():
        pytest.fail("the Welsh catalogue is not compiled: run `make` before building")
    here = tmp_path_factory.mktemp("wheel")
    dist, env_dir, folder = here / "dist", here / "venv", here / "empty"
    _quietly([sys.executable, "-m", "build", "--outdir", dist, ROOT], "python -m build")
    (wheel,) = dist.glob("formadvisor-*.whl")
    venv.create(env_dir, with_pip=True)
    pip = [env_dir / "bin" / "python", "-m", "pip", "install", "--quiet"]
    pip += ["--disable-pip-version-check", *(["--constraint", LOCK] if LOCK.is_file() else [])]
    _quietly([*pip, wheel], "pip install of the wheel")
    folder.mkdir()
    # Nothing of this checkout, this venv or this test run reaches the product; the default
    # database goes to the data folder under XDG_DATA_HOME.
    clean = ("FORMADVISOR_", "PYTHON", "PYTEST_", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(clean)}
    env["XDG_DATA_HOME"] = str(here / "data")
    return Installed(bin=env_dir / "bin", folder=folder, env=env)


@pytest.fixture(scope="module")
def coverage(installed) -> dict:
    """`rules coverage --json` from the wheel, run once for the module."""
    done = installed.run("rules", "coverage", "--json", "coverage.json")
    assert done.returncode == 0, done.stdout + done.stderr
    return {"stdout": done.stdout, **json.loads((installed.folder / "coverage.json").read_text())}


def _fired_by(coverage: dict, rule: str) -> list[str]:
    (entry,) = [r for r in coverage["rules"] if r["rule"] == rule]
    return entry["fired_by"]


def test_the_installed_package_knows_no_checkout(installed):
    probe = (
        "from formadvisor.settings import *; s = Settings(); print(checkout(), s.rules, s.features)"
    )
    done = subprocess.run(
        [installed.bin / "python", "-c", probe],
        cwd=installed.folder,
        env=installed.env,
        capture_output=True,
        text=True,
        check=True,
    )
    checkout, rules, features = done.stdout.split()
    assert checkout == "None"
    assert Path(rules).parts[-3:] == ("formadvisor", "default_policy", "rules")
    assert Path(features).parts[-3:] == ("formadvisor", "default_policy", "features")
    assert Path(rules).is_relative_to(installed.bin.parent)


def test_recommend_an_example(installed, advisor):
    (installed.folder / "answers.yaml").write_text(EXAMPLE.read_text())
    done = installed.run("recommend", "answers.yaml", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    expected = advisor.recommend(read_yaml(EXAMPLE).data, what_if=False)
    # The wheel's default policy is this checkout's rules/, byte for byte.
    assert result["ruleset"]["version"] == advisor.policy.version
    form = result["organisational_form"]["recommended"]
    assert form == expected.organisational_form.recommended
    routes = {s["name"]: s["contract_route"]["recommended"] for s in result["services"]}
    assert routes == {s.name: s.contract_route.recommended for s in expected.services}


def test_rules_check(installed, policy):
    done = installed.run("rules", "check", "--samples", "1000")
    assert done.returncode == 0, done.stdout + done.stderr
    files = len({r.file for r in policy.rules})
    assert f"{len(policy.rules)} rules in {files} files are valid (version {policy.version})" in (
        done.stdout
    )


def test_rules_coverage_runs_every_scenario(coverage, policy):
    assert coverage["uncovered"] == []
    assert coverage["failed"] == []
    assert [r["rule"] for r in coverage["rules"]] == [pr.rule.id for pr in policy.rules]
    ran = {title.split(": ")[0] for r in coverage["rules"] for title in r["fired_by"]}
    assert ran == {path.name for path in (ROOT / "features").glob("*.feature")}
    n = len(policy.rules)
    assert (
        f"{n} of {n} rules are fired by {coverage['scenarios']} scenario(s)" in (coverage["stdout"])
    )


def test_rules_explain_a_rule_with_its_scenarios(installed, coverage, policy):
    (pr,) = [pr for pr in policy.rules if pr.rule.id == RULE]
    done = installed.run("rules", "explain", RULE, "--samples", "300")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{RULE}  ({pr.file}:{pr.line})"
    shown = lines[lines.index("Scenarios that fire it (* also check it by name):") + 1 :]
    titles = [re.sub(r"^  [*-] ", "", line) for line in shown if re.match(r"  [*-] ", line)]
    assert titles == _fired_by(coverage, RULE)
    assert titles


def test_rules_explain_any_rule(installed, coverage, policy):
    """The first and last rule of every rule file, explained from the wheel with the saved
    coverage: each names its file and line and the scenarios that fire it."""
    picks = {}
    for pr in policy.rules:
        picks.setdefault(pr.file, []).append(pr)
    chosen = [
        pr
        for prs in picks.values()
        for pr in {prs[0].rule.id: prs[0], prs[-1].rule.id: prs[-1]}.values()
    ]
    for pr in chosen:
        done = installed.run(
            "rules",
            "explain",
            pr.rule.id,
            "--json",
            "--coverage",
            "coverage.json",
            "--samples",
            "50",
        )
        assert done.returncode == 0, done.stdout + done.stderr
        shown = json.loads(done.stdout)
        assert (shown["rule"], shown["line"]) == (pr.rule.id, pr.line)
        assert shown["file"].endswith(pr.file.split("/", 1)[1])
        assert shown["scenarios"] == _fired_by(coverage, pr.rule.id)


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as reply:
        return reply.status, reply.read().decode()


def _post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        assert reply.status == 201
        return json.loads(reply.read())


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_serve_the_pages_the_result_and_a_rule_with_its_scenarios(
    installed, coverage, advisor, tmp_path
):
    env = {**installed.env, "FORMADVISOR_SCENARIOS": "1"}
    program = [str(installed.bin / "formadvisor")]
    child, base = start(
        tmp_path / "server.log", None, env=env, program=program, cwd=installed.folder, inherit=False
    )
    try:
        status, html = _get(f"{base}/")
        page = BeautifulSoup(html, "html.parser")
        assert status == 200
        assert page.title.get_text().startswith("Choose a legal form")
        # The wheel carries the compiled Welsh catalogue (and no .po to fall back on).
        welsh = BeautifulSoup(_get(f"{base}/?lang=cy")[1], "html.parser")
        assert welsh.html["lang"] == "cy"
        assert welsh.title.get_text().startswith("Dewis ffurf gyfreithiol")
        styles = [link["href"] for link in page.select('link[rel="stylesheet"]')]
        assert any("/static/nhsuk/" in href for href in styles)
        for href in styles:  # the NHS.UK frontend and our own CSS came with the wheel
            assert _get(f"{base}{href}")[0] == 200

        saved = _post_json(f"{base}/api/v1/assessments", read_yaml(EXAMPLE).data)
        form = saved["result"]["organisational_form"]["recommended"]
        label = advisor.policy.option(form).label
        page = BeautifulSoup(_get(f"{base}/assessments/{saved['id']}/result")[1], "html.parser")
        assert _text(page.h1) == f"Recommended form: {label}"

        deadline = time.monotonic() + SCENARIOS_SECONDS
        while True:
            page = BeautifulSoup(_get(f"{base}/rules/{RULE}")[1], "html.parser")
            listed = [_text(li) for li in page.select(".fa-rule-scenarios li")]
            if listed or time.monotonic() > deadline:
                break
            assert page.select_one(".fa-scenarios-pending") is not None, _text(page.main)
            time.sleep(0.5)
        assert listed == _fired_by(coverage, RULE), (tmp_path / "server.log").read_text()
    finally:
        stop(child)
    # The default database is in the user's data folder, not in the folder served from.
    assert (Path(installed.env["XDG_DATA_HOME"]) / "formadvisor" / "formadvisor.sqlite3").is_file()
    assert not any(installed.folder.glob("*.sqlite3"))
