"""Re-run a newer extractor over stored documents; the old claims stay as superseded history.

Each document is re-extracted in its own transaction: its current claims get `superseded_at`
and the new claims are added, so a crash leaves every document either fully old or fully new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import or_, select, update

from armsledger.budget import DocumentBudget
from armsledger.errors import ArmsledgerError
from armsledger.ledger.store import Ledger, add_claims
from armsledger.ledger.tables import ClaimRow, DocumentRow
from armsledger.model import Document
from armsledger.pipeline.ingestion import ClaimExtractor, _extract, default_extractor


@dataclass
class ReextractSummary:
    """Counts of one reextract run."""

    run_id: int | None = None
    documents: int = 0
    claims_added: int = 0
    claims_superseded: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def _as_document(row: DocumentRow) -> Document:
    return Document(
        name=row.name,
        text=row.text,
        title=row.title,
        url=row.url,
        publisher=row.publisher,
        author=row.author,
        published=row.published,
        language=row.language,
        content_type=row.content_type,
        path=row.path,
    )


def stale_document_ids(ledger: Ledger, version: str, *, force: bool = False) -> list[int]:
    """Documents not yet extracted by `version` (all documents with `force`)."""
    with ledger.db.read() as session:
        query = select(DocumentRow.id).order_by(DocumentRow.id)
        if not force:
            query = query.where(or_(DocumentRow.extractor_version.is_(None), DocumentRow.extractor_version != version))
        return list(session.scalars(query))


def reextract(
    ledger: Ledger,
    *,
    extractor: ClaimExtractor | None = None,
    force: bool = False,
    progress: Callable[[ReextractSummary, int, int], None] | None = None,
) -> ReextractSummary:
    """Re-extract every document whose claims come from another extractor version (or all, with `force`)."""
    extractor = extractor or default_extractor()
    ids = stale_document_ids(ledger, extractor.version, force=force)
    run_id = ledger.start_run("reextract", [], extractor.version)
    summary = ReextractSummary(run_id=run_id)
    status = "interrupted"
    budget = DocumentBudget(extractor=extractor)
    try:
        for doc_id in ids:
            _reextract_one(ledger, doc_id, extractor, run_id, summary, budget)
            if progress:
                progress(summary, doc_id, len(ids))
        status = "finished"
    finally:
        budget.close()
        ledger.finish_run(
            run_id,
            status=status,
            new_documents=0,
            duplicates=0,
            near_duplicates=0,
            failed=summary.failed,
            claims_added=summary.claims_added,
        )
    return summary


def _reextract_one(
    ledger: Ledger,
    doc_id: int,
    extractor: ClaimExtractor,
    run_id: int,
    summary: ReextractSummary,
    budget: DocumentBudget | None = None,
) -> None:
    with ledger.db.read() as session:
        row = session.get_one(DocumentRow, doc_id)
        doc = _as_document(row)
    claims, error = _extract(extractor, doc, row.published, budget=budget, location=row.name)
    if error:
        summary.failed += 1
        reason = f"document {doc_id} ({row.name}): extraction failed ({error}); old claims kept"
        summary.failures.append((row.name, reason))
        ledger.record_failure(run_id, row.name, ArmsledgerError(reason))
        return
    now = ledger.clock()
    with ledger.db.write() as session, session.begin():
        doc_row = session.get_one(DocumentRow, doc_id)
        result = session.execute(
            update(ClaimRow)
            .where(ClaimRow.document_id == doc_id, ClaimRow.superseded_at.is_(None))
            .values(superseded_at=now)
        )
        summary.claims_superseded += result.rowcount or 0  # type: ignore[attr-defined]
        summary.claims_added += add_claims(
            session, doc_row, claims, extractor_version=extractor.version, run_id=run_id, now=now
        )
        doc_row.extractor_version = extractor.version
        doc_row.extract_error = None
    summary.documents += 1
