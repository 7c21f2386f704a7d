"""Write side of the ledger: store one document with its claims in one transaction (or a batch of
documents in one, with bulk inserts), record runs and failures, grade sources. Near-duplicate
linking happens here, inside the same transaction, in the order documents are given."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from armsledger.ledger.batch import (
    claim_rows_for,
    ensure_sources,
    insert_claims,
    insert_documents,
    plan_batch,
    resolve,
    stored_hashes,
    wanted_sources,
)
from armsledger.ledger.batch import (
    insert_ignoring_conflicts as _insert_ignoring_conflicts,
)
from armsledger.ledger.db import Database
from armsledger.ledger.dedup import (
    Fingerprint,
    fingerprint,
    jaccard,
    near_duplicate_threshold,
    shingles,
)
from armsledger.ledger.errors import InvalidGradeError
from armsledger.ledger.records import (
    GRADES,
    claim_values,
    describe_actor,
    source_key,
)
from armsledger.ledger.runs import RunLock, acquire_run_lock
from armsledger.ledger.sources import (
    MergeResult,
    add_source_alias,
    find_source,
    merge_sources,
    source_id_for_key,
)
from armsledger.ledger.tables import (
    ActorRow,
    ClaimRow,
    DocumentBand,
    DocumentRow,
    IngestFailure,
    IngestRun,
    SourceRow,
)
from armsledger.model import Claim, Document
from armsledger.normalize import clean_text
from armsledger.sanitize import redact_url_credentials, strip_url_credentials


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (the ledger stores naive UTC timestamps on every backend)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class StoreResult:
    """What storing one document did: `outcome` is "new", "duplicate" or "near_duplicate"."""

    outcome: str
    document_id: int
    claims_added: int = 0
    near_duplicate_of: int | None = None
    similarity: float | None = None


# Candidates sharing the most LSH bands are the most similar; only these are compared exactly.
MAX_CANDIDATES = 8


class ShingleCache:
    """The shingle sets of recently stored documents (by id), so that comparing a new document with
    its near-duplicate candidates does not read and shingle their text again. Bounded by the total
    number of shingles held (the oldest entries go first)."""

    def __init__(self, max_shingles: int = 500_000) -> None:
        self.max_shingles = max_shingles
        self._sets: OrderedDict[int, frozenset[str]] = OrderedDict()
        self._held = 0

    def get(self, doc_id: int) -> frozenset[str] | None:
        found = self._sets.get(doc_id)
        if found is not None:
            self._sets.move_to_end(doc_id)
        return found

    def put(self, doc_id: int, shingle_set: frozenset[str]) -> None:
        if doc_id in self._sets or len(shingle_set) > self.max_shingles:
            return
        self._sets[doc_id] = shingle_set
        self._held += len(shingle_set)
        while self._held > self.max_shingles:
            _, dropped = self._sets.popitem(last=False)
            self._held -= len(dropped)


def _near_duplicate(
    session: Session,
    fp: Fingerprint,
    threshold: float,
    cache: ShingleCache | None = None,
    pending: dict[int, frozenset[str]] | None = None,
) -> tuple[int, float] | None:
    """The stored original this fingerprint copies (id, Jaccard), or None.

    Candidates' shingles come from `cache` (committed documents) or `pending` (documents of the
    caller's transaction), else from their text; those read are added to `pending`, which the
    caller adds to the cache once its transaction is committed."""
    if not fp.band_keys:
        return None
    shared = func.count().label("shared")
    candidate_ids = session.scalars(
        select(DocumentBand.document_id)
        .where(DocumentBand.key.in_(fp.band_keys))
        .group_by(DocumentBand.document_id)
        .order_by(shared.desc(), DocumentBand.document_id)
        .limit(MAX_CANDIDATES)
    ).all()
    if not candidate_ids:
        return None
    originals: dict[int, int | None] = {
        row_id: original
        for row_id, original in session.execute(
            select(DocumentRow.id, DocumentRow.near_duplicate_of_id).where(DocumentRow.id.in_(candidate_ids))
        )
    }
    mine = set(fp.shingles)
    best: tuple[int, float] | None = None
    for doc_id in candidate_ids:
        if doc_id not in originals:
            continue
        theirs = (pending or {}).get(doc_id) or (cache.get(doc_id) if cache is not None else None)
        if theirs is None:
            theirs = frozenset(shingles(session.scalar(select(DocumentRow.text).where(DocumentRow.id == doc_id)) or ""))
            if pending is not None:
                pending[doc_id] = theirs
        similarity = jaccard(mine, set(theirs))
        if similarity >= threshold and (best is None or similarity > best[1]):
            best = (originals[doc_id] or doc_id, similarity)
    return best


_SOURCE_FIELDS = ("name", "role", "org", "country")


def _ensure_sources(
    session: Session, claims: list[Claim], seen: datetime, known: dict[str, int] | None = None
) -> dict[str, int]:
    """The id of every source the claims name (source key -> id, through the ledger's aliases),
    adding new ones.

    Sources are handled in key order, so two writers never wait on each other's rows crosswise."""
    wanted = wanted_sources(claims)
    ids: dict[str, int] = {}
    for key in sorted(wanted):
        fields = wanted[key]
        # a merged source's key is an alias of the one kept; `known` remembers keys met in this transaction
        source_id = known.get(key) if known is not None else None
        source_id = source_id or source_id_for_key(session, key)
        if source_id is None:
            _insert_ignoring_conflicts(session, SourceRow, [{"key": key, **fields, "first_seen": seen}], "key")
            source_id = source_id_for_key(session, key)
            assert source_id is not None
        row = session.get_one(SourceRow, source_id)
        for attr in _SOURCE_FIELDS:
            if getattr(row, attr) is None and fields[attr] is not None:
                setattr(row, attr, fields[attr])
        ids[key] = row.id
        if known is not None:
            known[key] = row.id
    return ids


def _ensure_actors(session: Session, claims: list[Claim], known: set[str] | None) -> set[str]:
    """Add actor rows for new codes; `known` (codes already committed) saves a query per document."""
    codes = {c for claim in claims for c in (claim.supplier, claim.recipient, claim.actor, claim.financed_by) if c}
    missing = codes - (known or set())
    if missing:
        stored = set(session.scalars(select(ActorRow.code).where(ActorRow.code.in_(missing))))
        rows = []
        for code in sorted(missing - stored):
            actor = describe_actor(code)
            rows.append({"code": actor.code, "name": actor.name, "type": actor.type, "country": actor.country})
        _insert_ignoring_conflicts(session, ActorRow, rows, "code")
    return codes


def add_claims(
    session: Session,
    doc_row: DocumentRow,
    claims: list[Claim],
    *,
    extractor_version: str,
    run_id: int | None,
    now: datetime,
    known_actors: set[str] | None = None,
) -> int:
    """Insert `claims` of a stored document (inside the caller's transaction); returns how many.

    Actor codes written are added to `known_actors` (the caller keeps the set only after commit)."""
    rows = claim_rows(
        session,
        doc_row,
        claims,
        extractor_version=extractor_version,
        run_id=run_id,
        now=now,
        known_actors=known_actors,
    )
    session.add_all(ClaimRow(**values) for values in rows)
    return len(rows)


def claim_rows(
    session: Session,
    doc_row: DocumentRow,
    claims: list[Claim],
    *,
    extractor_version: str,
    run_id: int | None,
    now: datetime,
    known_actors: set[str] | None = None,
    known_sources: dict[str, int] | None = None,
) -> list[dict[str, object]]:
    """The rows `add_claims` would insert, as column values for one bulk insert (actors and sources
    are added here, in the same order as `add_claims` adds them; `known_sources` maps the source keys
    already met in this transaction to their ids)."""
    codes = _ensure_actors(session, claims, known_actors)
    source_ids = _ensure_sources(session, claims, now, known_sources)
    rows = []
    for claim in claims:
        key = source_key(claim.source) if claim.source is not None else None
        rows.append(
            claim_values(
                claim,
                document_id=doc_row.id,
                source_id=source_ids.get(key) if key else None,
                extractor_version=extractor_version,
                published_on=doc_row.published_on,
                syndicated=doc_row.near_duplicate_of_id is not None,
                recorded_at=now,
                run_id=run_id,
            )
        )
    if known_actors is not None:
        known_actors.update(codes)
    return rows


@dataclass
class StoreItem:
    """One document for `Ledger.store_batch`, with what `Ledger.store` takes as arguments."""

    doc: Document
    claims: list[Claim] = field(default_factory=list)
    extractor_version: str | None = None
    fp: Fingerprint | None = None
    retrieved_at: datetime | None = None
    extract_error: str | None = None
    published: date | None = None


def document_values(item: StoreItem, *, run_id: int | None, now: datetime) -> dict[str, object]:
    """The column values of a new document's row, but its near-duplicate link.

    `item.published` overrides the document's own date. A document without either is stored
    undated (`published_on` NULL). When `item.extract_error` is set the document is kept without
    an extractor version, so `reextract` retries it."""
    doc = item.doc
    assert item.fp is not None
    published = item.published
    pub = published or doc.published
    pub_source = "given" if published else (doc.published_source or "given") if pub else None
    return dict(
        name=doc.name,
        content_hash=item.fp.content_hash,
        text=doc.text,
        title=doc.title,
        url=strip_url_credentials(doc.url),
        path=doc.path,
        publisher=doc.publisher,
        author=doc.author,
        language=doc.language,
        content_type=doc.content_type,
        published=pub,
        published_on=pub,
        published_source=pub_source,
        retrieved_at=item.retrieved_at or now,
        recorded_at=now,
        extractor_version=None if item.extract_error else item.extractor_version,
        extract_error=item.extract_error,
        run_id=run_id,
    )


class Ledger:
    """The ledger's write operations over an open Database."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        """`clock` gives the ledger's "recorded at" time (naive UTC); tests pass a fixed one."""
        self.db = db
        self.clock = clock
        self._known_actors: set[str] = set()
        self._shingles = ShingleCache()
        self._run_locks: dict[int, RunLock] = {}

    def find_by_hash(self, content_hash: str) -> int | None:
        """The id of the stored document with this content hash, if any."""
        with self.db.read() as session:
            return session.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == content_hash))

    def find_hashes(self, content_hashes: list[str]) -> dict[str, int]:
        """Content hash -> id of the stored documents among `content_hashes` (one query per 2,000)."""
        with self.db.read() as session:
            return stored_hashes(session, content_hashes)

    def store(
        self,
        doc: Document,
        claims: list[Claim],
        *,
        extractor_version: str | None,
        retrieved_at: datetime | None = None,
        run_id: int | None = None,
        fp: Fingerprint | None = None,
        extract_error: str | None = None,
        published: date | None = None,
    ) -> StoreResult:
        """Store `doc` and its `claims` in one transaction; an exact copy stores nothing.

        `published` overrides the document's own date. A document without either is stored
        undated (`published_on` NULL): as-of views leave it out until it is dated by hand. When
        `extract_error` is set the document is kept without claims and without an extractor
        version, so `reextract` retries it.
        """
        item = StoreItem(
            doc, claims, extractor_version, fp or fingerprint(doc.text), retrieved_at, extract_error, published
        )
        now = self.clock()
        threshold = near_duplicate_threshold()
        read: dict[int, frozenset[str]] = {}
        try:
            with self.db.write() as session, session.begin():
                result, row = self._add_document(
                    session, item, run_id=run_id, now=now, threshold=threshold, cache=self._shingles, pending=read
                )
                if row is None:
                    return result
                pending = set(self._known_actors)
                if not extract_error:
                    result.claims_added = add_claims(
                        session,
                        row,
                        claims,
                        extractor_version=extractor_version or "unknown",
                        run_id=run_id,
                        now=now,
                        known_actors=pending,
                    )
            self._known_actors = pending  # committed: these codes now exist
            self._remember(read)
            return result
        except IntegrityError:
            # Another writer stored the same content between our check and insert.
            assert item.fp is not None
            existing = self.find_by_hash(item.fp.content_hash)
            if existing is None:
                raise
            return StoreResult("duplicate", existing)

    def store_batch(self, items: list[StoreItem], *, run_id: int | None = None) -> list[StoreResult]:
        """Store several documents in one transaction, in order, as `store` would one by one: exact
        copies store nothing, near-duplicates link to an original stored before them (also earlier
        in the batch). The batch is read and written with a fixed number of statements whatever its
        size (`armsledger.ledger.batch`): bulk inserts of documents, bands, actors, sources and
        claims. If anything fails, nothing of the batch is stored and the error is raised: the
        caller may then store the documents one by one to find the one at fault."""
        if not items:
            return []
        now = self.clock()
        threshold = near_duplicate_threshold()
        for item in items:
            if item.fp is None:
                item.fp = fingerprint(item.doc.text)
        fps = [item.fp for item in items if item.fp is not None]
        pending = set(self._known_actors)
        read: dict[int, frozenset[str]] = {}
        with self.db.write() as session, session.begin():
            plans = plan_batch(
                session,
                fps,
                threshold=threshold,
                max_candidates=MAX_CANDIDATES,
                cached=read,
                cache_get=self._shingles.get,
            )
            rows = {
                plan.position: document_values(items[plan.position], run_id=run_id, now=now)
                for plan in plans
                if plan.duplicate_of is None
            }
            ids = insert_documents(session, plans, rows)
            with_claims = [
                plan.position for plan in plans if plan.duplicate_of is None and not items[plan.position].extract_error
            ]
            all_claims = [claim for position in with_claims for claim in items[position].claims]
            _ensure_actors(session, all_claims, pending)
            source_ids = ensure_sources(session, [items[position].claims for position in with_claims], now)
            claim_values_rows: list[dict[str, object]] = []
            results: list[StoreResult] = []
            for plan, item in zip(plans, items, strict=True):
                if plan.duplicate_of is not None:
                    duplicate_of = resolve(plan.duplicate_of, ids)
                    assert duplicate_of is not None
                    results.append(StoreResult("duplicate", duplicate_of))
                    continue
                doc_id = ids[plan.position]
                near = resolve(plan.near_of, ids)
                result = StoreResult("near_duplicate" if near else "new", doc_id, 0, near, plan.similarity)
                if not item.extract_error:
                    new_rows = claim_rows_for(
                        doc_id,
                        item.claims,
                        published_on=rows[plan.position]["published_on"],
                        syndicated=near is not None,
                        source_ids=source_ids,
                        extractor_version=item.extractor_version or "unknown",
                        run_id=run_id,
                        now=now,
                    )
                    result.claims_added = len(new_rows)
                    claim_values_rows.extend(new_rows)
                results.append(result)
            insert_claims(session, claim_values_rows)
        self._known_actors = pending
        for plan in plans:
            if plan.duplicate_of is None:
                read[ids[plan.position]] = plan.fp.shingles
        self._remember(read)
        return results

    def _remember(self, read: dict[int, frozenset[str]]) -> None:
        """Keep the shingles of committed documents for later near-duplicate checks."""
        for doc_id, shingle_set in read.items():
            self._shingles.put(doc_id, shingle_set)

    @staticmethod
    def _add_document(
        session: Session,
        item: StoreItem,
        *,
        run_id: int | None,
        now: datetime,
        threshold: float,
        cache: ShingleCache | None = None,
        pending: dict[int, frozenset[str]] | None = None,
    ) -> tuple[StoreResult, DocumentRow | None]:
        """Insert one document row and its LSH bands (no claims); (duplicate result, None) for an exact copy.

        `item.published` overrides the document's own date. A document without either is stored
        undated (`published_on` NULL). When `item.extract_error` is set the document is kept without
        an extractor version, so `reextract` retries it."""
        fp = item.fp
        assert fp is not None
        existing = session.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == fp.content_hash))
        if existing is not None:
            return StoreResult("duplicate", existing), None
        near = _near_duplicate(session, fp, threshold, cache, pending)
        row = DocumentRow(
            **document_values(item, run_id=run_id, now=now),
            near_duplicate_of_id=near[0] if near else None,
            similarity=near[1] if near else None,
        )
        session.add(row)
        session.flush()
        if pending is not None:
            pending[row.id] = fp.shingles
        if fp.band_keys:
            session.execute(
                insert(DocumentBand), [{"document_id": row.id, "band": b, "key": k} for b, k in enumerate(fp.band_keys)]
            )
        return StoreResult(
            "near_duplicate" if near else "new", row.id, 0, near[0] if near else None, near[1] if near else None
        ), row

    def start_run(self, command: str, inputs: list[str], extractor_version: str | None) -> int:
        """Record the start of an ingest or reextract run; returns its id. The run holds a lock until
        `finish_run`, so a run whose process dies is marked interrupted when the ledger is next opened."""
        with self.db.write() as session, session.begin():
            run = IngestRun(
                command=command,
                inputs=clean_text("\n".join(redact_url_credentials(i) for i in inputs)),
                extractor_version=extractor_version,
                started_at=self.clock(),
                status="running",
                new_documents=0,
                duplicates=0,
                near_duplicates=0,
                failed=0,
                claims_added=0,
            )
            session.add(run)
            session.flush()
            # locked before the row is committed: nobody can see the run "running" without its lock
            self._run_locks[run.id] = acquire_run_lock(self.db, run.id)
            return run.id

    def finish_run(
        self,
        run_id: int,
        *,
        status: str,
        new_documents: int,
        duplicates: int,
        near_duplicates: int,
        failed: int,
        claims_added: int,
    ) -> None:
        """Record a run's end and counts, and release its lock."""
        try:
            with self.db.write() as session, session.begin():
                session.execute(
                    update(IngestRun)
                    .where(IngestRun.id == run_id)
                    .values(
                        finished_at=self.clock(),
                        status=status,
                        new_documents=new_documents,
                        duplicates=duplicates,
                        near_duplicates=near_duplicates,
                        failed=failed,
                        claims_added=claims_added,
                    )
                )
        finally:
            lock = self._run_locks.pop(run_id, None)
            if lock is not None:
                lock.release()

    def record_failure(self, run_id: int | None, location: str, error: BaseException) -> None:
        """Keep the reason an input failed, so nothing is lost silently."""
        with self.db.write() as session, session.begin():
            session.add(
                IngestFailure(
                    run_id=run_id,
                    location=clean_text(redact_url_credentials(location))[:2000],
                    error_type=type(error).__name__,
                    message=clean_text(redact_url_credentials(str(error)))[:4000],
                    failed_at=self.clock(),
                )
            )

    def grade_source(self, name: str, grade: str) -> SourceRow:
        """Set the analyst's Admiralty reliability grade (A–F) of the source called `name` (a name,
        organisation, role, alias or id; see `find_source`)."""
        grade = grade.strip().upper()
        if grade not in GRADES:
            raise InvalidGradeError(
                f"grade {grade!r} is not an Admiralty reliability grade (A, B, C, D, E or F)", grade=grade
            )
        with self.db.write() as session, session.begin():
            row = find_source(session, name)
            row.grade = grade
            row.graded_at = self.clock()
            session.flush()
            session.expunge(row)
            return row

    def merge_sources(self, keep: str, others: list[str]) -> MergeResult:
        """Merge the sources named by `others` into `keep` (see armsledger.ledger.sources)."""
        return merge_sources(self.db, keep, others, clock=self.clock)

    def add_source_alias(self, source: str, alias: str) -> MergeResult:
        """Make `alias` another name of `source` (see armsledger.ledger.sources)."""
        return add_source_alias(self.db, source, alias, clock=self.clock)
