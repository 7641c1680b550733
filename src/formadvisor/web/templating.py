"""One Jinja environment: our templates first, then the nhsuk-frontend-jinja macros."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader

from formadvisor.web.group_charts import spread_chart
from formadvisor.web.timeline import timeline_svg


def make_templates(templates_dir: Path) -> Jinja2Templates:
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(templates_dir), PackageLoader("nhsuk_frontend_jinja")]
        ),
        undefined=ChainableUndefined,
        autoescape=True,
    )
    env.globals["timeline_svg"] = timeline_svg  # the action plan's picture (action_plan.html)
    env.globals["spread_chart"] = spread_chart  # a group's answers to a question (group_page.html)
    return Jinja2Templates(env=env)
