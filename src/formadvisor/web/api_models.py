"""The API's replies as pydantic models (the OpenAPI schema), and the rules in their terms.

Questions, rules and their conditions are given as plain JSON: a test is `{"ref", "op",
"value"}`, combinations are `{"all": [...]}`, `{"any": [...]}` and `{"not": ...}`.
"""

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from formadvisor.advice.changes import Changes
from formadvisor.advice.results import Recommendation
from formadvisor.engine.evaluate import Trace
from formadvisor.rules.conditions import AllOf, AnyOf, Clause, Condition, NotOf
from formadvisor.rules.effects import Effect
from formadvisor.rules.models import Choice, Option, Question, Topic, one_line
from formadvisor.rules.policy import Policy, PolicyRule


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Problem(_Out):
    loc: tuple[str | int, ...] = Field(description="Where, as FastAPI names it: body, then keys.")
    path: str = Field(description="The key path as the command line prints it: services[1].kind")
    msg: str
    type: str


class Problems(_Out):
    detail: tuple[Problem, ...]


class Message(_Out):
    detail: str


class QuestionOut(_Out):
    id: str
    text: str
    hint: str | None
    type: str = Field(description="choice, choices, boolean, integer or text")
    required: bool
    default: Any
    minimum: int | None
    maximum: int | None
    min_items: int
    choices: tuple[Choice, ...]
    ask_when: Any = Field(
        description="Asked only when this holds (null: always). A test is "
        '{"ref", "op", "value"}; combinations are {"all": […]}, {"any": […]}, {"not": …}.'
    )
    changeable: bool = Field(description="Whether what-if may vary this answer.")
    asked_of: str = Field(
        "organiser",
        description="In a group: 'practice' for a question of opinion each practice answers, "
        "'organiser' for a fact.",
    )


class QuestionnaireOut(_Out):
    ruleset: str = Field(description="The content hash of the rules in use.")
    release: str | None = Field(description="The rules' edition (rules/VERSION), if named.")
    questions: tuple[QuestionOut, ...]
    service_questions: tuple[QuestionOut, ...]
    forms: tuple[Option, ...]
    routes: tuple[Option, ...]
    topics: tuple[Topic, ...]


class SourceOut(_Out):
    id: str
    title: str
    citation: str = Field(description="How reasons cite it: id, title, address, dates.")
    url: str | None
    unsourced: bool = Field(description="True when no public source confirmed the fact.")
    ask: str | None = Field(description="Who to ask when it is unsourced.")
    nations: tuple[str, ...] | None = Field(
        None, description="The nations whose groups are shown it (null: all four)."
    )


class RuleOut(_Out):
    id: str
    title: str | None
    topic: str | None
    scope: str = Field(description="organisation (the group) or service (once per service)")
    file: str
    line: int
    when: Any
    then: tuple[Effect, ...]
    because: str
    sources: tuple[SourceOut, ...]
    effective_from: dt.date | None
    effective_until: dt.date | None


class ChangesOut(_Out):
    saved_rules_hash: str | None
    saved_rules_release: str | None
    current_rules_hash: str
    current_rules_release: str | None
    same_rules: bool = Field(description="True: nothing was re-run, nothing has changed.")
    problems: tuple[str, ...] = Field(description="Answers the current rules refuse.")
    changes: Changes | None = Field(description="null when nothing was re-run.")
    nothing_changed: bool | None = Field(description="null when the answers could not be re-run.")


class RulesOut(_Out):
    version: str
    release: str | None
    rules: tuple[RuleOut, ...]


class VersionOut(_Out):
    """One result the assessment has had, oldest first; the last is the current `result`."""

    number: int
    created: dt.datetime = Field(description="When this result was made.")
    rules_hash: str | None
    rules_release: str | None
    recommended: str | None = Field(description="The organisational form it recommended.")


class AssessmentOut(_Out):
    id: str
    link: str = Field(
        description="The assessment's web page: the link a cluster keeps. It can change the "
        "answers: give it only to those who may."
    )
    read_link: str = Field(
        description="The read-only link (another 128-bit token, never the id): it shows the "
        "result and its PDF and can change nothing. Send this one to the other practices."
    )
    created: dt.datetime
    updated: dt.datetime
    answers: dict[str, Any]
    rules_hash: str | None = Field(description="Content hash of the rules that made the result.")
    rules_release: str | None = Field(description="Their edition (rules/VERSION), if named.")
    result: Recommendation | None = Field(description="null while a draft has no result.")
    trace: Trace | None = Field(description="The rules that fired: the group's, then services'.")
    versions: tuple[VersionOut, ...] = Field(
        description="Every result made, oldest first: a new result never replaces the old one."
    )


def question_out(q: Question) -> QuestionOut:
    return QuestionOut(
        id=q.id,
        text=q.text,
        hint=q.hint,
        type=q.type,
        required=q.required,
        default=q.default,
        minimum=q.minimum,
        maximum=q.maximum,
        min_items=q.min_items,
        choices=q.choices,
        ask_when=_condition(q.ask_when) if q.ask_when is not None else None,
        changeable=q.changeable,
        asked_of=q.asked_of,
    )


def _condition(c: Condition) -> Any:
    if isinstance(c, Clause):
        return {"ref": c.ref, "op": c.op, "value": c.value}
    if isinstance(c, AllOf):
        return {"all": [_condition(x) for x in c.items]}
    if isinstance(c, AnyOf):
        return {"any": [_condition(x) for x in c.items]}
    assert isinstance(c, NotOf)
    return {"not": _condition(c.item)}


def rule_out(policy: Policy, pr: PolicyRule) -> RuleOut:
    rule = pr.rule
    sources = [policy.source(s) for s in rule.sources]
    return RuleOut(
        id=rule.id,
        title=rule.title,
        topic=pr.topic,
        scope=pr.scope,
        file=pr.file,
        line=pr.line,
        when=_condition(rule.when),
        then=rule.then,
        because=one_line(rule.because),
        sources=tuple(
            SourceOut(
                id=s.id,
                title=s.title,
                citation=s.citation(),
                url=s.url,
                unsourced=s.unsourced,
                ask=s.ask,
                nations=s.nations,
            )
            for s in sources
        ),
        effective_from=rule.effective.start if rule.effective else None,
        effective_until=rule.effective.end if rule.effective else None,
    )
