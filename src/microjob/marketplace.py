"""The Marketplace facade: the one object an embedding application holds.

A marketplace is a set of capabilities, each a small service reached as a namespace:

- ``market.users`` — register and read users;
- ``market.orders`` — quote, place, start, deliver, accept, cancel, extend orders;
- ``market.disputes`` — open, argue, withdraw and rule on disputes;
- ``market.wallet`` — balances, deposits, statements, debts;
- ``market.payouts`` — payout methods and payouts;
- ``market.chat`` — conversations, messages and their moderation;
- ``market.listings`` — service cards: create, moderate, search, order;
- ``market.requests`` — job requests: post, edit, browse, invite sellers;
- ``market.offers`` — sellers' offers on them: send, compare, decline, accept;
- ``market.reviews`` and ``market.reputation`` — ratings, levels, badges;
- ``market.subscriptions`` — plans and subscriptions;
- ``market.admin`` — the operator's back office: revenue, the books, conflicts.

Every command names who acts with the keyword ``actor=`` and returns the aggregate it created or
changed; every query that shows private data names who reads with ``viewer=``. The facade itself
keeps only what belongs to no one capability: the provider's events
([`Marketplace.handle_gateway_event`][microjob.marketplace.Marketplace.handle_gateway_event]) and
time ([`Marketplace.run_due`][microjob.marketplace.Marketplace.run_due]). It is built by
[`microjob.bootstrap.bootstrap`][microjob.bootstrap.bootstrap];
[`microjob.handlers`][microjob.handlers] shows how the services react to each other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict, Unpack

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.bootstrap import bootstrap
from microjob.catalog import ListingSchema
from microjob.context import stop_at_busy
from microjob.errors import Busy, MarketplaceError, ValidationError
from microjob.integrity import Keyring, LedgerKey
from microjob.policies import MarketplacePolicy
from microjob.ports import (
    Clock,
    EventPublisher,
    FileInspector,
    GatewayEvent,
    Notifier,
    PaymentGateway,
    UnitOfWork,
    UnitOfWorkFactory,
)
from microjob.reputation import ReputationRules
from microjob.search import SearchIndex

__all__ = ["DueReport", "Marketplace", "Options"]

log = logging.getLogger("microjob.marketplace")


@attrs.frozen
class DueReport:
    """What one [`Marketplace.run_due`][microjob.marketplace.Marketplace.run_due] pass did, by kind
    of move."""

    moves: dict[str, int]
    errors: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.moves.values())


class Options(TypedDict, total=False):
    """The rules' inputs besides the policy, given when the marketplace is built."""

    inspector: FileInspector
    """Reads attachments' first bytes (default: `MagicInspector`)."""
    reputation_rules: ReputationRules
    """The seller levels and badges (default: ``microjob.reputation.FIVERR_LIKE``)."""
    listing_schema: ListingSchema
    """The categories and custom attributes listings may have (default: any)."""
    search_index: SearchIndex
    """Where listing searches go (default: an in-memory index filled from storage)."""


