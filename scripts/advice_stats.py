"""How decisive and how sharp the advice is, over the examples and every scenario's answers:
ties, margins, undetermined results and considerations per result, as JSON and a short table.

    .venv/bin/python scripts/advice_stats.py --json stats.json

The examples are `examples/*.yaml`; the scenarios' answer sets are the answers each scenario of
`features/` applied the policy to, as the step library records them (`rules coverage` runs the
same child pytest). Answer sets that several scenarios share are counted once. Each is
recommended by the package's own Advisor on the day its scenario used. The margins are read
from each ranking's scores (leader less the next eligible option), so runs before and after a
change of the decision fields compare like with like.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
from collections import Counter
from pathlib import Path

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.results import Ranking, Recommendation
from formadvisor.authoring.coverage import run_features
from formadvisor.rules.checks import load_policy
from formadvisor.rules.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[1]


def answer_sets(
    rules: Path, features: Path, examples: Path, as_of: dt.date
) -> tuple[list[tuple[str, dict, dt.date]], int]:
    """(name, answers, day) for each example and each distinct scenario answer set, and the
    number of scenarios that applied the policy."""
    out = [(f"example {p.name}", read_yaml(p).data, as_of) for p in sorted(examples.glob("*.yaml"))]
    run = run_features(rules, features, as_of=as_of)
    applied = [r for r in run.scenarios if r.answers is not None]
    seen: set[str] = set()
    for record in applied:
        day = record.as_of or as_of
        key = json.dumps([record.answers, day.isoformat()], sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append((f"scenario {record.title}", record.answers or {}, day))
    return out, len(applied)


def margin_of(ranking: Ranking) -> int | None:
    eligible = [o for o in ranking.ranking if o.eligible]
    return eligible[0].score - eligible[1].score if len(eligible) > 1 else None


def undetermined(ranking: Ranking) -> bool:
    """Nothing argues for the leader: no option recommended though one is eligible, or (before
    the decision said so) a leader with no reason for it."""
    eligible = [o for o in ranking.ranking if o.eligible]
    decision = getattr(ranking.decision, "undetermined", None)
    if decision is not None:
        return bool(decision)
    return bool(eligible) and not any((r.weight or 0) > 0 for r in eligible[0].for_)


def _spread(values: list[int]) -> dict:
    if not values:
        return {"median": None, "max": None, "min": None}
    return {"median": statistics.median(values), "max": max(values), "min": min(values)}


def stats(results: list[tuple[str, Recommendation]], scenarios: int) -> dict:
    kinds: dict[str, list[tuple[str, Ranking]]] = {"form": [], "routes": []}
    for name, rec in results:
        kinds["form"].append((name, rec.organisational_form))
        kinds["routes"] += [(f"{name} / {s.name}", s.contract_route) for s in rec.services]
    out: dict = {
        "results": len(results),
        "examples": sum(n.startswith("example ") for n, _ in results),
        "scenario_answer_sets": sum(n.startswith("scenario ") for n, _ in results),
        "scenarios_applied": scenarios,
    }
    for kind, rankings in kinds.items():
        margins = [m for _, r in rankings if (m := margin_of(r)) is not None]
        ties = [n for n, r in rankings if margin_of(r) == 0 and not undetermined(r)]
        out[kind] = {
            "rankings": len(rankings),
            "ties": len(ties),
            "ties_reported": sum(bool(getattr(r.decision, "tie", False)) for _, r in rankings),
            "undetermined": sum(undetermined(r) for _, r in rankings),
            "margin_le_1": sum(m <= 1 for m in margins),
            "margins": {str(k): v for k, v in sorted(Counter(margins).items())},
            "tied": ties,
        }
    shown = [len(rec.considerations) for _, rec in results]
    full = [
        len(getattr(rec, "considerations_all", None) or rec.considerations) for _, rec in results
    ]
    out["considerations"] = _spread(shown)
    out["considerations_all"] = _spread(full)
    return out


def by_source(results: list[tuple[str, Recommendation]]) -> dict:
    """The headline numbers for the examples (realistic groups) and the scenarios apart."""
    out = {}
    for source in ("example", "scenario"):
        mine = [(n, r) for n, r in results if n.startswith(source + " ")]
        data = stats(mine, 0)
        out[source + "s"] = {
            "results": len(mine),
            **{
                f"{kind}_{k}": data[kind][k]
                for kind in ("form", "routes")
                for k in ("ties", "undetermined", "margin_le_1")
            },
            "considerations": data["considerations"],
        }
    return out


def table(data: dict) -> str:
    lines = [
        f"{data['results']} results ({data['examples']} examples, "
        f"{data['scenario_answer_sets']} distinct scenario answer sets of "
        f"{data['scenarios_applied']} scenarios)",
        f"{'':8} {'rankings':>8} {'ties':>5} {'undet.':>6} {'margin<=1':>9}  margins",
    ]
    for kind in ("form", "routes"):
        k = data[kind]
        margins = " ".join(f"{m}:{n}" for m, n in k["margins"].items())
        lines.append(
            f"{kind:8} {k['rankings']:>8} {k['ties']:>5} {k['undetermined']:>6} "
            f"{k['margin_le_1']:>9}  {margins}"
        )
    c, a = data["considerations"], data["considerations_all"]
    lines.append(f"considerations per result: median {c['median']}, max {c['max']}, min {c['min']}")
    lines.append(f"  (full list: median {a['median']}, max {a['max']}, min {a['min']})")
    for source, b in data.get("by_source", {}).items():
        c = b["considerations"]
        lines.append(
            f"{source}: {b['results']} results; form ties {b['form_ties']}, margin<=1 "
            f"{b['form_margin_le_1']}; route ties {b['routes_ties']}, undetermined "
            f"{b['routes_undetermined']}; considerations median {c['median']}, max {c['max']}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=ROOT / "rules")
    parser.add_argument("--features", type=Path, default=ROOT / "features")
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    parser.add_argument("--as-of", default="2026-12-06", help="the day, where a scenario has none")
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    sets, scenarios = answer_sets(args.rules, args.features, args.examples, as_of)
    advisor = Advisor(load_policy(args.rules))
    try:
        results = [(n, advisor.recommend(a, as_of=d, what_if=False)) for n, a, d in sets]
    finally:
        advisor.close()
    data = stats(results, scenarios)
    data["by_source"] = by_source(results)
    text = json.dumps(data, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(table(data), file=sys.stdout)


if __name__ == "__main__":
    main()
