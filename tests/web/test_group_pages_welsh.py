"""A group in Welsh: the organiser sets it up with `?lang=cy` (remembered in a cookie), the
practices answer in Welsh, and the group page and its PDF are in Welsh, none of their English
headings left; the rules pages with `?lang=cy` too. The English pages stay English (the same
group, its page and PDF, in the other language: each cached apart)."""

from __future__ import annotations

import subprocess
import threading

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from formadvisor.i18n import gettext
from formadvisor.web import group_page
from formadvisor.web.csrf import COOKIE, FIELD
from formadvisor.web.language import COOKIE as LANG_COOKIE
from tests.web.test_group_pages import ANSWERS, FACTS, PHARMACY, errors, path, soup

# The group page's and PDF's headings in English: none may be left on a Welsh page.
ENGLISH = (
    "Where the practices agree, and what it changes",
    "The group's recommendation",
    "Splits that change the recommendation",
    "Splits that do not change the recommendation",
    "Questions the practices agree on",
    "Each practice's own answers",
    "Practices not committed",
    "How the practices' answers are combined",
    "Changes the recommendation",
    "partners' pack",
)


@pytest.fixture(scope="module")
def welsh(app):
    """A client that chose Welsh once (`?lang=cy`): the cookie keeps it for the journey."""
    with TestClient(app) as client:
        reply = client.get("/groups?lang=cy")
        assert client.cookies.get(LANG_COOKIE) == "cy"
        assert BeautifulSoup(reply.text, "html.parser").html["lang"] == "cy"
        yield client


def other_client(app) -> TestClient:
    """Another browser (cookies of its own) on the same app; outside `with`, so that it neither
    starts nor stops the app (stopping it would close the rules the module shares)."""
    return TestClient(app)


def post(client, url: str, data: dict):
    return client.post(url, data={FIELD: client.cookies[COOKIE], **data}, follow_redirects=False)


def h1(reply) -> str:
    return soup(reply).h1.get_text(" ", strip=True)


def headings(reply) -> list[str]:
    return [h.get_text(" ", strip=True) for h in soup(reply).select("main h1, main h2, main h3")]


@pytest.fixture(scope="module")
def group(welsh):
    """The organiser's forms and the practices' pages, all in Welsh."""
    assert h1(welsh.get("/groups")) == "Ateb gyda’ch gilydd fel grŵp"
    assert h1(welsh.get("/groups/new")) == "Enwch eich grŵp a’i bractisau"
    wrong = post(welsh, "/groups/new", {"group_name": "Glan Wysg", "practices": "Ash"})
    assert errors(soup(wrong)) == {"practices": "Rhowch o leiaf 2 bractis, un ar bob llinell"}
    made = post(welsh, "/groups/new", {"group_name": "Glan Wysg", "practices": "\n".join(ANSWERS)})
    assert h1(made) == "Dolenni eich grŵp"
    assert "Dolen darllen yn unig" in headings(made)
    links = [code.get_text(strip=True) for code in soup(made).select(".fa-link code")]
    organiser, *practices, read = links
    facts_page = welsh.get(path(organiser) + "/facts")
    assert h1(facts_page) == "Am eich grŵp"
    facts = {**FACTS, "group_name": "Glan Wysg"}
    assert post(welsh, path(organiser) + "/facts", facts).status_code == 303
    assert h1(welsh.get(path(organiser) + "/services/new")) == "Ychwanegu gwasanaeth"
    assert post(welsh, path(organiser) + "/services/new", PHARMACY).status_code == 303
    twice = post(welsh, path(organiser) + "/services/new", PHARMACY)
    named_twice = "Enter a name that is different from your other services"  # shared with w1
    assert errors(soup(twice))["name"] == gettext("cy", named_twice) != named_twice
    for link, answers in zip(practices, ANSWERS.values(), strict=True):
        form = welsh.get(path(link))
        assert h1(form) == "Atebion eich practis"
        check = post(welsh, path(link) + "/answers", answers)
        assert h1(check) == "Gwiriwch eich atebion cyn eu hanfon"
        carried: dict[str, list[str]] = {}
        for field in soup(check).select("form input[type=hidden]"):
            carried.setdefault(field["name"], []).append(field["value"])
        sent = welsh.post(path(link) + "/answers/send", data=carried, follow_redirects=False)
        assert sent.status_code == 303, sent.text
        mine = soup(welsh.get(path(link))).select_one(".fa-sent").get_text(" ", strip=True)
        assert mine.startswith("Wedi’u hanfon Mae tudalen y grŵp yn cyfrif eich atebion.")
    return {"organiser": organiser, "read": read}


