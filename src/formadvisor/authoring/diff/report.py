"""`rules diff` as Markdown, ready to paste into a pull request: the counts, then each change.

A saved assessment's id is its only key (whoever has it can open the assessment), so the
report shows its first characters only; the JSON keeps the whole id for tools run locally.
"""

from __future__ import annotations

import re

from formadvisor.advice.changes import Changes, Pick
from formadvisor.authoring.diff.attribution import Cause
from formadvisor.authoring.diff.rulesets import RulesetChanges
from formadvisor.authoring.diff.run import AnswerSetChange, Outcome, RulesDiff, Side
from formadvisor.authoring.diff.scenarios import Scenarios
from formadvisor.rules.models import one_line

SHOWN_ID = 6  # characters of an assessment id shown in the report


def render(diff: RulesDiff) -> str:
    """The whole report, as Markdown."""
    lines = [
        f"## Rules diff: `{diff.old.name}` → `{diff.new.name}`",
        "",
        f"- OLD: {_side(diff.old)}",
        f"- NEW: {_side(diff.new)}",
        f"- Applied as of {diff.as_of.isoformat()} under both.",
        "",
        "### Summary",
        "",
        *_summary(diff),
    ]
    if diff.notes:
        lines += ["", *(f"> Note: {n}" for n in diff.notes)]
    if not diff.rules.nothing:
        lines += ["", "### What changed in the rules", "", *_rules(diff.rules)]
    if diff.scenarios and diff.scenarios.changes:
        lines += ["", *_scenarios(diff.scenarios)]
    for title, changes in (
        ("Changed recommendations", diff.recommendations_changed),
        ("Same recommendation, other differences", diff.details_changed),
    ):
        if changes:
            lines += ["", f"### {title}"]
            for change in changes:
                lines += ["", *answer_set_lines(change)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _side(side: Side) -> str:
    where = f"`{side.name}`" + (f" (commit {side.commit[:12]})" if side.commit else "")
    edition = f", edition {side.release}" if side.release else ""
    return f"{where}: {side.rules} rules{edition}, version {side.version[:12]}"


def _summary(diff: RulesDiff) -> list[str]:
    r = diff.rules
    rules = (
        f"{len(r.rules_added)} added, {len(r.rules_removed)} removed, "
        f"{len(r.rules_changed)} changed"
    )
    others = [name for name, items in r.files.items() if not items.nothing]
    others += ["scoring"] if r.scoring else []
    lines = [f"- Rules: {rules}" + (f"; also {', '.join(others)}" if others else "") + "."]
    s = diff.scenarios
    if s is not None:
        lines.append(
            f"- Scenarios: {s.compared} run under both; {len(s.outcome_changes)} change outcome "
            f"(failing: {s.failed_before} before, {s.failed_after} after), "
            f"{len(s.firing_changes)} fire different rules."
        )
    total = diff.examples + diff.assessments
    lines.append(
        f"- Answer sets: {total} ({diff.examples} examples, {diff.assessments} saved "
        f"assessments): **{len(diff.recommendations_changed)} change recommendation**, "
        f"{len(diff.details_changed)} change only in detail, {diff.unchanged} unchanged"
        + (
            f", {len(diff.refused_by_both)} refused by both (incomplete)"
            if diff.refused_by_both
            else ""
        )
        + "."
    )
    return lines


def _rules(r: RulesetChanges) -> list[str]:
    lines = []
    rows = [(a.rule, "added", f"{a.file}:{a.line}") for a in r.rules_added]
    rows += [(a.rule, "removed", f"{a.file}:{a.line} (old)") for a in r.rules_removed]
    rows += [
        (e.rule, f"changed: {', '.join(e.parts)}", f"{e.file}:{e.line}") for e in r.rules_changed
    ]
    if rows:
        lines += ["| rule | change | where |", "| --- | --- | --- |"]
        lines += [f"| `{rule}` | {how} | {where} |" for rule, how, where in rows]
    for name, items in r.files.items():
        for verb, ids in (
            ("added", items.added),
            ("removed", items.removed),
            ("changed", items.changed),
        ):
            if ids:
                lines.append(f"- {name.capitalize()} {verb}: {', '.join(f'`{i}`' for i in ids)}")
    lines += [f"- Scoring: {line}" for line in r.scoring]
    if r.release:
        lines.append(f"- Edition (VERSION): {r.release[0] or 'none'} → {r.release[1] or 'none'}")
    return lines


def _scenarios(s: Scenarios) -> list[str]:
    lines = []
    if s.outcome_changes:
        lines += ["### Scenarios whose outcome changed", ""]
        for c in s.outcome_changes:
            lines.append(
                f"- **{c.title}**: {c.before} → {c.after}" + _fired(c.fires_now, c.no_longer_fires)
            )
            if c.message:
                detail = c.message.splitlines()[2:] or c.message.splitlines()
                lines += ["", "  ```", *(f"  {line}" for line in detail), "  ```"]
        lines.append("")
    if s.firing_changes:
        lines += ["### Scenarios that fire different rules", ""]
        for c in s.firing_changes:
            lines.append(f"- {c.title} ({c.after})" + _fired(c.fires_now, c.no_longer_fires))
    return lines


def _fired(now: tuple[str, ...], gone: tuple[str, ...]) -> str:
    parts = []
    if now:
        parts.append("now fires " + ", ".join(f"`{r}`" for r in now))
    if gone:
        parts.append("no longer fires " + ", ".join(f"`{r}`" for r in gone))
    return "; " + "; ".join(parts) if parts else ""


def answer_set_lines(change: AnswerSetChange) -> list[str]:
    """One changed answer set: its name, what changed and the rules that caused it."""
    name = change.name if change.source == "example" else change.name[:SHOWN_ID] + "…"
    lines = [f"#### {change.source.capitalize()} `{name}`", ""]
    if change.changes is None:
        return lines + _refused("OLD", change.before) + _refused("NEW", change.after)
    lines += _changes(change.changes)
    if change.causes:
        lines += ["- Caused by:", *(f"  - {_cause(c)}" for c in change.causes)]
    else:
        lines.append("- Caused by: no single rule (see what changed in the rules above).")
    return lines


def _refused(side: str, outcome: Outcome) -> list[str]:
    if not outcome.refused:
        return [f"- {side} recommends form `{outcome.form}`"]
    return [f"- {side} refuses the answers:", *(f"  - {p}" for p in outcome.refused)]


def _pick(p: Pick) -> str:
    return f"{p.label} (`{p.option}`)" if p.option else p.label


def _changes(c: Changes) -> list[str]:
    lines = []
    if c.form:
        lines.append(f"- **Form: {_pick(c.form[0])} → {_pick(c.form[1])}**")
    lines += [
        f"- **Route for {r.service}: {_pick(r.before)} → {_pick(r.after)}**" for r in c.routes
    ]
    for verb, items in (
        ("Now excluded", c.newly_excluded),
        ("No longer excluded", c.no_longer_excluded),
    ):
        for e in items:
            where = "" if e.where is None else f" for {e.where}"
            by = ", ".join(f"`{r.rule}`" for r in e.rules)
            lines.append(f"- {verb}{where}: {e.label} (`{e.option}`), by {by}")
    for s in c.scores:
        where = "" if s.where is None else f" for {s.where}"
        lines.append(f"- Score of {s.label}{where}: {s.before} → {s.after}")
    now = tuple(dict.fromkeys(r.rule for r in c.rules_only_now))
    gone = tuple(dict.fromkeys(r.rule for r in c.rules_only_before))
    if now or gone:
        lines.append("- Rules" + _fired(now, gone)[1:])
    lines += [
        f"- Consideration added ({x.topic}, `{x.rule}`): {one_line(x.text)}"
        for x in c.considerations_added
    ]
    lines += [
        f"- Consideration removed ({x.topic}, `{x.rule}`): {one_line(x.text)}"
        for x in c.considerations_removed
    ]
    return lines


def _cause(c: Cause) -> str:
    text = f"`{c.rule}` ({c.edit or 'same rule'}; {c.firing})"
    if c.sources_changed:
        text += f", citing changed source {', '.join(c.sources_changed)}"
    if c.moved:
        text += ": " + "; ".join(c.moved)
    return text
