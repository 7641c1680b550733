"""How a result is ranked: the one ranker, from the rules a trace fired to each option's place.

Scores: each option's score is the sum of the weights of the rules favouring it, less those
disfavouring it. An excluded option is not eligible and ranks last. Ties are broken by the
order of `options.yaml`, so the same answers and rules always give the same result, and the
result says so (`decision.tie`). A leader that no rule favours is not recommended: nothing
argues for it, so the result is undetermined (`recommended` is None, `decision.undetermined`).
A rule that fires for several services counts once towards the organisational form; a
service's route counts the group's rules and that service's own.

The Advisor explains this order with reasons; what-if, the answer-space search and
`rules explain` read only the winners. All of them rank here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from formadvisor.engine.evaluate import Trace
from formadvisor.rules.effects import Disfavour, Exclude, Favour
from formadvisor.rules.policy import Policy


class Placed(NamedTuple):
    """One option's place: its score, and whether a rule excluded it (a tuple: the search
    ranks hundreds of thousands of answer sets)."""

    option: str
    score: int
    eligible: bool


class Ranked:
    """Every option's score and exclusion, with the rules that excluded any (sorted ids).

    The order is best first: eligible before excluded, then by score, then by the order of
    `options.yaml`. `order` places every option (what the Advisor explains); `recommended` is
    its first, found without sorting (what the search and what-if read, many times a second).
    """

    __slots__ = ("_excluded", "_favoured", "_options", "_scores", "excluded_by")

    def __init__(
        self,
        options: tuple[str, ...],
        scores: list[int],
        excluded: list[bool],
        excluded_by: tuple[str, ...],
        favoured: list[bool],
    ):
        self._options, self._scores, self._excluded = options, scores, excluded
        self.excluded_by = excluded_by
        self._favoured = favoured  # some rule that fired favours the option

    def _place(self, i: int) -> tuple[bool, int, bool, int]:
        # On equal scores an option some rule argues for comes before one nothing argues for.
        return (self._excluded[i], -self._scores[i], not self._favoured[i], i)

    @property
    def order(self) -> tuple[Placed, ...]:
        ranks = sorted(range(len(self._options)), key=self._place)
        return tuple(
            Placed(self._options[i], self._scores[i], not self._excluded[i]) for i in ranks
        )

    def _best(self) -> int | None:
        if not self._options:
            return None
        best = min(range(len(self._options)), key=self._place)
        return None if self._excluded[best] else best

    def score(self, option: str) -> int | None:
        """The option's score, None when a rule excluded it."""
        i = self._options.index(option)
        return None if self._excluded[i] else self._scores[i]

    @property
    def recommended(self) -> str | None:
        """The leader, if a rule favours it: None when every option is excluded, or when
        nothing argues for the leader (undetermined)."""
        best = self._best()
        return None if best is None or not self._favoured[best] else self._options[best]

    @property
    def undetermined(self) -> bool:
        """Some option is eligible, but no rule favours the one in the lead."""
        best = self._best()
        return best is not None and not self._favoured[best]

    def favoured(self, option: str) -> bool:
        return self._favoured[self._options.index(option)]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The recommended form and each service's route, with what excluded options, and which
    rules fired: what the search, what-if and `rules explain` compare."""

    form: str | None
    form_excluded_by: tuple[str, ...]
    routes: tuple[str | None, ...]  # per service
    route_excluded_by: tuple[tuple[str, ...], ...]
    fired: frozenset[str]
    form_undetermined: bool = False  # None above because nothing argues for the leader
    routes_undetermined: tuple[bool, ...] = ()  # per service

    @property
    def form_gap(self) -> bool:
        """Every form is excluded (not merely undetermined)."""
        return self.form is None and not self.form_undetermined

    def route_gap(self, i: int) -> bool:
        """Every route of service `i` is excluded (not merely undetermined)."""
        return self.routes[i] is None and not self.routes_undetermined[i]


# (option position, signed weight) for each favour or disfavour; excluded option positions
_Effects = tuple[tuple[tuple[int, int], ...], tuple[int, ...]]


class Ranker:
    """One policy's effect tables (worked out once: `ranker(policy)`), and the ranking."""

    def __init__(self, policy: Policy):
        self.forms, self.routes = policy.form_ids, policy.route_ids
        self._form_effects: dict[str, _Effects] = {}
        self._route_effects: dict[str, _Effects] = {}
        for pr in policy.rules:
            for options, table in (
                (self.forms, self._form_effects),
                (self.routes, self._route_effects),
            ):
                pos = {o: i for i, o in enumerate(options)}
                scored: list[tuple[int, int]] = []
                excluded: list[int] = []
                for e in pr.rule.then:
                    if isinstance(e, Favour | Disfavour):
                        s = e.favour if isinstance(e, Favour) else e.disfavour
                        w = policy.scoring.weight(s.weight) * (1 if isinstance(e, Favour) else -1)
                        scored += [(pos[o], w) for o in s.options if o in pos]
                    elif isinstance(e, Exclude):
                        excluded += [pos[o] for o in e.exclude if o in pos]
                table[pr.rule.id] = (tuple(scored), tuple(excluded))

    def contributions(self, rule_id: str, routes: bool) -> tuple[list[tuple[str, int]], list[str]]:
        """What one rule does to the forms (or the routes): (option, signed weight) for each
        favour or disfavour, in the rule's order, and the options it excludes. These are the
        numbers the ranking adds up; the Advisor shows each beside its reason."""
        options, table = (
            (self.routes, self._route_effects) if routes else (self.forms, self._form_effects)
        )
        scored, excluded = table[rule_id]
        return [(options[p], w) for p, w in scored], [options[p] for p in excluded]

    def forms_ranked(self, rule_ids: Iterable[str]) -> Ranked:
        """The forms, from every rule that fired for the group or any service (each once)."""
        return self._rank(self.forms, self._form_effects, set(rule_ids))

    def routes_ranked(self, rule_ids: Iterable[str]) -> Ranked:
        """One service's routes, from the group's rules and that service's own."""
        return self._rank(self.routes, self._route_effects, rule_ids)

    def ranked(self, trace: Trace) -> tuple[Ranked, list[Ranked], frozenset[str]]:
        """The forms ranked, each service's routes ranked, and the rules that fired."""
        group = [f.rule for f in trace.organisation]
        own = [[f.rule for f in fired] for fired in trace.services]
        fired = frozenset(group).union(*own)
        return (
            self.forms_ranked(fired),
            [self.routes_ranked([*group, *rules]) for rules in own],
            fired,
        )

    def outcome(self, trace: Trace) -> Outcome:
        form, routes, fired = self.ranked(trace)
        return Outcome(
            form=form.recommended,
            form_excluded_by=form.excluded_by,
            routes=tuple(r.recommended for r in routes),
            route_excluded_by=tuple(r.excluded_by for r in routes),
            fired=fired,
            form_undetermined=form.undetermined,
            routes_undetermined=tuple(r.undetermined for r in routes),
        )

    @staticmethod
    def _rank(
        options: tuple[str, ...], effects: dict[str, _Effects], rule_ids: Iterable[str]
    ) -> Ranked:
        n = len(options)
        scores, excluded, favoured, by = [0] * n, [False] * n, [False] * n, set()
        for rid in rule_ids:
            scored, excludes = effects[rid]
            for pos, w in scored:
                scores[pos] += w
                if w > 0:
                    favoured[pos] = True
            if excludes:
                by.add(rid)
                for pos in excludes:
                    excluded[pos] = True
        return Ranked(options, scores, excluded, tuple(sorted(by)) if by else (), favoured)


def ranker(policy: Policy) -> Ranker:
    """The policy's ranker, made once and kept with the policy (freed with it)."""
    found = policy.memo.get("ranking.ranker")
    if not isinstance(found, Ranker):
        found = policy.memo["ranking.ranker"] = Ranker(policy)
    return found
