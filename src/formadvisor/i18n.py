"""The interface's words in the user's language: Babel message catalogues (gettext).

The catalogue is `locale/messages.pot` (extracted from the templates and the Python by `make
messages`) and one `locale/<lang>/LC_MESSAGES/messages.po` per language, which `make` compiles
to the `.mo` the package ships. A checkout whose `.mo` is missing or older than its `.po` reads
the `.po` itself, so an edited translation shows without a build step. English is the source
language: it has no catalogue, and a message with no translation stays English.

Messages take named values in Python's `%(name)s` form, as Jinja's newstyle gettext does
(`{{ _("Question %(n)s of %(total)s", n=n, total=total) }}`), so one message reads the same
in a template and in Python.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from formadvisor.rules.translation import LANGUAGES

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT = LANGUAGES[0]  # English: the language the interface is written in

# One language range of an Accept-Language header: `cy`, `cy-GB`, `en;q=0.8`, `*;q=0.1`.
_RANGE = re.compile(r"\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def supported(lang: str | None) -> str | None:
    """`lang` when it names a language we speak (`cy`, `CY`), else None."""
    lang = (lang or "").strip().lower()
    return lang if lang in LANGUAGES else None


def negotiate(accept_language: str | None) -> str:
    """The language to answer in for an `Accept-Language` header: the one with the highest
    weight among those we speak (`cy-GB` counts as `cy`; the earlier wins a tie), else English."""
    best, weight = DEFAULT, 0.0
    for part in (accept_language or "").split(",")[:32]:
        match = _RANGE.fullmatch(part)
        if not match:
            continue
        lang = supported(match[1].split("-")[0])
        try:
            q = float(match[2]) if match[2] is not None else 1.0
        except ValueError:
            continue
        if lang and 0 < q <= 1 and q > weight:
            best, weight = lang, q
    return best


def _catalogue(lang: str) -> NullTranslations:
    folder = LOCALE / lang / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.is_file() and not (po.is_file() and po.stat().st_mtime > mo.stat().st_mtime):
        with mo.open("rb") as f:
            return Translations(f, domain=DOMAIN)
    if po.is_file():  # a checkout before `make`: compile in memory (fuzzy entries left out)
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return Translations(compiled, domain=DOMAIN)
    return NullTranslations()


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of `lang` (loaded once); English and unknown languages get none."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return NullTranslations()
    return _catalogue(lang)


def gettext(lang: str, message: str, /, **values: object) -> str:
    """`message` in `lang`, its `%(name)s` values filled in."""
    text = translations(lang).gettext(message)
    return text % values if values else text


def ngettext(lang: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of the message for the number `n` in `lang` (Welsh has six); `%(num)s` is `n`."""
    text = translations(lang).ngettext(singular, plural, n)
    return text % {"num": n, **values}
