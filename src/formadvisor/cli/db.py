"""`formadvisor db ...`: the database of saved assessments."""

from __future__ import annotations

from typing import Annotated

import typer

from formadvisor.cli.options import UrlOption, fail
from formadvisor.settings import Settings

db_app = typer.Typer(help="The database of saved assessments.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(url: UrlOption = None) -> None:
    """Create or upgrade the assessments database to the newest schema (serve does it too)."""
    from sqlalchemy.exc import SQLAlchemyError

    from formadvisor.store.database import Store

    try:
        store = Store(url or Settings().database_url)
        print(f"The database is at revision {store.revision()}.")
        store.close()
    except SQLAlchemyError as e:
        raise fail([f"cannot upgrade the database: {e.__class__.__name__}: {e}"], 1) from None


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Argument(help="What the change does, in a few words.")],
) -> None:
    """For developers: write a migration for the changes made to the model in store/database.py."""
    from formadvisor.store.database import new_revision

    print(f"Wrote {new_revision(message)}: check it, then run the tests.")
