"""Where reconcile commands get their claims: a JSON Lines file, or the ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.jsonl import load_claims
from armsledger.reconcile.refdata import Reference


def gather_claims(*, claims_file: str | Path | None, published: date | None, db_url: str | None,
                  as_of: date | None, ref: Reference, kind: str | None = None, supplier: str | None = None,
                  recipient: str | None = None, actor: str | None = None,
                  item: str | None = None) -> list[ReconcileClaim]:
    """Claims from `claims_file` when given, else from the ledger at `db_url`, narrowed to the
    given flow fields (None means any) and to what was published by `as_of`."""
    if claims_file is not None:
        claims = load_claims(claims_file, published=published)
        return [rc for rc in claims if as_of is None or rc.published <= as_of]
    from armsledger.reconcile.from_ledger import LedgerSelection, iter_ledger_claims, open_ledger

    items = tuple(ref.flows.item_groups.get(ref.item_group(item), [item])) if item else None
    selection = LedgerSelection(kind=kind, supplier=supplier, recipient=recipient, actor=actor, items=items,
                                as_of=as_of)
    db = open_ledger(db_url)
    try:
        return list(iter_ledger_claims(db, selection))
    finally:
        db.dispose()
