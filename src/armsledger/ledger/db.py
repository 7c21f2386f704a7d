"""Open the ledger database: resolve its URL, configure SQLite for one writer, migrate to the head.

SQLite gets WAL mode, foreign keys, a busy timeout and two engines: readers begin deferred
transactions, the writer begins `BEGIN IMMEDIATE` so concurrent writers queue instead of
deadlocking. PostgreSQL uses one engine; nothing else differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from armsledger.ledger.errors import DatabaseUnavailableError, DatabaseUrlError
from armsledger.settings import get_setting

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def default_database_url() -> str:
    """SQLite file `ledger.db` in the user's data directory (created when missing)."""
    folder = Path(platformdirs.user_data_dir("armsledger", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'ledger.db'}"


def resolve_database_url(url: str | None = None) -> str:
    """The URL to use: the explicit one, else ARMSLEDGER_DATABASE_URL, else the default SQLite file.

    A bare file path is taken as a SQLite file; `postgresql://` URLs use the psycopg 3 driver.
    """
    url = get_setting("database_url", url) or default_database_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    timeout = float(get_setting("sqlite_busy_timeout"))
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred-only).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        if ":memory:" not in url and url != "sqlite://":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    """The ledger's engines and session factories; `write()` and `read()` give sessions."""

    url: str
    write_engine: Engine
    read_engine: Engine

    def __post_init__(self) -> None:
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.write_engine.dialect.name

    def write(self) -> Session:
        """A session for one write transaction (use as `with db.write() as s, s.begin():`)."""
        return self._write()

    def read(self) -> Session:
        """A session for queries."""
        return self._read()

    def dispose(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()


def connect(url: str | None = None, *, migrate: bool = True) -> Database:
    """Open the ledger at `url` (see `resolve_database_url`), creating and migrating it as needed."""
    resolved = resolve_database_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError:
        raise DatabaseUrlError(f"cannot parse database URL {resolved!r}", url=resolved) from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise DatabaseUrlError(
            f"unsupported database {parsed.get_backend_name()!r}; use sqlite:///PATH or postgresql://…",
            url=parsed.render_as_string(hide_password=True),
        )
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        db = Database(resolved, _sqlite_engine(resolved, immediate=True), _sqlite_engine(resolved, immediate=False))
    else:
        try:
            engine = create_engine(resolved, pool_pre_ping=True)
        except NoSuchModuleError:
            raise DatabaseUrlError(f"no driver for {parsed.drivername}", url=resolved) from None
        db = Database(resolved, engine, engine)
    if migrate:
        from armsledger.ledger.runs import mark_interrupted_runs

        try:
            upgrade(db)
            mark_interrupted_runs(db)
        except (OperationalError, ProgrammingError) as exc:
            db.dispose()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseUnavailableError(
                f"cannot open ledger {parsed.render_as_string(hide_password=True)}: {reason}",
                url=parsed.render_as_string(hide_password=True),
            ) from None
    return db


_MIGRATION_LOCK = "hashtextextended('armsledger-migrate:' || current_schema(), 0)"


@contextmanager
def migration_lock(db: Database) -> Iterator[None]:
    """Hold the ledger's migration lock: on PostgreSQL a session advisory lock (per schema), so two
    processes opening an empty ledger at once migrate it one after the other. SQLite's write
    transactions (BEGIN IMMEDIATE) already serialise migrations."""
    if db.backend != "postgresql":
        yield
        return
    with db.write_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"SELECT pg_advisory_lock({_MIGRATION_LOCK})"))
        try:
            yield
        finally:
            conn.execute(text(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK})"))


def upgrade(db: Database, revision: str = "head") -> None:
    """Apply Alembic migrations up to `revision` (skipped when already at the head), under the
    migration lock."""
    from armsledger.ledger.migrate import current_revision, head_revision, run_upgrade

    if revision == "head" and current_revision(db.write_engine) == head_revision():
        return
    with migration_lock(db):
        if revision == "head" and current_revision(db.write_engine) == head_revision():
            return  # another process migrated while we waited
        run_upgrade(db.write_engine, revision)


def table_names(db: Database) -> list[str]:
    """Names of the tables present (for checks and tests)."""
    return sorted(inspect(db.read_engine).get_table_names())
