"""`rules check`: every static problem, a trial run of the rules in a child process, then lint.

`check_rules` loads and tries the rules (what a server needs before serving them);
`lint_rules` adds the lint (`lint`), what is missing or wrong in the translations
(`rules.translated`) and the gap search over the answer space (`gapsearch`).

durable_rules can abort or loop forever (holding the GIL) on rulesets outside its limits, so a
new ruleset is compiled and tried in a spawned child first: a crash or a hang there is a
reported problem, never a dead server. The trial also compares the engine with the plain
reading on random answer sets.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from formadvisor.advice.answers import validate_answers
from formadvisor.engine.compiler import compile_policy
from formadvisor.engine.evaluate import evaluate
from formadvisor.engine.randomised import random_answers
from formadvisor.engine.reading import PlainReading
from formadvisor.rules.checks import language_problems, load_policy, policy_of
from formadvisor.rules.loading import Problem, RawPolicy, RulesInvalid, read_rules_folder
from formadvisor.rules.policy import Policy

if TYPE_CHECKING:
    from formadvisor.authoring.progress import Tracker
    from formadvisor.authoring.search import SearchReport


@dataclass(frozen=True)
class CheckReport:
    policy: Policy | None
    problems: list[Problem]
    trial_answer_sets: int
    raw: RawPolicy | None = None  # the files as read, for the lint's line numbers


def check_rules(
    folder: Path, samples: int = 300, seed: int = 0, timeout: float = 120.0
) -> CheckReport:
    """All problems with a rules folder; an empty list means it is safe to serve."""
    try:
        raw = read_rules_folder(Path(folder))
        policy = policy_of(raw)
        compile_policy(policy)
    except RulesInvalid as e:
        return CheckReport(None, e.problems, 0)
    problems = trial_in_child(Path(folder), samples, seed, timeout)
    return CheckReport(policy, problems, samples if not problems else 0, raw)


@dataclass(frozen=True)
class LintReport:
    policy: Policy | None
    problems: list[Problem]  # errors and warnings, sorted
    trial_answer_sets: int
    search: SearchReport | None

    def failing(self, strict: bool = False) -> list[Problem]:
        """The problems that fail the check: errors, and warnings too when `strict`."""
        return [p for p in self.problems if strict or not p.warning]


def lint_rules(
    folder: Path,
    as_of: dt.date,
    samples: int = 10_000,
    seed: int = 0,
    max_services: int = 2,
    workers: int = 2,
    tracker: Tracker | None = None,
    trial_samples: int = 300,
) -> LintReport:
    """`check_rules`, then the static lint and the gap search (confirmed on durable_rules)."""
    from formadvisor.advice.advisor import Advisor
    from formadvisor.authoring.findings import gap_problems, never_recommended
    from formadvisor.authoring.lint import lint_policy
    from formadvisor.authoring.search import search

    checked = check_rules(folder, samples=trial_samples, seed=seed)
    policy, raw = checked.policy, checked.raw
    if policy is None or raw is None or checked.problems:  # the engine is not safe to run here
        return LintReport(policy, checked.problems, 0, None)
    problems = lint_policy(policy, raw, as_of) + language_problems(raw)
    found = search(policy, as_of, samples, seed, max_services, workers, tracker)
    advisor = Advisor(policy)
    try:
        problems += gap_problems(policy, raw, found, as_of, advisor)
    finally:
        advisor.close()
    static = {(p.file, p.line) for p in problems}
    problems += [p for p in never_recommended(policy, raw, found) if (p.file, p.line) not in static]
    return LintReport(policy, sorted(problems), checked.trial_answer_sets, found)


def trial_in_child(
    folder: Path, samples: int, seed: int, timeout: float, target=None
) -> list[Problem]:
    """Run `target` (the trial) in a spawned child; a crash or a hang becomes a problem."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=target or _trial, args=(str(folder), samples, seed, child), daemon=True
    )
    process.start()
    child.close()
    where = folder.name
    try:
        if not parent.poll(timeout):
            process.kill()
            return [
                Problem(
                    where,
                    1,
                    "",
                    f"the rule engine did not finish a trial within "
                    f"{timeout:.0f} s; the rules are too large for it",
                )
            ]
        result = parent.recv()
    except EOFError:
        process.join(5)
        return [
            Problem(
                where,
                1,
                "",
                f"the rule engine crashed on these rules "
                f"(exit code {process.exitcode}); simplify the newest rules",
            )
        ]
    finally:
        process.join(5)
        if process.is_alive():
            process.kill()
    return [Problem(*p) for p in result]


def _trial(folder: str, samples: int, seed: int, conn) -> None:
    """Child: compile on durable_rules and compare it with the plain reading."""
    from formadvisor.engine.durable import DurableEngine

    policy = load_policy(Path(folder))
    engine, reference = DurableEngine(policy), PlainReading(policy)
    rng = random.Random(seed)
    problems = []
    as_of = dt.date.today()
    for _ in range(samples):
        answers = validate_answers(policy.questionnaire, random_answers(policy.questionnaire, rng))
        got = evaluate(policy, answers, engine, as_of).rule_ids()
        want = evaluate(policy, answers, reference, as_of).rule_ids()
        if got != want:
            diff = sorted({r for _, r in set(got) ^ set(want)})
            pr = next(p for p in policy.rules if p.rule.id == diff[0])
            problems.append(
                (
                    pr.file,
                    pr.line,
                    pr.rule.id,
                    f"the engine and the plain reading disagree on {answers.model_dump_json()}",
                )
            )
            break
    engine.close()
    conn.send(problems)
    conn.close()
