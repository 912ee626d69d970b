"""In-memory adapters: a store whose unit of work really rolls back, a frozen clock, a
scriptable payment gateway and recording notifier/publisher.

This is what tests, the simulator and ``Marketplace.in_memory()`` run on. It is meant to behave
exactly like the SQL adapter (the adapter contract suite runs against both), only without a
database: a command that fails halfway leaves no trace, because every write goes through an undo
journal that `MemoryUnitOfWork.rollback` replays backwards.
"""

from __future__ import annotations

import heapq
import itertools
import secrets
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import pendulum
from moneyed import Money
from pendulum import DateTime

from microjob.errors import Conflict, MarketplaceError, NotFound
from microjob.events import Event
from microjob.integrity import Keyring, LedgerKey
from microjob.ledger import Ledger
from microjob.orders import Order
from microjob.ports import (
    AnyOf,
    ChargeResult,
    GatewayEvent,
    InboxRecord,
    Notification,
    Record,
)
from microjob.users import User

__all__ = [
    "FakeGateway",
    "FrozenClock",
    "GatewayTimeout",
    "MemoryStore",
    "MemoryUnitOfWork",
    "RecordingNotifier",
    "RecordingPublisher",
]

_MISSING: Any = object()
R = TypeVar("R", bound=Record)


class MemoryStore:
    """Everything a marketplace keeps, in dictionaries, plus the indexes queries need.

    ``ledger_key``: the host's [`LedgerKey`][microjob.integrity.LedgerKey] (or keyring) the ledger
    MACs and seals its entries under, as on a database."""

    def __init__(self, *, ledger_key: LedgerKey | Keyring | None = None) -> None:
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.emails: dict[str, str] = {}
        self.orders: dict[str, Order] = {}
        self.by_user: dict[tuple[str, str], dict[str, None]] = {}
        self.state_counts: Counter[str] = Counter()
        self.wake: list[tuple[DateTime, int, str]] = []
        self.ledger = Ledger(ledger_key)
        self.inbox: dict[str, InboxRecord] = {}
        self.records: dict[str, dict[str, Any]] = {}
        self.record_indexes: dict[str, tuple[str, ...]] = {}
        self.record_lookup: dict[str, dict[tuple[str, object], dict[str, None]]] = {}
        self.record_rank: dict[str, dict[str, int]] = {}
        self._ids = itertools.count(1)
        self.issued = 0
        """The last number `next_id` handed out."""
        self._tiebreak = itertools.count()
        self._idle = threading.local()

    def next_id(self, prefix: str) -> str:
        number = next(self._ids)
        if number > self.issued:  # two threads may get here in either order
            self.issued = number
        return f"{prefix}{number}"

    def push_wake(self, at: DateTime, order_id: str) -> None:
        heapq.heappush(self.wake, (at, next(self._tiebreak), order_id))

    def unit_of_work(self, *, read_only: bool = False) -> MemoryUnitOfWork:
        """A unit of work on this store; an idle one is reused (they are cheap, not free).
        ``read_only``: for queries; it refuses to commit (as the SQL stores' do)."""
        if read_only:
            reader: MemoryUnitOfWork | None = getattr(self._idle, "reader", None)
            if reader is None or reader.active:
                reader = self._idle.reader = MemoryUnitOfWork(self, read_only=True)
            return reader
        try:
            idle: MemoryUnitOfWork = self._idle.uow
        except AttributeError:  # this thread's first unit of work
            pass
        else:
            if not idle.active:
                return idle
        uow = MemoryUnitOfWork(self)
        self._idle.uow = uow
        return uow


class _Journal:
    """Undo records of one unit of work: ``(mapping, key, old value or _MISSING)``."""

    __slots__ = ("records",)

    def __init__(self) -> None:
        self.records: list[tuple[Any, Any, Any]] = []

    def set(self, mapping: dict[Any, Any], key: Any, value: Any) -> None:
        self.records.append((mapping, key, mapping.get(key, _MISSING)))
        mapping[key] = value

    def pop(self, mapping: dict[Any, Any], key: Any) -> None:
        self.records.append((mapping, key, mapping.pop(key)))

    def undo(self) -> None:
        for mapping, key, old in reversed(self.records):
            if old is _MISSING:
                mapping.pop(key, None)
            else:
                mapping[key] = old
        self.records.clear()


