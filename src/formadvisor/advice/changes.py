"""What differs between two recommendations on the same answers (an old result, a re-run).

Pure: two `Recommendation`s in, a `Changes` out. Options and rules are named by the labels and
reasons the recommendations themselves carry, so a rule that no longer exists is still
explained in the words it was given in.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from formadvisor.advice.results import Ranking, Reason, Recommendation

GROUP = None  # `where` of a change to the organisational form rather than to one service


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Pick(_Out):
    """A recommended option (None: nothing eligible) with its label. With no option, `missing`
    says why, for pages to word in their language (`label` keeps the API's English)."""

    option: str | None
    label: str
    missing: Literal["service", "option"] | None = None


class RouteChange(_Out):
    service: str
    before: Pick
    after: Pick


class ExclusionChange(_Out):
    """An option ruled out now but not before, or the other way round, and by which rules."""

    where: str | None  # None: the organisational form; else the service's name
    option: str
    label: str
    rules: tuple[Reason, ...]  # the rules excluding it (now when newly excluded, else before)


class ScoreChange(_Out):
    """An option whose score moved (a weight or a rule changed), still ranked in both."""

    where: str | None
    option: str
    label: str
    before: int
    after: int


class RuleChange(_Out):
    rule: str
    service: str | None
    because: str


class ConsiderationChange(_Out):
    topic: str
    text: str
    rule: str
    service: str | None


class Changes(_Out):
    before_version: str
    after_version: str
    form: tuple[Pick, Pick] | None  # (before, after) when the recommended form changed
    routes: tuple[RouteChange, ...]
    newly_excluded: tuple[ExclusionChange, ...]
    no_longer_excluded: tuple[ExclusionChange, ...]
    scores: tuple[ScoreChange, ...]
    rules_only_before: tuple[RuleChange, ...]
    rules_only_now: tuple[RuleChange, ...]
    considerations_added: tuple[ConsiderationChange, ...]
    considerations_removed: tuple[ConsiderationChange, ...]

    @property
    def nothing(self) -> bool:
        """True when the recommendation, its exclusions, reasons and considerations agree."""
        return not (
            self.form
            or self.routes
            or self.newly_excluded
            or self.no_longer_excluded
            or self.scores
            or self.rules_only_before
            or self.rules_only_now
            or self.considerations_added
            or self.considerations_removed
        )


def compare(before: Recommendation, after: Recommendation) -> Changes:
    """The differences from `before` to `after`, in the order the recommendations list them."""
    form = None
    if before.organisational_form.recommended != after.organisational_form.recommended:
        form = (_pick(before.organisational_form), _pick(after.organisational_form))
    old = {s.name: s.contract_route for s in before.services}
    new = {s.name: s.contract_route for s in after.services}
    routes = tuple(
        RouteChange(service=name, before=_pick(old.get(name)), after=_pick(new.get(name)))
        for name in _union(old, new)
        if _recommended(old.get(name)) != _recommended(new.get(name))
    )
    rankings = [(GROUP, before.organisational_form, after.organisational_form)] + [
        (name, old.get(name), new.get(name)) for name in _union(old, new)
    ]
    newly, no_longer, scores = [], [], []
    for where, was, now in rankings:
        out_before, out_now = _excluded(was), _excluded(now)
        newly += [_exclusion(where, o, out_now[o]) for o in out_now if o not in out_before]
        no_longer += [_exclusion(where, o, out_before[o]) for o in out_before if o not in out_now]
        scores += _scores(where, was, now)
    fired_before, fired_now = _fired(before), _fired(after)
    said_before, said_now = _considerations(before), _considerations(after)
    return Changes(
        before_version=before.ruleset.version,
        after_version=after.ruleset.version,
        form=form,
        routes=routes,
        newly_excluded=tuple(newly),
        no_longer_excluded=tuple(no_longer),
        scores=tuple(scores),
        rules_only_before=tuple(v for k, v in fired_before.items() if k not in fired_now),
        rules_only_now=tuple(v for k, v in fired_now.items() if k not in fired_before),
        considerations_added=tuple(v for k, v in said_now.items() if k not in said_before),
        considerations_removed=tuple(v for k, v in said_before.items() if k not in said_now),
    )


def _union(first: dict, second: dict) -> list:
    return [*first, *(k for k in second if k not in first)]


def _recommended(ranking: Ranking | None) -> str | None:
    return ranking.recommended if ranking is not None else None


def _pick(ranking: Ranking | None) -> Pick:
    option = _recommended(ranking)
    if ranking is None:
        return Pick(option=None, label="no such service", missing="service")
    if option is None:
        return Pick(option=None, label="nothing eligible", missing="option")
    return Pick(option=option, label=next(o.label for o in ranking.ranking if o.option == option))


def _excluded(ranking: Ranking | None) -> dict[str, tuple[str, tuple[Reason, ...]]]:
    if ranking is None:
        return {}
    return {o.option: (o.label, o.excluded_by) for o in ranking.ranking if not o.eligible}


def _exclusion(where: str | None, option: str, entry: tuple[str, tuple[Reason, ...]]):
    label, reasons = entry
    return ExclusionChange(where=where, option=option, label=label, rules=reasons)


def _scores(where: str | None, was: Ranking | None, now: Ranking | None) -> list[ScoreChange]:
    if was is None or now is None:
        return []
    old = {o.option: o.score for o in was.ranking}
    return [
        ScoreChange(
            where=where, option=o.option, label=o.label, before=old[o.option], after=o.score
        )
        for o in now.ranking
        if o.option in old and old[o.option] != o.score
    ]


def _fired(result: Recommendation) -> dict[tuple, RuleChange]:
    return {
        (r.rule, r.service): RuleChange(rule=r.rule, service=r.service, because=r.because)
        for r in result.fired_rules
    }


def _considerations(result: Recommendation) -> dict[tuple, ConsiderationChange]:
    out = {}
    for c in result.every_consideration():
        change = ConsiderationChange(topic=c.topic, text=c.text, rule=c.rule, service=c.service)
        out[(c.topic, c.rule, c.text, c.service)] = change
    return out


class AnswerChange(_Out):
    """An answer that differs between two answer sets: a group question's (`service` None), a
    service's question (`service` its name), or a whole service added or removed (`question`
    "services", `before`/`after` the service's name or None)."""

    question: str
    service: str | None
    before: object = None  # None: not answered (or no such service)
    after: object = None


SERVICES = "services"


def answer_changes(before: dict, after: dict) -> tuple[AnswerChange, ...]:
    """The answers that differ, the group's first (in the order given), then each service's by
    its name (a renamed service reads as one removed and one added)."""
    out = [
        AnswerChange(question=k, service=None, before=before.get(k), after=after.get(k))
        for k in _union(before, after)
        if k != SERVICES and before.get(k) != after.get(k)
    ]
    old = {s.get("name"): s for s in before.get(SERVICES) or ()}
    new = {s.get("name"): s for s in after.get(SERVICES) or ()}
    for name in _union(old, new):
        was, now = old.get(name), new.get(name)
        if was is None or now is None:
            gone, came = (name, None) if now is None else (None, name)
            out.append(AnswerChange(question=SERVICES, service=name, before=gone, after=came))
            continue
        out += [
            AnswerChange(question=k, service=name, before=was.get(k), after=now.get(k))
            for k in _union(was, now)
            if k != "name" and was.get(k) != now.get(k)
        ]
    return tuple(out)
