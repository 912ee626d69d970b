"""The Order aggregate: its record, its states and its lifecycle table (DESIGN.md).

An [`Order`][microjob.orders.Order] is a frozen record; the rules that make its next version
live in `microjob.order_rules`, so this module is only what an order *is*.

States::

    awaiting_payment ─paid→ pending ─start→ active ─deliver→ delivered ─accept→ completed
         │ failed/expire         │ decline/cancel  │ due_at      │ request_revision → active
         ▼                       ▼ /expire         ▼             │ refuse → disputed
      cancelled               cancelled     late ─deliver→ delivered
"""

from __future__ import annotations

import enum
from datetime import timedelta

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.lifecycle import Lifecycle, Move, Role, Step
from microjob.money import zero
from microjob.policies import MarketplacePolicy, PaymentMode

__all__ = [
    "CLOSED",
    "LIFECYCLE",
    "OPEN",
    "Attachment",
    "Cancellation",
    "CancellationRequest",
    "Delivery",
    "DirectSettlement",
    "ExtensionRequest",
    "Fault",
    "Order",
    "OrderState",
    "Step",
]


class OrderState:
    """The order states as plain strings (they are stored, compared and indexed constantly)."""

    AWAITING_PAYMENT = "awaiting_payment"
    PENDING = "pending"
    ACTIVE = "active"
    LATE = "late"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DISPUTED = "disputed"


S = OrderState
OPEN = frozenset({S.PENDING, S.ACTIVE, S.LATE, S.DELIVERED, S.DISPUTED})
"""Paid and not yet closed: the money is in escrow."""
CLOSED = frozenset({S.COMPLETED, S.CANCELLED})

B, SE, AD, SY = Role.BUYER, Role.SELLER, Role.ADMIN, Role.SYSTEM
WORKING = (S.ACTIVE, S.LATE, S.DELIVERED)

LIFECYCLE = Lifecycle(
    "order",
    [
        S.AWAITING_PAYMENT,
        S.PENDING,
        S.ACTIVE,
        S.LATE,
        S.DELIVERED,
        S.COMPLETED,
        S.CANCELLED,
        S.DISPUTED,
    ],
    [
        Move.of("payment_confirmed", [S.AWAITING_PAYMENT], S.PENDING, {SY}),
        Move.of("payment_failed", [S.AWAITING_PAYMENT], S.CANCELLED, {SY}),
        Move.of("expire", [S.AWAITING_PAYMENT, S.PENDING], S.CANCELLED, {SY}),
        Move.of("start", [S.PENDING], S.ACTIVE, {SE}),
        Move.of("decline", [S.PENDING], S.CANCELLED, {SE}),
        Move.of("cancel", [S.PENDING, S.LATE], S.CANCELLED, {B}),
        Move.of("deliver", [S.ACTIVE, S.LATE], S.DELIVERED, {SE}),
        Move.of("mark_late", [S.ACTIVE], S.LATE, {SY}),
        Move.of("accept", [S.DELIVERED], S.COMPLETED, {B}),
        Move.of("auto_complete", [S.DELIVERED], S.COMPLETED, {SY}),
        Move.of("request_revision", [S.DELIVERED], S.ACTIVE, {B}),
        Move.of("refuse", [S.DELIVERED], S.DISPUTED, {B}),
        # From pending only where the policy sends every exit to the admin (exit_goes_to_admin).
        Move.of("open_dispute", (S.PENDING, *WORKING), S.DISPUTED, {B, SE}),
        Move.of("mutual_cancel", WORKING, S.CANCELLED, {B, SE, SY}),
        Move.of("settle", WORKING, S.COMPLETED, {B, SE, SY}),
        Move.of("rule_refund", [S.DISPUTED], S.CANCELLED, {AD, SY}),
        Move.of("rule_release", [S.DISPUTED], S.COMPLETED, {AD, SY}),
        # Leaving a dispute back to where the order was is a restore, not a table move: the
        # state it returns to is stored on the order (see Paused), so it is checked there.
        Move.of("extend", [S.ACTIVE, S.LATE], S.ACTIVE, {B}),
    ],
)


class Fault(enum.Enum):
    """Who a cancellation counts against (reputation and statistics need it)."""

    BUYER = "buyer"
    SELLER = "seller"
    NONE = "none"
    PLATFORM = "platform"


@attrs.frozen(slots=True)
class Attachment:
    """A file sent with a delivery or a message; the bytes live in the embedder's storage."""

    name: str
    size: int
    content_type: str = ""
    ref: str = ""
    head: bytes = b""
    """The file's first bytes (a few dozen are enough), so its real type can be checked."""


@attrs.frozen(slots=True)
class Delivery:
    at: DateTime
    message: str
    attachments: tuple[Attachment, ...] = ()


@attrs.frozen(slots=True)
class CancellationRequest:
    """One party proposes to end the order; ``refund`` below the price means a partial refund."""

    by: str
    role: Role
    reason: str
    refund: Money
    at: DateTime
    expires_at: DateTime | None


@attrs.frozen(slots=True)
class ExtensionRequest:
    by: str
    days: int
    reason: str
    at: DateTime


@attrs.frozen(slots=True)
class Cancellation:
    by: str
    fault: Fault
    reason: str
    at: DateTime


