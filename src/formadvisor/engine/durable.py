"""Evaluate answer sets on durable_rules, in isolation, with a trace.

durable_rules is only safe inside a narrow pattern (engine-notes §0, §7), all of it here:
no Host and so no background threads (the rulesets are built with the C call itself); one
process-wide lock, so one live session at a time; every session deleted in `finally`; the C
batch assert followed by durable's own agenda (`start_action_for_state` then
`complete_and_start_action`, what `Ruleset.do_actions` runs, without the Python layer that
swallows an action's errors); a sentinel rule that fires in every session; a new ruleset name
for every compile, freed on close.

Speed (issue 6, bench/engine.py): no Closure, Promise, state update or timestamp per fired
rule, only the two C calls and one `json.loads`; the JSON of each fact made once per
(answer, value), since the session id is always the same (one live session per ruleset, under
the lock). Keeping one long-lived session and retracting the facts instead of deleting it was
measured too: it is faster, but `retract_facts` segfaulted on random rule sets (2 runs in 3 of
tests/test_engine.py's agreement test), so sessions are created and deleted as engine-notes says.

Incremental (issue 15): each engine keeps durable's own output per stratum under the values of
the facts that stratum's patterns read (`engine/memo.py`), so a what-if alternative, which
changes one answer, opens sessions only for the strata that read it. Bounded; cleared on close.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Iterable, Mapping

import durable_rules_engine

from formadvisor.engine.compiler import (
    SENTINEL,
    CompiledPolicy,
    compile_policy,
    fact_id,
    sentinel_id,
    single_valued,
)
from formadvisor.engine.memo import StratumMemo, memo_enabled
from formadvisor.engine.reading import Facts
from formadvisor.rules.policy import Policy, Scope

_LOCK = threading.RLock()  # durable's C state is process-global and not thread-safe
_NAMES = itertools.count(1)
_SID = "1"  # one live session per ruleset at a time (under _LOCK), deleted after each use
_CACHED_FACTS = 100_000  # answers are bounded, but numbers may take many values


class EngineError(RuntimeError):
    """durable_rules failed during an evaluation; never swallowed."""


class _Stratum:
    """One stratum's C ruleset and the JSON of its sentinel facts (one per 200 rules)."""

    __slots__ = ("handle", "reads", "sentinels")

    def __init__(self, handle: int, sentinels: int, reads: tuple[str, ...]):
        self.handle = handle
        self.reads = reads  # the references its patterns test, in a fixed order
        self.sentinels = ",".join(
            json.dumps({"sid": _SID, "id": sentinel_id(g), SENTINEL: g})
            for g in range(1, sentinels + 1)
        )


