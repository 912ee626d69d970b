"""Order rules through the facade: every row of the state table, bad input, permissions,
gateway events, timers, cancellations and extensions. Each refused command must change nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest

from microjob import (
    BACK_OFFICE,
    Conflict,
    CurrencyMismatch,
    InsufficientFunds,
    InvalidTransition,
    Marketplace,
    NotFound,
    OrderState,
    PermissionDenied,
    PolicyViolation,
    RefundTo,
    ValidationError,
    money,
    presets,
)
from microjob import ledger as accounts
from microjob.adapters.memory import GatewayTimeout
from microjob.events import LatePaymentCredited, OrderCancelled, PaymentConfirmed
from microjob.orders import Fault
from microjob.services.order_closing import OrderClosing
from tests.conftest import World

S = OrderState


def place(w: World, price: str = "100", **kwargs: object) -> str:
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price=price, delivery_days=3, **kwargs
    )
    return order.id


def delivered(w: World, price: str = "100") -> str:
    order_id = place(w, price)
    w.market.orders.start(order_id, actor="seller")
    w.market.orders.deliver(order_id, actor="seller", message="done")
    return order_id


def snapshot(w: World) -> tuple[object, ...]:
    """Everything a refused command must leave untouched."""
    store = w.market.store
    return (
        dict(store.orders),
        len(store.ledger),
        dict(store.state_counts),
        len(w.publisher.events),
        len(w.notifier.sent),
    )


# -- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("price", "error", "message"),
    [
        (19.99, ValidationError, "float"),
        (Decimal("NaN"), ValidationError, "finite"),
        ("10.001", ValidationError, "decimal places"),
        ("-5", ValidationError, "greater than zero"),
        ("0", ValidationError, "greater than zero"),
        (True, ValidationError, "bool"),
        ("ten", ValidationError, "not a number"),
        (money("10", "EUR"), CurrencyMismatch, "USD"),
    ],
)
def test_bad_prices_are_refused_with_a_clear_error_and_nothing_is_stored(
    world: World, price: object, error: type[Exception], message: str
) -> None:
    before = snapshot(world)
    with pytest.raises(error, match=message):
        world.market.orders.place(
            actor="buyer", seller_id="seller", title="Logo", price=price, delivery_days=3
        )
    assert snapshot(world) == before


def test_unknown_users_and_orders_are_not_found(world: World) -> None:
    with pytest.raises(NotFound, match="nobody"):
        world.market.orders.place(
            actor="nobody", seller_id="seller", title="x", price="5", delivery_days=1
        )
    with pytest.raises(NotFound):
        world.market.orders.start("o999", actor="seller")
    with pytest.raises(LookupError):  # NotFound is a LookupError too
        world.market.orders.get("o999", viewer=BACK_OFFICE)


def test_a_user_cannot_order_their_own_service(world: World) -> None:
    with pytest.raises(PolicyViolation, match="own service"):
        world.market.orders.place(
            actor="seller", seller_id="seller", title="x", price="5", delivery_days=1
        )


@pytest.mark.parametrize("days", [0, -1, 1.5, True])
def test_delivery_days_must_be_a_positive_whole_number(world: World, days: object) -> None:
    with pytest.raises(ValidationError, match="delivery_days"):
        world.market.orders.place(
            actor="buyer", seller_id="seller", title="x", price="5", delivery_days=days
        )  # type: ignore[arg-type]


# -- actors and states -------------------------------------------------------------------------
def test_the_wrong_actor_is_refused_and_nothing_changes(world: World) -> None:
    order_id = place(world)
    before = snapshot(world)
    with pytest.raises(PermissionDenied, match="only the seller"):
        world.market.orders.start(order_id, actor="buyer")
    with pytest.raises(PermissionDenied, match="not a party"):
        world.market.orders.start(order_id, actor="stranger")
    with pytest.raises(PermissionDenied):
        world.market.orders.start(order_id, actor="admin")
    assert snapshot(world) == before


def test_an_impossible_move_names_the_state_and_what_is_allowed(world: World) -> None:
    order_id = place(world)
    with pytest.raises(InvalidTransition) as info:
        world.market.orders.accept(order_id, actor="buyer")
    assert info.value.state == S.PENDING
    assert "start" in info.value.allowed
    assert "pending" in str(info.value)


def test_double_accept_is_refused_and_pays_once(world: World) -> None:
    order_id = delivered(world)
    world.market.orders.accept(order_id, actor="buyer")
    before = snapshot(world)
    with pytest.raises(InvalidTransition, match="completed"):
        world.market.orders.accept(order_id, actor="buyer")
    assert snapshot(world) == before
    assert world.market.wallet.balances("seller", viewer="seller").clearing == money("80", "USD")


def test_a_delivery_needs_a_message_or_a_file(world: World) -> None:
    order_id = place(world)
    world.market.orders.start(order_id, actor="seller")
    with pytest.raises(ValidationError, match="message or at least one attachment"):
        world.market.orders.deliver(order_id, actor="seller", message="   ")


# -- payment through the gateway -----------------------------------------------------------------
def test_a_pending_charge_waits_for_the_webhook_and_a_duplicate_is_a_no_op(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.fiverr_like(), gateway_default="pending")
    order_id = place(w)
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.AWAITING_PAYMENT
    total = w.market.orders.get(order_id, viewer=BACK_OFFICE).escrow_total
    event = w.gateway.event("charge.succeeded", f"order:{order_id}", total, "ch_1")
    assert w.market.handle_gateway_event(event) == "applied"
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.PENDING
    before = snapshot(w)
    assert w.market.handle_gateway_event(event) == "duplicate"
    assert snapshot(w) == before
    # The same payment reported under another event id does not fund twice either.
    again = w.gateway.event("charge.succeeded", f"order:{order_id}", total, "ch_1")
    assert w.market.handle_gateway_event(again) == "duplicate"
    assert len(w.publisher.of(PaymentConfirmed)) == 1
    assert w.market.store.ledger.balance(accounts.escrow(order_id), "USD") == total


def test_a_charge_for_the_wrong_amount_is_refused_for_manual_reconciliation(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.fiverr_like(), gateway_default="pending")
    order_id = place(w)
    event = w.gateway.event("charge.succeeded", f"order:{order_id}", money("1", "USD"))
    with pytest.raises(Conflict, match="reconcile"):
        w.market.handle_gateway_event(event)
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.AWAITING_PAYMENT
    assert len(w.market.store.ledger) == 0


def test_a_failed_charge_cancels_the_order_without_fault(make_world: Callable[..., World]) -> None:
    w = make_world(presets.fiverr_like(), gateway_default="failed")
    order = w.market.orders.get(place(w), viewer=BACK_OFFICE)
    assert order.state == S.CANCELLED
    assert order.cancellation is not None
    assert order.cancellation.fault is Fault.NONE
    assert len(w.market.store.ledger) == 0


def test_a_gateway_timeout_leaves_the_order_awaiting_payment_then_it_expires(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.fiverr_like())
    w.gateway.script(GatewayTimeout("no answer"))
    order_id = place(w)
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.AWAITING_PAYMENT
    w.clock.advance(hours=25)
    assert w.market.run_due().moves == {"expire": 1}
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.CANCELLED
    # The provider charged after all and tells us late: the money is credited, not lost.
    total = w.market.orders.get(order_id, viewer=BACK_OFFICE).escrow_total
    late = w.gateway.event("charge.succeeded", f"order:{order_id}", total, "ch_9")
    assert w.market.handle_gateway_event(late) == "credited"
    assert w.market.wallet.balances("buyer", viewer="buyer").available == total
    assert len(w.publisher.of(LatePaymentCredited)) == 1
    w.market.admin.verify()


def test_a_zero_charge_report_for_a_free_booking_moves_nothing(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.kiwigigs())
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Tiny", price="0.01", delivery_days=1
    )
    assert order.escrow_total == money("0", "NZD")  # 10 % of a cent rounds to nothing
    assert order.state == S.PENDING  # nothing to pay through the platform: paid at once
    w.market.orders.cancel(order.id, actor="buyer", reason="changed my mind")
    entries = len(w.market.store.ledger)
    zero = w.gateway.event("charge.succeeded", f"order:{order.id}", order.escrow_total, "ch_0")
    assert w.market.handle_gateway_event(zero) == "ignored"
    assert w.market.handle_gateway_event(zero) == "duplicate"
    assert len(w.market.store.ledger) == entries
    w.market.admin.verify()


def test_paying_from_the_wallet_needs_enough_available_money(world: World) -> None:
    with pytest.raises(InsufficientFunds, match="available"):
        place(world, pay_from_wallet=True)
    assert world.market.orders.counts() == {}
    # Top the wallet up through a cancelled order's refund to the wallet, then pay from it.
    order_id = place(world)
    world.market.orders.cancel(order_id, actor="buyer", reason="changed my mind")
    assert world.market.wallet.balances("buyer", viewer="buyer").available == money("105.50", "USD")
    second = world.market.orders.place(
        actor="buyer",
        seller_id="seller",
        title="Logo",
        price="100",
        delivery_days=3,
        pay_from_wallet=True,
    )
    assert second.state == S.PENDING
    assert world.market.wallet.balances("buyer", viewer="buyer").available == money("0", "USD")


# -- cancellation --------------------------------------------------------------------------------
def test_seller_decline_refunds_everything_and_counts_against_the_seller(world: World) -> None:
    order_id = place(world)
    order = world.market.orders.decline(order_id, actor="seller", reason="too busy")
    assert order.state == S.CANCELLED
    assert order.cancellation is not None
    assert order.cancellation.fault is Fault.SELLER
    assert world.market.wallet.balances("buyer", viewer="buyer").available == money("105.50", "USD")
    assert world.market.store.ledger.balance(accounts.escrow(order_id), "USD").amount == 0


def test_buyer_fee_is_kept_when_the_policy_says_so(make_world: Callable[..., World]) -> None:
    w = make_world(attrs.evolve(presets.fiverr_like(), refund_buyer_fee=False))
    order_id = place(w)
    w.market.orders.cancel(order_id, actor="buyer")
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("100", "USD")
    assert w.revenue() == {"buyer_fees": "5.50"}


def test_refund_to_the_original_payment_method_calls_the_gateway(
    make_world: Callable[..., World],
) -> None:
    w = make_world(attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL))
    order_id = place(w)
    w.market.orders.cancel(order_id, actor="buyer")
    assert w.market.wallet.balances("buyer", viewer="buyer").available.amount == 0
    refunds = [c for c in w.gateway.calls if c[0] == "re"]
    assert len(refunds) == 1
    assert refunds[0][2] == money("105.50", "USD")
    assert refunds[0][3] == f"order:{order_id}:refund"


def test_a_refund_the_gateway_refused_is_kept_and_retried(make_world: Callable[..., World]) -> None:
    w = make_world(attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL))
    order_id = place(w)
    w.gateway.script(GatewayTimeout("down"))
    w.market.orders.cancel(order_id, actor="buyer")
    assert list(w.market.admin.unsent_refunds) == [f"order:{order_id}:refund"]
    assert w.market.admin.retry_refunds() == 0
    assert len([c for c in w.gateway.calls if c[0] == "re"]) == 2


def test_buyer_cannot_cancel_an_active_order_alone(world: World) -> None:
    order_id = place(world)
    world.market.orders.start(order_id, actor="seller")
    with pytest.raises(InvalidTransition):
        world.market.orders.cancel(order_id, actor="buyer")


def test_buyer_may_cancel_a_late_order_after_the_grace_period(
    make_world: Callable[..., World],
) -> None:
    w = make_world(attrs.evolve(presets.fiverr_like(), late_cancel_grace_hours=12))
    order_id = place(w)
    w.market.orders.start(order_id, actor="seller")
    w.clock.advance(days=3)
    w.market.run_due()
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.LATE
    with pytest.raises(PolicyViolation, match="late by 12 hour"):
        w.market.orders.cancel(order_id, actor="buyer")
    w.clock.advance(hours=12)
    order = w.market.orders.cancel(order_id, actor="buyer", reason="too late")
    assert order.cancellation is not None
    assert order.cancellation.fault is Fault.SELLER


def test_mutual_cancellation_needs_the_other_side(world: World) -> None:
    order_id = place(world)
    world.market.orders.start(order_id, actor="seller")
    world.market.orders.request_cancellation(order_id, actor="seller", reason="cannot finish")
    with pytest.raises(PolicyViolation, match="own request"):
        world.market.orders.answer_cancellation(order_id, actor="seller", agree=True)
    order = world.market.orders.answer_cancellation(order_id, actor="buyer", agree=True)
    assert order.state == S.CANCELLED
    assert order.cancellation is not None
    assert order.cancellation.fault is Fault.NONE
    assert world.market.wallet.balances("buyer", viewer="buyer").available == money("105.50", "USD")


def test_a_declined_cancellation_request_leaves_the_order_running(world: World) -> None:
    order_id = place(world)
    world.market.orders.start(order_id, actor="seller")
    world.market.orders.request_cancellation(order_id, actor="buyer", reason="found someone else")
    order = world.market.orders.answer_cancellation(order_id, actor="seller", agree=False)
    assert order.state == S.ACTIVE
    assert order.cancel_request is None


def test_an_ignored_cancellation_request_is_accepted_after_the_policy_hours(
    world: World,
) -> None:
    order_id = place(world)
    world.market.orders.start(order_id, actor="seller")
    world.market.orders.request_cancellation(order_id, actor="buyer", reason="no longer needed")
    world.clock.advance(hours=47)
    world.market.run_due()
    assert world.market.orders.get(order_id, viewer=BACK_OFFICE).state in (S.ACTIVE, S.LATE)
    world.clock.advance(hours=1)
    report = world.market.run_due()
    assert report.moves.get("cancellation_accepted") == 1
    assert world.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.CANCELLED
    assert len(world.publisher.of(OrderCancelled)) == 1


def test_a_partial_refund_recomputes_commission_on_the_sellers_part(world: World) -> None:
    order_id = delivered(world, "100")
    world.market.orders.request_cancellation(
        order_id, actor="buyer", reason="only half was usable", refund="40"
    )
    order = world.market.orders.answer_cancellation(order_id, actor="seller", agree=True)
    assert order.state == S.COMPLETED
    assert order.refunded == money("40", "USD")
    assert order.commission == money("12", "USD")  # 20 % of the seller's 60
    assert order.seller_amount == money("48", "USD")
    assert world.market.wallet.balances("buyer", viewer="buyer").available == money("40", "USD")
    assert world.revenue() == {"commission": "12.00", "buyer_fees": "5.50"}
    assert world.market.store.ledger.balance(accounts.escrow(order_id), "USD").amount == 0
    world.market.admin.verify()


@pytest.mark.parametrize("refund", ["0", "100.01", "-1", "1.001"])
def test_a_partial_refund_must_lie_within_the_price(world: World, refund: str) -> None:
    order_id = delivered(world, "100")
    with pytest.raises(ValidationError):
        world.market.orders.request_cancellation(order_id, actor="buyer", reason="x", refund=refund)
    assert world.market.orders.get(order_id, viewer=BACK_OFFICE).cancel_request is None


# -- timers ----------------------------------------------------------------------------------------
def test_an_unstarted_order_expires_and_is_refunded(make_world: Callable[..., World]) -> None:
    w = make_world(presets.webpark())
    order_id = place(w, "1000")
    w.clock.advance(hours=72)
    assert w.market.run_due().moves == {"expire": 1}
    order = w.market.orders.get(order_id, viewer=BACK_OFFICE)
    assert order.cancellation is not None
    assert order.cancellation.fault is Fault.SELLER
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("1000", "RUB")


def test_an_extension_moves_the_deadline_and_revives_a_late_order(world: World) -> None:
    order_id = place(world)
    world.market.orders.start(order_id, actor="seller")
    world.clock.advance(days=3)
    world.market.run_due()
    assert world.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.LATE
    with pytest.raises(PermissionDenied, match="only the seller"):
        world.market.orders.request_extension(order_id, actor="buyer", days=2)
    world.market.orders.request_extension(
        order_id, actor="seller", days=2, reason="the client changed the brief"
    )
    with pytest.raises(PermissionDenied):
        world.market.orders.grant_extension(order_id, actor="seller")
    order = world.market.orders.grant_extension(order_id, actor="buyer")
    assert order.state == S.ACTIVE
    assert order.due_at is not None
    assert order.due_at > world.clock.now()


def test_run_due_is_idempotent(world: World) -> None:
    order_id = delivered(world)
    world.clock.advance(days=30)
    # Clearance counts from the moment the order completed, i.e. this run.
    assert world.market.run_due().moves == {"auto_complete": 1}
    world.clock.advance(days=14)
    assert world.market.run_due().moves == {"clear": 1}
    entries = len(world.market.store.ledger)
    assert world.market.run_due().total == 0
    assert len(world.market.store.ledger) == entries
    assert world.market.orders.get(order_id, viewer=BACK_OFFICE).cleared


def test_an_order_keeps_the_terms_it_was_placed_under(world: World) -> None:
    order_id = place(world)
    # The operator raises the commission: the marketplace is opened again on the same store
    # under the new terms, as a restarted process would be.
    world.market = Marketplace(
        uow=world.market.store.unit_of_work,
        clock=world.clock,
        policy=attrs.evolve(world.market.policy, commission_rate=Decimal("0.50")),
        gateway=world.gateway,
        notifier=world.notifier,
        publisher=world.publisher,
    )
    world.market.orders.start(order_id, actor="seller")
    world.market.orders.deliver(order_id, actor="seller", message="done")
    order = world.market.orders.accept(order_id, actor="buyer")
    assert order.commission == money("20", "USD")
    newer = world.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="100", delivery_days=3
    )
    assert newer.expected_seller_amount == money("50", "USD")


def test_quote_says_everything_before_anything_is_placed(world: World) -> None:
    quote = world.market.orders.quote("100", delivery_days=3)
    assert quote.buyer_pays == money("105.50", "USD")
    assert quote.seller_gets == money("80", "USD")
    assert quote.platform_keeps == {
        "commission": money("20", "USD"),
        "buyer_fees": money("5.50", "USD"),
    }
    assert quote.available_at == world.clock.now().add(days=17)
    assert world.market.orders.counts() == {}
    assert len(world.market.store.ledger) == 0


def test_a_failing_command_rolls_back_its_ledger_entries(world: World) -> None:
    """A command that fails after posting (here: a save conflict) leaves no trace."""
    order_id = delivered(world)
    store = world.market.store
    real_save = store.orders  # the dict the repository writes to

    class Boom(Exception):
        pass

    original = OrderClosing.__dict__["complete"]

    def failing(self: object, *args: object) -> object:
        original(self, *args)  # the release is posted to the ledger ...
        raise Boom  # ... and then the command fails

    before = snapshot(world)
    OrderClosing.complete = failing  # type: ignore[method-assign]
    try:
        with pytest.raises(Boom):
            world.market.orders.accept(order_id, actor="buyer")
    finally:
        OrderClosing.complete = original  # type: ignore[method-assign]
    assert snapshot(world) == before
    assert real_save[order_id].state == S.DELIVERED
    world.market.admin.verify()


def test_dashboards_and_history(world: World) -> None:
    first = delivered(world)
    place(world)
    world.market.orders.accept(first, actor="buyer")
    board = world.market.orders.dashboard("seller", viewer="seller")
    assert board.by_state == {S.COMPLETED: 1, S.PENDING: 1}
    assert board.total == money("80", "USD")
    assert len(board.open_orders) == 1
    history = world.market.orders.history(first, viewer=BACK_OFFICE)
    assert [step.trigger for step in history] == [
        "place",
        "payment_confirmed",
        "start",
        "deliver",
        "accept",
    ]
    assert world.market.orders.counts() == {S.COMPLETED: 1, S.PENDING: 1}


def test_terms_in_another_currency_are_refused_with_a_clear_error_and_store_nothing() -> None:
    """An operator's own terms (a promotion) in EUR on a USD marketplace: comparing its
    prices with the marketplace's maximum raised moneyed's bare ``TypeError`` before."""
    market = Marketplace.in_memory(presets.fiverr_like())
    for user in ("ann", "bob"):
        market.users.register(user, name=user, email=f"{user}@example.org")
    euro = presets.fiverr_like("EUR")
    with pytest.raises(CurrencyMismatch, match="trade in EUR but this marketplace trades in USD"):
        market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="10", delivery_days=3, policy=euro
        )
    with pytest.raises(CurrencyMismatch, match="give terms in USD"):
        market.orders.quote("10", policy=euro)
    with pytest.raises(ValidationError, match="MarketplacePolicy"):
        market.orders.quote("10", policy="fiverr")  # type: ignore[arg-type]
    assert market.orders.dashboard("ann", "buyer", viewer="ann").open_orders == ()
