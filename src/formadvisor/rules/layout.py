"""What belongs in a rules folder, and where each thing that does not belong should go.

The loader reads four fixed files, the optional `VERSION`, `action_plan.yaml`, `summary.yaml`,
`groups.yaml` and `glossary.yaml`, every `policy/*.yaml`, and each file's translations
(`pension.cy.yaml` beside `pension.yaml`); a `README.md` (at the top or in `policy/`) is for
people. Anything else is a problem: a rule saved beside `policy/` instead of in it would
otherwise be silently ignored and `rules check` would say "valid".

Editor and system droppings are ignored instead, never read and never reported: names that
start with `.` (`.DS_Store`, vim's `.pension.yaml.swp`, emacs's lock `.#pension.yaml`), end
with `~` (backups) or are `#…#` (emacs auto-saves). Editors make them while a file is open, so
reporting them would fail `rules check` on a Mac and reject every edit on a live server while
an editor is open.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from formadvisor.rules.translation import is_translation

FIXED_FILES = ("questionnaire.yaml", "options.yaml", "sources.yaml", "scoring.yaml")
RELEASE_FILE = "VERSION"  # optional: the advisers' name for this edition of the rules
SUMMARY_FILE = "summary.yaml"  # optional: the wording of the summary at the top of a result
PLAN_FILE = "action_plan.yaml"  # optional: the action plan's steps
GROUPS_FILE = "groups.yaml"  # optional: the wording of a group assessment
GLOSSARY_FILE = "glossary.yaml"  # optional: the settled translation of each domain term
NOTES_FILE = "README.md"  # for people; never read by the loader
POLICY_DIR = "policy"
RULE_SUFFIX = ".yaml"
NOT_PART = "not part of the rules: "
READ_FILES = (*FIXED_FILES, PLAN_FILE, SUMMARY_FILE, GROUPS_FILE, GLOSSARY_FILE)


def is_dropping(name: str) -> bool:
    """A hidden file, a backup or an auto-save an editor or the system leaves beside the files."""
    return name.startswith(".") or name.endswith("~") or (name[:1] == name[-1:] == "#")


def ignore_droppings(_folder: str, names: list[str]) -> list[str]:
    """For `shutil.copytree(..., ignore=ignore_droppings)`: copy what the loader may read."""
    return [name for name in names if is_dropping(name)]


def rule_files(policy: Path) -> list[Path]:
    """The rule files the loader reads from `policy/`, in name order (not their translations)."""
    return [
        p
        for p in _entries(policy)
        if p.name.endswith(RULE_SUFFIX) and p.is_file() and not is_translation(p.name)
    ]


def translation_files(folder: Path) -> list[Path]:
    """The translation files (`pension.cy.yaml`) directly in `folder`, in name order."""
    return [
        p
        for p in _entries(folder)
        if p.name.endswith(RULE_SUFFIX) and p.is_file() and is_translation(p.name)
    ]


def strays(folder: Path) -> list[tuple[str, str]]:
    """Each file or folder the loader does not read, as (path in the folder, what to do)."""
    found = []
    for path in _entries(folder):
        name = path.name
        if name in (*READ_FILES, RELEASE_FILE, NOTES_FILE, POLICY_DIR) or _translates(name):
            continue  # read (or reported as missing or malformed by the loader)
        found.append((name, NOT_PART + _at_the_top(path)))
    for path in _entries(folder / POLICY_DIR):
        name = path.name
        if name == NOTES_FILE or (name.endswith(RULE_SUFFIX) and path.is_file()):
            continue  # a rule file, or a rule file's translation (which the loader reports on)
        found.append((f"{POLICY_DIR}/{name}", NOT_PART + _in_policy(path)))
    return found


def _translates(name: str) -> bool:
    """A translation of one of the files read at the top (`questionnaire.cy.yaml`)."""
    english = f"{name.rsplit('.', 2)[0]}{RULE_SUFFIX}"
    return is_translation(name) and english in READ_FILES and english != GLOSSARY_FILE


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not is_dropping(p.name))
    except OSError:  # no such folder: the loader says so
        return []


def _at_the_top(path: Path) -> str:
    name = path.name
    if path.is_dir():
        if _like(name, [POLICY_DIR]):
            return f"a folder here is not read; did you mean {POLICY_DIR}/?"
        return (
            f"a folder here is not read; move its rule files into {POLICY_DIR}/, "
            "or the folder out of the rules folder"
        )
    if name.endswith((RULE_SUFFIX, ".yml")):
        if guess := _like(name, READ_FILES):
            return f"did you mean {guess}? The files read here are {_listed(READ_FILES)}"
        return (
            f"rule files are read only from {POLICY_DIR}/; "
            f"move it to {POLICY_DIR}/{_as_rule_file(name)}"
        )
    if _like(name, [NOTES_FILE]):
        return f"notes for people go in {NOTES_FILE}; rename it, or move it out of the rules folder"
    if _like(name, [RELEASE_FILE]):
        return f"the edition's name goes in {RELEASE_FILE}; rename it"
    return (
        f"only the rules files, {NOTES_FILE} and {RELEASE_FILE} belong here; "
        "keep other files outside the rules folder"
    )


def _in_policy(path: Path) -> str:
    name = path.name
    if path.is_dir():
        return (
            f"folders inside {POLICY_DIR}/ are not read; move its rule files up into {POLICY_DIR}/"
        )
    if name.endswith(".yml"):
        return f"only files ending {RULE_SUFFIX} are read; rename it {_as_rule_file(name)}"
    if name in (*READ_FILES, RELEASE_FILE):
        return f"{name} is read from the top of the rules folder, not from {POLICY_DIR}/"
    return (
        f"{POLICY_DIR}/ holds only rule files ending {RULE_SUFFIX} (and {NOTES_FILE}); "
        "keep other files outside the rules folder"
    )


def _like(name: str, known: Sequence[str]) -> str | None:
    """The known name `name` is most likely a misspelling of (case, .yml, a letter or two)."""
    plain = name.lower().removesuffix(".yml").removesuffix(RULE_SUFFIX).removesuffix(".txt")
    by_stem = {k.lower().removesuffix(RULE_SUFFIX).removesuffix(".md"): k for k in known}
    close = difflib.get_close_matches(plain, list(by_stem), n=1, cutoff=0.7)
    return by_stem[close[0]] if close else None


def _as_rule_file(name: str) -> str:
    return name.removesuffix(".yml").removesuffix(RULE_SUFFIX) + RULE_SUFFIX


def _listed(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]
