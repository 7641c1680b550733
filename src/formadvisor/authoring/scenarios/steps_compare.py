"""The step library, part five: the sentence that checks a comparison of two options (what a
row of `formadvisor compare` says for one of them, and that it cites a rule, a plan step or a
source)."""

from __future__ import annotations

import copy

from pytest_bdd import then

from formadvisor.advice.compare import Comparison, compare
from formadvisor.advice.picking import UnknownName
from formadvisor.authoring.coverage import scenario_day
from formadvisor.authoring.scenarios.state import Mismatch, ScenarioState, sentence
from formadvisor.authoring.scenarios.words import WordingError, did_you_mean


def show_cell(c: Comparison, row: str, option: str) -> str:
    cell = next(r for r in c.rows if r.topic == row).cells[c.options.index(option)]
    cited = ", ".join((*cell.rules, *cell.sources)) or "nothing"
    return f"the row {row} for {option} cites {cited}: {cell.text}"


@then(sentence("comparing {a} with {b} the row {row} for {option} cites {cited}"))
def comparison_cites(state: ScenarioState, a: str, b: str, row: str, option: str, cited: str):
    state.applied()
    answers = state.advisor.validate(copy.deepcopy(state.answers))
    try:  # two routes: the scenario's one service
        c = compare(state.advisor, answers, a, b, None, state.as_of or scenario_day())
    except UnknownName as e:
        raise WordingError(f"cannot compare {a} with {b}: {e.message}") from None
    rows = [r.topic for r in c.rows]
    if row not in rows:
        raise WordingError(f"there is no comparison row '{row}'{did_you_mean(row, rows)}")
    if option not in (a, b):
        raise WordingError(f"'{option}' is neither '{a}' nor '{b}'")
    cell = c.rows[rows.index(row)].cells[c.options.index(option)]
    if cited not in (*cell.rules, *cell.sources):
        raise Mismatch(f"the row {row} for {option} cites {cited}", show_cell(c, row, option))
