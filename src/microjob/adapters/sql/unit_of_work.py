"""The SQL unit of work: one command's database transaction, on the driver's connection.

Its repositories, the ledger, the inbox and the outbox all write through it; nothing is
visible to anyone until `SqlUnitOfWork.commit`.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Iterable, Sequence
from itertools import chain
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from microjob.adapters.sql.documents import _json
from microjob.adapters.sql.engine import _translate
from microjob.adapters.sql.ledger import SqlLedger
from microjob.adapters.sql.outbox import _EVENT_FORMS, _event_form
from microjob.adapters.sql.records import R, SqlRecords
from microjob.adapters.sql.repositories import SqlInbox, SqlOrderRepository, SqlUserRepository
from microjob.adapters.sql.statements import (
    _compile,
    _padded_parts,
    _RowsUpdate,
    _Statement,
    _Statements,
)
from microjob.errors import Conflict, ValidationError
from microjob.events import Event
from microjob.policies import MarketplacePolicy
from microjob.ports import Notification

if TYPE_CHECKING:
    from microjob.adapters.sql.store import SqlStore

log = logging.getLogger("microjob.ledger")

_MAX_PARAMS = 999
"""Parameters per multi-row statement: SQLite's smallest compiled-in limit."""
_MAX_UPDATE_PARAMS = 30_000
"""Parameters per ``UPDATE … FROM (VALUES …)``: SQLite allows 32,766 (since 3.32; the
statement needs 3.33), PostgreSQL 65,535."""
_NO_PARAMS: dict[str, Any] = {}
_MANY_RECORDS = 400
"""Records per `SqlUnitOfWork.prefetch` statement: two parameters each, within SQLite's
smallest limit (999)."""


