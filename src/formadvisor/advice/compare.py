"""Two options side by side, row by row: two forms, or two routes for one service.

`compare(advisor, answers, a, b, service, as_of)` ranks on durable_rules exactly as the
recommendation does (`Advisor.rankings` over the same trace), so each option's score is the one
the recommendation gives it. The rows are data (`options.yaml`, `compare.rows`). A cell is built
only from what applies to these answers in this nation on this day:

- the reasons of the rules that fired and favour, disfavour or exclude the option, or are
  `about` it (each in the row its topic, or its id, belongs to), with the sources they cite;
- the option's key facts about the row whose source applies to the group's nation and is in
  force (`options.yaml`, each fact's `topics`);
- for a `plan` row, the action plan (`action_plan.yaml`) with the option in place of the
  recommended one: its fees and time (`cost`), or its steps that the plan with the other
  option does not have (`steps`), with the steps' ids and sources.

A cell that states something cites a rule, a step or a source (`rules`, `sources`). A cell with
nothing to say says so in the rows' words and cites nothing (`says_nothing`): it states no fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from formadvisor.advice.action_plan import PlanStep, action_plan
from formadvisor.advice.advisor import Advisor
from formadvisor.advice.picking import Choice, UnknownName, choose
from formadvisor.advice.results import RankedOption, Ranking
from formadvisor.engine.evaluate import Firing
from formadvisor.rules.models import Compare, CompareRow, Option, Source
from formadvisor.rules.policy import Policy

OTHER_TOPIC = "governance"  # a rule file without a topic: as its considerations are filed


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Line(_Out):
    """One thing a cell says: a rule's reason, a key fact or a step, with what it cites."""

    text: str
    kind: Literal["favours", "disfavours", "excludes", "about", "fact", "cost", "step"]
    rule: str | None = None  # a rule's id, or an action plan step's
    sources: tuple[str, ...] = ()  # source ids
    weight: int | None = None


class Cell(_Out):
    option: str
    text: str  # the lines in one paragraph (or the row's "nothing" words)
    lines: tuple[Line, ...]
    rules: tuple[str, ...]  # the rules and plan steps it cites, each once
    sources: tuple[str, ...]  # the source ids it cites, each once
    says_nothing: bool


class Row(_Out):
    topic: str  # the row's id
    label: str
    a: str
    b: str
    cells: tuple[Cell, Cell]
    same: bool  # both cells say the same things (nothing, or the same lines)
    silent: bool  # neither cell says anything, in the words of every row (not the row's own)


class Cited(_Out):
    id: str
    citation: str


class Comparison(_Out):
    """The contract's `{"options", "rows", "scores"}`, and what a page needs to show it."""

    options: tuple[str, str]
    rows: tuple[Row, ...]
    scores: dict[str, int]
    kind: Literal["form", "route"]
    service: str | None
    labels: dict[str, str]
    eligible: dict[str, bool]
    recommended: str | None
    runner_up: str | None
    title: str
    as_of: dt.date
    ruleset: str
    sources: tuple[Cited, ...]  # every source a cell cites, in the order first cited

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def compare(
    advisor: Advisor,
    answers: BaseModel,
    a: str,
    b: str,
    service: str | None,
    as_of: dt.date | None = None,
) -> Comparison:
    """Options `a` and `b` (two forms, or two routes for `service`) side by side under these
    answers; `UnknownName` (field "options" or "service") for ids these answers cannot take."""
    policy = advisor.policy
    rows_data = policy.options.compare
    if rows_data is None:
        raise UnknownName("options", a, ())
    _check_pair(policy, a, b)
    first = choose(policy, answers, a, service, field="options")
    as_of = as_of or dt.date.today()
    trace = advisor.trace(answers, as_of)
    form, services = advisor.rankings(answers, trace, deciders=False)
    if first.index is None:
        ranking, firings = form, list(trace.firings())
    else:
        ranking = services[first.index].contract_route
        firings = [*trace.organisation, *trace.services[first.index]]
    plans = _Plans(policy, answers, as_of, first, form, [s.contract_route for s in services])
    cells = _Cells(advisor, answers, rows_data, firings, plans)
    placed = {o.option: o for o in ranking.ranking}
    rows = []
    for row in rows_data.rows:
        pair = (cells.cell(row, placed[a], b), cells.cell(row, placed[b], a))
        rows.append(
            Row(
                topic=row.id,
                label=row.label,
                a=pair[0].text,
                b=pair[1].text,
                cells=pair,
                same=pair[0].lines == pair[1].lines,
                silent=not row.nothing and all(x.says_nothing for x in pair),
            )
        )
    words = rows_data.words
    labels = {o: policy.option(o).label for o in (a, b)}
    title = (words.title_service if first.service else words.title).format(
        a=labels[a], b=labels[b], service=first.service
    )
    return Comparison(
        options=(a, b),
        rows=tuple(rows),
        scores={o: placed[o].score for o in (a, b)},
        kind=first.kind,
        service=first.service,
        labels=labels,
        eligible={o: placed[o].eligible for o in (a, b)},
        recommended=ranking.recommended,
        runner_up=ranking.decision.runner_up,
        title=title,
        as_of=as_of,
        ruleset=policy.version,
        sources=tuple(
            Cited(id=s, citation=policy.source(s).citation()) for s in cells.cited_in_order
        ),
    )


