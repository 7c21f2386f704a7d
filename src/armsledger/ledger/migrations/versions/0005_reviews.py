"""Reviews: the analysts' overlay on extracted claims and their source decisions (audit trail);
the claims' full-text table re-created with `content="claims"` so datasette finds it.

`reviews` holds one row per review (who, when, why, what changed), never updated or deleted:
the extractor's claims stay as they were and the reviewed values are computed from this table.
On SQLite the FTS5 table was declared `content='claims'`, which datasette's detection (it looks
for `content="claims"`) missed, so `?_search=` did nothing; it is dropped and rebuilt here, with the
insert / delete / update triggers on `claims` that 0004 re-created after its batch rebuild.
Downgrading leaves the index as it is (both spellings declare the same external content).

Revision ID: 0005
Revises: 0004
Create Date: 2025-03-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from armsledger.ledger import textsearch

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("previous", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reviews_claim_id", "reviews", ["claim_id"])
    op.create_index("ix_reviews_source_id", "reviews", ["source_id"])
    op.create_index("ix_reviews_created_at", "reviews", ["created_at"])
    if op.get_bind().dialect.name == "sqlite":
        textsearch.drop_sqlite_fts(op.execute)
        textsearch.create_sqlite_fts(op.execute, rebuild=True)


def downgrade() -> None:
    op.drop_index("ix_reviews_created_at", table_name="reviews")
    op.drop_index("ix_reviews_source_id", table_name="reviews")
    op.drop_index("ix_reviews_claim_id", table_name="reviews")
    op.drop_table("reviews")
