"""Conversions between schema Claims and ledger rows, and the naming of actor codes."""

from __future__ import annotations

import json
from datetime import date, datetime

import pycountry

from armsledger.codes.actors import BLOCS
from armsledger.formats.columns import CUES_SEPARATOR, LEDGER_CLAIM_COLUMNS
from armsledger.ledger.tables import ActorRow, ClaimRow, SourceRow
from armsledger.model import Claim, Source

GRADES = ("A", "B", "C", "D", "E", "F")
GRADE_MEANINGS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


def describe_actor(code: str) -> ActorRow:
    """An ActorRow for a schema actor code: states by ISO alpha-3, the blocs, else an organisation slug."""
    if code in BLOCS:
        return ActorRow(code=code, name=BLOCS[code], type="bloc", country=None)
    if len(code) == 3 and code.isupper():
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            return ActorRow(
                code=code,
                name=getattr(country, "common_name", None) or country.name,
                type="state",
                country=country.alpha_2.lower(),
            )
    return ActorRow(code=code, name=code.replace("_", " ").replace("-", " ").title(), type="organization", country=None)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def source_key(source: Source) -> str | None:
    """The identity of a source in the ledger: its name (else organisation), case- and space-folded;
    a source known only by its role ("Western officials") is `role: western officials`, with `@ KOR`
    when its country is known. None when the source says nothing at all."""
    label = source.name or source.org
    if label and label.strip():
        return _fold(label)
    if source.role and source.role.strip():
        return f"role: {_fold(source.role)}" + (f" @ {source.country.casefold()}" if source.country else "")
    return None


def key_of_name(name: str) -> str:
    """The source key a user means by a name (as `source_key` would fold it)."""
    return _fold(name)


def source_label(row: SourceRow) -> str:
    """A source's name for people: its name, else its organisation, else its role."""
    return row.name or row.org or row.role or row.key


def claim_values(claim: Claim, **provenance: object) -> dict[str, object]:
    """The column values of a ClaimRow holding every schema field of `claim`, plus the given
    provenance columns (for bulk inserts)."""
    q = claim.quantity
    return dict(
        kind=claim.kind,
        supplier=claim.supplier,
        recipient=claim.recipient,
        actor=claim.actor,
        item=claim.item,
        caliber_mm=claim.caliber_mm,
        quantity_value=q.value if q else None,
        quantity_value_high=q.value_high if q else None,
        quantity_qualifier=q.qualifier if q else None,
        quantity_unit=q.unit if q else None,
        quantity_per=q.per if q else None,
        quantity_text=q.text if q else None,
        status=claim.status,
        polarity=claim.polarity,
        hedged=claim.hedged,
        cues=json.dumps(claim.cues),
        certainty=claim.certainty,
        said_on=claim.said_on,
        by=claim.by,
        financed_by=claim.financed_by,
        deal=claim.deal,
        evidence_start=claim.evidence.start,
        evidence_end=claim.evidence.end,
        evidence_text=claim.evidence.text,
        **provenance,
    )


def row_to_claim(row: ClaimRow, doc_name: str, source: SourceRow | None, published: date | None = None) -> Claim:
    """The schema Claim a row stores (what the extractor produced, under the source it was merged
    into); `published` is its document's publication date (default: the one copied to the row). The
    row's strings were validated when stored; pydantic checks them against SCHEMA's literals again here."""
    return Claim.model_validate(claim_json(row, doc_name, source, published))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def claim_json(row: ClaimRow, doc_name: str, source: SourceRow | None, published: date | None = None) -> dict:
    """`row_to_claim(...).to_json_dict()` built straight from the row, without a pydantic model per claim
    (listings show many claims a page): the same keys in the same order, integers as integers. The
    row's values were validated when the claim was stored."""
    quantity = None
    if row.quantity_value is not None:
        unit = row.quantity_unit or "item"
        value, high = float(row.quantity_value), row.quantity_value_high
        high = None if high is None else float(high)
        if unit != "fraction":
            value = int(value) if value.is_integer() else value
            high = int(high) if high is not None and high.is_integer() else high
        quantity = {
            "value": value,
            "value_high": high,
            "qualifier": row.quantity_qualifier or "exact",
            "unit": unit,
            "per": row.quantity_per,
            "text": row.quantity_text or "",
        }
    src = None
    if source is not None:
        src = {"name": source.name, "role": source.role, "org": source.org, "country": source.country}
    return {
        "doc": doc_name,
        "kind": row.kind,
        "supplier": row.supplier,
        "recipient": row.recipient,
        "actor": row.actor,
        "item": row.item,
        "caliber_mm": row.caliber_mm,
        "quantity": quantity,
        "status": row.status,
        "polarity": row.polarity,
        "hedged": bool(row.hedged),
        "cues": json.loads(row.cues or "[]"),
        "certainty": row.certainty,
        "source": src,
        "said_on": row.said_on,
        "by": row.by,
        "published": _iso(published or row.published_on),
        "financed_by": row.financed_by,
        "deal": row.deal,
        "evidence": {"start": row.evidence_start, "end": row.evidence_end, "text": row.evidence_text},
    }


def claim_record(row: ClaimRow, doc_name: str, source: SourceRow | None, published: date | None = None) -> dict:
    """The JSON object of a stored claim: SCHEMA.md's fields plus `id` and a `ledger` provenance block."""
    data = {"id": row.id, **claim_json(row, doc_name, source, published)}
    data["ledger"] = {
        "document_id": row.document_id,
        "extractor_version": row.extractor_version,
        "published_on": _iso(row.published_on),
        "recorded_at": _iso(row.recorded_at),
        "superseded_at": _iso(row.superseded_at),
        "syndicated": bool(row.syndicated),
        "source_id": row.source_id,
        "source_grade": source.grade if source else None,
    }
    return data


#: the ledger's flat claim columns (formats.columns.LEDGER_CLAIM_COLUMNS: SCHEMA columns plus provenance)
FLAT_CLAIM_COLUMNS = LEDGER_CLAIM_COLUMNS


def flat_claim(row: ClaimRow, doc_name: str, source: SourceRow | None, published: date | None = None) -> dict:
    """One flat row per claim (for CSV, XLSX, Parquet and tables): nested fields spread into columns."""
    out = {col: getattr(row, col, None) for col in FLAT_CLAIM_COLUMNS}
    out.update(
        doc=doc_name,
        hedged=bool(row.hedged),
        syndicated=bool(row.syndicated),
        published=published or row.published_on,
        cues=CUES_SEPARATOR.join(json.loads(row.cues or "[]")),
        source_name=source.name if source else None,
        source_role=source.role if source else None,
        source_org=source.org if source else None,
        source_country=source.country if source else None,
        source_grade=source.grade if source else None,
    )
    return out
