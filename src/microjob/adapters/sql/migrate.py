"""Schema migrations for the SQL adapter: check the revision, upgrade with Alembic.

The Alembic scripts live in ``microjob/adapters/migrations``; a store upgrades (or only checks)
its database to `HEAD_REVISION` when it opens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from microjob.adapters.sql.engine import _make_engine
from microjob.adapters.sql.schema import HEAD_REVISION, VERSION_TABLE
from microjob.errors import ValidationError


def _current_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    row = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").first()
    return None if row is None else str(row[0])


def check_schema(engine: Engine) -> None:
    """Refuse a database whose microjob schema is not at `HEAD_REVISION`."""
    with engine.connect() as conn, conn.begin():
        current = _current_revision(conn)
    if current != HEAD_REVISION:
        raise ValidationError(
            f"the database's microjob schema is at {current or 'nothing'}, this microjob needs "
            f"{HEAD_REVISION}; open it with migrate=True (or run microjob.adapters.sql.upgrade)"
        )


def upgrade(target: str | sa.URL | Engine, revision: str = "head") -> None:
    """Migrate microjob's tables in ``target`` (a URL or an engine) to ``revision`` with the
    Alembic scripts shipped in ``microjob/adapters/migrations``. Safe to run from several
    processes at once: the upgrade holds the database's write lock (SQLite) or an advisory
    lock (PostgreSQL), and does nothing when the schema is already there."""
    engine = target if isinstance(target, Engine) else _make_engine(target, 30.0, "FULL", {})
    try:
        with engine.connect() as conn, _foreign_keys_checked_at_the_end(conn), conn.begin():
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7236512198061231)")
            if revision == "head" and _current_revision(conn) == HEAD_REVISION:
                return
            from alembic import command

            before = _dangling(conn)
            command.upgrade(alembic_config(conn), revision)
            broken = [row for row in _dangling(conn) if row not in before]
            if broken:  # only what the migration broke: older ones are the database's own
                raise ValidationError(
                    f"the migration to {revision} left {len(broken)} rows whose foreign key "
                    f"points nowhere (first: {tuple(broken[0])}); nothing was changed"
                )
    finally:
        if engine is not target:
            engine.dispose()


@contextlib.contextmanager
def _foreign_keys_checked_at_the_end(conn: Connection) -> Iterator[None]:
    """SQLite's foreign keys off around a migration's transaction, on again after it.

    A migration may rebuild a table that others refer to (SQLite's batch mode: copy, drop,
    rename; 0003 does it to the ledger's entries), which a ``DROP`` with foreign keys enforced
    refuses; `upgrade` checks them before its commit instead (`_dangling`). The pragma takes
    effect only outside a transaction, so it goes to the driver before the transaction
    begins."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    try:
        yield
    finally:
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _dangling(conn: Connection) -> set[tuple[Any, ...]]:
    """The rows whose foreign key points nowhere (SQLite's ``foreign_key_check``; PostgreSQL
    enforces its keys in every transaction, so none)."""
    if conn.dialect.name != "sqlite":
        return set()
    return {tuple(row) for row in conn.exec_driver_sql("PRAGMA foreign_key_check")}


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Any:
    """An Alembic ``Config`` for microjob's migrations, for ``alembic.command`` calls (pass an
    open connection, or a URL for offline ``--sql`` output)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "microjob.adapters:migrations")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        config.attributes["connection"] = connection
    return config
