"""Bounds on the numbers a user may pass to a query or command (a light module: the CLI reads them
without loading the database layer)."""

from __future__ import annotations

#: the largest row count, offset or id a query takes (ids are 32-bit integers on PostgreSQL)
MAX_ROW_NUMBER = 2**31 - 1

#: the longest window, in days, within which running totals count as current (a century)
MAX_WINDOW_DAYS = 36_500
