"""Store a batch of documents in one transaction with a fixed number of statements, whatever its size.

`Ledger.store_batch` (the writer of `ingest --workers`) stores each batch as `Ledger.store` would
store its documents one by one, in order — the same exact copies skipped, the same near-duplicate
links (also to a document earlier in the batch), the same sources, actors and claims — but reads
and writes the whole batch at once: one query for the content hashes, one for the LSH band keys
(the candidates of every document), one for the candidates' originals and one for the text of
those whose shingles are not cached; then one bulk insert each for documents (ids returned in
order), bands, new actors, new sources and claims. Only what depends on the order of the batch
(which document is a copy of which) is worked out here, in memory, in input order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from armsledger.ledger.dedup import Fingerprint, jaccard, shingles
from armsledger.ledger.records import claim_values, source_key
from armsledger.ledger.tables import ClaimRow, DocumentBand, DocumentRow, SourceAlias, SourceRow
from armsledger.model import Claim

T = TypeVar("T")

#: values bound in one IN (…) list (well under SQLite's and PostgreSQL's limits)
IN_CHUNK = 2000

#: a document of the batch not yet inserted: its position in the batch
BatchRef = tuple[str, int]


def chunks(values: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    """`values` in lists of at most `size`."""
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class Planned:
    """What storing one document of the batch will do, worked out before anything is inserted."""

    position: int
    fp: Fingerprint
    duplicate_of: int | BatchRef | None = None
    near_of: int | BatchRef | None = None
    similarity: float | None = None
    candidates: list[int | BatchRef] = field(default_factory=list)


def stored_hashes(session: Session, hashes: Iterable[str]) -> dict[str, int]:
    """Content hash -> id of the stored documents among `hashes`."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(hashes))):
        found.update(
            session.execute(select(DocumentRow.content_hash, DocumentRow.id).where(DocumentRow.content_hash.in_(chunk)))
            .tuples()
            .all()
        )
    return found


def stored_bands(session: Session, keys: Iterable[int]) -> dict[int, list[int]]:
    """Band key -> ids of the stored documents with that key."""
    found: dict[int, list[int]] = {}
    for chunk in chunks(sorted(set(keys))):
        for key, doc_id in session.execute(
            select(DocumentBand.key, DocumentBand.document_id).where(DocumentBand.key.in_(chunk))
        ).tuples():
            found.setdefault(key, []).append(doc_id)
    return found


def plan_batch(
    session: Session,
    fps: list[Fingerprint],
    *,
    threshold: float,
    max_candidates: int,
    cached: dict[int, frozenset[str]],
    cache_get: Callable[[int], frozenset[str] | None],
) -> list[Planned]:
    """For each fingerprint, in order: an exact copy of a stored or earlier document, or a new
    document with the original it is a near-duplicate of (as `_near_duplicate` finds it: the
    `max_candidates` documents sharing the most LSH bands, lowest id first, compared exactly).

    `cached` receives the shingles read from stored documents' text (to cache after commit)."""
    stored = stored_hashes(session, (fp.content_hash for fp in fps))
    plans = [Planned(position, fp) for position, fp in enumerate(fps)]
    seen: dict[str, BatchRef] = {}
    for plan in plans:
        h = plan.fp.content_hash
        plan.duplicate_of = stored.get(h) if h in stored else seen.get(h)
        if plan.duplicate_of is None:
            seen[h] = ("batch", plan.position)
    fresh = [plan for plan in plans if plan.duplicate_of is None]
    bands = stored_bands(session, (key for plan in fresh for key in plan.fp.band_keys))
    # candidates, as the ledger would rank them with the earlier documents of the batch already stored:
    # most shared bands first, then lowest id (a document of the batch comes after every stored one)
    batch_bands: dict[int, list[int]] = {}
    for plan in fresh:
        shared: Counter[int | BatchRef] = Counter()
        for key in plan.fp.band_keys:
            shared.update(bands.get(key, ()))
            shared.update(("batch", p) for p in batch_bands.get(key, ()))
        plan.candidates = sorted(
            shared, key=lambda c: (-shared[c], 1, c[1]) if isinstance(c, tuple) else (-shared[c], 0, c)
        )[:max_candidates]
        for key in plan.fp.band_keys:
            batch_bands.setdefault(key, []).append(plan.position)
    stored_ids = {c for plan in fresh for c in plan.candidates if isinstance(c, int)}
    originals: dict[int, int | None] = {}
    for chunk in chunks(sorted(stored_ids)):
        originals.update(
            session.execute(select(DocumentRow.id, DocumentRow.near_duplicate_of_id).where(DocumentRow.id.in_(chunk)))
            .tuples()
            .all()
        )
    unread = sorted(i for i in originals if i not in cached and cache_get(i) is None)
    for chunk in chunks(unread):
        for doc_id, text in session.execute(
            select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk))
        ).tuples():
            cached[doc_id] = frozenset(shingles(text or ""))
    for plan in fresh:
        _link(plan, plans, originals, cached, cache_get, threshold)
    return plans


