"""Schema migrations for the SQL adapter: check the revision, upgrade with Alembic.

The Alembic scripts live in ``microjob/adapters/migrations``; a store upgrades (or only checks)
its database to `HEAD_REVISION` when it opens.
"""

from __future__ import annotations

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
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            if sqlite:
                # A migration may rebuild a table that others refer to (SQLite's batch mode:
                # copy, drop, rename; 0003 does it to the ledger's entries), which a DROP
                # with foreign keys enforced refuses. The pragma only takes effect outside a
                # transaction, so it goes to the driver before ours begins; the keys are
                # checked before the commit instead, and enforced again afterwards.
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    if not sqlite:
                        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7236512198061231)")
                    if revision == "head" and _current_revision(conn) == HEAD_REVISION:
                        return
                    from alembic import command

                    check = "PRAGMA foreign_key_check"
                    before = set(conn.exec_driver_sql(check).fetchall()) if sqlite else set()
                    command.upgrade(alembic_config(conn), revision)
                    if sqlite:
                        # only what the migration broke: rows pointing nowhere before are
                        # the database's own, not a reason to refuse the upgrade
                        after = conn.exec_driver_sql(check).fetchall()
                        broken = [row for row in after if row not in before]
                        if broken:
                            raise ValidationError(
                                f"the migration to {revision} left {len(broken)} rows whose "
                                f"foreign key points nowhere (first: {tuple(broken[0])}); "
                                "nothing was changed"
                            )
            finally:
                if sqlite:
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
    finally:
        if engine is not target:
            engine.dispose()


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
