"""A group's link, and the group page with its PDF (the partners' pack for a group).

`/groups/{id}/{token}` opens what the token's role may see: the organiser's page, the group
page (a read link) or the practice's own answers. The group page (organiser and read links)
shows the analysis of `advice.groups.analyse`, splits that change the recommendation first;
the PDF is the same page rendered for paper, built once per set of answers and rules
(`PdfCache`). The analysis runs on the engine thread (`serving.engine_work`) and is kept for
the same answers, rules and day, so the page and its PDF run the rules once.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from formadvisor.advice.groups import GroupView, analyse
from formadvisor.web.drafts import questionnaire, see
from formadvisor.web.group_access import (
    NOINDEX,
    ORGANISER,
    PRACTICE,
    READ,
    Opened,
    opened,
    opinion_questions,
)
from formadvisor.web.group_organiser import facts_done, organiser_page
from formadvisor.web.group_practice import practice_home
from formadvisor.web.language import current, using
from formadvisor.web.pages import PRIVATE, render
from formadvisor.web.pdf import render_pdf
from formadvisor.web.report_view import Wording
from formadvisor.web.serving import advisor_of, engine_work

router = APIRouter(include_in_schema=False)
GROUP = "/groups/{gid}/{token}"
KEPT_VIEWS = 64  # analyses kept in memory, most recently used


@router.get(GROUP)
def home(request: Request, gid: str, token: str) -> Response:
    o = opened(request, gid, token, ORGANISER, READ, PRACTICE)
    if o.role == ORGANISER:
        return organiser_page(request, o)
    if o.role == READ:
        return see(o.url("group"))
    return practice_home(request, o)


class Views:
    """Analyses of groups, kept by everything that makes one (a bounded LRU)."""

    def __init__(self, size: int = KEPT_VIEWS):
        self.size = size
        self._kept: OrderedDict[str, GroupView] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> GroupView | None:
        with self._lock:
            view = self._kept.get(key)
            if view is not None:
                self._kept.move_to_end(key)
            return view

    def put(self, key: str, view: GroupView) -> None:
        with self._lock:
            self._kept[key] = view
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


def _made_from(o: Opened) -> dict:
    """Everything the analysis reads from the group (the answers' times are not among it)."""
    return {
        "shared": o.group.shared,
        "name": o.group.name,
        "practices": [[p.name, p.answers] for p in o.group.practices],
    }


async def _view(request: Request, o: Opened, as_of: dt.date) -> tuple[GroupView, str]:
    """The group's analysis and its key (the rules, the answers, the day)."""
    advisor = advisor_of(request)
    made = [advisor.policy.version, current()]  # the rules, and the language of their words
    key = request.app.state.pdf_cache.key(made, _made_from(o), str(as_of))
    state = request.app.state
    if not hasattr(state, "group_views"):
        state.group_views = Views()
    view = state.group_views.get(key)
    if view is None:
        shared = o.group.shared
        name = shared.get("group_name") or o.group.name
        practices = o.group.practice_answers()
        view = await engine_work(analyse, advisor, shared, practices, as_of, name)
        state.group_views.put(key, view)
    return view, key


def _context(request: Request, o: Opened, view: GroupView, as_of: dt.date, pdf: bool) -> dict:
    policy = advisor_of(request).policy
    return {
        "title": view.group_name or o.group.name,
        "view": view,
        "wording": Wording(policy),
        "words": policy.groups,
        "asked": {q.id: q.text for q in opinion_questions(questionnaire(request))},
        "as_of": as_of,
        "pdf": pdf,
        "read_only": o.role == READ,
        "facts_done": facts_done(request, o.group.shared),
        "organiser_page": o.url() if o.role == ORGANISER else None,
        "pdf_link": o.url("group.pdf"),
    }


def _pack(request: Request, o: Opened, view: GroupView, key: str, as_of: dt.date):
    """The group's PDF: its cache key and how to build it (blocking: off the event loop)."""
    context = _context(request, o, view, as_of, True)
    template = request.app.state.templates.get_template("group_page.html")
    static = request.app.state.settings.static_dir
    lang = current()

    def build() -> bytes:  # no request: it may run after the page's response is sent
        with using(lang):
            return render_pdf(template.render(**context), static)

    return "group-" + key, build


@router.get(GROUP + "/group")
async def group_page(request: Request, gid: str, token: str) -> Response:
    o = opened(request, gid, token, ORGANISER, READ)
    as_of = dt.date.today()
    view, key = await _view(request, o, as_of)
    if request.app.state.settings.pdf_prepare:  # built while the group page is read
        request.app.state.pdf_cache.prepare(*_pack(request, o, view, key, as_of))
    return render(
        request, "group_page.html", _context(request, o, view, as_of, False), headers=NOINDEX
    )


@router.get(GROUP + "/group.pdf")
async def group_pdf(request: Request, gid: str, token: str) -> Response:
    o = opened(request, gid, token, ORGANISER, READ)
    as_of = dt.date.today()
    view, key = await _view(request, o, as_of)
    # Off the event loop: WeasyPrint takes a second or more, the cache a file read.
    cache = request.app.state.pdf_cache
    pdf, cached = await run_in_threadpool(cache.get, *_pack(request, o, view, key, as_of))
    slug = re.sub(r"[^a-z0-9]+", "-", (view.group_name or "group").lower()).strip("-")[:60]
    name = f"formadvisor-group-{slug or 'group'}-{as_of.isoformat()}.pdf"
    headers = {
        **PRIVATE,
        **NOINDEX,
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Cache": "hit" if cached else "miss",
    }
    return Response(pdf, media_type="application/pdf", headers=headers)
