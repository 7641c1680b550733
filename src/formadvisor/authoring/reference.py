"""The rules reference: a Markdown page generated from the rule files and the scenarios.

Each rule with its id, title, a readable rendering of its condition, its effects, its reason,
its sources and the scenarios that fire it. `formadvisor rules reference` writes it to
`docs/rules-reference.md`; a test keeps the committed page in step with the rules.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from formadvisor.authoring.coverage import Coverage
from formadvisor.rules.conditions import AllOf, AnyOf, Clause, Condition, NotOf
from formadvisor.rules.effects import Consider, Derive, Disfavour, Exclude, Favour, SeekAdvice
from formadvisor.rules.models import Source, Window, one_line
from formadvisor.rules.policy import Policy, PolicyRule

COMMAND = "formadvisor rules reference"

_PHRASES = {
    "is": "is",
    "is_not": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "lt": "is less than",
    "lte": "is at most",
    "gt": "is more than",
    "gte": "is at least",
    "contains": "includes",
    "contains_any": "includes any of",
    "contains_all": "includes all of",
}


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(_value(v) for v in value)
    return str(value)


def _clause(t: Clause, policy: Policy, negated: bool = False) -> str:
    ref = f"`{t.ref}`"
    if t.op in ("answered", "empty"):
        holds = bool(t.value) != negated
        word = "answered" if t.op == "answered" else "empty"
        return f"{ref} is {'' if holds else 'not '}{word}"
    op = "contains" if t.op == "is" and _is_list(t.ref, policy) else t.op
    if negated:
        plain = {"is": "is not", "contains": "does not include"}
        if op not in plain:
            return f"not ({_clause(t, policy)})"
        return f"{ref} {plain[op]} {_value(t.value)}"
    return f"{ref} {_PHRASES[op]} {_value(t.value)}"


def _is_list(ref: str, policy: Policy) -> bool:
    info = policy.refs.get(ref)  # "some service has" reads better as "is" than as "includes"
    return bool(info and info.is_list) and not ref.startswith("any_service.")


def describe(node: Condition, policy: Policy, nested: bool = False) -> str:
    """A condition in words, e.g. "`nation` is wales and `service.kind` is community"."""
    if isinstance(node, Clause):
        return _clause(node, policy)
    if isinstance(node, NotOf):
        if isinstance(node.item, Clause):
            return _clause(node.item, policy, negated=True)
        inner = describe(node.item, policy, nested=True)
        return f"not {inner}" if inner.startswith("(") else f"not ({inner})"
    parts = [describe(item, policy, nested=True) for item in node.items]
    if isinstance(node, AllOf):
        text = " and ".join(parts)
        return f"({text})" if nested and len(parts) > 1 else text
    assert isinstance(node, AnyOf)
    text = " or ".join(parts)
    return f"({text})" if nested and len(parts) > 1 else f"either {text}"


def _window(w: Window | None) -> str:
    if w is None or (w.start is None and w.end is None):
        return ""
    parts = []
    if w.start:
        parts.append(f"from {w.start.isoformat()}")
    if w.end:
        parts.append(f"until {w.end.isoformat()}")
    return "in force " + " ".join(parts)


def effect_lines(pr: PolicyRule, policy: Policy) -> list[str]:
    """Each effect of the rule in words."""
    lines = []
    for effect in pr.rule.then:
        if isinstance(effect, Favour | Disfavour):
            scored = effect.favour if isinstance(effect, Favour) else effect.disfavour
            points = policy.scoring.weight(scored.weight)
            sign = "+" if isinstance(effect, Favour) else "−"
            verb = "favours" if isinstance(effect, Favour) else "disfavours"
            weight = scored.weight if isinstance(scored.weight, str) else "weight"
            options = ", ".join(f"`{o}`" for o in scored.options)
            lines.append(f"{verb} {options} ({weight}: {sign}{points})")
        elif isinstance(effect, Exclude):
            lines.append("excludes " + ", ".join(f"`{o}`" for o in effect.exclude))
        elif isinstance(effect, Derive):
            value = "" if effect.derive.value is True else f" = {_value(effect.derive.value)}"
            lines.append(f"derives `fact.{effect.derive.fact}`{value}")
        elif isinstance(effect, Consider):
            topic = effect.consider.topic or pr.topic
            lines.append(f"consideration ({topic}): {one_line(effect.consider.text)}")
        elif isinstance(effect, SeekAdvice):
            advice = effect.seek_advice
            who = f" from {advice.who}" if advice.who else ""
            topic = advice.topic or pr.topic
            lines.append(f"seek advice ({topic}) on {one_line(advice.on).rstrip('.')}{who}")
    return lines


def source_line(source: Source) -> str:
    text = f"{source.id}: {one_line(source.title)}"
    if source.url:
        text += f" — <{source.url}>"
    if source.in_force:
        text += f" ({_window(source.in_force)})"
    if source.unsourced:
        text += f" — **unsourced**: check with {source.ask}"
    return text


def rule_section(pr: PolicyRule, policy: Policy, coverage: Coverage) -> list[str]:
    rule = pr.rule
    lines = [f"### `{rule.id}`", ""]
    if rule.title:
        lines += [f"**{one_line(rule.title)}**", ""]
    scope = "each service" if pr.scope == "service" else "the group"
    lines.append(f"- **When** ({scope}): {describe(rule.when, policy)}")
    if rule.effective:
        lines.append(f"- **In force**: {_window(rule.effective).removeprefix('in force ')}")
    lines.append("- **Then**:")
    lines += [f"  - {line}" for line in effect_lines(pr, policy)]
    lines.append(f"- **Because**: {one_line(rule.because)}")
    lines.append("- **Sources**:")
    lines += [f"  - {source_line(policy.source(s))}" for s in rule.sources]
    covered = coverage.of(rule.id)
    if covered.fired_by:
        lines.append("- **Scenarios** (✓ also checks the rule by name):")
        for title in covered.fired_by:
            lines.append(f"  - {title}{' ✓' if title in covered.checked_by else ''}")
    else:
        lines.append("- **Scenarios**: none fires this rule yet")
    return [*lines, ""]


SCENARIO_DAY = "Scenarios without a date of their own were applied as of "


def _heading(file: str) -> str:
    """A rule file's heading: its name in words (its rules' topics may differ)."""
    return Path(file).stem.replace("_", " ")


def render(policy: Policy, coverage: Coverage, as_of: dt.date) -> str:
    """The whole reference page, grouped by rule file in the policy's order.

    `as_of` is the day the scenarios without a date of their own were applied on: which rules
    fire can depend on it, so the page says it.
    """
    files: dict[str, list[PolicyRule]] = {}
    for pr in policy.rules:
        files.setdefault(pr.file, []).append(pr)
    covered = len(policy.rules) - len(coverage.uncovered)
    lines = [
        "# Rules reference",
        "",
        f"Generated from the rule files and the scenarios in `features/` by `{COMMAND}`",
        "(`make reference`); do not edit it by hand.",
        "",
        f"{len(policy.rules)} rules in {len(files)} files; {covered} are fired by at least one "
        f"of {coverage.scenarios} scenarios.",
        "",
        f"{SCENARIO_DAY}{as_of.isoformat()}.",
        "",
    ]
    for file, rules in files.items():
        lines.append(f"- {_heading(file)}: `{file}` ({len(rules)} rules)")
    lines.append("")
    for file, rules in files.items():
        lines += [f"## {_heading(file)}: `{file}`", ""]
        for pr in rules:
            lines += rule_section(pr, policy, coverage)
    return "\n".join(lines).rstrip() + "\n"
