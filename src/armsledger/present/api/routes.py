"""The JSON API: /api/v1/claims, documents, sources, flows, estimate, contradictions, checks, reviews,
model/projection (reads, open) and the writes (reviews, grades, merges, ingest), which need a bearer token.

Each handler parses its parameters, calls one Workbench method and returns its JSON; the same
filters as the CLI (`from`/`to` are the dates of --from/--to), both time axes (`as_of`,
`recorded_by`), pages with a total, and `format=csv|xlsx` downloads of every listing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from armsledger.ledger.queries import ClaimFilter
from armsledger.present.api.schemas import ClaimReviewIn, GradeIn, MergeIn
from armsledger.present.downloads import download
from armsledger.present.jsonbytes import dumps
from armsledger.present.workbench import Axes, Page, Workbench
from armsledger.reconcile.explain import Estimate
from armsledger.settings import get_setting

router = APIRouter(prefix="/api/v1", tags=["ledger"])

Format = Literal["json", "csv", "xlsx"]
DateText = Annotated[str | None, Query(description="YYYY-MM-DD, YYYY-MM or YYYY")]


async def workbench(request: Request) -> Workbench:
    return request.app.state.workbench


# The dependencies below are `async def` although they never wait: they only parse parameters, and FastAPI
# runs a plain `def` dependency in the thread pool, one trip (and one turn for a thread) per dependency and
# request, which under load cost more than the parsing and queued listings behind estimates.


def _date(value: str | None, option: str, *, end: bool = True) -> date | None:
    from armsledger.dates import parse_date

    return parse_date(value, option=option, end=end)


async def axes(as_of: DateText = None, recorded_by: DateText = None) -> Axes:
    """`as_of`: only what had been published by then; `recorded_by`: only what the ledger held then."""
    return Axes(as_of=_date(as_of, "as_of"), recorded_by=_date(recorded_by, "recorded_by"))


async def page_limit(
    limit: Annotated[int, Query(ge=1, description="rows per page (at most the api_max_limit setting)")] = 50,
) -> int:
    return min(limit, int(get_setting("api_max_limit")))


async def writer(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """The reviewer of a write: the name of the bearer token's holder."""
    return request.app.state.authority.bearer(authorization)


Bench = Annotated[Workbench, Depends(workbench)]
When = Annotated[Axes, Depends(axes)]
Limit = Annotated[int, Depends(page_limit)]
Offset = Annotated[int, Query(ge=0)]
Writer = Annotated[str, Depends(writer)]


class FastJSON(JSONResponse):
    """JSON of data that is already JSON-ready (the library returns plain dicts, lists and strings), written
    by orjson without FastAPI's recursive encoder, which costs more than the query behind a page."""

    def render(self, content: Any) -> bytes:
        return dumps(content)


class RawJSON(JSONResponse):
    """An answer that is already JSON bytes (a finished estimate from the workbench's cache), sent as is."""

    def render(self, content: Any) -> bytes:
        return bytes(content)


def _page(page: Page, key: str) -> FastJSON:
    return FastJSON({"total": page.total, "limit": page.limit, "offset": page.offset, key: page.rows})


async def claim_filter(
    when: When,
    kind: str | None = None,
    supplier: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    item: str | None = None,
    source: str | None = None,
    country: str | None = None,
    hedged: bool | None = None,
    status: str | None = None,
    polarity: str | None = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    text: str | None = None,
    document_id: int | None = None,
    include_superseded: bool = False,
    include_syndicated: bool = False,
) -> ClaimFilter:
    """The CLI's claim filters; actors and items by code or name ("North Korea", "shells")."""
    return ClaimFilter(
        kind=kind,
        supplier=supplier,
        recipient=recipient,
        actor=actor,
        item=item,
        source=source,
        country=country,
        hedged=hedged,
        status=status,
        polarity=polarity,
        date_from=_date(date_from, "from", end=False),
        date_to=_date(date_to, "to"),
        text=text,
        document_id=document_id,
        as_of=when.as_of,
        recorded_by=when.recorded_by,
        include_superseded=include_superseded,
        include_syndicated=include_syndicated,
    )


Filter = Annotated[ClaimFilter, Depends(claim_filter)]


@router.get("/claims", summary="Claims, newest first, with the CLI's filters; a page and the total")
def get_claims(bench: Bench, f: Filter, limit: Limit, offset: Offset = 0, format: Format = "json") -> Any:
    if format != "json":
        columns, rows = bench.claim_rows(f)
        return download("claims", format, columns, rows)
    return _page(bench.claims(f, limit=limit, offset=offset), "claims")


@router.get("/claims/{claim_id}", summary="One claim with its evidence in its paragraph, document, source and reviews")
def get_claim(bench: Bench, claim_id: int, when: When) -> FastJSON:
    return FastJSON(bench.claim(claim_id, when))


@router.get("/documents", summary="Documents, newest first, with their claim counts")
def get_documents(
    bench: Bench, when: When, limit: Limit, offset: Offset = 0, search: str | None = None, format: Format = "json"
) -> Any:
    if format != "json":
        rows = bench.documents(axes=when, search=search, limit=0).rows
        return download("documents", format, list(rows[0]) if rows else ["id"], rows)
    return _page(bench.documents(axes=when, search=search, limit=limit, offset=offset), "documents")


@router.get("/documents/{document_id}", summary="One document: metadata, text and claims")
def get_document(bench: Bench, document_id: int, when: When) -> FastJSON:
    return FastJSON(bench.document(document_id, when))


SOURCE_COLUMNS = [
    "id",
    "label",
    "name",
    "role",
    "org",
    "country",
    "grade",
    "graded_at",
    "first_seen",
    "aliases",
    "claims",
]


