"""The interface's message catalogue: current with the code, and every message in Welsh.

The messages are extracted here as `make messages` extracts them (babel.cfg and the Makefile's
keywords), so a string wrapped in a template or in Python but missing from the .po, or a .po
entry whose string is gone, fails; so does an empty or fuzzy translation, or one whose
`%(name)s` values differ from its English.
"""

from __future__ import annotations

import re
import shlex

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from formadvisor.i18n import LOCALE, gettext, ngettext
from tests.support.data import ROOT

PO = LOCALE / "cy" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _keywords() -> list[str]:
    """BABEL_KEYWORDS of the Makefile, the one place they are written."""
    (line,) = re.findall(r"^BABEL_KEYWORDS := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    return shlex.split(line)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("messages") / "messages.pot"
    args = ["pybabel", "--quiet", "extract", "--mapping-file", str(ROOT / "babel.cfg")]
    args += ["--no-default-keywords", *_keywords(), "--output-file", str(pot), str(ROOT / "src")]
    CommandLineInterface().run(args)
    with pot.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def welsh():
    with PO.open("rb") as f:
        return read_po(f, locale="cy")


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_the_catalogue_is_current(extracted, welsh):
    missing = _ids(extracted) - _ids(welsh)
    stale = _ids(welsh) - _ids(extracted)
    assert not missing, f"run `make messages` and translate: {sorted(missing, key=str)[:20]}"
    assert not stale, f"run `make messages` (no longer in the code): {sorted(stale, key=str)[:20]}"
    assert len(_ids(extracted)) > 100  # the extraction found the templates and the Python


def test_every_message_is_in_welsh_with_the_same_values(welsh):
    problems = []
    for m in welsh:
        if not m.id:
            continue
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            problems.append(f"not translated: {english[0]!r}")
            continue
        # A plural form may leave out the count, as the English singular does ("Mae un …").
        needed = set(PLACEHOLDER.findall(english[0]))
        allowed = needed | set(PLACEHOLDER.findall(english[-1]))
        for s in strings:
            if not needed <= set(PLACEHOLDER.findall(s)) <= allowed:
                problems.append(f"values differ: {english[0]!r} → {s!r}")
    assert not problems, "\n".join(problems)
    assert len(welsh) > 100


def test_the_catalogue_is_read_in_welsh_and_english():
    assert gettext("cy", "Continue") == "Parhau"
    assert gettext("en", "Continue") == "Continue"
    assert gettext("cy", "Question %(number)s of %(total)s", number=3, total=9) == "Cwestiwn 3 o 9"
    one = "You have added %(count)s service."
    many = "You have added %(count)s services."
    assert ngettext("en", one, many, 2, count=2) == "You have added 2 services."
    assert ngettext("cy", one, many, 2, count=2) == "Rydych chi wedi ychwanegu 2 gwasanaeth."