def test_the_organiser_page_is_in_welsh(group, welsh):
    page = welsh.get(path(group["organiser"]))
    assert soup(page).html["lang"] == "cy"
    assert "Mae 3 o’r 3 practis wedi ateb." in soup(page).get_text()
    assert {"Practisau", "Ffeithiau’r grŵp", "Gwasanaethau"} <= set(headings(page))
    answered = [td.get_text(" ", strip=True) for td in soup(page).select(".fa-practices td")]
    assert all(a.startswith("Wedi ateb ") for a in answered if "Wedi" in a)
    assert not any(month in " ".join(answered) for month in ("January", "December", "March"))


def test_the_group_page_is_in_welsh(group, welsh):
    page = welsh.get(path(group["read"]) + "/group")
    assert page.status_code == 200
    assert soup(page).html["lang"] == "cy"
    found = headings(page)
    assert found[0] == "Ble mae’r practisau’n cytuno, a beth mae’n ei newid"
    assert "Argymhelliad y grŵp" in found
    assert "Rhaniadau sy’n newid yr argymhelliad" in found
    assert "Atebion pob practis ei hun" in found
    text = soup(page).select_one("main").get_text(" ", strip=True)
    for english in ENGLISH:
        assert english not in text, english
    assert "&#39;" not in text  # the charts' words escaped once only
    assert "&amp;" not in text
    tags = {t.get_text(strip=True) for t in soup(page).select(".fa-tag")}
    assert "Yn newid yr argymhelliad" in tags


def test_the_group_pdf_is_in_welsh_and_cached_apart_from_the_english(group, welsh, app, tmp_path):
    reply = welsh.get(path(group["read"]) + "/group.pdf")
    assert reply.status_code == 200
    (tmp_path / "cy.pdf").write_bytes(reply.content)
    text = _pdf_text(tmp_path / "cy.pdf")
    assert "Glan Wysg: pecyn y partneriaid ar gyfer y grŵp" in text.split("\f")[0]
    assert "Rhaniadau sy’n newid yr argymhelliad" in text
    assert "Sut mae atebion y practisau’n cael eu cyfuno" in text.split("\f")[-2]
    flat = " ".join(text.split())
    for english in ENGLISH:
        assert english not in flat, english
    english = other_client(app).get(path(group["read"]) + "/group.pdf?lang=en")
    assert english.headers["x-cache"] == "miss"  # not the Welsh one
    (tmp_path / "en.pdf").write_bytes(english.content)
    assert "Splits that change the recommendation" in _pdf_text(tmp_path / "en.pdf")


def _pdf_text(pdf) -> str:
    run = ["pdftotext", "-layout", str(pdf), "-"]
    return subprocess.run(run, capture_output=True, text=True, check=True).stdout


def test_the_english_group_pages_stay_english(group, app):
    page = other_client(app).get(path(group["read"]) + "/group", headers={"Accept-Language": "en"})
    assert soup(page).html["lang"] == "en"
    assert "Splits that change the recommendation" in headings(page)


# --- the rules pages ----------------------------------------------------------------------------


