"""The services pages: one question a page, then the list (GOV.UK "add another").

A service is asked the service questions of `questionnaire.yaml` one a page, skipping those
that do not apply (a follow-up of employing staff when the group does not): its name first
(`services/new`, which adds it), then each question at `services/{n}/{question}`, where `n` is
its 1-based number. Each answer is saved as it is given, so a half-answered service is kept
as a draft and the list says so. The list asks "Do you need to add another service?" and
leads on to check your answers. A change from check your answers returns to its row there.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request

from formadvisor.advice.answers import MAX_SERVICES
from formadvisor.engine.facts import answer_facts, asked_questions
from formadvisor.i18n import gettext
from formadvisor.rules.models import Question
from formadvisor.store.database import Assessment
from formadvisor.web.drafts import (
    back_to_check,
    changing,
    draft,
    posted,
    questionnaire,
    save,
    see,
    summary_errors,
)
from formadvisor.web.flow import asked, row_id, sections, url
from formadvisor.web.forms import (
    different_name,
    fields,
    posted_as_shown,
    read,
    read_page,
    shown,
    yes_no,
)
from formadvisor.web.language import current
from formadvisor.web.pages import render

router = APIRouter(include_in_schema=False)
SERVICE = "service."
ADD_ANOTHER = "add_another"


def _services(row: Assessment) -> list[dict]:
    return list(row.answers.get("services") or [])


def _service_number(row: Assessment, n: str) -> int:
    """The 1-based number in a service's address, as an index; 404 if there is none."""
    if not re.fullmatch(r"[1-9]\d{0,3}", n) or int(n) > len(_services(row)):
        raise HTTPException(404)
    return int(n) - 1


def _asked(request: Request, row: Assessment, service: dict) -> list[Question]:
    """The service questions this service is asked, given the group's answers and its own."""
    qs = questionnaire(request)
    given = answer_facts(qs.questions, row.answers)
    return asked_questions(qs.service_questions, service, SERVICE, given)


def _missing(request: Request, row: Assessment, service: dict) -> Question | None:
    """The first question this service is asked that it has no answer to."""
    return next((q for q in _asked(request, row, service) if q.id not in service), None)


# --- the list: add another ----------------------------------------------------------------------


def _list_page(request: Request, row: Assessment, problem: dict | None = None):
    """The list; `problem` is what to put right (the template words it)."""
    aid = row.id
    qs = questionnaire(request)
    last = next((q for q in reversed(asked(qs, row.answers))), None)
    change = changing(request)
    back = url(aid, "check") if change or not last else url(aid, "questions", last.id)
    labels = {q.id: q for q in qs.service_questions}
    rows = []
    for i, s in enumerate(_services(row), 1):
        todo = _missing(request, row, s)
        rows.append(
            {
                "name": s.get("name", ""),
                "about": [labels[k].label_of(s[k]) for k in ("kind", "commissioner") if k in s],
                "incomplete": todo is not None,
                "change": url(aid, "services", i),
                "remove": url(aid, "services", i, "remove"),
            }
        )
    return render(
        request,
        "services.html",
        {
            "error": bool(problem),
            "problem": problem,
            "rows": rows,
            "back": back,
            "can_add": len(rows) < MAX_SERVICES,
            "action": url(aid, "services", change=change),
            "items": yes_no(),
            "next": url(aid, "check"),
        },
    )


@router.get("/assessments/{aid}/services")
def services(request: Request, aid: str):
    return _list_page(request, draft(request, aid))


@router.post("/assessments/{aid}/services")
async def add_another(request: Request, aid: str):
    """ "Do you need to add another service?": yes to a new service, no to check your answers
    (once every service has its answers)."""
    form = await posted(request)
    row = draft(request, aid)
    choice = (form.get(ADD_ANOTHER) or [""])[0]
    if choice == "yes" and len(_services(row)) < MAX_SERVICES:
        return see(url(aid, "services", "new", change=changing(request)))
    if choice not in ("yes", "no") and len(_services(row)) < MAX_SERVICES:
        return _list_page(request, row, {"problem": "choose", "href": "#" + ADD_ANOTHER})
    for n, s in enumerate(_services(row), 1):
        todo = _missing(request, row, s)
        if todo:
            href = url(aid, "services", n, todo.id)
            return _list_page(
                request, row, {"problem": "incomplete", "href": href, "name": s.get("name")}
            )
    return see(url(aid, "check"))


# --- remove -------------------------------------------------------------------------------------


@router.get("/assessments/{aid}/services/{n}/remove")
def confirm_remove(request: Request, aid: str, n: str):
    row = draft(request, aid)
    number = _service_number(row, n)
    name = _services(row)[number].get("name", "")
    return render(
        request,
        "service_remove.html",
        {
            "name": name,
            "back": url(aid, "services"),
            "action": url(aid, "services", number + 1, "remove"),
        },
    )


@router.post("/assessments/{aid}/services/{n}/remove")
async def remove_service(request: Request, aid: str, n: str):
    await posted(request)
    row = draft(request, aid)
    number = _service_number(row, n)
    kept = [s for i, s in enumerate(_services(row)) if i != number]
    save(request, row, {**row.answers, "services": kept})
    return see(url(aid, "services"))


