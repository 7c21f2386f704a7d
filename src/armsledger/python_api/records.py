"""Stored claims as pydantic objects, and lists of them that turn into DataFrames."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from armsledger.model import Claim


class LedgerInfo(BaseModel):
    """Where a stored claim came from: its document and source in the ledger, extractor, dates."""

    model_config = ConfigDict(extra="forbid")

    document_id: int
    extractor_version: str
    published_on: date
    recorded_at: datetime
    superseded_at: datetime | None = None
    syndicated: bool = False
    source_id: int | None = None
    source_grade: str | None = None


class StoredClaim(Claim):
    """A claim as the ledger keeps it: SCHEMA.md's fields, its `id`, and its `ledger` provenance."""

    id: int
    ledger: LedgerInfo

    def flat(self) -> dict[str, Any]:
        """One flat row in the ledger's column naming (armsledger.formats.columns)."""
        from armsledger.formats.columns import LEDGER_CLAIM_COLUMNS, flatten_claim

        row = flatten_claim(self.to_json_dict())
        row.update(id=self.id, **self.ledger.model_dump())
        return {column: row.get(column) for column in LEDGER_CLAIM_COLUMNS}


class ClaimList(list[StoredClaim]):
    """Claims of a query, newest first; `total` is how many matched before any limit."""

    def __init__(self, claims: list[StoredClaim], total: int | None = None) -> None:
        super().__init__(claims)
        self.total = len(claims) if total is None else total

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per claim in the ledger's column naming, with typed columns
        (dates as dates, numbers as numbers); needs the `pandas` extra."""
        from armsledger.formats.columns import LEDGER_CLAIM_COLUMNS
        from armsledger.python_api.frames import frame

        return frame(LEDGER_CLAIM_COLUMNS, (c.flat() for c in self))
