"""The set-up (issue 12): scripts/setup installs every Debian package the code really loads, and
none that nothing uses; it installs only what is missing; the lock satisfies pyproject.toml.

What the code uses is found, not restated: the libraries WeasyPrint dlopens are read from its
own ffi module, and each file the code loads or runs is mapped to its package with dpkg.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.data import ROOT
from tests.web.browser.conftest import CHROMIUM

SETUP = ROOT / "scripts" / "setup"
LOCK = ROOT / "requirements-lock.txt"
# Fonts with Arial's metrics: the pages and the PDF name Arial (report.css, charts.py) once the
# NHS font's @font-face rules are dropped (`make assets`).
ARIAL_METRICS = {"Arial", "Liberation Sans", "Arimo"}

debian = pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="not a Debian machine")


def run(*command: str | Path, **options) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, **options)


# --- What scripts/setup lists -------------------------------------------------------------------


@cache
def listed() -> tuple[frozenset[str], dict[str, str]]:
    """scripts/setup --list: the packages always wanted, and each wanted if a command is missing."""
    always, when_missing = set(), {}
    for line in run(SETUP, "--list").stdout.splitlines():
        match = re.fullmatch(r"(\S+) if (\S+) is missing", line)
        if match:
            when_missing[match[1]] = match[2]
        else:
            always.add(line)
    return frozenset(always), when_missing


# --- What the code uses -------------------------------------------------------------------------


def weasyprint_libraries() -> list[str]:
    """The Linux sonames WeasyPrint's ffi module dlopens at import and cannot do without.

    One opened with `allow_fail` counts when WeasyPrint warns without it (harfbuzz-subset):
    pytest turns that warning into an error. Found without importing WeasyPrint, which warns.
    """
    spec = importlib.util.find_spec("weasyprint")
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse((Path(spec.origin).parent / "text" / "ffi.py").read_text())
    opened: dict[str, tuple[str, bool]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            call = node.value
            if isinstance(call.func, ast.Name) and call.func.id == "_dlopen":
                constants = [a.value for a in call.args if isinstance(a, ast.Constant)]
                (soname,) = [name for name in constants if ".so." in name]
                optional = any(k.arg == "allow_fail" for k in call.keywords)
                opened[ast.unparse(node.targets[0])] = (soname, optional)
    warned = {
        ast.unparse(node.test.left)
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.ops[0], ast.Is)
        and "warnings.warn" in ast.unparse(node)
    }
    return sorted(
        soname for name, (soname, optional) in opened.items() if not optional or name in warned
    )


def shared_library(soname: str) -> Path | None:
    """The file the dynamic linker's cache resolves a soname to (`ldconfig -p`)."""
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    for line in run(ldconfig, "-p").stdout.splitlines():
        name, _, path = line.strip().partition(" => ")
        if name.split(" (")[0] == soname:
            return Path(path)
    return None


def arial() -> Path | None:
    """The font file fontconfig gives for Arial, when it has Arial's metrics (not a fallback)."""
    found = run("fc-match", "-f", "%{family[0]}\n%{file}", "Arial").stdout.splitlines()
    return Path(found[1]) if len(found) == 2 and found[0] in ARIAL_METRICS else None


def needs() -> dict[str, Path | None]:
    """What the code loads or runs, by what for, with the file found on this machine (or None)."""
    found: dict[str, Path | None] = {
        f"WeasyPrint dlopens {soname}": shared_library(soname) for soname in weasyprint_libraries()
    }
    found["the browser tests drive chromium"] = CHROMIUM if CHROMIUM.exists() else None
    for command in ("pdftotext", "pdftoppm"):  # tests/web/browser/test_journey.py
        which = shutil.which(command)
        found[f"the browser tests run {command}"] = Path(which) if which else None
    # As scripts/with-postgres.sh and tests/store/test_crash_safety.py find PostgreSQL.
    bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parts)
    for command in ("initdb", "pg_ctl"):
        path = bindirs[-1] / command if bindirs else None
        found[f"the PostgreSQL tests run {command}"] = path if path and path.exists() else None
    found["the pages and the PDF fall back to Arial"] = arial()
    return found


# --- Debian's view of them ----------------------------------------------------------------------


def owner(path: Path) -> str | None:
    """The installed package that owns a file (the folder resolved: /lib is /usr/lib here)."""
    done = run("dpkg-query", "-S", path.parent.resolve() / path.name)
    if done.returncode:
        return None
    return done.stdout.partition(": ")[0].split(", ")[0].split(":")[0]


@cache
def dependencies() -> dict[str, frozenset[str]]:
    """Each installed package and the installed packages it depends on (virtual names resolved).

    Of alternatives (`a | b`) only the first counts: the one apt installs on a fresh machine.
    """
    fields = "${db:Status-Abbrev}\t${Package}\t${Depends}, ${Pre-Depends}\t${Provides}\n"
    rows = [line.split("\t") for line in run("dpkg-query", "-W", "-f", fields).stdout.splitlines()]
    rows = [row[1:] for row in rows if row[0].startswith("ii")]
    providers: dict[str, set[str]] = {}
    for package, _, provides in rows:
        for name in [package, *names(provides)]:
            providers.setdefault(name, set()).add(package)
    return {
        package: frozenset(p for name in names(depends) for p in providers.get(name, ()))
        for package, depends, _ in rows
    }


