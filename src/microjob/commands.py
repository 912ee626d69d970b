"""The plumbing every Marketplace command shares, apart from what the commands are about.

:class:`CommandBase` holds the ports and the one path each command takes: open a unit of work,
find out who the actor is, apply the change, commit, then publish events and send
notifications. The capabilities (orders, disputes, payouts, ...) are mixins over it, assembled
into :class:`microjob.Marketplace`, so each lives in its own module while users see one object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NoReturn

from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob import ledger as accounts
from microjob.attachments import MagicInspector
from microjob.errors import PermissionDenied, ValidationError
from microjob.inbox import (
    EventIdReused,
    GatewayConflict,
    conflicts,
    event_fingerprint,
    keep_conflict,
)
from microjob.lifecycle import Role
from microjob.orders import Order
from microjob.policies import MarketplacePolicy
from microjob.ports import (
    Clock,
    EventPublisher,
    FileInspector,
    GatewayEvent,
    Notifier,
    PaymentGateway,
    UnitOfWork,
)

__all__ = ["CommandBase"]

log = logging.getLogger("microjob")


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
        self.unsent_refunds: dict[str, events.OrderRefunded] = {}

    store: Any = None
    """The adapter's store, when the marketplace was built by a factory (handy in tests)."""

    def _finish(self, uow: UnitOfWork) -> None:
        uow.commit()
        emitted, notes = uow.collected()
        if emitted:
            self.publisher.publish(emitted)
            for event in emitted:
                if type(event) is events.OrderRefunded and event.to == "original":
                    self._refund_at_gateway(event)
        for note in notes:
            self.notifier.send(note)

    def _refund_at_gateway(self, event: events.OrderRefunded) -> None:
        """Send a committed refund to the provider; a failed call is kept for a retry.

        The ledger already moved the money to ``world`` (it left the platform's books), so the
        provider call is retried with the same idempotency key until it goes through, never
        re-booked.
        """
        key = f"order:{event.order_id}:refund"
        try:
            self.gateway.refund(event.reference, event.amount, key)
        except Exception:
            self.unsent_refunds[key] = event

    def retry_gateway_refunds(self) -> int:
        """Send again every refund the provider did not take; returns how many remain."""
        for key, event in list(self.unsent_refunds.items()):
            del self.unsent_refunds[key]
            self._refund_at_gateway(event)
        return len(self.unsent_refunds)

    # -- provider events ----------------------------------------------------------------------
    @staticmethod
    def _record_event(uow: UnitOfWork, event: GatewayEvent, outcome: str) -> None:
        uow.inbox.record(event.id, outcome, event_fingerprint(event))

    def _refuse_reused(self, reused: EventIdReused) -> NoReturn:
        """Keep a provider event whose id was already used for something else, then refuse it.

        The command's own unit of work was rolled back by the exception; the conflict is stored
        in a fresh one, so an operator sees it even though nothing else changed.
        """
        with self._uow() as uow:
            keep_conflict(uow, reused, self.clock.now())
            uow.commit()
        log.warning(
            "gateway event refused: id %s reused (recorded %s, received %s)",
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

    def _due_extra(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        """Time-driven work of the other capabilities; each mixin adds its own and calls super()."""
        return {}, []
