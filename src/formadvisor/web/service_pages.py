"""The services pages: add another service, change or remove one (GOV.UK "add another").

Each service is answered on one page of the service questions in `questionnaire.yaml`; its
address holds its 1-based number, and the list page leads on to check your answers.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request

from formadvisor.advice.answers import MAX_SERVICES
from formadvisor.engine.facts import answer_facts
from formadvisor.store.database import Assessment
from formadvisor.web.drafts import (
    all_fields,
    changing,
    draft,
    posted,
    questionnaire,
    save,
    see,
    summary_errors,
)
from formadvisor.web.flow import asked, url
from formadvisor.web.forms import fields, posted_as_shown, read_page, shown
from formadvisor.web.pages import render

router = APIRouter(include_in_schema=False)
SERVICE = "service."


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
