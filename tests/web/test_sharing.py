"""Sharing an assessment: a read-only link that can change nothing, both links on the result
page, the warning before changing answers that have a result, and results kept as versions."""

from __future__ import annotations

import itertools
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from formadvisor.web.csrf import COOKIE, FIELD
from tests.support.data import WALES_PHARMACY
from tests.web.test_security import _routes

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def soup(reply) -> BeautifulSoup:
    return BeautifulSoup(reply.text, "html.parser")


def token_of(link: str) -> str:
    return urlsplit(link).path.rsplit("/", 1)[-1]


@pytest.fixture
def saved(client):
    """An assessment made through the API, with its edit id and read token."""
    reply = client.post("/api/v1/assessments", json=WALES_PHARMACY)
    assert reply.status_code == 201, reply.text
    body = reply.json()
    return body["id"], token_of(body["read_link"]), body


def csrf_token(client) -> str:
    client.get("/")
    return client.cookies[COOKIE]


def snapshot(app, aid: str) -> tuple:
    store = app.state.store
    row = store.get(aid)
    versions = [(v.number, v.answers, v.result) for v in store.versions(aid)]
    return row.answers, row.result, row.trace, row.rules_hash, row.editing, versions


def test_the_api_returns_a_read_link_with_its_own_token(saved, client):
    aid, read, body = saved
    assert body["link"].endswith(f"/assessments/{aid}")
    assert body["read_link"].endswith(f"/assessments/{read}")
    assert read != aid
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", read), "at least 128 random bits, URL-safe"
    assert client.get(f"/api/v1/assessments/{aid}").json()["read_link"] == body["read_link"]
    (version,) = body["versions"]
    assert version["number"] == 1
    assert version["recommended"] == body["result"]["organisational_form"]["recommended"]
    assert version["rules_hash"] == body["rules_hash"]
    assert client.get(f"/api/v1/assessments/{read}").status_code == 404, "no API by read token"


def test_read_tokens_are_distinct(app, client):
    reads = {
        token_of(client.post("/api/v1/assessments", json=WALES_PHARMACY).json()["read_link"])
        for _ in range(20)
    }
    assert len(reads) == 20