def names(field: str) -> list[str]:
    """The package names in a Depends-style field: the first of alternatives, without versions."""
    return [part.split()[0].split(":")[0] for part in field.split(",") if part.strip()]


def closure(packages: frozenset[str] | set[str]) -> set[str]:
    """The packages and everything installed that they depend on, however indirectly."""
    graph, seen, todo = dependencies(), set(), list(packages)
    while todo:
        package = todo.pop()
        if package not in seen:
            seen.add(package)
            todo.extend(graph.get(package, ()))
    return seen


@cache
def owners() -> dict[str, str]:
    """Each need with the package that provides it; a missing file fails with what to do."""
    found = {need: (owner(path) if path else None) for need, path in needs().items()}
    missing = [need for need, package in found.items() if package is None]
    assert not missing, f"not installed (does scripts/setup install them?): {missing}"
    return {need: package for need, package in found.items() if package}


# --- The tests ----------------------------------------------------------------------------------


def test_weasyprint_is_read_for_the_libraries_it_cannot_do_without():
    libraries = weasyprint_libraries()
    assert {"libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libharfbuzz-subset.so.0"} <= set(
        libraries
    )


@debian
def test_every_debian_package_the_code_uses_is_installed_by_scripts_setup():
    always, _ = listed()
    brought = closure(always)
    uncovered = {need: package for need, package in owners().items() if package not in brought}
    assert not uncovered, f"add to scripts/setup (or a package that depends on it): {uncovered}"


@debian
def test_every_package_scripts_setup_installs_brings_something_the_code_uses():
    """A listed package owns a need, or is the only listed one that brings a need's owner."""
    always, _ = listed()
    unused = {
        package
        for package in always
        if package not in owners().values()
        and not any(
            provider in closure({package}) - closure(always - {package})
            for provider in owners().values()
        )
    }
    assert unused == set(), "nothing in the code needs these"


@debian
def test_a_command_installed_only_when_missing_comes_from_that_package_where_it_is_installed():
    _, when_missing = listed()
    assert set(when_missing.values()) == {"gcc", "npm"}  # durable_rules' build; `make assets`
    for command in set(when_missing.values()):
        packages = {p for p, c in when_missing.items() if c == command and p in dependencies()}
        which = shutil.which(command)
        if packages and which:
            assert owner(Path(which)) in closure(packages), command


def fake_machine(tmp_path: Path, uid: int, missing: set[str]) -> dict[str, str]:
    """PATH with stand-ins for id, dpkg-query, apt-get (which records its calls), gcc and npm."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    stand_ins = {
        "id": f"echo {uid}",
        "dpkg-query": "for package; do :; done\n"  # the last argument
        f'case " {" ".join(missing)} " in *" $package "*) exit 1;; esac\n'
        'echo "install ok installed"',
        "apt-get": f'echo "$*" >> {tmp_path / "apt-get.log"}',
        "gcc": "true",
        "npm": "true",
    }
    for name, body in stand_ins.items():
        (bin_ / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_ / name).chmod(0o755)
    return {**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}"}


def test_as_root_it_installs_only_what_is_missing_after_one_update(tmp_path):
    env = fake_machine(tmp_path, 0, {"libharfbuzz-subset0", "poppler-utils"})
    assert run(SETUP, env=env).returncode == 0
    update, install = (tmp_path / "apt-get.log").read_text().splitlines()
    assert update == "update -qq"
    assert install.startswith("install -y ")
    assert install.endswith(" --no-install-recommends libharfbuzz-subset0 poppler-utils")


def test_with_nothing_missing_it_does_nothing(tmp_path):
    done = run(SETUP, env=fake_machine(tmp_path, 0, set()))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not (tmp_path / "apt-get.log").exists()


def test_as_another_user_it_prints_the_command_to_run_as_root_and_fails(tmp_path):
    done = run(SETUP, env=fake_machine(tmp_path, 1000, {"chromium", "postgresql"}))
    assert done.returncode == 1
    command = "  sudo apt-get install --no-install-recommends chromium postgresql"
    assert command in done.stderr.splitlines()
    assert not (tmp_path / "apt-get.log").exists()


# --- The lock -----------------------------------------------------------------------------------


def test_the_lock_pins_a_version_pyproject_allows_of_every_requirement():
    """`make lock` was run after pyproject.toml's dependencies last changed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"].values()
    wanted = [*project["dependencies"], *(text for extra in extras for text in extra)]
    pins = {}
    for line in LOCK.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate():
                pins[canonicalize_name(requirement.name)] = next(
                    iter(requirement.specifier)
                ).version
    environment = {**default_environment(), "extra": ""}
    stale = [
        text
        for text in map(Requirement, wanted)
        if (text.marker is None or text.marker.evaluate(environment))
        and not (
            canonicalize_name(text.name) in pins
            and text.specifier.contains(pins[canonicalize_name(text.name)])
        )
    ]
    assert not stale, "run `make lock`: the lock does not satisfy these"


def test_installing_the_project_prints_no_deprecation_banner():
    """setuptools warns, in three banners, of a `license` table (PEP 639 wants the SPDX string)."""
    done = run(sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "-e", ROOT)
    assert done.returncode == 0, done.stderr
    banners = [line for line in (done.stdout + done.stderr).splitlines() if "Deprecat" in line]
    assert banners == []
