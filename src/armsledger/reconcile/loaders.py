"""Where reconcile commands get their claims: a JSON Lines file, or the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from armsledger.reconcile.collector import collector_paused
from armsledger.reconcile.errors import ClaimsFileError
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.jsonl import load_claims
from armsledger.reconcile.refdata import Reference


@dataclass
class ClaimSet:
    """Claims to reconcile, with what was left out: bad lines of a claims file (one message each)
    and the undated documents of the ledger (they cannot be placed in time)."""

    claims: list[ReconcileClaim]
    skipped_lines: list[str] = field(default_factory=list)
    undated_documents: int = 0


def gather_claims(
    *,
    claims_file: str | Path | None,
    published: date | None,
    db_url: str | None,
    as_of: date | None,
    ref: Reference,
    recorded_by: date | None = None,
    kind: str | None = None,
    supplier: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    item: str | None = None,
    plain: bool = False,
) -> ClaimSet:
    """Claims from `claims_file` when given, else from the ledger at `db_url`, narrowed to the given
    flow fields (None means any), to what was published by `as_of` and held at `recorded_by`. With
    `plain`, claims for an estimate, which only reads them: plain records where no validation or review is
    needed (armsledger.reconcile.plain)."""
    if claims_file is not None:
        if recorded_by is not None:
            raise ClaimsFileError("--recorded-by reads the ledger's history; a claims file has none (drop --claims)")
        problems: list[str] = []
        claims = load_claims(claims_file, published=published, problems=problems, plain=plain)
        return ClaimSet([rc for rc in claims if as_of is None or rc.published <= as_of], problems)
    from armsledger.ledger.queries import count_undated_documents
    from armsledger.reconcile.from_ledger import (
        LedgerSelection,
        flow_items,
        iter_ledger_claims,
        open_ledger,
    )

    items = flow_items(item, ref) if item else None
    selection = LedgerSelection(
        kind=kind,
        supplier=supplier,
        recipient=recipient,
        actor=actor,
        items=items,
        as_of=as_of,
        recorded_by=recorded_by,
    )
    db = open_ledger(db_url)
    try:
        with collector_paused():
            claims = list(iter_ledger_claims(db, selection, plain=plain))
        return ClaimSet(claims, undated_documents=count_undated_documents(db, recorded_by=recorded_by))
    finally:
        db.dispose()
