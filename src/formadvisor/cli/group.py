"""`formadvisor group FILE`: a group's answers in one file, the group's view out.

The file (YAML or JSON) holds the organiser's facts and each practice's answers of opinion:

    group_name: South Powys cluster
    shared: {nation: wales, services: [...], ...}
    practices:
      - name: Brecon
        answers: {profit_intent: reinvest, services_joined: [...], ...}
      - name: Hay            # no answers yet

It prints where the practices agree, which splits change the recommendation (first), the
recommendation for the group and for each practice, or with `--json` the API's GET body.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.groups import (
    GroupView,
    PracticeAnswers,
    QuestionView,
    ServiceJoin,
    analyse,
    check_practice,
    check_shared,
)
from formadvisor.cli.options import (
    AsOfOption,
    LangOption,
    RulesOption,
    fail,
    load_advisor,
    read_answers,
)
from formadvisor.rules.loading import dotted
from formadvisor.rules.policy import Policy


def group(
    file: Annotated[
        Path, typer.Argument(help="A group file: the facts and each practice's answers.")
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the group's view as JSON.")
    ] = False,
    as_of: AsOfOption = None,
    rules: RulesOption = None,
    lang: LangOption = "en",
) -> None:
    """Where a group's practices agree, and which splits change the recommendation.

    Exit 0 with the view; 2 when the file or its answers are invalid (one line per problem);
    1 when the rules are broken.
    """
    data = read_answers(file)
    advisor = load_advisor(rules)
    speaking = advisor.language(lang)
    try:
        name, shared, practices = _read(speaking, data)
        day = as_of.date() if as_of else None
        view = analyse(speaking, shared, practices, day, group_name=name)
    except AnswersInvalid as e:
        raise fail([f"{file}: {p}" for p in e.problems], 2) from None
    finally:
        advisor.close()
    if json_out:
        print(view.to_json())
    else:
        print_group(Console(), speaking.policy, view)


def _read(advisor: Advisor, data: object) -> tuple[str | None, dict, list[PracticeAnswers]]:
    """The group file's name, facts and practices, each checked (AnswersInvalid names where)."""
    if not isinstance(data, Mapping):
        raise AnswersInvalid(["the file must hold group_name, shared and practices"])
    unknown = sorted(set(data) - {"group_name", "shared", "practices"})
    if unknown:
        raise AnswersInvalid(
            [f"{k}: not part of a group file (group_name, shared, practices)" for k in unknown]
        )
    listed = data.get("practices")
    if not isinstance(listed, list) or not listed:
        raise AnswersInvalid(["practices: a list of the practices, each with a name"])
    try:
        shared = check_shared(advisor, data.get("shared", {}), len(listed))
    except AnswersInvalid as e:
        raise AnswersInvalid([_at(("shared",), p) for p in e.items]) from None
    problems: list[str] = []
    practices: list[PracticeAnswers] = []
    for i, entry in enumerate(listed):
        where = ("practices", i)
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            problems.append(f"{dotted(where)}: give each practice a name")
            continue
        extra = sorted(set(entry) - {"name", "answers"})
        problems += [
            f"{dotted((*where, k))}: not part of a practice (name, answers)" for k in extra
        ]
        answers = entry.get("answers")
        if answers is not None:
            try:
                answers = check_practice(advisor, shared, answers)
            except AnswersInvalid as e:
                problems += [_at((*where, "answers"), p) for p in e.items]
        practices.append(PracticeAnswers(name=entry["name"], answers=answers))
    names = [p.name for p in practices]
    if len(set(names)) != len(names):
        problems.append("practices: two practices have the same name")
    if problems:
        raise AnswersInvalid(problems)
    name = data.get("group_name")
    return (name if isinstance(name, str) else None), shared, practices


def _at(where: tuple, problem) -> str:
    return f"{dotted((*where, *problem.loc))}: {problem.message}"


def print_group(console: Console, policy: Policy, view: GroupView) -> None:
    """The group's view in words: splits that matter first."""
    words = policy.groups
    assert words is not None  # analyse needs groups.yaml too
    h = words.headings

    def say(text: str, indent: int = 0) -> None:
        console.print(" " * indent + escape(text))

    def label(option: str | None) -> str:
        return policy.option(option).label if option else words.no_route

    if view.group_name:
        console.print(f"[bold]{escape(view.group_name)}[/]")
    say(view.said_answered)
    for name in view.not_answered:
        say(words.not_answered.format(name=name), 2)
    console.print(f"\n[bold]{escape(h.recommendation)}[/]")
    rec = view.recommendation
    if rec is None:
        for problem in view.problems:
            say(problem, 2)
    else:
        if rec.summary:
            say(rec.summary.headline, 2)
        say(words.form.format(form=label(rec.organisational_form.recommended)), 2)
        for s in rec.services:
            say(words.route.format(service=s.name, route=label(s.contract_route.recommended)), 2)
    asked = [q for q in view.questions if q.asked]
    joins = [j for j in view.services if j.changes_recommendation]
    for heading, questions, matter in (
        (h.splits_that_matter, [q for q in asked if q.changes_recommendation], joins),
        (h.other_splits, [q for q in asked if not q.agreed and not q.changes_recommendation], []),
        (h.agreed, [q for q in asked if q.agreed], []),
        (h.not_asked, [q for q in view.questions if not q.asked], []),
    ):
        if questions or matter:
            console.print(f"\n[bold]{escape(heading)}[/]")
            for q in questions:
                _question(console, words, q, say)
            for join in matter:
                console.print(
                    f"  [underline]{escape(words.joining.format(service=join.service))}[/]"
                )
                _join(words, join, say, 4)
    if view.services:
        console.print(f"\n[bold]{escape(h.services)}[/]")
        for join in view.services:
            _join(words, join, say, 2)
    console.print(f"\n[bold]{escape(h.by_practice)}[/]")
    for p in view.by_practice:
        if not p.answered:
            say(words.not_answered.format(name=p.name), 2)
        elif p.problems:
            for problem in p.problems:
                say(problem, 2)
        else:
            say(words.practice_own.format(name=p.name, form=label(p.recommended)), 2)
            for service, route in p.services.items():
                say(words.route.format(service=service, route=label(route)), 4)
    if view.said_committed:
        console.print(f"\n[bold]{escape(h.commitment)}[/]")
        say(view.said_committed, 2)
        w = view.without_uncommitted
        if w is not None:
            say(w.said, 2)
            for change in w.changes:
                say(change, 4)
    console.print(f"\n[bold]{escape(h.rule)}[/]")
    for sentence in view.rule:
        say(f"- {sentence}", 2)


def _join(words, join: ServiceJoin, say, indent: int) -> None:
    """A service: who would join it and, for a split, what running it the other way does."""
    say(join.said, indent)
    alt = join.alternative
    if alt is not None and join.said_matters and join.said_alternative:
        say(join.said_matters, indent + 2)
        changes = " ".join(alt.changes) if alt.changes else words.no_change
        say(f"{join.said_alternative} {changes}", indent + 4)


def _question(console: Console, words, q: QuestionView, say) -> None:
    console.print(f"  [underline]{escape(q.short or q.text)}[/]")
    say(q.said, 4)
    for c in q.counts:
        practices = ", ".join(c.practices)
        say(words.count.format(answer=c.label, count=c.count, practices=practices), 6)
    if q.said_matters:
        say(q.said_matters, 4)
    for alt in q.alternatives:
        said = words.if_answer.format(answer=alt.label, practices=", ".join(alt.practices))
        say(f"{said} {' '.join(alt.changes) if alt.changes else words.no_change}", 6)
