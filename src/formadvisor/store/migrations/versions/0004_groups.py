"""Group assessments: a group with the organiser's facts, and each practice's answers.

Revision ID: 0004_groups
Revises: 0003_read_token_and_versions
Create Date: 2026-12-06

Two new tables; the assessments are untouched. Links are kept as SHA-256 hashes of their
tokens, never the tokens themselves.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_groups"
down_revision = "0003_read_token_and_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "groups",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shared", sa.JSON(), nullable=False),
        sa.Column("organiser_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("read_hash", sa.String(length=64), nullable=False, unique=True),
    )
    op.create_table(
        "group_practices",
        sa.Column(
            "group_id",
            sa.String(length=32),
            sa.ForeignKey("groups.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rules_hash", sa.String(length=64), nullable=True),
        sa.Column("rules_release", sa.String(length=40), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("group_practices")
    op.drop_table("groups")
