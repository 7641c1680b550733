"""The organiser's pages: the group's facts on one page, each service on one page, and the
organiser's page (each practice's link, the read link, who has answered, the facts).

The facts are the questions not asked of the practices (`asked_of`), shown and read by the
same machinery as the journey's pages (`forms.fields`, `forms.read_page`, `macros.field`):
one page each, because an organiser answers them once, from what they know, and sees on one
page everything the practices will be asked to build on. The facts are saved as the group's
shared answers (`Groups.set_shared`), with the number of practices taken from its list.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request

from formadvisor.advice.answers import MAX_SERVICES
from formadvisor.advice.groups import organiser_questions
from formadvisor.engine.facts import answer_facts, asked_questions
from formadvisor.rules.models import Question
from formadvisor.web.api_groups import link
from formadvisor.web.check_answers import not_answered
from formadvisor.web.drafts import all_fields, posted, questionnaire, see, summary_errors
from formadvisor.web.flow import tidy
from formadvisor.web.forms import answer_lines, fields, missing, posted_as_shown, read_page, shown
from formadvisor.web.group_access import (
    NOINDEX,
    ORGANISER,
    Opened,
    groups,
    messages,
    opened,
)
from formadvisor.web.pages import render

router = APIRouter(include_in_schema=False)
SERVICE = "service."
GROUP = "/groups/{gid}/{token}"
NAME = "group_name"


def _services(o: Opened) -> list[dict]:
    return list(o.group.shared.get("services") or [])


def _save(request: Request, o: Opened, shared: dict) -> None:
    """The facts, in place of those before, less answers their questions no longer ask (as a
    draft's are: `flow.tidy`); the number of practices is the list's."""
    groups(request).set_shared(o.id, o.token, tidy(questionnaire(request), shared))


def _rows(questions: list[Question], answers: dict, href) -> list[dict]:
    """Summary rows (as check your answers shows them), each with a Change link."""
    rows = []
    for q in questions:
        lines = answer_lines(q, answers[q.id]) if q.id in answers else not_answered(q)
        rows.append({"key": q.short or q.text, "lines": lines, "href": href(q)})
    return rows


# --- the organiser's page -----------------------------------------------------------------------


def organiser_page(request: Request, o: Opened):
    qs = questionnaire(request)
    shared = o.group.shared
    asked = asked_questions(organiser_questions(qs), shared)
    facts = answer_facts(qs.questions, shared)
    services = []
    for n, s in enumerate(_services(o), 1):
        here = asked_questions(qs.service_questions, s, SERVICE, facts)
        services.append(
            {
                "name": s.get("name", ""),
                "rows": _rows(here, s, lambda q, n=n: o.url("services", n) + f"#{q.id}"),
                "change": o.url("services", n),
                "remove": o.url("services", n, "remove"),
            }
        )
    return render(
        request,
        "group_organiser.html",
        {
            "title": shared.get(NAME) or o.group.name,
            "group": o.group,
            "practices": o.group.practices,
            **_links(request, o),
            "facts": _rows(asked, shared, lambda q: o.url("facts") + f"#{q.id}"),
            "facts_done": facts_done(request, shared),
            "services": services,
            "can_add": len(services) < MAX_SERVICES,
            "add": o.url("services", "new"),
            "change_facts": o.url("facts"),
            "group_page": o.url("group"),
        },
        headers=NOINDEX,
    )


def _links(request: Request, o: Opened) -> dict:
    """Each practice's link and the read link, made again from the organiser's (`Groups.links`):
    none for a group whose links cannot be (the page then says they were shown once)."""
    made = groups(request).links(o.id, o.token)
    if made is None:
        return {"links": None, "read_link": None}
    return {
        "links": [link(request, o.id, token) for _, token in made.practices],
        "read_link": link(request, o.id, made.read_token),
    }


def facts_done(request: Request, shared: dict) -> bool:
    qs = questionnaire(request)
    asked = asked_questions(organiser_questions(qs), shared)
    return all(q.id in shared for q in asked if q.required)


# --- the facts ----------------------------------------------------------------------------------


def _facts_page(request: Request, o: Opened, values: dict, errors: dict | None = None):
    top = fields(organiser_questions(questionnaire(request)), values, errors)
    return render(
        request,
        "group_facts.html",
        {
            "error": bool(errors),
            "errors": summary_errors(all_fields(top)),
            "fields": top,
            "back": o.url(),
            "action": o.url("facts"),
        },
        headers=NOINDEX,
    )


@router.get(GROUP + "/facts")
def facts(request: Request, gid: str, token: str):
    o = opened(request, gid, token, ORGANISER)
    shared = {NAME: o.group.name, **o.group.shared}
    asked = asked_questions(organiser_questions(questionnaire(request)), shared)
    passed = bool(o.group.shared.get("nation"))  # saved once: "I do not know" was an answer
    return _facts_page(request, o, {q.id: shown(q, shared.get(q.id), passed) for q in asked})


@router.post(GROUP + "/facts")
async def save_facts(request: Request, gid: str, token: str):
    form = await posted(request)
    o = opened(request, gid, token, ORGANISER)
    questions = organiser_questions(questionnaire(request))
    answers, errors = read_page(questions, form)
    if NAME not in answers and NAME not in errors:  # the group keeps a name
        errors[NAME] = missing(next(q for q in questions if q.id == NAME))
    if errors:
        values = {q.id: posted_as_shown(q, form.get(q.id, [])) for q in questions}
        return _facts_page(request, o, values, errors)
    _save(request, o, {**answers, "services": _services(o)})
    return see(o.url())


# --- a service ----------------------------------------------------------------------------------


def _number(o: Opened, n: str) -> int:
    if not re.fullmatch(r"[1-9]\d{0,3}", n) or int(n) > len(_services(o)):
        raise HTTPException(404)
    return int(n) - 1


def _service_page(request, o: Opened, where: str, values: dict, errors: dict | None = None):
    qs = questionnaire(request)
    top = fields(qs.service_questions, values, errors, SERVICE)
    name = values.get("name") if where != "new" else None
    return render(
        request,
        "group_service.html",
        {
            "name": name,
            "error": bool(errors),
            "errors": summary_errors(all_fields(top)),
            "fields": top,
            "back": o.url(),
            "action": o.url("services", where),
        },
        headers=NOINDEX,
    )


@router.get(GROUP + "/services/{n}")
def service(request: Request, gid: str, token: str, n: str):
    o = opened(request, gid, token, ORGANISER)
    qs = questionnaire(request)
    if n == "new":
        return _service_page(request, o, n, {})
    s = _services(o)[_number(o, n)]
    return _service_page(request, o, n, {q.id: shown(q, s.get(q.id)) for q in qs.service_questions})


@router.post(GROUP + "/services/{n}")
async def save_service(request: Request, gid: str, token: str, n: str):
    form = await posted(request)
    o = opened(request, gid, token, ORGANISER)
    qs = questionnaire(request)
    services = _services(o)
    number = None if n == "new" else _number(o, n)
    facts = answer_facts(qs.questions, o.group.shared)
    answers, errors = read_page(qs.service_questions, form, SERVICE, facts)
    others = [s.get("name") for i, s in enumerate(services) if i != number]
    if answers.get("name") in others:
        errors["name"] = messages(request).service_named_twice
    if number is None and len(services) >= MAX_SERVICES:
        errors["name"] = messages(request).too_many_services
    if errors:
        values = {q.id: posted_as_shown(q, form.get(q.id, [])) for q in qs.service_questions}
        return _service_page(request, o, n, values, errors)
    if number is None:
        services.append(answers)
    else:
        services[number] = answers
    _save(request, o, {**o.group.shared, "services": services})
    return see(o.url())


@router.post(GROUP + "/services/{n}/remove")
async def remove_service(request: Request, gid: str, token: str, n: str):
    await posted(request)
    o = opened(request, gid, token, ORGANISER)
    number = _number(o, n)
    kept = [s for i, s in enumerate(_services(o)) if i != number]
    _save(request, o, {**o.group.shared, "services": kept})
    return see(o.url())
