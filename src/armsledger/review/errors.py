"""Typed errors of reviews."""

from __future__ import annotations

from armsledger.errors import OptionError


class ReviewError(OptionError):
    """A review that cannot be recorded as asked: unknown action or field, a value the field cannot
    take, a missing reason or reviewer."""


class ReviewConflictError(ReviewError):
    """The claim was reviewed by someone else since the reviewer loaded it; nothing was written.
    `detail["latest"]` is the newest review's record."""
