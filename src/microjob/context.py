"""The context every capability's service works in: ports, policy, clock, bus.

A marketplace is a set of small services (`microjob.services`), one per capability, built
by [`microjob.bootstrap.bootstrap`][microjob.bootstrap.bootstrap] over **one** `Context`. The
context holds what every command needs and nothing any one capability owns: the unit-of-work
factory, the clock, the policy, the ports, the message bus, and the few steps every command shares —
taking user text through the intake, checking who may read what, and running one order's command.
Services never inherit from each other; when one needs another, the bootstrap hands it over.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn

import attrs
import pendulum
from moneyed import Money
from pendulum import DateTime, Duration

from microjob import events
from microjob.attachments import MagicInspector
from microjob.bus import MessageBus
from microjob.chat import ContactStrikes
from microjob.errors import Busy, MarketplaceError, PermissionDenied, ValidationError
from microjob.inbox import EventRefused, check_inbox, event_fingerprint, keep_conflict
from microjob.intake import ContactDetailsRefused, FlaggedText, Intake
from microjob.lifecycle import Role
from microjob.orders import Attachment, Order
from microjob.policies import MarketplacePolicy
from microjob.ports import (
    Clock,
    FileInspector,
    GatewayEvent,
    PaymentGateway,
    RecordRepository,
    UnitOfWork,
    UnitOfWorkFactory,
)
from microjob.users import BackOffice, Viewer

if TYPE_CHECKING:
    from microjob.handlers import Wiring

__all__ = [
    "COVERED",
    "DUE_BATCH",
    "MAX_ATTACHMENTS",
    "MAX_REFUSALS",
    "REFUSAL_WAITS",
    "REFUSED",
    "Context",
    "PendingRefund",
    "in_batches",
    "log",
]

log = logging.getLogger("microjob")

MAX_ATTACHMENTS = 20
"""Files in one delivery, piece of evidence or message."""

DUE_BATCH = 64
"""How many items a `run_due` job moves in one unit of work: one commit (one disk flush)
for the lot. A batch that fails is redone one item per unit of work, so a failure stays
isolated; 64 keeps a batch's locks and its rollback short."""


