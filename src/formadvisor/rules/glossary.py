"""The glossary (`glossary.yaml`): the settled translation of each domain term.

`rules check` warns where an English text has a term and its translation lacks the term's
translation. Welsh changes the first letter(s) of a word after certain words (initial
mutations: "cwmni" is "gwmni" in "y gwmni", "nghwmni" in "fy nghwmni", "chwmni" in "a
chwmni"), so each form is matched with every mutation of its first letters, and a term may
list other accepted forms (`also`).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import Field

from formadvisor.rules.models import Strict, Text
from formadvisor.rules.translation import PLACEHOLDER

# Welsh initial mutations: the radical's first letters and what they may become.
MUTATIONS: dict[str, tuple[str, ...]] = {
    "p": ("b", "mh", "ph"),
    "t": ("d", "nh", "th"),
    "c": ("g", "ngh", "ch"),
    "b": ("f", "m"),
    "d": ("dd", "n"),
    "g": ("", "ng"),
    "m": ("f",),
    "ll": ("l",),
    "rh": ("r",),
}
VOWELS = "aeiouwyâêîôûŵŷ"


class Term(Strict):
    """One term: its English, its translation in each language, and how settled it is."""

    english: Text = Field(alias="en")
    cy: Text
    also: tuple[Text, ...] = ()  # other accepted Welsh forms
    # English names that hold the term but stay English in the Welsh (a body's or a
    # document's name: "NHS Resolution"): the term is not looked for in them.
    names: tuple[Text, ...] = ()
    status: Literal["settled", "check"] = "check"  # settled: confirmed against `source`
    source: str | None = None  # where the translation comes from (TermCymru, a Welsh SI, …)

    def said(self, lang: str) -> str:
        return str(getattr(self, lang))

    @cached_property
    def in_english(self) -> re.Pattern[str]:
        """The English term as a word (a plural too); capitals matter only in an acronym or a
        proper name (capitals after its first letter: "NHS Pension Scheme")."""
        flags = 0 if any(c.isupper() for c in self.english[1:]) else re.IGNORECASE
        return re.compile(rf"(?<!\w){re.escape(self.english)}(?:s|es)?(?!\w)", flags)

    def used_in(self, english: str) -> bool:
        """Whether `english` uses the term, outside its placeholders and the English names."""
        english = PLACEHOLDER.sub(" ", english)
        for name in self.names:
            english = re.sub(re.escape(name), " ", english, flags=re.IGNORECASE)
        return bool(self.in_english.search(english))

    @cached_property
    def in_welsh(self) -> re.Pattern[str]:
        """Any accepted form, its first letters mutated or not, at the start of a word."""
        forms = [variant for form in (self.cy, *self.also) for variant in mutated(form)]
        alternatives = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE)


class Glossary(Strict):
    terms: tuple[Term, ...]

    def missing(self, english: str, translation: str, lang: str) -> list[Term]:
        """The terms `english` has whose translation `translation` lacks."""
        if lang != "cy":
            return []
        return [t for t in self.terms if t.used_in(english) and not t.in_welsh.search(translation)]


def mutated(form: str) -> list[str]:
    """`form` and its forms after each initial mutation of its first word (and an `h` before
    a first vowel, as after "ei" her)."""
    lower = form[:1].lower() + form[1:]
    out = [lower]
    for radical in sorted(MUTATIONS, key=len, reverse=True):
        if lower.startswith(radical):
            out += [m + lower[len(radical) :] for m in MUTATIONS[radical]]
            break
    if lower[:1] in VOWELS:
        out.append("h" + lower)
    return out
