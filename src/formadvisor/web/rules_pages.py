"""The rules in the web app, for advisers: by topic, one rule per page, and the reload status.

`/rules` lists every rule of the ruleset being served, grouped by topic: its condition in
words (as in the rules reference), its effects with their weights, why, its sources and the
scenarios that fire it. `/rules/{id}` is one rule. `/rules/status` says which rules are being
served and, when the last edit of the rules folder was rejected, every problem with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from formadvisor.authoring.reference import describe, effect_lines
from formadvisor.rules.models import Source, one_line
from formadvisor.rules.policy import Policy, PolicyRule
from formadvisor.web.covering import Covered
from formadvisor.web.pages import render
from formadvisor.web.serving import advisor_of

router = APIRouter(include_in_schema=False)
_CODE = re.compile(r"`([^`]+)`")


def words(text: str) -> Markup:
    """The rules reference's Markdown-ish words as HTML: `ref` becomes <code>ref</code>."""
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text))))


@dataclass(frozen=True)
class RuleView:
    id: str
    title: str | None
    file: str
    line: int
    scope: str
    when: Markup
    then: list[Markup]
    because: str
    sources: list[Source]
    in_force: str | None
    scenarios: tuple[str, ...] | None  # None: not known (being worked out, off or failed)


@dataclass(frozen=True)
class TopicView:
    id: str
    label: str
    rules: list[RuleView]


def rule_view(pr: PolicyRule, policy: Policy, covered: Covered) -> RuleView:
    rule = pr.rule
    window = rule.effective
    in_force = None
    if window and (window.start or window.end):
        parts = [f"from {window.start:%-d %B %Y}"] if window.start else []
        parts += [f"until {window.end:%-d %B %Y}"] if window.end else []
        in_force = " ".join(parts)
    scenarios = None
    if covered.coverage is not None:
        known = {r.rule: r for r in covered.coverage.rules}
        scenarios = known[rule.id].fired_by if rule.id in known else ()
    return RuleView(
        id=rule.id,
        title=rule.title,
        file=pr.file,
        line=pr.line,
        scope="each service" if pr.scope == "service" else "the group",
        when=words(describe(rule.when, policy)),
        then=[words(line) for line in effect_lines(pr, policy)],
        because=one_line(rule.because),
        sources=[policy.source(s) for s in rule.sources],
        in_force=in_force,
        scenarios=scenarios,
    )


def topics(policy: Policy, covered: Covered) -> list[TopicView]:
    """The rules by topic, in options.yaml's order of topics, then any others, then none."""
    labels = {t.id: t.label for t in policy.options.topics}
    grouped: dict[str, list[RuleView]] = {}
    for pr in policy.rules:
        grouped.setdefault(pr.topic or "", []).append(rule_view(pr, policy, covered))
    order = [t for t in labels if t in grouped]
    order += sorted(t for t in grouped if t not in labels and t)
    order += [""] if "" in grouped else []
    return [
        TopicView(
            t or "other", labels.get(t, t.replace("_", " ").capitalize() or "Other"), grouped[t]
        )
        for t in order
    ]


def _served(request: Request) -> dict:
    live = request.app.state.live
    advisor = advisor_of(request)
    served = live.current if live.current.advisor is advisor else None
    return {
        "version": advisor.policy.version,
        "release": advisor.policy.release,
        "loaded_at": served.loaded_at if served else None,
        "rejected": live.rejected,
        "reload_on": request.app.state.settings.reload_interval > 0,
    }


@router.get("/rules")
def rules_page(request: Request) -> Response:
    policy = advisor_of(request).policy
    covered = request.app.state.scenarios.of(policy.version)
    context = {
        "title": "Rules",
        "topics": topics(policy, covered),
        "covered": covered,
        "count": len(policy.rules),
        **_served(request),
    }
    return render(request, "rules.html", context)


@router.get("/rules/status")
def status_page(request: Request) -> Response:
    context = _served(request)
    title = "Rules in use"
    errors = []
    if context["rejected"]:
        title = "The last edit of the rules was rejected"
        errors = [
            {"text": f"{p.file}:{p.line}: {p.rule or '-'}: {p.message}", "href": f"#problem-{i}"}
            for i, p in enumerate(context["rejected"].problems, 1)
        ]
    return render(request, "rules_status.html", {"title": title, "errors": errors, **context})


@router.get("/rules/{rule_id}")
def rule_page(request: Request, rule_id: str) -> Response:
    policy = advisor_of(request).policy
    pr = next((p for p in policy.rules if p.rule.id == rule_id), None)
    if pr is None:
        raise HTTPException(404)
    covered = request.app.state.scenarios.of(policy.version)
    labels = {t.id: t.label for t in policy.options.topics}
    context = {
        "title": pr.rule.title or pr.rule.id,
        "rule": rule_view(pr, policy, covered),
        "topic": labels.get(pr.topic or "", pr.topic or "Other"),
        "topic_id": pr.topic or "other",
        "covered": covered,
        "back": "/rules#topic-" + (pr.topic or "other"),
        **_served(request),
    }
    return render(request, "rule.html", context)
