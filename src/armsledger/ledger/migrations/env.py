"""Alembic environment: migrate the engine armsledger hands over (online only)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from armsledger.ledger.tables import Base
from armsledger.ledger.textsearch import include_object

config = context.config
target_metadata = Base.metadata


def _sqlite_foreign_keys(connection, on: bool) -> None:
    # Batch migrations rebuild SQLite tables (copy, drop, rename); with foreign keys on, dropping a
    # referenced table would cascade deletes into its children. The pragma only works outside a
    # transaction, so it goes straight to the driver connection (pysqlite in autocommit mode).
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("alembic: no engine passed and no sqlalchemy.url configured")
        engine = create_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, False)
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                include_object=include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, True)


if context.is_offline_mode():
    raise SystemExit("armsledger migrations run online only (armsledger opens the database itself)")
run_migrations_online()
