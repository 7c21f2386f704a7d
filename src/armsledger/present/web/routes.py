"""Dashboard pages: flows with their estimates, a flow's chart, claims (table, detail with evidence
and review form), documents, sources, contradictions, checks, the audit trail, the stock model's
projection with its fan chart, login.

Each handler reads its parameters, calls one Workbench method and renders a template; forms that
write need a session (log in with a server token) and the session's CSRF token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from armsledger.ledger.queries import ClaimFilter
from armsledger.present.auth import SESSION_COOKIE, SESSION_SECONDS
from armsledger.present.downloads import download
from armsledger.present.web.pages import axes_of, axes_query, link, render
from armsledger.present.workbench import Workbench

router = APIRouter(include_in_schema=False)

CLAIM_FILTERS = (
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
    "from",
    "to",
    "text",
    "document_id",
)
PAGE_SIZES = (25, 50, 100, 250, 500)
#: fields the claim page's correction form offers (any field can be corrected through the API and CLI)
FORM_FIELDS = (
    "kind",
    "supplier",
    "recipient",
    "actor",
    "item",
    "quantity.value",
    "quantity.value_high",
    "quantity.qualifier",
    "quantity.unit",
    "quantity.per",
    "status",
    "polarity",
    "hedged",
    "said_on",
    "source.name",
    "source.country",
)


def _bench(request: Request) -> Workbench:
    return request.app.state.workbench


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The error page (known errors: not found, bad values, refused writes)."""
    return render(request, "error.html", status=status, status_code=status, message=message)


def _int(value: str | None, default: int, *, lowest: int = 0) -> int:
    try:
        return max(lowest, int(value)) if value not in (None, "") else default
    except ValueError:
        return default


def _nothing(value: str | None) -> str | None:
    return value if value not in (None, "") else None


def _claim_filter(request: Request) -> tuple[ClaimFilter, dict[str, str]]:
    from armsledger.dates import parse_date

    q = {k: v for k, v in request.query_params.items() if k in CLAIM_FILTERS and v != ""}
    axes = axes_of(request)
    hedged = {"yes": True, "no": False}.get(q.get("hedged", ""))
    f = ClaimFilter(
        kind=q.get("kind"),
        supplier=q.get("supplier"),
        recipient=q.get("recipient"),
        actor=q.get("actor"),
        item=q.get("item"),
        source=q.get("source"),
        country=q.get("country"),
        hedged=hedged,
        status=q.get("status"),
        polarity=q.get("polarity"),
        date_from=parse_date(q.get("from"), option="from"),
        date_to=parse_date(q.get("to"), option="to", end=True),
        text=q.get("text"),
        document_id=_int(q.get("document_id"), 0) or None,
        as_of=axes.as_of,
        recorded_by=axes.recorded_by,
    )
    return f, q


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    flows = _bench(request).top_flows(axes_of(request))
    return render(request, "index.html", flows=flows)


def _flow_args(kind: str, parties: list[str], item: str) -> dict[str, Any]:
    def code(value: str) -> str | None:
        return None if value in ("-", "") else value

    if kind == "transfer":
        return {"kind": kind, "supplier": code(parties[0]), "recipient": code(parties[1]), "item": item}
    return {"kind": kind, "actor": code(parties[0]), "item": item}


def flow_path(flow: dict[str, Any]) -> str:
    """The dashboard path of a flow (`/flows/transfer/PRK/RUS/artillery_shell`; `-` for an unknown party)."""
    parts = [flow.get("supplier"), flow.get("recipient")] if flow["kind"] == "transfer" else [flow.get("actor")]
    return "/flows/" + "/".join([flow["kind"], *[p or "-" for p in parts], flow["item"]])


FLOW_COLUMNS = [
    "claim_id",
    "published",
    "source",
    "grade",
    "stated",
    "unit",
    "low",
    "central",
    "high",
    "weight",
    "status",
    "reason",
    "evidence",
]


