"""Saved assessments: one row each, in SQLite by default or PostgreSQL by URL (SQLAlchemy 2).

A row holds the answers as given so far (a draft may be incomplete), and once run, the
recommendation, the trace of the rules that fired (enough to explain later which rules made
it), and the rules that made it: their content hash and their edition (`rules/VERSION`).
Ids are unguessable (128 random bits) because the link is the only key a cluster holds.

The schema is owned by the Alembic migrations in `formadvisor/migrations`: opening a `Store`
upgrades its database to the newest revision (`formadvisor db upgrade` does the same by hand).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    TypeDecorator,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001_assessments"  # the table as the web skeleton created it, before Alembic


def new_id() -> str:
    """An id or a read token: 128 random bits from the OS's CSPRNG, URL-safe."""
    return secrets.token_urlsafe(16)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A moment in UTC. SQLite keeps no time zone, so one read back without it is UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    pass


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now)
    updated: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now, onupdate=_now)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # The recommendation JSON (`Recommendation.to_json`), null while a draft.
    result: Mapped[dict | None] = mapped_column(JSON)
    # The rules that fired (`Trace` as JSON: the group's firings, then each service's).
    trace: Mapped[dict | None] = mapped_column(JSON)
    rules_hash: Mapped[str | None] = mapped_column(String(64))  # `Policy.version`
    rules_release: Mapped[str | None] = mapped_column(String(40))  # `Policy.release`
    # The read-only link's token. Kept as the id is (the row's key, in the clear): whoever holds
    # the edit link is shown the read link again on the result page, and the read token grants
    # less than the id beside it, so a hash would protect nothing the id does not already open.
    read_token: Mapped[str] = mapped_column(String(32), unique=True, index=True, default=new_id)
    # Someone with the edit link said they are changing answers that already have a result
    # (after the warning); cleared when a new result is made.
    editing: Mapped[bool] = mapped_column(Boolean, default=False)


class Version(Base):
    """One result of an assessment as it was made: the answers, the result and the rules."""

    __tablename__ = "assessment_versions"

    assessment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1, 2, … per assessment
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now)
    answers: Mapped[dict] = mapped_column(JSON)
    result: Mapped[dict] = mapped_column(JSON)
    trace: Mapped[dict | None] = mapped_column(JSON)
    rules_hash: Mapped[str | None] = mapped_column(String(64))
    rules_release: Mapped[str | None] = mapped_column(String(40))


class Group(Base):
    """A group assessment: its name, the organiser's facts and the hashes of its two links.

    A link's token is never kept, only its SHA-256 (`store.groups`): whoever reads the
    database cannot open a group's page or change a practice's answers with it."""

    __tablename__ = "groups"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120))
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now)
    updated: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=_now, onupdate=_now)
    shared: Mapped[dict] = mapped_column(JSON, default=dict)  # the organiser's facts
    organiser_hash: Mapped[str] = mapped_column(String(64), unique=True)
    read_hash: Mapped[str] = mapped_column(String(64), unique=True)


class GroupPractice(Base):
    """One practice of a group: its link's hash and its answers of opinion (null: not yet),
    when it gave them and the rules in use then."""

    __tablename__ = "group_practices"

    group_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0, 1, … in the named order
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict | None] = mapped_column(JSON)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    rules_hash: Mapped[str | None] = mapped_column(String(64))
    rules_release: Mapped[str | None] = mapped_column(String(40))


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """Alembic's settings, made in code: no alembic.ini is needed at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection) -> None:
    """Bring the database on this connection to the newest schema.

    A database made before migrations existed (by `create_all`, with the first revision's
    table) is marked as at that revision first, then upgraded like any other.
    """
    config = alembic_config(connection=connection)
    has_version = current_revision(connection) is not None
    if not has_version and inspect(connection).has_table(Assessment.__tablename__):
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, "head")


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def new_revision(message: str) -> Path:
    """Write the next migration (`NNNN_words.py`) for what the model has that head lacks.

    Alembic compares the model with a scratch SQLite database upgraded to head.
    """
    script = ScriptDirectory.from_config(alembic_config())
    number = len(list(script.walk_revisions())) + 1
    words = "_".join(re.findall(r"[a-z0-9]+", message.lower()))[:40] or "change"
    rev_id = f"{number:04d}_{words}"
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'head.sqlite3'}")
        with engine.begin() as connection:
            upgrade(connection)
            config = alembic_config(connection=connection)
            config.set_main_option("file_template", "%%(rev)s")
            command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()
    return MIGRATIONS / "versions" / f"{rev_id}.py"


def _durable_sqlite(dbapi_connection, _record) -> None:
    """A SQLite file in write-ahead-log mode with every commit synced to disk.

    WAL lets pages read while a save writes, and a process killed mid-write leaves the last
    committed state (the log is replayed or ignored on the next open). `synchronous=FULL`
    syncs the log at each commit, so a save acknowledged after its commit survives a power
    cut as well as a crash (NORMAL would only survive a crash of the process).
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


