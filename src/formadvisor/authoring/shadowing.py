"""Shadowed rules: a rule that adds nothing because another always holds with it.

Rule R is shadowed by rule S when (1) R implies S: each alternative of R's normal form contains
every test of some alternative of S's, so S holds whenever R does, in R's evaluation (S reads
the group, or the same service); and (2) every effect of R is void given S: it scores or
excludes only options S excludes, or S has that very effect (a repeated favour is counted
twice, which is never what an adviser means).
"""

from __future__ import annotations

from formadvisor.rules.effects import Derive, Disfavour, Exclude, Favour
from formadvisor.rules.loading import Problem
from formadvisor.rules.policy import Policy, PolicyRule

MAX_CONJUNCTS = 256  # a normal form larger than this is not searched for shadowing


def shadowed(policy: Policy, dnfs: dict[str, list]) -> list[Problem]:
    """Each rule shadowed by another (see the module's definition), naming the other."""
    out = []
    order = {pr.rule.id: i for i, pr in enumerate(policy.rules)}
    for r in policy.rules:
        for s in policy.rules:
            if s is r or not _shadows(policy, s, r, dnfs):
                continue
            if _shadows(policy, r, s, dnfs) and order[s.rule.id] > order[r.rule.id]:
                continue  # the same rule twice: report the later one only
            out.append(
                Problem(
                    r.file,
                    r.line,
                    r.rule.id,
                    f"shadowed by {s.rule.id} ({s.file}:{s.line}): whenever this rule holds, "
                    f"{s.rule.id} holds too, and {_void_reason(s, r)}; remove this rule or "
                    "narrow it",
                )
            )
            break
    return out


def _shadows(policy: Policy, s: PolicyRule, r: PolicyRule, dnfs: dict[str, list]) -> bool:
    if s.scope != r.scope and s.scope != "organisation":
        return False
    r_dnf, s_dnf = dnfs[r.rule.id], dnfs[s.rule.id]
    if not r_dnf or not s_dnf or len(r_dnf) * len(s_dnf) > MAX_CONJUNCTS**2:
        return False
    s_sets = [frozenset(c) for c in s_dnf]
    if not all(any(sc <= frozenset(rc) for sc in s_sets) for rc in r_dnf):
        return False
    excluded = _excluded(s)
    for effect in r.rule.then:
        if isinstance(effect, Favour | Disfavour | Exclude) and set(_options(effect)) <= excluded:
            continue
        if effect in s.rule.then and (not isinstance(effect, Derive) or s.scope == r.scope):
            continue
        return False
    return True


def _options(effect) -> tuple[str, ...]:
    if isinstance(effect, Exclude):
        return effect.exclude
    return (effect.favour if isinstance(effect, Favour) else effect.disfavour).options


def _excluded(pr: PolicyRule) -> set[str]:
    return {o for e in pr.rule.then if isinstance(e, Exclude) for o in e.exclude}


def _void_reason(s: PolicyRule, r: PolicyRule) -> str:
    excluded = _excluded(s)
    named = sorted(
        {
            o
            for e in r.rule.then
            if isinstance(e, Favour | Disfavour | Exclude)
            for o in _options(e)
            if o in excluded
        }
    )
    repeated = [
        e for e in r.rule.then if e in s.rule.then and not set(_options_or_none(e)) <= excluded
    ]
    parts = []
    if named:
        parts.append(f"it excludes {', '.join(named)}")
    if repeated:
        parts.append("it has the same effects (a repeated favour counts twice)")
    return " and ".join(parts)


def _options_or_none(effect) -> tuple[str, ...]:
    return _options(effect) if isinstance(effect, Favour | Disfavour | Exclude) else ()
