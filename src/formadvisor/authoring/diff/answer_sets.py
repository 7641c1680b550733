"""The answer sets `rules diff` reruns: example answers files and saved assessments' answers.

Reading never writes: a database that does not exist, or has no assessments table, is a note
for the report, never created (opening a `Store` would create and migrate it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import create_engine, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from formadvisor.rules.yamlfile import YamlError, read_yaml
from formadvisor.store.database import Assessment


@dataclass(frozen=True)
class AnswerSet:
    source: Literal["example", "assessment"]
    name: str  # the example's file name, or the assessment's id
    data: object


def example_answers(folder: Path, notes: list[str]) -> list[AnswerSet]:
    """Each `*.yaml` answers file in the folder; one that is not YAML is noted and skipped."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            out.append(AnswerSet("example", path.name, read_yaml(path).data))
        except YamlError as e:
            notes.append(f"example {path.name} skipped: line {e.line}: {e.message}")
    if not out:
        notes.append(f"no examples in {folder}")
    return out


def saved_answers(url: str, notes: list[str]) -> list[AnswerSet]:
    """The answers of every saved assessment, oldest first."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        notes.append(f"no saved assessments: the database {parsed.database} does not exist")
        return []
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(Assessment.__tablename__):
                notes.append("no saved assessments: the database has no assessments table")
                return []
            query = select(Assessment.id, Assessment.answers).order_by(
                Assessment.created, Assessment.id
            )
            rows = connection.execute(query).all()
    except SQLAlchemyError as e:
        notes.append(f"saved assessments not read: {e.__class__.__name__}: {e}".splitlines()[0])
        return []
    finally:
        engine.dispose()
    return [AnswerSet("assessment", row.id, row.answers or {}) for row in rows]
