"""How long and how plain the result page and the partners' pack are, per example and case study.

    .venv/bin/python scripts/report_stats.py --out report-after.json

For every `examples/*.yaml` and every case study in `features/case_studies.feature` (its answers
read with the scenario steps' own readers), it saves an assessment through the API of a real
`formadvisor serve`, opens the result page in Debian chromium at 1280 px (as tests/web/browser
does) and measures:

- `words`: words a reader sees in `<main>` outside folded sections (closed `<details>`, whose
  summary line still counts);
- `height`: the page's height in px at 1280 px wide;
- `rule_ids`: rule ids (of the rules in use) visible outside folded sections;
- `first_screen`: whether the summary (and the next steps of the action plan, when the page has
  them) end within the first screen (1280 × 800);
- `pdf_pages` (pdfinfo), `pdf_first_s` (the first download) and `pdf_repeat_s` (the fastest of
  three more), and whether page 1 of the PDF names the group (`pdf_names_group`).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.support: the one way the tests start a server

from tests.support.case_studies import case_studies  # noqa: E402
from tests.support.servers import serving  # noqa: E402
from tests.web.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.web.browser.visible import VISIBLE_TEXT  # noqa: E402

WIDTH, SCREEN = 1280, 800

BOTTOM = """(selector) => {
  const el = document.querySelector(selector);
  return el ? el.getBoundingClientRect().bottom + window.scrollY : null;
}"""


def answer_sets(advisor) -> dict[str, dict]:
    sets = {
        p.stem: yaml.safe_load(p.read_text()) for p in sorted((ROOT / "examples").glob("*.yaml"))
    }
    return {**sets, **case_studies(advisor)}


def _get(url: str) -> tuple[bytes, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as reply:
        body = reply.read()
    return body, time.perf_counter() - start


def _post(url: str, data: dict) -> dict:
    request = urllib.request.Request(
        url, json.dumps(data).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=300) as reply:
        return json.load(reply)


def _pdf_stats(base: str, link: str, group: str | None, folder: Path) -> dict:
    url = f"{base}{link}/result.pdf"
    pdf, first = _get(url)
    repeats = [_get(url)[1] for _ in range(3)]
    path = folder / "pack.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    page1 = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        "pdf_pages": pages,
        "pdf_first_s": round(first, 3),
        "pdf_repeat_s": round(min(repeats), 3),
        "pdf_names_group": bool(group) and " ".join(group.split()) in " ".join(page1.split()),
    }


def measure(page, base: str, answers: dict, rule_ids: list[str], folder: Path) -> dict:
    link = _post(f"{base}/api/v1/assessments", answers)["link"]
    link = link.removeprefix(base)
    page.goto(f"{base}{link}/result")
    text = page.evaluate(VISIBLE_TEXT)
    words = [w for w in text.split() if re.search(r"\w", w)]
    ids = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, rule_ids)) + r")(?![\w])")
    summary = page.evaluate(BOTTOM, "#summary")
    plan = page.evaluate(BOTTOM, "#next-steps") or page.evaluate(BOTTOM, "#action-plan")
    stats = {
        "words": len(words),
        "height": page.evaluate("document.documentElement.scrollHeight"),
        "rule_ids": len(ids.findall(text)),
        "summary_bottom": summary,
        "plan_bottom": plan,
        "first_screen": summary is not None
        and summary <= SCREEN
        and (plan is None or plan <= SCREEN),
    }
    return stats | _pdf_stats(base, link, answers.get("group_name"), folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules")
    parser.add_argument("--only", help="measure only the answer sets whose name contains this")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from formadvisor.advice.advisor import Advisor

    advisor = Advisor.from_folder(args.rules)
    rule_ids = sorted((pr.rule.id for pr in advisor.policy.rules), key=len, reverse=True)
    names = {q.id for q in advisor.policy.questionnaire.questions}
    sets = {k: v for k, v in answer_sets(advisor).items() if (args.only or "") in k}
    advisor.close()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": SCREEN})
        with serving(folder, rules=args.rules) as base:
            for name, answers in sets.items():
                if "group_name" in names and "group_name" not in answers:
                    answers = {"group_name": name.replace("_", " ").capitalize(), **answers}
                results[name] = measure(page, base, answers, rule_ids, folder)
                print(name, json.dumps(results[name]), flush=True)
        browser.close()
    figures = {k for r in results.values() for k, v in r.items() if type(v) in (int, float)}
    summary = {}
    for k in sorted(figures):
        values = [r[k] for r in results.values() if r[k] is not None]
        summary[k] = {"max": max(values), "median": statistics.median(values)}
    summary["first_screen"] = {"all": all(r["first_screen"] for r in results.values())}
    print(json.dumps(summary, indent=1))
    if args.out:
        args.out.write_text(json.dumps({"sets": results, "summary": summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
