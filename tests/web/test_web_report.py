"""The result page and its PDF, on a saved assessment run through the real rules.

Expectations come from the stored Recommendation and the questionnaire, never from copies of
what today's rules happen to say.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from ruamel.yaml import YAML

from formadvisor.advice.results import Recommendation
from formadvisor.store.assessments import run_assessment
from formadvisor.web.report_view import parse_citation
from tests.support.data import EXAMPLES

EXAMPLE = EXAMPLES / "welsh_cluster_pharmacists.yaml"


@pytest.fixture(scope="module")
def saved(shared_client) -> tuple[str, Recommendation]:
    """A saved assessment of the Welsh cluster example, run as the check page would."""
    state = shared_client.app.state
    row = state.store.create(YAML(typ="safe").load(EXAMPLE))
    row = run_assessment(state.advisor, state.store, row.id)
    return row.id, Recommendation.model_validate(row.result)


@pytest.fixture(scope="module")
def page(shared_client, saved) -> BeautifulSoup:
    reply = shared_client.get(f"/assessments/{saved[0]}/result")
    assert reply.status_code == 200
    assert reply.headers["cache-control"] == "no-store"
    return BeautifulSoup(reply.text, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def _words(text: str) -> str:
    return " ".join(text.split())


def _winner(ranking):
    return next(o for o in ranking.ranking if o.option == ranking.recommended)


def _check_reason(li, reason) -> None:
    """The reason's rule id and every source, each with its link when the source has one."""
    assert li.select_one("code.fa-rule-id").get_text() == reason.rule
    assert reason.because in _text(li)
    sources = li.select("li.fa-source")
    assert [s.select_one(".fa-source__id").get_text() for s in sources] == [
        parse_citation(c).id for c in reason.sources
    ]
    for node, cite in zip(sources, reason.sources, strict=True):
        url = parse_citation(cite).url
        link = node.select_one("a")
        assert (link["href"] if link else None) == url
    _check_cites(li, reason.sources)


def _check_cites(li, citations) -> None:
    """On paper the item names its sources by reference, each a link to the Sources list."""
    refs = li.select(".fa-cites a.fa-cite")
    ids = [parse_citation(c).id for c in citations]
    assert [a.get_text() for a in refs] == ids
    assert [a["href"] for a in refs] == [f"#source-{i}" for i in ids]
    unsourced = [parse_citation(c).id for c in citations if parse_citation(c).check_with]
    for ident in unsourced:
        assert f"{ident} (unsourced)" in _text(li.select_one(".fa-cites"))


def test_the_recommended_form_is_the_heading_and_the_summary_follows(page, saved):
    _, rec = saved
    label = _winner(rec.organisational_form).label
    assert _text(page.h1) == f"Recommended form: {label}"
    assert page.title.get_text().startswith(f"Recommendation: {label}")
    assert _text(page.select_one(".fa-headline")) == rec.summary.headline
    assert [_text(li) for li in page.select(".fa-why li")] == list(rec.summary.why)
    # the adviser's arithmetic is folded, never on the page as first read
    assert page.select_one(".fa-decision-summary").find_parent("details") is not None


def test_each_service_shows_its_route_by_label(page, saved):
    _, rec = saved
    rows = page.select(".fa-routes .nhsuk-summary-list__row")
    assert [_text(r.dt) for r in rows] == [s.name for s in rec.services]
    for row, service in zip(rows, rec.services, strict=True):
        route = _winner(service.contract_route)
        assert _text(row.select_one(".fa-route")) == route.label
        assert route.option not in _text(row)  # a label, never the id


def test_reasons_for_the_winner_carry_rule_ids_and_linked_sources(page, saved):
    _, rec = saved
    form = rec.organisational_form
    why = page.select_one("#why")
    heading = why.find("h3", string=re.compile("^Reasons for"))
    items = heading.find_next_sibling("ul").find_all("li", class_="fa-reason", recursive=False)
    assert [li["data-rule"] for li in items] == [r.rule for r in _winner(form).for_]
    for li, reason in zip(items, _winner(form).for_, strict=True):
        _check_reason(li, reason)
    assert any(li.select("a[href^=http]") for li in items)


