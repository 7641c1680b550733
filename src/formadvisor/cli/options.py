"""What the `formadvisor` commands share: the common options and how a command fails."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.picking import UnknownName
from formadvisor.authoring.coverage import default_features as default_features
from formadvisor.rules.loading import RulesInvalid
from formadvisor.rules.translation import LANGUAGES
from formadvisor.rules.yamlfile import YamlError, read_yaml
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


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"one of {', '.join(LANGUAGES)}")
    return lang


LangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        help="The language to print in: en (English) or cy (Welsh, Cymraeg). JSON ids are "
        "the same in both.",
        callback=_language,
    ),
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


def refused(e: UnknownName) -> typer.Exit:
    """An unknown option or service name: one line naming the field, the value and the valid
    ids, exit 2 (what `compare` and `reach` share)."""
    return fail([e.message], 2)


def read_answers(file: Path) -> object:
    """The answers file's data; exit 2 with `file:line: problem` when it cannot be read."""
    try:
        return read_yaml(file).data
    except FileNotFoundError:
        raise fail([f"{file}: no such file"], 2) from None
    except YamlError as e:
        raise fail([f"{file}:{e.line}: {e.message}"], 2) from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise fail([f"{file}: not a text file of answers"], 2) from None


def load_advisor(rules: Path | None) -> Advisor:
    """The Advisor for `rules` (default: `default_rules()`); exit 1 when the rules are broken."""
    try:
        return Advisor.from_folder(rules or default_rules())
    except RulesInvalid as e:
        raise fail([str(p) for p in e.problems], 1) from None


T = TypeVar("T")


def on_answers(
    file: Path, rules: Path | None, work: Callable[[Advisor, BaseModel], T], lang: str = "en"
) -> tuple[Advisor, T]:
    """`work(advisor, answers)` on the answers file with the Advisor in `lang`, closed after:
    exit 2 for invalid answers or an unknown option or service (one line each), 1 for broken
    rules."""
    data = read_answers(file)
    advisor = load_advisor(rules)
    speaking = advisor.language(lang)
    try:
        return speaking, work(speaking, speaking.validate(data))
    except AnswersInvalid as e:
        raise fail(e.problems, 2) from None
    except UnknownName as e:
        raise refused(e) from None
    finally:
        advisor.close()
