"""The report's pictures: bar widths follow scores, labels are escaped, meaning is not colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from formadvisor.web.charts import (
    Bar,
    Mark,
    score_bars,
    score_bars_narrow,
    score_chart,
    tradeoff_matrix,
    tradeoff_matrix_narrow,
)
from formadvisor.web.language import using

SVG = "{http://www.w3.org/2000/svg}"


def _bars(svg: str) -> dict[int, ET.Element]:
    root = ET.fromstring(svg)
    return {int(r.get("data-score")): r for r in root.iter(f"{SVG}rect") if r.get("data-score")}


def test_bar_widths_are_proportional_to_the_scores_from_a_zero_line():
    svg = score_bars(
        [Bar("Best", 6, recommended=True), Bar("Half", 3), Bar("Worse", -2)],
        "t",
        "d",
        plot_width=400,
    )
    bars = _bars(svg)
    unit = 400 / (6 - (-2))  # the plot spans the lowest to the highest score, zero included
    assert {s: float(r.get("width")) for s, r in bars.items()} == {
        6: pytest.approx(6 * unit),
        3: pytest.approx(3 * unit),
        -2: pytest.approx(2 * unit),
    }
    zero = float(bars[6].get("x"))
    assert float(bars[3].get("x")) == pytest.approx(zero)
    assert float(bars[-2].get("x")) + float(bars[-2].get("width")) == pytest.approx(zero)


def test_all_positive_scores_start_at_zero_and_the_top_fills_the_plot():
    bars = _bars(score_bars([Bar("A", 5), Bar("B", 1)], "t", "d", plot_width=300))
    assert float(bars[5].get("width")) == pytest.approx(300)
    assert float(bars[1].get("width")) == pytest.approx(60)


def test_excluded_bars_are_hatched_and_labelled_not_only_coloured():
    svg = score_bars([Bar("Open", 2), Bar("Shut", 4, excluded=True)], "t", "d")
    root = ET.fromstring(svg)
    bars = _bars(svg)
    assert bars[4].get("fill").startswith("url(#")  # the hatch pattern
    assert not bars[2].get("fill").startswith("url(#")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "4 (excluded)" in texts
    assert "2" in texts


def test_the_picture_is_an_image_with_a_title_and_description_it_points_to():
    root = ET.fromstring(score_bars([Bar("A", 1)], "Scores", "One bar"))
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    named = {e.get("id"): e.text for e in root if e.get("id")}
    assert [named[i] for i in ids] == ["Scores", "One bar"]


@pytest.mark.parametrize("label", ["<script>&", 'Tom & "Jerry" <Ltd>'])
def test_labels_titles_and_descriptions_are_escaped(label):
    svg = score_bars([Bar(label, 1)], f"title {label}", f"desc {label}")
    assert "<script>" not in svg
    root = ET.fromstring(svg)  # parses: nothing in the labels broke the markup
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert label in " ".join(texts)
    assert root.find(f"{SVG}title").text == f"title {label}"

    matrix = tradeoff_matrix(
        [label], [f"{label} topic"], {(label, f"{label} topic"): Mark(1)}, label, label
    )
    assert "<script>" not in matrix
    root = ET.fromstring(matrix)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert f"{label} topic" in texts


def test_matrix_cells_carry_signs_and_numbers_and_a_cross_for_exclusions():
    marks = {
        ("Form A", "Tax"): Mark(for_=3),
        ("Form A", "VAT"): Mark(for_=2, against=1),
        ("Form B", "Tax"): Mark(against=2),
        ("Form B", "VAT"): Mark(excluded=True),
    }
    root = ET.fromstring(tradeoff_matrix(["Form A", "Form B"], ["Tax", "VAT"], marks, "t", "d"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for value in ("+3", "+2 −1", "−2", "✕"):
        assert value in texts
    cells = [r for r in root.iter(f"{SVG}rect")]
    assert len(cells) == 4  # one per option and topic, empty ones included


def test_mark_words_say_what_the_signs_mean():
    assert Mark(for_=2, against=1).words == "for +2, against −1"
    assert Mark(excluded=True).words == "excluded"
    assert Mark().words == ""
    with using("cy"):  # in the request's language
        assert Mark(for_=2, against=1).words == "o blaid +2, yn erbyn −1"
        assert Mark(excluded=True).words == "wedi’i eithrio"


def test_the_stacked_charts_fit_a_narrow_screen_and_keep_the_figures():
    """At 320 px the stacked pictures are drawn 300 wide at full size, so their text stays
    the size of the page's; the side-by-side ones would shrink to less than half."""
    bars = [
        Bar("Community interest company limited by shares", 8, recommended=True),
        Bar("Company limited by guarantee", -3),
        Bar("Charity", 4, excluded=True),
    ]
    wide = ET.fromstring(score_bars(bars, "t", "d"))
    narrow = ET.fromstring(score_bars_narrow(bars, "t", "d"))
    assert float(narrow.get("width")) <= 300 < float(wide.get("width")) / 2
    assert "fa-chart--narrow" in narrow.get("class")
    assert _bars(score_bars_narrow(bars, "t", "d")).keys() == {8, -3, 4}
    texts = [t.text for t in narrow.iter(f"{SVG}text")]
    assert any("(recommended)" in t for t in texts)
    assert any("(excluded)" in t for t in texts)
    assert all(len(t) <= 32 for t in texts)
    ids = narrow.get("aria-labelledby").split()
    assert ids != wide.get("aria-labelledby").split()  # both can sit on one page

    marks = {("Form A", "Tax"): Mark(for_=3), ("Form B", "VAT"): Mark(excluded=True)}
    matrix = ET.fromstring(
        tradeoff_matrix_narrow(["Form A", "Form B"], ["Tax", "VAT"], marks, "t", "d")
    )
    assert float(matrix.get("width")) <= 300
    texts = [t.text for t in matrix.iter(f"{SVG}text")]
    assert texts == ["Form A", "Tax", "+3", "Form B", "VAT", "✕"]  # only the marked topics
    both = score_chart(bars, "t", "d")
    assert both.count("<svg") == 2
