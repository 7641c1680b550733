"""Pictures for the report, drawn on the server as inline SVG (no JavaScript, no chart library).

Each function takes plain data and returns SVG markup built with ElementTree, which escapes
every label. Each picture has role="img" with a <title> and <desc>; the page puts a table with
the same data next to it. Meaning never rests on colour alone: excluded bars are hatched and
labelled, matrix cells carry a sign and a number. Their few words of their own ("excluded")
are in the request's language (the catalogue); the labels come translated.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from formadvisor.i18n import gettext
from formadvisor.web.language import current

# NHS.UK colours; each has at least 3:1 contrast with white for shapes (WCAG 1.4.11) and the
# text colour has 4.5:1 or more on white and on the pale cell fills.
TEXT = "#212b32"
FOR = "#005eb8"  # NHS blue
AGAINST = "#d5281b"  # NHS red
EXCLUDED = "#4c6272"  # NHS dark grey, hatched
GRID = "#768692"
FILL_FOR = "#e8f1f8"
FILL_AGAINST = "#fde8e6"
FILL_BOTH = "#fff9c4"
FILL_EXCLUDED = "#d8dde0"

FONT = "Frutiger W01, Arial, Sans-serif"
ROW = 22  # height of one line of text, px
BAR = 18  # thickness of a bar, px
LABEL_CHARS = 34  # wrap option labels to this many characters a line


@dataclass(frozen=True)
class Bar:
    label: str
    score: int
    excluded: bool = False
    recommended: bool = False


@dataclass(frozen=True)
class Mark:
    """One cell of the trade-off matrix: the weight of reasons for and against, or an exclusion."""

    for_: int = 0
    against: int = 0
    excluded: bool = False

    @property
    def text(self) -> str:
        if self.excluded:
            return "✕"
        parts = [f"+{self.for_}" if self.for_ else "", f"−{self.against}" if self.against else ""]
        return " ".join(p for p in parts if p)

    @property
    def words(self) -> str:
        lang = current()
        parts = [gettext(lang, "excluded")] if self.excluded else []
        if self.for_:
            parts.append(gettext(lang, "for +%(weight)s", weight=self.for_))
        if self.against:
            parts.append(gettext(lang, "against −%(weight)s", weight=self.against))
        return ", ".join(parts)


def _svg(
    width: int, height: int, title: str, desc: str, ident: str, layout: str = "wide"
) -> ET.Element:
    """An SVG picture; `layout` is "wide" (side by side) or "narrow" (stacked, for a phone:
    the page's CSS shows the one that fits)."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "role": "img",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "class": f"fa-chart fa-chart--{layout}",
            "aria-labelledby": f"{ident}-title {ident}-desc",
            "font-family": FONT,
            "font-size": "15",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{ident}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{ident}-desc"}).text = desc
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, "text", {"x": f"{x:g}", "y": f"{y:g}", "fill": TEXT, **attrs})
    node.text = text
    return node


def _lines(label: str, chars: int = LABEL_CHARS) -> list[str]:
    return textwrap.wrap(label, chars) or [""]


def _hatch(svg: ET.Element, ident: str) -> str:
    defs = ET.SubElement(svg, "defs")
    pattern = ET.SubElement(
        defs,
        "pattern",
        {
            "id": f"{ident}-hatch",
            "width": "6",
            "height": "6",
            "patternUnits": "userSpaceOnUse",
            "patternTransform": "rotate(45)",
        },
    )
    ET.SubElement(pattern, "rect", {"width": "6", "height": "6", "fill": "#ffffff"})
    ET.SubElement(pattern, "rect", {"width": "3", "height": "6", "fill": EXCLUDED})
    return f"url(#{ident}-hatch)"


