"""Saved group assessments: a group, its organiser's facts, and each practice's answers.

Every link carries its own token: the organiser's manages the group, the read link shows the
group page only, and each practice's changes that practice's answers only. The organiser's is
256 random bits (`secrets.token_urlsafe(32)`); the others are made from it (HMAC-SHA256 keyed
by it, `_derived`), so they are as unguessable, and the organiser's link, which hands them out,
can show them again (`links`). Tokens are kept as SHA-256 hashes (a leaked database leaks no
link) and compared in constant time (`hmac.compare_digest`). Nothing lists groups.

A practice's answers are one row each, written by one UPDATE: two practices saving at the
same moment touch different rows, and the same practice saving twice keeps the last.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from formadvisor.advice.groups import PracticeAnswers
from formadvisor.store.database import Group, GroupPractice, Store

Role = Literal["organiser", "read", "practice"]


def new_token() -> str:
    """A link's token: 256 random bits from the OS's CSPRNG, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def _derived(organiser: str, practices: int) -> list[str]:
    """The read link's token and each practice's, made from the organiser's (HMAC-SHA256 is a
    pseudo-random function: without the organiser's token they are 256 unguessable bits)."""

    def made(what: str) -> str:
        digest = hmac.new(organiser.encode(), what.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    return [made("read"), *(made(f"practice {n}") for n in range(practices))]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _same(token: str, stored: str) -> bool:
    return hmac.compare_digest(token_hash(token).encode(), stored.encode())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class CreatedGroup:
    """A new group and its links' tokens: the only time they are known (only hashes are kept)."""

    id: str
    organiser_token: str
    read_token: str
    practices: tuple[tuple[str, str], ...]  # (name, token) in the order named


@dataclass(frozen=True)
class PracticeRecord:
    number: int
    name: str
    answers: dict | None
    answered_at: dt.datetime | None
    rules_hash: str | None
    rules_release: str | None

    def as_answers(self) -> PracticeAnswers:
        return PracticeAnswers(name=self.name, answers=self.answers, answered_at=self.answered_at)


@dataclass(frozen=True)
class GroupRecord:
    id: str
    name: str
    shared: dict
    created: dt.datetime
    updated: dt.datetime
    practices: tuple[PracticeRecord, ...]

    def practice_answers(self) -> list[PracticeAnswers]:
        """What `advice.groups.analyse` takes."""
        return [p.as_answers() for p in self.practices]


class Groups:
    """The group assessments in one `Store`'s database."""

    def __init__(self, store: Store):
        self.engine = store.engine

    def create(self, name: str, shared: dict, practices: Sequence[str]) -> CreatedGroup:
        """A new group of the practices named (each name once), with its links' tokens."""
        if len(set(practices)) != len(practices):
            raise ValueError("two practices have the same name")
        organiser = new_token()
        tokens = [organiser, *_derived(organiser, len(practices))]
        if len(set(tokens)) != len(tokens):  # 2**-256: never, but checked rather than assumed
            raise RuntimeError("two tokens were the same")
        organiser, read, *own = tokens
        with Session(self.engine) as s:
            now = _now()
            group = Group(
                name=name,
                shared=shared,
                created=now,
                updated=now,
                organiser_hash=token_hash(organiser),
                read_hash=token_hash(read),
            )
            s.add(group)
            s.flush()
            for number, (practice, token) in enumerate(zip(practices, own, strict=True)):
                s.add(
                    GroupPractice(
                        group_id=group.id,
                        number=number,
                        name=practice,
                        token_hash=token_hash(token),
                    )
                )
            group_id = group.id
            s.commit()
        return CreatedGroup(group_id, organiser, read, tuple(zip(practices, own, strict=True)))

    def links(self, group_id: str, token: str) -> CreatedGroup | None:
        """The group's tokens again, for its organiser's link (None for any other token, or a
        group whose links were not made from it)."""
        with Session(self.engine) as s:
            group = s.get(Group, group_id)
            if group is None or not _same(token, group.organiser_hash):
                return None
            rows = s.execute(
                select(GroupPractice.name, GroupPractice.token_hash)
                .where(GroupPractice.group_id == group_id)
                .order_by(GroupPractice.number)
            ).all()
            read, *own = _derived(token, len(rows))
            hashes = [group.read_hash, *(h for _, h in rows)]
        if not all(_same(t, h) for t, h in zip([read, *own], hashes, strict=True)):
            return None
        return CreatedGroup(
            group_id, token, read, tuple(zip([n for n, _ in rows], own, strict=True))
        )

    def role(self, group_id: str, token: str) -> Role | None:
        """What `token` may do in the group: manage it, read it, or answer for one practice."""
        with Session(self.engine) as s:
            group = s.get(Group, group_id)
            if group is None:
                return None
            # every hash is compared, whichever matches: the time says nothing about the token
            organiser = _same(token, group.organiser_hash)
            read = _same(token, group.read_hash)
            hashes = s.scalars(
                select(GroupPractice.token_hash).where(GroupPractice.group_id == group_id)
            ).all()
            practice = [_same(token, h) for h in hashes]
        if organiser:
            return "organiser"
        if read:
            return "read"
        return "practice" if any(practice) else None

    def practice(self, group_id: str, token: str) -> PracticeRecord | None:
        """The practice whose link has this token (None: not a practice link of the group)."""
        with Session(self.engine) as s:
            rows = s.scalars(select(GroupPractice).where(GroupPractice.group_id == group_id)).all()
            found = [r for r in rows if _same(token, r.token_hash)]
            return _record(found[0]) if found else None

    def save_practice(
        self,
        group_id: str,
        token: str,
        answers: dict,
        rules_hash: str | None = None,
        rules_release: str | None = None,
    ) -> bool:
        """Keep a practice's answers (in place of any before), now, with the rules' version.

        False, and nothing saved, when `token` is not a practice link of this group."""
        with Session(self.engine) as s:
            rows = s.execute(
                select(GroupPractice.number, GroupPractice.token_hash).where(
                    GroupPractice.group_id == group_id
                )
            ).all()
            found = [number for number, stored in rows if _same(token, stored)]
            if not found:
                return False
            done = s.execute(
                update(GroupPractice)
                .where(GroupPractice.group_id == group_id, GroupPractice.number == found[0])
                .values(
                    answers=answers,
                    answered_at=_now(),
                    rules_hash=rules_hash,
                    rules_release=rules_release,
                )
            )
            s.commit()
            return bool(getattr(done, "rowcount", 1))

    def set_shared(self, group_id: str, token: str, shared: dict) -> bool:
        """Replace the organiser's facts; False (nothing changed) unless `token` is the
        organiser's link of this group."""
        with Session(self.engine) as s:
            group = s.get(Group, group_id)
            if group is None or not _same(token, group.organiser_hash):
                return False
            group.shared = shared
            s.commit()
            return True

    def load(self, group_id: str) -> GroupRecord | None:
        """The group, its facts and every practice's answers (None: no group has this id).
        Callers check the token first (`role`)."""
        with Session(self.engine) as s:
            group = s.get(Group, group_id)
            if group is None:
                return None
            rows = s.scalars(
                select(GroupPractice)
                .where(GroupPractice.group_id == group_id)
                .order_by(GroupPractice.number)
            ).all()
            return GroupRecord(
                id=group.id,
                name=group.name,
                shared=group.shared,
                created=group.created,
                updated=group.updated,
                practices=tuple(_record(r) for r in rows),
            )


def _record(row: GroupPractice) -> PracticeRecord:
    return PracticeRecord(
        number=row.number,
        name=row.name,
        answers=row.answers,
        answered_at=row.answered_at,
        rules_hash=row.rules_hash,
        rules_release=row.rules_release,
    )
