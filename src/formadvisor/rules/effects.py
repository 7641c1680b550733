"""A rule and what it does (favour, exclude, derive, consider, seek advice), and scoring."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    StrictInt,
    StrictStr,
    Tag,
    field_validator,
    model_validator,
)

from formadvisor.rules.conditions import Condition, Scalar
from formadvisor.rules.models import Id, RuleId, Strict, Text, Window

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
