"""Days in the request's language, for every template (`day`): "6 December 2026" in English,
"6 Rhagfyr 2026" in Welsh, from Babel's CLDR data rather than the process's C locale."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from formadvisor.web.language import current


def day(when: dt.date) -> str:
    """The day of a date (or a datetime's date), its month in words."""
    return format_date(when, "d MMMM y", locale=current())