def _check_pair(policy: Policy, a: str, b: str) -> None:
    """`a` is a form or a route, and `b` another of the same kind (before any service)."""
    if a not in policy.form_ids and a not in policy.route_ids:
        raise UnknownName("options", a, (*policy.form_ids, *policy.route_ids))
    same_kind = policy.form_ids if a in policy.form_ids else policy.route_ids
    others = tuple(o for o in same_kind if o != a)
    if b not in others:
        raise UnknownName("options", b, others)


class _Plans:
    """The action plan with each option in place of the recommended one."""

    def __init__(
        self,
        policy: Policy,
        answers: BaseModel,
        as_of: dt.date,
        choice: Choice,
        form: Ranking,
        routes: Sequence[Ranking],
    ):
        self.policy, self.answers, self.as_of, self.choice = policy, answers, as_of, choice
        self.form = form.recommended
        self.routes = [r.recommended for r in routes]
        self._made: dict[str, tuple] = {}

    def with_(self, option: str) -> tuple:
        """(steps, timeline) with `option` as the form (or as the service's route)."""
        if option not in self._made:
            form, routes = self.form, list(self.routes)
            if self.choice.index is None:
                form = option
            else:
                routes[self.choice.index] = option
            self._made[option] = action_plan(self.policy, self.answers, self.as_of, form, routes)
        return self._made[option]

    def own_steps(self, option: str, other: str) -> list[tuple[int, PlanStep]]:
        """The steps the plan has with `option` and not with `other` (numbered as in its plan)."""
        theirs = {(s.id, s.services) for s in self.with_(other)[0]}
        mine = enumerate(self.with_(option)[0], 1)
        return [(i, s) for i, s in mine if (s.id, s.services) not in theirs]


