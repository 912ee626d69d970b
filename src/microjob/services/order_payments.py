"""Paying for orders through the gateway: the charge for a new order, and the provider's
events about it (paid, failed, reversed).

A new order's charge is asked for *before* the order is stored, with no transaction open, and
the order is then stored with the provider's answer applied, in one unit of work (see
[`OrderService.create`][microjob.services.orders.OrderService.create]); what the provider says
later comes back as a provider event through `handle_gateway_event`, so a timeout at the
provider never leaves half a payment in the books, and an event for an order not stored is kept
(`microjob.services.orphan_charges`). The engine cannot tell a charge it is told about twice
from two charges without references on both sides, so it books nothing twice; money the
order's escrow does not hold (a late or a second charge) lands in the buyer's wallet, once per
charge.
"""

from __future__ import annotations

from moneyed import Money
from pendulum import DateTime

from microjob import escrow, events
from microjob import order_rules as rules
from microjob.context import Context, log
from microjob.errors import Conflict, NotFound
from microjob.inbox import AmountMismatch, keep_conflict
from microjob.money import plain
from microjob.orders import Order, OrderState
from microjob.ports import ChargeResult, GatewayEvent, Notification, UnitOfWork
from microjob.services.order_closing import tell
from microjob.services.orphan_charges import PLACE_WINDOW, OrphanCharges, claim_charge
from microjob.users import SYSTEM

__all__ = ["OrderPayments"]

_WINDOW_SECONDS = PLACE_WINDOW.total_seconds()  # pendulum's own arithmetic costs 20 calls

S = OrderState


