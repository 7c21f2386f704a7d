"""One naming of claim columns for every flat output (extract CSV, `claims --format csv`, exports).

A flat claim spreads SCHEMA.md's nested fields into `quantity_*`, `source_*` and `evidence_*`
columns. Extractor output has CLAIM_COLUMNS; the ledger's rows have the same columns in the same
order, after `id` and before the ledger's provenance columns (LEDGER_CLAIM_COLUMNS).
docs/columns.md describes each column.
"""

from __future__ import annotations

from typing import Any

CLAIM_COLUMNS: tuple[str, ...] = (
    "doc",
    "kind",
    "supplier",
    "recipient",
    "actor",
    "item",
    "caliber_mm",
    "quantity_value",
    "quantity_value_high",
    "quantity_qualifier",
    "quantity_unit",
    "quantity_per",
    "quantity_text",
    "status",
    "polarity",
    "hedged",
    "cues",
    "certainty",
    "source_name",
    "source_role",
    "source_org",
    "source_country",
    "said_on",
    "by",
    "published",
    "financed_by",
    "deal",
    "evidence_start",
    "evidence_end",
    "evidence_text",
)

PROVENANCE_COLUMNS: tuple[str, ...] = (
    "document_id",
    "source_id",
    "source_grade",
    "extractor_version",
    "published_on",
    "recorded_at",
    "superseded_at",
    "syndicated",
)

LEDGER_CLAIM_COLUMNS: tuple[str, ...] = ("id", *CLAIM_COLUMNS, *PROVENANCE_COLUMNS)

#: how `cues` (a list) is joined in flat outputs
CUES_SEPARATOR = "; "


def flatten_claim(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim in SCHEMA.md's JSON shape as one flat row of CLAIM_COLUMNS."""
    quantity = claim.get("quantity") or {}
    source = claim.get("source") or {}
    evidence = claim.get("evidence") or {}
    row = {column: claim.get(column) for column in CLAIM_COLUMNS}
    row.update(
        quantity_value=quantity.get("value"),
        quantity_value_high=quantity.get("value_high"),
        quantity_qualifier=quantity.get("qualifier"),
        quantity_unit=quantity.get("unit"),
        quantity_per=quantity.get("per"),
        quantity_text=quantity.get("text"),
        cues=CUES_SEPARATOR.join(claim.get("cues") or []),
        source_name=source.get("name"),
        source_role=source.get("role"),
        source_org=source.get("org"),
        source_country=source.get("country"),
        evidence_start=evidence.get("start"),
        evidence_end=evidence.get("end"),
        evidence_text=evidence.get("text"),
    )
    return row
