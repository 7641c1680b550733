"""The questionnaire journey: start, one page per question, the services, check your answers.

Every page is made from `questionnaire.yaml` (see `forms` and `flow`); the routes only load
the draft, read the posted form, save and redirect (303), or render the page again with its
errors. Posts need the CSRF token (`csrf`).
"""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from formadvisor.advice.answers import MAX_SERVICES, AnswersInvalid
from formadvisor.engine.facts import answer_facts
from formadvisor.rules.models import Question, Questionnaire
from formadvisor.store.assessments import run_assessment
from formadvisor.store.database import Assessment
from formadvisor.web import csrf
from formadvisor.web.check_answers import problem_links, summary
from formadvisor.web.flow import (
    asked,
    first_required_unanswered,
    first_unanswered,
    next_question,
    previous_question,
    tidy,
    url,
)
from formadvisor.web.forms import fields, posted_as_shown, read_page, shown
from formadvisor.web.pages import render
from formadvisor.web.serving import advisor_of

router = APIRouter(include_in_schema=False)
SERVICE = "service."


# --- plumbing ------------------------------------------------------------------------------------


def changing(request: Request) -> bool:
    """Whether the page was opened from check your answers (`?change=1`): it returns there."""
    return request.query_params.get("change") == "1"


def see(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303)


def questionnaire(request: Request) -> Questionnaire:
    return advisor_of(request).policy.questionnaire


def draft(request: Request, aid: str) -> Assessment:
    row = request.app.state.store.get(aid)
    if row is None:
        raise HTTPException(404)
    return row


def save(request: Request, row: Assessment, answers: dict) -> dict:
    """Save the answers (tidied); a result made from other answers no longer holds, so it goes."""
    answers = tidy(questionnaire(request), answers)
    if answers != row.answers:
        request.app.state.store.update(
            row.id, answers=answers, result=None, trace=None, rules_hash=None, rules_release=None
        )
    return answers


async def posted(request: Request) -> dict[str, list[str]]:
    form = await csrf.checked_form(request)
    return {name: [v for v in form.getlist(name) if isinstance(v, str)] for name in form}


def summary_errors(found: list) -> list[dict]:
    """Error summary items: each message links to its field (or to the page that fixes it)."""
    return [{"text": f.error, "href": "#" + f.id} for f in found if f.error]


def all_fields(top: list) -> list:
    """Fields with their follow-ups, in page order."""
    return [g for f in top for g in (f, *(c for cs in f.reveals.values() for c in all_fields(cs)))]


# --- start and resume ----------------------------------------------------------------------------


@router.get("/")
def start(request: Request):
    return render(request, "start.html", {})


@router.post("/assessments")
async def create(request: Request):
    await posted(request)
    row = request.app.state.store.create()
    first = next_question(questionnaire(request), {}, None)
    return see(url(row.id, "questions", first.id) if first else url(row.id, "services"))


@router.get("/assessments/{aid}")
def resume(request: Request, aid: str):
    """The link a cluster keeps: check answers, or first a question that must be answered."""
    row = draft(request, aid)
    todo = first_required_unanswered(questionnaire(request), row.answers)
    return see(url(aid, "questions", todo.id) if todo else url(aid, "check"))


# --- one question a page -------------------------------------------------------------------------


def _question(request: Request, qid: str) -> Question:
    q = next((q for q in questionnaire(request).questions if q.id == qid), None)
    if q is None:
        raise HTTPException(404)
    return q


def _question_page(request, row, q, shown_values, errors=None):
    change = changing(request)
    previous = previous_question(questionnaire(request), row.answers, q.id)
    back = (
        url(row.id, "check")
        if change
        else (url(row.id, "questions", previous.id) if previous else "/")
    )
    top = fields([q], shown_values, errors)
    return render(
        request,
        "question.html",
        {
            "title": q.text,
            "error": bool(errors),
            "errors": summary_errors(top),
            "fields": top,
            "back": back,
            "action": url(row.id, "questions", q.id, change=change),
        },
    )


@router.get("/assessments/{aid}/questions/{qid}")
def question(request: Request, aid: str, qid: str):
    row = draft(request, aid)
    q = _question(request, qid)
    if q not in asked(questionnaire(request), row.answers):
        return see(url(aid))
    return _question_page(request, row, q, {q.id: shown(q, row.answers.get(q.id))})


@router.post("/assessments/{aid}/questions/{qid}")
async def answer(request: Request, aid: str, qid: str):
    form = await posted(request)
    row = draft(request, aid)
    q = _question(request, qid)
    qs = questionnaire(request)
    others = answer_facts(qs.questions, {k: v for k, v in row.answers.items() if k != q.id})
    answers, errors = read_page([q], form, given=others)
    if errors:
        values = {q.id: posted_as_shown(q, form.get(q.id, []))}
        return _question_page(request, row, q, values, errors)
    answers = save(request, row, {**row.answers, **answers})
    if changing(request):  # on to any question the change brought in, then back to check
        todo = first_unanswered(qs, answers, after=q.id)
        return see(url(aid, "questions", todo.id, change=True) if todo else url(aid, "check"))
    after = next_question(qs, answers, q.id)
    return see(url(aid, "questions", after.id) if after else url(aid, "services"))


# --- services: add another -----------------------------------------------------------------------


def _services(row: Assessment) -> list[dict]:
    return list(row.answers.get("services") or [])


