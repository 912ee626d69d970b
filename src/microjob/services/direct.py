"""The price settled directly (KiwiGigs): recorded on the order, never on the ledger.

In direct mode the customer pays only the booking fee through the platform and, once satisfied,
"will proceed to pay the expert directly". None of that money passes through the platform, so
none of it may become a ledger entry or a balance; yet without a record the expert's dashboard
says 0 earned and the marketplace's statistics miss the work done. So the customer marks the
price paid (``market.orders.mark_paid_directly``) and the expert confirms
receiving it (``market.orders.confirm_paid_directly``): either records the
settlement on the order, both make it confirmed by both sides. The amount is then shown apart
from ledger money, under its own name: ``Dashboard.settled_directly``,
``SellerStats.settled_directly`` and ``OperatorDashboard.settled_directly`` (the part of GMV
settled outside the platform).
"""

from __future__ import annotations

import attrs
from pendulum import DateTime

from microjob import order_rules as orules
from microjob.context import Context
from microjob.errors import InvalidTransition, PermissionDenied, PolicyViolation
from microjob.lifecycle import Role, Step
from microjob.orders import DirectSettlement, Order
from microjob.orders import OrderState as S
from microjob.policies import PaymentMode
from microjob.ports import UnitOfWork
from microjob.services.reputation import count_direct_settlement

__all__ = ["DirectSettlementService"]

_SETTLING = frozenset({S.PENDING, S.ACTIVE, S.LATE, S.DELIVERED, S.COMPLETED})
"""Where a direct settlement may be recorded: once the booking is paid, and after completion
(KiwiGigs: the customer pays the expert once satisfied)."""


def _record(order: Order, trigger: str, role: Role, actor: str, now: DateTime) -> Order:
    """Record one side's word on the price settled directly: the customer's "paid"
    (``mark_paid_directly``) or the expert's "received" (``confirm_paid_directly``)."""
    paid = trigger == "mark_paid_directly"
    if role is not (Role.BUYER if paid else Role.SELLER):
        raise PermissionDenied(
            "only the customer (the buyer) marks the price paid directly; the expert confirms "
            "receiving it"
            if paid
            else "only the expert (the seller) confirms receiving the price paid directly; the "
            "customer marks it paid"
        )
    if order.policy.payment_mode is not PaymentMode.DIRECT:
        raise PolicyViolation(
            "this marketplace holds the price in escrow: nothing is settled directly between "
            "the parties, so there is nothing to record"
        )
    if order.state not in _SETTLING:
        raise InvalidTransition("order", order.state, trigger, order.allowed(role))
    current = order.direct_settlement or DirectSettlement(order.price - order.booking_fee)
    if paid:
        if current.marked_paid_at is not None:
            raise PolicyViolation(
                f"the customer already marked this price paid on {current.marked_paid_at}"
            )
        new = attrs.evolve(current, marked_paid_at=now)
    else:
        if current.confirmed_at is not None:
            raise PolicyViolation(
                f"the expert already confirmed receiving this price on {current.confirmed_at}"
            )
        new = attrs.evolve(current, confirmed_at=now)
    return orules.evolve(
        order,
        direct_settlement=new,
        version=order.version + 1,
        history=(*order.history, Step(now, trigger, actor, order.state, order.state)),
    )


class DirectSettlementService:
    """Recording what the parties of a direct-mode order settled between themselves."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def mark_paid_directly(self, order_id: str, *, actor: str) -> Order:
        """The customer (buyer) says they paid the expert the price less the booking fee.

        Direct mode only; from the moment the order is paid through the platform (its booking
        fee) until it completes, and after. Moves no money: the record is on the order.
        """
        return self._record_direct(order_id, actor, "mark_paid_directly")

    def confirm_paid_directly(self, order_id: str, *, actor: str) -> Order:
        """The expert (seller) confirms receiving the price settled directly."""
        return self._record_direct(order_id, actor, "confirm_paid_directly")

    def _record_direct(self, order_id: str, actor: str, trigger: str) -> Order:
        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            new = _record(order, trigger, role, actor, now)
            if order.direct_settlement is None and new.direct_settlement is not None:
                # Counted once, by whichever side records it first.
                count_direct_settlement(uow, new, new.direct_settlement.amount)
            return new

        return self.ctx.order_command(order_id, actor, apply)