def score_bars(
    bars: Sequence[Bar], title: str, desc: str, ident: str = "scores", plot_width: int = 320
) -> str:
    """A horizontal bar per option, from a zero line: right for a positive score, left for less.

    A bar's width is |score| / (highest - lowest of 0 and the scores) x plot_width.
    """
    label_width, value_width, pad = 270, 150, 8
    lo = min(0, *(b.score for b in bars)) if bars else 0
    hi = max(0, *(b.score for b in bars)) if bars else 0
    span = (hi - lo) or 1
    scale = plot_width / span
    zero = label_width + pad + (0 - lo) * scale
    heights = [max(1, len(_lines(b.label))) * ROW + 8 for b in bars]
    height = sum(heights) + 2 * pad
    width = label_width + pad + plot_width + pad + value_width
    svg = _svg(width, height, title, desc, ident)
    hatch = _hatch(svg, ident)
    y = pad
    for bar, h in zip(bars, heights, strict=True):
        group = ET.SubElement(svg, "g", {"class": "fa-bar"})
        lines = _lines(bar.label)
        for i, line in enumerate(lines):
            attrs = {"font-weight": "bold"} if bar.recommended else {}
            _text(group, 0, y + (i + 1) * ROW - 6, line, **attrs)
        x = zero if bar.score >= 0 else zero + bar.score * scale
        fill = hatch if bar.excluded else (FOR if bar.score >= 0 else AGAINST)
        ET.SubElement(
            group,
            "rect",
            {
                "x": f"{x:g}",
                "y": f"{y + 3:g}",
                "width": f"{abs(bar.score) * scale:g}",
                "height": str(BAR),
                "fill": fill,
                "stroke": EXCLUDED if bar.excluded else "none",
                "data-score": str(bar.score),
            },
        )
        _text(
            group, label_width + pad + plot_width + pad, y + ROW - 6, f"{bar.score}{_bar_note(bar)}"
        )
        y += h
    ET.SubElement(
        svg,
        "line",
        {
            "x1": f"{zero:g}",
            "x2": f"{zero:g}",
            "y1": str(pad),
            "y2": str(height - pad),
            "stroke": GRID,
            "stroke-width": "1",
        },
    )
    return ET.tostring(svg, encoding="unicode")


def _fill(mark: Mark) -> str:
    if mark.excluded:
        return FILL_EXCLUDED
    if mark.for_ and mark.against:
        return FILL_BOTH
    if mark.for_:
        return FILL_FOR
    if mark.against:
        return FILL_AGAINST
    return "#ffffff"


def _cell(group: ET.Element, x: float, y: float, width: float, height: float, mark: Mark) -> None:
    """One cell of the trade-off matrix, wide or stacked: its colour, and its mark in bold."""
    ET.SubElement(
        group,
        "rect",
        {
            "x": f"{x:g}",
            "y": f"{y:g}",
            "width": f"{width:g}",
            "height": f"{height:g}",
            "fill": _fill(mark),
            "stroke": GRID,
            "stroke-width": "1",
        },
    )
    if mark.text:
        _text(
            group,
            x + width / 2,
            y + height / 2 + 5,
            mark.text,
            **{"text-anchor": "middle", "font-weight": "bold"},
        )


def tradeoff_matrix(
    rows: Sequence[str],
    columns: Sequence[str],
    marks: Mapping[tuple[str, str], Mark],
    title: str,
    desc: str,
    ident: str = "tradeoffs",
) -> str:
    """Options (rows) against topics (columns): each cell shows the weight for and against.

    `marks` is keyed by (row, column); a missing key is an empty cell.
    """
    label_width, cell, header = 270, 64, 150
    heights = [max(1, len(_lines(r))) * ROW + 6 for r in rows]
    width = label_width + cell * len(columns) + header + 30
    height = header + sum(heights) + 8
    svg = _svg(width, height, title, desc, ident)
    for i, column in enumerate(columns):
        cx = label_width + i * cell + cell / 2
        _text(
            svg,
            cx,
            header - 8,
            column,
            transform=f"rotate(-40 {cx:g} {header - 8})",
            **{"text-anchor": "start"},
        )
    y = header
    for row, h in zip(rows, heights, strict=True):
        group = ET.SubElement(svg, "g", {"class": "fa-row"})
        for i, line in enumerate(_lines(row)):
            _text(group, 0, y + (i + 1) * ROW - 4, line)
        for i, column in enumerate(columns):
            _cell(group, label_width + i * cell, y, cell, h, marks.get((row, column), Mark()))
        y += h
    return ET.tostring(svg, encoding="unicode")