def test_the_runner_up_says_by_how_much_it_lost_and_what_counts_against_it(page, saved):
    _, rec = saved
    form = rec.organisational_form
    win = _winner(form)
    runner = next(o for o in form.ranking if o.option == form.decision.runner_up)
    block = page.select_one(f"#why .fa-option[data-option='{runner.option}']")
    margin = form.decision.margin
    behind = f"{margin} fewer than {win.label}" if margin else f"the same as {win.label}"
    assert f"scores {runner.score}, {behind}" in _text(block)
    assert "runner-up" in _text(block)
    for other in (o for o in form.ranking if o.eligible and o.option != win.option):
        block = page.select_one(f"#why .fa-option[data-option='{other.option}']")
        rules = [li["data-rule"] for li in block.select(".fa-reasons")[0].select("li.fa-reason")]
        if other.against:
            assert rules == [r.rule for r in other.against]


def test_excluded_options_say_which_rule_rules_them_out(page, saved):
    _, rec = saved
    excluded = [o for o in rec.organisational_form.ranking if not o.eligible]
    assert excluded, "the example has excluded forms"
    for option in excluded:
        block = page.select_one(f"#why .fa-option--excluded[data-option='{option.option}']")
        assert option.label in _text(block)
        assert "Excluded" in _text(block)
        items = block.select("li.fa-reason")
        assert [li["data-rule"] for li in items] == [r.rule for r in option.excluded_by]
        for li, reason in zip(items, option.excluded_by, strict=True):
            _check_reason(li, reason)


def test_each_service_explains_its_route_with_reasons_and_exclusions(page, saved):
    _, rec = saved
    for service in rec.services:
        block = page.select_one(f"#services .fa-service[data-service='{service.name}']")
        route = service.contract_route
        assert _text(block.h3) == f"{service.name}: {_winner(route).label}"
        shown = {li["data-rule"] for li in block.select("li.fa-reason")}
        for option in route.ranking:
            expected = option.excluded_by if not option.eligible else option.against
            if option.option == route.recommended:
                expected = option.for_
            assert {r.rule for r in expected} <= shown
        warned = block.select_one(".nhsuk-card--warning") is not None
        assert warned == (route.decision.close_call or route.decision.rests_on_unsourced)


def test_considerations_are_grouped_by_topic_with_caveats_apart(page, saved, policy):
    _, rec = saved
    order = [t.id for t in policy.options.topics]
    groups = page.select("#considerations .fa-topic")
    topics = [g["data-topic"] for g in groups]
    assert topics == sorted(topics, key=order.index)
    assert set(topics) == {c.topic for c in rec.every_consideration()}
    labels = {t.id: t.label for t in policy.options.topics}
    for group in groups:
        assert _text(group.h3) == labels[group["data-topic"]]
        mine = [c for c in rec.every_consideration() if c.topic == group["data-topic"]]
        caveats = group.select(".fa-caveats li.fa-consideration")
        assert len(caveats) == sum(c.caveat for c in mine)
        assert len(group.select("li.fa-consideration")) == len(mine)
        for c in mine:
            assert _words(c.text) in _text(group)
    seek = [c for c in rec.every_consideration() if c.text.startswith("Seek advice on")]
    unsourced = [c for c in rec.every_consideration() if c.text.startswith("Not confirmed")]
    assert seek, "the example asks for advice"
    assert unsourced, "the example relies on unsourced facts"
    caveat_text = " ".join(_text(n) for n in page.select(".fa-caveats"))
    for c in seek + unsourced:
        assert _words(c.text) in caveat_text
    assert page.select("#considerations .fa-source .nhsuk-tag")  # unsourced flagged on the source


def _all_cited(rec: Recommendation) -> dict[str, str]:
    """Each source the recommendation cites anywhere, by id."""
    rankings = [rec.organisational_form, *(s.contract_route for s in rec.services)]
    items = [*rec.every_consideration(), *rec.what_if]
    for ranking in rankings:
        items += ranking.decision.deciding_reasons
        for o in ranking.ranking:
            items += [*o.for_, *o.against, *o.excluded_by]
    return {parse_citation(c).id: c for item in items for c in item.sources}


def _natural(ident: str) -> list[tuple[int, int | str]]:
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", ident) if p]


