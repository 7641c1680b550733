"""The language a page or API call is answered in: `?lang=` (remembered in a cookie), else the
cookie, else Accept-Language, else English; `<html lang>` and the language link follow it."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from formadvisor.i18n import gettext, negotiate
from formadvisor.settings import Settings
from formadvisor.web.app import create_app
from formadvisor.web.language import COOKIE, choose, using
from formadvisor.web.templating import make_environment
from tests.support.data import WALES_PHARMACY


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "en"),
        ("", "en"),
        ("cy", "cy"),
        ("cy-GB", "cy"),
        ("CY-gb,en;q=0.5", "cy"),
        ("en-GB,en;q=0.9,cy;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,cy;q=0.8,en;q=0.7", "cy"),
        ("en;q=0.4,cy;q=0.6", "cy"),
        ("cy;q=0", "en"),
        ("de,fr", "en"),
        ("*", "en"),
        ("cy;q=abc, en;q=0.1", "en"),
        ("garbage;;;,,", "en"),
    ],
)
def test_accept_language_picks_the_heaviest_language_we_speak(header, lang):
    assert negotiate(header) == lang


def test_the_query_beats_the_cookie_which_beats_the_browser():
    assert choose("en", "cy", "cy") == "en"
    assert choose("cy", "en", "en") == "cy"
    assert choose(None, "cy", "en") == "cy"
    assert choose("xx", "cy", "en") == "cy"  # a language we do not speak is no choice
    assert choose(None, "xx", "cy") == "cy"
    assert choose(None, None, None) == "en"


def test_gettext_translates_and_fills_values():
    assert gettext("cy", "Error:") == "Gwall:"
    assert gettext("en", "Error:") == "Error:"
    assert gettext("cy", "A message nobody translated") == "A message nobody translated"


def _lang(reply) -> str:
    return BeautifulSoup(reply.text, "html.parser").html["lang"]


def test_a_page_follows_query_cookie_and_browser(client):
    assert _lang(client.get("/")) == "en"
    assert _lang(client.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9"})) == "cy"
    reply = client.get("/?lang=cy", headers={"Accept-Language": "en"})
    assert _lang(reply) == "cy"
    assert reply.headers["content-language"] == "cy"
    assert client.cookies.get(COOKIE) == "cy"  # remembered for the journey
    assert _lang(client.get("/", headers={"Accept-Language": "en"})) == "cy"  # the cookie wins
    assert _lang(client.get("/?lang=en", headers={"Accept-Language": "cy"})) == "en"
    assert client.cookies.get(COOKIE) == "en"
    assert _lang(client.get("/", headers={"Accept-Language": "cy"})) == "en"


def test_the_api_neither_sets_nor_reads_the_cookie(client):
    reply = client.get("/api/v1/questionnaire?lang=cy")
    assert COOKIE not in reply.cookies
    assert reply.headers["content-language"] == "cy"
    client.get("/?lang=cy")
    assert client.cookies.get(COOKIE) == "cy"
    assert client.get("/api/v1/questionnaire").headers["content-language"] == "en"


# --- the API ----------------------------------------------------------------------------------

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")  # option, rule, question, answer ids


def _same_shape_and_ids(english, welsh, path=()) -> list[tuple]:
    """The places where the two differ; fails where their shape or an identifier differs."""
    if isinstance(english, dict):
        assert isinstance(welsh, dict), path
        assert english.keys() == welsh.keys(), path
        return [d for k in english for d in _same_shape_and_ids(english[k], welsh[k], (*path, k))]
    if isinstance(english, list):
        assert isinstance(welsh, list), path
        assert len(english) == len(welsh), path
        return [
            d for e, w in zip(english, welsh, strict=True) for d in _same_shape_and_ids(e, w, path)
        ]
    if isinstance(english, str) and IDENTIFIER.match(english):
        assert welsh == english, path
    elif english != welsh:
        assert isinstance(english, str), path  # numbers, booleans, nulls never differ
        return [(path, english, welsh)]
    return []


@pytest.mark.parametrize(
    ("query", "headers"), [("?lang=cy", {}), ("", {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})]
)
def test_the_api_answers_in_welsh_with_the_same_ids(client, query, headers):
    english = client.post("/api/v1/recommendations", json=WALES_PHARMACY)
    welsh = client.post(f"/api/v1/recommendations{query}", json=WALES_PHARMACY, headers=headers)
    assert (english.status_code, welsh.status_code) == (200, 200)
    assert welsh.headers["content-language"] == "cy"
    english_json, welsh_json = english.json(), welsh.json()
    # The one field besides text that differs: the language the result is in.
    assert (english_json.pop("lang"), welsh_json.pop("lang")) == ("en", "cy")
    differ = _same_shape_and_ids(english_json, welsh_json)
    assert "disclaimer" in {path[-1] for path, _e, _w in differ}  # the rules' words, in Welsh
    for path, _e, w in differ:
        assert not IDENTIFIER.match(w), path  # a text never turns into an identifier


def test_the_api_questionnaire_keeps_its_ids_in_welsh(client):
    english = client.get("/api/v1/questionnaire").json()
    welsh = client.get("/api/v1/questionnaire?lang=cy").json()
    _same_shape_and_ids(english, welsh)


# --- pages in Welsh -------------------------------------------------------------------------------


def _page(reply) -> BeautifulSoup:
    return BeautifulSoup(reply.text, "html.parser")


def test_error_pages_are_in_the_chosen_language(client):
    page = _page(client.get("/no-such-page?lang=cy"))
    assert page.h1.get_text(strip=True) == "Heb ddod o hyd i'r dudalen"
    assert page.title.get_text().startswith("Heb ddod o hyd i'r dudalen")
    assert page.select_one("a.formadvisor-language")["href"] == "/no-such-page?lang=en"


def test_an_unexpected_error_is_in_the_language_chosen_before_it(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))

    @app.get("/boom-page")
    def boom_page():
        raise RuntimeError("boom")

    @app.get("/api/v1/boom")
    def boom_api():
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        reply = client.get("/boom-page", headers={"Accept-Language": "cy"})
        api = client.get("/api/v1/boom?lang=cy")
    assert api.status_code == 500
    assert api.json()["detail"] == (
        f"Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth. Cyfeirnod: {api.json()['reference']}"
    )
    assert reply.status_code == 500
    page = _page(reply)
    assert page.html["lang"] == "cy"
    assert page.h1.get_text(strip=True) == "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth"
    assert re.search(r"cyfeirnod [0-9a-f]{12}", page.main.get_text())


def test_a_question_page_and_its_errors_in_welsh(client):
    token = _page(client.get("/?lang=cy")).find("input", attrs={"name": "csrf_token"})["value"]
    started = client.post("/assessments", data={"csrf_token": token}, follow_redirects=False)
    question = started.headers["location"]
    page = _page(client.get(question))
    assert page.html["lang"] == "cy"
    assert page.find("button").get_text(strip=True) == "Parhau"
    assert page.select_one(".fa-progress__count").get_text(strip=True).startswith("Cwestiwn 1 o ")
    refused = _page(client.post(question, data={"csrf_token": token}))
    assert refused.title.get_text().startswith("Gwall: ")
    assert refused.select_one(".nhsuk-error-summary__heading").get_text(strip=True) == "Mae problem"
    hidden = refused.select_one(".nhsuk-error-message .nhsuk-u-visually-hidden")
    assert hidden.get_text(strip=True) == "Gwall:"


def test_templates_and_their_imports_speak_the_language_of_each_render(tmp_path):
    (tmp_path / "m.html").write_text(
        '{% set said = _("Continue") %}{% macro tag() %}{{ lang }}:{{ _("Back") }}{% endmacro %}'
    )
    (tmp_path / "page.html").write_text('{% from "m.html" import tag %}{{ tag() }} {{ lang }}')
    env = make_environment(tmp_path)
    for lang, expected, said in [
        ("en", "en:Back en", "Continue"),
        ("cy", "cy:Yn ôl cy", "Parhau"),
        ("en", "en:Back en", "Continue"),
    ]:
        with using(lang):
            assert env.get_template("page.html").render() == expected
            assert env.get_template("m.html").module.said == said


def test_the_cookie_lasts_the_journey_and_scripts_cannot_read_it(client):
    reply = client.get("/?lang=cy")
    sent = next(c for c in reply.headers.get_list("set-cookie") if c.startswith(COOKIE + "="))
    assert sent == f"{COOKIE}=cy; Path=/; HttpOnly; SameSite=Lax"  # no expiry: the journey
    assert COOKIE not in client.get("/?lang=cy").headers.get("set-cookie", "")  # kept as it is
