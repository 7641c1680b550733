"""The questionnaire journey: start, one page per question, check your answers.

Every page is made from `questionnaire.yaml` (see `forms` and `flow`); the routes only load
the draft, read the posted form, save and redirect (303), or render the page again with its
errors (`drafts`). The services, between the questions and check your answers, have their
own pages (`service_pages`).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.engine.facts import answer_facts, asked_questions
from formadvisor.rules.models import Question
from formadvisor.store.assessments import run_assessment
from formadvisor.store.database import Assessment
from formadvisor.web.check_answers import problem_links, summary
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
from formadvisor.web.flow import (
    asked,
    first_required_unanswered,
    next_question,
    passed,
    previous_question,
    progress,
    row_id,
    still_to_answer,
    url,
)
from formadvisor.web.forms import fields, posted_as_shown, read_page, shown
from formadvisor.web.pages import render
from formadvisor.web.serving import advisor_of, engine_work
from formadvisor.web.sharing import opened

router = APIRouter(include_in_schema=False)


# --- start and resume ----------------------------------------------------------------------------


SECONDS_A_QUESTION = 30  # reading, thinking and answering one question page, on average


def _minutes(questions: int) -> int:
    return max(1, -(-questions * SECONDS_A_QUESTION // 60))


@router.get("/")
def start(request: Request):
    """The start page, with how long the questions take (from how many there are)."""
    qs = questionnaire(request)
    per_service = len(asked_questions(qs.service_questions, {}, "service."))
    return render(
        request,
        "start.html",
        {"minutes": _minutes(len(qs.questions)), "service_minutes": _minutes(per_service)},
    )


@router.post("/assessments")
async def create(request: Request):
    await posted(request)
    row = request.app.state.store.create()
    first = next_question(questionnaire(request), {}, None)
    return see(url(row.id, "questions", first.id) if first else url(row.id, "services"))


@router.get("/assessments/{aid}")
def resume(request: Request, aid: str):
    """The link a cluster keeps: the result once there is one (always, for a read-only link),
    else check answers, or first a question that must be answered."""
    seen = opened(request, aid)
    if seen.read_only or seen.row.result is not None:
        return see(url(aid, "result"))
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
    qs = questionnaire(request)
    previous = previous_question(qs, row.answers, q.id)
    back = (
        back_to_check(row.id, change)
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
            "progress": progress(asked(qs, row.answers), q.id),
        },
    )


@router.get("/assessments/{aid}/questions/{qid}")
def question(request: Request, aid: str, qid: str):
    row = draft(request, aid)
    q = _question(request, qid)
    pages = asked(questionnaire(request), row.answers)
    if q not in pages:
        return see(url(aid))
    value = shown(q, row.answers.get(q.id), passed(pages, row.answers, q.id))
    return _question_page(request, row, q, {q.id: value})


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
    given = {**row.answers, **answers}
    if q.id not in answers:  # "I do not know": unanswered, so the rules take its default
        given.pop(q.id, None)
    before = row.answers
    answers = save(request, row, given)
    change = changing(request)
    if change:  # on to any question the change brought in, then back to its row on check
        change = change if isinstance(change, str) else row_id(q.id)
        todo = still_to_answer(qs, before, answers, q.id)
        if todo:
            return see(url(aid, "questions", todo.id, change=change))
        return see(back_to_check(aid, change))
    after = next_question(qs, answers, q.id)
    return see(url(aid, "questions", after.id) if after else url(aid, "services"))


# --- check your answers --------------------------------------------------------------------------


def _check_page(request: Request, row: Assessment, problems: list[dict] | None = None):
    return render(
        request,
        "check.html",
        {
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
        state = request.app.state  # off the event loop, one recommendation at a time
        await engine_work(run_assessment, advisor_of(request), state.store, aid)
    except AnswersInvalid as e:
        found = problem_links(questionnaire(request), aid, row.answers, e.problems)
        return _check_page(request, row, found)
    return see(url(aid, "result"))
