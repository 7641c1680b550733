"""A rules folder read in another language, and what `rules check` says of its translations.

The translated folder is the English one with each text that has a usable translation
replaced by it (`translation.translate`), validated into the same models and cross-checked
like the English (`checks.policy_of`), so it decides exactly as the English does. Nothing in
a translation stops the rules loading: a text without one, or with one whose placeholders
differ from its English, stays English; a translated file the models refuse stays English as
a whole. `problems` lists all of it for `rules check`, each at the line to fix.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import ValidationError

from formadvisor.rules.glossary import Glossary
from formadvisor.rules.loading import (
    LoadedFile,
    Problem,
    RawPolicy,
    Translation,
    _message,
    _parse_conditions,
    _rule_id,
    _without_tags,
)
from formadvisor.rules.translation import (
    NAMES,
    Entry,
    Text,
    fingerprint,
    placeholders,
    texts,
    translate,
)
from formadvisor.rules.yamlfile import Document

TRANSLATE = "`formadvisor rules translate` adds empty entries"


def translated(raw: RawPolicy, lang: str) -> tuple[RawPolicy, list[Problem]]:
    """`raw` with its texts in `lang` where they have a usable translation, and the problems
    that left a whole file English (its translated data is not valid)."""
    problems: list[Problem] = []
    by_file = {t.english.name: t for t in raw.translations if t.lang == lang}

    def one(f: LoadedFile[Any]) -> LoadedFile[Any]:
        t = by_file.get(f.name)
        if t is None or not t.entries:
            return f
        found = _texts(f)
        usable = {x.key: e for x in found if (e := _usable(t.entries.get(x.key), x))}
        if not usable:
            return f
        data = translate(f.doc.data, found, usable)
        parsed, _ = _parse_conditions(Document(data, f.doc.lines), f.name, [])
        try:
            return LoadedFile(f.name, f.doc, type(f.model).model_validate(parsed))
        except ValidationError as e:
            problems.extend(_refused(t, found, usable, e))
            return f

    def maybe(f: LoadedFile[Any] | None) -> LoadedFile[Any] | None:
        return None if f is None else one(f)

    out = dataclasses.replace(
        raw,
        questionnaire=one(raw.questionnaire),
        options=one(raw.options),
        sources=one(raw.sources),
        scoring=one(raw.scoring),
        rule_files=tuple(one(f) for f in raw.rule_files),
        summary=maybe(raw.summary),
        plan=maybe(raw.plan),
        groups=maybe(raw.groups),
        strays=(),
        translations=(),
        orphans=(),
    )
    return out, problems


def _texts(f: LoadedFile[Any]) -> list[Text]:
    return texts(f.name.split("/", 1)[1], f.doc.data)


def _usable(entry: Entry | None, text: Text) -> Entry | None:
    """The entry, when its placeholders are its English's (else the English stays)."""
    if entry is None or placeholders(entry.text) != placeholders(text.english):
        return None
    return entry


def _refused(
    t: Translation, found: list[Text], usable: dict[str, Entry], e: ValidationError
) -> list[Problem]:
    """The models' objections to a translated file, each at the entry it is about."""
    out = []
    for err in e.errors():
        loc = _without_tags(tuple(err["loc"]))
        text = next((x for x in found if x.path == loc[: len(x.path)] and x.key in usable), None)
        if text is None:
            line, message = 1, _message(tuple(err["loc"]), err)
        else:
            line, message = usable[text.key].line, f"{text.key}: {_message((), err)}"
        out.append(Problem(t.name, line, "", f"{message} (so the whole file stays English)"))
    return out


def problems(raw: RawPolicy) -> list[Problem]:
    """Every problem with the folder's translations: a text with no translation (at the
    English's line), an empty, malformed or unreadable one, one whose placeholders differ
    (errors); one whose English changed since it was written, one that translates nothing,
    one that lacks a glossary term its English has (warnings)."""
    glossary = raw.glossary.model if raw.glossary is not None else None
    out = [
        Problem(name, 1, "", "translates no rules file here: rename it or remove it", True)
        for name in raw.orphans
    ]
    for t in raw.translations:
        out += _file_problems(t, glossary)
    return out


def _file_problems(t: Translation, glossary: Glossary | None) -> list[Problem]:
    f, lang = t.english, t.lang
    language = NAMES[lang].split(" (")[0]
    if t.unreadable is not None:
        line, message = t.unreadable
        return [Problem(t.name, line, "", f"{message} (so the whole file stays English)")]
    found = _texts(f)
    data = t.doc.data if t.doc is not None else None
    present = {str(k) for k in data} if isinstance(data, dict) else set()
    by_key = {x.key: x for x in found}
    orphans = present - by_key.keys()  # said once: that they translate nothing
    out = [
        Problem(t.name, line, "", message)
        for line, message in t.malformed
        if message.split(":", 1)[0] not in orphans
    ]
    for x in found:
        if x.key in present:
            continue
        rule = _rule_id(f.doc.data, x.path)
        field = x.key.removeprefix(f"{x.path[0]}.{rule}.") if rule else x.key
        message = f"no {language} for `{field}` (add it to {t.name}; {TRANSLATE})"
        out.append(Problem(f.name, f.doc.line_of(x.path), rule, message))
    for key in sorted(orphans, key=lambda k: _line(t, k)):
        message = f"{key}: translates no text of {f.name} (remove it, or correct the key)"
        out.append(Problem(t.name, _line(t, key), "", message, warning=True))
    for key, entry in t.entries.items():
        english = by_key.get(key)
        if english is None:
            continue
        want, got = placeholders(english.english), placeholders(entry.text)
        if want != got:
            out.append(Problem(t.name, entry.line, "", _placeholders(key, want, got)))
        new = fingerprint(english.english)
        if entry.english != new:
            message = (
                f"{key}: the English changed after this was translated; check the {language} "
                f'against it, then set `en: "{new}"`'
            )
            out.append(Problem(t.name, _line(t, key), "", message, warning=True))
        for term in glossary.missing(english.english, entry.text, lang) if glossary else ():
            message = f"{key}: the glossary says “{term.english}” is “{term.said(lang)}” here"
            out.append(Problem(t.name, entry.line, "", message, warning=True))
    return out


def _line(t: Translation, key: str) -> int:
    return t.doc.line_of((key,)) if t.doc is not None else 1


def _placeholders(key: str, want: set[str], got: set[str]) -> str:
    said = []
    if want - got:
        said.append("lacks " + ", ".join(f"{{{p}}}" for p in sorted(want - got)))
    if got - want:
        said.append("has unknown " + ", ".join(f"{{{p}}}" for p in sorted(got - want)))
    return f"{key}: its placeholders differ from the English's: it {' and '.join(said)}"
