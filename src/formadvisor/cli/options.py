"""What the `formadvisor` commands share: the common options and how a command fails."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from formadvisor.authoring.coverage import default_features as default_features
from formadvisor.settings import Settings


def default_rules() -> Path:
    """`FORMADVISOR_RULES`, else the checkout's `rules/` or the rules the wheel carries."""
    return Settings().rules


RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="Rules folder (default: $FORMADVISOR_RULES or rules/)."),
]
FeaturesOption = Annotated[
    Path | None,
    typer.Option("--features", help="Feature files (default: $FORMADVISOR_FEATURES or features/)."),
]
AsOfOption = Annotated[
    dt.datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="The day to check for (default: today)."),
]
UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="SQLAlchemy URL (default: $FORMADVISOR_DATABASE_URL, else formadvisor.sqlite3 in "
        "var/ of a checkout or ~/.local/share/formadvisor/).",
    ),
]


def fail(lines: list[str], code: int) -> typer.Exit:
    """Print `lines` on stderr; the exit to raise with `code`."""
    for line in lines:
        print(line, file=sys.stderr)
    return typer.Exit(code)
