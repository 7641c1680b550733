"""A rules folder named on the command line: a folder, or a git revision of one.

`rules diff OLD NEW` takes either side as a folder (`rules`, `/tmp/edited`) or as a git
revision of the repository (`HEAD~1`, `main`, a commit, or `REV:path/to/rules` for a folder
other than `rules`). A revision's folder is extracted with `git archive` into a temporary
folder that lives as long as the `with` block.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATH = "rules"  # the rules folder inside a revision, relative to the repository's top


class RevisionError(ValueError):
    """The name is neither a rules folder nor a git revision that holds one."""


@dataclass(frozen=True)
class RulesAt:
    """Where one side's rules were read from."""

    name: str  # as given on the command line
    folder: Path  # a readable rules folder (temporary for a revision)
    commit: str | None = None  # the full commit id when read from git


@contextmanager
def rules_at(name: str, repo: Path, default_path: str = DEFAULT_PATH) -> Iterator[RulesAt]:
    """The rules folder `name` names: itself when it is a folder, else extracted from git.

    Raises `RevisionError` with a sentence for the adviser when it is neither.
    """
    if Path(name).is_dir():
        yield RulesAt(name, Path(name))
        return
    revision, colon, path = name.partition(":")
    path = path.strip("/") if colon else default_path
    top = _toplevel(name, repo)
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit is None:
        raise RevisionError(
            f"{name}: not a rules folder, and '{revision}' is not a revision of {top}"
        )
    if _git(top, "cat-file", "-t", f"{commit}:{path}") != "tree":
        raise RevisionError(f"{name}: revision {revision} ({commit[:12]}) has no folder '{path}'")
    with tempfile.TemporaryDirectory(prefix="formadvisor-rules-") as tmp:
        _extract(top, commit, path, Path(tmp))
        yield RulesAt(name, Path(tmp) / path, commit)


def _toplevel(name: str, repo: Path) -> Path:
    top = _git(repo, "rev-parse", "--show-toplevel") if repo.is_dir() else None
    if top is None:
        raise RevisionError(f"{name}: not a rules folder, and {repo} is not a git repository")
    return Path(top)


def _git(where: Path, *args: str) -> str | None:
    """git's output (stripped), or None when it fails."""
    done = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def _extract(top: Path, commit: str, path: str, into: Path) -> None:
    """`git archive COMMIT PATH | tar -x`, the tar read by Python with its safe `data` filter."""
    done = subprocess.run(
        ["git", "archive", "--format=tar", commit, "--", path],
        cwd=top,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RevisionError(
            f"git archive {commit[:12]} {path} failed: {done.stderr.decode(errors='replace')}"
        )
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(into, filter="data")