class SqlUnitOfWork:
    """One command's database transaction (the locking: see `microjob.adapters.sql`)."""

    def __init__(self, store: SqlStore, *, read_only: bool = False) -> None:
        self.store = store
        self.read_only = read_only
        """Opened by `SqlStore.unit_of_work(read_only=True)`: takes no write lock and may not
        commit."""
        self._s: _Statements = store._r if read_only else store._s
        """The statements this unit of work runs: a read-only one's take no row locks."""
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
        self._saves: dict[tuple[str, str], list[Any]] = {}
        """Records saved and not yet written: (kind, id) -> [stored version, version, text]."""
        self._moves: dict[tuple[str, str, int], list[str]] = {}
        """Their changed index fields: (kind, name, seq) -> [stored value, new value]."""
        self._refused: str | None = None
        """Why this unit of work may not commit (a write it needed failed, and the caller
        caught the error): `commit` raises instead of keeping the rest without it."""
        self._deferred_rows = False
        """The ledger holds postings not written yet (`SqlLedger.deferred`): any other
        statement writes them first, so nothing reads or writes around them."""
        self._prefetched: dict[tuple[str, str], tuple[int, str] | None] = {}
        """Rows `prefetch` read and no ``find`` has taken yet: (kind, id) -> (seq, data), or
        ``None`` for a record that is not stored."""

    # -- transaction -----------------------------------------------------------------------------
    # The unit of work talks to the pooled DBAPI connection itself: SQLAlchemy's Connection
    # (events, result wrappers, begin/commit bookkeeping) cost more than the statements of a
    # short command. SQLite: BEGIN IMMEDIATE takes the write lock up front, so two commands
    # never both read and then both write; a read-only unit of work begins a deferred
    # transaction instead, a snapshot of the database as of its first read that neither waits
    # for writers nor makes them wait (WAL). PostgreSQL: psycopg opens the transaction at the
    # first statement (the engine sets READ COMMITTED); row locks do the rest.
    def __enter__(self) -> Self:
        if self.connection is not None:
            raise RuntimeError("this unit of work is already in use; open a new one")
        store = self.store
        read_only = self.read_only
        if not read_only:
            store.reserve_ids()
        if store._serial is not None:
            store._serial.acquire()
            self._serial = store._serial
        try:
            pooled = store.engine.raw_connection()
            raw: Any = pooled.driver_connection
            if not store.is_postgres:
                try:
                    raw.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")
                except store.dbapi_error as exc:
                    pooled.close()
                    raise _translate(exc, "the transaction") from exc
            else:
                # psycopg begins with BEGIN READ ONLY at the first statement: the server then
                # refuses a write (no extra round trip; the pool hands connections out idle).
                raw.read_only = True if read_only else None
        except BaseException:
            self._release()
            raise
        self.connection = pooled
        self.raw = raw
        self._committed = False
        self._refused = None
        self._events = []
        self._notes = []
        self._new_policies = []
        self._new_kinds = []
        self._id_blocks = []
        self.orders._reset()
        self.ledger._reset()
        self._saves.clear()
        self._moves.clear()
        self._prefetched.clear()
        for repo in self._repos.values():
            repo._read.clear()
            repo._scan = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        pooled = self.connection
        raw = self.raw
        try:
            if pooled is not None and not self._committed:
                self.rollback()
        finally:
            self.connection = None
            self.raw = None
            try:
                if pooled is not None:
                    if self.read_only and self.store.is_postgres:
                        # The pool's next user (a command, the search index) writes.
                        with contextlib.suppress(Exception):
                            raw.read_only = None
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
        if self.read_only:
            raise RuntimeError(
                "a read-only unit of work cannot commit; nothing it wrote is kept (open one "
                "with unit_of_work() to write)"
            )
        if self._deferred_rows:
            self.ledger.flush()
        if self._saves:
            self.flush_records()
        self._check_whole()
        self.orders.flush_counts()
        if self._events:
            time_in = self.store.time_in
            forms = _EVENT_FORMS
            rows = []
            for e in self._events:
                kind, encode = forms.get(type(e)) or _event_form(type(e))
                rows.append({"at": time_in(e.at), "kind": kind, "data": _json(encode(e))})
            self.qmany(self._s.outbox_insert, rows)
        try:
            raw.commit()
        except self.store.dbapi_error as exc:
            self._abandon()
            raise _translate(exc, "the commit") from exc
        self._committed = True
        store = self.store
        if self._id_blocks:
            store.adopt_ids(self._id_blocks)
            self._id_blocks = []
        store._known_policies.update(self._new_policies)
        store._checked_kinds.update(self._new_kinds)
        store._unstored_kinds.difference_update(self._new_kinds)
        ledger = self.ledger
        posted, ledger.posted = ledger.posted, 0
        if ledger._next_seq is not None:
            store.next_entry_seq, ledger._next_seq = ledger._next_seq, None
        if posted and store.count_unsealed(posted):
            self._seal_after_commit()

    def _seal_after_commit(self) -> None:
        """Seal the entries committed so far in a short transaction of its own, on this
        connection, unless another sealer is at it (PostgreSQL: ``SKIP LOCKED``). The command
        has committed already: a failure here leaves the entries for the next sealer."""
        raw = self.raw
        store = self.store
        try:
            if not store.is_postgres:
                raw.execute("BEGIN IMMEDIATE")
            self.ledger.seal(wait=False)
            raw.commit()
        except Exception as exc:  # never out of a commit that is done: logged, tried again
            log.error("sealing after a commit failed (%s); the next commit tries again", exc)
            with contextlib.suppress(store.dbapi_error):
                raw.rollback()
            store.count_unsealed(0, retry=True)

    def _check_whole(self) -> None:
        """Refuse to commit a unit of work that lost a write: one whose deferred postings
        were refused (`_refused`), or, on PostgreSQL, whose transaction an earlier failed
        statement aborted (the server would turn the ``COMMIT`` into a ``ROLLBACK`` and the
        driver report success). Either can only happen when a caller caught the error."""
        reason = self._refused
        if reason is None and self.aborted():
            reason = "a statement of it failed and the database refused the rest"
        if reason is not None:
            raise Conflict(
                f"this unit of work cannot commit: {reason}; nothing of it was kept (run the "
                "command again)"
            )
        store = self.store
        if self.ledger.posted and not store.keyring.keyed and self._ledger_keyed():
            store.refuse_unkeyed = True
            raise ValidationError(
                "this database's ledger was sealed under a key since this store opened: its "
                "unkeyed entries would be reported as forged, so nothing was kept; open the "
                "store with its ledger_key to post"
            )

    def _ledger_keyed(self) -> bool:
        """Whether a key was adopted for the ledger (an unkeyed store that posted asks before
        it commits: a store opened before the adoption must not add unkeyed entries after
        it). On PostgreSQL the seal head is held shared first, so an adoption in progress,
        which holds it to update, either finishes first and is seen here, or waits for this
        commit and seals these entries with the rest."""
        store = self.store
        if store.refuse_unkeyed:
            return True
        s = self._s
        if store.is_postgres:
            self.q1(s.head_share)
        return bool(int(self.q1(s.epochs_keyed)[0]))

    def aborted(self) -> bool:
        """PostgreSQL: whether a failed statement aborted this transaction (the server then
        refuses every statement until it ends). SQLite never aborts a transaction that way."""
        if not self.store.is_postgres:
            return False
        status = getattr(getattr(self.raw, "info", None), "transaction_status", None)
        return getattr(status, "name", "") == "INERROR"

    def rollback(self) -> None:
        raw = self.raw
        self._refused = None
        self._events.clear()
        self._notes.clear()
        for repo in self._repos.values():
            repo._read.clear()
        self.orders._reset()
        self.ledger._reset()
        self._saves.clear()
        self._moves.clear()
        self._id_blocks = []  # never shared: another process may reserve those numbers again
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
        if self._deferred_rows:
            self.ledger.flush()
        raw = self.raw
        if raw is None:
            raise RuntimeError("use the unit of work inside 'with' (it is one transaction)")
        try:
            return raw.execute(st.sql, st.args(_NO_PARAMS if params is None else params))
        except self.store.dbapi_error as exc:
            raise _translate(exc, what) from exc

    def q_through(self, st: _Statement, params: dict[str, Any]) -> Any:
        """`q` leaving the ledger's deferred postings unwritten: for the reads their own
        checks make (`SqlLedger.deferred`)."""
        try:
            return self._raw.execute(st.sql, st.args(params))
        except self.store.dbapi_error as exc:
            raise _translate(exc) from exc

    def q1(self, st: _Statement, params: dict[str, Any] | None = None) -> Any:
        """The first row of a compiled query, or ``None`` (`q`'s body again: this runs for
        most reads, and a call less per read shows)."""
        if self._deferred_rows:
            self.ledger.flush()
        raw = self.raw
        if raw is None:
            raise RuntimeError("use the unit of work inside 'with' (it is one transaction)")
        try:
            return raw.execute(st.sql, st.args(_NO_PARAMS if params is None else params)).fetchone()
        except self.store.dbapi_error as exc:
            raise _translate(exc) from exc

    def qmany(self, st: _Statement, rows: Sequence[dict[str, Any]], what: str = "") -> int:
        """Run a compiled statement once per parameter set; returns the rows it touched."""
        if self._deferred_rows:
            self.ledger.flush()
        raw = self.raw
        if raw is None:
            raise RuntimeError("use the unit of work inside 'with' (it is one transaction)")
        args = list(map(st.args, rows))
        try:
            if self.store.is_postgres:
                with raw.cursor() as cursor:  # psycopg pipelines the rows: one round trip
                    cursor.executemany(st.sql, args)
                    return int(cursor.rowcount)
            if len(args) > 1 and st.multi_row:
                return self._insert_rows(st, args)
            return int(raw.executemany(st.sql, args).rowcount)
        except self.store.dbapi_error as exc:
            raise _translate(exc, what) from exc

    def _insert_rows(self, st: _Statement, args: list[tuple[Any, ...]]) -> int:
        """SQLite: the rows as multi-row ``INSERT``s (one statement per ``_MAX_PARAMS``
        parameters) rather than one statement per row."""
        per = max(1, _MAX_PARAMS // max(1, len(args[0])))
        if len(args) <= per:
            return int(self.raw.execute(st.rows_sql(len(args)), [*chain(*args)]).rowcount)
        touched = 0
        for start in range(0, len(args), per):
            chunk = args[start : start + per]
            touched += int(self.raw.execute(st.rows_sql(len(chunk)), [*chain(*chunk)]).rowcount)
        return touched

    def update_rows(
        self,
        spec: _RowsUpdate,
        rows: Sequence[tuple[Any, ...]],
        what: str = "",
        per: int | None = None,
    ) -> int:
        """Change many rows of one table in as few ``UPDATE … FROM (VALUES …)`` statements
        as the parameter limits allow (``per``: rows per statement at most); returns the rows
        changed. Only where the store says `update_from`."""
        if self._deferred_rows:
            self.ledger.flush()
        raw = self._raw
        step = max(1, min(per or _MAX_UPDATE_PARAMS, _MAX_UPDATE_PARAMS // spec.columns))
        touched = 0
        try:
            for start in range(0, len(rows), step):
                chunk = rows[start : start + step]
                touched += int(raw.execute(spec.sql(len(chunk)), [*chain(*chunk)]).rowcount)
        except self.store.dbapi_error as exc:
            raise _translate(exc, what) from exc
        return touched

    def flush_records(self) -> None:
        """Write the records saved so far: one ``UPDATE`` for all of them and one for their
        changed index rows, rather than one per record and per field. Saves wait here until
        the commit or until something reads records by query (`SqlRecords.where`); a record
        read by id is served from the unit of work. Each is written only at the version it
        was read at, which the locks taken at reading (PostgreSQL ``FOR UPDATE``, SQLite's
        write lock) guarantee; a record changed anyway is `Conflict`, with nothing kept."""
        saves, self._saves = self._saves, {}
        moves, self._moves = self._moves, {}
        s = self._s
        rows = [(kind, rid, v[0], v[1], v[2]) for (kind, rid), v in saves.items()]
        if self.update_rows(s.record_saves, rows, "records") != len(rows):
            names = ", ".join(f"{kind} {rid}" for kind, rid, *_ in rows[:3])
            raise Conflict(
                f"a record ({names}{', …' if len(rows) > 3 else ''}) changed since it was "
                "read; reload it and try again"
            )
        changed = [(k, n, v[0], seq, v[1]) for (k, n, seq), v in moves.items() if v[0] != v[1]]
        if changed:
            self.update_rows(s.index_moves, changed, "record index")

    def run(self, stmt: Any, what: str = "") -> Any:
        """Compile and run a one-off SQLAlchemy statement in this transaction (the slower,
        general path, for rare work such as re-indexing a kind)."""
        if self._saves:
            self.flush_records()
        return self.q(_compile(stmt, self.store.engine.dialect), None, what)

    # -- events ------------------------------------------------------------------------------------
    def emit(self, event: Event) -> None:
        self._events.append(event)

    def notify(self, notification: Notification) -> None:
        self._notes.append(notification)

    def collected(self) -> tuple[list[Event], list[Notification]]:
        return self._events, self._notes

    # -- records -----------------------------------------------------------------------------------
    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        """One ``SELECT`` for the records not held yet; each row waits in `_prefetched` for
        its ``find``. Nothing on PostgreSQL in a command, whose reads lock their rows: see
        below."""
        store = self.store
        if store.is_postgres and not self.read_only:
            # Locked all at once, in (kind, id) order, the rows would be locked in an order
            # the callers' own reads do not follow (a completion would take its seller's level
            # before their tally; a review takes the tally first): two commands on one seller
            # would deadlock. Each ``find`` reads and locks its row, in the callers' order.
            return
        held = self._prefetched
        wanted = sorted(
            {
                key
                for key in keys
                if key not in held
                and not (key[0] in self._repos and key[1] in self._repos[key[0]]._read)
            }
        )
        for chunk in _padded_parts(wanted, _MANY_RECORDS):
            count = len(chunk)
            st = store.compiled(
                ("records_many", count), functools.partial(_Statements.records_many, count)
            )
            params: dict[str, Any] = {}
            for n, (kind, record_id) in enumerate(chunk):
                params[f"k{n}"] = kind
                params[f"i{n}"] = record_id
            found = {(str(k), str(i)): (int(q), str(d)) for k, i, q, d in self.q(st, params)}
            for key in chunk:
                held[key] = found.get(key)

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
            and kind not in self.store._unstored_kinds
        ):
            repo._check_kind()
        return repo

    # -- policies ---------------------------------------------------------------------------
    def policy_hash(self, policy: MarketplacePolicy) -> str:
        digest, text = self.store.policy_hash(policy)
        if text is not None and digest not in self._new_policies:
            self.q(self._s.policy_insert, {"hash": digest, "data": text}, "a policy")
            self._new_policies.append(digest)
        return digest
