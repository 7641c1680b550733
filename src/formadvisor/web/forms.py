"""One page's form: fields built from the questions, posted values read back into answers.

Nothing here is written per question: the type, choices, limits and `error` wording of each
question in `questionnaire.yaml` decide how it is shown, read and checked, and the messages
follow the GOV.UK pattern ("Enter the number of practices as a whole number, like 6").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from formadvisor.advice.answers import TEXT_MAX
from formadvisor.engine.facts import asked_questions
from formadvisor.engine.reading import Facts
from formadvisor.i18n import gettext
from formadvisor.rules.conditions import Clause
from formadvisor.rules.models import Question
from formadvisor.web.language import current

Posted = Mapping[str, Sequence[str]]  # field name → every value posted under it
Shown = str | list[str]  # what a field shows: text, or the ticked values of checkboxes
YES_NO = (("yes", True), ("no", False))  # a yes-or-no question's field values
NOT_KNOWN = "not_known"  # the value of "I do not know": the question stays unanswered


def yes_no() -> list[dict]:
    """Yes-or-no radios that are not a question of the rules (a question's labels are its
    questionnaire's `words`)."""
    words = {True: gettext(current(), "Yes"), False: gettext(current(), "No")}
    return [{"value": v, "text": words[b]} for v, b in YES_NO]


@dataclass
class Field:
    """A question as one form field: what it shows, its error, and follow-ups it reveals."""

    question: Question
    value: Shown = ""
    error: str | None = None
    reveals: dict[str, list[Field]] = field(default_factory=dict)  # choice value → follow-ups

    @property
    def id(self) -> str:
        """The field's id (for radios and checkboxes, the first input's): errors link to it."""
        return self.question.id

    @property
    def assumed(self) -> str | None:
        """What the rules take the answer to be when it is not known (its default, in words)."""
        q = self.question
        return ", ".join(answer_lines(q, q.default)) if q.not_known else None

    @property
    def items(self) -> list[dict]:
        q = self.question
        if q.type == "boolean":
            return [{"value": v, "text": q.label_of(b)} for v, b in YES_NO]
        return [{"value": c.value, "text": c.label, "hint": c.hint} for c in q.choices]


# --- messages ------------------------------------------------------------------------------------


def missing(q: Question) -> str:
    """What to say when a question is not answered (its `error`, or a plain fallback)."""
    if q.error:
        return q.error
    lang = current()
    if q.type == "choice":
        return gettext(lang, "Select an answer")
    if q.type == "choices":
        return gettext(lang, "Select at least one answer")
    if q.type == "boolean":
        return gettext(lang, "Select yes or no")
    if q.type == "integer":
        return gettext(lang, "Enter a number")
    return gettext(lang, "Enter an answer")


def not_whole(q: Question) -> str:
    low, high = q.bounds
    example = 6 if low <= 6 <= high else low
    return gettext(
        current(),
        "%(message)s as a whole number, like %(example)s",
        message=missing(q),
        example=example,
    )


def out_of_range(q: Question) -> str:
    # "Enter the number of practices" → "Enter a number of practices between 1 and 10,000"
    message = re.sub(r"^Enter the ", "Enter a ", missing(q))
    low, high = format(q.minimum, ","), format(q.maximum, ",")
    return gettext(
        current(), "%(message)s between %(low)s and %(high)s", message=message, low=low, high=high
    )


def too_long(q: Question) -> str:
    most = min(q.maximum or TEXT_MAX, TEXT_MAX)
    return gettext(
        current(), "%(message)s in %(most)s characters or fewer", message=missing(q), most=most
    )


def different_name() -> str:
    """A service's name that another service of the group has."""
    return gettext(current(), "Enter a name that is different from your other services")


# --- reading a posted form ----------------------------------------------------------------------


def read(q: Question, posted: Sequence[str]) -> tuple[object, str | None]:
    """One question's posted values → (answer, error message or None).

    An optional number left blank is answered "not known" (None); everything else must be
    given, even where the questionnaire has a default, since radios are never pre-selected.
    """
    if q.type == "choices":
        picked = [v for v in posted if v]
        if len(picked) < q.min_items or not set(picked) <= set(q.values):
            return picked, missing(q)
        return [v for v in q.values if v in picked], None  # the questionnaire's order, no repeats
    text = posted[0].strip() if posted else ""
    if q.not_known and text == NOT_KNOWN:
        return NOT_KNOWN, None
    if q.type == "choice":
        return (text, None) if text in q.values else (None, missing(q))
    if q.type == "boolean":
        value = next((b for v, b in YES_NO if v == text), None)
        return (value, None) if value is not None else (None, missing(q))
    if not text:
        return None, None if not q.required else missing(q)
    if q.type == "text":
        longest = min(q.maximum or TEXT_MAX, TEXT_MAX)
        return (text, None) if len(text) <= longest else (None, too_long(q))
    digits = re.sub(r"[,\s]", "", text)
    if not re.fullmatch(r"-?\d{1,20}", digits):
        return None, not_whole(q)
    number = int(digits)
    low, high = q.bounds
    if not low <= number <= high:
        return None, out_of_range(q)
    return number, None


def read_page(
    questions: Sequence[Question], posted: Posted, prefix: str = "", given: Facts | None = None
) -> tuple[dict[str, object], dict[str, str]]:
    """A page's answers and errors. A follow-up whose `ask_when` fails for the answers on the
    page (its parent was answered No) is ignored, so a page works the same without JavaScript."""
    answers: dict[str, object] = {}
    errors: dict[str, str] = {}
    for q in questions:
        value, error = read(q, posted.get(q.id, ()))
        if error:
            errors[q.id] = error
        elif value != NOT_KNOWN:  # not known: left unanswered, so its default applies
            answers[q.id] = value
    asked = asked_questions(questions, answers, prefix, given)
    for q in questions:
        if q not in asked:
            answers.pop(q.id, None)
            errors.pop(q.id, None)
    return answers, errors


# --- showing a form ------------------------------------------------------------------------------


def shown(q: Question, value: object, passed: bool = False) -> Shown:
    """A stored answer as its form field shows it; a question the journey went past without
    an answer was answered "I do not know"."""
    if value is None and passed and q.not_known:
        return NOT_KNOWN
    if q.type == "choices":
        return list(value) if isinstance(value, list | tuple) else []
    if q.type == "boolean":
        return next((v for v, b in YES_NO if value is b), "")
    return "" if value is None else str(value)


def posted_as_shown(q: Question, posted: Sequence[str]) -> Shown:
    """What the person typed or ticked, shown back unchanged after an error."""
    return list(posted) if q.type == "choices" else (posted[0] if posted else "")


def reveal_parent(
    q: Question, questions: Sequence[Question], prefix: str
) -> tuple[str, str] | None:
    """(parent id, choice value) when `q` is asked only on one answer of an earlier question on
    the same page: it is shown under that answer (a conditional reveal)."""
    when = q.ask_when
    if not (isinstance(when, Clause) and when.op == "is" and when.ref.startswith(prefix)):
        return None
    parent = next((p for p in questions if prefix + p.id == when.ref), None)
    if parent is None or parent.type not in ("choice", "boolean"):
        return None
    value: object = when.value
    if parent.type == "boolean":
        value = next((v for v, b in YES_NO if b is value), None)
    return (parent.id, value) if isinstance(value, str) else None


def fields(
    questions: Sequence[Question],
    values: Mapping[str, Shown],
    errors: Mapping[str, str] | None = None,
    prefix: str = "",
) -> list[Field]:
    """The page's fields in order, each follow-up nested under the answer that reveals it."""
    errors = errors or {}
    made = {
        q.id: Field(q, values.get(q.id, [] if q.type == "choices" else ""), errors.get(q.id))
        for q in questions
    }
    top = []
    for q in questions:
        parent = reveal_parent(q, questions, prefix)
        if parent:
            made[parent[0]].reveals.setdefault(parent[1], []).append(made[q.id])
        else:
            top.append(made[q.id])
    return top


# --- check your answers --------------------------------------------------------------------------


def answer_lines(q: Question, value: object) -> list[str]:
    """An answer in words, one line per value, for the check-answers summary."""
    if value is None:
        return [gettext(current(), "Not known")]
    if q.type == "choices":
        listed = value if isinstance(value, list | tuple) else ()
        return [q.label_of(v) for v in listed] or [gettext(current(), "None")]
    if q.type == "boolean":
        return [q.label_of(bool(value))]
    if q.type == "integer":
        return [f"{value:,}"]
    return [q.label_of(value)]
