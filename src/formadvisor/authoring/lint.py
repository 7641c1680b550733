"""Static lint over a loaded policy: what `rules check` finds without trying answer sets.

- **A condition that can never hold** (`impossible`): no answer set meets any alternative of
  the rule's normal form (`conditions.to_dnf` of `policy.effective_condition`).
- **A shadowed rule** (`shadowing`): whenever it holds, another rule holds too and makes each
  of its effects void. It adds nothing but noise.
- **An option no rule can ever recommend.** No rule favours it, so it scores at most 0, and an
  option before it in `options.yaml` is never excluded or disfavoured, so scores at least 0 and
  wins every tie.
- **Sources.** A source with neither `url` nor `unsourced: true`; a source past its
  `review_by` date (a warning: it is time-driven); a source nothing cites (a warning).
- **A rule out of force.** Its window (or a source's) ended on or before the day checked (a
  warning: it only applies to assessments as of an earlier day).
- **The action plan** (`plan_lint`): a step or warning whose condition can never hold, or that
  is out of force, as for a rule.
"""

from __future__ import annotations

import datetime as dt

from formadvisor.authoring.impossible import never_holds
from formadvisor.authoring.plan_lint import plan_citations, plan_lint
from formadvisor.authoring.shadowing import shadowed
from formadvisor.rules.conditions import Literal_, to_dnf
from formadvisor.rules.effects import Disfavour, Exclude, Favour
from formadvisor.rules.loading import Problem, RawPolicy
from formadvisor.rules.policy import Policy, PolicyRule, effective_condition


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
    out += plan_lint(policy, raw, as_of)
    return sorted(out)


def normal_form(policy: Policy, pr: PolicyRule) -> list[tuple[Literal_, ...]]:
    lists = frozenset(ref for ref, info in policy.refs.items() if info.is_list)
    return to_dnf(effective_condition(pr, policy), lists)


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
    cited |= plan_citations(policy)
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
