"""The wallet: balances, deposits, statements, the source of funds; chargebacks and debts
through [`Chargebacks`][microjob.services.chargebacks.Chargebacks].

A user's money on the platform, in its buckets ([`Balances`][microjob.services.wallet.Balances]):
what they put in (deposits, confirmed by the provider or an admin), what they owe when a charge is
reversed (debts, repaid first from any money that becomes available), and the statement of it all.
Taking money *out* is `microjob.services.payouts`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob import ledger as accounts
from microjob import payouts as prules
from microjob.context import Context
from microjob.errors import (
    PermissionDenied,
    ValidationError,
)
from microjob.inbox import AmountMismatch, EventRefused
from microjob.intake import clean_text
from microjob.lifecycle import Role
from microjob.logs import command
from microjob.money import as_money, currency_of, plain, require_positive, zero
from microjob.orders import OPEN, OrderState
from microjob.payouts import (
    Debt,
    DebtState,
    Deposit,
    DepositState,
    SourceCheck,
    Statement,
    Step,
)
from microjob.policies import PaymentMode
from microjob.ports import GatewayEvent, RecordRepository, UnitOfWork
from microjob.services.chargebacks import Chargebacks, debts_repo, tell_user
from microjob.users import BACK_OFFICE, SYSTEM, Viewer

__all__ = ["Balances", "WalletService", "balances_of"]

DS = DepositState
S = OrderState

_DEPOSIT_OK = frozenset({"charge.succeeded", "deposit.succeeded", "deposit.confirmed"})
_DEPOSIT_FAILED = frozenset({"charge.failed", "deposit.failed", "deposit.rejected"})
_DEPOSIT_REVERSED = frozenset({"charge.reversed", "deposit.reversed"})
_DEPOSIT_PENDING = frozenset({"charge.pending", "deposit.pending"})


def _deposits(uow: UnitOfWork) -> RecordRepository[Deposit]:
    return uow.records("deposit", Deposit, index=("user_id", "state"))


@attrs.frozen
class Balances:
    """A user's money by bucket (Jobindoor's "in progress" next to "available").

    ``in_open_orders``: what the user will earn from their open orders as a seller, not yet
    theirs; ``clearing``: earned, waiting for the clearance period; ``available``: spendable and
    withdrawable; ``reserved``: held by payout requests; ``incoming``: deposits awaiting
    confirmation; ``in_escrow``: what the user paid into their open orders as a buyer.
    """

    user_id: str
    currency: str
    in_open_orders: Money
    clearing: Money
    available: Money
    reserved: Money
    incoming: Money
    in_escrow: Money


def wallet_amount(ctx: Context, value: object, what: str) -> Money:
    """An amount entering or leaving a wallet: exact, positive, in the marketplace's
    currency (floats, NaN, over-precise and foreign amounts are refused)."""
    amount = require_positive(as_money(value, ctx.policy.currency, what=what), what)
    ctx.policy.check_currency(amount, what)
    return amount


def require_admin(ctx: Context, uow: UnitOfWork, actor: str, what: str) -> None:
    if not ctx.is_admin(uow, actor):
        raise PermissionDenied(f"only an admin may {what}; {actor!r} is not an admin")


def balances_of(uow: UnitOfWork, user_id: str, code: str) -> Balances:
    """A user's money by bucket in one currency, read inside the caller's unit of work."""
    book = uow.ledger
    selling = uow.orders.for_user(user_id, "seller", OPEN)
    buying = uow.orders.for_user(user_id, "buyer", OPEN)
    in_open_orders = zero(code)
    for order in selling:
        if order.currency == code and order.policy.payment_mode is PaymentMode.ESCROW:
            in_open_orders += order.expected_seller_amount
    in_escrow = zero(code)
    for order in buying:
        if order.currency == code:
            in_escrow += book.balance(accounts.escrow(order.id), code)
    return Balances(
        user_id=user_id,
        currency=code,
        in_open_orders=in_open_orders,
        clearing=book.balance(accounts.pending(user_id), code),
        available=book.balance(accounts.available(user_id), code),
        reserved=book.balance(accounts.payout(user_id), code),
        incoming=book.balance(accounts.incoming(user_id), code),
        in_escrow=in_escrow,
    )


def trace(uow: UnitOfWork, user_id: str, currency: str) -> SourceCheck:
    """Where the user's available money came from, and what of it is not theirs to take out."""
    debts = debts_repo(uow)

    def unrecovered(cause: str) -> bool:
        return bool(debts.where(cause=cause, state=DebtState.OPEN))

    return prules.trace_sources(uow.ledger, user_id, currency, unrecovered=unrecovered)


