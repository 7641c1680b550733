"""A group's web pages: the organiser sets the group up through the forms, three practices
answer differently through theirs, and the group page shows the splits that change the
recommendation first (each checked here by running the rules with the other answer); every
link reaches only what its role may, and every form post needs its CSRF token."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from formadvisor.rules.yamlfile import read_yaml
from formadvisor.store.groups import Groups
from formadvisor.web.csrf import COOKIE, FIELD
from tests.support.data import GROUP_EXAMPLE, NURSE_TEAM_GROUP, nurse_team_answers
from tests.web.test_security import _routes

FACTS = {
    "nation": "england",
    "purposes": ["deliver_services"],
    "core_contracts_stay_with_practices": "yes",
    "nhs_trust_partner_willing": "no",
    "public_accountability": "medium",
    "open_market_bidding": "no",
    "pcn_staff_for_practices": "no",
    "owners_all_nhs_family": "yes",
    "group_name": "Riverside",
}
PHARMACY = {
    "name": "Pharmacy",
    "kind": "pharmacy_support",
    "commissioner": "icb",
    "employs_staff_directly": "yes",
    "staff_transfer_in": "no",
    "supply_of_staff_only": "no",
    "staff_need_nhs_pension": "yes",
    "non_gp_clinicians": "yes",
}
COMMON = {
    "charitable_purposes_only": "no",
    "gp_owners_want_practitioner_pension": "no",
    "all_practices_committed": "yes",
}
# Three practices that answer differently: Birch wants to pay out a surplus and no asset lock.
ANSWERS = {
    "Ash Surgery": {
        **COMMON,
        "profit_intent": "reinvest",
        "asset_lock_wanted": "yes",
        "member_control": "one_member_one_vote",
        "risk_appetite": "low",
        "priority": "balanced",
        "services_joined": ["Pharmacy"],
    },
    "Birch Practice": {
        **COMMON,
        "profit_intent": "distribute_to_members",
        "taxed_as_partners": "yes",
        "asset_lock_wanted": "no",
        "member_control": "by_shareholding",
        "risk_appetite": "high",
        "priority": "speed",
        "services_joined": ["Pharmacy"],
    },
    "Cedar Health": {
        **COMMON,
        "profit_intent": "reinvest",
        "asset_lock_wanted": "yes",
        "member_control": "board_led",
        "risk_appetite": "medium",
        "priority": "low_cost",
        "all_practices_committed": "no",
        "services_joined": [],
    },
}


def soup(reply) -> BeautifulSoup:
    return BeautifulSoup(reply.text, "html.parser")


def path(link: str) -> str:
    return urlsplit(link).path


def errors(page: BeautifulSoup) -> dict[str, str]:
    """The error summary: each message by the field its link names."""
    return {
        a["href"].lstrip("#"): a.get_text(" ", strip=True)
        for a in page.select(".nhsuk-error-summary a")
    }


def token(client) -> str:
    client.get("/groups")
    return client.cookies[COOKIE]


def post(client, url: str, data: dict, **kw):
    return client.post(url, data={FIELD: token(client), **data}, follow_redirects=False, **kw)


def send_answers(client, link: str, answers: dict) -> None:
    """A practice answers on its page, checks its answers and sends them."""
    check = post(client, path(link) + "/answers", answers)
    page = soup(check)
    assert check.status_code == 200
    assert not errors(page)
    assert page.h1.get_text(strip=True) == "Check your answers before sending them"
    carried: dict[str, list[str]] = {}
    for field in page.select("form input[type=hidden]"):
        carried.setdefault(field["name"], []).append(field["value"])
    sent = client.post(path(link) + "/answers/send", data=carried, follow_redirects=False)
    assert sent.status_code == 303, sent.text


@pytest.fixture
def client(shared_client):
    """One client (one app lifespan) for the module: a second would close the app's rules."""
    return shared_client


