"""How orders close, and what time alone makes due.

Every way an order ends — completed (accepted, auto-completed, ruled), cancelled with a refund,
settled by agreement with a partial refund — moves its escrow in one posting and tells both
sides; the timers (expiry, late, auto-complete, accepted cancellation requests, clearance) are
the same moves made by `run_due` instead of a person. Kept apart from
`microjob.services.orders` so each module holds one concept: commands there, endings here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import escrow, events
from microjob import order_rules as rules
from microjob.context import DUE_BATCH, Context, in_batches
from microjob.lifecycle import Role
from microjob.money import plain, sum_of, zero
from microjob.orders import OPEN, Fault, Order, OrderState
from microjob.policies import PaymentMode, RefundTo
from microjob.ports import (
    Notification,
    UnitOfWork,
)
from microjob.timecalc import add_days
from microjob.users import (
    SYSTEM,
)

__all__ = ["OrderClosing", "tell"]

S = OrderState

_ORDER_NOTES: dict[str, tuple[str, str]] = {
    # trigger: (who is told, text)
    "place": ("seller", "New order"),
    "payment_confirmed": ("seller", "Order paid: you can start it"),
    "start": ("buyer", "The seller started your order"),
    "deliver": ("buyer", "Your order was delivered: accept it or ask for a revision"),
    "request_revision": ("seller", "The buyer asked for a revision"),
    "accept": ("seller", "The buyer accepted your delivery"),
    "auto_complete": ("seller", "The order was completed automatically"),
    "refuse": ("seller", "The buyer refused the delivery; an admin will decide"),
    "mark_late": ("buyer", "Your order is late"),
    "decline": ("buyer", "The seller declined your order; you were refunded"),
    "cancel": ("seller", "The buyer cancelled the order"),
    "expire": ("buyer", "The order was cancelled because it was not paid or started in time"),
    "payment_failed": ("buyer", "The payment failed; the order was cancelled"),
    "extend": ("seller", "The buyer granted more time"),
}


def tell(uow: UnitOfWork, order: Order, trigger: str, now: DateTime) -> None:
    """Notify the other side of an order's move (the texts are in ``_ORDER_NOTES``)."""
    if trigger not in _ORDER_NOTES:
        return
    who, text = _ORDER_NOTES[trigger]
    user = order.seller_id if who == "seller" else order.buyer_id
    uow.notify(
        Notification(user, f"order.{trigger}", f"order:{order.id}", f"{text}: {order.title}", now)
    )