def _flow_page(request: Request, args: dict[str, Any]) -> Response:
    unit = request.query_params.get("unit") or "item"
    estimate = _bench(request).estimate(axes=axes_of(request), unit=unit, **args)
    if fmt := request.query_params.get("format"):
        name = "-".join(
            str(v)
            for v in (args["kind"], args.get("supplier") or args.get("actor"), args.get("recipient"), args["item"])
            if v
        )
        return download(name, fmt, FLOW_COLUMNS, [*estimate["used"], *estimate["discounted"]])
    query = {**axes_query(axes_of(request)), **{k: v for k, v in args.items() if v is not None}, "unit": unit}
    return render(
        request,
        "flow.html",
        estimate=estimate,
        flow=args,
        unit=unit,
        chart_url="/charts/flow.json?" + urlencode(query),
        claims_link=link(request, "/claims", **{k: v for k, v in args.items() if k != "unit"}),
    )


@router.get("/flows/transfer/{supplier}/{recipient}/{item}", response_class=HTMLResponse)
def transfer_flow(request: Request, supplier: str, recipient: str, item: str) -> Response:
    return _flow_page(request, _flow_args("transfer", [supplier, recipient], item))


@router.get("/flows/{kind}/{actor}/{item}", response_class=HTMLResponse)
def actor_flow(request: Request, kind: str, actor: str, item: str) -> Response:
    return _flow_page(request, _flow_args(kind, [actor], item))


@router.get("/charts/flow.json")
def flow_chart_spec(
    request: Request,
    item: str,
    kind: str = "transfer",
    supplier: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    unit: str = "item",
    small: bool = False,
) -> JSONResponse:
    from armsledger.present.web.charts import flow_chart, small_chart

    axes = axes_of(request)
    estimate = _bench(request).estimate(
        item=item, kind=kind, supplier=supplier, recipient=recipient, actor=actor, unit=unit, axes=axes
    )
    spec = small_chart(estimate) if small else flow_chart(estimate, link_query=axes_query(axes))
    return JSONResponse(spec)


MODEL_COUNTS = ("months", "draws", "seed")
#: draws of a dashboard projection unless the page asks for more (the model's check_size caps any request)
MODEL_PAGE_DRAWS = 2000


def _model_args(request: Request) -> dict[str, Any]:
    """The projection's parameters from the query: actor, item and the whole numbers months, draws, seed."""
    from armsledger.errors import ArmsledgerError

    q = request.query_params
    args: dict[str, Any] = {"actor": _nothing(q.get("actor")), "item": _nothing(q.get("item"))}
    for name in MODEL_COUNTS:
        value = _nothing(q.get(name))
        try:
            args[name] = int(value) if value is not None else None
        except ValueError:
            raise ArmsledgerError(f"{name} must be a whole number, not {value!r}", option=name) from None
    if args["draws"] is None:
        args["draws"] = MODEL_PAGE_DRAWS
    return args


@router.get("/model", response_class=HTMLResponse)
def model_page(request: Request) -> Response:
    import secrets

    args = _model_args(request)
    if not args["actor"] or not args["item"]:
        return render(request, "model.html", args=args, projection=None, chart_url=None, no_inputs=False)
    if args["seed"] is None:  # chosen here so that the page and its chart draw the same run
        args["seed"] = secrets.randbelow(2**31)
    axes = axes_of(request)
    projection = _bench(request).projection(**args, axes=axes)
    no_inputs = not any(i["origin"] == "ledger" for i in projection["inputs"])
    query = {**axes_query(axes), **{k: str(v) for k, v in args.items() if v is not None}}
    query.update(actor=projection["actor"], item=projection["item"])
    return render(
        request,
        "model.html",
        args=args,
        projection=projection,
        no_inputs=no_inputs,
        chart_url="/charts/model.json?" + urlencode(query),
        api_url="/api/v1/model/projection?" + urlencode(query),
    )


