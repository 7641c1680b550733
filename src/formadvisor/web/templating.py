"""One Jinja environment: our templates first, then the nhsuk-frontend-jinja macros.

The interface's words go through Jinja's i18n extension (`{{ _("Continue") }}`, `{% trans %}`)
with newstyle gettext: each call looks the message up in the catalogue of the request's
language (`language.current()`) and fills `%(name)s` values after escaping them. Every
template, and every macro it imports, also gets that language as `lang`; dates are written
in it with the filters `long_date` and `clock`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_time
from fastapi.templating import Jinja2Templates
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from jinja2 import Template as JinjaTemplate
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, new_context

from formadvisor.i18n import translations
from formadvisor.web.group_charts import spread_chart
from formadvisor.web.language import current, link_to
from formadvisor.web.report_view import parse_citation
from formadvisor.web.timeline import timeline_svg


class LanguageTemplate(JinjaTemplate):
    """A template whose renders see the request's language as the global `lang`. It is passed
    as a global of the render, not of the environment, so Jinja makes imported macros afresh
    for each render instead of reusing a module made in another language."""

    def new_context(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> Context:
        made = {**self.globals, "lang": current()}
        return new_context(self.environment, self.name, self.blocks, vars, shared, made, locals)

    @property
    def module(self) -> TemplateModule:
        """The template's top-level variables, made in the request's language each time (Jinja
        would keep the first one made, in whatever language that request spoke)."""
        return self.make_module()


def _gettext(message: str) -> str:
    return translations(current()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def _pgettext(context: str, message: str) -> str:
    return str(translations(current()).pgettext(context, message))


def _npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current()).npgettext(context, singular, plural, n)


def long_date(value: dt.date) -> str:
    """A date as people write it in the request's language: "6 December 2026", "6 Rhagfyr 2026"."""
    return format_date(value, "d MMMM y", locale=current())


def clock(value: dt.datetime | dt.time) -> str:
    """A time of day on the 24-hour clock: "14:05"."""
    return format_time(value, "HH:mm", locale=current())


def make_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(templates_dir), PackageLoader("nhsuk_frontend_jinja")]
        ),
        undefined=ChainableUndefined,
        autoescape=True,
        extensions=[
            "jinja2.ext.i18n",
            "jinja2.ext.do",
        ],  # `_` is gettext: `{% do list.append(…) %}`
    )
    env.template_class = LanguageTemplate
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )
    env.filters["long_date"] = long_date  # never strftime("%B"): English month names
    env.filters["clock"] = clock
    env.globals["language_link"] = link_to  # the same page in the other language (layout.html)
    env.globals["day"] = long_date  # the same, called as a function (`day(as_of)`)
    env.globals["timeline_svg"] = timeline_svg  # the action plan's picture (action_plan.html)
    env.globals["spread_chart"] = spread_chart  # a group's answers to a question (group_page.html)
    env.globals["cite_of"] = parse_citation  # a source's parts (report_macros.html `source`)
    return env


def make_templates(templates_dir: Path) -> Jinja2Templates:
    return Jinja2Templates(env=make_environment(templates_dir))
