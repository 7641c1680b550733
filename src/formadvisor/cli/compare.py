"""`formadvisor compare FILE OPTION_A OPTION_B [--service NAME] [--json]`: two options side by
side, row by row (`advice.compare`); the same JSON as `POST /api/v1/comparisons`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding

from formadvisor.advice.compare import Cell, Comparison, compare
from formadvisor.cli.options import AsOfOption, LangOption, RulesOption, on_answers
from formadvisor.rules.models import CompareWords


def compare_command(
    file: Annotated[Path, typer.Argument(help="An answers file (YAML or JSON).")],
    option_a: Annotated[str, typer.Argument(help="A form's id, or a route's id.")],
    option_b: Annotated[str, typer.Argument(help="Another form's id, or another route's id.")],
    service: Annotated[
        str | None,
        typer.Option("--service", help="For two routes: the service's name (one service: none)."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
    as_of: AsOfOption = None,
    rules: RulesOption = None,
    lang: LangOption = "en",
) -> None:
    """Compare two forms, or two routes for one service, row by row, with the scores each gets.

    Exit 0 with the comparison; 2 when the answers are invalid or an option or service is
    unknown (one line naming the field and the valid ids); 1 when the rules are broken.
    """
    day = as_of.date() if as_of else None
    advisor, result = on_answers(
        file, rules, lambda a, given: compare(a, given, option_a, option_b, service, day), lang
    )
    if json_out:
        print(result.to_json())
        return
    assert advisor.policy.options.compare is not None  # compare() refuses rules without rows
    print_comparison(Console(), result, advisor.policy.options.compare.words)


def print_comparison(console: Console, c: Comparison, words: CompareWords) -> None:
    """Row by row, each option's cell under the row's label; the rows where neither has
    anything said in one line; then the sources cited."""
    console.print(f"[bold]{escape(c.title)}[/]")
    for option in c.options:
        console.print(f"  {escape(c.labels[option])}: {escape(_score(c, option, words))}")
    silent = [r for r in c.rows if r.silent]
    for row in c.rows:
        if row in silent:
            continue
        console.print(f"\n[bold underline]{escape(row.label)}[/]")
        if row.same and row.cells[0].says_nothing:
            console.print(Padding(escape(row.a), (0, 0, 0, 2)))
            continue
        for cell in row.cells[:1] if row.same else row.cells:
            label = words.same if row.same else c.labels[cell.option]
            console.print(f"  [bold]{escape(label)}[/]")
            _cell(console, cell)
    if silent:
        rows = ", ".join(row.label for row in silent)
        console.print(Padding(escape(words.nothing_either.format(rows=rows)), (1, 0, 0, 0)))
    if c.sources:
        console.print(f"\n[bold]{escape(words.sources)}[/]")
        for s in c.sources:
            console.print(Padding(escape(s.citation), (0, 0, 0, 2)))


def _score(c: Comparison, option: str, words: CompareWords) -> str:
    score = c.scores[option]
    said = (words.score if c.eligible[option] else words.excluded_score).format(score=score)
    return f"{said}. {words.recommended}" if option == c.recommended else said


def _cell(console: Console, cell: Cell) -> None:
    if cell.says_nothing:
        console.print(Padding(f"[dim]{escape(cell.text)}[/]", (0, 0, 0, 4)))
        return
    for line in cell.lines:
        cited = ", ".join([*([line.rule] if line.rule else []), *line.sources])
        console.print(Padding(f"- {escape(line.text)} [dim]({escape(cited)})[/]", (0, 0, 0, 4)))
