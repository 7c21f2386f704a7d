"""Two time axes: undated documents and dates set by hand.

- documents.published_on becomes nullable: a document whose publication date cannot be found
  is stored undated (NULL), no longer dated by the day it was retrieved. Existing documents
  without a `published` date become undated.
- documents.published_source says where the date came from (given, metadata, text, hand);
  documents.dated_at is when an analyst dated it by hand (`armsledger documents date`).
- claims.published_on becomes nullable (claims of undated documents). (SCHEMA v1.1's
  `financed_by` and `deal` on claims come from 0003.)

SQLite rebuilds `claims` in batch mode, which drops the FTS5 triggers of 0002: they are created
again (and the index rebuilt) afterwards.

Revision ID: 0004
Revises: 0003
Create Date: 2025-02-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from armsledger.ledger import textsearch

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column("published_on", existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column("published_source", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("dated_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.alter_column("published_on", existing_type=sa.Date(), nullable=True)
    # Documents stored before this revision without a date carried the day they were retrieved.
    op.execute("UPDATE documents SET published_on = NULL WHERE published IS NULL")
    op.execute(
        "UPDATE claims SET published_on = NULL WHERE document_id IN (SELECT id FROM documents WHERE published IS NULL)"
    )
    if sqlite:
        textsearch.create_sqlite_fts(op.execute, rebuild=True)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute("UPDATE documents SET published_on = date(retrieved_at) WHERE published_on IS NULL")
    op.execute(
        "UPDATE claims SET published_on = (SELECT d.published_on FROM documents d "
        "WHERE d.id = claims.document_id) WHERE published_on IS NULL"
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.alter_column("published_on", existing_type=sa.Date(), nullable=False)
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("dated_at")
        batch_op.drop_column("published_source")
        batch_op.alter_column("published_on", existing_type=sa.Date(), nullable=False)
    if sqlite:
        textsearch.create_sqlite_fts(op.execute, rebuild=True)
