"""A group assessment: the organiser's facts and each practice's opinions, combined.

The organiser answers the facts (`asked_of: organiser` in questionnaire.yaml: nation, services,
commissioners, …); each practice answers the questions of opinion (`asked_of: practice`) and
says which services it would join (`services_joined`). `analyse` combines them by the rule
`groups.yaml` states in words:

- each practice counts once for each question it answered (and that applies to it); the
  group's answer to a question is the answer most practices gave; an even split is a tie,
  settled by the questionnaire's default when it is one of the tied answers, else by the tied
  answer listed first (the view says it was a tie);
- a question of several answers (`choices`): a value is in when more than half the practices
  chose it (exactly half: when the default has it);
- `combined_by: all` (commitment): yes only when every practice says yes;
- a service runs when at least half the practices would join it; `member_practices` is the
  number of practices named.

It then recommends on the combined answers (durable_rules), on each practice's own answers, and
for each split question on the combined answers with each other answer given in place of the
group's: a split "matters" when that moves the form or a service's route. A split on joining a
service is run the other way too (the service left out if it runs, run if it does not): it
matters when the form or another service's route moves (the service's own route coming or going
is what the split is about, not a change). Practices that are
not committed are shown with the recommendation on the committed practices alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import SERVICES_JOINED, AnswerProblem, AnswersInvalid
from formadvisor.advice.results import Recommendation
from formadvisor.engine.facts import answer_facts, is_asked
from formadvisor.engine.reading import Facts
from formadvisor.rules.group_wording import GroupWording
from formadvisor.rules.models import Question, Questionnaire

# Organiser's questions the group's answers derive instead: the number of practices named.
DERIVED = ("member_practices",)
MAX_PRACTICES = 200  # the largest group in the case studies has 76
NAME_MAX = 120  # characters in a group's or a practice's name


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class PracticeAnswers(_Out):
    """One practice of a group: its name and its answers of opinion (None: not answered yet)."""

    name: str
    answers: dict[str, Any] | None = None
    answered_at: dt.datetime | None = None


Value = Any  # an answer: a choice id, a bool, or a tuple of choice ids


class ValueCount(_Out):
    value: Value
    label: str
    count: int
    practices: tuple[str, ...]  # who gave it


class Alternative(_Out):
    """The combined answers with `answer` in place of the group's, on durable_rules."""

    answer: Value
    label: str
    practices: tuple[str, ...]  # the practices who gave this answer
    organisational_form: str | None
    services: dict[str, str | None]
    changes_recommendation: bool
    changes: tuple[str, ...]  # what differs from the group's recommendation, in words


class QuestionView(_Out):
    question: str
    text: str
    short: str | None
    type: str
    answers: dict[str, int]  # the contract's {value: count} (booleans as "true"/"false")
    counts: tuple[ValueCount, ...]  # the same, in the questionnaire's order, with labels
    answered: int  # practices counted for this question
    agreed: bool
    tie: bool
    asked: bool = True  # False: the group's other answers leave the question out (`ask_when`)
    combined: Value  # the group's answer
    combined_label: str
    said: str  # agreed, split or tied, in words
    changes_recommendation: bool
    said_matters: str | None = None  # for a split: whether it changes the recommendation
    alternatives: tuple[Alternative, ...] = ()  # each other answer given, on durable_rules


class ServiceJoin(_Out):
    service: str
    joined: tuple[str, ...]
    not_joined: tuple[str, ...]
    runs: bool
    tie: bool
    said: str
    split: bool = False  # some practices would join it, some would not
    changes_recommendation: bool = False
    said_matters: str | None = None  # for a split: whether it changes the recommendation
    # for a split, the combined answers with the other outcome (the service left out if it
    # runs, run if it is left out), on durable_rules: `answer` is whether it would run, and
    # `changes` leaves out the service's own route coming or going (not by itself a change)
    alternative: Alternative | None = None
    said_alternative: str | None = None  # "If … did not run (…):", in groups.yaml's words

    @property
    def split_id(self) -> str:
        """Its entry in `splits_that_matter`."""
        return f"{SERVICES_JOINED}:{self.service}"


