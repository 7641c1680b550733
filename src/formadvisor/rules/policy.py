"""The loaded policy: every rule with its place, scope and level, and what it may read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, Literal

from formadvisor.rules.conditions import AllOf, Clause, Condition, Scalar
from formadvisor.rules.contract import AS_OF
from formadvisor.rules.effects import Rule, Scoring
from formadvisor.rules.group_wording import GroupWording
from formadvisor.rules.models import (
    AnswerType,
    Option,
    Options,
    Questionnaire,
    Source,
    Sources,
    Strict,
    Window,
)
from formadvisor.rules.plan import PlanFile
from formadvisor.rules.translation import ENGLISH
from formadvisor.rules.wording import SummaryWording

# --- the loaded policy -------------------------------------------------------------------------

Scope = Literal["organisation", "service"]


class RefInfo(Strict):
    """What a condition may say about one reference (answer, service answer or derived fact)."""

    ref: str
    type: AnswerType
    values: tuple[Scalar, ...] = ()  # allowed values of a choice or derived text fact
    scope: Scope = "organisation"
    is_list: bool = False
    derived: bool = False


class PolicyRule(Strict):
    rule: Rule
    file: str
    line: int
    topic: str | None
    scope: Scope
    level: int  # evaluation stratum: derived facts are complete before a higher level reads them


class Policy(Strict):
    """A whole rules folder, checked and ready to compile."""

    version: str  # the content hash: changes whenever any rules file does
    questionnaire: Questionnaire
    options: Options
    sources: Sources
    scoring: Scoring
    rules: tuple[PolicyRule, ...]
    refs: dict[str, RefInfo]
    release: str | None = None  # the advisers' edition name, from the folder's VERSION file
    summary: SummaryWording | None = None  # the summary's wording (summary.yaml), when present
    plan: PlanFile | None = None  # the action plan's steps (action_plan.yaml), if any
    groups: GroupWording | None = None  # a group assessment's wording (groups.yaml), if any
    lang: str = ENGLISH  # the language of its texts ("en", or a translation's: "cy")

    def in_language(self, lang: str) -> Policy:
        """This policy with its texts in `lang`: itself for its own language or a language
        the folder has no translations in. Every translation has the same ids and decides the
        same (`checks.policy_of` makes them)."""
        return self.languages.get(lang, self)

    @cached_property
    def languages(self) -> dict[str, Policy]:
        """The policy in each language it was read in, shared by all of them (filled in by
        `checks.policy_of`; a copy made with `model_copy` is in its own language only)."""
        return {self.lang: self}

    def source(self, source_id: str) -> Source:
        return self._sources[source_id]

    def option(self, option_id: str) -> Option:
        return self._options[option_id]

    @cached_property
    def _sources(self) -> dict[str, Source]:
        """By id: reasons look sources up thousands of times in one recommendation."""
        return {s.id: s for s in self.sources.sources}

    @cached_property
    def _options(self) -> dict[str, Option]:
        return {o.id: o for o in (*self.options.forms, *self.options.routes)}

    @cached_property
    def memo(self) -> dict[str, object]:
        """Tables other modules work out from this policy once; they are freed with it (a
        module-level cache would keep every reloaded policy alive)."""
        return {}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Policy:
        """A copy (of other rules, say) works its own tables out again."""
        copy = super().model_copy(update=update, deep=deep)
        for cached in ("_sources", "_options", "memo", "languages"):
            copy.__dict__.pop(cached, None)
        return copy

    @property
    def form_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options.forms)

    @property
    def route_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options.routes)


def effective_condition(pr: PolicyRule, policy: Policy) -> Condition:
    """The rule's condition, narrowed to the dates the rule and each of its sources are in force."""
    return in_force_condition(pr.rule.when, pr.rule.effective, pr.rule.sources, policy)


def in_force_condition(
    when: Condition, effective: Window | None, sources: Iterable[str], policy: Policy
) -> Condition:
    """`when`, narrowed to the dates `effective` and each of the sources are in force."""
    windows = [effective, *(policy.source(s).in_force for s in sources)]
    tests: list[Condition] = []
    for w in windows:
        if w and w.start:
            tests.append(Clause(ref=AS_OF, op="gte", value=w.start.toordinal()))
        if w and w.end:
            tests.append(Clause(ref=AS_OF, op="lt", value=w.end.toordinal()))
    return AllOf(items=(when, *tests)) if tests else when
