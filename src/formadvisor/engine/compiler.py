"""Compile a checked policy into durable_rules rulesets that stay inside the safe pattern.

Only these shapes are emitted (engine-notes §0, §5, §7): one fact per answer value
`{"id", "q", "v"}`; patterns that test `q` and `v` against constants (no references between
facts, no arithmetic, no `$neq`, no `$in`); `$not` patterns for absence, with a sentinel fact so
that every session fires at least one action; `dist: 0` so one fact may satisfy several tests.
Limits that would crash or hang the C engine are checked here, before any ruleset is built.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from formadvisor.rules.conditions import Literal_, dnf_size, to_dnf
from formadvisor.rules.contract import AS_OF, SERVICE_COUNT
from formadvisor.rules.loading import Problem, RulesInvalid
from formadvisor.rules.policy import Policy, Scope, effective_condition

SENTINEL = "__session__"
MAX_RULES_PER_RULESET = 4000  # MAX_ACTIONS is 4096
MAX_LITERALS = 14  # 16 patterns per join (MAX_MESSAGE_FRAMES) with the sentinel
MAX_DISJUNCTS = 32  # an `any` that grows past this is better split into rules
MAX_TESTS_PER_REF = 60  # 64 alpha nodes pending per fact → error 303, heap corruption
MAX_RULES_PER_TEST = 250  # 256 rules sharing one alpha test → error 108
RULES_PER_SENTINEL = 200  # every join starts with a sentinel test: one sentinel per 200 rules
MAX_REFS = 400  # 512 children under one alpha node → create_ruleset never returns
FACT_PROPERTIES = ("id", "sid", "q", "v", SENTINEL)


@dataclass(frozen=True)
class DurableRule:
    """What the action of one durable rule needs to record its firing."""

    rule_id: str
    aliases: dict[str, str]  # pattern alias → reference it binds


@dataclass
class CompiledPolicy:
    """The durable definitions of each stratum, keyed by (scope, level)."""

    definitions: dict[tuple[Scope, int], dict[str, dict]] = field(default_factory=dict)
    meta: dict[str, DurableRule] = field(default_factory=dict)
    sentinels: dict[tuple[Scope, int], int] = field(default_factory=dict)  # how many, 1 …


def sentinel_id(group: int) -> str:
    """The id of sentinel fact `group` (1, 2, …); the first keeps the plain name."""
    return SENTINEL if group == 1 else f"{SENTINEL}{group}"


def fnv1_32(text: str) -> int:
    """FNV-1 (32-bit), the hash durable_rules looks ids and names up by (engine-notes §1.4)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = (h * 0x01000193) & 0xFFFFFFFF
        h ^= byte
    return h


def fact_id(ref: str, value: object, single: bool) -> str:
    return ref if single else f"{ref}={json.dumps(value)}"


def single_valued(policy: Policy, ref: str) -> bool:
    """Numbers are one fact per answer; everything else is one fact per value."""
    if ref in (AS_OF, SERVICE_COUNT):
        return True
    info = policy.refs.get(ref)
    return info is not None and info.type == "integer" and not info.derived


def compile_policy(policy: Policy) -> CompiledPolicy:
    """Build every stratum's definition, or raise `RulesInvalid` naming each rule at fault."""
    problems: list[Problem] = []
    out = CompiledPolicy()
    list_refs = frozenset(r for r in policy.refs if not single_valued(policy, r))
    for pr in policy.rules:
        where = (pr.file, pr.line, pr.rule.id)
        condition = effective_condition(pr, policy)
        size = dnf_size(condition)  # counted first: building a million alternatives hangs
        if size > MAX_DISJUNCTS:
            shown = f"{size}" if size < 10**6 else "more than a million"
            problems.append(
                Problem(
                    *where,
                    f"the condition has {shown} alternatives "
                    f"(at most {MAX_DISJUNCTS}); split it into several rules",
                )
            )
            continue
        conjuncts = to_dnf(condition, list_refs)
        definition = out.definitions.setdefault((pr.scope, pr.level), {})
        for k, conj in enumerate(conjuncts):
            if len(conj) > MAX_LITERALS:
                problems.append(
                    Problem(
                        *where,
                        f"a combination of {len(conj)} conditions "
                        f"(at most {MAX_LITERALS}); split the rule",
                    )
                )
                break
            name = f"{pr.rule.id}#{k}"
            group = 1 + len(definition) // RULES_PER_SENTINEL
            definition[name], aliases = _durable_rule(conj, group)
            out.meta[name] = DurableRule(pr.rule.id, aliases)
    for (scope, level), definition in out.definitions.items():
        problems += _limit_problems(policy, scope, level, definition)
        out.sentinels[(scope, level)] = 1 + (len(definition) - 1) // RULES_PER_SENTINEL
        definition[SENTINEL] = {"all": [{"m": {SENTINEL: 1}}]}
    problems += _collision_problems(policy)
    if problems:
        raise RulesInvalid(problems)
    return out


