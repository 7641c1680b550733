"""The files in `rules/` as pydantic models: questions, options, sources and rules.

Every model forbids unknown keys, so a typo in a rules file is an error with its line,
never a silently ignored setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictInt,
    StrictStr,
    Tag,
    field_validator,
    model_validator,
)

from formadvisor.conditions import Condition, Scalar

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
RuleId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=120)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]


def one_line(text: str) -> str:
    """Prose from a YAML block (folded over lines, indented) as one line with single spaces."""
    return " ".join(text.split())


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Window(Strict):
    """When something is in force: from `start` (inclusive) until `end` (exclusive)."""

    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="until")

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.start and self.end and self.end <= self.start:
            raise ValueError("'until' must be after 'from'")
        return self

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


# --- questionnaire -----------------------------------------------------------------------------


class Choice(Strict):
    value: Id
    label: Text
    hint: str | None = None


# A number an answer may take: JSON readers (and the browser) are exact only up to 2**53.
Bound = Annotated[int, Field(ge=-(2**53), le=2**53)]


class Question(Strict):
    """One answer key. `changeable: false` marks a fixed fact that what-if never varies.

    `error` is what the web form says when the answer is missing ("Select which nation your
    practices are in"); for a number it starts "Enter the …" and the other messages build on it.
    """

    id: Id
    text: Text
    hint: str | None = None
    error: str | None = Field(None, min_length=1, max_length=200)
    type: Literal["choice", "choices", "boolean", "integer", "text"]
    choices: tuple[Choice, ...] = ()
    required: bool = False
    default: Scalar | tuple[Scalar, ...] | None = None
    minimum: Bound | None = None
    maximum: Bound | None = None
    min_items: int = 0
    ask_when: Condition | None = None
    changeable: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.type in ("choice", "choices") and not self.choices:
            raise ValueError(f"a '{self.type}' question needs choices")
        if self.type not in ("choice", "choices") and self.choices:
            raise ValueError(f"a '{self.type}' question takes no choices")
        if self.type == "integer" and (self.minimum is None or self.maximum is None):
            raise ValueError("an integer question needs a minimum and a maximum")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("the minimum is larger than the maximum")
        if self.required and self.default is not None:
            raise ValueError("a required question has no default")
        return self

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def label_of(self, value: object) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)


class Questionnaire(Strict):
    questions: tuple[Question, ...]
    service_questions: tuple[Question, ...]


# --- options -----------------------------------------------------------------------------------


class KeyFact(Strict):
    text: Text
    source: str


class Option(Strict):
    id: Id
    label: Text
    summary: Text
    regulator: str | None = None
    key_facts: tuple[KeyFact, ...] = ()


class Topic(Strict):
    id: Id
    label: Text


class Options(Strict):
    forms: tuple[Option, ...]
    routes: tuple[Option, ...]
    topics: tuple[Topic, ...]


# --- sources -----------------------------------------------------------------------------------


class Source(Strict):
    """A fact of the domain brief or a public document that rules cite.

    `unsourced: true` marks a fact no public page confirmed: rules may use it, but every
    recommendation that relies on it carries a caveat naming who to ask.
    """

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80)]
    title: Text
    url: str | None = None
    unsourced: bool = False
    ask: str | None = None
    in_force: Window | None = None
    checked: dt.date | None = None
    review_by: dt.date | None = None

    @model_validator(mode="after")
    def _unsourced_says_who(self) -> Source:
        if self.unsourced and not self.ask:
            raise ValueError("an unsourced fact must say who to 'ask'")
        return self

    def citation(self) -> str:
        text = f"{self.id}: {self.title}"
        if self.url:
            text += f" — {self.url}"
        if self.in_force and self.in_force.start:
            text += f" (in force from {self.in_force.start:%-d %B %Y})"
        if self.unsourced:
            text += f" [unsourced: check with {self.ask}]"
        return text


class Sources(Strict):
    sources: tuple[Source, ...]


# --- rules -------------------------------------------------------------------------------------

Weight = StrictInt | Literal["strong", "moderate", "weak"]


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Scored(Strict):
    options: tuple[Id, ...] = Field(min_length=1)
    weight: Weight = "moderate"

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        if isinstance(data, str | list):
            return {"options": _one_or_many(data)}
        if isinstance(data, dict) and "option" in data:
            data = {**data, "options": _one_or_many(data["option"])}
            del data["option"]
        return data


class Favour(Strict):
    favour: Scored


class Disfavour(Strict):
    disfavour: Scored


class Exclude(Strict):
    exclude: tuple[Id, ...] = Field(min_length=1)

    @field_validator("exclude", mode="before")
    @classmethod
    def _many(cls, value: object) -> object:
        return _one_or_many(value)


class Derived(Strict):
    fact: Id
    value: Scalar = True

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        return {"fact": data} if isinstance(data, str) else data


class Derive(Strict):
    derive: Derived


class Note(Strict):
    topic: Id | None = None  # defaults to the file's topic
    text: Text


class Consider(Strict):
    consider: Note


class Advice(Strict):
    topic: Id | None = None
    on: Text
    who: str | None = None


class SeekAdvice(Strict):
    seek_advice: Advice


def _effect_kind(value: object) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value))
    if isinstance(value, BaseModel):
        return next(iter(type(value).model_fields))
    return None


Effect = Annotated[
    Annotated[Favour, Tag("favour")]
    | Annotated[Disfavour, Tag("disfavour")]
    | Annotated[Exclude, Tag("exclude")]
    | Annotated[Derive, Tag("derive")]
    | Annotated[Consider, Tag("consider")]
    | Annotated[SeekAdvice, Tag("seek_advice")],
    Discriminator(
        _effect_kind,
        custom_error_type="effect",
        custom_error_message=(
            "an effect is one of favour, disfavour, exclude, derive, consider, seek_advice"
        ),
    ),
]


class Rule(Strict):
    id: RuleId
    title: str | None = None
    when: Condition
    then: tuple[Effect, ...] = Field(min_length=1)
    because: Text
    sources: tuple[StrictStr, ...] = Field(min_length=1)
    effective: Window | None = None


class RuleFile(Strict):
    topic: Id | None = None
    rules: tuple[Rule, ...] = Field(min_length=1)


class Scoring(Strict):
    """Named weights and when a recommendation is a close call."""

    weights: dict[Literal["strong", "moderate", "weak"], StrictInt]
    close_call_margin: StrictInt = Field(ge=0)

    def weight(self, w: Weight) -> int:
        return w if isinstance(w, int) else self.weights[w]


# --- the loaded policy -------------------------------------------------------------------------

Scope = Literal["organisation", "service"]


class RefInfo(Strict):
    """What a condition may say about one reference (answer, service answer or derived fact)."""

    ref: str
    type: Literal["choice", "choices", "boolean", "integer", "text"]
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
        for cached in ("_sources", "_options", "memo"):
            copy.__dict__.pop(cached, None)
        return copy

    @property
    def form_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options.forms)

    @property
    def route_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options.routes)
