"""Who a group's link lets in: every group page is `/groups/{group id}/{token}/...`, and the
token decides what the page may show or change (`store.groups.Groups.role`).

- the organiser's link manages the group (its facts, its services, the practices' links) and
  sees the group page;
- a read link sees the group page (and its PDF) only;
- a practice's link sees and changes that practice's answers only.

Any other token, or a token used where its role may not go, is "page not found" (404): a page
never says whether a group or a link exists. Tokens are never listed anywhere, every page is
kept out of caches and search engines (`PRIVATE`, `<meta name="robots">` in group pages) and
the browser never sends a group's address to another site (`Referrer-Policy: same-origin`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import HTTPException, Request

from formadvisor.advice.groups import practice_questions
from formadvisor.rules.models import Question, Questionnaire
from formadvisor.store.groups import GroupRecord, Groups

ORGANISER, READ, PRACTICE = "organiser", "read", "practice"
# Search engines: never index or follow a group's pages, whatever a crawler was given.
NOINDEX = {"X-Robots-Tag": "noindex, nofollow"}


@dataclass(frozen=True)
class Opened:
    """A group as one link opened it: the record, the link's token and its role."""

    group: GroupRecord
    token: str
    role: str

    @property
    def id(self) -> str:
        return self.group.id

    def url(self, *parts: object) -> str:
        """A page of the group under the link that opened it (so it never shows another)."""
        path = "/".join(("/groups", quote(self.id, safe=""), quote(self.token, safe="")))
        return "/".join((path, *(quote(str(p), safe=".") for p in parts)))


def groups(request: Request) -> Groups:
    return Groups(request.app.state.store)


def opened(request: Request, group_id: str, token: str, *roles: str) -> Opened:
    """The group whose link has this token, if its role is one of `roles`; 404 otherwise."""
    store = groups(request)
    role = store.role(group_id, token)
    group = store.load(group_id) if role in roles else None
    if role is None or group is None:
        raise HTTPException(404)
    return Opened(group, token, role)


def messages(request: Request):
    """The sentences the group pages' code chooses between (templates/group_messages.html),
    as attributes: `messages(request).service_named_twice`."""
    template = request.app.state.templates.get_template("group_messages.html")
    return template.make_module()  # afresh: its words are in the request's language


def opinion_questions(qs: Questionnaire) -> list[Question]:
    """The questions a practice answers, each in its words for one practice (`practice_text`)."""
    return [
        q.model_copy(update={"text": q.practice_text}) if q.practice_text else q
        for q in practice_questions(qs)
    ]
