"""Open the ledger database: resolve its URL, configure SQLite for one writer, migrate to the head.

SQLite gets WAL mode, foreign keys, a busy timeout, memory-mapped reads and two engines: readers begin deferred
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
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from armsledger.ledger.errors import DatabaseUnavailableError, DatabaseUrlError, LedgerNotFoundError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]
from armsledger.sanitize import redact_url_credentials
from armsledger.settings import get_setting

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
#: endings by which a bare path (no `scheme://`) is taken for a SQLite file even before it exists
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3", ".ledger")


def default_database_path() -> Path:
    """SQLite file `ledger.db` in the user's data directory."""
    return Path(platformdirs.user_data_dir("armsledger", appauthor=False)) / "ledger.db"


def default_database_url() -> str:
    """The URL of `default_database_path()` (its folder is created only when a ledger is created)."""
    return f"sqlite:///{default_database_path()}"


def resolve_database_url(url: str | None = None) -> str:
    """The URL to use: the explicit one, else ARMSLEDGER_DATABASE_URL, else the default SQLite file.

    A bare path is a SQLite file when it exists or ends in .db, .sqlite, .sqlite3, .db3 or .ledger
    (anything else is a DatabaseUrlError, so a stray word does not become a new file);
    `postgresql://` URLs use the psycopg 3 driver.
    """
    url = get_setting("database_url", url) or default_database_url()
    if "://" not in url:
        path = Path(url).expanduser()
        if not path.exists() and path.suffix.lower() not in SQLITE_SUFFIXES:
            raise DatabaseUrlError(
                f"{url!r} is neither a database URL (sqlite:///PATH, postgresql://USER@HOST/DB) nor a SQLite "
                f"file ending in {', '.join(SQLITE_SUFFIXES)}",
                url=url,
            )
        url = f"sqlite:///{path}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    timeout = float(get_setting("sqlite_busy_timeout"))
    mmap_bytes = int(get_setting("sqlite_mmap_bytes"))
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred-only).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        if ":memory:" not in url and url != "sqlite://":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # read pages through the shared OS cache (no copy per connection): counts and listings over
            # large ledgers read many pages; SQLite caps the size at what it was compiled for
            cursor.execute(f"PRAGMA mmap_size={max(0, mmap_bytes)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
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
    def display_url(self) -> str:
        """The URL for people: the SQLite file's path, or the URL without its password."""
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            return parsed.database
        return parsed.render_as_string(hide_password=True)

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


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sqlite_file(parsed: URL, *, create: bool) -> Path | None:
    """The SQLite file of `parsed` (None in memory); LedgerNotFoundError when it must exist and does not."""
    if not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    path = Path(parsed.database).expanduser()
    if path.is_dir():
        raise DatabaseUnavailableError(f"cannot open ledger {path}: it is a folder, not a SQLite file", url=str(path))
    if not create and not path.exists():
        raise LedgerNotFoundError(
            f"no ledger at {path}: `armsledger ingest …` or `armsledger demo --db {path}` creates one; "
            "--db or ARMSLEDGER_DATABASE_URL names another",
            url=str(path),
        )
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    return path


def connect(url: str | None = None, *, migrate: bool = True, create: bool = True) -> Database:
    """Open the ledger at `url` (see `resolve_database_url`) and migrate it to the head revision.

    With `create=False` (read-only commands) a ledger must already exist: a missing SQLite file,
    or a database holding no ledger, is a LedgerNotFoundError and nothing is created.
    """
    resolved = resolve_database_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError:
        raise DatabaseUrlError(
            f"cannot parse database URL {redact_url_credentials(resolved)!r}", url=redact_url_credentials(resolved)
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise DatabaseUrlError(
            f"unsupported database {parsed.get_backend_name()!r}; use sqlite:///PATH or postgresql://…", url=shown
        )
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_file(parsed, create=create)
        shown = str(path) if path else shown
        db = Database(resolved, _sqlite_engine(resolved, immediate=True), _sqlite_engine(resolved, immediate=False))
    else:
        try:
            engine = create_engine(resolved, pool_pre_ping=True)
        except NoSuchModuleError:
            raise DatabaseUrlError(f"no driver for {parsed.drivername}", url=shown) from None
        db = Database(resolved, engine, engine)
    try:
        if not create:
            _require_ledger(db, shown)
        if migrate:
            from armsledger.ledger.runs import mark_interrupted_runs

            upgrade(db)
            mark_interrupted_runs(db)
    except SQLAlchemyError as exc:
        db.dispose()
        raise DatabaseUnavailableError(f"cannot open ledger {shown}: {_reason(exc)}", url=shown) from None
    except LedgerNotFoundError:
        db.dispose()
        raise
    return db


def _require_ledger(db: Database, shown: str) -> None:
    """LedgerNotFoundError unless the database already holds an armsledger ledger."""
    from armsledger.ledger.migrate import current_revision

    if current_revision(db.write_engine) is None:
        raise LedgerNotFoundError(
            f"{shown} holds no armsledger ledger (`armsledger ingest …` creates one there)", url=shown
        )


_MIGRATION_LOCK = "hashtextextended('armsledger-migrate:' || current_schema(), 0)"


def lock_folder(db: Database) -> Path | None:
    """The folder of a SQLite ledger's lock files (beside the database file), or None when there is no file or
    no `flock`."""
    if db.backend != "sqlite" or fcntl is None:
        return None
    database = make_url(db.url).database
    if not database or database == ":memory:":
        return None
    path = Path(database).expanduser()
    return path.with_name(path.name + ".runs")


@contextmanager
def migration_lock(db: Database) -> Iterator[None]:
    """Hold the ledger's migration lock, so two processes opening an empty ledger at once migrate it one after the
    other: on PostgreSQL a session advisory lock (per schema); on SQLite an exclusive `flock` on a file beside the
    database, taken before the first connection (switching a new file to WAL mode fails at once, without waiting,
    while another connection holds it)."""
    if db.backend != "postgresql":
        folder = lock_folder(db)
        if folder is None:
            yield
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle = (folder / "migrate.lock").open("wb")
        except OSError:  # a ledger on a read-only folder: nobody can create or migrate it there anyway
            yield
            return
        with handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
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

    if db.backend == "postgresql" and revision == "head" and current_revision(db.write_engine) == head_revision():
        return  # checked before taking the lock; SQLite's lock is a local file, taken before any connection
    with migration_lock(db):
        if revision == "head" and current_revision(db.write_engine) == head_revision():
            return  # another process migrated while we waited
        run_upgrade(db.write_engine, revision)


def table_names(db: Database) -> list[str]:
    """Names of the tables present (for checks and tests)."""
    return sorted(inspect(db.read_engine).get_table_names())
