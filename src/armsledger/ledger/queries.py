"""Read side of the ledger: filtered claim listings, one claim with its context, documents,
sources and a summary. Every query takes both time axes, `as_of` (what had been published by
then) and `recorded_by` (what the ledger held then); see armsledger.ledger.asof."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, get_args

import pycountry
from sqlalchemy import Select, and_, func, or_, select, true, union
from sqlalchemy.orm import Session, aliased

from armsledger.bounds import MAX_ROW_NUMBER
from armsledger.ledger.asof import claim_visible, document_dated, document_visible, end_of_day, source_visible
from armsledger.ledger.db import Database
from armsledger.ledger.errors import InvalidQueryError, NotFoundError
from armsledger.ledger.records import BLOCS, claim_record, flat_claim, source_label
from armsledger.ledger.tables import ClaimRow, DocumentRow, IngestRun, SourceAlias, SourceRow
from armsledger.ledger.textsearch import evidence_matches
from armsledger.model import Kind, Polarity, Status
from armsledger.sanitize import strip_url_credentials
from armsledger.settings import get_setting

KINDS = get_args(Kind)
STATUSES = get_args(Status)
POLARITIES = get_args(Polarity)


@dataclass
class ClaimFilter:
    """Filters of a claim listing; None means "any". `actor` matches any role (supplier, recipient
    or actor); `country` is the source's country; `text` searches the evidence sentence: every word, in any
    order, case-insensitive, as a word prefix (see armsledger.ledger.textsearch)."""

    kind: str | None = None
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None
    item: str | None = None
    source: str | None = None
    country: str | None = None
    hedged: bool | None = None
    status: str | None = None
    polarity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None
    document_id: int | None = None
    as_of: date | None = None
    recorded_by: date | None = None
    include_superseded: bool = False
    include_syndicated: bool = False

    def validate(self) -> None:
        """Raise InvalidQueryError for values no claim can have."""
        for name, allowed in (("kind", KINDS), ("status", STATUSES), ("polarity", POLARITIES)):
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise InvalidQueryError(f"{name} {value!r} is not one of: {', '.join(allowed)}", **{name: value})
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidQueryError(f"--from {self.date_from} is after --to {self.date_to}")

    def resolved(self, options: dict[str, str] | None = None) -> ClaimFilter:
        """A copy with actor and item names turned into codes ("North Korea" → PRK, "shells" →
        artillery_shell; armsledger.codes). An unknown name raises UnknownCodeError naming the
        option (`options` maps a field to the option name to show, e.g. "supplier" → "--supplier")."""
        from armsledger.codes import resolve_actor, resolve_item

        names = options or {}
        changes: dict[str, Any] = {}
        for name in ("supplier", "recipient", "actor", "country"):
            value = getattr(self, name)
            if value:
                changes[name] = resolve_actor(value, option=names.get(name, name))
        if self.item:
            changes["item"] = resolve_item(self.item, option=names.get("item", "item"))
        return replace(self, **changes)


def normalize_code(value: str) -> str:
    """An actor code as the schema writes it, whatever case the user typed: states and blocs
    upper-case (prk → PRK, nato → NATO), other actors lower-case slugs (Wagner → wagner)."""
    value = value.strip()
    upper = value.upper()
    if upper in BLOCS or (len(upper) == 3 and pycountry.countries.get(alpha_3=upper) is not None):
        return upper
    return value.lower()


def _code_match(column, value: str):
    # One equality (not an IN of case variants) so the (code, published_on) indexes give rows in order.
    return column == normalize_code(value)


def claim_conditions(f: ClaimFilter, *, with_actor: bool = True) -> list:
    """SQL conditions for a filter (all values bound as parameters)."""
    f.validate()
    cond = [claim_visible(f.as_of, recorded_by=f.recorded_by, include_superseded=f.include_superseded)]
    if not f.include_syndicated:
        cond.append(ClaimRow.syndicated.is_(False))
    for attr in ("kind", "status", "polarity", "item"):
        value = getattr(f, attr)
        if value is not None:
            cond.append(getattr(ClaimRow, attr) == value)
    if f.supplier:
        cond.append(_code_match(ClaimRow.supplier, f.supplier))
    if f.recipient:
        cond.append(_code_match(ClaimRow.recipient, f.recipient))
    if f.actor and with_actor:
        cond.append(
            or_(
                _code_match(ClaimRow.supplier, f.actor),
                _code_match(ClaimRow.recipient, f.actor),
                _code_match(ClaimRow.actor, f.actor),
            )
        )
    if f.hedged is not None:
        cond.append(ClaimRow.hedged.is_(f.hedged))
    if f.date_from:
        cond.append(ClaimRow.published_on >= f.date_from)
    if f.date_to:
        cond.append(ClaimRow.published_on <= f.date_to)
    if f.text:
        cond.append(evidence_matches(ClaimRow.id, ClaimRow.evidence_text, f.text))
    if f.document_id is not None:
        cond.append(ClaimRow.document_id == f.document_id)
    if f.source or f.country:
        sources = select(SourceRow.id)
        if f.source:
            needle = " ".join(f.source.split()).casefold()
            if needle.isdigit():
                sources = sources.where(SourceRow.id == int(needle))
            else:
                sources = sources.where(
                    or_(
                        SourceRow.key.contains(needle, autoescape=True),
                        func.lower(SourceRow.org).contains(needle, autoescape=True),
                    )
                )
        if f.country:
            sources = sources.where(_code_match(SourceRow.country, f.country))
        cond.append(ClaimRow.source_id.in_(sources))
    return cond


ROLE_COLUMNS = (ClaimRow.supplier, ClaimRow.recipient, ClaimRow.actor)
_CLAIM_TABLE = ClaimRow.__table__
# Claims of undated documents (published_on NULL) come last on every backend.
_NEWEST = (ClaimRow.published_on.desc().nulls_last(), ClaimRow.id.desc())


def _after(after: tuple[date | None, int] | None) -> list:
    """The keyset condition "after (published_on, id)" of newest-first paging (undated last)."""
    if after is None:
        return []
    published, claim_id = after
    if published is None:
        return [ClaimRow.published_on.is_(None), ClaimRow.id < claim_id]
    return [
        or_(
            ClaimRow.published_on < published,
            and_(ClaimRow.published_on == published, ClaimRow.id < claim_id),
            ClaimRow.published_on.is_(None),
        )
    ]


def claims_query(
    f: ClaimFilter, *, limit: int | None = None, offset: int = 0, after: tuple[date | None, int] | None = None
) -> Select:
    """The SELECT of claim rows matching `f`, newest publication first (older than `after` when given).
    It selects the table's columns, not ORM objects: the rows are read-only records (attribute access by
    column name, as on ClaimRow), built several times faster.

    An actor filter ("in any role") is answered as a union of one indexed, ordered and limited
    lookup per role column, which keeps it fast on large ledgers where an OR would sort every match.
    """
    if not f.actor:
        query = select(_CLAIM_TABLE).where(and_(*claim_conditions(f), *_after(after))).order_by(*_NEWEST).offset(offset)
        return query.limit(limit) if limit is not None else query
    others = [*claim_conditions(f, with_actor=False), *_after(after)]
    branches = []
    for column in ROLE_COLUMNS:
        branch = select(ClaimRow.id).where(_code_match(column, f.actor), *others).order_by(*_NEWEST)
        if limit is not None:
            branch = branch.limit(limit + offset)
        branches.append(select(branch.subquery().c.id))
    ids = union(*branches).subquery()
    query = select(_CLAIM_TABLE).where(ClaimRow.id.in_(select(ids.c.id))).order_by(*_NEWEST).offset(offset)
    return query.limit(limit) if limit is not None else query


def check_row_number(name: str, value: int, *, minimum: int = 0) -> int:
    """`value` when it is a usable count, offset or id (up to MAX_ROW_NUMBER); InvalidQueryError otherwise."""
    if not minimum <= value <= MAX_ROW_NUMBER:
        raise InvalidQueryError(f"{name} {value} is out of range ({minimum}–{MAX_ROW_NUMBER:,})", **{name: value})
    return value


def _limit(limit: int | None, offset: int = 0) -> int | None:
    check_row_number("offset", offset)
    if limit is None:
        return int(get_setting("query_limit"))
    return None if limit <= 0 else check_row_number("limit", limit)


Context = tuple[Any, str, "SourceRow | None", "date | None"]


def _rows_with_context(session: Session, rows: Sequence[Any]) -> Iterator[Context]:
    """Each row with its document's name, its source and its document's publication date."""
    doc_ids = {r.document_id for r in rows}
    src_ids = {r.source_id for r in rows if r.source_id}
    docs = (
        {
            i: (n, p)
            for i, n, p in session.execute(
                select(DocumentRow.id, DocumentRow.name, DocumentRow.published).where(DocumentRow.id.in_(doc_ids))
            )
        }
        if doc_ids
        else {}
    )
    sources = {s.id: s for s in session.scalars(select(SourceRow).where(SourceRow.id.in_(src_ids)))} if src_ids else {}
    for r in rows:
        name, published = docs.get(r.document_id, ("", None))
        yield r, name, sources.get(r.source_id) if r.source_id else None, published


def list_claims(
    db: Database, f: ClaimFilter | None = None, *, limit: int | None = None, offset: int = 0, flat: bool = False
) -> list[dict]:
    """Claims matching `f` as JSON records (SCHEMA fields + id + ledger block), or flat rows.
    `limit` None means the `query_limit` setting; 0 means every claim."""
    f = f or ClaimFilter()
    query = claims_query(f, limit=_limit(limit, offset), offset=offset)
    with db.read() as session:
        rows = session.execute(query).all()
        convert = flat_claim if flat else claim_record
        return [convert(*context) for context in _rows_with_context(session, rows)]


def stream_claims(
    db: Database,
    f: ClaimFilter | None = None,
    *,
    flat: bool = False,
    offset: int = 0,
    limit: int | None = None,
    batch: int = 5000,
) -> Iterator[dict]:
    """Claims matching `f`, newest first like `list_claims`, read in batches (for output of any size).
    `limit` None or 0 means all."""
    f = f or ClaimFilter()
    check_row_number("offset", offset)
    if limit:
        check_row_number("limit", limit)
    convert = flat_claim if flat else claim_record
    after: tuple[date | None, int] | None = None
    skip, left = offset, (limit or None)
    while left is None or left > 0:
        size = batch if left is None else min(batch, left)
        with db.read() as session:
            rows = session.execute(claims_query(f, limit=size, offset=skip, after=after)).all()
            if not rows:
                return
            for context in _rows_with_context(session, rows):
                yield convert(*context)
        skip = 0
        after = (rows[-1].published_on, rows[-1].id)
        if left is not None:
            left -= len(rows)


def iter_claims(db: Database, f: ClaimFilter | None = None, *, flat: bool = False, batch: int = 5000) -> Iterator[dict]:
    """Every claim matching `f`, streamed in batches by id (for exports)."""
    f = f or ClaimFilter()
    last_id = 0
    cond = claim_conditions(f)
    convert = flat_claim if flat else claim_record
    while True:
        with db.read() as session:
            rows = list(
                session.scalars(
                    select(ClaimRow).where(and_(*cond), ClaimRow.id > last_id).order_by(ClaimRow.id).limit(batch)
                )
            )
            if not rows:
                return
            for context in _rows_with_context(session, rows):
                yield convert(*context)
        last_id = rows[-1].id


def count_claims(db: Database, f: ClaimFilter | None = None) -> int:
    """How many claims match `f`."""
    with db.read() as session:
        return (
            session.scalar(
                select(func.count()).select_from(ClaimRow).where(and_(*claim_conditions(f or ClaimFilter())))
            )
            or 0
        )


def paragraph_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The paragraph (blank-line delimited) holding text[start:end], and the span's offsets inside it."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    return text[para_start:para_end], start - para_start, end - para_start


@dataclass
class ClaimDetail:
    """One claim with everything `show` prints: record, paragraph, document, source and confirmations."""

    claim: dict
    paragraph: str
    highlight: tuple[int, int]
    document: dict
    source: dict | None
    independent_documents: int
    syndicated_copies: list[dict] = field(default_factory=list)


def document_record(row: DocumentRow, claims: int | None = None) -> dict:
    """A document's metadata as a JSON-ready dict (the text is not included)."""
    out = {
        "id": row.id,
        "name": row.name,
        "title": row.title,
        "url": strip_url_credentials(row.url),
        "path": row.path,
        "publisher": row.publisher,
        "author": row.author,
        "language": row.language,
        "content_type": row.content_type,
        "published": row.published.isoformat() if row.published else None,
        "published_on": row.published_on.isoformat() if row.published_on else None,
        "undated": row.published_on is None,
        "published_source": row.published_source,
        "dated_at": row.dated_at.isoformat() if row.dated_at else None,
        "retrieved_at": row.retrieved_at.isoformat(),
        "recorded_at": row.recorded_at.isoformat(),
        "content_hash": row.content_hash,
        "near_duplicate_of": row.near_duplicate_of_id,
        "similarity": row.similarity,
        "extractor_version": row.extractor_version,
        "extract_error": row.extract_error,
    }
    if claims is not None:
        out["claims"] = claims
    return out


