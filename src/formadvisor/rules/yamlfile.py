"""Strict YAML reading that remembers where everything was.

Advisers need `file:line` in every message, so a document is read with ruamel.yaml's
round-trip loader (which rejects duplicate keys and records positions) and turned into
plain Python values plus a map from each key path to its 1-based line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import (
    CommentedMap,
    CommentedOrderedMap,
    CommentedSeq,
    CommentedSet,
    TaggedScalar,
)
from ruamel.yaml.error import MarkedYAMLError, YAMLError

KeyPath = tuple[str | int, ...]
MAX_BYTES = 1_000_000  # a rules file is prose-sized; anything larger is a mistake or an attack
MAX_DEPTH = 40
MAX_NODES = 200_000  # aliases can make a small file expand enormously ("billion laughs")


class YamlError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class Document:
    """Plain data read from YAML, and the line of every key path in it."""

    def __init__(self, data: object, lines: dict[KeyPath, int]):
        self.data = data
        self.lines = lines

    def line_of(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def doc_value(data: object, path: KeyPath) -> object:
    """The value at `path` in plain data read from YAML (mappings and lists)."""
    for key in path:
        if isinstance(data, dict):
            data = data[key]
            continue
        if not (isinstance(data, list) and isinstance(key, int)):
            raise KeyError(path)
        data = data[key]
    return data


def read_yaml(path: Path) -> Document:
    return parse_yaml(_text(path))


def read_rules_file(path: Path) -> Document:
    """`read_yaml` for a rules folder's files, parsed once per content: a folder is read again
    on every reload, by every command and in every test, its files rarely change, and parsing
    (with the translations beside them) is most of the time it takes to load. The Document is
    shared by everyone who read the same text, so its readers never change it."""
    return _parsed(_text(path))


def _text(path: Path) -> str:
    if path.stat().st_size > MAX_BYTES:
        raise YamlError(1, f"file is larger than {MAX_BYTES:,} bytes")
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=128)
def _parsed(text: str) -> Document:
    return parse_yaml(text)  # a file that does not parse raises every time: nothing is kept


def parse_yaml(text: str) -> Document:
    too_deep = _flow_too_deep(text)
    if too_deep:
        raise YamlError(too_deep, f"brackets are nested more than {MAX_DEPTH} deep")
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, _first_line(e.problem or e.context or str(e))) from None
    except YAMLError as e:
        raise YamlError(1, _first_line(str(e))) from None
    except RecursionError:
        raise YamlError(1, "the document is nested too deeply") from None
    lines: dict[KeyPath, int] = {(): 1}
    data = _plain(tree, (), lines, 0, [0])
    return Document(data, lines)


# Quoted text and comments (whose brackets do not count), or one bracket.
_FLOW = re.compile(r"""'(?:[^'\n]|'')*'|"(?:[^"\\\n]|\\.)*"|(?<!\S)#[^\n]*|[\[\]{}]""")


def _flow_too_deep(text: str) -> int | None:
    """The line where `[`/`{` brackets nest deeper than MAX_DEPTH, if they do: ruamel takes
    seconds per thousand levels before it gives up, so such a file is refused first."""
    depth = 0
    for match in _FLOW.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth = max(0, depth - 1)
    return None


def _plain(
    node: object, path: KeyPath, lines: dict[KeyPath, int], depth: int, count: list[int]
) -> object:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlError(lines.get(path, 1), f"the document has more than {MAX_NODES:,} values")
    if depth > MAX_DEPTH:
        raise YamlError(lines.get(path, 1), f"the document is nested more than {MAX_DEPTH} deep")
    _refuse_tags(node, lines.get(path, 1))
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            if not isinstance(key, str | int | bool) or isinstance(key, bool):
                line = node.lc.key(key)[0] + 1 if key in node else lines.get(path, 1)
                raise YamlError(line, f"a key must be text, not {type(key).__name__}")
            sub = (*path, str(key))
            lines[sub] = node.lc.key(key)[0] + 1
            out[str(key)] = _plain(value, sub, lines, depth + 1, count)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, value in enumerate(node):
            sub = (*path, i)
            lines[sub] = node.lc.item(i)[0] + 1
            out_list.append(_plain(value, sub, lines, depth + 1, count))
        return out_list
    return _scalar(node)


def _refuse_tags(node: object, line: int) -> None:
    """A rules file holds text, numbers, booleans, dates, lists and mappings, nothing else:
    no tag (`!!python/object/apply:…`, `!include`, `!!binary`, `!!set`) is ever honoured."""
    tag = getattr(getattr(node, "tag", None), "value", None)
    if isinstance(node, TaggedScalar) or tag is not None:
        shown = (tag or "").replace("tag:yaml.org,2002:", "!!")
        raise YamlError(line, f"YAML tags ({shown}) are not allowed; write a plain value")
    if isinstance(node, CommentedOrderedMap | CommentedSet | bytes | set):
        raise YamlError(line, "YAML tags (!!omap, !!set, !!binary) are not allowed")
    if not isinstance(node, CommentedMap | CommentedSeq | str | int | float | dt.date | None):
        raise YamlError(line, f"a value of type {type(node).__name__} is not allowed")


def _scalar(node: object) -> object:
    # ruamel returns subclasses (ScalarFloat, ScalarBoolean, ...); pydantic strict types want
    # the plain ones, and hashing wants a stable representation.
    if isinstance(node, bool) or node is None:
        return node if node is None else bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node  # dates stay dates


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "not valid YAML"
