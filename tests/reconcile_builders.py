"""Hand-built claims for the reconcile tests (our own sentences, figures from DOMAIN.md)."""

from __future__ import annotations

from datetime import date

from armsledger.model import Claim, Evidence, Quantity, Source
from armsledger.reconcile.inputs import ReconcileClaim, make_claim


def claim(
    value: float | None,
    *,
    unit: str = "item",
    qualifier: str = "exact",
    text: str | None = None,
    sentence: str | None = None,
    value_high: float | None = None,
    per: str | None = None,
    kind: str = "transfer",
    supplier: str | None = "PRK",
    recipient: str | None = "RUS",
    actor: str | None = None,
    item: str = "artillery_shell",
    caliber: int | None = None,
    status: str = "actual",
    polarity: str = "affirmed",
    certainty: str | None = None,
    source: str | None = "Analyst",
    doc: str = "doc.txt",
    published: str = "2024-01-01",
    grade: str | None = None,
    duplicate_of: str | None = None,
    claim_id: str | None = None,
) -> ReconcileClaim:
    """One ReconcileClaim; `text` is the quantity's words, `sentence` the evidence around them."""
    quantity = None
    if value is not None:
        text = text if text is not None else f"{value:,.0f}"
        quantity = Quantity(value=value, value_high=value_high, qualifier=qualifier, unit=unit, per=per, text=text)
    sentence = sentence or f"Officials said {text or 'some'} were sent."
    c = Claim(
        doc=doc,
        kind=kind,
        supplier=supplier if kind == "transfer" else None,
        recipient=recipient if kind == "transfer" else None,
        actor=actor,
        item=item,
        caliber_mm=caliber,
        quantity=quantity,
        status=status,
        polarity=polarity,
        hedged=certainty is not None,
        cues=["believes"] if certainty else [],
        certainty=certainty,
        source=Source(name=source) if source else None,
        evidence=Evidence(start=0, end=len(sentence), text=sentence),
    )
    return make_claim(
        c,
        published=date.fromisoformat(published),
        claim_id=claim_id or f"{doc}:{value}:{unit}",
        grade=grade,
        duplicate_of=duplicate_of,
    )
