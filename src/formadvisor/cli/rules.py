"""`formadvisor rules ...`: check, explain, coverage, reference and diff a rules folder."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from formadvisor.authoring.coverage import (
    Coverage,
    FeaturesUnavailable,
    coverage_of,
    problem_lines,
    report_lines,
    run_features,
    scenario_day,
)
from formadvisor.authoring.reference import render
from formadvisor.cli.options import (
    AsOfOption,
    FeaturesOption,
    RulesOption,
    UrlOption,
    default_features,
    default_rules,
    fail,
)
from formadvisor.rules.checks import load_policy
from formadvisor.rules.loading import RulesInvalid
from formadvisor.rules.policy import Policy
from formadvisor.rules.translation import ENGLISH, LANGUAGES
from formadvisor.settings import Settings, default_examples, default_reference

rules_app = typer.Typer(help="Work with the rules folder.", no_args_is_help=True)


@rules_app.command("check")
def rules_check(
    folder: Annotated[Path | None, typer.Argument(help="Rules folder (default: rules/).")] = None,
    samples: Annotated[
        int,
        typer.Option(help="Answer sets searched for gaps (all of them if the space is smaller)."),
    ] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed of the sampled search.")] = 0,
    as_of: AsOfOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    progress: Annotated[
        bool, typer.Option("--progress", help="Show a progress bar even when not on a terminal.")
    ] = False,
    max_services: Annotated[int, typer.Option(help="Services per searched answer set: 0..N.")] = 2,
    workers: Annotated[int, typer.Option(help="Processes searching the answer space.")] = 2,
) -> None:
    """Check a rules folder: every problem as `file:line: rule-id: message`, then exit 1.

    Loads and cross-checks the files, tries the engine in a child process, lints the rules
    (conditions that never hold, shadowed rules, options never recommended, sources) and
    searches the answer space for answers that leave no form or no route for a service.
    Warnings (`... warning: ...`) fail only with --strict.
    """
    from formadvisor.authoring.check import lint_rules

    day = as_of.date() if as_of else dt.date.today()
    with _search_bar(show=progress or sys.stderr.isatty()) as bar:
        report = lint_rules(
            folder or default_rules(),
            day,
            samples=samples,
            seed=seed,
            max_services=max_services,
            workers=workers,
            tracker=bar,
        )
    for p in report.problems:
        print(p)
    if report.search is not None:
        print(report.search.summary())
    failing = report.failing(strict)
    if failing:
        warnings = sum(p.warning for p in report.problems)
        print(
            f"{len(report.problems) - warnings} error(s), {warnings} warning(s) found.",
            file=sys.stderr,
        )
        raise typer.Exit(1)
    policy = report.policy
    assert policy is not None
    print(
        f"{len(policy.rules)} rules in {len({r.file for r in policy.rules})} files are valid "
        f"(version {policy.version}); engine agreed with the plain reading on "
        f"{report.trial_answer_sets} random answer sets."
    )


@rules_app.command("translate")
def rules_translate(
    folder: Annotated[Path | None, typer.Argument(help="Rules folder (default: rules/).")] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="The language of the translation files (cy: Welsh).")
    ] = "cy",
) -> None:
    """Add an empty entry to each translation file (`X.cy.yaml`) for each text it lacks.

    Existing translations are kept (stale ones too: `rules check` says which to check). Fill in
    the empty ones, then run `rules check`. Exit 1 when the English rules cannot be read, or a
    translation file has problems to fix first.
    """
    from formadvisor.authoring.translating import translate_folder

    if lang not in LANGUAGES or lang == ENGLISH:
        raise fail([f"--lang: one of {', '.join(x for x in LANGUAGES if x != ENGLISH)}"], 2)
    try:
        done = translate_folder(folder or default_rules(), lang)
    except RulesInvalid as e:
        raise fail([str(p) for p in e.problems], 1) from None
    for t in done:
        print(f"{t.name}: left alone: {t.left}" if t.left else f"{t.name}: {t.added} added")
    if not done:
        print("Every translation file has an entry for every text.")
    if any(t.left for t in done):
        raise typer.Exit(1)


@rules_app.command("explain")
def rules_explain(
    rule_id: Annotated[
        str, typer.Argument(help="The rule's id, e.g. pension.wales_apms_for_employed_staff.")
    ],
    rules: RulesOption = None,
    features: FeaturesOption = None,
    coverage_file: Annotated[
        Path | None,
        typer.Option("--coverage", help="Read a saved `rules coverage --json` instead of running."),
    ] = None,
    samples: Annotated[int, typer.Option(help="Answer sets sampled for decisive ones.")] = 3000,
    seed: Annotated[int, typer.Option(help="Seed of the sample.")] = 0,
    as_of: AsOfOption = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the explanation as JSON.")
    ] = False,
) -> None:
    """Explain one rule: what it says, its sources, the scenarios that fire it, and answer
    sets where it decides the recommendation. Exit 2 for an unknown rule id."""
    from formadvisor.authoring.explain import (
        close_matches,
        explain,
        explanation_lines,
        read_coverage,
    )

    folder = rules or default_rules()
    policy = _policy(folder)
    if rule_id not in {pr.rule.id for pr in policy.rules}:
        near = close_matches(policy, rule_id)
        hint = f"; did you mean: {', '.join(near)}?" if near else ""
        raise fail([f"unknown rule '{rule_id}'{hint}"], 2)
    day = as_of.date() if as_of else dt.date.today()
    if coverage_file is not None:
        coverage = read_coverage(coverage_file)
    else:
        coverage = _coverage(policy, folder, features or default_features())
    result = explain(policy, rule_id, coverage, day, samples=samples, seed=seed)
    if json_out:
        print(result.model_dump_json(indent=2))
    else:
        for line in explanation_lines(result):
            print(line)


def _policy(rules: Path) -> Policy:
    """The checked rules in `rules`, or exit 1 listing every problem."""
    try:
        return load_policy(rules)
    except RulesInvalid as e:
        raise fail([str(p) for p in e.problems], 1) from None


def _coverage(
    policy: Policy, rules: Path, features: Path, as_of: dt.date | None = None
) -> Coverage:
    """The scenarios under `features` run against `rules` (already read into `policy`)."""
    try:
        run = run_features(rules, features, as_of=as_of)
    except FeaturesUnavailable as e:
        raise fail([str(e)], 1) from None
    return coverage_of(policy, run.scenarios)


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
    folder = rules or default_rules()
    coverage = _coverage(_policy(folder), folder, features or default_features())
    for line in report_lines(coverage):
        print(line)
    if json_file:
        json_file.write_text(coverage.model_dump_json(indent=2))
    if not coverage.complete:
        raise fail(problem_lines(coverage), 1)


@rules_app.command("reference")
def rules_reference(
    rules: RulesOption = None,
    features: FeaturesOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Where to write the Markdown reference (default: docs/rules-reference.md in a "
            "checkout, else rules-reference.md here).",
        ),
    ] = None,
) -> None:
    """Write the rules reference (Markdown): every rule, its sources and its scenarios."""
    as_of = scenario_day()
    folder = rules or default_rules()
    policy = _policy(folder)
    coverage = _coverage(policy, folder, features or default_features(), as_of)
    out = out or default_reference()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(policy, coverage, as_of))
    print(f"Wrote {out} ({len(coverage.rules)} rules, {coverage.scenarios} scenarios).")


@rules_app.command("diff")
def rules_diff(
    old: Annotated[str, typer.Argument(help="The rules before: a folder or a git revision.")],
    new: Annotated[str, typer.Argument(help="The rules after: a folder or a git revision.")],
    features: FeaturesOption = None,
    scenarios: Annotated[bool, typer.Option(help="Rerun the scenarios in features/.")] = True,
    examples: Annotated[
        Path | None,
        typer.Option(
            "--examples",
            help="A folder of example answers files (default: examples/ in a checkout, else none).",
        ),
    ] = None,
    url: UrlOption = None,
    assessments: Annotated[bool, typer.Option(help="Rerun the saved assessments.")] = True,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="The day both run on (default: today)."),
    ] = None,
    repo: Annotated[
        Path, typer.Option("--repo", help="The git repository revisions are read from.")
    ] = Path("."),
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Also write the diff as JSON to FILE.")
    ] = None,
    fail_on_change: Annotated[
        bool, typer.Option(help="Exit 1 when any answer set's result or any scenario changes.")
    ] = False,
) -> None:
    """Rerun the scenarios, the examples and the saved assessments under OLD and NEW rules.

    OLD and NEW are rules folders or git revisions (`HEAD~1`, `main`, `REV:path/to/rules`).
    Prints Markdown for a pull request: the rules changed, the scenarios and recommendations
    that changed, and the rules that caused each. Exit 2 on bad input.
    """
    from formadvisor.authoring.diff.report import render as render_diff
    from formadvisor.authoring.diff.revisions import RevisionError, rules_at
    from formadvisor.authoring.diff.run import Inputs, SideInvalid
    from formadvisor.authoring.diff.run import rules_diff as run_diff

    features = (features or default_features()) if scenarios else None
    if features is not None and not features.exists():
        raise fail([f"{features}: no such features folder or file"], 2)
    examples = examples or default_examples()
    if examples is not None and not examples.is_dir():
        raise fail([f"{examples}: no such folder of examples"], 2)
    inputs = Inputs(
        as_of=as_of.date() if as_of else dt.date.today(),
        features=features,
        examples=examples,
        database_url=(url or Settings().database_url) if assessments else None,
    )
    stderr = Console(stderr=True)
    try:
        with contextlib.ExitStack() as stack, _progress(stderr) as progress:
            before, after = (stack.enter_context(rules_at(name, repo)) for name in (old, new))
            diff = run_diff(before, after, inputs, progress)
    except RevisionError as e:
        raise fail([str(e)], 2) from None
    except SideInvalid as e:
        raise fail([f"{e}:", *(f"  {p}" for p in e.problems)], 2) from None
    print(render_diff(diff), end="")
    if json_file:
        json_file.write_text(diff.model_dump_json(indent=2, by_alias=True))
    if fail_on_change and diff.impact:
        raise typer.Exit(1)


def _progress(console: Console) -> Progress:
    """A progress bar on stderr, shown only on a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _search_bar(show: bool) -> Progress:
    """The gap search's progress bar on stderr, left in place when done; hidden unless `show`."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not show,
        transient=False,
    )
