"""Domain events: what happened, for subscribers that were not part of the command.

Events are collected by the unit of work while a command runs and published through the
:class:`~microjob.ports.EventPublisher` only after the command committed, so a subscriber never
hears of something that was rolled back. They are small frozen values with the identity of what
changed and the acting user; subscribers load anything else they need.
"""

from __future__ import annotations

import attrs
from moneyed import Money
from pendulum import DateTime

__all__ = [
    "CancellationDeclined",
    "CancellationRequested",
    "DeadlineExtended",
    "DisputeEscalated",
    "DisputeEvent",
    "DisputeEvidenceAdded",
    "DisputeInfoRequested",
    "DisputeOpened",
    "DisputeResolved",
    "DisputeWithdrawn",
    "Event",
    "ExtensionRequested",
    "FundsCleared",
    "FundsReleased",
    "LatePaymentCredited",
    "OrderCancelled",
    "OrderCompleted",
    "OrderDelivered",
    "OrderLate",
    "OrderPlaced",
    "OrderRefunded",
    "OrderRefused",
    "OrderStarted",
    "PaymentConfirmed",
    "PaymentFailed",
    "RevisionRequested",
    "UserRegistered",
]


@attrs.frozen(slots=True)
class Event:
    """Base of every domain event."""

    at: DateTime
    actor: str

    @property
    def name(self) -> str:
        """The event's type name, e.g. ``OrderPlaced`` (what an outbox row stores)."""
        return type(self).__name__


@attrs.frozen(slots=True)
class UserRegistered(Event):
    user_id: str


@attrs.frozen(slots=True)
class OrderEvent(Event):
    order_id: str


@attrs.frozen(slots=True)
class OrderPlaced(OrderEvent):
    buyer_id: str
    seller_id: str
    price: Money
    state: str


@attrs.frozen(slots=True)
class PaymentConfirmed(OrderEvent):
    amount: Money


@attrs.frozen(slots=True)
class PaymentFailed(OrderEvent):
    reason: str


@attrs.frozen(slots=True)
class LatePaymentCredited(OrderEvent):
    """A payment arrived for an order that had already been cancelled: credited to the buyer."""

    amount: Money


@attrs.frozen(slots=True)
class OrderStarted(OrderEvent):
    due_at: DateTime


@attrs.frozen(slots=True)
class OrderDelivered(OrderEvent):
    delivery_number: int


@attrs.frozen(slots=True)
class RevisionRequested(OrderEvent):
    revisions_used: int


@attrs.frozen(slots=True)
class OrderRefused(OrderEvent):
    reason: str


@attrs.frozen(slots=True)
class OrderLate(OrderEvent):
    due_at: DateTime


@attrs.frozen(slots=True)
class ExtensionRequested(OrderEvent):
    days: int


@attrs.frozen(slots=True)
class DeadlineExtended(OrderEvent):
    due_at: DateTime


@attrs.frozen(slots=True)
class CancellationRequested(OrderEvent):
    refund: Money


@attrs.frozen(slots=True)
class CancellationDeclined(OrderEvent):
    pass


@attrs.frozen(slots=True)
class OrderCancelled(OrderEvent):
    fault: str
    reason: str


@attrs.frozen(slots=True)
class OrderRefunded(OrderEvent):
    """Money went back to the buyer: ``to`` is ``wallet`` or ``original`` (the payment method,
    whose charge is ``reference``)."""

    amount: Money
    to: str
    reference: str = ""


@attrs.frozen(slots=True)
class OrderCompleted(OrderEvent):
    seller_id: str
    price: Money


@attrs.frozen(slots=True)
class FundsReleased(OrderEvent):
    seller_id: str
    seller_amount: Money
    commission: Money
    fees: Money


@attrs.frozen(slots=True)
class FundsCleared(OrderEvent):
    seller_id: str
    amount: Money


# -- disputes ---------------------------------------------------------------------------------
@attrs.frozen(slots=True)
class DisputeEvent(Event):
    dispute_id: str
    order_id: str


@attrs.frozen(slots=True)
class DisputeOpened(DisputeEvent):
    opener_role: str
    reason: str


@attrs.frozen(slots=True)
class DisputeEvidenceAdded(DisputeEvent):
    attachments: int


@attrs.frozen(slots=True)
class DisputeInfoRequested(DisputeEvent):
    question: str


@attrs.frozen(slots=True)
class DisputeWithdrawn(DisputeEvent):
    pass


@attrs.frozen(slots=True)
class DisputeEscalated(DisputeEvent):
    pass


@attrs.frozen(slots=True)
class DisputeResolved(DisputeEvent):
    """The money followed the ruling: ``buyer + seller + platform == held`` exactly."""

    outcome: str
    buyer_amount: Money
    seller_amount: Money
    platform_amount: Money
    by_default: bool = False
