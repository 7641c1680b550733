"""The docs' promises hold: every command in them runs, every link resolves, every module exists.

Each line of a ```sh block in the README, `docs/*.md`, `rules/README.md` and
`features/README.md` is a command, checked by what it is:

- `formadvisor …` (or `.venv/bin/formadvisor …`) runs for real from the repository's top, with
  a throwaway database, and must exit 0, or the code its line's comment names (`# exits 1`);
- `make X` must be a target in the Makefile (not run: `make` sets up and runs for minutes);
- `.venv/bin/python -m pytest …` is collected, not run (`make test` runs it), and must select
  at least one test;
- anything else is listed in `NOT_RUN` with the reason.

`VAR=value` before a command is passed in its environment, a line ending in `\\` goes on to the
next, and a placeholder (`<file>`, `RULE-ID`, `…`) is refused: it belongs in the prose.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from formadvisor.authoring.coverage import run_features
from tests.support.data import ROOT

README = ROOT / "README.md"
DOCS = [
    README,
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "rules" / "README.md",
    ROOT / "features" / "README.md",
]
FORMADVISOR = ("formadvisor", ".venv/bin/formadvisor")
PYTEST = (".venv/bin/python", "-m", "pytest")
# Commands in the docs that are not run here, each with the reason.
NOT_RUN = {
    ".venv/bin/formadvisor serve --host 0.0.0.0 --port 8080 --workers 2": (
        "serves until stopped; tests/web/browser and tests/web/test_reload_server.py start the "
        "real server with `formadvisor serve`"
    ),
    "FORMADVISOR_DATABASE_URL=postgresql+psycopg://formadvisor@db.internal/formadvisor "
    ".venv/bin/formadvisor serve --host 0.0.0.0 --port 8000 --workers 2": (
        "serves until stopped, on a PostgreSQL server that exists only in the example"
    ),
}
MAKEFILE_TARGETS = set(re.findall(r"^([\w.-]+):", (ROOT / "Makefile").read_text(), re.M))
TIMEOUT = 300  # seconds; the longest command in the docs takes about 15


@dataclass(frozen=True)
class Command:
    where: str  # file:line, for the test's id and its failures
    text: str  # the command without its comment, continuation lines joined
    comment: str = ""
    env: dict[str, str] = field(default_factory=dict)
    argv: tuple[str, ...] = ()

    @property
    def exits(self) -> int:
        found = re.search(r"\bexits (\d+)\b", self.comment)
        return int(found.group(1)) if found else 0


def _lines_of_blocks(text: str, language: str) -> list[tuple[int, str]]:
    """(line number, line) of every line inside a ```language fenced block."""
    out, inside = [], False
    for n, line in enumerate(text.splitlines(), 1):
        fence = line.strip()
        if fence.startswith("```"):
            inside = not inside and fence == f"```{language}"
            continue
        if inside:
            out.append((n, line))
    return out


def parse(path: Path, root: Path = ROOT) -> list[Command]:
    """The commands of the ```sh blocks in one Markdown file."""
    commands, pending, start = [], "", 0
    for n, line in _lines_of_blocks(path.read_text(), "sh"):
        code = line.strip()
        if not pending and (not code or code.startswith("#")):
            continue
        start = start if pending else n
        if code.endswith("\\"):
            pending += code[:-1] + " "
            continue
        code, comment = _split_comment(pending + code)
        pending = ""
        commands.append(_command(f"{path.relative_to(root)}:{start}", code, comment))
    return commands


