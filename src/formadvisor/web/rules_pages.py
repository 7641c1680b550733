"""The rules in the web app, for advisers: one page per topic, one per rule, a search, and
the reload status.

`/rules` lists the topics of the ruleset being served and searches its rules (`?q=`, on the
server: it works without JavaScript). `/rules/topics/{topic}` shows a topic's rules: each one's
condition in the questions' own words (`rule_words`), its effects with their weights, why, its
sources and the scenarios that fire it. `/rules/{id}` is one rule. `/rules/status` says which
rules are being served and, when the last edit of the rules folder was rejected, every problem
with it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from formadvisor.rules.models import Source
from formadvisor.rules.policy import Policy, PolicyRule
from formadvisor.web.covering import Covered
from formadvisor.web.pages import render
from formadvisor.web.rule_words import because, condition, effects, matches, searchable
from formadvisor.web.serving import advisor_of

router = APIRouter(include_in_schema=False)
_CODE = re.compile(r"`([^`]+)`")


def words(text: str, labels: dict[str, str] | None = None) -> Markup:
    """The rules reference's Markdown-ish words as HTML: `ref` becomes <code>ref</code>, or
    the option's label when it names an option (`labels`)."""
    labels = labels or {}

    def shown(m: re.Match) -> str:
        return f"<strong>{labels[m[1]]}</strong>" if m[1] in labels else f"<code>{m[1]}</code>"

    return Markup(_CODE.sub(shown, str(escape(text))))


@dataclass(frozen=True)
class RuleView:
    id: str
    title: str | None
    file: str
    line: int
    scope: str  # "organisation" or "service"
    when: dict  # the condition in the questions' words (see rule_words.condition)
    then: list[dict]  # what it does (see rule_words.effects), its texts' `refs` as <code>
    because: list[dict]  # the reason, its placeholders in words (see rule_words.because)
    sources: list[Source]
    in_force: tuple[dt.date | None, dt.date | None] | None  # (from, until)
    scenarios: tuple[str, ...] | None  # None: not known (being worked out, off or failed)


@dataclass(frozen=True)
class TopicView:
    id: str
    label: str | None  # None: the rules of no topic (the template says "Other")
    rules: list[RuleView]


def _option_labels(policy: Policy) -> dict[str, str]:
    return {o.id: str(escape(o.label)) for o in (*policy.options.forms, *policy.options.routes)}


def _coded(effect: dict, labels: dict[str, str]) -> dict:
    """An effect with its texts' `refs` in words (a consideration's, advice's): see `words`."""
    return {k: words(v, labels) if k in ("text", "on") else v for k, v in effect.items()}


def rule_view(pr: PolicyRule, policy: Policy, covered: Covered) -> RuleView:
    rule = pr.rule
    window = rule.effective
    in_force = (window.start, window.end) if window and (window.start or window.end) else None
    scenarios = None
    if covered.coverage is not None:
        known = {r.rule: r for r in covered.coverage.rules}
        scenarios = known[rule.id].fired_by if rule.id in known else ()
    return RuleView(
        id=rule.id,
        title=rule.title,
        file=pr.file,
        line=pr.line,
        scope=pr.scope,
        when=condition(rule.when, policy),
        then=[_coded(e, _option_labels(policy)) for e in effects(pr, policy)],
        because=because(pr, policy),
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
        TopicView(t or "other", labels.get(t, t.replace("_", " ").capitalize() or None), grouped[t])
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
def rules_page(request: Request, q: str = "") -> Response:
    """The topics, and the rules whose words hold every word of the search `q`."""
    policy = advisor_of(request).policy
    covered = request.app.state.scenarios.of(policy.version)
    query = " ".join(q.split())[:100]
    found = []
    if query:
        found = [
            (t, r)
            for t in topics(policy, covered)
            for r, pr in zip(t.rules, _rules_of(policy, t.id), strict=True)
            if matches(query, searchable(pr, policy, t.label or ""))
        ]
    context = {
        "topics": topics(policy, covered),
        "covered": covered,
        "count": len(policy.rules),
        "query": query,
        "found": found,
        **_served(request),
    }
    return render(request, "rules.html", context)


def _rules_of(policy: Policy, topic_id: str) -> list[PolicyRule]:
    return [pr for pr in policy.rules if (pr.topic or "other") == topic_id]


@router.get("/rules/topics/{topic_id}")
def topic_page(request: Request, topic_id: str) -> Response:
    """One topic's rules, each in full."""
    policy = advisor_of(request).policy
    covered = request.app.state.scenarios.of(policy.version)
    topic = next((t for t in topics(policy, covered) if t.id == topic_id), None)
    if topic is None:
        raise HTTPException(404)
    context = {
        "topic": topic,
        "covered": covered,
        "back": "/rules",
        **_served(request),
    }
    return render(request, "rules_topic.html", context)


@router.get("/rules/status")
def status_page(request: Request) -> Response:
    context = _served(request)
    errors = []
    if context["rejected"]:
        errors = [
            {"text": f"{p.file}:{p.line}: {p.rule or '-'}: {p.message}", "href": f"#problem-{i}"}
            for i, p in enumerate(context["rejected"].problems, 1)
        ]
    return render(request, "rules_status.html", {"errors": errors, **context})


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
        "topic": labels.get(pr.topic or "", pr.topic),
        "topic_id": pr.topic or "other",
        "covered": covered,
        "back": f"/rules/topics/{pr.topic or 'other'}#rule-{rule_id}",
        **_served(request),
    }
    return render(request, "rule.html", context)
