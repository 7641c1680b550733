"""Which rules made one answer set's recommendation change between two rule sets.

How a change is attributed, from the two recommendations (each option's ranking lists the
rules that counted for it, against it or excluded it, with their weights):

1. The options that moved: the old and new recommended form or route, each option newly
   excluded or no longer excluded, and each option whose score changed.
2. For each, the rules whose part in that option differs between the two rankings (a rule
   that counts for it now and did not, excludes it no longer, or counts with another weight)
   are causes. A consideration added or removed names its rule as a cause too.
3. A rule whose firing differs, or whose definition changed and that fired under either rule
   set, and that derives a fact a cause reads, is a cause as well (the derived fact is how it
   reached the options); and so on up the chain.
4. When nothing above names a rule (the change is only in which rules fired), the rules that
   fire under one rule set only are the causes; a change of `scoring.yaml` weights that moved
   scores is named as a cause of its own.

Each cause says how its definition changed (added, removed, which parts) or that it did not
(then a dated source or a derived fact it reads changed, or the answers reach it differently),
and whether it fires under the old rule set, the new one or both.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict

from formadvisor.advice.changes import GROUP, Changes
from formadvisor.advice.results import RankedOption, Recommendation
from formadvisor.authoring.diff.rulesets import RulesetChanges
from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.effects import Derive
from formadvisor.rules.policy import Policy

SCORING = "scoring.yaml"  # the cause named when only the weights in scoring.yaml moved scores

Firing = Literal["fires now", "no longer fires", "fires under both", "fires under neither"]


class Cause(BaseModel):
    """One rule (or `scoring.yaml`) that made the recommendation change, and how."""

    model_config = ConfigDict(frozen=True)

    rule: str
    edit: str | None  # "added", "removed", "changed: when, then"; None: its data is the same
    firing: Firing
    moved: tuple[str, ...]  # what it changed: "form llp", "route sla for Pharmacy", …
    sources_changed: tuple[str, ...] = ()  # sources it cites whose entry changed


def causes_of(
    before: Recommendation,
    after: Recommendation,
    changes: Changes,
    rules: RulesetChanges,
    old: Policy,
    new: Policy,
) -> tuple[Cause, ...]:
    """The causes of `changes` (from `before` to `after`), in the rule sets' order."""
    moved: dict[str, list[str]] = {}
    for where, option in _moved_options(changes):
        place = _place(where, option)
        for rule in _parts_differ(_ranked(before, where, option), _ranked(after, where, option)):
            moved.setdefault(rule, []).append(place)
    for c in (*changes.considerations_added, *changes.considerations_removed):
        moved.setdefault(c.rule, []).append(f"{c.topic} consideration")
    fired_before = {r.rule for r in before.fired_rules}
    fired_after = {r.rule for r in after.fired_rules}
    edited = {r.rule for r in rules.rules_added + rules.rules_removed}
    edited |= {r.rule for r in rules.rules_changed}
    suspects = (fired_before ^ fired_after) | (edited & (fired_before | fired_after))
    _add_derivers(moved, suspects, old, new)
    if not moved:
        moved = {rule: [] for rule in fired_before ^ fired_after}
    causes = [
        Cause(
            rule=rule,
            edit=rules.how(rule),
            firing=_firing(rule in fired_before, rule in fired_after),
            moved=tuple(dict.fromkeys(moved[rule])),
            sources_changed=_sources_changed(rule, rules, old, new),
        )
        for rule in _in_order(moved, old, new)
    ]
    if rules.scoring and changes.scores:
        places = tuple(_place(s.where, s.option) for s in changes.scores)
        causes.append(
            Cause(
                rule=SCORING,
                edit="changed: " + "; ".join(rules.scoring),
                firing="fires under neither",
                moved=places,
            )
        )
    return tuple(causes)


def _moved_options(changes: Changes) -> list[tuple[str | None, str]]:
    """(where, option) for every option the change moved; where is None for the form."""
    out: list[tuple[str | None, str]] = []
    if changes.form:
        out += [(GROUP, p.option) for p in changes.form if p.option]
    for r in changes.routes:
        out += [(r.service, p.option) for p in (r.before, r.after) if p.option]
    for e in (*changes.newly_excluded, *changes.no_longer_excluded):
        out.append((e.where, e.option))
    out += [(s.where, s.option) for s in changes.scores]
    return list(dict.fromkeys(out))


def _place(where: str | None, option: str) -> str:
    return f"form {option}" if where is GROUP else f"route {option} for {where}"


def _ranked(result: Recommendation, where: str | None, option: str) -> RankedOption | None:
    if where is GROUP:
        ranking = result.organisational_form
    else:
        service = next((s for s in result.services if s.name == where), None)
        if service is None:
            return None
        ranking = service.contract_route
    return next((o for o in ranking.ranking if o.option == option), None)


def _parts_differ(was: RankedOption | None, now: RankedOption | None) -> list[str]:
    """The rules whose part in this option (for, against, excluding; with weight) differs."""
    old, new = _parts(was), _parts(now)
    return [rule for rule in dict.fromkeys([*old, *new]) if old.get(rule) != new.get(rule)]


def _parts(option: RankedOption | None) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    if option is None:
        return out
    for kind, reasons in (
        ("for", option.for_),
        ("against", option.against),
        ("excludes", option.excluded_by),
    ):
        for r in reasons:
            out.setdefault(r.rule, Counter())[(kind, r.weight)] += 1
    return out


def _add_derivers(moved: dict[str, list[str]], suspects: set[str], old: Policy, new: Policy):
    """Add each suspect that derives a fact some cause reads, until no more are found."""
    found = True
    while found:
        found = False
        for rule in sorted(suspects - set(moved)):
            facts = _derived_by(rule, old, new)
            readers = [c for c in list(moved) if facts & _read_by(c, old, new)]
            if readers:
                moved[rule] = [f"{f} read by {c}" for c in readers for f in sorted(facts)]
                found = True


def _read_by(rule: str, old: Policy, new: Policy) -> set[str]:
    return {
        t.ref for p in (old, new) for pr in p.rules if pr.rule.id == rule
        for t in clauses_of(pr.rule.when)
    }  # fmt: skip


def _derived_by(rule: str, old: Policy, new: Policy) -> set[str]:
    return {
        f"fact.{e.derive.fact}" for p in (old, new) for pr in p.rules if pr.rule.id == rule
        for e in pr.rule.then if isinstance(e, Derive)
    }  # fmt: skip


def _firing(before: bool, after: bool) -> Firing:
    if before and after:
        return "fires under both"
    if after:
        return "fires now"
    return "no longer fires" if before else "fires under neither"


def _sources_changed(rule: str, rules: RulesetChanges, old: Policy, new: Policy) -> tuple:
    cited = {s for p in (old, new) for pr in p.rules if pr.rule.id == rule for s in pr.rule.sources}
    return tuple(s for s in rules.sources.changed if s in cited)


def _in_order(moved: dict[str, list[str]], old: Policy, new: Policy) -> list[str]:
    order = [pr.rule.id for pr in (*new.rules, *old.rules)]
    position = {rule: i for i, rule in reversed(list(enumerate(order)))}
    return sorted(moved, key=lambda rule: position.get(rule, len(order)))
