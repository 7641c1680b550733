"""The rules in Welsh: read beside the English, never failing the load, deciding the same, and
everything `rules check` says about them (at the line to fix)."""

from __future__ import annotations

import random

import pytest

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.reasons import words_of
from formadvisor.authoring.translating import translate_folder
from formadvisor.engine.randomised import random_answers
from formadvisor.rules.checks import language_problems, load_policy
from formadvisor.rules.glossary import Glossary, mutated
from formadvisor.rules.loading import read_rules_folder
from formadvisor.rules.translation import entries, fingerprint
from formadvisor.rules.yamlfile import parse_yaml
from tests.support.data import MINIMAL, RULES, WALES_PHARMACY
from tests.support.welsh import MARK, entry_line, set_entry, welsh_copy

CORE = "policy/core.cy.yaml"
SLA = "rules.pension.sla_no_pension.because"  # "{service.name} needs staff in the NHS …"
SMALL = "rules.setup.small_groups_no_entity.because"  # "A small group of {member_practices} …"


@pytest.fixture
def welsh(tmp_path):
    return welsh_copy(MINIMAL, tmp_path / "rules")


def problems(folder):
    return [str(p) for p in language_problems(read_rules_folder(folder))]


def test_a_complete_translation_has_no_problems_and_reads_in_welsh(welsh):
    assert problems(welsh) == []
    policy = load_policy(welsh)
    cy = policy.in_language("cy")
    assert (policy.lang, cy.lang) == ("en", "cy")
    assert cy.in_language("en") is policy
    assert cy.in_language("cy") is cy
    assert policy.in_language("en") is policy
    rule = next(pr.rule for pr in cy.rules if pr.rule.id == "setup.small_groups_no_entity")
    assert rule.because.startswith(f"{MARK} small group of {{member_practices}}")
    assert all(o.label.startswith(MARK) for o in cy.options.forms)
    assert [pr.rule.id for pr in cy.rules] == [pr.rule.id for pr in policy.rules]
    assert cy.version == policy.version


def test_a_folder_without_translations_is_english_only(tmp_path):
    policy = load_policy(MINIMAL)
    assert policy.in_language("cy") is policy
    assert problems(MINIMAL) == []


def test_the_translations_are_part_of_the_content_hash(welsh):
    before = load_policy(welsh).version
    set_entry(welsh, CORE, SMALL, "cy", '"Mae grŵp bach o {member_practices} practis."')
    assert load_policy(welsh).version != before


def test_a_removed_translation_is_an_error_at_the_english_line(welsh):
    text = (welsh / CORE).read_text()
    start = text.index(f"{SMALL}:")
    end = text.index("\n", text.index("  cy:", start)) + 1
    (welsh / CORE).write_text(text[:start] + text[end:])
    english = (welsh / "policy" / "core.yaml").read_text().splitlines()
    line = next(i for i, x in enumerate(english, 1) if "A small group of" in x)
    assert problems(welsh) == [
        f"rules/policy/core.yaml:{line}: setup.small_groups_no_entity: no Welsh for `because` "
        "(add it to rules/policy/core.cy.yaml; `formadvisor rules translate` adds empty entries)"
    ]
    # the load never fails for it: that text stays English, the rest is Welsh
    cy = load_policy(welsh).in_language("cy")
    rules = {pr.rule.id: pr.rule for pr in cy.rules}
    assert rules["setup.small_groups_no_entity"].because.startswith("A small group")
    assert rules["governance.asset_lock"].because.startswith(MARK)


def test_a_stale_translation_is_a_warning_naming_the_new_fingerprint(welsh):
    core = welsh / "policy" / "core.yaml"
    new = "A small group of {member_practices} practices sharing back-office work needs no body."
    core.write_text(
        core.read_text().replace(
            "A small group of {member_practices} practices sharing back-office work needs no new "
            "body.",
            new,
        )
    )
    line = entry_line(welsh, CORE, SMALL, "en") - 1  # the key's line
    assert problems(welsh) == [
        f"rules/{CORE}:{line}: -: warning: {SMALL}: the English changed after this was "
        f'translated; check the Welsh against it, then set `en: "{fingerprint(new)}"`'
    ]
    # the stale Welsh is still used until it is checked
    cy = load_policy(welsh).in_language("cy")
    assert next(pr for pr in cy.rules if pr.rule.id == "setup.small_groups_no_entity").rule.because[
        0
    ] == (MARK)


