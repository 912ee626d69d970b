"""The ports: what microjob needs from the world, as ``typing.Protocol`` s.

The engine never talks to a database, a payment provider, a mail server or the system clock
directly; it talks to these. The package ships adapters (``microjob.adapters.memory`` and, with
the ``sql`` extra, SQLite/PostgreSQL); an embedding application may bring its own, and prove it
with the adapter contract suite.

A command runs inside one [`UnitOfWork`][microjob.ports.UnitOfWork]: everything it reads and writes
through the unit's repositories and ledger is committed together or not at all. Events and
notifications collected during the command leave only after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self, TypeVar

import attrs
from moneyed import Money
from pendulum import DateTime

if TYPE_CHECKING:
    from microjob.events import Event
    from microjob.integrity import Checkpoint
    from microjob.ledger import Entry, LedgerSummary, Transfer
    from microjob.orders import Order
    from microjob.users import User

__all__ = [
    "ChargeResult",
    "Clock",
    "EventPublisher",
    "FileInspector",
    "GatewayEvent",
    "Inbox",
    "InboxRecord",
    "LedgerStore",
    "Notification",
    "Notifier",
    "OrderRepository",
    "PaymentGateway",
    "Record",
    "RecordRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
]


class Clock(Protocol):
    """Where "now" comes from: never the system clock directly, so tests and simulations can
    move time at will. Returns timezone-aware UTC pendulum DateTimes."""

    def now(self) -> DateTime: ...


class LedgerStore(Protocol):
    """The double-entry ledger as storage sees it (see [`microjob.ledger`][microjob.ledger] for the
    rules)."""

    def post(
        self, key: str, cause: str, transfers: Sequence[Transfer], at: DateTime, memo: str = ""
    ) -> Entry: ...

    def deferred(self, accounts: Iterable[tuple[str, str]] = ()) -> AbstractContextManager[None]:
        """Inside it, each `post` is checked at once (the same errors, the balances it reads
        including the postings before it) but written with the others when the block ends or
        before anything else is read or written: a batch of postings costs one statement per
        table, not three per posting. A key already stored is then found only at that write
        and fails the whole unit of work with [`Conflict`][microjob.errors.Conflict] instead
        of replaying its entry: for a caller that redoes a failed batch one item per unit of
        work (``run_due``'s clearance). ``accounts``: the (account, currency) pairs the
        caller expects the batch to move, which a store may read (and lock) together up
        front rather than one posting at a time; a pair not named is read when a posting
        needs it. A store that writes cheaply may do nothing."""
        ...

    def balance(self, account: str, currency: str) -> Money: ...

    def balances(self, account: str) -> dict[str, Money]: ...

    def has_entry(self, key: str) -> bool: ...

    def entry(self, key: str) -> Entry: ...

    def entries_for(self, account: str, currency: str) -> list[Entry]: ...

    def entries_for_cause(self, cause: str) -> list[Entry]: ...

    def entries(self) -> Iterator[Entry]: ...

    def nonzero_accounts(self, prefix: str) -> dict[tuple[str, str], Money]:
        """Every (account, currency) starting with ``prefix`` whose balance is not zero."""
        ...

    def seal(self, limit: int | None = None) -> int:
        """Seal committed entries into the chain, oldest first; returns how many."""
        ...

    def checkpoint(self) -> Checkpoint:
        """Seal, then sign where the chain stands (to keep somewhere else)."""
        ...

    def verify(self, checkpoint: Checkpoint | None = None) -> LedgerSummary: ...


class UserRepository(Protocol):
    def get(self, user_id: str) -> User:
        """The user, or [`NotFound`][microjob.errors.NotFound]."""
        ...

    def find(self, user_id: str) -> User | None: ...

    def get_many(self, user_ids: Sequence[str]) -> dict[str, User]:
        """Those of the users that are registered, by id, read in one go (a new order's buyer
        and seller: one read, not two). An id not registered is left out."""
        ...

    def by_email(self, email: str) -> User | None: ...

    def add(self, user: User) -> None:
        """Store a new user; [`Conflict`][microjob.errors.Conflict] if the id or e-mail is taken."""
        ...


class OrderRepository(Protocol):
    def next_id(self) -> str:
        """A fresh order id, never stored before.

        Taken outside ``with`` (no transaction of this unit of work open), the id is reserved
        for good at once: it may be handed to the outside world, such as a payment provider,
        before the order is stored, and no other command is ever given it (see
        [`OrderService.place`][microjob.services.orders.OrderService.place])."""
        ...

    def was_issued(self, order_id: str) -> bool:
        """Whether ``order_id`` is one `next_id` handed out (or could have: a number this
        store reserved), stored or not; an id of another marketplace is not."""
        ...

    def get(self, order_id: str) -> Order:
        """The order, or [`NotFound`][microjob.errors.NotFound]."""
        ...

    def get_many(self, order_ids: Sequence[str]) -> dict[str, Order]:
        """Those of the orders that are stored, by id, read as `get` reads each (and held by
        this unit of work the same way) but in one go: a batch of due orders costs one read,
        not one per order. An id not stored is left out."""
        ...

    def add(self, order: Order) -> None: ...

    def save(self, order: Order) -> None:
        """Store the next version of an order; [`Conflict`][microjob.errors.Conflict] when someone
        else saved a newer version since it was read (optimistic concurrency)."""
        ...

    def save_many(self, orders: Sequence[Order]) -> None:
        """`save` each of them, in one write where the store can (a batch of due orders)."""
        ...

    def due(self, now: DateTime, limit: int = 1000) -> list[str]:
        """Ids of orders whose ``wake_at`` is at or before ``now``, earliest first (an index
        answers this; never a scan of every order)."""
        ...

    def for_user(self, user_id: str, role: str, states: Iterable[str] | None = None) -> list[Order]:
        """The user's orders as ``"buyer"`` or ``"seller"``, optionally only in ``states``."""
        ...

    def count_by_state(self) -> dict[str, int]: ...


@attrs.frozen
class Notification:
    """A message for one user: the Notifier decides how it reaches them (mail, push, UI)."""

    user_id: str
    kind: str
    subject: str
    text: str
    at: DateTime


class Notifier(Protocol):
    def send(self, notification: Notification) -> None: ...


class EventPublisher(Protocol):
    """Receives domain events after their command committed (an outbox forwards them)."""

    def publish(self, events: Sequence[Event]) -> None: ...


@attrs.frozen
class ChargeResult:
    """What a gateway says when asked to charge: ``succeeded`` now, ``pending`` (a webhook will
    follow) or ``failed``."""

    reference: str
    status: str
    reason: str = ""
    amount: Money | None = None
    """What the provider says it took, for a charge: ``None`` when it does not say (read as
    the amount asked, `told`). Another amount than asked is never booked as the payment: the
    answer is kept for an operator as a `GatewayConflict`, as a webhook's would be."""

    def told(self, asked: Money) -> Money:
        """The amount this answer stands for: the provider's own, or else ``asked``."""
        return asked if self.amount is None else self.amount


@attrs.frozen
class GatewayEvent:
    """An asynchronous message from the payment provider, after its signature was checked.

    ``id`` is the provider's event id: the same id delivered twice is handled once.
    ``kind``: ``charge.succeeded``, ``charge.failed``, ``charge.reversed``, ``refund.succeeded``,
    ``payout.paid``, ``payout.failed``. ``subject`` is microjob's reference (``order:42``).
    """

    id: str
    kind: str
    subject: str
    amount: Money | None = None
    reference: str = ""
    reason: str = ""


class PaymentGateway(Protocol):
    """The payment provider. Calls never happen inside a transaction: a new order's charge just
    before the unit of work that stores the order, refunds and payouts after the commit that
    books them. The outcome comes back synchronously (``ChargeResult``) or later through
    ``Marketplace.handle_gateway_event``."""

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult: ...

    def refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult: ...

    def payout(
        self, subject: str, amount: Money, destination: str, idempotency_key: str
    ) -> ChargeResult: ...


class FileInspector(Protocol):
    """Tells a file's real type from its first bytes (``"pdf"``, ``"zip"``, ``"exe"``, ...).

    An attachment that arrives without its first bytes is checked with
    [`fetch_head`][microjob.ports.FileInspector.fetch_head], which reads them from wherever the host
    stored the file (by the attachment's ``ref``); when no bytes can be had the attachment is
    refused: a type check that cannot look says no.
    """

    def sniff(self, head: bytes) -> str | None: ...

    def fetch_head(self, ref: str) -> bytes | None:
        """The first bytes (a few dozen suffice) of the stored file ``ref``, or ``None``."""
        ...


class Record(Protocol):
    """What a generic repository stores: a frozen record with an id and a version."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...


R = TypeVar("R", bound=Record)


def _any_of_values(values: Iterable[object]) -> tuple[object, ...]:
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"AnyOf takes the values to match, not one string: AnyOf(({values!r},)) for "
            "that one value"
        )
    return tuple(values)


@attrs.frozen(slots=True)
class AnyOf:
    """A ``where`` condition matching any of ``values`` (``where(user_id=AnyOf(ids))``): the
    records of many users in one query, in insertion order."""

    values: tuple[object, ...] = attrs.field(converter=_any_of_values)


def any_of(values: Sequence[object]) -> object:
    """The ``where`` value matching any of ``values``: the one value itself when there is one
    (an equality, the cheapest lookup), else `AnyOf`."""
    return values[0] if len(values) == 1 else AnyOf(values)


class RecordRepository(Protocol[R]):
    """Storage for one kind of aggregate (disputes, payout requests, listings, ...).

    Records are frozen attrs values with ``id`` and ``version``; ``save`` stores the next
    version and refuses a stale one (optimistic concurrency). ``where`` answers equality
    queries on the fields the kind declared as indexed, in insertion order — an index lookup,
    never a scan.
    """

    def next_id(self) -> str: ...

    def get(self, record_id: str) -> R:
        """The record, or [`NotFound`][microjob.errors.NotFound]."""
        ...

    def find(self, record_id: str) -> R | None: ...

    def add(self, record: R) -> None: ...

    def save(self, record: R) -> None: ...

    def where(self, **fields: object) -> list[R]:
        """The records whose indexed ``fields`` equal the values given (a value given as
        `AnyOf`: any of its values), in insertion order."""
        ...


@attrs.frozen(slots=True)
class InboxRecord:
    """What the inbox remembers of a handled provider event.

    ``fingerprint`` names what the event was about (kind, subject and amount, see
    `microjob.context.event_fingerprint`): the same id arriving again is a duplicate only
    when the fingerprint matches, otherwise it is a conflict an operator must look at. Rows
    written before fingerprints were kept have ``None`` and count as matching.
    """

    outcome: str
    fingerprint: str | None = None


class Inbox(Protocol):
    """Provider events already handled: the same webhook twice is handled once."""

    def find(self, event_id: str) -> InboxRecord | None:
        """What was recorded for this event id, or ``None`` if it is new."""
        ...

    def record(self, event_id: str, outcome: str, fingerprint: str) -> None:
        """Remember a handled event; [`Conflict`][microjob.errors.Conflict] if a concurrent command
        recorded the same id first."""
        ...


class UnitOfWork(Protocol):
    """One command's transaction: repositories and ledger that commit together or not at all."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def orders(self) -> OrderRepository: ...

    @property
    def ledger(self) -> LedgerStore: ...

    @property
    def inbox(self) -> Inbox: ...

    def records(
        self, kind: str, record_type: type[R], *, index: tuple[str, ...] = ()
    ) -> RecordRepository[R]:
        """The repository of one aggregate kind; ``index`` names the fields ``where`` may use
        (the same kind must always be opened with the same index)."""
        ...

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        """Read these records, ``(kind, id)`` pairs, in one go: the next ``find`` or ``get``
        of each in this unit of work costs no read (a reaction that reads three records of
        three kinds: one statement, not three). A hint only: a store that reads each record
        cheaply may do nothing."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back unless [`commit`][microjob.bus.MessageBus.commit] was called."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def emit(self, event: Event) -> None:
        """Queue a domain event, published after commit."""
        ...

    def notify(self, notification: Notification) -> None:
        """Queue a notification, sent after commit."""
        ...

    def collected(self) -> tuple[list[Event], list[Notification]]:
        """What the committed command queued (read by the service to publish and send)."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens units of work on a store: a store's ``unit_of_work`` method.

    ``read_only=True`` is for queries: the unit of work refuses to commit, and a store may
    open it without the write lock its commands take (SQLite's deferred transaction: a
    snapshot that neither waits for writers nor makes them wait). A store with no cheaper way
    to read may hand out an ordinary unit of work that refuses to commit."""

    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...