def source_record(row: SourceRow, claims: int | None = None, aliases: list[str] | None = None) -> dict:
    """A source as a JSON-ready dict; `label` is its name, else organisation, else role."""
    out = {
        "id": row.id,
        "label": source_label(row),
        "name": row.name,
        "role": row.role,
        "org": row.org,
        "country": row.country,
        "grade": row.grade,
        "graded_at": row.graded_at.isoformat() if row.graded_at else None,
        "first_seen": row.first_seen.isoformat(),
    }
    if aliases is not None:
        out["aliases"] = aliases
    if claims is not None:
        out["claims"] = claims
    return out


def source_aliases(session: Session, source_ids: Iterable[int]) -> dict[int, list[str]]:
    """The alias keys of each source (sorted), for the ids given."""
    ids = list(source_ids)
    found: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for key, source_id in session.execute(
            select(SourceAlias.key, SourceAlias.source_id)
            .where(SourceAlias.source_id.in_(ids))
            .order_by(SourceAlias.key)
        ):
            found[source_id].append(key)
    return found


def get_claim(
    db: Database, claim_id: int, *, as_of: date | None = None, recorded_by: date | None = None
) -> ClaimDetail:
    """One claim in context; NotFoundError when missing, not published by `as_of` or not recorded
    by `recorded_by`."""
    if not 0 < claim_id <= MAX_ROW_NUMBER:
        raise NotFoundError(f"no claim {claim_id} (see `armsledger claims`)", claim_id=claim_id)
    with db.read() as session:
        row = session.scalar(
            select(ClaimRow).where(
                ClaimRow.id == claim_id, claim_visible(as_of, recorded_by=recorded_by, include_superseded=True)
            )
        )
        if row is None:
            when = (f" as of {as_of}" if as_of else "") + (f" recorded by {recorded_by}" if recorded_by else "")
            raise NotFoundError(f"no claim {claim_id}{when} (see `armsledger claims`)", claim_id=claim_id)
        doc = session.get(DocumentRow, row.document_id)
        if doc is None:  # a claim row always has its document (foreign key); say so rather than fail later
            raise NotFoundError(f"no document for claim {claim_id}", claim_id=claim_id)
        src = session.get(SourceRow, row.source_id) if row.source_id else None
        paragraph, hs, he = paragraph_around(doc.text, row.evidence_start, row.evidence_end)
        core = and_(
            ClaimRow.kind == row.kind,
            ClaimRow.item == row.item,
            ClaimRow.polarity == row.polarity,
            *(
                getattr(ClaimRow, c).is_(None) if getattr(row, c) is None else getattr(ClaimRow, c) == getattr(row, c)
                for c in ("supplier", "recipient", "actor", "quantity_unit", "quantity_per")
            ),
        )
        independent = (
            session.scalar(
                select(func.count(func.distinct(ClaimRow.document_id))).where(
                    core, ClaimRow.syndicated.is_(False), claim_visible(as_of, recorded_by=recorded_by)
                )
            )
            or 0
        )
        original = doc.near_duplicate_of_id or doc.id
        copies = session.scalars(
            select(DocumentRow)
            .where(
                or_(DocumentRow.near_duplicate_of_id == original, DocumentRow.id == original),
                DocumentRow.id != doc.id,
                document_visible(as_of, recorded_by=recorded_by),
            )
            .order_by(DocumentRow.id)
        ).all()
        return ClaimDetail(
            claim=claim_record(row, doc.name, src, doc.published),
            paragraph=paragraph,
            highlight=(hs, he),
            document=document_record(doc),
            source=source_record(src) if src else None,
            independent_documents=independent,
            syndicated_copies=[
                {"id": c.id, "name": c.name, "title": c.title, "similarity": c.similarity} for c in copies
            ],
        )