def test_placeholders_that_differ_are_an_error_and_leave_the_english(welsh):
    set_entry(
        welsh, CORE, SLA, "cy", '"Mae angen staff ar {service.enw} yng Nghynllun Pensiwn y GIG."'
    )
    line = entry_line(welsh, CORE, SLA)
    assert problems(welsh) == [
        f"rules/{CORE}:{line}: -: {SLA}: its placeholders differ from the English's: it lacks "
        "{service.name} and has unknown {service.enw}"
    ]
    cy = load_policy(welsh).in_language("cy")
    rule = next(pr.rule for pr in cy.rules if pr.rule.id == "pension.sla_no_pension")
    assert rule.because.startswith("{service.name} needs staff")


def test_empty_malformed_and_orphan_entries(welsh):
    set_entry(welsh, CORE, SMALL, "cy", '""')
    with (welsh / CORE).open("a") as f:
        f.write('rules.no_such_rule.because:\n  en: "00000000"\n  cy: "Dim."\n')
    text = (welsh / CORE).read_text()
    at = text.index('  en: "', text.index(f"{SLA}:"))
    (welsh / CORE).write_text(text[:at] + text[text.index("\n", at) + 1 :])  # no `en`
    lines = (welsh / CORE).read_text().splitlines()
    orphan = lines.index("rules.no_such_rule.because:") + 1
    malformed = lines.index(f"{SLA}:") + 1
    empty = entry_line(welsh, CORE, SMALL)
    assert problems(welsh) == [
        f"rules/{CORE}:{malformed}: -: {SLA}: give `en` (the fingerprint) and `cy`",
        f"rules/{CORE}:{empty}: -: {SMALL}: `cy` is empty",
        f"rules/{CORE}:{orphan}: -: warning: rules.no_such_rule.because: translates no text of "
        "rules/policy/core.yaml (remove it, or correct the key)",
    ]
    load_policy(welsh)  # never fails for the Welsh


def test_an_unreadable_translation_file_is_an_error_and_the_file_stays_english(welsh):
    (welsh / CORE).write_text("rules.x: [unclosed\n")
    found = problems(welsh)
    assert len(found) == 1
    assert found[0].startswith(f"rules/{CORE}:")
    assert found[0].endswith("(so the whole file stays English)")
    cy = load_policy(welsh).in_language("cy")
    assert all(not pr.rule.because.startswith(MARK) for pr in cy.rules)
    assert cy.options.forms[0].label.startswith(MARK)  # the other files are still Welsh


def test_a_translation_file_of_no_rules_file_is_a_warning(welsh):
    (welsh / "policy" / "gone.cy.yaml").write_text("{}\n")
    assert problems(welsh) == [
        "rules/policy/gone.cy.yaml:1: -: warning: translates no rules file here: rename it or "
        "remove it"
    ]


def test_a_welsh_text_the_models_refuse_leaves_its_file_english(welsh):
    key = "questions.nation.short"
    q = (welsh / "questionnaire.yaml").read_text()
    (welsh / "questionnaire.yaml").write_text(
        q.replace("type: choice\n", "short: Nation\n    type: choice\n", 1)
    )
    translate_folder(welsh, "cy")
    set_entry(welsh, "questionnaire.cy.yaml", key, "cy", '"' + "Gwlad " * 20 + '"')
    found = problems(welsh)
    line = entry_line(welsh, "questionnaire.cy.yaml", key)
    assert found == [
        f"rules/questionnaire.cy.yaml:{line}: -: {key}: String should have at most 60 "
        "characters (so the whole file stays English)"
    ]
    cy = load_policy(welsh).in_language("cy")
    assert cy.questionnaire.questions[0].text == "Which nation are your practices in?"