@attrs.frozen(slots=True)
class DirectSettlement:
    """The price the parties settled outside the platform (direct mode, KiwiGigs).

    ``amount`` is the agreed price less the booking fee already paid through the platform
    (KiwiGigs: "this fee will be deducted from the total amount to be settled directly").
    Recorded on the order and never posted to the ledger: no money of it passes through the
    platform. Either side's word records it; both make it confirmed by both.
    """

    amount: Money
    marked_paid_at: DateTime | None = None
    """When the customer (buyer) said they paid."""
    confirmed_at: DateTime | None = None
    """When the expert (seller) confirmed receiving it."""

    @property
    def confirmed_by_both(self) -> bool:
        return self.marked_paid_at is not None and self.confirmed_at is not None


@attrs.frozen(slots=True)
class Paused:
    """Where a disputed order was and how much time its running timer had left."""

    state: str
    at: DateTime
    remaining: timedelta | None


@attrs.frozen(slots=True)
class Order:
    """An order for one service, under the terms (policy) it was placed with."""

    id: str
    buyer_id: str
    seller_id: str
    title: str
    price: Money
    buyer_fee: Money
    booking_fee: Money
    escrow_total: Money
    """What the buyer pays through the platform, held in escrow until the order closes:
    price + buyer fee, or the booking fee alone in direct mode (fixed at placement)."""
    policy: MarketplacePolicy
    delivery_days: int
    state: str
    placed_at: DateTime
    listing_id: str | None = None
    paid_from: str = "gateway"
    charge_ref: str | None = None
    deadline: DateTime | None = None
    due_at: DateTime | None = None
    auto_complete_at: DateTime | None = None
    clears_at: DateTime | None = None
    cleared: bool = False
    started_at: DateTime | None = None
    delivered_at: DateTime | None = None
    closed_at: DateTime | None = None
    revisions: int = 0
    deliveries: tuple[Delivery, ...] = ()
    cancel_request: CancellationRequest | None = None
    extension_request: ExtensionRequest | None = None
    cancellation: Cancellation | None = None
    refunded: Money | None = None
    seller_amount: Money | None = None
    commission: Money | None = None
    direct_settlement: DirectSettlement | None = None
    """Direct mode: the price settled between the parties, as they recorded it (off the
    ledger; see `microjob.services.direct`)."""
    paused: Paused | None = None
    history: tuple[Step, ...] = ()
    version: int = 0
    reversed_charges: tuple[str, ...] = ()
    """References of charges the provider reversed before they were booked (a chargeback that
    overtook the confirmation; ``""`` when the reversal named none): their confirmations book
    nothing (see `Order.charge_reversed`)."""

    # -- derived values ---------------------------------------------------------------------
    def charge_reversed(self, reference: str | None) -> bool:
        """Whether the provider took this charge back before it was booked (a reversal that
        named no reference covers every charge of the order)."""
        reversed_ = self.reversed_charges
        return bool(reversed_) and ("" in reversed_ or (reference or "") in reversed_)

    @property
    def currency(self) -> str:
        return self.price.currency.code

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED

    @property
    def expected_seller_amount(self) -> Money:
        """What the seller gets if the order completes as placed (price − commission)."""
        if self.policy.payment_mode is PaymentMode.DIRECT:
            return self.price - self.booking_fee
        return self.price - self.policy.commission(self.price)

    @property
    def platform_keeps(self) -> dict[str, Money]:
        """What the platform keeps of this order if it completes as placed, by revenue source
        (the keys of ``revenue()`` and of the quote's ``platform_keeps``): ``commission`` from
        the seller's price, ``buyer_fees`` on top of it, or, in direct mode, ``booking_fees``.
        ``commission`` is the rate's amount until the order closes, then what was taken."""
        commission = (
            self.commission if self.commission is not None else self.policy.commission(self.price)
        )
        if self.policy.payment_mode is PaymentMode.DIRECT:
            commission = zero(self.currency)
        kept = {
            "commission": commission,
            "buyer_fees": self.buyer_fee,
            "booking_fees": self.booking_fee,
        }
        return {source: amount for source, amount in kept.items() if amount.amount}

    @property
    def wake_at(self) -> DateTime | None:
        """The earliest moment at which time alone may move this order (``run_due``)."""
        state = self.state
        if state == S.COMPLETED:
            return None if self.cleared else self.clears_at
        if state in (S.CANCELLED, S.DISPUTED):
            return None
        # read by the store on every save of every order: no list, no min()
        wake: DateTime | None = None
        if state in (S.AWAITING_PAYMENT, S.PENDING):
            wake = self.deadline
        elif state == S.ACTIVE:
            wake = self.due_at
        elif state == S.DELIVERED:
            wake = self.auto_complete_at
        request = self.cancel_request
        if request is not None and request.expires_at is not None:
            expires = request.expires_at
            if wake is None or expires < wake:
                wake = expires
        return wake

    def role_of(self, user_id: str) -> Role:
        """The user's role in this order (admins and the system are decided by the caller)."""
        if user_id == self.buyer_id:
            return Role.BUYER
        if user_id == self.seller_id:
            return Role.SELLER
        return Role.STRANGER

    def allowed(self, role: Role) -> tuple[str, ...]:
        """What ``role`` may do to the order now (for a UI's buttons), under its policy: where
        every exit goes to the admin there is no cancel or decline, only a dispute."""
        moves = LIFECYCLE.allowed(self.state, role)
        if self.policy.exit_goes_to_admin:
            return tuple(m for m in moves if m not in _UNILATERAL_EXITS)
        if self.state == S.PENDING:
            return tuple(m for m in moves if m != "open_dispute")
        return moves


_UNILATERAL_EXITS = frozenset({"cancel", "decline"})