# --- stacked, for narrow screens (WCAG 1.4.10 reflow: readable at 320 CSS pixels) --------------

NARROW = 300  # the width of a stacked picture: a 320 px screen less the page's margins
NARROW_CHARS = 32  # wrap labels to this many characters a line at that width


def _bar_note(bar: Bar) -> str:
    if bar.excluded:
        return " (" + gettext(current(), "excluded") + ")"
    if bar.recommended:
        return " (" + gettext(current(), "recommended") + ")"
    return ""


def score_bars_narrow(
    bars: Sequence[Bar], title: str, desc: str, ident: str = "scores", plot_width: int = 230
) -> str:
    """The bar chart stacked: each option's label on its own lines, then its bar and score."""
    pad = 4
    lo = min(0, *(b.score for b in bars)) if bars else 0
    hi = max(0, *(b.score for b in bars)) if bars else 0
    scale = plot_width / ((hi - lo) or 1)
    zero = (0 - lo) * scale
    labels = [_lines(b.label + _bar_note(b), NARROW_CHARS) for b in bars]
    svg = _svg(NARROW, _stacked_height(labels, pad), title, desc, f"{ident}-narrow", "narrow")
    hatch = _hatch(svg, f"{ident}-narrow")
    bold = [b.recommended for b in bars]
    for bar, (group, top) in zip(bars, _stacked(svg, labels, bold, pad), strict=True):
        x = zero if bar.score >= 0 else zero + bar.score * scale
        ET.SubElement(
            group,
            "rect",
            {
                "x": f"{x:g}",
                "y": f"{top:g}",
                "width": f"{abs(bar.score) * scale:g}",
                "height": str(BAR),
                "fill": hatch if bar.excluded else (FOR if bar.score >= 0 else AGAINST),
                "stroke": EXCLUDED if bar.excluded else "none",
                "data-score": str(bar.score),
            },
        )
        _text(group, plot_width + 2 * pad, top + BAR - 4, str(bar.score))
        ET.SubElement(
            group,
            "line",
            {
                "x1": f"{zero:g}",
                "x2": f"{zero:g}",
                "y1": f"{top - 2:g}",
                "y2": f"{top + BAR + 2:g}",
                "stroke": GRID,
                "stroke-width": "1",
            },
        )
    return ET.tostring(svg, encoding="unicode")


def _stacked_height(labels: Sequence[list[str]], pad: int) -> int:
    """The height of a stacked chart: each row its label's lines, then its bar."""
    return sum(len(lines) * ROW + BAR + 14 for lines in labels) + 2 * pad


def _stacked(
    svg: ET.Element, labels: Sequence[list[str]], bold: Sequence[bool], pad: int
) -> Iterator[tuple[ET.Element, int]]:
    """The rows of a stacked chart (`stacked` bars, a question's spread): each row a group with
    its label's lines written (bold where asked), yielded with the top of its bar."""
    y = pad
    for lines, strong in zip(labels, bold, strict=True):
        group = ET.SubElement(svg, "g", {"class": "fa-bar"})
        attrs = {"font-weight": "bold"} if strong else {}
        for i, line in enumerate(lines):
            _text(group, 0, y + (i + 1) * ROW - 6, line, **attrs)
        top = y + len(lines) * ROW
        yield group, top
        y = top + BAR + 14