class PracticeView(_Out):
    name: str
    answered: bool
    answered_at: dt.datetime | None = None
    committed: bool | None = None
    services_joined: tuple[str, ...] = ()
    recommended: str | None = None  # the form its own answers (with the group's facts) get
    services: dict[str, str | None] = Field(default_factory=dict)  # and each service's route
    headline: str | None = None
    problems: tuple[str, ...] = ()  # why its answers could not be run


class WithoutUncommitted(_Out):
    """The recommendation recomputed on the committed practices only."""

    left_out: tuple[str, ...]
    practices: tuple[str, ...]
    recommended: str | None
    services: dict[str, str | None]
    headline: str | None
    changes_recommendation: bool
    changes: tuple[str, ...]
    said: str


class GroupView(_Out):
    """The group page's content and the API's GET body (the contract's shape plus extras)."""

    group_name: str | None = None
    as_of: dt.date  # the day whose rules made the recommendations
    answered: int
    of: int
    said_answered: str
    rule: tuple[str, ...]  # how the answers are combined, in words
    # splits that matter first, then other splits, then agreed, then those not asked
    questions: tuple[QuestionView, ...]
    splits_that_matter: tuple[str, ...]
    services: tuple[ServiceJoin, ...]
    combined: dict[str, Any] | None  # the answers the group's recommendation was made from
    recommendation: Recommendation | None
    problems: tuple[str, ...] = ()  # why there is no recommendation for the group
    by_practice: tuple[PracticeView, ...]
    not_answered: tuple[str, ...]
    uncommitted: tuple[str, ...]
    said_committed: str | None = None
    without_uncommitted: WithoutUncommitted | None = None

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, by_alias=True)


# --- what a group's answers may hold -----------------------------------------------------------


def practice_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """The questions each practice answers (its opinions), in the questionnaire's order."""
    return questionnaire.of_practice


def organiser_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """The facts the organiser answers (the number of practices is derived, so not asked)."""
    return tuple(
        q for q in questionnaire.questions if q.asked_of == "organiser" and q.id not in DERIVED
    )


def check_shared(advisor: Advisor, shared: object, practices: int = 1) -> dict:
    """The organiser's facts, checked: only facts (and `services`), each a valid answer.

    Raises `AnswersInvalid` naming each bad key (a question of opinion is the practices')."""
    if not isinstance(shared, Mapping):
        raise AnswersInvalid([AnswerProblem((), "the shared answers must be a mapping")])
    q = advisor.policy.questionnaire
    facts = {x.id for x in organiser_questions(q)} | {"services"}
    opinions = {x.id for x in practice_questions(q)}
    problems = [
        AnswerProblem((key,), _not_a_fact(key, opinions))
        for key in shared
        if key not in facts and key not in DERIVED
    ]
    problems += [AnswerProblem((key,), DERIVED_SAID) for key in shared if key in DERIVED]
    if problems:
        raise AnswersInvalid(problems)
    # Validate with a stand-in for each opinion: problems left are the facts' own.
    stand_in = {x.id: _stand_in(x) for x in practice_questions(q) if x.required}
    doc = {**stand_in, **shared, "member_practices": max(practices, 1)}
    try:
        advisor.validate(doc)
    except AnswersInvalid as e:
        own = [p for p in e.items if not p.loc or p.loc[0] not in opinions]
        if own:  # (the stand-ins are valid: any problem is the facts')
            raise AnswersInvalid(own) from None
    return dict(shared)


