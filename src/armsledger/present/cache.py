"""A small cache of computed answers, valid for one state of the ledger.

The ledger's state is read on every request in one cheap query (newest claim, review, run, grade
and alias); an answer computed for another state is never served. So an `ingest` from the CLI,
a review from another browser or a reextract shows up on the next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select

from armsledger.ledger.db import Database
from armsledger.ledger.tables import ClaimRow, IngestRun, ReviewRow, SourceAlias, SourceRow

T = TypeVar("T")


def ledger_state(db: Database) -> tuple[Any, ...]:
    """A value that changes whenever what the ledger answers may change."""
    query = select(
        select(func.max(ClaimRow.id)).scalar_subquery(),
        select(func.max(ReviewRow.id)).scalar_subquery(),
        select(func.max(IngestRun.id)).scalar_subquery(),
        select(func.max(IngestRun.finished_at)).scalar_subquery(),
        select(func.max(SourceRow.graded_at)).scalar_subquery(),
        select(func.count()).select_from(SourceAlias).scalar_subquery(),
        select(func.count()).select_from(SourceRow).scalar_subquery(),
    )
    with db.read() as session:
        return tuple(session.execute(query).one())


class AnswerCache:
    """Least-recently-used answers keyed by (question, ledger state); thread-safe."""

    def __init__(self, entries: int) -> None:
        self.entries = max(0, entries)
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached answer for `key`, computing (outside the lock) and keeping it when missing."""
        if self.entries == 0:
            return compute()
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
        value = compute()
        with self._lock:
            self.misses += 1
            self._data[key] = value
            while len(self._data) > self.entries:
                self._data.popitem(last=False)
        return value
