"""The `formadvisor` command: thin, it parses, calls one core function and prints.

`recommend` and `serve` are here; `rules ...` is in `rules.py` and `db ...` in `db.py`.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.cli.compare import compare_command
from formadvisor.cli.db import db_app
from formadvisor.cli.group import group
from formadvisor.cli.options import LangOption, RulesOption, fail, load_advisor, read_answers
from formadvisor.cli.reach import reach as reach_command
from formadvisor.cli.rules import rules_app
from formadvisor.cli.summary import print_summary
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import RulesInvalid
from formadvisor.settings import Settings

app = typer.Typer(
    help="Justified recommendations for groups of GP practices.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
WEB_APP_FACTORY = "formadvisor.web.app:create_app"  # what `serve` runs, by name (see serve)
app.add_typer(rules_app, name="rules")
app.add_typer(db_app, name="db")
app.command("compare")(compare_command)
app.command("group")(group)
app.command("reach")(reach_command)


@app.command()
def recommend(
    file: Annotated[Path, typer.Argument(help="An answers file (YAML or JSON).")],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the recommendation as JSON.")
    ] = False,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            "--as-of", formats=["%Y-%m-%d"], help="Apply the rules in force on this date."
        ),
    ] = None,
    what_if: Annotated[
        bool, typer.Option(help="Work out which single changes would change it.")
    ] = True,
    rules: RulesOption = None,
    lang: LangOption = "en",
) -> None:
    """Recommend a legal form and a contract route for each service, with reasons.

    Exit 0 with the recommendation; 2 when the answers are invalid (one line per problem);
    1 when the rules are broken. `--lang cy` prints it in Welsh (the JSON's texts too).
    """
    data = read_answers(file)
    advisor = load_advisor(rules)
    speaking = advisor.language(lang)
    try:
        result = speaking.recommend(data, as_of=as_of.date() if as_of else None, what_if=what_if)
    except AnswersInvalid as e:
        raise fail(e.problems, 2) from None
    finally:
        advisor.close()
    if json_out:
        print(result.to_json())
    else:
        print_summary(Console(), speaking.policy, result)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    rules: RulesOption = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Worker processes, each with its own engine; they share only the database.",
        ),
    ] = 1,
) -> None:
    """Serve the web form and the JSON API (settings from `FORMADVISOR_*` variables)."""
    import os

    import uvicorn

    from formadvisor.store.database import Store

    settings = Settings()
    changes = {"host": host, "port": port, "rules": rules}
    settings = settings.model_copy(update={k: v for k, v in changes.items() if v is not None})
    try:
        load_policy(settings.rules)  # a broken rules folder stops here, every problem listed
    except RulesInvalid as e:
        raise fail([str(p) for p in e.problems], 1) from None
    # Reload outcomes (formadvisor.reload) and the scenario runs go to stderr with the time.
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("formadvisor").setLevel(logging.INFO)
    print(f"formadvisor is serving on http://{settings.host}:{settings.port}/")
    if rules is not None:  # the app factory reads its settings from the environment
        os.environ["FORMADVISOR_RULES"] = str(settings.rules)
    if workers > 1:  # upgraded once here, so the workers do not race to
        Store(settings.database_url).close()
    # uvicorn makes the app from the factory's name, here or in each worker process: the CLI
    # and the web edge stay independent (the CLI never imports formadvisor.web).
    uvicorn.run(
        WEB_APP_FACTORY,
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        server_header=False,  # no "server: uvicorn" (web/security.py sets the other headers)
    )
