"""What would it take: the fewest changes to changeable answers after which an option leads.

The search reads the plain reading (the screen) and confirms on durable_rules. Single changes
are every alternative (`whatif.alternatives`) to a question some rule of the option's kind
reads, each screened. Pairs extend the singles nearest the lead, and triples the pairs nearest
it, best first: by one more single that brings the option nearer the lead, or one to a
question a rule reads together with a changed one (two answers that matter only together),
ranked by adding up what each does alone (`reach_parts.combined`) and screened within a
budget. The first that leads on the plain reading and on durable_rules is the answer: one
change before two, two before three, then the clearest lead, then the questionnaire's order.
An option that fixed facts exclude (only answers no one can change, such as the nation) is
out of reach without any search; otherwise, when nothing within three changes reaches it,
`blocked_by` says what was still in the way where the search came nearest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.picking import Choice, choose
from formadvisor.advice.ranking import Ranked
from formadvisor.advice.reach_parts import Standing, combined, key_ref, question_ref, reads
from formadvisor.advice.whatif import alternatives, question_of, service_key
from formadvisor.engine.evaluate import Trace, evaluate_document
from formadvisor.rules.conditions import Scalar

if TYPE_CHECKING:
    from formadvisor.advice.advisor import Advisor

MOST = 3  # changes at most
PAIRS_SCREENED = 24  # pairs read on the plain reading, the nearest predicted first
TRIPLES_SCREENED = 24
PROMISING = 12  # the singles that bring the option nearer the lead, that others join
FRONTIER = 6  # the answer sets nearest the lead that one more change extends
CONFIRMED = 4  # candidates confirmed on durable_rules, per number of changes


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReachChange(_Out):
    """One answer to change: a group question's (`service` None) or a service's."""

    question: str
    service: str | None
    answer: Scalar | tuple[Scalar, ...] | None
    before: Scalar | tuple[Scalar, ...] | None = None  # the answer now (None: not answered)


class Reach(_Out):
    """The contract's reach: the fewest changes after which `option` is recommended (for a
    route: the service's recommended route), or what rules it out (`blocked_by`, in words;
    `blocked_rules`, the rules' ids)."""

    option: str
    service: str | None = None
    reachable: bool
    changes: tuple[ReachChange, ...] = ()
    blocked_by: tuple[str, ...] = ()
    blocked_rules: tuple[str, ...] = ()
    # how much the search read (benchmarks and tests; not in the JSON)
    screened: int = Field(0, exclude=True)  # answer sets read on the plain reading
    confirmed: int = Field(0, exclude=True)  # answer sets evaluated on durable_rules

    def applied(self, answers: dict) -> dict:
        """The answers document with the changes made (a service's by its name)."""
        out = {**answers, "services": [dict(s) for s in answers.get("services") or ()]}
        names = [s.get("name") for s in out["services"]]
        for c in self.changes:
            value = list(c.answer) if isinstance(c.answer, tuple) else c.answer
            target = out if c.service is None else out["services"][names.index(c.service)]
            target[c.question] = value
        return out


def reach(
    advisor: Advisor, answers: BaseModel, option: str, service: str | None, as_of: dt.date
) -> Reach:
    """What would it take for `option` to be recommended (raises `picking.UnknownName`)."""
    choice = choose(advisor.policy, answers, option, service)
    return _Search(advisor, answers, choice, as_of).run()


@dataclass(frozen=True)
class _Single:
    index: int  # in the order `alternatives` gives: the tie-break
    key: str  # `purposes`, `services[1].kind`
    value: object
    standing: Standing


