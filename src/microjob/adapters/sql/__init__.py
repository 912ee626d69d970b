"""The SQL adapter: SQLite (the embedded default) and PostgreSQL, on SQLAlchemy Core.

Build a marketplace on it with ``Marketplace.from_url("sqlite:///marketplace.db")`` or
``Marketplace.from_url("postgresql+psycopg://user@host/db")``; or build a :class:`SqlStore`
yourself and hand its :meth:`~SqlStore.unit_of_work` to ``Marketplace(uow=...)``.

How it keeps microjob's promises (details in ``docs/adapters.md`` and ``docs/scaling.md``):

* **One command, one transaction.** A :class:`SqlUnitOfWork` is one database transaction; its
  repositories, the ledger, the inbox and the outbox all write through it, and nothing is
  visible to anyone until :meth:`~SqlUnitOfWork.commit`.
* **Locking, not retrying.** SQLite transactions start with ``BEGIN IMMEDIATE`` (one writer at
  a time, readers never blocked thanks to WAL). PostgreSQL runs ``READ COMMITTED`` and every
  ``get``/``find`` reads the row ``FOR UPDATE``, so two commands on one order, one dispute or
  one record queue up instead of both acting on the same version; every ledger post first locks
  the chain head, so posts are serialized and an overdraft check always sees the latest
  balances. What still collides (two inserts of the same id, a deadlock, a lock timeout) comes
  back as :class:`~microjob.errors.Conflict` with the transaction rolled back: safe to retry.
* **Money exactly.** Ledger amounts and balances are integer minor units (``BIGINT``);
  amounts inside records are decimal text. Times are stored in UTC.
* **The ledger's rules are the ledger's.** A post is validated by :class:`microjob.ledger.Ledger`
  itself (on a scratch ledger seeded with the balances involved), hashed with
  :func:`~microjob.ledger.entry_hash`, and :meth:`SqlLedger.verify` runs ``Ledger.verify`` over
  the stored entries and cached balances.
* **Records generically.** Every aggregate kind lives in one table as a JSON document written
  by :mod:`microjob.adapters.codec`; the fields a kind declares as indexed get rows in an index
  table, so ``where`` is an index lookup.
* **An outbox.** Domain events are written to ``microjob_outbox`` in the command's transaction;
  :meth:`SqlStore.relay` forwards them to any :class:`~microjob.ports.EventPublisher` after
  the fact, at least once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import pendulum
import sqlalchemy as sa
from moneyed import Money
from pendulum import DateTime
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine

from microjob.adapters.codec import canonical, codec
from microjob.adapters.sql.clock import (
    SystemClock,
    _from_naive,
    _naive_utc,
    _sqlite_time,
    _sqlite_time_out,
    _utc,
)
from microjob.adapters.sql.documents import (
    _decode_order,
    _decode_policy,
    _decode_user,
    _encode_order,
    _encode_policy,
    _encode_user,
    _index_value,
    _json,
)
from microjob.adapters.sql.engine import _is_memory_sqlite, _make_engine, _translate
from microjob.adapters.sql.migrate import alembic_config as alembic_config
from microjob.adapters.sql.migrate import check_schema, upgrade
from microjob.adapters.sql.outbox import (
    _OUTBOX_PENDING,
    OutboxMessage,
    _decode_event,
    _event_kind,
)
from microjob.adapters.sql.schema import (
    HEAD_REVISION,
    VERSION_TABLE,
    metadata,
    orders_t,
    outbox_t,
    record_index_t,
    record_kinds_t,
    records_t,
)
from microjob.adapters.sql.schema import UtcDateTime as UtcDateTime
from microjob.adapters.sql.schema import balances_t as balances_t
from microjob.adapters.sql.schema import entries_t as entries_t
from microjob.adapters.sql.schema import ids_t as ids_t
from microjob.adapters.sql.schema import inbox_t as inbox_t
from microjob.adapters.sql.schema import ledger_head_t as ledger_head_t
from microjob.adapters.sql.schema import order_counts_t as order_counts_t
from microjob.adapters.sql.schema import policies_t as policies_t
from microjob.adapters.sql.schema import transfers_t as transfers_t
from microjob.adapters.sql.schema import users_t as users_t
from microjob.adapters.sql.statements import _compile, _Statement, _Statements
from microjob.errors import (
    Conflict,
    InsufficientFunds,
    LedgerIntegrityError,
    NotFound,
    ValidationError,
)
from microjob.events import Event
from microjob.ledger import GENESIS_HASH, WORLD, Entry, Ledger, LedgerSummary, Transfer, entry_hash
from microjob.money import currency_of, from_minor, to_minor, zero
from microjob.orders import Order
from microjob.policies import MarketplacePolicy
from microjob.ports import InboxRecord, Notification, Record
from microjob.users import User

__all__ = [
    "HEAD_REVISION",
    "VERSION_TABLE",
    "OutboxMessage",
    "SqlLedger",
    "SqlStore",
    "SqlUnitOfWork",
    "SystemClock",
    "metadata",
    "upgrade",
]

R = TypeVar("R", bound=Record)

_BIG = 2**63 - 1
_ID_BLOCK = 256
_ID_LOW_WATER = 32


# -- the store -------------------------------------------------------------------------------
class SqlStore:
    """A marketplace's database: the engine, the schema and what units of work share.

    ``url`` is a SQLAlchemy URL (``sqlite:///path.db``, ``postgresql+psycopg://...``) or an
    :class:`~sqlalchemy.engine.Engine`. On open the schema is migrated to
    :data:`HEAD_REVISION` (``migrate=False``: only checked). SQLite options:
    ``busy_timeout`` (seconds a writer waits for the lock, then ``Conflict``) and
    ``synchronous`` (``"FULL"``, the default, survives power loss; ``"NORMAL"`` survives a
    crashed process and is faster in WAL mode). Create one store per process (after a fork,
    open a new one: connections do not survive it).
    """

    def __init__(
        self,
        url: str | sa.URL | Engine,
        *,
        migrate: bool = True,
        busy_timeout: float = 30.0,
        synchronous: str = "FULL",
        counter_shards: int | None = None,
        **engine_options: Any,
    ) -> None:
        if isinstance(url, Engine):
            self.engine = url
        else:
            self.engine = _make_engine(url, busy_timeout, synchronous, engine_options)
        dialect = self.engine.dialect
        self.dialect = dialect.name
        if self.dialect not in ("sqlite", "postgresql"):
            raise ValidationError(
                f"the SQL adapter supports SQLite and PostgreSQL, not {self.dialect!r}"
            )
        self.is_postgres = self.dialect == "postgresql"
        self.dbapi_error: type[BaseException] = dialect.loaded_dbapi.Error
        self.time_in: Callable[[dt.datetime], Any] = (
            _naive_utc if self.is_postgres else _sqlite_time
        )
        self.time_out: Callable[[Any], DateTime] = (
            _from_naive if self.is_postgres else _sqlite_time_out
        )
        self.shards = counter_shards or (16 if self.is_postgres else 1)
        self._serial = threading.RLock() if _is_memory_sqlite(self.engine.url) else None
        self._insert: Any = pg_dialect.insert if self.is_postgres else sqlite_dialect.insert
        self._idle = threading.local()
        # ids: blocks reserved in their own transactions, so none is reused after a rollback
        self._pool_lock = threading.Lock()
        self._reserve_lock = threading.Lock()
        self._id_ranges: list[list[int]] = []
        # caches of immutable or validated data
        self._policy_hashes: dict[int, tuple[MarketplacePolicy, str]] = {}
        self._policies: dict[str, MarketplacePolicy] = {}
        self._known_policies: set[str] = set()
        self.record_indexes: dict[str, tuple[str, ...]] = {}
        self._checked_kinds: set[str] = set()
        self._decoded: dict[tuple[str, str], tuple[str, Any]] = {}
        self._variants: dict[tuple[Any, ...], _Statement] = {}
        self._build_statements()
        if migrate:
            upgrade(self.engine)
        else:
            check_schema(self.engine)

    def __repr__(self) -> str:
        return f"SqlStore({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def unit_of_work(self) -> SqlUnitOfWork:
        """A unit of work (one transaction) on this store; an idle one is reused per thread."""
        idle: SqlUnitOfWork | None = getattr(self._idle, "uow", None)
        if idle is not None and idle.connection is None:
            return idle
        uow = SqlUnitOfWork(self)
        self._idle.uow = uow
        return uow

    def compiled(self, key: tuple[Any, ...], build: Callable[[], Any]) -> _Statement:
        """A statement variant compiled on first use and kept (``where`` on given fields, ...)."""
        found = self._variants.get(key)
        if found is None:
            found = self._variants[key] = _compile(build(), self.engine.dialect)
        return found

    # -- ids -----------------------------------------------------------------------------------
    def _ids_left(self) -> int:
        return sum(end - start for start, end in self._id_ranges)

    def reserve_ids(self, at_least: int = _ID_LOW_WATER) -> None:
        """Make sure this process holds ``at_least`` unused ids, reserving a block in its own
        short transaction. Units of work call it before they begin."""
        if self._ids_left() >= at_least:
            return
        with self._reserve_lock:
            if self._ids_left() >= at_least:
                return
            with self._connect() as conn:
                try:
                    with conn.begin():
                        start = self._take_block(conn.connection.driver_connection)
                except sa.exc.DBAPIError as exc:
                    raise _translate(exc, "the id counter") from exc
            with self._pool_lock:
                self._id_ranges.append([start, start + _ID_BLOCK])

    def _take_block(self, raw: Any) -> int:
        st = self._s.reserve
        row = raw.execute(st.sql, st.args({"n": _ID_BLOCK})).fetchone()
        if row is None:
            raise LedgerIntegrityError(["the microjob_ids table lost its row; run the migrations"])
        return int(row[0]) - _ID_BLOCK

    def next_id(self, prefix: str, uow: SqlUnitOfWork | None = None) -> str:
        """A fresh id: ``prefix`` + a number never handed out before in this database."""
        with self._pool_lock:
            while self._id_ranges:
                current = self._id_ranges[0]
                if current[0] < current[1]:
                    number = current[0]
                    current[0] += 1
                    return f"{prefix}{number}"
                self._id_ranges.pop(0)
        if self.is_postgres or uow is None or uow.raw is None:
            self.reserve_ids(1)  # PostgreSQL: a separate transaction never waits on ours
            return self.next_id(prefix, uow)
        # SQLite inside a write transaction: a second connection could not write, so this block
        # comes from this transaction. If it rolls back, the counter goes back too and another
        # process may reserve the same numbers: the unit of work then forgets the block.
        start = self._take_block(uow.raw)
        block = [start + 1, start + _ID_BLOCK]
        uow._id_blocks.append(block)
        with self._pool_lock:
            self._id_ranges.append(block)
        return f"{prefix}{start}"

    def forget_ids(self, blocks: Iterable[list[int]]) -> None:
        """Drop id blocks reserved by a transaction that rolled back (see :meth:`next_id`)."""
        with self._pool_lock:
            for block in blocks:
                for i, held in enumerate(self._id_ranges):
                    if held is block:
                        del self._id_ranges[i]
                        break

    # -- connections ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _connect(self) -> Iterator[Connection]:
        if self._serial is not None:
            with self._serial, self.engine.connect() as conn:
                yield conn
        else:
            with self.engine.connect() as conn:
                yield conn

    # -- policies --------------------------------------------------------------------------------
    def policy_hash(self, policy: MarketplacePolicy) -> tuple[str, str | None]:
        """``(hash, data)``: the policy's content hash, and its JSON unless already stored."""
        cached = self._policy_hashes.get(id(policy))
        if cached is not None and cached[0] is policy:
            digest = cached[1]
            if digest in self._known_policies:
                return digest, None
        text = canonical(_encode_policy(policy))
        digest = hashlib.sha256(text.encode()).hexdigest()
        if len(self._policy_hashes) > 1024:
            self._policy_hashes.clear()
        self._policy_hashes[id(policy)] = (policy, digest)
        self._policies.setdefault(digest, policy)
        return digest, None if digest in self._known_policies else text

    def policy(self, uow: SqlUnitOfWork, digest: str) -> MarketplacePolicy:
        found = self._policies.get(digest)
        if found is None:
            row = uow.q1(self._s.policy_get, {"hash": digest})
            if row is None:
                raise NotFound(f"no policy {digest}: the database lost a row orders refer to")
            found = _decode_policy(json.loads(row[0]))
            if len(self._policies) > 1024:
                self._policies.clear()
            self._policies[digest] = found
            self._known_policies.add(digest)
        return found

    # -- decoding with a cache validated by the stored text ----------------------------------------
    def decoded(self, space: str, key: str, text: str, decode: Callable[[str], Any]) -> Any:
        slot = (space, key)
        hit = self._decoded.get(slot)
        if hit is not None and hit[0] == text:
            return hit[1]
        value = decode(text)
        self.remember(space, key, text, value)
        return value

    def remember(self, space: str, key: str, text: str, value: Any) -> None:
        if len(self._decoded) > 20_000:
            self._decoded.clear()
        self._decoded[(space, key)] = (text, value)

    # -- the outbox ------------------------------------------------------------------------------
    def pending_events(self, limit: int = 100) -> list[OutboxMessage]:
        """Events committed but not yet marked published, oldest first."""
        with self._connect() as conn, conn.begin():
            rows = conn.execute(_OUTBOX_PENDING, {"limit": limit}).all()
        return [OutboxMessage(int(r[0]), r[1], _decode_event(r[1], r[2])) for r in rows]

    def mark_published(self, ids: Iterable[int], at: DateTime | None = None) -> None:
        """Mark outbox rows as forwarded (when you relay them yourself)."""
        when = _utc(at) if at is not None else pendulum.now("UTC")
        with self._connect() as conn, conn.begin():
            conn.execute(
                outbox_t.update().where(outbox_t.c.id.in_(list(ids))).values(published_at=when)
            )

    def relay(self, publisher: Any, limit: int = 100) -> int:
        """Forward up to ``limit`` unpublished events to ``publisher.publish`` and mark them
        published, in one transaction (PostgreSQL: ``SKIP LOCKED``, so several relays may run).
        If ``publish`` raises, nothing is marked and the same events come again next time
        (at-least-once). Returns how many were forwarded."""
        with self._connect() as conn, conn.begin():
            stmt = _OUTBOX_PENDING
            if self.is_postgres:
                stmt = stmt.with_for_update(skip_locked=True)
            rows = conn.execute(stmt, {"limit": limit}).all()
            if not rows:
                return 0
            publisher.publish([_decode_event(r[1], r[2]) for r in rows])
            conn.execute(
                outbox_t.update()
                .where(outbox_t.c.id.in_([r[0] for r in rows]))
                .values(published_at=pendulum.now("UTC"))
            )
        return len(rows)

    def purge_published(self, before: DateTime) -> int:
        """Delete outbox rows published before ``before``; returns how many."""
        with self._connect() as conn, conn.begin():
            result = conn.execute(
                outbox_t.delete().where(
                    outbox_t.c.published_at.is_not(None), outbox_t.c.published_at < _utc(before)
                )
            )
        return int(result.rowcount)

    # -- statements ------------------------------------------------------------------------------
    def _build_statements(self) -> None:
        self._s = _Statements(self.engine.dialect, self._insert, self.is_postgres)


# -- the unit of work --------------------------------------------------------------------------
class SqlUnitOfWork:
    """One command's database transaction (see the module docstring for the locking)."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.connection: Any = None
        """The pool's proxy of the DBAPI connection, while a transaction is open."""
        self.raw: Any = None
        """The driver's connection (``sqlite3`` / ``psycopg``), while a transaction is open."""
        self.users = SqlUserRepository(self)
        self.orders = SqlOrderRepository(self)
        self.ledger = SqlLedger(self)
        self.inbox = SqlInbox(self)
        self._repos: dict[str, SqlRecords[Any]] = {}
        self._events: list[Event] = []
        self._notes: list[Notification] = []
        self._committed = False
        self._new_policies: list[str] = []
        self._new_kinds: list[str] = []
        self._id_blocks: list[list[int]] = []
        self._serial: threading.RLock | None = None

    # -- transaction -----------------------------------------------------------------------------
    # The unit of work talks to the pooled DBAPI connection itself: SQLAlchemy's Connection
    # (events, result wrappers, begin/commit bookkeeping) cost more than the statements of a
    # short command. SQLite: BEGIN IMMEDIATE takes the write lock up front, so two commands
    # never both read and then both write. PostgreSQL: psycopg opens the transaction at the
    # first statement (the engine sets READ COMMITTED); row locks do the rest.
    def __enter__(self) -> Self:
        if self.connection is not None:
            raise RuntimeError("this unit of work is already in use; open a new one")
        store = self.store
        store.reserve_ids()
        if store._serial is not None:
            store._serial.acquire()
            self._serial = store._serial
        try:
            pooled = store.engine.raw_connection()
            raw: Any = pooled.driver_connection
            if not store.is_postgres:
                try:
                    raw.execute("BEGIN IMMEDIATE")
                except store.dbapi_error as exc:
                    pooled.close()
                    raise _translate(exc, "the transaction") from exc
        except BaseException:
            self._release()
            raise
        self.connection = pooled
        self.raw = raw
        self._committed = False
        self._events = []
        self._notes = []
        self._new_policies = []
        self._new_kinds = []
        self._id_blocks = []
        self.orders._read.clear()
        self.ledger._head = None
        for repo in self._repos.values():
            repo._read.clear()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        pooled = self.connection
        try:
            if pooled is not None and not self._committed:
                self.rollback()
        finally:
            self.connection = None
            self.raw = None
            try:
                if pooled is not None:
                    pooled.close()  # back to the pool, with no transaction open
            finally:
                self._release()

    def _release(self) -> None:
        if self._serial is not None:
            serial, self._serial = self._serial, None
            serial.release()

    def commit(self) -> None:
        raw = self._raw
        if self._committed:
            raise RuntimeError("this unit of work was committed already; open a new one")
        if self._events:
            time_in = self.store.time_in
            self.qmany(
                self.store._s.outbox_insert,
                [
                    {"at": time_in(e.at), "kind": _event_kind(e), "data": _json(codec.encode(e))}
                    for e in self._events
                ],
            )
        try:
            raw.commit()
        except self.store.dbapi_error as exc:
            self._abandon()
            raise _translate(exc, "the commit") from exc
        self._committed = True
        self._id_blocks = []
        store = self.store
        store._known_policies.update(self._new_policies)
        store._checked_kinds.update(self._new_kinds)

    def rollback(self) -> None:
        raw = self.raw
        self._events.clear()
        self._notes.clear()
        for repo in self._repos.values():
            repo._read.clear()
        self.orders._read.clear()
        self.ledger._head = None
        self.store.forget_ids(self._id_blocks)
        self._id_blocks = []
        if raw is not None:
            try:
                raw.rollback()
            except self.store.dbapi_error as exc:
                self._abandon()
                raise _translate(exc, "the rollback") from exc

    def _abandon(self) -> None:
        """Drop a connection whose transaction could not end cleanly (the server went away):
        the pool opens a new one rather than hand this one out again."""
        pooled = self.connection
        if pooled is not None:
            with contextlib.suppress(Exception):
                pooled.invalidate()

    @property
    def _raw(self) -> Any:
        raw = self.raw
        if raw is None:
            raise RuntimeError("use the unit of work inside 'with' (it is one transaction)")
        return raw

    # -- statements ---------------------------------------------------------------------------
    def q(self, st: _Statement, params: dict[str, Any] | None = None, what: str = "") -> Any:
        """Run a compiled statement in this transaction; returns the driver's cursor."""
        raw = self.raw
        if raw is None:
            raise RuntimeError("use the unit of work inside 'with' (it is one transaction)")
        try:
            return raw.execute(st.sql, st.args(params or {}))
        except self.store.dbapi_error as exc:
            raise _translate(exc, what) from exc

    def q1(self, st: _Statement, params: dict[str, Any] | None = None) -> Any:
        """The first row of a compiled query, or ``None``."""
        return self.q(st, params).fetchone()

    def qmany(self, st: _Statement, rows: Sequence[dict[str, Any]], what: str = "") -> int:
        """Run a compiled statement once per parameter set; returns the rows it touched."""
        raw = self.raw
        if raw is None:
            raise RuntimeError("use the unit of work inside 'with' (it is one transaction)")
        args = [st.args(p) for p in rows]
        try:
            if self.store.is_postgres:
                with raw.cursor() as cursor:
                    cursor.executemany(st.sql, args)
                    return int(cursor.rowcount)
            return int(raw.executemany(st.sql, args).rowcount)
        except self.store.dbapi_error as exc:
            raise _translate(exc, what) from exc

    def run(self, stmt: Any, what: str = "") -> Any:
        """Compile and run a one-off SQLAlchemy statement in this transaction (the slower,
        general path, for rare work such as re-indexing a kind)."""
        return self.q(_compile(stmt, self.store.engine.dialect), None, what)

    # -- events ------------------------------------------------------------------------------------
    def emit(self, event: Event) -> None:
        self._events.append(event)

    def notify(self, notification: Notification) -> None:
        self._notes.append(notification)

    def collected(self) -> tuple[list[Event], list[Notification]]:
        return self._events, self._notes

    # -- records -----------------------------------------------------------------------------------
    def records(
        self, kind: str, record_type: type[R], *, index: tuple[str, ...] = ()
    ) -> SqlRecords[R]:
        repo = self._repos.get(kind)
        if repo is None:
            declared = self.store.record_indexes.setdefault(kind, index)
            if declared != index:
                raise ValueError(f"{kind} records are indexed by {declared}, not {index}")
            repo = self._repos[kind] = SqlRecords(self, kind, record_type, index)
        elif repo._index != index:
            raise ValueError(f"{kind} records are indexed by {repo._index}, not {index}")
        if (
            self.raw is not None
            and kind not in self.store._checked_kinds
            and kind not in self._new_kinds
        ):
            repo._check_kind()
        return repo

    # -- policies ---------------------------------------------------------------------------
    def policy_hash(self, policy: MarketplacePolicy) -> str:
        digest, text = self.store.policy_hash(policy)
        if text is not None and digest not in self._new_policies:
            self.q(self.store._s.policy_insert, {"hash": digest, "data": text}, "a policy")
            self._new_policies.append(digest)
        return digest


# -- users -------------------------------------------------------------------------------------
def _load_user(text: str) -> User:
    user: User = _decode_user(json.loads(text))
    return user


class SqlUserRepository:
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def find(self, user_id: str) -> User | None:
        uow = self._uow
        row = uow.q1(uow.store._s.user_get, {"id": user_id})
        if row is None:
            return None
        found: User = uow.store.decoded("user", user_id, row[0], _load_user)
        return found

    def get(self, user_id: str) -> User:
        user = self.find(user_id)
        if user is None:
            raise NotFound(f"no user {user_id!r}; register them first")
        return user

    def by_email(self, email: str) -> User | None:
        uow = self._uow
        row = uow.q1(uow.store._s.user_by_email, {"email": email.lower()})
        if row is None:
            return None
        found: User = uow.store.decoded("user", row[0], row[1], _load_user)
        return found

    def add(self, user: User) -> None:
        uow = self._uow
        if self.find(user.id) is not None:
            raise Conflict(f"user id {user.id!r} is already registered")
        if self.by_email(user.email) is not None:
            raise Conflict(f"e-mail {user.email!r} is already registered")
        cursor = uow.q(
            uow.store._s.user_insert,
            {"id": user.id, "email_key": user.email.lower(), "data": _json(_encode_user(user))},
            f"user {user.id!r}",
        )
        if cursor.rowcount != 1:
            raise Conflict(f"user {user.id!r} or e-mail {user.email!r} was just registered")


# -- orders ------------------------------------------------------------------------------------
class SqlOrderRepository:
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow
        self._read: dict[str, Order] = {}

    def next_id(self) -> str:
        return self._uow.store.next_id("o", self._uow)

    def _decode(self, order_id: str, digest: str, text: str) -> Order:
        uow = self._uow
        store = uow.store
        slot = ("order", order_id)
        key = digest + text
        hit = store._decoded.get(slot)
        if hit is not None and hit[0] == key:
            found: Order = hit[1]
            return found
        order: Order = _decode_order(json.loads(text), policy=store.policy(uow, digest))
        store.remember("order", order_id, key, order)
        return order

    def get(self, order_id: str) -> Order:
        uow = self._uow
        row = uow.q1(uow.store._s.order_get, {"id": order_id})
        if row is None:
            raise NotFound(f"no order {order_id!r}")
        order = self._decode(order_id, row[0], row[1])
        self._read[order_id] = order
        return order

    def _row(self, order: Order) -> dict[str, Any]:
        wake = order.wake_at
        return {
            "version": order.version,
            "state": order.state,
            "wake_at": None if wake is None else self._uow.store.time_in(wake),
            "policy_hash": self._uow.policy_hash(order.policy),
            "data": _json(_encode_order(order)),
        }

    def add(self, order: Order) -> None:
        uow = self._uow
        row = self._row(order)
        row.update(id=order.id, buyer_id=order.buyer_id, seller_id=order.seller_id)
        if uow.q(uow.store._s.order_insert, row, f"order {order.id!r}").rowcount != 1:
            raise Conflict(f"order {order.id!r} already exists")
        self._count(order.id, ((order.state, 1),))
        uow.store.remember("order", order.id, row["policy_hash"] + row["data"], order)
        self._read[order.id] = order

    def save(self, order: Order) -> None:
        uow = self._uow
        s = uow.store._s
        current = self._read.get(order.id)
        if current is not None:
            version, state = current.version, current.state
        else:
            head = uow.q1(s.order_head, {"id": order.id})
            if head is None:
                raise NotFound(f"no order {order.id!r} to save")
            version, state = int(head[0]), str(head[1])
        if order.version <= version:
            raise Conflict(
                f"order {order.id} changed since it was read (version {version}); "
                "reload it and try again"
            )
        row = self._row(order)
        row.update(oid=order.id, expected=version)
        if uow.q(s.order_update, row, f"order {order.id!r}").rowcount != 1:
            now = uow.q1(s.order_exists, {"id": order.id})
            if now is None:
                raise NotFound(f"no order {order.id!r} to save")
            raise Conflict(
                f"order {order.id} changed since it was read (version {now[0]}); "
                "reload it and try again"
            )
        if state != order.state:
            self._count(order.id, ((state, -1), (order.state, 1)))
        uow.store.remember("order", order.id, row["policy_hash"] + row["data"], order)
        self._read[order.id] = order

    def _count(self, order_id: str, changes: Iterable[tuple[str, int]]) -> None:
        uow = self._uow
        shard = zlib.crc32(order_id.encode()) % uow.store.shards
        params = [{"state": s, "shard": shard, "n": n} for s, n in sorted(changes)]
        uow.qmany(uow.store._s.count_upsert, params, "order counts")

    def due(self, now: DateTime, limit: int = 1000) -> list[str]:
        uow = self._uow
        rows = uow.q(uow.store._s.order_due, {"now": uow.store.time_in(now), "limit": limit})
        return [str(r[0]) for r in rows.fetchall()]

    def for_user(self, user_id: str, role: str, states: Iterable[str] | None = None) -> list[Order]:
        if role not in ("buyer", "seller"):
            return []
        wanted = None if states is None else sorted(set(states))
        if wanted is not None and not wanted:
            return []
        count = -1 if wanted is None else len(wanted)

        def build() -> Any:
            o = orders_t.c
            column = o.buyer_id if role == "buyer" else o.seller_id
            stmt = sa.select(o.id, o.policy_hash, o.data).where(column == sa.bindparam("user"))
            if count >= 0:
                stmt = stmt.where(o.state.in_([sa.bindparam(f"s{i}") for i in range(count)]))
            return stmt.order_by(o.seq)

        st = self._uow.store.compiled(("for_user", role, count), build)
        params: dict[str, Any] = {"user": user_id}
        for i, state in enumerate(wanted or ()):
            params[f"s{i}"] = state
        rows = self._uow.q(st, params).fetchall()
        return [self._decode(r[0], r[1], r[2]) for r in rows]

    def count_by_state(self) -> dict[str, int]:
        rows = self._uow.q(self._uow.store._s.count_all).fetchall()
        return {str(r[0]): int(r[1]) for r in rows if r[1]}


# -- records -----------------------------------------------------------------------------------
class SqlRecords(Generic[R]):
    """The records of one kind: JSON documents plus equality-index rows for declared fields."""

    def __init__(
        self, uow: SqlUnitOfWork, kind: str, record_type: type[R], index: tuple[str, ...]
    ) -> None:
        self._uow = uow
        self._kind = kind
        self._space = f"record:{kind}"
        self._type = record_type
        self._index = index
        self._decoder = codec.decoder(record_type)
        self._encoder = codec.encoder(record_type)
        self._read: dict[str, tuple[int, R]] = {}

    def _load(self, text: str) -> R:
        record: R = self._decoder(json.loads(text))
        return record

    def _check_kind(self) -> None:
        """Make the stored index match the declared one (re-indexing after an upgrade that
        changed it), once per store and kind."""
        uow = self._uow
        s = uow.store._s
        row = uow.q1(s.kind_get, {"kind": self._kind})
        fields = _json(list(self._index))
        if row is None:
            uow.q(s.kind_insert, {"kind": self._kind, "fields": fields})
        elif row[0] != fields:
            x = record_index_t.c
            uow.run(record_index_t.delete().where(x.kind == self._kind))
            r = records_t.c
            stored: list[Any] = uow.run(
                sa.select(r.seq, r.data).where(r.kind == self._kind).order_by(r.seq)
            ).fetchall()
            params = [
                p for rec in stored for p in self._index_rows(int(rec[0]), self._load(rec[1]))
            ]
            if params:
                uow.qmany(s.index_insert, params)
            uow.run(
                record_kinds_t.update()
                .where(record_kinds_t.c.kind == self._kind)
                .values(fields=fields)
            )
        uow._new_kinds.append(self._kind)

    def _index_rows(self, seq: int, record: R) -> list[dict[str, Any]]:
        return [
            {
                "kind": self._kind,
                "name": name,
                "value": _index_value(getattr(record, name)),
                "seq": seq,
            }
            for name in self._index
        ]

    def next_id(self) -> str:
        return self._uow.store.next_id(self._kind[:1], self._uow)

    def find(self, record_id: str) -> R | None:
        uow = self._uow
        row = uow.q1(uow.store._s.record_get, {"kind": self._kind, "id": record_id})
        if row is None:
            return None
        record: R = uow.store.decoded(self._space, record_id, row[1], self._load)
        self._read[record_id] = (int(row[0]), record)
        return record

    def get(self, record_id: str) -> R:
        record = self.find(record_id)
        if record is None:
            raise NotFound(f"no {self._kind} {record_id!r}")
        return record

    def add(self, record: R) -> None:
        uow = self._uow
        s = uow.store._s
        text = _json(self._encoder(record))
        row = uow.q1(
            s.record_insert,
            {"kind": self._kind, "id": record.id, "version": record.version, "data": text},
        )
        if row is None:
            raise Conflict(f"{self._kind} {record.id!r} already exists")
        seq = int(row[0])
        if self._index:
            uow.qmany(s.index_insert, self._index_rows(seq, record))
        uow.store.remember(self._space, record.id, text, record)
        self._read[record.id] = (seq, record)

    def save(self, record: R) -> None:
        uow = self._uow
        s = uow.store._s
        read = self._read.get(record.id)
        if read is None:
            if self.find(record.id) is None:
                raise NotFound(f"no {self._kind} {record.id!r} to save")
            read = self._read[record.id]
        seq, current = read
        if record.version <= current.version:
            raise Conflict(
                f"{self._kind} {record.id} changed since it was read; reload it and try again"
            )
        text = _json(self._encoder(record))
        cursor = uow.q(
            s.record_update,
            {
                "rkind": self._kind,
                "rid": record.id,
                "expected": current.version,
                "version": record.version,
                "data": text,
            },
        )
        if cursor.rowcount != 1:
            raise Conflict(
                f"{self._kind} {record.id} changed since it was read; reload it and try again"
            )
        for name in self._index:
            old = _index_value(getattr(current, name))
            new = _index_value(getattr(record, name))
            if old != new:
                key = {"kind": self._kind, "name": name, "seq": seq}
                uow.q(s.index_delete, {**key, "value": old})
                uow.q(s.index_insert, {**key, "value": new})
        uow.store.remember(self._space, record.id, text, record)
        self._read[record.id] = (seq, record)

    def where(self, **fields: object) -> list[R]:
        uow = self._uow
        store = uow.store
        if not fields:
            rows = uow.q(store._s.record_all, {"kind": self._kind}).fetchall()
        else:
            unknown = set(fields) - set(self._index)
            if unknown:
                raise ValueError(f"{self._kind} records are not indexed by {sorted(unknown)}")
            names = tuple(sorted(fields))
            st = store.compiled(("where", names), lambda: _where(names))
            params: dict[str, Any] = {"kind": self._kind}
            for number, name in enumerate(names):
                params[f"v{number}"] = _index_value(fields[name])
            rows = uow.q(st, params).fetchall()
        return [store.decoded(self._space, str(i), text, self._load) for i, text in rows]


def _where(names: tuple[str, ...]) -> Any:
    r = records_t.c
    source: Any = records_t
    for number, name in enumerate(names):
        alias = record_index_t.alias(f"i{number}")
        source = source.join(
            alias,
            sa.and_(
                alias.c.seq == r.seq,
                alias.c.kind == sa.bindparam("kind"),
                alias.c.name == name,
                alias.c.value == sa.bindparam(f"v{number}"),
            ),
        )
    return (
        sa.select(r.id, r.data)
        .select_from(source)
        .where(r.kind == sa.bindparam("kind"))
        .order_by(r.seq)
    )


# -- inbox -------------------------------------------------------------------------------------
class SqlInbox:
    """Ids of gateway events already handled; a concurrent second delivery gets ``Conflict``."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def find(self, event_id: str) -> InboxRecord | None:
        row = self._uow.q1(self._uow.store._s.inbox_find, {"id": event_id})
        return None if row is None else InboxRecord(row[0], row[1])

    def record(self, event_id: str, outcome: str, fingerprint: str) -> None:
        cursor = self._uow.q(
            self._uow.store._s.inbox_insert,
            {"event_id": event_id, "outcome": outcome, "fingerprint": fingerprint},
            f"gateway event {event_id!r}",
        )
        if cursor.rowcount != 1:
            raise Conflict(
                f"gateway event {event_id!r} was handled by a concurrent command; "
                "this delivery is a duplicate"
            )


# -- the ledger ---------------------------------------------------------------------------------
_SEED_KEY = "\x00microjob-seed"


class SqlLedger:
    """The ledger port on the database: entries, transfers, cached balances and the chain head,
    all written in the unit of work's transaction."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow
        self._head: tuple[int, str] | None = None

    # -- posting -------------------------------------------------------------------------------
    def post(
        self, key: str, cause: str, transfers: Sequence[Transfer], at: DateTime, memo: str = ""
    ) -> Entry:
        """Apply ``transfers`` atomically under the idempotency ``key`` (see
        :meth:`microjob.ledger.Ledger.post`: the same rules, checked by that very code)."""
        transfers = tuple(transfers)
        uow = self._uow
        store = uow.store
        s = store._s
        good_key = isinstance(key, str) and bool(key)
        head = self._head
        if head is None:
            # Every post queues here first: the chain has one head, locked till commit.
            row = uow.q1(s.head_lock, {"key": key if good_key else ""})
            if row is None:
                raise LedgerIntegrityError(["the ledger head row is missing; run the migrations"])
            head = self._head = (int(row[0]), str(row[1]))
            taken = row[2] is not None
        else:
            taken = good_key and uow.q1(s.entry_has, {"key": key}) is not None
        if taken:
            existing = self._find(key)
            assert existing is not None
            if existing.same_content(cause, transfers, memo):
                return existing
            raise Conflict(
                f"idempotency key {key!r} was already used for a different entry "
                f"(cause {existing.cause!r}); use a new key for a new operation"
            )
        deltas = _deltas(transfers)
        if deltas is None or not deltas:
            with contextlib.suppress(InsufficientFunds):
                Ledger().post(key, cause, transfers, at, memo)  # says what is malformed
            raise ValidationError(
                "these transfers cannot be stored exactly: an amount is beyond 64-bit minor units"
            )
        current = self._balances_for(list(deltas))
        scratch = Ledger()
        seeds = [
            Transfer(WORLD, account, from_minor(units, code))
            for (account, code), units in current.items()
            if units > 0 and account != WORLD and deltas.get((account, code), 0) < 0
        ]
        if seeds:
            scratch.post(_SEED_KEY, "seed:balances", seeds, at)
        scratch.post(key, cause, transfers, at, memo)  # raises exactly as the ledger would
        when = _utc(at)
        legs = tuple(
            Transfer(t.source, t.destination, from_minor(_minor(t.amount), t.amount.currency.code))
            for t in transfers
        )
        seq, prev = head
        digest = entry_hash(prev, seq, key, cause, when.isoformat(), memo, legs)
        entry = Entry(seq, key, cause, legs, when, memo, prev, digest)
        uow.q(
            s.entry_insert,
            {
                "seq": seq,
                "entry_key": key,
                "cause": cause,
                "at": store.time_in(when),
                "memo": memo,
                "prev_hash": prev,
                "hash": digest,
            },
            f"ledger entry {key!r}",
        )
        uow.qmany(
            s.transfer_insert,
            [
                {
                    "seq": seq,
                    "leg": leg,
                    "source": t.source,
                    "destination": t.destination,
                    "currency": t.amount.currency.code,
                    "amount": _minor(t.amount),
                }
                for leg, t in enumerate(legs)
            ],
        )
        rows = []
        for (account, code), delta in deltas.items():
            value = current.get((account, code), 0) + delta
            if not -_BIG <= value <= _BIG:
                raise ValidationError(f"{account} would hold more {code} than can be stored")
            rows.append({"account": account, "currency": code, "balance": value})
        uow.qmany(s.balance_upsert, rows, "a ledger balance")
        uow.q(s.head_update, {"entries": seq + 1, "hash": digest})
        self._head = (seq + 1, digest)
        return entry

    def _balances_for(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        uow = self._uow
        st = uow.store.compiled(
            ("balances", len(pairs)), lambda: _Statements.balances_for(len(pairs))
        )
        params: dict[str, Any] = {}
        for i, (account, code) in enumerate(pairs):
            params[f"a{i}"] = account
            params[f"c{i}"] = code
        return {(str(a), str(c)): int(v) for a, c, v in uow.q(st, params).fetchall()}

    # -- reading -----------------------------------------------------------------------------------
    def _entries(self, st: _Statement, params: dict[str, Any] | None = None) -> list[Entry]:
        rows = self._uow.q(st, params).fetchall()
        return _group_entries(rows, self._uow.store.time_out)

    def _find(self, key: str) -> Entry | None:
        found = self._entries(self._uow.store._s.entry_by_key, {"key": key})
        return found[0] if found else None

    def entry(self, key: str) -> Entry:
        found = self._find(key)
        if found is None:
            raise NotFound(f"no ledger entry with key {key!r}")
        return found

    def has_entry(self, key: str) -> bool:
        return self._uow.q1(self._uow.store._s.entry_has, {"key": key}) is not None

    def balance(self, account: str, currency: str) -> Money:
        code = currency_of(currency).code
        row = self._uow.q1(self._uow.store._s.balance_get, {"account": account, "currency": code})
        return zero(code) if row is None else from_minor(int(row[0]), code)

    def balances(self, account: str) -> dict[str, Money]:
        rows = self._uow.q(self._uow.store._s.balances_of, {"account": account}).fetchall()
        return {str(code): from_minor(int(units), str(code)) for code, units in rows}

    def entries_for(self, account: str, currency: str) -> list[Entry]:
        code = currency_of(currency).code
        return self._entries(
            self._uow.store._s.entries_by_account, {"account": account, "currency": code}
        )

    def entries_for_cause(self, cause: str) -> list[Entry]:
        return self._entries(self._uow.store._s.entries_by_cause, {"cause": cause})

    def entries(self) -> Iterator[Entry]:
        return iter(self._entries(self._uow.store._s.entries_all))

    def __len__(self) -> int:
        row = self._uow.q1(self._uow.store._s.head_plain)
        return 0 if row is None else int(row[0])

    @property
    def head(self) -> str:
        """The hash of the newest entry (see :attr:`microjob.ledger.Ledger.head`)."""
        row = self._uow.q1(self._uow.store._s.head_plain)
        return GENESIS_HASH if row is None else str(row[1])

    # -- verification ----------------------------------------------------------------------------
    def verify(self) -> LedgerSummary:
        """``Ledger.verify`` over the stored entries and cached balances, read while posts are
        held off (PostgreSQL: the chain head is locked for share), plus the stored chain head."""
        uow = self._uow
        s = uow.store._s
        head = uow.q1(s.head_share)
        entries = self._entries(s.entries_all)
        balances = {
            (str(account), str(code)): from_minor(int(units), str(code)).amount
            for account, code, units in uow.q(s.balances_all).fetchall()
        }
        problems: list[str] = []
        last = entries[-1].hash if entries else GENESIS_HASH
        if head is None:
            problems.append("the ledger head row is missing")
        elif int(head[0]) != len(entries) or str(head[1]) != last:
            problems.append(
                f"the stored chain head ({head[0]} entries, {str(head[1])[:12]}) does not match "
                f"the entries ({len(entries)}, {last[:12]})"
            )
        book = Ledger()
        book._entries = entries
        book._balances = balances
        try:
            summary = book.verify()
        except LedgerIntegrityError as exc:
            raise LedgerIntegrityError([*exc.problems, *problems]) from None
        if problems:
            raise LedgerIntegrityError(problems)
        return summary


def _minor(amount: Money) -> int:
    units = to_minor(amount)
    if not -_BIG <= units <= _BIG:
        raise ValidationError(
            f"{amount.amount} {amount.currency.code} is too large to store (64-bit minor units)"
        )
    return units


def _deltas(transfers: Sequence[Transfer]) -> dict[tuple[str, str], int] | None:
    """Net change per (account, currency) in minor units; ``None`` if a transfer is malformed
    or too large to store (the caller then lets a scratch ledger say what is wrong)."""
    deltas: dict[tuple[str, str], int] = {}
    try:
        for source, destination, amount in transfers:
            code = amount.currency.code
            units = _minor(amount)
            src = (source, code)
            dst = (destination, code)
            deltas[src] = deltas.get(src, 0) - units
            deltas[dst] = deltas.get(dst, 0) + units
    except (TypeError, ValueError, AttributeError, ArithmeticError):
        return None
    return deltas


def _group_entries(rows: Sequence[Any], time_out: Callable[[Any], DateTime]) -> list[Entry]:
    entries: list[Entry] = []
    head: Any = None
    legs: list[Transfer] = []
    for row in rows:
        if head is None or head[0] != row[0]:
            if head is not None:
                entries.append(_entry(head, legs, time_out))
            head = row
            legs = []
        legs.append(Transfer(row[8], row[9], from_minor(int(row[11]), str(row[10]))))
    if head is not None:
        entries.append(_entry(head, legs, time_out))
    return entries


def _entry(row: Any, legs: list[Transfer], time_out: Callable[[Any], DateTime]) -> Entry:
    return Entry(int(row[0]), row[1], row[2], tuple(legs), time_out(row[3]), row[4], row[5], row[6])
