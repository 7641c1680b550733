"""What the report shows: a stored Recommendation read in the policy's own words.

The result holds ids and citation texts; the policy gives the questions' wording, the choices'
labels and the topics' names, in the policy's language; the few words of its own (the charts'
titles, "Other") come from the catalogue in the request's language (`language.current()`). When
the rules have changed since the result was made and the policy no longer knows an id, the id
itself is shown rather than nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from markupsafe import Markup

from formadvisor.advice.results import (
    Consideration,
    RankedOption,
    Ranking,
    Reason,
    Recommendation,
    WhatIf,
)
from formadvisor.advice.whatif import service_key
from formadvisor.advice.whatif_said import said, said_short
from formadvisor.advice.wording import what_if_order, what_if_short
from formadvisor.i18n import gettext
from formadvisor.rules.models import Question
from formadvisor.rules.policy import Policy
from formadvisor.web.charts import Bar, Mark, score_chart, tradeoff_chart
from formadvisor.web.language import current

OTHER_TOPIC = "other"
_SERVICE_KEY = re.compile(r"^services\[(\d+)\]\.(\w+)$")


@dataclass(frozen=True)
class Citation:
    """A source as `Source.citation()` wrote it, taken apart to link its URL."""

    id: str
    title: str
    url: str | None = None
    in_force: dt.date | None = None  # the day it came into force (the page words it)
    check_with: str | None = None  # set when no public source confirms the fact


def parse_citation(text: str) -> Citation:
    check_with = url = None
    in_force: dt.date | None = None
    if m := re.search(r"\s*\[unsourced: check with (.+)\]$", text):
        check_with, text = m.group(1), text[: m.start()]
    if m := re.search(r"\s*\(in force from ([^()]*)\)$", text):
        in_force, text = dt.datetime.strptime(m.group(1), "%d %B %Y").date(), text[: m.start()]
    if m := re.search(r" — (https?://\S+)$", text):
        url, text = m.group(1), text[: m.start()]
    ident, _, title = text.partition(": ")
    return Citation(ident, title or ident, url, in_force, check_with)


def _id_order(ident: str) -> list[tuple[int, int | str]]:
    """P1.7 before P1.10 before P3.2; other ids after, alphabetically."""
    parts = re.split(r"(\d+)", ident)
    return [(0, int(p)) if p.isdigit() else (1, p) for p in parts if p]


def all_reasons(rec: Recommendation) -> Iterator[Reason]:
    """Every reason in the result: the form's and each route's, with the deciding ones."""
    for ranking in (rec.organisational_form, *(s.contract_route for s in rec.services)):
        yield from ranking.decision.deciding_reasons
        for o in ranking.ranking:
            yield from (*o.for_, *o.against, *o.excluded_by)


def cited_sources(rec: Recommendation) -> list[str]:
    """Every source the report cites, once each, in order of its id: the report's Sources list.

    Reasons and considerations name their sources by id; this list holds the full citations.
    """
    cites: dict[str, str] = {}
    citing: list[Reason | Consideration | WhatIf] = [
        *all_reasons(rec),
        *rec.every_consideration(),
        *rec.what_if,  # each what-if's consequence
    ]
    for item in citing:
        for cite in item.sources:
            cites.setdefault(parse_citation(cite).id, cite)
    return [cites[i] for i in sorted(cites, key=_id_order)]


class Wording:
    """Labels for ids, from the policy in use."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self._options = {o.id: o.label for o in (*policy.options.forms, *policy.options.routes)}
        self._topics = {t.id: t.label for t in policy.options.topics}
        self._rules = {pr.rule.id: pr for pr in policy.rules}
        q = policy.questionnaire
        self._questions = {x.id: x for x in q.questions}
        self._service_questions = {x.id: x for x in q.service_questions}

    def option(self, option_id: str | None) -> str:
        if option_id is None:
            return gettext(current(), "none that can be recommended")
        return self._options.get(option_id, option_id)

    def topic(self, topic_id: str) -> str:
        if topic_id == OTHER_TOPIC:
            return gettext(current(), "Other")
        return self._topics.get(topic_id, topic_id.replace("_", " ").capitalize())

    @property
    def topic_order(self) -> list[str]:
        return [t.id for t in self.policy.options.topics]

    def rule_topic(self, rule_id: str) -> str:
        pr = self._rules.get(rule_id)
        return (pr.topic if pr else None) or OTHER_TOPIC

    def rule_link(self, rule_id: str) -> str | None:
        """The rule's page, when the rules in use still have the rule."""
        return f"/rules/{rule_id}" if rule_id in self._rules else None

    def rule_title(self, rule_id: str) -> str | None:
        pr = self._rules.get(rule_id)
        return pr.rule.title if pr else None

    def question(self, key: str) -> tuple[Question | None, int | None]:
        """The question behind a what-if key (`profit_intent`, `services[0].kind`)."""
        if m := _SERVICE_KEY.match(key):
            return self._service_questions.get(m.group(2)), int(m.group(1))
        return self._questions.get(key), None

    @staticmethod
    def answer(question: Question | None, value: object) -> str:
        if question is None:
            return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        if isinstance(value, list | tuple):
            return ", ".join(question.label_of(v) for v in value) or gettext(current(), "none")
        label = question.label_of(value)
        return label[:1].upper() + label[1:]


