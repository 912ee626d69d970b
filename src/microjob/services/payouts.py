"""Wallet commands of the Marketplace facade: deposits, payout methods, payouts, reversals.

See [`microjob.payouts`][microjob.payouts] for the rules. Every command runs in one unit of work and
every money move is a ledger entry with a deterministic key (``deposit:ID:confirm``,
``payout:ID:reserve``, ``order:ID:reversal``, ...) under a cause (``deposit:ID``, ``payout:ID``,
``order:ID``, ``debt:ID``), so a refused command changes nothing and a duplicated webhook posts
nothing twice. Provider calls (the deposit's charge, the payout's transfer) happen after the
commit of the command that needs them; their outcome comes back as another command, exactly as
for orders.
"""

from __future__ import annotations

from decimal import Decimal

from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob import ledger as accounts
from microjob import payouts as prules
from microjob.context import Context, stop_at_busy
from microjob.errors import (
    Busy,
    InsufficientFunds,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)
from microjob.inbox import AmountMismatch, EventRefused
from microjob.lifecycle import Role
from microjob.logs import command
from microjob.money import plain, zero
from microjob.orders import Order, OrderState
from microjob.payouts import (
    MaskedMethod,
    PayoutMethod,
    PayoutProjection,
    PayoutRequest,
    PayoutState,
    ProjectionRow,
    SourceProblem,
    Step,
)
from microjob.policies import PaymentMode
from microjob.ports import GatewayEvent, RecordRepository, UnitOfWork
from microjob.services.chargebacks import open_debts, tell_user
from microjob.services.payout_methods import PayoutMethods, methods_repo, own_method
from microjob.services.wallet import require_admin, trace, wallet_amount
from microjob.timecalc import add_days
from microjob.users import BACK_OFFICE, SYSTEM, Viewer

__all__ = ["PayoutService"]

P = PayoutState
S = OrderState

_PAYOUT_SENT = frozenset({"payout.sent", "payout.pending", "payout.created"})
_PAYOUT_FAILED = frozenset({"payout.failed", "payout.returned"})


def _payouts(uow: UnitOfWork) -> RecordRepository[PayoutRequest]:
    return uow.records("payout", PayoutRequest, index=("user_id", "state"))