def _link(
    plan: Planned,
    plans: list[Planned],
    originals: dict[int, int | None],
    cached: dict[int, frozenset[str]],
    cache_get: Callable[[int], frozenset[str] | None],
    threshold: float,
) -> None:
    mine = set(plan.fp.shingles)
    best: tuple[int | BatchRef, float] | None = None
    for candidate in plan.candidates:
        if isinstance(candidate, tuple):
            earlier = plans[candidate[1]]
            theirs: frozenset[str] | None = earlier.fp.shingles
            original: int | BatchRef | None = earlier.near_of
        else:
            if candidate not in originals:
                continue  # a band left by a document no longer stored
            theirs = cached.get(candidate) or cache_get(candidate)
            original = originals[candidate]
        similarity = jaccard(mine, set(theirs or ()))
        if similarity >= threshold and (best is None or similarity > best[1]):
            best = (original or candidate, similarity)
    if best is not None:
        plan.near_of, plan.similarity = best


def resolve(ref: int | BatchRef | None, ids: dict[int, int]) -> int | None:
    """The id of a stored document, or of a document of the batch once inserted."""
    if isinstance(ref, tuple):
        return ids[ref[1]]
    return ref


def insert_documents(session: Session, plans: list[Planned], rows: dict[int, dict[str, object]]) -> dict[int, int]:
    """Insert the new documents (`rows` by position) in one statement and their bands in another;
    links to documents of the batch are set once their ids are known. Returns position -> id."""
    fresh = [plan for plan in plans if plan.duplicate_of is None]
    if not fresh:
        return {}
    values = []
    for plan in fresh:
        row = dict(rows[plan.position])
        near = plan.near_of
        row["near_duplicate_of_id"] = near if isinstance(near, int) else None
        row["similarity"] = plan.similarity
        values.append(row)
    # the content hash (unique) tells which id is whose: no row-by-row ordered RETURNING needed
    table = cast(Table, DocumentRow.__table__)  # Core: one multi-row INSERT … RETURNING, not one per row
    inserted = session.execute(insert(table).returning(table.c.content_hash, table.c.id), values)
    by_hash = dict(inserted.tuples().all())
    ids = {plan.position: by_hash[plan.fp.content_hash] for plan in fresh}
    later = [
        {"id": ids[plan.position], "near_duplicate_of_id": resolve(plan.near_of, ids)}
        for plan in fresh
        if isinstance(plan.near_of, tuple)
    ]
    if later:
        session.execute(update(DocumentRow), later)
    bands = [
        {"document_id": ids[plan.position], "band": band, "key": key}
        for plan in fresh
        for band, key in enumerate(plan.fp.band_keys)
    ]
    if bands:
        session.execute(insert(cast(Table, DocumentBand.__table__)), bands)
    return ids


