"""The recommendation as pydantic models: the contract's output shape, plus a few added fields.

The same object feeds the JSON, the CLI summary and (later) the web page and saved
assessments, so each of them shows the same reasons from the same trace.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from formadvisor.advice.action_plan import PlanStep, PlanTimeline
from formadvisor.engine.evaluate import Trace
from formadvisor.rules.conditions import Scalar
from formadvisor.rules.effects import ConsiderationKind


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class Reason(_Out):
    rule: str
    because: str
    sources: tuple[str, ...]
    service: str | None = None
    weight: int | None = None  # for and against a ranked option: what the rule added or took


class RankedOption(_Out):
    option: str
    label: str
    score: int
    eligible: bool
    for_: tuple[Reason, ...] = Field(alias="for", serialization_alias="for")
    against: tuple[Reason, ...]
    excluded_by: tuple[Reason, ...]


class Decider(_Out):
    """One changeable answer that would decide a tie: after it, `option` leads the other of
    the tied pair (confirmed on durable_rules, like what-if)."""

    question: str  # the question's id (`kind`, not `services[0].kind`)
    service: str | None  # the service whose answer it is, None for the group's
    answer: Scalar | tuple[Scalar, ...] | None
    option: str  # which of the tied pair it puts first
    was: Scalar | tuple[Scalar, ...] | None = None  # the answer it changes (saved before: None)


class Decision(_Out):
    """Why the leader beat the runner-up, whether the lead is safe, and whether there is one.

    `tie`: the leader's score equals the runner-up's (the order of `options.yaml` then puts it
    first, and `summary` says so), with `deciders`, the answers that would separate the two.
    `undetermined`: no rule favours the leader, so nothing is recommended (`recommended` is
    None) and `summary` says whom to ask.
    """

    tie: bool
    undetermined: bool = False  # a result saved before it: every option was excluded, or one led
    margin: int | None
    runner_up: str | None
    deciders: tuple[Decider, ...] = ()
    close_call: bool
    rests_on_unsourced: bool
    summary: str
    deciding_reasons: tuple[Reason, ...]

    @model_validator(mode="before")
    @classmethod
    def _saved_before_ties(cls, data: object) -> object:
        """A result saved before `tie` was: a tie is a margin of 0."""
        if isinstance(data, dict) and "tie" not in data:
            return {**data, "tie": data.get("margin") == 0}
        return data


class Ranking(_Out):
    recommended: str | None
    ranking: tuple[RankedOption, ...]
    decision: Decision


class ServiceResult(_Out):
    name: str
    contract_route: Ranking


class Consideration(_Out):
    topic: str
    text: str
    rule: str
    sources: tuple[str, ...]
    service: str | None = None
    caveat: bool = False  # a "seek advice on …" or an unsourced fact to check
    kind: ConsiderationKind = "consider"  # or seek_advice, or unsourced (a fact to check)
    # In `considerations`, where the same text was said for several services: all of them.
    services: tuple[str, ...] = ()


class WhatIf(_Out):
    """One single change of an answer the group could change, and what it would change.

    The list is ranked: `impact` 1 is the most important (scoring.yaml's `what_if`), and the
    changes of one question (for one service) follow each other. A result saved before the
    ranking has `impact` 0 and no consequence."""

    question: str  # the answer's key: `profit_intent`, or `services[0].employs_staff_directly`
    answer: Scalar | tuple[Scalar, ...] | None
    organisational_form: str | None
    services: dict[str, str | None]
    changes: tuple[str, ...]  # what differs from the recommendation, in words
    impact: int = 0
    consequence: str = ""  # what the new option would mean, in plain words (from `sources`)
    service: str | None = None  # the service whose answer it is (None: the group's)
    sources: tuple[str, ...] = ()


class Check(_Out):
    text: str
    who: str


class RatherThan(_Out):
    """Why the recommended option rather than the runner-up: each reason once, for or against."""

    option: str
    runner_up: str
    for_: tuple[str, ...] = Field(alias="for", serialization_alias="for")
    against: tuple[str, ...]
    none: str | None = None  # said when nothing but the tie-break separates them


class RouteLine(_Out):
    service: str
    route: str | None
    why: str | None  # the strongest reason for it, in the rule's words


class CloseCall(_Out):
    """Two options that fit about equally well (a tie, or a lead under `close_call_margin`):
    the choice the group has to make, and the answers that would decide it."""

    service: str | None  # None: the organisational form
    option: str  # listed first
    runner_up: str
    tie: bool
    said: str  # "X and Y fit … about equally well."
    decided_by: str | None = None  # "What would decide it: …", when a single answer would
    deciders: tuple[Decider, ...] = ()  # the most telling first
    deciders_said: tuple[str, ...] = ()  # each of `deciders` in words


class Summary(_Out):
    """The result in plain English (`summary.yaml`'s wording): no rule ids, weights or scores."""

    headline: str
    why: tuple[str, ...]  # at most three
    means: tuple[str, ...]  # one line each: staff pensions, indemnity, tax, VAT
    check_first: tuple[Check, ...]
    rather_than: RatherThan | None = None
    routes: tuple[RouteLine, ...] = ()
    close_calls: tuple[CloseCall, ...] = ()  # the form's first, then each service's


class RulesetInfo(_Out):
    version: str
    rules: int


class Recommendation(_Out):
    ruleset: RulesetInfo
    # The language of its words (the policy's: `Advisor.language`); the ids are the same in
    # every language. A result saved before there was a choice is English.
    lang: str = "en"
    as_of: dt.date
    organisational_form: Ranking
    services: tuple[ServiceResult, ...]
    considerations: tuple[Consideration, ...]  # those that apply, each once, by consequence
    considerations_all: tuple[Consideration, ...] = ()  # every one, by topic (saved before: ())
    fired_rules: tuple[Reason, ...]
    what_if: tuple[WhatIf, ...]
    disclaimer: str
    summary: Summary | None = None  # None when the rules folder has no summary.yaml
    # the steps from today to the first service (`action_plan`), and how long they take
    action_plan: tuple[PlanStep, ...] = ()
    action_plan_timeline: PlanTimeline | None = None

    def every_consideration(self) -> tuple[Consideration, ...]:
        """The full list (a result saved before it was kept has only `considerations`)."""
        return self.considerations_all or self.considerations

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, by_alias=True)


_TRACE = TypeAdapter(Trace)


def trace_json(trace: Trace) -> dict:
    """A trace as JSON data (what a saved assessment keeps): the engine's dataclasses stay out
    of pydantic, and are converted only here, at the edge."""
    data: dict = _TRACE.dump_python(trace, mode="json")
    return data


def trace_of_json(data: object) -> Trace:
    """A trace read back from its JSON data (validated)."""
    return _TRACE.validate_python(data)
