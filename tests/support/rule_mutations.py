"""Random mutations of valid rules folders, and the property every mutant must keep.

A mutant is a copy of `rules/` or `tests/fixtures/minimal` with one file changed: a key removed,
a value of the wrong type, an unknown id, broken YAML, a huge file or thousands of rules, a
deeply nested or exploding condition, huge numbers, strings that look like code or templates,
YAML tags and alias bombs. Loading and compiling it must either succeed or raise `RulesInvalid`
whose problems each name a file and a line in it; never another exception, never a hang, and
never run anything (the payloads would create a marker file).

Shared by tests/test_bad_rules.py (every kind of mutation and a sample on every `make test`) and
soak/bad_rules.py (thousands).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import random
import re
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from formadvisor.engine.compiler import compile_policy
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import RulesInvalid

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {"rules": ROOT / "rules", "minimal": ROOT / "tests" / "fixtures" / "minimal"}
SECONDS_PER_CASE = 20  # loading the biggest mutant (thousands of rules) takes a few seconds
PROBLEM = re.compile(r"^[^:\n]+:[1-9][0-9]*: .+", re.DOTALL)  # file:line: rule-id: message


def payloads(marker: Path) -> list[str]:
    """Texts that would do something if any layer evaluated them as code or a template."""
    touch = f"__import__('os').system('touch {marker}')"
    return [
        "{{ 7*7 }}",
        "{% for x in range(3) %}{{ x }}{% endfor %}",
        "${7*7}",
        "#{7*7}",
        "<%= 7*7 %>",
        "{nation.__class__}",
        "{nation.__class__.__mro__[1].__subclasses__()}",
        "{0}",
        "{}",
        "%s%s%s%n",
        touch,
        f"{{{{ {touch} }}}}",
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}",
        f"$(touch {marker})",
        f"`touch {marker}`",
        f"; touch {marker}",
        "<script>alert(1)</script>",
        "\x00",
        "é" * 5000,
    ]


def yaml_payloads(marker: Path) -> list[str]:
    """Whole YAML values that would run code in a loader that honoured them."""
    return [
        f'!!python/object/apply:os.system ["touch {marker}"]',
        f"!!python/object/new:subprocess.Popen [[touch, {marker}]]",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/tuple [1, 2]",
        "!include /etc/passwd",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [{a: 1}]",
        "!!str 5",
    ]


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


# --- the data tree ---------------------------------------------------------------------------


def _paths(data: object, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*path, i))


def _get(data: object, path: tuple) -> object:
    for key in path:
        data = data[key]  # type: ignore[index]
    return data


def _set(data: object, path: tuple, value: object) -> object:
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value  # type: ignore[index]
    return data


def nested(depth: int, rng: random.Random) -> object:
    node: object = {"nation": "wales"}
    for _ in range(depth):
        kind = rng.choice(["all", "any", "not"])
        node = {"not": node} if kind == "not" else {kind: [node, {"member_practices": {">": 1}}]}
    return node


def exploding(parts: int) -> object:
    """`all` of `parts` different `any`s of four: 4 ** parts alternatives in normal form."""
    return {
        "all": [
            {
                "any": [
                    {"member_practices": {">": i}},
                    {"member_practices": {"<": i}},
                    {"nation": "wales"},
                    {"profit_intent": "reinvest"},
                ]
            }
            for i in range(parts)
        ]
    }


WRONG = [7, -1, 0, 3.5, True, False, None, "", "text", [], {}, ["a"], {"x": 1}, [[[]]]]
HUGE = [10**30, -(10**30), 2**63, 2**64 + 1, 1e308, -1e308, float("inf"), float("nan"), 10**400]


def _strings(data: object) -> list[tuple]:
    return [p for p in _paths(data) if isinstance(_get(data, p), str)]


def _numbers(data: object) -> list[tuple]:
    return [
        p
        for p in _paths(data)
        if isinstance(_get(data, p), int | float) and not isinstance(_get(data, p), bool)
    ]


def _conditions(data: object) -> list[tuple]:
    return [p for p in _paths(data) if p and p[-1] in ("when", "ask_when")]


# Each data mutation changes the parsed document and returns it (or None: not applicable).
DataMutation = Callable[[object, random.Random, Path], object]


def drop_key(data, rng, marker):
    maps = [p for p in _paths(data) if isinstance(_get(data, p), dict) and _get(data, p)]
    path = rng.choice(maps)
    del _get(data, path)[rng.choice(list(_get(data, path)))]
    return data


def wrong_type(data, rng, marker):
    path = rng.choice([p for p in _paths(data) if p])
    return _set(data, path, copy.deepcopy(rng.choice(WRONG)))


def unknown_id(data, rng, marker):
    ids = [p for p in _strings(data) if re.fullmatch(r"[A-Za-z0-9_.]+", _get(data, p))]
    if not ids:
        return None
    path = rng.choice(ids)
    return _set(data, path, rng.choice(["no_such_id", "P99.99", "fact.nothing", "service.x"]))


def duplicate_item(data, rng, marker):
    lists = [p for p in _paths(data) if isinstance(_get(data, p), list) and _get(data, p)]
    if not lists:
        return None
    items = _get(data, rng.choice(lists))
    items.append(copy.deepcopy(rng.choice(items)))
    return data


def deep_condition(data, rng, marker):
    places = _conditions(data)
    if not places:
        return None
    return _set(data, rng.choice(places), nested(rng.choice([5, 20, 38, 60, 200]), rng))


def exploding_condition(data, rng, marker):
    places = _conditions(data)
    if not places:
        return None
    return _set(data, rng.choice(places), exploding(rng.choice([3, 6, 12, 40])))


def huge_number(data, rng, marker):
    numbers = _numbers(data)
    if not numbers:
        return None
    return _set(data, rng.choice(numbers), rng.choice(HUGE))


def huge_number_in_condition(data, rng, marker):
    places = _conditions(data)
    if not places:
        return None
    op = rng.choice(["<", "<=", ">", ">=", "is", "in"])
    value = rng.choice(HUGE)
    test = {"member_practices": {op: [value] if op == "in" else value}}
    return _set(data, rng.choice(places), test)


def code_string(data, rng, marker):
    strings = _strings(data)
    if not strings:
        return None
    text = rng.choice(payloads(marker))
    path = rng.choice(strings)
    if rng.random() < 0.5:
        text = f"{_get(data, path)} {text}"
    return _set(data, path, text)


def code_in_because(data, rng, marker):
    places = [p for p in _paths(data) if p and p[-1] == "because"]
    if not places:
        return None
    return _set(data, rng.choice(places), "Text " + rng.choice(payloads(marker)) + " text.")


def many_rules(data, rng, marker):
    rules = data.get("rules") if isinstance(data, dict) else None
    if not rules:
        return None
    count = rng.choice([300, 1500, 5000])
    data["rules"] = [
        {**copy.deepcopy(rules[i % len(rules)]), "id": f"{rules[i % len(rules)]['id']}_{i}"}
        for i in range(count)
    ]
    return data


def not_a_mapping(data, rng, marker):
    return copy.deepcopy(rng.choice([None, [], "text", 5, [{"rules": []}]]))


DATA_MUTATIONS: dict[str, DataMutation] = {
    f.__name__: f
    for f in (
        drop_key,
        wrong_type,
        unknown_id,
        duplicate_item,
        deep_condition,
        exploding_condition,
        huge_number,
        huge_number_in_condition,
        code_string,
        code_in_because,
        many_rules,
        not_a_mapping,
    )
}


# --- the text ----------------------------------------------------------------------------------

TextMutation = Callable[[str, random.Random, Path], str | bytes]


def delete_line(text, rng, marker):
    """One line of content gone: never only a comment or a blank line, which change nothing
    the loader reads (a server would have no mutation to judge)."""
    lines = text.splitlines()
    content = [
        i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")
    ]
    del lines[rng.choice(content or range(len(lines)))]
    return "\n".join(lines)


def indent_line(text, rng, marker):
    lines = text.splitlines()
    i = rng.randrange(len(lines))
    lines[i] = rng.choice([" ", "   ", "\t", "- "]) + lines[i]
    return "\n".join(lines)


def truncate(text, rng, marker):
    return text[: rng.randrange(len(text))]


JUNK = (
    ": |: :|- |[|]|{|}|&a|*nothing|? |||>|'|\"|%YAML 1.1|---|...|\t|\ufeff|@|`|!|!!|#|\\|\u2028|\r"
)
JUNK = JUNK.split("|")


def insert_junk(text, rng, marker):
    junk = rng.choice(JUNK)
    at = rng.randrange(len(text) + 1)
    return text[:at] + junk + text[at:]


def tag_value(text, rng, marker):
    lines = text.splitlines()
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+: \S", line)]
    i = rng.choice(keyed)
    key = lines[i].split(":", 1)[0]
    lines[i] = f"{key}: {rng.choice(yaml_payloads(marker))}"
    return "\n".join(lines)


def whole_file_tag(text, rng, marker):
    return rng.choice(yaml_payloads(marker)) + "\n"


def add_alias_bomb(text, rng, marker):
    return text + "\n" + alias_bomb()


def huge_file(text, rng, marker):
    return text + "\n# " + "x" * 1_100_000 + "\n"


def huge_value(text, rng, marker):
    return text + "\nextra: " + "y" * rng.choice([10_000, 990_000]) + "\n"


def deep_flow(text, rng, marker):
    depth = rng.choice([50, 1000, 100_000])
    return text + "\nextra: " + "[" * depth + "]" * depth + "\n"


def deep_block(text, rng, marker):
    return text + "\nextra:\n  " + "- " * rng.choice([50, 1000]) + "x\n"


def duplicate_key(text, rng, marker):
    lines = text.splitlines()
    keyed = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+:", line)]
    i = rng.choice(keyed)
    lines.insert(i + 1, lines[i].split(":", 1)[0] + ": again")
    return "\n".join(lines)


def bad_bytes(text, rng, marker):
    raw = text.encode()
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + rng.choice([b"\xff\xfe", b"\xc3", b"\x00", b"\x80\x80"]) + raw[at:]


TEXT_MUTATIONS: dict[str, TextMutation] = {
    f.__name__: f
    for f in (
        delete_line,
        indent_line,
        truncate,
        insert_junk,
        tag_value,
        whole_file_tag,
        add_alias_bomb,
        huge_file,
        huge_value,
        deep_flow,
        deep_block,
        duplicate_key,
        bad_bytes,
    )
}
MUTATIONS = sorted([*DATA_MUTATIONS, *TEXT_MUTATIONS])


# --- making and judging a mutant ---------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    source: str  # "rules" or "minimal"
    file: str  # relative to the folder
    mutation: str
    folder: Path


def rule_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.yaml"))


def _dump(data: object) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    out = io.StringIO()
    try:
        yaml.dump(data, out)
    except RecursionError:  # too deep for the dumper: JSON is YAML too
        return json.dumps(data, default=str)
    return out.getvalue()


def make_mutant(
    target: Path,
    rng: random.Random,
    marker: Path,
    mutation: str | None = None,
    source: str | None = None,
) -> Mutant:
    """A fresh copy of one source folder at `target` with one file mutated."""
    source = source or rng.choice(sorted(SOURCES))
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(SOURCES[source], target)
    name = rng.choice(rule_files(target))
    path = target / name
    mutation = mutation or rng.choice(MUTATIONS)
    text = path.read_text(encoding="utf-8")
    if mutation in TEXT_MUTATIONS:
        out = TEXT_MUTATIONS[mutation](text, rng, marker)
    else:
        data = YAML(typ="safe", pure=True).load(text)
        changed = DATA_MUTATIONS[mutation](data, rng, marker)
        out = _dump(changed) if changed is not None else delete_line(text, rng, marker)
    if isinstance(out, bytes):
        path.write_bytes(out)
    else:
        path.write_text(out, encoding="utf-8")
    return Mutant(source, name, mutation, target)


class TookTooLong(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt Python code that runs longer than `seconds` (main thread only)."""

    def alarm(signum, frame):
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def judge(mutant: Mutant, seconds: float = SECONDS_PER_CASE) -> tuple[str, float]:
    """("valid" | "invalid", seconds taken); AssertionError when the property does not hold."""
    began = time.monotonic()
    try:
        with time_limit(seconds):
            policy = load_policy(mutant.folder)
            compile_policy(policy)
    except RulesInvalid as e:
        problems = e.problems
    except TookTooLong as e:
        raise AssertionError(f"{mutant}: {e}") from None
    except Exception as e:
        raise AssertionError(f"{mutant}: {type(e).__name__}: {e!s:.300}") from e
    else:
        return "valid", time.monotonic() - began
    assert problems, f"{mutant}: RulesInvalid without problems"
    for problem in problems:
        assert PROBLEM.match(str(problem)), f"{mutant}: not file:line: {problem!s:.300}"
        shown = mutant.folder.parent / problem.file
        if shown.is_file():
            lines = max(1, shown.read_bytes().count(b"\n") + 1)
            assert problem.line <= lines, f"{mutant}: line {problem.line} of {lines}"
    return "invalid", time.monotonic() - began


def summary(results: list[tuple[Mutant, str]]) -> str:
    counts: dict[str, dict[str, int]] = {}
    for mutant, outcome in results:
        counts.setdefault(mutant.mutation, {}).setdefault(outcome, 0)
        counts[mutant.mutation][outcome] += 1
    return json.dumps(counts, sort_keys=True)
