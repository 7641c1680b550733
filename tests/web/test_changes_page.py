"""`/assessments/{id}/changes`: a result saved under older rules, re-run under the current ones."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from formadvisor.rules.yamlfile import read_yaml
from formadvisor.settings import Settings
from formadvisor.store.assessments import run_assessment
from formadvisor.store.database import Store, Version
from formadvisor.web.app import create_app
from tests.support.data import EXAMPLES
from tests.support.edited_rules import EXTRA_CONSIDERATION, EXTRA_RULE, edited_rules

WELSH = read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data


@pytest.fixture(scope="module")
def newer_rules(tmp_path_factory, advisor):
    before = advisor.recommend(WELSH, what_if=False)
    return edited_rules(
        tmp_path_factory.mktemp("newer") / "rules",
        exclude=[before.organisational_form.recommended],
        source=advisor.policy.rules[0].rule.sources[0],
    )


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'assessments.sqlite3'}"


def saved_under_todays_rules(advisor, db_url: str, answers: dict = WELSH) -> str:
    store = Store(db_url)
    row = store.create(answers)
    run_assessment(advisor, store, row.id)
    store.close()
    return row.id


def page(client: TestClient, url: str) -> tuple[int, BeautifulSoup]:
    reply = client.get(url)
    return reply.status_code, BeautifulSoup(reply.text, "html.parser")


def words(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def save_new_result(client: TestClient, soup: BeautifulSoup):
    """Post the page's "Save the new result" form as a browser does, with its CSRF token."""
    form = soup.find("form", method="post")
    token = form.find("input", {"name": "csrf_token"})["value"]
    return client.post(form["action"], data={"csrf_token": token}, follow_redirects=False)


def test_newer_rules_show_what_changed_and_the_new_result_can_be_saved(
    advisor, db_url, newer_rules
):
    assessment = saved_under_todays_rules(advisor, db_url)
    before = Store(db_url).get(assessment)
    old_label = before.result["organisational_form"]["ranking"][0]["label"]
    with TestClient(create_app(Settings(rules=newer_rules, database_url=db_url))) as client:
        status, soup = page(client, f"/assessments/{assessment}/changes")
        assert status == 200
        assert soup.h1.get_text(strip=True) == "What has changed under the current rules"
        assert soup.title.get_text().startswith("What has changed under the current rules – ")
        text = words(soup)
        new = client.app.state.advisor.recommend(WELSH, what_if=False)
        new_label = new.organisational_form.ranking[0].label
        row = soup.select_one(".nhsuk-summary-list__row")
        assert row.dt.get_text(strip=True) == "Organisational form"
        assert " ".join(row.dd.get_text().split()) == f"Was {old_label}. Now {new_label}."
        assert f"{old_label} as the organisational form" in text
        assert EXTRA_RULE in text
        assert EXTRA_CONSIDERATION in text
        old_rules = f"with the rules edition {advisor.policy.release} ({advisor.policy.version})"
        assert old_rules in text
        newer = client.app.state.advisor.policy
        assert f"now are edition {newer.release} ({newer.version})" in text
        form = soup.find("form", method="post")
        assert form["action"] == f"/assessments/{assessment}/changes"

        saved = save_new_result(client, soup)
        assert saved.status_code == 303
        assert saved.headers["location"] == f"/assessments/{assessment}/result"
        row = client.app.state.store.get(assessment)
        assert row.rules_hash == client.app.state.advisor.policy.version != advisor.policy.version
        assert (
            row.result["organisational_form"]["recommended"] == new.organisational_form.recommended
        )
        assert row.answers == WELSH

        status, soup = page(client, f"/assessments/{assessment}/changes")
        assert soup.h1.get_text(strip=True) == "Nothing has changed"
        assert soup.find("form", method="post") is None


def test_the_same_rules_change_nothing(advisor, db_url):
    assessment = saved_under_todays_rules(advisor, db_url)
    with TestClient(create_app(Settings(database_url=db_url))) as client:
        status, soup = page(client, f"/assessments/{assessment}/changes")
    assert status == 200
    assert soup.h1.get_text(strip=True) == "Nothing has changed"
    assert "These are still the rules in use" in words(soup)


def test_answers_the_current_rules_refuse_are_listed(advisor, db_url, newer_rules):
    assessment = saved_under_todays_rules(advisor, db_url)
    store = Store(db_url)
    refused = {**WELSH, "retired_question": True}
    store.update(assessment, answers=refused)
    with Session(store.engine) as s:  # as if the result had been made from these answers
        s.execute(
            sa.update(Version).where(Version.assessment_id == assessment).values(answers=refused)
        )
        s.commit()
    with TestClient(create_app(Settings(rules=newer_rules, database_url=db_url))) as client:
        status, soup = page(client, f"/assessments/{assessment}/changes")
        assert status == 200
        assert soup.h1.get_text(strip=True) == "The current rules need different answers"
        assert "retired_question: unknown question" in words(soup)
        kept = client.app.state.store.get(assessment).result
        assert soup.find("form", method="post") is None, "no save button: the answers come first"
        token = {"csrf_token": client.cookies["formadvisor_csrf"]}  # a post all the same
        url = f"/assessments/{assessment}/changes"
        again = client.post(url, data=token, follow_redirects=False)
        assert again.status_code == 303
        assert again.headers["location"] == f"/assessments/{assessment}/changes"
        assert client.app.state.store.get(assessment).result == kept, "nothing saved"


