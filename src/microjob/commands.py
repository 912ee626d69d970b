"""The plumbing every Marketplace command shares, apart from what the commands are about.

:class:`CommandBase` holds the ports and the one path each command takes: open a unit of work,
find out who the actor is, apply the change, commit, then publish events and send
notifications. The capabilities (orders, disputes, payouts, ...) are mixins over it, assembled
into :class:`microjob.Marketplace`, so each lives in its own module while users see one object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob import ledger as accounts
from microjob.attachments import MagicInspector
from microjob.chat import ContactStrikes
from microjob.errors import PermissionDenied, ValidationError
from microjob.inbox import (
    EventRefused,
    GatewayConflict,
    check_inbox,
    conflicts,
    event_fingerprint,
    keep_conflict,
)
from microjob.intake import ContactDetailsRefused, FlaggedText, Intake
from microjob.lifecycle import Role
from microjob.orders import Attachment, Order
from microjob.policies import MarketplacePolicy
from microjob.ports import (
    Clock,
    EventPublisher,
    FileInspector,
    GatewayEvent,
    Notifier,
    PaymentGateway,
    RecordRepository,
    UnitOfWork,
)
from microjob.users import BackOffice, Viewer

__all__ = ["CommandBase"]

log = logging.getLogger("microjob")

MAX_ATTACHMENTS = 20
"""Files in one delivery, piece of evidence or message."""


def strikes_repo(uow: UnitOfWork) -> RecordRepository[ContactStrikes]:
    return uow.records("contact_strikes", ContactStrikes)


@attrs.frozen(slots=True)
class PendingRefund:
    """A committed refund to the buyer's payment method, until the provider has taken it.

    ``id`` is the provider call's idempotency key (``order:ID:refund``), ``state`` ``pending``
    or ``sent``.
    """

    id: str
    order_id: str
    amount: Money
    reference: str
    at: DateTime
    state: str = "pending"
    version: int = 0


def pending_refunds_repo(uow: UnitOfWork) -> RecordRepository[PendingRefund]:
    return uow.records("pending_refund", PendingRefund, index=("state",))


def flagged_texts_repo(uow: UnitOfWork) -> RecordRepository[FlaggedText]:
    return uow.records("flagged_text", FlaggedText, index=("user_id", "state"))


class CommandBase:
    """Ports and the shared command path (see the module docstring)."""

    def __init__(
        self,
        *,
        uow: Callable[[], UnitOfWork],
        clock: Clock,
        policy: MarketplacePolicy,
        gateway: PaymentGateway,
        notifier: Notifier,
        publisher: EventPublisher,
        inspector: FileInspector | None = None,
    ) -> None:
        self._uow = uow
        self.clock = clock
        self.policy = policy
        self.gateway = gateway
        self.notifier = notifier
        self.publisher = publisher
        self.inspector: FileInspector = inspector or MagicInspector()

    store: Any = None
    """The adapter's store, when the marketplace was built by a factory (handy in tests)."""

    def _finish(self, uow: UnitOfWork) -> None:
        uow.commit()
        emitted, notes = uow.collected()
        if emitted:
            self.publisher.publish(emitted)
            for event in emitted:
                if type(event) is events.OrderRefunded and event.to == "original":
                    self._send_refund(f"order:{event.order_id}:refund")
        for note in notes:
            self.notifier.send(note)

    # -- refunds to the buyer's payment method ---------------------------------------------------
    def _refund(self, uow: UnitOfWork, event: events.OrderRefunded) -> None:
        """Announce a refund; one back to the buyer's payment method is also written down as a
        :class:`PendingRefund` in the same unit of work, so it is sent after the commit and,
        if the provider call fails, by :meth:`retry_gateway_refunds` or ``run_due`` in any
        process — a restart or a second worker never loses it."""
        uow.emit(event)
        if event.to != "original":
            return
        repo = pending_refunds_repo(uow)
        key = f"order:{event.order_id}:refund"
        if repo.find(key) is None:
            repo.add(PendingRefund(key, event.order_id, event.amount, event.reference, event.at))

    def _send_refund(self, key: str) -> bool:
        """Send one pending refund to the provider under its idempotency key (the ledger moved
        the money already; the call is retried until it goes through, never re-booked)."""
        with self._uow() as uow:
            pending = pending_refunds_repo(uow).find(key)
        if pending is None or pending.state != "pending":
            return True
        try:
            result = self.gateway.refund(pending.reference, pending.amount, key)
        except Exception:
            log.warning("refund %s: the provider call failed; kept for a retry", key)
            return False
        if result.status == "failed":
            log.warning("refund %s: the provider refused it (%s); kept", key, result.reason)
            return False
        with self._uow() as uow:
            repo = pending_refunds_repo(uow)
            current = repo.find(key)
            if current is not None and current.state == "pending":
                repo.save(attrs.evolve(current, state="sent", version=current.version + 1))
                uow.commit()
        return True

    @property
    def unsent_refunds(self) -> dict[str, PendingRefund]:
        """Refunds to buyers' payment methods the provider has not taken yet, by key."""
        with self._uow() as uow:
            return {r.id: r for r in pending_refunds_repo(uow).where(state="pending")}

    def retry_gateway_refunds(self) -> int:
        """Send again every refund the provider did not take (from any process); returns how
        many remain. ``run_due`` calls it too."""
        return self._retry_refunds()[1]

    def _retry_refunds(self) -> tuple[int, int]:
        """(sent, left) after one pass over the pending refunds."""
        sent = left = 0
        for key in list(self.unsent_refunds):
            if self._send_refund(key):
                sent += 1
            else:
                left += 1
        return sent, left

    # -- what users write -----------------------------------------------------------------------
    @contextmanager
    def _texts(self, actor: str, ref: str) -> Iterator[Intake]:
        """Take a command's texts through the intake (:mod:`microjob.intake`).

        A text refused under policy ``BLOCK`` ends the command before it starts; the writer's
        strike is still recorded, in a unit of work of its own, as chat does. Texts that were
        flagged but kept (masked, or as typed under ``ALLOW``) are counted by
        :meth:`_keep_screened` inside the command's own unit of work.
        """
        intake = Intake(self.policy)
        try:
            yield intake
        except ContactDetailsRefused as refused:
            with self._uow() as uow:
                if uow.users.find(actor) is not None:
                    now = self.clock.now()
                    refused.strikes = self._add_strike(
                        uow, actor, actor, refused.kinds, f"{ref}:{refused.field}", now
                    )
                    self._finish(uow)
            log.info(
                "text refused: %s from %s on %s (%s)", refused.field, actor, ref, refused.kinds
            )
            raise

    @staticmethod
    def _file_names(intake: Intake, attachments: Sequence[Attachment]) -> tuple[Attachment, ...]:
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

    def _keep_screened(
        self, uow: UnitOfWork, actor: str, ref: str, intake: Intake, now: DateTime
    ) -> None:
        """Count a strike for each flagged text the command kept and store its original for
        moderators (:meth:`flagged_texts`)."""
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
            self._add_strike(uow, actor, actor, item.flags, f"{ref}:{item.field}", now)

    def _add_strike(
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

    def flagged_texts(self, admin: str, user_id: str | None = None) -> list[FlaggedText]:
        """Texts outside chat (titles, deliveries, reasons, reviews, file names, ...) in which the
        scanner found contact details, with what the writer typed: for moderators. Only the
        given user's when ``user_id`` is set."""
        with self._uow() as uow:
            if not self._is_admin(uow, admin):
                raise PermissionDenied(f"user {admin!r} is not an admin; only admins moderate")
            repo = flagged_texts_repo(uow)
            if user_id is not None:
                return repo.where(user_id=user_id)
            return repo.where(state="new")

    # -- provider events ----------------------------------------------------------------------
    def _apply_sync(self, event: GatewayEvent) -> str:
        """A provider event about something other than an order (a deposit, a payout, a
        subscription: a webhook, or the synchronous answer to our own call), applied once; an
        event that cannot be applied as it stands is refused and kept for an operator."""
        kind, _, subject_id = event.subject.partition(":")
        try:
            with self._uow() as uow:
                if check_inbox(uow, event) is not None:
                    return "duplicate"
                now = self.clock.now()
                outcome = self._other_gateway_event(uow, kind, subject_id, event, now)
                self._record_event(uow, event, outcome)
                self._finish(uow)
        except EventRefused as reused:
            self._refuse_reused(reused)
        return outcome

    @staticmethod
    def _record_event(uow: UnitOfWork, event: GatewayEvent, outcome: str) -> None:
        uow.inbox.record(event.id, outcome, event_fingerprint(event))

    def _refuse_reused(self, reused: EventRefused) -> NoReturn:
        """Keep a provider event whose id was already used for something else, then refuse it.

        The command's own unit of work was rolled back by the exception; the conflict is stored
        in a fresh one, so an operator sees it even though nothing else changed.
        """
        with self._uow() as uow:
            keep_conflict(uow, reused, self.clock.now())
            uow.commit()
        log.warning(
            "gateway event refused: %s (recorded %s, received %s)",
            reused.event.id,
            reused.recorded,
            event_fingerprint(reused.event),
        )
        raise reused

    def gateway_conflicts(self, admin: str) -> list[GatewayConflict]:
        """Provider events refused because their id was already used for another subject or
        amount, oldest first: each needs an operator to reconcile it with the provider."""
        with self._uow() as uow:
            if not self._is_admin(uow, admin):
                raise PermissionDenied(f"user {admin!r} is not an admin; only admins reconcile")
            return conflicts(uow).where(state="open")

    def _role(self, uow: UnitOfWork, order: Order, actor: str) -> Role:
        if actor == order.buyer_id:
            return Role.BUYER
        if actor == order.seller_id:
            return Role.SELLER
        user = uow.users.find(actor)
        if user is not None and user.is_admin:
            return Role.ADMIN
        return Role.STRANGER

    def _command(
        self,
        order_id: str,
        actor: str,
        apply: Callable[[UnitOfWork, Order, Role, DateTime], Order],
        intake: Intake | None = None,
    ) -> Order:
        with self._uow() as uow:
            order = uow.orders.get(order_id)
            role = self._role(uow, order, actor)
            if role is Role.STRANGER:
                raise PermissionDenied(
                    f"user {actor!r} is not a party of order {order_id} and not an admin"
                )
            now = self.clock.now()
            new = apply(uow, order, role, now)
            if new is not order:
                uow.orders.save(new)
            if intake is not None:
                self._keep_screened(uow, actor, f"order:{order_id}", intake, now)
            self._finish(uow)
        return new

    def revenue(self, currency: str | None = None) -> dict[str, Money]:
        """The platform's revenue by source (commission, fees, dispute fees, subscriptions),
        read from the ledger's platform accounts."""
        code = currency or self.policy.currency
        with self._uow() as uow:
            return {
                account.partition(":")[2]: uow.ledger.balance(account, code)
                for account in accounts.PLATFORM_ACCOUNTS
            }

    def _check_viewer(
        self, uow: UnitOfWork, viewer: Viewer, owners: tuple[str, ...], what: str
    ) -> None:
        """The same rule for reading as for acting: the owners of ``what`` (the user, or the
        parties of an order), an admin, or trusted back-office code (:data:`BACK_OFFICE`)."""
        if isinstance(viewer, BackOffice):
            return
        if not isinstance(viewer, str):
            raise ValidationError(
                f"viewer must be a user id or microjob.BACK_OFFICE, got {type(viewer).__name__}"
            )
        if viewer in owners or self._is_admin(uow, viewer):
            return
        who = f"only {' and '.join(map(repr, owners))} and admins" if owners else "only admins"
        raise PermissionDenied(f"user {viewer!r} may not see {what}: {who} may")

    def _is_admin(self, uow: UnitOfWork, actor: str) -> bool:
        user = uow.users.find(actor)
        return user is not None and user.is_admin

    # -- hooks the capability mixins override (each calls super() and adds its own work) ------
    def _funds_available(self, uow: UnitOfWork, user_id: str, currency: str, now: DateTime) -> None:
        """Money just landed in ``user:{id}:available`` (e.g. repay a seller's debt first)."""

    def _on_order_reversal(
        self, uow: UnitOfWork, order: Order, event: GatewayEvent, now: DateTime
    ) -> tuple[str, Order]:
        """The provider reversed an order's charge (a chargeback); default: not handled."""
        return "ignored", order

    def _other_gateway_event(
        self, uow: UnitOfWork, kind: str, subject_id: str, event: GatewayEvent, now: DateTime
    ) -> str:
        """A provider event about something other than an order (``deposit:ID``, ...)."""
        raise ValidationError(
            f"gateway event subject {event.subject!r} names no known kind of object "
            f"({kind!r}); expected 'order:ID'"
        )

    def _terms_for(
        self, uow: UnitOfWork, seller_id: str, policy: MarketplacePolicy
    ) -> MarketplacePolicy:
        """The terms a new order with this seller is placed under (a level may lower fees)."""
        return policy

    def _listing_allowance(self, uow: UnitOfWork, seller_id: str) -> None:
        """Refuse a listing the seller may not create now (a plan's listing limit)."""

    def _due_extra(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        """Time-driven work of the other capabilities; each mixin adds its own and calls super()."""
        return {}, []
