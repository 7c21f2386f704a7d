"""Reconcile inputs from the ledger: claims with their document's date, near-duplicate link and
source grade, selected with the ledger's own filters (as-of, flow fields) in one query."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from armsledger.ledger.db import Database, connect
from armsledger.ledger.errors import LedgerError
from armsledger.ledger.queries import ClaimFilter, claim_conditions
from armsledger.ledger.records import row_to_claim
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow
from armsledger.reconcile.errors import LedgerUnavailableError
from armsledger.reconcile.inputs import ReconcileClaim, default_source_key
from armsledger.reconcile.refdata import Reference, load_reference


@dataclass(frozen=True)
class LedgerSelection:
    """Which claims to read: None means any. `items` is an item group's codes."""

    kind: str | None = None
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None
    items: tuple[str, ...] | None = None
    as_of: date | None = None


def open_ledger(url: str | None) -> Database:
    """The ledger database at `url` (else ARMSLEDGER_DATABASE_URL, else the default file)."""
    try:
        return connect(url)
    except LedgerError as exc:
        raise LedgerUnavailableError(str(exc), url=url) from exc


def iter_ledger_claims(db: Database, selection: LedgerSelection | None = None, *,
                       batch: int = 5000) -> Iterator[ReconcileClaim]:
    """ReconcileClaims for the ledger's claims visible as of `selection.as_of`.

    Syndicated copies are included and marked `duplicate_of` (the estimate lists them as
    discounted); `source_key` and `grade` come from the ledger's source record."""
    sel = selection or LedgerSelection()
    filt = ClaimFilter(kind=sel.kind, supplier=sel.supplier, recipient=sel.recipient, as_of=sel.as_of,
                       include_syndicated=True, item=sel.items[0] if sel.items and len(sel.items) == 1 else None)
    cond = claim_conditions(filt)
    if sel.actor:
        cond.append(ClaimRow.actor == sel.actor)
    if sel.items and len(sel.items) > 1:
        cond.append(ClaimRow.item.in_(sel.items))
    original = aliased(DocumentRow)
    query = (select(ClaimRow, DocumentRow.name, DocumentRow.publisher, original.name, SourceRow)
             .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
             .outerjoin(original, DocumentRow.near_duplicate_of_id == original.id)
             .outerjoin(SourceRow, ClaimRow.source_id == SourceRow.id)
             .where(and_(*cond)))
    last_id = 0
    while True:
        with db.read() as session:
            rows = session.execute(query.where(ClaimRow.id > last_id).order_by(ClaimRow.id).limit(batch)).all()
        if not rows:
            return
        for row, doc_name, publisher, duplicate_of, source in rows:
            claim = row_to_claim(row, doc_name, source)
            yield ReconcileClaim(
                claim=claim, claim_id=str(row.id), doc_id=doc_name, published=row.published_on,
                source_key=source.key if source is not None else default_source_key(claim, publisher),
                grade=source.grade if source is not None else None,
                duplicate_of=duplicate_of or ("an earlier document" if row.syndicated else None),
            )
        last_id = rows[-1][0].id


def load_flow_claims(db: Database, *, kind: str, supplier: str | None, recipient: str | None, actor: str | None,
                     item: str, as_of: date | None, ref: Reference | None = None) -> list[ReconcileClaim]:
    """The claims of one flow (any unit) as of a date."""
    ref = ref or load_reference()
    group = ref.item_group(item)
    items = tuple(ref.flows.item_groups.get(group, [item]))
    selection = LedgerSelection(kind=kind, supplier=supplier if kind == "transfer" else None,
                                recipient=recipient if kind in ("transfer", "meeting") else None,
                                actor=actor if kind != "transfer" else None, items=items, as_of=as_of)
    return list(iter_ledger_claims(db, selection))
