"""A close call on the result page (templates/close_call.html): two options that fit about
equally well, compared topic by topic from the saved result's own reasons, with the answers that
would decide it, each linked to "See this result" (`see_result`), and the full comparison.

Read from the saved result only: the page runs no rules to show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from formadvisor.advice.results import CloseCall, RankedOption, Ranking, Reason, Recommendation
from formadvisor.web.report_view import OTHER_TOPIC, Wording
from formadvisor.web.see_result import if_href


@dataclass(frozen=True)
class Row:
    """One topic: the reasons that separate the two, for (+) and against (−) each."""

    topic: str
    a_for: list[str]
    a_against: list[str]
    b_for: list[str]
    b_against: list[str]


@dataclass(frozen=True)
class CloseView:
    call: CloseCall
    a: RankedOption
    b: RankedOption
    rows: list[Row]
    deciders: list[tuple[str, str]]  # (the answer in words, its "See this result" address)
    compare: str  # the full comparison's page

    @property
    def key(self) -> str:
        """A fragment id for the page."""
        return "close-call" if self.call.service is None else f"close-call-{self.call.service}"


def _only(mine: tuple[Reason, ...], theirs: tuple[Reason, ...]) -> list[Reason]:
    """The reasons of one side the other side does not share (shared ones separate nothing)."""
    shared = {r.rule for r in theirs}
    return [r for r in mine if r.rule not in shared]


def rows(a: RankedOption, b: RankedOption, wording: Wording) -> list[Row]:
    """The reasons that separate the two options, by topic in the topics' order."""
    parts = {
        "a_for": _only(a.for_, b.for_),
        "a_against": _only(a.against, b.against),
        "b_for": _only(b.for_, a.for_),
        "b_against": _only(b.against, a.against),
    }
    topics: dict[str, dict[str, list[str]]] = {}
    for part, reasons in parts.items():
        for r in reasons:
            cell = topics.setdefault(wording.rule_topic(r.rule), {p: [] for p in parts})
            if r.because not in cell[part]:
                cell[part].append(r.because)
    order = [*wording.topic_order, OTHER_TOPIC]
    ranked = sorted(topics, key=lambda t: (order.index(t) if t in order else len(order), t))
    return [Row(wording.topic(t), **topics[t]) for t in ranked]


def close_views(rec: Recommendation, wording: Wording, token: str) -> list[CloseView]:
    """The result's close calls (the form's first), each ready for close_call.html."""
    if rec.summary is None:
        return []
    rankings: dict[str | None, Ranking] = {None: rec.organisational_form}
    rankings |= {s.name: s.contract_route for s in rec.services}
    found = []
    for call in rec.summary.close_calls:
        ranking = rankings.get(call.service)
        if ranking is None:
            continue
        by_id = {o.option: o for o in ranking.ranking}
        a, b = by_id.get(call.option), by_id.get(call.runner_up)
        if a is None or b is None:
            continue
        links = [
            (said, if_href(token, d.question, d.answer, d.service))
            for d, said in zip(call.deciders, call.deciders_said, strict=False)
        ]
        query = {"a": call.option, "b": call.runner_up}
        if call.service is not None:
            query["service"] = call.service
        compare = f"/assessments/{token}/compare?{urlencode(query)}"
        found.append(CloseView(call, a, b, rows(a, b, wording), links, compare))
    return found
