"""The SQL store: one marketplace database, and what its units of work share.

A `SqlStore` owns the engine, the compiled statements, the id blocks it hands out, and
caches of stored policies and decoded documents; it opens units of work and relays the outbox.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pendulum
import sqlalchemy as sa
from pendulum import DateTime
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine

from microjob.adapters.codec import canonical
from microjob.adapters.sql.clock import (
    _from_naive,
    _naive_utc,
    _sqlite_time,
    _sqlite_time_out,
    _utc,
)
from microjob.adapters.sql.documents import _decode_policy, _encode_policy
from microjob.adapters.sql.engine import _is_memory_sqlite, _make_engine, _translate
from microjob.adapters.sql.migrate import check_schema, upgrade
from microjob.adapters.sql.outbox import _OUTBOX_PENDING, OutboxMessage, _decode_event
from microjob.adapters.sql.schema import outbox_t
from microjob.adapters.sql.statements import _compile, _Statement, _Statements
from microjob.adapters.sql.unit_of_work import SqlUnitOfWork
from microjob.errors import LedgerIntegrityError, NotFound, ValidationError
from microjob.integrity import Checkpoint, Keyring, LedgerKey
from microjob.policies import MarketplacePolicy

if TYPE_CHECKING:
    from microjob.adapters.sql.search import SqlSearchIndex

_ID_BLOCK = 256
_ID_LOW_WATER = 32


class SqlStore:
    """A marketplace's database: the engine, the schema and what units of work share.

    ``url`` is a SQLAlchemy URL (``sqlite:///path.db``, ``postgresql+psycopg://...``) or an
    `Engine`. On open the schema is migrated to
    `HEAD_REVISION` (``migrate=False``: only checked). SQLite options:
    ``busy_timeout`` (seconds a writer waits for the lock, then ``Conflict``) and
    ``synchronous`` (``"FULL"``, the default, survives power loss; ``"NORMAL"`` survives a
    crashed process and is faster in WAL mode). Create one store per process (after a fork,
    open a new one: connections do not survive it).

    The ledger: ``ledger_key`` is the host's [`LedgerKey`][microjob.integrity.LedgerKey] (or a
    `Keyring` after a rotation) that entries are MACed and sealed
    under; the database never holds it. A key is adopted by a ledger with no entries when a
    store first opens it; a ledger with unkeyed history is sealed under the key only when
    asked, ``adopt_ledger_key=True`` (trust on first use, a decision the operator makes once:
    the database cannot prove it was never keyed before, since its writer could have
    rewritten it whole), recorded as such; once keyed, a store without the key may read and
    verify (saying it could not check the MACs) but not post.
    ``seal_every``: committed entries between two automatic seals (a short transaction after
    a command's commit). ``ledger_stripes``: rows a hot account's balance is spread over
    (PostgreSQL 16, SQLite 1: it has one writer at a time anyway).
    """

    def __init__(
        self,
        url: str | sa.URL | Engine,
        *,
        migrate: bool = True,
        busy_timeout: float = 30.0,
        synchronous: str = "FULL",
        counter_shards: int | None = None,
        ledger_key: LedgerKey | Keyring | None = None,
        seal_every: int = 64,
        ledger_stripes: int | None = None,
        adopt_ledger_key: bool = False,
        **engine_options: Any,
    ) -> None:
        self.keyring = Keyring.of(ledger_key)
        self._adopt = adopt_ledger_key is True
        if isinstance(seal_every, bool) or not isinstance(seal_every, int) or seal_every < 1:
            raise ValidationError(
                f"seal_every is a number of entries, at least 1; got {seal_every!r}"
            )
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
        self.update_from = self.is_postgres or _sqlite_version(dialect) >= (3, 33)
        """Whether the database takes ``UPDATE … FROM`` (SQLite 3.33 and later)."""
        self.dbapi_error: type[BaseException] = dialect.loaded_dbapi.Error
        self.time_in: Callable[[dt.datetime], Any] = (
            _naive_utc if self.is_postgres else _sqlite_time
        )
        self.time_out: Callable[[Any], DateTime] = (
            _from_naive if self.is_postgres else _sqlite_time_out
        )
        self.shards = counter_shards or (16 if self.is_postgres else 1)
        stripes = ledger_stripes if ledger_stripes is not None else (16 if self.is_postgres else 1)
        if isinstance(stripes, bool) or not isinstance(stripes, int) or not 1 <= stripes <= 1024:
            raise ValidationError(f"ledger_stripes is 1 to 1024, got {ledger_stripes!r}")
        self.ledger_stripes = stripes
        self.seal_every = seal_every
        self._unsealed = 0
        self.next_entry_seq: int | None = None
        """SQLite: the seq after the last entry this store committed, where the next posting
        tries first (another process may have taken it: the posting then reads ``max + 1``)."""
        self._unsealed_lock = threading.Lock()
        self.refuse_unkeyed = False
        """Set when the database's ledger is keyed and this store has no key: it may not post."""
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
        self._unstored_kinds: set[str] = set()
        """Kinds checked with no stored row (nor records): the first record stores it."""
        self._decoded: dict[tuple[str, str], tuple[str, Any]] = {}
        self._variants: dict[tuple[Any, ...], _Statement] = {}
        self._search_index: SqlSearchIndex | None = None
        self._search_lock = threading.Lock()
        self._build_statements()
        if migrate:
            upgrade(self.engine)
        else:
            check_schema(self.engine)
        self._open_ledger()

    # -- the ledger's seals --------------------------------------------------------------------
    def _open_ledger(self) -> None:
        """Keyed: adopt the key for a ledger with no entries, or seal an unkeyed history under
        it when asked (``adopt_ledger_key``). Unkeyed: note whether the database's ledger is
        keyed (then this store may not post)."""
        with self.unit_of_work() as uow:
            if self.keyring.keyed:
                if uow.ledger.adopt_key(history=self._adopt) is not None:
                    uow.commit()
            else:
                self.refuse_unkeyed = bool(int(uow.q1(self._s.epochs_keyed)[0]))

    def count_unsealed(self, posted: int, *, retry: bool = False) -> bool:
        """Count ``posted`` committed entries; whether it is time to seal (every
        ``seal_every`` entries; ``retry``: a seal failed, try again at the next commit)."""
        with self._unsealed_lock:
            if retry:
                self._unsealed = self.seal_every
                return False
            self._unsealed += posted
            if self._unsealed < self.seal_every:
                return False
            self._unsealed = 0
            return True

    def seal(self, limit: int | None = None) -> int:
        """Seal every committed, unsealed entry (up to ``limit``) in a transaction of its own;
        returns how many. What a periodic job calls (``run_due`` does)."""
        with self.unit_of_work() as uow:
            sealed = uow.ledger.seal(limit)
            uow.commit()
        return sealed

    def checkpoint(self) -> Checkpoint:
        """Seal, then sign where the chain stands: export it (``to_json()``) to somewhere this
        database's writers cannot reach, and pass it to ``verify(checkpoint=...)`` later."""
        with self.unit_of_work() as uow:
            found = uow.ledger.checkpoint()
            uow.commit()
        return found

    def snapshot(self, uow: SqlUnitOfWork) -> None:
        """PostgreSQL: make ``uow``'s transaction one snapshot (``REPEATABLE READ``) if it has
        not run a statement yet, so a check reading several tables sees one moment even while
        others post. (SQLite: the write lock taken at ``BEGIN IMMEDIATE`` does it.)"""
        if not self.is_postgres or uow.raw is None:
            return
        from psycopg.pq import TransactionStatus

        if uow.raw.info.transaction_status == TransactionStatus.IDLE:
            uow.raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    def __repr__(self) -> str:
        return f"SqlStore({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def unit_of_work(self, *, read_only: bool = False) -> SqlUnitOfWork:
        """A unit of work (one transaction) on this store; an idle one is reused per thread.

        ``read_only``: for queries. On SQLite it begins a deferred transaction, a snapshot that
        takes no write lock, so a page of the console or a report never makes a command wait
        (and never waits for one); it refuses to commit."""
        slot = "reader" if read_only else "uow"
        idle: SqlUnitOfWork | None = getattr(self._idle, slot, None)
        if idle is not None and idle.connection is None:
            return idle
        uow = SqlUnitOfWork(self, read_only=read_only)
        setattr(self._idle, slot, uow)
        return uow

    def search_index(self) -> SqlSearchIndex:
        """The catalogue's search index kept in this database, shared by every process that
        opens it (FTS5 on SQLite, full-text search on PostgreSQL): hand it to the marketplace
        as ``search_index=``. One per store; on SQLite the first call builds the FTS5 index."""
        with self._search_lock:
            if self._search_index is None:
                from microjob.adapters.sql.search import SqlSearchIndex

                self._search_index = SqlSearchIndex(self)
            return self._search_index

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
        first = self._id_ranges[:1]  # (a copy: another thread may drop the block meanwhile)
        if first and first[0][1] - first[0][0] >= at_least:  # the first block has enough
            return
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
        """A fresh id: ``prefix`` + a number never handed out before in this database.

        Every number in the shared pool comes from a committed reservation, so an id taken
        outside a transaction (``uow`` absent or not begun) is durable at once: it may be
        handed to the outside world (a payment provider) before anything else commits."""
        if uow is not None:
            for block in uow._id_blocks:  # this transaction's own block first
                if block[0] < block[1]:
                    number = block[0]
                    block[0] += 1
                    return f"{prefix}{number}"
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
        # process may reserve the same numbers, so the block stays this transaction's own until
        # it commits (`adopt_ids`): no other command is ever handed a number from it.
        start = self._take_block(uow.raw)
        uow._id_blocks.append([start + 1, start + _ID_BLOCK])
        return f"{prefix}{start}"

    def adopt_ids(self, blocks: Iterable[list[int]]) -> None:
        """Share what is left of the blocks a transaction reserved, now that it committed (see
        [`next_id`][microjob.ports.OrderRepository.next_id])."""
        with self._pool_lock:
            self._id_ranges.extend(block for block in blocks if block[0] < block[1])

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
        # A query's reads take no row locks: on PostgreSQL a page then never waits for a
        # command holding its order, nor makes one wait (SQLite never locks rows).
        self._r = (
            _Statements(self.engine.dialect, self._insert, False) if self.is_postgres else self._s
        )


def _sqlite_version(dialect: sa.Dialect) -> tuple[int, ...]:
    """The SQLite library's version the driver links (not the Python module's)."""
    found = getattr(dialect.loaded_dbapi, "sqlite_version_info", None)
    return tuple(found) if found else (0,)
