"""A ledger of gold claims: the claims annotated in gold corpora, stored as their documents' claims.

Where a ledger must not change when the extractor does (the worked example of docs/model.md and
its test), it is built from gold corpora (SCHEMA.md "Gold files") instead of extractor output:
each document a folder's gold.jsonl lists is stored with the claims the gold gives it, recorded
on its publication day (so `--as-of` and `--recorded-by` agree, as if the ledger had been kept
since then), in publication order, under the extractor version "gold". A gold value given as a
list of acceptable values is stored as the first of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from armsledger.errors import GoldFileError
from armsledger.ledger.store import Ledger
from armsledger.model import Claim, Document
from armsledger.pipeline.summary import IngestSummary

if TYPE_CHECKING:
    from armsledger.ledger.db import Database

#: the extractor version gold claims are stored under
GOLD_VERSION = "gold"

# Attributes a gold line may give as a list of acceptable values (SCHEMA.md "Gold files").
_LISTABLE = (
    ("quantity", "qualifier"),
    ("status",),
    ("polarity",),
    ("hedged",),
    ("source", "name"),
    ("source", "role"),
    ("source", "org"),
    ("source", "country"),
    ("said_on",),
    ("by",),
)
# The hour a document is recorded on its publication day.
_RECORDED_AT = time(12)


@dataclass(frozen=True)
class GoldDocument:
    """One document of a gold corpus with its publication date and gold claims (as JSON objects)."""

    path: Path
    published: date
    claims: list[dict[str, Any]]


def _first_values(claim: dict[str, Any]) -> dict[str, Any]:
    """The claim with every list of acceptable values replaced by its first value."""
    out = json.loads(json.dumps(claim))
    for path in _LISTABLE:
        parent = out
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict) and isinstance(parent.get(path[-1]), list):
            values = parent[path[-1]]
            parent[path[-1]] = values[0] if values else None
    return out


def gold_claims(doc_name: str, claims: Iterable[dict[str, Any]]) -> list[Claim]:
    """Gold claims of one document as schema Claims (`doc` set, first of any acceptable values)."""
    return [Claim.model_validate({**_first_values(c), "doc": doc_name}) for c in claims]


def gold_documents(folders: Iterable[str | Path]) -> list[GoldDocument]:
    """Every document the folders' gold.jsonl files list, oldest publication first (then by name)."""
    from armsledger.evaluate.gold import load_gold_corpus

    found = []
    for folder in folders:
        base, records = load_gold_corpus(folder)
        for record in records:
            if not record.get("published"):
                raise GoldFileError(
                    f"{base / 'gold.jsonl'}: {record['doc']} has no 'published' date", path=str(base / "gold.jsonl")
                )
            found.append(GoldDocument(base / record["doc"], date.fromisoformat(record["published"]), record["claims"]))
    return sorted(found, key=lambda d: (d.published, d.path.name))


class _PublicationDay:
    """The ledger's clock while gold documents are stored: noon of the document being stored."""

    def __init__(self) -> None:
        self.now = datetime.min

    def __call__(self) -> datetime:
        return self.now


def store_gold(db: Database, folders: Iterable[str | Path]) -> IngestSummary:
    """Store every document of the gold `folders` in the ledger `db` with its gold claims, each recorded
    on its publication day; returns the counts, as `ingest` does."""
    clock = _PublicationDay()
    ledger = Ledger(db, clock=clock)
    summary = IngestSummary()
    for gold in gold_documents(folders):
        clock.now = datetime.combine(gold.published, _RECORDED_AT)
        doc = Document(
            name=gold.path.name,
            text=gold.path.read_text(encoding="utf-8"),
            published=gold.published,
            path=str(gold.path),
            content_type="text/plain",
        )
        result = ledger.store(
            doc,
            gold_claims(doc.name, gold.claims),
            extractor_version=GOLD_VERSION,
            retrieved_at=clock.now,
            published=gold.published,
        )
        if result.outcome == "duplicate":
            summary.duplicate += 1
        elif result.outcome == "near_duplicate":
            summary.near_duplicate += 1
            summary.syndicated_claims += result.claims_added
        else:
            summary.new += 1
            summary.claims_added += result.claims_added
    return summary
