"""The order rules: every row of the state table in DESIGN.md, as pure functions.

Each rule is a function ``(order, role, now, ...) -> new order`` that checks the move with
[`LIFECYCLE`][microjob.orders.LIFECYCLE] and the order's policy, and returns the next version of
the [`Order`][microjob.orders.Order] record. Nothing here touches storage or money: the service
applies the result inside a unit of work together with the ledger entries from
`microjob.escrow`, so a refused move leaves the stored order exactly as it was. Kept apart from
`microjob.orders` (what an order is) so each module holds one concept.
"""

from __future__ import annotations

import operator
from datetime import timedelta
from typing import Any

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.errors import InvalidTransition, PermissionDenied, PolicyViolation, ValidationError
from microjob.lifecycle import Role, Step
from microjob.money import sum_of, without, zero
from microjob.orders import (
    LIFECYCLE,
    Attachment,
    Cancellation,
    CancellationRequest,
    Delivery,
    ExtensionRequest,
    Fault,
    Order,
    OrderState,
    Paused,
)
from microjob.policies import MarketplacePolicy, PaymentMode
from microjob.timecalc import add_days, add_hours

S = OrderState

_TO_THE_ADMIN = (
    "on this marketplace leaving a paid order before it is finished goes to the admin: "
    "open a dispute with your reason (open_dispute), and the admin decides on the money"
)


def exit_check(order: Order, trigger: str, role: Role) -> None:
    """May ``role`` leave the order alone with ``trigger`` (``cancel``, ``decline``)? Refused
    with a pointer to ``open_dispute`` where the policy sends every exit to the admin."""
    LIFECYCLE.check(order.state, trigger, role)
    if order.policy.exit_goes_to_admin:
        raise PolicyViolation(_TO_THE_ADMIN)


_FIELDS: tuple[str, ...] = tuple(field.name for field in attrs.fields(Order))
_INDEX: dict[str, int] = {name: index for index, name in enumerate(_FIELDS)}
_VALUES = operator.attrgetter(*_FIELDS)
_STATE, _HISTORY, _VERSION = _INDEX["state"], _INDEX["history"], _INDEX["version"]
_DESTINATIONS = LIFECYCLE.destinations


def evolve(order: Order, **changes: Any) -> Order:
    """``attrs.evolve`` for the hottest record in the engine, several times faster.

    Every command builds the next version of an order; reading all fields with one C-level
    ``attrgetter`` and calling the constructor positionally skips evolve's per-field
    introspection while keeping the record frozen and validated the same way.
    """
    values = list(_VALUES(order))
    for name, value in changes.items():
        values[_INDEX[name]] = value
    return Order(*values)


# -- rules --------------------------------------------------------------------------------------
def _move(
    order: Order,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: Any,
) -> Order:
    # LIFECYCLE.next_state and evolve, inline: every move of every order comes through here
    state = order.state
    key = (trigger, state, role)
    dest = (
        _DESTINATIONS[key] if key in _DESTINATIONS else LIFECYCLE.next_state(state, trigger, role)
    )
    values = list(_VALUES(order))
    values[_STATE] = dest
    values[_HISTORY] = (*order.history, Step(now, trigger, actor, state, dest, note))
    values[_VERSION] = order.version + 1
    for name, value in changes.items():
        values[_INDEX[name]] = value
    return Order(*values)


