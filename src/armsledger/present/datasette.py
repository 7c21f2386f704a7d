"""A datasette description of a SQLite ledger (metadata.yml): labels, facets, full-text search on the
claims' evidence, and canned queries ("current claims", "reviewed claims") for analysts who prefer
datasette (`armsledger export datasette -o metadata.yml`, then `datasette ledger.db -m metadata.yml`).

datasette finds the claims' FTS5 table because it is declared `content="claims"` (migration 0005),
so `?_search=` on the claims table searches the evidence sentences.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CURRENT_CLAIMS_SQL = """\
select c.id, c.published_on, c.kind, c.supplier, c.recipient, c.actor, c.item, c.quantity_value,
  c.quantity_unit, c.quantity_per, c.quantity_qualifier, c.status, c.polarity, c.hedged,
  coalesce(s.name, s.org, s.role) as source, s.grade as source_grade, d.title as document,
  (select r.action from reviews r where r.claim_id = c.id order by r.id desc limit 1) as review,
  c.evidence_text
from claims c
join documents d on d.id = c.document_id
left join sources s on s.id = c.source_id
where c.superseded_at is null and c.syndicated = 0
  and (:text = '' or c.id in (select rowid from claims_fts where claims_fts match :text))
order by c.published_on desc, c.id desc"""

REVIEWED_CLAIMS_SQL = """\
select r.id as review, r.created_at, r.reviewer, r.action, r.changes, r.previous, r.reason, c.id as claim,
  c.kind, c.supplier, c.recipient, c.actor, c.item, c.quantity_value, c.evidence_text
from reviews r join claims c on c.id = r.claim_id
order by r.id desc"""


def datasette_metadata(database: str) -> dict[str, Any]:
    """The metadata of the ledger database `database` (datasette names a database after its file stem)."""
    claim_columns = {
        "kind": "transfer, production, consumption, stockpile, quality or meeting (SCHEMA.md)",
        "supplier": "who sent (ISO alpha-3, bloc or slug)",
        "recipient": "who received",
        "actor": "producer, user or holder of other kinds",
        "item": "item code (SCHEMA.md)",
        "quantity_value": "the number as stated",
        "status": "actual, committed, target, capacity or interdicted",
        "polarity": "affirmed or denied",
        "hedged": "1 when the text marks the claim as uncertain",
        "published_on": "publication date of its document",
        "superseded_at": "when a newer extractor replaced this claim (history)",
        "syndicated": "1 in a near-duplicate copy of another document",
        "evidence_text": "the sentence that carries the claim",
    }
    return {
        "title": "armsledger ledger",
        "description": "Claims extracted from reports on arms transfers, production, use and stocks, with their "
        "documents, sources and the analysts' reviews. Reviews never change a claim: the reviewed "
        "values are in the reviews table.",
        "databases": {
            database: {
                "tables": {
                    "claims": {
                        "label_column": "evidence_text",
                        "sort_desc": "published_on",
                        "fts_table": "claims_fts",
                        "fts_pk": "id",
                        "facets": ["kind", "supplier", "recipient", "item", "status", "hedged"],
                        "columns": claim_columns,
                    },
                    "documents": {
                        "label_column": "title",
                        "sort_desc": "published_on",
                        "facets": ["publisher", "content_type"],
                    },
                    "sources": {"label_column": "name", "facets": ["country", "grade"]},
                    "reviews": {"sort_desc": "id", "facets": ["action", "reviewer", "target"]},
                    "actors": {"label_column": "name", "facets": ["type"]},
                    "ingest_runs": {"sort_desc": "id"},
                },
                "queries": {
                    "current_claims": {
                        "title": "Current claims",
                        "sql": CURRENT_CLAIMS_SQL,
                        "description": "Claims of the installed extractor, syndicated copies left out, "
                        "newest first, with source grade and latest review; text searches "
                        "the evidence (empty for all).",
                    },
                    "reviewed_claims": {
                        "title": "Reviews of claims",
                        "sql": REVIEWED_CLAIMS_SQL,
                        "description": "The audit trail: who confirmed, rejected or corrected what, when and why.",
                    },
                },
            }
        },
    }


def write_metadata(path: str | Path, database: str) -> Path:
    """Write the metadata as YAML to `path`."""
    import yaml

    target = Path(path)
    target.write_text(
        yaml.safe_dump(datasette_metadata(database), sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
    )
    return target