class OrderPayments:
    """The gateway side of an order (composed into
    [`OrderService`][microjob.services.orders.OrderService])."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.orphans = OrphanCharges(ctx, self.on_gateway_event)
        """Provider events for orders not stored (yet): kept, then applied or refunded."""

    # -- a new order: the provider first, then one unit of work ---------------------------------
    def ask_provider(self, draft: Order) -> GatewayEvent | None:
        """Charge for an order that is not stored yet (see
        [`OrderService.create`][microjob.services.orders.OrderService.create]); the answer as the
        provider event it stands for, or ``None`` when it is not known yet (``pending``, or the
        call failed: the provider may still charge, and its webhook then tells)."""
        subject = f"order:{draft.id}"
        try:
            result = self.ctx.gateway.charge(subject, draft.escrow_total, f"{subject}:charge")
        except Exception:
            log.warning("charge for %s: the provider call failed; waiting for a webhook", subject)
            return None
        return self._answer(subject, result.told(draft.escrow_total), result)

    @staticmethod
    def _answer(subject: str, amount: Money, result: ChargeResult) -> GatewayEvent | None:
        # Our own call's result: identified by the subject *and* the provider's reference, so a
        # provider (or a restarted test double) that hands out a reference again for another
        # order can never make a real payment look old.
        if result.status == "succeeded":
            return GatewayEvent(
                f"sync:{subject}:{result.reference}",
                "charge.succeeded",
                subject,
                amount,
                result.reference,
            )
        if result.status == "failed":
            return GatewayEvent(
                f"sync:{subject}:{result.reference}",
                "charge.failed",
                subject,
                reference=result.reference,
                reason=result.reason,
            )
        return None

    @staticmethod
    def check_window(draft: Order, now: DateTime) -> None:
        """Refuse to store an order more than `PLACE_WINDOW` after its charge was asked for:
        by then its charge may be refunded as one whose order never came. Checked when the
        unit of work starts and again right before its commit. A process frozen between that
        last check and the commit's arrival at the database, for longer than the grace period
        (`ORPHAN_GRACE`), meets the refund at the charge's claim row instead
        ([`claim_charge`][microjob.services.orphan_charges.claim_charge])."""
        if now.timestamp() - draft.placed_at.timestamp() > _WINDOW_SECONDS:
            raise Conflict(
                f"placing order {draft.id} took longer than {PLACE_WINDOW.in_words()} after "
                "its charge; nothing was stored, and the charge is refunded"
            )

    def settle_new(
        self, uow: UnitOfWork, draft: Order, answer: GatewayEvent | None, now: DateTime
    ) -> Order:
        """The order as it is first stored, with the provider's answer already applied (the
        ledger's funding posted, the events emitted): paid, refused, or awaiting the webhook.
        Refused when the placing took longer than `PLACE_WINDOW`: its charge is then refunded
        like any charge for an order that was never stored."""
        self.check_window(draft, now)
        if answer is None:
            return draft
        if answer.kind != "charge.succeeded":
            return self._fail(uow, draft, answer, now)
        if answer.amount != draft.escrow_total:
            # The provider took another amount than it was asked for: not this order's
            # payment as booked. The order waits for its payment and an operator reconciles
            # the charge (`admin.gateway_conflicts`), as with a webhook of another amount.
            mismatch = AmountMismatch(
                answer,
                plain(draft.escrow_total),
                f"the provider says it charged {answer.amount and plain(answer.amount)} for "
                f"order {draft.id}, which expects {plain(draft.escrow_total)}; reconcile it "
                "by hand",
            )
            keep_conflict(uow, mismatch, now)
            log.error("%s", mismatch)
            # Still this order's charge: a refund of it as one whose order never came (a
            # placing frozen past the grace) makes this placing store nothing.
            claim_charge(uow, answer.reference, draft.id)
            return draft
        return self._confirm(uow, draft, answer, now)

    @staticmethod
    def _confirm(uow: UnitOfWork, order: Order, event: GatewayEvent, now: DateTime) -> Order:
        """The order paid by ``event``'s charge: escrow funded, the charge written down as
        this order's, the payment announced (the caller stores the order)."""
        assert event.amount is not None
        new = rules.confirm_payment(order, now, event.reference or None)
        escrow.fund(uow.ledger, new, now)
        claim_charge(uow, event.reference, order.id)
        uow.emit(events.PaymentConfirmed(now, SYSTEM, order.id, event.amount))
        tell(uow, new, "payment_confirmed", now)
        return new

    @staticmethod
    def _fail(uow: UnitOfWork, order: Order, event: GatewayEvent, now: DateTime) -> Order:
        """The order whose charge ``event`` refused, announced (the caller stores it)."""
        new = rules.fail_payment(order, now, event.reason or "payment failed")
        uow.emit(events.PaymentFailed(now, SYSTEM, order.id, event.reason))
        tell(uow, new, "payment_failed", now)
        return new

    def on_gateway_event(
        self, uow: UnitOfWork, order_id: str, event: GatewayEvent, now: DateTime
    ) -> tuple[str, Order | None]:
        """A provider event about an order (the wiring's ``gateway_routes['order']``): a charge
        that succeeded, failed or was reversed (a chargeback, handled by the wallet). One for
        an order that is not stored is kept (`OrphanCharges`): ``parked``."""
        try:
            order = uow.orders.get(order_id)
        except NotFound:
            return self.orphans.park(uow, order_id, event, now), None
        outcome = "applied"
        new = order
        if event.kind == "charge.succeeded":
            outcome, new = self._on_paid(uow, order, event, now)
        elif event.kind == "charge.failed":
            if order.state == S.AWAITING_PAYMENT:
                new = self._fail(uow, order, event, now)
                uow.orders.save(new)
            else:
                outcome = "ignored"
        elif event.kind == "charge.reversed":
            outcome, new = self.ctx.wiring.order_reversal(uow, order, event, now)
        else:
            outcome = "ignored"
        return outcome, new

    def _on_paid(
        self, uow: UnitOfWork, order: Order, event: GatewayEvent, now: DateTime
    ) -> tuple[str, Order]:
        amount = event.amount
        if amount is None or amount != order.escrow_total:
            raise AmountMismatch(
                event,
                plain(order.escrow_total),
                f"gateway says it charged {amount and plain(amount)} for order {order.id}, "
                f"which expects {plain(order.escrow_total)}; reconcile it by hand",
            )
        if order.charge_reversed(event.reference):
            # The chargeback came first: the provider has this money back already, so it must
            # reach neither the escrow nor the buyer's wallet.
            return "reversed", order
        if order.state == S.AWAITING_PAYMENT:
            new = self._confirm(uow, order, event, now)
            uow.orders.save(new)
            return "applied", new
        if amount.amount == 0:
            return "ignored", order  # a free booking: no money moved, nothing to place
        reference = event.reference
        funded = uow.ledger.has_entry(f"order:{order.id}:fund")
        if (
            funded
            and order.paid_from == "gateway"
            and (not reference or not order.charge_ref or reference == order.charge_ref)
        ):
            # The charge that paid the order, told again (a retry under a new id, the webhook
            # after the synchronous answer); without references on both sides the engine
            # cannot tell two charges apart, so it books nothing twice.
            return "duplicate", order
        # A charge the order's escrow does not hold: paid after the order was cancelled, or a
        # second charge for an order already paid (from the wallet, or with another
        # reference). The money exists, so it lands in the buyer's wallet, once per charge.
        if uow.ledger.has_entry(escrow.late_payment_key(order, reference)):
            return "duplicate", order
        escrow.credit_late_payment(uow.ledger, order, amount, now, reference)
        claim_charge(uow, reference, order.id)
        self.ctx.funds_available(uow, (order.buyer_id,), order.currency, now)
        uow.emit(events.LatePaymentCredited(now, SYSTEM, order.id, amount))
        uow.notify(
            Notification(
                order.buyer_id,
                "order.late_payment",
                f"order:{order.id}",
                f"A payment the order did not need was credited to your balance: {order.title}",
                now,
            )
        )
        return "credited", order