class MemoryUserRepository:
    def __init__(self, store: MemoryStore, journal: _Journal) -> None:
        self._store = store
        self._journal = journal

    def get(self, user_id: str) -> User:
        users = self._store.users
        if user_id not in users:
            raise NotFound(f"no user {user_id!r}; register them first")
        return users[user_id]

    def find(self, user_id: str) -> User | None:
        return self._store.users.get(user_id)

    def get_many(self, user_ids: Sequence[str]) -> dict[str, User]:
        users = self._store.users
        return {i: users[i] for i in user_ids if i in users}

    def by_email(self, email: str) -> User | None:
        user_id = self._store.emails.get(email.lower())
        return None if user_id is None else self._store.users[user_id]

    def add(self, user: User) -> None:
        if user.id in self._store.users:
            raise Conflict(f"user id {user.id!r} is already registered")
        if user.email.lower() in self._store.emails:
            raise Conflict(f"e-mail {user.email!r} is already registered")
        self._journal.set(self._store.users, user.id, user)
        self._journal.set(self._store.emails, user.email.lower(), user.id)


class MemoryOrderRepository:
    """Orders by id, with the per-user and per-state indexes and the wake-up heap.

    Every command of every order reads and writes here, so the methods are written to make as
    few calls as they can: membership tests and subscripts instead of ``dict.get``, the undo
    journal's records appended in place (the old values are at hand), no helper per index.
    """

    def __init__(self, store: MemoryStore, journal: _Journal) -> None:
        self._store = store
        self._journal = journal
        self._read: dict[str, int] = {}
        """Order id → the version this unit of work read (a fresh dict per unit of work)."""

    def next_id(self) -> str:
        return self._store.next_id("o")

    def was_issued(self, order_id: str) -> bool:
        number = order_id[1:]
        if order_id[:1] != "o" or not number.isascii() or not number.isdigit():
            return False
        return 0 < int(number) <= self._store.issued

    def get(self, order_id: str) -> Order:
        orders = self._store.orders
        if order_id not in orders:
            raise NotFound(f"no order {order_id!r}")
        order = orders[order_id]
        self._read[order_id] = order.version
        return order

    def get_many(self, order_ids: Sequence[str]) -> dict[str, Order]:
        orders = self._store.orders
        return {i: self.get(i) for i in order_ids if i in orders}

    def save_many(self, orders: Sequence[Order]) -> None:
        """Every version checked first (as `save` would, in turn), then each saved: a stale
        one fails the lot with nothing written."""
        stored = self._store.orders
        versions: dict[str, int] = {}
        for order in orders:
            if order.id not in stored:
                raise NotFound(f"no order {order.id!r} to save")
            now = stored[order.id].version
            was = versions.get(order.id, now)
            if order.version <= was or self._read.get(order.id, now) != now:
                raise Conflict(
                    f"order {order.id} changed since it was read (version {was}); "
                    "reload it and try again"
                )
            versions[order.id] = order.version
        for order in orders:
            self.save(order)

    def add(self, order: Order) -> None:
        store = self._store
        order_id = order.id
        orders = store.orders
        if order_id in orders:
            raise Conflict(f"order {order_id!r} already exists")
        undo = self._journal.records
        undo.append((orders, order_id, _MISSING))
        orders[order_id] = order
        by_user = store.by_user
        for key in ((order.buyer_id, "buyer"), (order.seller_id, "seller")):
            if key in by_user:
                index = by_user[key]
            else:
                index = by_user[key] = {}
                undo.append((by_user, key, _MISSING))
            undo.append((index, order_id, _MISSING))
            index[order_id] = None
        counts = store.state_counts
        state = order.state
        before = counts.get(state, _MISSING)
        undo.append((counts, state, before))
        counts[state] = (0 if before is _MISSING else before) + 1
        wake = order.wake_at
        if wake is not None:
            heapq.heappush(store.wake, (wake, next(store._tiebreak), order_id))

    def save(self, order: Order) -> None:
        store = self._store
        order_id = order.id
        orders = store.orders
        if order_id not in orders:
            raise NotFound(f"no order {order_id!r} to save")
        current = orders[order_id]
        read_versions = self._read
        read = read_versions.get(order_id, current.version)
        if current.version != read or order.version <= current.version:
            raise Conflict(
                f"order {order_id} changed since it was read (version {current.version}); "
                "reload it and try again"
            )
        # The journal's records written in place: the hottest write of the engine (every move
        # of every order), and the old values are already at hand.
        undo = self._journal.records
        orders[order_id] = order
        old_state, new_state = current.state, order.state
        if old_state != new_state:
            counts = store.state_counts
            old_count = counts.get(old_state, _MISSING)
            new_count = counts.get(new_state, _MISSING)
            undo += (
                (orders, order_id, current),
                (counts, old_state, old_count),
                (counts, new_state, new_count),
            )
            counts[old_state] = (0 if old_count is _MISSING else old_count) - 1
            counts[new_state] = (0 if new_count is _MISSING else new_count) + 1
        else:
            undo.append((orders, order_id, current))
        # Queued whenever the order has a wake-up time, without asking whether it changed
        # (that would compute the old version's too): an entry for a time already queued is a
        # duplicate `due` drops, like any entry the order has moved on from.
        wake = order.wake_at
        if wake is not None:
            heapq.heappush(store.wake, (wake, next(store._tiebreak), order_id))
        read_versions[order_id] = order.version

    def due(self, now: DateTime, limit: int = 1000) -> list[str]:
        store = self._store
        heap = store.wake
        orders = store.orders
        pop = heapq.heappop
        found: dict[str, DateTime] = {}
        keep: list[tuple[DateTime, int, str]] = []
        left = limit
        while heap and heap[0][0] <= now and left > 0:
            item = pop(heap)
            at, _, order_id = item
            if order_id in found or order_id not in orders or orders[order_id].wake_at != at:
                continue  # stale: the order moved on since this time was queued (or a duplicate)
            found[order_id] = at
            keep.append(item)
            left -= 1
        for item in keep:  # still due until a command actually moves the order
            heapq.heappush(heap, item)
        return list(found)

    def for_user(self, user_id: str, role: str, states: Iterable[str] | None = None) -> list[Order]:
        ids = self._store.by_user.get((user_id, role), {})
        orders = [self._store.orders[i] for i in ids]
        if states is None:
            return orders
        wanted = set(states)
        return [o for o in orders if o.state in wanted]

    def count_by_state(self) -> dict[str, int]:
        return {state: n for state, n in self._store.state_counts.items() if n}


