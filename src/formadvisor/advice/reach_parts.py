"""What reach's search reads: per policy, what each rule reads and excludes (`reads`); per
answer set, where the option stands in its ranking (`Standing`), and what several changes would
do together if each did what it does alone (`combined`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from formadvisor.advice.ranking import ranker
from formadvisor.advice.whatif import service_key
from formadvisor.rules.conditions import clauses_of
from formadvisor.rules.effects import Derive
from formadvisor.rules.policy import Policy

# --- what a rule reads, and what each does to the options --------------------------------------


@dataclass(frozen=True)
class Reads:
    """For one policy: the rules excluding each option, and the questions behind each rule."""

    excludes: dict[str, dict[str, frozenset[str]]]  # kind -> option -> rule ids excluding it
    behind: dict[str, frozenset[str]]  # rule id -> the refs it reads, derived facts followed
    kind_refs: dict[str, frozenset[str]]  # kind -> every ref a rule with effects on it reads
    changeable: frozenset[str]  # refs of changeable answers (`x`, `service.x`)
    ask_when: dict[str, frozenset[str]]  # ref of a question -> the refs its ask_when reads
    co_read: dict[str, dict[str, frozenset[str]]]  # kind -> question ref -> read in a rule with


def reads(policy: Policy) -> Reads:
    found = policy.memo.get("reach.reads")
    if isinstance(found, Reads):
        return found
    q = policy.questionnaire
    direct = {pr.rule.id: {t.ref for t in clauses_of(pr.rule.when)} for pr in policy.rules}
    derivers: dict[str, set[str]] = {}
    for pr in policy.rules:
        for e in pr.rule.then:
            if isinstance(e, Derive):
                derivers.setdefault("fact." + e.derive.fact, set()).add(pr.rule.id)
    asks = {x.id: x.ask_when for x in q.questions}
    asks |= {f"service.{x.id}": x.ask_when for x in q.service_questions}
    ask_when = {
        ref: frozenset(t.ref for t in clauses_of(when))
        for ref, when in asks.items()
        if when is not None
    }

    def closure(refs: Iterable[str]) -> frozenset[str]:
        seen: set[str] = set()
        todo = list(refs)
        while todo:
            ref = todo.pop()
            if ref in seen:
                continue
            seen.add(ref)
            for rid in derivers.get(ref, ()):
                todo += direct[rid]
            todo += ask_when.get(question_ref(ref), ())
        return frozenset(seen)

    behind = {rid: closure(refs) for rid, refs in direct.items()}
    rank = ranker(policy)
    excludes: dict[str, dict[str, set[str]]] = {"form": {}, "route": {}}
    kind_refs: dict[str, set[str]] = {"form": set(), "route": set()}
    co_read: dict[str, dict[str, set[str]]] = {"form": {}, "route": {}}
    for pr in policy.rules:
        for kind in ("form", "route"):
            scored, excluded = rank.contributions(pr.rule.id, routes=kind == "route")
            for o in excluded:
                excludes[kind].setdefault(o, set()).add(pr.rule.id)
            if scored or excluded:
                kind_refs[kind] |= behind[pr.rule.id]
                together = {question_ref(ref) for ref in behind[pr.rule.id]}
                for ref in together:
                    # a service's answer read for any service goes with the others' answers
                    alone = set() if f"any_{ref}" in behind[pr.rule.id] else {ref}
                    co_read[kind].setdefault(ref, set()).update(together - alone)
    changeable = frozenset(x.id for x in q.questions if x.changeable) | frozenset(
        f"service.{x.id}" for x in q.service_questions if x.changeable
    )
    found = policy.memo["reach.reads"] = Reads(
        excludes={k: {o: frozenset(r) for o, r in v.items()} for k, v in excludes.items()},
        behind=behind,
        kind_refs={k: frozenset(v) for k, v in kind_refs.items()},
        changeable=changeable,
        ask_when=ask_when,
        co_read={k: {q: frozenset(r) for q, r in v.items()} for k, v in co_read.items()},
    )
    return found


def question_ref(ref: str) -> str:
    """`any_service.kind` → `service.kind`; any other ref is its own question's."""
    return "service." + ref.split(".", 1)[1] if ref.startswith("any_service.") else ref


def key_ref(key: str) -> str:
    """`services[1].kind` → `service.kind`; a group question's key is its ref."""
    question, index = service_key(key)
    return question if index is None else f"service.{question}"


# --- one answer set, as the search sees it ---------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where the option stands in one answer set's ranking of its kind."""

    scores: tuple[int, ...]  # per option, in options.yaml order
    excluded: tuple[frozenset[str], ...]  # per option: the rules that fired excluding it
    favoured: tuple[bool, ...]
    recommended: str | None

    def deficit(self, t: int) -> tuple[int, int, int]:
        """(rules excluding the option, points it needs to lead, 1 when nothing argues for
        it): (0, 0, 0) exactly when it is recommended."""
        need = 0
        mine = (not self.favoured[t], t)
        for o, score in enumerate(self.scores):
            if o == t or self.excluded[o]:
                continue
            ahead = 1 if (not self.favoured[o], o) < mine else 0
            need = max(need, score - self.scores[t] + ahead)
        return len(self.excluded[t]), need, 0 if self.favoured[t] else 1


def combined(base: Standing, parts: Sequence[Standing]) -> Standing:
    """What several changes would do together if each did what it does alone."""
    n = range(len(base.scores))
    scores = tuple(base.scores[o] + sum(p.scores[o] - base.scores[o] for p in parts) for o in n)
    excluded = tuple(
        frozenset.intersection(base.excluded[o], *(p.excluded[o] for p in parts)).union(
            *(p.excluded[o] - base.excluded[o] for p in parts)
        )
        for o in n
    )
    favoured = tuple(
        all(p.favoured[o] for p in parts) if base.favoured[o] else any(p.favoured[o] for p in parts)
        for o in n
    )
    return Standing(scores, excluded, favoured, None)
