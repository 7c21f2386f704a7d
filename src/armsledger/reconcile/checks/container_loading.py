"""armsledger.container_loading.v1: do the items a report puts in its containers fit them?

Pairs a claim counting carriers (containers, rail cars, shipments) or tonnes with a claim
counting items of the same flow only when both come from the same statement: one source, one
document, one day, sentences close together (statements.py). Figures from unrelated sentences
are never divided by each other, and rates ("20 rail cars a day") are not totals. The implied
load (items per carrier) times each calibre's projectile mass gives tonnes before packing; the
check says, per calibre, up to which packing factor that fits the carrier's practical and maximum
payloads (data/loading.yaml), and warns when it does not fit even the maximum payload at the
central packing factor. For tonnes it gives
the implied mass per item and the packing factor that mass means for each calibre.
"""

from __future__ import annotations

from collections.abc import Iterator

from armsledger.reconcile.checks import register
from armsledger.reconcile.cumulative import classify
from armsledger.reconcile.explain import Finding
from armsledger.reconcile.flows import core_key
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.refdata import Carrier, Reference
from armsledger.reconcile.sources import SourceResolver
from armsledger.reconcile.statements import statement_members, statements

NAME = "armsledger.container_loading.v1"
_CARRIERS = ("container", "rail_car", "shipment")


def _pairs(claims: list[ReconcileClaim], ref: Reference) -> Iterator[tuple[ReconcileClaim, ReconcileClaim]]:
    usable = [
        rc
        for rc in claims
        if rc.claim.quantity is not None
        and rc.claim.polarity == "affirmed"
        and rc.claim.item in ref.loading.munitions
        and classify(rc.claim, ref).role != "rate"
    ]
    resolver = SourceResolver(usable, ref.source_rules)
    infos = statements(usable, [resolver.key(rc) for rc in usable], ref.fusion.statement_gap_chars)
    for members in statement_members(infos).values():
        group = [usable[i] for i in members]
        items = [rc for rc in group if rc.claim.quantity.unit == "item"]  # type: ignore[union-attr]
        carriers = [rc for rc in group if rc.claim.quantity.unit in (*_CARRIERS, "tonne")]  # type: ignore[union-attr]
        for carrier in carriers:
            for item in items:
                if core_key(item, ref) == core_key(carrier, ref):
                    yield carrier, item


def _slug(name: str) -> str:
    return "_".join(name.lower().split())


def _stated(rc: ReconcileClaim) -> str:
    """The quantity as the document says it, with its unit when the words do not name it."""
    q = rc.claim.quantity
    assert q is not None
    text = q.text or f"{q.value:,.0f}"
    stem = {"container": "container", "rail_car": "car", "shipment": "shipment", "tonne": "ton"}.get(q.unit)
    return text if stem is None or stem in text.lower() else f"{text} {q.unit.replace('_', ' ')}s"


def _who(rc: ReconcileClaim) -> str:
    src = rc.claim.source
    name = (src.name or src.org or src.country) if src else None
    return f"{rc.doc_label} ({name + ', ' if name else ''}{rc.published})"


