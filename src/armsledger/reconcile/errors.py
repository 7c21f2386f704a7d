"""Errors of the reconcile stage, under the project's ArmsledgerError base."""

from __future__ import annotations

from armsledger.errors import ArmsledgerError, ReferenceDataError

__all__ = [
    "CalibreMixError",
    "ClaimsFileError",
    "ConversionError",
    "LedgerUnavailableError",
    "ReconcileError",
    "ReferenceDataError",
    "UnknownCheckError",
]


class ReconcileError(ArmsledgerError):
    """Base of the reconcile stage's known conditions."""


class ClaimsFileError(ReconcileError):
    """A claims JSON Lines file is missing, malformed, or a claim has no publication date."""


class ConversionError(ReconcileError):
    """A quantity cannot be converted to items (no loading model for its item or unit)."""


class CalibreMixError(ReconcileError):
    """A calibre mix is malformed: unknown calibre, negative share, or shares not summing to 1."""


class UnknownCheckError(ReconcileError):
    """A plausibility check was asked for by a name the registry does not know."""


class LedgerUnavailableError(ReconcileError):
    """The ledger database cannot be opened or does not hold the expected tables."""