def _service_number(row: Assessment, n: str) -> int:
    """The 1-based number in a service's address, as an index; 404 if there is none."""
    if not re.fullmatch(r"[1-9]\d{0,3}", n) or int(n) > len(_services(row)):
        raise HTTPException(404)
    return int(n) - 1


@router.get("/assessments/{aid}/services")
def services(request: Request, aid: str):
    row = draft(request, aid)
    qs = questionnaire(request)
    last = next((q for q in reversed(asked(qs, row.answers))), None)
    change = changing(request)
    back = url(aid, "check") if change or not last else url(aid, "questions", last.id)
    labels = {q.id: q for q in qs.service_questions}
    rows = [
        {
            "name": s.get("name", ""),
            "about": [labels[k].label_of(s[k]) for k in ("kind", "commissioner") if k in s],
            "change": url(aid, "services", i),
            "remove": url(aid, "services", i, "remove"),
        }
        for i, s in enumerate(_services(row), 1)
    ]
    return render(
        request,
        "services.html",
        {
            "title": "Services",
            "rows": rows,
            "back": back,
            "add": url(aid, "services", "new", change=change),
            "can_add": len(rows) < MAX_SERVICES,
            "next": url(aid, "check"),
        },
    )


def _service_page(request, row, number, values, errors=None):
    change = changing(request)
    qs = questionnaire(request)
    top = fields(qs.service_questions, values, errors, SERVICE)
    name = _services(row)[number].get("name") if number is not None else None
    return render(
        request,
        "service.html",
        {
            "title": f"Change {name}" if name else "Add a service",
            "error": bool(errors),
            "errors": summary_errors(all_fields(top)),
            "fields": top,
            "back": url(row.id, "check") if change else url(row.id, "services"),
            "action": url(
                row.id, "services", "new" if number is None else number + 1, change=change
            ),
        },
    )


def _service_values(request, service: dict) -> dict:
    return {q.id: shown(q, service.get(q.id)) for q in questionnaire(request).service_questions}


@router.get("/assessments/{aid}/services/new")
def new_service(request: Request, aid: str):
    row = draft(request, aid)
    return _service_page(request, row, None, _service_values(request, {}))


@router.get("/assessments/{aid}/services/{n}")
def service(request: Request, aid: str, n: str):
    row = draft(request, aid)
    number = _service_number(row, n)
    values = _service_values(request, _services(row)[number])
    return _service_page(request, row, number, values)


@router.post("/assessments/{aid}/services/new")
async def add_service(request: Request, aid: str):
    return await _save_service(request, aid, None)


@router.post("/assessments/{aid}/services/{n}")
async def change_service(request: Request, aid: str, n: str):
    return await _save_service(request, aid, n)


async def _save_service(request: Request, aid: str, n: str | None):
    form = await posted(request)
    row = draft(request, aid)
    number = None if n is None else _service_number(row, n)
    qs = questionnaire(request)
    given = answer_facts(qs.questions, row.answers)
    service, errors = read_page(qs.service_questions, form, SERVICE, given)
    others = [s.get("name") for i, s in enumerate(_services(row)) if i != number]
    if "name" in service and service["name"] in others:
        errors["name"] = "Enter a name that is different from your other services"
    if number is None and len(_services(row)) >= MAX_SERVICES:
        errors["name"] = f"You can add up to {MAX_SERVICES} services"
    if errors:
        values = {q.id: posted_as_shown(q, form.get(q.id, [])) for q in qs.service_questions}
        return _service_page(request, row, number, values, errors)
    all_services = _services(row)
    if number is None:
        all_services.append(service)
    else:
        all_services[number] = service
    save(request, row, {**row.answers, "services": all_services})
    return see(url(aid, "check") if changing(request) else url(aid, "services"))


@router.get("/assessments/{aid}/services/{n}/remove")
def confirm_remove(request: Request, aid: str, n: str):
    row = draft(request, aid)
    number = _service_number(row, n)
    name = _services(row)[number].get("name", "")
    return render(
        request,
        "service_remove.html",
        {
            "title": f"Are you sure you want to remove {name}?",
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


# --- check your answers --------------------------------------------------------------------------


def _check_page(request: Request, row: Assessment, problems: list[dict] | None = None):
    return render(
        request,
        "check.html",
        {
            "title": "Check your answers",
            "error": bool(problems),
            "errors": problems or [],
            "back": url(row.id, "services"),
            "action": url(row.id, "check"),
            "add": url(row.id, "services", "new", change=True),
            "result": url(row.id, "result") if row.result else None,
            **summary(questionnaire(request), row.id, row.answers),
        },
    )


@router.get("/assessments/{aid}/check")
def check(request: Request, aid: str):
    row = draft(request, aid)
    todo = first_required_unanswered(questionnaire(request), row.answers)
    if todo:
        return see(url(aid, "questions", todo.id))
    return _check_page(request, row)


@router.post("/assessments/{aid}/check")
async def submit(request: Request, aid: str):
    await posted(request)
    row = draft(request, aid)
    save(request, row, row.answers)  # the rules may have changed since the last answer
    row = draft(request, aid)
    try:  # run_assessment validates the answers first and stores nothing when they fail
        state = request.app.state  # the engine's work is seconds at worst: off the event loop
        await run_in_threadpool(run_assessment, advisor_of(request), state.store, aid)
    except AnswersInvalid as e:
        found = problem_links(questionnaire(request), aid, row.answers, e.problems)
        return _check_page(request, row, found)
    return see(url(aid, "result"))
