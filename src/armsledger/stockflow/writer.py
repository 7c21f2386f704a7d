"""`scenario init`: an annotated YAML scenario from the ledger's estimates.

Every input the ledger gives is written with its figures, a note naming the claims, and a
comment per claim (document, date, words, evidence), so an analyst can see what each figure
rests on, change it, and say why in its note. Inputs the ledger lacks are written as
comments to fill in.
"""

from __future__ import annotations

import json
from datetime import date

from armsledger.stockflow.inputs import Quantity, Scenario, Trade
from armsledger.stockflow.months import label

HEADER = """\
# armsledger stock-and-flow scenario: {actor} {item}
# Written by `armsledger model scenario init` from the ledger as of {as_of}.
# Each input is the ledger's estimate: low / central / high (rates per month), with the
# claims it rests on. Change any figure and say why in its note; delete an input to take
# it from the ledger whenever the scenario runs. Give `value: N` for a figure without
# uncertainty. shape: pert (default) | triangular | uniform | fixed. See docs/model.md.
"""


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if value < 1 else f"{round(value)}"


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _claims(q: Quantity, indent: str) -> list[str]:
    out = []
    for c in q.origin.claims:
        stated = f" · {c.stated}" if c.stated else ""
        out.append(f"{indent}# claim {c.claim_id} · {c.doc} · {c.published}{stated}")
        evidence = " ".join(c.evidence.split())
        out.append(f'{indent}#   "{evidence[:160]}{"…" if len(evidence) > 160 else ""}"')
    return out


def _note(q: Quantity) -> str:
    ids = ", ".join(q.origin.claim_ids)
    return q.origin.note + (f" [claims {ids}]" if ids else "")


def _quantity(key: str, q: Quantity, indent: str, *, per: bool, extra: list[str] | None = None) -> list[str]:
    if q.origin.kind == "none":
        unit = ", per: month" if per else ""
        return [f"{indent}# {key}: {{low: , central: , high: {unit}}}   # {q.origin.note}"]
    r = q.range
    inner = indent + "  "
    lines = [f"{indent}{key}:", *_claims(q, inner)]
    if r.is_fixed:
        lines.append(f"{inner}value: {_num(r.central)}")
    else:
        lines += [f"{inner}low: {_num(r.low)}", f"{inner}central: {_num(r.central)}", f"{inner}high: {_num(r.high)}"]
    if per:
        lines.append(f"{inner}per: month")
    lines.append(f"{inner}note: {_text(_note(q))}")
    return lines + (extra or [])


def _trade(t: Trade, indent: str) -> list[str]:
    extra: list[str] = []
    if t.dud is not None:
        extra = _quantity("dud", t.dud, indent + "  ", per=False)
    lines = _quantity(t.partner, t.rate, indent, per=True, extra=extra)
    if t.rate.origin.kind == "none" and t.dud is not None:
        lines = [f"{indent}{t.partner}:", f"{indent}  value: 0", f"{indent}  note: {_text(t.rate.origin.note)}", *extra]
    return lines


def scenario_yaml(s: Scenario) -> str:
    """The scenario as annotated YAML that `load_scenario` reads back."""
    lines = [
        HEADER.format(actor=s.actor, item=s.item, as_of=s.as_of or date.today()).rstrip("\n"),
        f"actor: {s.actor}",
        f"item: {s.item}",
    ]
    if s.as_of:
        lines.append(f"as_of: {s.as_of.isoformat()}")
    lines += [f"start: {label(s.start)}      # first projected month", f"months: {s.months}"]
    if s.targets:
        a = s.targets[0].attainment.range
        lines.append(
            f"target_attainment: {{low: {_num(a.low)}, central: {_num(a.central)}, high: {_num(a.high)}}}"
            f"   # share of the gap to a target closed by its deadline"
        )
    lines.append("inputs:")
    lines += _quantity("initial_stock", s.initial_stock, "  ", per=False)
    lines += _quantity("consumption", s.consumption, "  ", per=True)
    lines += _quantity("production", s.production, "  ", per=True)
    if s.targets:
        lines.append("  targets:   # production targets, weighted by target_attainment")
        for t in s.targets:
            r = t.rate.range
            lines += _claims(t.rate, "    ")
            lines += [
                f"    - low: {_num(r.low)}",
                f"      central: {_num(r.central)}",
                f"      high: {_num(r.high)}",
                "      per: month",
                f"      by: {label(t.deadline)}",
                f"      note: {_text(_note(t.rate))}",
            ]
    for key, trades in (("imports", s.imports), ("exports", s.exports)):
        if trades:
            lines.append(f"  {key}:")
            for trade in trades:
                lines += _trade(trade, "    ")
        else:
            lines.append(f"  # {key}: {{XXX: {{low: , central: , high: , per: month}}}}   # none in the ledger")
    if s.warnings:
        lines.append("# Warnings from the ledger:")
        lines += [f"#   {w}" for w in s.warnings]
    return "\n".join(lines) + "\n"
