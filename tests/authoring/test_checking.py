"""`rules check` survives rules that crash or hang the engine: they become problems."""

from __future__ import annotations

from formadvisor.authoring.check import check_rules, trial_in_child
from tests.support import trial_targets
from tests.support.data import MINIMAL


def test_a_crash_in_the_trial_is_a_problem_not_a_dead_process():
    (problem,) = trial_in_child(MINIMAL, 10, 0, 60, target=trial_targets.abort)
    assert "crashed" in problem.message


def test_a_hang_in_the_trial_is_a_problem_after_the_timeout():
    (problem,) = trial_in_child(MINIMAL, 10, 0, 3, target=trial_targets.hang)
    assert "did not finish" in problem.message


def test_valid_rules_pass_the_trial():
    report = check_rules(MINIMAL, samples=40)
    assert report.problems == []
    assert report.trial_answer_sets == 40
