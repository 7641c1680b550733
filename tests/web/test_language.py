"""The language a page or API call is answered in: `?lang=` (remembered in a cookie), else the
cookie, else Accept-Language, else English; `<html lang>` and the language link follow it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from formadvisor.i18n import gettext, negotiate
from formadvisor.web.language import COOKIE, choose


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


def test_the_api_sets_no_cookie(client):
    reply = client.get("/api/v1/questionnaire?lang=cy")
    assert COOKIE not in reply.cookies
    assert reply.headers["content-language"] == "cy"
