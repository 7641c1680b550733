"""The wording of a group assessment (`groups.yaml`): the combining rule in words, and every
sentence the group page, its PDF and `formadvisor group` fill in.

The advisor only fills placeholders (`{answer}`, `{service}`, …) into these patterns, so the
group's page can be reworded, and translated, without touching code. The file is optional: a
rules folder without it cannot analyse groups (`advice.groups` says so).
"""

from __future__ import annotations

import string

from pydantic import Field

from formadvisor.rules.layout import GROUPS_FILE as GROUPS_FILE
from formadvisor.rules.models import Strict

Line = str  # one sentence, with `{placeholders}` filled from the group's answers


class Headings(Strict):
    recommendation: str
    splits_that_matter: str
    other_splits: str
    agreed: str
    not_asked: str
    services: str
    by_practice: str
    commitment: str
    rule: str


class GroupWording(Strict):
    rule: tuple[Line, ...] = Field(min_length=1)  # how answers are combined, sentence by sentence
    yes: str
    no: str
    nothing_chosen: str  # a question of several answers, none chosen
    agreed: Line
    split: Line
    tie: Line
    split_all: Line  # a question `combined_by: all` on which the practices differ
    tie_default: str
    tie_first: str
    not_asked: Line
    matters: Line
    does_not_matter: Line
    if_answer: Line
    no_change: Line
    form_changes: Line
    route_changes: Line
    no_route: str
    service_added: Line
    service_dropped: Line
    if_service_runs: Line  # a split on joining a service that does not run, run with it
    if_service_left_out: Line  # and one that runs, run without it
    joining: Line  # a split on joining a service, as a heading
    service_runs: Line
    service_tie: Line
    service_does_not_run: Line
    answered: Line
    not_answered: Line
    nobody_answered: Line
    uncommitted: Line
    without_uncommitted_same: Line
    without_uncommitted_changes: Line
    all_committed: Line
    own_answers_invalid: Line
    headings: Headings
    form: Line
    route: Line
    count: Line
    practice_own: Line


# The placeholders each pattern may use (any other is a problem `rules check` names).
ALLOWED: dict[str, set[str]] = {
    "agreed": {"answer"},
    "split": {"answer"},
    "tie": {"answer", "why"},
    "split_all": {"answer"},
    "if_answer": {"answer", "practices"},
    "form_changes": {"form", "was"},
    "route_changes": {"service", "route", "was"},
    "service_added": {"service", "route"},
    "service_dropped": {"service"},
    "if_service_runs": {"service", "practices", "route"},
    "if_service_left_out": {"service", "practices"},
    "joining": {"service"},
    "service_runs": {"service", "joined", "of"},
    "service_tie": {"service", "joined", "of"},
    "service_does_not_run": {"service", "joined", "of"},
    "answered": {"answered", "of"},
    "not_answered": {"name"},
    "uncommitted": {"practices"},
    "own_answers_invalid": {"name", "problems"},
    "form": {"form"},
    "route": {"service", "route"},
    "count": {"answer", "count", "practices"},
    "practice_own": {"name", "form"},
}


def group_wording_problems(wording: GroupWording) -> list[tuple[tuple, str]]:
    """(path in the file, message) for each placeholder a pattern may not use."""
    found: list[tuple[tuple, str]] = []
    for key, value in wording.model_dump(exclude={"headings"}).items():
        lines = value if isinstance(value, tuple | list) else (value,)
        allowed = ALLOWED.get(key, set())
        for i, line in enumerate(lines):
            used = {f for _, f, _, _ in string.Formatter().parse(line) if f is not None}
            for bad in sorted(used - allowed):
                known = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
                where = (key, i) if isinstance(value, tuple | list) else (key,)
                found.append((where, f"unknown placeholder {{{bad}}}; this line takes {known}"))
    return found