class Marketplace:
    """A marketplace: users, orders and their money under one policy (see the module docstring).

    Build one with [`in_memory`][microjob.marketplace.Marketplace.in_memory] for tests and
    simulations, or [`from_url`][microjob.marketplace.Marketplace.from_url] for a database; both
    pass what they are given to [`bootstrap`][microjob.bootstrap.bootstrap].
    """

    store: Any = None
    """The adapter's store, when the marketplace was built by a factory (handy in tests)."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        policy: MarketplacePolicy,
        gateway: PaymentGateway,
        notifier: Notifier,
        publisher: EventPublisher,
        **options: Unpack[Options],
    ) -> None:
        services = bootstrap(
            uow=uow,
            clock=clock,
            policy=policy,
            gateway=gateway,
            notifier=notifier,
            publisher=publisher,
            **options,
        )
        self._ctx = services.ctx
        self.users = services.users
        self.orders = services.orders
        self.disputes = services.disputes
        self.wallet = services.wallet
        self.payouts = services.payouts
        self.chat = services.chat
        self.listings = services.listings
        self.requests = services.requests
        self.offers = services.offers
        self.reviews = services.reviews
        self.reputation = services.reputation
        self.subscriptions = services.subscriptions
        self.admin = services.admin

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """A unit of work on the marketplace's storage, for tools that read the books and
        records directly (the testing kit, the simulator's books). Commands never need it.
        ``read_only``: one that refuses to commit and, on SQLite, takes no write lock."""
        return self._ctx.uow(read_only=read_only)

    @property
    def policy(self) -> MarketplacePolicy:
        """The marketplace's terms."""
        return self._ctx.policy

    @property
    def clock(self) -> Clock:
        return self._ctx.clock

    @property
    def gateway(self) -> PaymentGateway:
        return self._ctx.gateway

    @property
    def notifier(self) -> Notifier:
        return self._ctx.bus.notifier

    @property
    def publisher(self) -> EventPublisher:
        return self._ctx.bus.publisher

    @classmethod
    def in_memory(
        cls,
        policy: MarketplacePolicy | None = None,
        *,
        clock: Clock | None = None,
        gateway: PaymentGateway | None = None,
        notifier: Notifier | None = None,
        publisher: EventPublisher | None = None,
        ledger_key: LedgerKey | Keyring | None = None,
        **options: Unpack[Options],
    ) -> Marketplace:
        """A marketplace on the memory adapter, wired in one line (tests, demos, simulations).
        ``ledger_key`` keys the ledger's tamper evidence (see ``docs/security.md``);
        ``options`` are the rules' other inputs (see [`Options`][microjob.marketplace.Options])."""
        from microjob.adapters.memory import (
            FakeGateway,
            FrozenClock,
            MemoryStore,
            RecordingNotifier,
            RecordingPublisher,
        )
        from microjob.policies import presets

        store = MemoryStore(ledger_key=ledger_key)
        market = cls(
            uow=store.unit_of_work,
            clock=clock or FrozenClock(),
            policy=policy or presets.fiverr_like(),
            gateway=gateway or FakeGateway(),
            notifier=notifier or RecordingNotifier(),
            publisher=publisher or RecordingPublisher(),
            **options,
        )
        market.store = store
        return market

    @classmethod
    def from_url(
        cls,
        url: str,
        policy: MarketplacePolicy | None = None,
        *,
        clock: Clock | None = None,
        gateway: PaymentGateway | None = None,
        notifier: Notifier | None = None,
        publisher: EventPublisher | None = None,
        migrate: bool = True,
        store_options: Mapping[str, Any] | None = None,
        **options: Unpack[Options],
    ) -> Marketplace:
        """A marketplace kept in a database, ready to use.

        ``sqlite:///marketplace.db`` is the embedded default (a file, WAL mode);
        ``postgresql+psycopg://user@host/dbname`` runs on PostgreSQL. Needs the ``sql`` extra
        (``postgres`` for PostgreSQL). The schema is created or upgraded on open unless
        ``migrate=False``; ``store_options`` go to `microjob.adapters.sql.SqlStore`
        and ``options`` are the rules' other inputs (see [`Options`][microjob.marketplace.Options]).
        ``gateway`` is required: a marketplace kept in a database is one that takes real
        payments, so it never gets a fake provider by accident (pass your provider's adapter,
        or [`microjob.adapters.memory.FakeGateway`][microjob.adapters.memory.FakeGateway] in a demo
        or a test). The clock defaults to the wall clock in UTC; the notifier and publisher to the
        recording fakes of [`in_memory`][microjob.marketplace.Marketplace.in_memory] (pass your
        own). See ``docs/adapters.md``.
        """
        if gateway is None:
            raise ValidationError(
                "Marketplace.from_url needs gateway=: a database-backed marketplace takes real "
                "payments, so pass your payment provider's adapter (a PaymentGateway), or "
                "gateway=microjob.adapters.memory.FakeGateway() for a demo or a test"
            )
        from microjob.adapters.memory import RecordingNotifier, RecordingPublisher

        try:
            from microjob.adapters.sql import SqlStore, SystemClock
        except ModuleNotFoundError as missing:
            raise ModuleNotFoundError(
                f"Marketplace.from_url needs the 'sql' extra ({missing.name} is not installed): "
                "pip install 'microjob[sql]' (or 'microjob[postgres]' for PostgreSQL)"
            ) from missing
        from microjob.policies import presets

        store = SqlStore(url, migrate=migrate, **(store_options or {}))
        if options.get("search_index") is None:  # one index in the database, seen by all
            options["search_index"] = store.search_index()
        market = cls(
            uow=store.unit_of_work,
            clock=clock or SystemClock(),
            policy=policy or presets.fiverr_like(),
            gateway=gateway,
            notifier=notifier or RecordingNotifier(),
            publisher=publisher or RecordingPublisher(),
            **options,
        )
        market.store = store
        return market

    # -- what belongs to no one capability -------------------------------------------------------
    def handle_gateway_event(self, event: GatewayEvent) -> str:
        """Apply a payment provider's message once; a duplicate is a no-op.

        Returns what happened (``"applied"``, ``"duplicate"``, ``"credited"``, ``"ignored"``,
        or ``"parked"`` for an event about an order that is not stored: kept, then applied or
        refunded, see [`microjob.services.orphan_charges`][microjob.services.orphan_charges]).
        An event is a duplicate only when its id, kind, subject and amount all match the one
        handled before; the same id for anything else raises
        [`Conflict`][microjob.errors.Conflict] and is kept for an operator
        (``admin.gateway_conflicts``). Each subject kind (``order:ID``, ``deposit:ID``,
        ``payout:ID``, ``subscription:ID``) goes to the capability that owns it
        (``gateway_routes`` in [`microjob.handlers`][microjob.handlers]).
        """
        if not isinstance(event, GatewayEvent):
            raise ValidationError(f"expected a GatewayEvent, got {type(event).__name__}")
        for label, value in (
            ("id", event.id),
            ("kind", event.kind),
            ("subject", event.subject),
            ("reference", event.reference),
        ):
            if not isinstance(value, str) or len(value) > 255:
                raise ValidationError(
                    f"gateway event {label} must be text of at most 255 characters, got "
                    f"{type(value).__name__} of {len(value) if isinstance(value, str) else '?'}"
                )
        if event.amount is not None and not isinstance(event.amount, Money):
            raise ValidationError(
                f"gateway event amount must be a Money or None, got {type(event.amount).__name__}"
            )
        if not isinstance(event.reason, str):
            raise ValidationError("gateway event reason must be text")
        if len(event.reason) > 500:  # a provider's explanation, kept readable, never refused
            event = attrs.evolve(event, reason=event.reason[:500])
        if not event.subject.partition(":")[2]:
            raise ValidationError(
                f"gateway event subject {event.subject!r} is not a reference like 'order:ID'"
            )
        return self._ctx.apply_provider_event(event)[0]

    def run_due(self, now: DateTime | None = None, *, limit: int = 10_000) -> DueReport:
        """Apply every move that time alone makes due: expiry, late, auto-complete, accepted
        cancellation requests, clearance, and each capability's own (the wiring's ``due``:
        dispute deadlines, review windows, levels, payouts to resend, request deadlines,
        renewals), then refunds the provider has not taken yet. Idempotent and safe to call from
        any scheduler. Orders move 64 to a unit of work, and a batch that fails is redone one
        order per unit of work, so one failure does not hold up the rest."""
        if limit.__class__ is not int or not 0 <= limit < 2**63:
            raise ValidationError(
                f"limit is how many due orders to move, an int from 0 to 2**63-1, got {limit!r}"
            )
        at = now or self._ctx.clock.now()
        moves: dict[str, int] = {}
        errors: list[str] = []

        busy: list[Busy] = []

        def run(name: str, step: Callable[[], tuple[Mapping[str, int], Sequence[str]]]) -> None:
            # One job that fails whole (a record it cannot read, a concurrent scheduler's
            # Conflict) is reported, and the others still run: orders must not stop moving
            # for the whole marketplace because of one row. A locked database (Busy) stops
            # the pass instead: every later job would wait out the busy timeout again.
            if busy:
                return
            try:
                done, failed = step()
            except Busy as exc:
                busy.append(exc)
                errors.append(f"{name}: stopped, the rest of this pass too: {exc}")
                return
            except MarketplaceError as exc:  # a concurrent scheduler's Conflict, say
                log.warning("run_due: %s: %s", name, exc)
                errors.append(f"{name}: {exc}")
                return
            except Exception as exc:  # a bug or a broken record: named, with its traceback
                log.exception("run_due: %s failed", name)
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                return
            for move, count in done.items():
                moves[move] = moves.get(move, 0) + count
            errors.extend(failed)

        due: list[str] = []

        def read_due() -> tuple[dict[str, int], list[str]]:
            due.extend(self.orders.due_orders(at, limit))  # read before anything moves
            return {}, []

        run("due orders", read_due)
        for job in self._ctx.wiring.due:
            run(getattr(job, "__qualname__", repr(job)), lambda job=job: job(at))  # type: ignore[misc]

        def refunds() -> tuple[dict[str, int], list[str]]:
            sent, _ = self.admin.due_refunds(at)
            return ({"refund_sent": sent} if sent else {}), []

        run("refunds", refunds)
        run("order moves", lambda: self._move_due(due, at, limit))
        return DueReport(moves, tuple(errors))

    def _move_due(
        self, due: list[str], at: DateTime, limit: int
    ) -> tuple[dict[str, int], list[str]]:
        """Move the due orders read, then, for each that failed, one more due after them.

        Orders are read earliest wake time first, and one that fails (a row that does not
        decode) keeps its wake time, so it is read first again in every pass: with as many
        such orders as ``limit``, no other order would ever move. Reading past them keeps the
        pass at ``limit`` orders that can move."""
        moves: dict[str, int] = {}
        errors: list[str] = []
        tried = set(due)
        batch, read, want = due, len(due), limit
        while batch:
            failed: list[str] = []
            try:
                done, failures = self.orders.move_due(batch, at, failed=failed)
            except Busy as exc:
                stop_at_busy(exc, bool(moves), errors, "the next due orders")
                break
            for move, count in done.items():
                moves[move] = moves.get(move, 0) + count
            errors.extend(failures)
            if not failed or read < want:  # nothing failed, or no order is due beyond these
                break
            want += len(failed)
            ahead = self.orders.due_orders(at, want)
            read = len(ahead)
            # As many more as failed: the orders that moved are no longer due, so the read
            # may hold more new ones than that, and the pass stays at ``limit`` moved orders.
            batch = [order_id for order_id in ahead if order_id not in tried][: len(failed)]
            tried.update(batch)
        return moves, errors
