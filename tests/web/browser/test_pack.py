"""The result page as first read and the partners' pack, in chromium at 1280 px: the summary and
the next steps on the first screen, no rule id outside the folds, under 800 words, axe clean;
the pack downloaded (with and without JavaScript), its page 1 naming the group, a repeat
download timed. The pictures in docs/images/ (shown in the README) are redrawn every run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES, ROOT

from .axe import assert_accessible
from .visible import VISIBLE_TEXT

GROUP = "South Powys Cluster"
WIDTH, SCREEN = 1280, 800
SUMMARY_PICTURE = ROOT / "docs" / "images" / "result-summary.png"
PACK_PICTURE = ROOT / "docs" / "images" / "partners-pack.png"


@pytest.fixture(scope="module")
def assessment(server) -> str:
    """The Welsh example, named, saved through the API: its result page's address."""
    answers = read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data | {"group_name": GROUP}
    request = urllib.request.Request(
        f"{server}/api/v1/assessments",
        json.dumps(answers).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as reply:
        return json.load(reply)["link"].removeprefix(server)


def _pdf_page_one(path) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return " ".join(done.stdout.split())


def test_the_summary_and_next_steps_come_first_plainly(page, assessment, advisor, screenshots):
    page.set_viewport_size({"width": WIDTH, "height": SCREEN})
    page.goto(f"{assessment}/result")
    expect(page.locator(".fa-headline")).to_be_visible()
    for part in ("#summary", "#next-steps"):
        box = page.locator(part).bounding_box()
        assert box["y"] + box["height"] <= SCREEN, f"{part} ends below the first screen"
    text = page.evaluate(VISIBLE_TEXT)
    rule_ids = [pr.rule.id for pr in advisor.policy.rules]
    assert [r for r in rule_ids if r in text] == []
    assert not re.search(r"\bweight [+−-]?\d|\bscores \d", text)
    words = len([w for w in text.split() if re.search(r"\w", w)])
    print(f"{words} words outside the folds")
    assert words < 800, f"{words} words outside the folds"
    # What would change it: the first five a line each, the rest folded, all closed.
    what_if = page.locator("#what-if")
    lines = what_if.locator(".fa-what-if-top > li > details > summary")
    assert 0 < lines.count() <= 5
    assert all(" → " in line for line in lines.all_inner_texts())
    expect(what_if.locator(".fa-what-if__sentence").first).to_be_hidden()
    expect(what_if.locator("details.fa-what-if-more > summary")).to_have_text(
        re.compile(r"^\d+ more changes$")
    )
    assert GROUP in page.locator(".nhsuk-caption-l").inner_text()
    assert_accessible(page)
    page.screenshot(path=screenshots / "result-summary.png")
    shutil.copyfile(screenshots / "result-summary.png", SUMMARY_PICTURE)
    # Everything for advisers is still there, folded.
    fold = page.locator("details#adviser-detail")
    fold.locator(":scope > summary").click()
    expect(fold.locator("#why .fa-reason").first).to_be_visible()


def test_the_pack_says_it_is_being_prepared_then_downloads(page, assessment, server, tmp_path):
    page.goto(f"{assessment}/result")
    status = page.locator(".fa-pdf-status")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=re.compile("partners' pack")).click()
        expect(status).to_contain_text("Preparing")
    expect(status).to_contain_text("has downloaded", timeout=120_000)
    pdf = tmp_path / "pack.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert GROUP in _pdf_page_one(pdf)
    first_page = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*first_page, str(pdf), str(tmp_path / "page1")], check=True)
    shutil.copyfile(tmp_path / "page1.png", PACK_PICTURE)
    # A repeat download reads the built pack: timed from here, the user's side of the wire.
    times = []
    for _ in range(3):  # the fastest of three: a loaded test machine stalls a single one
        start = time.perf_counter()
        with urllib.request.urlopen(f"{server}{assessment}/result.pdf", timeout=60) as reply:
            again = reply.read()
            cached = reply.headers["X-Cache"]
        times.append(time.perf_counter() - start)
    took = min(times)
    print(f"repeat download of the partners' pack: {took * 1000:.0f} ms")
    assert cached == "hit"
    assert again == pdf.read_bytes()
    assert took < 0.3


def test_without_javascript_the_link_downloads_the_pack(page_without_js, assessment, tmp_path):
    page_without_js.goto(f"{assessment}/result")
    expect(page_without_js.locator(".fa-pdf-status")).to_contain_text("first download")
    with page_without_js.expect_download(timeout=120_000) as download:
        page_without_js.get_by_role("button", name=re.compile("partners' pack")).click()
    pdf = tmp_path / "pack.pdf"
    download.value.save_as(pdf)
    assert GROUP in _pdf_page_one(pdf)