class Store:
    """The assessments table behind one database URL."""

    def __init__(self, url: str):
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        file_sqlite = parsed.get_backend_name() == "sqlite" and parsed.database not in (
            None,
            "",
            ":memory:",
        )
        # A writer waits up to 30 s for another's lock (a burst of saves) before failing.
        connect_args = {"timeout": 30} if file_sqlite else {}
        self.engine = create_engine(url, connect_args=connect_args)
        if file_sqlite:
            event.listen(self.engine, "connect", _durable_sqlite)
        with self.engine.begin() as connection:
            upgrade(connection)

    def close(self) -> None:
        self.engine.dispose()

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return current_revision(connection)

    def create(self, answers: dict | None = None, **fields) -> Assessment:
        """A new row; given a `result` (and its `trace` and rules), that is its version 1."""
        with Session(self.engine, expire_on_commit=False) as s:
            now = _now()
            row = Assessment(answers=answers or {}, created=now, updated=now, **fields)
            s.add(row)
            s.flush()
            if row.result is not None:
                s.add(_version_of(row, 1, now))
            s.commit()
            return row

    def get(self, assessment_id: str) -> Assessment | None:
        with Session(self.engine, expire_on_commit=False) as s:
            return s.scalar(select(Assessment).where(Assessment.id == assessment_id))

    def by_read_token(self, token: str) -> Assessment | None:
        """The row whose read-only link has this token (never found by its id)."""
        with Session(self.engine, expire_on_commit=False) as s:
            return s.scalar(select(Assessment).where(Assessment.read_token == token))

    def record(self, assessment_id: str, made_from: dict | None = None, **outcome) -> Assessment:
        """Save a new result (`result`, `trace`, `rules_hash`, `rules_release`) made from the
        answers `made_from` (the row's own when None) and keep it as the next version; the
        versions before stay, and so do the row's answers.

        A result identical to the latest version (same answers, rules and result) adds none.
        """
        with Session(self.engine, expire_on_commit=False) as s:
            row = s.get(Assessment, assessment_id, with_for_update=True)
            if row is None:
                raise KeyError(assessment_id)
            for name, value in outcome.items():
                setattr(row, name, value)
            row.editing = False
            answers = row.answers if made_from is None else made_from
            last = s.scalar(
                select(Version)
                .where(Version.assessment_id == assessment_id)
                .order_by(Version.number.desc())
                .limit(1)
            )
            if last is None or not _same(last, row, answers):
                s.add(_version_of(row, (last.number if last else 0) + 1, _now(), answers))
            s.commit()
            return row

    def versions(self, assessment_id: str) -> list[Version]:
        """The assessment's results, oldest first."""
        with Session(self.engine, expire_on_commit=False) as s:
            return list(
                s.scalars(
                    select(Version)
                    .where(Version.assessment_id == assessment_id)
                    .order_by(Version.number)
                )
            )

    def update(self, assessment_id: str, **fields) -> Assessment:
        with Session(self.engine, expire_on_commit=False) as s:
            row = s.get(Assessment, assessment_id)
            if row is None:
                raise KeyError(assessment_id)
            for name, value in fields.items():
                setattr(row, name, value)
            s.commit()
            return row


def _version_of(
    row: Assessment, number: int, when: dt.datetime, answers: dict | None = None
) -> Version:
    return Version(
        assessment_id=row.id,
        number=number,
        created=when,
        answers=row.answers if answers is None else answers,
        result=row.result,
        trace=row.trace,
        rules_hash=row.rules_hash,
        rules_release=row.rules_release,
    )


def _same(version: Version, row: Assessment, answers: dict) -> bool:
    return (version.answers, version.result, version.rules_hash) == (
        answers,
        row.result,
        row.rules_hash,
    )