@router.get("/charts/model.json")
def model_chart_spec(request: Request) -> JSONResponse:
    from armsledger.present.web.charts import fan_chart

    args = _model_args(request)
    if not args["actor"] or not args["item"]:
        from armsledger.errors import ArmsledgerError

        raise ArmsledgerError("give actor and item")
    return JSONResponse(fan_chart(_bench(request).projection(**args, axes=axes_of(request))))


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request) -> Response:
    f, q = _claim_filter(request)
    bench = _bench(request)
    fmt = request.query_params.get("format")
    if fmt:
        columns, rows = bench.claim_rows(f)
        return download("claims", fmt, columns, rows)
    limit = _int(request.query_params.get("limit"), 50, lowest=1)
    limit = limit if limit in PAGE_SIZES else 50
    offset = _int(request.query_params.get("offset"), 0)
    page = bench.claims(f, limit=limit, offset=offset)
    return render(request, "claims.html", page=page, filters=q, page_sizes=PAGE_SIZES, query={**q, "limit": str(limit)})


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: int) -> Response:
    bench = _bench(request)
    detail = bench.claim(claim_id, axes_of(request))
    paragraph, (start, end) = detail["paragraph"], detail["highlight"]
    counts = detail["counts"]
    return render(
        request,
        "claim.html",
        d=detail,
        before=paragraph[:start],
        evidence=paragraph[start:end],
        after=paragraph[end:],
        form_fields=_form_values(detail),
        flow_link=(
            link(request, flow_path(counts["flow"]), unit=counts["flow"].get("unit")) if counts.get("flow") else None
        ),
    )


