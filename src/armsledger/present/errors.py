"""Typed errors of the server, and the HTTP status each known error is answered with."""

from __future__ import annotations

from armsledger.errors import ArmsledgerError


class ServeError(ArmsledgerError):
    """`armsledger serve` cannot start as asked (a public host without a token, a bad token file)."""


class AuthError(ArmsledgerError):
    """A write without a valid token, or a form without its CSRF token."""


def http_status(exc: ArmsledgerError) -> int:
    """The HTTP status of a known error: 404 missing, 409 conflict, 401/403 auth, 503 no ledger, else 400."""
    from armsledger.ledger.errors import DatabaseUnavailableError, NotFoundError
    from armsledger.review.errors import ReviewConflictError

    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ReviewConflictError):
        return 409
    if isinstance(exc, AuthError):
        return 403 if exc.detail.get("csrf") else 401
    if isinstance(exc, DatabaseUnavailableError):
        return 503
    return 400
