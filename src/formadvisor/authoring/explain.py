"""`rules explain RULE-ID`: one rule, its sources, its scenarios and where it is decisive.

A rule is decisive for an answer set when it fires there and, without it, the recommended
form or some service's route would differ. Answer sets are sampled from the answer space with
a seed and read on the fast plain reading (with and without the rule); each decisive one is
shrunk to a minimal example, then confirmed on durable_rules (an `Advisor` over the policy
and one over the policy without the rule) before it is shown.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import random
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from formadvisor.advice.ranking import Outcome
from formadvisor.advice.screen import Screen
from formadvisor.authoring.coverage import Coverage
from formadvisor.authoring.reference import describe, effect_lines, source_line
from formadvisor.authoring.shrinking import example_json, shrink
from formadvisor.engine.space import AnswerSpace
from formadvisor.rules.models import one_line
from formadvisor.rules.policy import Policy, PolicyRule


class Decisive(BaseModel):
    model_config = ConfigDict(frozen=True)

    answers: dict
    changes: tuple[str, ...]  # e.g. "form: cic_limited_by_guarantee → llp (without the rule)"


class Explanation(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    file: str
    line: int
    title: str | None
    scope: str
    when: str
    then: tuple[str, ...]
    because: str
    sources: tuple[str, ...]
    unsourced: tuple[str, ...]  # caveats: who to ask
    scenarios: tuple[str, ...] | None  # None: coverage not known
    checked_by: tuple[str, ...] = ()
    samples: int
    seed: int
    fired_in: int  # sampled answer sets where the rule fired
    decisive_in: int
    decisive: tuple[Decisive, ...]


def close_matches(policy: Policy, rule_id: str) -> list[str]:
    ids = [pr.rule.id for pr in policy.rules]
    return difflib.get_close_matches(rule_id, ids, n=3, cutoff=0.6)


def read_coverage(path: Path) -> Coverage:
    """A coverage saved by `rules coverage --json` (its computed `uncovered` is dropped)."""
    data = json.loads(path.read_text())
    data.pop("uncovered", None)
    return Coverage.model_validate(data)


def explain(
    policy: Policy,
    rule_id: str,
    coverage: Coverage | None,
    as_of: dt.date,
    samples: int = 3000,
    seed: int = 0,
    limit: int = 3,
    max_services: int = 2,
) -> Explanation:
    pr = next(p for p in policy.rules if p.rule.id == rule_id)
    sources = [policy.source(s) for s in pr.rule.sources]
    fired_in, decisive_in, found = _decisive(policy, pr, as_of, samples, seed, limit, max_services)
    covered = coverage.of(rule_id) if coverage is not None else None
    return Explanation(
        rule=rule_id,
        file=pr.file,
        line=pr.line,
        title=pr.rule.title,
        scope="each service" if pr.scope == "service" else "the group",
        when=describe(pr.rule.when, policy),
        then=tuple(effect_lines(pr, policy)),
        because=one_line(pr.rule.because),
        sources=tuple(source_line(s) for s in sources),
        unsourced=tuple(
            f"{s.id}: not confirmed by a public source; check with {s.ask}"
            for s in sources
            if s.unsourced
        ),
        scenarios=covered.fired_by if covered else None,
        checked_by=covered.checked_by if covered else (),
        samples=samples,
        seed=seed,
        fired_in=fired_in,
        decisive_in=decisive_in,
        decisive=tuple(found),
    )


def _decisive(policy, pr: PolicyRule, as_of, samples, seed, limit, max_services):
    rid = pr.rule.id
    space = AnswerSpace(policy, max_services)
    with_rule, without = Screen(policy, as_of), Screen(policy, as_of, without=rid)

    def still(doc: dict) -> bool:
        a = with_rule.outcome(doc)
        return rid in a.fired and _changes(a, without.outcome(doc), doc) != ()

    rng = random.Random(seed)
    fired_in = decisive_in = 0
    candidates: dict[tuple, dict] = {}
    for _ in range(samples):
        doc = space.sample(rng)
        a = with_rule.outcome(doc)
        if rid not in a.fired:
            continue
        fired_in += 1
        if not _changes(a, without.outcome(doc), doc):
            continue
        decisive_in += 1
        if len(candidates) < limit * 3:
            small = shrink(policy, doc, still)
            key = _changes(with_rule.outcome(small), without.outcome(small), small)
            candidates.setdefault(key, small)
    return fired_in, decisive_in, _confirm(policy, rid, candidates, as_of, limit)


def _changes(a: Outcome, b: Outcome, doc: dict) -> tuple[str, ...]:
    out = []
    if a.form != b.form:
        out.append(f"form: {_name(a.form)} → {_name(b.form)} without the rule")
    for s, ra, rb in zip(doc["services"], a.routes, b.routes, strict=True):
        if ra != rb:
            out.append(f"route for {s['name']}: {_name(ra)} → {_name(rb)} without the rule")
    return tuple(out)


def _name(option: str | None) -> str:
    return option or "nothing eligible"


def _confirm(policy: Policy, rid: str, candidates: dict, as_of, limit) -> list[Decisive]:
    """Keep the examples durable_rules agrees with, with the changes it shows."""
    if not candidates:
        return []
    from formadvisor.advice.advisor import Advisor

    without = policy.model_copy(
        update={"rules": tuple(p for p in policy.rules if p.rule.id != rid)}
    )
    a, b = Advisor(policy), Advisor(without)
    out = []
    try:
        for doc in candidates.values():
            ra = a.recommend(doc, as_of=as_of, what_if=False)
            rb = b.recommend(doc, as_of=as_of, what_if=False)
            changes = []
            if ra.organisational_form.recommended != rb.organisational_form.recommended:
                changes.append(
                    f"form: {_name(ra.organisational_form.recommended)} → "
                    f"{_name(rb.organisational_form.recommended)} without the rule"
                )
            for sa, sb in zip(ra.services, rb.services, strict=True):
                if sa.contract_route.recommended != sb.contract_route.recommended:
                    changes.append(
                        f"route for {sa.name}: {_name(sa.contract_route.recommended)} → "
                        f"{_name(sb.contract_route.recommended)} without the rule"
                    )
            fired = any(r.rule == rid for r in ra.fired_rules)
            if changes and fired:
                out.append(Decisive(answers=doc, changes=tuple(changes)))
            if len(out) >= limit:
                break
    finally:
        a.close()
        b.close()
    return out


def explanation_lines(e: Explanation) -> list[str]:
    lines = [f"{e.rule}  ({e.file}:{e.line})"]
    if e.title:
        lines.append(f"  {e.title}")
    lines += ["", f"When ({e.scope}): {e.when}", "Then:"]
    lines += [f"  - {t}" for t in e.then]
    lines += [f"Because: {e.because}", "Sources:"]
    lines += [f"  - {s}" for s in e.sources]
    lines += [f"  ! {u}" for u in e.unsourced]
    if e.scenarios is None:
        lines.append("Scenarios: not run")
    elif e.scenarios:
        lines.append("Scenarios that fire it (* also check it by name):")
        lines += [f"  {'*' if t in e.checked_by else '-'} {t}" for t in e.scenarios]
    else:
        lines.append("Scenarios: none fires this rule")
    lines.append(
        f"Decisive: it fired in {e.fired_in:,} of {e.samples:,} sampled answer sets (seed "
        f"{e.seed}) and changed the recommendation in {e.decisive_in:,}."
    )
    for i, d in enumerate(e.decisive, 1):
        lines.append(f"  Example {i}: {example_json(d.answers)}")
        lines += [f"    {c}" for c in d.changes]
    return lines
