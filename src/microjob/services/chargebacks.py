"""Chargebacks and the debts they leave: what happens when the provider takes a payment back.

A reversed charge comes back out of wherever its money went (the escrow of an open order, the
seller's balance, the platform's revenue); what cannot be taken back becomes a debt, repaid
first from any money that later lands in the user's available balance. Composed into
[`WalletService`][microjob.services.wallet.WalletService]; the wiring's ``order_reversal``
and ``funds_available`` reactions point here.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from pendulum import DateTime

from microjob import disputes as drules
from microjob import escrow, events
from microjob import ledger as accounts
from microjob import order_rules as orules
from microjob import payouts as prules
from microjob.context import COVERED, REFUSED, Context, PendingRefund, pending_refunds_repo
from microjob.inbox import AmountMismatch
from microjob.lifecycle import Role
from microjob.money import plain, zero
from microjob.orders import OPEN, Fault, Order, OrderState
from microjob.payouts import (
    Debt,
    DebtState,
)
from microjob.ports import GatewayEvent, Notification, RecordRepository, UnitOfWork, any_of
from microjob.services import disputes as dispute_service
from microjob.users import SYSTEM

__all__ = ["Chargebacks", "debts_repo", "open_debts", "tell_user"]

S = OrderState
_REVERSED = "the buyer's payment was reversed by the payment provider"


def debts_repo(uow: UnitOfWork) -> RecordRepository[Debt]:
    return uow.records("debt", Debt, index=("user_id", "state", "cause"))


"""The users' debts, as [`microjob.services.payouts`][microjob.services.payouts] reads them too."""


def tell_user(
    uow: UnitOfWork, user_id: str, kind: str, subject: str, text: str, now: DateTime
) -> None:
    uow.notify(Notification(user_id, kind, subject, text, now))


def open_debts(uow: UnitOfWork, user_id: str, currency: str) -> list[Debt]:
    return [
        d
        for d in debts_repo(uow).where(user_id=user_id, state=DebtState.OPEN)
        if d.currency == currency
    ]


def _credit_plan(uow: UnitOfWork, cause: str, currency: str, credit: str) -> prules.Clawback | None:
    """Taking back the one credit booked under the entry ``credit`` of ``cause``."""
    return prules.plan_clawback(
        uow.ledger,
        cause,
        currency,
        refunds_owed_by=None,
        only=lambda entry_key: entry_key == credit,
        key=f"{credit}:reversal",
    )


