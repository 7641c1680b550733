"""Keep the trace of fired rules and the rules' edition (rules/VERSION) with each result.

Revision ID: 0002_trace_and_release
Revises: 0001_assessments
Create Date: 2026-11-23

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_trace_and_release"
down_revision = "0001_assessments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments") as table:
        table.add_column(sa.Column("trace", sa.JSON(), nullable=True))
        table.add_column(sa.Column("rules_release", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments") as table:
        table.drop_column("rules_release")
        table.drop_column("trace")
