"""The readable summary `formadvisor recommend` prints: the result first, then why."""

from __future__ import annotations

from itertools import groupby

from babel.dates import format_date
from rich.console import Console
from rich.markup import escape

from formadvisor.advice.results import Ranking, Recommendation
from formadvisor.advice.whatif_said import said
from formadvisor.advice.wording import what_if_order
from formadvisor.i18n import gettext
from formadvisor.rules.policy import Policy


def print_summary(console: Console, policy: Policy, result: Recommendation) -> None:
    """The result in the policy's language: the rules' words from the policy, the command's
    own from the message catalogue."""
    lang = policy.lang
    form = result.organisational_form
    heading = gettext(lang, "Recommended organisational form:")
    console.print(f"[bold]{escape(heading)}[/] {_label(policy, form)}")
    console.print(escape(form.decision.summary))
    _reasons(console, form)
    for service in result.services:
        route = service.contract_route
        console.print(f"\n[bold]{escape(service.name)}:[/] {_label(policy, route)}")
        if route.decision.undetermined or route.decision.tie:
            console.print(f"  {escape(route.decision.summary)}")
        _reasons(console, route)
    excluded = [o for o in form.ranking if not o.eligible]
    if excluded:
        _heading(console, gettext(lang, "Not suitable"))
        for option in excluded:
            why = "; ".join(r.because for r in option.excluded_by)
            console.print(f"  {escape(option.label)}: {escape(why)}")
    topics = {t.id: t.label for t in policy.options.topics}
    if result.considerations:
        _heading(console, gettext(lang, "Considerations"))
        for topic, items in groupby(result.considerations, key=lambda c: c.topic):
            console.print(f"  [underline]{escape(topics.get(topic, topic))}[/]")
            for c in items:
                where = f" ({escape(c.service)})" if c.service else ""
                console.print(f"   {'!' if c.caveat else '-'} {escape(c.text)}{where}")
    _plan(console, result, lang)
    _what_if(console, policy, result)
    said = gettext(
        lang,
        "Rules version %(version)s (%(rules)s rules), as of %(day)s.",
        version=result.ruleset.version,
        rules=result.ruleset.rules,
        day=format_date(result.as_of, "d MMMM y", locale=lang),
    )
    console.print(f"\n{escape(said)}")
    console.print(f"[italic]{escape(result.disclaimer)}[/]")


def _plan(console: Console, result: Recommendation, lang: str) -> None:
    """The action plan, one line a step: who, fee and time (the rules' words, briefly)."""
    if not result.action_plan:
        return
    _heading(console, gettext(lang, "What to do next"))
    for i, step in enumerate(result.action_plan, 1):
        steps = ", ".join(str(a + 1) for a in step.after)
        after = " " + gettext(lang, "after %(steps)s;", steps=steps) if step.after else ""
        if step.fee_gbp is None:
            fee = gettext(lang, "no fee given")
        elif step.fee_up_to_gbp is None:
            fee = f"£{step.fee_gbp:g}"
        else:
            least, most = f"{step.fee_gbp:g}", f"{step.fee_up_to_gbp:g}"
            fee = gettext(lang, "£%(least)s to £%(most)s", least=least, most=most)
        if step.weeks is None:
            weeks = gettext(lang, "time not known")
        else:
            least, most = (f"{w:g}" for w in step.weeks)
            weeks = gettext(lang, "%(least)s-%(most)s weeks", least=least, most=most)
        console.print(f"  {i}. {escape(step.step)}")
        console.print(f"     [dim]{escape(step.who)};{after} {fee}; {weeks}[/]")
    if result.action_plan_timeline:
        for line in result.action_plan_timeline.text:
            console.print(f"  {escape(line)}")
        for warning in result.action_plan_timeline.warnings:
            console.print(f"  ! {escape(warning.text)}")


def _what_if(console: Console, policy: Policy, result: Recommendation) -> None:
    """The what-ifs that matter most (`what_if.shown` of them), each with its consequence."""
    if not result.what_if:
        return
    order = what_if_order(policy)
    items = sorted(result.what_if, key=lambda w: w.impact)
    _heading(console, gettext(policy.lang, "What would change it"))
    for w in items[: order.shown]:
        console.print(f"  {w.impact}. {escape(said(policy, w, result))}")
        if w.consequence:
            console.print(f"     [dim]{escape(w.consequence)}.[/]")
    if len(items) > order.shown:
        more = order.said.more.format(more=len(items) - order.shown)
        console.print(f"  {escape(more)}.")


def _heading(console: Console, text: str) -> None:
    console.print(f"\n[bold]{escape(text)}[/]")


def _reasons(console: Console, ranking: Ranking, top: int = 4) -> None:
    best = ranking.ranking[0]
    if not best.eligible or ranking.recommended is None:
        return
    for reason in sorted(best.for_, key=lambda r: -(r.weight or 0))[:top]:
        cited = ", ".join(s.split(":")[0] for s in reason.sources)
        console.print(f"  + {escape(reason.because)} [dim]({reason.rule}; {escape(cited)})[/]")


def _label(policy: Policy, ranking: Ranking) -> str:
    if ranking.recommended:
        return escape(policy.option(ranking.recommended).label)
    if ranking.decision.undetermined:
        return escape(gettext(policy.lang, "none (see below)"))
    return escape(gettext(policy.lang, "no option fits"))
