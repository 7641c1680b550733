"""The files in `rules/` as pydantic models: questions, options and sources.

Every model forbids unknown keys, so a typo in a rules file is an error with its line,
never a silently ignored setting.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from formadvisor.rules.conditions import Condition, Scalar
from formadvisor.rules.yamlfile import YamlError, read_yaml
from formadvisor.settings import default_rules

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


AnswerType = Literal["choice", "choices", "boolean", "integer", "text"]
# Who answers a question in a group assessment: the organiser (a fact about the group) or each
# practice (an opinion, combined from the practices' answers).
AskedOf = Literal["organiser", "practice"]
# How a group's answer to a question of opinion comes from its practices' answers: by majority,
# or (a yes-or-no question) yes only when every practice says yes.
CombinedBy = Literal["majority", "all"]

# A number an answer may take: JSON readers (and the browser) are exact only up to 2**53.
Bound = Annotated[int, Field(ge=-(2**53), le=2**53)]


class AnswerWords(Strict):
    """How an answer reads where it has no choice's label (`words` in questionnaire.yaml)."""

    yes: Text  # a yes-or-no answer, as the form labels the two
    no: Text
    none: Text  # a list answer with nothing chosen
    not_answered: Text


class Question(Strict):
    """One answer key. `changeable: false` marks a fixed fact that what-if never varies.

    `error` is what the web form says when the answer is missing ("Select which nation your
    practices are in"); for a number it starts "Enter the …" and the other messages build on it.
    The web journey shows `section` as the page's caption (a question without one is in the
    section of the question before it) and `short` as the key on check your answers. A question
    with `not_known` offers "I do not know", which leaves it unanswered (its default applies):
    `not_known` is the hint under that answer, saying who could tell.

    In a group assessment `asked_of: practice` marks a question of opinion that each practice
    answers (`practice_text`: how it reads to one practice, when `text` speaks for the group);
    the organiser answers the rest, the facts (`asked_of: organiser`, the default). The group's
    answer is the practices' majority, or with `combined_by: all` (a yes-or-no question) yes
    only when every practice's is yes (rules/groups.yaml says so in words).
    """

    id: Id
    text: Text
    short: str | None = Field(None, min_length=1, max_length=60)
    section: str | None = Field(None, min_length=1, max_length=60)
    hint: str | None = None
    not_known: str | None = Field(None, min_length=1, max_length=200)
    error: str | None = Field(None, min_length=1, max_length=200)
    type: AnswerType
    choices: tuple[Choice, ...] = ()
    required: bool = False
    default: Scalar | tuple[Scalar, ...] | None = None
    minimum: Bound | None = None
    maximum: Bound | None = None
    min_items: int = 0
    ask_when: Condition | None = None
    changeable: bool = True
    asked_of: AskedOf = "organiser"
    practice_text: str | None = Field(None, min_length=1, max_length=4000)
    combined_by: CombinedBy = "majority"
    # Its questionnaire's `words` (set by `Questionnaire`), in the questionnaire's language.
    _words: AnswerWords | None = PrivateAttr(default=None)

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
        if self.not_known and self.default is None:
            raise ValueError("'not_known' needs a default: the answer the rules then assume")
        if self.practice_text and self.asked_of != "practice":
            raise ValueError("'practice_text' is for a question with 'asked_of: practice'")
        if self.combined_by == "all" and (self.asked_of != "practice" or self.type != "boolean"):
            raise ValueError("'combined_by: all' is for a yes-or-no question asked of practices")
        return self

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    @property
    def bounds(self) -> tuple[int, int]:
        """The least and the greatest answer to an integer question (it must give both)."""
        if self.minimum is None or self.maximum is None:
            raise ValueError(f"question '{self.id}' is not a number with a minimum and maximum")
        return self.minimum, self.maximum

    @property
    def words(self) -> AnswerWords | None:
        """How an answer without a choice's label reads (its questionnaire's `words`)."""
        return self._words

    def label_of(self, value: object) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        if isinstance(value, bool) and self._words is not None:
            return self._words.yes if value else self._words.no
        return str(value)


class Questionnaire(Strict):
    questions: tuple[Question, ...]
    service_questions: tuple[Question, ...]
    # Absent from rule sets older than it: the default policy's then.
    words: AnswerWords | None = None

    @model_validator(mode="after")
    def _services_are_facts(self) -> Questionnaire:
        # a practice says which services it would join (`services_joined`), not how each runs
        for q in self.service_questions:
            if q.asked_of != "organiser":
                raise ValueError(f"service question '{q.id}': a service's answers are facts")
        words = self.words or default_words()
        for q in (*self.questions, *self.service_questions):
            q._words = words
        return self

    @property
    def of_practice(self) -> tuple[Question, ...]:
        """The questions of opinion: in a group, each practice answers them."""
        return tuple(q for q in self.questions if q.asked_of == "practice")


