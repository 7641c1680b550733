"""The summary's wording (`summary.yaml`): every sentence the advisor fills in to sum up a result.

The advisor only fills placeholders (`{form}`, `{runner_up}`, `{service}`, …) into these
patterns, so the summary can be reworded, and translated, without touching code. The file is
optional: a rules folder without it gives results without a summary.
"""

from __future__ import annotations

import string
from typing import Literal

from pydantic import Field

from formadvisor.rules.models import Id, Strict

SUMMARY_FILE = "summary.yaml"
MeansTopic = Literal["pension", "indemnity", "tax", "vat"]
MEANS_TOPICS: tuple[MeansTopic, ...] = ("pension", "indemnity", "tax", "vat")
Line = str  # one sentence, with `{placeholders}` the summary fills


class Headlines(Strict):
    recommended: Line  # {form}
    only: Line  # {form}: the only form no rule excludes
    tie: Line  # {form}, {runner_up}
    tie_decided_by: Line  # {questions}: the answers that would settle a tie
    either: Line  # {a}, {b}: two questions, either of which would settle it
    undetermined: Line
    none: Line  # every form is excluded


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
    why: Why
    means: Means
    check_first: CheckFirst
    rather_than: RatherThan
    reach: ReachWording | None = None  # absent: `reach` names the rules only, by id


# The placeholders each pattern may use: a misspelt one would otherwise reach a reader as
# `{from}` or fail at run time.
ALLOWED = {
    ("headline", "recommended"): {"form"},
    ("headline", "only"): {"form"},
    ("headline", "tie"): {"form", "runner_up"},
    ("headline", "tie_decided_by"): {"questions"},
    ("headline", "either"): {"a", "b"},
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
        if section is None:  # an optional part left out
            continue
        pattern = getattr(section, key)
        used = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
        for bad in sorted(used - allowed):
            known = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
            found.append(((part, key), f"unknown placeholder {{{bad}}}; this line takes {known}"))
    return found