def _carrier_finding(
    carrier: ReconcileClaim, item: ReconcileClaim, spec: Carrier, ref: Reference, tried: list[float]
) -> Finding:
    n_items, n_carriers = item.claim.quantity.value, carrier.claim.quantity.value  # type: ignore[union-attr]
    unit = carrier.claim.quantity.unit  # type: ignore[union-attr]
    per = n_items / n_carriers
    limits = sorted(spec.limits, key=lambda lim: lim.kg)
    road, top = limits[0], limits[-1]
    central_packing = ref.loading.packing_factor.central
    masses = ref.loading.munitions[item.claim.item]
    calibres = [item.claim.caliber_mm] if item.claim.caliber_mm in masses else list(masses)
    assumed = (
        item.claim.caliber_mm
        if item.claim.caliber_mm in masses
        else max(
            ref.loading.default_calibre_mix.get(item.claim.item, {calibres[0]: 1.0}).items(), key=lambda kv: kv[1]
        )[0]
    )
    numbers: dict[str, float | str] = {
        "items": n_items,
        "carriers": n_carriers,
        "items_per_carrier": round(per, 1),
        "carrier": unit,
        "assumed_calibre_mm": assumed,
    }
    parts = []
    warn = False
    for cal in calibres:
        tonnes = per * masses[cal].kg / 1000
        fit_top, fit_road = top.kg / (tonnes * 1000), road.kg / (tonnes * 1000)
        ok_top = [p for p in tried if p <= fit_top]
        numbers.update(
            {
                f"{cal}mm_tonnes_before_packing": round(tonnes, 2),
                f"{cal}mm_max_packing_factor_at_{_slug(top.name)}": round(fit_top, 2),
                f"{cal}mm_max_packing_factor_at_{_slug(road.name)}": round(fit_road, 2),
            }
        )
        road_text = (
            f"fits the {road.name} ({road.kg / 1000:g} t) up to {fit_road:.2f}"
            if fit_road >= 1
            else f"exceeds the {road.name} ({road.kg / 1000:g} t) even unpacked"
        )
        tried_text = ", ".join(f"{p:g}" for p in ok_top) if ok_top else "none"
        parts.append(
            f"{cal} mm: {tonnes:.1f} t of projectiles before packing; fits the {top.name} "
            f"({top.kg / 1000:g} t) with a packing factor up to {fit_top:.2f} (of those tried, "
            f"{tried_text} fit); {road_text}"
        )
        if cal == assumed and tonnes * central_packing * 1000 > top.kg:
            warn = True
    message = (
        f"{_who(carrier)}: {_stated(item)} [{item.claim.item}] in {_stated(carrier)} = {per:,.0f} per {unit}. "
        + ". ".join(parts)
        + "."
    )
    if warn:
        message += f" At the central packing factor {central_packing:g}, {assumed} mm shells exceed the {top.name}."
    return Finding(
        check=NAME,
        severity="warning" if warn else "info",
        message=message,
        numbers=numbers,
        claims=[carrier.claim_id, item.claim_id],
        evidence=list(dict.fromkeys([carrier.claim.evidence.text, item.claim.evidence.text])),
    )


def _tonne_finding(carrier: ReconcileClaim, item: ReconcileClaim, ref: Reference) -> Finding:
    tonnes, n_items = carrier.claim.quantity.value, item.claim.quantity.value  # type: ignore[union-attr]
    kg_each = tonnes * 1000 / n_items
    masses = ref.loading.munitions[item.claim.item]
    pack = ref.loading.packing_factor
    numbers: dict[str, float | str] = {"tonnes": tonnes, "items": n_items, "kg_per_item": round(kg_each, 2)}
    parts = []
    for cal, m in masses.items():
        factor = kg_each / m.kg
        numbers[f"{cal}mm_implied_packing_factor"] = round(factor, 2)
        parts.append(
            f"{cal} mm: packing factor {factor:.2f}"
            + ("" if pack.low <= factor <= pack.high else f" (outside {pack.low:g}-{pack.high:g})")
        )
    lightest = min(m.kg for m in masses.values())
    return Finding(
        check=NAME,
        severity="warning" if kg_each < lightest else "info",
        message=f"{_who(carrier)}: {tonnes:,.0f} t for {n_items:,.0f} {item.claim.item} = {kg_each:.1f} kg an item; "
        + "; ".join(parts)
        + ".",
        numbers=numbers,
        claims=[carrier.claim_id, item.claim_id],
        evidence=list(dict.fromkeys([carrier.claim.evidence.text, item.claim.evidence.text])),
    )


@register(NAME, "implied items per container, rail car, shipment or tonne against mass and payload by calibre")
def check_container_loading(claims: list[ReconcileClaim], ref: Reference) -> list[Finding]:
    """One finding per (carrier claim, item claim) pair of one flow and one document or source."""
    params = ref.checks.container_loading
    out = []
    for carrier, item in _pairs(claims, ref):
        unit = carrier.claim.quantity.unit  # type: ignore[union-attr]
        if not carrier.claim.quantity.value or not item.claim.quantity.value:  # type: ignore[union-attr]
            continue
        if unit == "tonne":
            out.append(_tonne_finding(carrier, item, ref))
        elif unit in ref.loading.carriers and ref.loading.carriers[unit].limits:
            out.append(_carrier_finding(carrier, item, ref.loading.carriers[unit], ref, params.packing_factors))
    return out
