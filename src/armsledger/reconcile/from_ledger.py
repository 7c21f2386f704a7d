"""Reconcile inputs from the ledger: claims with their document's date and title, near-duplicate link
and source grade, selected with the ledger's own filters (both time axes, flow fields) in one query.
Claims of undated documents cannot be placed in time: they are left out (and counted)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from armsledger.ledger.db import Database, connect
from armsledger.ledger.errors import LedgerError
from armsledger.ledger.queries import ClaimFilter, claim_conditions
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow
from armsledger.model import Claim
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
    recorded_by: date | None = None


def open_ledger(url: str | None) -> Database:
    """The existing ledger database at `url` (else ARMSLEDGER_DATABASE_URL, else the default file);
    reading claims never creates a ledger."""
    try:
        return connect(url, create=False)
    except LedgerError as exc:
        raise LedgerUnavailableError(str(exc), url=url) from exc


def iter_ledger_claims(db: Database, selection: LedgerSelection | None = None, *,
                       batch: int = 5000) -> Iterator[ReconcileClaim]:
    """ReconcileClaims for the ledger's claims visible as of `selection.as_of`.

    Syndicated copies are included and marked `duplicate_of` (the estimate lists them as
    discounted); `source_key` and `grade` come from the ledger's source record."""
    sel = selection or LedgerSelection()
    filt = ClaimFilter(kind=sel.kind, supplier=sel.supplier, recipient=sel.recipient, as_of=sel.as_of,
                       recorded_by=sel.recorded_by, include_syndicated=True,
                       item=sel.items[0] if sel.items and len(sel.items) == 1 else None)
    cond = claim_conditions(filt)
    cond.append(ClaimRow.published_on.is_not(None))
    if sel.actor:
        cond.append(ClaimRow.actor == sel.actor)
    if sel.items and len(sel.items) > 1:
        cond.append(ClaimRow.item.in_(sel.items))
    original = aliased(DocumentRow)
    query = (select(*_CLAIM_COLUMNS, DocumentRow.name, DocumentRow.title, DocumentRow.publisher, original.name,
                    SourceRow.key,
                    SourceRow.name, SourceRow.role, SourceRow.org, SourceRow.country, SourceRow.grade)
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
        for row in rows:
            yield _reconcile_claim(row)
        last_id = rows[-1][0]


_CLAIM_COLUMNS = (
    ClaimRow.id, ClaimRow.kind, ClaimRow.supplier, ClaimRow.recipient, ClaimRow.actor, ClaimRow.item,
    ClaimRow.caliber_mm, ClaimRow.quantity_value, ClaimRow.quantity_value_high, ClaimRow.quantity_qualifier,
    ClaimRow.quantity_unit, ClaimRow.quantity_per, ClaimRow.quantity_text, ClaimRow.status, ClaimRow.polarity,
    ClaimRow.hedged, ClaimRow.cues, ClaimRow.certainty, ClaimRow.said_on, ClaimRow.by, ClaimRow.evidence_start,
    ClaimRow.evidence_end, ClaimRow.evidence_text, ClaimRow.published_on, ClaimRow.syndicated, ClaimRow.financed_by,
    ClaimRow.deal,
)


def _reconcile_claim(row) -> ReconcileClaim:
    (claim_id, kind, supplier, recipient, actor, item, caliber, value, value_high, qualifier, unit, per, qtext,
     status, polarity, hedged, cues, certainty, said_on, by, ev_start, ev_end, ev_text, published, syndicated,
     financed_by, deal, doc_name, title, publisher, duplicate_of, src_key, src_name, src_role, src_org, src_country,
     grade) = row
    # One validation of the nested dict is several times faster than building each model apart.
    claim = Claim.model_validate({
        "doc": doc_name, "kind": kind, "supplier": supplier, "recipient": recipient, "actor": actor, "item": item,
        "caliber_mm": caliber, "status": status, "polarity": polarity, "hedged": bool(hedged),
        "cues": json.loads(cues or "[]"), "certainty": certainty, "said_on": said_on, "by": by,
        "financed_by": financed_by, "deal": deal, "published": published.isoformat(),
        "quantity": None if value is None else {
            "value": value, "value_high": value_high, "qualifier": qualifier or "exact", "unit": unit or "item",
            "per": per, "text": qtext or ""},
        "source": None if src_key is None else {"name": src_name, "role": src_role, "org": src_org,
                                                "country": src_country},
        "evidence": {"start": ev_start, "end": ev_end, "text": ev_text},
    })
    return ReconcileClaim(
        claim=claim, claim_id=str(claim_id), doc_id=doc_name, published=published,
        # A source known only by its role ("the authors", "Western officials") is keyed as a claims file
        # keys it (its country, else the document's voice): roles are not names that tell sources apart.
        source_key=src_key if (src_name or src_org) else default_source_key(claim, publisher),
        grade=grade, duplicate_of=duplicate_of or ("an earlier document" if syndicated else None), title=title,
    )


def flow_items(item: str, ref: Reference) -> tuple[str, ...]:
    """The item codes a flow's estimate reads: its item group, and the broader items whose carriers
    count for it (data/loading.yaml, carrier_contents)."""
    group = ref.item_group(item)
    return (*ref.flows.item_groups.get(group, [item]), *ref.loading.carrier_contents.get(group, {}))


def load_flow_claims(db: Database, *, kind: str, supplier: str | None, recipient: str | None, actor: str | None,
                     item: str, as_of: date | None, recorded_by: date | None = None,
                     ref: Reference | None = None) -> list[ReconcileClaim]:
    """The claims of one flow (any unit) published by `as_of` and held by the ledger at `recorded_by`."""
    ref = ref or load_reference()
    selection = LedgerSelection(kind=kind, supplier=supplier if kind == "transfer" else None,
                                recipient=recipient if kind in ("transfer", "meeting") else None,
                                actor=actor if kind != "transfer" else None, items=flow_items(item, ref),
                                as_of=as_of, recorded_by=recorded_by)
    return list(iter_ledger_claims(db, selection))