def test_one_sources_list_holds_every_cited_source_once_in_full(page, saved):
    _, rec = saved
    cited = _all_cited(rec)
    entries = page.select("#sources ol.fa-source-list > li.fa-source")
    ids = [li.select_one(".fa-source__id").get_text() for li in entries]
    assert sorted(ids) == sorted(cited), "every cited source, each once"
    assert ids == sorted(ids, key=_natural)  # by id: N9.2 before P1.7 before P1.10
    for li in entries:
        c = parse_citation(cited[li["id"].removeprefix("source-")])
        assert li["id"] == f"source-{c.id}"
        link = li.select_one("a.fa-source__link")
        assert (link["href"] if link else None) == c.url
        assert c.title in _text(li)
        if c.in_force:
            assert f"in force from {c.in_force:%-d %B %Y}" in _text(li)
        tag = li.select_one(".nhsuk-tag")
        assert (tag is not None) == bool(c.check_with)
        if c.check_with:
            assert f"check with {c.check_with}" in _text(li)
    assert any(parse_citation(c).in_force for c in cited.values())
    assert any(parse_citation(c).check_with for c in cited.values())


def test_every_reason_and_consideration_names_its_sources_by_reference(page, saved):
    _, rec = saved
    targets = {li["id"] for li in page.select("#sources li.fa-source")}
    items = page.select("li.fa-reason, li.fa-consideration")
    assert len(items) > 20
    for li in items:
        refs = li.select(".fa-cites a.fa-cite")
        listed = li.select(".fa-sources .fa-source__id")
        assert [a.get_text() for a in refs] == [s.get_text() for s in listed]
        assert {a["href"].removeprefix("#") for a in refs} <= targets
    considerations = page.select("#considerations li.fa-consideration")
    for li, c in zip(considerations, _considerations_in_page_order(rec, page), strict=True):
        _check_cites(li, c.sources)


def _considerations_in_page_order(rec: Recommendation, page) -> list:
    """The considerations as the page groups them: by topic, notes before caveats."""
    out = []
    for group in page.select("#considerations .fa-topic"):
        mine = [c for c in rec.every_consideration() if c.topic == group["data-topic"]]
        out += [c for c in mine if not c.caveat] + [c for c in mine if c.caveat]
    return out


def test_a_reason_printed_again_in_a_section_points_to_its_first_printing(page):
    """On paper a reason repeated for another option shows only its rule line ("as above")."""
    again = page.select("li.fa-reason--again")
    assert again, "the example repeats a reason for several forms"
    for li in again:
        assert "reason as above" in _text(li.select_one(".fa-again"))
        section = li.find_parent("section")
        earlier = [
            x
            for x in li.find_all_previous("li", class_="fa-reason")
            if x.find_parent("section") is section
            and x.find_parent(class_="fa-for-others") is None  # not printed
            and "fa-reason--again" not in x["class"]
            and x["data-rule"] == li["data-rule"]
        ]
        assert earlier, li["data-rule"]
        because = _text(li.select_one(".fa-reason__because"))
        assert because in {_text(x.select_one(".fa-reason__because")) for x in earlier}


def test_what_if_uses_the_questionnaires_wording(page, saved, policy):
    _, rec = saved
    sentences = [_text(p) for p in page.select("#what-if .fa-what-if__sentence")]
    assert len(sentences) == len(rec.what_if)
    questions = {q.id: q for q in policy.questionnaire.questions}
    form_changes = [w for w in rec.what_if if w.question in questions]
    assert form_changes, "the example has a what-if on a group answer"
    labels = {o.id: o.label for o in policy.options.forms}
    for w in form_changes:
        q = questions[w.question]
        answer = (
            ", ".join(q.label_of(v) for v in w.answer)
            if isinstance(w.answer, tuple)
            else q.label_of(w.answer)
        )
        expected = f"If you answered “{q.text}” with “{answer}” instead"
        matches = [s for s in sentences if s.lower().startswith(expected.lower())]
        assert matches, expected
        assert any(
            f"the recommended form would be {labels[w.organisational_form]}" in s for s in matches
        )
    service_questions = {q.id: q for q in policy.questionnaire.service_questions}
    routes = {o.id: o.label for o in policy.options.routes}
    for w in rec.what_if:
        m = re.fullmatch(r"services\[(\d+)\]\.(\w+)", w.question)
        if m:
            service = rec.services[int(m.group(1))]
            q = service_questions[m.group(2)]
            start = f"If you answered “{q.text}” for {service.name} with"
            matches = [s for s in sentences if s.startswith(start)]
            assert matches, start
            new_route = w.services[service.name]
            if new_route != service.contract_route.recommended:
                label = routes[new_route] if new_route else "none that can be recommended"
                assert any(f"its contract route would be {label}" in s for s in matches)