def test_the_read_link_shows_the_result_and_pdf_and_never_the_edit_link(saved, client):
    aid, read, body = saved
    opened = client.get(body["read_link"])
    assert opened.status_code == 200
    assert urlsplit(str(opened.url)).path == f"/assessments/{read}/result"
    page = soup(opened)
    assert page.h1.get_text(strip=True).startswith("Recommended form")
    assert aid not in opened.text, "a read-only page never shows the edit link's token"
    assert page.find("form") is None
    assert page.select_one("#read-link").get_text(strip=True) == body["read_link"]
    assert page.select_one("#edit-link") is None
    assert "read-only link" in page.select_one(".fa-read-only").get_text()
    pdf = client.get(f"/assessments/{read}/result.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert aid.encode() not in pdf.content
    changes = client.get(f"/assessments/{read}/changes")
    assert changes.status_code == 200
    assert aid not in changes.text
    assert soup(changes).find("form", method="post") is None


def test_the_result_page_shows_both_links_and_a_mailto(saved, client):
    aid, _read, body = saved
    page = soup(client.get(f"/assessments/{aid}/result"))
    assert page.select_one("#edit-link").get_text(strip=True) == body["link"]
    assert page.select_one("#read-link").get_text(strip=True) == body["read_link"]
    buttons = page.select("button.fa-copy")
    assert {b["data-copy"] for b in buttons} == {"edit-link", "read-link"}
    assert all(b.has_attr("hidden") for b in buttons), "shown by share.js only"
    mail = urlsplit(page.select_one("a.fa-mailto")["href"])
    assert mail.scheme == "mailto"
    fields = parse_qs(mail.query)
    assert "formadvisor" in fields["subject"][0]
    assert body["read_link"] in fields["body"][0]
    assert body["link"] not in fields["body"][0], "the email carries the read-only link only"
    assert "%20" in mail.query
    assert " " not in page.select_one("a.fa-mailto")["href"]


def test_journey_pages_refuse_a_read_token(saved, client):
    _aid, read, _ = saved
    for path in ("check", "questions/nation", "services", "services/1", "edit"):
        reply = client.get(f"/assessments/{read}/{path}", follow_redirects=False)
        assert reply.status_code in (403, 404), path
    page = soup(client.get(f"/assessments/{read}/check"))
    assert page.h1.get_text(strip=True) == "This link cannot change the answers"


GROUP_ROUTES = ("/groups/", "/api/v1/groups")


def write_routes(app):
    """Every route that writes, as its full path and its parameters, with each method it takes,
    less a group's (tests/web/test_group_pages.py: a group's links are its own, never an
    assessment's)."""
    for path, route in _routes(app.routes):
        if path.startswith(GROUP_ROUTES):
            continue
        for method in sorted(route.methods & WRITES):
            yield SimpleNamespace(path=path, param_convertors=route.param_convertors), method


def token_paths(route: SimpleNamespace, token: str, questions: list[str]):
    """The route's path with `token` in one or more of its parameters, the others filled with
    values a page of that name takes (a question id, a service number)."""
    names = list(route.param_convertors)
    fillers = {name: ["1", "new", *questions[:2]] for name in names}
    for values in itertools.product(*[[token, *fillers[n]] for n in names]):
        if token in values:
            yield route.path.format(**dict(zip(names, values, strict=True)))


def _send(client, method: str, path: str, csrf: str, read: str):
    if path.startswith("/api/"):
        return client.request(method, path, json=WALES_PHARMACY, params={"token": read})
    form = {FIELD: csrf, "nation": "england", "name": "X", "kind": "community", "token": read}
    return client.request(method, path, data=form, follow_redirects=False)


def test_a_read_token_changes_nothing_on_any_route_that_writes(app, saved, client):
    """Every POST/PUT/PATCH/DELETE route the app has (enumerated, so a new one is covered):
    with the read token in its address it gives 403 or 404; a route with no address parameter
    takes no link and leaves the assessment as it was. The same requests with the edit link
    are let through (the harness can tell the difference)."""
    aid, read, _ = saved
    csrf = csrf_token(client)
    questions = [q.id for q in app.state.advisor.policy.questionnaire.questions]
    before = snapshot(app, aid)
    routes = list(write_routes(app))
    assert {(r.path, m) for r, m in routes} >= {
        ("/assessments/{aid}/check", "POST"),
        ("/assessments/{aid}/questions/{qid}", "POST"),
        ("/assessments/{assessment_id}/changes", "POST"),
        ("/api/v1/assessments", "POST"),
    }
    refused = 0
    for route, method in routes:
        if not route.param_convertors:
            _send(client, method, route.path, csrf, read)
            continue
        for path in token_paths(route, read, questions):
            reply = _send(client, method, path, csrf, read)
            assert reply.status_code in (403, 404), f"{method} {path}: {reply.status_code}"
            refused += 1
        assert snapshot(app, aid) == before, f"{method} {route.path} changed the assessment"
    assert refused >= 10
    assert snapshot(app, aid) == before
    # The control: the edit link's token gets past every one of those routes' checks (a
    # group's routes take a group's links, not an assessment's: tests/web/test_api_groups.py).
    for route, method in routes:
        if route.param_convertors and not route.path.startswith(GROUP_ROUTES):
            statuses = {
                _send(client, method, p, csrf, read).status_code
                for p in token_paths(route, aid, questions)
            }
            assert statuses - {403, 404}, f"{method} {route.path} refuses the edit link too"


def _form(page: BeautifulSoup) -> tuple[str, dict]:
    form = page.find("form", method="post")
    return form["action"], {FIELD: form.find("input", {"name": FIELD})["value"]}


def test_changing_answers_warns_first_keeps_the_result_and_adds_a_version(app, saved, client):
    aid, read, _ = saved
    store = app.state.store
    first = store.get(aid).result
    question = client.get(f"/assessments/{aid}/questions/member_practices", follow_redirects=False)
    assert question.status_code == 303
    warning_url = question.headers["location"]
    assert warning_url.startswith(f"/assessments/{aid}/edit?next=")
    # A form posted without the warning saves nothing.
    csrf = csrf_token(client)
    posted = client.post(
        f"/assessments/{aid}/questions/member_practices",
        data={FIELD: csrf, "member_practices": "7"},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert posted.headers["location"].startswith(warning_url[:40])
    assert store.get(aid).answers == WALES_PHARMACY

    warning = soup(client.get(warning_url))
    assert warning.h1.get_text(strip=True) == "Before you change your answers"
    assert "Your result is kept" in warning.get_text()
    action, data = _form(warning)
    went = client.post(action, data=data, follow_redirects=False)
    assert went.status_code == 303
    assert unquote(went.headers["location"]) == f"/assessments/{aid}/questions/member_practices"

    changed = client.post(
        f"/assessments/{aid}/questions/member_practices",
        data={FIELD: csrf, "member_practices": "7"},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    row = store.get(aid)
    assert row.answers["member_practices"] == 7
    assert row.result == first, "the old result stays until a new one is made"
    result = soup(client.get(f"/assessments/{aid}/result"))
    assert result.select_one(".fa-answers-changed") is not None
    assert client.get(f"/assessments/{aid}/result.pdf").status_code == 200
    read_page = soup(client.get(f"/assessments/{read}/result"))
    assert read_page.select_one(".fa-answers-changed") is None
    assert len(store.versions(aid)) == 1

    action, data = _form(soup(client.get(f"/assessments/{aid}/check")))
    done = client.post(action, data=data, follow_redirects=False)
    assert done.headers["location"] == f"/assessments/{aid}/result"
    versions = store.versions(aid)
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].result == first
    assert versions[0].answers == WALES_PHARMACY
    assert versions[1].answers["member_practices"] == 7
    assert store.get(aid).editing is False
    again = client.get(f"/assessments/{aid}/questions/member_practices", follow_redirects=False)
    assert again.headers["location"].startswith(f"/assessments/{aid}/edit"), "warns again"

    compared = soup(client.get(f"/assessments/{read}/changes?from=1&to=2"))
    assert compared.h1.get_text(strip=True) == "Version 1 and version 2 compared"
    cells = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in compared.select(".fa-answer-changes tbody tr")
    ]
    assert len(cells) == 1
    assert cells[0][1:] == ["3", "7"]
    assert compared.find("form", method="post") is None
    picker = compared.select_one("form.fa-compare")
    assert picker["method"] == "get"
    assert [o["value"] for o in picker.select("#compare-from option")] == ["1", "2"]
    links = [a["href"] for a in compared.select(".fa-versions a[download]")]
    assert links == [f"/assessments/{read}/versions/{n}/result.pdf" for n in (1, 2)]
    old_pdf = client.get(links[0])
    assert old_pdf.status_code == 200
    assert old_pdf.headers["content-type"] == "application/pdf"
    assert client.get(f"/assessments/{read}/versions/3/result.pdf").status_code == 404
    assert client.get("/assessments/nope/versions/1/result.pdf").status_code == 404


def test_the_warning_only_returns_to_pages_of_its_own_assessment(saved, client):
    aid, _, _ = saved
    for target in ("https://evil.example/", "//evil.example/x", "/assessments/other/check"):
        page = soup(client.get(f"/assessments/{aid}/edit", params={"next": target}))
        action = page.find("form", method="post")["action"]
        assert unquote(action).endswith(f"next=/assessments/{aid}/check"), target