@dataclass
class WhatIfItem:
    what_if: WhatIf
    sentence: str  # the answer changed and what the result would be
    short: str  # the same in a line: the question's short label, the answer, what it changes to
    answer: str  # the new answer, in the question's words
    query: (
        str  # "See this result": `?question=…&answer=…[&service=…]` (repeated `answer` for a list)
    )
    question: str  # the question's words
    service: str | None  # the service whose answer it is


@dataclass
class WhatIfGroup:
    """The what-ifs of one question (for one service), most important first."""

    question: str  # the question's words
    service: str | None
    items: list[WhatIfItem]


@dataclass
class WhatIfList:
    """The what-if list grouped by question: the first `shown` items, then the rest (folded);
    a group cut by the fold goes on under its own heading in the fold. `top`: the first
    `shown` items, most important first (a line each on the page)."""

    top: list[WhatIfItem]
    shown: list[WhatIfGroup]
    folded: list[WhatIfGroup]
    total: int
    more: str  # how many are folded, in words (a heading in the partners' pack)
    more_short: str  # the same as the page's fold says it


def what_if_list(rec: Recommendation, wording: Wording) -> WhatIfList:
    order = what_if_order(wording.policy)
    items = sorted(rec.what_if, key=lambda w: w.impact)  # a result saved before: impact 0, kept
    shown, folded = items[: order.shown], items[order.shown :]
    grouped = _grouped(shown, rec, wording)
    item_of = {id(i.what_if): i for g in grouped for i in g.items}
    return WhatIfList(
        top=[item_of[id(w)] for w in shown],
        shown=grouped,
        folded=_grouped(folded, rec, wording),
        total=len(items),
        more=order.said.more.format(more=len(folded)),
        more_short=what_if_short(wording.policy).more.format(more=len(folded)),
    )


def _grouped(items: list[WhatIf], rec: Recommendation, wording: Wording) -> list[WhatIfGroup]:
    groups: dict[str, WhatIfGroup] = {}
    for w in items:
        question, index = wording.question(w.question)
        if w.question not in groups:
            service = w.service or (
                rec.services[index].name
                if index is not None and index < len(rec.services)
                else None
            )
            text = question.text if question else w.question
            groups[w.question] = WhatIfGroup(text, service, [])
        item = WhatIfItem(
            w,
            said(wording.policy, w, rec),
            said_short(wording.policy, w, rec),
            wording.answer(question, w.answer),
            if_query(service_key(w.question)[0], w.answer, groups[w.question].service),
            groups[w.question].question,
            groups[w.question].service,
        )
        groups[w.question].items.append(item)
    return list(groups.values())


def if_query(question: str, answer: object, service: str | None) -> str:
    """The query of a "See this result" address (`see_result`): the question's own id, the
    answer (repeated for a list; `answer=` alone for an empty one) and the service's name."""
    answers = answer if isinstance(answer, list | tuple) else (answer,)
    pairs = [("question", question), *(("answer", _plain(a)) for a in answers)]
    if not answers:
        pairs.append(("answer", ""))  # an empty list
    if service is not None:
        pairs.append(("service", service))
    return "?" + urlencode(pairs)


def _plain(value: object) -> str:
    return json.dumps(value) if isinstance(value, bool) or value is None else str(value)


@dataclass
class TopicGroup:
    id: str
    label: str
    notes: list[Consideration] = field(default_factory=list)  # what the rules say
    caveats: list[Consideration] = field(default_factory=list)  # seek advice, unsourced


def topic_groups(rec: Recommendation, wording: Wording) -> list[TopicGroup]:
    order = wording.topic_order
    groups: dict[str, TopicGroup] = {}
    for c in rec.every_consideration():  # every one, for advisers (folded)
        group = groups.setdefault(c.topic, TopicGroup(c.topic, wording.topic(c.topic)))
        (group.caveats if c.caveat else group.notes).append(c)
    return sorted(
        groups.values(), key=lambda g: (order.index(g.id) if g.id in order else len(order), g.id)
    )


