"""The counts of one ingest run, shared by the single-process and the Dask paths (and gold ledgers)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class IngestSummary:
    """Counts of one ingest run; `failures` lists (location, one-line reason); `skipped` lists files
    found in folders that are not documents (location, reason); `notes` (location, what was worth
    saying: characters replaced, a feed summary used instead of its page)."""

    run_id: int | None = None
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    failed: int = 0
    claims_added: int = 0
    syndicated_claims: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.new + self.duplicate + self.near_duplicate + self.failed

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def run_counts(self) -> dict[str, int]:
        """The counts an ingest run's record keeps (`Ledger.finish_run`)."""
        return {
            "new_documents": self.new,
            "duplicates": self.duplicate,
            "near_duplicates": self.near_duplicate,
            "failed": self.failed,
            "claims_added": self.claims_added,
        }
