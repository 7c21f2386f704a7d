"""FollowTheMoney export, so OCCRP Aleph users can load the ledger: actors, sources, documents, claims.

Mapping:
- actor codes → `PublicBody` (states, blocs) or `Organization` (companies, armed groups);
- sources → `Person` when a role is known, else `Organization` (an `org` alone) or `LegalEntity`;
- documents → `Article` (title, dates, publisher, URL, body text);
- claims → `Event` (name, date, involved actors, summary = evidence, proof = the document);
  transfers with both ends also → `UnknownLink` supplier → recipient;
  a claim's source → `Documentation` linking the document to the source.
Every entity is checked with followthemoney's own schema validation before it is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, cast

import pycountry
from followthemoney import model
from followthemoney.proxy import EntityProxy
from sqlalchemy import and_, select

from armsledger.ledger.asof import claim_visible, document_visible
from armsledger.ledger.db import Database
from armsledger.ledger.errors import ExportError
from armsledger.ledger.tables import ActorRow, ClaimRow, DocumentRow, SourceRow

if TYPE_CHECKING:
    from followthemoney.schema import ValidationData

NAMESPACE = "armsledger"


def _entity(schema: str, *key: object) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(NAMESPACE, schema if schema not in ("PublicBody", "Organization") else "actor", *map(str, key))
    return proxy


def _language(code: str | None) -> str | None:
    if not code:
        return None
    lang = pycountry.languages.get(alpha_2=code[:2].lower()) if len(code) >= 2 else None
    return getattr(lang, "alpha_3", None)


def _country(code: str | None) -> str | None:
    if code and len(code) == 3 and code.isupper():
        found = pycountry.countries.get(alpha_3=code)
        return found.alpha_2.lower() if found else None
    return None


def actor_entity(row: ActorRow) -> EntityProxy:
    """An actor code as a PublicBody (state or bloc) or Organization."""
    proxy = model.make_entity("PublicBody" if row.type in ("state", "bloc") else "Organization")
    proxy.make_id(NAMESPACE, "actor", row.code)
    proxy.add("name", row.name)
    proxy.add("alias", row.code)
    if row.country:
        proxy.add("country", row.country)
        proxy.add("jurisdiction", row.country)
    return proxy


def source_entity(row: SourceRow) -> EntityProxy:
    """A source as a Person (with a role), Organization (an org only) or LegalEntity."""
    if row.name and row.role:
        schema = "Person"
    elif row.org and not row.name:
        schema = "Organization"
    else:
        schema = "LegalEntity"
    proxy = model.make_entity(schema)
    proxy.make_id(NAMESPACE, "source", row.key)
    proxy.add("name", row.name or row.org or row.role)
    country = _country(row.country)
    if country:
        proxy.add("country", country)
    notes = [
        f"role: {row.role}" if row.role else None,
        f"organisation: {row.org}" if row.org and row.name else None,
        f"Admiralty reliability grade {row.grade}" if row.grade else None,
    ]
    proxy.add("notes", [n for n in notes if n])
    if schema == "Person" and row.role:
        proxy.add("position", row.role)
    return proxy


def document_entity(row: DocumentRow) -> EntityProxy:
    """A stored document as an Article."""
    proxy = model.make_entity("Article")
    proxy.make_id(NAMESPACE, "document", row.content_hash)
    proxy.add("title", row.title or row.name)
    proxy.add("fileName", row.name)
    proxy.add("bodyText", row.text)
    proxy.add("mimeType", row.content_type)
    proxy.add("publishedAt", row.published.isoformat() if row.published else None)
    proxy.add("retrievedAt", row.retrieved_at.isoformat(timespec="seconds"))
    proxy.add("publisher", row.publisher)
    proxy.add("author", row.author)
    proxy.add("sourceUrl", row.url)
    proxy.add("language", _language(row.language))
    return proxy


def _claim_label(row: ClaimRow) -> str:
    who = f"{row.supplier or '?'} → {row.recipient or '?'}" if row.kind == "transfer" else (row.actor or "?")
    qty = ""
    if row.quantity_value is not None:
        qty = f" {row.quantity_value:,.0f}" if row.quantity_unit != "fraction" else f" {row.quantity_value:g}"
        qty += f" {row.quantity_unit}" + (f"/{row.quantity_per}" if row.quantity_per else "")
    return f"{row.kind}: {who} {row.item}{qty} ({row.status}, {row.polarity})"


def claim_entities(
    row: ClaimRow, doc: EntityProxy, source: EntityProxy | None, actors: dict[str, EntityProxy]
) -> Iterator[EntityProxy]:
    """A claim as an Event, plus an UnknownLink for a two-ended transfer and a Documentation of its source."""
    event = _entity("Event", "claim", row.id)
    event.add("name", _claim_label(row))
    event.add("date", row.said_on or (row.published_on.isoformat() if row.published_on else None))
    event.add("summary", row.evidence_text)
    event.add("proof", doc.id)
    for code in (row.supplier, row.recipient, row.actor, row.financed_by):
        if code and code in actors:
            event.add("involved", actors[code].id)
            event.add("country", actors[code].get("country"))
    if row.actor and row.actor in actors:
        event.add("organizer", actors[row.actor].id)
    elif row.supplier and row.supplier in actors:
        event.add("organizer", actors[row.supplier].id)
    event.add(
        "notes",
        [
            f"status: {row.status}",
            f"polarity: {row.polarity}",
            f"hedged: {str(row.hedged).lower()}",
            f"extractor: {row.extractor_version}",
            f"armsledger claim {row.id}",
        ]
        + ([f"financed by: {row.financed_by}"] if row.financed_by else [])
        + ([f"deal: {row.deal}"] if row.deal else [])
        + ([] if row.published_on else ["document undated"]),
    )
    if row.quantity_text:
        event.add("description", f"quantity as stated: {row.quantity_text}")
    yield event
    if row.kind == "transfer" and row.supplier in actors and row.recipient in actors:
        link = _entity("UnknownLink", "transfer", row.id)
        link.add("subject", actors[row.supplier].id)
        link.add("object", actors[row.recipient].id)
        link.add("role", f"supplies {row.item}")
        link.add("status", row.status)
        link.add("date", row.published_on.isoformat() if row.published_on else None)
        link.add("proof", doc.id)
        link.add("summary", row.evidence_text)
        yield link
    if source is not None:
        documentation = _entity("Documentation", "source", row.id)
        documentation.add("document", doc.id)
        documentation.add("entity", source.id)
        documentation.add("role", "source of claim")
        documentation.add("summary", row.evidence_text)
        yield documentation


def ftm_entities(db: Database, *, as_of: date | None = None, recorded_by: date | None = None) -> Iterator[EntityProxy]:
    """Every entity of the ledger (published by `as_of`, held at `recorded_by`), actors and sources first,
    then each document's claims."""
    visible = claim_visible(as_of, recorded_by=recorded_by)
    with db.read() as session:
        actor_query, source_query = select(ActorRow).order_by(ActorRow.code), select(SourceRow).order_by(SourceRow.id)
        if as_of is not None or recorded_by is not None:
            codes: set[str] = set()
            for column in (ClaimRow.supplier, ClaimRow.recipient, ClaimRow.actor, ClaimRow.financed_by):
                codes.update(session.scalars(select(column).where(visible, column.is_not(None)).distinct()))
            actor_query = actor_query.where(ActorRow.code.in_(codes))
            source_query = source_query.where(SourceRow.id.in_(select(ClaimRow.source_id).where(visible)))
        actors = {row.code: actor_entity(row) for row in session.scalars(actor_query)}
        sources = {row.id: source_entity(row) for row in session.scalars(source_query)}
    yield from actors.values()
    yield from sources.values()
    last = 0
    while True:
        with db.read() as session:
            docs = list(
                session.scalars(
                    select(DocumentRow)
                    .where(and_(document_visible(as_of, recorded_by=recorded_by), DocumentRow.id > last))
                    .order_by(DocumentRow.id)
                    .limit(200)
                )
            )
            if not docs:
                return
            claims = list(
                session.scalars(
                    select(ClaimRow)
                    .where(ClaimRow.document_id.in_([d.id for d in docs]), visible)
                    .order_by(ClaimRow.id)
                )
            )
        by_doc: dict[int, list[ClaimRow]] = {}
        for claim in claims:
            by_doc.setdefault(claim.document_id, []).append(claim)
        for doc_row in docs:
            doc = document_entity(doc_row)
            yield doc
            for claim in by_doc.get(doc_row.id, []):
                source = sources.get(claim.source_id) if claim.source_id is not None else None
                yield from claim_entities(claim, doc, source, actors)
        last = docs[-1].id


def validate_entity(proxy: EntityProxy) -> dict:
    """The entity as a dict, after followthemoney's schema validation (ExportError when invalid)."""
    data = proxy.to_dict()
    try:
        proxy.schema.validate(cast("ValidationData", data))
    except Exception as exc:  # followthemoney raises its own InvalidData; re-raise as ours
        raise ExportError(f"FtM entity {proxy.id} ({proxy.schema.name}) is invalid: {exc}", entity=proxy.id) from None
    return data


def write_ftm(db: Database, out: IO[str], *, as_of: date | None = None, recorded_by: date | None = None) -> int:
    """Write the ledger as FtM entities, one JSON object per line; returns the entity count."""
    n = 0
    for proxy in ftm_entities(db, as_of=as_of, recorded_by=recorded_by):
        out.write(json.dumps(validate_entity(proxy), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n