@pytest.fixture(scope="module")
def group(shared_client):
    """A group made through the organiser's forms, answered by its three practices."""
    client = shared_client
    made = post(client, "/groups/new", {"group_name": "Riverside", "practices": "\n".join(ANSWERS)})
    page = soup(made)
    assert made.status_code == 200, made.text
    links = [code.get_text(strip=True) for code in page.select(".fa-link code")]
    organiser, *practices, read = links
    assert len(practices) == 3
    assert len(set(links)) == 5
    facts = page.select_one("a.nhsuk-button")["href"]
    assert post(client, facts, FACTS).headers["location"] == path(organiser)
    assert post(client, path(organiser) + "/services/new", PHARMACY).status_code == 303
    for link, answers in zip(practices, ANSWERS.values(), strict=True):
        send_answers(client, link, answers)
    return {
        "organiser": organiser,
        "read": read,
        "practices": dict(zip(ANSWERS, practices, strict=True)),
    }


# --- the organiser's forms ----------------------------------------------------------------------


def test_the_start_page_is_linked_from_the_home_page(shared_client):
    home = soup(shared_client.get("/"))
    assert home.find("a", string="Answer together as a group")["href"] == "/groups"
    start = soup(shared_client.get("/groups"))
    assert start.h1.get_text(strip=True) == "Answer together as a group"
    assert start.select_one("a.nhsuk-button")["href"] == "/groups/new"


def test_naming_the_group_names_each_field_that_is_wrong(client):
    reply = post(client, "/groups/new", {"group_name": "", "practices": "Ash\n\n ash "})
    page = soup(reply)
    assert page.title.get_text().startswith("Error: ")
    assert errors(page) == {
        "group_name": "Enter the group's name",
        "practices": "Enter each practice once: ash is listed more than once",
    }
    assert page.select_one("#practices").get_text() == "Ash\n\n ash "  # kept as typed
    one = errors(soup(post(client, "/groups/new", {"group_name": "G", "practices": "Ash"})))
    assert one == {"practices": "Enter at least 2 practices, one on each line"}


def test_the_organiser_page_shows_the_links_again(group, shared_client, app):
    page = soup(shared_client.get(path(group["organiser"])))
    shown = [code.get_text(strip=True) for code in page.select(".fa-practices code")]
    assert shown == list(group["practices"].values())
    assert page.select_one("#read-link").get_text(strip=True) == group["read"]
    gid, org = _ids(group["organiser"])
    store = Groups(app.state.store)
    assert store.links(gid, org).read_token == _ids(group["read"])[1]
    for other in (group["read"], *group["practices"].values()):
        assert store.links(gid, _ids(other)[1]) is None, "only the organiser's link"
    assert store.links(gid, "A" * 43) is None
    tokens = [_ids(x)[1] for x in (group["organiser"], group["read"], *group["practices"].values())]
    for other in (group["read"], *group["practices"].values()):
        text = shared_client.get(path(other) + ("/group" if other == group["read"] else "")).text
        shown = [t for t in tokens if t in text]
        assert shown == [_ids(other)[1]], "no other link's page shows another link"


def test_the_database_keeps_no_link(group, app):
    with app.state.store.engine.connect() as db:
        dump = "\n".join(str(row) for row in db.exec_driver_sql("SELECT * FROM groups"))
        dump += "\n".join(str(r) for r in db.exec_driver_sql("SELECT * FROM group_practices"))
    for link in (group["organiser"], group["read"], *group["practices"].values()):
        assert path(link).rsplit("/", 1)[1] not in dump
        assert len(path(link).rsplit("/", 1)[1]) >= 43  # 256 random bits


def test_the_organiser_page_shows_who_answered_and_the_facts(group, shared_client):
    page = soup(shared_client.get(path(group["organiser"])))
    assert page.h1.get_text(strip=True) == "Riverside"
    assert "3 of 3 practices have answered." in page.get_text()
    rows = {
        r.th.get_text(strip=True): r.td.get_text(" ", strip=True)
        for r in page.select(".fa-practices tbody tr")
    }
    assert set(rows) == set(ANSWERS)
    assert all(v.startswith("Answered") for v in rows.values())
    facts = {
        r.select_one("dt").get_text(strip=True): r.select_one(
            ".nhsuk-summary-list__value"
        ).get_text(" ", strip=True)
        for r in page.select(".nhsuk-summary-list__row")
    }
    assert facts["Nation"] == "England"
    assert facts["Kind of service"] == "Pharmacy support"
    assert "Number of practices" not in facts  # it is the list of practices
    assert page.select_one("a.nhsuk-button")["href"] == path(group["organiser"]) + "/group"


