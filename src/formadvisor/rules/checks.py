"""Cross-file checks that turn a read rules folder into a `Policy`.

Each file was valid on its own (`loading`); here every id a rule names must exist, every value
must be one its question allows and every operator must suit its answer's type (`refs`),
derived facts must be derived before they are read (`strata`), and the contract's identifiers
must all be present.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from pathlib import Path

from formadvisor.rules import translated
from formadvisor.rules.conditions import Clause, Scalar, clauses_of
from formadvisor.rules.contract import (
    CONTRACT_FORMS,
    CONTRACT_QUESTIONS,
    CONTRACT_ROUTES,
    CONTRACT_SERVICE_QUESTIONS,
    CONTRACT_TOPICS,
    SERVICE_COUNT,
)
from formadvisor.rules.effects import (
    Consider,
    Derive,
    Disfavour,
    Exclude,
    Favour,
    Rule,
    RuleFile,
    SeekAdvice,
)
from formadvisor.rules.group_wording import group_wording_problems
from formadvisor.rules.loading import (
    LoadedFile,
    Problem,
    RawPolicy,
    RulesInvalid,
    read_rules_folder,
)
from formadvisor.rules.models import AnswerType, Question
from formadvisor.rules.plan_checks import plan_problems, plan_refs
from formadvisor.rules.policy import Policy, PolicyRule, RefInfo
from formadvisor.rules.refs import clause_problems, ref_of
from formadvisor.rules.strata import levels_of, scopes_of
from formadvisor.rules.translation import NAMES
from formadvisor.rules.wording import wording_problems

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# The answer type of a derived fact, by the type of the values rules derive for it.
DERIVED_TYPES: dict[type, AnswerType] = {bool: "boolean", int: "integer", str: "choice"}
Entry = tuple[LoadedFile[RuleFile], int, Rule]  # a rule, its file and its place in the file


def load_policy(folder: Path) -> Policy:
    """Read, validate and cross-check a rules folder; raise `RulesInvalid` listing every problem."""
    return policy_of(read_rules_folder(folder))


def policy_of(raw: RawPolicy) -> Policy:
    """Cross-check files already read (for callers that keep `raw` for its line numbers).

    The policy comes with its translations (`Policy.in_language`), each made and checked the
    same way; a translation that fails those checks is left out (`language_problems` says why).
    """
    english = _Checker(raw).policy()
    for lang in raw.languages:
        found, _ = _in_language(raw, lang)
        if found is not None:
            english.languages[lang] = found
            found.__dict__["languages"] = english.languages  # one table for all of them
    return english


def language_problems(raw: RawPolicy) -> list[Problem]:
    """What `rules check` says of the folder's translations (none for an English-only one)."""
    found = translated.problems(raw)
    for lang in raw.languages:
        found += _in_language(raw, lang)[1]
    return found


def _in_language(raw: RawPolicy, lang: str) -> tuple[Policy | None, list[Problem]]:
    """The policy with its texts in `lang`, or None when the translated files do not pass the
    checks the English passes; and the problems found making it."""
    read, problems = translated.translated(raw, lang)
    try:
        found = _Checker(read).policy()
    except RulesInvalid as e:
        name = NAMES[lang].split(" (")[0]
        said = [dataclasses.replace(p, message=f"in {name}: {p.message}") for p in e.problems]
        return None, problems + said
    return found.model_copy(update={"lang": lang}), problems