def check_practice(advisor: Advisor, shared: Mapping, answers: object) -> dict:
    """A practice's answers, checked: only questions of opinion and `services_joined` (names of
    the group's services, each once), each a valid answer with the group's facts.

    Raises `AnswersInvalid` naming each bad key."""
    if not isinstance(answers, Mapping):
        raise AnswersInvalid([AnswerProblem((), "the answers must be a mapping")])
    q = advisor.policy.questionnaire
    opinions = {x.id for x in practice_questions(q)}
    problems = [
        AnswerProblem((key,), NOT_A_PRACTICES)
        for key in answers
        if key not in opinions and key != SERVICES_JOINED
    ]
    names = [s.get("name") for s in shared.get("services", ()) if isinstance(s, Mapping)]
    joined = joined_by(answers, names)
    if not isinstance(joined, list | tuple) or not all(isinstance(n, str) for n in joined):
        problems.append(AnswerProblem((SERVICES_JOINED,), "must be a list of service names"))
    else:
        for i, name in enumerate(joined):
            if name not in names:
                known = ", ".join(f"'{n}'" for n in names) or "none"
                problems.append(
                    AnswerProblem((SERVICES_JOINED, i), f"no service is called '{name}': {known}")
                )
        if len(set(joined)) != len(joined):
            problems.append(AnswerProblem((SERVICES_JOINED,), "a service is named twice"))
    if problems:
        raise AnswersInvalid(problems)
    doc = {**shared, **_opinions(answers), "member_practices": 1}
    try:
        advisor.validate(doc)
    except AnswersInvalid as e:
        own = [p for p in e.items if p.loc and p.loc[0] in opinions]
        if own:  # a problem of the group's facts is the organiser's to fix, not the practice's
            raise AnswersInvalid(own) from None
    return dict(answers)


def not_yours(questionnaire: Questionnaire, key: str, practice: bool) -> str | None:
    """Why a practice (`practice`) or the organiser may not give `key`, when it is the other's
    to give (None: it is no one's)."""
    if practice:
        facts = {q.id for q in questionnaire.questions if q.asked_of == "organiser"}
        return NOT_A_PRACTICES if key in facts or key == "services" else None
    opinions = {q.id for q in practice_questions(questionnaire)}
    if key in DERIVED:
        return DERIVED_SAID
    said = _not_a_fact(key, opinions)
    return None if said == UNKNOWN else said


NOT_A_PRACTICES = "not a question for a practice: the organiser answers it"
DERIVED_SAID = "set from the practices named: leave it out"
UNKNOWN = "unknown question (check its spelling)"


def _not_a_fact(key: str, opinions: set[str]) -> str:
    if key in opinions:
        return "a question of opinion: each practice answers it"
    if key == SERVICES_JOINED:
        return "each practice says which services it would join"
    return UNKNOWN


def _stand_in(q: Question) -> Value:
    if q.type == "choice":
        return q.values[0]
    if q.type == "choices":
        return list(q.values[: max(q.min_items, 1)])
    if q.type == "boolean":
        return False
    return q.minimum if q.minimum is not None else "x"


def joined_by(answers: Mapping, names: Sequence) -> Sequence:
    """The services a practice would join: those it named, or all of them when it named none
    (`services_joined` left out or null)."""
    joined = answers.get(SERVICES_JOINED)
    return names if joined is None else joined


def _opinions(answers: Mapping) -> dict:
    return {k: v for k, v in answers.items() if k != SERVICES_JOINED}


# --- combining ---------------------------------------------------------------------------------


def _wording(advisor: Advisor) -> GroupWording:
    words = advisor.policy.groups
    if words is None:
        raise ValueError("the rules folder has no groups.yaml: it cannot analyse a group")
    return words


