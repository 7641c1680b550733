"""Answers that look like markup are shown as text, in the real browser, under the real CSP:
no script runs (no dialog), the words are visible literally, and the browser reports no
Content-Security-Policy violation (nor any other console error) on any page that shows them."""

from __future__ import annotations

import json
import urllib.request

from .axe import assert_accessible

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
]


def _save(server: str) -> str:
    services = [
        {
            "name": name,
            "kind": "pharmacy_support",
            "commissioner": "health_board",
            "employs_staff_directly": True,
            "staff_need_nhs_pension": True,
        }
        for name in HOSTILE
    ]
    answers = {
        "nation": "wales",
        "member_practices": 3,
        "purposes": ["back_office"],
        "profit_intent": "reinvest",
        "services": services,
    }
    request = urllib.request.Request(
        f"{server}/api/v1/assessments",
        data=json.dumps(answers).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        assert reply.status == 201
        return json.loads(reply.read())["id"]


def test_markup_in_answers_is_shown_as_text_with_no_csp_violation(page, server):
    aid = _save(server)
    dialogs: list[str] = []
    console: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: m.type in ("error", "warning") and console.append(m.text))
    page.goto(f"/assessments/{aid}/edit")  # the answers have a result: say we change them
    page.get_by_role("button", name="Continue to change answers").click()
    page.wait_for_url(f"**/assessments/{aid}/check")
    for path in ("check", "services", "result", "services/1/remove"):
        reply = page.goto(f"/assessments/{aid}/{path}")
        assert reply.status == 200, path
        page.wait_for_load_state("networkidle")
        body = page.locator("main").inner_text()
        shown = [h for h in HOSTILE if h in body]
        assert shown, (path, body[:300])
        assert page.locator("main img[src='x']").count() == 0, path
        assert page.locator("main script").count() == 0, path
        # The page's own scripts did run (so a refused inline script would have been noticed).
        assert "js-enabled" in page.evaluate("document.body.className"), path
    assert_accessible(page)
    assert dialogs == []
    assert console == [], console


def test_docs_page_runs_its_script_under_the_csp(page):
    console: list[str] = []
    page.on("console", lambda m: m.type == "error" and console.append(m.text))
    assert page.goto("/docs").status == 200
    page.get_by_text("/api/v1/assessments", exact=False).first.wait_for()
    assert console == [], console