def test_facts_errors_link_to_their_field(group, client):
    reply = post(client, path(group["organiser"]) + "/facts", {"group_name": "Riverside"})
    found = errors(soup(reply))
    assert found["nation"] == "Select which nation your practices are in"
    assert found["purposes"] == "Select what the group is for"


# --- a practice's pages -------------------------------------------------------------------------


def test_a_practice_sees_only_its_own_answers(group, shared_client):
    birch = soup(shared_client.get(path(group["practices"]["Birch Practice"])))
    text = birch.get_text(" ", strip=True)
    assert birch.h1.get_text(strip=True) == "Your practice's answers"
    assert "It may be paid out to the members" in text
    assert "By shareholding" not in text
    assert "Votes in proportion to shares held" in text
    for other in ("Ash Surgery", "Cedar Health", "One member one vote", "Led by a board"):
        assert other not in text, other
    hrefs = [a["href"] for a in birch.select("main a")]
    assert all(h.startswith(path(group["practices"]["Birch Practice"])) for h in hrefs), hrefs


def test_the_practice_form_reads_its_questions_in_a_practice_s_words(group, shared_client):
    form = soup(shared_client.get(path(group["practices"]["Ash Surgery"]) + "/answers"))
    legends = [x.get_text(" ", strip=True) for x in form.select("legend")]
    assert "Is your practice committed to joining?" in legends
    assert "Which services would your practice join?" in legends
    assert "Which nation are your practices in?" not in legends  # a fact: the organiser's
    assert form.select_one("input[name=profit_intent][value=reinvest]").has_attr("checked")


def test_change_on_check_answers_returns_to_the_page_with_the_answers(group, client):
    link = path(group["practices"]["Cedar Health"])
    check = soup(
        post(client, link + "/answers", ANSWERS["Cedar Health"] | {"risk_appetite": "high"})
    )
    carried: dict[str, list[str]] = {}
    for field in check.select("form input[type=hidden]"):
        carried.setdefault(field["name"], []).append(field["value"])
    button = check.select_one("button.fa-link-button")
    assert button["formaction"].startswith(link + "/answers/change#")
    back = soup(client.post(link + "/answers/change", data=carried))
    assert back.select_one("input[name=risk_appetite][value=high]").has_attr("checked")


# --- the group page -----------------------------------------------------------------------------


def test_the_group_page_shows_the_splits_that_matter_first(group, shared_client, app):
    page = soup(shared_client.get(path(group["read"]) + "/group"))
    assert "3 of 3 practices have answered." in page.get_text()
    sections = [s["id"] for s in page.select("main section[id]") if s.parent.name != "section"]
    assert sections.index("splits-that-matter") < sections.index("other-splits")
    assert sections.index("other-splits") < sections.index("agreed") < sections.index("not-asked")
    # Only Birch wants to pay out a surplus, so the group is not asked how it is taxed.
    not_asked = [q["id"] for q in page.select("#not-asked .fa-group-question")]
    assert not_asked == ["question-taxed_as_partners"]
    matter = page.select("#splits-that-matter .fa-group-question")
    others = page.select("#other-splits .fa-group-question")
    assert matter, "these answers split on questions that change the recommendation"
    assert others, "and on some that do not"
    for q in matter:
        assert q.select_one(".nhsuk-tag").get_text(strip=True) == "Changes the recommendation"
    # Checked here too: each split that matters changes the form or a route when the rules run
    # on the combined answers with another practice's answer in its place.
    advisor = app.state.advisor
    rec = page.select_one(".fa-group-form strong").get_text(strip=True)
    combined = _combined(app)
    for q in matter:
        qid = q["id"].removeprefix("question-")
        changed = [
            advisor.recommend({**combined, qid: v}, as_of=dt.date.today(), what_if=False)
            for v in _other_answers(qid, combined[qid])
        ]
        label = lambda r: advisor.policy.option(r.organisational_form.recommended).label  # noqa: E731
        routes = lambda r: [s.contract_route.recommended for s in r.services]  # noqa: E731
        base = advisor.recommend(combined, as_of=dt.date.today(), what_if=False)
        assert label(base) == rec
        assert any(label(r) != rec or routes(r) != routes(base) for r in changed), qid
    for q in others:
        qid = q["id"].removeprefix("question-")
        base = advisor.recommend(combined, as_of=dt.date.today(), what_if=False)
        for v in _other_answers(qid, combined[qid]):
            r = advisor.recommend({**combined, qid: v}, as_of=dt.date.today(), what_if=False)
            assert r.organisational_form.recommended == base.organisational_form.recommended


