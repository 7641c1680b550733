"""The same rules as one GoRules JDM decision table per stratum, for the zen-engine comparison.

Bench-only. Built from the compiler's normal form (`to_dnf` of each rule's effective condition,
as durable gets it): one row per conjunct, one input column per answer, hit policy `collect`,
output the rule id. Every answer is passed as a list of its values (a list answer has several,
an unanswered question none), so each cell is an expression over `$`, the column's list.
`ZenBackend.fire` has the `plan.Backend` protocol: the same `plan.evaluate` runs on it, and the
benchmark checks that it fires exactly the rules the plain reading does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import zen

from formadvisor.engine.compiler import single_valued
from formadvisor.engine.reading import Facts
from formadvisor.rules.conditions import Literal_, to_dnf
from formadvisor.rules.policy import Policy, Scope, effective_condition


def _value(v: object) -> str:
    return json.dumps(v)


def _cell(literals: list[Literal_]) -> str:
    tests = []
    for lit in literals:
        kind, *args = lit.test
        if kind == "any":
            test = "len($) > 0"
        elif kind == "eq":
            test = f"contains($, {_value(args[0])})"
        elif kind == "in":
            test = f"some($, # in [{', '.join(_value(x) for x in args[0])}])"
        else:
            op = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}[kind]
            test = f"some($, # {op} {_value(args[0])})"
        tests.append(test if lit.positive else f"not({test})")
    return " and ".join(tests)


def decision_tables(policy: Policy) -> dict[tuple[Scope, int], tuple[str, dict[str, str]]]:
    """Per stratum: the JDM document and the column field of each answer it reads."""
    list_refs = frozenset(r for r in policy.refs if not single_valued(policy, r))
    strata: dict[tuple[Scope, int], list] = {}
    for pr in policy.rules:
        conjuncts = to_dnf(effective_condition(pr, policy), list_refs)
        strata.setdefault((pr.scope, pr.level), []).extend((pr.rule.id, c) for c in conjuncts)
    out = {}
    for key, rows in strata.items():
        refs = sorted({lit.ref for _, conj in rows for lit in conj})
        field = {ref: f"f{i}" for i, ref in enumerate(refs)}
        table_rows = []
        for n, (rule_id, conj) in enumerate(rows):
            row = {"_id": f"r{n}", "o0": _value(rule_id)}
            for ref in refs:
                row[f"i{field[ref][1:]}"] = _cell([lit for lit in conj if lit.ref == ref])
            table_rows.append(row)
        inputs = [{"id": f"i{field[r][1:]}", "name": r, "field": field[r]} for r in refs]
        document = {
            "nodes": [
                {"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}},
                {
                    "id": "table",
                    "type": "decisionTableNode",
                    "name": "rules",
                    "position": {"x": 0, "y": 0},
                    "content": {
                        "hitPolicy": "collect",
                        "inputs": inputs,
                        "outputs": [{"id": "o0", "name": "rule", "field": "rule"}],
                        "rules": table_rows,
                    },
                },
                {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 0, "y": 0}},
            ],
            "edges": [
                {"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
                {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"},
            ],
        }
        out[key] = (json.dumps(document), field)
    return out


class ZenBackend:
    """zen-engine as a `plan.Backend`: one decision per stratum, evaluated on the facts."""

    def __init__(self, policy: Policy):
        engine = zen.ZenEngine()
        self._decisions = {
            key: (engine.create_decision(document), field)
            for key, (document, field) in decision_tables(policy).items()
        }

    def fire(self, scope: Scope, level: int, facts: Facts) -> Iterable[tuple[str, dict]]:
        found = self._decisions.get((scope, level))
        if found is None:
            return []
        decision, field = found
        result = decision.evaluate({f: list(facts.get(ref, ())) for ref, f in field.items()})
        return [(rule_id, {}) for rule_id in dict.fromkeys(r["rule"] for r in result["result"])]

    def close(self) -> None:
        pass