def test_score_chart_has_title_description_and_a_table_with_the_same_scores(page, saved):
    _, rec = saved
    svgs = page.select("#why figure svg[role=img]")
    assert len(svgs) == 4  # the score chart and the matrix, each side by side and stacked
    ids = [i for svg in svgs for i in svg["aria-labelledby"].split()]
    assert len(ids) == len(set(ids))
    narrow = [int(r["data-score"]) for r in svgs[1].select("rect[data-score]")]
    assert narrow == [o.score for o in rec.organisational_form.ranking]
    for svg in svgs:
        ids = svg["aria-labelledby"].split()
        assert [svg.find(id=i).name for i in ids] == ["title", "desc"]
        assert all(_text(svg.find(id=i)) for i in ids)
    ranking = rec.organisational_form.ranking
    bars = [int(r["data-score"]) for r in svgs[0].select("rect[data-score]")]
    assert bars == [o.score for o in ranking]
    rows = page.select(".fa-score-table tbody tr")
    table = [(_text(r.th), int(r.td.get_text())) for r in rows]
    assert table == [(o.label, o.score) for o in ranking]
    status = [_text(r.select("td")[1]) for r in rows]
    assert status == [
        "Recommended"
        if o.option == rec.organisational_form.recommended
        else ("Possible" if o.eligible else "Excluded")
        for o in ranking
    ]


def test_tradeoff_table_matches_the_reasons_by_topic(page, saved, policy):
    _, rec = saved
    topic_of = {pr.rule.id: pr.topic for pr in policy.rules}
    labels = {t.id: t.label for t in policy.options.topics}
    table = page.select_one(".fa-tradeoff-table")
    heads = [_text(th) for th in table.select("thead th")][1:]
    for row, option in zip(table.select("tbody tr"), rec.organisational_form.ranking, strict=True):
        assert _text(row.th) == option.label
        cells = dict(zip(heads, (_text(td) for td in row.select("td")), strict=True))
        for reason in option.for_:
            assert "for +" in cells[labels[topic_of[reason.rule]]]
        for reason in option.against:
            assert "against −" in cells[labels[topic_of[reason.rule]]]
        for reason in option.excluded_by:
            assert "excluded" in cells[labels[topic_of[reason.rule]]]


def test_disclaimer_ruleset_and_date_are_shown(page, saved):
    _, rec = saved
    about = page.select_one("#about")
    assert rec.disclaimer in _text(about)
    assert rec.disclaimer in _text(page.select_one(".fa-disclaimer"))
    assert _text(about.select_one(".fa-ruleset")) == rec.ruleset.version
    assert about.select_one("time")["datetime"] == rec.as_of.isoformat()


def test_download_link_and_no_warning_when_the_lead_is_safe(page, saved):
    assessment_id, rec = saved
    link = page.find("a", string=re.compile(r"Download .*\(PDF\)"))
    assert link["href"] == f"/assessments/{assessment_id}/result.pdf"
    decision = rec.organisational_form.decision
    warned = page.select_one(".fa-answer .nhsuk-card--warning") is not None
    assert warned == (decision.close_call or decision.rests_on_unsourced)


def _store(shared_client, rec: Recommendation) -> str:
    store = shared_client.app.state.store
    row = store.create({})
    store.update(row.id, result=json.loads(rec.to_json()))
    return row.id


def test_a_close_call_resting_on_unsourced_facts_is_a_warning_up_front(shared_client, saved):
    _, rec = saved
    form = rec.organisational_form
    risky = form.decision.model_copy(update={"close_call": True, "rests_on_unsourced": True})
    assessment_id = _store(
        shared_client,
        rec.model_copy(update={"organisational_form": form.model_copy(update={"decision": risky})}),
    )
    page = BeautifulSoup(
        shared_client.get(f"/assessments/{assessment_id}/result").text, "html.parser"
    )
    callout = page.select_one(".fa-answer .nhsuk-card--warning")
    assert callout.find_previous("h1") is page.h1
    assert "close call" in _text(callout)
    assert "no public source confirmed" in _text(callout)


