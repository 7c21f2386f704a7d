"""Claims as plain records, for the estimate's reader: values that were validated before (a ledger row was a
`Claim` when it was stored) read without validating them again.

A pydantic `Claim` costs tens of microseconds to validate and build, more than the estimate spends reading it,
and an estimate reads every claim of a flow. `PlainClaim` and its parts hold the same fields under the same names
(attributes, and the `__dict__` the reader reads), without validation or pydantic's methods; `as_claim` makes the
validated model when one is wanted (a claim with reviews to apply). They are for the estimate's input only: the
estimate reads attributes, and builds its output (`ClaimUse`, `Estimate`) from the values.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast, get_args

from armsledger.model import (
    ITEM_CODES,
    Certainty,
    Claim,
    Deal,
    Kind,
    Per,
    Polarity,
    Qualifier,
    Quantity,
    Status,
    _check_unit,
)
from armsledger.reconcile.inputs import ReconcileClaim


class _Record:
    """Fields as attributes, read from (and kept in) one dict."""

    __slots__ = ("__dict__",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__ = fields

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"


class PlainQuantity(_Record):
    """`model.Quantity`'s fields: value, value_high, qualifier, unit, per, text."""


class PlainSource(_Record):
    """`model.Source`'s fields: name, role, org, country."""


class PlainEvidence(_Record):
    """`model.Evidence`'s fields: start, end, text."""


class PlainClaim(_Record):
    """`model.Claim`'s fields (quantity, source and evidence as plain records too)."""

    def as_claim(self) -> Claim:
        """The validated model of these values."""
        data = dict(self.__dict__)
        for name in ("quantity", "source", "evidence"):
            part = data[name]
            data[name] = None if part is None else dict(part.__dict__)
        return Claim.model_validate(data)


_new_rc = object.__new__
_set = object.__setattr__


def plain_reconcile_claim(
    claim: PlainClaim,
    claim_id: str,
    doc_id: str,
    published: date,
    source_key: str,
    grade: str | None,
    duplicate_of: str | None,
    title: str | None,
) -> ReconcileClaim:
    """A ReconcileClaim holding a plain claim (its fields set directly: one per claim of a flow)."""
    rc = _new_rc(ReconcileClaim)
    _set(rc, "claim", cast(Claim, claim))  # read by attribute only (see the module doc)
    _set(rc, "claim_id", claim_id)
    _set(rc, "doc_id", doc_id)
    _set(rc, "published", published)
    _set(rc, "source_key", source_key)
    _set(rc, "grade", grade)
    _set(rc, "duplicate_of", duplicate_of)
    _set(rc, "title", title)
    return rc


_CLAIM_DEFAULTS: dict[str, Any] = {
    "supplier": None,
    "recipient": None,
    "actor": None,
    "caliber_mm": None,
    "quantity": None,
    "status": "actual",
    "polarity": "affirmed",
    "hedged": False,
    "certainty": None,
    "source": None,
    "said_on": None,
    "by": None,
    "published": None,
    "financed_by": None,
    "deal": None,
}
_QUANTITY_DEFAULTS: dict[str, Any] = {"value_high": None, "qualifier": "exact", "unit": "item", "per": None, "text": ""}
_SOURCE_FIELDS = frozenset(("name", "role", "org", "country"))
_EVIDENCE_FIELDS = frozenset(("start", "end", "text"))
_CLAIM_FIELDS = frozenset((*_CLAIM_DEFAULTS, "doc", "kind", "item", "cues", "evidence"))
_QUANTITY_FIELDS = frozenset((*_QUANTITY_DEFAULTS, "value"))
_KINDS = frozenset(get_args(Kind))
_ITEMS = frozenset(ITEM_CODES)
_STATUSES = frozenset(get_args(Status))
_POLARITIES = frozenset(get_args(Polarity))
_CERTAINTIES = frozenset((None, *get_args(Certainty)))
_DEALS = frozenset((None, *get_args(Deal)))
_QUALIFIERS = frozenset(get_args(Qualifier))
_PERS = frozenset((None, *get_args(Per)))
_check_values: Any = Quantity.__dict__["_check_values"]  # (the model validator, a plain function on the class)
_TEXT_OR_NONE = ("supplier", "recipient", "actor", "said_on", "by", "published", "financed_by")


