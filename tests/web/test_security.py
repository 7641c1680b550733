"""Web hardening (web/security.py and friends): headers, CSRF on every form post, body limits,
saved-assessment ids, no listing, no stack traces, no timing leak on a wrong id."""

from __future__ import annotations

import base64
import logging
import re
import secrets
import statistics
import time

from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from formadvisor.settings import Settings
from formadvisor.store.database import new_id
from formadvisor.web import csrf, security
from formadvisor.web.api_errors import MAX_BODY
from formadvisor.web.app import create_app
from tests.support.data import WALES_PHARMACY


def _saved(client) -> str:
    reply = client.post("/api/v1/assessments", json=WALES_PHARMACY)
    assert reply.status_code == 201
    return reply.json()["id"]


# --- headers ---------------------------------------------------------------------------------


def test_every_kind_of_response_has_the_security_headers(client):
    aid = _saved(client)
    replies = {
        "page": client.get("/"),
        "result": client.get(f"/assessments/{aid}/result"),
        "missing page": client.get("/no-such-page"),
        "api": client.get(f"/api/v1/assessments/{aid}"),
        "api error": client.get("/api/v1/assessments/nope"),
        "openapi": client.get("/openapi.json"),
        "docs": client.get("/docs"),
        "static": client.get("/static/formadvisor.css"),
        "refused form": client.post("/assessments", data={}),
        "health": client.get("/healthz"),
    }
    for what, reply in replies.items():
        for name, value in security.HEADERS.items():
            assert reply.headers.get(name) == value, (what, name)
        assert "server" not in reply.headers, what


def test_hsts_only_over_https(app):
    with TestClient(app, base_url="https://testserver") as secure:
        assert secure.get("/healthz").headers["strict-transport-security"].startswith("max-age=")
    with TestClient(app) as plain:
        assert "strict-transport-security" not in plain.get("/healthz").headers


