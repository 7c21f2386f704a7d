"""Covering indexes for the workbench's listings and estimates on large ledgers.

The per-role indexes (supplier, recipient, actor) and the publication-date index now also hold
`item`, `syndicated` and `superseded_at`, so counting the claims of a filter (a listing's `total`)
reads the index alone instead of every matching row; two new indexes find a flow's claims by its
parties and item (the estimate's query). Listings keep their newest-first order from the same
indexes (the leading columns are unchanged).

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None

VISIBLE = ["item", "syndicated", "superseded_at"]
#: index name → (columns before, columns after)
REBUILT = {
    "ix_claims_supplier": (["supplier", "published_on"], ["supplier", "published_on", *VISIBLE]),
    "ix_claims_recipient": (["recipient", "published_on"], ["recipient", "published_on", *VISIBLE]),
    "ix_claims_actor": (["actor", "published_on"], ["actor", "published_on", *VISIBLE]),
    "ix_claims_published": (["published_on", "id"], ["published_on", "syndicated", "superseded_at"]),
}
ADDED = {
    "ix_claims_flow_item": ["supplier", "recipient", "item", "published_on"],
    "ix_claims_actor_item": ["actor", "item", "published_on"],
}


def _analyze() -> None:
    # fresh planner statistics, so SQLite prefers the new indexes at once (PostgreSQL's autovacuum does this)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE claims")


def upgrade() -> None:
    for name, (_, after) in REBUILT.items():
        op.drop_index(name, table_name="claims")
        op.create_index(name, "claims", after)
    for name, columns in ADDED.items():
        op.create_index(name, "claims", columns)
    _analyze()


def downgrade() -> None:
    for name in ADDED:
        op.drop_index(name, table_name="claims")
    for name, (before, _) in REBUILT.items():
        op.drop_index(name, table_name="claims")
        op.create_index(name, "claims", before)
    _analyze()