def _combined(app, name: str = "Riverside") -> dict:
    groups = Groups(app.state.store)
    with app.state.store.engine.connect() as db:
        (gid,) = db.exec_driver_sql("SELECT id FROM groups WHERE name = ?", (name,)).first()
    from formadvisor.advice.groups import analyse

    record = groups.load(gid)
    view = analyse(app.state.advisor, record.shared, record.practice_answers(), dt.date.today())
    return dict(view.combined)


def _other_answers(qid: str, value) -> list:
    """The answers the practices gave to `qid` other than the group's (as stored)."""
    given = {
        (a[qid] == "yes") if a[qid] in ("yes", "no") else a[qid]
        for a in ANSWERS.values()
        if qid in a
    }
    return [v for v in given if v != value]


def test_the_group_page_marks_a_split_on_joining_that_changes_the_recommendation(client, app):
    """Two of three practices join a nurse team the new body would employ: it runs, and
    without it a collaboration agreement would do, so that split on joining is marked."""
    names = ["Elm", "Fir", "Gorse"]
    body = {"group_name": "Nurses", "shared": NURSE_TEAM_GROUP, "practices": names}
    made = client.post("/api/v1/groups", json=body).json()
    for practice, answers in zip(made["practices"], nurse_team_answers(2), strict=True):
        practice_token = path(practice["link"]).rsplit("/", 1)[1]
        reply = client.put(f"/api/v1/groups/{made['id']}/practices/{practice_token}", json=answers)
        assert reply.status_code == 200
    page = soup(client.get(path(made["read_link"]) + "/group"))
    summary = page.select_one(".fa-matter-summary")
    assert summary.select_one("a[href='#join-1']").get_text(strip=True) == (
        "Joining Shared nurse team"
    )
    (split,) = page.select("#splits-that-matter .fa-group-join-split")
    assert split["id"] == "join-1"
    assert split.h3.get_text(" ", strip=True) == (
        "Joining Shared nurse team Changes the recommendation"
    )
    text = split.get_text(" ", strip=True)
    assert "If Shared nurse team did not run (Gorse would not join it):" in text
    # checked here on durable_rules: without the nurse team the form changes
    advisor = app.state.advisor
    services = [s for s in NURSE_TEAM_GROUP["services"] if s["name"] != "Shared nurse team"]
    without = advisor.recommend(
        {**_combined(app, "Nurses"), "services": services}, as_of=dt.date.today(), what_if=False
    )
    form = advisor.policy.option(without.organisational_form.recommended).label
    assert f"The form would be {form} instead of" in text
    joins = page.select("#services .fa-group-join")
    assert [j.select_one(".nhsuk-tag").get_text(strip=True) for j in joins[1:]] == [
        "Changes the recommendation"
    ]
    assert joins[0].select_one(".nhsuk-tag") is None  # all three join payroll: no split
    api = client.get(
        f"/api/v1/groups/{made['id']}?token={path(made['read_link']).rsplit('/', 1)[1]}"
    )
    assert api.json()["splits_that_matter"] == ["services_joined:Shared nurse team"]
    assert api.json()["services"][1]["changes_recommendation"] is True