class Chargebacks:
    """Order chargebacks, clawbacks and the repayment of debts (see the module)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def on_order_reversal(
        self, uow: UnitOfWork, order: Order, event: GatewayEvent, now: DateTime
    ) -> tuple[str, Order]:
        """The provider took an order's payment back (a chargeback).

        Whatever of it is still on the platform goes back: the escrow of an open order (which is
        cancelled), the seller's earnings in clearance or in their balance, the platform's
        commission and fees. What already left — withdrawn, spent, or refunded to the card before
        — becomes a debt of whoever received it, repaid from their next earnings. A refund to
        the card the provider has not taken yet is not sent any more: the chargeback returned
        that money, so the buyer owes none of it.
        """
        cause = f"order:{order.id}"
        reference = event.reference or ""
        extra = escrow.late_payment_key(order, reference)
        if reference and uow.ledger.has_entry(extra):
            return self._reverse_extra_charge(uow, order, event, extra, now)
        # A refund to the card that the provider has not taken yet never reaches the buyer: the
        # chargeback gave them that money, so they owe none of it, and it is not sent after.
        unsent = pending_refunds_repo(uow).find(f"{cause}:refund")
        if uow.ledger.has_entry(f"{cause}:reversal") or (
            unsent is not None and unsent.state == COVERED  # reversed, nothing left to book
        ):
            if reference and order.charge_ref and reference != order.charge_ref:
                # Not the charge that paid the order, nor one credited (see above): a charge
                # nothing was booked for yet. Keep its reversal, so that its confirmation, if
                # it comes later, books nothing.
                if reference in order.reversed_charges:
                    return "duplicate", order
                return "recorded", self._reversed_before_booked(uow, order, event, now)
            return "duplicate", order
        # Only a refund the provider surely did not take is covered; one whose call has not
        # answered (timed out, or the process died before writing it down) may have reached
        # the card: the buyer then owes it, and it is sent again under its idempotency key.
        covered = (
            unsent is not None and unsent.state in ("pending", REFUSED) and not unsent.in_doubt
        )
        # A reversal takes back the order's own charge; one naming no charge covers every
        # charge of the order, so the extra charges credited to the buyer's wallet (and not
        # reversed on their own before) go back too, each under its own reversal entry, so
        # that their own reversal, told later, is a duplicate.
        extras, done = self._extra_credits(uow, order)
        plans = [
            prules.plan_clawback(
                uow.ledger,
                cause,
                order.currency,
                refunds_owed_by=None if covered else order.buyer_id,
                only=lambda key: not self._is_extra(order, key),
            )
        ]
        credits = [""]
        if not reference:
            for credit in extras:
                plans.append(self._extra_plan(uow, order, credit))
                credits.append(credit)
        found = [(plan, credit) for plan, credit in zip(plans, credits, strict=True) if plan]
        plan = plans[0]
        if not reference and not found and done:
            return "duplicate", order  # every charge of the order was reversed already
        late = uow.ledger.has_entry(extra)
        unbooked = not late and (
            not found  # nothing of the order came from a charge (unpaid, or from the wallet)
            or order.paid_from != "gateway"
            # another charge than the one that paid the order
            or bool(reference and order.charge_ref and reference != order.charge_ref)
        )
        if unbooked:
            # The reversal overtook the confirmation of a charge nothing was booked for. Keep
            # it, so that confirmation books nothing (neither escrow nor wallet), and stop
            # waiting for a payment that was undone; the order's own money is not touched.
            if reference in order.reversed_charges:
                return "duplicate", order
            return "recorded", self._reversed_before_booked(uow, order, event, now)
        charged = prules.sum_money([p.charged for p, _ in found], order.currency)
        if event.amount is not None and event.amount != charged:
            raise AmountMismatch(
                event,
                plain(charged),
                f"the provider reversed {plain(event.amount)} of order {order.id}, which was "
                f"charged {plain(charged)}; partial reversals are reconciled by hand",
            )
        new = order
        if plan is not None:
            if order.state in OPEN:
                new = self._close_reversed(uow, order, now)
            elif plan.from_pending and not order.cleared and order.clears_at is not None:
                new = orules.evolve(order, clears_at=None, version=order.version + 1)
        if new is not order:
            uow.orders.save(new)
        if covered and unsent is not None:
            pending_refunds_repo(uow).save(
                attrs.evolve(unsent, state=COVERED, version=unsent.version + 1)
            )
        doubted = (
            unsent
            if not covered and unsent is not None and unsent.state == "pending" and plan
            else None
        )
        for each, credit in found:
            if credit:
                # Planned again now: a plan takes what a wallet holds, and the part posted
                # before it (the order's own charge) may have taken some of that already.
                each = self._extra_plan(uow, order, credit) or each
            opened = self.apply_clawback(uow, each, now, charge=credit.rpartition(":")[2])
            if not credit and doubted is not None:
                # In doubt: the buyer gives back the refund, which the card may have had.
                # Written on the refund, with the debt it opened, so that a refusal of it
                # gives that back (`refund_covered`).
                pending_refunds_repo(uow).save(_owed_for(doubted, each, opened.get(order.buyer_id)))
        return "applied", new

    @staticmethod
    def _is_extra(order: Order, key: str) -> bool:
        """Whether an entry of the order is a charge it did not take (credited to the buyer's
        wallet, ``order:ID:charge:REF`` or ``order:ID:late-payment``) or its reversal."""
        return key.startswith((f"order:{order.id}:charge:", f"order:{order.id}:late-payment"))

    def _extra_credits(self, uow: UnitOfWork, order: Order) -> tuple[list[str], set[str]]:
        """The order's extra charges still standing, and those already reversed (entry keys)."""
        credits: list[str] = []
        done: set[str] = set()
        for entry in uow.ledger.entries_for_cause(f"order:{order.id}"):
            if not self._is_extra(order, entry.key):
                continue
            if entry.key.endswith(":reversal"):
                done.add(entry.key.removesuffix(":reversal"))
            else:
                credits.append(entry.key)
        return [c for c in credits if c not in done], done

    @staticmethod
    def _extra_plan(uow: UnitOfWork, order: Order, credit: str) -> prules.Clawback | None:
        """Taking back one extra charge's credit only, under its own reversal entry."""
        return _credit_plan(uow, f"order:{order.id}", order.currency, credit)

    def _reverse_extra_charge(
        self, uow: UnitOfWork, order: Order, event: GatewayEvent, credit: str, now: DateTime
    ) -> tuple[str, Order]:
        """The provider took back a charge the order did not take (its money was credited to
        the buyer's wallet under ``credit``): only that credit comes back, from the wallet or
        as the buyer's debt. The order and its escrow stay as they are: the charge that paid
        them still stands."""
        outcome = self.reverse_credit(
            uow, f"order:{order.id}", order.currency, event, credit, now, f"order {order.id}"
        )
        return outcome, order

    def reverse_credit(
        self,
        uow: UnitOfWork,
        cause: str,
        currency: str,
        event: GatewayEvent,
        credit: str,
        now: DateTime,
        what: str,
    ) -> str:
        """The provider took back a charge whose money was credited to a wallet under the
        ledger entry ``credit`` (a second charge of an order, a subscription charge that came
        when nothing was owed): that credit alone comes back, from the wallet or as its
        owner's debt, under its own reversal entry, so a repeat of the reversal is a duplicate.
        A reversal naming another amount is refused and kept for an operator."""
        if uow.ledger.has_entry(f"{credit}:reversal"):
            return "duplicate"
        plan = _credit_plan(uow, cause, currency, credit)
        assert plan is not None, "a credited charge came from world"
        if event.amount is not None and event.amount != plan.charged:
            raise AmountMismatch(
                event,
                plain(plan.charged),
                f"the provider reversed {plain(event.amount)} of charge {event.reference} on "
                f"{what}, which brought in {plain(plan.charged)}; partial reversals are "
                "reconciled by hand",
            )
        self.apply_clawback(uow, plan, now, charge=event.reference)
        return "applied"

    def _reversed_before_booked(
        self, uow: UnitOfWork, order: Order, event: GatewayEvent, now: DateTime
    ) -> Order:
        reversed_ = (*order.reversed_charges, event.reference or "")
        if order.state == S.AWAITING_PAYMENT:
            new = orules.evolve(
                orules.fail_payment(order, now, _REVERSED), reversed_charges=reversed_
            )
            uow.emit(events.PaymentFailed(now, SYSTEM, order.id, _REVERSED))
            tell_user(
                uow,
                order.buyer_id,
                "order.reversed",
                f"order:{order.id}",
                f"Order cancelled ({_REVERSED}): {order.title}",
                now,
            )
        else:
            new = orules.evolve(order, reversed_charges=reversed_, version=order.version + 1)
        uow.orders.save(new)
        return new

    def _close_reversed(self, uow: UnitOfWork, order: Order, now: DateTime) -> Order:
        trigger = {S.PENDING: "expire", S.DISPUTED: "rule_refund"}.get(order.state, "mutual_cancel")
        new = orules.cancel(
            order, trigger, Role.SYSTEM, SYSTEM, now, Fault.BUYER, _REVERSED, zero(order.currency)
        )
        if order.state == S.DISPUTED:
            new = orules.evolve(new, paused=None)
            self._close_disputes(uow, order, now)
        uow.emit(events.OrderCancelled(now, SYSTEM, order.id, Fault.BUYER.value, _REVERSED))
        for user in (order.buyer_id, order.seller_id):
            tell_user(
                uow,
                user,
                "order.reversed",
                f"order:{order.id}",
                f"Order cancelled ({_REVERSED}): {order.title}",
                now,
            )
        return new

    def _close_disputes(self, uow: UnitOfWork, order: Order, now: DateTime) -> None:
        """A reversed order's dispute has nothing left to divide: it closes as a refund."""
        repo = dispute_service._repo(uow)
        nothing = zero(order.currency)
        for dispute in repo.where(order_id=order.id):
            if not dispute.is_live:
                continue
            ruling = drules.Ruling.refund_buyer(_REVERSED)
            if dispute.state == drules.DisputeState.OPEN:
                trigger, role = "default", Role.SYSTEM
            else:  # the lifecycle lets only an admin rule an answered dispute
                trigger, role = "rule", Role.ADMIN
            closed = drules.move(
                dispute,
                trigger,
                role,
                SYSTEM,
                now,
                _REVERSED,
                ruling=ruling,
                ruled_by=SYSTEM,
                closed_at=now,
            )
            repo.save(closed)
            uow.emit(
                events.DisputeResolved(
                    now,
                    SYSTEM,
                    dispute.id,
                    order.id,
                    ruling.outcome.value,
                    nothing,
                    nothing,
                    nothing,
                    True,
                )
            )

    def apply_clawback(
        self, uow: UnitOfWork, plan: prules.Clawback, now: DateTime, charge: str = ""
    ) -> dict[str, str]:
        prules.post_clawback(uow.ledger, plan, now)
        repo = debts_repo(uow)
        nothing = zero(plan.charged.currency)
        opened: dict[str, str] = {}
        for user_id, amount in plan.debts:
            debt = Debt(repo.next_id(), user_id, plan.cause, amount, nothing, DebtState.OPEN, now)
            repo.add(debt)
            opened[user_id] = debt.id
            uow.emit(events.DebtOpened(now, SYSTEM, debt.id, user_id, plan.cause, amount))
            tell_user(
                uow,
                user_id,
                "debt.opened",
                f"debt:{debt.id}",
                f"A payment was reversed ({plan.cause}); you owe {plain(amount)}, repaid from "
                "your next earnings",
                now,
            )
        uow.emit(
            events.ChargeReversed(
                now, SYSTEM, plan.cause, plan.charged, plan.recovered, plan.unrecovered, charge
            )
        )
        return opened

    def repay_debts(
        self, uow: UnitOfWork, user_ids: Sequence[str], currency: str, now: DateTime
    ) -> None:
        """Money landed in these users' balances: repay their open debts from it first (one
        query for all of them)."""
        owed: dict[str, list[Debt]] = {}
        for debt in debts_repo(uow).where(user_id=any_of(user_ids), state=DebtState.OPEN):
            if debt.currency == currency:
                owed.setdefault(debt.user_id, []).append(debt)
        for user_id in user_ids:
            if user_id in owed:
                self._repay(uow, user_id, owed.pop(user_id), currency, now)

    def _repay(
        self, uow: UnitOfWork, user_id: str, owed: list[Debt], currency: str, now: DateTime
    ) -> None:
        repo = debts_repo(uow)
        book = uow.ledger
        wallet = accounts.available(user_id)
        for debt in sorted(owed, key=lambda d: (d.opened_at, d.id)):
            have = book.balance(wallet, currency)
            if have.amount <= 0:
                break
            pay = min(have, debt.remaining)
            prules.post_repayment(book, debt, pay, now)
            new = _settled_when_nothing_remains(
                attrs.evolve(
                    debt,
                    repaid=debt.repaid + pay,
                    repayments=debt.repayments + 1,
                    version=debt.version + 1,
                ),
                now,
            )
            repo.save(new)
            uow.emit(events.DebtRepaid(now, SYSTEM, debt.id, user_id, pay, new.remaining))
            if new.state == DebtState.SETTLED:
                tell_user(
                    uow, user_id, "debt.settled", f"debt:{debt.id}", "Your debt is repaid", now
                )

    def refund_covered(self, uow: UnitOfWork, event: events.Event) -> None:
        """In-unit handler of [`RefundCovered`][microjob.events.RefundCovered]: a refund a
        chargeback found in flight was refused, so the buyer never had it twice. What the
        chargeback took for it comes back, under one entry (``{refund key}:covered``): the
        part taken from the wallet goes back there, and the part left as a debt is cancelled;
        what of that debt was repaid meanwhile goes back to the wallet too. Money landing in
        the wallet then repays the buyer's other debts first, as any does."""
        assert isinstance(event, events.RefundCovered)
        refund = pending_refunds_repo(uow).get(event.key)
        entry_key = f"{refund.id}:covered"
        if uow.ledger.has_entry(entry_key):
            return
        order = uow.orders.get(refund.order_id)
        buyer, code, now = order.buyer_id, refund.amount.currency.code, event.at
        nothing = zero(code)
        took = refund.reversal_took or nothing
        owed = refund.reversal_owed or nothing
        legs: list[accounts.Transfer] = []
        returned = nothing
        if took.amount > 0:
            legs.append(accounts.Transfer(accounts.WORLD, accounts.available(buyer), took))
        debt = None
        if owed.amount > 0:
            repo = debts_repo(uow)
            # the debt the chargeback opened for this refund (`_owed_for`), not another of
            # the order's: a later reversal of another of its charges opens one of its own
            assert refund.reversal_debt is not None, "an owed part names its debt"
            debt = repo.get(refund.reversal_debt)
            # The debt stands at what is left of it without this refund; of the rest, what is
            # still open is cancelled and what was repaid goes back.
            keep = max(debt.remaining - owed, nothing)
            forgiven = debt.remaining - keep
            returned = owed - forgiven
            if forgiven.amount > 0:
                legs.append(accounts.Transfer(accounts.debt(buyer), accounts.WORLD, forgiven))
            if returned.amount > 0:
                legs.append(
                    accounts.Transfer(
                        accounts.PLATFORM_RECOVERIES, accounts.available(buyer), returned
                    )
                )
            new = _settled_when_nothing_remains(
                attrs.evolve(
                    debt,
                    cancelled=(debt.cancelled or nothing) + owed,
                    repaid=debt.repaid - returned,
                    version=debt.version + 1,
                ),
                now,
            )
            repo.save(new)
            uow.emit(
                events.DebtCancelled(now, SYSTEM, debt.id, buyer, owed, returned, new.remaining)
            )
        if legs:
            uow.ledger.post(
                entry_key,
                f"order:{order.id}",
                legs,
                now,
                "a refund in flight at a chargeback was refused: the chargeback paid it",
            )
        back = took + returned
        tell_user(
            uow,
            buyer,
            "refund.covered",
            f"order:{order.id}",
            f"The payment provider returned {plain(refund.amount)} to you through the "
            "chargeback, so the refund is not sent"
            + (f"; {plain(back)} is back in your balance" if back.amount > 0 else "")
            + (f" and your debt is reduced by {plain(owed)}" if debt is not None else ""),
            now,
        )
        if back.amount > 0:
            self.ctx.funds_available(uow, (buyer,), code, now)


def _settled_when_nothing_remains(debt: Debt, now: DateTime) -> Debt:
    """The debt ``settled`` (since ``now``, unless it was already) when nothing of it remains,
    else ``open``."""
    if debt.remaining.amount == 0:
        return attrs.evolve(debt, state=DebtState.SETTLED, settled_at=debt.settled_at or now)
    return attrs.evolve(debt, state=DebtState.OPEN, settled_at=None)


def _owed_for(refund: PendingRefund, plan: prules.Clawback, debt: str | None) -> PendingRefund:
    """The refund in doubt, with the parts of it the chargeback took from the buyer (wallet
    first, then owed: the plan's order), at most its own amount."""
    code = refund.amount.currency.code
    took = plan.refund_taken or zero(code)
    owed = plan.refund_owed or zero(code)
    took_part = min(took, refund.amount)
    owed_part = min(owed, refund.amount - took_part)
    return attrs.evolve(
        refund,
        reversal_took=took_part,
        reversal_owed=owed_part,
        reversal_debt=debt if owed_part.amount > 0 else None,
        version=refund.version + 1,
    )
