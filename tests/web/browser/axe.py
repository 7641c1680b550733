"""axe-core (bundled by axe-playwright-python: offline) against WCAG 2.2 AA, with one exception."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (the pages are clean there
# too, so a regression in, say, landmarks or heading order fails as well).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

# The one allowed exception. NHS.UK (like GOV.UK) conditional radios put `aria-expanded` on
# the radio input that reveals a follow-up question, which ARIA 1.2 does not list for role
# radio, so axe reports `aria-allowed-attr`. The design systems keep it on purpose: screen
# readers announce "expanded/collapsed" and no better pattern is supported (govuk-frontend
# issues #979 and #2823). Allowed only for aria-expanded, and only on a radio input whose
# aria-controls names an NHS conditional reveal.
CONDITIONAL_RADIO = """el => el.matches("input.nhsuk-radios__input[type=radio][aria-controls]")
  && !!document.getElementById(el.getAttribute("aria-controls"))
       ?.classList.contains("nhsuk-radios__conditional")"""

_axe = Axe()


def _flagged_attributes(node: dict) -> list[str]:
    """The attributes axe names in an aria-allowed-attr node, e.g. ['aria-expanded="false"']."""
    return [str(item) for check in node["any"] + node["all"] for item in (check["data"] or [])]


def _is_allowed(page, rule: str, node: dict) -> bool:
    if rule != "aria-allowed-attr" or len(node["target"]) != 1:
        return False
    attributes = _flagged_attributes(node)
    if not attributes or not all(a.startswith("aria-expanded") for a in attributes):
        return False
    return page.eval_on_selector(node["target"][0], CONDITIONAL_RADIO)


def axe_violations(page) -> list[dict]:
    """axe's own violation records for the page as it is now, exceptions included."""
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


def violations(page) -> list[str]:
    """One line per offending element: rule id, impact, selector and what to fix."""
    lines = []
    for rule in axe_violations(page):
        for node in rule["nodes"]:
            if _is_allowed(page, rule["id"], node):
                continue
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"{rule['id']} ({rule['impact']}) at {target}: {rule['help']}")
    return lines


def assert_accessible(page) -> None:
    """Fail listing every axe violation on the page as it is now (the one exception aside)."""
    found = violations(page)
    where = f"{page.url} ({page.title()})"
    assert not found, f"{len(found)} accessibility violations on {where}:\n" + "\n".join(found)
