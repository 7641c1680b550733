"""Evaluate answer sets on durable_rules, in isolation, with a trace.

durable_rules is only safe inside a narrow pattern (engine-notes §0, §7), all of it here:
a Host without background threads; one process-wide lock, so one live session at a time;
a fresh session id per stratum, deleted in `finally`; the C batch assert followed by the
agenda (the Python batch call silently drops it); errors raised in actions, which durable
swallows, checked after every session; a new ruleset name for every compile, freed on close.
"""

from __future__ import annotations

import itertools
import json
import threading
import uuid
from collections.abc import Iterable

import durable_rules_engine
from durable import engine as durable_engine

from formadvisor.answers import Facts
from formadvisor.compiler import SENTINEL, CompiledPolicy, compile_policy, fact_id, single_valued
from formadvisor.models import Policy, Scope

_LOCK = threading.RLock()  # durable's C state is process-global and not thread-safe
_NAMES = itertools.count(1)


class EngineError(RuntimeError):
    """durable_rules failed during an evaluation; never swallowed."""


class _QuietHost(durable_engine.Host):
    """A Host without the dispatch and timer threads that crash under load (engine-notes §3)."""

    def _run(self) -> None:
        pass


class DurableEngine:
    """One compiled policy on durable_rules: `fire` one stratum over one set of facts."""

    def __init__(self, policy: Policy, compiled: CompiledPolicy | None = None):
        self.policy = policy
        compiled = compiled or compile_policy(policy)
        self._meta = compiled.meta
        self._fired: dict[str, list[tuple[str, dict]]] = {}
        self._errors: dict[str, Exception] = {}
        self._single = {ref: single_valued(policy, ref) for ref in policy.refs}
        definitions = {}
        self._names: dict[tuple[Scope, int], str] = {}
        with _LOCK:
            serial = next(_NAMES)
            for (scope, level), definition in compiled.definitions.items():
                name = f"formadvisor_{policy.version}_{serial}_{scope}_{level}"
                self._names[(scope, level)] = name
                rules = json.loads(json.dumps(definition))  # durable deletes 'run' from its input
                for rule_name, rule in rules.items():
                    rule["run"] = self._guarded(self._action(rule_name))
                definitions[name] = rules
            self._host = _QuietHost()
            self._host.register_rulesets(definitions)
            self._rulesets = {key: self._host.get_ruleset(n) for key, n in self._names.items()}
        self._closed = False

    def _guarded(self, action):
        """durable turns an action's exception into text in the session state; keep the real one."""

        def run(c) -> None:
            try:
                action(c)
            except Exception as error:
                self._errors.setdefault(c.s.sid, error)

        return run

    def _action(self, rule_name: str):
        if rule_name == SENTINEL:
            return lambda c: None
        meta = self._meta[rule_name]

        def action(c) -> None:  # one argument: durable runs it synchronously
            values = {
                ref: (c._m[alias]["v"],) for alias, ref in meta.aliases.items() if alias in c._m
            }
            self._fired[c.s.sid].append((meta.rule_id, values))

        return action

    def fire(self, scope: Scope, level: int, facts: Facts) -> Iterable[tuple[str, dict]]:
        """The rules of one stratum that hold for `facts`, each with the values it bound."""
        ruleset = self._rulesets.get((scope, level))
        if ruleset is None:
            return []
        sid = uuid.uuid4().hex
        batch = [
            {"sid": sid, "id": fact_id(ref, v, self._single.get(ref, True)), "q": ref, "v": v}
            for ref, values in facts.items()
            for v in values
        ]
        # Last: every rule's join starts with the sentinel, so nothing activates before all
        # facts are in (durable does not retract an activation a later `$not` fact defeats).
        batch.append({"sid": sid, "id": SENTINEL, SENTINEL: 1})
        with _LOCK:
            if self._closed:
                raise EngineError("this engine was closed")
            self._fired[sid] = []
            try:
                self._run_session(ruleset, sid, batch)
                activations = self._fired[sid]
                error = self._errors.get(sid)
                if error is not None:
                    raise EngineError(f"a rule action failed: {error}") from error
            finally:
                self._fired.pop(sid, None)
                self._errors.pop(sid, None)
                ruleset.delete_state(sid)
        return _merge(activations)

    @staticmethod
    def _run_session(ruleset, sid: str, batch: list[dict]) -> None:
        code, offset = durable_rules_engine.assert_facts(
            ruleset._handle, json.dumps(batch, ensure_ascii=False)
        )
        if code == 2:
            raise EngineError("a fact was asserted twice in one session")
        errors: list = []
        ruleset.do_actions(offset, lambda error, _state: errors.append(error) if error else None)
        if errors:
            raise EngineError(f"a rule action failed: {errors[0]}")
        state = ruleset.get_state(sid)
        if "exception" in state:
            raise EngineError(f"a rule action failed: {state['exception']}")

    def close(self) -> None:
        """Free the C rulesets; the engine cannot be used afterwards."""
        with _LOCK:
            if self._closed:
                return
            self._closed = True
            for ruleset in self._rulesets.values():
                durable_rules_engine.delete_ruleset(ruleset._handle)


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
