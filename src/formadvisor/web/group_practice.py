"""A practice's pages: its questions of opinion on one page, check your answers, send.

One page, not one question a page: the partners of a practice answer together, often in
their own meeting, and the questions are few and of one kind (what the practice wants); on one
page they see them all before they start and can talk them through in any order. Then check
your answers, with the answers carried in the form (nothing is kept until they are sent, so
the group never counts half an answer) and each Change button taking them back to the page
with their answers as they were. Sending saves them (`Groups.save_practice`, only for this
link's practice) and the practice's page then shows its answers, which it may change at any
time. A practice's link never shows another practice's answers or the group page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from formadvisor.advice.answers import SERVICES_JOINED
from formadvisor.advice.groups import organiser_questions
from formadvisor.engine.facts import answer_facts, asked_questions
from formadvisor.engine.reading import Facts
from formadvisor.store.groups import PracticeRecord
from formadvisor.web.check_answers import not_answered
from formadvisor.web.drafts import all_fields, posted, questionnaire, see, summary_errors
from formadvisor.web.forms import (
    Posted,
    answer_lines,
    fields,
    posted_as_shown,
    read_page,
    shown,
)
from formadvisor.web.group_access import (
    NOINDEX,
    PRACTICE,
    Opened,
    groups,
    messages,
    opened,
    opinion_questions,
)
from formadvisor.web.pages import render
from formadvisor.web.serving import advisor_of

router = APIRouter(include_in_schema=False)
GROUP = "/groups/{gid}/{token}"


def _practice(request: Request, o: Opened) -> PracticeRecord:
    found = groups(request).practice(o.id, o.token)
    assert found is not None  # `opened` checked the token is a practice's
    return found


def _service_names(o: Opened) -> list[str]:
    return [s.get("name", "") for s in o.group.shared.get("services") or []]


def _facts(request: Request, o: Opened) -> Facts:
    """The group's facts, as the practice's questions read them (`ask_when`)."""
    return answer_facts(organiser_questions(questionnaire(request)), o.group.shared)


def _read(request: Request, o: Opened, form: Posted) -> tuple[dict, dict]:
    """The practice's answers on the page and their errors (by field id)."""
    answers, errors = read_page(
        opinion_questions(questionnaire(request)), form, given=_facts(request, o)
    )
    names = _service_names(o)
    if names:
        joined = [n for n in form.get(SERVICES_JOINED, []) if n]
        if not set(joined) <= set(names):
            errors[SERVICES_JOINED] = messages(request).services_joined_unknown
        answers[SERVICES_JOINED] = [n for n in names if n in joined]
    return answers, errors


def _form_page(request: Request, o: Opened, values: dict, errors: dict | None = None):
    practice = _practice(request, o)
    top = fields(opinion_questions(questionnaire(request)), values, errors)
    found = summary_errors(all_fields(top))
    if errors and SERVICES_JOINED in errors:
        found.append({"text": errors[SERVICES_JOINED], "href": "#" + SERVICES_JOINED})
    return render(
        request,
        "group_practice.html",
        {
            "practice": practice.name,
            "group_name": o.group.shared.get("group_name") or o.group.name,
            "error": bool(errors),
            "errors": found,
            "fields": top,
            "services": _service_names(o),
            "joined": values.get(SERVICES_JOINED, []),
            "joined_error": (errors or {}).get(SERVICES_JOINED),
            "action": o.url("answers"),
            "back": o.url() if practice.answers is not None else None,
        },
        headers=NOINDEX,
    )


def _values(request: Request, answers: dict, passed: bool) -> dict:
    """Saved answers as the page's fields show them."""
    values: dict = {
        q.id: shown(q, answers.get(q.id), passed) for q in opinion_questions(questionnaire(request))
    }
    values[SERVICES_JOINED] = list(answers.get(SERVICES_JOINED, []))
    return values


def practice_home(request: Request, o: Opened) -> Response:
    """The practice's link: its answers once sent (with a way to change them), else the form."""
    practice = _practice(request, o)
    if practice.answers is None:
        return _form_page(request, o, _values(request, {}, False))
    return _summary_page(request, o, practice.answers, sent=practice)


@router.get(GROUP + "/answers")
def answers_form(request: Request, gid: str, token: str):
    o = opened(request, gid, token, PRACTICE)
    saved = _practice(request, o).answers
    return _form_page(request, o, _values(request, saved or {}, saved is not None))


def _rows(request: Request, o: Opened, answers: dict) -> list[dict]:
    rows = []
    for q in asked_questions(
        opinion_questions(questionnaire(request)), answers, given=_facts(request, o)
    ):
        lines = answer_lines(q, answers[q.id]) if q.id in answers else not_answered(q)
        rows.append({"id": q.id, "key": q.short or q.text, "lines": lines})
    return rows


def _summary_page(request: Request, o: Opened, answers: dict, sent: PracticeRecord | None):
    """Check your answers (`sent` None: the answers ride in the form until sent), or the
    practice's answers as sent."""
    practice = sent or _practice(request, o)
    names = _service_names(o)
    return render(
        request,
        "group_check.html",
        {
            "practice": practice.name,
            "group_name": o.group.shared.get("group_name") or o.group.name,
            "sent": sent,
            "rows": _rows(request, o, answers),
            "services": names,
            "joined": [n for n in names if n in answers.get(SERVICES_JOINED, [])],
            "carried": _carried(request, answers),
            "change_url": o.url("answers", "change"),
            "send": o.url("answers", "send"),
            "form": o.url("answers"),
        },
        headers=NOINDEX,
    )


def _carried(request: Request, answers: dict) -> list[tuple[str, str]]:
    """The answers as the form posted them (name, value), to carry in hidden fields."""
    values = _values(request, answers, True)
    out = []
    for name, value in values.items():
        for v in value if isinstance(value, list) else [value]:
            if v != "":
                out.append((name, v))
    return out


@router.post(GROUP + "/answers")
async def check(request: Request, gid: str, token: str):
    form = await posted(request)
    o = opened(request, gid, token, PRACTICE)
    answers, errors = _read(request, o, form)
    if errors:
        return _form_page(request, o, _as_posted(request, form), errors)
    return _summary_page(request, o, answers, sent=None)


def _as_posted(request: Request, form: Posted) -> dict:
    values = {
        q.id: posted_as_shown(q, form.get(q.id, []))
        for q in opinion_questions(questionnaire(request))
    }
    values[SERVICES_JOINED] = list(form.get(SERVICES_JOINED, []))
    return values


@router.post(GROUP + "/answers/change")
async def change(request: Request, gid: str, token: str):
    """Back to the page from check your answers, with the answers carried there."""
    form = await posted(request)
    o = opened(request, gid, token, PRACTICE)
    return _form_page(request, o, _as_posted(request, form))


@router.post(GROUP + "/answers/send")
async def send(request: Request, gid: str, token: str):
    form = await posted(request)
    o = opened(request, gid, token, PRACTICE)
    answers, errors = _read(request, o, form)
    if errors:  # the organiser changed the facts or services meanwhile: answer again
        return _form_page(request, o, _as_posted(request, form), errors)
    policy = advisor_of(request).policy
    groups(request).save_practice(o.id, o.token, answers, policy.version, policy.release)
    return see(o.url())
