"""A reach in words (`summary.yaml`'s `reach:`): what the CLI prints and the page shows."""

from __future__ import annotations

from dataclasses import dataclass

from formadvisor.advice.reach import Reach, ReachChange
from formadvisor.advice.reasons import words_of
from formadvisor.rules.policy import Policy


@dataclass(frozen=True)
class ReachWords:
    heading: str  # what would it take for … ?
    intro: str  # already recommended / would be if you changed / cannot be
    lines: tuple[str, ...]  # each change, or each thing that rules the option out


def reach_words(policy: Policy, result: Reach) -> ReachWords | None:
    """The reach in the policy's words; None when the rules folder has no reach wording."""
    wording = policy.summary.reach if policy.summary is not None else None
    if wording is None:
        return None
    option = policy.option(result.option).label
    if result.service is None:
        heading = wording.heading.format(option=option)
    else:
        heading = wording.heading_service.format(option=option, service=result.service)
    if not result.reachable:
        return ReachWords(heading, wording.blocked.format(option=option), result.blocked_by)
    if not result.changes:
        return ReachWords(heading, wording.already.format(option=option), ())
    count = len(result.changes)
    if count == 1:
        intro = wording.changes_one.format(option=option)
    else:
        intro = wording.changes.format(option=option, count=count)
    return ReachWords(heading, intro, tuple(change_words(policy, c) for c in result.changes))


def change_words(policy: Policy, change: ReachChange) -> str:
    """One change: the question's short name, the new answer and the one it replaces."""
    wording = policy.summary.reach if policy.summary is not None else None
    assert wording is not None
    q = policy.questionnaire
    questions = q.questions if change.service is None else q.service_questions
    question = next(x for x in questions if x.id == change.question)
    fields = {
        "question": question.short or question.text,
        "answer": words_of(question, change.answer),
        "before": words_of(question, change.before),
        "service": change.service,
    }
    pattern = wording.change if change.service is None else wording.change_service
    return pattern.format(**fields)