class _Checker:
    def __init__(self, raw: RawPolicy):
        self.raw = raw
        self.problems: list[Problem] = list(raw.strays)
        self.q = raw.questionnaire.model
        self.options = raw.options.model
        self.sources = raw.sources.model
        self.scoring = raw.scoring.model

    def problem(self, f: LoadedFile, path: tuple, rule: str, message: str) -> None:
        self.problems.append(Problem(f.name, f.doc.line_of(path), rule, message))

    def policy(self) -> Policy:
        self.source_ids = self._unique(self.raw.sources, "sources", self.sources.sources)
        self._check_options()
        self._check_summary()
        self._check_groups()
        refs = self._check_questionnaire()
        self._check_what_if()
        entries = self._rule_entries()
        self._check_compare({rule.id for _, _, rule in entries})
        refs.update(self._derived_refs(entries))
        for f, i, rule in entries:
            self._check_rule(f, i, rule, refs)
        scopes, service_facts = scopes_of([rule for _, _, rule in entries])
        for fact in service_facts & refs.keys():
            refs[fact] = refs[fact].model_copy(update={"scope": "service"})
        levels, circles = levels_of([rule for _, _, rule in entries], scopes)
        for f, i, rule in entries:
            if rule.id in circles:
                self.problem(
                    f,
                    ("rules", i, "when"),
                    rule.id,
                    f"derived facts depend on each other in a circle (through {circles[rule.id]})",
                )
        for f, i, rule in entries:
            self._check_placeholders(f, i, rule, refs, service=scopes[rule.id] == "service")
        plan, o = self.raw.plan, self.options
        if plan is not None:
            forms, routes = (tuple(o.id for o in opts) for opts in (o.forms, o.routes))
            self.problems += plan_problems(plan, plan_refs(refs, forms, routes), self.source_ids)
        if self.problems:
            raise RulesInvalid(self.problems)
        rules = tuple(
            PolicyRule(
                rule=rule,
                file=f.name,
                line=f.doc.line_of(("rules", i)),
                topic=f.model.topic,
                scope=scopes[rule.id],
                level=levels[rule.id],
            )
            for f, i, rule in entries
        )
        return Policy(
            version=self.raw.version,
            release=self.raw.release,
            questionnaire=self.q,
            options=self.options,
            sources=self.sources,
            scoring=self.scoring,
            rules=rules,
            refs=refs,
            summary=self.raw.summary.model if self.raw.summary else None,
            plan=plan.model if plan is not None else None,
            groups=self.raw.groups.model if self.raw.groups else None,
        )

    # --- single files ---------------------------------------------------------------------

    def _unique(self, f: LoadedFile, key: str, items: tuple) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                self.problem(f, (key, i, "id"), "", f"duplicate id '{item.id}'")
            seen.add(item.id)
        return seen

    def _check_summary(self) -> None:
        f = self.raw.summary
        if f is not None:
            forms = [o.id for o in self.options.forms]
            for path, message in wording_problems(f.model, forms):
                self.problem(f, path, "", message)

    def _check_groups(self) -> None:
        f = self.raw.groups
        if f is not None:
            for path, message in group_wording_problems(f.model):
                self.problem(f, path, "", message)

    def _check_what_if(self) -> None:
        """What-if's `services_first` names service questions, each with a value it can take."""
        order, f = self.scoring.what_if, self.raw.scoring
        questions = {x.id: x for x in self.q.service_questions}
        for i, wanted in enumerate(order.services_first if order else ()):
            for key, value in wanted.items():
                path = ("what_if", "services_first", i, key)
                q = questions.get(key)
                if q is None:
                    self.problem(f, path, "", f"'{key}' is not a service question")
                    continue
                for v in value if isinstance(value, tuple) else (value,):
                    ok = isinstance(v, bool) if q.type == "boolean" else v in q.values
                    if q.type in ("choice", "boolean") and not ok:
                        self.problem(f, path, "", f"'{key}' cannot be {v!r}")

    def _check_options(self) -> None:
        f, o = self.raw.options, self.options
        self.form_ids = self._unique(f, "forms", o.forms)
        self.route_ids = self._unique(f, "routes", o.routes)
        self.topic_ids = self._unique(f, "topics", o.topics)
        for key, have, need in (
            ("forms", self.form_ids, CONTRACT_FORMS),
            ("routes", self.route_ids, CONTRACT_ROUTES),
            ("topics", self.topic_ids, CONTRACT_TOPICS),
        ):
            for missing in sorted(set(need) - have):
                self.problem(f, (key,), "", f"contract {key[:-1]} '{missing}' is missing")
        for both in sorted(self.form_ids & self.route_ids):
            self.problem(f, ("routes",), "", f"'{both}' is both a form and a route")
        for key, items in (("forms", o.forms), ("routes", o.routes)):
            for i, opt in enumerate(items):
                for field in ("key_facts", "instead"):
                    for j, fact in enumerate(getattr(opt, field)):
                        if fact.source not in self.source_ids:
                            self.problem(
                                f,
                                (key, i, field, j, "source"),
                                "",
                                f"unknown source '{fact.source}'",
                            )

    def _check_compare(self, rule_ids: set[str]) -> None:
        """The comparison's rows: each topic in a row, rules and key facts' topics known."""
        f, o = self.raw.options, self.options
        if o.compare is None:
            return
        row_ids: set[str] = set()
        in_rows: set[str] = set()
        for i, row in enumerate(o.compare.rows):
            if row.id in row_ids:
                self.problem(f, ("compare", "rows", i, "id"), "", f"duplicate row '{row.id}'")
            row_ids.add(row.id)
            in_rows.update(row.topics)
            for j, topic in enumerate(row.topics):
                if topic not in self.topic_ids:
                    path = ("compare", "rows", i, "topics", j)
                    self.problem(f, path, "", f"unknown topic '{topic}'")
            for j, rule in enumerate(row.rules):
                if rule not in rule_ids:
                    path = ("compare", "rows", i, "rules", j)
                    self.problem(f, path, "", f"unknown rule '{rule}'")
        for topic in sorted(self.topic_ids - in_rows):
            self.problem(f, ("compare", "rows"), "", f"topic '{topic}' is in no comparison row")
        known = in_rows | row_ids
        for key, items in (("forms", o.forms), ("routes", o.routes)):
            for i, opt in enumerate(items):
                for j, fact in enumerate(opt.key_facts):
                    for k, topic in enumerate(fact.topics):
                        if topic not in known:
                            at = (key, i, "key_facts", j, "topics", k)
                            self.problem(f, at, "", f"'{topic}' is no comparison row or topic")

    def _check_questionnaire(self) -> dict[str, RefInfo]:
        f = self.raw.questionnaire
        refs: dict[str, RefInfo] = {SERVICE_COUNT: RefInfo(ref=SERVICE_COUNT, type="integer")}
        for key, questions, prefix, need in (
            ("questions", self.q.questions, "", CONTRACT_QUESTIONS),
            ("service_questions", self.q.service_questions, "service.", CONTRACT_SERVICE_QUESTIONS),
        ):
            ids = self._unique(f, key, questions)
            for missing in sorted(set(need) - ids):
                self.problem(f, (key,), "", f"contract question '{missing}' is missing")
            for i, q in enumerate(questions):
                self._check_default(f, (key, i, "default"), q)
                if q.ask_when is not None:
                    for t in clauses_of(q.ask_when):
                        self._check_test(f, t, (key, i, "ask_when"), "", refs)
                if q.type != "text":
                    refs[prefix + q.id] = ref_of(q, prefix)
                if prefix and q.type in ("choice", "boolean"):
                    values = q.values if q.type == "choice" else (True, False)
                    refs["any_service." + q.id] = RefInfo(
                        ref="any_service." + q.id, type="choices", values=values, is_list=True
                    )
        return refs

    def _check_default(self, f: LoadedFile, path: tuple, q: Question) -> None:
        if q.default is None:
            return
        ok = {
            "choice": lambda d: d in q.values,
            "choices": lambda d: isinstance(d, tuple) and all(v in q.values for v in d),
            "boolean": lambda d: isinstance(d, bool),
            "integer": lambda d: isinstance(d, int) and not isinstance(d, bool),
            "text": lambda d: isinstance(d, str),
        }[q.type](q.default)
        if not ok:
            self.problem(f, path, "", f"default {q.default!r} does not suit a {q.type} question")

    # --- rules ----------------------------------------------------------------------------

    def _rule_entries(self) -> list[Entry]:
        entries: list[Entry] = []
        seen: dict[str, str] = {}
        for f in self.raw.rule_files:
            model = f.model
            if model.topic is not None and model.topic not in self.topic_ids:
                self.problem(f, ("topic",), "", f"unknown topic '{model.topic}'")
            for i, rule in enumerate(model.rules):
                if rule.id in seen:
                    self.problem(
                        f,
                        ("rules", i, "id"),
                        rule.id,
                        f"duplicate rule id (also in {seen[rule.id]})",
                    )
                    continue
                seen[rule.id] = f.name
                entries.append((f, i, rule))
        return entries

    def _derived_refs(self, entries: list[Entry]) -> dict[str, RefInfo]:
        values: dict[str, list[tuple[LoadedFile[RuleFile], tuple[int, int], Scalar]]]
        values = defaultdict(list)
        for f, i, rule in entries:
            for j, effect in enumerate(rule.then):
                if isinstance(effect, Derive):
                    values[effect.derive.fact].append((f, (i, j), effect.derive.value))
        out: dict[str, RefInfo] = {}
        for fact, found in values.items():
            kinds = {type(v) for _, _, v in found}
            if len(kinds) > 1:
                f, (i, j), _ = found[-1]
                self.problem(
                    f,
                    ("rules", i, "then", j),
                    "",
                    f"fact '{fact}' is derived with values of different types",
                )
                continue
            kind = kinds.pop()
            vals = tuple(sorted({v for _, _, v in found}, key=repr))
            out["fact." + fact] = RefInfo(
                ref="fact." + fact, type=DERIVED_TYPES[kind], values=vals, derived=True
            )
        return out

    def _check_rule(
        self, f: LoadedFile[RuleFile], i: int, rule: Rule, refs: dict[str, RefInfo]
    ) -> None:
        for t in clauses_of(rule.when):
            self._check_test(f, t, ("rules", i, "when"), rule.id, refs)
        topic = f.model.topic
        for oid in rule.about:
            if oid not in self.form_ids and oid not in self.route_ids:
                self.problem(f, ("rules", i, "about"), rule.id, f"unknown option '{oid}'")
        for j, effect in enumerate(rule.then):
            at = ("rules", i, "then", j)
            if isinstance(effect, Favour | Disfavour | Exclude):
                ids = (
                    effect.exclude
                    if isinstance(effect, Exclude)
                    else (effect.favour if isinstance(effect, Favour) else effect.disfavour).options
                )
                for oid in ids:
                    if oid not in self.form_ids and oid not in self.route_ids:
                        self.problem(f, at, rule.id, f"unknown option '{oid}'")
            elif isinstance(effect, Consider | SeekAdvice):
                note = effect.consider if isinstance(effect, Consider) else effect.seek_advice
                if (note.topic or topic) is None:
                    self.problem(f, at, rule.id, "give a topic (or a topic for the whole file)")
                elif (note.topic or topic) not in self.topic_ids:
                    self.problem(f, at, rule.id, f"unknown topic '{note.topic}'")
        for j, sid in enumerate(rule.sources):
            if sid not in self.source_ids:
                self.problem(f, ("rules", i, "sources", j), rule.id, f"unknown source '{sid}'")

    def _check_test(self, f: LoadedFile, t: Clause, base: tuple, rule: str, refs: dict) -> None:
        info = refs.get(t.ref)
        if info is None:
            hint = " (derived facts are named fact.<name>)" if "." not in t.ref else ""
            self.problem(f, t.at or base, rule, f"unknown answer or fact '{t.ref}'{hint}")
            return
        for message in clause_problems(t, info):
            self.problem(f, t.at, rule, message)

    def _check_placeholders(self, f, i, rule: Rule, refs, service: bool) -> None:
        for name in PLACEHOLDER.findall(rule.because):
            ok = name in refs and not name.startswith(("fact.", "any_service."))
            ok = ok or name == "service.name"
            if ok and name.startswith("service.") and not service:
                self.problem(
                    f,
                    ("rules", i, "because"),
                    rule.id,
                    f"{{{name}}} is only known in rules about a service",
                )
            elif not ok:
                self.problem(
                    f,
                    ("rules", i, "because"),
                    rule.id,
                    f"unknown placeholder {{{name}}} (name an answer, e.g. {{nation}})",
                )
