"""Rules folders with their own small "Welsh", so tests do not depend on the real translation.

`welsh_copy` copies a rules folder and writes a translation file beside every rules file with
each text "translated" by `marked` (its first letter made `Ŵ`: the same placeholders, the same
length, and plainly not the English), except the keys in `skip`, which get no entry at all.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from formadvisor.rules.layout import ignore_droppings
from formadvisor.rules.loading import read_rules_folder
from formadvisor.rules.translation import (
    Entry,
    fingerprint,
    is_translation,
    skeleton,
    texts,
    translation_name,
)

MARK = "Ŵ"


def marked(english: str) -> str:
    """The test's "Welsh" of a text: its first letter made Ŵ (a text starting otherwise, with a
    placeholder or a figure, stays as it is: still an entry, as a translator may keep it)."""
    return MARK + english[1:] if english[:1].isalpha() else english


def welsh_copy(
    source: Path,
    target: Path,
    skip: Iterable[str] = (),
    welsh: Callable[[str], str] = marked,
) -> Path:
    """`source` copied to `target` (named `rules`, as problems show it) with a complete `.cy.yaml`
    beside each rules file, but for the keys in `skip`."""
    shutil.copytree(source, target, ignore=ignore_droppings)
    for old in target.rglob("*.yaml"):
        if is_translation(old.name):
            old.unlink()
    skipped = set(skip)
    raw = read_rules_folder(target)
    for f in raw.files:
        name = f.name.split("/", 1)[1]
        found = texts(name, f.doc.data)
        filled = {
            t.key: Entry(t.key, welsh(t.english), fingerprint(t.english), 0)
            for t in found
            if t.key not in skipped
        }
        kept = [t for t in found if t.key not in skipped]
        (target / translation_name(name, "cy")).write_text(
            skeleton(kept, "cy", filled, name), encoding="utf-8"
        )
    return target


def entry_line(folder: Path, name: str, key: str, field: str = "cy") -> int:
    """The line of `key`'s `field` in the translation file `name` (`policy/core.cy.yaml`)."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"{key}:")
    return next(i for i in range(start, len(lines)) if lines[i].startswith(f"  {field}:")) + 1


def set_entry(folder: Path, name: str, key: str, field: str, value: str) -> None:
    """Set one entry's `field` (`cy` or `en`) in the translation file `name`."""
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    at = entry_line(folder, name, key, field) - 1
    lines[at] = f"  {field}: {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
