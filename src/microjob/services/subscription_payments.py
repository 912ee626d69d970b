"""Paying for subscriptions: each period's fee booked in the ledger, the provider charged for it,
and the provider's events about those charges (paid, failed, reversed).

Every period's fee is one ledger entry, ``subscription:{id}:period:{n}``, into
``platform:subscriptions``. The provider is charged after the commit of the command that made a
period due, and its answer comes back as a gateway event on subject ``subscription:ID``, applied
once; money the provider takes when nothing is owed lands in the subscriber's wallet. This is the
money side of a subscription, apart from its plans and its clock
([`SubscriptionService`][microjob.services.subscriptions.SubscriptionService] holds one
`SubscriptionPayments`), as [`OrderPayments`][microjob.services.order_payments.OrderPayments] is
for an order.
"""

from __future__ import annotations

import contextlib

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import ledger as accounts
from microjob.context import Context
from microjob.inbox import AmountMismatch, EventRefused
from microjob.ledger import Transfer
from microjob.lifecycle import Role
from microjob.money import plain, zero
from microjob.ports import GatewayEvent, Notification, RecordRepository, UnitOfWork
from microjob.services.chargebacks import Chargebacks
from microjob.subscriptions import (
    LIFECYCLE,
    LIVE,
    SS,
    Subscription,
    first_period,
    next_period,
)
from microjob.users import SYSTEM

__all__ = ["SubscriptionPayments", "subscriptions_repo", "tell"]

_CHARGE_OK = frozenset({"charge.succeeded"})
_CHARGE_FAILED = frozenset({"charge.failed"})
_CHARGE_REVERSED = frozenset({"charge.reversed"})


def subscriptions_repo(uow: UnitOfWork) -> RecordRepository[Subscription]:
    """The stored subscriptions, indexed by user and state."""
    return uow.records("subscription", Subscription, index=("user_id", "state"))


def _period_memo(sub: Subscription, n: int, reference: str) -> str:
    """The memo of period ``n``'s entry, which names the provider's reference of the charge that
    paid it: how a reversal finds what that charge brought in."""
    memo = f"subscription {sub.plan.id} period {n}"
    return f"{memo} ({reference})" if reference else memo


def _credit_key(sub: Subscription, reference: str) -> str:
    """The ledger key of a charge credited to the subscriber's wallet (one entry per charge)."""
    return f"{sub.cause}:credit:{reference}"


def tell(uow: UnitOfWork, sub: Subscription, kind: str, text: str, now: DateTime) -> None:
    """Notify the subscriber about their subscription (sent when the unit of work commits)."""
    uow.notify(Notification(sub.user_id, kind, sub.cause, text, now))