def test_the_welsh_decides_exactly_as_the_english_on_random_answers(tmp_path):
    folder = welsh_copy(RULES, tmp_path / "rules")
    advisor = Advisor.from_folder(folder)
    cy = advisor.language("cy")
    try:
        assert cy.backend is advisor.backend
        assert cy.language("en") is advisor
        assert cy.policy.lang == "cy"
        assert advisor.language("fr") is advisor
        rng = random.Random(17)
        for _ in range(12):
            answers = random_answers(advisor.policy.questionnaire, rng)
            en_result = advisor.recommend(answers, what_if=False).model_dump(mode="json")
            cy_result = cy.recommend(answers, what_if=False).model_dump(mode="json")
            assert (en_result["lang"], cy_result["lang"]) == ("en", "cy")  # what it is in
            assert _ids(cy_result) == _ids(en_result)
        assert cy_result["disclaimer"].startswith(MARK)
        advice = [c for c in cy_result["considerations_all"] if c["kind"] != "consider"]
        assert advice  # worded by the Advisor from scoring.yaml's words, in Welsh too
        assert all(c["text"].startswith(MARK) for c in advice)
        assert cy_result["organisational_form"]["ranking"][0]["label"].startswith(MARK)
    finally:
        cy.close()  # a language Advisor never frees the shared engine …
        assert advisor.recommend(WALES_PHARMACY, what_if=False)
        advisor.close()  # … the English one does


def _ids(result: dict) -> object:
    """Everything in a result that is not text for people: ids, scores, flags."""
    if isinstance(result, dict):
        return {k: _ids(v) for k, v in result.items() if k not in TEXT_FIELDS}
    if isinstance(result, list):
        return [_ids(v) for v in result]
    return result


TEXT_FIELDS = {
    "label",
    "because",
    "sources",
    "summary",
    "text",
    "disclaimer",
    "step",
    "who",
    "timeline",
    "action_plan_timeline",
    "consequence",
    "said",
    "headline",
    "name_said",
    "ask",
    "weeks_note",
    "fee_note",
    "lang",
}


def test_answer_words_are_rules_data(tmp_path):
    en = load_policy(welsh_copy(RULES, tmp_path / "rules"))
    cy = en.in_language("cy")
    q = next(x for x in cy.questionnaire.service_questions if x.type == "boolean")
    assert (q.label_of(True), q.label_of(False)) == (f"{MARK}es", f"{MARK}o")
    e = next(x for x in en.questionnaire.service_questions if x.type == "boolean")
    assert (e.label_of(True), e.label_of(False)) == ("Yes", "No")
    assert (words_of(q, None), words_of(q, [])) == (f"{MARK}ot answered", f"{MARK}one")
    assert (words_of(e, None), words_of(e, [])) == ("not answered", "none")


def test_a_folder_without_answer_words_or_disclaimer_has_the_default_policys(welsh):
    cy = load_policy(welsh).in_language("cy")  # the minimal rules have neither
    q = next(x for x in cy.questionnaire.service_questions if x.type == "boolean")
    assert (q.label_of(True), words_of(q, None)) == ("Yes", "not answered")
    advisor = Advisor(cy)
    try:
        said = advisor.recommend(WALES_PHARMACY, what_if=False).disclaimer
    finally:
        advisor.close()
    assert said.startswith("formadvisor is decision support, not legal")


def test_a_translation_keeps_its_spaces_as_the_english_does():
    doc = parse_yaml('what_if.said.last_join:\n  en: "1234abcd"\n  cy: " a "\n')
    found, problems = entries(doc, "cy")
    assert problems == []
    assert found["what_if.said.last_join"].text == " a "


def test_rules_translate_adds_empty_entries_and_keeps_the_rest(welsh):
    text = (welsh / CORE).read_text()
    start = text.index(f"{SMALL}:")
    end = text.index("\n", text.index("  cy:", start)) + 1
    (welsh / CORE).write_text(text[:start] + text[end:])
    set_entry(welsh, CORE, SLA, "en", '"0badf00d"')  # stale: kept as it is
    done = translate_folder(welsh, "cy")
    assert [(t.name, t.added, t.left) for t in done] == [("rules/policy/core.cy.yaml", 1, None)]
    assert f'{SMALL}:\n  en: "{fingerprint(_english(welsh, SMALL))}"' in (welsh / CORE).read_text()
    assert entry_line(welsh, CORE, SMALL) > entry_line(welsh, CORE, SLA)  # in the English order
    assert problems(welsh)[0].endswith(f"{SMALL}: `cy` is empty")
    assert any('set `en: "' in p and SLA in p for p in problems(welsh))
    assert translate_folder(welsh, "cy") == []  # nothing more to add