class _Search:
    def __init__(self, advisor: Advisor, answers: BaseModel, choice: Choice, as_of: dt.date):
        self.advisor, self.answers, self.choice, self.as_of = advisor, answers, choice, as_of
        policy = advisor.policy
        self.reads = reads(policy)
        self.options = policy.form_ids if choice.kind == "form" else policy.route_ids
        self.t = self.options.index(choice.option)
        self.k = 0 if choice.index is None else choice.index + 1  # which ranking
        self.base = answers.model_dump(mode="json")
        self.screen = advisor.screen(as_of)
        self.screened = self.confirmed = 0
        self.nearest: tuple[tuple[int, int, int], Standing] | None = None

    # reading one answer set
    def standing(self, doc: dict) -> Standing:
        self.screened += 1
        trace = evaluate_document(self.advisor.policy, doc, self.screen.reading, self.as_of)
        found = self._standing(trace)
        d = found.deficit(self.t)
        if self.nearest is None or d < self.nearest[0]:
            self.nearest = (d, found)
        return found

    def _standing(self, trace: Trace) -> Standing:
        ranker = self.advisor.ranker
        if self.choice.kind == "form":
            fired = {f.rule for f in trace.firings()}
            ranked: Ranked = ranker.forms_ranked(fired)
        else:
            i = self.k - 1
            fired = {f.rule for f in (*trace.organisation, *trace.services[i])}
            ranked = ranker.routes_ranked(fired)
        excludes = self.reads.excludes[self.choice.kind]
        placed = {p.option: p.score for p in ranked.order}
        return Standing(
            scores=tuple(placed[o] for o in self.options),
            excluded=tuple(excludes.get(o, frozenset()) & fired for o in self.options),
            favoured=tuple(ranked.favoured(o) for o in self.options),
            recommended=ranked.recommended,
        )

    def confirm(self, doc: dict) -> bool:
        """Whether the option leads on durable_rules too (False: leads not, or invalid)."""
        try:
            answers = self.advisor.validate(doc)
        except AnswersInvalid:
            return False
        self.confirmed += 1
        trace = self.advisor.trace(answers, self.as_of)
        return self._standing(trace).recommended == self.choice.option

    # the search
    def run(self) -> Reach:
        base = self.standing(self.base)
        if base.recommended == self.choice.option:
            return self._reach(())
        fixed = sorted(r for r in base.excluded[self.t] if not self._liftable(r))
        if fixed:
            return self._blocked(fixed, "fixed")
        singles = self._singles()
        found = self._first(
            [((s,), s.standing) for s in singles if s.standing.recommended == self.choice.option]
        )
        if found is not None:
            return self._reach(found)
        promising = self._promising(base, singles)
        # None helps alone: then the changes that leave the option where it stands start the
        # frontier, since a change can matter only with another (a rule that reads both).
        level = base.deficit(self.t)
        starts = promising or [s for s in singles if s.standing.deficit(self.t) == level]
        frontier: list[tuple[tuple[_Single, ...], Standing]] = [
            ((s,), s.standing) for s in starts[:FRONTIER]
        ]
        for budget in (PAIRS_SCREENED, TRIPLES_SCREENED):  # two changes, then three
            leading, frontier = self._extended(base, frontier, singles, promising, budget)
            found = self._first(leading)
            if found is not None:
                return self._reach(found)
        return self._out_of_reach()

    def _liftable(self, rule: str) -> bool:
        """Whether some changeable answer is behind the rule (through derived facts and the
        questions that decide whether another is asked)."""
        changeable = self.reads.changeable
        return any(question_ref(ref) in changeable for ref in self.reads.behind[rule])

    def _relevant(self, key: str) -> bool:
        question, index = service_key(key)
        refs = self.reads.kind_refs[self.choice.kind]
        if index is None:
            return question in refs
        if f"any_service.{question}" in refs:
            return True
        mine = self.choice.kind == "form" or index == self.k - 1
        return mine and f"service.{question}" in refs

    def _singles(self) -> list[_Single]:
        out = []
        for i, (key, value, doc) in enumerate(alternatives(self.advisor.policy, self.answers)):
            if question_of(key) in self.advisor.read and self._relevant(key):
                out.append(_Single(i, key, value, self.standing(doc)))
        return out

    def _promising(self, base: Standing, singles: list[_Single]) -> list[_Single]:
        """The singles that bring the option nearer the lead: lift a rule excluding it, give
        it a reason, or gain on (or exclude) an option ahead of it; nearest first."""
        t = self.t
        ahead = [
            o
            for o, score in enumerate(base.scores)
            if o != t and not base.excluded[o] and score >= base.scores[t]
        ]

        def helps(s: Standing) -> bool:
            if base.excluded[t] - s.excluded[t] or (s.favoured[t] and not base.favoured[t]):
                return True
            return any(
                (s.excluded[o] and not base.excluded[o])
                or s.scores[t] - s.scores[o] > base.scores[t] - base.scores[o]
                for o in ahead
            )

        found = [s for s in singles if helps(s.standing)]
        found.sort(key=lambda s: (s.standing.deficit(t), s.index))
        return found[:PROMISING]

    def _extended(
        self,
        base: Standing,
        frontier: list[tuple[tuple[_Single, ...], Standing]],
        singles: list[_Single],
        promising: list[_Single],
        budget: int,
    ) -> tuple[list[tuple[tuple[_Single, ...], Standing]], list]:
        """Each answer set of the frontier with one more change (a promising one, or one to
        a question a rule reads together with a changed one: two changes can matter only
        together), predicted by adding up what each does alone; the `budget` nearest are
        screened. Returns those that lead, and the rest, nearest first (the next frontier)."""
        t = self.t
        co = self.reads.co_read[self.choice.kind]
        predicted: dict[tuple[int, ...], tuple] = {}
        for combo, standing in frontier:
            keys = {s.key for s in combo}
            near = frozenset().union(*(co.get(key_ref(s.key), frozenset()) for s in combo))
            partners = [*promising, *(x for x in singles if key_ref(x.key) in near)]
            for x in partners:
                if x.key in keys:
                    continue
                both = tuple(sorted((*combo, x), key=lambda s: s.index))
                ids = tuple(s.index for s in both)
                if ids not in predicted:
                    d = combined(base, (standing, x.standing)).deficit(t)
                    predicted[ids] = (d, ids, both)
        leading, rest = [], []
        for _, _, combo in sorted(predicted.values(), key=lambda p: (p[0], p[1]))[:budget]:
            standing = self.standing(self._doc(combo))
            if standing.recommended == self.choice.option:
                leading.append((combo, standing))
            else:
                rest.append((standing.deficit(t), [s.index for s in combo], combo, standing))
        rest.sort(key=lambda r: (r[0], r[1]))
        return leading, [(combo, standing) for _, _, combo, standing in rest[:FRONTIER]]

    def _first(
        self, candidates: list[tuple[tuple[_Single, ...], Standing]]
    ) -> tuple[_Single, ...] | None:
        """The first candidate confirmed on durable_rules: the clearest lead first, then the
        questionnaire's order."""
        ranked = sorted(candidates, key=lambda c: (-self._lead(c[1]), [s.index for s in c[0]]))
        for combo, _ in ranked[:CONFIRMED]:
            if self.confirm(self._doc(combo)):
                return combo
        return None

    def _lead(self, s: Standing) -> int:
        """The option's lead over the best other eligible option."""
        t = self.t
        rivals = [x for o, x in enumerate(s.scores) if o != t and not s.excluded[o]]
        return s.scores[t] - max(rivals, default=s.scores[t])

    def _doc(self, combo: Iterable[_Single]) -> dict:
        doc = {**self.base, "services": [dict(s) for s in self.base["services"]]}
        for s in combo:
            question, index = service_key(s.key)
            if index is None:
                doc[question] = s.value
            else:
                doc["services"][index][question] = s.value
        return doc

    # the answers
    def _reach(self, combo: tuple[_Single, ...]) -> Reach:
        names = [s["name"] for s in self.base["services"]]
        changes = []
        for s in combo:
            question, index = service_key(s.key)
            before = (self.base if index is None else self.base["services"][index]).get(question)
            changes.append(
                ReachChange.model_validate(
                    {
                        "question": question,
                        "service": None if index is None else names[index],
                        "answer": s.value,
                        "before": before,
                    }
                )
            )
        return self._out(reachable=True, changes=tuple(changes))

    def _blocked(self, rules: Sequence[str], line: str) -> Reach:
        titles = {pr.rule.id: pr.rule.title for pr in self.advisor.policy.rules}
        wording = self.advisor.policy.summary
        said = []
        for rule in rules:
            if wording is None or wording.reach is None:
                said.append(rule)
            else:
                pattern = getattr(wording.reach, line)
                said.append(pattern.format(title=titles[rule], rule=rule, most=MOST))
        return self._out(reachable=False, blocked_by=tuple(said), blocked_rules=tuple(rules))

    def _out_of_reach(self) -> Reach:
        assert self.nearest is not None
        _, near = self.nearest
        policy = self.advisor.policy
        if near.excluded[self.t]:
            order = {pr.rule.id: i for i, pr in enumerate(policy.rules)}
            return self._blocked(sorted(near.excluded[self.t], key=order.__getitem__), "not_lifted")
        label = policy.option(self.choice.option).label
        leader = near.recommended
        wording = policy.summary
        if wording is None or wording.reach is None:
            said = (leader or self.choice.option,)
        elif leader is None or leader == self.choice.option:
            said = (wording.reach.unfavoured.format(option=label, most=MOST),)
        else:
            said = (
                wording.reach.outscored.format(
                    option=label, leader=policy.option(leader).label, most=MOST
                ),
            )
        return self._out(reachable=False, blocked_by=said)

    def _out(self, **fields: object) -> Reach:
        return Reach.model_validate(
            {
                "option": self.choice.option,
                "service": self.choice.service,
                "screened": self.screened,
                "confirmed": self.confirmed,
                **fields,
            }
        )
