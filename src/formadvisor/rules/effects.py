"""A rule and what it does (favour, exclude, derive, consider, seek advice), and scoring."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
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
    # The options its considerations are about, when its effects name none ("If you choose an
    # LLP…"): a result shows them only when one of these is on its shortlist.
    about: tuple[Id, ...] = ()


class RuleFile(Strict):
    topic: Id | None = None
    rules: tuple[Rule, ...] = Field(min_length=1)


_FIELDS = {
    "winner": "A",
    "runner_up": "B",
    "score": 1,
    "runner_up_score": 0,
    "margin": 1,
    "deciders": "…",
    "question": "Q",
    "short": "Q",
    "answer": "a",
    "service": "s",
    "option": "A",
    "who": "W",
    "more": 2,
    "facts": "…",
    "label": "L",
    "amount": "£1",
    "low": 1,
    "high": 2,
    "text": "T",
    "ask": "W",
    "outcomes": "…",
    "outcome": "…",
    "on": "O",
    "title": "T",
    "was": "A",
    "now": "B",
}


def _template(text: str) -> str:
    """A sentence with `{named}` fields the Advisor fills in: a misspelt field is a problem of
    the rules, not a crash on some user's answers."""
    try:
        text.format(**_FIELDS)
    except (KeyError, IndexError, ValueError) as e:
        raise ValueError(f"unknown field or bad braces in '{text}': {e}") from None
    return text


Template = Annotated[Text, AfterValidator(_template)]


class PerKind(Strict):
    form: Template
    route: Template


class DecisionWording(Strict):
    """How a result words its decision (fields in braces are filled in): the lead, a tie and
    the answers that would decide it, and what to do when nothing argues for any option."""

    lead: Template
    only: Template
    none: Template
    tie: Template
    tie_order: Template
    deciders: Template
    decider: Template
    decider_service: Template
    deciders_more: Template  # after the first `deciders_shown` of them
    deciders_shown: StrictInt = Field(ge=1)
    no_deciders: Template
    close_call: Template
    unsourced: Template
    undetermined: PerKind
    seek_advice_from: PerKind


ConsiderationKind = Literal["seek_advice", "unsourced", "consider"]


class ConsiderationOrder(Strict):
    """Which considerations a result shows, and in what order (by consequence): see
    docs/how-it-works.md. The rest stay in `considerations_all`."""

    shown: StrictInt = Field(ge=1)  # at most this many
    kinds: tuple[ConsiderationKind, ...] = Field(min_length=3, max_length=3)
    topics: tuple[Id, ...]  # topics not listed come after these, in options.yaml's order

    @field_validator("kinds")
    @classmethod
    def _each_kind_once(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(kinds)) != len(kinds):
            raise ValueError("list each kind once: seek_advice, unsourced, consider")
        return kinds


WhatIfCriterion = Literal["form", "staff", "swing", "services"]


class Consequences(Strict):
    """How a what-if's consequence is worded from the options' `instead` facts and the action
    plan's fees (fields in braces are filled in)."""

    form: Template  # the organisational form changes: {option}, {facts}
    route: Template  # a service's route changes: {service}, {option}, {facts}
    no_form: Template  # nothing could be recommended: {who}
    no_route: Template  # {service}, {who}
    fee: Template  # a new step's fee: {label}, {amount}
    amount: Template  # {low}
    amount_range: Template  # {low}, {high}
    unsourced: Template  # a fact no public source confirms: {text}, {ask}
    join: str  # between the facts, and between the parts of one consequence
    parts: str


class WhatIfShort(Strict):
    """One what-if in a line (the result page's list): the question's `short` label, the new
    answer and what the result would be: the new form, else the routes that change."""

    group: Template  # {short}, {answer}, {outcomes}
    service: Template  # {short}, {service}, {answer}, {outcomes}
    form: Template  # {option}
    own_route: Template  # {option}
    route: Template  # {service}, {option}
    also: Template  # the new form when routes change too (the full sentence names them): {outcome}
    more: Template  # the fold with the rest: {more}


class WhatIfSaid(Strict):
    """How one what-if is said: the answer changed, then what the result would be."""

    group: Template  # {question}, {answer}, {outcomes}
    service: Template  # {question}, {service}, {answer}, {outcomes}
    form: Template  # {option}
    own_route: Template  # the route of the service whose answer changed: {option}
    route: Template  # another service's route: {service}, {option}
    no_option: Text
    join: str  # between the outcomes, and before the last one
    last_join: str
    more: Template  # after the first `shown`: {more}
    # Absent from rule sets older than it: `advice.whatif_said` then uses the default policy's.
    short: WhatIfShort | None = None


class WhatIfOrder(Strict):
    """How the what-if list is ranked (`impact`, 1 = most important) and worded: see
    docs/how-it-works.md. `rank_by` names the criteria in turn, each breaking the ties of the
    one before; the questionnaire's order breaks the last ties, so the order is always the
    same. `services_first`: a route change for a service matching an earlier entry (its
    answers, one value or any of several) matters more (criterion `staff`)."""

    shown: StrictInt = Field(ge=1)  # the page and the summary show this many; the rest fold
    rank_by: tuple[WhatIfCriterion, ...] = Field(min_length=1)
    services_first: tuple[dict[Id, Scalar | tuple[Scalar, ...]], ...] = ()
    consequence: Consequences
    said: WhatIfSaid

    @field_validator("rank_by")
    @classmethod
    def _each_once(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(names)) != len(names):
            raise ValueError("list each criterion once")
        return names


class SaidWording(Strict):
    """How a consideration says a rule's advice to seek and an unsourced fact, and how a line
    says a change of recommendation (what-if's `changes`)."""

    seek_advice: Template
    seek_advice_anyone: Template  # when the rule names nobody to ask
    unsourced_fact: Template
    none_recommended: Template
    form_changed: Template
    route_changed: Template


class Scoring(Strict):
    """Named weights, when a recommendation is a close call, how a decision is worded and
    which considerations are shown first."""

    weights: dict[Literal["strong", "moderate", "weak"], StrictInt]
    close_call_margin: StrictInt = Field(ge=0)
    # Absent from rule sets older than it: `advice.wording` then uses the default policy's.
    decision: DecisionWording | None = None
    considerations: ConsiderationOrder | None = None
    what_if: WhatIfOrder | None = None
    said: SaidWording | None = None

    def weight(self, w: Weight) -> int:
        return w if isinstance(w, int) else self.weights[w]