class PayoutService:
    """Payout methods and payouts: request, review, approve, send, retry."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.payout_methods = PayoutMethods(ctx)
        """The users' stored payout details."""

    # -- payout methods ----------------------------------------------------------------------------
    @command
    def add_method(self, *, actor: str, method: PayoutMethod) -> MaskedMethod:
        """Store the user's payout details (MicrojobEngine: complete them before withdrawing).

        ``method`` is [`PayPal`][microjob.payouts.PayPal] or
        [`BankAccount`][microjob.payouts.BankAccount], validated when built. Adding the same details
        again returns the method already stored. Only the masked view comes back.
        """
        return self.payout_methods.add(actor, method)

    @command
    def remove_method(self, method_id: str, *, actor: str) -> MaskedMethod:
        """The user removes a method; payouts already requested with it still use it."""
        return self.payout_methods.remove(method_id, actor)

    def methods(self, user_id: str, *, viewer: Viewer) -> list[MaskedMethod]:
        """The user's active payout methods, masked (kind and last four characters)."""
        return self.payout_methods.active(user_id, viewer)

    # -- payouts -----------------------------------------------------------------------------------
    @command
    def request(
        self, *, actor: str, method_id: str, amount: Money | Decimal | str | int
    ) -> PayoutRequest:
        """The user asks to withdraw ``amount`` from their available balance.

        Refused unless the method is theirs and complete, the minimum is met (by the amount, or
        by the available balance under ``payout_minimum_applies_to="balance"``, Jobindoor), the
        amount is more than its fee, no debt is open, and that much is available.
        The amount moves to ``user:{id}:payout`` at once, so a second request cannot spend it
        again. Up to the policy's ``payout_auto_approve_limit`` the request is approved (or
        held) by the system right away and sent to the provider.
        """
        value = wallet_amount(self.ctx, amount, "payout amount")
        code = value.currency.code
        with self.ctx.uow() as uow:
            uow.users.get(actor)
            stored = own_method(methods_repo(uow), actor, method_id)
            kind = stored.method.kind
            book = uow.ledger
            have = book.balance(accounts.available(actor), code)
            owed = open_debts(uow, actor, code)
            if owed:
                total = prules.sum_money([d.remaining for d in owed], code)
                raise PolicyViolation(
                    f"{actor} owes {plain(total)} after a reversed payment; it is repaid from "
                    "the next earnings first, and no payout is possible until then"
                )
            fee = prules.payout_terms(self.ctx.policy, kind, value, have)
            if value > have:
                raise InsufficientFunds(
                    f"the available balance is {plain(have)}; a payout of {plain(value)} needs "
                    "that much available (earnings in clearance and reserved payouts do not count)"
                )
            now = self.ctx.clock.now()
            repo = _payouts(uow)
            payout = PayoutRequest(
                id=repo.next_id(),
                user_id=actor,
                method_id=stored.id,
                method_kind=kind,
                last4=stored.method.last4,
                amount=value,
                fee=fee,
                state=P.REQUESTED,
                requested_at=now,
                history=(Step(now, "request", actor, "", P.REQUESTED),),
            )
            repo.add(payout)
            prules.post_reserve(book, payout, now)
            uow.emit(
                events.PayoutRequested(now, actor, payout.id, actor, value, kind, payout.last4, fee)
            )
            limit = self.ctx.policy.payout_auto_approve_limit
            if limit is not None and value <= limit:
                payout = self._decide(uow, payout, Role.SYSTEM, SYSTEM, now, automatic=True)
            self.ctx.commit(uow)
        if payout.state == P.APPROVED:
            return self._send_payout(payout.id)
        return payout

    @command
    def approve(self, payout_id: str, *, actor: str, reviewed: bool = False) -> PayoutRequest:
        """An admin approves a payout request; it is sent to the provider at once. It either
        approves or raises: it never returns a payout it did not approve.

        The source of funds is verified first (Web Park): if the money does not trace back to
        confirmed deposits and charges, the approval is refused with the offending entries
        listed, and nothing changes; approve again with ``reviewed=True`` once those entries are
        checked, or reject the payout. While the user owes a debt no payout is approved at all.
        (A payout the system decided on by itself — automatic approval — is *held for review*
        instead; it is approved the same way.)
        """
        with self.ctx.uow() as uow:
            require_admin(self.ctx, uow, actor, "approve payouts")
            repo = _payouts(uow)
            payout = repo.get(payout_id)
            now = self.ctx.clock.now()
            if payout.state == P.HELD_FOR_REVIEW:
                if not reviewed:
                    listed = "; ".join(str(p) for p in payout.review) or "no entries listed"
                    raise PolicyViolation(
                        f"payout {payout.id} is held for review ({listed}); approve it with "
                        "reviewed=True once you have checked these, or reject it"
                    )
                owed = open_debts(uow, payout.user_id, payout.currency)
                if owed:
                    raise PolicyViolation(
                        f"{payout.user_id} owes {plain(owed[0].remaining)} ({owed[0].cause}); "
                        "reject the payout instead: its money then repays the debt"
                    )
                new = self._approve(uow, payout, "release", Role.ADMIN, actor, now, "reviewed")
            else:
                prules.PAYOUT_LIFECYCLE.check(payout.state, "approve", Role.ADMIN)
                problems = self._problems(uow, payout)
                owed = open_debts(uow, payout.user_id, payout.currency)
                if owed:
                    raise PolicyViolation(
                        f"{payout.user_id} owes {plain(owed[0].remaining)} ({owed[0].cause}); "
                        "reject the payout instead: its money then repays the debt"
                    )
                if problems and not reviewed:
                    listed = "; ".join(str(p) for p in problems)
                    raise PolicyViolation(
                        f"payout {payout.id}: the source of funds is not confirmed ({listed}); "
                        "approve it with reviewed=True once you have checked these, or reject it"
                    )
                new = self._approve(
                    uow, payout, "approve", Role.ADMIN, actor, now, "reviewed" if problems else ""
                )
            self.ctx.commit(uow)
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
        """Verify the source of funds and open debts, then approve or hold (the system's own
        decision: an admin's approval raises instead, see
        [`approve`][microjob.services.payouts.PayoutService.approve])."""
        problems = self._problems(uow, payout)
        if not problems:
            return self._approve(uow, payout, "approve", role, actor, now, "", automatic=automatic)
        return self._hold(uow, payout, problems, role, actor, now, automatic=automatic)

    def _problems(self, uow: UnitOfWork, payout: PayoutRequest) -> list[SourceProblem]:
        """Open debts and money that does not trace back to confirmed deposits and charges."""
        problems = [
            SourceProblem(
                d.user_id,
                f"{d.cause}:reversal",
                f"debt:{d.id}",
                d.remaining,
                "owed after a reversed payment",
            )
            for d in open_debts(uow, payout.user_id, payout.currency)
        ]
        problems.extend(trace(uow, payout.user_id, payout.currency).problems)
        return problems

    def _hold(
        self,
        uow: UnitOfWork,
        payout: PayoutRequest,
        problems: list[SourceProblem],
        role: Role,
        actor: str,
        now: DateTime,
        *,
        automatic: bool,
    ) -> PayoutRequest:
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
        tell_user(
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
        # Read where the money goes before approving: once approved, a payout is sent (after
        # the commit) and can no longer be rejected, so one whose method cannot be read (a
        # record edited by hand, or stored under older rules) would stay approved and unsent
        # for good, its money reserved. Refused here, it can still be rejected.
        try:
            methods_repo(uow).get(payout.method_id).method.destination()
        except NotFound:
            raise
        except Exception as exc:
            raise ValidationError(
                f"payout {payout.id}: its payout method {payout.method_id} cannot be read "
                f"({type(exc).__name__}: {exc}); reject the payout (its money goes back to the "
                "user) and ask them to add the method again"
            ) from exc
        expected = prules.expected_arrival(self.ctx.policy, payout.method_kind, now)
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
        tell_user(
            uow,
            new.user_id,
            "payout.approved",
            new.cause,
            f"Your payout of {plain(new.net)} is approved; expected by {expected.to_date_string()}",
            now,
        )
        return new

    @command
    def reject(self, payout_id: str, *, actor: str, reason: str) -> PayoutRequest:
        """An admin refuses a requested or held payout: the whole amount is available again."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("say why the payout is rejected (reason is required)")
        with self.ctx.uow() as uow:
            require_admin(self.ctx, uow, actor, "reject payouts")
            payout = _payouts(uow).get(payout_id)
            new = self._give_back(uow, payout, "reject", Role.ADMIN, actor, reason.strip())
            self.ctx.commit(uow)
        return new

    @command
    def cancel(self, payout_id: str, *, actor: str) -> PayoutRequest:
        """The user takes back a payout request that was not approved yet."""
        with self.ctx.uow() as uow:
            payout = _payouts(uow).get(payout_id)
            if payout.user_id != actor:
                raise PermissionDenied(f"payout {payout_id} is not {actor}'s to cancel")
            new = self._give_back(uow, payout, "cancel", Role.OWNER, actor, "cancelled")
            self.ctx.commit(uow)
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
        now = self.ctx.clock.now()
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
        tell_user(
            uow,
            new.user_id,
            f"payout.{new.state}",
            new.cause,
            f"Your payout of {plain(new.amount)} was {new.state} ({reason}); "
            "the amount is back in your balance",
            now,
        )
        self.ctx.funds_available(uow, (new.user_id,), new.currency, now)
        return new

    def _send_payout(self, payout_id: str) -> PayoutRequest:
        """Hand an approved payout to the provider (after the approval committed)."""
        with self.ctx.reads() as uow:
            payout = _payouts(uow).get(payout_id)
            if payout.state != P.APPROVED:
                return payout
            destination = methods_repo(uow).get(payout.method_id).method.destination()
        subject = payout.cause
        try:
            result = self.ctx.gateway.payout(subject, payout.net, destination, f"{subject}:send")
        except Exception:
            # Unknown outcome: it stays approved and is sent again under the same idempotency
            # key by run_due / retry_payouts, so the provider pays at most once.
            return payout
        kind = {"succeeded": "payout.paid", "failed": "payout.failed"}.get(
            result.status, "payout.sent"
        )
        self.ctx.apply_provider_event(
            GatewayEvent(
                f"sync:{subject}:{result.reference}",
                kind,
                subject,
                payout.net if kind == "payout.paid" else None,
                result.reference,
                result.reason,
            )
        )
        return self.get(payout_id, viewer=BACK_OFFICE)

    def retry(self) -> int:
        """Send every approved payout the provider has not taken yet; returns how many remain."""
        with self.ctx.reads() as uow:
            waiting = [p.id for p in _payouts(uow).where(state=P.APPROVED)]
        return sum(1 for pid in waiting if self._send_payout(pid).state == P.APPROVED)

    def on_gateway_event(
        self, uow: UnitOfWork, payout_id: str, event: GatewayEvent, now: DateTime
    ) -> tuple[str, object]:
        """A provider event about a payout (the wiring's ``gateway_routes``)."""
        return self._payout_event(uow, payout_id, event, now), None

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
                # Never sent, or its amount already given back to the balance (it failed or
                # was returned): if the provider paid it after all, the user may have the money
                # twice. An "ignored" would bury that; keep it for an operator to reconcile.
                raise EventRefused(
                    event,
                    f"payout {payout.id} {payout.state}",
                    "refused",
                    f"the provider reports payout {payout.id} paid, but it is {payout.state} "
                    f"and its {plain(payout.amount)} is in the user's balance: the user may "
                    "have been paid twice; reconcile it by hand",
                )
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
            tell_user(
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
            tell_user(
                uow,
                new.user_id,
                "payout.failed",
                new.cause,
                f"Your payout of {plain(new.amount)} failed ({reason}); it is back in your balance",
                now,
            )
            self.ctx.funds_available(uow, (new.user_id,), new.currency, now)
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

    def due(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        """Approved payouts whose hand-over to the provider timed out are sent again."""
        moves: dict[str, int] = {}
        errors: list[str] = []
        with self.ctx.reads() as uow:
            waiting = [p.id for p in _payouts(uow).where(state=P.APPROVED)]
        for payout_id in waiting:
            try:
                after = self._send_payout(payout_id)
            except Busy as exc:  # the database is locked: no item moves now
                stop_at_busy(exc, bool(moves), errors, f"payout {payout_id}")
                break
            except MarketplaceError as exc:
                errors.append(f"payout {payout_id}: {exc}")
                continue
            if after.state != P.APPROVED:
                moves["payout_sent"] = moves.get("payout_sent", 0) + 1
        return moves, errors

    # -- queries -----------------------------------------------------------------------------------
    def get(self, payout_id: str, *, viewer: Viewer) -> PayoutRequest:
        with self.ctx.reads() as uow:
            payout = _payouts(uow).get(payout_id)
            self.ctx.check_viewer(uow, viewer, (payout.user_id,), f"payout {payout_id}")
            return payout

    def of_user(self, user_id: str, *, viewer: Viewer) -> list[PayoutRequest]:
        """The user's payout requests, oldest first."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the payouts of {user_id!r}")
            return _payouts(uow).where(user_id=user_id)

    def to_review(self, *, viewer: str) -> list[PayoutRequest]:
        """The admin's queue: held payouts first, then requests waiting for approval."""
        with self.ctx.reads() as uow:
            require_admin(self.ctx, uow, viewer, "see the payout queue")
            repo = _payouts(uow)
            return [*repo.where(state=P.HELD_FOR_REVIEW), *repo.where(state=P.REQUESTED)]

    def projection(
        self, seller_id: str, method_id: str | None = None, *, viewer: Viewer
    ) -> PayoutProjection:
        """Per order still on its way to the seller's balance: gross, commission, payout fee,
        net, when it should become available and when it would arrive with the method
        (``method_id``, by default the seller's first one). Dates of orders not yet accepted are
        estimates: the due date (or the auto-completion date once delivered) plus clearance."""
        code = self.ctx.policy.currency
        with self.ctx.reads() as uow:
            uow.users.get(seller_id)
            self.ctx.check_viewer(uow, viewer, (seller_id,), f"the payouts of {seller_id!r}")
            methods = methods_repo(uow)
            kind: str | None = None
            if method_id is not None:
                kind = own_method(methods, seller_id, method_id).method.kind
            else:
                mine = [m for m in methods.where(user_id=seller_id) if m.active]
                kind = mine[0].method.kind if mine else None
            selling = uow.orders.for_user(seller_id, "seller")
            available_now = uow.ledger.balance(accounts.available(seller_id), code)
        now = self.ctx.clock.now()
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
                    now,
                    order.delivery_days,
                    business=policy.timers_in_business_days,
                    holidays=policy.holidays,
                )
            else:  # disputed: an admin decides when
                accepted_at = None
            available_at = (
                None
                if accepted_at is None
                else add_days(
                    accepted_at,
                    policy.clearance_days,
                    business=policy.clearance_in_business_days,
                    holidays=policy.holidays,
                )
            )
        fees = zero(order.currency)
        arrival_at = None
        if kind is not None:
            fees = min(prules.payout_fee(self.ctx.policy, kind, part), part)
            if available_at is not None:
                arrival_at = prules.expected_arrival(self.ctx.policy, kind, max(available_at, now))
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
