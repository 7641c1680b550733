"""Every kind of malformed rules file gives its own message, with file and line, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import RulesInvalid
from tests.support.data import MINIMAL, RULES

CORE = "policy/core.yaml"


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1))


def problems(folder: Path) -> list[str]:
    with pytest.raises(RulesInvalid) as caught:
        load_policy(folder)
    return [str(p) for p in caught.value.problems]


def line_of(folder: Path, name: str, needle: str) -> int:
    for n, line in enumerate((folder / name).read_text().splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


# (file, text to replace, replacement, expected message part, text on the reported line)
CASES = [
    ("broken YAML", CORE, "exclude: sla", "exclude: [sla", "expected", "favour: {option: apms"),
    (
        "duplicate key",
        CORE,
        "  - id: pension.qualifying_contract_body\n",
        "  - id: pension.qualifying_contract_body\n    id: again\n",
        "duplicate key",
        "id: again",
    ),
    (
        "unknown key",
        CORE,
        "    because: Surplus stays",
        "    becuase: typo\n    because: Surplus stays",
        "becuase: unknown key",
        "becuase: typo",
    ),
    (
        "missing key",
        CORE,
        "    sources: [P3.2]\n\n  - id: governance.distribution",
        "\n  - id: governance.distribution",
        "sources: required key is missing",
        "- id: governance.asset_lock",
    ),
    (
        "unknown operator",
        CORE,
        'member_practices: {"<=": 3}',
        'member_practices: {"=<": 3}',
        "unknown operator '=<'",
        "member_practices",
    ),
    (
        "unknown answer",
        CORE,
        "asset_lock_wanted: true",
        "asset_lock_wantd: true",
        "unknown answer or fact 'asset_lock_wantd'",
        "asset_lock_wantd",
    ),
    (
        "value not allowed",
        CORE,
        "nation: {in: [england, wales]}",
        "nation: {in: [england, wails]}",
        "'wails' is not one of",
        "nation: {in:",
    ),
    (
        "operator for the wrong type",
        CORE,
        "profit_intent: reinvest",
        'profit_intent: {">": 3}',
        "'gt' does not apply to profit_intent",
        "profit_intent",
    ),
    (
        "boolean as text",
        CORE,
        "asset_lock_wanted: true",
        "asset_lock_wanted: 'yes'",
        "'yes' is not true or false",
        "asset_lock_wanted",
    ),
    (
        "unknown option",
        CORE,
        "exclude: sla",
        "exclude: slaa",
        "unknown option 'slaa'",
        "exclude: slaa",
    ),
    (
        "unknown source",
        CORE,
        "sources: [P1.7]\n\n  - id: setup.small",
        "sources: [P9.9]\n\n  - id: setup.small",
        "unknown source 'P9.9'",
        "sources: [P9.9]",
    ),
    (
        "unknown topic",
        CORE,
        "topic: setup, text",
        "topic: setpu, text",
        "unknown topic 'setpu'",
        "topic: setpu",
    ),
    (
        "unknown effect",
        CORE,
        "- exclude: sla",
        "- forbid: sla",
        "an effect is one of",
        "forbid: sla",
    ),
    (
        "bad weight",
        CORE,
        "weight: strong}\n      - derive",
        "weight: huge}\n      - derive",
        "weight",
        "weight: huge",
    ),
    (
        "unknown placeholder",
        CORE,
        "{member_practices} practices",
        "{member_practises} practices",
        "unknown placeholder {member_practises}",
        "because: A small group",
    ),
    (
        "service placeholder in a group rule",
        CORE,
        "Members want surplus paid out in {nation}.",
        "Members want surplus paid out for {service.name}.",
        "only known in rules about a service",
        "because: Members want",
    ),
    (
        "bad rule id",
        CORE,
        "id: setup.no_budget",
        "id: Setup No Budget",
        "rules[5].id",
        "id: Setup No Budget",
    ),
    (
        "duplicate rule id",
        CORE,
        "id: setup.no_budget",
        "id: governance.asset_lock  # again",
        "duplicate rule id",
        "# again",
    ),
    (
        "number too large",
        CORE,
        'member_practices: {"<=": 3}',
        'member_practices: {"<=": 900719925474099300}',
        "too large",
        "member_practices",
    ),
    (
        "unsourced without who to ask",
        "sources.yaml",
        "    ask: your LMC\n",
        "",
        "must say who to 'ask'",
        "- id: P4.6",
    ),
    (
        "contract option missing",
        "options.yaml",
        "  - id: llp\n    label: Llp\n    summary: Clause option llp.\n",
        "",
        "contract form 'llp' is missing",
        "forms:",
    ),
    (
        "never derived fact",
        CORE,
        "fact.needs_qualifying_contract: true",
        "fact.needs_contract: true",
        "unknown answer or fact 'fact.needs_contract'",
        "fact.needs_contract",
    ),
    (
        "number question without limits",
        "questionnaire.yaml",
        "    minimum: 1\n    maximum: 10000\n",
        "",
        "needs a minimum and a maximum",
        "- id: member_practices",
    ),
    (
        "number question with its limits the wrong way round",
        "questionnaire.yaml",
        "    minimum: 1\n    maximum: 10000\n",
        "    minimum: 20000\n    maximum: 10000\n",
        "the minimum is larger than the maximum",
        "- id: member_practices",
    ),
    (  # found by soak/bad_rules.py: it crashed the random answers of the trial
        "number question with a limit past what JSON holds exactly",
        "questionnaire.yaml",
        "    minimum: 1\n    maximum: 10000\n",
        "    minimum: 1000000000000000000000000000000\n    maximum: 10000\n",
        "minimum: Input should be less than or equal to 9007199254740992",
        "minimum: 1000000000000000000000000000000",
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "old", "new", "message", "at"), CASES, ids=[c[0] for c in CASES]
)
def test_each_defect_is_reported_with_file_and_line(rules_copy, case, name, old, new, message, at):
    edit(rules_copy, name, old, new)
    found = problems(rules_copy)
    matching = [p for p in found if message in p]
    assert matching, f"{case}: no problem mentions {message!r} in {found}"
    file_part, line_part = matching[0].split(":")[:2]
    assert file_part == f"rules/{name}"
    needle = at.split("\n")[0]
    assert int(line_part) == line_of(rules_copy, name, needle), matching[0]


def test_problems_name_the_rule(rules_copy):
    edit(rules_copy, CORE, "exclude: sla", "exclude: slaa")
    (problem,) = problems(rules_copy)
    assert problem.split(": ")[1] == "pension.sla_no_pension"


def test_all_problems_are_listed_at_once(rules_copy):
    edit(rules_copy, CORE, "exclude: sla", "exclude: slaa")
    edit(rules_copy, CORE, "asset_lock_wanted: true", "asset_lock_wantd: true")
    edit(
        rules_copy,
        CORE,
        "sources: [P1.7]\n\n  - id: setup.small",
        "sources: [P9]\n\n  - id: setup.small",
    )
    assert len(problems(rules_copy)) == 3


def test_problems_in_several_files_are_listed_together(rules_copy):
    edit(rules_copy, CORE, "exclude: sla", "exclud: sla")
    edit(rules_copy, "sources.yaml", "    ask: your LMC\n", "")
    found = problems(rules_copy)
    assert {p.split(":")[0] for p in found} == {"rules/policy/core.yaml", "rules/sources.yaml"}


def test_circular_derived_facts_are_rejected(rules_copy):
    with (rules_copy / CORE).open("a") as f:
        f.write(
            "\n  - id: loop.a\n    when: {fact.b: true}\n    then: [derive: a]\n"
            "    because: x\n    sources: [P1.7]\n"
            "  - id: loop.b\n    when: {fact.a: true}\n    then: [derive: b]\n"
            "    because: x\n    sources: [P1.7]\n"
        )
    assert any("circle" in p for p in problems(rules_copy))


def test_missing_file_and_folder(rules_copy, tmp_path):
    (rules_copy / "sources.yaml").unlink()
    assert any(p == "rules/sources.yaml:1: -: file is missing" for p in problems(rules_copy))
    with pytest.raises(RulesInvalid, match="no such rules folder"):
        load_policy(tmp_path / "nowhere")


def test_huge_and_alias_bomb_files_are_refused(rules_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    (rules_copy / CORE).write_text(bomb)
    assert any("more than 200,000 values" in p for p in problems(rules_copy))
    (rules_copy / CORE).write_text("rules:\n" + "#" * 1_100_000)
    assert any("larger than" in p for p in problems(rules_copy))


def test_code_in_a_rule_is_text_not_code(rules_copy, tmp_path):
    marker = tmp_path / "ran"
    payload = f"__import__('os').system('touch {marker}')"
    edit(
        rules_copy,
        CORE,
        "because: No budget or capital was given.",
        f'because: "{{{{ {payload} }}}} {payload}"',
    )
    edit(
        rules_copy, CORE, 'member_practices: {"<=": 3}', f'member_practices: {{"<=": "{payload}"}}'
    )
    found = problems(rules_copy)
    assert any("is not a whole number" in p for p in found)
    assert not marker.exists()


def test_the_content_hash_changes_with_any_edit(rules_copy, minimal_policy):
    edit(rules_copy, CORE, "Surplus stays in the organisation.", "Surplus stays here.")
    assert load_policy(rules_copy).version != minimal_policy.version


def test_the_repository_rules_load(policy):
    assert len(policy.rules) >= 20
    assert all(pr.rule.sources for pr in policy.rules)


def test_the_rules_edition_comes_from_an_optional_version_file(rules_copy, policy):
    assert load_policy(rules_copy).release is None
    assert policy.release == (RULES / "VERSION").read_text().strip()
    (rules_copy / "VERSION").write_text("2027.1.0\n")
    edited = load_policy(rules_copy)
    assert edited.release == "2027.1.0"
    assert edited.version == load_policy(MINIMAL).version, "the edition name is not content"
    (rules_copy / "VERSION").write_text("first draft, with spaces\n")
    assert problems(rules_copy) == [
        "rules/VERSION:1: -: one line of up to 40 letters, digits and . _ + - (e.g. 2026.11.0)"
    ]


# --- what does not belong in a rules folder (layout) -------------------------------------------

STRAY_RULE = "rules:\n  - id: stray.rule\n    when: {nation: wales}\n    then: [exclude: sla]\n"


def test_a_rule_file_saved_beside_policy_is_a_problem_not_ignored(rules_copy):
    (rules_copy / "extra.yaml").write_text(STRAY_RULE)
    assert problems(rules_copy) == [
        "rules/extra.yaml:1: -: not part of the rules: rule files are read only from policy/; "
        "move it to policy/extra.yaml"
    ]


def test_a_misspelt_fixed_file_is_named(rules_copy):
    (rules_copy / "option.yaml").write_text("forms: []\n")
    (problem,) = problems(rules_copy)
    assert problem.startswith("rules/option.yaml:1: -: not part of the rules: did you mean options")


def test_a_stray_folder_is_a_problem_at_the_top_and_inside_policy(rules_copy):
    (rules_copy / "drafts").mkdir()
    (rules_copy / "drafts" / "new.yaml").write_text(STRAY_RULE)
    (rules_copy / "policies").mkdir()
    (rules_copy / "policy" / "old").mkdir()
    assert problems(rules_copy) == [
        "rules/drafts:1: -: not part of the rules: a folder here is not read; "
        "move its rule files into policy/, or the folder out of the rules folder",
        "rules/policies:1: -: not part of the rules: a folder here is not read; "
        "did you mean policy/?",
        "rules/policy/old:1: -: not part of the rules: folders inside policy/ are not read; "
        "move its rule files up into policy/",
    ]


def test_a_file_in_policy_that_is_not_yaml_is_a_problem(rules_copy):
    (rules_copy / "policy" / "notes.txt").write_text("to do")
    (rules_copy / "policy" / "setup.yml").write_text(STRAY_RULE)
    (rules_copy / "policy" / "VERSION").write_text("2027.1.0\n")
    assert problems(rules_copy) == [
        "rules/policy/VERSION:1: -: not part of the rules: "
        "VERSION is read from the top of the rules folder, not from policy/",
        "rules/policy/notes.txt:1: -: not part of the rules: policy/ holds only rule files "
        "ending .yaml (and README.md); keep other files outside the rules folder",
        "rules/policy/setup.yml:1: -: not part of the rules: only files ending .yaml are read; "
        "rename it setup.yaml",
    ]


def test_a_stray_is_listed_with_the_other_problems(rules_copy):
    (rules_copy / "notes.txt").write_text("to do")
    edit(rules_copy, CORE, "exclude: sla", "exclude: slaa")
    assert problems(rules_copy) == [
        "rules/notes.txt:1: -: not part of the rules: only the rules files, README.md and "
        "VERSION belong here; keep other files outside the rules folder",
        "rules/policy/core.yaml:8: pension.sla_no_pension: unknown option 'slaa'",
    ]


def test_readme_and_version_belong(rules_copy, minimal_policy):
    (rules_copy / "README.md").write_text("# Our rules\n")
    (rules_copy / "policy" / "README.md").write_text("One file per topic.\n")
    (rules_copy / "VERSION").write_text("2027.1.0\n")
    assert load_policy(rules_copy).version == minimal_policy.version


def test_editor_droppings_are_neither_read_nor_problems(rules_copy, minimal_policy):
    for name in (".DS_Store", "options.yaml~", "#options.yaml#", "policy/core.yaml~"):
        (rules_copy / name).write_text("not yaml: [")
    (rules_copy / "policy" / ".core.yaml.swp").write_bytes(b"\x00vim swap")
    (rules_copy / "policy" / ".#core.yaml").symlink_to("user@host.1234")  # emacs: dangles
    (rules_copy / "policy" / ".draft.yaml").write_text(STRAY_RULE)  # hidden: not read
    (rules_copy / ".git").mkdir()
    assert load_policy(rules_copy).version == minimal_policy.version
