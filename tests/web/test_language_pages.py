"""Every page type in both languages: `<html lang>` is the language chosen, and the language
link leads to the same page in the other language, named in that language.

The pages are found by following links from a few starting points (a draft, a saved result,
a group, the rules), at most one page per route, and the routes reached are checked against
every route that serves a page (tests/web/test_security.py `_routes`), so a new page type
cannot be missed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from formadvisor.store.groups import Groups
from formadvisor.web.language import COOKIE
from tests.support.data import WALES_PHARMACY
from tests.web.test_security import _routes

# Not pages of the service: the API's Swagger UI (its interface has no Welsh), files, health.
NOT_PAGES = {"/healthz", "/docs"}
OTHER = {"en": "cy", "cy": "en"}
NAME = {"en": "English", "cy": "Cymraeg"}
SERVICE = {"name": "Pharmacy", "kind": "pharmacy_support", "commissioner": "icb"}
SHARED = {"nation": "wales", "purposes": ["deliver_services"], "services": [SERVICE]}


def _page_routes(app) -> list[tuple[str, re.Pattern]]:
    """(template, pattern) of every route that answers GET with a page, in the app's order."""
    found = []
    for path, route in _routes(app.routes):
        if "GET" not in route.methods or path.startswith("/api/") or path in NOT_PAGES:
            continue
        if path.endswith(".pdf"):
            continue
        found.append((path, re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$")))
    return found


def _template(routes, url: str) -> str | None:
    path = urlsplit(url).path
    return next((t for t, pattern in routes if pattern.match(path)), None)


def _seeds(app, client) -> list[str]:
    store = app.state.store
    saved = client.post("/api/v1/assessments", json=WALES_PHARMACY)
    assert saved.status_code == 201
    draft = store.create(answers={**WALES_PHARMACY})
    group = Groups(store).create("Riverside", SHARED, ["Ash Surgery", "Birch Practice"])
    return [
        "/",
        "/groups",
        "/groups/new",
        "/rules",
        "/rules/status",
        f"/assessments/{draft.id}",  # its answers are all given: on to check your answers
        f"/assessments/{saved.json()['id']}/result",
        f"/assessments/{saved.json()['id']}/changes",
        f"/assessments/{saved.json()['id']}/edit",  # the warning before changing a result
        f"/groups/{group.id}/{group.organiser_token}",
        f"/groups/{group.id}/{group.practices[0][1]}/answers",
        "/no-such-page",
    ]


def _links(html: BeautifulSoup, base: str) -> list[str]:
    """The links of a page to other pages of this site."""
    out = []
    for a in html.find_all("a", href=True):
        parts = urlsplit(a["href"])
        here = parts.scheme in ("", "http", "https") and parts.netloc in ("", urlsplit(base).netloc)
        page = parts.path.startswith("/") and not parts.path.startswith(("/static/", "/api/"))
        if here and page:
            out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_page_type_is_in_the_chosen_language_with_a_link_to_the_other(app, lang):
    routes = _page_routes(app)
    seen: dict[str, str] = {}  # route template → the first URL of it checked
    with TestClient(app) as client:
        todo = _seeds(app, client)
        client.get(f"/?lang={lang}")  # chosen once: the cookie keeps it for the journey
        assert client.cookies.get(COOKIE) == lang
        while todo:
            url = todo.pop(0)
            template = _template(routes, url)
            if template is None or template in seen:
                continue
            reply = client.get(url)
            if "text/html" not in reply.headers.get("content-type", ""):
                continue
            final = _template(routes, str(reply.url)) or template
            seen[template] = url  # a route that only redirects is checked by where it leads
            if final != template and final in seen:
                continue
            seen[final] = str(reply.url)
            html = BeautifulSoup(reply.text, "html.parser")
            assert html.html["lang"] == lang, reply.url
            assert reply.headers["content-language"] == lang, reply.url
            (link,) = html.select("a.formadvisor-language")
            assert (link["lang"], link["hreflang"]) == (OTHER[lang], OTHER[lang]), reply.url
            assert link.get_text(strip=True) == NAME[OTHER[lang]], reply.url
            there = urlsplit(link["href"])
            here = urlsplit(str(reply.url))
            assert there.path == here.path, reply.url
            query = parse_qs(here.query)
            query.pop("lang", None)
            assert parse_qs(there.query) == {**query, "lang": [OTHER[lang]]}, reply.url
            todo += _links(html, str(reply.url))
    assert len(seen) >= 25, seen
    missed = sorted({t for t, _ in routes} - set(seen))
    assert not missed, f"page types not reached from the seeds: {missed}"


def test_the_language_link_shows_the_same_page_in_the_other_language(client):
    english = BeautifulSoup(client.get("/rules?q=pension").text, "html.parser")
    href = english.select_one("a.formadvisor-language")["href"]
    assert href == "/rules?q=pension&lang=cy"
    welsh = client.get(href)
    page = BeautifulSoup(welsh.text, "html.parser")
    assert page.html["lang"] == "cy"
    assert client.cookies.get(COOKIE) == "cy"
    assert page.select_one("a.formadvisor-language")["href"] == "/rules?q=pension&lang=en"
