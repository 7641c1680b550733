"""A read-only link per assessment, the "editing" mark, and every result kept as a version.

Revision ID: 0003_read_token_and_versions
Revises: 0002_trace_and_release
Create Date: 2026-12-06

Each existing assessment gets its own read token (128 random bits), and a saved result becomes
its version 1, dated when it was saved.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0003_read_token_and_versions"
down_revision = "0002_trace_and_release"
branch_labels = None
depends_on = None

_assessments = sa.table(
    "assessments",
    sa.column("id", sa.String),
    sa.column("updated", sa.DateTime(timezone=True)),
    sa.column("answers", sa.JSON),
    sa.column("result", sa.JSON),
    sa.column("trace", sa.JSON),
    sa.column("rules_hash", sa.String),
    sa.column("rules_release", sa.String),
    sa.column("read_token", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("assessments") as table:
        table.add_column(sa.Column("read_token", sa.String(length=32), nullable=True))
        table.add_column(
            sa.Column("editing", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    versions = op.create_table(
        "assessment_versions",
        sa.Column(
            "assessment_id",
            sa.String(length=32),
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("trace", sa.JSON(), nullable=True),
        sa.Column("rules_hash", sa.String(length=64), nullable=True),
        sa.Column("rules_release", sa.String(length=40), nullable=True),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(_assessments)).mappings().all()
    for row in rows:
        connection.execute(
            _assessments.update()
            .where(_assessments.c.id == row["id"])
            .values(read_token=secrets.token_urlsafe(16))
        )
        if row["result"] is not None:
            connection.execute(
                versions.insert().values(
                    assessment_id=row["id"],
                    number=1,
                    created=row["updated"],
                    **{k: row[k] for k in ("answers", "result", "trace")},
                    **{k: row[k] for k in ("rules_hash", "rules_release")},
                )
            )
    with op.batch_alter_table("assessments") as table:
        table.alter_column("read_token", existing_type=sa.String(length=32), nullable=False)
        table.create_index("ix_assessments_read_token", ["read_token"], unique=True)


def downgrade() -> None:
    op.drop_table("assessment_versions")
    with op.batch_alter_table("assessments") as table:
        table.drop_index("ix_assessments_read_token")
        table.drop_column("editing")
        table.drop_column("read_token")
