"""Flows: which claims speak about the same movement, production, use or stock of materiel.

A flow is (kind, supplier, recipient or actor, item group, unit family). `flow_key` names a
claim's flow; `core_key` drops the unit family, so claims in containers and in items of one
flow can be compared through the loading model.
"""

from __future__ import annotations

from collections.abc import Iterable

from armsledger.reconcile.explain import FlowKey
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.refdata import Reference

CoreKey = tuple[str, str | None, str | None, str | None, str]


def core_key(rc: ReconcileClaim, ref: Reference) -> CoreKey:
    """(kind, supplier, recipient, actor, item group) of a claim."""
    c = rc.claim
    if c.kind == "transfer":
        return (c.kind, c.supplier, c.recipient, None, ref.item_group(c.item))
    return (c.kind, None, c.recipient if c.kind == "meeting" else None, c.actor, ref.item_group(c.item))


def flow_key(rc: ReconcileClaim, ref: Reference) -> FlowKey:
    """The claim's flow; quantity-less claims have no unit family."""
    kind, supplier, recipient, actor, item = core_key(rc, ref)
    unit = rc.claim.quantity.unit if rc.claim.quantity else None
    return FlowKey(
        kind=kind,
        supplier=supplier,
        recipient=recipient,
        actor=actor,
        item=item,
        unit_family=ref.unit_family(unit) if unit else None,
    )


def make_flow(
    *,
    kind: str = "transfer",
    supplier: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    item: str,
    unit: str = "item",
    ref: Reference,
) -> FlowKey:
    """A FlowKey from command-line style arguments (a unit or a unit family)."""
    family = ref.unit_family(unit)
    if kind == "transfer":
        return FlowKey(kind=kind, supplier=supplier, recipient=recipient, item=ref.item_group(item), unit_family=family)
    return FlowKey(
        kind=kind,
        actor=actor,
        recipient=recipient if kind == "meeting" else None,
        item=ref.item_group(item),
        unit_family=family,
    )


def flow_core(flow: FlowKey) -> CoreKey:
    return (flow.kind, flow.supplier, flow.recipient, flow.actor, flow.item)


def group_by_flow(claims: Iterable[ReconcileClaim], ref: Reference) -> dict[FlowKey, list[ReconcileClaim]]:
    """Claims grouped by flow, flows in first-seen order."""
    groups: dict[FlowKey, list[ReconcileClaim]] = {}
    for rc in claims:
        groups.setdefault(flow_key(rc, ref), []).append(rc)
    return groups
