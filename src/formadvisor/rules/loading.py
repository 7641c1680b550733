"""Read a rules folder into models, reporting every problem as `file:line: rule-id: message`.

The folder holds `questionnaire.yaml`, `options.yaml`, `sources.yaml`, `scoring.yaml` and one
rule file per topic under `policy/` (`layout`: anything else there is a problem too). Reading
stops at nothing: all problems are collected, then raised together as `RulesInvalid`, so an
adviser fixes a file in one pass.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from formadvisor.rules import layout
from formadvisor.rules.conditions import AllOf, ConditionError, parse_condition
from formadvisor.rules.effects import RuleFile, Scoring
from formadvisor.rules.glossary import Glossary
from formadvisor.rules.group_wording import GroupWording
from formadvisor.rules.layout import (
    GLOSSARY_FILE,
    GROUPS_FILE,
    PLAN_FILE,
    POLICY_DIR,
    RELEASE_FILE,
    SUMMARY_FILE,
)
from formadvisor.rules.models import Options, Questionnaire, Sources
from formadvisor.rules.plan import PlanFile
from formadvisor.rules.translation import ENGLISH, LANGUAGES, Entry, entries, translation_name
from formadvisor.rules.wording import SummaryWording
from formadvisor.rules.yamlfile import Document, KeyPath, YamlError, doc_value, read_rules_file

M = TypeVar("M", bound=BaseModel)
RELEASE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,39}$")
MAX_RULE_FILES = 200


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    rule: str
    message: str
    warning: bool = False  # a warning fails `rules check` only with --strict

    def __str__(self) -> str:
        severity = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {self.rule or '-'}: {severity}{self.message}"


class RulesInvalid(Exception):
    """The rules folder has problems; `problems` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class LoadedFile(Generic[M]):
    name: str  # path relative to the rules folder's parent, as shown to advisers
    doc: Document
    model: M


@dataclass(frozen=True)
class Translation:
    """One rules file's translation into `lang` (`pension.cy.yaml`), as read: never a reason
    the rules fail to load (a text without a translation stays English); `rules check` says
    what is wrong with it (`rules.translated`)."""

    name: str  # shown to advisers, like LoadedFile.name: `rules/policy/pension.cy.yaml`
    english: LoadedFile[Any]  # the file it translates
    lang: str
    doc: Document | None  # None: there is no such file (or it cannot be read: `unreadable`)
    entries: dict[str, Entry]  # its usable entries by key
    malformed: tuple[tuple[int, str], ...] = ()  # (line, message) of entries it cannot use
    unreadable: tuple[int, str] | None = None  # (line, message): the file is not YAML