def test_a_draft_without_a_result_goes_to_check_answers(shared_client):
    row = shared_client.app.state.store.create({"nation": "wales"})
    for suffix in ("result", "result.pdf"):
        reply = shared_client.get(f"/assessments/{row.id}/{suffix}", follow_redirects=False)
        assert reply.status_code == 303
        assert reply.headers["location"] == f"/assessments/{row.id}/check"


def test_an_unknown_assessment_is_a_not_found_page(shared_client):
    for suffix in ("result", "result.pdf"):
        reply = shared_client.get(f"/assessments/no-such-id/{suffix}")
        assert reply.status_code == 404
        page = BeautifulSoup(reply.text, "html.parser")
        assert _text(page.h1) == "Page not found"


def test_the_pdf_is_the_report_as_an_attachment(shared_client, saved):
    assessment_id, rec = saved
    reply = shared_client.get(f"/assessments/{assessment_id}/result.pdf")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/pdf"
    disposition = reply.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert re.search(r'filename="formadvisor-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf"', disposition)
    assert assessment_id not in disposition
    reader = PdfReader(io.BytesIO(reply.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert _winner(rec.organisational_form).label in text
    assert rec.disclaimer in text
    compact = "".join(text.split())  # long URLs wrap across lines
    urls = [parse_citation(c).url for r in _winner(rec.organisational_form).for_ for c in r.sources]
    assert any(url and url in compact for url in urls)  # printed links show where they go
    # Each source printed once, in the Sources list; reasons name them by reference.
    sources = [parse_citation(c) for c in _all_cited(rec).values()]
    listed = "".join(text[text.rindex("Sources") :].split())
    for c in sources:
        assert f"{c.id}:" in listed
        if c.url:
            printed_in_list = sum(c.url in (s.url or "") for s in sources)
            assert compact.count(c.url) == printed_in_list, c.id
    assert "sources P" in text
    assert "Download PDF" not in text  # no buttons in print
    assert "Skip to main content" not in text


def test_a_result_made_under_other_rules_links_to_what_changed(shared_client, saved):
    _, rec = saved
    older = rec.model_copy(update={"ruleset": rec.ruleset.model_copy(update={"version": "0" * 16})})
    assessment_id = _store(shared_client, older)
    page = BeautifulSoup(
        shared_client.get(f"/assessments/{assessment_id}/result").text, "html.parser"
    )
    link = page.select_one(".fa-rules-changed a")
    assert link["href"] == f"/assessments/{assessment_id}/changes"
    assert _text(page.select_one("#about .fa-ruleset")) == "0" * 16
    current = BeautifulSoup(
        shared_client.get(f"/assessments/{saved[0]}/result").text, "html.parser"
    )
    assert current.select_one(".fa-rules-changed") is None


def test_when_every_option_is_excluded_the_page_says_none_fits(shared_client, saved):
    _, rec = saved
    shut = tuple(o.model_copy(update={"eligible": False}) for o in rec.organisational_form.ranking)
    form = rec.organisational_form.model_copy(update={"recommended": None, "ranking": shut})
    service = rec.services[0]
    route = service.contract_route.model_copy(update={"recommended": None})
    services = (service.model_copy(update={"contract_route": route}), *rec.services[1:])
    assessment_id = _store(
        shared_client, rec.model_copy(update={"organisational_form": form, "services": services})
    )
    page = BeautifulSoup(
        shared_client.get(f"/assessments/{assessment_id}/result").text, "html.parser"
    )
    assert _text(page.h1) == "No organisational form fits your answers"
    assert len(page.select("#why .fa-option--excluded")) == len(shut)
    row = page.select_one(f".fa-routes [data-service='{service.name}'] .fa-route")
    assert _text(row).startswith("No contract route fits")


def test_a_result_that_no_longer_reads_goes_back_to_check_answers(shared_client):
    store = shared_client.app.state.store
    row = store.create({})
    store.update(row.id, result={"not": "a recommendation"})
    reply = shared_client.get(f"/assessments/{row.id}/result", follow_redirects=False)
    assert reply.status_code == 303
    assert reply.headers["location"] == f"/assessments/{row.id}/check"


def _result_page(client, path: str) -> BeautifulSoup:
    return BeautifulSoup(client.get(path).text, "html.parser")