def insert_ignoring_conflicts(session: Session, table: type, rows: list[dict], key: str) -> None:
    """INSERT … ON CONFLICT (key) DO NOTHING: a row another writer added meanwhile is no error."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for chunk in chunks(rows, 200):  # one multi-row VALUES per 200 rows keeps under SQLite's bound variables
        session.execute(dialect.insert(table).values(chunk).on_conflict_do_nothing(index_elements=[key]))


_SOURCE_FIELDS = ("name", "role", "org", "country")


def wanted_sources(claims: list[Claim]) -> dict[str, dict[str, str | None]]:
    """Source key -> its fields as one document's claims give them (the first value of each)."""
    wanted: dict[str, dict[str, str | None]] = {}
    for claim in claims:
        key = source_key(claim.source) if claim.source is not None else None
        if key is None or claim.source is None:
            continue
        fields = wanted.setdefault(key, dict.fromkeys(_SOURCE_FIELDS))
        for attr in _SOURCE_FIELDS:
            if fields[attr] is None:
                fields[attr] = getattr(claim.source, attr)
    return wanted


def ensure_sources(session: Session, documents: list[list[Claim]], seen: datetime) -> dict[str, int]:
    """Source key -> id (through the ledger's aliases) for every source the documents' claims name,
    adding new sources and filling the empty fields of known ones, document by document as
    `store` does (new sources are inserted in that order, each document's in key order)."""
    per_document = [wanted_sources(claims) for claims in documents]
    keys = sorted({key for wanted in per_document for key in wanted})
    if not keys:
        return {}
    ids: dict[str, int] = {}
    for chunk in chunks(keys):
        ids.update(session.execute(select(SourceRow.key, SourceRow.id).where(SourceRow.key.in_(chunk))).tuples().all())
        aliased = select(SourceAlias.key, SourceAlias.source_id).where(SourceAlias.key.in_(chunk))
        ids.update(session.execute(aliased).tuples().all())  # an alias wins, as in `source_id_for_key`
    new: dict[str, dict[str, str | None]] = {}
    for wanted in per_document:
        for key in sorted(wanted):
            if key not in ids and key not in new:
                new[key] = wanted[key]
    if new:
        insert_ignoring_conflicts(
            session, SourceRow, [{"key": key, **fields, "first_seen": seen} for key, fields in new.items()], "key"
        )
        for chunk in chunks(sorted(new)):
            ids.update(
                session.execute(select(SourceRow.key, SourceRow.id).where(SourceRow.key.in_(chunk))).tuples().all()
            )
    rows: dict[int, SourceRow] = {}
    for id_chunk in chunks(sorted(set(ids.values()))):
        rows.update((row.id, row) for row in session.scalars(select(SourceRow).where(SourceRow.id.in_(id_chunk))))
    for wanted in per_document:
        for key in sorted(wanted):
            row = rows[ids[key]]
            for attr in _SOURCE_FIELDS:
                if getattr(row, attr) is None and wanted[key][attr] is not None:
                    setattr(row, attr, wanted[key][attr])
    return ids


def claim_rows_for(
    doc_id: int,
    claims: list[Claim],
    *,
    published_on: object,
    syndicated: bool,
    source_ids: dict[str, int],
    extractor_version: str,
    run_id: int | None,
    now: datetime,
) -> list[dict[str, object]]:
    """The column values of one document's claims, for the batch's one bulk insert."""
    rows = []
    for claim in claims:
        key = source_key(claim.source) if claim.source is not None else None
        rows.append(
            claim_values(
                claim,
                document_id=doc_id,
                source_id=source_ids.get(key) if key else None,
                extractor_version=extractor_version,
                published_on=published_on,
                syndicated=syndicated,
                recorded_at=now,
                run_id=run_id,
            )
        )
    return rows


def insert_claims(session: Session, rows: list[dict[str, object]]) -> None:
    """One executemany of the claims' rows (Core: no ORM bookkeeping per row)."""
    if rows:
        session.execute(insert(cast(Table, ClaimRow.__table__)), rows)
