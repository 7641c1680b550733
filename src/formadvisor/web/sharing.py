"""Sharing an assessment: its two links, what a read-only link may open, and the warning
before answers that already have a result are changed.

An assessment has two secret links. The edit link is `/assessments/{id}`: every journey page
and every form post is under it and loads the row by its id (`drafts.draft`), so no other
token opens them. The read-only link is `/assessments/{read_token}`: only the pages that show
a result (the result, its PDF, the changes between versions) also accept the read token
(`opened`), and those pages have no form that changes anything when opened with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from formadvisor.store.assessments import answers_changed
from formadvisor.store.database import Assessment, Version
from formadvisor.web import csrf
from formadvisor.web.pages import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Opened:
    """An assessment as opened by the token in the address: its id or its read token."""

    row: Assessment
    token: str
    read_only: bool


def opened(request: Request, token: str) -> Opened:
    """The assessment whose edit or read-only link has this token; 404 for any other."""
    store = request.app.state.store
    row = store.get(token)
    if row is not None:
        return Opened(row, token, read_only=False)
    row = store.by_read_token(token)
    if row is not None:
        return Opened(row, token, read_only=True)
    raise HTTPException(404)


class AsSeen:
    """The row as a page opened through one link sees it: its `id` is that link's token, so
    every address the page builds from `assessment.id` stays under the link that was used
    (a read-only page never shows the edit link's id)."""

    def __init__(self, seen: Opened):
        self._row = seen.row
        self.id = seen.token

    def __getattr__(self, name: str):
        return getattr(self._row, name)


def link(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/assessments/{quote(token, safe='')}"


@dataclass(frozen=True)
class Share:
    """What the share panel shows (templates/share.html)."""

    read_only: bool
    read_link: str
    edit_link: str | None  # None on a read-only page: it never shows the edit link
    versions: list[Version]
    answers_changed: bool  # answers changed after the result shown was made
    changes: str  # the page that compares versions


def share(request: Request, seen: Opened) -> Share:
    versions = request.app.state.store.versions(seen.row.id)
    return Share(
        read_only=seen.read_only,
        read_link=link(request, seen.row.read_token),
        edit_link=None if seen.read_only else link(request, seen.row.id),
        versions=versions,
        answers_changed=answers_changed(seen.row, versions),
        changes=f"/assessments/{quote(seen.token, safe='')}/changes",
    )


# --- the warning before changing answers that have a result ----------------------------------


class ConfirmEdit(Exception):
    """Raised by a journey page for a row with a result whose change was not yet confirmed."""

    def __init__(self, location: str):
        self.location = location


def must_confirm(request: Request, row: Assessment) -> None:
    """Send the browser to the warning first when the row has a result and no one has said
    they are changing its answers since it was made."""
    if row.result is not None and not row.editing:
        target = request.url.path
        if request.method != "GET":  # a form posted without the warning: show its page again
            target = target.removesuffix("/remove")
        if request.url.query:
            target += "?" + request.url.query
        raise ConfirmEdit(f"/assessments/{row.id}/edit?next={quote(target, safe='')}")


async def confirm_first(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ConfirmEdit)
    return RedirectResponse(exc.location, status_code=303)


def _next(row: Assessment, target: str | None) -> str:
    """Where to go after the warning: a page of this assessment, else check your answers."""
    prefix = f"/assessments/{row.id}/"
    if target and target.startswith(prefix) and "//" not in target and "\\" not in target:
        return target
    return prefix + "check"


def _row(request: Request, aid: str) -> Assessment:
    row = request.app.state.store.get(aid)
    if row is None:
        raise HTTPException(404)
    return row


@router.get("/assessments/{aid}/edit")
def edit_warning(request: Request, aid: str, next: str | None = None) -> Response:
    row = _row(request, aid)
    target = _next(row, next)
    if row.result is None or row.editing:
        return RedirectResponse(target, status_code=303)
    versions = request.app.state.store.versions(aid)
    context = {
        "back": f"/assessments/{aid}/result",
        "action": f"/assessments/{aid}/edit?next={quote(target, safe='')}",
        "made": versions[-1].created if versions else row.updated,
        "version": len(versions),
    }
    return render(request, "edit_warning.html", context)


@router.post("/assessments/{aid}/edit")
async def confirm_edit(request: Request, aid: str, next: str | None = None) -> Response:
    await csrf.checked_form(request)
    row = _row(request, aid)
    if row.result is not None and not row.editing:
        request.app.state.store.update(aid, editing=True)
    return RedirectResponse(_next(row, next), status_code=303)
