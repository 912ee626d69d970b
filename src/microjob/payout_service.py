"""Wallet commands of the Marketplace facade: deposits, payout methods, payouts, reversals.

See :mod:`microjob.payouts` for the rules. Every command runs in one unit of work and every
money move is a ledger entry with a deterministic key (``deposit:ID:confirm``,
``payout:ID:reserve``, ``order:ID:reversal``, ...) under a cause (``deposit:ID``, ``payout:ID``,
``order:ID``, ``debt:ID``), so a refused command changes nothing and a duplicated webhook posts
nothing twice. Provider calls (the deposit's charge, the payout's transfer) happen after the
commit of the command that needs them; their outcome comes back as another command, exactly as
for orders.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import dispute_service, events
from microjob import disputes as drules
from microjob import ledger as accounts
from microjob import orders as orules
from microjob import payouts as prules
from microjob.commands import CommandBase
from microjob.errors import (
    InsufficientFunds,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)
from microjob.inbox import AmountMismatch
from microjob.intake import clean_text
from microjob.lifecycle import Role
from microjob.money import as_money, currency_of, plain, require_positive, zero
from microjob.orders import OPEN, Fault, Order, OrderState
from microjob.payouts import (
    BankAccount,
    Debt,
    DebtState,
    Deposit,
    DepositState,
    MaskedMethod,
    PayoutMethod,
    PayoutProjection,
    PayoutRequest,
    PayoutState,
    PayPal,
    ProjectionRow,
    SourceCheck,
    SourceProblem,
    Statement,
    Step,
    StoredMethod,
)
from microjob.policies import PaymentMode
from microjob.ports import GatewayEvent, Notification, RecordRepository, UnitOfWork
from microjob.timecalc import add_days
from microjob.users import BACK_OFFICE, SYSTEM, Viewer

__all__ = ["PayoutCommands"]

DS = DepositState
P = PayoutState
S = OrderState

_DEPOSIT_OK = frozenset({"charge.succeeded", "deposit.succeeded", "deposit.confirmed"})
_DEPOSIT_FAILED = frozenset({"charge.failed", "deposit.failed", "deposit.rejected"})
_DEPOSIT_REVERSED = frozenset({"charge.reversed", "deposit.reversed"})
_DEPOSIT_PENDING = frozenset({"charge.pending", "deposit.pending"})
_PAYOUT_SENT = frozenset({"payout.sent", "payout.pending", "payout.created"})
_PAYOUT_FAILED = frozenset({"payout.failed", "payout.returned"})
_REVERSED = "the buyer's payment was reversed by the payment provider"


def _deposits(uow: UnitOfWork) -> RecordRepository[Deposit]:
    return uow.records("deposit", Deposit, index=("user_id", "state"))


def _payouts(uow: UnitOfWork) -> RecordRepository[PayoutRequest]:
    return uow.records("payout", PayoutRequest, index=("user_id", "state"))


def _methods(uow: UnitOfWork) -> RecordRepository[StoredMethod]:
    return uow.records("payout_method", StoredMethod, index=("user_id",))


def _debts(uow: UnitOfWork) -> RecordRepository[Debt]:
    return uow.records("debt", Debt, index=("user_id", "state", "cause"))


class PayoutCommands(CommandBase):
    """Deposits, payout methods, payouts, charge reversals and debts (the cash account)."""

    # -- helpers ----------------------------------------------------------------------------------
    def _wallet_amount(self, value: object, what: str) -> Money:
        """An amount entering or leaving a wallet: exact, positive, in the marketplace's
        currency (floats, NaN, over-precise and foreign amounts are refused)."""
        amount = require_positive(as_money(value, self.policy.currency, what=what), what)
        self.policy.check_currency(amount, what)
        return amount

    def _require_admin(self, uow: UnitOfWork, actor: str, what: str) -> None:
        if not self._is_admin(uow, actor):
            raise PermissionDenied(f"only an admin may {what}; {actor!r} is not an admin")

    def _tell_user(
        self, uow: UnitOfWork, user_id: str, kind: str, subject: str, text: str, now: DateTime
    ) -> None:
        uow.notify(Notification(user_id, kind, subject, text, now))

    def _open_debts(self, uow: UnitOfWork, user_id: str, currency: str) -> list[Debt]:
        return [
            d
            for d in _debts(uow).where(user_id=user_id, state=DebtState.OPEN)
            if d.currency == currency
        ]

    # -- deposits ----------------------------------------------------------------------------------
    def announce_deposit(
        self,
        user_id: str,
        amount: Money | Decimal | str | int,
        *,
        through_gateway: bool = True,
        reference: str = "",
    ) -> Deposit:
        """The user puts money into their cash account.

        The amount waits in ``user:{id}:incoming`` (visible, not spendable). Through the gateway
        the provider is charged after the commit, like an order's payment: a confirmed charge
        confirms the deposit, unless the policy's ``deposit_review`` asks an admin to reconcile
        every deposit by hand (seed 001). ``through_gateway=False`` is money sent outside the
        gateway (a bank wire with ``reference``), which only an admin can confirm.
        """
        value = self._wallet_amount(amount, "deposit")
        # One deposit is held to the largest order: an unbounded announcement could fill the
        # outside world's account and block every other payment on the platform.
        self.policy.check_bounds(price=value, what="deposit")
        reference = clean_text(reference, "reference", limit=200, single_line=True)
        with self._uow() as uow:
            uow.users.get(user_id)
            now = self.clock.now()
            repo = _deposits(uow)
            deposit = Deposit(
                id=repo.next_id(),
                user_id=user_id,
                amount=value,
                state=DS.ANNOUNCED,
                announced_at=now,
                through_gateway=through_gateway,
                reference=reference,
                provider_status="pending" if through_gateway else "",
                history=(Step(now, "announce", user_id, "", DS.ANNOUNCED, reference),),
            )
            repo.add(deposit)
            prules.post_deposit_announced(uow.ledger, deposit, now)
            uow.emit(
                events.DepositAnnounced(now, user_id, deposit.id, user_id, value, through_gateway)
            )
            self._finish(uow)
        if through_gateway:
            self._charge_deposit(deposit)
        return self.deposit(deposit.id, viewer=BACK_OFFICE)

    def _charge_deposit(self, deposit: Deposit) -> None:
        subject = deposit.cause
        try:
            result = self.gateway.charge(subject, deposit.amount, f"{subject}:charge")
        except Exception:
            # The outcome is unknown: a webhook will tell, or an admin reconciles it by hand.
            return
        kind = {"succeeded": "charge.succeeded", "failed": "charge.failed"}.get(
            result.status, "charge.pending"
        )
        self._apply_sync(
            GatewayEvent(
                f"sync:{subject}:{result.reference}",
                kind,
                subject,
                deposit.amount if kind == "charge.succeeded" else None,
                result.reference,
                result.reason,
            )
        )

    def confirm_deposit(self, deposit_id: str, admin: str, *, reference: str = "") -> Deposit:
        """An admin checked the deposit against the provider's (or bank's) receipts (seed 001):
        the money moves from ``incoming`` to ``available``."""
        with self._uow() as uow:
            self._require_admin(uow, admin, "confirm deposits")
            deposit = _deposits(uow).get(deposit_id)
            new = self._confirm_deposit(
                uow, deposit, Role.ADMIN, admin, self.clock.now(), reference
            )
            self._finish(uow)
        return new

    def reject_deposit(self, deposit_id: str, admin: str, reason: str) -> Deposit:
        """An admin found no such money at the provider: the announced amount is dropped."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("say why the deposit is rejected (reason is required)")
        with self._uow() as uow:
            self._require_admin(uow, admin, "reject deposits")
            deposit = _deposits(uow).get(deposit_id)
            new = self._reject_deposit(
                uow, deposit, Role.ADMIN, admin, self.clock.now(), reason.strip()
            )
            self._finish(uow)
        return new

    def _confirm_deposit(
        self,
        uow: UnitOfWork,
        deposit: Deposit,
        role: Role,
        actor: str,
        now: DateTime,
        reference: str = "",
    ) -> Deposit:
        new = prules.move_deposit(
            deposit,
            "confirm",
            role,
            actor,
            now,
            reference,
            decided_by=actor,
            decided_at=now,
            reference=reference or deposit.reference,
        )
        _deposits(uow).save(new)
        prules.post_deposit_confirmed(uow.ledger, new, now)
        uow.emit(events.DepositConfirmed(now, actor, new.id, new.user_id, new.amount))
        self._tell_user(
            uow,
            new.user_id,
            "deposit.confirmed",
            new.cause,
            f"Your deposit of {plain(new.amount)} is in your balance",
            now,
        )
        self._funds_available(uow, new.user_id, new.currency, now)
        return new

    def _reject_deposit(
        self, uow: UnitOfWork, deposit: Deposit, role: Role, actor: str, now: DateTime, reason: str
    ) -> Deposit:
        new = prules.move_deposit(
            deposit,
            "reject",
            role,
            actor,
            now,
            reason,
            decided_by=actor,
            decided_at=now,
            reason=reason,
        )
        _deposits(uow).save(new)
        prules.post_deposit_rejected(uow.ledger, new, now)
        uow.emit(events.DepositRejected(now, actor, new.id, new.user_id, new.amount, reason))
        self._tell_user(
            uow,
            new.user_id,
            "deposit.rejected",
            new.cause,
            f"Your deposit of {plain(new.amount)} was not received: {reason}",
            now,
        )
        return new

    def _deposit_event(
        self, uow: UnitOfWork, deposit_id: str, event: GatewayEvent, now: DateTime
    ) -> str:
        repo = _deposits(uow)
        deposit = repo.get(deposit_id)
        charged = event.kind == "charge.succeeded"
        if (charged and event.amount is None) or (
            event.amount is not None and event.amount != deposit.amount
        ):
            raise AmountMismatch(
                event,
                plain(deposit.amount),
                f"the provider reports {event.amount and plain(event.amount)} for deposit "
                f"{deposit.id}, which was announced as {plain(deposit.amount)}; "
                "reconcile it by hand",
            )
        kind, state = event.kind, deposit.state
        if kind in _DEPOSIT_OK:
            if state != DS.ANNOUNCED:
                return "duplicate" if state == DS.CONFIRMED else "ignored"
            if self.policy.deposit_review:
                repo.save(
                    attrs.evolve(
                        deposit,
                        provider_status="succeeded",
                        reference=event.reference or deposit.reference,
                        version=deposit.version + 1,
                    )
                )
                return "recorded"  # an admin confirms it after reconciling (seed 001)
            self._confirm_deposit(uow, deposit, Role.SYSTEM, SYSTEM, now, event.reference)
            return "applied"
        if kind in _DEPOSIT_FAILED or (kind in _DEPOSIT_REVERSED and state == DS.ANNOUNCED):
            if state != DS.ANNOUNCED:
                return "duplicate" if state == DS.REJECTED else "ignored"
            reason = event.reason or (
                "the payment failed" if kind in _DEPOSIT_FAILED else "the payment was reversed"
            )
            self._reject_deposit(
                uow,
                attrs.evolve(deposit, provider_status="failed"),
                Role.SYSTEM,
                SYSTEM,
                now,
                reason,
            )
            return "applied"
        if kind in _DEPOSIT_REVERSED:
            if state != DS.CONFIRMED:
                return "duplicate"
            plan = prules.plan_clawback(
                uow.ledger, deposit.cause, deposit.currency, refunds_owed_by=None
            )
            assert plan is not None, "a confirmed deposit came from world"
            new = prules.move_deposit(
                deposit,
                "reverse",
                Role.SYSTEM,
                SYSTEM,
                now,
                event.reason,
                reason=event.reason or "reversed by the provider",
            )
            repo.save(new)
            self._apply_clawback(uow, plan, now)
            return "applied"
        if kind in _DEPOSIT_PENDING and state == DS.ANNOUNCED:
            repo.save(
                attrs.evolve(
                    deposit,
                    provider_status="pending",
                    reference=event.reference or deposit.reference,
                    version=deposit.version + 1,
                )
            )
            return "recorded"
        return "ignored"

    # -- payout methods ----------------------------------------------------------------------------
    def add_payout_method(self, user_id: str, method: PayoutMethod) -> MaskedMethod:
        """Store the user's payout details (seed 000: complete them before withdrawing).

        ``method`` is :class:`~microjob.payouts.PayPal` or
        :class:`~microjob.payouts.BankAccount`, validated when built. Adding the same details
        again returns the method already stored. Only the masked view comes back.
        """
        if not isinstance(method, PayPal | BankAccount):
            raise ValidationError(
                "a payout method is microjob.payouts.PayPal(email=...) or "
                f"BankAccount(iban=..., bic=..., holder=...), got {type(method).__name__}"
            )
        with self._uow() as uow:
            uow.users.get(user_id)
            repo = _methods(uow)
            for stored in repo.where(user_id=user_id):
                if stored.active and stored.method == method:
                    return stored.masked()
            now = self.clock.now()
            stored = StoredMethod(repo.next_id(), user_id, method, now)
            repo.add(stored)
            uow.emit(
                events.PayoutMethodAdded(
                    now, user_id, stored.id, user_id, method.kind, method.last4
                )
            )
            self._finish(uow)
        return stored.masked()

    def remove_payout_method(self, user_id: str, method_id: str) -> MaskedMethod:
        """The user removes a method; payouts already requested with it still use it."""
        with self._uow() as uow:
            repo = _methods(uow)
            stored = self._own_method(repo, user_id, method_id)
            now = self.clock.now()
            removed = attrs.evolve(stored, removed_at=now, version=stored.version + 1)
            repo.save(removed)
            uow.emit(
                events.PayoutMethodRemoved(
                    now, user_id, method_id, user_id, stored.method.kind, stored.method.last4
                )
            )
            self._finish(uow)
        return removed.masked()

    def payout_methods(self, user_id: str, *, viewer: Viewer) -> list[MaskedMethod]:
        """The user's active payout methods, masked (kind and last four characters)."""
        with self._uow() as uow:
            uow.users.get(user_id)
            self._check_viewer(uow, viewer, (user_id,), f"the payout methods of {user_id!r}")
            return [m.masked() for m in _methods(uow).where(user_id=user_id) if m.active]

    def _own_method(
        self, repo: RecordRepository[StoredMethod], user_id: str, method_id: str
    ) -> StoredMethod:
        stored = repo.find(method_id)
        if stored is not None and stored.user_id != user_id:
            raise PermissionDenied(
                f"payout method {method_id} belongs to another user; use one of your own"
            )
        if stored is None or not stored.active:
            if not any(m.active for m in repo.where(user_id=user_id)):
                raise PolicyViolation(
                    "add a payout method first: a PayPal e-mail or bank details (IBAN, BIC, "
                    "holder); withdrawals need complete details"
                )
            raise NotFound(
                f"user {user_id!r} has no active payout method {method_id!r}; "
                "see payout_methods() for theirs"
            )
        return stored

    # -- payouts -----------------------------------------------------------------------------------
    def request_payout(
        self, user_id: str, method_id: str, amount: Money | Decimal | str | int
    ) -> PayoutRequest:
        """The user asks to withdraw ``amount`` from their available balance.

        Refused unless the method is theirs and complete, the minimum is met (by the amount, or
        by the available balance under ``payout_minimum_applies_to="balance"``, seed 003), the
        amount is more than its fee, no debt is open, and that much is available.
        The amount moves to ``user:{id}:payout`` at once, so a second request cannot spend it
        again. Up to the policy's ``payout_auto_approve_limit`` the request is approved (or
        held) by the system right away and sent to the provider.
        """
        value = self._wallet_amount(amount, "payout amount")
        code = value.currency.code
        with self._uow() as uow:
            uow.users.get(user_id)
            stored = self._own_method(_methods(uow), user_id, method_id)
            kind = stored.method.kind
            book = uow.ledger
            have = book.balance(accounts.available(user_id), code)
            owed = self._open_debts(uow, user_id, code)
            if owed:
                total = prules.sum_money([d.remaining for d in owed], code)
                raise PolicyViolation(
                    f"{user_id} owes {plain(total)} after a reversed payment; it is repaid from "
                    "the next earnings first, and no payout is possible until then"
                )
            fee = prules.payout_terms(self.policy, kind, value, have)
            if value > have:
                raise InsufficientFunds(
                    f"the available balance is {plain(have)}; a payout of {plain(value)} needs "
                    "that much available (earnings in clearance and reserved payouts do not count)"
                )
            now = self.clock.now()
            repo = _payouts(uow)
            payout = PayoutRequest(
                id=repo.next_id(),
                user_id=user_id,
                method_id=stored.id,
                method_kind=kind,
                last4=stored.method.last4,
                amount=value,
                fee=fee,
                state=P.REQUESTED,
                requested_at=now,
                history=(Step(now, "request", user_id, "", P.REQUESTED),),
            )
            repo.add(payout)
            prules.post_reserve(book, payout, now)
            uow.emit(
                events.PayoutRequested(
                    now, user_id, payout.id, user_id, value, kind, payout.last4, fee
                )
            )
            limit = self.policy.payout_auto_approve_limit
            if limit is not None and value <= limit:
                payout = self._decide(uow, payout, Role.SYSTEM, SYSTEM, now, automatic=True)
            self._finish(uow)
        if payout.state == P.APPROVED:
            return self._send_payout(payout.id)
        return payout

    def approve_payout(
        self, payout_id: str, admin: str, *, reviewed: bool = False
    ) -> PayoutRequest:
        """An admin approves a payout request; it is sent to the provider at once.

        The source of funds is verified first (seed 001): if the money does not trace back to
        confirmed deposits and charges, or the user owes a debt, the payout is *held for review*
        with the offending entries listed instead of approved. A held payout is approved only
        with ``reviewed=True`` (the admin checked those entries), and never while a debt is open.
        """
        with self._uow() as uow:
            self._require_admin(uow, admin, "approve payouts")
            repo = _payouts(uow)
            payout = repo.get(payout_id)
            now = self.clock.now()
            if payout.state == P.HELD_FOR_REVIEW:
                if not reviewed:
                    listed = "; ".join(str(p) for p in payout.review) or "no entries listed"
                    raise PolicyViolation(
                        f"payout {payout.id} is held for review ({listed}); approve it with "
                        "reviewed=True once you have checked these, or reject it"
                    )
                owed = self._open_debts(uow, payout.user_id, payout.currency)
                if owed:
                    raise PolicyViolation(
                        f"{payout.user_id} owes {plain(owed[0].remaining)} ({owed[0].cause}); "
                        "reject the payout instead: its money then repays the debt"
                    )
                new = self._approve(uow, payout, "release", Role.ADMIN, admin, now, "reviewed")
            else:
                prules.PAYOUT_LIFECYCLE.check(payout.state, "approve", Role.ADMIN)
                new = self._decide(uow, payout, Role.ADMIN, admin, now, automatic=False)
            self._finish(uow)
        if new.state == P.APPROVED:
            return self._send_payout(new.id)
        return new

    def _decide(
        self,
        uow: UnitOfWork,
        payout: PayoutRequest,
        role: Role,
        actor: str,
        now: DateTime,
        *,
        automatic: bool,
    ) -> PayoutRequest:
        """Verify the source of funds and open debts, then approve or hold."""
        problems = [
            SourceProblem(
                d.user_id,
                f"{d.cause}:reversal",
                f"debt:{d.id}",
                d.remaining,
                "owed after a reversed payment",
            )
            for d in self._open_debts(uow, payout.user_id, payout.currency)
        ]
        problems.extend(self._trace(uow, payout.user_id, payout.currency).problems)
        if not problems:
            return self._approve(uow, payout, "approve", role, actor, now, "", automatic=automatic)
        new = prules.move_payout(
            payout,
            "hold",
            role,
            actor,
            now,
            f"{len(problems)} source(s) of funds not confirmed",
            review=tuple(problems),
            automatic=automatic,
        )
        _payouts(uow).save(new)
        uow.emit(
            events.PayoutHeld(
                now, actor, new.id, new.user_id, new.amount, tuple(str(p) for p in problems)
            )
        )
        self._tell_user(
            uow,
            new.user_id,
            "payout.held",
            new.cause,
            f"Your payout of {plain(new.amount)} is being reviewed before it is sent",
            now,
        )
        return new

    def _approve(
        self,
        uow: UnitOfWork,
        payout: PayoutRequest,
        trigger: str,
        role: Role,
        actor: str,
        now: DateTime,
        note: str,
        *,
        automatic: bool = False,
    ) -> PayoutRequest:
        expected = prules.expected_arrival(self.policy, payout.method_kind, now)
        new = prules.move_payout(
            payout,
            trigger,
            role,
            actor,
            now,
            note,
            decided_by=actor,
            decided_at=now,
            automatic=automatic,
            expected_at=expected,
        )
        _payouts(uow).save(new)
        uow.emit(
            events.PayoutApproved(now, actor, new.id, new.user_id, new.amount, expected, automatic)
        )
        self._tell_user(
            uow,
            new.user_id,
            "payout.approved",
            new.cause,
            f"Your payout of {plain(new.net)} is approved; expected by {expected.to_date_string()}",
            now,
        )
        return new

    def reject_payout(self, payout_id: str, admin: str, reason: str) -> PayoutRequest:
        """An admin refuses a requested or held payout: the whole amount is available again."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("say why the payout is rejected (reason is required)")
        with self._uow() as uow:
            self._require_admin(uow, admin, "reject payouts")
            payout = _payouts(uow).get(payout_id)
            new = self._give_back(uow, payout, "reject", Role.ADMIN, admin, reason.strip())
            self._finish(uow)
        return new

    def cancel_payout(self, payout_id: str, user_id: str) -> PayoutRequest:
        """The user takes back a payout request that was not approved yet."""
        with self._uow() as uow:
            payout = _payouts(uow).get(payout_id)
            if payout.user_id != user_id:
                raise PermissionDenied(f"payout {payout_id} is not {user_id}'s to cancel")
            new = self._give_back(uow, payout, "cancel", Role.OWNER, user_id, "cancelled")
            self._finish(uow)
        return new

    def _give_back(
        self,
        uow: UnitOfWork,
        payout: PayoutRequest,
        trigger: str,
        role: Role,
        actor: str,
        reason: str,
    ) -> PayoutRequest:
        now = self.clock.now()
        new = prules.move_payout(
            payout, trigger, role, actor, now, reason, reason=reason, decided_by=actor
        )
        _payouts(uow).save(new)
        prules.post_return(uow.ledger, new, now, f"payout {trigger}ed: {reason}")
        event = (
            events.PayoutRejected(now, actor, new.id, new.user_id, new.amount, reason)
            if trigger == "reject"
            else events.PayoutCancelled(now, actor, new.id, new.user_id, new.amount)
        )
        uow.emit(event)
        self._tell_user(
            uow,
            new.user_id,
            f"payout.{new.state}",
            new.cause,
            f"Your payout of {plain(new.amount)} was {new.state} ({reason}); "
            "the amount is back in your balance",
            now,
        )
        self._funds_available(uow, new.user_id, new.currency, now)
        return new

    def _send_payout(self, payout_id: str) -> PayoutRequest:
        """Hand an approved payout to the provider (after the approval committed)."""
        with self._uow() as uow:
            payout = _payouts(uow).get(payout_id)
            if payout.state != P.APPROVED:
                return payout
            destination = _methods(uow).get(payout.method_id).method.destination()
        subject = payout.cause
        try:
            result = self.gateway.payout(subject, payout.net, destination, f"{subject}:send")
        except Exception:
            # Unknown outcome: it stays approved and is sent again under the same idempotency
            # key by run_due / retry_payouts, so the provider pays at most once.
            return payout
        kind = {"succeeded": "payout.paid", "failed": "payout.failed"}.get(
            result.status, "payout.sent"
        )
        self._apply_sync(
            GatewayEvent(
                f"sync:{subject}:{result.reference}",
                kind,
                subject,
                payout.net if kind == "payout.paid" else None,
                result.reference,
                result.reason,
            )
        )
        return self.payout(payout_id, viewer=BACK_OFFICE)

    def retry_payouts(self) -> int:
        """Send every approved payout the provider has not taken yet; returns how many remain."""
        with self._uow() as uow:
            waiting = [p.id for p in _payouts(uow).where(state=P.APPROVED)]
        return sum(1 for pid in waiting if self._send_payout(pid).state == P.APPROVED)

    def _payout_event(
        self, uow: UnitOfWork, payout_id: str, event: GatewayEvent, now: DateTime
    ) -> str:
        repo = _payouts(uow)
        payout = repo.get(payout_id)
        if event.amount is not None and event.amount not in (payout.net, payout.amount):
            raise AmountMismatch(
                event,
                plain(payout.net),
                f"the provider reports {plain(event.amount)} for payout {payout.id}, which pays "
                f"{plain(payout.net)}; reconcile it by hand",
            )
        kind, state = event.kind, payout.state
        if kind == "payout.paid":
            if state == P.PAID:
                return "duplicate"
            if state == P.APPROVED:
                payout = self._mark_sent(uow, payout, event, now)
            if payout.state != P.SENT:
                return "ignored"  # never sent (or already given back): reconcile by hand
            new = prules.move_payout(
                payout,
                "pay",
                Role.SYSTEM,
                SYSTEM,
                now,
                paid_at=now,
                reference=event.reference or payout.reference,
            )
            repo.save(new)
            prules.post_paid(uow.ledger, new, now)
            uow.emit(
                events.PayoutPaid(now, SYSTEM, new.id, new.user_id, new.amount, new.net, new.fee)
            )
            self._tell_user(
                uow, new.user_id, "payout.paid", new.cause, f"{plain(new.net)} was paid out", now
            )
            return "applied"
        if kind in _PAYOUT_FAILED:
            if state == P.FAILED:
                return "duplicate"  # the provider repeats itself under a new event id
            if state not in (P.APPROVED, P.SENT, P.PAID):
                return "ignored"
            reason = event.reason or "the provider could not pay"
            new = prules.move_payout(
                payout, "fail", Role.SYSTEM, SYSTEM, now, reason, reason=reason
            )
            repo.save(new)
            if state == P.PAID:
                prules.post_returned_after_paid(uow.ledger, new, now)
            else:
                prules.post_return(uow.ledger, new, now, f"payout failed: {reason}")
            uow.emit(events.PayoutFailed(now, SYSTEM, new.id, new.user_id, new.amount, reason))
            self._tell_user(
                uow,
                new.user_id,
                "payout.failed",
                new.cause,
                f"Your payout of {plain(new.amount)} failed ({reason}); it is back in your balance",
                now,
            )
            self._funds_available(uow, new.user_id, new.currency, now)
            return "applied"
        if kind in _PAYOUT_SENT:
            if state == P.APPROVED:
                self._mark_sent(uow, payout, event, now)
                return "applied"
            return "duplicate" if state in (P.SENT, P.PAID) else "ignored"
        return "ignored"

    def _mark_sent(
        self, uow: UnitOfWork, payout: PayoutRequest, event: GatewayEvent, now: DateTime
    ) -> PayoutRequest:
        new = prules.move_payout(
            payout, "send", Role.SYSTEM, SYSTEM, now, sent_at=now, reference=event.reference
        )
        _payouts(uow).save(new)
        uow.emit(events.PayoutSent(now, SYSTEM, new.id, new.user_id, new.amount, new.reference))
        return new

    # -- source of funds ---------------------------------------------------------------------------
    def _trace(self, uow: UnitOfWork, user_id: str, currency: str) -> SourceCheck:
        debts = _debts(uow)

        def unrecovered(cause: str) -> bool:
            return bool(debts.where(cause=cause, state=DebtState.OPEN))

        return prules.trace_sources(uow.ledger, user_id, currency, unrecovered=unrecovered)

    def check_sources(
        self, user_id: str, currency: str | None = None, *, viewer: Viewer
    ) -> SourceCheck:
        """Trace the user's available money back to confirmed charges and deposits (what
        approval does before every payout), without changing anything."""
        code = currency_of(currency or self.policy.currency).code
        with self._uow() as uow:
            uow.users.get(user_id)
            self._check_viewer(uow, viewer, (user_id,), f"the sources of {user_id!r}'s money")
            return self._trace(uow, user_id, code)

    # -- charge reversals and debts ---------------------------------------------------------------
    def _on_order_reversal(
        self, uow: UnitOfWork, order: Order, event: GatewayEvent, now: DateTime
    ) -> tuple[str, Order]:
        """The provider took an order's payment back (a chargeback).

        Whatever of it is still on the platform goes back: the escrow of an open order (which is
        cancelled), the seller's earnings in clearance or in their balance, the platform's
        commission and fees. What already left — withdrawn, spent, or refunded to the card before
        — becomes a debt of whoever received it, repaid from their next earnings.
        """
        outcome, handled = super()._on_order_reversal(uow, order, event, now)
        if outcome != "ignored":
            return outcome, handled
        cause = f"order:{order.id}"
        if uow.ledger.has_entry(f"{cause}:reversal"):
            return "duplicate", order
        plan = prules.plan_clawback(
            uow.ledger, cause, order.currency, refunds_owed_by=order.buyer_id
        )
        if plan is None:
            return "ignored", order  # paid from the wallet or never paid: no charge to reverse
        if event.amount is not None and event.amount != plan.charged:
            raise AmountMismatch(
                event,
                plain(plan.charged),
                f"the provider reversed {plain(event.amount)} of order {order.id}, which was "
                f"charged {plain(plan.charged)}; partial reversals are reconciled by hand",
            )
        new = order
        if order.state in OPEN:
            new = self._close_reversed(uow, order, now)
        elif plan.from_pending and not order.cleared and order.clears_at is not None:
            new = orules.evolve(order, clears_at=None, version=order.version + 1)
        if new is not order:
            uow.orders.save(new)
        self._apply_clawback(uow, plan, now)
        return "applied", new

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
            self._tell_user(
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

    def _apply_clawback(self, uow: UnitOfWork, plan: prules.Clawback, now: DateTime) -> None:
        prules.post_clawback(uow.ledger, plan, now)
        repo = _debts(uow)
        nothing = zero(plan.charged.currency)
        for user_id, amount in plan.debts:
            debt = Debt(repo.next_id(), user_id, plan.cause, amount, nothing, DebtState.OPEN, now)
            repo.add(debt)
            uow.emit(events.DebtOpened(now, SYSTEM, debt.id, user_id, plan.cause, amount))
            self._tell_user(
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
                now, SYSTEM, plan.cause, plan.charged, plan.recovered, plan.unrecovered
            )
        )

    def _funds_available(self, uow: UnitOfWork, user_id: str, currency: str, now: DateTime) -> None:
        """Money landed in the user's balance: repay their open debts from it first."""
        owed = self._open_debts(uow, user_id, currency)
        if owed:
            repo = _debts(uow)
            book = uow.ledger
            wallet = accounts.available(user_id)
            for debt in sorted(owed, key=lambda d: (d.opened_at, d.id)):
                have = book.balance(wallet, currency)
                if have.amount <= 0:
                    break
                pay = min(have, debt.remaining)
                prules.post_repayment(book, debt, pay, now)
                repaid = debt.repaid + pay
                settled = repaid == debt.amount
                repo.save(
                    attrs.evolve(
                        debt,
                        repaid=repaid,
                        repayments=debt.repayments + 1,
                        state=DebtState.SETTLED if settled else DebtState.OPEN,
                        settled_at=now if settled else None,
                        version=debt.version + 1,
                    )
                )
                uow.emit(
                    events.DebtRepaid(now, SYSTEM, debt.id, user_id, pay, debt.amount - repaid)
                )
                if settled:
                    self._tell_user(
                        uow, user_id, "debt.settled", f"debt:{debt.id}", "Your debt is repaid", now
                    )
        super()._funds_available(uow, user_id, currency, now)

    def _other_gateway_event(
        self, uow: UnitOfWork, kind: str, subject_id: str, event: GatewayEvent, now: DateTime
    ) -> str:
        if kind == "deposit":
            return self._deposit_event(uow, subject_id, event, now)
        if kind == "payout":
            return self._payout_event(uow, subject_id, event, now)
        return super()._other_gateway_event(uow, kind, subject_id, event, now)

    def _due_extra(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        """Approved payouts whose hand-over to the provider timed out are sent again."""
        moves, errors = super()._due_extra(at)
        with self._uow() as uow:
            waiting = [p.id for p in _payouts(uow).where(state=P.APPROVED)]
        for payout_id in waiting:
            try:
                after = self._send_payout(payout_id)
            except MarketplaceError as exc:
                errors.append(f"payout {payout_id}: {exc}")
                continue
            if after.state != P.APPROVED:
                moves["payout_sent"] = moves.get("payout_sent", 0) + 1
        return moves, errors

    # -- queries -----------------------------------------------------------------------------------
    def deposit(self, deposit_id: str, *, viewer: Viewer) -> Deposit:
        with self._uow() as uow:
            deposit = _deposits(uow).get(deposit_id)
            self._check_viewer(uow, viewer, (deposit.user_id,), f"deposit {deposit_id}")
            return deposit

    def deposits(self, user_id: str, *, viewer: Viewer) -> list[Deposit]:
        """The user's deposits, oldest first."""
        with self._uow() as uow:
            self._check_viewer(uow, viewer, (user_id,), f"the deposits of {user_id!r}")
            return _deposits(uow).where(user_id=user_id)

    def payout(self, payout_id: str, *, viewer: Viewer) -> PayoutRequest:
        with self._uow() as uow:
            payout = _payouts(uow).get(payout_id)
            self._check_viewer(uow, viewer, (payout.user_id,), f"payout {payout_id}")
            return payout

    def payouts(self, user_id: str, *, viewer: Viewer) -> list[PayoutRequest]:
        """The user's payout requests, oldest first."""
        with self._uow() as uow:
            self._check_viewer(uow, viewer, (user_id,), f"the payouts of {user_id!r}")
            return _payouts(uow).where(user_id=user_id)

    def payouts_to_review(self, admin: str) -> list[PayoutRequest]:
        """The admin's queue: held payouts first, then requests waiting for approval."""
        with self._uow() as uow:
            self._require_admin(uow, admin, "see the payout queue")
            repo = _payouts(uow)
            return [*repo.where(state=P.HELD_FOR_REVIEW), *repo.where(state=P.REQUESTED)]

    def debts(self, user_id: str, *, viewer: Viewer) -> list[Debt]:
        """The user's debts after reversed payments, open and settled, oldest first."""
        with self._uow() as uow:
            self._check_viewer(uow, viewer, (user_id,), f"the debts of {user_id!r}")
            return _debts(uow).where(user_id=user_id)

    def statement(
        self,
        user_id: str,
        currency: str | None = None,
        start: DateTime | None = None,
        end: DateTime | None = None,
        *,
        viewer: Viewer,
        period: str = "month",
    ) -> Statement:
        """The cash account's transaction history (seed 001): every entry with the running
        balance, totals per ``period`` (day, week, month, year), opening and closing balance,
        from ``start`` (inclusive) to ``end`` (exclusive)."""
        code = currency_of(currency or self.policy.currency).code
        for label, value in (("start", start), ("end", end)):
            if value is not None and not isinstance(value, datetime):
                raise ValidationError(f"{label} must be a datetime, got {type(value).__name__}")
        with self._uow() as uow:
            uow.users.get(user_id)
            self._check_viewer(uow, viewer, (user_id,), f"the statement of {user_id!r}")
            entries = uow.ledger.entries_for(accounts.available(user_id), code)
        return prules.build_statement(
            user_id,
            accounts.available(user_id),
            code,
            entries,
            start=start,
            end=end,
            period=period,
        )

    def payout_projection(
        self, seller_id: str, method_id: str | None = None, *, viewer: Viewer
    ) -> PayoutProjection:
        """Per order still on its way to the seller's balance: gross, commission, payout fee,
        net, when it should become available and when it would arrive with the method
        (``method_id``, by default the seller's first one). Dates of orders not yet accepted are
        estimates: the due date (or the auto-completion date once delivered) plus clearance."""
        code = self.policy.currency
        with self._uow() as uow:
            uow.users.get(seller_id)
            self._check_viewer(uow, viewer, (seller_id,), f"the payouts of {seller_id!r}")
            methods = _methods(uow)
            kind: str | None = None
            if method_id is not None:
                kind = self._own_method(methods, seller_id, method_id).method.kind
            else:
                mine = [m for m in methods.where(user_id=seller_id) if m.active]
                kind = mine[0].method.kind if mine else None
            selling = uow.orders.for_user(seller_id, "seller")
            available_now = uow.ledger.balance(accounts.available(seller_id), code)
        now = self.clock.now()
        rows = [
            row
            for order in selling
            if order.currency == code
            and (row := self._projection_row(order, kind, now)) is not None
        ]
        return PayoutProjection(seller_id, code, kind, available_now, tuple(rows))

    def _projection_row(
        self, order: Order, kind: str | None, now: DateTime
    ) -> ProjectionRow | None:
        policy = order.policy
        if policy.payment_mode is PaymentMode.DIRECT or order.state in (
            S.AWAITING_PAYMENT,
            S.CANCELLED,
        ):
            return None
        accepted_at: DateTime | None
        available_at: DateTime | None
        if order.state == S.COMPLETED:
            if order.cleared or order.clears_at is None:
                return None  # already in the balance (or taken back by a reversal)
            assert order.commission is not None
            assert order.seller_amount is not None
            commission, part, available_at = order.commission, order.seller_amount, order.clears_at
        else:
            part = order.expected_seller_amount
            commission = order.price - part
            if order.state == S.DELIVERED:
                accepted_at = order.auto_complete_at or now
            elif order.state in (S.ACTIVE, S.LATE):
                accepted_at = max(order.due_at or now, now)
            elif order.state == S.PENDING:
                accepted_at = add_days(
                    now, order.delivery_days, business=policy.timers_in_business_days
                )
            else:  # disputed: an admin decides when
                accepted_at = None
            available_at = (
                None
                if accepted_at is None
                else add_days(
                    accepted_at, policy.clearance_days, business=policy.clearance_in_business_days
                )
            )
        fees = zero(order.currency)
        arrival_at = None
        if kind is not None:
            fees = min(prules.payout_fee(self.policy, kind, part), part)
            if available_at is not None:
                arrival_at = prules.expected_arrival(self.policy, kind, max(available_at, now))
        return ProjectionRow(
            order.id,
            order.title,
            order.state,
            order.price,
            commission,
            fees,
            part - fees,
            available_at,
            arrival_at,
        )
