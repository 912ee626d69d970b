"""Orders: placing, paying, working on, delivering, accepting, cancelling and clearing them.

Every command follows the same path: open a unit of work, load, check the actor and the rules,
compute the next version of the order and the ledger entry that goes with it, write both,
emit what happened, and commit through the bus ([`microjob.bus`][microjob.bus]), which runs the
handlers of those events and only then publishes them and sends notifications. A refused or failing
command therefore changes nothing, and a subscriber never hears of something that did not
happen.

Payment-provider calls never happen inside a transaction. A new order's charge is asked for
before the order is stored, and the order is stored with the answer in one unit of work
(`OrderService.create`: one commit per paid order); refunds and payouts are sent after the
commit that books them. What the provider says later comes back as a provider event through
`handle_gateway_event`, so a timeout at the provider never leaves half a payment in the books.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import escrow, events
from microjob import order_rules as rules
from microjob.attachments import check_attachments
from microjob.context import Context
from microjob.errors import (
    CurrencyMismatch,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)
from microjob.intake import MAX_TEXT_CHARS, MAX_TITLE_CHARS, Intake
from microjob.lifecycle import Role
from microjob.logs import command
from microjob.money import as_money, plain, require_positive, zero
from microjob.orders import OPEN, Attachment, Fault, Order, OrderState, Step
from microjob.policies import MarketplacePolicy, PaymentMode
from microjob.ports import (
    GatewayEvent,
    Notification,
    UnitOfWork,
)
from microjob.services.direct import DirectSettlementService
from microjob.services.order_closing import OrderClosing, tell
from microjob.services.order_payments import OrderPayments
from microjob.services.orphan_charges import claim_placing
from microjob.services.wallet import Balances, balances_of
from microjob.timecalc import add_days
from microjob.users import (
    Viewer,
)

__all__ = ["Dashboard", "OrderService", "Quote"]

S = OrderState


@attrs.frozen
class Quote:
    """Everything about an order's money before it is placed."""

    price: Money
    buyer_fee: Money
    buyer_pays: Money
    through_platform: Money
    paid_directly: Money
    commission: Money
    seller_gets: Money
    platform_keeps: dict[str, Money]
    """By revenue source, in the words of ``revenue()``: ``commission``, ``buyer_fees``,
    ``booking_fees`` (only those the order pays)."""
    clearance_days: int
    available_at: DateTime | None
    """When the seller's money becomes available if the delivery is accepted on time."""


@attrs.frozen
class Dashboard:
    """A user's orders as buyer or seller, by state, with the money around them."""

    user_id: str
    role: str
    by_state: dict[str, int]
    open_orders: tuple[Order, ...]
    late: tuple[Order, ...]
    due_soon: tuple[Order, ...]
    total: Money
    balances: Balances
    settled_directly: Money
    """Direct mode (KiwiGigs): the prices settled between the parties outside the platform on
    this user's orders, as recorded (``mark_paid_directly`` / ``confirm_paid_directly``).
    Never part of ``total`` or ``balances``, which are money that passed through the platform."""
    by_month: dict[str, Money] = attrs.field(factory=dict)
    """What completed orders earned the seller (or cost the buyer) per month, ``"2026-11"``."""


