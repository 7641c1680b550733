"""Static lint over a loaded policy: what `rules check` finds without trying answer sets.

- **A condition that can never hold.** Every alternative (conjunct) of the rule's normal form
  (`conditions.to_dnf` of `plan.effective_condition`) is impossible: either it tests one answer
  in ways no single answer meets (`nation: wales` and `nation: england`; `< 3` and `> 5`;
  contains X and does not contain X), or it needs an answer to a question that is never asked
  under it (a question with `ask_when` has no answer when it is not asked, whatever its default;
  an unanswered optional question asked takes its `default`, so it is present).
- **A shadowed rule.** Rule R is shadowed by rule S when (1) R implies S: each alternative of
  R's normal form contains every test of some alternative of S's, so S holds whenever R does,
  in R's evaluation (S reads the group, or the same service); and (2) every effect of R is void
  given S: it scores or excludes only options S excludes, or S has that very effect (a repeated
  favour is counted twice, which is never what an adviser means). R adds nothing but noise.
- **An option no rule can ever recommend.** No rule favours it, so it scores at most 0, and an
  option before it in `options.yaml` is never excluded or disfavoured, so scores at least 0 and
  wins every tie.
- **Sources.** A source with neither `url` nor `unsourced: true`; a source past its
  `review_by` date (a warning: it is time-driven); a source nothing cites (a warning).
- **A rule out of force.** Its window (or a source's) ended on or before the day checked (a
  warning: it only applies to assessments as of an earlier day).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from formadvisor.authoring.reference import describe
from formadvisor.engine.reading import holds
from formadvisor.rules.conditions import Clause, Condition, Literal_, NotOf, Scalar, to_dnf
from formadvisor.rules.contract import AS_OF, SERVICE_COUNT
from formadvisor.rules.effects import Derive, Disfavour, Exclude, Favour
from formadvisor.rules.loading import Problem, RawPolicy
from formadvisor.rules.models import Question
from formadvisor.rules.policy import Policy, PolicyRule, effective_condition

MAX_CONJUNCTS = 256  # a normal form larger than this is not searched for shadowing
MAX_SUBSET_VALUES = 10  # list answers with more values are tried on singletons only


def lint_policy(policy: Policy, raw: RawPolicy, as_of: dt.date) -> list[Problem]:
    """Every static lint problem (errors and warnings) of a loaded policy."""
    dnfs = {pr.rule.id: normal_form(policy, pr) for pr in policy.rules}
    out: list[Problem] = []
    for pr in policy.rules:
        message = never_holds(policy, dnfs[pr.rule.id])
        if message:
            out.append(Problem(pr.file, pr.line, pr.rule.id, message))
        ended = _ended(policy, pr, as_of)
        if ended:
            out.append(Problem(pr.file, pr.line, pr.rule.id, ended, warning=True))
    out += shadowed(policy, dnfs)
    out += unrecommendable(policy, raw)
    out += source_problems(policy, raw, as_of)
    return sorted(out)


def normal_form(policy: Policy, pr: PolicyRule) -> list[tuple[Literal_, ...]]:
    lists = frozenset(ref for ref, info in policy.refs.items() if info.is_list)
    return to_dnf(effective_condition(pr, policy), lists)


# --- conditions that can never hold -------------------------------------------------------------


def question_of(policy: Policy, ref: str) -> Question | None:
    q = policy.questionnaire
    if ref.startswith("service."):
        return next((x for x in q.service_questions if "service." + x.id == ref), None)
    return next((x for x in q.questions if x.id == ref), None)


def literal_holds(lit: Literal_, values: tuple) -> bool:
    """One literal of the normal form on one reference's values (the engine's reading)."""
    kind = lit.test[0]
    if kind == "any":
        found = bool(values)
    elif kind == "eq":
        found = lit.test[1] in values
    elif kind == "in":
        found = any(x in lit.test[1] for x in values)
    else:
        found = any(_COMPARE[kind](x, lit.test[1]) for x in values)
    return found == lit.positive


_COMPARE = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def candidates(policy: Policy, ref: str, lits: Iterable[Literal_]) -> list[tuple]:
    """Every distinct value a reference can take, as far as these literals can tell apart."""
    info = policy.refs.get(ref)
    q = question_of(policy, ref)
    absent = q is None or q.ask_when is not None or (not q.required and q.default in (None, ()))
    if ref == SERVICE_COUNT:
        absent = False
    out: list[tuple] = [()] if absent else []
    kind = info.type if info else "integer"
    if info is not None and (info.is_list or info.derived):
        values = list(info.values) or [True, False]
        subsets: Iterable[tuple[Scalar, ...]]
        if len(values) <= MAX_SUBSET_VALUES:
            subsets = itertools.chain.from_iterable(
                itertools.combinations(values, k) for k in range(1, len(values) + 1)
            )
        else:
            subsets = [(v,) for v in values] + [tuple(values)]
        least = q.min_items if q is not None else 0
        if least == 0 and () not in out:
            out.append(())
        return out + [tuple(s) for s in subsets if len(s) >= least]
    if kind == "choice" and info is not None:
        return out + [(v,) for v in info.values]
    if kind == "boolean":
        return [*out, (True,), (False,)]
    low, high = (q.minimum, q.maximum) if q is not None else (None, None)
    if ref == SERVICE_COUNT:
        low, high = 0, 50
    points = {
        p
        for lit in lits
        if lit.test[0] in _COMPARE or lit.test[0] == "eq"
        for p in _near(lit.test[1])
    }
    for lit in lits:
        if lit.test[0] == "in":
            points.update(v for v in lit.test[1] if isinstance(v, int))
    points.update(p for p in (low, high) if p is not None)
    keep = sorted(p for p in points if (low is None or p >= low) and (high is None or p <= high))
    return out + [(p,) for p in keep]


def _near(value: object) -> list:
    return [value - 1, value, value + 1] if isinstance(value, int) else []


def never_holds(policy: Policy, dnf: list[tuple[Literal_, ...]]) -> str | None:
    """Why no answer set meets any alternative of the condition, or None if one may."""
    reasons = [_impossible(policy, conj) for conj in dnf]
    if not dnf or any(r is None for r in reasons):
        return None
    first = reasons[0]
    if len(dnf) == 1:
        return f"the condition can never hold: {first}"
    return f"the condition can never hold: none of its {len(dnf)} alternatives can (first: {first})"


def _impossible(policy: Policy, conj: tuple[Literal_, ...]) -> str | None:
    by_ref: dict[str, list[Literal_]] = {}
    for lit in conj:
        by_ref.setdefault(lit.ref, []).append(lit)
    allowed: dict[str, list[tuple]] = {}
    for ref, lits in by_ref.items():
        allowed[ref] = [
            c for c in candidates(policy, ref, lits) if all(literal_holds(x, c) for x in lits)
        ]
        if not allowed[ref]:
            return "no answer meets " + " and ".join(literal_words(x, policy) for x in lits)
    for ref in by_ref:
        q = question_of(policy, ref)
        if q is None or q.ask_when is None or () in allowed[ref]:
            continue
        if not _askable(policy, q.ask_when, by_ref):
            asked = describe(q.ask_when, policy)
            return (
                f"it needs an answer to `{ref}`, which is only asked when {asked}, "
                f"and it also requires "
                + " and ".join(
                    literal_words(x, policy) for r in _refs(q.ask_when) for x in by_ref.get(r, [])
                )
            )
    return None


def _refs(node: Condition) -> list[str]:
    from formadvisor.rules.conditions import clauses_of

    return sorted({t.ref for t in clauses_of(node)})


def _askable(policy: Policy, ask_when: Condition, by_ref: dict[str, list[Literal_]]) -> bool:
    """Whether some values of the references `ask_when` reads meet both it and the conjunct."""
    refs = _refs(ask_when)
    options = [
        [
            c
            for c in candidates(policy, r, by_ref.get(r, []))
            if all(literal_holds(x, c) for x in by_ref.get(r, []))
        ]
        for r in refs
    ]
    for combo in itertools.product(*options):
        facts = {r: v for r, v in zip(refs, combo, strict=True) if v}
        if holds(ask_when, facts):
            return True
    return False


def literal_words(lit: Literal_, policy: Policy) -> str:
    """One literal in words (dates for the day a rule is applied)."""
    kind = lit.test[0]
    if lit.ref == AS_OF:
        day = dt.date.fromordinal(lit.test[1]).isoformat()
        word = {"gte": "on or after", "lt": "before"}.get(kind, kind)
        return f"the day is {'' if lit.positive else 'not '}{word} {day}"
    if kind == "any":
        clause = Clause(ref=lit.ref, op="answered", value=lit.positive)
        return describe(clause, policy)
    listed = policy.refs[lit.ref].is_list if lit.ref in policy.refs else False
    op = {"eq": "is", "in": "contains_any" if listed else "in"}.get(kind, kind)
    clause = Clause(ref=lit.ref, op=op, value=lit.test[1])
    return describe(clause if lit.positive else NotOf(item=clause), policy)


def _ended(policy: Policy, pr: PolicyRule, as_of: dt.date) -> str | None:
    windows = [("its `effective` window", pr.rule.effective)]
    windows += [(f"source {s}", policy.source(s).in_force) for s in pr.rule.sources]
    for what, w in windows:
        if w is not None and w.end is not None and w.end <= as_of:
            return (
                f"not in force on {as_of.isoformat()}: {what} ended on {w.end.isoformat()} "
                "(it applies only to assessments as of an earlier day)"
            )
    return None


# --- shadowed rules ------------------------------------------------------------------------------


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


# --- options no rule can recommend ---------------------------------------------------------------


def unrecommendable(policy: Policy, raw: RawPolicy) -> list[Problem]:
    """Options that can never come first (see the module's definition)."""
    favoured: set[str] = set()
    demoted: set[str] = set()
    for pr in policy.rules:
        for e in pr.rule.then:
            if isinstance(e, Favour):
                favoured.update(e.favour.options)
            elif isinstance(e, Disfavour):
                demoted.update(e.disfavour.options)
            elif isinstance(e, Exclude):
                demoted.update(e.exclude)
    out = []
    doc = raw.options.doc
    for key, ids in (("forms", policy.form_ids), ("routes", policy.route_ids)):
        for i, oid in enumerate(ids):
            if oid in favoured:
                continue
            winner = next((p for p in ids[:i] if p not in demoted), None)
            if winner is not None:
                out.append(
                    Problem(
                        raw.options.name,
                        doc.line_of((key, i)),
                        "",
                        f"{key[:-1]} '{oid}' can never be recommended: no rule favours it, and "
                        f"'{winner}', before it in options.yaml, is never excluded or "
                        "disfavoured, so it always ranks above it",
                    )
                )
    return out


# --- sources -------------------------------------------------------------------------------------


def source_problems(policy: Policy, raw: RawPolicy, as_of: dt.date) -> list[Problem]:
    cited = {s for pr in policy.rules for s in pr.rule.sources}
    cited |= {
        f.source for o in (*policy.options.forms, *policy.options.routes) for f in o.key_facts
    }
    out = []
    f = raw.sources
    for i, s in enumerate(policy.sources.sources):
        line = f.doc.line_of(("sources", i))
        if not s.url and not s.unsourced:
            out.append(
                Problem(
                    f.name,
                    line,
                    "",
                    f"source '{s.id}' has no url: give its address, or mark it `unsourced: true` "
                    "with who to `ask`",
                )
            )
        if s.review_by is not None and s.review_by < as_of:
            out.append(
                Problem(
                    f.name,
                    f.doc.line_of(("sources", i, "review_by")),
                    "",
                    f"source '{s.id}' was due for review by {s.review_by.isoformat()}: check it "
                    "and set a new review_by",
                    warning=True,
                )
            )
        if s.id not in cited:
            out.append(
                Problem(
                    f.name, line, "", f"source '{s.id}' is cited by no rule or option", warning=True
                )
            )
    return out