def _key(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _order(q: Question) -> tuple[Value, ...]:
    """The answers of a question in the order the questionnaire lists them."""
    if q.type == "boolean":
        return (True, False)  # as the form lists them: yes, then no
    return q.values


def label(q: Question, value: Value, words: GroupWording) -> str:
    """An answer in words (the choices' labels; yes or no; "none of these")."""
    if isinstance(value, bool):
        return words.yes if value else words.no
    if isinstance(value, tuple | list):
        return ", ".join(q.label_of(v) for v in value) if value else words.nothing_chosen
    return q.label_of(value)


class _Counted:
    """The answers the answered practices gave to one question of opinion."""

    def __init__(self, q: Question, given: list[tuple[str, Value]]):
        self.q, self.given = q, given
        self.n = len(given)

    def by_value(self) -> dict[Value, list[str]]:
        found: dict[Value, list[str]] = {}
        for name, value in self.given:
            for v in value if self.q.type == "choices" else (value,):
                found.setdefault(v, []).append(name)
        return found

    def combined(self) -> tuple[Value, bool]:
        """The group's answer, and whether it was a tie."""
        q, by = self.q, self.by_value()
        if q.combined_by == "all":
            return all(v for _, v in self.given), False
        if q.type == "choices":
            default = set(_values(q.default))
            half = [v for v in q.values if 2 * len(by.get(v, ())) == self.n]
            chosen = tuple(
                v
                for v in q.values
                if 2 * len(by.get(v, ())) > self.n or (v in half and v in default)
            )
            return chosen, bool(half)
        most = max(len(names) for names in by.values())
        top = [v for v in _order(q) if len(by.get(v, ())) == most]
        top += [v for v in by if len(by[v]) == most and v not in top]  # outside the choices
        if len(top) == 1:
            return top[0], False
        return (q.default if q.default in top else top[0]), True

    def distinct(self) -> list[tuple[Value, list[str]]]:
        """Each answer given (a whole set for `choices`), with who gave it, most given first."""
        found: dict[Value, list[str]] = {}
        for name, value in self.given:
            found.setdefault(value, []).append(name)
        return sorted(found.items(), key=lambda kv: -len(kv[1]))


def _values(default: object) -> tuple:
    """A `choices` question's default as a tuple of values."""
    return tuple(default) if isinstance(default, tuple | list) else ()


def _given(q: Question, answers: Mapping, facts: Facts) -> Value | None:
    """One practice's answer to `q` as counted: None when it gave none (its default applies to
    its own recommendation, but it is not counted for the group) or `q` is not asked of it
    (its `ask_when` fails on its own answers)."""
    value = answers.get(q.id)
    if value is None or not is_asked(q, facts):
        return None
    if q.type == "choices":
        return tuple(v for v in q.values if v in set(value))
    return value


def _practice_doc(shared: Mapping, answers: Mapping, members: int) -> dict:
    """A practice's own answers with the group's facts, for the services it would join."""
    joined = answers.get(SERVICES_JOINED)
    services = [
        s for s in shared.get("services", ()) if joined is None or s.get("name") in set(joined)
    ]
    return {**shared, **_opinions(answers), "member_practices": members, "services": services}


class _Combined:
    """The combined answers of some practices (all of them, or the committed ones)."""

    def __init__(
        self, advisor: Advisor, shared: Mapping, practices: Sequence[PracticeAnswers], members: int
    ):
        q = advisor.policy.questionnaire
        self.words = _wording(advisor)
        answered = [p for p in practices if p.answers is not None]
        self.answered = answered
        self.counted: list[_Counted] = []
        doc: dict[str, Any] = {**shared, "member_practices": members}
        own = {p.name: _practice_doc(shared, p.answers or {}, members) for p in answered}
        facts = {name: answer_facts(q.questions, d) for name, d in own.items()}
        for question in practice_questions(q):
            given = []
            for p in answered:
                value = _given(question, own[p.name], facts[p.name])
                if value is not None:
                    given.append((p.name, value))
            if given:
                counted = _Counted(question, given)
                self.counted.append(counted)
                value, _ = counted.combined()
                doc[question.id] = list(value) if isinstance(value, tuple) else value
        self.joins: list[ServiceJoin] = []
        self.services = list(shared.get("services", ()))
        running = []
        n = len(answered)
        for service in shared.get("services", ()):
            name = service.get("name")
            joined = tuple(
                p.name
                for p in answered
                if p.answers is not None and name in joined_by(p.answers, [name])
            )
            not_joined = tuple(p.name for p in answered if p.name not in joined)
            runs, tie = 2 * len(joined) >= n, 2 * len(joined) == n and n > 0
            w = self.words
            pattern = w.service_tie if tie else w.service_runs if runs else w.service_does_not_run
            said = pattern.format(service=name, joined=len(joined), of=n)
            self.joins.append(
                ServiceJoin(
                    service=name,
                    joined=joined,
                    not_joined=not_joined,
                    runs=runs,
                    tie=tie,
                    said=said,
                    split=bool(joined) and bool(not_joined),
                )
            )
            if runs:
                running.append(service)
        if not answered:  # nobody has said which services they would join yet
            self.joins = []
        doc["services"] = running
        self.doc = doc


def _routes(rec: Recommendation) -> dict[str, str | None]:
    return {s.name: s.contract_route.recommended for s in rec.services}


def _changes(
    advisor: Advisor,
    form: str | None,
    routes: Mapping[str, str | None],
    new_form: str | None,
    new_routes: Mapping[str, str | None],
) -> tuple[str, ...]:
    """What differs from (`form`, `routes`), in `groups.yaml`'s words."""
    words = _wording(advisor)

    def name(option: str | None) -> str:
        return _label(advisor, option)

    said = []
    if new_form != form:
        said.append(words.form_changes.format(form=name(new_form), was=name(form)))
    for service, route in new_routes.items():
        if service not in routes:
            said.append(words.service_added.format(service=service, route=name(route)))
        elif route != routes[service]:
            said.append(
                words.route_changes.format(
                    service=service, route=name(route), was=name(routes[service])
                )
            )
    said += [words.service_dropped.format(service=s) for s in routes if s not in new_routes]
    return tuple(said)


def ranked_on_durable(
    advisor: Advisor, doc: Mapping, as_of: dt.date
) -> tuple[str | None, dict[str, str | None]]:
    """The form and each service's route for an answer document, on durable_rules."""
    answers = advisor.validate(dict(doc))
    form, routes, _ = advisor.ranker.ranked(advisor.trace(answers, as_of))
    names = [s.name for s in getattr(answers, "services", ())]
    return form.recommended, dict(zip(names, (r.recommended for r in routes), strict=True))


def analyse(
    advisor: Advisor,
    shared: dict,
    practices: Sequence[PracticeAnswers],
    as_of: dt.date | None = None,
    group_name: str | None = None,
    what_if: bool = False,
) -> GroupView:
    """Combine the organiser's facts with the practices' opinions and say where they agree,
    what the group is recommended, and which splits change that (confirmed on durable_rules)."""
    as_of = as_of or dt.date.today()
    words = _wording(advisor)
    members = len(practices)
    combined = _Combined(advisor, shared, practices, members)
    rec: Recommendation | None = None
    problems: tuple[str, ...] = ()
    if combined.answered:
        try:
            rec = advisor.recommend(combined.doc, as_of=as_of, what_if=what_if)
        except AnswersInvalid as e:
            problems = tuple(e.problems)
    else:
        problems = (words.nobody_answered,)
    facts = answer_facts(advisor.policy.questionnaire.questions, combined.doc)
    questions = [
        _question(advisor, c, combined.doc, rec, as_of, is_asked(c.q, facts))
        for c in combined.counted
    ]
    # splits that matter first, then the other splits, then the answers agreed on, then the
    # questions the group's answers do not ask (stable: in the questionnaire's order)
    questions.sort(key=lambda v: (not v.changes_recommendation, not v.asked, v.agreed))
    joins = tuple(_join(advisor, j, combined, rec, as_of) for j in combined.joins)
    by_practice = tuple(_practice(advisor, shared, p, members, as_of) for p in practices)
    uncommitted = tuple(v.name for v in by_practice if v.committed is False)
    without = None
    if uncommitted and rec is not None:
        without = _without(advisor, shared, practices, uncommitted, rec, as_of)
    answered = len(combined.answered)
    return GroupView(
        group_name=group_name,
        as_of=as_of,
        answered=answered,
        of=members,
        said_answered=words.answered.format(answered=answered, of=members),
        rule=words.rule,
        questions=tuple(questions),
        splits_that_matter=(
            *(v.question for v in questions if v.changes_recommendation),
            *(j.split_id for j in joins if j.changes_recommendation),
        ),
        services=joins,
        combined=combined.doc if combined.answered else None,
        recommendation=rec,
        problems=problems,
        by_practice=by_practice,
        not_answered=tuple(p.name for p in practices if p.answers is None),
        uncommitted=uncommitted,
        said_committed=(
            words.uncommitted.format(practices=", ".join(uncommitted))
            if uncommitted
            else words.all_committed
            if combined.answered
            else None
        ),
        without_uncommitted=without,
    )


def _question(
    advisor: Advisor,
    counted: _Counted,
    doc: Mapping,
    rec: Recommendation | None,
    as_of: dt.date,
    asked: bool,
) -> QuestionView:
    words = _wording(advisor)
    q = counted.q
    by = counted.by_value()
    value, tie = counted.combined()
    distinct = counted.distinct()
    agreed = len(distinct) == 1
    shown = label(q, value, words)
    if not asked:  # the group's other answers leave it out: no rule reads it for the group
        said = words.not_asked
    elif agreed:
        said = words.agreed.format(answer=shown)
    elif q.combined_by == "all":
        said = words.split_all.format(answer=shown)
    elif tie:
        why = (
            words.tie_default
            if value == q.default or (q.type == "choices" and set(value) == set(_values(q.default)))
            else words.tie_first
        )
        said = words.tie.format(answer=shown, why=why)
    else:
        said = words.split.format(answer=shown)
    order = [v for v in _order(q) if v in by] + [v for v in by if v not in _order(q)]
    counts = tuple(
        ValueCount(value=v, label=label(q, v, words), count=len(by[v]), practices=tuple(by[v]))
        for v in order
    )
    alternatives: list[Alternative] = []
    if rec is not None and not agreed and asked:
        form, routes = rec.organisational_form.recommended, _routes(rec)
        for other, names in distinct:
            if other == value:
                continue
            put = list(other) if isinstance(other, tuple) else other
            try:
                new_form, new_routes = ranked_on_durable(advisor, {**doc, q.id: put}, as_of)
            except AnswersInvalid:
                continue
            changes = _changes(advisor, form, routes, new_form, new_routes)
            alternatives.append(
                Alternative(
                    answer=other,
                    label=label(q, other, words),
                    practices=tuple(names),
                    organisational_form=new_form,
                    services=new_routes,
                    changes_recommendation=bool(changes),
                    changes=changes,
                )
            )
    matters = any(a.changes_recommendation for a in alternatives)
    return QuestionView(
        question=q.id,
        text=q.text,
        short=q.short,
        type=q.type,
        answers={_key(c.value): c.count for c in counts},
        counts=counts,
        answered=counted.n,
        agreed=agreed,
        tie=tie,
        combined=value,
        combined_label=shown,
        said=said,
        changes_recommendation=matters,
        said_matters=(
            None if agreed or not asked else words.matters if matters else words.does_not_matter
        ),
        asked=asked,
        alternatives=tuple(alternatives),
    )


def _join(
    advisor: Advisor,
    join: ServiceJoin,
    combined: _Combined,
    rec: Recommendation | None,
    as_of: dt.date,
) -> ServiceJoin:
    """A service whose joining is split, with the other outcome run on durable_rules: the
    combined answers with it left out (it runs) or run (it is left out)."""
    if rec is None or not join.split:
        return join
    words = _wording(advisor)
    running = {s.get("name") for s in combined.doc["services"]} ^ {join.service}
    services = [s for s in combined.services if s.get("name") in running]
    try:
        form, routes = ranked_on_durable(advisor, {**combined.doc, "services": services}, as_of)
    except AnswersInvalid:
        return join
    was, was_routes = rec.organisational_form.recommended, _routes(rec)
    # the service's own route coming or going is what the split is about, not a change of it
    changes = _changes(
        advisor,
        was,
        {k: v for k, v in was_routes.items() if k != join.service},
        form,
        {k: v for k, v in routes.items() if k != join.service},
    )
    practices = join.not_joined if join.runs else join.joined
    runs = not join.runs
    names = ", ".join(practices)
    said = (
        words.if_service_runs.format(
            service=join.service,
            practices=names,
            route=_label(advisor, routes.get(join.service)),
        )
        if runs
        else words.if_service_left_out.format(service=join.service, practices=names)
    )
    return join.model_copy(
        update={
            "changes_recommendation": bool(changes),
            "said_matters": words.matters if changes else words.does_not_matter,
            "said_alternative": said,
            "alternative": Alternative(
                answer=runs,
                label=words.yes if runs else words.no,
                practices=practices,
                organisational_form=form,
                services=routes,
                changes_recommendation=bool(changes),
                changes=changes,
            ),
        }
    )


def _label(advisor: Advisor, option: str | None) -> str:
    return advisor.policy.option(option).label if option else _wording(advisor).no_route


def _practice(
    advisor: Advisor, shared: Mapping, p: PracticeAnswers, members: int, as_of: dt.date
) -> PracticeView:
    if p.answers is None:
        return PracticeView(name=p.name, answered=False)
    names = [s.get("name") for s in shared.get("services", ())]
    joined = tuple(joined_by(p.answers, names))
    committed = _committed(advisor, p.answers)
    base = PracticeView(
        name=p.name,
        answered=True,
        answered_at=p.answered_at,
        committed=committed,
        services_joined=joined,
    )
    try:
        rec = advisor.recommend(
            _practice_doc(shared, p.answers, members), as_of=as_of, what_if=False
        )
    except AnswersInvalid as e:
        words = _wording(advisor)
        said = words.own_answers_invalid.format(name=p.name, problems="; ".join(e.problems))
        return base.model_copy(update={"problems": (said,)})
    return base.model_copy(
        update={
            "recommended": rec.organisational_form.recommended,
            "services": _routes(rec),
            "headline": rec.summary.headline if rec.summary else None,
        }
    )


def _committed(advisor: Advisor, answers: Mapping) -> bool | None:
    """A practice's commitment: its answer to the question combined by `all` (its default)."""
    for q in practice_questions(advisor.policy.questionnaire):
        if q.combined_by == "all":
            value = answers.get(q.id, q.default)
            return bool(value) if value is not None else None
    return None


def _without(
    advisor: Advisor,
    shared: Mapping,
    practices: Sequence[PracticeAnswers],
    uncommitted: tuple[str, ...],
    rec: Recommendation,
    as_of: dt.date,
) -> WithoutUncommitted | None:
    words = _wording(advisor)
    kept = [p for p in practices if p.answers is not None and p.name not in uncommitted]
    if not kept:
        return None
    combined = _Combined(advisor, shared, kept, len(kept))
    try:
        other = advisor.recommend(combined.doc, as_of=as_of, what_if=False)
    except AnswersInvalid:
        return None
    form, routes = other.organisational_form.recommended, _routes(other)
    changes = _changes(advisor, rec.organisational_form.recommended, _routes(rec), form, routes)
    return WithoutUncommitted(
        left_out=uncommitted,
        practices=tuple(p.name for p in kept),
        recommended=form,
        services=routes,
        headline=other.summary.headline if other.summary else None,
        changes_recommendation=bool(changes),
        changes=changes,
        said=words.without_uncommitted_changes if changes else words.without_uncommitted_same,
    )