def _english(folder, key):
    raw = read_rules_folder(folder)
    from formadvisor.rules.translation import texts

    core = next(f for f in raw.rule_files if f.name.endswith("core.yaml"))
    return next(t.english for t in texts("policy/core.yaml", core.doc.data) if t.key == key)


def test_the_glossary_allows_welsh_mutations_and_other_forms():
    assert set(mutated("cwmni buddiant cymunedol")) >= {
        "cwmni buddiant cymunedol",
        "gwmni buddiant cymunedol",
        "nghwmni buddiant cymunedol",
        "chwmni buddiant cymunedol",
    }
    assert "dreth gorfforaeth" in mutated("treth gorfforaeth")
    assert "fwrdd iechyd" in mutated("bwrdd iechyd")
    assert "hargymhelliad" in mutated("argymhelliad")
    glossary = Glossary.model_validate(
        {
            "terms": [
                {"en": "community interest company", "cy": "cwmni buddiant cymunedol"},
                {"en": "health board", "cy": "bwrdd iechyd", "also": ["byrddau iechyd"]},
                {"en": "VAT", "cy": "TAW"},
            ]
        }
    )
    english = "A community interest company pays VAT to the health boards."
    assert (
        glossary.missing(
            english, "Mae'r gwmni buddiant cymunedol yn talu TAW i'r byrddau iechyd.", "cy"
        )
        == []
    )
    missing = glossary.missing(english, "Mae'r CIC yn talu treth i'r bwrdd.", "cy")
    assert [t.english for t in missing] == ["community interest company", "health board", "VAT"]
    assert glossary.missing("The vat is full.", "Mae'r cafn yn llawn.", "cy") == []  # VAT: capitals


def test_the_glossary_skips_placeholders_and_english_names():
    glossary = Glossary.model_validate(
        {
            "terms": [
                {"en": "practice", "cy": "practis", "names": ["in practice"]},
                {"en": "NHS", "cy": "GIG", "names": ["NHS Resolution"]},
                {"en": "NHS Pension Scheme", "cy": "Cynllun Pensiwn y GIG"},
            ]
        }
    )
    assert glossary.missing("Not committed: {practices}.", "Heb ymrwymo: {practices}.", "cy") == []
    assert (
        glossary.missing("In practice, ask NHS Resolution.", "Gofynnwch i NHS Resolution.", "cy")
        == []
    )
    missing = glossary.missing("A practice asks NHS Resolution.", "Mae NHS Resolution.", "cy")
    assert [t.english for t in missing] == ["practice"]
    # a proper name's capitals matter: "an NHS pension scheme" is not the NHS Pension Scheme
    assert (
        glossary.missing("Scotland has its own NHS pension scheme.", "Cynllun pensiwn GIG.", "cy")
        == []
    )


def test_rules_check_warns_where_the_welsh_lacks_a_glossary_term(welsh):
    (welsh / "glossary.yaml").write_text(
        "terms:\n  - en: NHS Pension Scheme\n    cy: Cynllun Pensiwn y GIG\n    status: check\n"
    )
    set_entry(welsh, CORE, SLA, "cy", '"Mae angen staff yn y cynllun pensiwn ar {service.name}."')
    line = entry_line(welsh, CORE, SLA)
    assert [p for p in problems(welsh) if SLA in p] == [
        f"rules/{CORE}:{line}: -: warning: {SLA}: the glossary says “NHS Pension Scheme” is "
        "“Cynllun Pensiwn y GIG” here"
    ]
    set_entry(
        welsh, CORE, SLA, "cy", '"Mae angen staff yng Nghynllun Pensiwn y GIG ar {service.name}."'
    )
    assert [p for p in problems(welsh) if SLA in p] == []  # cynllun → nghynllun after "yng"


def test_the_repositorys_glossary_is_valid_and_covers_the_common_table():
    raw = read_rules_folder(RULES)
    assert raw.glossary is not None
    terms = {t.english: t for t in raw.glossary.model.terms}
    assert terms["community interest company"].cy == "cwmni buddiant cymunedol"
    assert terms["health board"].cy == "bwrdd iechyd"
    assert terms["NHS"].cy == "GIG"
    assert all(t.source for t in terms.values())
