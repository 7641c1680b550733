"""The group page's pictures: the spread of the practices' answers to one question, drawn by
`charts.spread_bars`. The words (title, description, each bar's note) come from the template,
which calls `spread_chart` (a template global)."""

from __future__ import annotations

from markupsafe import Markup

from formadvisor.advice.groups import QuestionView
from formadvisor.web.charts import Count, spread_bars


def _chosen(q: QuestionView, value: object) -> bool:
    combined = q.combined
    if q.type == "choices" and isinstance(combined, list | tuple):
        return value in combined
    return value == combined


def _plain(text: str) -> str:
    """The words as text: the template's gettext gives them escaped (Markup), the chart escapes
    what it draws itself."""
    return text.unescape() if isinstance(text, Markup) else text


def spread_chart(q: QuestionView, title: str, desc: str, note: str) -> Markup:
    """`note` is a pattern of the words after each bar: {count} and {of} are filled in."""
    title, desc, note = _plain(title), _plain(desc), _plain(note)
    counts = [
        Count(c.label, c.count, note.format(count=c.count, of=q.answered), _chosen(q, c.value))
        for c in q.counts
    ]
    return Markup(spread_bars(counts, q.answered, title, desc, f"spread-{q.question}"))
