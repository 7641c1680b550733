"""Answers as a scenario writes them, read by each question's type from the questionnaire.

`yes`/`no` for a boolean, digits for a number, a choice by its id or its label
(`northern_ireland` or `Northern Ireland`), a list comma-separated with `none` for empty.
"""

from __future__ import annotations

import difflib

from formadvisor.rules.models import Question, Questionnaire


class WordingError(AssertionError):
    """A scenario names something the rules do not have, or gives a value the question refuses."""


def did_you_mean(word: str, known: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, known, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return f"{hint}; known: {', '.join(known)}"


def question(questionnaire: Questionnaire, key: str, *, service: bool = False) -> Question:
    """The group question (or, with `service`, the service question) called `key`."""
    questions = questionnaire.service_questions if service else questionnaire.questions
    for q in questions:
        if q.id == key:
            return q
    kind = "service field" if service else "question"
    raise WordingError(f"there is no {kind} '{key}'{did_you_mean(key, [q.id for q in questions])}")


def value_of(q: Question, text: str) -> object:
    """The answer `text` as the question's type wants it (a list for a `choices` question)."""
    text = text.strip()
    if q.type == "choices":
        if text.lower() in ("none", ""):
            return []
        return [_choice(q, part) for part in text.split(",")]
    if q.type == "choice":
        return _choice(q, text)
    if q.type == "boolean":
        words = {"yes": True, "true": True, "no": False, "false": False}
        if text.lower() not in words:
            raise WordingError(f"{q.id}: '{text}' is not yes or no")
        return words[text.lower()]
    if q.type == "integer":
        if not text.isdigit():
            raise WordingError(f"{q.id}: '{text}' is not a whole number written in digits")
        return int(text)
    return text


def _choice(q: Question, text: str) -> str:
    text = text.strip()
    wanted = text.lower().replace(" ", "_")
    for c in q.choices:
        if wanted == c.value or text.lower() == c.label.lower():
            return c.value
    raise WordingError(
        f"{q.id}: '{text}' is not one of its answers{did_you_mean(wanted, q.values)}"
    )