@cache
def default_words() -> AnswerWords | None:
    """The default policy's `words` (for an older rule set without them), read once."""
    try:
        data = read_yaml(default_rules() / "questionnaire.yaml").data
        return AnswerWords.model_validate(data.get("words") if isinstance(data, dict) else None)
    except (OSError, YamlError, ValidationError):
        return None


# --- options -----------------------------------------------------------------------------------


class KeyFact(Strict):
    text: Text
    source: str
    # What it is about: topics' or comparison rows' ids (`compare.rows`); a fact about none is
    # not shown in a comparison.
    topics: tuple[Id, ...] = ()


class Option(Strict):
    id: Id
    label: Text
    summary: Text
    regulator: str | None = None
    key_facts: tuple[KeyFact, ...] = ()
    # What choosing it instead would mean, in a few words (a what-if's consequence): the first
    # whose source a group's nation may be shown.
    instead: tuple[KeyFact, ...] = ()


class Topic(Strict):
    id: Id
    label: Text


class CompareRow(Strict):
    """One row of a side-by-side comparison: the rules of its `topics` (and the rules named in
    `rules`, whatever their topic) and the key facts about it; `plan`: the row shows the action
    plan's fees and time (`cost`) or the option's own steps (`steps`). `nothing`: what a cell
    says when nothing applies (else `words.nothing`)."""

    id: Id
    label: Text
    topics: tuple[Id, ...] = ()
    rules: tuple[RuleId, ...] = ()
    plan: Literal["cost", "steps"] | None = None
    nothing: Text | None = None


class CompareWords(Strict):
    """The words of a comparison; `{…}` fields are filled in (see advice/compare.py)."""

    title: Text  # {a} {b}
    title_service: Text  # {a} {b} {service}
    favours: Text  # {weight}: before the reason of a rule that favours the option
    disfavours: Text  # {weight}
    excludes: Text
    about: Text  # before a rule about the option that neither favours nor disfavours it
    unsourced: Text  # {ask}: after a fact no public source confirms
    fee: Text  # {fee}
    fee_range: Text  # {least} {most}
    weeks: Text  # {least} {most}
    cost: Text  # {fees} {weeks}
    cost_no_fees: Text  # {weeks}
    no_time: Text  # {unknown}: steps without a time
    step: Text  # {number} {step} {details}
    step_plain: Text  # {number} {step}
    nothing: Text  # {option}
    nothing_either: Text  # {rows}: the rows where neither option has anything said
    same: Text  # over a row's lines when they are the same for both options
    score: Text  # {score}
    excluded_score: Text  # {score}
    recommended: Text
    sources: Text  # the heading of the sources cited


class Compare(Strict):
    rows: tuple[CompareRow, ...] = Field(min_length=1)
    words: CompareWords


class Options(Strict):
    forms: tuple[Option, ...]
    routes: tuple[Option, ...]
    topics: tuple[Topic, ...]
    compare: Compare | None = None  # a side-by-side comparison's rows and words


# --- sources -----------------------------------------------------------------------------------

# The nations a source may be limited to: the values of the contract's `nation` question.
Nation = Literal["england", "wales", "scotland", "northern_ireland"]


class Source(Strict):
    """A fact of the domain brief or a public document that rules cite.

    `unsourced: true` marks a fact no public page confirmed: rules may use it, but every
    recommendation that relies on it carries a caveat naming who to ask. `nations` limits a
    source to the groups of those nations (absent: all four): a Welsh regulation is never
    shown to a group in England.
    """

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80)]
    title: Text
    url: str | None = None
    unsourced: bool = False
    ask: str | None = None
    in_force: Window | None = None
    checked: dt.date | None = None
    review_by: dt.date | None = None
    nations: tuple[Nation, ...] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _unsourced_says_who(self) -> Source:
        if self.unsourced and not self.ask:
            raise ValueError("an unsourced fact must say who to 'ask'")
        return self

    def applies_to(self, nation: object) -> bool:
        """Whether the source may be shown to a group in `nation` (unknown: every source may)."""
        return self.nations is None or nation is None or nation in self.nations

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
