"""Bad rule files: random mutations of valid folders load and compile, or fail with
`file:line` problems; never another exception, never a hang, never code run. soak/bad_rules.py
tries thousands; this file tries every kind of mutation and a random sample each run."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from formadvisor.advice.advisor import Advisor
from formadvisor.authoring.check import check_rules
from formadvisor.engine.compiler import compile_policy
from formadvisor.engine.randomised import condition_refs, random_condition
from formadvisor.rules.checks import load_policy
from formadvisor.rules.conditions import dnf_size, to_dnf
from formadvisor.rules.loading import RulesInvalid
from formadvisor.rules.yamlfile import YamlError, parse_yaml
from formadvisor.settings import Settings
from formadvisor.web.app import create_app
from tests.support import rule_mutations as rm
from tests.support.data import MINIMAL, ROOT

CORE = "policy/core.yaml"
ASSET_LOCK = "because: Surplus stays in the organisation."
ANSWERS = {
    "nation": "wales",
    "member_practices": 6,
    "purposes": ["deliver_services"],
    "profit_intent": "reinvest",
}
RANDOM_MINIMAL = 16
RANDOM_RULES = 2  # the repository's rules take a second or more to load


@pytest.fixture
def marker(tmp_path) -> Path:
    path = tmp_path / "ran"
    yield path
    assert not path.exists(), "a rule file ran code"


@pytest.mark.parametrize("mutation", rm.MUTATIONS)
def test_every_kind_of_mutation_is_loaded_or_refused_clearly(tmp_path, marker, mutation):
    rng = random.Random(mutation)
    mutant = rm.make_mutant(tmp_path / "rules", rng, marker, mutation, "minimal")
    assert rm.judge(mutant)[0] in {"valid", "invalid"}


def test_random_mutants_are_loaded_or_refused_clearly(tmp_path, marker):
    rng = random.Random(20261123)
    results = []
    for i in range(RANDOM_MINIMAL + RANDOM_RULES):
        source = "rules" if i < RANDOM_RULES else "minimal"
        mutant = rm.make_mutant(tmp_path / "rules", rng, marker, source=source)
        results.append((mutant, rm.judge(mutant)[0]))
    assert {outcome for _, outcome in results} == {"valid", "invalid"}, rm.summary(results)


def test_the_property_catches_an_exception_that_is_not_rules_invalid(tmp_path, marker, monkeypatch):
    mutant = rm.make_mutant(tmp_path / "rules", random.Random(1), marker, "drop_key", "minimal")

    def crash(folder):
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setattr(rm, "load_policy", crash)
    with pytest.raises(AssertionError, match="TypeError"):
        rm.judge(mutant)


def spin() -> None:
    while True:
        pass


def test_a_hang_is_reported_not_waited_for():
    with pytest.raises(rm.TookTooLong), rm.time_limit(0.2):
        spin()


def test_the_trial_in_a_child_survives_mutants_that_load(tmp_path, marker):
    rng = random.Random(5)
    tried = 0
    while tried < 1:
        mutant = rm.make_mutant(tmp_path / "rules", rng, marker, "code_in_because", "minimal")
        if rm.judge(mutant)[0] != "valid":
            continue
        report = check_rules(mutant.folder, samples=20, timeout=60)
        assert report.problems == []
        assert report.trial_answer_sets == 20
        tried += 1


# --- no rule file can execute code -------------------------------------------------------------


def edited(folder: Path, old: str, new: str, file: str = CORE) -> Path:
    path = folder / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize("payload", rm.yaml_payloads(Path("/tmp/formadvisor-ran")))
def test_yaml_tags_are_refused_with_their_line(rules_copy, payload):
    edited(rules_copy, ASSET_LOCK, f"because: {payload}")
    with pytest.raises(RulesInvalid) as caught:
        load_policy(rules_copy)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"rules/{CORE}:42: ")
    assert "tags" in problem.message
    assert not Path("/tmp/formadvisor-ran").exists()


@pytest.mark.parametrize("file", ["questionnaire.yaml", "options.yaml", CORE])
def test_a_whole_file_of_python_object_is_refused(rules_copy, marker, file):
    (rules_copy / file).write_text(f'!!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(RulesInvalid, match=rf"rules/{file}:1: -: YAML tags \(!!python/object"):
        load_policy(rules_copy)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ 7*7 }}", "unknown placeholder { 7*7 }"),
        ("{% for x in range(3) %}x{% endfor %}", "unknown placeholder {% for x in range(3) %}"),
        ("${7*7}", "unknown placeholder {7*7}"),
        ("{nation.__class__}", "unknown placeholder {nation.__class__}"),
        ("{nation.__class__.__mro__}", "unknown placeholder {nation.__class__.__mro__}"),
        ("{0}", "unknown placeholder {0}"),
    ],
)
def test_braces_that_name_no_answer_are_refused(rules_copy, text, message):
    edited(rules_copy, ASSET_LOCK, f'because: "{text}"')
    with pytest.raises(RulesInvalid) as caught:
        load_policy(rules_copy)
    assert any(
        str(p).startswith(f"rules/{CORE}:42: governance.asset_lock: {message}")
        for p in caught.value.problems
    ), caught.value


def test_code_in_a_reason_is_shown_as_text_in_the_result_and_the_page(rules_copy, marker):
    payload = (
        f"<%= 7*7 %> __import__('os').system('touch {marker}') $(touch {marker}) "
        "`id` %s %(nation)s <script>alert(1)</script> for {nation}."
    )
    edited(rules_copy, ASSET_LOCK, f'because: "{payload}"')
    shown = payload.replace("{nation}", "Wales")
    recommendation = Advisor.from_folder(rules_copy).recommend(ANSWERS, dt.date(2026, 1, 1))
    reasons = [r.because for r in recommendation.fired_rules if r.rule == "governance.asset_lock"]
    assert reasons == [shown]
    database = f"sqlite:///{rules_copy.parent / 'db.sqlite3'}"
    with TestClient(create_app(Settings(rules=rules_copy, database_url=database))) as client:
        saved = client.post("/api/v1/assessments", json=ANSWERS)
        assert saved.status_code == 201, saved.text
        page = client.get(f"/assessments/{saved.json()['id']}/result")
    assert page.status_code == 200
    assert shown in " ".join(BeautifulSoup(page.text, "html.parser").get_text(" ").split())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text


# Calls that would run text as code, load objects, or render text as a template.
DANGEROUS = re.compile(
    r"(?<![\w.])(eval|exec|compile|__import__)\s*\("
    r"|\bimportlib\b(?!\.metadata\b)|\bpickle\b|\bmarshal\b|\bshelve\b"
    r"|typ\s*=\s*[\"'](unsafe|full|base)[\"']|\bunsafe_load\b|\bfull_load\b|\bUnsafeLoader\b"
    r"|\bfrom_string\s*\(|\bTemplate\s*\(|\bos\.system\b|\bos\.popen\b|shell\s*=\s*True"
)


def test_no_source_file_evaluates_text():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if DANGEROUS.search(line)
    ]
    assert found == []


def test_the_dangerous_call_pattern_catches_each_call():
    for line in [
        "eval(text)",
        "x = exec (code)",
        "compile(src, 'f', 'exec')",
        "__import__('os')",
        "import pickle",
        "importlib.import_module(name)",
        "YAML(typ='unsafe')",
        "yaml.load(text, Loader=UnsafeLoader)",
        "env.from_string(rule.because)",
        "Template(text).render()",
        "os.system(cmd)",
        "subprocess.run(cmd, shell=True)",
    ]:
        assert DANGEROUS.search(line), line
    for line in ["compile_policy(policy)", "re.compile(r'x')", "self.evaluate(x)"]:
        assert not DANGEROUS.search(line), line


def test_the_yaml_reader_is_the_round_trip_loader_only():
    text = (ROOT / "src" / "formadvisor" / "rules" / "yamlfile.py").read_text()
    assert re.findall(r"YAML\((.*?)\)", text) == ['typ="rt", pure=True']


# --- a running server keeps its last good rules ------------------------------------------------


def test_a_bad_edit_is_reported_and_the_good_rules_keep_answering(tmp_path, marker):
    """What hot reload relies on: `check_rules` reports a bad folder (never raises), so the
    server keeps the Advisor it has. (After the reload work lands, the same against the live
    server: edit the folder, reload, and the API still answers with the old ruleset.)"""
    folder = tmp_path / "live"
    shutil.copytree(MINIMAL, folder)
    good = check_rules(folder, samples=10, timeout=60)
    assert good.problems == []
    serving = Advisor(good.policy)
    before = serving.recommend(ANSWERS, dt.date(2026, 1, 1)).to_json()
    rng = random.Random(3)
    refused = 0
    for mutation in ("truncate", "tag_value", "wrong_type", "exploding_condition", "huge_file"):
        rm.make_mutant(folder, rng, marker, mutation, "minimal")
        report = check_rules(folder, samples=10, timeout=60)
        if report.problems:
            refused += 1
            assert report.policy is None
            assert all(rm.PROBLEM.match(str(p)) for p in report.problems)
        assert serving.recommend(ANSWERS, dt.date(2026, 1, 1)).to_json() == before
    serving.close()
    assert refused >= 4


# --- what the mutations found ------------------------------------------------------------------


def test_dnf_size_counts_what_to_dnf_builds(minimal_policy):
    rng = random.Random(11)
    for _ in range(300):
        service = rng.random() < 0.5
        condition = random_condition(condition_refs(minimal_policy, service), rng)
        assert dnf_size(condition) == len(to_dnf(condition))


def test_an_exploding_condition_is_refused_before_it_is_built(rules_copy):
    # all of twelve `any`s of four: 4 ** 12 alternatives, which once took minutes and gigabytes
    old = "      any:\n        - asset_lock_wanted: true\n        - profit_intent: reinvest\n"
    edited(rules_copy, "    when:\n" + old, f"    when: {json.dumps(rm.exploding(12))}\n")
    with rm.time_limit(30), pytest.raises(RulesInvalid) as caught:
        compile_policy(load_policy(rules_copy))
    assert [str(p) for p in caught.value.problems] == [
        f"rules/{CORE}:34: governance.asset_lock: the condition has more than a million "
        "alternatives (at most 32); split it into several rules"
    ]


@pytest.mark.parametrize("depth", [41, 1000, 100_000])
def test_deeply_nested_brackets_are_refused_at_their_line(depth):
    text = "a: 1\nb: 'quoted [[[[ brackets do not count'\nc: " + "[" * depth + "]" * depth
    with rm.time_limit(10), pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.message) == (3, "brackets are nested more than 40 deep")
    assert parse_yaml("a: " + "[" * 40 + "]" * 40).data is not None
