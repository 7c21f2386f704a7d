"""Charts of a projection: a fan chart of the stock and a tornado chart of its drivers.

Drawn with matplotlib's object API on the Agg canvas (no display, no pyplot state), so the
same functions serve the command line (PNG or SVG files) and, later, the dashboard
(`chart_bytes`).
"""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from armsledger.stockflow.errors import ChartError
from armsledger.stockflow.results import Projection

FORMATS = ("png", "svg")


def _count(value: float, _pos: object = None) -> str:
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:.1f}M"
    if size >= 1e3:
        return f"{value / 1e3:.0f}k"
    return f"{value:.0f}"


def fan_chart(result: Projection) -> Figure:
    """The stock month by month: median, 25-75 and 10-90 percentile bands, and the chance that
    it has run out by each month."""
    fig = Figure(figsize=(9, 5), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x = list(range(len(result.series)))
    s = result.series
    ax.fill_between(x, [p.p10 for p in s], [p.p90 for p in s], color="#9ecae1", label="10-90th percentile")
    ax.fill_between(x, [p.p25 for p in s], [p.p75 for p in s], color="#4292c6", label="25-75th percentile")
    ax.plot(x, [p.p50 for p in s], color="#08306b", linewidth=2, label="median")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(FuncFormatter(_count))
    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step], [p.date for p in s][::step], rotation=45, ha="right")
    ax.set_ylabel(f"stock of {result.item} (end of month)")
    ax.set_title(f"{result.actor} {result.item}: projected stock ({result.draws:,} draws, seed {result.seed})")
    risk = ax.twinx()
    risk.plot(
        x,
        [p.probability for p in result.exhaustion.by_month],
        color="#cb181d",
        linestyle="--",
        label="chance it has run out",
    )
    risk.set_ylim(0, 1)
    risk.set_ylabel("chance the stock has run out", color="#cb181d")
    handles = ax.get_legend_handles_labels()[0] + risk.get_legend_handles_labels()[0]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize="small")
    return fig


def tornado_chart(result: Projection) -> Figure:
    """Each input's swing of the end stock (before the floor at zero) between its p10 and p90,
    the others at their medians; the input that drives the spread most on top."""
    drivers = result.drivers
    fig = Figure(figsize=(9, 1.2 + 0.5 * max(1, len(drivers))), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if not drivers:
        ax.text(0.5, 0.5, "no input varies: nothing drives the spread", ha="center", va="center")
        ax.set_axis_off()
        return fig
    order = list(reversed(drivers))
    for i, d in enumerate(order):
        lo, hi = sorted((d.output_at_p10, d.output_at_p90))
        ax.barh(i, hi - lo, left=lo, color="#4292c6")
    ax.set_yticks(range(len(order)), [f"{d.input} (rho {d.rank_correlation:+.2f})" for d in order])
    ax.xaxis.set_major_formatter(FuncFormatter(_count))
    ax.axvline(0, color="#cb181d", linewidth=1, label="zero: the stock has run out")
    ax.legend(loc="lower right", fontsize="small")
    ax.set_xlabel(
        f"stock at the end of {result.series[-1].date} before the floor at zero (input at its p10 to its p90)"
    )
    ax.set_title(f"{result.actor} {result.item}: what drives the spread")
    return fig


def chart_bytes(fig: Figure, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise ChartError(f"charts are written as {' or '.join(FORMATS)}, not {fmt!r}")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=120)
    return buf.getvalue()


def save_chart(fig: Figure, path: str | Path) -> Path:
    """Write the chart; the format comes from the file's suffix (.png or .svg)."""
    p = Path(path)
    fmt = p.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ChartError(f"{p}: charts are written as .png or .svg files")
    data = chart_bytes(fig, fmt)
    try:
        p.write_bytes(data)
    except OSError as exc:
        raise ChartError(f"cannot write {p}: {exc.strerror or exc}") from None
    return p
