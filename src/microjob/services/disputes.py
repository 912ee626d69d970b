"""Dispute commands of the Marketplace facade (see [`microjob.disputes`][microjob.disputes] for the
rules).

Only the two parties of the order and admins may see or act on a dispute. Every command runs in
one unit of work that holds both the dispute and its order, so a ruling closes the order, moves
the money and resolves the dispute together, or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from pendulum import DateTime

from microjob import disputes as drules
from microjob import events
from microjob import ledger as accounts
from microjob import order_rules as orules
from microjob.attachments import check_attachments
from microjob.context import Context, stop_at_busy
from microjob.disputes import Dispute, DisputeState, Evidence, Outcome, Ruling
from microjob.errors import (
    Busy,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)
from microjob.escrow import order_fee_account
from microjob.intake import MAX_REASON_CHARS, MAX_TEXT_CHARS, Intake, clean_text
from microjob.ledger import Transfer
from microjob.lifecycle import Role, Step
from microjob.logs import command
from microjob.orders import Attachment, Cancellation, Fault, Order, OrderState
from microjob.policies import RefundTo
from microjob.ports import Notification, RecordRepository, UnitOfWork
from microjob.timecalc import add_days
from microjob.users import SYSTEM

__all__ = ["DisputeService"]

D = DisputeState


def _repo(uow: UnitOfWork) -> RecordRepository[Dispute]:
    return uow.records("dispute", Dispute, index=("order_id", "state"))


class DisputeService:
    """Open, argue, withdraw and rule on disputes."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # -- helpers ------------------------------------------------------------------------------
    def _check_files(
        self, order: Order, attachments: Sequence[Attachment]
    ) -> tuple[Attachment, ...]:
        files = tuple(attachments)
        check_attachments(
            files,
            extensions=order.policy.attachment_extensions,
            max_bytes=order.policy.attachment_max_bytes,
            inspector=self.ctx.inspector,
        )
        return files

    def _dispute_role(self, uow: UnitOfWork, dispute: Dispute, actor: str) -> Role:
        role = dispute.role_of(actor)
        if role is Role.STRANGER:
            # No actor string grants the system's role: time-driven and provider-driven moves
            # pass Role.SYSTEM themselves (run_due, handle_gateway_event).
            if self.ctx.is_admin(uow, actor):
                return Role.ADMIN
            raise PermissionDenied(
                f"user {actor!r} is neither a party of dispute {dispute.id} nor an admin"
            )
        return role

    def _file_dispute(
        self,
        uow: UnitOfWork,
        order: Order,
        role: Role,
        actor: str,
        now: DateTime,
        trigger: str,
        reason: str,
        requested: Ruling | None,
        attachments: Sequence[Attachment],
    ) -> Order:
        """Pause the order and open its dispute (shared by open_dispute and refuse)."""
        if not reason or not reason.strip():
            raise ValidationError("a dispute needs a reason the admin can judge")
        files = self._check_files(order, attachments)
        paused = orules.pause(order, now, trigger, role, actor, reason.strip())
        if requested is None:
            requested = (
                Ruling.refund_buyer(reason)
                if role is Role.BUYER
                else Ruling.release_to_seller(reason)
            )
        elif requested.outcome is Outcome.SPLIT:
            drules.ruling_parts(order, requested)  # refuses an impossible split now, not later
        policy = order.policy
        repo = _repo(uow)
        dispute = Dispute(
            id=repo.next_id(),
            order_id=order.id,
            buyer_id=order.buyer_id,
            seller_id=order.seller_id,
            opened_by=actor,
            opener_role=role,
            reason=reason.strip(),
            requested=requested,
            state=D.OPEN,
            opened_at=now,
            respond_by=(
                add_days(now, policy.dispute_response_days)
                if policy.dispute_response_days is not None
                else None
            ),
            escalate_at=(
                add_days(now, policy.dispute_escalation_days)
                if policy.dispute_escalation_days is not None
                else None
            ),
            evidence=(Evidence(actor, role, now, reason.strip(), files),),
            history=(Step(now, trigger, actor, "", D.OPEN, reason.strip()),),
        )
        repo.add(dispute)
        uow.emit(events.DisputeOpened(now, actor, dispute.id, order.id, role.value, dispute.reason))
        if trigger == "refuse":
            uow.emit(events.OrderRefused(now, actor, order.id, dispute.reason))
        other = dispute.other_party()
        uow.notify(
            Notification(
                other,
                "dispute.opened",
                f"dispute:{dispute.id}",
                f"A dispute was opened on {order.title}: {dispute.reason}",
                now,
            )
        )
        return paused

    # -- opening ---------------------------------------------------------------------------------
    @command
    def open(
        self,
        order_id: str,
        *,
        actor: str,
        reason: str,
        requested: Ruling | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> Dispute:
        """Take a running order to the operator (MicrojobEngine's buyer "quit" / seller "close").

        Either party, from ``active``, ``late`` or ``delivered`` (and from ``pending`` where
        the policy sends every exit to the admin, ``exit_goes_to_admin``), with a reason;
        ``requested``
        is the outcome the opener asks for (by default a refund for the buyer, the payment for
        the seller). The order's timers stop until the dispute ends.
        """
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            reason = intake.text(reason, "dispute reason", required=True)
            files = self.ctx.file_names(intake, attachments)
            if requested is not None:
                requested = attrs.evolve(
                    requested, reason=intake.text(requested.reason, "requested ruling")
                )

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            return self._file_dispute(
                uow, order, role, actor, now, "open_dispute", reason, requested, files
            )

        order = self.ctx.order_command(order_id, actor, apply, intake)
        return self._live_dispute(order.id)

    @command
    def refuse(self, order_id: str, *, actor: str, reason: str) -> Dispute:
        """The buyer refuses the delivery (Web Park's "Refuse"): a dispute for the admin, which
        is returned (the order is paused, as by
        [`open`][microjob.services.disputes.DisputeService.open])."""
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            reason = intake.text(reason, "dispute reason", required=True)

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            return self._file_dispute(uow, order, role, actor, now, "refuse", reason, None, ())

        order = self.ctx.order_command(order_id, actor, apply, intake)
        return self._live_dispute(order.id)

    def _live_dispute(self, order_id: str) -> Dispute:
        with self.ctx.reads() as uow:
            live = [d for d in _repo(uow).where(order_id=order_id) if d.is_live]
        if not live:
            raise NotFound(f"order {order_id} has no open dispute")
        return live[-1]

    # -- arguing -----------------------------------------------------------------------------------
    def _dispute_command(
        self, dispute_id: str, actor: str, apply: object, intake: Intake | None = None
    ) -> Dispute:
        with self.ctx.uow() as uow:
            repo = _repo(uow)
            dispute = repo.get(dispute_id)
            role = self._dispute_role(uow, dispute, actor)
            now = self.ctx.clock.now()
            new = apply(uow, dispute, role, now)  # type: ignore[operator]
            repo.save(new)
            if intake is not None:
                self.ctx.keep_screened(uow, actor, f"dispute:{dispute_id}", intake, now)
            self.ctx.commit(uow)
        return new  # type: ignore[no-any-return]

    @command
    def add_evidence(
        self, dispute_id: str, *, actor: str, text: str, attachments: Sequence[Attachment] = ()
    ) -> Dispute:
        """A party or an admin adds a statement with files. The other party's first statement
        answers the dispute; a party's statement after an admin's question answers that."""
        if isinstance(text, str) and not text:
            raise ValidationError("evidence needs a statement (text)")
        with self.ctx.texts(actor, f"dispute:{dispute_id}") as intake:
            text = intake.text(text, "evidence", limit=MAX_TEXT_CHARS, required=True)
            named = self.ctx.file_names(intake, attachments)

        def apply(uow: UnitOfWork, dispute: Dispute, role: Role, now: DateTime) -> Dispute:
            if not dispute.is_live:
                raise PolicyViolation(
                    f"dispute {dispute.id} is {dispute.state}; evidence can no longer be added"
                )
            order = uow.orders.get(dispute.order_id)
            files = self._check_files(order, named)
            item = Evidence(actor, role, now, text, files)
            changes = {"evidence": (*dispute.evidence, item)}
            if role in (Role.BUYER, Role.SELLER):
                if dispute.state == D.OPEN and role is not dispute.opener_role:
                    new = drules.move(dispute, "answer", role, actor, now, text, **changes)
                elif dispute.state == D.AWAITING_INFO:
                    new = drules.move(dispute, "provide_info", role, actor, now, text, **changes)
                else:
                    new = drules.note(dispute, "evidence", actor, now, text, **changes)
            else:
                new = drules.note(dispute, "evidence", actor, now, text, **changes)
            uow.emit(
                events.DisputeEvidenceAdded(now, actor, dispute.id, dispute.order_id, len(files))
            )
            for user in (dispute.buyer_id, dispute.seller_id):
                if user != actor:
                    uow.notify(
                        Notification(
                            user,
                            "dispute.evidence",
                            f"dispute:{dispute.id}",
                            "New evidence in your dispute",
                            now,
                        )
                    )
            return new

        return self._dispute_command(dispute_id, actor, apply, intake)

    @command
    def request_info(self, dispute_id: str, *, actor: str, question: str) -> Dispute:
        """An admin asks the parties for more information before ruling."""
        if isinstance(question, str) and not question:
            raise ValidationError("say what information is needed")
        question = clean_text(question, "question", limit=MAX_REASON_CHARS, required=True)

        def apply(uow: UnitOfWork, dispute: Dispute, role: Role, now: DateTime) -> Dispute:
            new = drules.move(dispute, "request_info", role, actor, now, question)
            uow.emit(
                events.DisputeInfoRequested(now, actor, dispute.id, dispute.order_id, question)
            )
            for user in (dispute.buyer_id, dispute.seller_id):
                uow.notify(
                    Notification(
                        user,
                        "dispute.info_requested",
                        f"dispute:{dispute.id}",
                        f"The admin asks: {question}",
                        now,
                    )
                )
            return new

        return self._dispute_command(dispute_id, actor, apply)

    @command
    def withdraw(self, dispute_id: str, *, actor: str) -> Dispute:
        """The opener takes the dispute back: the order resumes where it was, its timers with
        the time they had left."""
        with self.ctx.uow() as uow:
            repo = _repo(uow)
            dispute = repo.get(dispute_id)
            role = self._dispute_role(uow, dispute, actor)
            if dispute.is_live and actor != dispute.opened_by:
                raise PermissionDenied("only the party who opened the dispute may withdraw it")
            now = self.ctx.clock.now()
            new = drules.move(dispute, "withdraw", role, actor, now, closed_at=now)
            order = uow.orders.get(dispute.order_id)
            uow.orders.save(orules.resume(order, now, actor, f"dispute {dispute.id} withdrawn"))
            repo.save(new)
            uow.emit(events.DisputeWithdrawn(now, actor, dispute.id, dispute.order_id))
            uow.notify(
                Notification(
                    dispute.other_party(),
                    "dispute.withdrawn",
                    f"dispute:{dispute.id}",
                    "The dispute was withdrawn",
                    now,
                )
            )
            self.ctx.commit(uow)
        return new

    # -- ruling ---------------------------------------------------------------------------------
    @command
    def rule(self, dispute_id: str, *, actor: str, ruling: Ruling) -> Dispute:
        """An admin decides; the order closes and the escrow is divided exactly (one entry)."""
        if not isinstance(ruling, Ruling):
            raise ValidationError(
                "a ruling is a microjob.disputes.Ruling (refund_buyer, release_to_seller or split)"
            )
        if not ruling.reason or not ruling.reason.strip():
            raise ValidationError("a ruling needs a written reason")
        with self.ctx.uow() as uow:
            repo = _repo(uow)
            dispute = repo.get(dispute_id)
            role = self._dispute_role(uow, dispute, actor)
            now = self.ctx.clock.now()
            new = self._resolve(uow, dispute, "rule", role, actor, now, ruling)
            self.ctx.commit(uow)
        return new

    def _resolve(
        self,
        uow: UnitOfWork,
        dispute: Dispute,
        trigger: str,
        role: Role,
        actor: str,
        now: DateTime,
        ruling: Ruling,
    ) -> Dispute:
        new = drules.move(
            dispute,
            trigger,
            role,
            actor,
            now,
            ruling.reason,
            ruling=ruling,
            ruled_by=actor,
            closed_at=now,
        )
        order = uow.orders.get(dispute.order_id)
        parts = drules.ruling_parts(order, ruling)
        policy = order.policy
        order_role = Role.ADMIN if role is Role.ADMIN else Role.SYSTEM
        order_actor = actor
        in_clearance = bool(policy.clearance_days) and parts.seller.amount > 0
        if ruling.outcome is Outcome.REFUND_BUYER:
            closed = orules._move(
                order,
                "rule_refund",
                order_role,
                order_actor,
                now,
                note=ruling.reason,
                closed_at=now,
                paused=None,
                cancel_request=None,
                extension_request=None,
                cancellation=Cancellation(order_actor, Fault.SELLER, ruling.reason, now),
                refunded=parts.buyer,
                seller_amount=parts.seller,
                commission=parts.commission,
                cleared=True,
            )
        else:
            closed = orules._move(
                order,
                "rule_release",
                order_role,
                order_actor,
                now,
                note=ruling.reason,
                closed_at=now,
                paused=None,
                cancel_request=None,
                extension_request=None,
                refunded=parts.buyer,
                seller_amount=parts.seller,
                commission=parts.commission,
                clears_at=(
                    add_days(
                        now,
                        policy.clearance_days,
                        business=policy.clearance_in_business_days,
                        holidays=policy.holidays,
                    )
                    if in_clearance
                    else None
                ),
                cleared=not in_clearance,
            )
        escrow = accounts.escrow(order.id)
        to_world = order.paid_from != "wallet" and policy.refund_to is RefundTo.ORIGINAL
        buyer_account = accounts.WORLD if to_world else accounts.available(order.buyer_id)
        seller_account = (
            accounts.pending(order.seller_id)
            if in_clearance
            else accounts.available(order.seller_id)
        )
        legs = [
            Transfer(escrow, dest, amount)
            for dest, amount in (
                (buyer_account, parts.buyer),
                (seller_account, parts.seller),
                (accounts.PLATFORM_COMMISSION, parts.commission),
                (order_fee_account(order), parts.fees),
                (accounts.PLATFORM_DISPUTE_FEES, parts.dispute_fee),
            )
            if amount.amount > 0
        ]
        if legs:
            uow.ledger.post(
                f"order:{order.id}:ruling",
                f"order:{order.id}",
                legs,
                now,
                f"dispute {dispute.id}: {ruling.outcome.value}",
            )
        uow.orders.save(closed)
        _repo(uow).save(new)
        if parts.seller.amount > 0 and not in_clearance:
            self.ctx.funds_available(uow, (order.seller_id,), order.currency, now)
        if parts.buyer.amount > 0:
            self.ctx.refund(
                uow,
                events.OrderRefunded(
                    now,
                    actor,
                    order.id,
                    parts.buyer,
                    "original" if to_world else "wallet",
                    order.charge_ref or "",
                ),
                order.buyer_id,
            )
        platform = parts.commission + parts.fees + parts.dispute_fee
        uow.emit(
            events.DisputeResolved(
                now,
                actor,
                dispute.id,
                order.id,
                ruling.outcome.value,
                parts.buyer,
                parts.seller,
                platform,
                trigger == "default",
            )
        )
        if closed.state == OrderState.COMPLETED:
            uow.emit(events.OrderCompleted(now, actor, order.id, order.seller_id, order.price))
        else:
            uow.emit(events.OrderCancelled(now, actor, order.id, Fault.SELLER.value, ruling.reason))
        for user in (order.buyer_id, order.seller_id):
            uow.notify(
                Notification(
                    user,
                    "dispute.resolved",
                    f"dispute:{dispute.id}",
                    f"The dispute on {order.title} was decided: "
                    f"{ruling.outcome.value} ({ruling.reason})",
                    now,
                )
            )
        return new

    # -- time -------------------------------------------------------------------------------------
    def due(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        moves: dict[str, int] = {}
        errors: list[str] = []
        with self.ctx.reads() as uow:
            repo = _repo(uow)
            live = [d for state in drules.LIVE for d in repo.where(state=state)]
        for dispute in live:
            try:
                if (
                    dispute.state == D.OPEN
                    and dispute.respond_by is not None
                    and dispute.respond_by <= at
                ):
                    self._default_ruling(dispute.id, at)
                    moves["dispute_default"] = moves.get("dispute_default", 0) + 1
                elif (
                    not dispute.escalated
                    and dispute.escalate_at is not None
                    and dispute.escalate_at <= at
                ):
                    self._escalate(dispute.id, at)
                    moves["dispute_escalated"] = moves.get("dispute_escalated", 0) + 1
            except Busy as exc:  # the database is locked: no item moves now
                stop_at_busy(exc, bool(moves), errors, f"dispute {dispute.id}")
                break
            except MarketplaceError as exc:
                errors.append(f"dispute {dispute.id}: {exc}")
        return moves, errors

    def _default_ruling(self, dispute_id: str, at: DateTime) -> None:
        """Unanswered in time: decided for the opener, as they asked."""
        with self.ctx.uow() as uow:
            dispute = _repo(uow).get(dispute_id)
            if dispute.state != D.OPEN:
                return
            requested = dispute.requested
            ruling = Ruling(
                requested.outcome,
                "the other party did not answer in time",
                requested.buyer_share,
                requested.buyer_amount,
            )
            self._resolve(uow, dispute, "default", Role.SYSTEM, SYSTEM, at, ruling)
            self.ctx.commit(uow)

    def _escalate(self, dispute_id: str, at: DateTime) -> None:
        with self.ctx.uow() as uow:
            repo = _repo(uow)
            dispute = repo.get(dispute_id)
            if dispute.escalated or not dispute.is_live:
                return
            repo.save(
                drules.note(dispute, "escalate", SYSTEM, at, "no ruling in time", escalated=True)
            )
            uow.emit(events.DisputeEscalated(at, SYSTEM, dispute.id, dispute.order_id))
            for user in (dispute.buyer_id, dispute.seller_id):
                uow.notify(
                    Notification(
                        user,
                        "dispute.escalated",
                        f"dispute:{dispute.id}",
                        "Your dispute was escalated to a senior admin",
                        at,
                    )
                )
            self.ctx.commit(uow)

    # -- queries ---------------------------------------------------------------------------
    def get(self, dispute_id: str, *, viewer: str) -> Dispute:
        """A dispute with its full history and evidence (parties and admins only)."""
        with self.ctx.reads() as uow:
            dispute = _repo(uow).get(dispute_id)
            self._dispute_role(uow, dispute, viewer)
            return dispute

    def of_order(self, order_id: str, *, viewer: str) -> list[Dispute]:
        with self.ctx.reads() as uow:
            found = _repo(uow).where(order_id=order_id)
            for dispute in found:
                self._dispute_role(uow, dispute, viewer)
            return found

    def unresolved(self, *, viewer: str) -> list[Dispute]:
        """The admin queue: every live dispute, escalated ones first, then oldest first."""
        with self.ctx.reads() as uow:
            if not self.ctx.is_admin(uow, viewer):
                raise PermissionDenied("only admins see the dispute queue")
            live = [d for state in drules.LIVE for d in _repo(uow).where(state=state)]
        return sorted(live, key=lambda d: (not d.escalated, d.opened_at, d.id))
