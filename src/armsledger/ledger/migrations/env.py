"""Alembic environment: migrate the engine armsledger hands over (online only)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from armsledger.ledger.tables import Base
from armsledger.ledger.textsearch import include_object

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("armsledger migrations run online only (armsledger opens the database itself)")
run_migrations_online()