def place(
    *,
    order_id: str,
    buyer_id: str,
    seller_id: str,
    title: str,
    price: Money,
    delivery_days: int,
    policy: MarketplacePolicy,
    now: DateTime,
    listing_id: str | None = None,
    from_wallet: bool = False,
) -> Order:
    """A new order, awaiting payment (gateway) or already pending (paid from the wallet)."""
    if buyer_id == seller_id:
        raise PolicyViolation("a user cannot order their own service")
    if isinstance(delivery_days, bool) or not isinstance(delivery_days, int) or delivery_days < 1:
        raise ValidationError(
            f"delivery_days must be a whole number of days >= 1, got {delivery_days!r}"
        )
    if not title or not title.strip():
        raise ValidationError("an order needs a title (what is being bought)")
    policy.check_bounds(price=price, delivery_days=delivery_days)
    state = S.PENDING if from_wallet else S.AWAITING_PAYMENT
    buyer_fee = policy.buyer_fee(price)
    booking_fee = policy.booking_fee(price)
    total = booking_fee if policy.payment_mode is PaymentMode.DIRECT else sum_of(price, buyer_fee)
    if from_wallet:
        deadline = (
            add_hours(now, policy.start_within_hours)
            if policy.start_within_hours is not None
            else None
        )
    else:
        deadline = (
            add_hours(now, policy.payment_window_hours)
            if policy.payment_window_hours is not None
            else None
        )
    return Order(
        id=order_id,
        buyer_id=buyer_id,
        seller_id=seller_id,
        title=title.strip(),
        price=price,
        buyer_fee=buyer_fee,
        booking_fee=booking_fee,
        escrow_total=total,
        policy=policy,
        delivery_days=delivery_days,
        state=state,
        placed_at=now,
        listing_id=listing_id,
        paid_from="wallet" if from_wallet else "gateway",
        deadline=deadline,
        history=(Step(now, "place", buyer_id, "", state),),
    )


def confirm_payment(order: Order, now: DateTime, charge_ref: str | None) -> Order:
    policy = order.policy
    deadline = (
        add_hours(now, policy.start_within_hours) if policy.start_within_hours is not None else None
    )
    return _move(
        order,
        "payment_confirmed",
        Role.SYSTEM,
        "system",
        now,
        deadline=deadline,
        charge_ref=charge_ref or order.charge_ref,
    )


def fail_payment(order: Order, now: DateTime, reason: str) -> Order:
    return _move(
        order,
        "payment_failed",
        Role.SYSTEM,
        "system",
        now,
        note=reason,
        cancellation=Cancellation("system", Fault.NONE, reason or "payment failed", now),
        closed_at=now,
    )


def start(order: Order, role: Role, actor: str, now: DateTime) -> Order:
    """The seller takes the order into work: the delivery countdown starts (Jobindoor)."""
    due = add_days(
        now,
        order.delivery_days,
        business=order.policy.timers_in_business_days,
        holidays=order.policy.holidays,
    )
    return _move(order, "start", role, actor, now, started_at=now, due_at=due, deadline=None)


def deliver(
    order: Order,
    role: Role,
    actor: str,
    now: DateTime,
    message: str,
    attachments: tuple[Attachment, ...],
) -> Order:
    """The seller hands over the work: a message with files (MicrojobEngine)."""
    if not message.strip() and not attachments:
        raise ValidationError("a delivery needs a message or at least one attachment")
    days = order.policy.auto_complete_days
    auto = (
        add_days(
            now, days, business=order.policy.timers_in_business_days, holidays=order.policy.holidays
        )
        if days is not None
        else None
    )
    return _move(
        order,
        "deliver",
        role,
        actor,
        now,
        deliveries=(*order.deliveries, Delivery(now, message, attachments)),
        delivered_at=now,
        auto_complete_at=auto,
        extension_request=None,
    )


def mark_late(order: Order, now: DateTime) -> Order:
    return _move(order, "mark_late", Role.SYSTEM, "system", now)


def request_revision(order: Order, role: Role, actor: str, now: DateTime, reason: str) -> Order:
    """The buyer returns the delivery for rework, within the policy's revision limit."""
    limit = order.policy.revision_limit
    LIFECYCLE.check(order.state, "request_revision", role)
    if limit is not None and order.revisions >= limit:
        raise PolicyViolation(
            f"this order has used all {limit} revision(s) its terms allow; accept the delivery, "
            "ask the seller for a cancellation, or open a dispute"
        )
    days = (
        order.policy.revision_days
        if order.policy.revision_days is not None
        else order.delivery_days
    )
    due = add_days(
        now, days, business=order.policy.timers_in_business_days, holidays=order.policy.holidays
    )
    return _move(
        order,
        "request_revision",
        role,
        actor,
        now,
        note=reason,
        revisions=order.revisions + 1,
        due_at=due,
        auto_complete_at=None,
    )


