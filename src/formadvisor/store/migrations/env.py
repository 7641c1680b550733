"""Alembic's environment for the saved assessments (configured in code: store/database.py).

`Store` passes its open connection in `config.attributes["connection"]`; the `alembic` command
line (with `-x url=…` or `sqlalchemy.url`) opens its own.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import Connection

from formadvisor.store.database import Base

config = context.config
target_metadata = Base.metadata


def _configure(**kwargs) -> None:
    context.configure(target_metadata=target_metadata, compare_type=True, **kwargs)


def _run(connection: Connection) -> None:
    # SQLite can alter a table only by copying it: batch mode does that for later revisions.
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    url = url or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("which database? give `-x url=…` or set sqlalchemy.url")
    return url


if context.is_offline_mode():
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif (given := config.attributes.get("connection")) is not None:
    _run(given)
else:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as opened:
        _run(opened)
    engine.dispose()
