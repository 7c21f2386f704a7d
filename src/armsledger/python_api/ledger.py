"""`open_ledger`: the ledger from Python, with the CLI's filters, names for codes, and DataFrames."""

from __future__ import annotations

from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from armsledger.dates import parse_date
from armsledger.python_api.records import ClaimList, StoredClaim

if TYPE_CHECKING:
    from armsledger.ledger.db import Database
    from armsledger.ledger.queries import ClaimFilter
    from armsledger.reconcile.explain import Estimate

#: filters `claims()` takes (ClaimFilter's fields); dates may be date objects or YYYY[-MM[-DD]] text
FILTERS = (
    "kind",
    "supplier",
    "recipient",
    "actor",
    "item",
    "source",
    "country",
    "hedged",
    "status",
    "polarity",
    "date_from",
    "date_to",
    "text",
    "document_id",
    "as_of",
    "recorded_by",
    "include_superseded",
    "include_syndicated",
)


def _day(value: date | str | None, option: str, *, end: bool) -> date | None:
    return parse_date(value, option=option, end=end)


def claim_filter(**filters: Any) -> ClaimFilter:
    """A ClaimFilter from keyword filters: actor and item names resolved to codes ("North Korea" →
    PRK, "shells" → artillery_shell), dates parsed; an unknown name or filter is an error."""
    from armsledger.errors import OptionError
    from armsledger.ledger.queries import ClaimFilter

    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise OptionError(f"unknown filter {unknown[0]!r}; filters are: {', '.join(FILTERS)}", option=unknown[0])
    values = dict(filters)
    values["date_from"] = _day(values.get("date_from"), "date_from", end=False)
    values["date_to"] = _day(values.get("date_to"), "date_to", end=True)
    values["as_of"] = _day(values.get("as_of"), "as_of", end=True)
    values["recorded_by"] = _day(values.get("recorded_by"), "recorded_by", end=True)
    f = ClaimFilter(**values).resolved()
    f.validate()
    return f


class LedgerView:
    """An open ledger for reading: claims, documents, sources, estimates, DataFrames. Close it (or use
    `with`) when done."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def url(self) -> str:
        return self.db.url

    def __repr__(self) -> str:
        return f"<armsledger ledger {self.db.display_url}>"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.db.dispose()

    def claims(self, *, limit: int | None = None, offset: int = 0, **filters: Any) -> ClaimList:
        """Claims matching the filters (see FILTERS), newest first, as StoredClaim objects; all of them
        unless `limit` is given. `.total` tells how many matched."""
        from armsledger.ledger.queries import count_claims, stream_claims

        f = claim_filter(**filters)
        claims = [StoredClaim.model_validate(r) for r in stream_claims(self.db, f, offset=offset, limit=limit)]
        total = count_claims(self.db, f) if limit or offset else len(claims)
        return ClaimList(claims, total)

    def count(self, **filters: Any) -> int:
        """How many claims match the filters."""
        from armsledger.ledger.queries import count_claims

        return count_claims(self.db, claim_filter(**filters))

    def documents(
        self,
        *,
        search: str | None = None,
        as_of: date | str | None = None,
        recorded_by: date | str | None = None,
        undated: bool = False,
    ) -> list[dict]:
        """Every document's metadata (newest first, undated last) with its number of claims; `undated`
        lists only the documents without a publication date."""
        from armsledger.ledger.queries import list_documents

        return list_documents(
            self.db,
            as_of=_day(as_of, "as_of", end=True),
            recorded_by=_day(recorded_by, "recorded_by", end=True),
            text=search,
            undated=undated,
            limit=0,
        )

    def sources(
        self,
        *,
        country: str | None = None,
        grade: str | None = None,
        as_of: date | str | None = None,
        recorded_by: date | str | None = None,
    ) -> list[dict]:
        """Every source with its grade, aliases and number of claims."""
        from armsledger.codes import resolve_actor
        from armsledger.ledger.queries import list_sources

        return list_sources(
            self.db,
            as_of=_day(as_of, "as_of", end=True),
            recorded_by=_day(recorded_by, "recorded_by", end=True),
            grade=grade,
            limit=0,
            country=resolve_actor(country, option="country") if country else None,
        )

    def to_pandas(self, table: str = "claims", **filters: Any) -> Any:
        """A pandas DataFrame of "claims" (filters as `claims()`), "documents" or "sources", with the
        Parquet export's column types; needs the `pandas` extra."""
        from armsledger.ledger.exports import DOCUMENT_COLUMNS, SOURCE_COLUMNS, records
        from armsledger.python_api.frames import frame

        if table == "claims":
            return self.claims(**filters).to_pandas()
        if table not in ("documents", "sources"):
            from armsledger.errors import OptionError

            raise OptionError(f"unknown table {table!r}; choose claims, documents or sources", option="table")
        _columns, rows = records(
            self.db,
            table,
            as_of=_day(filters.pop("as_of", None), "as_of", end=True),
            recorded_by=_day(filters.pop("recorded_by", None), "recorded_by", end=True),
        )
        return frame(DOCUMENT_COLUMNS if table == "documents" else SOURCE_COLUMNS, rows)

    def estimate(
        self,
        *,
        item: str,
        supplier: str | None = None,
        recipient: str | None = None,
        actor: str | None = None,
        kind: str = "transfer",
        unit: str = "item",
        as_of: date | str | None = None,
        recorded_by: date | str | None = None,
        window: int | None = None,
        conversions: str | None = None,
        calibre_mix: dict[int, float] | None = None,
        data_dir: str | None = None,
    ) -> Estimate:
        """Low / central / high of one flow with its series and explanation (armsledger.reconcile), from
        the claims as analysts reviewed them (`Estimate.reviews` lists the reviews); actor and item may
        be names ("North Korea", "shells"). Claims of undated documents cannot be placed in time: they
        are left out and counted (`Estimate.undated_documents`)."""
        from armsledger.reconcile import load_reference
        from armsledger.reconcile.reviewed import estimate_flow

        return estimate_flow(
            self.db,
            item=item,
            supplier=supplier,
            recipient=recipient,
            actor=actor,
            kind=kind,
            unit=unit,
            as_of=_day(as_of, "as_of", end=True),
            recorded_by=_day(recorded_by, "recorded_by", end=True),
            window=window,
            conversions=conversions,
            calibre_mix=calibre_mix,
            ref=load_reference(data_dir),
        )


def open_ledger(url: str | None = None, *, create: bool = False) -> LedgerView:
    """The ledger at `url` (a database URL or SQLite file; default ARMSLEDGER_DATABASE_URL, else the
    user's ledger). A missing ledger is an error unless `create`."""
    from armsledger.ledger.db import connect

    return LedgerView(connect(url, create=create))