class DurableEngine:
    """One compiled policy on durable_rules: `fire` one stratum over one set of facts."""

    def __init__(
        self, policy: Policy, compiled: CompiledPolicy | None = None, memo: bool | None = None
    ):
        self.policy = policy
        compiled = compiled or compile_policy(policy)
        self._meta = compiled.meta
        # durable's output per stratum for identical inputs (engine/memo.py); None: off
        self.memo = (
            StratumMemo({key: _reads(d) for key, d in compiled.definitions.items()})
            if (memo_enabled() if memo is None else memo)
            else None
        )
        self._single = {ref: single_valued(policy, ref) for ref in policy.refs}
        self._facts: dict[tuple, str] = {}  # (ref, value, type) → the fact's JSON
        self._strata: dict[tuple[Scope, int], _Stratum] = {}
        self._actions: dict[str, Callable] = {}
        self._closed = False
        with _LOCK:
            serial = next(_NAMES)
            try:
                for (scope, level), definition in compiled.definitions.items():
                    name = f"formadvisor_{policy.version}_{serial}_{scope}_{level}"
                    for rule_name in definition:
                        self._actions[rule_name] = self._action(rule_name)
                    handle = durable_rules_engine.create_ruleset(
                        name, json.dumps(definition, ensure_ascii=False)
                    )
                    sentinels = compiled.sentinels[(scope, level)]
                    reads = tuple(sorted(_reads(definition)))
                    self._strata[(scope, level)] = _Stratum(handle, sentinels, reads)
            except BaseException:
                self._free()
                raise

    def _action(self, rule_name: str) -> Callable[[dict, list], None]:
        """What runs when durable fires `rule_name`: record the rule and the values it bound."""
        if rule_name == SENTINEL:
            return lambda _message, _fired: None
        meta = self._meta[rule_name]
        rule_id, aliases = meta.rule_id, tuple(meta.aliases.items())

        def action(message: dict, fired: list) -> None:
            fired.append((rule_id, {ref: (message[a]["v"],) for a, ref in aliases if a in message}))

        return action

    def _fact(self, ref: str, value: object) -> str:
        key = (ref, value, type(value))  # True == 1, but they are different answers
        made = self._facts.get(key)
        if made is None:
            fid = fact_id(ref, value, self._single.get(ref, True))
            made = json.dumps({"sid": _SID, "id": fid, "q": ref, "v": value})
            if len(self._facts) < _CACHED_FACTS:
                self._facts[key] = made
        return made

    def fire(
        self, scope: Scope, level: int, facts: Facts
    ) -> Iterable[tuple[str, Mapping[str, tuple]]]:
        """The rules of one stratum that hold for `facts`, each with the values it bound."""
        stratum = self._strata.get((scope, level))
        if stratum is None:
            if self._closed:
                raise EngineError("this engine was closed")
            return []
        if self.memo is not None:
            return self.memo.through(scope, level, facts, lambda: self._session(stratum, facts))
        return self._session(stratum, facts)

    def _session(self, stratum: _Stratum, facts: Facts) -> list[tuple[str, dict]]:
        """One fresh durable session of one stratum over the facts its patterns test (no
        other fact can match one of them)."""
        get = facts.get
        fact = self._fact
        batch = [fact(ref, v) for ref in stratum.reads for v in get(ref, ())]
        with _LOCK:
            if self._closed:
                raise EngineError("this engine was closed")
            fired: list[tuple[str, dict]] = []
            try:
                self._run(stratum, batch, fired)
            finally:
                durable_rules_engine.delete_state(stratum.handle, _SID)
        return _merge(fired)

    def _run(self, stratum: _Stratum, batch: list[str], fired: list) -> None:
        handle = stratum.handle
        # The sentinels last: every join starts with one, so none completes before all facts
        # are in (durable does not retract an activation a later `$not` fact defeats).
        batch.append(stratum.sentinels)
        code, offset = durable_rules_engine.assert_facts(handle, f"[{','.join(batch)}]")
        if code == 2:
            raise EngineError("a fact was asserted twice in one session")
        actions = self._actions
        result = durable_rules_engine.start_action_for_state(handle, offset)
        messages = result[1] if result else None
        while messages:
            ((rule_name, message),) = json.loads(messages).items()
            try:
                actions[rule_name](message, fired)
            except Exception as error:
                durable_rules_engine.abandon_action(handle, offset)
                raise EngineError(f"a rule action failed: {error}") from error
            messages = durable_rules_engine.complete_and_start_action(handle, offset)

    def close(self) -> None:
        """Free the C rulesets; the engine cannot be used afterwards."""
        with _LOCK:
            if self._closed:
                return
            self._closed = True
            if self.memo is not None:
                self.memo.clear()  # dropped with its rulesets
            self._free()

    def _free(self) -> None:
        for stratum in self._strata.values():  # no session outlives `fire` (upstream #136)
            durable_rules_engine.delete_ruleset(stratum.handle)


def _reads(definition: dict[str, dict]) -> set[str]:
    """The references the patterns of one stratum's durable rules test (not the sentinels)."""
    refs = set()
    for rule in definition.values():
        for pattern in rule["all"]:
            body = next(iter(pattern.values()))
            ref = body["q"] if "q" in body else body.get("$and", [{}])[0].get("q")
            if ref is not None:
                refs.add(ref)
    return refs


def _merge(activations: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """One entry per rule: a rule may hold through several alternatives or several values."""
    merged: dict[str, dict[str, set]] = {}
    for rule_id, values in activations:
        bucket = merged.setdefault(rule_id, {})
        for ref, vals in values.items():
            bucket.setdefault(ref, set()).update(vals)
    return [
        (rule_id, {ref: tuple(sorted(v, key=repr)) for ref, v in sorted(values.items())})
        for rule_id, values in merged.items()
    ]
