"""A backend's own output per stratum, kept for identical inputs: bounded, per engine.

A stratum's rules read a fixed set of facts (`reads`: the references its compiled patterns
test, `as_of` and derived facts among them). What the stratum fires, and the values each rule
binds, is a function of those facts' values alone: a fact no pattern tests matches no pattern.
So the output of one firing is kept under the values of exactly those facts, and a later
firing of the same stratum with the same values is given the kept output instead of a fresh
session. What-if's alternatives change one answer: every stratum that does not read it (nor a
fact derived from it) is such a repeat. The output kept is the backend's own (durable_rules'
for the recommendation); nothing is inferred.

Facts are typed per reference (an answer's values are of its question's type, a derived
fact's of its declared type), so values alone identify them: `True` and `1` never meet under
one reference.

Bounded: at most `entries` outputs and about `budget` bytes (an estimate from the number of
values held), least recently used dropped first. The engine that owns a memo clears it when it
closes (a reload builds a new engine, with an empty memo).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence

from formadvisor.rules.policy import Scope

Output = tuple[tuple[str, tuple[tuple[str, tuple], ...]], ...]  # (rule, ((ref, values), …))

ENTRIES = 4096
BUDGET = 6 * 1024 * 1024  # estimated bytes; soak/memory.py measures the real RSS
_CELL = 72  # bytes per item held (a tuple slot and its share of the objects it holds)
_ENTRY = 400  # bytes per entry besides its values (the key tuple, the output tuples, the dict)


def memo_enabled() -> bool:
    """FORMADVISOR_ENGINE_MEMO=0 turns the memo off (to compare on and off); on by default."""
    return os.environ.get("FORMADVISOR_ENGINE_MEMO", "1") not in ("0", "false", "off")


class StratumMemo:
    """The output of each stratum under the values of the facts it reads; LRU, bounded."""

    def __init__(
        self,
        reads: Mapping[tuple[Scope, int], Iterable[str]],
        entries: int = ENTRIES,
        budget: int = BUDGET,
    ):
        self.reads = {key: tuple(sorted(refs)) for key, refs in reads.items()}
        self.entries, self.budget = entries, budget
        self._kept: OrderedDict[tuple, tuple[Output, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def key(self, scope: Scope, level: int, facts: Mapping[str, tuple]) -> tuple:
        get = facts.get
        return (scope, level, *[get(ref, ()) for ref in self.reads.get((scope, level), ())])

    def through(
        self,
        scope: Scope,
        level: int,
        facts: Mapping[str, tuple],
        fire: Callable[[], Sequence[tuple[str, Mapping[str, tuple]]]],
    ) -> Sequence[tuple[str, Mapping[str, tuple]]]:
        """The kept output of the stratum for these facts, or `fire()`'s, then kept."""
        key = self.key(scope, level, facts)
        kept = self.get(key)
        if kept is not None:
            return kept
        fired = fire()
        self.put(key, fired)
        return fired

    def get(self, key: tuple) -> list[tuple[str, dict]] | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
        return [(rule, dict(values)) for rule, values in found[0]]

    def put(self, key: tuple, fired: Iterable[tuple[str, Mapping[str, tuple]]]) -> None:
        output: Output = tuple((rule, tuple(values.items())) for rule, values in fired)
        size = _ENTRY + _CELL * (len(key) + sum(2 + 2 * len(values) for _, values in output))
        if size > self.budget:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._kept[key] = (output, size)
            self._bytes += size
            while len(self._kept) > self.entries or self._bytes > self.budget:
                _, (_, dropped) = self._kept.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def estimated_bytes(self) -> int:
        return self._bytes
