"""The operator's back office: revenue, the books, refunds still owed, and what needs a person.

Everything here is for admins (or trusted code passing `BACK_OFFICE`): the
platform's revenue by source, the ledger's self-check, the entries behind one subject, provider
events refused as conflicting, texts the contact filter flagged outside chat, and refunds to
buyers' payment methods that the provider has not taken yet — which this service also sends,
after the commit of the refund that owes them (an after-commit handler in
[`microjob.handlers`][microjob.handlers]), asks for again after a refusal, and, once the
provider refused one `MAX_REFUSALS` times, hands to an operator (`refused_refunds`,
`resend_refund`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob import ledger as accounts
from microjob.context import (
    COVERED,
    REFUSED,
    Context,
    PendingRefund,
    flagged_texts_repo,
    log,
    pending_refunds_repo,
)
from microjob.disputes import Dispute
from microjob.errors import (
    InvalidTransition,
    LedgerIntegrityError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from microjob.inbox import GatewayConflict, conflicts
from microjob.intake import FlaggedText
from microjob.integrity import Checkpoint, cross_check
from microjob.ledger import LedgerSummary
from microjob.logs import command
from microjob.payouts import PayoutState as P
from microjob.services.payouts import _payouts
from microjob.services.reputation import totals_of
from microjob.users import SYSTEM, Viewer

__all__ = ["AdminService", "OperatorDashboard"]


@attrs.frozen
class OperatorDashboard:
    """The operator's view: volume, revenue by source, queues, orders by state, refunds the
    provider refused for good."""

    currency: str
    gmv: Money
    completed_orders: int
    revenue: dict[str, Money]
    take_rate: Decimal | None
    orders_by_state: dict[str, int]
    open_disputes: int
    payouts_waiting: int
    settled_directly: Money
    """Of ``gmv``, what the parties of direct-mode orders settled between themselves (as they
    recorded it): volume the platform saw but whose money never passed through it."""
    refunds_refused: int = 0
    """Refunds to buyers' cards the provider refused for good, waiting for an operator
    ([`refused_refunds`][microjob.services.admin.AdminService.refused_refunds])."""


class AdminService:
    """Revenue, the ledger's check, conflicts, flagged texts, refunds still owed."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def revenue(self, currency: str | None = None, *, viewer: Viewer) -> dict[str, Money]:
        """The platform's revenue by source — ``commission``, ``buyer_fees``, ``booking_fees``,
        ``payout_fees``, ``dispute_fees``, ``subscriptions`` — read from the ledger's platform
        accounts (the words of [`Quote`][microjob.services.orders.Quote]'s ``platform_keeps``).
        Books written before revenue was kept by source also show their mixed ``fees``."""
        code = currency or self.ctx.policy.currency
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (), "the platform's revenue")
            revenue = {
                account.partition(":")[2]: uow.ledger.balance(account, code)
                for account in accounts.PLATFORM_ACCOUNTS
            }
            mixed = uow.ledger.balance(accounts.MIXED_FEES, code)
        if mixed.amount:
            revenue["fees"] = mixed
        return revenue

    def verify(self, checkpoint: Checkpoint | None = None) -> LedgerSummary:
        """Recompute the books, check every invariant and the seal chain (against
        ``checkpoint`` too, which detects a truncated tail), then compare the aggregates with
        their accounts (`microjob.integrity.cross_check`: a closed order holds no
        escrow, reserved payouts and announced deposits match their accounts)."""
        with self.ctx.reads() as uow:
            summary = uow.ledger.verify(checkpoint)
            problems = cross_check(uow)
        if problems:
            raise LedgerIntegrityError(problems)
        return summary

    def checkpoint(self) -> Checkpoint:
        """Seal what is committed and sign where the chain stands: export it
        (``to_json()``) to somewhere this database's writers cannot reach, and pass it to
        [`verify`][microjob.services.admin.AdminService.verify] later."""
        with self.ctx.uow() as uow:
            found = uow.ledger.checkpoint()
            uow.commit()
        return found

    def seal(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        """``run_due``'s job: seal every committed entry into the chain (a posting does not
        wait for the chain; sealing catches up here and every ``seal_every`` entries).
        Housekeeping, not a move anyone made: it is not counted in the report."""
        with self.ctx.uow() as uow:
            uow.ledger.seal()
            uow.commit()
        return {}, []

    def ledger_entries(self, cause: str, *, viewer: Viewer) -> list[Any]:
        """The ledger entries caused by ``order:ID`` (or any other cause), oldest first: the
        books behind a subject are for admins and `BACK_OFFICE`."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (), f"the ledger entries of {cause!r}")
            return uow.ledger.entries_for_cause(cause)

    def gateway_conflicts(self, *, viewer: Viewer) -> list[GatewayConflict]:
        """Provider events refused because their id was already used for another subject or
        amount, oldest first: each needs an operator to reconcile it with the provider."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (), "the provider conflicts")
            return conflicts(uow).where(state="open")

    def flagged_texts(self, *, viewer: Viewer, user_id: str | None = None) -> list[FlaggedText]:
        """Texts outside chat (titles, deliveries, reasons, reviews, file names, ...) in which the
        scanner found contact details, with what the writer typed: for moderators. Only the
        given user's when ``user_id`` is set."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (), "the flagged texts")
            repo = flagged_texts_repo(uow)
            if user_id is not None:
                return repo.where(user_id=user_id)
            return repo.where(state="new")

    def dashboard(self, *, viewer: Viewer, currency: str | None = None) -> OperatorDashboard:
        """GMV, revenue by source and take rate, orders by state, open disputes, payouts waiting."""
        code = currency or self.ctx.policy.currency
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (), "the operator dashboard")
            totals = totals_of(uow, code)
            counts = uow.orders.count_by_state()
            payouts = _payouts(uow)
            waiting = len(payouts.where(state=P.REQUESTED)) + len(
                payouts.where(state=P.HELD_FOR_REVIEW)
            )
            refused = len(pending_refunds_repo(uow).where(state=REFUSED))
            disputes = sum(
                len(uow.records("dispute", Dispute, index=("order_id", "state")).where(state=state))
                for state in ("open", "answered", "awaiting_info")
            )
        revenue = self.revenue(code, viewer=viewer)
        gmv = totals.gmv if totals is not None else Money(0, code)
        kept = sum((m.amount for m in revenue.values()), Decimal(0))
        take = (kept / gmv.amount).quantize(Decimal("0.0001")) if gmv.amount else None
        return OperatorDashboard(
            currency=code,
            gmv=gmv,
            completed_orders=totals.completed if totals else 0,
            revenue=revenue,
            take_rate=take,
            orders_by_state=counts,
            open_disputes=disputes,
            payouts_waiting=waiting,
            settled_directly=(
                totals.settled_directly
                if totals is not None and totals.settled_directly is not None
                else Money(0, code)
            ),
            refunds_refused=refused,
        )

    # -- refunds to buyers' payment methods ------------------------------------------------------
    def send_refund_after_commit(self, event: events.Event) -> None:
        """After-commit handler of [`OrderRefunded`][microjob.events.OrderRefunded]: a refund back
        to the buyer's payment method goes to the provider now (see `Context.refund`)."""
        if isinstance(event, events.OrderRefunded) and event.to == "original":
            self.send_refund(f"order:{event.order_id}:refund")

    def send_refund(self, key: str) -> bool:
        """Send one pending refund to the provider under its idempotency key (the ledger moved
        the money already; the call is retried until it goes through, never re-booked).

        True when the provider took it (or there is nothing to send). A refusal counts
        against `MAX_REFUSALS`: the refund waits (`REFUSAL_WAITS`) and is asked for again
        under a new key, or, at the last one, is ``refused`` and listed for an operator
        (`refused_refunds`)."""
        with self.ctx.uow() as uow:
            repo = pending_refunds_repo(uow)
            pending = repo.find(key)
            if pending is None or pending.state != "pending":
                return True
            if not pending.in_doubt:
                # Written before the call: from now until the provider answers (or forever, if
                # this process dies first), a chargeback cannot take the refund for unsent.
                pending = attrs.evolve(pending, in_doubt=True, version=pending.version + 1)
                repo.save(pending)
                uow.commit()
        call_key = pending.call_key
        try:
            result = self.ctx.gateway.refund(pending.reference, pending.amount, call_key)
        except Exception:
            log.warning("refund %s: the provider call failed; kept for a retry", call_key)
            return False
        refused = result.status == "failed"
        with self.ctx.uow() as uow:
            repo = pending_refunds_repo(uow)
            current = repo.find(key)
            done: PendingRefund | None = None
            if current is not None and current.state == "pending":
                if not refused:
                    done = attrs.evolve(current, state="sent", in_doubt=False, retry_at=None)
                elif current.call_key == call_key:  # this attempt's refusal: a new key next
                    done = current.refused(result.reason, self.ctx.clock.now())
                # else: a refusal under an older key, read late: a call under the newer key
                # may have reached the card, so the refund stays as it is (in doubt, maybe)
                if done is not None:
                    repo.save(attrs.evolve(done, version=current.version + 1))
                    if done.state == COVERED:  # refused after a chargeback: it paid the buyer
                        uow.emit(
                            events.RefundCovered(
                                self.ctx.clock.now(), SYSTEM, done.order_id, done.id, done.amount
                            )
                        )
                    self.ctx.commit(uow)
        if refused:
            self._log_refusal(call_key, result.reason, done)
        return not refused

    @staticmethod
    def _log_refusal(call_key: str, reason: str, done: PendingRefund | None) -> None:
        if done is not None and done.state == COVERED:
            log.info(
                "refund %s: the provider refused it (%s) after a chargeback of its charge, "
                "which paid the buyer back: covered, not sent again",
                call_key,
                reason,
            )
            return
        if done is None or done.state == "pending":
            log.warning(
                "refund %s: the provider refused it (%s); kept, to be asked again under a new "
                "key%s",
                call_key,
                reason,
                f" from {done.retry_at}" if done is not None and done.retry_at else "",
            )
            return
        log.error(
            "refund %s of %s: the provider refused it %d times (last: %s); no longer sent. The "
            "ledger booked it as gone back to the card: fix the cause and send it again "
            "(admin.resend_refund), or pay the buyer another way",
            done.id,
            done.amount,
            done.refusals,
            reason,
        )

    @property
    def unsent_refunds(self) -> dict[str, PendingRefund]:
        """Refunds to buyers' payment methods the provider has not taken yet and that are still
        sent by ``run_due`` (also those waiting after a refusal), by key. Those refused for
        good are in `refused_refunds`."""
        with self.ctx.reads() as uow:
            return {r.id: r for r in pending_refunds_repo(uow).where(state="pending")}

    def refused_refunds(self, *, viewer: Viewer) -> list[PendingRefund]:
        """Refunds to buyers' payment methods the provider refused `MAX_REFUSALS` times, oldest
        first: no longer sent, each needs an operator. The ledger booked the money as gone
        back to the card, so the buyer has not got it: find why at the provider (``reason``,
        the ``reference`` of the charge), then `resend_refund` once the cause is fixed, or pay
        the buyer another way."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (), "the refunds the provider refused")
            found = pending_refunds_repo(uow).where(state=REFUSED)
        return sorted(found, key=lambda r: (r.at, r.id))

    @command
    def resend_refund(self, key: str, *, actor: str) -> PendingRefund:
        """An admin sends a refund the provider refused for good (`refused_refunds`) again,
        after fixing the cause with the provider: it goes out at once, under a key of its own
        (`PendingRefund.call_key`: a new key, since every earlier one only replays its
        refusal), and is returned as it stands after the call (``sent``, or ``pending`` if the
        provider did not answer: ``run_due`` then retries it). One resend is one more attempt:
        a refusal of it hands the refund back to the operator at once. Refused with a clear
        error, changing nothing, for a key that names no refund to the card or one that is not
        ``refused``."""
        with self.ctx.uow() as uow:
            if not self.ctx.is_admin(uow, actor):
                raise PermissionDenied(
                    f"only an admin may send a refund again; {actor!r} is not an admin"
                )
            if not isinstance(key, str):
                raise ValidationError(
                    f"key must be the refund's key as text, like 'order:ID:refund', got "
                    f"{type(key).__name__}"
                )
            repo = pending_refunds_repo(uow)
            found = repo.find(key)
            if found is None:
                raise NotFound(
                    f"no refund to the card has the key {key!r}; admin.refused_refunds() lists "
                    "those the provider refused, by key ('order:ID:refund')"
                )
            if found.state != REFUSED:
                raise _not_refused(found)
            repo.save(
                attrs.evolve(found, state="pending", retry_at=None, version=found.version + 1)
            )
            uow.commit()
        log.info("refund %s: sent again by %s under %s", key, actor, found.call_key)
        self.send_refund(key)
        with self.ctx.reads() as uow:
            now = pending_refunds_repo(uow).find(key)
        assert now is not None  # a refund is never deleted
        return now

    def retry_refunds(self) -> int:
        """Send again, now, every refund the provider did not take (from any process), also
        those still waiting after a refusal (a host that knows the provider is back, or an
        operator); returns how many remain pending. ``run_due`` sends only those that are due
        (`due_refunds`). Those refused for good are not sent: see `resend_refund`."""
        left = 0
        for key in list(self.unsent_refunds):
            if not self.send_refund(key):
                left += 1
        return left

    def due_refunds(self, at: DateTime | None = None) -> tuple[int, int]:
        """``run_due``'s pass: (sent, left) after sending every pending refund that is due at
        ``at`` (now by default): not one waiting after a refusal (`REFUSAL_WAITS`), so a
        provider that refuses for a while does not use up the attempts of a scheduler that
        runs every minute. ``left`` counts those not sent, waiting ones included."""
        now = at or self.ctx.clock.now()
        sent = left = 0
        for key, refund in self.unsent_refunds.items():
            if refund.due(now) and self.send_refund(key):
                sent += 1
            else:
                left += 1
        return sent, left


def _not_refused(refund: PendingRefund) -> InvalidTransition:
    """The error of a resend of a refund that is not ``refused``, saying what it is instead."""
    why = {
        "pending": "it is still sent by run_due (admin.retry_refunds() sends it now)",
        "sent": "the provider took it",
        COVERED: "a chargeback gave the buyer the money, so it is never sent",
    }.get(refund.state, "")
    error = InvalidTransition("refund", refund.state, "resend", ())
    error.args = (
        f"refund {refund.id!r} is {refund.state!r}, not {REFUSED!r}: only a refund the provider "
        f"refused for good is sent again by hand" + (f" ({why})" if why else ""),
    )
    return error
