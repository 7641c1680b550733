"""The rules' words in another language, kept beside the English they translate.

Each rules file `X.yaml` may have a sibling `X.cy.yaml` (Welsh): a flat mapping from a key that
names one English text in `X.yaml` (`questions.nation.text`) to its translation and a
fingerprint of the English it was made from:

    questions.nation.text:
      en: 5b1e0c2a  # Which nation are your practices in?
      cy: Ym mha wlad mae eich practisau?

The fingerprint lets `rules check` say a translation is stale (the English changed after it was
written) without storing the English twice. Which strings are text is decided here by key name
(`TEXT_KEYS`) and by the wording sections whose every string is text (`WORDING`); identifiers,
conditions, sources and dates are never translated, so a translated policy decides exactly as
the English one does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from formadvisor.rules.yamlfile import Document, KeyPath, doc_value

ENGLISH = "en"
LANGUAGES = ("en", "cy")  # English first: the language the rules are written in
NAMES = {"en": "English", "cy": "Welsh (Cymraeg)"}  # for the files' headers, not for users
# Keys whose string value is text for people, wherever they appear in a rules file.
TEXT_KEYS = frozenset(
    {
        "text",
        "hint",
        "error",
        "label",
        "short",
        "section",
        "not_known",
        "practice_text",
        "summary",
        "regulator",
        "because",
        "title",
        "on",
        "who",
        "ask",
        "step",
        "note",
        "nothing",
    }
)
# Sections (file, first keys) in which every string is wording, whatever its key.
WORDING: tuple[tuple[str, KeyPath], ...] = (
    ("summary.yaml", ()),
    ("groups.yaml", ()),
    ("scoring.yaml", ("decision",)),
    ("scoring.yaml", ("what_if", "consequence")),
    ("scoring.yaml", ("what_if", "said")),
    ("scoring.yaml", ("said",)),
    ("options.yaml", ("compare", "words")),
    ("action_plan.yaml", ("timing",)),
    ("questionnaire.yaml", ("words",)),
)
# Keys that hold identifiers or references even inside a wording section or a text key's item.
NOT_TEXT = frozenset({"id", "value", "when", "ask_when", "source", "sources", "url", "topic"})
# A list item is named in a key by the first of these it has (else by its place in the list).
NAMING_KEYS = ("id", "value")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")
LETTER = re.compile(r"[^\W\d_]")


def translation_name(name: str, lang: str) -> str:
    """`policy/pension.yaml` → `policy/pension.cy.yaml`."""
    return f"{name.removesuffix('.yaml')}.{lang}.yaml"


def is_translation(name: str) -> bool:
    """A translation file (`pension.cy.yaml`), never a rule file of its own."""
    stem = name.removesuffix(".yaml")
    return any(stem.endswith(f".{lang}") for lang in LANGUAGES if lang != ENGLISH)


def fingerprint(english: str) -> str:
    """Eight hex digits of the English with its spacing folded: re-wrapping a long text in the
    YAML does not make its translation stale, changing a word does."""
    folded = " ".join(english.split())
    return hashlib.sha256(folded.encode()).hexdigest()[:8]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def needs_words(text: str) -> bool:
    """Whether a text has words to translate (`"; "` or `"£{low}"` has none)."""
    return bool(LETTER.search(PLACEHOLDER.sub("", text)))


@dataclass(frozen=True)
class Text:
    """One English text in a rules file: its key, where it is, and the English itself."""

    key: str
    path: KeyPath
    english: str


def texts(name: str, data: object) -> list[Text]:
    """Every English text in the file `name` (relative to the rules folder), in file order."""
    base = name.rsplit("/", 1)[-1]
    sections = [prefix for file, prefix in WORDING if file == base]
    found: list[Text] = []
    for path, keys, value in _strings(data, (), ()):
        field = path[-1] if isinstance(path[-1], str) else None
        if NOT_TEXT.intersection(p for p in path[1:] if isinstance(p, str)):
            continue
        in_wording = any(keys[: len(prefix)] == prefix for prefix in sections)
        if not (in_wording or field in TEXT_KEYS):
            continue
        if base == "sources.yaml" and field == "title" and not _unsourced(data, path):
            continue  # a public document's title stays as it was published
        if not needs_words(value):
            continue
        found.append(Text(".".join(keys), path, value))
    return found


def _strings(
    data: object, path: KeyPath, keys: tuple[str, ...]
) -> Iterator[tuple[KeyPath, tuple[str, ...], str]]:
    if isinstance(data, str):
        yield path, keys, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, (*path, k), (*keys, str(k)))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            name = next(
                (
                    str(item[k])
                    for k in NAMING_KEYS
                    if isinstance(item, dict) and isinstance(item.get(k), str | int)
                ),
                str(i),
            )
            yield from _strings(item, (*path, i), (*keys, name))


def _unsourced(data: object, path: KeyPath) -> bool:
    item = doc_value(data, path[:-1])
    return isinstance(item, dict) and item.get("unsourced") is True


@dataclass(frozen=True)
class Entry:
    """One translation: its key, the translated text, the English's fingerprint, its line."""

    key: str
    text: str
    english: str
    line: int


def entries(doc: Document, lang: str) -> tuple[dict[str, Entry], list[tuple[int, str]]]:
    """The entries of a translation file, and its shape problems as (line, message)."""
    found: dict[str, Entry] = {}
    problems: list[tuple[int, str]] = []
    if doc.data is None:
        return found, problems
    if not isinstance(doc.data, dict):
        return found, [(1, "a translation file is a mapping of keys to translations")]
    for key, value in doc.data.items():
        line = doc.line_of((key,))
        if not isinstance(value, dict) or set(value) != {ENGLISH, lang}:
            problems.append((line, f"{key}: give `{ENGLISH}` (the fingerprint) and `{lang}`"))
            continue
        text, english = value[lang], value[ENGLISH]
        if not isinstance(text, str) or not text.strip():
            problems.append((doc.line_of((key, lang)), f"{key}: `{lang}` is empty"))
            continue
        # Spaces kept: `" a "` joins what-if outcomes as `" and "` does in English.
        found[key] = Entry(key, text, str(english), doc.line_of((key, lang)))
    return found, problems


def translate(data: object, found: list[Text], translations: dict[str, Entry]) -> object:
    """A copy of a file's data with each text that has a translation replaced by it."""
    out = _copy(data)
    for t in found:
        entry = translations.get(t.key)
        if entry is None:
            continue
        parent = doc_value(out, t.path[:-1])
        parent[t.path[-1]] = entry.text  # type: ignore[index]
    return out


def _copy(data: object) -> object:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


def skeleton(found: list[Text], lang: str, translations: dict[str, Entry], name: str) -> str:
    """The translation file for `found`: the existing translations kept, new texts added with
    an empty translation (and stale fingerprints kept, so `rules check` still says stale)."""
    lines = [
        f"# The {NAMES[lang]} of {name}: each key names one English text there; `{ENGLISH}` is a",
        "# fingerprint of the English it was translated from, `rules check` says when it changes.",
    ]
    for t in found:
        old = translations.get(t.key)
        english = old.english if old else fingerprint(t.english)
        shown = " ".join(t.english.split())
        lines.append(f"{t.key}:")
        lines.append(f"  {ENGLISH}: {_quoted(english)}  # {shown}")
        lines.append(f"  {lang}: {_quoted(old.text if old else '')}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
