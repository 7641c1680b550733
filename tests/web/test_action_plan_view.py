"""The action plan partial (templates/action_plan.html): a timeline picture with a title and a
description, and the same steps as a table; parsed, not matched as text."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from formadvisor.i18n import gettext
from formadvisor.rules.yamlfile import read_yaml
from formadvisor.settings import Settings
from formadvisor.web.language import using
from formadvisor.web.templating import long_date, make_templates
from formadvisor.web.timeline import timeline_svg, weeks_words
from tests.support.data import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"
MACRO = '{% from "action_plan.html" import action_plan %}{{ action_plan(plan, timeline, pdf=pdf) }}'


@pytest.fixture(scope="module")
def federation(advisor):
    answers = read_yaml(EXAMPLES / "english_federation_bidding.yaml").data
    return advisor.recommend(answers, as_of=dt.date(2026, 12, 6), what_if=False)


def render(rec, pdf=False) -> BeautifulSoup:
    env = make_templates(Settings().templates_dir).env
    html = env.from_string(MACRO).render(
        plan=rec.action_plan, timeline=rec.action_plan_timeline, pdf=pdf
    )
    return BeautifulSoup(html, "html.parser")


def test_the_table_has_a_row_a_step_with_who_fee_and_time(federation):
    page = render(federation)
    rows = page.select("table.fa-plan-table tbody tr")
    assert len(rows) == len(federation.action_plan)
    company = next(r for r in rows if "Incorporate the company" in r.get_text())
    cells = [" ".join(c.get_text(" ").split()) for c in company.find_all("td")]
    assert "A director, or your solicitor or accountant" in cells[1]
    assert cells[2].startswith("Fee £50 (£50 online, £71 on paper)")
    assert "0 to 1 weeks" in cells[3]
    assert "ask Companies House" in cells[3]
    source = company.select_one("details li.fa-source")  # as the report's Sources show it
    assert source.get_text().strip().startswith("P3.1:")
    assert source.select_one("a")["href"].startswith("https://")
    assert source.select_one("a").get("lang") is None  # an English page marks no English
    cqc = next(r for r in rows if "Register the body with CQC" in r.get_text())
    assert "After step" in cqc.get_text()
    assert "not known" in cqc.find_all("td")[3].get_text()


def test_the_timeline_is_an_image_with_a_title_and_a_description(federation):
    figure = render(federation).select_one("figure.fa-plan__figure svg")
    assert figure["role"] == "img"
    assert figure["aria-labelledby"] == "plan-title plan-desc"
    assert figure.find("title").get_text() == "Action plan timeline"
    desc = figure.find("desc").get_text()
    assert f"{len(federation.action_plan)} steps" in desc
    assert "0 to 9 weeks" in desc


def test_an_unknown_time_is_said_in_words_and_drawn_dashed_not_by_colour(federation):
    root = ET.fromstring(timeline_svg(federation.action_plan, federation.action_plan_timeline))
    steps = root.findall(f"{SVG}g")
    assert len(steps) == len(federation.action_plan)
    for group, step in zip(steps, federation.action_plan, strict=True):
        words = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
        bar = group.find(f"{SVG}rect")
        if step.weeks is None:
            assert "time not known" in words
            assert bar.get("stroke-dasharray")
        else:
            assert "time not known" not in words
            assert bar.get("stroke-dasharray") is None
    # the start the group asked for, in words as well as a line
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Your start: week 39 (red dashed line)" in texts
    assert int(root.get("width")) <= 340  # readable on a 320 px screen without scaling down
    assert root.get("class") == "fa-chart fa-timeline"  # shown on every screen, wide or narrow


def test_the_bars_run_from_the_earliest_start_to_the_latest_end(federation):
    plan = federation.action_plan
    root = ET.fromstring(timeline_svg(plan, federation.action_plan_timeline))
    rects = [g.find(f"{SVG}rect") for g in root.findall(f"{SVG}g")]
    scale = (340 - 16) / 39  # the plot spans today to the group's start (week 39)
    dbs = next(i for i, s in enumerate(plan) if s.id == "step.dbs_checks")
    assert float(rects[dbs].get("x")) == pytest.approx(8 + plan[dbs].starts_week[0] * scale)
    assert float(rects[dbs].get("width")) == pytest.approx(
        (plan[dbs].ends_week[1] - plan[dbs].starts_week[0]) * scale
    )


def test_on_paper_sources_are_named_not_folded(federation):
    page = render(federation, pdf=True)
    assert not page.select("table.fa-plan-table details")
    assert "Sources: P3.1" in page.select_one("table.fa-plan-table").get_text()


def test_an_empty_plan_renders_nothing(federation):
    empty = federation.model_copy(update={"action_plan": (), "action_plan_timeline": None})
    assert render(empty).get_text().strip() == ""


@pytest.mark.parametrize(
    ("weeks", "words"), [(None, "time not known"), ((0, 2), "0 to 2 weeks"), ((3, 3), "3 weeks")]
)
def test_weeks_in_words(weeks, words):
    assert weeks_words(weeks) == words


def test_in_welsh_the_timeline_table_and_dates_speak_welsh(advisor):
    answers = read_yaml(EXAMPLES / "english_federation_bidding.yaml").data
    rec = advisor.language("cy").recommend(answers, as_of=dt.date(2026, 12, 6), what_if=False)
    with using("cy"):
        root = ET.fromstring(timeline_svg(rec.action_plan, rec.action_plan_timeline))
        table = render(rec)
        said = [long_date(dt.date(2026, 12, 6)), weeks_words(None), weeks_words((2, 2))]
    assert root.find(f"{SVG}title").text == gettext("cy", "Action plan timeline")
    assert gettext("cy", "Weeks from today") in "".join(root.itertext())
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == [gettext("cy", w) for w in ("Step", "Who", "Fee", "Time")]
    assert headers != ["Step", "Who", "Fee", "Time"]
    assert said == ["6 Rhagfyr 2026", gettext("cy", "time not known"), "2 wythnos"]
    assert said[1] != "time not known"
    # A public document's title stays as published, marked English on the Welsh page.
    titles = table.select("details li.fa-source a.fa-source__link")
    assert titles
    assert {a.get("lang") for a in titles} == {"en"}