class OrderService:
    """Placing, paying, working on, delivering, accepting, cancelling and clearing orders.

    Every command names its actor with the keyword ``actor=`` and returns the order; the
    system's own moves (timers, provider events) act as `microjob.users.SYSTEM`.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._direct = DirectSettlementService(ctx)
        self._payments = OrderPayments(ctx)
        self.orphans = self._payments.orphans
        """Provider events for orders that were not stored when they came (see
        [`microjob.services.orphan_charges`][microjob.services.orphan_charges])."""
        self.closing = OrderClosing(ctx)
        """How orders close (complete, cancel with refund, settle) and what time makes due."""

    @command
    def mark_paid_directly(self, order_id: str, *, actor: str) -> Order:
        """Direct mode: the buyer says they paid the seller the price less the booking fee
        (see `DirectSettlementService`)."""
        return self._direct.mark_paid_directly(order_id, actor=actor)

    @command
    def confirm_paid_directly(self, order_id: str, *, actor: str) -> Order:
        """Direct mode: the seller confirms they received the price settled directly."""
        return self._direct.confirm_paid_directly(order_id, actor=actor)

    # -- placing and paying -------------------------------------------------------------------
    @command
    def place(
        self,
        *,
        actor: str,
        seller_id: str,
        title: str,
        price: Money | Decimal | str | int,
        delivery_days: int,
        listing_id: str | None = None,
        pay_from_wallet: bool = False,
        policy: MarketplacePolicy | None = None,
    ) -> Order:
        """The buyer orders a service.

        Paid from the wallet, the price (+ buyer fee) moves into escrow at once and the order is
        ``pending``. Otherwise the provider is asked for the money first and the order is stored
        with its answer, in one unit of work: paid (``pending``), refused, or awaiting the
        provider's webhook when the answer is not known yet. ``policy`` lets an operator place
        an order under other terms than the marketplace default (a promotion).

        Why the provider comes before the order's commit: one commit per paid order instead of
        two (the order, then its payment). The order's id is reserved for good first, so the
        charge's subject and idempotency key are never anyone else's; a charge whose order is
        then not stored (the process died, the database refused the unit of work) is refunded
        by ``run_due`` (see [`microjob.services.orphan_charges`][microjob.services.orphan_charges]).
        """
        terms = self._terms(policy)
        amount = require_positive(as_money(price, terms.currency, what="price"), "price")
        terms.check_currency(amount)
        terms.check_bounds(price=amount, delivery_days=delivery_days)
        if (
            terms is not self.ctx.policy
        ):  # an operator's promotion still keeps the marketplace's bounds
            self.ctx.policy.check_bounds(price=amount, delivery_days=delivery_days)
        with self.ctx.texts(actor, "order") as intake:
            title = intake.text(
                title, "title", limit=MAX_TITLE_CHARS, required=True, single_line=True
            )

        def draft(uow: UnitOfWork, order_id: str) -> Order:
            return self.draft(
                uow,
                order_id,
                actor,
                seller_id,
                title,
                amount,
                delivery_days,
                terms,
                listing_id,
                pay_from_wallet,
            )

        return self.create(draft, pay_from_wallet=pay_from_wallet, intake=intake)

    def create(
        self,
        draft: Callable[[UnitOfWork, str], Order],
        *,
        pay_from_wallet: bool = False,
        complete: Callable[[UnitOfWork, Order, DateTime], None] | None = None,
        intake: Intake | None = None,
    ) -> Order:
        """Store a new order, the one way every command that places one goes (`place`, a card's
        package, an accepted offer).

        ``draft(uow, order_id)`` checks the command and makes the order (see `draft`);
        ``complete(uow, order, now)`` does the command's own writes in the unit of work that
        stores the order, checking again what may have changed since the draft (an offer
        withdrawn, a card paused): a refusal there stores nothing. ``intake``: the texts the
        command screened, counted in the same unit of work.

        Paid from the wallet, it is one unit of work. Otherwise the order's id is reserved for
        good (outside any transaction, so the charge's subject and idempotency key are never
        anyone else's), the draft is made in a short read-only unit of work, the provider is
        asked for the money with no transaction open, and one unit of work stores the order
        with the answer applied: one commit per paid order instead of two. A successful charge
        whose order is then not stored is refunded by ``run_due`` (see
        [`microjob.services.orphan_charges`][microjob.services.orphan_charges]).
        """
        if pay_from_wallet:
            with self.ctx.uow() as uow:
                order = draft(uow, uow.orders.next_id())
                now = order.placed_at
                escrow.fund(uow.ledger, order, now)
                self._announce(uow, order, now)
                self._store(uow, order, order, now, complete, intake)
                self.ctx.commit(uow)
            return order
        order_id = self.ctx.uow().orders.next_id()  # outside a transaction: reserved for good
        with self.ctx.reads() as uow:
            planned = draft(uow, order_id)
        asked = planned.state == S.AWAITING_PAYMENT
        answer = self._payments.ask_provider(planned) if asked else None
        try:
            with self.ctx.uow() as uow:
                now = self.ctx.clock.now()
                self._announce(uow, planned, now)
                order = self._payments.settle_new(uow, planned, answer, now)
                self._store(uow, order, planned, now, complete, intake)
                if asked and answer is None:
                    # The provider's webhook may have come before this commit: apply it now.
                    order = self._payments.orphans.apply_kept(uow, order, now)
                    # No charge claim without a charge: the order's own claim stands in for
                    # it against a refund of a kept charge (`claim_placing`).
                    claim_placing(uow, order_id)
                self._payments.check_window(planned, self.ctx.clock.now())
                self.ctx.commit(uow)
        except BaseException:
            if answer is not None and answer.kind == "charge.succeeded":
                self._payments.orphans.park_alone(order_id, answer)
            raise
        return order

    def _terms(self, policy: MarketplacePolicy | None) -> MarketplacePolicy:
        """The terms an order is placed or quoted under: the marketplace's, or an operator's
        own (a promotion) in the marketplace's currency."""
        if policy is None:
            return self.ctx.policy
        if not isinstance(policy, MarketplacePolicy):
            raise ValidationError(
                f"policy must be a MarketplacePolicy, got {type(policy).__name__}"
            )
        if policy.currency != self.ctx.policy.currency:
            raise CurrencyMismatch(
                f"the order's terms trade in {policy.currency} but this marketplace trades in "
                f"{self.ctx.policy.currency}; give terms in {self.ctx.policy.currency}"
            )
        return policy

    @staticmethod
    def _announce(uow: UnitOfWork, placed: Order, now: DateTime) -> None:
        """Announce the placing of ``placed`` (as placed, before any payment)."""
        buyer_id = placed.buyer_id
        uow.emit(
            events.OrderPlaced(
                now, buyer_id, placed.id, buyer_id, placed.seller_id, placed.price, placed.state
            )
        )
        tell(uow, placed, "place", now)

    def _store(
        self,
        uow: UnitOfWork,
        order: Order,
        placed: Order,
        now: DateTime,
        complete: Callable[[UnitOfWork, Order, DateTime], None] | None,
        intake: Intake | None,
    ) -> None:
        """Add ``order``, then the command's own writes and its screened texts."""
        uow.orders.add(order)
        if complete is not None:
            complete(uow, order, now)
        if intake is not None and intake.screened:
            self.ctx.keep_screened(
                uow, placed.buyer_id, f"order:{order.id}", intake, placed.placed_at
            )

    def draft(
        self,
        uow: UnitOfWork,
        order_id: str,
        buyer_id: str,
        seller_id: str,
        title: str,
        amount: Money,
        delivery_days: int,
        terms: MarketplacePolicy,
        listing_id: str | None,
        pay_from_wallet: bool = False,
    ) -> Order:
        """A new order as the rules make it, not stored: both users exist, and the terms are
        the seller's (a level or a plan may lower the commission). What a command's ``draft``
        for `create` returns."""
        known = uow.users.get_many((buyer_id, seller_id))
        for user_id in (buyer_id, seller_id):
            if user_id not in known:
                raise NotFound(f"no user {user_id!r}; register them first")
        terms = self.ctx.order_terms(uow, seller_id, terms)
        now = self.ctx.clock.now()
        order = rules.place(
            order_id=order_id,
            buyer_id=buyer_id,
            seller_id=seller_id,
            title=title,
            price=amount,
            delivery_days=delivery_days,
            policy=terms,
            now=now,
            listing_id=listing_id,
            from_wallet=pay_from_wallet,
        )
        if order.escrow_total.amount == 0 and not pay_from_wallet:
            # Nothing to pay through the platform (e.g. a free booking): paid at once.
            order = rules.confirm_payment(order, now, None)
        return order

    def on_gateway_event(
        self, uow: UnitOfWork, order_id: str, event: GatewayEvent, now: DateTime
    ) -> tuple[str, Order | None]:
        """A provider event about an order (the wiring's ``gateway_routes['order']``)."""
        return self._payments.on_gateway_event(uow, order_id, event, now)

    # -- the seller's moves ---------------------------------------------------------------------
    @command
    def start(self, order_id: str, *, actor: str) -> Order:
        """The seller takes the order into work (Jobindoor: Pending → Active)."""

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            new = rules.start(order, role, actor, now)
            assert new.due_at is not None
            uow.emit(events.OrderStarted(now, actor, order.id, new.due_at))
            tell(uow, new, "start", now)
            return new

        return self.ctx.order_command(order_id, actor, apply)

    @command
    def decline(self, order_id: str, *, actor: str, reason: str = "") -> Order:
        """The seller turns a paid order down before starting: the buyer is refunded in full.
        Refused where every exit goes to the admin (``exit_goes_to_admin``): open a dispute."""
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            reason = intake.text(reason, "reason")

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            rules.exit_check(order, "decline", role)
            return self.closing.close_with_refund(
                uow,
                order,
                "decline",
                role,
                actor,
                now,
                Fault.SELLER,
                reason or "declined by the seller",
            )

        return self.ctx.order_command(order_id, actor, apply, intake)

    @command
    def deliver(
        self, order_id: str, *, actor: str, message: str, attachments: Sequence[Attachment] = ()
    ) -> Order:
        """The seller delivers the work: a message with attached files (MicrojobEngine)."""
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            message = intake.text(message, "delivery message", limit=MAX_TEXT_CHARS)
            files = self.ctx.file_names(intake, attachments)

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            check_attachments(
                files,
                extensions=order.policy.attachment_extensions,
                max_bytes=order.policy.attachment_max_bytes,
                inspector=self.ctx.inspector,
            )
            new = rules.deliver(order, role, actor, now, message, files)
            uow.emit(events.OrderDelivered(now, actor, order.id, len(new.deliveries)))
            tell(uow, new, "deliver", now)
            return new

        return self.ctx.order_command(order_id, actor, apply, intake)

    @command
    def request_extension(self, order_id: str, *, actor: str, days: int, reason: str = "") -> Order:
        """The seller asks the buyer for more time."""
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            reason = intake.text(reason, "reason")

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            new = rules.ask_extension(order, role, actor, now, days, reason)
            uow.emit(events.ExtensionRequested(now, actor, order.id, days))
            uow.notify(
                Notification(
                    order.buyer_id,
                    "order.extension_requested",
                    f"order:{order.id}",
                    f"The seller asks for {days} more day(s): {order.title}",
                    now,
                )
            )
            return new

        return self.ctx.order_command(order_id, actor, apply, intake)

    # -- the buyer's moves ----------------------------------------------------------------------
    @command
    def grant_extension(self, order_id: str, *, actor: str) -> Order:
        """The buyer agrees to the seller's extension: the deadline moves."""

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            new = rules.grant_extension(order, role, actor, now)
            assert new.due_at is not None
            uow.emit(events.DeadlineExtended(now, actor, order.id, new.due_at))
            tell(uow, new, "extend", now)
            return new

        return self.ctx.order_command(order_id, actor, apply)

    @command
    def accept(self, order_id: str, *, actor: str) -> Order:
        """The buyer accepts the delivery: the order completes and the money is released."""

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            return self.closing.complete(uow, order, "accept", role, actor, now)

        return self.ctx.order_command(order_id, actor, apply)

    @command
    def request_revision(self, order_id: str, *, actor: str, reason: str) -> Order:
        """The buyer returns the delivery for rework (Web Park's "Return for revision")."""
        if isinstance(reason, str) and not reason.strip():
            raise ValidationError("say what should be revised (reason is required)")
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            reason = intake.text(reason, "reason", required=True)

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            new = rules.request_revision(order, role, actor, now, reason)
            uow.emit(events.RevisionRequested(now, actor, order.id, new.revisions))
            tell(uow, new, "request_revision", now)
            return new

        return self.ctx.order_command(order_id, actor, apply, intake)

    @command
    def cancel(self, order_id: str, *, actor: str, reason: str = "") -> Order:
        """The buyer cancels alone: before the seller starts, or once the order is late enough.
        Refused where every exit goes to the admin (``exit_goes_to_admin``): open a dispute."""
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            reason = intake.text(reason, "reason")

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            fault = rules.buyer_cancel_check(order, role, now)
            return self.closing.close_with_refund(
                uow, order, "cancel", role, actor, now, fault, reason or "cancelled by the buyer"
            )

        return self.ctx.order_command(order_id, actor, apply, intake)

    # -- both sides ------------------------------------------------------------------------------
    @command
    def request_cancellation(
        self, order_id: str, *, actor: str, reason: str, refund: Money | Decimal | str | None = None
    ) -> Order:
        """Propose to end a running order: a full refund, or a partial one (``refund``).

        The other party agrees or declines with
        [`answer_cancellation`][microjob.services.orders.OrderService.answer_cancellation]; ignored,
        the request is accepted after the policy's ``cancel_request_auto_accept_hours``.
        """
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            reason = intake.text(reason, "reason")

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            amount = (
                order.price if refund is None else as_money(refund, order.currency, what="refund")
            )
            if amount.amount <= 0 or amount > order.price:
                raise ValidationError(
                    f"a refund must be more than 0 and at most the price {plain(order.price)}, "
                    f"got {plain(amount)}"
                )
            if order.policy.payment_mode is PaymentMode.DIRECT and amount != order.price:
                raise PolicyViolation(
                    "in direct mode the platform holds no price to refund in part"
                )
            new = rules.ask_cancellation(order, role, actor, now, reason, amount)
            other = order.seller_id if role is Role.BUYER else order.buyer_id
            uow.emit(events.CancellationRequested(now, actor, order.id, amount))
            uow.notify(
                Notification(
                    other,
                    "order.cancellation_requested",
                    f"order:{order.id}",
                    f"Cancellation requested ({reason}): {order.title}",
                    now,
                )
            )
            return new

        return self.ctx.order_command(order_id, actor, apply, intake)

    @command
    def answer_cancellation(self, order_id: str, *, actor: str, agree: bool) -> Order:
        """The other party agrees (the order closes with the agreed refund) or declines."""

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            rules.answer_check(order, role)
            if not agree:
                uow.emit(events.CancellationDeclined(now, actor, order.id))
                assert order.cancel_request is not None
                uow.notify(
                    Notification(
                        order.cancel_request.by,
                        "order.cancellation_declined",
                        f"order:{order.id}",
                        f"Cancellation declined: {order.title}",
                        now,
                    )
                )
                return rules.drop_request(order, actor, now, "decline_cancellation")
            return self.closing.agreed_cancellation(uow, order, role, actor, now)

        return self.ctx.order_command(order_id, actor, apply)

    @command
    def withdraw_cancellation(self, order_id: str, *, actor: str) -> Order:
        """The party who asked takes the request back."""

        def apply(uow: UnitOfWork, order: Order, role: Role, now: DateTime) -> Order:
            request = order.cancel_request
            if request is None:
                raise PolicyViolation("there is no cancellation request on this order")
            if request.by != actor:
                raise PermissionDenied("only the party who asked may withdraw the request")
            return rules.drop_request(order, actor, now, "withdraw_cancellation")

        return self.ctx.order_command(order_id, actor, apply)

    # -- time (OrderClosing does the moves) -----------------------------------------------------
    def due_orders(self, at: DateTime, limit: int) -> list[str]:
        """The ids of orders with a move due at ``at`` (read before any of them moves)."""
        return self.closing.due_orders(at, limit)

    def move_due(
        self, order_ids: Sequence[str], at: DateTime, *, failed: list[str] | None = None
    ) -> tuple[dict[str, int], list[str]]:
        """Every move time alone makes due on these orders, in batches (see
        [`OrderClosing.move_due`][microjob.services.order_closing.OrderClosing.move_due]); the
        ids of orders that failed are added to ``failed`` when it is given."""
        return self.closing.move_due(order_ids, at, failed=failed)

    # -- queries ---------------------------------------------------------------------------------
    def get(self, order_id: str, *, viewer: Viewer) -> Order:
        """An order, for its buyer, its seller, an admin or `BACK_OFFICE`."""
        with self.ctx.reads() as uow:
            order = uow.orders.get(order_id)
            self.ctx.check_viewer(
                uow, viewer, (order.buyer_id, order.seller_id), f"order {order_id}"
            )
            return order

    def history(self, order_id: str, *, viewer: Viewer) -> tuple[Step, ...]:
        """Every move of the order: when, which trigger, who, from which state to which."""
        return self.get(order_id, viewer=viewer).history

    def dashboard(
        self, user_id: str, role: str = "seller", *, viewer: Viewer, due_within_hours: int = 24
    ) -> Dashboard:
        """A seller's or buyer's orders by state, what is late or due soon, and their money."""
        if role not in ("seller", "buyer"):
            raise ValidationError(f"role must be 'seller' or 'buyer', got {role!r}")
        now = self.ctx.clock.now()
        horizon = now.add(hours=due_within_hours)
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the dashboard of {user_id!r}")
            mine = uow.orders.for_user(user_id, role)
            balances = balances_of(uow, user_id, self.ctx.policy.currency)
        by_state: dict[str, int] = {}
        total = zero(self.ctx.policy.currency)
        by_month: dict[str, Money] = {}
        settled_directly = zero(self.ctx.policy.currency)
        for order in mine:
            by_state[order.state] = by_state.get(order.state, 0) + 1
            direct = order.direct_settlement
            if direct is not None and order.currency == settled_directly.currency.code:
                settled_directly += direct.amount
            if order.state == S.COMPLETED and order.currency == total.currency.code:
                amount = (
                    order.seller_amount
                    if role == "seller" and order.seller_amount
                    else (order.price if role == "buyer" else zero(order.currency))
                )
                total += amount
                if order.closed_at is not None:
                    month = order.closed_at.format("YYYY-MM")
                    by_month[month] = by_month.get(month, zero(order.currency)) + amount
        open_orders = tuple(o for o in mine if o.state in OPEN)
        late = tuple(o for o in open_orders if o.state == S.LATE)
        due_soon = tuple(
            o
            for o in open_orders
            if o.state == S.ACTIVE and o.due_at is not None and o.due_at <= horizon
        )
        return Dashboard(
            user_id,
            role,
            by_state,
            open_orders,
            late,
            due_soon,
            total,
            balances,
            settled_directly,
            dict(sorted(by_month.items())),
        )

    def quote(
        self,
        price: Money | Decimal | str | int,
        *,
        delivery_days: int | None = None,
        policy: MarketplacePolicy | None = None,
    ) -> Quote:
        """What the buyer pays, what the seller gets, what the platform keeps (by source) and
        when the seller's money would become available. Changes nothing."""
        terms = self._terms(policy)
        amount = require_positive(as_money(price, terms.currency, what="price"), "price")
        terms.check_currency(amount)
        terms.check_bounds(price=amount, delivery_days=delivery_days)
        direct = terms.payment_mode is PaymentMode.DIRECT
        buyer_fee = terms.buyer_fee(amount)
        # A direct-mode order pays the platform its booking fee only: no commission is taken.
        commission = zero(amount.currency) if direct else terms.commission(amount)
        booking = terms.booking_fee(amount)
        through = booking if direct else amount + buyer_fee
        keeps = {"commission": commission, "buyer_fees": buyer_fee, "booking_fees": booking}
        available_at = None
        if delivery_days is not None:
            now = self.ctx.clock.now()
            delivered = add_days(
                now, delivery_days, business=terms.timers_in_business_days, holidays=terms.holidays
            )
            available_at = add_days(
                delivered,
                terms.clearance_days,
                business=terms.clearance_in_business_days,
                holidays=terms.holidays,
            )
        return Quote(
            price=amount,
            buyer_fee=buyer_fee,
            buyer_pays=amount + buyer_fee,
            through_platform=through,
            paid_directly=amount - booking if direct else zero(amount.currency),
            commission=commission,
            seller_gets=amount - booking if direct else amount - commission,
            platform_keeps={k: v for k, v in keeps.items() if v.amount},
            clearance_days=terms.clearance_days,
            available_at=available_at,
        )

    def counts(self) -> dict[str, int]:
        """How many orders are in each state (an index, not a scan)."""
        with self.ctx.reads() as uow:
            return uow.orders.count_by_state()
