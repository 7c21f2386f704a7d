"""Render claims for people (a Rich table) and for programs (JSON Lines, CSV)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import typer

from rich.console import Console
from rich.table import Table

from armsledger.errors import ArmsledgerError

CSV_FIELDS = ["doc", "kind", "supplier", "recipient", "actor", "item", "caliber_mm", "value", "value_high",
              "qualifier", "unit", "per", "quantity_text", "status", "polarity", "hedged", "cues", "certainty",
              "source_name", "source_role", "source_org", "source_country", "said_on", "by", "evidence_start",
              "evidence_end", "evidence"]


def flatten(claim: dict) -> dict:
    """One claim as a flat row for CSV."""
    q = claim.get("quantity") or {}
    s = claim.get("source") or {}
    e = claim.get("evidence") or {}
    return {
        "doc": claim.get("doc"), "kind": claim["kind"], "supplier": claim.get("supplier"),
        "recipient": claim.get("recipient"), "actor": claim.get("actor"), "item": claim["item"],
        "caliber_mm": claim.get("caliber_mm"), "value": q.get("value"), "value_high": q.get("value_high"),
        "qualifier": q.get("qualifier"), "unit": q.get("unit"), "per": q.get("per"), "quantity_text": q.get("text"),
        "status": claim["status"], "polarity": claim["polarity"], "hedged": claim["hedged"],
        "cues": ";".join(claim.get("cues") or []), "certainty": claim.get("certainty"),
        "source_name": s.get("name"), "source_role": s.get("role"), "source_org": s.get("org"),
        "source_country": s.get("country"), "said_on": claim.get("said_on"), "by": claim.get("by"),
        "evidence_start": e.get("start"), "evidence_end": e.get("end"), "evidence": e.get("text"),
    }


@contextmanager
def known_errors(code: int = 2) -> Iterator[None]:
    """Turn a known armsledger error into one line on stderr and exit `code` (no traceback)."""
    try:
        yield
    except ArmsledgerError as exc:
        Console(stderr=True).print(f"[red]error[/red]: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(code) from None


def write_jsonl(claims: Iterable[dict], stream=None) -> None:
    out = stream or sys.stdout
    for c in claims:
        out.write(json.dumps(c, ensure_ascii=False) + "\n")
    out.flush()


def write_csv(claims: Iterable[dict], stream=None, header: bool = True) -> None:
    writer = csv.DictWriter(stream or sys.stdout, fieldnames=CSV_FIELDS)
    if header:
        writer.writeheader()
    for c in claims:
        writer.writerow(flatten(c))


def format_quantity(q: dict | None) -> str:
    if not q:
        return "—"
    def num(v: float) -> str:
        if q.get("unit") == "fraction":
            return f"{v:g}"
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
    value = num(q["value"]) + (f"–{num(q['value_high'])}" if q.get("value_high") is not None else "")
    mark = {"approx": "~", "at_least": "≥", "at_most": "≤", "range": "", "exact": ""}.get(q.get("qualifier"), "")
    unit = "" if q.get("unit") == "item" else f" {q['unit']}"
    per = f"/{q['per']}" if q.get("per") else ""
    return f"{mark}{value}{unit}{per}"


def claims_table(claims: list[dict], title: str | None = None) -> Table:
    """A Rich table: one row per claim with who, what, how much, how sure, who says so and when."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in ("doc", "kind", "from → to / actor", "item", "quantity", "status", "hedge", "source", "said on"):
        table.add_column(col, overflow="fold")
    for c in claims:
        who = f"{c.get('supplier') or '?'} → {c.get('recipient') or '?'}" if c["kind"] == "transfer" \
            else (c.get("actor") or "?")
        src = c.get("source") or {}
        source = ", ".join(x for x in (src.get("name"), src.get("role"), src.get("org"), src.get("country")) if x)
        status = c["status"] + (" (denied)" if c["polarity"] == "denied" else "")
        if c.get("by"):
            status += f" by {c['by']}"
        hedge = ", ".join(c.get("cues") or []) if c.get("hedged") else ""
        table.add_row(c.get("doc") or "", c["kind"], who, c["item"], format_quantity(c.get("quantity")), status,
                      hedge, source or "(document)", c.get("said_on") or "")
    return table


def print_table(claims: list[dict], title: str | None = None) -> None:
    Console().print(claims_table(claims, title))