class MemoryRecords(Generic[R]):
    """A generic journaled repository for one kind of aggregate, with equality indexes."""

    def __init__(
        self, store: MemoryStore, journal: _Journal, kind: str, index: tuple[str, ...]
    ) -> None:
        self._kind = kind
        self._rows: dict[str, R] = store.records.setdefault(kind, {})
        self._journal = journal
        self._store = store
        declared = store.record_indexes.setdefault(kind, index)
        if declared != index:
            raise ValueError(f"{kind} records are indexed by {declared}, not {index}")
        self._index = index
        self._indexed = frozenset(index)
        self._lookup: dict[tuple[str, object], dict[str, None]] = store.record_lookup.setdefault(
            kind, {}
        )
        # creation order of each record: ``where`` answers in it, as the port promises, also
        # for records whose indexed fields changed since (their index entries are newer)
        self._rank: dict[str, int] = store.record_rank.setdefault(kind, {})
        self._read: dict[str, int] = {}

    def next_id(self) -> str:
        return self._store.next_id(self._kind[:1])

    def get(self, record_id: str) -> R:
        rows = self._rows
        if record_id not in rows:
            raise NotFound(f"no {self._kind} {record_id!r}")
        record = rows[record_id]
        self._read[record_id] = record.version
        return record

    def find(self, record_id: str) -> R | None:
        rows = self._rows
        if record_id not in rows:
            return None
        record = rows[record_id]
        self._read[record_id] = record.version
        return record

    def _link(self, record: R, add: bool, names: Iterable[str] | None = None) -> None:
        for name in self._index if names is None else names:
            key = (name, getattr(record, name))
            bucket = self._lookup.get(key)
            if bucket is None:
                bucket = {}
                self._journal.set(self._lookup, key, bucket)
            if add:
                self._journal.set(bucket, record.id, None)
            elif record.id in bucket:
                self._journal.pop(bucket, record.id)

    def add(self, record: R) -> None:
        record_id = record.id
        rows = self._rows
        if record_id in rows:
            raise Conflict(f"{self._kind} {record_id!r} already exists")
        rank = self._rank
        self._journal.records += ((rows, record_id, _MISSING), (rank, record_id, _MISSING))
        rows[record_id] = record
        rank[record_id] = len(rank)
        if self._index:
            self._link(record, True)

    def save(self, record: R) -> None:
        record_id = record.id
        rows = self._rows
        if record_id not in rows:
            raise NotFound(f"no {self._kind} {record_id!r} to save")
        current = rows[record_id]
        read_versions = self._read
        read = read_versions.get(record_id, current.version)
        if current.version != read or record.version <= current.version:
            raise Conflict(
                f"{self._kind} {record_id} changed since it was read; reload it and try again"
            )
        if self._index:
            changed = [n for n in self._index if getattr(current, n) != getattr(record, n)]
            if changed:
                self._link(current, False, changed)
                self._link(record, True, changed)
        self._journal.records.append((rows, record_id, current))
        rows[record_id] = record
        read_versions[record_id] = record.version

    def where(self, **fields: object) -> list[R]:
        if not fields:
            return list(self._rows.values())
        lookup = self._lookup
        indexed = self._indexed
        for name in fields:
            if name not in indexed:
                unknown = sorted(set(fields) - indexed)
                raise ValueError(f"{self._kind} records are not indexed by {unknown}")
        buckets: list[Any] = []
        for name, value in fields.items():
            if isinstance(value, AnyOf):
                merged = {i: None for v in value.values for i in lookup.get((name, v), ())}
                if not merged:
                    return []
                buckets.append(merged)
                continue
            key = (name, value)
            if key not in lookup or not lookup[key]:
                return []  # no record has this value: nothing to intersect (the usual answer)
            buckets.append(lookup[key])
        smallest = min(buckets, key=len)
        others = [b for b in buckets if b is not smallest]
        found = [i for i in smallest if all(i in b for b in others)]
        found.sort(key=self._rank.__getitem__)  # nearly sorted already: linear in practice
        return [self._rows[i] for i in found]


