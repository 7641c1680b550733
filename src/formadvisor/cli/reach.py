"""`formadvisor reach FILE OPTION`: what would it take for an option to be recommended."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from formadvisor.advice.reach import reach as reach_of
from formadvisor.advice.reach_words import reach_words
from formadvisor.cli.options import AsOfOption, LangOption, RulesOption, on_answers


def reach(
    file: Annotated[Path, typer.Argument(help="An answers file (YAML or JSON).")],
    option: Annotated[str, typer.Argument(help="A form's id, or a route's id (with --service).")],
    service: Annotated[
        str | None,
        typer.Option("--service", help="The service whose route it is (one service: optional)."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    as_of: AsOfOption = None,
    rules: RulesOption = None,
    lang: LangOption = "en",
) -> None:
    """The fewest changes to answers you could change (at most 3) after which OPTION is
    recommended, confirmed on the rules engine; or what rules it out.

    Exit 0 with the answer; 2 when the answers are invalid or OPTION or --service is unknown
    (one line naming it and the valid ids); 1 when the rules are broken.
    """
    day = as_of.date() if as_of else dt.date.today()
    advisor, result = on_answers(
        file, rules, lambda a, given: reach_of(a, given, option, service, day), lang
    )
    if json_out:
        print(result.model_dump_json())
        return
    words = reach_words(advisor.policy, result)
    console = Console()
    if words is None:  # a rules folder without the wording: the JSON's facts, plainly
        console.print(escape(result.model_dump_json(indent=2)))
        return
    console.print(f"[bold]{escape(words.heading)}[/]")
    console.print(escape(words.intro))
    for line in words.lines:
        console.print(f"  - {escape(line)}")
