"""Typed errors of the ledger, each a one-line message with structured detail."""

from __future__ import annotations

from armsledger.errors import ArmsledgerError


class LedgerError(ArmsledgerError):
    """Base of ledger conditions: the database, its records and queries."""


class DatabaseUrlError(LedgerError):
    """The database URL cannot be parsed or names an unsupported backend."""


class DatabaseUnavailableError(LedgerError):
    """The database cannot be opened, created or migrated."""


class LedgerNotFoundError(DatabaseUnavailableError):
    """No ledger where one was expected (a read-only command never creates one)."""


class NotFoundError(LedgerError):
    """A claim, document or source named by the user does not exist."""


class AmbiguousNameError(LedgerError):
    """A name matches more than one record."""


class InvalidGradeError(LedgerError):
    """An Admiralty reliability grade outside A–F."""


class InvalidQueryError(LedgerError):
    """A filter value that cannot be used (bad date, unknown kind, format…)."""


class ExportError(LedgerError):
    """An export cannot be written (format, destination)."""