def _form_values(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, current reviewed value as text) for the correction form."""
    claim = detail["reviewed"] or detail["claim"]
    out = []
    for field in FORM_FIELDS:
        head, _, tail = field.partition(".")
        value = claim.get(head)
        if tail:
            value = value.get(tail) if isinstance(value, dict) else None
        out.append(
            (field, "" if value is None else ("yes" if value is True else "no" if value is False else str(value)))
        )
    return out


@router.post("/claims/{claim_id}/review")
async def claim_review(request: Request, claim_id: int) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    reviewer = request.app.state.authority.form_writer(request.cookies.get(SESSION_COOKIE), _text(form, "csrf"))
    action = _text(form, "action") or ""
    changes = None
    if action == "correct":
        detail = await run_in_threadpool(_bench(request).claim, claim_id)
        current = dict(_form_values(detail))
        changes = {
            field: _text(form, f"set.{field}") or ""
            for field in FORM_FIELDS
            if (_text(form, f"set.{field}") or "") != current[field]
        }
    expected = _text(form, "expected_latest")
    await run_in_threadpool(
        _bench(request).review_claim,
        claim_id,
        action,
        reviewer=reviewer,
        reason=_text(form, "reason") or "",
        changes=changes,
        expected_latest=int(expected) if expected and expected.isdigit() else None,
    )
    return RedirectResponse(_back(request, f"/claims/{claim_id}", form), status_code=303)


def _text(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _back(request: Request, path: str, form: Any) -> str:
    query = {k: v for k in ("as_of", "recorded_by") if (v := _text(form, k))}
    return path + (f"?{urlencode(query)}" if query else "")


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> Response:
    bench = _bench(request)
    search = _nothing(request.query_params.get("search"))
    fmt = request.query_params.get("format")
    if fmt:
        rows = bench.documents(axes=axes_of(request), search=search, limit=0).rows
        return download("documents", fmt, list(rows[0]) if rows else ["id"], rows)
    offset = _int(request.query_params.get("offset"), 0)
    page = bench.documents(axes=axes_of(request), search=search, limit=50, offset=offset)
    return render(request, "documents.html", page=page, search=search or "")


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: int) -> Response:
    return render(request, "document.html", doc=_bench(request).document(document_id, axes_of(request)))


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    from armsledger.present.api.routes import SOURCE_COLUMNS

    bench = _bench(request)
    country = _nothing(request.query_params.get("country"))
    grade = _nothing(request.query_params.get("grade"))
    fmt = request.query_params.get("format")
    if fmt:
        rows = bench.sources(axes=axes_of(request), country=country, grade=grade, limit=0).rows
        return download("sources", fmt, SOURCE_COLUMNS, [{**r, "aliases": "; ".join(r["aliases"])} for r in rows])
    offset = _int(request.query_params.get("offset"), 0)
    page = bench.sources(axes=axes_of(request), country=country, grade=grade, limit=50, offset=offset)
    return render(request, "sources.html", page=page, country=country or "", grade=grade or "")


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: int) -> Response:
    from armsledger.ledger.records import GRADE_MEANINGS

    return render(request, "source.html", s=_bench(request).source(source_id, axes_of(request)), grades=GRADE_MEANINGS)


@router.post("/sources/{source_id}/grade")
async def source_grade(request: Request, source_id: int) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    reviewer = request.app.state.authority.form_writer(request.cookies.get(SESSION_COOKIE), _text(form, "csrf"))
    await run_in_threadpool(
        _bench(request).grade_source,
        source_id,
        _text(form, "grade") or "",
        reviewer=reviewer,
        reason=_text(form, "reason") or "",
    )
    return RedirectResponse(_back(request, f"/sources/{source_id}", form), status_code=303)


@router.post("/sources/{source_id}/merge")
async def source_merge(request: Request, source_id: int) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    reviewer = request.app.state.authority.form_writer(request.cookies.get(SESSION_COOKIE), _text(form, "csrf"))
    others = [o.strip() for o in (_text(form, "others") or "").split(",") if o.strip()]
    await run_in_threadpool(
        _bench(request).merge_sources, source_id, others, reviewer=reviewer, reason=_text(form, "reason") or ""
    )
    return RedirectResponse(_back(request, f"/sources/{source_id}", form), status_code=303)


def _table_download(request: Request, name: str, rows: list[dict[str, Any]], columns: list[str]) -> Response | None:
    fmt = request.query_params.get("format")
    return download(name, fmt, columns, rows) if fmt else None


@router.get("/contradictions", response_class=HTMLResponse)
def contradictions_page(request: Request) -> Response:
    found = _bench(request).contradictions(axes_of(request))
    rows = [
        {
            "flow": c["flow"],
            "kind": c["kind"],
            "message": c["message"],
            "first_claim": c["first"]["claim_id"],
            "first_source": c["first"]["source"],
            "second_claim": c["second"]["claim_id"],
            "second_source": c["second"]["source"],
        }
        for c in found
    ]
    return _table_download(request, "contradictions", rows, list(rows[0]) if rows else ["flow"]) or render(
        request, "contradictions.html", found=found
    )


@router.get("/checks", response_class=HTMLResponse)
def checks_page(request: Request) -> Response:
    found = _bench(request).checks(axes_of(request))
    rows = [
        {"check": f["check"], "severity": f["severity"], "message": f["message"], "claims": "; ".join(f["claims"])}
        for f in found
    ]
    return _table_download(request, "checks", rows, ["check", "severity", "message", "claims"]) or render(
        request, "checks.html", found=found
    )


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request) -> Response:
    bench = _bench(request)
    axes = axes_of(request)
    if request.query_params.get("format"):
        rows = bench.reviews(axes=axes, limit=0).rows
        flat = [{**r, "changes": str(r["changes"]), "previous": str(r["previous"])} for r in rows]
        return download(
            "reviews",
            request.query_params["format"],
            [
                "id",
                "created_at",
                "reviewer",
                "target",
                "claim_id",
                "source_id",
                "action",
                "changes",
                "previous",
                "reason",
            ],
            flat,
        )
    offset = _int(request.query_params.get("offset"), 0)
    return render(request, "reviews.html", page=bench.reviews(axes=axes, limit=100, offset=offset))


def _local(path: str | None) -> str:
    """Only paths on this site are followed after logging in (no open redirect)."""
    return path if path and path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, token: str | None = None, next: str | None = None) -> Response:
    if token:
        return _open_session(request, token, _local(next))
    return render(request, "login.html", next=_local(next), failed=False)


@router.post("/login")
def login(request: Request, token: str = Form(""), next: str = Form("/")) -> Response:
    return _open_session(request, token, _local(next))


def _open_session(request: Request, token: str, next_path: str) -> Response:
    from armsledger.present.errors import AuthError

    try:
        cookie = request.app.state.authority.open_session(token)
    except AuthError:
        return render(request, "login.html", status=401, next=next_path, failed=True)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    return render(request, "docs.html")
