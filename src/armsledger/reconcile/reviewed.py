"""The estimate of one flow from the ledger, read as the analysts reviewed it, and saying so.

`estimate_flow` is the one call the CLI's `estimate`, the Python API and the HTTP API make: it
resolves names to codes, reads the flow's claims through the review overlay (rejected claims
left out, corrected values used; armsledger.reconcile.from_ledger), estimates, and lists in
`Estimate.reviews` every review on the flow's claims, each claim's explanation naming its review.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from armsledger.ledger.asof import end_of_day
from armsledger.ledger.db import Database
from armsledger.ledger.queries import ClaimFilter, claim_conditions
from armsledger.ledger.records import row_to_claim
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow
from armsledger.reconcile.estimate import EstimateOptions, estimate
from armsledger.reconcile.explain import ClaimUse, Estimate, FlowKey, ReviewNote
from armsledger.reconcile.flows import make_flow
from armsledger.reconcile.from_ledger import LedgerSelection, flow_items, load_flow_claims
from armsledger.reconcile.refdata import Reference, load_reference
from armsledger.reconcile.units.loading import CalibreMix

if TYPE_CHECKING:
    from armsledger.review.overlay import ReviewIndex


def resolve_flow(
    *,
    item: str,
    supplier: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    kind: str = "transfer",
    unit: str = "item",
    ref: Reference,
) -> tuple[FlowKey, str]:
    """The flow named by options that may be names ("North Korea", "shells") or codes, and its item code."""
    from armsledger.codes import resolve_actor, resolve_item, resolve_unit

    codes = {
        name: resolve_actor(value, option=f"--{name}") if value else None
        for name, value in (("supplier", supplier), ("recipient", recipient), ("actor", actor))
    }
    item_code = resolve_item(item, option="--item")
    unit_code = resolve_unit(unit, option="--unit", also=set(ref.flows.unit_families.values()))
    return make_flow(kind=kind, item=item_code, unit=unit_code, ref=ref, **codes), item_code


def _selection(flow: FlowKey, as_of: date | None, ref: Reference) -> LedgerSelection:
    # flow.item is the item group; the estimate also reads the broader items whose carriers count for it
    return LedgerSelection(
        kind=flow.kind,
        supplier=flow.supplier,
        recipient=flow.recipient,
        actor=flow.actor,
        items=flow_items(flow.item, ref),
        as_of=as_of,
    )


def _flow_fields(selection: LedgerSelection) -> list[tuple[str, str]]:
    """The flow fields a selection fixes, as (column, value)."""
    pairs = (
        ("kind", selection.kind),
        ("supplier", selection.supplier),
        ("recipient", selection.recipient),
        ("actor", selection.actor),
    )
    return [(name, value) for name, value in pairs if value is not None]


def _flow_conditions(selection: LedgerSelection) -> list[Any]:
    """SQL conditions on the flow fields of claims as extracted."""
    conditions: list[Any] = [getattr(ClaimRow, name) == value for name, value in _flow_fields(selection)]
    if selection.items is not None:
        conditions.append(ClaimRow.item.in_(selection.items))
    return conditions


def _extracted_in_flow(index: ReviewIndex, ids: list[int], selection: LedgerSelection) -> list[int]:
    """Those of `ids` whose claims, as extracted, have the selection's kind, parties and items (the
    fields of _flow_conditions, kept with the reviews: `ReviewIndex.flow_fields`), so the visibility
    conditions, costly to build, are applied to these few ids only (none, for most flows)."""
    wanted = [(_FIELD_AT[name], value) for name, value in _flow_fields(selection)]
    items = None if selection.items is None else set(selection.items)
    found = []
    for claim_id in sorted(set(ids)):
        fields = index.flow_fields.get(claim_id)
        if fields is None:
            continue
        if all(fields[at] == value for at, value in wanted) and (items is None or fields[4] in items):
            found.append(claim_id)
    return found


_FIELD_AT = {"kind": 0, "supplier": 1, "recipient": 2, "actor": 3}


def flow_reviews(
    db: Database,
    flow: FlowKey,
    *,
    as_of: date | None,
    ref: Reference,
    counted: set[str],
    recorded_by: date | None = None,
    index: ReviewIndex | None = None,
) -> list[ReviewNote]:
    """Reviews of the claims that belong to `flow` as extracted or as reviewed (visible as of
    `as_of`); `counted` are the claim ids the estimate read; `index` the reviews when the caller has
    read them (`review_index`)."""
    from armsledger.ledger.byid import claim_ids_matching
    from armsledger.review.overlay import review_index, reviewed_claim

    selection = _selection(flow, as_of, ref)
    notes = []
    reviewed_by = end_of_day(recorded_by) if recorded_by else None
    index = index or review_index(db)  # (the reviews, read once per state of the ledger's reviews)
    in_flow = _extracted_in_flow(index, index.reviewed_ids(reviewed_by=reviewed_by), selection)
    moved = index.moved_claim_ids(reviewed_by=reviewed_by)
    if not in_flow and not moved:
        return []
    with db.read() as session:
        visible = [
            *claim_conditions(ClaimFilter(as_of=as_of, recorded_by=recorded_by, include_syndicated=True)),
            ClaimRow.published_on.is_not(None),
        ]  # claims of undated documents are never read
        matching = claim_ids_matching(session, in_flow, [*visible, *_flow_conditions(selection)]) if in_flow else []
        ids = sorted(set(matching) | moved)
        if not ids:
            return []
        states = index.states(ids, reviewed_by=reviewed_by)
        for lo in range(0, len(ids), 500):
            rows = session.execute(
                select(ClaimRow, DocumentRow.name, DocumentRow.published, SourceRow)
                .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
                .outerjoin(SourceRow, ClaimRow.source_id == SourceRow.id)
                .where(ClaimRow.id.in_(ids[lo : lo + 500]), *visible)
            ).all()
            for row, doc_name, published, source in rows:
                state = states.get(row.id)
                if state is None:
                    continue
                extracted = row_to_claim(row, doc_name, source, published)
                reviewed = reviewed_claim(extracted, state)
                if not selection.admits(extracted) and (reviewed is None or not selection.admits(reviewed)):
                    continue
                notes.append(
                    ReviewNote(
                        claim_id=str(row.id),
                        status=state.status,  # type: ignore[arg-type]
                        reviewer=state.reviewer,
                        reviewed_at=state.reviewed_at.isoformat() if state.reviewed_at else None,
                        reason=state.reason,
                        changes=state.changes,
                        counted=str(row.id) in counted,
                    )
                )
    return sorted(notes, key=lambda n: int(n.claim_id))


def _mark(uses: list[ClaimUse], notes: dict[str, ReviewNote]) -> list[ClaimUse]:
    out = []
    for use in uses:
        note = notes.get(use.claim_id)
        if note is not None:
            changed = f" ({', '.join(f'{k}={v}' for k, v in note.changes.items())})" if note.changes else ""
            reason = f"{use.reason}; reviewed: {note.status} by {note.reviewer}{changed}"
            use = use.model_copy(update={"reason": reason})
        out.append(use)
    return out


def estimate_flow(
    db: Database,
    *,
    item: str,
    supplier: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    kind: str = "transfer",
    unit: str = "item",
    as_of: date | None = None,
    recorded_by: date | None = None,
    window: int | None = None,
    conversions: str | None = None,
    calibre_mix: CalibreMix | None = None,
    ref: Reference | None = None,
) -> Estimate:
    """Low / central / high of one flow from the ledger's reviewed claims published by `as_of` and held
    by the ledger at `recorded_by`, with its series, its explanation, the reviews that shaped it and
    the number of undated documents left out (names or codes for actors and the item)."""
    from armsledger.ledger.queries import count_undated_documents
    from armsledger.review.overlay import review_index

    ref = ref or load_reference()
    flow, item_code = resolve_flow(
        item=item, supplier=supplier, recipient=recipient, actor=actor, kind=kind, unit=unit, ref=ref
    )
    index = review_index(db)  # (one look at the reviews, for the claims and for their notes)
    claims = load_flow_claims(
        db,
        kind=flow.kind,
        supplier=flow.supplier,
        recipient=flow.recipient,
        actor=flow.actor,
        item=item_code,
        as_of=as_of,
        recorded_by=recorded_by,
        ref=ref,
        plain=True,  # (claims without reviews read as plain records: the estimate only reads them)
        index=index,
    )
    options = EstimateOptions(as_of=as_of, window_days=window, conversions=conversions, calibre_mix=calibre_mix)
    result = estimate(claims, flow, options, ref)
    # Claims of undated documents cannot be placed in time: estimates leave them out and count them.
    result.undated_documents = count_undated_documents(db, recorded_by=recorded_by)
    notes = flow_reviews(
        db, flow, as_of=as_of, recorded_by=recorded_by, ref=ref, counted={rc.claim_id for rc in claims}, index=index
    )
    if not notes:
        return result
    by_id = {n.claim_id: n for n in notes}
    return result.model_copy(
        update={"reviews": notes, "used": _mark(result.used, by_id), "discounted": _mark(result.discounted, by_id)}
    )
