"""Date a document by hand (`armsledger documents date ID DATE`).

A document whose publication date could not be found is stored undated and left out of
as-of views. Dating it sets its date, marks the date as set by hand (`published_source =
"hand"`, `dated_at`), and replaces its current claims by claims extracted again against the
new date, so relative dates ("said on Friday") resolve. The old claims stay as superseded
history, so a `--recorded-by` view of an earlier day still sees the document as it was then.
If the extractor fails, the old claims are carried over with the new date instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from armsledger.errors import ArmsledgerError
from armsledger.ledger.errors import NotFoundError
from armsledger.ledger.records import row_to_claim
from armsledger.ledger.store import Ledger, add_claims
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow
from armsledger.model import Claim
from armsledger.pipeline.ingestion import ClaimExtractor, _extract, default_extractor
from armsledger.pipeline.reextraction import _as_document


@dataclass(frozen=True)
class DatingResult:
    """What dating one document did."""

    document_id: int
    name: str
    previous: date | None
    published: date
    claims_superseded: int
    claims_added: int
    reextracted: bool
    note: str | None = None


def _current_claims(ledger: Ledger, doc_row: DocumentRow) -> list[Claim]:
    with ledger.db.read() as session:
        rows = (
            session.execute(
                select(ClaimRow, SourceRow)
                .outerjoin(SourceRow, ClaimRow.source_id == SourceRow.id)
                .where(ClaimRow.document_id == doc_row.id, ClaimRow.superseded_at.is_(None))
                .order_by(ClaimRow.id)
            )
            .tuples()
            .all()
        )
    return [row_to_claim(claim, doc_row.name, source) for claim, source in rows]


def date_document(
    ledger: Ledger, document_id: int, day: date, *, extractor: ClaimExtractor | None = None
) -> DatingResult:
    """Set the publication date of document `document_id` to `day` by hand (see the module doc)."""
    with ledger.db.read() as session:
        doc_row = session.get(DocumentRow, document_id)
        if doc_row is None:
            raise NotFoundError(f"no document {document_id} (see `armsledger documents`)", document_id=document_id)
        session.expunge(doc_row)
    extractor = extractor or default_extractor()
    doc = _as_document(doc_row)
    doc.published = day
    claims, error = _extract(extractor, doc, day)
    note = None
    if error:
        claims = _current_claims(ledger, doc_row)
        note = f"extraction failed ({error}); its {len(claims)} claim(s) were carried over with the new date"
    now = ledger.clock()
    with ledger.db.write() as session, session.begin():
        row = session.get(DocumentRow, document_id)
        assert row is not None
        previous = row.published
        row.published, row.published_on, row.published_source, row.dated_at = day, day, "hand", now
        superseded = (
            session.execute(
                update(ClaimRow)
                .where(ClaimRow.document_id == document_id, ClaimRow.superseded_at.is_(None))
                .values(superseded_at=now)
            ).rowcount  # type: ignore[attr-defined]
            or 0
        )
        version = row.extractor_version if error else extractor.version
        added = add_claims(session, row, claims, extractor_version=version or "unknown", run_id=None, now=now)
        if not error:
            row.extractor_version, row.extract_error = extractor.version, None
    if error:
        ledger.record_failure(None, doc_row.name, ArmsledgerError(f"document {document_id}: {note}"))
    return DatingResult(document_id, doc_row.name, previous, day, superseded, added, not error, note)
