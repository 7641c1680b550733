"""Dates and times as the request's language writes them (template filters `day` and `clock`).

English keeps the pages' own style ("6 December 2026", "9:30am"); Welsh takes its month names
from Babel's CLDR data ("6 Rhagfyr 2026") and the 24-hour clock GOV.WALES uses. The words
around them ("Sent on … at …") are the templates' own, in the catalogue.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from formadvisor.web.language import current


def day(when: dt.date) -> str:
    """The date in words: "6 December 2026" / "6 Rhagfyr 2026"."""
    lang = current()
    if lang == "en":
        return f"{when.day} {when:%B %Y}"
    return format_date(when, "d MMMM y", locale=lang)


def clock(when: dt.datetime | dt.time, seconds: bool = False) -> str:
    """The time of day: "9:30am" or "09:30:15" in English, "09:30" or "09:30:15" in Welsh."""
    if seconds:
        return f"{when:%H:%M:%S}"
    if current() == "en":
        return f"{when:%I:%M}".lstrip("0") + ("am" if when.hour < 12 else "pm")
    return f"{when:%H:%M}"
