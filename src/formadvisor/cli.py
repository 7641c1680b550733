"""The `formadvisor` command: thin, it parses, calls one core function and prints."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from formadvisor.answers import AnswersInvalid
from formadvisor.checking import check_rules
from formadvisor.checks import load_policy
from formadvisor.coverage import (
    Coverage,
    FeaturesUnavailable,
    coverage_of,
    default_features,
    problem_lines,
    report_lines,
    run_features,
    scenario_day,
)
from formadvisor.loading import RulesInvalid
from formadvisor.models import Policy
from formadvisor.recommend import Advisor
from formadvisor.rulesdoc import render
from formadvisor.settings import REPO, Settings
from formadvisor.summary import print_summary
from formadvisor.yamlfile import YamlError, read_yaml

app = typer.Typer(
    help="Justified recommendations for groups of GP practices.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
rules_app = typer.Typer(help="Work with the rules folder.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
db_app = typer.Typer(help="The database of saved assessments.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def default_rules() -> Path:
    """`FORMADVISOR_RULES`, else the repository's `rules/`."""
    return Settings().rules


RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="Rules folder (default: $FORMADVISOR_RULES or rules/)."),
]


def _fail(lines: list[str], code: int) -> typer.Exit:
    for line in lines:
        print(line, file=sys.stderr)
    return typer.Exit(code)


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
) -> None:
    """Recommend a legal form and a contract route for each service, with reasons.

    Exit 0 with the recommendation; 2 when the answers are invalid (one line per problem);
    1 when the rules are broken.
    """
    try:
        doc = read_yaml(file)
    except FileNotFoundError:
        raise _fail([f"{file}: no such file"], 2) from None
    except YamlError as e:
        raise _fail([f"{file}:{e.line}: {e.message}"], 2) from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise _fail([f"{file}: not a text file of answers"], 2) from None
    try:
        advisor = Advisor.from_folder(rules or default_rules())
    except RulesInvalid as e:
        raise _fail([str(p) for p in e.problems], 1) from None
    try:
        result = advisor.recommend(doc.data, as_of=as_of.date() if as_of else None, what_if=what_if)
    except AnswersInvalid as e:
        raise _fail(e.problems, 2) from None
    finally:
        advisor.close()
    if json_out:
        print(result.to_json())
    else:
        print_summary(Console(), advisor.policy, result)


@rules_app.command("check")
def rules_check(
    folder: Annotated[Path | None, typer.Argument(help="Rules folder (default: rules/).")] = None,
    samples: Annotated[int, typer.Option(help="Random answer sets tried on the engine.")] = 300,
) -> None:
    """Check a rules folder: exit 0 when valid, else 1 listing `file:line: rule-id: message`."""
    report = check_rules(folder or default_rules(), samples=samples)
    if report.problems:
        for p in report.problems:
            print(p)
        print(f"{len(report.problems)} problem(s) found.", file=sys.stderr)
        raise typer.Exit(1)
    policy = report.policy
    assert policy is not None
    print(
        f"{len(policy.rules)} rules in {len({r.file for r in policy.rules})} files are valid "
        f"(version {policy.version}); engine agreed with the plain reading on "
        f"{report.trial_answer_sets} random answer sets."
    )


UrlOption = Annotated[
    str | None,
    typer.Option("--url", help="SQLAlchemy URL (default: $FORMADVISOR_DATABASE_URL or var/)."),
]


@db_app.command("upgrade")
def db_upgrade(url: UrlOption = None) -> None:
    """Create or upgrade the assessments database to the newest schema (serve does it too)."""
    from sqlalchemy.exc import SQLAlchemyError

    from formadvisor.store import Store

    try:
        store = Store(url or Settings().database_url)
        print(f"The database is at revision {store.revision()}.")
        store.close()
    except SQLAlchemyError as e:
        raise _fail([f"cannot upgrade the database: {e.__class__.__name__}: {e}"], 1) from None


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Argument(help="What the change does, in a few words.")],
) -> None:
    """For developers: write a migration for the changes made to the model in store.py."""
    from formadvisor.store import new_revision

    print(f"Wrote {new_revision(message)}: check it, then run the tests.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    rules: RulesOption = None,
) -> None:
    """Serve the web form and the JSON API (settings from `FORMADVISOR_*` variables)."""
    import uvicorn

    from formadvisor.web.app import create_app

    settings = Settings()
    changes = {"host": host, "port": port, "rules": rules}
    settings = settings.model_copy(update={k: v for k, v in changes.items() if v is not None})
    try:
        web_app = create_app(settings)
    except RulesInvalid as e:
        raise _fail([str(p) for p in e.problems], 1) from None
    print(f"formadvisor is serving on http://{settings.host}:{settings.port}/")
    uvicorn.run(
        web_app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        server_header=False,  # no "server: uvicorn" (web/security.py sets the other headers)
    )


FeaturesOption = Annotated[
    Path | None,
    typer.Option("--features", help="Feature files (default: $FORMADVISOR_FEATURES or features/)."),
]


def _coverage(rules: Path, features: Path, as_of: dt.date | None = None) -> tuple[Coverage, Policy]:
    try:
        policy = load_policy(rules)
    except RulesInvalid as e:
        raise _fail([str(p) for p in e.problems], 1) from None
    try:
        run = run_features(rules, features, as_of=as_of)
    except FeaturesUnavailable as e:
        raise _fail([str(e)], 1) from None
    return coverage_of(policy, run.scenarios), policy


@rules_app.command("coverage")
def rules_coverage(
    rules: RulesOption = None,
    features: FeaturesOption = None,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Also write the coverage as JSON to FILE.")
    ] = None,
) -> None:
    """Run the scenarios; print each rule with the scenarios that fire it.

    Exit 1 when a rule is fired by no scenario (listing them) or a scenario fails.
    """
    coverage, _ = _coverage(rules or default_rules(), features or default_features())
    for line in report_lines(coverage):
        print(line)
    if json_file:
        json_file.write_text(coverage.model_dump_json(indent=2))
    if not coverage.complete:
        raise _fail(problem_lines(coverage), 1)


@rules_app.command("reference")
def rules_reference(
    rules: RulesOption = None,
    features: FeaturesOption = None,
    out: Annotated[
        Path, typer.Option("--out", help="Where to write the Markdown reference.")
    ] = REPO / "docs" / "rules-reference.md",
) -> None:
    """Write the rules reference (Markdown): every rule, its sources and its scenarios."""
    as_of = scenario_day()
    coverage, policy = _coverage(rules or default_rules(), features or default_features(), as_of)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(policy, coverage, as_of))
    print(f"Wrote {out} ({len(coverage.rules)} rules, {coverage.scenarios} scenarios).")


if __name__ == "__main__":  # pragma: no cover
    app()