class SubscriptionPayments:
    """The money side of a subscription (composed into
    [`SubscriptionService`][microjob.services.subscriptions.SubscriptionService])."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def wallet_covers(self, uow: UnitOfWork, user_id: str, price: Money) -> bool:
        """Whether the user's available balance pays ``price`` now."""
        have = uow.ledger.balance(accounts.available(user_id), price.currency.code)
        return bool(have >= price)

    def book_period(
        self,
        uow: UnitOfWork,
        sub: Subscription,
        n: int,
        price: Money,
        now: DateTime,
        reference: str,
    ) -> None:
        """Period ``n``'s fee, one entry under ``subscription:{id}:period:{n}``: from the wallet,
        or from ``world`` for a charge the provider confirmed."""
        source = accounts.available(sub.user_id) if sub.pay_from_wallet else accounts.WORLD
        uow.ledger.post(
            sub.period_key(n),
            sub.cause,
            [Transfer(source, accounts.PLATFORM_SUBSCRIPTIONS, price)],
            now,
            _period_memo(sub, n, reference),
        )

    @staticmethod
    def _charged(uow: UnitOfWork, sub: Subscription, reference: str) -> tuple[int, Money] | None:
        """The period the charge ``reference`` paid and what it brought into
        ``platform:subscriptions``: the amount of the period entry booked with it (the plan's
        price may have changed since), or ``None`` when no period was booked with it."""
        prefix = f"{sub.cause}:period:"
        for entry in uow.ledger.entries_for_cause(sub.cause):
            n = entry.key.removeprefix(prefix)
            booked_here = entry.key.startswith(prefix) and n.isdigit()
            if booked_here and entry.memo == _period_memo(sub, int(n), reference):
                into = accounts.PLATFORM_SUBSCRIPTIONS
                amounts = [t.amount for t in entry.transfers if t.destination == into]
                return int(n), sum(amounts, zero(sub.price.currency.code))
        return None

    def charge(self, sub: Subscription) -> None:
        """Ask the provider for the period that is due (after the commit that made it due)."""
        n = sub.due_period
        if n is None:
            return
        subject = sub.cause
        key = f"{sub.period_key(n)}:charge:{sub.attempts}"
        try:
            result = self.ctx.gateway.charge(subject, sub.price, key)
        except Exception:
            return  # unknown outcome: a webhook tells, or the grace period runs out
        if result.status not in ("succeeded", "failed"):
            return
        kind = f"charge.{result.status}"
        with contextlib.suppress(EventRefused):  # another amount: kept for an operator
            self._sync(
                GatewayEvent(
                    f"sync:{subject}:{result.reference}",
                    kind,
                    subject,
                    result.told(sub.price) if kind == "charge.succeeded" else None,
                    result.reference,
                    result.reason,
                )
            )

    def _sync(self, event: GatewayEvent) -> str:
        """The synchronous answer to our own charge, applied like a webhook (once)."""
        return self.ctx.apply_provider_event(event)[0]

    def apply(self, uow: UnitOfWork, sub_id: str, event: GatewayEvent, now: DateTime) -> str:
        """A provider event about subscription ``sub_id``, in the unit of work that records it
        in the inbox: what became of it (``applied``, ``duplicate``, ``credited``, ``ignored``)."""
        repo = subscriptions_repo(uow)
        sub = repo.get(sub_id)
        if event.kind in _CHARGE_OK:
            if event.reference and event.reference in sub.references:
                return "duplicate"
            if event.reference and uow.ledger.has_entry(_credit_key(sub, event.reference)):
                # Its money went to the wallet when nothing was due: a repeat of that notice
                # must not pay a period due since with the same charge.
                return "duplicate"
            if event.reference and event.reference in sub.reversed_references:
                # The chargeback came first: the provider has this money back already, so it
                # pays no period and reaches no wallet.
                return "reversed"
            n = sub.due_period
            if n is None or sub.state not in LIVE:
                return self._credit_late_charge(uow, sub, event, now)
            if event.amount is None or event.amount != sub.price:
                raise AmountMismatch(
                    event,
                    plain(sub.price),
                    f"the provider reports {event.amount and plain(event.amount)} for "
                    f"{sub.cause}, which charges {plain(sub.price)}; reconcile it by hand",
                )
            self.book_period(uow, sub, n, sub.price, now, event.reference)
            anchor = sub.period_end is None
            changes = first_period(sub.plan, now) if anchor else next_period(sub, sub.plan)
            trigger = "pay" if sub.state == SS.PENDING else "renew"
            new = LIFECYCLE.advance(
                sub,
                trigger,
                Role.SYSTEM,
                SYSTEM,
                now,
                event.reference,
                references=(*sub.references, event.reference)
                if event.reference
                else sub.references,
                **changes,
            )
            repo.save(new)
            tell(uow, new, "subscription.paid", f"Your {new.plan.name} plan is paid", now)
            return "applied"
        if event.kind in _CHARGE_FAILED:
            # A failure told before (under another event id) or of a charge booked as paid is
            # about an earlier attempt, not the one in flight: it must not cancel that one.
            if event.reference and event.reference in sub.failed_references:
                return "duplicate"
            if event.reference and event.reference in sub.references:
                return "ignored"
            if sub.due_period is None or sub.state not in LIVE:
                return "ignored"
            reason = event.reason or "the payment failed"
            if event.reference:
                sub = attrs.evolve(sub, failed_references=(*sub.failed_references, event.reference))
            self._attempt_failed(uow, sub, reason, now)
            return "applied"
        if event.kind in _CHARGE_REVERSED:
            return self._reverse_period(uow, sub, event, now)
        return "ignored"

    def _attempt_failed(
        self, uow: UnitOfWork, sub: Subscription, reason: str, now: DateTime
    ) -> Subscription:
        """The charge in flight brought nothing in (declined, or taken back before it was
        booked): a first charge lapses the subscription, a renewal makes it past due and is
        tried again, under a new attempt, after ``subscription_retry_hours``."""
        if sub.state == SS.PENDING:
            new = LIFECYCLE.advance(
                sub, "lapse", Role.SYSTEM, SYSTEM, now, reason, due_period=None, ended_at=now
            )
        else:
            retry = now.add(hours=self.ctx.policy.subscription_retry_hours)
            if sub.state == SS.ACTIVE:
                new = LIFECYCLE.advance(
                    sub,
                    "fall_behind",
                    Role.SYSTEM,
                    SYSTEM,
                    now,
                    reason,
                    due_period=None,
                    next_try_at=retry,
                )
            else:
                new = attrs.evolve(sub, due_period=None, next_try_at=retry, version=sub.version + 1)
        subscriptions_repo(uow).save(new)
        tell(uow, new, "subscription.payment_failed", f"Your plan's payment failed: {reason}", now)
        return new

    def _reverse_period(
        self, uow: UnitOfWork, sub: Subscription, event: GatewayEvent, now: DateTime
    ) -> str:
        """The provider took back a period's fee (a chargeback): what that charge brought in
        (its period's entry, whatever the plan costs today) leaves ``platform:subscriptions``
        for ``world``, and a live subscription whose running period it paid lapses at once,
        since that period is no longer paid (an earlier period's reversal leaves the running
        one, paid by a charge that stands). Only a charge booked as a period (known by its
        reference) or credited to the wallet is reversed here; a charge nothing was booked for
        yet is kept so its confirmation books nothing (and the attempt in flight counts as
        failed); anything else is left for an operator, as is a reversal naming another amount
        than the charge brought in (refused, and kept as a gateway conflict)."""
        if not event.reference:
            return "ignored"
        if event.reference not in sub.references:
            credit = _credit_key(sub, event.reference)
            if uow.ledger.has_entry(credit):
                return self._reverse_credit(uow, sub, event, credit, now)
            if event.reference in sub.reversed_references:
                return "duplicate"
            # A charge not told yet (the reversal overtook its confirmation): keep the
            # reversal, so that the confirmation, when it comes, books nothing.
            in_flight = (
                sub.state in LIVE
                and sub.due_period is not None
                and event.reference not in sub.failed_references
            )
            sub = attrs.evolve(sub, reversed_references=(*sub.reversed_references, event.reference))
            if in_flight:
                # A charge the provider has not confirmed to a live subscription waiting for
                # one is the attempt in flight (a resend reuses its key, hence its reference;
                # a new attempt follows only a failure). It was undone, so it counts as
                # failed: resending its key would only fetch the reversed charge again.
                self._attempt_failed(uow, sub, "the payment was reversed", now)
            else:
                subscriptions_repo(uow).save(attrs.evolve(sub, version=sub.version + 1))
            return "recorded"
        key = f"{sub.cause}:reversal:{event.reference}"
        if uow.ledger.has_entry(key):
            return "duplicate"
        charged = self._charged(uow, sub, event.reference)
        if charged is None:
            return "ignored"  # booked under another memo than a period's: an operator's call
        n, amount = charged
        if event.amount is not None and event.amount != amount:
            # Posting it as told would take other subscribers' fees out with it.
            raise AmountMismatch(
                event,
                plain(amount),
                f"the provider reversed {plain(event.amount)} of charge {event.reference} on "
                f"{sub.cause}, which brought in {plain(amount)}; partial reversals are "
                "reconciled by hand",
            )
        uow.ledger.post(
            key,
            sub.cause,
            [Transfer(accounts.PLATFORM_SUBSCRIPTIONS, accounts.WORLD, amount)],
            now,
            "subscription charge reversed by the provider",
        )
        if sub.state in LIVE and n == sub.period:
            # Only the period now running loses its payment; an earlier one is over, and the
            # one now running was paid by a charge that still stands.
            new = LIFECYCLE.advance(
                sub,
                "lapse",
                Role.SYSTEM,
                SYSTEM,
                now,
                "the payment was reversed",
                due_period=None,
                ended_at=now,
            )
            subscriptions_repo(uow).save(new)
            tell(uow, new, "subscription.reversed", "Your plan's payment was reversed", now)
        return "applied"

    def _reverse_credit(
        self, uow: UnitOfWork, sub: Subscription, event: GatewayEvent, credit: str, now: DateTime
    ) -> str:
        """The provider took back a charge whose money was credited to the subscriber's wallet
        (it came when nothing was owed): that credit comes back, from the wallet or as the
        subscriber's debt, under its own reversal entry, as an order's extra charge does."""
        return Chargebacks(self.ctx).reverse_credit(
            uow, sub.cause, sub.price.currency.code, event, credit, now, sub.cause
        )

    def _credit_late_charge(
        self, uow: UnitOfWork, sub: Subscription, event: GatewayEvent, now: DateTime
    ) -> str:
        """The provider took money when nothing was owed (the subscription lapsed or was
        cancelled while the charge was in flight): it is the subscriber's, so it lands in their
        wallet under a key of its own. Without a reference the charge cannot be told apart from
        one already booked: it is left for an operator."""
        if event.amount is None or not event.reference:
            return "ignored"
        key = _credit_key(sub, event.reference)
        if uow.ledger.has_entry(key):
            return "duplicate"
        uow.ledger.post(
            key,
            sub.cause,
            [Transfer(accounts.WORLD, accounts.available(sub.user_id), event.amount)],
            now,
            "subscription charge after it ended, credited to the wallet",
        )
        self.ctx.funds_available(uow, (sub.user_id,), event.amount.currency.code, now)
        return "credited"
