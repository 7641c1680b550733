"""The command line in Welsh (`--lang cy`): the rules' words from their translation, the
command's own from the catalogue, the JSON's ids the same as in English; and `rules check`
failing on a removed translation, at the English's line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from formadvisor.cli.main import app
from tests.support.data import EXAMPLES, GROUP_EXAMPLE, RULES
from tests.support.lint_fixtures import CLEAN
from tests.support.welsh import MARK, welsh_copy

runner = CliRunner()
AS_OF = "2026-12-06"
ANSWERS = EXAMPLES / "welsh_cluster_pharmacists.yaml"
FAST = ("--samples", "300", "--workers", "1", "--max-services", "1")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def welsh_rules(tmp_path_factory):
    return welsh_copy(RULES, tmp_path_factory.mktemp("welsh") / "rules")


def test_recommend_in_welsh(welsh_rules):
    result = run("recommend", ANSWERS, "--rules", welsh_rules, "--lang", "cy", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert text.startswith(f"Y ffurf sefydliadol a argymhellir: {MARK}")  # the catalogue's
    assert "Pethau i’w hystyried" in text
    assert "ar 6 Rhagfyr 2026." in text  # the date in Welsh
    assert "Recommended organisational form" not in text
    assert "Considerations" not in text
    english = run("recommend", ANSWERS, "--rules", welsh_rules, "--as-of", AS_OF)
    assert english.output.startswith("Recommended organisational form: ")
    assert MARK not in english.output


def test_the_json_has_the_same_ids_in_both_languages(welsh_rules):
    def recommend(lang: str) -> dict:
        args = ("recommend", ANSWERS, "--rules", welsh_rules, "--json", "--as-of", AS_OF)
        result = run(*args, "--lang", lang)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    en, cy = recommend("en"), recommend("cy")
    for key in ("organisational_form", "services"):
        assert _ids(cy[key]) == _ids(en[key])
    assert [r["rule"] for r in cy["fired_rules"]] == [r["rule"] for r in en["fired_rules"]]
    assert [(w["question"], w["answer"]) for w in cy["what_if"]] == [
        (w["question"], w["answer"]) for w in en["what_if"]
    ]
    assert cy["ruleset"] == en["ruleset"]
    assert cy["organisational_form"]["ranking"][0]["label"].startswith(MARK)
    assert cy["disclaimer"].startswith(MARK)
    assert not en["disclaimer"].startswith(MARK)


def _ids(ranking: object) -> object:
    """Options, scores and eligibility (what a result decides), without its words."""
    if isinstance(ranking, list):
        return [_ids(x) for x in ranking]
    if isinstance(ranking, dict):
        kept = ("option", "score", "eligible", "recommended", "ranking", "contract_route", "name")
        return {k: _ids(v) for k, v in ranking.items() if k in kept}
    return ranking


@pytest.mark.parametrize(
    "args",
    [
        ("compare", ANSWERS, "company_limited_by_guarantee", "llp"),
        ("reach", ANSWERS, "llp"),
        ("group", GROUP_EXAMPLE),
    ],
    ids=["compare", "reach", "group"],
)
def test_compare_reach_and_group_in_welsh(welsh_rules, args):
    en = run(*args, "--rules", welsh_rules, "--as-of", AS_OF)
    cy = run(*args, "--rules", welsh_rules, "--as-of", AS_OF, "--lang", "cy")
    assert en.exit_code == cy.exit_code == 0, cy.output
    assert MARK in cy.output
    assert MARK not in en.output


def test_an_unknown_language_is_refused():
    result = run("recommend", ANSWERS, "--lang", "fr")
    assert result.exit_code == 2
    assert "one of en, cy" in result.output


def test_rules_check_fails_on_a_removed_translation(tmp_path):
    folder = welsh_copy(CLEAN, tmp_path / "rules")
    result = run("rules", "check", folder, *FAST)
    assert result.exit_code == 0, result.output
    cy = folder / "policy" / "core.cy.yaml"
    lines = cy.read_text().splitlines()
    key = next(x for x in lines if x.endswith(".because:"))
    at = lines.index(key)
    cy.write_text("\n".join(lines[:at] + lines[at + 3 :]) + "\n")
    rule = key.removeprefix("rules.").removesuffix(".because:")
    english = (folder / "policy" / "core.yaml").read_text().splitlines()
    start = english.index(f"  - id: {rule}")
    line = next(i for i in range(start, len(english)) if "because:" in english[i]) + 1
    result = run("rules", "check", folder, *FAST)
    assert result.exit_code == 1
    assert (
        f"rules/policy/core.yaml:{line}: {rule}: no Welsh for `because` (add it to "
        "rules/policy/core.cy.yaml; `formadvisor rules translate` adds empty entries)"
    ) in result.stdout
    assert run("rules", "translate", folder).exit_code == 0
    assert f"{key}\n" in cy.read_text()


def test_rules_translate_refuses_english():
    result = run("rules", "translate", CLEAN, "--lang", "en")
    assert result.exit_code == 2