def plain_claim(raw: dict[str, Any]) -> PlainClaim | None:
    """The claim of a JSON object as plain records, when every field has exactly the type and a value the
    `Claim` model accepts as it is (no coercion): the values validation would give, without building models.
    None otherwise (an unknown or missing field, another type, a value out of range): the caller then
    validates the object with the model, which says what is wrong or converts what it may. The checks are the
    model's own (`model.py`: its choices, its unit and item checks, the quantity's range check)."""
    if not raw.keys() <= _CLAIM_FIELDS:
        return None
    fields = {**_CLAIM_DEFAULTS, **raw}
    get = fields.get
    evidence, cues, source, quantity = get("evidence"), get("cues", []), fields["source"], fields["quantity"]
    try:  # (a value of another type is not among the choices; one that cannot be hashed raises TypeError)
        if (
            get("kind") not in _KINDS
            or get("item") not in _ITEMS
            or fields["status"] not in _STATUSES
            or fields["polarity"] not in _POLARITIES
            or fields["certainty"] not in _CERTAINTIES
            or fields["deal"] not in _DEALS
        ):
            return None
    except TypeError:
        return None
    if (
        type(get("doc")) is not str
        or type(evidence) is not dict
        or type(fields["hedged"]) is not bool
        or type(cues) is not list
        or not (fields["caliber_mm"] is None or type(fields["caliber_mm"]) is int)
    ):
        return None
    for name in _TEXT_OR_NONE:
        value = fields[name]
        if value is not None and type(value) is not str:
            return None
    for cue in cues:
        if type(cue) is not str:
            return None
    fields["cues"] = list(cues)
    if (
        evidence.keys() != _EVIDENCE_FIELDS
        or type(evidence["start"]) is not int
        or type(evidence["end"]) is not int
        or type(evidence["text"]) is not str
    ):
        return None
    fields["evidence"] = PlainEvidence(dict(evidence))
    if source is not None:
        if type(source) is not dict or not source.keys() <= _SOURCE_FIELDS:
            return None
        source = {"name": None, "role": None, "org": None, "country": None, **source}
        for value in source.values():
            if value is not None and type(value) is not str:
                return None
        fields["source"] = PlainSource(source)
    if quantity is not None:
        fields["quantity"] = quantity = _plain_quantity(quantity)
        if quantity is None:
            return None
    return PlainClaim(fields)


def _plain_quantity(raw: Any) -> PlainQuantity | None:
    if type(raw) is not dict or not raw.keys() <= _QUANTITY_FIELDS:
        return None
    fields = {**_QUANTITY_DEFAULTS, **raw}
    value: Any = fields.get("value")
    high, unit, text, per = fields["value_high"], fields["unit"], fields["text"], fields["per"]
    kind = type(value)
    if kind is int:
        value = float(value)  # (as validation makes a JSON integer a float)
    elif kind is not float:
        return None
    if high is not None:
        kind = type(high)
        if kind is int:
            high = float(high)
        elif kind is not float:
            return None
    if type(unit) is not str or type(text) is not str:
        return None
    try:
        if fields["qualifier"] not in _QUALIFIERS or per not in _PERS:
            return None
    except TypeError:
        return None
    fields["value"], fields["value_high"] = value, high
    quantity = PlainQuantity(fields)
    try:
        if unit not in _UNITS_SEEN:
            _UNITS_SEEN.add(_check_unit(unit))
        _check_values(quantity)  # (the model's own range check, on the plain record)
    except ValueError:
        return None
    return quantity


_UNITS_SEEN: set[str] = set()  # the units `_check_unit` took
