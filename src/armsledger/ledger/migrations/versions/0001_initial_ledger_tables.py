"""Initial ledger tables: documents, LSH bands, claims, sources, actors, ingest runs and failures.

Revision ID: 0001
Revises:
Create Date: 2024-06-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("command", sa.String(length=32), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("new_documents", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("near_duplicates", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("claims_added", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("org", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=16), nullable=True),
        sa.Column("grade", sa.String(length=1), nullable=True),
        sa.Column("graded_at", sa.DateTime(), nullable=True),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_country"), ["country"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("retrieved_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("near_duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("extractor_version", sa.String(length=64), nullable=True),
        sa.Column("extract_error", sa.Text(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["near_duplicate_of_id"],
            ["documents.id"],
        ),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_near_duplicate_of_id"), ["near_duplicate_of_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_published_on"), ["published_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_recorded_at"), ["recorded_at"], unique=False)

    op.create_table(
        "ingest_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("error_type", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ingest_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingest_failures_run_id"), ["run_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("supplier", sa.String(length=64), nullable=True),
        sa.Column("recipient", sa.String(length=64), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=True),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("caliber_mm", sa.Integer(), nullable=True),
        sa.Column("quantity_value", sa.Float(), nullable=True),
        sa.Column("quantity_value_high", sa.Float(), nullable=True),
        sa.Column("quantity_qualifier", sa.String(length=16), nullable=True),
        sa.Column("quantity_unit", sa.String(length=16), nullable=True),
        sa.Column("quantity_per", sa.String(length=8), nullable=True),
        sa.Column("quantity_text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("polarity", sa.String(length=16), nullable=False),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("cues", sa.Text(), nullable=False),
        sa.Column("certainty", sa.String(length=24), nullable=True),
        sa.Column("said_on", sa.String(length=10), nullable=True),
        sa.Column("by", sa.String(length=10), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("syndicated", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_actor", ["actor", "published_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_claims_flow", ["supplier", "recipient", "published_on"], unique=False)
        batch_op.create_index("ix_claims_item", ["item", "published_on"], unique=False)
        batch_op.create_index("ix_claims_kind", ["kind", "published_on"], unique=False)
        batch_op.create_index("ix_claims_published", ["published_on", "id"], unique=False)
        batch_op.create_index("ix_claims_recipient", ["recipient", "published_on"], unique=False)
        batch_op.create_index("ix_claims_source", ["source_id", "published_on"], unique=False)
        batch_op.create_index("ix_claims_supplier", ["supplier", "published_on"], unique=False)
        batch_op.create_index("ix_claims_version", ["extractor_version"], unique=False)

    op.create_table(
        "document_bands",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "band"),
    )
    with op.batch_alter_table("document_bands", schema=None) as batch_op:
        batch_op.create_index("ix_document_bands_key", ["key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_document_bands_key")

    op.drop_table("document_bands")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_version")
        batch_op.drop_index("ix_claims_supplier")
        batch_op.drop_index("ix_claims_source")
        batch_op.drop_index("ix_claims_recipient")
        batch_op.drop_index("ix_claims_published")
        batch_op.drop_index("ix_claims_kind")
        batch_op.drop_index("ix_claims_item")
        batch_op.drop_index("ix_claims_flow")
        batch_op.drop_index(batch_op.f("ix_claims_document_id"))
        batch_op.drop_index("ix_claims_actor")

    op.drop_table("claims")
    with op.batch_alter_table("ingest_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_failures_run_id"))

    op.drop_table("ingest_failures")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_documents_published_on"))
        batch_op.drop_index(batch_op.f("ix_documents_near_duplicate_of_id"))

    op.drop_table("documents")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_country"))

    op.drop_table("sources")
    op.drop_table("ingest_runs")
    op.drop_table("actors")