def _command(where: str, code: str, comment: str) -> Command:
    """`VAR=value … command args`: the environment, then the words."""
    words = shlex.split(code)
    env = {}
    while words and re.fullmatch(r"[A-Z][A-Z0-9_]*=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    text = " ".join(code.split())
    return Command(where, text, comment.strip(), env, tuple(words))


def _split_comment(code: str) -> tuple[str, str]:
    """The command and its trailing `# comment` (a `#` after a space, as the shell reads it)."""
    found = re.search(r"\s#\s?", code)
    return (code[: found.start()], code[found.end() :]) if found else (code, "")


def all_commands() -> list[Command]:
    return [c for path in DOCS for c in parse(path)]


def kind(command: Command) -> str:
    if command.text in NOT_RUN:
        return "not run"
    if command.argv[:1] and command.argv[0] in FORMADVISOR:
        return "formadvisor"
    if command.argv[:1] == ("make",):
        return "make"
    if command.argv[:3] == PYTEST:
        return "pytest"
    return "unknown"


COMMANDS = all_commands()


def by_kind(name: str) -> list:
    """One test per distinct command (the same command in two docs runs once)."""
    chosen = {(c.text, c.exits): c for c in reversed(COMMANDS) if kind(c) == name}
    return [pytest.param(c, id=c.where) for c in reversed(chosen.values())]


# --- the commands ------------------------------------------------------------------------------


def _formadvisor() -> list[str]:
    script = Path(sys.executable).with_name("formadvisor")  # the venv's console script
    return [str(script)] if script.exists() else [sys.executable, "-m", "formadvisor.cli"]


@pytest.mark.parametrize("command", by_kind("formadvisor"))
def test_each_formadvisor_command_in_the_docs_runs(command: Command, tmp_path):
    env = {
        **os.environ,
        "FORMADVISOR_DATABASE_URL": f"sqlite:///{tmp_path / 'docs.sqlite3'}",
        **command.env,
    }
    done = subprocess.run(
        [*_formadvisor(), *command.argv[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == command.exits, (
        f"{command.where}: `{command.text}` exited {done.returncode}, "
        f"not {command.exits}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    )


@pytest.mark.parametrize("command", by_kind("make"))
def test_each_make_command_in_the_docs_is_a_makefile_target(command: Command):
    targets = command.argv[1:]
    assert targets, command.where
    assert set(targets) <= MAKEFILE_TARGETS, f"{command.where}: no such target in {targets}"


@pytest.mark.parametrize("command", by_kind("pytest"))
def test_each_pytest_command_in_the_docs_selects_tests(command: Command):
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *command.argv[3:], "--collect-only", "-q"],
        cwd=ROOT,
        env={**os.environ, **command.env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"{command.where}: {done.stdout[-2000:]}{done.stderr[-2000:]}"


def test_every_command_in_the_docs_is_run_or_says_why_not():
    assert COMMANDS, "no ```sh blocks found"
    assert [c.where for c in COMMANDS if kind(c) == "unknown"] == []
    assert set(NOT_RUN) <= {c.text for c in COMMANDS}, "NOT_RUN names a command no doc has"


PLACEHOLDER = re.compile(r"<[^<>]+>|…|\.\.\.|^[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*$")


def test_no_command_in_the_docs_has_a_placeholder():
    for c in COMMANDS:
        words = [w for w in c.argv if w != "HEAD"]
        assert not any(PLACEHOLDER.search(w) for w in words), f"{c.where}: {c.text}"


# --- the parsing the tests above rely on ---------------------------------------------------------


def test_a_command_is_read_with_its_environment_comment_and_continuation(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(
        "```sh\n# a comment line\nA_B=1 formadvisor rules check \\\n  --strict   # exits 1\n```\n"
        "```text\nformadvisor not-a-command\n```\n"
    )
    (command,) = parse(doc, tmp_path)
    assert command.where == "doc.md:3"
    assert command.env == {"A_B": "1"}
    assert command.argv == ("formadvisor", "rules", "check", "--strict")
    assert command.text == "A_B=1 formadvisor rules check --strict"
    assert command.exits == 1
    assert kind(command) == "formadvisor"


# --- who it is for, links and names -------------------------------------------------------


def test_the_readme_opens_with_who_it_is_for_and_the_two_commands():
    text = README.read_text()
    assert "For groups of UK GP practices" in text[:500]
    assert "make run" in text[:2000]
    assert "make test" in text[:2000]


def test_the_readme_is_a_two_minute_read():
    text = README.read_text()
    assert len(text.splitlines()) <= 80
    assert len(text.split()) <= 480  # at about 240 words a minute


def test_every_make_target_the_docs_name_exists():
    for path in DOCS:
        for target in re.findall(r"`make ([\w-]+)", path.read_text()):
            assert target in MAKEFILE_TARGETS, f"{path.name}: make {target}"


def _headings(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file (outside code blocks)."""
    anchors, inside = set(), False
    for line in path.read_text().splitlines():
        if line.strip().startswith("```"):
            inside = not inside
        elif not inside and (found := re.match(r"#{1,6}\s+(.*)", line)):
            title = re.sub(r"[^\w\- ]", "", found.group(1).strip().lower())
            anchors.add(title.replace(" ", "-"))
    return anchors


def test_every_link_in_the_docs_resolves():
    for path in DOCS:
        for link in re.findall(r"\]\(([^)\s]+)\)", path.read_text()):
            if re.match(r"[a-z]+:", link):
                continue
            target, _, anchor = link.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            assert resolved.exists(), f"{path.relative_to(ROOT)}: {link}"
            if anchor and resolved.suffix == ".md":
                assert anchor in _headings(resolved), f"{path.relative_to(ROOT)}: {link}"


SOURCES = [ROOT / "src" / "formadvisor", ROOT]


def test_every_module_the_docs_name_exists():
    named = {m for path in DOCS for m in re.findall(r"`([\w/]+\.py)`", path.read_text())}
    assert named
    everywhere = {
        p.name for top in ("src", "tests", "bench", "soak") for p in ROOT.glob(f"{top}/**/*.py")
    }
    for module in named:
        if "/" in module:
            assert any((top / module).exists() for top in SOURCES), module
        else:
            assert module in everywhere, module


def test_the_example_scenario_in_the_docs_passes_on_the_rules(tmp_path):
    (gherkin,) = re.findall(
        r"```gherkin\n(.*?)```", (ROOT / "docs" / "advisers.md").read_text(), re.S
    )
    (tmp_path / "example.feature").write_text(gherkin)
    run = run_features(ROOT / "rules", tmp_path)
    assert [r.outcome for r in run.scenarios] == ["passed"], run.output