def list_documents(
    db: Database,
    *,
    as_of: date | None = None,
    recorded_by: date | None = None,
    text: str | None = None,
    include_syndicated: bool = True,
    undated: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict]:
    """Documents (newest publication first, undated ones last) with their count of current claims;
    `undated` lists only the documents without a publication date (which as-of views leave out)."""
    counts = (
        select(ClaimRow.document_id, func.count().label("n"))
        .where(claim_visible(as_of, recorded_by=recorded_by))
        .group_by(ClaimRow.document_id)
        .subquery()
    )
    documents = _documents_query(as_of, recorded_by, text, include_syndicated, undated).subquery()
    doc = aliased(DocumentRow, documents)
    query = (
        select(doc, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.document_id == doc.id)
        .order_by(doc.published_on.is_(None), doc.published_on.desc(), doc.id.desc())
        .offset(offset)
    )
    if (n := _limit(limit, offset)) is not None:
        query = query.limit(n)
    with db.read() as session:
        return [document_record(row, n) for row, n in session.execute(query).tuples()]


def _documents_query(
    as_of: date | None, recorded_by: date | None, text: str | None, include_syndicated: bool, undated: bool
) -> Select:
    query = select(DocumentRow).where(document_visible(as_of, recorded_by=recorded_by))
    if undated:
        query = query.where(~document_dated(recorded_by))
    if not include_syndicated:
        query = query.where(DocumentRow.near_duplicate_of_id.is_(None))
    if text:
        needle = text.lower()
        query = query.where(
            or_(
                func.lower(DocumentRow.title).contains(needle, autoescape=True),
                func.lower(DocumentRow.name).contains(needle, autoescape=True),
                func.lower(DocumentRow.publisher).contains(needle, autoescape=True),
            )
        )
    return query