@router.get("/sources", summary="Sources with their grades, aliases and claim counts")
def get_sources(
    bench: Bench,
    when: When,
    limit: Limit,
    offset: Offset = 0,
    country: str | None = None,
    grade: str | None = None,
    format: Format = "json",
) -> Any:
    if format != "json":
        rows = bench.sources(axes=when, country=country, grade=grade, limit=0).rows
        return download("sources", format, SOURCE_COLUMNS, [{**r, "aliases": "; ".join(r["aliases"])} for r in rows])
    return _page(bench.sources(axes=when, country=country, grade=grade, limit=limit, offset=offset), "sources")


@router.get("/sources/{source_id}", summary="One source with its newest claims and the reviews of it")
def get_source(bench: Bench, source_id: int, when: When) -> FastJSON:
    return FastJSON(bench.source(source_id, when))


@router.get("/flows", summary="Every flow with its current estimate (as `armsledger flows --format json`)")
def get_flows(bench: Bench, when: When) -> FastJSON:
    return FastJSON(bench.flows(when))


@router.get(
    "/model/projection",
    summary="Monte Carlo projection of an actor's stock of an item (as `armsledger model project --format json`)",
)
def get_projection(
    bench: Bench,
    when: When,
    actor: str,
    item: str,
    months: Annotated[int | None, Query(description="months to project (default: the model_months setting)")] = None,
    draws: Annotated[int | None, Query(description="Monte Carlo draws (default: the model_draws setting)")] = None,
    seed: Annotated[int | None, Query(description="random seed; the same seed gives the same answer")] = None,
) -> FastJSON:
    return FastJSON(bench.projection(actor=actor, item=item, months=months, draws=draws, seed=seed, axes=when))


@router.get(
    "/estimate",
    response_model=Estimate,
    response_class=RawJSON,
    summary="Low / central / high of one flow, its series and why (as `armsledger estimate --format json`)",
)
def get_estimate(
    bench: Bench,
    when: When,
    item: str,
    supplier: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    kind: str = "transfer",
    unit: str = "item",
    window: int | None = None,
    conversions: str | None = None,
) -> RawJSON:
    # finished JSON from the workbench (cached per ledger state): not validated and encoded again here
    return RawJSON(
        bench.estimate_json(
            item=item,
            supplier=supplier,
            recipient=recipient,
            actor=actor,
            kind=kind,
            unit=unit,
            axes=when,
            window=window,
            conversions=conversions,
        )
    )


@router.get("/contradictions", summary="Claims on one flow and period that cannot both be true")
def get_contradictions(bench: Bench, when: When) -> FastJSON:
    return FastJSON(bench.contradictions(when))


@router.get("/checks", summary="Findings of the plausibility checks")
def get_checks(bench: Bench, when: When, check: Annotated[list[str] | None, Query()] = None) -> FastJSON:
    return FastJSON(bench.checks(when, check))


@router.get(
    "/reviews",
    summary="The audit trail of reviews, newest first (made by `recorded_by`; of claims "
    "published by `as_of`, and of sources)",
)
def get_reviews(
    bench: Bench,
    when: When,
    limit: Limit,
    offset: Offset = 0,
    claim_id: int | None = None,
    source_id: int | None = None,
) -> FastJSON:
    return _page(
        bench.reviews(axes=when, claim_id=claim_id, source_id=source_id, limit=limit, offset=offset), "reviews"
    )


@router.post(
    "/claims/{claim_id}/reviews",
    status_code=201,
    tags=["reviews"],
    summary="Confirm, reject or correct a claim (needs a bearer token)",
)
def post_claim_review(bench: Bench, claim_id: int, body: ClaimReviewIn, reviewer: Writer) -> dict[str, Any]:
    return bench.review_claim(
        claim_id,
        body.action,
        reviewer=reviewer,
        reason=body.reason,
        changes=body.changes,
        expected_latest=body.expected_latest,
    )


@router.post("/sources/{source_id}/grade", tags=["reviews"], summary="Grade a source (needs a bearer token)")
def post_grade(bench: Bench, source_id: int, body: GradeIn, reviewer: Writer) -> dict[str, Any]:
    return bench.grade_source(source_id, body.grade, reviewer=reviewer, reason=body.reason)


@router.post(
    "/sources/{source_id}/merge", tags=["reviews"], summary="Merge other sources into this one (needs a bearer token)"
)
def post_merge(bench: Bench, source_id: int, body: MergeIn, reviewer: Writer) -> dict[str, Any]:
    return bench.merge_sources(source_id, body.others, reviewer=reviewer, reason=body.reason)


INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "documents: .txt, .md, .html, .pdf, .jsonl corpora, RSS/Atom feeds",
                        },
                        "urls": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "pages or feeds (http, https)",
                        },
                        "published": {
                            "type": "string",
                            "description": "publication date of every document (YYYY-MM-DD)",
                        },
                    },
                }
            },
            "application/x-ndjson": {
                "schema": {
                    "type": "string",
                    "description": "a JSON Lines corpus, one document a line (text, title, url, published…)",
                }
            },
        },
    }
}


@router.post(
    "/ingest",
    tags=["ingest"],
    openapi_extra=INGEST_BODY,
    summary="Ingest files, URLs or a JSON Lines corpus (needs a bearer token)",
)
async def post_ingest(request: Request, bench: Bench, reviewer: Writer) -> dict[str, Any]:
    from armsledger.pipeline.uploads import Upload
    from armsledger.present.api.bodies import read_ingest_body

    uploads, urls, published = await read_ingest_body(request)
    summary = await run_in_threadpool(
        bench.ingest, [Upload(n, d) for n, d in uploads], urls, published=_date(published, "published", end=False)
    )
    return {**summary, "by": reviewer}
