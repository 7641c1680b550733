"""Saved assessments: one row each, in SQLite by default or PostgreSQL by URL (SQLAlchemy 2).

A row holds the answers as given so far (a draft may be incomplete), and once run, the
recommendation with its trace and the version of the rules that made it. Ids are unguessable
(128 random bits) because the link is the only key a cluster holds.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from sqlalchemy import JSON, DateTime, String, create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


def new_id() -> str:
    return secrets.token_urlsafe(16)  # 128 bits


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    rules_hash: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[dict | None] = mapped_column(JSON)


class Store:
    """The assessments table behind one database URL."""

    def __init__(self, url: str):
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url)
        Base.metadata.create_all(self.engine)

    def create(self, answers: dict | None = None) -> Assessment:
        with Session(self.engine, expire_on_commit=False) as s:
            row = Assessment(answers=answers or {})
            s.add(row)
            s.commit()
            return row

    def get(self, assessment_id: str) -> Assessment | None:
        with Session(self.engine, expire_on_commit=False) as s:
            return s.scalar(select(Assessment).where(Assessment.id == assessment_id))

    def update(self, assessment_id: str, **fields) -> Assessment:
        with Session(self.engine, expire_on_commit=False) as s:
            row = s.get(Assessment, assessment_id)
            if row is None:
                raise KeyError(assessment_id)
            for name, value in fields.items():
                setattr(row, name, value)
            s.commit()
            return row