class _Cells:
    """Each cell of one comparison, and the sources cited, in the order first cited."""

    def __init__(
        self,
        advisor: Advisor,
        answers: BaseModel,
        data: Compare,
        firings: Sequence[Firing],
        plans: _Plans,
    ):
        self.policy, self.reasons, self.answers = advisor.policy, advisor.reasons, answers
        self.words, self.plans = data.words, plans
        self.nation = getattr(answers, "nation", None)
        self.as_of = plans.as_of
        self.row_of = _rows_of_rules(advisor.policy, data)
        self.firings = firings
        self.cited_in_order: dict[str, None] = {}

    def cell(self, row: CompareRow, placed: RankedOption, other: str) -> Cell:
        lines = [*self._reasons(row, placed), *self._facts(row, placed.option)]
        if row.plan == "cost":
            lines += self._cost(placed.option)
        elif row.plan == "steps":
            lines += self._steps(placed.option, other)
        rules = tuple(dict.fromkeys(x.rule for x in lines if x.rule))
        sources = tuple(dict.fromkeys(s for x in lines for s in x.sources))
        self.cited_in_order.update(dict.fromkeys(sources))
        if not lines:
            nothing = row.nothing or self.words.nothing
            label = self.policy.option(placed.option).label
            return Cell(
                option=placed.option,
                text=nothing.format(option=label),
                lines=(),
                rules=(),
                sources=(),
                says_nothing=True,
            )
        return Cell(
            option=placed.option,
            text=" ".join(x.text for x in lines),
            lines=tuple(lines),
            rules=rules,
            sources=sources,
            says_nothing=False,
        )

    def _shown(self, source_ids: Sequence[str]) -> tuple[str, ...]:
        return tuple(s.id for s in self.reasons.shown(source_ids, self.nation))

    def _reasons(self, row: CompareRow, placed: RankedOption) -> list[Line]:
        w = self.words
        out: list[Line] = []
        seen: set[str] = set()  # each rule once: a rule that excludes says so, not its weight
        for kind, reasons in (
            ("excludes", placed.excluded_by),
            ("favours", placed.for_),
            ("disfavours", placed.against),
        ):
            for r in reasons:
                if self.row_of.get(r.rule) != row.id or r.rule in seen:
                    continue
                seen.add(r.rule)
                weight = abs(r.weight or 0)
                prefix = {
                    "excludes": w.excludes,
                    "favours": w.favours.format(weight=weight),
                    "disfavours": w.disfavours.format(weight=weight),
                }[kind]
                out.append(
                    Line(
                        text=f"{prefix} {r.because}",
                        kind=kind,  # type: ignore[arg-type]
                        rule=r.rule,
                        sources=self._shown(self.reasons.rules[r.rule].rule.sources),
                        weight=r.weight,
                    )
                )
        for firing in self.firings:
            pr = self.reasons.rules[firing.rule]
            if (
                placed.option not in pr.rule.about
                or firing.rule in seen
                or self.row_of.get(firing.rule) != row.id
            ):
                continue
            seen.add(firing.rule)
            reason = self.reasons.reason(self.answers, firing)
            out.append(
                Line(
                    text=f"{w.about} {reason.because}",
                    kind="about",
                    rule=firing.rule,
                    sources=self._shown(pr.rule.sources),
                )
            )
        return out

    def _facts(self, row: CompareRow, option: str) -> list[Line]:
        about = {row.id, *row.topics}
        out = []
        opt: Option = self.policy.option(option)
        for fact in opt.key_facts:
            source = self.policy.source(fact.source)
            if about.isdisjoint(fact.topics) or not self._applies(source):
                continue
            text = fact.text
            if source.unsourced:
                text += " " + self.words.unsourced.format(ask=source.ask)
            out.append(Line(text=text, kind="fact", sources=(source.id,)))
        return out

    def _applies(self, source: Source) -> bool:
        window = source.in_force
        if window and window.start and self.as_of < window.start:
            return False
        if window and window.end and self.as_of >= window.end:
            return False
        return source.applies_to(self.nation)

    def _step_sources(self, step_id: str) -> tuple[str, ...]:
        plan = self.policy.plan
        assert plan is not None
        step = next(s for s in plan.steps if s.id == step_id)
        return self._shown(step.cited())

    def _cost(self, option: str) -> list[Line]:
        w = self.words
        steps, timeline = self.plans.with_(option)
        if timeline is None or not steps:
            return []
        fees = [s for s in steps if s.fee_gbp is not None]
        least = sum(s.fee_gbp or 0 for s in fees)
        most = sum((s.fee_up_to_gbp or s.fee_gbp or 0) for s in fees)
        weeks = w.weeks.format(least=_number(timeline.weeks[0]), most=_number(timeline.weeks[1]))
        if not fees:
            text = w.cost_no_fees.format(weeks=weeks)
        else:
            money = (
                w.fee.format(fee=_number(least))
                if least == most
                else w.fee_range.format(least=_number(least), most=_number(most))
            )
            text = w.cost.format(fees=money, weeks=weeks)
        if timeline.steps_without_time:
            text += " " + w.no_time.format(unknown=len(timeline.steps_without_time))
        timed = [s for s in steps if s.fee_gbp is not None or s.weeks is not None]
        sources = tuple(dict.fromkeys(x for s in timed for x in self._step_sources(s.id)))
        if not sources:  # nothing known to add up
            return []
        return [Line(text=text, kind="cost", sources=sources)]

    def _steps(self, option: str, other: str) -> list[Line]:
        w = self.words
        out = []
        for number, step in self.plans.own_steps(option, other):
            details = []
            if step.fee_gbp is not None:
                details.append(
                    w.fee.format(fee=_number(step.fee_gbp))
                    if not step.fee_up_to_gbp
                    else w.fee_range.format(
                        least=_number(step.fee_gbp), most=_number(step.fee_up_to_gbp)
                    )
                )
            if step.weeks is not None:
                details.append(
                    w.weeks.format(least=_number(step.weeks[0]), most=_number(step.weeks[1]))
                )
            fields = {"number": number, "step": step.step, "details": "; ".join(details)}
            text = (w.step if details else w.step_plain).format(**fields)
            out.append(
                Line(text=text, kind="step", rule=step.id, sources=self._step_sources(step.id))
            )
        return out


def _rows_of_rules(policy: Policy, data: Compare) -> dict[str, str]:
    """Each rule's row: the row that names it, else the first row of its topic."""
    claimed = {rule: row.id for row in reversed(data.rows) for rule in row.rules}
    by_topic = {t: row.id for row in reversed(data.rows) for t in row.topics}
    return {
        pr.rule.id: claimed.get(pr.rule.id) or by_topic.get(pr.topic or OTHER_TOPIC, "")
        for pr in policy.rules
    }


def _number(value: float) -> str:
    return f"{value:g}"