def bars(ranking: Ranking) -> list[Bar]:
    return [
        Bar(o.label, o.score, not o.eligible, o.option == ranking.recommended)
        for o in ranking.ranking
    ]


def marks(option: RankedOption, wording: Wording) -> dict[str, Mark]:
    """Per topic, the weight of this option's reasons for and against, and any exclusion."""
    out: dict[str, Mark] = {}
    for reason in option.for_:
        t = wording.rule_topic(reason.rule)
        m = out.get(t, Mark())
        out[t] = Mark(m.for_ + abs(reason.weight or 0), m.against, m.excluded)
    for reason in option.against:
        t = wording.rule_topic(reason.rule)
        m = out.get(t, Mark())
        out[t] = Mark(m.for_, m.against + abs(reason.weight or 0), m.excluded)
    for reason in option.excluded_by:
        t = wording.rule_topic(reason.rule)
        m = out.get(t, Mark())
        out[t] = Mark(m.for_, m.against, True)
    return out


@dataclass
class Tradeoffs:
    """Options by consideration topics, for the matrix picture and its table."""

    topics: list[tuple[str, str]]  # (id, label), only topics with a mark
    rows: list[tuple[RankedOption, dict[str, Mark]]]
    svg: Markup


def tradeoffs(ranking: Ranking, wording: Wording) -> Tradeoffs:
    rows = [(o, marks(o, wording)) for o in ranking.ranking]
    used = {t for _, m in rows for t in m}
    order = [*wording.topic_order, OTHER_TOPIC]
    topics = [(t, wording.topic(t)) for t in order if t in used]
    topics += [(t, wording.topic(t)) for t in sorted(used - set(order))]
    cells = {(o.label, label): m[t] for o, m in rows for t, label in topics if t in m}
    svg = tradeoff_chart(
        [o.label for o, _ in rows],
        [label for _, label in topics],
        cells,
        title=gettext(
            current(), "Trade-offs: reasons for and against each organisational form, by topic"
        ),
        desc=gettext(
            current(),
            "A grid with one row per organisational form and one column per topic. Each cell "
            "gives the total weight of reasons for (+) and against (−) that form on that topic; "
            "✕ marks a topic whose rule excludes the form. The table after the picture has "
            "the same figures.",
        ),
    )
    return Tradeoffs(topics, rows, Markup(svg))


@dataclass
class Report:
    rec: Recommendation
    wording: Wording
    form_label: str
    score_svg: Markup
    bars: list[Bar]
    tradeoffs: Tradeoffs
    topics: list[TopicGroup]
    what_if: WhatIfList
    sources: list[str]  # full citations, once each (see `cited_sources`)
    answers: list[tuple[str, str]] = field(default_factory=list)  # (question, answer) given

    def label(self, option_id: str | None) -> str:
        return self.wording.option(option_id)


def answers_given(answers: dict, wording: Wording) -> list[tuple[str, str]]:
    """Each answer given, as (the question's words, the answer's words), services last."""
    q = wording.policy.questionnaire
    rows = [(x.text, wording.answer(x, answers[x.id])) for x in q.questions if x.id in answers]
    for service in answers.get("services", ()):
        name = service.get("name", "")
        for x in q.service_questions:
            if x.id in service and x.id != "name":
                rows.append((f"{name}: {x.text}", wording.answer(x, service[x.id])))
    return rows


def build_report(rec: Recommendation, policy: Policy, answers: dict | None = None) -> Report:
    wording = Wording(policy)
    form = rec.organisational_form
    form_bars = bars(form)
    top = max((b.score for b in form_bars), default=0)
    svg = score_chart(
        form_bars,
        title=gettext(current(), "Scores of the organisational forms"),
        desc=gettext(
            current(),
            "A bar chart of %(forms)s organisational forms, best first. The highest score is "
            "%(top)s. Excluded forms are hatched and labelled excluded. The table after the "
            "chart has the same scores.",
            forms=len(form_bars),
            top=top,
        ),
    )
    return Report(
        rec=rec,
        wording=wording,
        form_label=wording.option(form.recommended),
        score_svg=Markup(svg),
        bars=form_bars,
        tradeoffs=tradeoffs(form, wording),
        topics=topic_groups(rec, wording),
        what_if=what_if_list(rec, wording),
        sources=cited_sources(rec),
        answers=answers_given(answers or {}, wording),
    )
