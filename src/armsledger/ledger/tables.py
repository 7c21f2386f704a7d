"""The ledger's tables as SQLAlchemy 2 models: documents, claims, sources, actors, ingest runs.

Claims copy a few fields of their document (`published_on`, `syndicated`) so the common
filtered listings are answered from one table through composite indexes.

Two time axes: `published_on` is knowledge time (when the document appeared; NULL for an
undated document, which as-of views leave out) and `recorded_at` / `superseded_at` are audit
time (when the ledger stored a claim and when a newer extraction replaced it).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every ledger table."""


class IngestRun(Base):
    """One `ingest` or `reextract` invocation, with its counts."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    command: Mapped[str] = mapped_column(String(32))
    inputs: Mapped[str] = mapped_column(Text, default="")
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")
    new_documents: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    near_duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    claims_added: Mapped[int] = mapped_column(Integer, default=0)


class IngestFailure(Base):
    """An input that could not be read or stored, with the one-line reason."""

    __tablename__ = "ingest_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="SET NULL"), index=True)
    location: Mapped[str] = mapped_column(Text)
    error_type: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(DateTime)


class DocumentRow(Base):
    """A stored document: its text, where it came from, and what is known about it."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(512))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(64), default="text/plain")
    published: Mapped[date | None] = mapped_column(Date)
    # The publication date as-of views use: `published`; NULL while the document is undated.
    published_on: Mapped[date | None] = mapped_column(Date, index=True)
    # Where the date came from: given (on ingest or in a corpus line), metadata (HTML), text, hand.
    published_source: Mapped[str | None] = mapped_column(String(16))
    # When an analyst dated the document by hand (`armsledger documents date`).
    dated_at: Mapped[datetime | None] = mapped_column(DateTime)
    retrieved_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    near_duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    extract_error: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="SET NULL"))

    near_duplicate_of: Mapped[DocumentRow | None] = relationship(remote_side=[id])


class DocumentBand(Base):
    """One LSH band key of a document's MinHash signature; equal keys flag near-duplicate candidates."""

    __tablename__ = "document_bands"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_document_bands_key", "key"),)


class SourceRow(Base):
    """A person or organisation that asserts claims, with the analyst's Admiralty reliability grade."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)
    name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    org: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(16), index=True)
    grade: Mapped[str | None] = mapped_column(String(1))
    graded_at: Mapped[datetime | None] = mapped_column(DateTime)
    first_seen: Mapped[datetime] = mapped_column(DateTime)


class SourceAlias(Base):
    """Another key of a source ("nis" for "national intelligence service"): claims whose source has
    this key are filed under `source_id` (set by `source merge` and `source alias`)."""

    __tablename__ = "source_aliases"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ActorRow(Base):
    """A state, bloc or other actor code seen in claims (PRK, NATO, wagner)."""

    __tablename__ = "actors"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))


class ClaimRow(Base):
    """One claim as SCHEMA.md defines it, with its provenance and version history."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    kind: Mapped[str] = mapped_column(String(16))
    supplier: Mapped[str | None] = mapped_column(String(64))
    recipient: Mapped[str | None] = mapped_column(String(64))
    actor: Mapped[str | None] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(32))
    caliber_mm: Mapped[int | None] = mapped_column(Integer)
    quantity_value: Mapped[float | None] = mapped_column(Float)
    quantity_value_high: Mapped[float | None] = mapped_column(Float)
    quantity_qualifier: Mapped[str | None] = mapped_column(String(16))
    quantity_unit: Mapped[str | None] = mapped_column(String(16))
    quantity_per: Mapped[str | None] = mapped_column(String(8))
    quantity_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    polarity: Mapped[str] = mapped_column(String(16))
    hedged: Mapped[bool] = mapped_column(Boolean)
    cues: Mapped[str] = mapped_column(Text, default="[]")
    certainty: Mapped[str | None] = mapped_column(String(24))
    said_on: Mapped[str | None] = mapped_column(String(10))
    by: Mapped[str | None] = mapped_column(String(10))
    financed_by: Mapped[str | None] = mapped_column(String(64))
    deal: Mapped[str | None] = mapped_column(String(16))
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(64))
    published_on: Mapped[date | None] = mapped_column(Date)
    syndicated: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="SET NULL"))

    document: Mapped[DocumentRow] = relationship()
    source: Mapped[SourceRow | None] = relationship()

    __table_args__ = (
        # The role and date indexes also hold the columns every listing filters on (migration 0007), so a
        # listing's total is counted from the index alone; the flow indexes serve the estimate's query.
        Index("ix_claims_published", "published_on", "syndicated", "superseded_at"),
        Index("ix_claims_supplier", "supplier", "published_on", "item", "syndicated", "superseded_at"),
        Index("ix_claims_recipient", "recipient", "published_on", "item", "syndicated", "superseded_at"),
        Index("ix_claims_flow", "supplier", "recipient", "published_on"),
        Index("ix_claims_flow_item", "supplier", "recipient", "item", "published_on"),
        Index("ix_claims_actor", "actor", "published_on", "item", "syndicated", "superseded_at"),
        Index("ix_claims_actor_item", "actor", "item", "published_on"),
        Index("ix_claims_item", "item", "published_on"),
        Index("ix_claims_kind", "kind", "published_on"),
        Index("ix_claims_source", "source_id", "published_on"),
        Index("ix_claims_version", "extractor_version"),
    )


class ReviewRow(Base):
    """One analyst's review, kept for ever (the audit trail): of a claim (confirm, reject, correct) or of
    a source (grade, merge, alias), with who, when and why. Claims are never changed by a review;
    the reviewed values are an overlay (armsledger.review.overlay)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[str] = mapped_column(String(16))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    # JSON: the fields set ({"quantity.value": 10000}), the grade, or the names merged
    changes: Mapped[str] = mapped_column(Text, default="{}")
    # JSON: the values before the review, as the reviewer saw them
    previous: Mapped[str] = mapped_column(Text, default="{}")
    reviewer: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


__all__ = [
    "ActorRow",
    "Base",
    "ClaimRow",
    "DocumentBand",
    "DocumentRow",
    "IngestFailure",
    "IngestRun",
    "ReviewRow",
    "SourceAlias",
    "SourceRow",
]
