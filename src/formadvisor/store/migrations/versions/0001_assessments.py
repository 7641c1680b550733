"""The assessments table as the web skeleton made it: answers, result and rules hash.

Revision ID: 0001_assessments
Revises:
Create Date: 2026-11-23

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_assessments"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("rules_hash", sa.String(length=64), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("assessments")
