"""Starting a group assessment: the start page, then one form to name the group and list its
practices (one a line). Posting it makes the group and shows its links (the organiser's page
shows them again); the organiser goes on to the group's facts (`group_organiser`).

Errors are codes here; `group_new.html` words them (every user-facing sentence lives in a
template or in the rules folder).
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from formadvisor.advice.groups import MAX_PRACTICES, NAME_MAX
from formadvisor.web.api_groups import link
from formadvisor.web.drafts import posted, questionnaire
from formadvisor.web.forms import missing, too_long
from formadvisor.web.group_access import NOINDEX, groups
from formadvisor.web.pages import render

router = APIRouter(include_in_schema=False)

NAME = "group_name"
PRACTICES = "practices"


@router.get("/groups")
def start(request: Request):
    """ "Answer together as a group": what happens, who answers what."""
    return render(request, "group_start.html", {})


def _form(request: Request, values: dict, errors: dict | None = None):
    name_q = _name_question(request)
    return render(
        request,
        "group_new.html",
        {
            "back": "/groups",
            "action": "/groups/new",
            "name_question": name_q,
            "values": values,
            "error": bool(errors),
            "problems": errors or {},
            "max_practices": MAX_PRACTICES,
            "name_max": NAME_MAX,
        },
        headers=NOINDEX,
    )


def _name_question(request: Request):
    return next(q for q in questionnaire(request).questions if q.id == NAME)


@router.get("/groups/new")
def new(request: Request):
    return _form(request, {NAME: "", PRACTICES: ""})


def practice_names(text: str) -> tuple[list[str], dict | None]:
    """The practices' names, one a line (blank lines and spaces at either end dropped), and
    what is wrong with them: {"problem": code, ...} or None."""
    names = [" ".join(line.split()) for line in text.splitlines()]
    names = [n for n in names if n]
    if not names:
        return names, {"problem": "missing"}
    if len(names) < 2:
        return names, {"problem": "one"}
    if len(names) > MAX_PRACTICES:
        return names, {"problem": "too_many", "count": len(names)}
    long = next((n for n in names if len(n) > NAME_MAX), None)
    if long:
        return names, {"problem": "too_long", "name": long[:40]}
    seen: set[str] = set()
    for n in names:
        if n.casefold() in seen:
            return names, {"problem": "twice", "name": n}
        seen.add(n.casefold())
    return names, None


@router.post("/groups/new")
async def create(request: Request):
    form = await posted(request)
    name = " ".join((form.get(NAME) or [""])[0].split())
    text = (form.get(PRACTICES) or [""])[0]
    errors: dict = {}
    q = _name_question(request)
    if not name:
        errors[NAME] = missing(q)
    elif len(name) > (q.maximum or NAME_MAX):
        errors[NAME] = too_long(q)
    names, problem = practice_names(text)
    if problem:
        errors[PRACTICES] = problem
    if errors:
        return _form(request, {NAME: name, PRACTICES: text}, errors)
    made = groups(request).create(name, {"group_name": name}, names)
    # The answer to the post, never stored or cached: the database keeps the links' hashes.
    return render(
        request,
        "group_links.html",
        {
            "group_name": name,
            "organiser_link": link(request, made.id, made.organiser_token),
            "read_link": link(request, made.id, made.read_token),
            "practices": [
                {"name": n, "link": link(request, made.id, t)} for n, t in made.practices
            ],
            "next": f"/groups/{made.id}/{made.organiser_token}/facts",
        },
        headers=NOINDEX,
    )
