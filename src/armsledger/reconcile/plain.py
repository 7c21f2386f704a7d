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
from typing import Any, cast

from armsledger.model import Claim
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
