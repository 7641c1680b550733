"""Running a saved assessment: the answers in its row through the advisor, the result back in."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from pydantic import ValidationError

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.changes import Changes, compare
from formadvisor.advice.results import Recommendation, trace_json
from formadvisor.store.database import Assessment, Store, Version


def outcome(advisor: Advisor, answers: dict, as_of: dt.date | None = None) -> dict:
    """The row fields for a recommendation on these answers: result, trace and rules version.

    Raises `AnswersInvalid` when the answers are incomplete or wrong.
    """
    result, trace = advisor.recommend_traced(answers, as_of=as_of)
    return {
        "result": json.loads(result.to_json()),
        "trace": trace_json(trace),
        "rules_hash": advisor.policy.version,
        "rules_release": advisor.policy.release,
    }


def run_assessment(
    advisor: Advisor, store: Store, assessment_id: str, answers: dict | None = None
) -> Assessment:
    """Recommend on the stored answers (or on `answers`, e.g. those of the saved result) and
    store the result with the rules version that made it, as the assessment's next version
    (the earlier ones stay).

    Raises `KeyError` for an unknown id and `AnswersInvalid` (nothing is stored) when the
    answers are incomplete or wrong.
    """
    row = store.get(assessment_id)
    if row is None:
        raise KeyError(assessment_id)
    given = row.answers if answers is None else answers
    return store.record(assessment_id, made_from=given, **outcome(advisor, given))


def result_answers(row: Assessment, versions: list[Version]) -> dict:
    """The answers the saved result was made from: the row's own answers may have changed
    since (they are kept apart until a new result is made)."""
    return versions[-1].answers if versions else row.answers


def answers_changed(row: Assessment, versions: list[Version]) -> bool:
    """Whether the answers were changed after the saved result was made (it is kept until a new
    one is made, so it no longer answers what the row now holds)."""
    return bool(versions) and row.result is not None and versions[-1].answers != row.answers


def stored_result(row: Assessment) -> Recommendation | None:
    """The recommendation saved in a row, as the model it was made from."""
    return Recommendation.model_validate(row.result) if row.result is not None else None


def readable_result(row: Assessment) -> Recommendation | None:
    """`stored_result`, or None when it was saved in an older shape these models cannot read
    (the result page then asks for it to be made again)."""
    try:
        return stored_result(row)
    except ValidationError:
        return None


@dataclass(frozen=True)
class Review:
    """A saved result beside the current rules: re-run only when the rules differ."""

    row: Assessment
    before: Recommendation | None  # None: nothing saved yet
    current_version: str
    current_release: str | None
    after: Recommendation | None = None  # the re-run, when the rules differ
    changes: Changes | None = None
    problems: tuple[str, ...] = ()  # why the current rules cannot take the saved answers

    @property
    def same_rules(self) -> bool:
        return self.row.rules_hash == self.current_version


def review(
    advisor: Advisor, row: Assessment, as_of: dt.date | None = None, made_from: dict | None = None
) -> Review:
    """Re-run a saved assessment's answers under the advisor's rules and say what changed.

    `made_from`: the answers that made the saved result (`result_answers`), when the row's
    answers have changed since; the row's own otherwise."""
    before = stored_result(row)
    done = Review(row, before, advisor.policy.version, advisor.policy.release)
    if before is None or done.same_rules:
        return done
    try:
        answers = row.answers if made_from is None else made_from
        after = advisor.recommend(answers, as_of=as_of, what_if=False)
    except AnswersInvalid as e:
        return replace(done, problems=tuple(e.problems))
    return replace(done, after=after, changes=compare(before, after))