def test_each_question_has_a_picture_with_a_table(group, shared_client):
    page = soup(shared_client.get(path(group["organiser"]) + "/group"))
    for q in page.select(".fa-group-question"):
        svg = q.select_one("svg[role=img]")
        if svg is None:  # a question of several answers where nobody chose any: nothing to draw
            assert not q.select("table")
            assert "None of these" in q.get_text()
            continue
        title, desc = svg.select_one("title"), svg.select_one("desc")
        assert svg["aria-labelledby"] == f"{title['id']} {desc['id']}"
        bars = [int(r["data-count"]) for r in svg.select("rect[data-count]")]
        cells = [int(td.get_text()) for td in q.select("table td.nhsuk-table__cell--numeric")]
        assert bars, q["id"]
        assert bars == cells, q["id"]


def test_the_group_page_shows_each_practice_and_those_not_committed(group, shared_client):
    page = soup(shared_client.get(path(group["read"]) + "/group"))
    rows = {
        r.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in r.select("td")]
        for r in page.select(".fa-by-practice tbody tr")
    }
    assert set(rows) == set(ANSWERS)
    assert rows["Cedar Health"][1] == "No"
    assert rows["Ash Surgery"][1] == "Yes"
    commitment = page.select_one("#commitment").get_text(" ", strip=True)
    assert "Not committed to joining: Cedar Health." in commitment
    assert "Without Cedar Health" in commitment


