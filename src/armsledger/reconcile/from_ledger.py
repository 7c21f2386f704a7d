"""Reconcile inputs from the ledger: claims with their document's date and title, near-duplicate link
and source grade, selected with the ledger's own filters (both time axes, flow fields) in one query.
Claims of undated documents cannot be placed in time: they are left out (and counted).

Claims are read as reviewed (armsledger.review.overlay): a rejected claim is left out, a corrected
one carries its corrected values, and a claim corrected into the selected flow is found by id."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import aliased

from armsledger.ledger.asof import end_of_day
from armsledger.ledger.db import Database, connect
from armsledger.ledger.errors import LedgerError
from armsledger.ledger.queries import ClaimFilter, claim_conditions
from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow
from armsledger.model import Claim
from armsledger.reconcile.collector import collector_paused
from armsledger.reconcile.errors import LedgerUnavailableError
from armsledger.reconcile.inputs import ReconcileClaim, default_source_key
from armsledger.reconcile.plain import PlainClaim, PlainEvidence, PlainQuantity, PlainSource, plain_reconcile_claim
from armsledger.reconcile.refdata import Reference, load_reference

if TYPE_CHECKING:
    from armsledger.review.overlay import ClaimReviewState, ReviewIndex


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

    def admits(self, claim: Claim) -> bool:
        """Whether a claim (as reviewed) belongs to this selection."""
        return all(
            want is None or getattr(claim, name) == want
            for name, want in (
                ("kind", self.kind),
                ("supplier", self.supplier),
                ("recipient", self.recipient),
                ("actor", self.actor),
            )
        ) and (self.items is None or claim.item in self.items)


def open_ledger(url: str | None) -> Database:
    """The existing ledger database at `url` (else ARMSLEDGER_DATABASE_URL, else the default file);
    reading claims never creates a ledger."""
    try:
        return connect(url, create=False)
    except LedgerError as exc:
        raise LedgerUnavailableError(str(exc), url=url) from exc


def iter_ledger_claims(
    db: Database,
    selection: LedgerSelection | None = None,
    *,
    batch: int = 5000,
    reviews: bool = True,
    plain: bool = False,
    index: ReviewIndex | None = None,
) -> Iterator[ReconcileClaim]:
    """ReconcileClaims for the ledger's claims visible as of `selection.as_of`, as reviewed
    (`reviews=False` reads the claims as extracted). With `plain`, a claim without reviews is read into a
    `plain.PlainClaim` (its row's values as they are, no pydantic model: what an estimate reads); a
    reviewed claim is validated and has its reviews applied either way. `index`: the reviews as the caller
    has just read them (`review_index`), else they are read here.

    Syndicated copies are included and marked `duplicate_of` (the estimate lists them as
    discounted); `source_key` and `grade` come from the ledger's source record."""
    from armsledger.review.overlay import review_index

    sel = selection or LedgerSelection()
    filt = ClaimFilter(
        kind=sel.kind,
        supplier=sel.supplier,
        recipient=sel.recipient,
        as_of=sel.as_of,
        recorded_by=sel.recorded_by,
        include_syndicated=True,
        item=sel.items[0] if sel.items and len(sel.items) == 1 else None,
    )
    cond = claim_conditions(filt)
    cond.append(ClaimRow.published_on.is_not(None))
    if sel.actor:
        cond.append(ClaimRow.actor == sel.actor)
    if sel.items and len(sel.items) > 1:
        cond.append(ClaimRow.item.in_(sel.items))
    moved: set[int] = set()
    reviewed: set[int] = set()
    reviewed_by = end_of_day(sel.recorded_by) if sel.recorded_by else None  # the reviews made by then
    if not reviews:
        index = None
    elif index is None:
        index = review_index(db)
    if index is not None:
        moved = index.moved_claim_ids(reviewed_by=reviewed_by)
        reviewed = set(index.reviewed_ids(reviewed_by=reviewed_by))
    query = _claims_query()
    seen: set[int] = set()
    last_id = 0
    while True:
        with db.read() as session:
            rows = session.execute(
                query.where(and_(*cond), ClaimRow.id > last_id).order_by(ClaimRow.id).limit(batch)
            ).all()
        if not rows:
            break
        seen.update(row[0] for row in rows if row[0] in moved)
        yield from _reviewed(rows, sel, moved, reviewed, index, reviewed_by=reviewed_by, plain=plain)
        if len(rows) < batch:
            break
        last_id = rows[-1][0]
    extra = sorted(moved - seen)  # corrected claims that may have moved into this selection from elsewhere
    if extra:
        from armsledger.ledger.byid import claim_ids_matching

        visible = [
            *claim_conditions(ClaimFilter(as_of=sel.as_of, recorded_by=sel.recorded_by, include_syndicated=True)),
            ClaimRow.published_on.is_not(None),
        ]
        with db.read() as session:
            ids = claim_ids_matching(session, extra, visible)
            rows = session.execute(query.where(ClaimRow.id.in_(ids)).order_by(ClaimRow.id)).all() if ids else []
        yield from _reviewed(rows, sel, moved, reviewed, index, reviewed_by=reviewed_by, plain=plain)


def _reviewed(
    rows: Sequence[Any],
    sel: LedgerSelection,
    moved: set[int],
    reviewed: set[int],
    index: ReviewIndex | None,
    *,
    reviewed_by: datetime | None,
    plain: bool,
) -> Iterator[ReconcileClaim]:
    """The rows' claims as reviewed (`reviewed`: the ids with reviews, in `index`): rejected ones left
    out, moved ones kept only when `sel` admits them."""
    ids = [row[0] for row in rows if row[0] in reviewed] if reviewed else []
    states = index.states(ids, reviewed_by=reviewed_by) if ids and index is not None else {}
    read = _plain_claim if plain else _reconcile_claim
    for row in rows:
        if states and row[0] in states:
            rc = _as_reviewed(_reconcile_claim(row), states[row[0]])
            if rc is not None and not (row[0] in moved and not sel.admits(rc.claim)):
                yield rc
        else:  # (no review: neither rejected nor moved)
            yield read(row)


def _as_reviewed(rc: ReconcileClaim, state: ClaimReviewState | None) -> ReconcileClaim | None:
    """The claim with its reviews applied; None when rejected."""
    from armsledger.review.overlay import reviewed_claim

    if state is None:
        return rc
    claim = reviewed_claim(rc.claim, state)
    if claim is None:
        return None
    if claim is rc.claim:
        return rc
    key = rc.source_key
    if any(field.startswith("source") for field in state.changes):
        key = default_source_key(claim)
    return replace(rc, claim=claim, source_key=key)


_CLAIM_COLUMNS = (
    ClaimRow.id,
    ClaimRow.kind,
    ClaimRow.supplier,
    ClaimRow.recipient,
    ClaimRow.actor,
    ClaimRow.item,
    ClaimRow.caliber_mm,
    ClaimRow.quantity_value,
    ClaimRow.quantity_value_high,
    ClaimRow.quantity_qualifier,
    ClaimRow.quantity_unit,
    ClaimRow.quantity_per,
    ClaimRow.quantity_text,
    ClaimRow.status,
    ClaimRow.polarity,
    ClaimRow.hedged,
    ClaimRow.cues,
    ClaimRow.certainty,
    ClaimRow.said_on,
    ClaimRow.by,
    ClaimRow.evidence_start,
    ClaimRow.evidence_end,
    ClaimRow.evidence_text,
    ClaimRow.published_on,
    ClaimRow.syndicated,
    ClaimRow.financed_by,
    ClaimRow.deal,
)


@lru_cache(maxsize=1)
def _claims_query() -> Select:
    """The claims with their document's and source's fields (built once: building it cost more than the
    query of a small flow)."""
    original = aliased(DocumentRow)
    return (
        select(
            *_CLAIM_COLUMNS,
            DocumentRow.name,
            DocumentRow.title,
            DocumentRow.publisher,
            original.name,
            SourceRow.key,
            SourceRow.name,
            SourceRow.role,
            SourceRow.org,
            SourceRow.country,
            SourceRow.grade,
        )
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
        .outerjoin(original, DocumentRow.near_duplicate_of_id == original.id)
        .outerjoin(SourceRow, ClaimRow.source_id == SourceRow.id)
    )


@dataclass(frozen=True)
class _RowMeta:
    """What a ledger row says about its claim beyond the claim's own fields."""

    claim_id: int
    doc_name: str
    published: date
    source_key: str | None  # the stored key of a source with a name or an organisation; None for the others
    publisher: str | None
    grade: str | None
    duplicate_of: str | None
    title: str | None


def _row_fields(row: Any) -> tuple[dict[str, Any], _RowMeta]:
    """A claim row of `_claim_columns` as the claim's fields (nested values as plain dicts) and its row metadata."""
    (
        claim_id,
        kind,
        supplier,
        recipient,
        actor,
        item,
        caliber,
        value,
        value_high,
        qualifier,
        unit,
        per,
        qtext,
        status,
        polarity,
        hedged,
        cues,
        certainty,
        said_on,
        by,
        ev_start,
        ev_end,
        ev_text,
        published,
        syndicated,
        financed_by,
        deal,
        doc_name,
        title,
        publisher,
        duplicate_of,
        src_key,
        src_name,
        src_role,
        src_org,
        src_country,
        grade,
    ) = row
    fields = {
        "doc": doc_name,
        "kind": kind,
        "supplier": supplier,
        "recipient": recipient,
        "actor": actor,
        "item": item,
        "caliber_mm": caliber,
        "quantity": None
        if value is None
        else {
            "value": value,
            "value_high": value_high,
            "qualifier": qualifier or "exact",
            "unit": unit or "item",
            "per": per,
            "text": qtext or "",
        },
        "status": status,
        "polarity": polarity,
        "hedged": bool(hedged),
        "cues": json.loads(cues) if cues and cues != "[]" else [],
        "certainty": certainty,
        "source": None
        if src_key is None
        else {"name": src_name, "role": src_role, "org": src_org, "country": src_country},
        "said_on": said_on,
        "by": by,
        "published": published.isoformat(),
        "financed_by": financed_by,
        "deal": deal,
        "evidence": {"start": ev_start, "end": ev_end, "text": ev_text},
    }
    meta = _RowMeta(
        claim_id=claim_id,
        doc_name=doc_name,
        published=published,
        source_key=src_key if (src_name or src_org) else None,
        publisher=publisher,
        grade=grade,
        duplicate_of=duplicate_of or ("an earlier document" if syndicated else None),
        title=title,
    )
    return fields, meta


def _plain_claim(row: Any) -> ReconcileClaim:
    """`_reconcile_claim` without validating again (the row was a valid claim when stored): the same values,
    in plain records (plain.py). Every value is set as validation sets it: floats for the quantity's values,
    defaults for an empty qualifier, unit and text, the publication day as text."""
    fields, meta = _row_fields(row)
    if (q := fields["quantity"]) is not None:
        q["value"] = float(q["value"])
        q["value_high"] = None if q["value_high"] is None else float(q["value_high"])
        fields["quantity"] = PlainQuantity(q)
    if fields["source"] is not None:
        fields["source"] = PlainSource(fields["source"])
    fields["evidence"] = PlainEvidence(fields["evidence"])
    claim = PlainClaim(fields)
    return plain_reconcile_claim(
        claim,
        str(meta.claim_id),
        meta.doc_name,
        meta.published,
        meta.source_key or default_source_key(cast(Claim, claim), meta.publisher),
        meta.grade,
        meta.duplicate_of,
        meta.title,
    )


def _reconcile_claim(row: Any) -> ReconcileClaim:
    fields, meta = _row_fields(row)
    # One validation of the nested dict is several times faster than building each model apart.
    claim = Claim.model_validate(fields)
    return ReconcileClaim(
        claim=claim,
        claim_id=str(meta.claim_id),
        doc_id=meta.doc_name,
        published=meta.published,
        # A source known only by its role ("the authors", "Western officials") is keyed as a claims file
        # keys it (its country, else the document's voice): roles are not names that tell sources apart.
        source_key=meta.source_key or default_source_key(claim, meta.publisher),
        grade=meta.grade,
        duplicate_of=meta.duplicate_of,
        title=meta.title,
    )


def flow_items(item: str, ref: Reference) -> tuple[str, ...]:
    """The item codes a flow's estimate reads: its item group, and the broader items whose carriers
    count for it (data/loading.yaml, carrier_contents)."""
    group = ref.item_group(item)
    return (*ref.flows.item_groups.get(group, [item]), *ref.loading.carrier_contents.get(group, {}))


def load_flow_claims(
    db: Database,
    *,
    kind: str,
    supplier: str | None,
    recipient: str | None,
    actor: str | None,
    item: str,
    as_of: date | None,
    recorded_by: date | None = None,
    ref: Reference | None = None,
    plain: bool = False,
    index: ReviewIndex | None = None,
) -> list[ReconcileClaim]:
    """The claims of one flow (any unit) published by `as_of` and held by the ledger at `recorded_by`
    (`plain`: those without reviews as plain records, for an estimate: `iter_ledger_claims`)."""
    ref = ref or load_reference()
    selection = LedgerSelection(
        kind=kind,
        supplier=supplier if kind == "transfer" else None,
        recipient=recipient if kind in ("transfer", "meeting") else None,
        actor=actor if kind != "transfer" else None,
        items=flow_items(item, ref),
        as_of=as_of,
        recorded_by=recorded_by,
    )
    with collector_paused():
        return list(iter_ledger_claims(db, selection, batch=FLOW_BATCH, plain=plain, index=index))


# The claims of one flow are read whole (into a list): one query rather than pages of 5,000, each of
# which would search the flow's index again.
FLOW_BATCH = 1_000_000
