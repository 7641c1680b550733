"""`/assessments/{token}/result/if?question=&answer=[&answer=…][&service=]`: "See this result".

One changed answer of a saved assessment, run through the rules (on the engine thread) and
shown beside the saved result. Nothing is saved and the saved result is not touched: the page
links back to it and, by the edit link only, to the question's page in the journey (the usual
`?change=` flow, with its warning first), where the group can make the change for real.

The change is named by the question's id, the new answer (repeated for a list) and, for a
service's question, the service's name: never by its place in a list that may change. A
question that is not there, not one a group can change or not asked for these answers, an
answer the question does not take, or a service that is not one of the answers' gets an error
page (404 for what is not there, 400 for the rest) naming what was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.results import Recommendation
from formadvisor.engine.facts import answer_facts, asked_questions
from formadvisor.rules.models import Question
from formadvisor.store.assessments import readable_result, result_answers
from formadvisor.web.flow import asked, row_id, url
from formadvisor.web.pages import render
from formadvisor.web.report_view import Wording, if_query
from formadvisor.web.saved_language import in_language
from formadvisor.web.serving import advisor_of, engine_work
from formadvisor.web.sharing import opened

router = APIRouter(include_in_schema=False)


def if_href(token: str, question: str, answer: object, service: str | None) -> str:
    """The "See this result" address of one changed answer (a decider of a close call; the
    what-if list adds the same `if_query` to its own page's address)."""
    return f"/assessments/{quote(token, safe='')}/result/if{if_query(question, answer, service)}"


class Refused(Exception):
    """Why the change cannot be shown: `kind` names the template's message (see_result_error)."""

    def __init__(self, status: int, kind: str, **said: Any):
        self.status, self.kind, self.said = status, kind, said


@dataclass(frozen=True)
class Change:
    """One changed answer: its question, the service it is for (None: the group's), the answer
    now and the one asked about, and the answers with it changed."""

    question: Question
    service: str | None
    number: int | None  # the service's 1-based number in the answers
    before: Any
    after: Any
    answers: dict

    @property
    def key(self) -> str:
        """The what-if key (`profit_intent`, `services[0].kind`)."""
        if self.number is None:
            return self.question.id
        return f"services[{self.number - 1}].{self.question.id}"


_TRUE, _FALSE = {"true", "yes"}, {"false", "no"}


def _value(q: Question, given: list[str]) -> Any:
    """The answer in the question's own type, or `Refused` naming what was wrong."""
    wrong = Refused(400, "answer", question=q.text, answer=", ".join(given))
    if q.type == "choices":
        chosen = [v for v in given if v != ""]
        if any(v not in q.values for v in chosen) or len(set(chosen)) != len(chosen):
            raise wrong
        return sorted(chosen, key=q.values.index)
    if len(given) != 1:
        raise wrong
    text = given[0].strip()
    if q.type == "choice":
        if text not in q.values:
            raise wrong
        return text
    if q.type == "boolean":
        if text.lower() not in _TRUE | _FALSE:
            raise wrong
        return text.lower() in _TRUE
    if q.type == "integer":
        try:
            number = int(text)
        except ValueError:
            raise wrong from None
        if (q.minimum is not None and number < q.minimum) or (
            q.maximum is not None and number > q.maximum
        ):
            raise wrong
        return number
    raise wrong  # free text is never a what-if


def read_change(advisor: Advisor, answers: dict, query: Any) -> Change:
    """The change the address asks for, checked against the questionnaire and the answers."""
    qs = advisor.policy.questionnaire
    qid = query.get("question") or ""
    name = query.get("service")
    if name is None:
        q = next((x for x in qs.questions if x.id == qid), None)
        if q is None and any(x.id == qid for x in qs.service_questions):
            raise Refused(400, "service_needed", question=qid)
    else:
        q = next((x for x in qs.service_questions if x.id == qid), None)
    if q is None:
        raise Refused(404, "question", question=qid)
    if not q.changeable or q.id == "name":
        raise Refused(400, "not_changeable", question=q.text)
    after = _value(q, query.getlist("answer"))
    if name is None:
        if q.id not in {x.id for x in asked(qs, answers)}:
            raise Refused(400, "not_asked", question=q.text)
        before = answers.get(q.id)
        changed = {**answers, q.id: after}
        number = None
    else:
        services = list(answers.get("services") or ())
        names = [s.get("name") for s in services]
        if name not in names:
            raise Refused(404, "service", service=name, services=names)
        i = names.index(name)
        facts = answer_facts(qs.questions, answers)
        here = asked_questions(qs.service_questions, services[i], "service.", facts)
        if q.id not in {x.id for x in here}:
            raise Refused(400, "not_asked", question=q.text, service=name)
        before = services[i].get(q.id)
        services[i] = {**services[i], q.id: after}
        changed = {**answers, "services": services}
        number = i + 1
    if _same(before, after):
        raise Refused(400, "same", question=q.text, service=name)
    return Change(q, name, number, before, after, changed)


def _same(before: object, after: object) -> bool:
    if isinstance(before, list | tuple) and isinstance(after, list | tuple):
        return sorted(map(str, before)) == sorted(map(str, after))
    return before == after


@dataclass(frozen=True)
class Column:
    """One side of the page: a result, and for each part whether it differs from the other."""

    rec: Recommendation
    form_changed: bool
    routes: list[tuple[str, str | None, bool]]  # (service, route, changed)
    headline_changed: bool  # a close call settled, or one made: the summary says so


def _headline(rec: Recommendation) -> str | None:
    return rec.summary.headline if rec.summary else None


def columns(now: Recommendation, then: Recommendation) -> tuple[Column, Column]:
    """The saved result and the changed one, each part marked where the two differ."""
    form_changed = now.organisational_form.recommended != then.organisational_form.recommended
    headline_changed = _headline(now) != _headline(then)
    before = {s.name: s.contract_route.recommended for s in now.services}
    after = {s.name: s.contract_route.recommended for s in then.services}
    return (
        Column(
            now,
            form_changed,
            [(n, r, after.get(n) != r) for n, r in before.items()],
            headline_changed,
        ),
        Column(
            then,
            form_changed,
            [(n, r, before.get(n) != r) for n, r in after.items()],
            headline_changed,
        ),
    )


def consequence(rec: Recommendation, change: Change) -> str | None:
    """The saved result's own what-if for this change, when it lists it: its consequence."""
    for w in rec.what_if:
        if w.question == change.key and _same(w.answer, change.after):
            return w.consequence or None
    return None


def _recommend(advisor: Advisor, answers: dict, rec: Recommendation) -> Recommendation:
    return advisor.recommend(answers, rec.as_of, what_if=False)


@router.get("/assessments/{assessment_id}/result/if")
async def see_result(request: Request, assessment_id: str) -> Response:
    seen = await run_in_threadpool(opened, request, assessment_id)  # reads the database
    back = f"/assessments/{assessment_id}/result"
    rec = readable_result(seen.row)
    if rec is None:  # nothing to see it beside: the result page says what to do
        return _refused(request, Refused(404, "no_result"), back)
    rec = await in_language(request, seen, rec)  # its consequences in the page's words
    versions = await run_in_threadpool(request.app.state.store.versions, seen.row.id)
    made_from = result_answers(seen.row, versions)
    advisor = advisor_of(request)
    try:
        change = read_change(advisor, made_from, request.query_params)
    except Refused as refused:
        return _refused(request, refused, back)
    rules_changed = rec.ruleset.version != advisor.policy.version
    try:
        if rules_changed:  # both under today's rules, so only the answer differs
            rec = await engine_work(_recommend, advisor, made_from, rec)
        other = await engine_work(_recommend, advisor, change.answers, rec)
    except AnswersInvalid as invalid:
        return _refused(request, Refused(400, "invalid", problems=invalid.problems), back)
    wording = Wording(advisor.policy)
    now, then = columns(rec, other)
    context = {
        "back": back,
        "change": change,
        "before": wording.answer(change.question, change.before)
        if change.before is not None
        else None,
        "after": wording.answer(change.question, change.after),
        "now": now,
        "then": then,
        "same": not then.form_changed and not any(c for _, _, c in then.routes),
        "label": wording.option,
        "consequence": consequence(rec, change),
        "rules_changed": rules_changed,
        "read_only": seen.read_only,
        "change_link": None if seen.read_only else _journey_page(seen.row.id, change),
    }
    return render(request, "see_result.html", context)


def _journey_page(aid: str, change: Change) -> str:
    """The question's page in the journey, returning to check your answers at its row."""
    if change.number is None:
        return url(aid, "questions", change.question.id, change=row_id(change.question.id))
    n = change.number
    return url(aid, "services", n, change.question.id, change=row_id(change.question.id, n))


def _refused(request: Request, refused: Refused, back: str) -> Response:
    context = {"back": back, "kind": refused.kind}
    return render(request, "see_result_error.html", context | refused.said, refused.status)
