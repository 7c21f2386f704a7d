"""The loading model: items per container, rail car, shipment or tonne, as a range.

items per carrier = payload / (mean item mass x packing factor). The low end takes the
smallest payload and the largest packing factor, the high end the reverse, so every
conversion carries its uncertainty. The calibre mix (shares of items by calibre) is an
explicit assumption: the claim's own calibre when it gives one, else the mix the user sets,
else the default in data/loading.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

from armsledger.reconcile.errors import CalibreMixError, ConversionError
from armsledger.reconcile.refdata import Reference

CalibreMix = dict[int, float]


@dataclass(frozen=True, slots=True)
class LoadingModel:
    """Items one carrier holds (low, central, high) and the assumptions behind the numbers."""

    item: str
    unit: str
    mix: tuple[tuple[int, float], ...]
    item_kg: float
    payload_kg: tuple[float, float, float]
    packing: tuple[float, float, float]
    per_carrier: tuple[float, float, float]

    def describe(self) -> str:
        mix = ", ".join(f"{share:.0%} {cal} mm" for cal, share in self.mix)
        lo, mid, hi = self.per_carrier
        return (
            f"{lo:,.0f}-{hi:,.0f} (central {mid:,.0f}) {self.item} per {self.unit}: "
            f"{mix}, mean {self.item_kg:.2f} kg, payload {self.payload_kg[0]:,.0f}-{self.payload_kg[2]:,.0f} kg, "
            f"packing factor {self.packing[0]}-{self.packing[2]}"
        )


def parse_calibre_mix(text: str) -> CalibreMix:
    """'152=0.6,122=0.4' -> {152: 0.6, 122: 0.4}; shares must be positive and sum to 1."""
    mix: CalibreMix = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        cal, sep, share = part.partition("=")
        try:
            mix[int(cal.strip().removesuffix("mm").strip())] = float(share) if sep else 1.0
        except ValueError as exc:
            raise CalibreMixError(
                f"bad calibre mix entry {part!r}: expected CALIBRE=SHARE, e.g. 152=0.6", entry=part
            ) from exc
    validate_mix(mix)
    return mix


def validate_mix(mix: CalibreMix) -> None:
    if not mix:
        raise CalibreMixError("empty calibre mix")
    if any(share <= 0 for share in mix.values()):
        raise CalibreMixError("calibre shares must be positive", mix=mix)
    if abs(sum(mix.values()) - 1.0) > 1e-6:
        raise CalibreMixError(f"calibre shares sum to {sum(mix.values()):g}, not 1", mix=mix)


def loading_model(
    item: str, unit: str, ref: Reference, *, calibre: int | None = None, mix: CalibreMix | None = None
) -> LoadingModel:
    """The loading model for `item` carried in `unit`: a single calibre, a mix, or the default mix."""
    masses = ref.loading.munitions.get(item)
    carrier = ref.loading.carriers.get(unit)
    if masses is None:
        raise ConversionError(f"no munition masses for item {item!r} in the loading model", item=item)
    if carrier is None:
        raise ConversionError(f"no payload for unit {unit!r} in the loading model", unit=unit)
    if calibre is not None:
        if calibre not in masses:
            raise ConversionError(f"no mass for {calibre} mm {item} in the loading model", item=item, calibre=calibre)
        chosen: CalibreMix = {calibre: 1.0}
    else:
        chosen = mix or ref.loading.default_calibre_mix.get(item) or {}
        validate_mix(chosen)
        unknown = [c for c in chosen if c not in masses]
        if unknown:
            raise CalibreMixError(
                f"no mass for calibre(s) {unknown} of {item}; known: {sorted(masses)}", unknown=unknown
            )
    item_kg = sum(share * masses[cal].kg for cal, share in chosen.items())
    pay, pack = carrier.payload_kg, ref.loading.packing_factor
    per_carrier = (
        pay.low / (item_kg * pack.high),
        pay.central / (item_kg * pack.central),
        pay.high / (item_kg * pack.low),
    )
    return LoadingModel(
        item,
        unit,
        tuple(sorted(chosen.items(), key=lambda kv: -kv[1])),
        item_kg,
        (pay.low, pay.central, pay.high),
        (pack.low, pack.central, pack.high),
        per_carrier,
    )


def items_per_carrier(
    item: str, unit: str, ref: Reference, *, calibre: int | None = None, mix: CalibreMix | None = None
) -> tuple[float, float, float]:
    """Items per one `unit` of `item` (low, central, high)."""
    return loading_model(item, unit, ref, calibre=calibre, mix=mix).per_carrier
