"""Indexed text search over claims' evidence sentences (see armsledger.ledger.textsearch).

SQLite: external-content FTS5 table `claims_fts` with sync triggers, backfilled from the
existing claims. PostgreSQL: GIN index on the evidence sentence's tsvector (built from the
existing rows by CREATE INDEX).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-20
"""

from __future__ import annotations

from alembic import op

from armsledger.ledger import textsearch

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        textsearch.create_sqlite_fts(op.execute, rebuild=True)
    elif dialect == "postgresql":
        textsearch.create_postgresql_index(op.execute)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        textsearch.drop_sqlite_fts(op.execute)
    elif dialect == "postgresql":
        textsearch.drop_postgresql_index(op.execute)
