"""The database engine behind the SQL adapter, and what its errors mean to microjob.

An engine is opened with SQLite's pragmas and ``BEGIN IMMEDIATE`` (or PostgreSQL's
``READ COMMITTED``); driver errors that mean "another command got there first" (collisions,
deadlocks, lock timeouts, a busy SQLite file) become [`Conflict`][microjob.errors.Conflict].
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from microjob.errors import Busy, Conflict, ValidationError

_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03", "57014"}


def _translate(error: BaseException, what: str = "") -> Exception:
    """A database error as microjob's: collisions and lock trouble become ``Conflict``.

    ``error`` is the driver's exception (or SQLAlchemy's wrapper of it)."""
    orig = getattr(error, "orig", None) or error
    name = type(orig).__name__
    if isinstance(error, sa.exc.IntegrityError) or name in ("IntegrityError", "UniqueViolation"):
        return Conflict(
            f"{what or 'a row'} was written by a concurrent command (or already exists): "
            f"{orig}; reload and try again"
        )
    if "IntegrityError" in [c.__name__ for c in type(orig).__mro__]:
        return Conflict(f"{what or 'a row'} collided with a concurrent command: {orig}; retry")
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if code == "25006":  # read_only_sql_transaction
        return RuntimeError(
            f"a read-only unit of work cannot write ({what or 'a row'}): open one with "
            "unit_of_work() to write"
        )
    if code in _RETRYABLE_SQLSTATES:
        return Conflict(f"the database refused a concurrent change ({code}: {orig}); retry")
    if code == "25P02":  # in_failed_sql_transaction: an earlier statement failed
        return Conflict(
            f"{what or 'a statement'} was refused: an earlier statement of this unit of work "
            "failed, and the database refuses the rest of it; run the command again"
        )
    if code == "22003":  # numeric_value_out_of_range: a sum beyond a BIGINT column
        return ValidationError(
            f"{what or 'a value'} would be beyond what the database stores (64-bit minor "
            f"units): {orig}"
        )
    message = str(orig).lower()
    if "database is locked" in message or "database is busy" in message:
        return Busy(
            "the SQLite database stayed locked by another writer longer than the busy "
            "timeout; retry (or open it with a longer busy_timeout)"
        )
    return error if isinstance(error, Exception) else Exception(str(error))


def _is_memory_sqlite(url: sa.URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _make_engine(
    url: str | sa.URL, busy_timeout: float, synchronous: str, options: dict[str, Any]
) -> Engine:
    parsed = sa.make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        mode = synchronous.upper()
        if mode not in ("NORMAL", "FULL", "EXTRA"):
            raise ValidationError(f"synchronous must be NORMAL, FULL or EXTRA, not {synchronous!r}")
        args = dict(options.pop("connect_args", {}))
        args.setdefault("timeout", busy_timeout)
        args.setdefault("check_same_thread", False)
        memory = _is_memory_sqlite(parsed)
        if memory:
            options.setdefault("poolclass", StaticPool)
        engine = sa.create_engine(parsed, connect_args=args, **options)

        @sa_event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.isolation_level = None  # transactions are begun explicitly below
            cursor = dbapi_connection.cursor()
            try:
                if not memory:
                    cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute(f"PRAGMA synchronous={mode}")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            finally:
                cursor.close()

        @sa_event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock now, not mid-command

        return engine
    if backend == "postgresql":
        options.setdefault("isolation_level", "READ COMMITTED")
        return sa.create_engine(parsed, **options)
    raise ValidationError(
        f"the SQL adapter supports sqlite:/// and postgresql+psycopg:// URLs, not {backend!r}"
    )