def complete(order: Order, trigger: str, role: Role, actor: str, now: DateTime) -> Order:
    """Accept (buyer) or auto-complete (system): the order closes and the money is released."""
    policy = order.policy
    if policy.payment_mode is PaymentMode.DIRECT:
        commission = seller_amount = zero(order.currency)
    else:
        commission = policy.commission(order.price)
        seller_amount = without(order.price, commission)
    in_clearance = bool(policy.clearance_days) and seller_amount.amount > 0
    clears = add_days(
        now,
        policy.clearance_days,
        business=policy.clearance_in_business_days,
        holidays=policy.holidays,
    )
    return _move(
        order,
        trigger,
        role,
        actor,
        now,
        closed_at=now,
        auto_complete_at=None,
        cancel_request=None,
        clears_at=clears if in_clearance else None,
        cleared=not in_clearance,
        commission=commission,
        seller_amount=seller_amount,
    )


def cancel(
    order: Order,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    fault: Fault,
    reason: str,
    refund: Money,
) -> Order:
    """Close the order without the work: everything in escrow for the buyer goes back."""
    return _move(
        order,
        trigger,
        role,
        actor,
        now,
        note=reason,
        closed_at=now,
        cancel_request=None,
        extension_request=None,
        deadline=None,
        auto_complete_at=None,
        cancellation=Cancellation(actor, fault, reason, now),
        refunded=refund,
    )


def buyer_cancel_check(order: Order, role: Role, now: DateTime) -> Fault:
    """May the buyer cancel alone right now? Returns whom the cancellation counts against."""
    exit_check(order, "cancel", role)
    policy = order.policy
    if order.state == S.PENDING:
        if not policy.buyer_may_cancel_pending:
            raise PolicyViolation(
                "this marketplace does not let the buyer cancel a paid order alone; "
                "ask the seller to decline it"
            )
        return Fault.BUYER
    grace = policy.late_cancel_grace_hours
    if grace is None:
        raise PolicyViolation(
            "this marketplace does not let the buyer cancel a late order alone; request a "
            "mutual cancellation or open a dispute"
        )
    assert order.due_at is not None
    allowed_at = add_hours(order.due_at, grace)
    if now < allowed_at:
        raise PolicyViolation(
            f"the buyer may cancel this late order alone from {allowed_at.isoformat()} "
            f"(late by {grace} hour(s)); until then request a mutual cancellation"
        )
    return Fault.SELLER


def ask_cancellation(
    order: Order, role: Role, actor: str, now: DateTime, reason: str, refund: Money
) -> Order:
    """One party proposes to cancel (full refund) or to settle (partial refund)."""
    if role not in (Role.BUYER, Role.SELLER):
        LIFECYCLE.check(order.state, "mutual_cancel", Role.STRANGER)
    if not LIFECYCLE.can(order.state, "mutual_cancel", role):
        LIFECYCLE.check(order.state, "mutual_cancel", role)
    if order.cancel_request is not None:
        raise PolicyViolation(
            "a cancellation request is already waiting for an answer; answer or withdraw it first"
        )
    if not reason.strip():
        raise ValidationError("a cancellation request needs a reason")
    hours = order.policy.cancel_request_auto_accept_hours
    expires = add_hours(now, hours) if hours is not None else None
    request = CancellationRequest(actor, role, reason.strip(), refund, now, expires)
    return evolve(
        order,
        cancel_request=request,
        version=order.version + 1,
        history=(
            *order.history,
            Step(now, "ask_cancellation", actor, order.state, order.state, reason),
        ),
    )


def answer_check(order: Order, role: Role) -> CancellationRequest:
    """The other party (not the asker) answers a cancellation request."""
    request = order.cancel_request
    if role not in (Role.BUYER, Role.SELLER):
        LIFECYCLE.check(order.state, "mutual_cancel", Role.STRANGER)
    if request is None:
        raise PolicyViolation("there is no cancellation request on this order to answer")
    if request.role is role:
        raise PolicyViolation(
            "the party who asked cannot answer their own request; withdraw it instead"
        )
    return request