@dataclass(frozen=True)
class RawPolicy:
    questionnaire: LoadedFile[Questionnaire]
    options: LoadedFile[Options]
    sources: LoadedFile[Sources]
    scoring: LoadedFile[Scoring]
    rule_files: tuple[LoadedFile[RuleFile], ...]
    version: str
    release: str | None = None
    # Files and folders the loader does not read: problems that `checks.policy_of` lists with
    # the cross-file ones, so one run of `rules check` shows both.
    strays: tuple[Problem, ...] = ()
    summary: LoadedFile[SummaryWording] | None = None  # the summary's wording, when present
    plan: LoadedFile[PlanFile] | None = None  # the action plan's steps, when the folder has them
    groups: LoadedFile[GroupWording] | None = None  # a group assessment's wording, when present
    # Each file's translation into each language the folder has translations in (none: the
    # folder is English only), and translation files that translate no file read here.
    translations: tuple[Translation, ...] = ()
    orphans: tuple[str, ...] = ()
    glossary: LoadedFile[Glossary] | None = None  # the translations' glossary, when present

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages other than English the folder has translations in."""
        return tuple(lang for lang in LANGUAGES if any(t.lang == lang for t in self.translations))

    def unreadable(self, english: str, lang: str) -> bool:
        """Whether the translation of `english` (a shown name) into `lang` is not YAML."""
        return any(
            t.unreadable is not None
            for t in self.translations
            if t.english.name == english and t.lang == lang
        )

    @property
    def files(self) -> list[LoadedFile[Any]]:
        """Every file with texts to translate, the fixed ones first."""
        fixed: list[LoadedFile[Any]] = [self.questionnaire, self.options, self.sources]
        fixed += [self.scoring, *self.rule_files]
        return fixed + [f for f in (self.plan, self.summary, self.groups) if f is not None]


def read_rules_folder(folder: Path) -> RawPolicy:
    """Read and validate each file on its own; cross-file checks come later (`checks`).

    Raises `RulesInvalid` when a file is broken; files that are not read come back in
    `strays` for `checks.policy_of` to raise with its own problems.
    """
    problems: list[Problem] = []
    folder = Path(folder)
    if not folder.is_dir():
        raise RulesInvalid([Problem(str(folder), 1, "", "no such rules folder")])
    shown = folder.name

    def fixed(name: str, model: type[M]) -> LoadedFile[M] | None:
        return _load(folder / name, f"{shown}/{name}", model, problems)

    questionnaire = fixed("questionnaire.yaml", Questionnaire)
    options = fixed("options.yaml", Options)
    sources = fixed("sources.yaml", Sources)
    scoring = fixed("scoring.yaml", Scoring)
    policy_dir = folder / POLICY_DIR
    paths = layout.rule_files(policy_dir)
    if not paths:
        problems.append(Problem(f"{shown}/{POLICY_DIR}", 1, "", "no rule files (*.yaml) found"))
    if len(paths) > MAX_RULE_FILES:
        problems.append(Problem(f"{shown}/{POLICY_DIR}", 1, "", "too many rule files"))
        paths = paths[:MAX_RULE_FILES]
    read = [_load(p, f"{shown}/{POLICY_DIR}/{p.name}", RuleFile, problems) for p in paths]
    rule_files = tuple(f for f in read if f is not None)
    release = _release(folder / RELEASE_FILE, f"{shown}/{RELEASE_FILE}", problems)
    summary = fixed(SUMMARY_FILE, SummaryWording) if (folder / SUMMARY_FILE).is_file() else None
    plan = fixed(PLAN_FILE, PlanFile) if (folder / PLAN_FILE).is_file() else None
    groups = fixed(GROUPS_FILE, GroupWording) if (folder / GROUPS_FILE).is_file() else None
    glossary = fixed(GLOSSARY_FILE, Glossary) if (folder / GLOSSARY_FILE).is_file() else None
    optional: list[LoadedFile] = [f for f in (plan, summary, groups) if f is not None]
    strays = [Problem(f"{shown}/{name}", 1, "", advice) for name, advice in layout.strays(folder)]
    # A file that did not load is always a problem, so past this none is missing.
    if problems or questionnaire is None or options is None or sources is None or scoring is None:
        raise RulesInvalid(problems + strays)
    every: list[LoadedFile[Any]] = [questionnaire, options, sources, scoring, *rule_files]
    every += optional  # in the order of `RawPolicy.files`
    translations, orphans = _translations(folder, every)
    hashed = [(f.name, f.doc.data) for f in every]
    hashed += [(t.name, t.doc.data) for t in translations if t.doc is not None]
    hashed += [(glossary.name, glossary.doc.data)] if glossary is not None else []
    return RawPolicy(
        questionnaire,
        options,
        sources,
        scoring,
        rule_files=rule_files,
        version=_content_hash(hashed),
        release=release,
        strays=tuple(strays),
        plan=plan,
        summary=summary,
        groups=groups,
        translations=translations,
        orphans=orphans,
        glossary=glossary,
    )


def _translations(
    folder: Path, files: list[LoadedFile[Any]]
) -> tuple[tuple[Translation, ...], tuple[str, ...]]:
    """Each file's translation into each language some file in the folder is translated
    into, and the translation files that translate none of `files` (shown names)."""
    shown = folder.name
    found = {
        f"{p.parent.name}/{p.name}" if p.parent != folder else p.name: p
        for p in [*layout.translation_files(folder), *layout.translation_files(folder / POLICY_DIR)]
    }
    langs = [
        lang
        for lang in LANGUAGES
        if lang != ENGLISH and any(name.endswith(f".{lang}.yaml") for name in found)
    ]
    out: list[Translation] = []
    used: set[str] = set()
    for lang in langs:
        for f in files:
            name = translation_name(f.name.split("/", 1)[1], lang)
            used.add(name)
            out.append(_translation(folder / name, f"{shown}/{name}", f, lang))
    orphans = tuple(f"{shown}/{name}" for name in sorted(set(found) - used))
    return tuple(out), orphans


def _translation(path: Path, shown: str, english: LoadedFile[Any], lang: str) -> Translation:
    if not path.is_file():
        return Translation(shown, english, lang, None, {})
    try:
        doc = read_rules_file(path)
    except YamlError as e:
        return Translation(shown, english, lang, None, {}, unreadable=(e.line, e.message))
    except UnicodeDecodeError:
        return Translation(shown, english, lang, None, {}, unreadable=(1, "not UTF-8 text"))
    found, malformed = entries(doc, lang)
    return Translation(shown, english, lang, doc, found, tuple(malformed))


def _release(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The one-line edition name in `VERSION` (e.g. `2026.11.0`), if the folder has one."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        text = ""
    if not RELEASE.match(text):
        message = "one line of up to 40 letters, digits and . _ + - (e.g. 2026.11.0)"
        problems.append(Problem(shown, 1, "", message))
        return None
    return text


def _load(path: Path, shown: str, model: type[M], problems: list[Problem]) -> LoadedFile[M] | None:
    if not path.is_file():
        problems.append(Problem(shown, 1, "", "file is missing"))
        return None
    try:
        doc = read_rules_file(path)
    except YamlError as e:
        problems.append(Problem(shown, e.line, "", e.message))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(shown, 1, "", "file is not UTF-8 text"))
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(shown, 1, "", "the file must be a mapping of keys to values"))
        return None
    data, broken = _parse_conditions(doc, shown, problems)
    try:
        return LoadedFile(shown, doc, model.model_validate(data))
    except ValidationError as e:
        for err in e.errors():
            loc = tuple(err["loc"])
            if any(loc[: len(b)] == b for b in broken):
                continue  # already reported by the condition parser
            problems.append(
                Problem(shown, doc.line_of(loc), _rule_id(doc.data, loc), _message(loc, err))
            )
        return None


def _parse_conditions(
    doc: Document, shown: str, problems: list[Problem]
) -> tuple[dict, list[KeyPath]]:
    """Replace each `when` / `ask_when` shorthand with its parsed tree."""
    data = json.loads(json.dumps(doc.data, default=str))  # a private copy to rewrite
    broken: list[KeyPath] = []
    for list_key, cond_key in (
        ("rules", "when"),
        ("questions", "ask_when"),
        ("service_questions", "ask_when"),
        ("steps", "when"),
        ("warnings", "when"),
    ):
        items = data.get(list_key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict) or cond_key not in item:
                continue
            at = (list_key, i, cond_key)
            node, errors = parse_condition(doc_value(doc.data, at), at)
            for err in errors:
                problems.append(_condition_problem(doc, shown, err))
            if errors:
                broken.append(at)
                node = AllOf(items=())
            item[cond_key] = node
    return data, broken


def _condition_problem(doc: Document, shown: str, err: ConditionError) -> Problem:
    return Problem(shown, doc.line_of(err.path), _rule_id(doc.data, err.path), err.message)


def _rule_id(data: object, loc: tuple) -> str:
    """The id of the rule (or the plan's step or warning) at `loc`, if it has one."""
    if len(loc) >= 2 and loc[0] in ("rules", "steps", "warnings") and isinstance(loc[1], int):
        rules = data.get(loc[0]) if isinstance(data, dict) else None
        try:
            rule = rules[loc[1]] if isinstance(rules, list) else None
        except IndexError:
            return ""
        if isinstance(rule, dict) and isinstance(rule.get("id"), str):
            return rule["id"]
    return ""


def _message(loc: tuple, err: ErrorDetails) -> str:
    where = dotted(_without_tags(loc))
    text = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        text = "unknown key (check its spelling)"
    elif err["type"] == "missing":
        text = "required key is missing"
    return f"{where}: {text}" if where else text


def _without_tags(loc: tuple) -> tuple:
    """Drop the union tags pydantic puts in a location (`then.0.favour.favour` → `...favour`)."""
    out: list = []
    for part in loc:
        if isinstance(part, str) and (part.startswith("function-") or (out and out[-1] == part)):
            continue
        out.append(part)
    return tuple(out)


def dotted(path: tuple) -> str:
    """('services', 1, 'kind') → 'services[1].kind'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _content_hash(files: list[tuple[str, object]]) -> str:
    """Of each file's name in the folder and its data: a folder without translations hashes
    as it did before translations were read."""
    blob = json.dumps(
        [[name.split("/", 1)[-1], data] for name, data in files],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]
