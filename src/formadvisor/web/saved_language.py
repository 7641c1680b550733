"""A saved result in the reader's language, for the pages that show it (result, PDF, See this
result).

A saved result keeps the words of the language it was made in (`Recommendation.lang`). Made in
another one than the request's, it is made again in the request's from the answers and the day
that made it, when the rules are unchanged since: the same rules decide the same way in every
language, so only the words differ. Under changed rules it stays as saved (the page says so).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.results import Recommendation
from formadvisor.store.assessments import result_answers
from formadvisor.web.serving import advisor_of, engine_work
from formadvisor.web.sharing import Opened


def _remade(advisor: Advisor, answers: dict, rec: Recommendation) -> Recommendation:
    return advisor.recommend(answers, rec.as_of)


async def in_language(request: Request, seen: Opened, rec: Recommendation) -> Recommendation:
    """`rec` in the request's language where it can be: made again on the engine thread."""
    advisor = advisor_of(request)  # in the request's language
    if rec.lang == advisor.policy.lang or rec.ruleset.version != advisor.policy.version:
        return rec
    versions = await run_in_threadpool(request.app.state.store.versions, seen.row.id)
    try:
        return await engine_work(_remade, advisor, result_answers(seen.row, versions), rec)
    except AnswersInvalid:  # cannot happen with unchanged rules; shown as saved if it does
        return rec