def count_documents(
    db: Database,
    *,
    as_of: date | None = None,
    recorded_by: date | None = None,
    text: str | None = None,
    include_syndicated: bool = True,
    undated: bool = False,
) -> int:
    """How many documents `list_documents` would list without a limit."""
    query = _documents_query(as_of, recorded_by, text, include_syndicated, undated)
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _sources_query(
    as_of: date | None, recorded_by: date | None, country: str | None, grade: str | None
) -> tuple[Select, Any]:
    counts = (
        select(ClaimRow.source_id, func.count().label("n"))
        .where(claim_visible(as_of, recorded_by=recorded_by), ClaimRow.source_id.is_not(None))
        .group_by(ClaimRow.source_id)
        .subquery()
    )
    query = (
        select(SourceRow, counts.c.n)
        .join(counts, counts.c.source_id == SourceRow.id)
        .where(source_visible(recorded_by))
    )
    if country:
        query = query.where(_code_match(SourceRow.country, country))
    if grade:
        query = query.where(SourceRow.grade == grade.upper())
    return query, counts


def list_sources(
    db: Database,
    *,
    as_of: date | None = None,
    recorded_by: date | None = None,
    country: str | None = None,
    grade: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict]:
    """Sources with their count of visible claims and their aliases (sources without a visible
    claim are left out)."""
    query, counts = _sources_query(as_of, recorded_by, country, grade)
    query = query.order_by(counts.c.n.desc(), SourceRow.id).offset(offset)
    if (n := _limit(limit, offset)) is not None:
        query = query.limit(n)
    with db.read() as session:
        rows = session.execute(query).tuples().all()
        aliases = source_aliases(session, [row.id for row, _ in rows])
        return [source_record(row, n, aliases[row.id]) for row, n in rows]


