"""Sharing in the real browser: the read-only link opened in a fresh browser (no form, no edit
route works), the edit warning before answers with a result change, a second result kept as a
version and compared with the first; axe on every page this adds."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from formadvisor.rules.checks import load_policy
from formadvisor.settings import Settings
from formadvisor.web.app import create_app
from tests.support.data import WALES_PHARMACY
from tests.web.test_sharing import token_paths, write_routes

from .answering import follow, press
from .axe import assert_accessible
from .conftest import _new_page

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_read_link_edit_warning_and_versions(browser, server, page, screenshots):
    made = page.request.post(f"{server}/api/v1/assessments", data=WALES_PHARMACY)
    assert made.status == 201
    body = made.json()
    aid, read_link = body["id"], body["read_link"]
    read = read_link.rsplit("/", 1)[-1]

    # The edit link: the result with both links; the copy button works with JavaScript.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(body["link"])
    assert page.url.endswith(f"/assessments/{aid}/result")
    panel = page.locator("#share")
    assert panel.locator("#read-link").inner_text() == read_link
    assert panel.locator("#edit-link").text_content() == body["link"]  # folded
    copy = panel.get_by_role("button", name="Copy read-only link")
    copy.click()
    expect(panel.locator(".fa-copied").first).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == read_link
    panel.screenshot(path=screenshots / "share-panel.png")

    # Changing answers warns first; the warning keeps the result.
    follow(page, "Check or change your answers")
    assert page.get_by_role("heading", level=1).inner_text() == "Before you change your answers"
    assert_accessible(page)
    page.screenshot(path=screenshots / "edit-warning.png", full_page=True)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate(SIDEWAYS) <= 0, "the warning reflows at 320 px"
    page.set_viewport_size({"width": 1280, "height": 720})
    press(page, "Continue to change answers")
    assert page.url.endswith(f"/assessments/{aid}/check")
    page.goto(f"/assessments/{aid}/questions/member_practices")
    page.locator("input[name=member_practices]").fill("8")
    press(page, "Continue")
    page.goto(f"/assessments/{aid}/result")
    assert page.locator(".fa-answers-changed").is_visible()
    assert_accessible(page)
    page.goto(f"/assessments/{aid}/check")
    press(page, "Get your recommendation")
    assert page.url.endswith(f"/assessments/{aid}/result")
    assert page.locator(".fa-answers-changed").count() == 0

    # A fresh browser with only the read-only link.
    context, reader = _new_page(browser, server)
    try:
        reply = reader.goto(read_link)
        assert reply.status == 200
        assert reader.url.endswith(f"/assessments/{read}/result")
        assert reader.locator("form").count() == 0
        assert aid not in reader.content()
        assert reader.locator("#edit-link").count() == 0
        assert reader.locator(".fa-read-only").is_visible()
        assert_accessible(reader)
        reader.screenshot(path=screenshots / "read-only-result.png", full_page=True)
        with reader.expect_download() as pdf:
            reader.get_by_role("button", name="Download the partners' pack (PDF)").click()
        assert pdf.value.suggested_filename.endswith(".pdf")

        follow(reader, "Compare any two versions")
        assert reader.locator("form[method=post]").count() == 0
        assert_accessible(reader)
        reader.select_option("#compare-from", "1")
        reader.select_option("#compare-to", "2")
        press(reader, "Compare")
        heading = reader.get_by_role("heading", level=1).inner_text()
        assert heading == "Version 1 and version 2 compared"
        row = reader.locator(".fa-answer-changes tbody tr")
        assert row.count() == 1
        assert re.sub(r"\s+", " ", row.inner_text()).endswith("3 8")
        assert aid not in reader.content()
        assert_accessible(reader)
        reader.screenshot(path=screenshots / "versions-compared.png", full_page=True)

        # No edit route works: the pages say so, and the forms' posts are refused.
        for path in ("check", "questions/member_practices", "services", "edit"):
            status = reader.goto(f"/assessments/{read}/{path}").status
            assert status in (403, 404), path
        assert_accessible(reader)
        # Every route of the app that writes (enumerated from the app, so a new one is covered),
        # posted by this browser with its own CSRF token and the read token in the address.
        csrf = next(c["value"] for c in context.cookies() if c["name"] == "formadvisor_csrf")
        app = create_app(Settings())
        questions = [q.id for q in load_policy(Settings().rules).questionnaire.questions]
        tried = 0
        for route, method in write_routes(app):
            for path in token_paths(route, read, questions):
                sent = reader.request.fetch(
                    f"{server}{path}",
                    method=method,
                    form={"csrf_token": csrf, "member_practices": "1", "nation": "england"},
                    max_redirects=0,
                )
                assert sent.status in (403, 404), f"{method} {path}: {sent.status}"
                tried += 1
        assert tried >= 10
        reader.goto(read_link)
        assert reader.locator(".fa-answers-changed").count() == 0
    finally:
        context.close()
    assert reader.errors == [], reader.errors


def test_without_javascript_the_links_are_text_to_select(page_without_js, server):
    made = page_without_js.request.post(f"{server}/api/v1/assessments", data=WALES_PHARMACY)
    body = made.json()
    page_without_js.goto(body["link"])
    for which, link in (("read", body["read_link"]), ("edit", body["link"])):
        assert page_without_js.locator(f"#{which}-link").text_content() == link  # edit: folded
        copy = page_without_js.locator(f"button[data-copy={which}-link]")
        assert copy.count() == 1
        assert not copy.is_visible(), "a copy button that cannot work is not shown"
    mail = page_without_js.get_by_role("link", name=re.compile("by email"))
    assert mail.get_attribute("href").startswith("mailto:?subject=")
