"""`rules translate`: an empty entry in each translation file for each text it lacks.

Existing translations are kept as they are (a stale fingerprint too, so `rules check` still
asks for the translation to be checked against the new English); entries that translate
nothing any more are kept at the end for the translator to move or remove. A file with a
malformed entry is left alone: rewriting it could lose that entry's translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from formadvisor.rules.loading import RawPolicy, Translation, read_rules_folder
from formadvisor.rules.translation import (
    ENGLISH,
    _quoted,
    skeleton,
    texts,
    translation_name,
)


@dataclass(frozen=True)
class Translated:
    """What `translate_folder` did to one translation file."""

    name: str  # as shown: `rules/policy/pension.cy.yaml`
    added: int  # entries added
    left: str | None = None  # why the file was left alone, if it was


def translate_folder(folder: Path, lang: str) -> list[Translated]:
    """Add the missing entries to every `X.<lang>.yaml` of `folder` (made where missing).

    Raises `RulesInvalid` when the English cannot be read: fix that first.
    """
    raw = read_rules_folder(Path(folder))
    done = []
    for f in raw.files:
        name = translation_name(f.name.split("/", 1)[1], lang)
        t = _translation(raw, f.name, lang)
        shown = f"{Path(folder).name}/{name}"
        if t is not None and _broken(t):
            done.append(Translated(shown, 0, "it has problems: fix those (`rules check`) first"))
            continue
        found = texts(f.name.split("/", 1)[1], f.doc.data)
        have = t.entries if t is not None else {}
        present = _present(t)
        text = skeleton(found, lang, have, f.name.split("/", 1)[1])
        known = {x.key for x in found}
        kept = [k for k in have if k not in known]
        if kept:
            text += "# These translate no text of the English file now: move or remove them.\n"
            for k in kept:
                old = have[k]
                text += f"{k}:\n  {ENGLISH}: {_quoted(old.english)}\n"
                text += f"  {lang}: {_quoted(old.text)}\n"
        path = Path(folder) / name
        if t is None and raw.unreadable(f.name, lang):
            done.append(Translated(shown, 0, "it is not YAML: fix it (`rules check`) first"))
            continue
        added = len(known - present)
        if (
            added or not path.is_file()
        ):  # a file with every entry is left as its translator wrote it
            path.write_text(text, encoding="utf-8")
            done.append(Translated(shown, added))
    return done


def _translation(raw: RawPolicy, english: str, lang: str) -> Translation | None:
    found = [t for t in raw.translations if t.english.name == english and t.lang == lang]
    return found[0] if found and found[0].doc is not None else None


def _broken(t: Translation) -> bool:
    """Whether the file has an entry that is neither usable nor simply empty."""
    data = t.doc.data if t.doc is not None else None
    if data is not None and not isinstance(data, dict):
        return True
    for key, value in (data or {}).items():
        empty = isinstance(value, dict) and set(value) == {ENGLISH, t.lang}
        if str(key) not in t.entries and not (empty and not str(value[t.lang] or "").strip()):
            return True
    return False


def _present(t: Translation | None) -> set[str]:
    data = t.doc.data if t is not None and t.doc is not None else None
    return {str(k) for k in data} if isinstance(data, dict) else set()