def _note_provider(
    repo: RecordRepository[Deposit], deposit: Deposit, status: str, event: GatewayEvent
) -> None:
    """Write down what the provider said about a deposit's charge, and its reference, without
    moving money (the state the deposit is in decides what the answer does)."""
    repo.save(
        attrs.evolve(
            deposit,
            provider_status=status,
            reference=event.reference or deposit.reference,
            version=deposit.version + 1,
        )
    )


class WalletService:
    """Balances, deposits, statements, chargebacks and debts."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.chargebacks = Chargebacks(ctx)
        """Chargebacks and debts (the wiring's ``order_reversal`` and ``funds_available``)."""

    def balances(self, user_id: str, currency: str | None = None, *, viewer: Viewer) -> Balances:
        """The user's money by bucket, in the marketplace's currency unless told otherwise
        (for the user, an admin or `BACK_OFFICE`)."""
        code = currency or self.ctx.policy.currency
        with self.ctx.reads() as uow:
            uow.users.get(user_id)
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the balances of {user_id!r}")
            return balances_of(uow, user_id, code)

    # -- deposits ----------------------------------------------------------------------------------
    @command
    def announce_deposit(
        self,
        *,
        actor: str,
        amount: Money | Decimal | str | int,
        through_gateway: bool = True,
        reference: str = "",
    ) -> Deposit:
        """The user puts money into their cash account.

        The amount waits in ``user:{id}:incoming`` (visible, not spendable). Through the gateway
        the provider is charged after the commit, like an order's payment: a confirmed charge
        confirms the deposit, unless the policy's ``deposit_review`` asks an admin to reconcile
        every deposit by hand (Web Park). ``through_gateway=False`` is money sent outside the
        gateway (a bank wire with ``reference``), which only an admin can confirm.
        """
        value = wallet_amount(self.ctx, amount, "deposit")
        # One deposit is held to the largest order: an unbounded announcement could fill the
        # outside world's account and block every other payment on the platform.
        self.ctx.policy.check_bounds(price=value, what="deposit")
        reference = clean_text(reference, "reference", limit=200, single_line=True)
        with self.ctx.uow() as uow:
            uow.users.get(actor)
            now = self.ctx.clock.now()
            repo = _deposits(uow)
            deposit = Deposit(
                id=repo.next_id(),
                user_id=actor,
                amount=value,
                state=DS.ANNOUNCED,
                announced_at=now,
                through_gateway=through_gateway,
                reference=reference,
                provider_status="pending" if through_gateway else "",
                history=(Step(now, "announce", actor, "", DS.ANNOUNCED, reference),),
            )
            repo.add(deposit)
            prules.post_deposit_announced(uow.ledger, deposit, now)
            uow.emit(events.DepositAnnounced(now, actor, deposit.id, actor, value, through_gateway))
            self.ctx.commit(uow)
        if through_gateway:
            self._charge_deposit(deposit)
        return self.deposit(deposit.id, viewer=BACK_OFFICE)

    def _charge_deposit(self, deposit: Deposit) -> None:
        subject = deposit.cause
        try:
            result = self.ctx.gateway.charge(subject, deposit.amount, f"{subject}:charge")
        except Exception:
            # The outcome is unknown: a webhook will tell, or an admin reconciles it by hand.
            return
        kind = {"succeeded": "charge.succeeded", "failed": "charge.failed"}.get(
            result.status, "charge.pending"
        )
        try:
            self.ctx.apply_provider_event(
                GatewayEvent(
                    f"sync:{subject}:{result.reference}",
                    kind,
                    subject,
                    result.told(deposit.amount) if kind == "charge.succeeded" else None,
                    result.reference,
                    result.reason,
                )
            )
        except EventRefused:
            # Another amount than asked: kept for an operator (logged when it was kept); the
            # deposit stays as announced until they reconcile it.
            return

    @command
    def confirm_deposit(self, deposit_id: str, *, actor: str, reference: str = "") -> Deposit:
        """An admin checked the deposit against the provider's (or bank's) receipts (Web Park):
        the money moves from ``incoming`` to ``available``."""
        with self.ctx.uow() as uow:
            require_admin(self.ctx, uow, actor, "confirm deposits")
            deposit = _deposits(uow).get(deposit_id)
            new = self._confirm_deposit(
                uow, deposit, Role.ADMIN, actor, self.ctx.clock.now(), reference
            )
            self.ctx.commit(uow)
        return new

    @command
    def reject_deposit(self, deposit_id: str, *, actor: str, reason: str) -> Deposit:
        """An admin found no such money at the provider: the announced amount is dropped."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("say why the deposit is rejected (reason is required)")
        with self.ctx.uow() as uow:
            require_admin(self.ctx, uow, actor, "reject deposits")
            deposit = _deposits(uow).get(deposit_id)
            new = self._reject_deposit(
                uow, deposit, Role.ADMIN, actor, self.ctx.clock.now(), reason.strip()
            )
            self.ctx.commit(uow)
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
        tell_user(
            uow,
            new.user_id,
            "deposit.confirmed",
            new.cause,
            f"Your deposit of {plain(new.amount)} is in your balance",
            now,
        )
        self.ctx.funds_available(uow, (new.user_id,), new.currency, now)
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
        tell_user(
            uow,
            new.user_id,
            "deposit.rejected",
            new.cause,
            f"Your deposit of {plain(new.amount)} was not received: {reason}",
            now,
        )
        return new

    def on_gateway_event(
        self, uow: UnitOfWork, deposit_id: str, event: GatewayEvent, now: DateTime
    ) -> tuple[str, object]:
        """A provider event about a deposit (the wiring's ``gateway_routes``)."""
        return self._deposit_event(uow, deposit_id, event, now), None

    def _deposit_event(
        self, uow: UnitOfWork, deposit_id: str, event: GatewayEvent, now: DateTime
    ) -> str:
        repo = _deposits(uow)
        deposit = repo.get(deposit_id)
        if not deposit.through_gateway:
            # Money sent outside the gateway (a bank wire) is confirmed by an admin only: the
            # provider was never asked to charge it, so its word on it is kept for an operator
            # rather than confirming (or rejecting) the deposit.
            raise EventRefused(
                event,
                f"deposit {deposit.id} outside the gateway",
                "refused",
                f"the provider reports {event.kind} for deposit {deposit.id}, which was sent "
                "outside the gateway and is confirmed by an admin only; reconcile it by hand",
            )
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
            # The provider took the money after all (a failed attempt, then a successful one;
            # or an admin rejected it before the provider answered). It is in no balance, so
            # an "ignored" would lose it silently: keep it for an operator to credit or refund.
            # (A repeat of the success an admin saw before rejecting is theirs to handle.)
            seen = deposit.provider_status == "succeeded" and event.reference == deposit.reference
            if (
                state == DS.REJECTED
                and deposit.provider_status == "reversed"
                and (not event.reference or event.reference == deposit.reference)
            ):
                # The reversal came first: the provider has this money back already, so its
                # success books nothing (as an order's does).
                return "reversed"
            if state == DS.REJECTED and not seen:
                raise EventRefused(
                    event,
                    f"deposit {deposit.id} rejected: {deposit.reason}",
                    "refused",
                    f"the provider reports a charge of {plain(deposit.amount)} for deposit "
                    f"{deposit.id}, which was rejected ({deposit.reason}); the money is with the "
                    "provider and in no balance: credit or refund it by hand",
                )
            if state == DS.CONFIRMED and deposit.provider_status != "succeeded":
                # An admin confirmed it before the provider answered: write the provider's
                # success down, so a stale failure notice told after it takes nothing back.
                _note_provider(repo, deposit, "succeeded", event)
                return "recorded"
            if state != DS.ANNOUNCED:
                return "duplicate" if state == DS.CONFIRMED else "ignored"
            if self.ctx.policy.deposit_review:
                _note_provider(repo, deposit, "succeeded", event)
                return "recorded"  # an admin confirms it after reconciling (Web Park)
            self._confirm_deposit(uow, deposit, Role.SYSTEM, SYSTEM, now, event.reference)
            return "applied"
        if (
            kind in _DEPOSIT_FAILED
            and state == DS.CONFIRMED
            and deposit.provider_status != "succeeded"
        ):
            # An admin confirmed the deposit before the provider answered (deposit_review), and
            # the provider declined the charge: the money never came, so it goes back out as a
            # reversed one would, rather than staying withdrawable.
            return self._take_back(uow, deposit, event, now, event.reason or "the payment failed")
        if kind in _DEPOSIT_FAILED or (kind in _DEPOSIT_REVERSED and state == DS.ANNOUNCED):
            if state != DS.ANNOUNCED:
                return "duplicate" if state in (DS.REJECTED, DS.REVERSED) else "ignored"
            reason = event.reason or (
                "the payment failed" if kind in _DEPOSIT_FAILED else "the payment was reversed"
            )
            reversed_first = kind in _DEPOSIT_REVERSED
            self._reject_deposit(
                uow,
                attrs.evolve(
                    deposit,
                    provider_status="reversed" if reversed_first else "failed",
                    reference=(event.reference or deposit.reference)
                    if reversed_first
                    else deposit.reference,
                ),
                Role.SYSTEM,
                SYSTEM,
                now,
                reason,
            )
            return "applied"
        if kind in _DEPOSIT_REVERSED:
            if state != DS.CONFIRMED:
                return "duplicate"
            return self._take_back(
                uow, deposit, event, now, event.reason or "reversed by the provider"
            )
        if kind in _DEPOSIT_PENDING and state == DS.ANNOUNCED:
            _note_provider(repo, deposit, "pending", event)
            return "recorded"
        return "ignored"

    def _take_back(
        self, uow: UnitOfWork, deposit: Deposit, event: GatewayEvent, now: DateTime, reason: str
    ) -> str:
        """A confirmed deposit's money did not stay with the provider: what is still in the
        wallet goes back to ``world``, the rest becomes the user's debt."""
        plan = prules.plan_clawback(
            uow.ledger, deposit.cause, deposit.currency, refunds_owed_by=None
        )
        assert plan is not None, "a confirmed deposit came from world"
        new = prules.move_deposit(
            deposit, "reverse", Role.SYSTEM, SYSTEM, now, event.reason, reason=reason
        )
        _deposits(uow).save(new)
        self.chargebacks.apply_clawback(uow, plan, now)
        return "applied"

    # -- source of funds ---------------------------------------------------------------------------
    def check_sources(
        self, user_id: str, currency: str | None = None, *, viewer: Viewer
    ) -> SourceCheck:
        """Trace the user's available money back to confirmed charges and deposits (what
        approval does before every payout), without changing anything."""
        code = currency_of(currency or self.ctx.policy.currency).code
        with self.ctx.reads() as uow:
            uow.users.get(user_id)
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the sources of {user_id!r}'s money")
            return trace(uow, user_id, code)

    def deposit(self, deposit_id: str, *, viewer: Viewer) -> Deposit:
        with self.ctx.reads() as uow:
            deposit = _deposits(uow).get(deposit_id)
            self.ctx.check_viewer(uow, viewer, (deposit.user_id,), f"deposit {deposit_id}")
            return deposit

    def deposits(self, user_id: str, *, viewer: Viewer) -> list[Deposit]:
        """The user's deposits, oldest first."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the deposits of {user_id!r}")
            return _deposits(uow).where(user_id=user_id)

    def to_review(self, *, viewer: Viewer) -> list[Deposit]:
        """The admin's queue: deposits announced and not yet confirmed or rejected, oldest
        first (for admins and `BACK_OFFICE`)."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (), "the deposits waiting for confirmation")
            waiting = _deposits(uow).where(state=DS.ANNOUNCED)
        return sorted(waiting, key=lambda d: (d.announced_at, d.id))

    def debts(self, user_id: str, *, viewer: Viewer) -> list[Debt]:
        """The user's debts after reversed payments, open and settled, oldest first."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the debts of {user_id!r}")
            return debts_repo(uow).where(user_id=user_id)

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
        """The cash account's transaction history (Web Park): every entry with the running
        balance, totals per ``period`` (day, week, month, year), opening and closing balance,
        from ``start`` (inclusive) to ``end`` (exclusive)."""
        code = currency_of(currency or self.ctx.policy.currency).code
        for label, value in (("start", start), ("end", end)):
            if value is not None and not isinstance(value, datetime):
                raise ValidationError(f"{label} must be a datetime, got {type(value).__name__}")
        with self.ctx.reads() as uow:
            uow.users.get(user_id)
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the statement of {user_id!r}")
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