def test_the_csp_allows_no_inline_script_framing_or_plugins():
    directives = dict(d.split(" ", 1) for d in security.CSP.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in security.CSP
    assert security.HEADERS["X-Frame-Options"] == "DENY"


def test_no_page_has_an_inline_script_or_style(client):
    """What the CSP would refuse, looked for in the HTML itself (the browser test sees it run)."""
    aid = _saved(client)
    draft = client.post("/assessments", data={csrf.FIELD: _token(client)}, follow_redirects=False)
    question = draft.headers["location"]
    urls = [
        "/",
        "/docs",
        question,
        f"/assessments/{aid}/check",
        f"/assessments/{aid}/services",
        f"/assessments/{aid}/services/1",
        f"/assessments/{aid}/services/1/remove",
        f"/assessments/{aid}/services/1/kind",
        f"/assessments/{aid}/result",
        "/rules",
        "/rules?q=pension",
        "/rules/topics/pension",
        f"/assessments/{aid}/changes",
        "/no-such-page",
    ]
    for url in urls:
        reply = client.get(url)
        assert reply.status_code in (200, 404), url
        html = BeautifulSoup(reply.text, "html.parser")
        assert html.find_all("script"), url  # scripts there are, as files
        for script in html.find_all("script"):
            assert script.get("src", "").startswith("/static/"), (url, str(script)[:80])
            assert not script.string or not script.string.strip(), url
        assert html.find("style") is None, url
        assert html.find(style=True) is None, (url, str(html.find(style=True))[:80])
        assert not html.find_all(attrs=lambda a: a and any(k.startswith("on") for k in a)), url


# --- CSRF ------------------------------------------------------------------------------------


def _token(client) -> str:
    client.get("/")
    return client.cookies[csrf.COOKIE]


def _routes(routes) -> list[APIRoute]:
    """Every endpoint, through included routers (FastAPI ≥ 0.16x keeps them nested; the
    routers here carry their own prefix, so a route's path is its full path)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += _routes(route.original_router.routes)
    return found


def _form_posts(app: FastAPI) -> list[str]:
    """Every route outside the JSON API that takes a POST, as a path template."""
    return [
        r.path
        for r in _routes(app.routes)
        if "POST" in r.methods and not r.path.startswith("/api/")
    ]


def _fill(path: str, aid: str, qid: str) -> str:
    values = {"aid": aid, "assessment_id": aid, "qid": qid, "n": "1"}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x"), path)


def test_every_form_post_is_refused_without_its_token(client, app):
    posts = _form_posts(app)
    # The journey's start, each question, add/change/remove a service, check, re-run: 7 forms.
    assert len(posts) >= 7, posts
    qid = app.state.advisor.policy.questionnaire.questions[0].id
    token = _token(client)
    cookieless = TestClient(app)  # no lifespan of its own: it shares the app's open store
    for path in posts:
        aid = _saved(client)
        before = client.app.state.store.get(aid)
        url = _fill(path, aid, qid)
        data = {"nation": "england", "name": "Other", "kind": "other"}
        refusals = {
            "no token": (client, data),
            "wrong token": (client, {**data, csrf.FIELD: "x" * 43}),
            "token, no cookie": (cookieless, {**data, csrf.FIELD: token}),
        }
        for why, (sender, form) in refusals.items():
            reply = sender.post(url, data=form, follow_redirects=False)
            assert reply.status_code == 403, (path, why, reply.status_code)
        after = client.app.state.store.get(aid)
        assert (after.answers, after.result, after.updated) == (
            before.answers,
            before.result,
            before.updated,
        ), path
        # With the token the same post is not refused (the token was the only thing missing).
        reply = client.post(url, data={**data, csrf.FIELD: token}, follow_redirects=False)
        assert reply.status_code != 403, path


def test_the_api_takes_only_json_so_a_cross_site_form_cannot_post_to_it(client):
    """A form on another site can send only form encodings or text/plain without a CORS
    preflight; the API refuses all of them (415) and saves nothing."""
    for kind in ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain"):
        body = '{"nation": "wales"}'
        reply = client.post("/api/v1/assessments", content=body, headers={"content-type": kind})
        assert reply.status_code == 415, kind


# --- body size limits --------------------------------------------------------------------------


def test_a_form_post_over_the_limit_is_refused_before_it_is_read(client, app):
    qid = app.state.advisor.policy.questionnaire.questions[0].id
    aid = _saved(client)
    token = _token(client)
    big = {csrf.FIELD: token, "name": "x" * (security.FORM_MAX_BODY + 1)}
    for path in _form_posts(app):
        reply = client.post(_fill(path, aid, qid), data=big, follow_redirects=False)
        assert reply.status_code == 413, path
        assert "too long" in reply.text
    small = {csrf.FIELD: token, "nation": "wales"}
    reply = client.post(f"/assessments/{aid}/questions/nation", data=small, follow_redirects=False)
    assert reply.status_code == 303


def test_a_streamed_form_body_is_cut_off_at_the_limit(client):
    """No Content-Length (chunked): counted as it arrives, refused once past the limit."""
    aid = _saved(client)
    token = _token(client)
    sent = []

    def chunks():
        yield f"{csrf.FIELD}={token}&name=".encode()
        for _ in range(security.FORM_MAX_BODY // 1024 + 8):
            sent.append(1)
            yield b"x" * 1024

    reply = client.post(
        f"/assessments/{aid}/questions/nation",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert reply.status_code == 413
    assert client.app.state.store.get(aid).answers == WALES_PHARMACY


def test_every_api_body_route_has_its_limit(client, app):
    posts = [
        (method, r.path)
        for r in _routes(app.routes)
        for method in sorted(r.methods & {"POST", "PUT", "PATCH"})
        if r.path.startswith("/api/")
    ]
    assert posts
    for method, path in posts:
        body = b'{"nation": "' + b"x" * MAX_BODY + b'"}'
        reply = client.request(
            method, path, content=body, headers={"content-type": "application/json"}
        )
        assert reply.status_code == 413, path
        assert reply.json()["detail"][0]["type"] == "too_large", path


# --- saved assessments ---------------------------------------------------------------------------


def test_assessment_ids_carry_128_random_bits():
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    raw = [base64.urlsafe_b64decode(i + "==") for i in ids]
    assert {len(r) for r in raw} == {16}
    # Every one of the 128 bits is sometimes 0 and sometimes 1: none is fixed or derived.
    numbers = [int.from_bytes(r, "big") for r in raw]
    for bit in range(128):
        ones = sum((n >> bit) & 1 for n in numbers)
        assert 800 < ones < 1200, bit


def test_a_saved_row_gets_such_an_id(client):
    aid = _saved(client)
    assert len(base64.urlsafe_b64decode(aid + "==")) == 16


def test_there_is_no_list_of_assessments(client):
    ids = [_saved(client) for _ in range(3)]
    for url in ("/assessments", "/assessments/", "/api/v1/assessments", "/api/v1/assessments/"):
        reply = client.get(url)
        assert reply.status_code in (404, 405), url
        assert not any(aid in reply.text for aid in ids), url
    spec = client.get("/openapi.json").json()
    assert "get" not in spec["paths"].get("/api/v1/assessments", {})


def _median_seconds(client, urls: list[str], rounds: int) -> list[float]:
    """The median time of each url, the urls interleaved in every round so drift hits all."""
    times: list[list[float]] = [[] for _ in urls]
    for _ in range(rounds):
        for i, url in enumerate(urls):
            start = time.perf_counter()
            reply = client.get(url)
            times[i].append(time.perf_counter() - start)
            assert reply.status_code in (200, 404)
    return [statistics.median(t) for t in times]


def test_a_wrong_id_takes_no_longer_for_sharing_a_prefix_with_a_real_one(client):
    """The lookup is by primary key in the database: a near miss costs what a far one does.
    Medians over many interleaved runs, compared as a ratio with a generous bound."""
    real = _saved(client)
    near = real[:-1] + ("A" if real[-1] != "A" else "B")  # 21 of 22 characters shared
    far = secrets.token_urlsafe(16)
    urls = [f"/api/v1/assessments/{x}" for x in (near, far)]
    assert client.get(urls[0]).status_code == client.get(urls[1]).status_code == 404
    # A leak would show in every attempt; a busy machine (2 cores shared) only in some.
    ratios = []
    for _ in range(3):
        near_s, far_s = _median_seconds(client, urls, rounds=200)
        ratios.append(near_s / far_s)
        if 0.5 < ratios[-1] < 2.0:
            break
    assert 0.5 < ratios[-1] < 2.0, ratios


# --- no stack traces ---------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_an_unexpected_error_is_a_plain_500_with_a_reference(tmp_path, caplog):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    assert app.debug is False

    @app.get("/boom-page")
    def boom_page():
        raise Boom("secret detail in /srv/formadvisor/x.py")

    @app.get("/api/v1/boom")
    def boom_api():
        raise Boom("secret detail in /srv/formadvisor/x.py")

    caplog.set_level(logging.ERROR, logger="formadvisor.web")
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/boom-page")
        api = client.get("/api/v1/boom")
    assert page.status_code == api.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert api.headers["content-type"] == "application/json"
    references = []
    for reply in (page, api):
        for leak in ("Traceback", "Boom", "secret detail", "x.py", 'File "'):
            assert leak not in reply.text
        for name, value in security.HEADERS.items():
            assert reply.headers.get(name) == value, name
        found = re.search(r"[Rr]eference:? ([0-9a-f]{12})", reply.text)
        assert found, reply.text
        references.append(found.group(1))
    assert api.json()["reference"] == references[1]
    h1 = BeautifulSoup(page.text, "html.parser").h1.get_text(strip=True)
    assert h1 == "Sorry, there is a problem with the service"
    # The server's log has each reference with the whole traceback.
    for reference in references:
        record = next(r for r in caplog.records if reference in r.getMessage())
        assert record.exc_info
        assert record.exc_info[0] is Boom


def test_the_server_runs_without_debug_or_a_server_header(monkeypatch):
    from typer.testing import CliRunner

    from formadvisor.cli import main as cli

    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: seen.update(app=app, **options))
    result = CliRunner().invoke(cli.app, ["serve", "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert seen["server_header"] is False
    assert (seen["app"], seen["factory"]) == ("formadvisor.web.app:create_app", True)
    assert create_app().debug is False
    assert seen.get("reload", False) is False