def drop_request(order: Order, actor: str, now: DateTime, what: str) -> Order:
    return evolve(
        order,
        cancel_request=None,
        version=order.version + 1,
        history=(*order.history, Step(now, what, actor, order.state, order.state)),
    )


def ask_extension(
    order: Order, role: Role, actor: str, now: DateTime, days: int, reason: str
) -> Order:
    """The seller asks for more time; the buyer decides."""
    if role is Role.STRANGER:
        raise PermissionDenied("only the parties of this order may ask for more time")
    if order.state not in (S.ACTIVE, S.LATE):
        raise InvalidTransition("order", order.state, "ask_extension", order.allowed(role))
    if role is not Role.SELLER:
        raise PermissionDenied("only the seller may ask for more time; the buyer grants it")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValidationError(f"an extension is a whole number of days >= 1, got {days!r}")
    if days > order.policy.max_extension_days:
        raise ValidationError(
            f"an extension of {days:,} days is more than this marketplace allows "
            f"({order.policy.max_extension_days} days at most)"
        )
    return evolve(
        order,
        extension_request=ExtensionRequest(actor, days, reason, now),
        version=order.version + 1,
        history=(
            *order.history,
            Step(now, "ask_extension", actor, order.state, order.state, reason),
        ),
    )


def grant_extension(order: Order, role: Role, actor: str, now: DateTime) -> Order:
    """The buyer agrees: the deadline moves; a late order is active again if time is left."""
    request = order.extension_request
    LIFECYCLE.check(order.state, "extend", role)
    if request is None:
        raise PolicyViolation("the seller has not asked for an extension")
    assert order.due_at is not None
    due = add_days(
        order.due_at,
        request.days,
        business=order.policy.timers_in_business_days,
        holidays=order.policy.holidays,
    )
    if due <= now:
        due = add_days(
            now,
            request.days,
            business=order.policy.timers_in_business_days,
            holidays=order.policy.holidays,
        )
    return _move(order, "extend", role, actor, now, due_at=due, extension_request=None)


def pause(order: Order, now: DateTime, trigger: str, role: Role, actor: str, note: str) -> Order:
    """Enter ``disputed``: remember the state and how long the running timer had left.

    A ``pending`` order goes to the admin only where the policy sends every exit there
    (``exit_goes_to_admin``); elsewhere the buyer cancels it and the seller declines it alone.
    """
    LIFECYCLE.check(order.state, trigger, role)
    if order.state == S.PENDING and not order.policy.exit_goes_to_admin:
        # Not a move of this marketplace at all: the error lists cancel / decline instead.
        raise InvalidTransition("order", order.state, trigger, order.allowed(role))
    remaining: timedelta | None = None
    timer = (
        order.due_at
        if order.state == S.ACTIVE
        else (order.auto_complete_at if order.state == S.DELIVERED else None)
    )
    if timer is not None:
        remaining = max(timer - now, timedelta(0))
    return _move(
        order, trigger, role, actor, now, note=note, paused=Paused(order.state, now, remaining)
    )


def resume(order: Order, now: DateTime, actor: str, note: str = "") -> Order:
    """Leave ``disputed`` back to the state it came from, timers resuming with the time left."""
    paused = order.paused
    if order.state != S.DISPUTED or paused is None:
        raise InvalidTransition("order", order.state, "resume", order.allowed(Role.BUYER))
    changes: dict[str, Any] = {}
    if paused.remaining is not None:
        if paused.state == S.ACTIVE:
            changes["due_at"] = now + paused.remaining
        elif paused.state == S.DELIVERED:
            changes["auto_complete_at"] = now + paused.remaining
    step = Step(now, "resume", actor, order.state, paused.state, note)
    return evolve(
        order,
        state=paused.state,
        paused=None,
        history=(*order.history, step),
        version=order.version + 1,
        **changes,
    )


def clear(order: Order, now: DateTime) -> Order:
    """Clearance done: the seller's earnings are now available."""
    return evolve(
        order,
        cleared=True,
        version=order.version + 1,
        history=(*order.history, Step(now, "clear", "system", order.state, order.state)),
    )