class MemoryInbox:
    """Gateway events already handled, so a duplicate delivery is a no-op."""

    def __init__(self, store: MemoryStore, journal: _Journal) -> None:
        self._store = store
        self._journal = journal

    def find(self, event_id: str) -> InboxRecord | None:
        return self._store.inbox.get(event_id)

    def record(self, event_id: str, outcome: str, fingerprint: str) -> None:
        inbox = self._store.inbox
        if event_id in inbox:
            raise Conflict(f"gateway event {event_id!r} was already handled")
        self._journal.records.append((inbox, event_id, _MISSING))
        inbox[event_id] = InboxRecord(outcome, fingerprint)


class MemoryUnitOfWork:
    """One command's transaction over a [`MemoryStore`][microjob.adapters.memory.MemoryStore].

    Holds the store's lock for its whole duration (commands on one store run one at a time),
    journals every write, and on any exit without [`commit`][microjob.bus.MessageBus.commit] undoes
    them all, including ledger entries.

    Every command opens one, so opening, committing and closing it cost a handful of calls:
    ``emit`` and ``notify`` are the ``append`` of this unit of work's own lists, the versions
    read are kept in dictionaries made afresh (not cleared) when it starts, and a record
    repository is readied once per unit of work, when it is first asked for.
    """

    emit: Callable[[Event], None]
    """Queue a domain event for the bus (the ``append`` of this unit of work's event list)."""
    notify: Callable[[Notification], None]
    """Queue a notification, sent after the commit (the ``append`` of its list)."""

    def __init__(self, store: MemoryStore, *, read_only: bool = False) -> None:
        self._store = store
        self.read_only = read_only
        self._journal = _Journal()
        self.users = MemoryUserRepository(store, self._journal)
        self.orders = MemoryOrderRepository(store, self._journal)
        self.inbox = MemoryInbox(store, self._journal)
        self._repos: dict[str, Any] = {}
        self._ready: dict[str, Any] = {}
        self.ledger = store.ledger
        # The ledger's entry list, whose length is the mark a rollback returns to
        # (``Ledger.mark``, without the method call every unit of work would pay twice).
        self._posted = store.ledger._entries
        self._events: list[Event] = []
        self._notes: list[Notification] = []
        self.emit = self._events.append
        self.notify = self._notes.append
        self._mark = 0
        self._committed = False
        self.active = False

    def __enter__(self) -> Self:
        if self.active:
            raise RuntimeError("this unit of work is already in use; open a new one")
        self._store.lock.acquire()
        self.active = True
        self._mark = len(self._posted)
        self._committed = False
        events: list[Event] = []
        notes: list[Notification] = []
        self._events = events
        self._notes = notes
        self.emit = events.append
        self.notify = notes.append
        self.orders._read = {}
        self._ready = {}
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                self.rollback()
        finally:
            self.active = False
            self._store.lock.release()

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError(
                "a read-only unit of work cannot commit; nothing it wrote is kept (open one "
                "with unit_of_work() to write)"
            )
        self._journal.records = []
        self._mark = len(self._posted)
        self._committed = True

    def rollback(self) -> None:
        self._journal.undo()
        self._store.ledger.rollback_to(self._mark)
        self._events.clear()
        self._notes.clear()

    def collected(self) -> tuple[list[Event], list[Notification]]:
        return self._events, self._notes

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        """Nothing to do: every record is in memory already."""

    def records(
        self, kind: str, record_type: type[R], *, index: tuple[str, ...] = ()
    ) -> MemoryRecords[R]:
        ready = self._ready
        if kind in ready:
            repo: MemoryRecords[R] = ready[kind]
            return repo
        repos = self._repos
        if kind in repos:
            repo = repos[kind]
            repo._read = {}  # the versions this unit of work reads, and no earlier one's
        else:
            repo = repos[kind] = MemoryRecords(self._store, self._journal, kind, index)
        ready[kind] = repo
        return repo


