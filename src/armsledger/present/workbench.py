"""The analyst's workbench as a library: what every page of the dashboard and every endpoint of
the HTTP API asks of the ledger. Each method is one call into the ledger, reconcile or review
stage (the same calls the CLI and the Python API make), with the answers that are costly to
compute (estimates, flows, contradictions, checks, totals) cached for the current ledger state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select

from armsledger.ledger.db import Database
from armsledger.ledger.queries import ClaimFilter
from armsledger.ledger.tables import ClaimRow
from armsledger.present.cache import AnswerCache, ledger_state
from armsledger.present.jsonbytes import dumps, loads
from armsledger.settings import get_setting


@dataclass(frozen=True)
class Axes:
    """The two time axes every view takes: `as_of` (published by) and `recorded_by` (held by the
    ledger by then); None means "now"."""

    as_of: date | None = None
    recorded_by: date | None = None


@dataclass(frozen=True)
class Page:
    """One page of a listing: its rows and how many match in all."""

    rows: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class Workbench:
    """Read and review one ledger; thread-safe (the database layer opens a session per call)."""

    def __init__(
        self,
        db: Database,
        *,
        allow_private: bool = False,
        data_dir: str | None = None,
        cache_entries: int | None = None,
    ) -> None:
        self.db = db
        self.allow_private = allow_private
        self.data_dir = data_dir
        self.cache = AnswerCache(int(get_setting("serve_cache_entries", cache_entries)))
        #: the extractor `ingest` uses (None: the installed armsledger extractor, loaded on first use)
        self.extractor: Any = None
        self._ref: Any = None

    # --- shared helpers ---

    @property
    def ref(self) -> Any:
        """The reconcile reference data (loaded once)."""
        if self._ref is None:
            from armsledger.reconcile import load_reference

            self._ref = load_reference(self.data_dir)
        return self._ref

    def warm(self) -> None:
        """Load what the first request would otherwise wait for: the code tables (names → codes) and the
        reconcile reference data."""
        from armsledger.codes import resolve_actor, resolve_item

        resolve_actor("PRK", option="warm-up")
        resolve_item("artillery_shell", option="warm-up")
        _ = self.ref

    def state(self) -> tuple[Any, ...]:
        """The ledger's current state (see armsledger.present.cache)."""
        return ledger_state(self.db)

    def _cached(self, key: tuple[Any, ...], compute: Any) -> Any:
        return self.cache.get((*key, self.state()), compute)

    def _review_states(self, claim_ids: list[int], axes: Axes = Axes()) -> dict[int, Any]:
        """The review state of each claim, from the reviews made by `axes.recorded_by` (all when None)."""
        from armsledger.ledger.asof import end_of_day
        from armsledger.review.overlay import load_review_states

        reviewed_by = end_of_day(axes.recorded_by) if axes.recorded_by else None
        with self.db.read() as session:
            return load_review_states(session, claim_ids, reviewed_by=reviewed_by)

    def _with_reviews(
        self, rows: list[dict[str, Any]], *, flat: bool = False, axes: Axes = Axes()
    ) -> list[dict[str, Any]]:
        states = self._review_states([r["id"] for r in rows], axes)
        out = []
        for row in rows:
            state = states.get(row["id"])
            if flat:
                changes = "; ".join(f"{k}={v}" for k, v in state.changes.items()) if state else None
                out.append({**row, "review_status": state.status if state else None, "review_changes": changes})
            else:
                out.append({**row, "review": state.record() if state else None})
        return out

    # --- claims ---

    def claims(self, f: ClaimFilter, *, limit: int, offset: int = 0) -> Page:
        """A page of claims matching `f` (newest first), each with its review state, and the total."""
        from armsledger.ledger.queries import count_claims, list_claims

        f = f.resolved()
        f.validate()
        rows = list_claims(self.db, f, limit=limit, offset=offset)
        total = (
            len(rows) + offset
            if len(rows) < limit and (rows or not offset)
            else self._cached(("count", repr(f)), lambda: count_claims(self.db, f))
        )
        return Page(self._with_reviews(rows, axes=_axes(f)), total, limit, offset)

    def claim_rows(self, f: ClaimFilter) -> tuple[list[str], Any]:
        """Every claim matching `f` as flat rows for CSV and XLSX (never cut), with review columns."""
        from armsledger.formats.columns import LEDGER_CLAIM_COLUMNS
        from armsledger.ledger.queries import stream_claims

        f = f.resolved()
        f.validate()

        def rows() -> Any:
            batch: list[dict[str, Any]] = []
            for row in stream_claims(self.db, f, flat=True):
                batch.append(row)
                if len(batch) == 1000:
                    yield from self._with_reviews(batch, flat=True, axes=_axes(f))
                    batch = []
            yield from self._with_reviews(batch, flat=True, axes=_axes(f))

        return [*LEDGER_CLAIM_COLUMNS, "review_status", "review_changes"], rows()

    def claim(self, claim_id: int, axes: Axes = Axes()) -> dict[str, Any]:
        """One claim in context: as extracted and as reviewed, its paragraph with the evidence, its
        document and source, its reviews, and how the estimate of its flow treats it."""
        from armsledger.ledger.queries import get_claim
        from armsledger.model import Claim
        from armsledger.review import list_reviews
        from armsledger.review.overlay import reviewed_claim

        detail = get_claim(self.db, claim_id, as_of=axes.as_of, recorded_by=axes.recorded_by)
        state = self._review_states([claim_id], axes).get(claim_id)
        extracted = {k: v for k, v in detail.claim.items() if k not in ("id", "ledger")}
        reviewed = reviewed_claim(Claim.model_validate(extracted), state)
        return {
            "claim": detail.claim,
            "reviewed": reviewed.to_json_dict() if reviewed else None,
            "review": state.record() if state else None,
            "reviews": list_reviews(self.db, claim_id=claim_id, recorded_by=axes.recorded_by),
            "paragraph": detail.paragraph,
            "highlight": list(detail.highlight),
            "document": detail.document,
            "source": detail.source,
            "independent_documents": detail.independent_documents,
            "syndicated_copies": detail.syndicated_copies,
            "counts": self._claim_use(claim_id, reviewed, state, axes),
        }

    def _claim_use(self, claim_id: int, claim: Any, state: Any, axes: Axes) -> dict[str, Any]:
        """Whether the claim counts in its flow's estimate, and why (the estimate's own words)."""
        if claim is None:
            return {"status": "rejected", "reason": f"rejected by analyst review: {state.describe()}", "flow": None}
        flow = self.flow_of(claim)
        if claim.quantity is None:
            return {"status": "no_quantity", "reason": "states no quantity, so no estimate reads it", "flow": flow}
        try:
            est = self.estimate(axes=axes, **flow)
        except Exception as exc:  # shown as text on the page; the claim itself still shows
            return {"status": "unknown", "reason": f"no estimate of its flow: {exc}", "flow": flow}
        for use in [*est["used"], *est["discounted"]]:
            if use["claim_id"] == str(claim_id):
                return {"status": use["status"], "reason": use["reason"], "weight": use["weight"], "flow": flow}
        return {
            "status": "not_listed",
            "reason": "outside the estimate's unit family or not visible as of this date",
            "flow": flow,
        }

    def flow_of(self, claim: Any) -> dict[str, Any]:
        """The estimate arguments of a claim's flow (kind, parties, item, unit family)."""
        unit = claim.quantity.unit if claim.quantity else "item"
        family = self.ref.unit_family(unit)
        parties = (
            {"supplier": claim.supplier, "recipient": claim.recipient}
            if claim.kind == "transfer"
            else {"actor": claim.actor}
        )
        return {"kind": claim.kind, "item": claim.item, "unit": "item" if family == "count" else unit, **parties}

    # --- documents and sources ---

    def documents(self, *, axes: Axes = Axes(), search: str | None = None, limit: int, offset: int = 0) -> Page:
        """A page of documents (newest first) with their claim counts, and the total."""
        from armsledger.ledger.queries import count_documents, list_documents

        rows = list_documents(
            self.db, as_of=axes.as_of, recorded_by=axes.recorded_by, text=search, limit=limit, offset=offset
        )
        total = count_documents(self.db, as_of=axes.as_of, recorded_by=axes.recorded_by, text=search)
        return Page(rows, total, limit, offset)

    def document(self, document_id: int, axes: Axes = Axes()) -> dict[str, Any]:
        """A document with its text and claims (each with its review state)."""
        from armsledger.ledger.detail import get_document

        record = get_document(self.db, document_id, as_of=axes.as_of, recorded_by=axes.recorded_by)
        record["claim_list"] = self._with_reviews(record["claim_list"], axes=axes)
        return record

    def sources(
        self, *, axes: Axes = Axes(), country: str | None = None, grade: str | None = None, limit: int, offset: int = 0
    ) -> Page:
        """A page of sources (most claims first) with grades and aliases, and the total."""
        from armsledger.codes import resolve_actor
        from armsledger.ledger.queries import count_sources, list_sources

        code = resolve_actor(country, option="country") if country else None
        rows = list_sources(
            self.db,
            as_of=axes.as_of,
            recorded_by=axes.recorded_by,
            country=code,
            grade=grade,
            limit=limit,
            offset=offset,
        )
        total = count_sources(self.db, as_of=axes.as_of, recorded_by=axes.recorded_by, country=code, grade=grade)
        return Page(rows, total, limit, offset)

    def source(self, source_id: int, axes: Axes = Axes()) -> dict[str, Any]:
        """A source with its grade, aliases, newest claims and the reviews of it."""
        from armsledger.ledger.detail import get_source
        from armsledger.review import list_reviews

        record = get_source(self.db, source_id, as_of=axes.as_of, recorded_by=axes.recorded_by)
        record["claim_list"] = self._with_reviews(record["claim_list"], axes=axes)
        record["reviews"] = list_reviews(self.db, source_id=source_id, target="source", recorded_by=axes.recorded_by)
        return record

    # --- reconcile ---

    def estimate(
        self,
        *,
        item: str,
        supplier: str | None = None,
        recipient: str | None = None,
        actor: str | None = None,
        kind: str = "transfer",
        unit: str = "item",
        axes: Axes = Axes(),
        window: int | None = None,
        conversions: str | None = None,
    ) -> dict[str, Any]:
        """The estimate of one flow as `armsledger estimate --format json` prints it (reviewed claims)."""
        return loads(
            self.estimate_json(
                item=item,
                supplier=supplier,
                recipient=recipient,
                actor=actor,
                kind=kind,
                unit=unit,
                axes=axes,
                window=window,
                conversions=conversions,
            )
        )

    def estimate_json(
        self,
        *,
        item: str,
        supplier: str | None = None,
        recipient: str | None = None,
        actor: str | None = None,
        kind: str = "transfer",
        unit: str = "item",
        axes: Axes = Axes(),
        window: int | None = None,
        conversions: str | None = None,
    ) -> bytes:
        """The estimate of one flow as JSON (UTF-8 bytes), kept finished for the ledger's state under its
        parameters as codes: `supplier=North Korea` and `supplier=PRK` share one entry, and a cached
        answer costs one look-up of the ledger's state."""
        from armsledger.codes import resolve_actor, resolve_item
        from armsledger.reconcile.reviewed import estimate_flow

        # the codes the estimate itself resolves (the same options, so a bad name reads the same)
        supplier, recipient, actor = (
            resolve_actor(value, option=f"--{name}") if value else None
            for name, value in (("supplier", supplier), ("recipient", recipient), ("actor", actor))
        )
        item = resolve_item(item, option="--item")

        def compute() -> bytes:
            result = estimate_flow(
                self.db,
                item=item,
                supplier=supplier,
                recipient=recipient,
                actor=actor,
                kind=kind,
                unit=unit,
                as_of=axes.as_of,
                recorded_by=axes.recorded_by,
                window=window,
                conversions=conversions,
                ref=self.ref,
            )
            return dumps(result.model_dump(mode="json"))

        key = ("estimate", item, supplier, recipient, actor, kind, unit, axes, window, conversions)
        return self._cached(key, compute)

    # --- model ---

    def projection(
        self,
        *,
        actor: str,
        item: str,
        months: int | None = None,
        draws: int | None = None,
        seed: int | None = None,
        axes: Axes = Axes(),
    ) -> dict[str, Any]:
        """The stock-and-flow projection of `actor`'s stock of `item` from this ledger's estimates, as
        `armsledger model project --format json` prints it. The model (numpy, scipy) is imported on
        first use; a run with a seed is cached for the ledger's state (the page and its chart share it)."""
        from armsledger.codes.resolve import resolve_actor, resolve_item
        from armsledger.stockflow import BuildOptions, LedgerQuery, build_scenario, project
        from armsledger.stockflow.project import check_size

        actor, item = resolve_actor(actor, option="actor"), resolve_item(item, option="item")
        n = int(get_setting("model_draws", draws))
        check_size(n, 1)  # before the ledger is read

        def compute() -> dict[str, Any]:
            options = BuildOptions(actor=actor, item=item, as_of=axes.as_of, months=months)
            query = LedgerQuery(db_url=self.db.url, data_dir=self.data_dir, recorded_by=axes.recorded_by)
            return project(build_scenario(options, query=query), draws=n, seed=seed).model_dump(mode="json")

        if seed is None:  # a fresh seed each time: nothing to share
            return compute()
        return self._cached(("projection", actor, item, months, n, seed, axes), compute)

    def _claims_for_reconcile(self, axes: Axes) -> list[Any]:
        from armsledger.reconcile.from_ledger import LedgerSelection, iter_ledger_claims

        return list(iter_ledger_claims(self.db, LedgerSelection(as_of=axes.as_of, recorded_by=axes.recorded_by)))

    def flows(self, axes: Axes = Axes()) -> list[dict[str, Any]]:
        """Every flow with its estimate and number of claims, as `armsledger flows --format json`."""
        from armsledger.reconcile import list_flows

        def compute() -> list[dict[str, Any]]:
            flows = list_flows(self._claims_for_reconcile(axes), as_of=axes.as_of, ref=self.ref)
            return [f.model_dump(mode="json") for f in flows]

        return self._cached(("flows", axes), compute)

    def top_flows(self, axes: Axes = Axes(), *, limit: int = 8) -> list[dict[str, Any]]:
        """The flows with the most claims (counted in the database, so large ledgers stay fast), each with
        its estimate in items: the dashboard's front page."""
        from armsledger.ledger.queries import claim_conditions

        def compute() -> list[dict[str, Any]]:
            f = ClaimFilter(as_of=axes.as_of, recorded_by=axes.recorded_by)
            cols = (ClaimRow.kind, ClaimRow.supplier, ClaimRow.recipient, ClaimRow.actor, ClaimRow.item)
            query = (
                select(*cols, func.count().label("n"))
                .where(
                    *claim_conditions(f), ClaimRow.quantity_value.is_not(None), ClaimRow.published_on.is_not(None)
                )  # as estimates
                .group_by(*cols)
                .order_by(func.count().desc(), *cols)
                .limit(limit * 4)
            )
            with self.db.read() as session:
                groups = session.execute(query).all()
            merged: dict[tuple[Any, ...], int] = {}
            for kind, supplier, recipient, actor, item, n in groups:
                if kind in ("quality", "meeting"):
                    continue
                key = (kind, supplier, recipient, actor, self.ref.item_group(item))
                merged[key] = merged.get(key, 0) + n
            out = []
            for (kind, supplier, recipient, actor, item), n in sorted(merged.items(), key=lambda kv: -kv[1])[:limit]:
                args = {
                    "kind": kind,
                    "item": item,
                    **({"supplier": supplier, "recipient": recipient} if kind == "transfer" else {"actor": actor}),
                }
                est = self.estimate(axes=axes, **args)
                out.append({"flow": args, "label": est["flow"], "claims": n, "estimate": est})
            return out

        return self._cached(("top_flows", axes, limit), compute)

    def contradictions(self, axes: Axes = Axes()) -> list[dict[str, Any]]:
        """Claims on one flow and period that cannot both be true, as `armsledger contradictions`."""
        from armsledger.reconcile import find_contradictions

        def compute() -> list[dict[str, Any]]:
            found = find_contradictions(self._claims_for_reconcile(axes), as_of=axes.as_of, ref=self.ref)
            return [c.model_dump(mode="json") for c in found]

        return self._cached(("contradictions", axes), compute)

    def checks(self, axes: Axes = Axes(), names: list[str] | None = None) -> list[dict[str, Any]]:
        """The plausibility checks' findings, as `armsledger check`."""
        from armsledger.reconcile import run_checks

        def compute() -> list[dict[str, Any]]:
            found = run_checks(self._claims_for_reconcile(axes), names=names, ref=self.ref)
            return [f.model_dump(mode="json") for f in found]

        return self._cached(("checks", axes, tuple(names or ())), compute)

    # --- reviews and ingest (writes) ---

    def reviews(
        self,
        *,
        axes: Axes = Axes(),
        claim_id: int | None = None,
        source_id: int | None = None,
        limit: int,
        offset: int = 0,
    ) -> Page:
        """The audit trail, newest first: the reviews made by `axes.recorded_by`, of claims published by
        `axes.as_of` (and of sources)."""
        from armsledger.review.history import count_reviews, list_reviews

        rows = list_reviews(
            self.db,
            claim_id=claim_id,
            source_id=source_id,
            as_of=axes.as_of,
            recorded_by=axes.recorded_by,
            limit=limit,
            offset=offset,
        )
        total = count_reviews(
            self.db, claim_id=claim_id, source_id=source_id, as_of=axes.as_of, recorded_by=axes.recorded_by
        )
        return Page(rows, total, limit, offset)

    def review_claim(
        self,
        claim_id: int,
        action: str,
        *,
        reviewer: str,
        reason: str,
        changes: dict[str, Any] | None = None,
        expected_latest: int | None = None,
    ) -> dict[str, Any]:
        """Confirm, reject or correct a claim (armsledger.review.review_claim)."""
        from armsledger.review import review_claim

        return review_claim(
            self.db,
            claim_id,
            action,
            reviewer=reviewer,
            reason=reason,
            changes=changes,
            expected_latest=expected_latest,
        )

    def grade_source(self, source_id: int, grade: str, *, reviewer: str, reason: str) -> dict[str, Any]:
        """Set a source's Admiralty reliability grade, with the reason kept."""
        from armsledger.review import grade_source

        return grade_source(self.db, str(source_id), grade, reviewer=reviewer, reason=reason)

    def merge_sources(self, source_id: int, others: list[str], *, reviewer: str, reason: str) -> dict[str, Any]:
        """Merge other sources (names or ids) into this one, with the reason kept."""
        from armsledger.review import merge_sources

        return merge_sources(self.db, str(source_id), others, reviewer=reviewer, reason=reason)

    def ingest(self, uploads: list[Any], urls: list[str], *, published: date | None = None) -> dict[str, Any]:
        """Ingest uploaded files and URLs (URL guard as in the CLI); the run's counts as JSON."""
        from armsledger.ledger.store import Ledger
        from armsledger.pipeline.uploads import ingest_uploads

        summary = ingest_uploads(
            Ledger(self.db),
            uploads,
            urls,
            published=published,
            allow_private=self.allow_private or None,
            extractor=self.extractor,
        )
        return summary.as_dict()


def _axes(f: ClaimFilter) -> Axes:
    return Axes(as_of=f.as_of, recorded_by=f.recorded_by)


def with_axes(f: ClaimFilter, axes: Axes) -> ClaimFilter:
    """A claim filter on the given time axes."""
    return replace(f, as_of=axes.as_of, recorded_by=axes.recorded_by)