def count_sources(
    db: Database,
    *,
    as_of: date | None = None,
    recorded_by: date | None = None,
    country: str | None = None,
    grade: str | None = None,
) -> int:
    """How many sources `list_sources` would list without a limit."""
    query, _ = _sources_query(as_of, recorded_by, country, grade)
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def count_undated_documents(db: Database, *, recorded_by: date | None = None) -> int:
    """How many documents have no publication date (as-of views leave them out)."""
    with db.read() as session:
        return session.scalar(_undated_query(recorded_by)) or 0


@lru_cache(maxsize=64)
def _undated_query(recorded_by: date | None) -> Select:
    # built once per date (every estimate counts them; building the statement cost more than running it)
    return (
        select(func.count())
        .select_from(DocumentRow)
        .where(document_visible(None, recorded_by=recorded_by), ~document_dated(recorded_by))
    )


def ledger_summary(db: Database, *, as_of: date | None = None, recorded_by: date | None = None, top: int = 10) -> dict:
    """Totals of the ledger on both time axes: documents, copies, claims by kind, top flows, sources,
    runs, and the undated documents an as-of view leaves out."""
    visible = claim_visible(as_of, recorded_by=recorded_by)
    docs_visible = document_visible(as_of, recorded_by=recorded_by)
    with db.read() as session:
        docs = session.scalar(select(func.count()).select_from(DocumentRow).where(docs_visible)) or 0
        copies = (
            session.scalar(
                select(func.count())
                .select_from(DocumentRow)
                .where(docs_visible, DocumentRow.near_duplicate_of_id.is_not(None))
            )
            or 0
        )
        independent = select(func.count()).select_from(ClaimRow).where(visible, ClaimRow.syndicated.is_(False))
        claims = session.scalar(independent) or 0
        syndicated = (
            session.scalar(select(func.count()).select_from(ClaimRow).where(visible, ClaimRow.syndicated.is_(True)))
            or 0
        )
        superseded = (
            (session.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.superseded_at.is_not(None))) or 0)
            if as_of is None and recorded_by is None
            else None
        )
        by_kind: dict[str, int] = {
            kind: n
            for kind, n in session.execute(
                select(ClaimRow.kind, func.count())
                .where(visible, ClaimRow.syndicated.is_(False))
                .group_by(ClaimRow.kind)
                .order_by(ClaimRow.kind)
            ).all()
        }
        flows = session.execute(
            select(
                ClaimRow.supplier,
                ClaimRow.recipient,
                ClaimRow.item,
                func.count().label("n"),
                func.count(func.distinct(ClaimRow.document_id)).label("docs"),
            )
            .where(visible, ClaimRow.syndicated.is_(False), ClaimRow.kind == "transfer")
            .group_by(ClaimRow.supplier, ClaimRow.recipient, ClaimRow.item)
            .order_by(func.count().desc(), ClaimRow.supplier, ClaimRow.recipient, ClaimRow.item)
            .limit(top)
        ).all()
        sources = (
            session.scalar(
                select(func.count(func.distinct(ClaimRow.source_id))).where(visible, ClaimRow.source_id.is_not(None))
            )
            or 0
        )
        graded = (
            session.scalar(
                select(func.count())
                .select_from(SourceRow)
                .where(
                    SourceRow.grade.is_not(None),
                    source_visible(recorded_by),
                    SourceRow.id.in_(select(ClaimRow.source_id).where(visible)),
                )
            )
            or 0
        )
        runs = (
            session.scalar(
                select(func.count())
                .select_from(IngestRun)
                .where(IngestRun.started_at < end_of_day(recorded_by) if recorded_by else true())
            )
            or 0
        )
    undated = count_undated_documents(db, recorded_by=recorded_by)
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "recorded_by": recorded_by.isoformat() if recorded_by else None,
        "undated_documents": undated,
        "documents": docs,
        "near_duplicates": copies,
        "claims": claims,
        "syndicated_claims": syndicated,
        "superseded_claims": superseded,
        "claims_by_kind": by_kind,
        "sources": sources,
        "graded_sources": graded,
        "ingest_runs": runs,
        "top_transfers": [
            {"supplier": s, "recipient": r, "item": i, "claims": n, "documents": d} for s, r, i, n, d in flows
        ],
    }