def tradeoff_matrix_narrow(
    rows: Sequence[str],
    columns: Sequence[str],
    marks: Mapping[tuple[str, str], Mark],
    title: str,
    desc: str,
    ident: str = "tradeoffs",
) -> str:
    """The trade-off matrix stacked: each option's label, then one line per topic that has a
    mark, the topic on the left and its cell (sign and number, or ✕) on the right."""
    cell, pad = 72, 4
    topic_chars = 26
    blocks = []
    for row in rows:
        marked = [(c, marks[(row, c)]) for c in columns if marks.get((row, c), Mark()).text]
        blocks.append(
            (row, _lines(row, NARROW_CHARS), [(c, _lines(c, topic_chars), m) for c, m in marked])
        )
    height = pad + sum(
        len(title_lines) * ROW + 6 + sum(len(tl) * ROW + 4 for _, tl, _ in cells) + 10
        for _, title_lines, cells in blocks
    )
    svg = _svg(NARROW, height, title, desc, f"{ident}-narrow", "narrow")
    y = pad
    for _, title_lines, cells in blocks:
        group = ET.SubElement(svg, "g", {"class": "fa-row"})
        for i, line in enumerate(title_lines):
            _text(group, 0, y + (i + 1) * ROW - 6, line, **{"font-weight": "bold"})
        y += len(title_lines) * ROW + 6
        for _, topic_lines, mark in cells:
            h = len(topic_lines) * ROW
            for i, line in enumerate(topic_lines):
                _text(group, 8, y + (i + 1) * ROW - 6, line)
            _cell(group, NARROW - cell, y, cell, h, mark)
            y += h + 4
        y += 10
    return ET.tostring(svg, encoding="unicode")


def score_chart(bars: Sequence[Bar], title: str, desc: str, ident: str = "scores") -> str:
    """The bar chart twice, side by side and stacked: the page's CSS shows the one that fits
    the screen (and hides the other from everyone, screen readers included)."""
    return score_bars(bars, title, desc, ident) + score_bars_narrow(bars, title, desc, ident)


def tradeoff_chart(
    rows: Sequence[str],
    columns: Sequence[str],
    marks: Mapping[tuple[str, str], Mark],
    title: str,
    desc: str,
    ident: str = "tradeoffs",
) -> str:
    """The trade-off matrix as a grid and stacked (see `score_chart`)."""
    return tradeoff_matrix(rows, columns, marks, title, desc, ident) + tradeoff_matrix_narrow(
        rows, columns, marks, title, desc, ident
    )


# --- a group's answers to one question ----------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """One answer to a question of opinion: how many practices gave it, and its note (the
    words after the bar, e.g. "2 of 3 practices"); `chosen`: it is the group's answer."""

    label: str
    count: int
    note: str
    chosen: bool = False


def spread_bars(counts: Sequence[Count], of: int, title: str, desc: str, ident: str) -> str:
    """One bar per answer, stacked (its label, then its bar and note), so it reads at 320 px
    without a second layout. A bar's width is count / of x the plot's width; the group's
    answer is blue and bold, the others grey, and the note says which is which in words."""
    pad, plot = 4, 200
    labels = [_lines(c.label, NARROW_CHARS) for c in counts]
    svg = _svg(NARROW, _stacked_height(labels, pad), title, desc, ident, "spread")
    bold = [c.chosen for c in counts]
    for c, (group, top) in zip(counts, _stacked(svg, labels, bold, pad), strict=True):
        attrs = {"font-weight": "bold"} if c.chosen else {}
        ET.SubElement(
            group,
            "rect",
            {
                "x": "0",
                "y": f"{top:g}",
                "width": f"{plot:g}",
                "height": str(BAR),
                "fill": "#ffffff",
                "stroke": GRID,
                "stroke-width": "1",
            },
        )
        ET.SubElement(
            group,
            "rect",
            {
                "x": "0",
                "y": f"{top:g}",
                "width": f"{plot * c.count / max(of, 1):g}",
                "height": str(BAR),
                "fill": FOR if c.chosen else EXCLUDED,
                "data-count": str(c.count),
            },
        )
        _text(group, plot + 2 * pad, top + BAR - 4, c.note, **attrs)
    return ET.tostring(svg, encoding="unicode")
