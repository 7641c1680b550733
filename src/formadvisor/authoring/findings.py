"""The gap search's findings as problems for `rules check`.

Each distinct gap is shrunk to a minimal example (`shrinking`), then confirmed on durable_rules
through `Advisor`: what an adviser is shown is what the engine does. Options the search never
saw recommended are an error when the search was exhaustive, else a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.results import Ranking
from formadvisor.advice.screen import Screen
from formadvisor.authoring.search import SearchReport, gaps_in
from formadvisor.authoring.shrinking import example_json, shrink
from formadvisor.rules.loading import Problem, RawPolicy
from formadvisor.rules.policy import Policy

FINDINGS_PER_KIND = 5  # distinct gaps of each kind shrunk, confirmed and reported


def gap_problems(
    policy: Policy, raw: RawPolicy, report: SearchReport, as_of: dt.date, advisor: Advisor
) -> list[Problem]:
    """Shrink, confirm on durable_rules (`advisor`) and word each distinct gap found."""
    reading = Screen(policy, as_of)
    where = {pr.rule.id: pr for pr in policy.rules}
    order = {pr.rule.id: i for i, pr in enumerate(policy.rules)}
    out, done = [], set()
    shown = {False: 0, True: 0}
    for gap in sorted(report.gaps, key=lambda g: (g.service is not None, -g.count)):
        kind = gap.service is not None
        if shown[kind] >= FINDINGS_PER_KIND:
            continue
        still = _still(reading, gap.service)
        doc = shrink(policy, gap.doc, still)
        small = next(
            gaps_in(doc, reading.outcome(doc))
            if gap.service is None
            else (g for g in gaps_in(doc, reading.outcome(doc)) if g.service == gap.service)
        )
        if small.key() in done:
            continue
        done.add(small.key())
        shown[kind] += 1
        rule = where[max(small.excluded_by, key=order.__getitem__)] if small.excluded_by else None
        file, line, rid = (
            (rule.file, rule.line, rule.rule.id) if rule else (raw.options.name, 1, "")
        )
        confirmed = _confirmed(advisor, doc, gap.service, as_of)
        by = ", ".join(small.excluded_by)
        seen = f"(seen in {gap.count:,} of {report.searched:,} answer sets searched)"
        if not confirmed:
            message = (
                "the engine and the plain reading disagree about a gap (the plain reading "
                f"finds one, durable_rules does not) for the answers {example_json(doc)}"
            )
        elif gap.service is None:
            message = (
                f"no form can be recommended: every form is excluded (by {by}) for the answers "
                f"{example_json(doc)} {seen}"
            )
        else:
            message = (
                f"service '{gap.service}' gets no contract route: every route is excluded "
                f"(by {by}) for the answers {example_json(doc)} {seen}"
            )
        out.append(Problem(file, line, rid, message))
    return out


def _still(reading: Screen, service: str | None) -> Callable[[dict], bool]:
    def still(doc: dict) -> bool:
        outcome = reading.outcome(doc)
        if service is None:
            return outcome.form_gap
        names = [s["name"] for s in doc["services"]]
        return service in names and outcome.route_gap(names.index(service))

    return still


def _confirmed(advisor: Advisor, doc: dict, service: str | None, as_of: dt.date) -> bool:
    result = advisor.recommend(doc, as_of=as_of, what_if=False)

    def gap(ranking: Ranking) -> bool:
        return ranking.recommended is None and not ranking.decision.undetermined

    if service is None:
        return gap(result.organisational_form)
    return any(s.name == service and gap(s.contract_route) for s in result.services)


def never_recommended(policy: Policy, raw: RawPolicy, report: SearchReport) -> list[Problem]:
    """Options the search never saw recommended: an error if the search was exhaustive, else a
    warning (a sample is evidence, not proof)."""
    out = []
    doc = raw.options.doc
    how = (
        "in the whole answer space"
        if report.exhaustive
        else f"in {report.searched:,} sampled answer sets (seed {report.seed})"
    )
    for key, ids, seen in (
        ("forms", policy.form_ids, report.forms_seen),
        ("routes", policy.route_ids, report.routes_seen),
    ):
        for i, oid in enumerate(ids):
            if oid not in seen:
                where = " for any service" if key == "routes" else ""
                out.append(
                    Problem(
                        raw.options.name,
                        doc.line_of((key, i)),
                        "",
                        f"{key[:-1]} '{oid}' was never recommended{where} {how}: the rules "
                        "favouring it never outweigh the others, or exclusions always remove it",
                        warning=not report.exhaustive,
                    )
                )
    return out
