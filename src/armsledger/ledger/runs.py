"""Which ingest runs are still alive: a run holds a lock for as long as its process lives, so a run
left "running" by a process that was killed is recognised, and marked interrupted, the next time
the ledger is opened.

PostgreSQL: a session-level advisory lock per run (released by the server when the process's
connection drops). SQLite: an exclusive `flock` on a file per run beside the database file
(released by the kernel when the process dies). Elsewhere (an in-memory SQLite, a platform
without `flock`) nothing can be told, and runs are left as they are.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, select, text, update

from armsledger.ledger.db import Database, lock_folder
from armsledger.ledger.tables import IngestRun

try:
    import fcntl
except ImportError:  # pragma: no cover  (Windows)
    fcntl = None  # type: ignore[assignment]

_PG_KEY = "hashtextextended('armsledger-run:' || current_schema() || ':' || CAST(:run AS text), 0)"


class RunLock:
    """Held by the process doing a run, from its start to its end."""

    def __init__(
        self,
        connection: Connection | None = None,
        handle: IO[bytes] | None = None,
        path: Path | None = None,
        run_id: int = 0,
    ) -> None:
        self._connection = connection
        self._handle = handle
        self._path = path
        self._run_id = run_id

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text(f"SELECT pg_advisory_unlock({_PG_KEY})"), {"run": self._run_id})
            finally:
                self._connection.close()
                self._connection = None
        if self._handle is not None:
            if self._path is not None:
                self._path.unlink(missing_ok=True)
            self._handle.close()
            self._handle = None


def acquire_run_lock(db: Database, run_id: int) -> RunLock:
    """Take run `run_id`'s lock for this process (call before the run's row is committed)."""
    if db.backend == "postgresql":
        conn = db.write_engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text(f"SELECT pg_advisory_lock({_PG_KEY})"), {"run": run_id})
        return RunLock(connection=conn, run_id=run_id)
    folder = lock_folder(db)
    if folder is None or fcntl is None:
        return RunLock(run_id=run_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run_id}.lock"
    handle = path.open("wb")
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    handle.write(str(os.getpid()).encode())
    handle.flush()
    return RunLock(handle=handle, path=path, run_id=run_id)


def _run_is_alive(db: Database, conn: Connection | None, run_id: int) -> bool | None:
    """True when the run's process still holds its lock, False when not, None when it cannot be told."""
    if conn is not None:
        free = conn.execute(text(f"SELECT pg_try_advisory_lock({_PG_KEY})"), {"run": run_id}).scalar()
        if free:
            conn.execute(text(f"SELECT pg_advisory_unlock({_PG_KEY})"), {"run": run_id})
        return not free
    folder = lock_folder(db)
    if folder is None or fcntl is None:
        return None
    path = folder / f"{run_id}.lock"
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        path.unlink(missing_ok=True)
        return False


def mark_interrupted_runs(db: Database) -> list[int]:
    """Mark runs left "running" by a process that is gone as "interrupted"; return their ids."""
    with db.read() as session:
        running = list(session.scalars(select(IngestRun.id).where(IngestRun.status == "running")))
    if not running:
        return []
    conn = None
    if db.backend == "postgresql":
        conn = db.write_engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        dead = [run_id for run_id in running if _run_is_alive(db, conn, run_id) is False]
    finally:
        if conn is not None:
            conn.close()
    if dead:
        now = datetime.now(UTC).replace(tzinfo=None)
        with db.write() as session, session.begin():
            session.execute(
                update(IngestRun)
                .where(IngestRun.id.in_(dead), IngestRun.status == "running")
                .values(status="interrupted", finished_at=now)
            )
    return dead
