"""Source aliases and merges; claims keep `financed_by` and `deal` (SCHEMA v1.1).

`source_aliases` maps a source key ("nis") to the source it stands for, so merged sources stay
merged and later ingests file the alias's claims under the kept source. Role-only sources
("Western officials") need no new column: their key is built from the role and country.

Revision ID: 0003
Revises: 0002
Create Date: 2025-02-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_aliases",
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_source_aliases_source_id", "source_aliases", ["source_id"])
    # Plain ADD COLUMN (no batch copy on SQLite, which would drop the full-text triggers on claims).
    op.add_column("claims", sa.Column("financed_by", sa.String(length=64), nullable=True))
    op.add_column("claims", sa.Column("deal", sa.String(length=16), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), not a batch copy, which would drop the search triggers.
    op.drop_column("claims", "deal")
    op.drop_column("claims", "financed_by")
    op.drop_index("ix_source_aliases_source_id", table_name="source_aliases")
    op.drop_table("source_aliases")
