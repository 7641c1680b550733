"""`/assessments/{token}/compare?a=&b=[&service=]`: two options side by side, on the answers
that made the saved result and on its day (so the scores are the result page's).

By the edit or the read-only link: it changes nothing. An unknown option or service, or a
result the current rules cannot read, gives a page saying what to do instead (`compare.html`
with `problem`), never a traceback.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from formadvisor.advice.answers import AnswersInvalid
from formadvisor.advice.compare import compare
from formadvisor.advice.picking import UnknownName, service_names
from formadvisor.store.assessments import readable_result, result_answers
from formadvisor.web.pages import render
from formadvisor.web.serving import advisor_of, engine_work
from formadvisor.web.sharing import opened

router = APIRouter(include_in_schema=False)


@router.get("/assessments/{assessment_id}/compare")
async def compare_page(request: Request, assessment_id: str) -> Response:
    seen = await run_in_threadpool(opened, request, assessment_id)  # reads the database
    back = f"/assessments/{assessment_id}/result"
    rec = readable_result(seen.row)
    if rec is None:  # none, or an older shape of result: the result page says what to do
        return RedirectResponse(back, status_code=303)
    versions = await run_in_threadpool(request.app.state.store.versions, seen.row.id)
    advisor = advisor_of(request)
    query = request.query_params
    a, b, service = query.get("a", ""), query.get("b", ""), query.get("service") or None
    context: dict = {"back": back, "assessment_id": assessment_id}
    try:
        answers = advisor.validate(result_answers(seen.row, versions))
        context["comparison"] = await engine_work(
            compare, advisor, answers, a, b, service, rec.as_of
        )
    except AnswersInvalid:
        return render(request, "compare.html", {**context, "problem": "answers"}, 409)
    except UnknownName as e:
        options = advisor.policy.options
        labels = {o.id: o.label for o in (*options.forms, *options.routes)}
        context |= {
            "problem": e.field,
            "given": e.value,
            "valid": [(v, labels.get(v, v)) for v in e.valid],
            "services": service_names(answers),
            "a": a,
            "b": b,
        }
        return render(request, "compare.html", context, 400)
    context["words"] = advisor.policy.options.compare.words  # type: ignore[union-attr]
    return render(request, "compare.html", context)