def test_a_draft_and_an_unknown_id(db_url):
    with TestClient(create_app(Settings(database_url=db_url))) as client:
        draft = client.app.state.store.create({"nation": "wales"})
        status, soup = page(client, f"/assessments/{draft.id}/changes")
        assert status == 200
        assert soup.h1.get_text(strip=True) == "There is no saved result yet"
        status, soup = page(client, "/assessments/nope/changes")
        assert status == 404
        assert soup.h1.get_text(strip=True) == "Page not found"
        token = {"csrf_token": client.cookies["formadvisor_csrf"]}
        assert client.post("/assessments/nope/changes", data=token).status_code == 404


def test_saving_without_the_forms_token_is_refused(advisor, db_url, newer_rules):
    assessment = saved_under_todays_rules(advisor, db_url)
    with TestClient(create_app(Settings(rules=newer_rules, database_url=db_url))) as client:
        status, soup = page(client, f"/assessments/{assessment}/changes")
        assert status == 200
        kept = client.app.state.store.get(assessment)
        for data in ({}, {"csrf_token": "x" * 43}):
            reply = client.post(f"/assessments/{assessment}/changes", data=data)
            assert reply.status_code == 403
            refused = BeautifulSoup(reply.text, "html.parser")
            assert refused.h1.get_text(strip=True) == "Your answer could not be saved"
        row = client.app.state.store.get(assessment)
        assert (row.rules_hash, row.result) == (kept.rules_hash, kept.result), "nothing saved"
        assert save_new_result(client, soup).status_code == 303  # the page's own form is taken


def test_the_saved_date_is_shown(advisor, db_url):
    assessment = saved_under_todays_rules(advisor, db_url)
    made = dt.date.fromisoformat(Store(db_url).get(assessment).result["as_of"])
    with TestClient(create_app(Settings(database_url=db_url))) as client:
        _, soup = page(client, f"/assessments/{assessment}/changes")
    assert f"made on {made:%-d %B %Y}" in words(soup)


def test_the_api_lists_the_same_changes(advisor, db_url, newer_rules):
    assessment = saved_under_todays_rules(advisor, db_url)
    with TestClient(create_app(Settings(rules=newer_rules, database_url=db_url))) as client:
        reply = client.get(f"/api/v1/assessments/{assessment}/changes")
        assert reply.status_code == 200
        body = reply.json()
        assert body["same_rules"] is False
        assert body["nothing_changed"] is False
        assert body["saved_rules_hash"] == advisor.policy.version
        assert body["current_rules_hash"] == client.app.state.advisor.policy.version
        assert [r["rule"] for r in body["changes"]["rules_only_now"]] == [EXTRA_RULE]
        before, after = body["changes"]["form"]
        assert before["option"] != after["option"]
        draft = client.app.state.store.create({})
        assert client.get(f"/api/v1/assessments/{draft.id}/changes").status_code == 409
        assert client.get("/api/v1/assessments/nope/changes").status_code == 404
    with TestClient(create_app(Settings(database_url=db_url))) as client:
        body = client.get(f"/api/v1/assessments/{assessment}/changes").json()
        assert body["same_rules"] is True
        assert body["nothing_changed"] is True
        assert body["changes"] is None


def test_the_rules_re_run_the_answers_of_the_saved_result_not_answers_changed_since(
    advisor, db_url, newer_rules
):
    """While the answers are being changed, the saved result stays, and what the current rules
    would change in it is worked out from the answers that made it."""
    assessment = saved_under_todays_rules(advisor, db_url)
    changed = {**WELSH, "member_practices": WELSH["member_practices"] + 4}
    Store(db_url).update(assessment, answers=changed, editing=True)
    with TestClient(create_app(Settings(rules=newer_rules, database_url=db_url))) as client:
        status, soup = page(client, f"/assessments/{assessment}/changes")
        assert status == 200
        newer = client.app.state.advisor
        expected = newer.recommend(WELSH, what_if=False).organisational_form.ranking[0].label
        row = soup.select_one(".nhsuk-summary-list__row")
        assert words(row.dd).endswith(f"Now {expected}.")
        assert save_new_result(client, soup).status_code == 303
        store = client.app.state.store
        one, two = store.versions(assessment)
        assert two.answers == one.answers == WELSH
        assert two.rules_hash == newer.policy.version
        assert store.get(assessment).answers == changed, "the changes being made are kept"


def test_a_route_with_no_option_is_worded_in_the_pages_language():
    """A service gone from the answers, or a route nothing is eligible for, is said by the page
    (`Pick.missing`, macros.html `picked`), so a Welsh page does not show the API's English."""
    from formadvisor.advice.changes import Pick
    from formadvisor.i18n import gettext
    from formadvisor.settings import Settings
    from formadvisor.web.language import using
    from formadvisor.web.templating import make_templates

    env = make_templates(Settings().templates_dir).env
    said = env.from_string('{% from "macros.html" import picked %}{{ picked(p) }}')
    apms = Pick(option="apms", label="APMS contract")
    gone = Pick(option=None, label="no such service", missing="service")
    none = Pick(option=None, label="nothing eligible", missing="option")
    with using("cy"):
        words = [said.render(p=p) for p in (apms, gone, none)]
    assert words == ["APMS contract", *(gettext("cy", p.label) for p in (gone, none))]
    assert not {"no such service", "nothing eligible"} & set(words)