def test_the_rules_pages_are_in_welsh(welsh, app):
    rules = welsh.get("/rules?lang=cy")
    assert soup(rules).html["lang"] == "cy"
    assert h1(rules) == "Rheolau"
    assert "Pynciau" in headings(rules)
    search = welsh.get("/rules", params={"q": "pension", "lang": "cy"})
    assert h1(search) == "Rheolau sy’n cyfateb i pension"  # in <q>
    assert soup(search).title.get_text().startswith("Rheolau sy’n cyfateb i “pension”")
    policy = app.state.live.current.advisor.policy
    rule = policy.rules[0]
    page = welsh.get(f"/rules/{rule.rule.id}?lang=cy")
    assert soup(page).html["lang"] == "cy"
    keys = [dt.get_text(strip=True) for dt in soup(page).select(".fa-rule dt")]
    assert keys == ["Pryd", "Yna", "Oherwydd", "Ffynonellau", "Senarios", "Ffeil"]
    favours = next(pr for pr in policy.rules if any(hasattr(e, "favour") for e in pr.rule.then))
    then = soup(welsh.get(f"/rules/{favours.rule.id}?lang=cy")).select(".fa-rule-then li")
    assert any(li.get_text(" ", strip=True).startswith("yn ffafrio ") for li in then)
    sourced = soup(page).select(".fa-source__link")
    assert sourced
    assert all(a["lang"] == "en" for a in sourced)  # public documents' titles stay English
    topic = welsh.get(f"/rules/topics/{rule.topic or 'other'}?lang=cy")
    assert soup(topic).select_one(".nhsuk-caption-l").get_text(strip=True) == "Rheolau"
    status = welsh.get("/rules/status?lang=cy")
    assert h1(status) == "Y rheolau sy’n cael eu defnyddio"
    assert "Y rheolau sy’n cael eu gweini" in headings(status)


# --- the API ------------------------------------------------------------------------------------


def test_the_group_api_in_welsh_keeps_every_id(group, app):
    gid, token = path(group["read"]).split("/")[2:]
    client = other_client(app)
    en = client.get(f"/api/v1/groups/{gid}", params={"token": token, "lang": "en"}).json()
    cy = client.get(f"/api/v1/groups/{gid}", params={"token": token, "lang": "cy"}).json()
    wrong = client.get(f"/api/v1/groups/{gid}", params={"token": "made-up", "lang": "cy"})
    ids = lambda view: [  # noqa: E731
        (q["question"], sorted(q["answers"]), q["agreed"], q["changes_recommendation"])
        for q in view["questions"]
    ]
    assert ids(cy) == ids(en)
    form = lambda view: view["recommendation"]["organisational_form"]["recommended"]  # noqa: E731
    assert form(cy) == form(en)
    assert [p["name"] for p in cy["by_practice"]] == [p["name"] for p in en["by_practice"]]
    assert wrong.status_code == 404
    assert wrong.json()["detail"] == "does dim grŵp â’r id a’r ddolen hon"


def test_the_group_pack_is_made_as_a_welsh_page(group, welsh, app, monkeypatch):
    """The pack's HTML says `<html lang="cy">` and its words are Welsh even when it is built on
    a thread of its own, outside the request (as `pdf_prepare` builds it while the page is
    read). Last: it renames the group."""
    made: list[str] = []
    real = group_page.render_pdf

    def render(html: str, static):
        made.append(html)
        return real(html, static)

    def elsewhere(key: str, build):  # no context of the request's is copied to a new thread
        built: list[bytes] = []
        thread = threading.Thread(target=lambda: built.append(build()))
        thread.start()
        thread.join()
        return built[0], False

    monkeypatch.setattr(group_page, "render_pdf", render)
    monkeypatch.setattr(app.state.pdf_cache, "get", elsewhere)
    renamed = {**FACTS, "group_name": "Glan Wysg a’r Bannau"}
    assert post(welsh, path(group["organiser"]) + "/facts", renamed).status_code == 303
    assert welsh.get(path(group["read"]) + "/group.pdf").status_code == 200
    assert len(made) == 1
    page = BeautifulSoup(made[0], "html.parser")
    assert page.html["lang"] == "cy"
    assert page.select_one(".fa-report__title").get_text(strip=True) == (
        "Ble mae’r practisau’n cytuno, a beth mae’n ei newid"
    )