def _durable_rule(conj: tuple[Literal_, ...], group: int) -> tuple[dict, dict[str, str]]:
    """Every rule starts with the sentinel of its group, which is asserted last.

    At most 256 rules may share one alpha test (error 108 from `create_ruleset`), so every
    200 rules of a stratum have their own sentinel value; all are asserted at the end.

    durable does not cancel an activation when a later fact of the same batch matches a `$not`
    pattern, so a join must not complete before every fact is in: the sentinel fact, last in
    the batch, completes it. Positive patterns come before negative ones for the same reason.
    """
    patterns: list[dict] = [{"s": {SENTINEL: group}}]
    aliases = {}
    ordered = sorted(conj, key=lambda lit: not lit.positive)
    for k, lit in enumerate(ordered):
        alias = f"c{k}"
        if lit.positive:
            aliases[alias] = lit.ref
            patterns.append({alias: _pattern(lit)})
        else:
            patterns.append({f"{alias}$not": _pattern(lit)})
    return {"all": patterns, "dist": 0}, aliases


def _pattern(lit: Literal_) -> dict:
    kind, *args = lit.test
    if kind == "any":
        return {"q": lit.ref}
    if kind == "eq":
        test: dict = {"v": args[0]}
    elif kind == "in":
        test = {"$or": [{"v": x} for x in args[0]]}
    else:
        test = {f"${kind}": {"v": args[0]}}
    return {"$and": [{"q": lit.ref}, test]}


def _limit_problems(policy: Policy, scope: Scope, level: int, definition: dict) -> list[Problem]:
    problems = []
    where = f"{scope} rules, level {level}"
    first = {pr.rule.id: (pr.file, pr.line) for pr in policy.rules}
    if len(definition) > MAX_RULES_PER_RULESET:
        pr = next(p for p in policy.rules if p.scope == scope and p.level == level)
        problems.append(
            Problem(
                pr.file,
                pr.line,
                "",
                f"{where}: more than {MAX_RULES_PER_RULESET} rule combinations",
            )
        )
    tests_per_ref: dict[str, set] = defaultdict(set)
    rules_per_test: Counter = Counter()
    owner: dict[str, str] = {}
    for name, rule in definition.items():
        for pattern in rule["all"]:
            body = next(iter(pattern.values()))
            ref = body.get("q") if "q" in body else body.get("$and", [{}])[0].get("q")
            if ref is None:
                continue
            key = json.dumps(body, sort_keys=True)
            tests_per_ref[ref].add(key)
            rules_per_test[key] += 1
            owner.setdefault(key, name.split("#")[0])
            owner.setdefault(ref, name.split("#")[0])
    if len(tests_per_ref) > MAX_REFS:
        problems.append(Problem("rules", 1, "", f"{where}: more than {MAX_REFS} answers tested"))
    for ref, tests in tests_per_ref.items():
        if len(tests) > MAX_TESTS_PER_REF:
            file, line = first[owner[ref]]
            problems.append(
                Problem(
                    file,
                    line,
                    owner[ref],
                    f"{ref} is tested {len(tests)} different ways (at most {MAX_TESTS_PER_REF})",
                )
            )
    for key, count in rules_per_test.items():
        if count > MAX_RULES_PER_TEST:
            file, line = first[owner[key]]
            problems.append(
                Problem(
                    file,
                    line,
                    owner[key],
                    f"{count} rules share one test (at most {MAX_RULES_PER_TEST})",
                )
            )
    return problems


def _collision_problems(policy: Policy) -> list[Problem]:
    """Fact ids that share an FNV-1 hash would be taken for one another (upstream #376)."""
    ids = [*(sentinel_id(g) for g in range(1, MAX_RULES_PER_RULESET // RULES_PER_SENTINEL + 2))]
    ids += FACT_PROPERTIES
    for ref, info in policy.refs.items():
        if single_valued(policy, ref):
            ids.append(ref)
        else:
            values = info.values or (True, False)
            ids += [fact_id(ref, v, False) for v in values]
    ids.append(AS_OF)
    seen: dict[int, str] = {}
    problems = []
    for i in dict.fromkeys(ids):
        h = fnv1_32(i)
        if h in seen and seen[h] != i:
            problems.append(
                Problem(
                    "rules",
                    1,
                    "",
                    f"ids '{seen[h]}' and '{i}' collide in durable_rules' hash; rename one",
                )
            )
        seen[h] = i
    return problems