def in_batches(
    items: Sequence[str],
    work: Callable[[Sequence[str]], list[str]],
    name: Callable[[str], str],
    size: int = DUE_BATCH,
    failed: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """Run ``work`` (one unit of work over the items it is given; returns what it did) on
    ``size`` items at a time, and ``(done, errors)``.

    A batch is one commit instead of one per item, which is most of what a `run_due` pass
    costs on a database. One item's failure must still not hold up the rest: a batch that
    fails, however it fails, is rolled back whole and its items are done again one unit of
    work each. An item that fails alone is reported as ``name(item): why`` (a domain error by
    its message, anything else with its type too, and logged with its traceback). A database
    that stays locked by another writer (`Busy`) stops the pass (`stop_at_busy`). Items that
    failed alone are added to ``failed`` when it is given. Failures
    are rare (a record changed by someone else in between, a lock timeout), so the common pass
    pays one commit per batch.
    """
    done: list[str] = []
    errors: list[str] = []
    step = max(1, size)
    for start in range(0, len(items), step):
        chunk = items[start : start + step]
        if len(chunk) > 1:
            try:
                done += work(chunk)
                continue
            except Busy as exc:
                stop_at_busy(exc, bool(done), errors, name(chunk[0]))
                return done, errors
            except Exception:  # rolled back whole: find whose it is below
                pass
        for item in chunk:
            try:
                done += work((item,))
            except Busy as exc:  # no item's fault: waiting again for each would take hours
                stop_at_busy(exc, bool(done), errors, name(item))
                return done, errors
            except MarketplaceError as exc:
                errors.append(f"{name(item)}: {exc}")
                if failed is not None:
                    failed.append(item)
            except Exception as exc:  # a bug or a broken row: name it, do the rest
                log.exception("run_due: %s failed", name(item))
                errors.append(f"{name(item)}: {type(exc).__name__}: {exc}")
                if failed is not None:
                    failed.append(item)
    return done, errors


def stop_at_busy(exc: Busy, progressed: bool, errors: list[str], before: str) -> None:
    """A `run_due` job's loop that met a locked database (`Busy`) ends there. Raised when the
    job did nothing yet, so `run_due` stops the pass instead of every later job waiting out
    the busy timeout again; otherwise reported in ``errors`` and the caller ends its loop,
    so what it committed before still counts in the report (the next job meets the lock
    and stops the pass)."""
    if not progressed:
        raise exc
    errors.append(f"stopped before {before}: {exc}")


def strikes_repo(uow: UnitOfWork) -> RecordRepository[ContactStrikes]:
    return uow.records("contact_strikes", ContactStrikes)


MAX_REFUSALS = 5
"""How many times the provider may refuse a refund to the card before it stops being sent and
waits for an operator
([`refused_refunds`][microjob.services.admin.AdminService.refused_refunds]).

A refusal moves no money, and some refusals pass: the provider's risk system, a card briefly
blocked, an outage that answers ``failed``. Others never do: the charge was refunded at the
provider already, the card is closed, the charge is too old to refund. The provider does not
say which, and its reason texts are not a contract, so the refund is asked for again, five
times in all, spread over most of a day (`REFUSAL_WAITS`): a passing cause has cleared by then,
one still refusing after that needs a person (the ledger booked the money as gone back to the
card, so someone must give it to the buyer another way or fix the cause and send it again)."""

REFUSAL_WAITS: tuple[Duration, ...] = (
    pendulum.duration(minutes=15),
    pendulum.duration(hours=1),
    pendulum.duration(hours=4),
    pendulum.duration(hours=12),
)
"""How long a refused refund waits before ``run_due`` asks again, after the first, second, ...
refusal: an outage of refusals of a few minutes or hours does not use up the `MAX_REFUSALS`
attempts of a scheduler that runs every minute; the fifth attempt comes some 17 hours after
the first refusal."""

REFUSED = "refused"
"""A [`PendingRefund`][microjob.context.PendingRefund] the provider refused `MAX_REFUSALS`
times: no longer sent, listed for an operator."""


@attrs.frozen(slots=True)
class PendingRefund:
    """A committed refund to the buyer's payment method, until the provider has taken it.

    ``id`` is the provider call's idempotency key (``order:ID:refund``), ``state`` ``pending``
    (to be sent, and sent again by ``run_due`` until the provider answers), ``sent``,
    ``covered`` when a chargeback of the order's charge came first (the provider then gave the
    buyer the money already, so the refund is never sent), or ``refused`` when the provider
    refused it `MAX_REFUSALS` times: it is no longer sent, and waits for an operator, who
    fixes the cause and sends it again
    ([`resend_refund`][microjob.services.admin.AdminService.resend_refund]). ``in_doubt``
    while a call to the provider has not answered (written before each call, cleared when the
    provider refuses it): a refund the provider may have taken cannot be covered, only owed.
    """

    id: str
    order_id: str
    amount: Money
    reference: str
    at: DateTime
    state: str = "pending"
    version: int = 0
    in_doubt: bool = False
    refusals: int = 0
    """How often the provider refused it. A refusal moves nothing, so the next attempt goes
    under a key of its own (`call_key`): under the same key the provider would only replay
    its refusal."""
    retry_at: DateTime | None = None
    """After a refusal: when ``run_due`` asks again (`REFUSAL_WAITS`); ``None``: at once."""
    reason: str = ""
    """The provider's reason for its last refusal, for the operator."""
    reversal_took: Money | None = None
    """Set when a chargeback of the order's charge came while a call of this refund had not
    answered: the part of the refund the chargeback took back from the buyer's wallet (the
    card may have had the refund, so the buyer may have been paid twice)."""
    reversal_owed: Money | None = None
    """With `reversal_took`: the part the buyer was left owing (a debt)."""
    reversal_debt: str | None = None
    """With `reversal_owed`: the id of the buyer's debt the chargeback opened for it (a later
    reversal of another charge of the order opens a debt of its own, with the same cause)."""

    @property
    def charged_back(self) -> bool:
        """Whether a chargeback came while this refund was in doubt (see `reversal_took`): a
        refusal then shows the card never had it, and the chargeback covers it."""
        return self.reversal_owed is not None or self.reversal_took is not None

    @property
    def call_key(self) -> str:
        """The idempotency key of the next call: ``id``, then ``id:1``, ``id:2`` after each
        refusal."""
        return self.id if not self.refusals else f"{self.id}:{self.refusals}"

    @property
    def call_keys(self) -> tuple[str, ...]:
        """Every key it was sent under, refused ones first (``id``, ``id:1``, ...): the key of
        each refusal, then the current `call_key`."""
        return (self.id, *(f"{self.id}:{n}" for n in range(1, self.refusals + 1)))

    def due(self, now: DateTime) -> bool:
        """Whether ``run_due`` sends it now: pending, and past its wait after a refusal."""
        return self.state == "pending" and (self.retry_at is None or self.retry_at <= now)

    def refused(self, reason: str, now: DateTime) -> PendingRefund:
        """The refund after the provider refused its current `call_key`: counted (the next
        call goes under a new key), no longer in doubt (the provider answered: nothing
        moved), and either waiting for its next attempt or, at `MAX_REFUSALS`, ``refused``.

        An operator's resend gives one more attempt, so a refusal after it is the
        `MAX_REFUSALS` + 1st and hands the refund back to the operator at once.

        A refund a chargeback found in doubt (`charged_back`) is ``covered`` instead: every
        call of it was refused, so the card never had it, and the chargeback gave the buyer
        the money; what the chargeback took from the buyer for it goes back
        ([`RefundCovered`][microjob.events.RefundCovered])."""
        count = self.refusals + 1
        if self.charged_back:
            return attrs.evolve(
                self, state=COVERED, in_doubt=False, refusals=count, retry_at=None, reason=reason
            )
        if count >= MAX_REFUSALS:
            return attrs.evolve(
                self, state=REFUSED, in_doubt=False, refusals=count, retry_at=None, reason=reason
            )
        wait = REFUSAL_WAITS[min(count, len(REFUSAL_WAITS)) - 1]
        return attrs.evolve(
            self, in_doubt=False, refusals=count, retry_at=now + wait, reason=reason
        )


COVERED = "covered"
"""A [`PendingRefund`][microjob.context.PendingRefund] a chargeback made unnecessary."""


def pending_refunds_repo(uow: UnitOfWork) -> RecordRepository[PendingRefund]:
    return uow.records("pending_refund", PendingRefund, index=("state",))


def flagged_texts_repo(uow: UnitOfWork) -> RecordRepository[FlaggedText]:
    return uow.records("flagged_text", FlaggedText, index=("user_id", "state"))


class _Texts:
    """What [`Context.texts`][microjob.context.Context.texts] returns: a plain context manager
    rather than a generator-based one, since every command with a text enters one."""

    __slots__ = ("_actor", "_ctx", "_ref")

    def __init__(self, ctx: Context, actor: str, ref: str) -> None:
        self._ctx = ctx
        self._actor = actor
        self._ref = ref

    def __enter__(self) -> Intake:
        return Intake(self._ctx.policy)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(exc, ContactDetailsRefused):
            self._ctx.refused_text(exc, self._actor, self._ref)


class Context:
    """Ports, policy, clock and bus, plus the steps every command shares."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        policy: MarketplacePolicy,
        gateway: PaymentGateway,
        bus: MessageBus,
        inspector: FileInspector | None = None,
    ) -> None:
        self.uow = uow
        self.clock = clock
        self.policy = policy
        self.gateway = gateway
        self.bus = bus
        self.inspector: FileInspector = inspector or MagicInspector()
        self.commit: Callable[[UnitOfWork], None] = bus.commit
        """Commit a command's unit of work through the bus (handlers, then the outside world)."""

    def reads(self) -> UnitOfWork:
        """A unit of work for a query: it refuses to commit, and on SQLite it reads a snapshot
        without taking the write lock, so queries and commands never wait for each other."""
        return self.uow(read_only=True)

    wiring: Wiring
    """Set once by [`microjob.bootstrap.bootstrap`][microjob.bootstrap.bootstrap], when every
    service exists."""

    # -- refunds to the buyer's payment method ---------------------------------------------------
    def refund(self, uow: UnitOfWork, event: events.OrderRefunded, buyer_id: str) -> None:
        """Announce a refund; one back to the buyer's payment method is also written down as a
        `PendingRefund` in the same unit of work, so it is sent after the commit and,
        if the provider call fails, by `retry_gateway_refunds` or ``run_due`` in any
        process — a restart or a second worker never loses it. One to the buyer's wallet is
        money landing there like any other: the buyer's open debts are repaid from it first
        (``funds_available``), or a debtor could spend it on new orders."""
        uow.emit(event)
        if event.to != "original":
            self.funds_available(uow, (buyer_id,), event.amount.currency.code, event.at)
            return
        repo = pending_refunds_repo(uow)
        key = f"order:{event.order_id}:refund"
        if repo.find(key) is None:
            repo.add(PendingRefund(key, event.order_id, event.amount, event.reference, event.at))

    # -- provider events ----------------------------------------------------------------------
    def apply_provider_event(self, event: GatewayEvent) -> tuple[str, object]:
        """Apply one payment-provider event once, through the capability that owns its subject
        (``order:ID``, ``deposit:ID``, ``payout:ID``, ``subscription:ID``: the wiring's
        ``gateway_routes``): a webhook, or the synchronous answer to our own call. Returns the
        outcome and the changed aggregate (``None`` for a duplicate). An event whose id was
        used before for another subject or amount is refused and kept for an operator."""
        kind, _, subject_id = event.subject.partition(":")
        route = self.wiring.gateway_routes.get(kind)
        if route is None:
            raise ValidationError(
                f"gateway event subject {event.subject!r} names no known kind of object "
                f"({kind!r}); expected one of {', '.join(sorted(self.wiring.gateway_routes))}"
            )
        try:
            with self.uow() as uow:
                if check_inbox(uow, event) is not None:
                    return "duplicate", None
                outcome, changed = route(uow, subject_id, event, self.clock.now())
                self.record_event(uow, event, outcome)
                self.commit(uow)
        except EventRefused as reused:
            self.refuse_reused(reused)
        return outcome, changed

    @staticmethod
    def record_event(uow: UnitOfWork, event: GatewayEvent, outcome: str) -> None:
        uow.inbox.record(event.id, outcome, event_fingerprint(event))

    def refuse_reused(self, reused: EventRefused) -> NoReturn:
        """Keep a provider event whose id was already used for something else, then refuse it.

        The command's own unit of work was rolled back by the exception; the conflict is stored
        in a fresh one, so an operator sees it even though nothing else changed.
        """
        with self.uow() as uow:
            keep_conflict(uow, reused, self.clock.now())
            uow.commit()
        log.warning(
            "gateway event refused: %s (recorded %s, received %s)",
            reused.event.id,
            reused.recorded,
            event_fingerprint(reused.event),
        )
        raise reused

    # -- the reactions that answer inside a step (listed in microjob.handlers) -------------------
    def funds_available(
        self, uow: UnitOfWork, user_ids: Sequence[str], currency: str, now: DateTime
    ) -> None:
        """Money just landed in these users' ``user:{id}:available``: debts are repaid from it
        first, then a past-due subscription renews (the wiring's ``funds_available``, in that
        order). Many users at once (a clearance batch's sellers) cost each hook one query."""
        for react in self.wiring.funds_available:
            react(uow, user_ids, currency, now)

    def order_terms(
        self, uow: UnitOfWork, seller_id: str, policy: MarketplacePolicy
    ) -> MarketplacePolicy:
        """The terms a new order with this seller is placed under (a level or a plan may lower
        the commission): each of the wiring's ``order_terms`` adjusts the last one's result."""
        for adjust in self.wiring.order_terms:
            policy = adjust(uow, seller_id, policy)
        return policy

    def check_listing_allowance(self, uow: UnitOfWork, seller_id: str) -> None:
        """Refuse a listing the seller may not create now (a plan's listing limit)."""
        for check in self.wiring.listing_allowance:
            check(uow, seller_id)

    # -- what users write -----------------------------------------------------------------------
    def texts(self, actor: str, ref: str) -> AbstractContextManager[Intake]:
        """Take a command's texts through the intake (`microjob.intake`).

        A text refused under policy ``BLOCK`` ends the command before it starts; the writer's
        strike is still recorded, in a unit of work of its own, as chat does. Texts that were
        flagged but kept (masked, or as typed under ``ALLOW``) are counted by
        `keep_screened` inside the command's own unit of work.
        """
        return _Texts(self, actor, ref)

    def refused_text(self, refused: ContactDetailsRefused, actor: str, ref: str) -> None:
        """Record the strike of a text refused under ``BLOCK`` (its command is not run)."""
        with self.uow() as uow:
            if uow.users.find(actor) is not None:
                now = self.clock.now()
                refused.strikes = self.add_strike(
                    uow, actor, actor, refused.kinds, f"{ref}:{refused.field}", now
                )
                self.commit(uow)
        log.info("text refused: %s from %s on %s (%s)", refused.field, actor, ref, refused.kinds)

    @staticmethod
    def file_names(intake: Intake, attachments: Sequence[Attachment]) -> tuple[Attachment, ...]:
        """Attachments with safe, screened names (the policy's extension, size and real-type
        checks follow, under the policy of the order or conversation they belong to)."""
        if isinstance(attachments, (str, bytes, Attachment)):
            raise ValidationError("attachments is a sequence of Attachment values, e.g. [file]")
        given = list(attachments)
        if len(given) > MAX_ATTACHMENTS:
            raise ValidationError(
                f"{len(given)} files at once; at most {MAX_ATTACHMENTS} (send an archive)"
            )
        files = []
        for item in given:
            if not isinstance(item, Attachment):
                raise ValidationError(f"expected an Attachment, got {type(item).__name__}")
            for label, value, limit in (
                ("ref", item.ref, 2_000),
                ("content_type", item.content_type, 200),
            ):
                if not isinstance(value, str) or len(value) > limit:
                    raise ValidationError(
                        f"{item.name[:80]!r}: {label} must be text of at most {limit:,} characters"
                    )
            name = intake.file_name(item.name)
            files.append(item if name == item.name else attrs.evolve(item, name=name))
        return tuple(files)

    def keep_screened(
        self, uow: UnitOfWork, actor: str, ref: str, intake: Intake, now: DateTime
    ) -> None:
        """Count a strike for each flagged text the command kept and store its original for
        moderators ([`flagged_texts`][microjob.services.admin.AdminService.flagged_texts])."""
        if not intake.screened:
            return
        repo = flagged_texts_repo(uow)
        for item in intake.screened:
            repo.add(
                FlaggedText(
                    repo.next_id(),
                    actor,
                    ref,
                    item.field,
                    item.original,
                    item.text,
                    item.flags,
                    now,
                )
            )
            self.add_strike(uow, actor, actor, item.flags, f"{ref}:{item.field}", now)

    def add_strike(
        self,
        uow: UnitOfWork,
        actor: str,
        user_id: str,
        flags: tuple[str, ...],
        ref: str,
        now: DateTime,
    ) -> int:
        repo = strikes_repo(uow)
        current = repo.find(user_id)
        new = (current or ContactStrikes(user_id)).add(flags, ref, now)
        if current is None:
            repo.add(new)
        else:
            repo.save(new)
        uow.emit(events.ContactStrikeCounted(now, actor, user_id, new.count, ref, flags))
        return new.count

    def role(self, uow: UnitOfWork, order: Order, actor: str) -> Role:
        if actor == order.buyer_id:
            return Role.BUYER
        if actor == order.seller_id:
            return Role.SELLER
        user = uow.users.find(actor)
        if user is not None and user.is_admin:
            return Role.ADMIN
        return Role.STRANGER

    def order_command(
        self,
        order_id: str,
        actor: str,
        apply: Callable[[UnitOfWork, Order, Role, DateTime], Order],
        intake: Intake | None = None,
    ) -> Order:
        with self.uow() as uow:
            order = uow.orders.get(order_id)
            if actor == order.buyer_id:  # self.role, with the parties decided inline
                role = Role.BUYER
            elif actor == order.seller_id:
                role = Role.SELLER
            else:
                role = self.role(uow, order, actor)
            if role is Role.STRANGER:
                raise PermissionDenied(
                    f"user {actor!r} is not a party of order {order_id} and not an admin"
                )
            now = self.clock.now()
            new = apply(uow, order, role, now)
            if new is not order:
                uow.orders.save(new)
            if intake is not None and intake.screened:
                self.keep_screened(uow, actor, f"order:{order_id}", intake, now)
            self.commit(uow)
        return new

    def check_viewer(
        self, uow: UnitOfWork, viewer: Viewer, owners: tuple[str, ...], what: str
    ) -> None:
        """The same rule for reading as for acting: the owners of ``what`` (the user, or the
        parties of an order), an admin, or trusted back-office code (`BACK_OFFICE`)."""
        if isinstance(viewer, BackOffice):
            return
        if not isinstance(viewer, str):
            raise ValidationError(
                f"viewer must be a user id or microjob.BACK_OFFICE, got {type(viewer).__name__}"
            )
        if viewer in owners or self.is_admin(uow, viewer):
            return
        who = f"only {' and '.join(map(repr, owners))} and admins" if owners else "only admins"
        raise PermissionDenied(f"user {viewer!r} may not see {what}: {who} may")

    def is_admin(self, uow: UnitOfWork, actor: str) -> bool:
        user = uow.users.find(actor)
        return user is not None and user.is_admin
