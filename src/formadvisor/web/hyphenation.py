"""Hyphenation dictionaries pyphen lacks, for WeasyPrint's `hyphens: auto` in the PDF.

pyphen (WeasyPrint's hyphenator) has no Welsh: `make assets` writes TeX's hyph-utf8 Welsh
patterns as `dictionaries/hyph_cy.dic` (Makefile, `HYPHENATION`), and `register` adds every
dictionary there to pyphen's languages, so a page with `lang="cy"` is hyphenated as Welsh.
"""

from __future__ import annotations

from pathlib import Path

import pyphen

DICTIONARIES = Path(__file__).parent / "dictionaries"


def register(folder: Path = DICTIONARIES) -> list[str]:
    """Add each `hyph_<lang>.dic` in `folder` to pyphen; the languages added (none when `make
    assets` has not run: the PDF is then hyphenated only in the languages pyphen has)."""
    added = []
    for path in sorted(folder.glob("hyph_*.dic")):
        lang = path.stem.removeprefix("hyph_")
        pyphen.LANGUAGES[lang] = path
        pyphen.LANGUAGES_LOWERCASE[lang.lower()] = lang  # what `language_fallback` reads
        added.append(lang)
    return added
