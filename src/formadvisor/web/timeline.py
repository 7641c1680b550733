"""The action plan drawn as a timeline: inline SVG in the manner of `charts` (role="img", a
<title> and a <desc>, every label escaped by ElementTree), narrow enough to read at 320 px.

Each step is a numbered label over a bar from the earliest week it can start to the latest it
can end. A step no source gives a time for is a dashed outline and says "time not known" in
words, so nothing rests on colour or line style alone. A line marks the start the group asked
for (`months_to_start`), labelled with its week. Its words are in the request's language (the
catalogue); the steps' labels come translated.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from markupsafe import Markup

from formadvisor.advice.action_plan import PlanStep, PlanTimeline
from formadvisor.i18n import gettext
from formadvisor.web.charts import AGAINST, FOR, GRID, ROW, _svg, _text
from formadvisor.web.language import current

WIDTH = 340  # px: fits a 320 px screen's content column at a readable size
CHARS = 38  # a label line, at 15 px Arial
BAR = 14
PAD = 8


def weeks_words(weeks: Sequence[float] | None) -> str:
    """A step's time in words ("0 to 2 weeks", "time not known")."""
    lang = current()
    if weeks is None:
        return gettext(lang, "time not known")
    least, most = (f"{w:g}" for w in weeks)
    if least == most:
        return gettext(lang, "%(weeks)s weeks", weeks=most)
    return gettext(lang, "%(least)s to %(most)s weeks", least=least, most=most)


def timeline_svg(plan: Sequence[PlanStep], timeline: PlanTimeline | None) -> Markup:
    """The plan as an SVG timeline (empty when the plan is)."""
    if not plan or timeline is None:
        return Markup("")
    months = timeline.months_to_start
    target = round(months * 52 / 12) if months is not None else None
    span = max(timeline.weeks[1], target or 0, 1)
    scale = (WIDTH - 2 * PAD) / span
    labels = [f"{i + 1}. {s.label or s.step}" for i, s in enumerate(plan)]
    rows = [textwrap.wrap(label, CHARS) or [""] for label in labels]
    heights = [len(r) * ROW + BAR + 12 for r in rows]
    height = ROW + sum(heights) + 3 * ROW
    unknown = len(timeline.steps_without_time)
    lang = current()
    desc = gettext(
        lang,
        "%(steps)s steps from today to the first service. The steps with a known time take "
        "%(weeks)s; %(unknown)s have no known time. The table after the timeline lists every "
        "step.",
        steps=len(plan),
        weeks=weeks_words(timeline.weeks),
        unknown=unknown,
    )
    svg = _svg(WIDTH, height, gettext(lang, "Action plan timeline"), desc, "plan")
    # one picture for every screen (narrow already): never a wide chart the page hides on a phone
    svg.set("class", "fa-chart fa-timeline")
    _text(svg, PAD, ROW - 4, gettext(lang, "Weeks from today"), **{"font-weight": "bold"})
    bottom = ROW + sum(heights)
    marks = [(0.0, False), (float(timeline.weeks[1]), False)]
    marks += [(float(target), True)] if target is not None else []
    for week, is_target in marks:
        x = PAD + week * scale
        ET.SubElement(
            svg,
            "line",
            {
                "x1": f"{x:g}",
                "x2": f"{x:g}",
                "y1": str(ROW),
                "y2": f"{bottom:g}",
                "stroke": AGAINST if is_target else GRID,
                "stroke-width": "2" if is_target else "1",
                **({"stroke-dasharray": "6 3"} if is_target else {}),
            },
        )
    y = ROW
    for step, lines, h in zip(plan, rows, heights, strict=True):
        group = ET.SubElement(svg, "g", {"class": "fa-step"})
        for i, line in enumerate(lines):
            _text(group, PAD, y + (i + 1) * ROW - 4, line)
        top = y + len(lines) * ROW + 4
        start, end = step.starts_week[0], step.ends_week[1]
        x = PAD + start * scale
        known = step.weeks is not None
        width = max((end - start) * scale, 4)
        ET.SubElement(
            group,
            "rect",
            {
                "x": f"{x:g}",
                "y": f"{top:g}",
                "width": f"{width:g}",
                "height": str(BAR),
                "fill": FOR if known else "#ffffff",
                "stroke": FOR,
                "stroke-width": "2",
                **({} if known else {"stroke-dasharray": "4 3"}),
            },
        )
        start_word, end_word = f"{step.starts_week[0]:g}", f"{step.ends_week[1]:g}"
        if known:
            words = gettext(lang, "week %(start)s to %(end)s", start=start_word, end=end_word)
        else:
            words = gettext(
                lang,
                "from week %(start)s, %(time)s",
                start=start_word,
                time=weeks_words(step.weeks),
            )
        # the words beside the bar: after it, or before it when the bar reaches the right
        after_bar = x + width + 6
        if after_bar + 7 * len(words) <= WIDTH:
            _text(group, after_bar, top + BAR - 2, words, **{"font-size": "13"})
        else:
            attrs = {"font-size": "13", "text-anchor": "end"}
            _text(group, max(x - 6, 7 * len(words)), top + BAR - 2, words, **attrs)
        y += h
    last = f"{timeline.weeks[1]:g}"
    ends = gettext(lang, "Known times end by week %(week)s", week=last)
    _text(svg, PAD, bottom + ROW - 4, ends)
    if target is not None:
        target_words = gettext(lang, "Your start: week %(week)s (red dashed line)", week=target)
        _text(svg, PAD, bottom + 2 * ROW - 4, target_words)
    return Markup(ET.tostring(svg, encoding="unicode"))
