"""Reviewed claims as a gold corpus (SCHEMA.md, "Gold files"): reviews grow the evaluation corpus.

A document is written when every one of its current claims has been reviewed (confirmed or
corrected; rejected claims are left out), so its gold line is complete; `partial=True` also
writes documents with some claims unreviewed, with the reviewed claims only. Written to a
folder, each document's text goes beside `gold.jsonl`, so `armsledger eval FOLDER` scores the
extractor against the analysts' judgement.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from armsledger.ledger.db import Database
from armsledger.ledger.records import row_to_claim
from armsledger.ledger.tables import ClaimRow, DocumentRow, ReviewRow, SourceRow
from armsledger.review.overlay import load_review_states, reviewed_claim

_SAFE_NAME = re.compile(r"^[\w][\w.\-]*\.txt$")


@dataclass
class GoldExport:
    """What an export wrote: documents and claims, and documents left out with the reason."""

    documents: int = 0
    claims: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


def gold_name(doc: DocumentRow) -> str:
    """The document's file name in the gold corpus: its own name when it is a plain .txt name, else doc-ID.txt."""
    name = Path(doc.name).name
    return name if _SAFE_NAME.match(name) else f"doc-{doc.id}.txt"


def gold_lines(
    db: Database, *, partial: bool = False, export: GoldExport | None = None
) -> Iterator[tuple[DocumentRow, dict[str, Any]]]:
    """(document, gold line) for each document with reviewed claims (see the module doc)."""
    export = export or GoldExport()
    with db.read() as session:
        doc_ids = sorted(
            set(
                session.scalars(
                    select(ClaimRow.document_id)
                    .join(ReviewRow, ReviewRow.claim_id == ClaimRow.id)
                    .where(ReviewRow.target == "claim", ClaimRow.superseded_at.is_(None))
                )
            )
        )
    for doc_id in doc_ids:
        with db.read() as session:
            doc = session.get_one(DocumentRow, doc_id)
            rows = session.scalars(
                select(ClaimRow)
                .where(ClaimRow.document_id == doc_id, ClaimRow.superseded_at.is_(None))
                .order_by(ClaimRow.id)
            ).all()
            sources = {
                s.id: s
                for s in session.scalars(
                    select(SourceRow).where(SourceRow.id.in_({r.source_id for r in rows if r.source_id}))
                )
            }
            states = load_review_states(session, [r.id for r in rows])
        unreviewed = [r.id for r in rows if r.id not in states]
        if unreviewed and not partial:
            export.skipped.append((doc_id, f"{len(unreviewed)} of {len(rows)} claim(s) not reviewed"))
            continue
        claims = []
        for row in rows:
            if row.id not in states:
                continue
            claim = reviewed_claim(
                row_to_claim(row, gold_name(doc), sources.get(row.source_id or -1), doc.published), states[row.id]
            )
            if claim is not None:
                data = claim.to_json_dict()
                data.pop("doc", None)
                data.pop("published", None)
                claims.append(data)
        export.documents += 1
        export.claims += len(claims)
        yield (
            doc,
            {
                "doc": gold_name(doc),
                "published": doc.published.isoformat() if doc.published else None,
                "claims": claims,
            },
        )


def write_gold(db: Database, out: IO[str] | str | Path, *, partial: bool = False) -> GoldExport:
    """Write reviewed claims as gold lines to a stream, or as a corpus folder (texts and gold.jsonl)."""
    export = GoldExport()
    if not isinstance(out, (str, Path)):
        for _doc, line in gold_lines(db, partial=partial, export=export):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return export
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "gold.jsonl", "w", encoding="utf-8") as fh:
        for doc, line in gold_lines(db, partial=partial, export=export):
            (folder / line["doc"]).write_text(doc.text, encoding="utf-8")
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return export
