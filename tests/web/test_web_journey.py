"""The questionnaire journey, driven as a browser without JavaScript would: by posting forms."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

# A Welsh cluster of six practices; a question missing here gets its first choice.
WELSH = {
    "nation": "wales",
    "member_practices": "6",
    "registered_population": "",  # not known
    "purposes": ["deliver_services", "share_workforce"],
    "profit_intent": "reinvest",
    "asset_lock_wanted": "yes",
    "setup_budget_gbp": "20,000",
    "months_to_start": "",
}
PHARMACISTS = {
    "name": "Pharmacists",
    "kind": "pharmacy_support",
    "commissioner": "health_board",
    "employs_staff_directly": "yes",
    "staff_need_nhs_pension": "yes",
    "non_gp_clinicians": "yes",
    "staff_transfer_in": "no",
    "supply_of_staff_only": "no",
}
BACK_OFFICE = {
    "name": "Back office",
    "kind": "back_office",
    "commissioner": "member_practices",
    "employs_staff_directly": "no",
    "staff_need_nhs_pension": "no",
    "non_gp_clinicians": "no",
    "staff_transfer_in": "yes",  # a follow-up of employing staff: ignored under "no"
    "supply_of_staff_only": "no",
}


def soup(reply) -> BeautifulSoup:
    return BeautifulSoup(reply.text, "html.parser")


def post(client, address: str, data: dict):
    """Open the page at `address` and send its form with `data` (and the page's CSRF token)."""
    form = soup(client.get(address)).find("form", method="post")
    token = form.find("input", {"name": "csrf_token"})["value"]
    return client.post(form["action"], data={**data, "csrf_token": token}, follow_redirects=False)


def start(client) -> str:
    """Start now; the address of the first question."""
    reply = post(client, "/", {})
    assert reply.status_code == 303
    return reply.headers["location"]


def assessment_id(address: str) -> str:
    return address.split("/")[2]


def answer_all(client, address: str, answers: dict) -> list[str]:
    """Answer question pages until the journey leaves them; the question ids seen, in order."""
    seen = []
    while "/questions/" in address:
        qid = address.split("/")[-1].split("?")[0]
        page = soup(client.get(address))
        assert len(page.find_all("h1")) == 1
        first = page.find("input", {"name": qid, "type": "radio"})
        reply = post(client, address, {qid: answers.get(qid, first and first["value"])})
        assert reply.status_code == 303, page.title
        seen.append(qid)
        address = reply.headers["location"]
    return seen


def add_service(client, aid: str, fields: dict, start: str = "") -> tuple[list[str], str]:
    """Add a service one question a page (from `start`, the new service's name page); the
    questions asked, in order, and where the last answer led."""
    address = start or f"/assessments/{aid}/services/new"
    seen = []
    while "/services/" in address and "#" not in address:
        page = soup(client.get(address))
        assert len(page.find_all("h1")) == 1, address
        qid = page.find("form", method="post").find("input", {"name": lambda n: n != "csrf_token"})
        qid = qid["name"]
        reply = post(client, address, {qid: fields[qid]})
        assert reply.status_code == 303, page.title
        seen.append(qid)
        address = reply.headers["location"]
        if address.endswith("/services"):
            break
    return seen, address


def summary_rows(page) -> dict:
    """Check answers: each summary row by its question."""
    return {row.dt.get_text(strip=True): row for row in page.select(".nhsuk-summary-list__row")}


def stored(client, aid: str):
    return client.app.state.store.get(aid)


def test_a_welsh_cluster_with_two_services_gets_its_recommendation(client):
    first = start(client)
    aid = assessment_id(first)
    seen = answer_all(client, first, WELSH)
    assert seen[:2] == ["nation", "member_practices"]
    assert "pcn_staff_for_practices" not in seen  # asked only in England

    asked, after = add_service(client, aid, PHARMACISTS)
    assert after == f"/assessments/{aid}/services"
    assert asked == list(PHARMACISTS)  # one question a page, the follow-ups of employing staff
    asked, _ = add_service(client, aid, BACK_OFFICE)
    assert "staff_transfer_in" not in asked  # a follow-up of employing staff: not asked
    listed = soup(client.get(f"/assessments/{aid}/services"))
    assert [dt.get_text(strip=True) for dt in listed.select("dt")] == ["Pharmacists", "Back office"]
    assert post(client, after, {"add_another": "no"}).headers["location"].endswith("/check")

    answers = stored(client, aid).answers
    assert answers["member_practices"] == 6
    assert answers["registered_population"] is None
    assert answers["setup_budget_gbp"] == 20000
    assert answers["services"][0]["staff_transfer_in"] is False
    assert "staff_transfer_in" not in answers["services"][1]

    reply = post(client, f"/assessments/{aid}/check", {})
    assert reply.status_code == 303
    assert reply.headers["location"] == f"/assessments/{aid}/result"
    row = stored(client, aid)
    assert row.rules_hash == client.app.state.advisor.policy.version
    assert row.trace is not None
    assert [s["name"] for s in row.result["services"]] == ["Pharmacists", "Back office"]
    kept = client.get(f"/assessments/{aid}")  # the kept link: the result, once there is one
    assert kept.url.path == reply.headers["location"]
    # changing an answer now warns first (the page opened is the warning, whose button goes on
    # to the question) and keeps the result (more in test_sharing.py)
    question = f"/assessments/{aid}/questions/asset_lock_wanted"
    warned = post(client, f"{question}?change=1", {"asset_lock_wanted": "no"})
    assert warned.headers["location"] == f"{question}?change=1"
    post(client, f"{question}?change=1", {"asset_lock_wanted": "no"})
    assert stored(client, aid).answers["asset_lock_wanted"] is False
    assert stored(client, aid).result == row.result


def test_every_page_has_one_heading_and_landmarks(client):
    first = start(client)
    aid = assessment_id(first)
    answer_all(client, first, WELSH)
    for address in ("/", first, f"/assessments/{aid}/services", f"/assessments/{aid}/check"):
        page = soup(client.get(address))
        assert page.html["lang"] == "en"
        assert len(page.find_all("h1")) == 1, address
        assert [page.find(tag) is not None for tag in ("header", "main", "footer")] == [True] * 3
        assert page.find("a", href="#maincontent")
        assert not page.select(".nhsuk-header__logo")  # not an NHS service
        assert page.find("meta", attrs={"name": "referrer"})["content"] == "same-origin"


def test_england_is_asked_about_pcn_staff(client):
    seen = answer_all(client, start(client), {**WELSH, "nation": "england"})
    assert "pcn_staff_for_practices" in seen


def test_an_error_names_the_field_and_keeps_the_answer(client):
    aid = assessment_id(start(client))
    address = f"/assessments/{aid}/questions/member_practices"
    reply = post(client, address, {"member_practices": "six"})
    page = soup(reply)
    assert page.title.string.startswith("Error: How many GP practices")
    link = page.select_one(".nhsuk-error-summary a")
    assert link["href"] == "#member_practices"
    message = "Enter the number of practices as a whole number, like 6"
    assert link.get_text(strip=True) == message
    field = page.find(id="member_practices")
    assert field["value"] == "six"
    assert page.find(id="member_practices-error").get_text(" ", strip=True) == "Error: " + message
    assert "member_practices" not in stored(client, aid).answers

    page = soup(post(client, address, {"member_practices": "0"}))
    expected = "Enter a number of practices between 1 and 10,000"
    assert page.select_one(".nhsuk-error-summary a").get_text(strip=True) == expected


def test_a_radios_error_links_to_the_first_radio(client):
    page = soup(post(client, start(client), {}))
    link = page.select_one(".nhsuk-error-summary a")
    assert link.get_text(strip=True) == "Select which nation your practices are in"
    first_radio = page.find("input", {"name": "nation", "type": "radio"})
    assert link["href"] == "#" + first_radio["id"]


def test_a_service_is_added_changed_and_removed(client):
    aid = assessment_id(start(client))
    name = soup(client.get(f"/assessments/{aid}/services/new"))
    assert name.h1.get_text(strip=True) == "What is the service called?"
    assert "Question 1 of 6" in name.select_one(".fa-progress").get_text(" ", strip=True)
    asked, _ = add_service(
        client, aid, {**PHARMACISTS, "kind": "urgent_care", "includes_nhs_111": "no"}
    )
    assert "includes_nhs_111" in asked  # asked only of urgent care, on its own page
    kind = soup(client.get(f"/assessments/{aid}/services/1/kind"))
    caption = kind.select_one(".fa-progress").get_text(" ", strip=True)
    assert caption == "Services: Pharmacists , Question 2 of 9"  # with the follow-ups it asks
    listed = soup(client.get(f"/assessments/{aid}/services"))
    change = listed.select_one(".nhsuk-summary-list__actions a")
    assert change.get_text(" ", strip=True) == "Change Pharmacists"
    reply = client.get(change["href"], follow_redirects=False)
    assert reply.headers["location"] == f"/assessments/{aid}/services/1/name"
    page = soup(client.get(reply.headers["location"]))
    assert page.find(id="name")["value"] == "Pharmacists"
    page = soup(client.get(f"/assessments/{aid}/services/1/employs_staff_directly"))
    assert page.find(id="employs_staff_directly").has_attr("checked")
    # a follow-up of employing staff is its own page, and goes when the answer is no
    post(
        client,
        f"/assessments/{aid}/services/1/employs_staff_directly",
        {"employs_staff_directly": "no"},
    )
    assert "staff_transfer_in" not in stored(client, aid).answers["services"][0]
    assert client.get(f"/assessments/{aid}/services/1/staff_transfer_in").status_code == 404

    remove = listed.select(".nhsuk-summary-list__actions a")[1]
    assert remove.get_text(" ", strip=True) == "Remove Pharmacists"
    confirm = soup(client.get(remove["href"]))
    assert confirm.h1.get_text(strip=True) == "Are you sure you want to remove Pharmacists?"
    reply = post(client, remove["href"], {})
    assert reply.headers["location"] == f"/assessments/{aid}/services"
    assert stored(client, aid).answers["services"] == []


def test_a_half_answered_service_is_kept_and_must_be_finished(client):
    aid = assessment_id(start(client))
    reply = post(client, f"/assessments/{aid}/services/new", {"name": "Pharmacists"})
    assert reply.headers["location"] == f"/assessments/{aid}/services/1/kind"
    assert stored(client, aid).answers["services"] == [{"name": "Pharmacists"}]  # a draft
    listed = soup(client.get(f"/assessments/{aid}/services"))
    assert "Not finished" in listed.select_one(".nhsuk-summary-list__value").get_text()
    page = soup(post(client, f"/assessments/{aid}/services", {}))
    link = page.select_one(".nhsuk-error-summary a")
    assert link.get_text(strip=True) == "Select yes if you need to add another service"
    assert page.find(id=link["href"][1:])["value"] == "yes"
    page = soup(post(client, f"/assessments/{aid}/services", {"add_another": "no"}))
    link = page.select_one(".nhsuk-error-summary a")
    assert link.get_text(strip=True) == "Answer every question about Pharmacists"
    assert link["href"] == f"/assessments/{aid}/services/1/kind"
    reply = post(client, f"/assessments/{aid}/services", {"add_another": "yes"})
    assert reply.headers["location"] == f"/assessments/{aid}/services/new"


def test_a_second_service_needs_its_own_name(client):
    aid = assessment_id(start(client))
    add_service(client, aid, PHARMACISTS)
    page = soup(post(client, f"/assessments/{aid}/services/new", {"name": "Pharmacists"}))
    assert page.title.string.startswith("Error: ")
    assert page.select_one(".nhsuk-error-summary a")["href"] == "#name"
    assert page.find(id="name")["value"] == "Pharmacists"  # what was typed is kept


def test_check_answers_lists_everything_and_changes_return_to_the_row(client):
    first = start(client)
    aid = assessment_id(first)
    answer_all(client, first, WELSH)
    add_service(client, aid, PHARMACISTS)
    check = f"/assessments/{aid}/check"
    page = soup(client.get(check))
    rows = summary_rows(page)
    assert rows["Nation"].dd.get_text(strip=True) == "Wales"  # the question's short label
    assert rows["Registered patients"].dd.get_text(strip=True) == "Not known"
    assert page.find("h3").get_text(strip=True) == "Pharmacists"
    assert rows["Nation"]["id"] == "answer-nation"

    nation = rows["Nation"].select_one(".nhsuk-summary-list__actions a")
    assert nation["href"].endswith("/questions/nation?change=answer-nation")
    back = soup(client.get(nation["href"])).select_one(".nhsuk-back-link")["href"]
    assert back == check + "#answer-nation"
    # England asks one more question before going back to the row on the check page
    reply = post(client, nation["href"], {"nation": "england"})
    pcn = reply.headers["location"]
    assert pcn.endswith("/questions/pcn_staff_for_practices?change=answer-nation")
    reply = post(client, pcn, {"pcn_staff_for_practices": "no"})
    assert reply.headers["location"] == check + "#answer-nation"

    kind = page.find(id="service-1-kind").select_one(".nhsuk-summary-list__actions a")
    assert kind["href"].endswith("/services/1/kind?change=service-1-kind")
    reply = post(client, kind["href"], {"kind": "community"})
    assert reply.headers["location"] == check + "#service-1-kind"
    assert stored(client, aid).answers["services"][0]["kind"] == "community"

    add = page.find("a", string="Add a service")
    asked, after = add_service(client, aid, BACK_OFFICE, start=add["href"])
    assert asked[0] == "name"
    assert after.startswith(check)
    assert len(stored(client, aid).answers["services"]) == 2


def test_i_do_not_know_leaves_the_answer_to_the_default_and_says_so(client):
    first = start(client)
    aid = assessment_id(first)
    answer_all(client, first, {**WELSH, "public_accountability": "not_known"})
    assert "public_accountability" not in stored(client, aid).answers
    page = soup(client.get(f"/assessments/{aid}/questions/public_accountability"))
    radio = page.find("input", {"name": "public_accountability", "value": "not_known"})
    assert radio.has_attr("checked")  # shown as answered that way when coming back
    hint = page.find(id=radio["aria-describedby"]).get_text(" ", strip=True)
    assert hint.endswith("formadvisor then assumes: Medium.")
    row = summary_rows(soup(client.get(f"/assessments/{aid}/check")))["Public accountability"]
    assert row.dd.get_text(" ", strip=True) == "I do not know Taken as: Medium"
    assert row.select_one(".nhsuk-summary-list__actions a").get_text(" ", strip=True) == (
        "Change Public accountability"
    )
    reply = post(client, f"/assessments/{aid}/check", {})
    assert reply.headers["location"].endswith("/result")  # the rules take the default
    # changing an earlier answer (once the warning is confirmed) does not ask it again
    post(client, f"/assessments/{aid}/edit", {})
    reply = post(
        client, f"/assessments/{aid}/questions/nation?change=answer-nation", {"nation": "scotland"}
    )
    assert reply.headers["location"].endswith("/check#answer-nation")


def test_every_question_page_says_where_it_is_in_the_journey(client):
    first = start(client)
    aid = assessment_id(first)
    post(client, first, {"nation": "wales"})
    page = soup(client.get(f"/assessments/{aid}/questions/member_practices"))
    text = page.select_one(".fa-progress").get_text(" ", strip=True)
    assert text == "About your group , Question 2 of 21"  # no PCN question outside England
    post(client, first + "?change=1", {"nation": "england"})
    page = soup(client.get(f"/assessments/{aid}/questions/priority"))
    assert page.select_one(".fa-progress").get_text(" ", strip=True).endswith("Question 21 of 22")
    start_page = " ".join(soup(client.get("/")).get_text(" ").split())
    assert "It takes about 12 minutes" in start_page  # 23 questions, 30 seconds each
    assert "about 3 minutes more for each service" in start_page  # 6 asked of every service


def test_the_check_page_lists_problems_when_the_rules_changed(client):
    first = start(client)
    aid = assessment_id(first)
    answer_all(client, first, WELSH)
    answers = dict(stored(client, aid).answers)
    answers["nation"] = "atlantis"  # as if the rules had dropped a choice since
    client.app.state.store.update(aid, answers=answers)
    page = soup(post(client, f"/assessments/{aid}/check", {}))
    link = page.select_one(".nhsuk-error-summary a")
    assert link.get_text(strip=True) == "Select which nation your practices are in"
    assert link["href"] == f"/assessments/{aid}/questions/nation?change=1"
    assert stored(client, aid).result is None


def test_the_link_resumes_where_the_answers_stop(client):
    aid = assessment_id(start(client))
    post(client, f"/assessments/{aid}/questions/nation", {"nation": "wales"})
    reply = client.get(f"/assessments/{aid}", follow_redirects=False)
    assert reply.headers["location"] == f"/assessments/{aid}/questions/member_practices"


def test_a_draft_with_the_required_answers_resumes_at_check_answers(client):
    required = {"nation": "wales", "member_practices": 6, "purposes": ["estates"]}
    service = {"name": "P", "kind": "other", "commissioner": "icb", "employs_staff_directly": True}
    draft = {**required, "profit_intent": "reinvest", "services": [service]}
    aid = client.app.state.store.create(draft).id
    reply = client.get(f"/assessments/{aid}", follow_redirects=False)
    assert reply.headers["location"] == f"/assessments/{aid}/check"
    page = soup(client.get(reply.headers["location"]))
    row = summary_rows(page)["Asset lock"]
    assert row.dd.get_text(" ", strip=True) == "Not answered Taken as: No"
    action = row.select_one(".nhsuk-summary-list__actions a").get_text(" ", strip=True)
    assert action == "Answer Asset lock"
    transfer = summary_rows(page)["Staff transfer in (TUPE)"]
    assert transfer.dd.get_text(" ", strip=True) == "Not answered Taken as: No"
    href = transfer.select_one(".nhsuk-summary-list__actions a")["href"]
    assert href.endswith("/services/1/staff_transfer_in?change=service-1-staff_transfer_in")


def test_an_unknown_assessment_is_a_page_not_found(client):
    reply = client.get("/assessments/not-a-real-id")
    assert reply.status_code == 404
    assert reply.headers["content-type"].startswith("text/html")
    assert soup(reply).h1.get_text(strip=True) == "Page not found"


def test_the_token_cookie_is_http_only_and_same_site(app):
    with TestClient(app) as fresh:
        cookie = fresh.get("/").headers["set-cookie"]
    assert cookie.startswith("formadvisor_csrf=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


def test_a_form_without_its_token_is_refused(client):
    address = start(client)
    reply = client.post(address, data={"nation": "wales"})
    assert reply.status_code == 403
    assert soup(reply).h1.get_text(strip=True) == "Your answer could not be saved"
    reply = client.post(address, data={"nation": "wales", "csrf_token": "x" * 43})
    assert reply.status_code == 403
    assert stored(client, assessment_id(address)).answers == {}