# --- one question a page ------------------------------------------------------------------------


def _question_page(request, row, number: int | None, q: Question, value, error=None):
    """A service question's page; `number` is the service's index (None: a new service)."""
    change = changing(request)
    service = _services(row)[number] if number is not None else {}
    pages = _asked(request, row, service)
    ids = [p.id for p in pages]
    top = fields([q], {q.id: value}, {q.id: error} if error else None, SERVICE)
    where = "new" if number is None else number + 1
    if change:
        back = back_to_check(row.id, change)
    elif q.id in ids and ids.index(q.id) > 0:
        back = url(row.id, "services", where, ids[ids.index(q.id) - 1])
    else:
        back = url(row.id, "services")
    return render(
        request,
        "service.html",
        {
            "title": q.text,
            "error": bool(error),
            "errors": summary_errors(top),
            "fields": top,
            "back": back,
            "action": url(
                row.id, "services", where, *(() if number is None else (q.id,)), change=change
            ),
            "progress": {
                "number": ids.index(q.id) + 1 if q.id in ids else 1,
                "total": len(ids),
                "section": sections(questionnaire(request).service_questions).get(q.id),
                "item": service.get("name"),
            },
        },
    )


def _name_question(request: Request) -> Question:
    return questionnaire(request).service_questions[0]


@router.get("/assessments/{aid}/services/new")
def new_service(request: Request, aid: str):
    row = draft(request, aid)
    return _question_page(request, row, None, _name_question(request), "")


@router.post("/assessments/{aid}/services/new")
async def add_service(request: Request, aid: str):
    """The new service's name: it is added to the list, and its other questions follow."""
    form = await posted(request)
    row = draft(request, aid)
    q = _name_question(request)
    value, error = read(q, form.get(q.id, ()))
    if not error and value in [s.get(q.id) for s in _services(row)]:
        error = different_name()
    if not error and len(_services(row)) >= MAX_SERVICES:
        error = gettext(current(), "You can add up to %(most)s services", most=MAX_SERVICES)
    if error:
        return _question_page(request, row, None, q, posted_as_shown(q, form.get(q.id, [])), error)
    service = {q.id: value}
    all_services = [*_services(row), service]
    save(request, row, {**row.answers, "services": all_services})
    return _onward(request, draft(request, aid), len(all_services), q.id, {})


@router.get("/assessments/{aid}/services/{n}")
def service(request: Request, aid: str, n: str):
    """A service from the list: its first question without an answer, or else its first."""
    row = draft(request, aid)
    number = _service_number(row, n)
    s = _services(row)[number]
    todo = _missing(request, row, s) or _asked(request, row, s)[0]
    return see(url(aid, "services", number + 1, todo.id, change=changing(request)))


def _service_question(request: Request, row: Assessment, number: int, qid: str) -> Question:
    q = next((q for q in _asked(request, row, _services(row)[number]) if q.id == qid), None)
    if q is None:
        raise HTTPException(404)
    return q


@router.get("/assessments/{aid}/services/{n}/{qid}")
def service_question(request: Request, aid: str, n: str, qid: str):
    row = draft(request, aid)
    number = _service_number(row, n)
    q = _service_question(request, row, number, qid)
    return _question_page(request, row, number, q, shown(q, _services(row)[number].get(q.id)))


@router.post("/assessments/{aid}/services/{n}/{qid}")
async def answer_service_question(request: Request, aid: str, n: str, qid: str):
    form = await posted(request)
    row = draft(request, aid)
    number = _service_number(row, n)
    q = _service_question(request, row, number, qid)
    qs = questionnaire(request)
    old = _services(row)[number]
    others = {k: v for k, v in old.items() if k != q.id}
    given = answer_facts(
        qs.service_questions, others, SERVICE, answer_facts(qs.questions, row.answers)
    )
    answers, errors = read_page([q], form, SERVICE, given)
    if q.id == "name" and answers.get("name") in [
        s.get("name") for i, s in enumerate(_services(row)) if i != number
    ]:
        errors["name"] = different_name()
    if errors:
        value = posted_as_shown(q, form.get(q.id, []))
        return _question_page(request, row, number, q, value, errors[q.id])
    all_services = _services(row)
    all_services[number] = {**old, **answers}
    save(request, row, {**row.answers, "services": all_services})
    return _onward(request, draft(request, aid), number + 1, q.id, old)


def _onward(request: Request, row: Assessment, n: int, qid: str, before: dict):
    """After a service's answer: its next question; from check your answers, only a question
    the change brought in, then the changed row; at the end, the list."""
    aid = row.id
    s = _services(row)[n - 1]
    pages = _asked(request, row, s)
    ids = [q.id for q in pages]
    change = changing(request)
    if change:
        change = change if isinstance(change, str) else row_id(qid, n)
        was = {q.id for q in _asked(request, row, before)} if before else set()
        todo = next((q for q in pages if q.id not in s and q.id not in was), None)
        if todo:
            return see(url(aid, "services", n, todo.id, change=change))
        return see(back_to_check(aid, change))
    later = pages[ids.index(qid) + 1 :] if qid in ids else []
    return see(url(aid, "services", n, later[0].id) if later else url(aid, "services"))
