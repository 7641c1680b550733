"""Pictures for the report, drawn on the server as inline SVG (no JavaScript, no chart library).

Each function takes plain data and returns SVG markup built with ElementTree, which escapes
every label. Each picture has role="img" with a <title> and <desc>; the page puts a table with
the same data next to it. Meaning never rests on colour alone: excluded bars are hatched and
labelled, matrix cells carry a sign and a number.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
        parts = ["excluded"] if self.excluded else []
        if self.for_:
            parts.append(f"for +{self.for_}")
        if self.against:
            parts.append(f"against −{self.against}")
        return ", ".join(parts)


def _svg(width: int, height: int, title: str, desc: str, ident: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "role": "img",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "class": "fa-chart",
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


def _lines(label: str) -> list[str]:
    return textwrap.wrap(label, LABEL_CHARS) or [""]


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
        note = " (excluded)" if bar.excluded else " (recommended)" if bar.recommended else ""
        _text(group, label_width + pad + plot_width + pad, y + ROW - 6, f"{bar.score}{note}")
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
            mark = marks.get((row, column), Mark())
            fill = "#ffffff"
            if mark.excluded:
                fill = FILL_EXCLUDED
            elif mark.for_ and mark.against:
                fill = FILL_BOTH
            elif mark.for_:
                fill = FILL_FOR
            elif mark.against:
                fill = FILL_AGAINST
            x = label_width + i * cell
            ET.SubElement(
                group,
                "rect",
                {
                    "x": str(x),
                    "y": str(y),
                    "width": str(cell),
                    "height": str(h),
                    "fill": fill,
                    "stroke": GRID,
                    "stroke-width": "1",
                },
            )
            if mark.text:
                _text(
                    group,
                    x + cell / 2,
                    y + h / 2 + 5,
                    mark.text,
                    **{"text-anchor": "middle", "font-weight": "bold"},
                )
        y += h
    return ET.tostring(svg, encoding="unicode")