class FrozenClock:
    """A clock that only moves when told to (tests, simulations, replays)."""

    def __init__(self, start: DateTime | None = None) -> None:
        self._now = start if start is not None else pendulum.datetime(2026, 1, 5, 9, tz="UTC")
        if self._now.utcoffset() != timedelta(0):
            self._now = self._now.in_timezone("UTC")

    def now(self) -> DateTime:
        return self._now

    def advance(self, **kwargs: float) -> DateTime:
        """Move forward: ``clock.advance(days=3, hours=2)``."""
        delta = timedelta(**kwargs)
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward")
        self._now = self._now + delta
        return self._now

    def set(self, when: DateTime) -> DateTime:
        if when < self._now:
            raise ValueError("a clock only moves forward")
        self._now = when.in_timezone("UTC")
        return self._now


class GatewayTimeout(MarketplaceError, TimeoutError):
    """The (fake) gateway did not answer in time; the outcome is unknown until a webhook."""


class FakeGateway:
    """A payment provider you can script: each call takes the next scripted outcome, or the
    default. An outcome is ``"succeeded"``, ``"pending"``, ``"failed"`` or an exception to raise.
    Every call is recorded in `calls`.

    References and event ids carry a random per-instance token (``ch_3f9a2c71e0_1``), as a real
    provider's are unique for ever: a second process on the same database, or the same process
    after a restart, never hands out a reference an earlier one already used.
    """

    def __init__(self, default: str = "succeeded") -> None:
        self.default = default
        self._script: list[str | BaseException] = []
        self.calls: list[tuple[str, str, Money, str]] = []
        self._token = secrets.token_hex(5)
        self._events = itertools.count(1)
        self._refs = itertools.count(1)

    def script(self, *outcomes: str | BaseException) -> None:
        self._script.extend(outcomes)

    def _outcome(self, op: str, subject: str, amount: Money, key: str) -> ChargeResult:
        self.calls.append((op, subject, amount, key))
        outcome = self._script.pop(0) if self._script else self.default
        if outcome.__class__ is not str and isinstance(outcome, BaseException):
            raise outcome
        return ChargeResult(reference=f"{op}_{self._token}_{next(self._refs)}", status=outcome)

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult:
        return self._outcome("ch", subject, amount, idempotency_key)

    def refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult:
        return self._outcome("re", reference, amount, idempotency_key)

    def payout(
        self, subject: str, amount: Money, destination: str, idempotency_key: str
    ) -> ChargeResult:
        return self._outcome("po", subject, amount, idempotency_key)

    def event(
        self,
        kind: str,
        subject: str,
        amount: Money | None = None,
        reference: str = "",
        reason: str = "",
    ) -> GatewayEvent:
        """A webhook as the provider would send it, with a fresh event id."""
        return GatewayEvent(
            id=f"evt_{self._token}_{next(self._events)}",
            kind=kind,
            subject=subject,
            amount=amount,
            reference=reference,
            reason=reason,
        )


class RecordingNotifier:
    """Keeps every notification; [`for_user`][microjob.ports.OrderRepository.for_user] answers "what
    did Alice get?".

    ``keep=False`` only counts them (long simulations and benchmarks).
    """

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.count = 0
        self.sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        self.count += 1
        if self.keep:
            self.sent.append(notification)

    def for_user(self, user_id: str) -> list[Notification]:
        return [n for n in self.sent if n.user_id == user_id]


class RecordingPublisher:
    """Keeps every published event and calls subscribers (after commit, in order)."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.events: list[Event] = []
        self._subscribers: list[Callable[[Event], None]] = []

    def subscribe(self, handler: Callable[[Event], None]) -> None:
        self._subscribers.append(handler)

    def publish(self, events: Sequence[Event]) -> None:
        if self.keep:
            self.events.extend(events)
        for event in events:
            for handler in self._subscribers:
                handler(event)

    def of(self, kind: type[Event]) -> list[Event]:
        return [e for e in self.events if isinstance(e, kind)]
