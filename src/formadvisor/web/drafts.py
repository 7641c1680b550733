"""What every journey page does: load the draft, read the posted form, save, redirect.

The question pages (`journey`) and the services pages (`service_pages`) share these: a draft
is a saved assessment whose answers are still being given; a post is read only once its CSRF
token checks (`csrf`); a saved draft holds only the answers its pages still ask (`flow.tidy`);
after a post the browser is sent on with 303, or the page is shown again with an error summary
whose items link to their fields.
"""

from __future__ import annotations

import re

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse

from formadvisor.rules.models import Questionnaire
from formadvisor.store.database import Assessment
from formadvisor.web import csrf
from formadvisor.web.errors import READ_ONLY
from formadvisor.web.flow import tidy, url
from formadvisor.web.serving import advisor_of
from formadvisor.web.sharing import must_confirm


def changing(request: Request) -> str | bool:
    """Whether the page was opened from check your answers (`?change=…`): it returns there,
    to the row the value names (`flow.row_id`) when it names one."""
    value = request.query_params.get("change", "")
    if re.fullmatch(r"(answer|service-\d{1,4})-\w{1,60}", value):
        return value
    return value == "1"


def back_to_check(aid: str, change: str | bool) -> str:
    """Check your answers, at the row that was changed."""
    return url(aid, "check") + (f"#{change}" if isinstance(change, str) else "")


def see(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303)


def questionnaire(request: Request) -> Questionnaire:
    return advisor_of(request).policy.questionnaire


def draft(request: Request, aid: str) -> Assessment:
    """The assessment whose edit link this is (by its id only: a read-only link's token is not
    found here), once any change to answers that have a result was confirmed (`sharing`)."""
    store = request.app.state.store
    row = store.get(aid)
    if row is None:
        raise HTTPException(403, READ_ONLY) if store.by_read_token(aid) else HTTPException(404)
    must_confirm(request, row)
    return row


def save(request: Request, row: Assessment, answers: dict) -> dict:
    """Save the answers (tidied). A result made from earlier answers is kept, with its PDF and
    its read-only link, until a new one is made from these (`Store.record`)."""
    answers = tidy(questionnaire(request), answers)
    if answers != row.answers:
        request.app.state.store.update(row.id, answers=answers)
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
