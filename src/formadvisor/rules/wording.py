"""The summary's wording (`summary.yaml`): every sentence the advisor fills in to sum up a result.

The advisor only fills placeholders (`{form}`, `{runner_up}`, `{service}`, …) into these
patterns, so the summary can be reworded, and translated, without touching code. The file is
optional: a rules folder without it gives results without a summary.
"""

from __future__ import annotations

import string
from typing import Literal

from pydantic import Field

from formadvisor.rules.models import Id, Strict, Text

SUMMARY_FILE = "summary.yaml"
MeansTopic = Literal["pension", "indemnity", "tax", "vat"]
MEANS_TOPICS: tuple[MeansTopic, ...] = ("pension", "indemnity", "tax", "vat")
Line = str  # one sentence, with `{placeholders}` the summary fills


class Headlines(Strict):
    recommended: Line  # {form}
    only: Line  # {form}: the only form no rule excludes
    tie: Line  # {form}, {runner_up}
    # Optional, so that rules folders written before them still load (`rules diff main HEAD`):
    # without `close` a close call is said as a tie; without `decided_by` or `decider` nothing
    # is said of what would decide it; without the adding/removing lines a list's new answer is
    # said whole.
    close: Line | None = None  # {form}, {runner_up}: the lead is under `close_call_margin`
    decided_by: Line | None = None  # {deciders}: the answers that would decide it
    decider: Line | None = None  # {answer}, {question}, {option}: one of them
    decider_service: Line | None = None  # {answer}, {question}, {service}, {option}
    decider_adding: Line | None = None  # {value}, {question}, {option}: a list gains one
    decider_removing: Line | None = None  # {value}, {question}, {option}: a list loses one
    tie_decided_by: Line | None = None  # read no more: `decided_by` says it
    either: Line  # {a}, {b}: two of them
    undetermined: Line
    none: Line  # every form is excluded


class CloseCalls(Strict):
    """A contract route that is a tie or close call, said beside the service's route."""

    route_tie: Line  # {route}, {runner_up}
    route_close: Line  # {route}, {runner_up}


class Why(Strict):
    no_reasons: Line  # {form}: no rule counts for it; nothing counts more for another
    tie: Line  # {form}, {runner_up}
    route: Line  # {service}, {route}, {because}: a route's reason, when the form has few


class Means(Strict):
    labels: dict[MeansTopic, str]
    line: Line  # {label}, {text}
    service_line: Line  # {label}, {service}, {text}
    nothing: Line  # {label}: no rule raised anything on the topic


class CheckFirst(Strict):
    advice: Line  # {on}: a rule's seek_advice
    unsourced: Line  # {title}: a fact no public source confirmed
    default_who: str
    always: Line
    always_who: str


class RatherThan(Strict):
    none: Line  # {form}, {runner_up}: nothing but the tie-break separates them


class ReachWording(Strict):
    """ "What would it take?": the question, the changes, and what rules an option out."""

    heading: Line  # {option}
    heading_service: Line  # {option}, {service}
    already: Line  # {option}
    changes_one: Line  # {option}: one change takes it
    changes: Line  # {option}, {count}
    change: Line  # {question}, {answer}, {before}
    change_service: Line  # {question}, {answer}, {before}, {service}
    blocked: Line  # {option}
    fixed: Line  # {title}, {rule}: an exclusion no changeable answer can lift
    not_lifted: Line  # {title}, {rule}, {most}: an exclusion no tried change of up to {most} lifts
    outscored: Line  # {option}, {leader}, {most}
    unfavoured: Line  # {option}, {most}: nothing argues for it, even after the changes tried


class SummaryWording(Strict):
    """The patterns of `summary.yaml`; `names` gives each form as it reads in a sentence."""

    names: dict[Id, str] = Field(default_factory=dict)  # "a community interest company …"
    headline: Headlines
    close_calls: CloseCalls | None = None  # without it a close route is only tagged
    why: Why
    means: Means
    check_first: CheckFirst
    rather_than: RatherThan
    reach: ReachWording | None = None  # absent: `reach` names the rules only, by id
    # What every result ends with: what formadvisor is not (absent: the default policy's).
    disclaimer: Text | None = None


# The placeholders each pattern may use: a misspelt one would otherwise reach a reader as
# `{from}` or fail at run time.
ALLOWED = {
    ("headline", "recommended"): {"form"},
    ("headline", "only"): {"form"},
    ("headline", "tie"): {"form", "runner_up"},
    ("headline", "close"): {"form", "runner_up"},
    ("headline", "decided_by"): {"deciders"},
    ("headline", "decider"): {"answer", "question", "option"},
    ("headline", "decider_service"): {"answer", "question", "service", "option"},
    ("headline", "decider_adding"): {"value", "question", "option"},
    ("headline", "decider_removing"): {"value", "question", "option"},
    ("headline", "either"): {"a", "b"},
    ("close_calls", "route_tie"): {"route", "runner_up"},
    ("close_calls", "route_close"): {"route", "runner_up"},
    ("why", "no_reasons"): {"form"},
    ("why", "tie"): {"form", "runner_up"},
    ("why", "route"): {"service", "route", "because"},
    ("means", "line"): {"label", "text"},
    ("means", "service_line"): {"label", "service", "text"},
    ("means", "nothing"): {"label"},
    ("check_first", "advice"): {"on"},
    ("check_first", "unsourced"): {"title"},
    ("rather_than", "none"): {"form", "runner_up"},
    ("reach", "heading"): {"option"},
    ("reach", "heading_service"): {"option", "service"},
    ("reach", "already"): {"option"},
    ("reach", "changes_one"): {"option"},
    ("reach", "changes"): {"option", "count"},
    ("reach", "change"): {"question", "answer", "before"},
    ("reach", "change_service"): {"question", "answer", "before", "service"},
    ("reach", "blocked"): {"option"},
    ("reach", "fixed"): {"title", "rule"},
    ("reach", "not_lifted"): {"title", "rule", "most"},
    ("reach", "outscored"): {"option", "leader", "most"},
    ("reach", "unfavoured"): {"option", "most"},
}


def wording_problems(wording: SummaryWording, forms: list[str]) -> list[tuple[tuple, str]]:
    """(path in the file, message) for each form without a name, each name of no form, and
    each placeholder a pattern may not use."""
    found: list[tuple[tuple, str]] = []
    for form in forms:
        if form not in wording.names:
            found.append((("names",), f"no name for the form '{form}'"))
    for name in wording.names:
        if name not in forms:
            found.append((("names", name), f"'{name}' is not an organisational form"))
    for (part, key), allowed in ALLOWED.items():
        section = getattr(wording, part)
        pattern = getattr(section, key, None) if section is not None else None
        if pattern is None:  # an optional part or line left out
            continue
        used = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
        for bad in sorted(used - allowed):
            known = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
            found.append(((part, key), f"unknown placeholder {{{bad}}}; this line takes {known}"))
    return found
