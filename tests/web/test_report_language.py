"""A saved result in the reader's language (web/report.py): made again in it from the answers
and day that made it while the rules are unchanged; shown as saved, in its own language with a
note in the reader's, once they have changed. The saved row is never touched."""

from __future__ import annotations

import json
import subprocess

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from formadvisor.advice.results import Recommendation
from formadvisor.store.assessments import run_assessment
from tests.support.data import EXAMPLES

ANSWERS = YAML(typ="safe").load(EXAMPLES / "welsh_cluster_pharmacists.yaml")


@pytest.fixture(scope="module")
def advisor(shared_client):
    return shared_client.app.state.advisor


@pytest.fixture(scope="module")
def english(shared_client, advisor) -> str:
    """An assessment saved in English, as the check page saves it."""
    state = shared_client.app.state
    row = run_assessment(advisor, state.store, state.store.create(ANSWERS).id)
    assert Recommendation.model_validate(row.result).lang == "en"
    return row.id


def _save(shared_client, rec: Recommendation) -> str:
    store = shared_client.app.state.store
    row = store.create(ANSWERS)
    store.update(row.id, result=json.loads(rec.to_json()))
    return row.id


def _page(shared_client, assessment: str, query: str = "") -> BeautifulSoup:
    reply = shared_client.get(f"/assessments/{assessment}/result{query}")
    assert reply.status_code == 200, reply.text
    return BeautifulSoup(reply.text, "html.parser")


def _disclaimer(page: BeautifulSoup) -> str:
    return " ".join(page.select_one(".fa-disclaimer-text").get_text(" ", strip=True).split())


@pytest.fixture(scope="module")
def disclaimers(advisor) -> dict[str, str]:
    said = {lang: advisor.language(lang).recommend(ANSWERS).disclaimer for lang in ("en", "cy")}
    assert said["en"] != said["cy"], "the rules have no Welsh disclaimer"
    return said


def test_a_result_saved_in_english_is_made_again_in_welsh(shared_client, english, disclaimers):
    page = _page(shared_client, english, "?lang=cy")
    assert page.html["lang"] == "cy"
    assert _disclaimer(page) == disclaimers["cy"]
    assert page.select_one(".fa-saved-in") is None
    saved = shared_client.app.state.store.get(english).result
    assert Recommendation.model_validate(saved).lang == "en"  # the saved result is as it was
    assert _disclaimer(_page(shared_client, english, "?lang=en")) == disclaimers["en"]


def test_a_result_saved_in_welsh_is_made_again_in_english(shared_client, advisor, disclaimers):
    welsh = advisor.language("cy").recommend(ANSWERS)
    assert welsh.lang == "cy"
    page = _page(shared_client, _save(shared_client, welsh), "?lang=en")
    assert page.html["lang"] == "en"
    assert _disclaimer(page) == disclaimers["en"]


def test_under_changed_rules_it_is_shown_as_saved_in_its_own_language(
    shared_client, advisor, disclaimers
):
    welsh = advisor.language("cy").recommend(ANSWERS)
    older = welsh.model_copy(update={"ruleset": welsh.ruleset.model_copy(update={"version": "0"})})
    page = _page(shared_client, _save(shared_client, older), "?lang=en")
    assert page.html["lang"] == "cy"  # the whole page in the language of its words
    assert _disclaimer(page) == disclaimers["cy"]
    note = page.select_one(".fa-saved-in p")
    assert note["lang"] == "en"
    assert "in the language it was made in" in note.get_text()
    assert page.select_one(".fa-rules-changed a")["href"].endswith("/changes")


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return " ".join(done.stdout.replace("‐\n", "").split())  # words hyphenated at a line's end


def test_the_pack_is_in_the_language_asked_for_and_cached_apart(
    shared_client, english, disclaimers, tmp_path
):
    packs = {}
    for lang in ("cy", "en"):
        reply = shared_client.get(f"/assessments/{english}/result.pdf?lang={lang}")
        assert reply.status_code == 200
        assert reply.headers["x-cache"] == "miss"  # one pack per language
        packs[lang] = _pdf_text(reply.content, tmp_path)
    assert disclaimers["cy"] in packs["cy"]
    assert disclaimers["en"] not in packs["cy"]
    assert disclaimers["en"] in packs["en"]


def test_on_a_welsh_page_public_documents_titles_are_marked_english(shared_client, english):
    page = _page(shared_client, english, "?lang=cy")
    sources = page.select("#sources li.fa-source")
    assert sources
    for li in sources:
        title = li.select_one(".fa-source__id").find_next_sibling()
        if li.select_one(".fa-source__check"):  # an unsourced fact: its words are Welsh
            assert title is None or title.get("lang") is None
        else:  # a public document's title, as it was published
            assert title["lang"] == "en", li
    english_page = _page(shared_client, english, "?lang=en")
    assert not english_page.select("#sources [lang]")


def test_see_this_result_says_the_consequence_in_the_page_language(shared_client, english, advisor):
    page = _page(shared_client, english, "?lang=cy")
    link = page.select_one(".fa-what-if__see")["href"]
    reply = shared_client.get(link)
    assert reply.status_code == 200
    said = BeautifulSoup(reply.text, "html.parser").select_one(".fa-see-result__consequence")
    welsh = {w.consequence for w in advisor.language("cy").recommend(ANSWERS).what_if}
    english_ones = {w.consequence for w in advisor.recommend(ANSWERS).what_if}
    assert said.get_text(strip=True) in welsh - english_ones
