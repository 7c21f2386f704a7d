"""Vega-Lite chart specs of estimates, built with altair (validated against the Vega-Lite schema).

The flow chart draws the estimate over time as a band (low to high) with the central line, and
each claim the estimate read as a point coloured by its source; a point links to its claim page.
The fan chart draws a stock-and-flow projection: the stock's percentile bands by month, the median
and the months by which the draws have run out.
Every text in a spec (sources, evidence in tooltips) is data, never markup: vega-embed's tooltip
handler escapes it, and links are built here from claim ids only.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import altair as alt

MAX_EVIDENCE = 240
BAND_COLOUR = "#9ecae1"
LINE_COLOUR = "#08519c"


def _series(estimate: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"date": p["date"], "low": p["low"], "central": p["central"], "high": p["high"]}
        for p in estimate.get("series") or []
    ]


def _points(estimate: dict[str, Any], link_query: dict[str, str]) -> list[dict[str, Any]]:
    query = f"?{urlencode(link_query)}" if link_query else ""
    points = []
    for use in [*estimate.get("used", []), *estimate.get("discounted", [])]:
        if use.get("central") is None or not str(use.get("claim_id", "")).isdigit():
            continue
        evidence = use.get("evidence") or ""
        points.append(
            {
                "claim": int(use["claim_id"]),
                "date": use["published"],
                "value": use["central"],
                "source": use.get("source") or "(document's own voice)",
                "status": use["status"],
                "stated": use.get("stated") or "",
                "evidence": evidence[:MAX_EVIDENCE] + ("…" if len(evidence) > MAX_EVIDENCE else ""),
                "href": f"/claims/{int(use['claim_id'])}{query}",
            }
        )
    return points


def flow_chart(
    estimate: dict[str, Any], *, link_query: dict[str, str] | None = None, width: int = 720, height: int = 320
) -> dict[str, Any]:
    """The estimate over time (band and central line) with the claims as points linking to them."""
    unit = estimate.get("unit") or "items"
    x = alt.X("date:T", title="published")
    series = alt.Data(values=_series(estimate))
    band = (
        alt.Chart(series)
        .mark_area(opacity=0.35, color=BAND_COLOUR, interpolate="step-after")
        .encode(
            x=x,
            y=alt.Y("low:Q", title=f"cumulative ({unit})"),
            y2="high:Q",
            tooltip=[alt.Tooltip("date:T"), alt.Tooltip("low:Q", format=",.0f"), alt.Tooltip("high:Q", format=",.0f")],
        )
    )
    line = (
        alt.Chart(series)
        .mark_line(color=LINE_COLOUR, interpolate="step-after")
        .encode(x=x, y="central:Q", tooltip=[alt.Tooltip("date:T"), alt.Tooltip("central:Q", format=",.0f")])
    )
    points = (
        alt.Chart(alt.Data(values=_points(estimate, link_query or {})))
        .mark_point(filled=True, size=90, cursor="pointer")
        .encode(
            x=x,
            y="value:Q",
            color=alt.Color("source:N", title="source", legend=alt.Legend(orient="bottom", columns=3)),
            shape=alt.Shape("status:N", title="status"),
            href="href:N",
            tooltip=[
                alt.Tooltip("claim:Q", title="claim"),
                alt.Tooltip("source:N"),
                alt.Tooltip("date:T"),
                alt.Tooltip("stated:N"),
                alt.Tooltip("value:Q", format=",.0f"),
                alt.Tooltip("status:N"),
                alt.Tooltip("evidence:N"),
            ],
        )
    )
    chart = alt.layer(band, line, points).properties(width=width, height=height)
    return chart.to_dict()


def small_chart(estimate: dict[str, Any]) -> dict[str, Any]:
    """A thumbnail of the estimate over time: band and central line, no axes titles or points."""
    series = alt.Data(values=_series(estimate))
    x = alt.X("date:T", title=None, axis=alt.Axis(labelFontSize=9, tickCount=3))
    band = (
        alt.Chart(series)
        .mark_area(opacity=0.35, color=BAND_COLOUR, interpolate="step-after")
        .encode(
            x=x, y=alt.Y("low:Q", title=None, axis=alt.Axis(labelFontSize=9, format="~s", tickCount=3)), y2="high:Q"
        )
    )
    line = alt.Chart(series).mark_line(color=LINE_COLOUR, interpolate="step-after").encode(x=x, y="central:Q")
    return alt.layer(band, line).properties(width=260, height=90).to_dict()


def _run_out_marks(projection: dict[str, Any]) -> list[dict[str, Any]]:
    """The months by which 10 %, 50 % and 90 % of the draws have run out (those within the horizon)."""
    exhaustion = projection["exhaustion"]
    words = {"p10": "10 % of draws", "p50": "half the draws", "p90": "90 % of draws"}
    return [
        {"date": f"{exhaustion[k]}-01", "mark": k, "label": f"{words[k]} have run out by {exhaustion[k]}"}
        for k in ("p10", "p50", "p90")
        if exhaustion.get(k)
    ]


def fan_chart(projection: dict[str, Any], *, width: int = 720, height: int = 320) -> dict[str, Any]:
    """The projected stock by month (a projection as `armsledger model project --format json` gives it):
    the p10–p90 and p25–p75 bands, the median line, and a rule at each month by which 10 %, 50 % and
    90 % of the draws have run out."""
    series = alt.Data(values=[{**p, "date": f"{p['date']}-01"} for p in projection["series"]])
    x = alt.X("date:T", title="end of month", axis=alt.Axis(format="%Y-%m"))
    title = f"stock ({projection['item']})"
    outer = (
        alt.Chart(series)
        .mark_area(opacity=0.25, color=BAND_COLOUR)
        .encode(
            x=x,
            y=alt.Y("p10:Q", title=title),
            y2="p90:Q",
            tooltip=[
                alt.Tooltip("date:T", format="%Y-%m", title="month"),
                alt.Tooltip("p10:Q", format=",.0f"),
                alt.Tooltip("p90:Q", format=",.0f"),
            ],
        )
    )
    inner = alt.Chart(series).mark_area(opacity=0.45, color=BAND_COLOUR).encode(x=x, y="p25:Q", y2="p75:Q")
    median = (
        alt.Chart(series)
        .mark_line(color=LINE_COLOUR, point=True)
        .encode(
            x=x,
            y="p50:Q",
            tooltip=[alt.Tooltip("date:T", format="%Y-%m", title="month"), alt.Tooltip("p50:Q", format=",.0f")],
        )
    )
    layers: list[Any] = [outer, inner, median]
    marks = _run_out_marks(projection)
    if marks:
        layers.append(
            alt.Chart(alt.Data(values=marks))
            .mark_rule(color="#a50f15", strokeDash=[4, 3])
            .encode(x="date:T", tooltip=[alt.Tooltip("label:N", title="run-out")])
        )
    return alt.layer(*layers).properties(width=width, height=height).to_dict()