class OrderClosing:
    """Closing orders (complete, cancel with refund, settle) and the moves time makes due."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def agreed_cancellation(
        self, uow: UnitOfWork, order: Order, role: Role, actor: str, now: DateTime
    ) -> Order:
        request = order.cancel_request
        assert request is not None
        if request.refund == order.price:
            return self.close_with_refund(
                uow, order, "mutual_cancel", role, actor, now, Fault.NONE, request.reason
            )
        return self.settle(uow, order, role, actor, now, request.refund, request.reason)

    def settle(
        self,
        uow: UnitOfWork,
        order: Order,
        role: Role,
        actor: str,
        now: DateTime,
        to_buyer: Money,
        reason: str,
    ) -> Order:
        """A partial refund: the buyer gets ``to_buyer``; commission on the seller's part only."""
        seller_gross = order.price - to_buyer
        commission = order.policy.commission(seller_gross)
        seller_amount = seller_gross - commission
        policy = order.policy
        clears = add_days(
            now,
            policy.clearance_days,
            business=policy.clearance_in_business_days,
            holidays=policy.holidays,
        )
        in_clearance = bool(policy.clearance_days) and seller_amount.amount > 0
        new = rules._move(
            order,
            "settle",
            role,
            actor,
            now,
            note=reason,
            closed_at=now,
            cancel_request=None,
            auto_complete_at=None,
            refunded=to_buyer,
            commission=commission,
            seller_amount=seller_amount,
            clears_at=clears if in_clearance else None,
            cleared=not in_clearance,
        )
        escrow.settle(uow.ledger, new, to_buyer, seller_amount, commission, now)
        if new.cleared and seller_amount.amount > 0:
            self.ctx.funds_available(uow, (new.seller_id,), new.currency, now)
        self.ctx.refund(
            uow,
            events.OrderRefunded(
                now, actor, order.id, to_buyer, self.refund_target(order), order.charge_ref or ""
            ),
            order.buyer_id,
        )
        uow.emit(events.OrderCompleted(now, actor, order.id, order.seller_id, order.price))
        uow.emit(
            events.FundsReleased(
                now, actor, order.id, order.seller_id, seller_amount, commission, order.buyer_fee
            )
        )
        for user in (order.buyer_id, order.seller_id):
            uow.notify(
                Notification(
                    user,
                    "order.settled",
                    f"order:{order.id}",
                    f"Order closed with a partial refund of {plain(to_buyer)}: {order.title}",
                    now,
                )
            )
        return new

    # -- closing -------------------------------------------------------------------------------
    def refund_target(self, order: Order) -> str:
        if order.paid_from == "wallet" or order.policy.refund_to is RefundTo.WALLET:
            return "wallet"
        return "original"

    def close_with_refund(
        self,
        uow: UnitOfWork,
        order: Order,
        trigger: str,
        role: Role,
        actor: str,
        now: DateTime,
        fault: Fault,
        reason: str,
    ) -> Order:
        policy = order.policy
        held = order.escrow_total if order.state in OPEN else zero(order.currency)
        keep_fee = not policy.refund_buyer_fee and policy.payment_mode is PaymentMode.ESCROW
        to_buyer = held - order.buyer_fee if keep_fee else held
        new = rules.cancel(order, trigger, role, actor, now, fault, reason, to_buyer)
        if held.amount > 0:
            escrow.refund(uow.ledger, new, to_buyer, now)
            self.ctx.refund(
                uow,
                events.OrderRefunded(
                    now,
                    actor,
                    order.id,
                    to_buyer,
                    self.refund_target(order),
                    order.charge_ref or "",
                ),
                order.buyer_id,
            )
        uow.emit(events.OrderCancelled(now, actor, order.id, fault.value, reason))
        if trigger in _ORDER_NOTES:
            tell(uow, new, trigger, now)
        else:
            for user in (order.buyer_id, order.seller_id):
                uow.notify(
                    Notification(
                        user,
                        f"order.{trigger}",
                        f"order:{order.id}",
                        f"Order cancelled ({reason}): {order.title}",
                        now,
                    )
                )
        return new

    def complete(
        self, uow: UnitOfWork, order: Order, trigger: str, role: Role, actor: str, now: DateTime
    ) -> Order:
        new = rules.complete(order, trigger, role, actor, now)
        escrow.release(uow.ledger, new, now)
        if new.cleared and new.seller_amount is not None and new.seller_amount.amount > 0:
            self.ctx.funds_available(uow, (new.seller_id,), new.currency, now)
        assert new.seller_amount is not None
        assert new.commission is not None
        uow.emit(events.OrderCompleted(now, actor, order.id, order.seller_id, order.price))
        uow.emit(
            events.FundsReleased(
                now,
                actor,
                order.id,
                order.seller_id,
                new.seller_amount,
                new.commission,
                sum_of(order.buyer_fee, order.booking_fee),
            )
        )
        tell(uow, new, trigger, now)
        return new

    # -- time ------------------------------------------------------------------------------------
    def due_orders(self, at: DateTime, limit: int) -> list[str]:
        """The ids of orders with a move due at ``at`` (read before any of them moves)."""
        with self.ctx.reads() as uow:
            return list(uow.orders.due(at, limit))

    def move_due(
        self,
        order_ids: Sequence[str],
        at: DateTime,
        *,
        batch: int | None = None,
        failed: list[str] | None = None,
    ) -> tuple[dict[str, int], list[str]]:
        """Every move time alone makes due on these orders (expiry, late, auto-complete,
        accepted cancellation requests, clearance).

        Orders move ``batch`` at a time in one unit of work, a failed batch again one order
        at a time (`microjob.context.in_batches`); the ids of orders that failed alone are
        added to ``failed`` when it is given.
        """
        size = DUE_BATCH if batch is None else batch  # looked up now: a test may set it
        done, errors = in_batches(
            order_ids, lambda ids: self._tick_many(ids, at), lambda i: f"order {i}", size, failed
        )
        moves: dict[str, int] = {}
        for move in done:
            moves[move] = moves.get(move, 0) + 1
        return moves, errors

    def _tick_many(self, order_ids: Sequence[str], at: DateTime) -> list[str]:
        """The due moves of these orders in one unit of work, committed together.

        The batch's orders are read in one go, its postings written together
        (`LedgerStore.deferred`), its orders saved after them, and money that cleared into a
        seller's balance is reported once per seller at the end (``funds_available``: their
        debts repaid from it first), so a batch costs a few statements per table rather than
        several per order."""
        done: list[str] = []
        with self.ctx.uow() as uow:
            read = uow.orders.get_many(order_ids)  # one read; `get` then finds each
            changed: list[Order] = []
            landed: dict[tuple[str, str], None] = {}  # (seller, currency), in order
            # One order alone (a failed batch redone) posts as it goes: a key stored already
            # then replays its entry instead of failing the deferred write. A batch names
            # the accounts its clearances move, for the ledger to read them in one go.
            together: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
            if len(order_ids) > 1:
                clearing = [o for o in read.values() if _clears(o, at)]
                together = uow.ledger.deferred(
                    [pair for o in clearing for pair in escrow.clearance_accounts(o)]
                )
            with together:
                for order_id in order_ids:
                    order = uow.orders.get(order_id)
                    current = order
                    for _ in range(4):  # a late order can also have an expired request
                        step = self._time_move(uow, current, at, landed)
                        if step is None:
                            break
                        move, current = step
                        done.append(move)
                    if current is not order:
                        changed.append(current)
                    elif order.wake_at is None or order.wake_at > at:
                        # Read as due, yet its own wake time is not (a column edited by
                        # hand, or left behind): saved as it is, the column follows the
                        # order again. Left alone it would be first in every pass for good,
                        # and with a `limit` hold back every order due after it.
                        changed.append(attrs.evolve(order, version=order.version + 1))
            uow.orders.save_many(changed)
            sellers: dict[str, list[str]] = {}
            for seller, code in landed:
                sellers.setdefault(code, []).append(seller)
            for code, paid in sellers.items():
                self.ctx.funds_available(uow, paid, code, at)
            self.ctx.commit(uow)
        return done

    def _time_move(
        self, uow: UnitOfWork, order: Order, at: DateTime, landed: dict[tuple[str, str], None]
    ) -> tuple[str, Order] | None:
        """The next move time makes due on ``order``, if any. A clearance adds its seller to
        ``landed`` (the caller reports the money once the batch is booked)."""
        state = order.state
        system = Role.SYSTEM
        request = order.cancel_request
        if (
            request is not None
            and request.expires_at is not None
            and request.expires_at <= at
            and state in (S.ACTIVE, S.LATE, S.DELIVERED)
        ):
            return "cancellation_accepted", self.agreed_cancellation(uow, order, system, SYSTEM, at)
        if (
            state in (S.AWAITING_PAYMENT, S.PENDING)
            and order.deadline is not None
            and order.deadline <= at
        ):
            fault = Fault.NONE if state == S.AWAITING_PAYMENT else Fault.SELLER
            reason = "not paid in time" if state == S.AWAITING_PAYMENT else "not started in time"
            return "expire", self.close_with_refund(
                uow, order, "expire", system, SYSTEM, at, fault, reason
            )
        if state == S.ACTIVE and order.due_at is not None and order.due_at <= at:
            new = rules.mark_late(order, at)
            uow.emit(events.OrderLate(at, SYSTEM, order.id, order.due_at))
            tell(uow, new, "mark_late", at)
            uow.notify(
                Notification(
                    order.seller_id,
                    "order.mark_late",
                    f"order:{order.id}",
                    f"Your order is late: {order.title}",
                    at,
                )
            )
            return "late", new
        if (
            state == S.DELIVERED
            and order.auto_complete_at is not None
            and order.auto_complete_at <= at
        ):
            return "auto_complete", self.complete(uow, order, "auto_complete", system, SYSTEM, at)
        if _clears(order, at):
            new = rules.clear(order, at)
            escrow.clear(uow.ledger, new, at)
            landed[(new.seller_id, new.currency)] = None
            assert new.seller_amount is not None
            uow.emit(events.FundsCleared(at, SYSTEM, order.id, order.seller_id, new.seller_amount))
            uow.notify(
                Notification(
                    order.seller_id,
                    "funds.cleared",
                    f"order:{order.id}",
                    f"{plain(new.seller_amount)} is now available: {order.title}",
                    at,
                )
            )
            return "clear", new
        return None


def _clears(order: Order, at: DateTime) -> bool:
    """Whether ``order``'s clearance is due at ``at`` (its seller's earnings become theirs)."""
    return (
        order.state == S.COMPLETED
        and not order.cleared
        and order.clears_at is not None
        and order.clears_at <= at
    )