def test_the_group_pdf_puts_the_splits_that_matter_first(group, shared_client, tmp_path):
    import subprocess

    reply = shared_client.get(path(group["read"]) + "/group.pdf")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.headers["x-robots-tag"] == "noindex, nofollow"
    (tmp_path / "group.pdf").write_bytes(reply.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "group.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = text.split("\f")[0]
    assert "Riverside: partners' pack for the group" in first
    assert "Splits that change the recommendation" in first
    assert "Changes the recommendation" in first
    assert text.index("Splits that change the recommendation") < text.index(
        "Splits that do not change the recommendation"
    )
    assert "How the practices' answers are combined" in text.split("\f")[-2]  # the last page
    again = shared_client.get(path(group["read"]) + "/group.pdf")
    assert again.headers["x-cache"] == "hit"
    assert again.content == reply.content


# --- who may do what ----------------------------------------------------------------------------


def _group_routes(app) -> list[tuple[str, str]]:
    return [
        (method, path)
        for path, r in _routes(app.routes)
        if path.startswith("/groups/{gid}/{token}")
        for method in r.methods
        if method in ("GET", "POST")
    ]


def _fill(template: str, gid: str, token: str) -> str:
    return template.replace("{gid}", gid).replace("{token}", token).replace("{n}", "1")


def _ids(link: str) -> tuple[str, str]:
    _, _, gid, tok = path(link).split("/")
    return gid, tok


def _state(app, gid: str) -> tuple:
    record = Groups(app.state.store).load(gid)
    return record.shared, [(p.answers, p.answered_at) for p in record.practices]


def _fresh(app):
    """A group of its own (made in the store, with one service), for a test that changes it."""
    service = {"name": "Pharmacy", "kind": "pharmacy_support", "commissioner": "icb"}
    shared = {"nation": "england", "purposes": ["back_office"], "services": [service]}
    return Groups(app.state.store).create("Spare", shared, ["One", "Two"])


def test_every_group_post_is_refused_without_its_csrf_token(app, client):
    made = _fresh(app)
    gid, org = made.id, made.organiser_token
    posts = [p for m, p in _group_routes(app) if m == "POST"] + ["/groups/new"]
    assert len(posts) >= 7, posts
    good = token(client)
    before = _state(app, gid)
    for template in posts:
        url = _fill(template, gid, org)
        for why, form in {"no token": {}, "wrong token": {FIELD: "x" * 43}}.items():
            reply = client.post(url, data={**FACTS, **form}, follow_redirects=False)
            assert reply.status_code == 403, (template, why)
    assert _state(app, gid) == before
    for template in posts:  # the token was all that was missing
        url = _fill(template, gid, org)
        reply = client.post(url, data={FIELD: good}, follow_redirects=False)
        assert reply.status_code != 403, template


def test_a_link_reaches_only_what_its_role_may(app, client):
    made = _fresh(app)
    gid, org, read, ash = made.id, made.organiser_token, made.read_token, made.practices[0][1]
    allowed = {
        org: {
            "/groups/{gid}/{token}",
            "/facts",
            "/services/{n}",
            "/services/{n}/remove",
            "/group",
            "/group.pdf",
        },
        read: {"/groups/{gid}/{token}", "/group", "/group.pdf"},
        ash: {"/groups/{gid}/{token}", "/answers", "/answers/change", "/answers/send"},
    }
    made_up = "A" * 43
    before = _state(app, gid)
    for method, template in _group_routes(app):
        tail = template.removeprefix("/groups/{gid}/{token}") or template
        for tok, may in {**allowed, made_up: set()}.items():
            url = _fill(template, gid, tok)
            if method == "GET":
                reply = client.get(url, follow_redirects=False)
            else:
                reply = post(client, url, {})
            if tail in may:
                assert reply.status_code != 404, (method, template, tok[:4])
            else:
                assert reply.status_code == 404, (method, template, tok[:4], reply.status_code)
        # a made-up group id with a real token
        url = _fill(template, "B" * 22, org)
        reply = client.get(url) if method == "GET" else post(client, url, {})
        assert reply.status_code == 404, (method, template)
    assert _state(app, gid)[1] == before[1], "no post changed a practice's answers"


def test_a_practice_link_changes_only_that_practice(group, app, client):
    gid, _ = _ids(group["organiser"])
    before = _state(app, gid)
    send_answers(
        client,
        group["practices"]["Ash Surgery"],
        ANSWERS["Ash Surgery"] | {"risk_appetite": "high"},
    )
    after = _state(app, gid)
    assert after[1][1:] == before[1][1:], "Birch's and Cedar's answers are untouched"
    assert after[1][0][0]["risk_appetite"] == "high"
    send_answers(client, group["practices"]["Ash Surgery"], ANSWERS["Ash Surgery"])


def test_group_pages_stay_out_of_caches_search_engines_and_referrers(group, shared_client):
    for url in (
        path(group["organiser"]),
        path(group["read"]) + "/group",
        path(group["practices"]["Ash Surgery"]),
    ):
        reply = shared_client.get(url)
        assert reply.headers["cache-control"] == "no-store"
        assert reply.headers["x-robots-tag"] == "noindex, nofollow"
        assert reply.headers["referrer-policy"] == "same-origin"
        assert soup(reply).select_one("meta[name=robots]")["content"] == "noindex, nofollow"


def test_the_apis_links_open_the_group_pages(client):
    """A group made through the API (contract: Groups): each link opens its role's page, and a
    practice's answers sent through the API show on its own page only."""
    example = read_yaml(GROUP_EXAMPLE).data
    names = [p["name"] for p in example["practices"]]
    body = {"group_name": example["group_name"], "shared": example["shared"], "practices": names}
    made = client.post("/api/v1/groups", json=body).json()
    first = made["practices"][0]
    answers = example["practices"][0]["answers"]
    assert (
        client.put(
            f"/api/v1/groups/{made['id']}/practices/{path(first['link']).rsplit('/', 1)[1]}",
            json=answers,
        ).status_code
        == 200
    )
    organiser = soup(client.get(path(made["organiser_link"])))
    assert organiser.h1.get_text(strip=True) == example["group_name"]
    assert "1 of 3 practices have answered." in organiser.get_text()
    assert (
        client.get(path(made["read_link"]), follow_redirects=False).headers["location"]
        == path(made["read_link"]) + "/group"
    )
    own = soup(client.get(path(first["link"])))
    assert own.h1.get_text(strip=True) == "Your practice's answers"
    assert names[0] in own.get_text()
    assert names[1] not in own.get_text()
    second = soup(client.get(path(made["practices"][1]["link"])))
    assert second.select_one("form input[name=profit_intent]") is not None  # not answered yet


def test_the_organiser_renames_the_group_and_changes_a_service(app, client):
    made = _fresh(app)
    home = f"/groups/{made.id}/{made.organiser_token}"
    assert (
        post(client, home + "/facts", FACTS | {"group_name": "Riverside North"}).status_code == 303
    )
    assert soup(client.get(home)).h1.get_text(strip=True) == "Riverside North"
    form = soup(client.get(home + "/services/1"))
    assert form.select_one("input[name=name]")["value"] == "Pharmacy"
    taken = post(client, home + "/services/new", PHARMACY)
    assert errors(soup(taken)) == {
        "name": "Enter a name that is different from your other services"
    }
    assert (
        post(client, home + "/services/1", PHARMACY | {"commissioner": "nhs_trust"}).status_code
        == 303
    )
    shared = Groups(app.state.store).load(made.id).shared
    assert shared["group_name"] == "Riverside North"
    assert [s["commissioner"] for s in shared["services"]] == ["nhs_trust"]
    assert "member_practices" not in shared  # the number of practices is the list's
    assert shared["pcn_staff_for_practices"] is False
    assert post(client, home + "/facts", FACTS | {"nation": "wales"}).status_code == 303
    assert "pcn_staff_for_practices" not in Groups(app.state.store).load(made.id).shared


def test_the_group_page_says_when_the_facts_are_not_finished(app, client):
    made = Groups(app.state.store).create("Unfinished", {"group_name": "Unfinished"}, ["A", "B"])
    page = soup(client.get(f"/groups/{made.id}/{made.read_token}/group"))
    assert "0 of 2 practices have answered." in page.get_text()
    organiser = soup(client.get(f"/groups/{made.id}/{made.organiser_token}"))
    assert organiser.select_one(".nhsuk-warning-callout, .nhsuk-card--warning") is not None
    answers = {k: v for k, v in ANSWERS["Ash Surgery"].items() if k != "services_joined"}
    send_answers(client, f"/groups/{made.id}/{made.practices[0][1]}", answers)
    page = soup(client.get(f"/groups/{made.id}/{made.read_token}/group"))
    assert "1 of 2 practices have answered." in page.get_text()
    assert "the organiser has not finished the facts" in page.select_one(".fa-problem").get_text()


def test_a_spread_bar_is_as_long_as_its_share_and_says_which_is_the_groups():
    from formadvisor.web.charts import Count, spread_bars

    svg = BeautifulSoup(
        spread_bars(
            [Count("Yes <b>", 2, "2 of 3", chosen=True), Count("No", 1, "1 of 3")],
            3,
            "Answers to: Asset lock",
            "Two bars",
            "spread-x",
        ),
        "html.parser",
    )
    bars = svg.select("rect[data-count]")
    widths = [float(b["width"]) for b in bars]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.01)  # drawn to 6 figures
    assert [b["fill"] for b in bars] == ["#005eb8", "#4c6272"]
    texts = [t.get_text() for t in svg.select("text")]
    assert texts == ["Yes <b>", "2 of 3", "No", "1 of 3"]  # escaped, not markup
    assert [t.get("font-weight") for t in svg.select("text")] == ["bold", "bold", None, None]


def test_a_practice_page_names_each_answer_missing_or_wrong(group, client):
    link = path(group["practices"]["Ash Surgery"]) + "/answers"
    page = soup(post(client, link, {"services_joined": ["Nope"]}))
    found = errors(page)
    assert page.title.get_text().startswith("Error: ")
    assert found["profit_intent"] == "Select what should happen to any surplus"
    assert found["services_joined"] == "Select only services from the list"
    assert page.select_one("#services_joined") is not None  # the link's target exists
