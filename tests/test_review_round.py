"""Defects found by a cold review of the round's changes (subscriptions' money, chargebacks,
the shared search's level records); each test names the attack and what must hold."""

from __future__ import annotations

import attrs
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock, GatewayTimeout
from microjob.policies import RefundTo
from microjob.ports import GatewayEvent
from microjob.subscriptions import Plan
from microjob.testing import expect_deltas

PRO = Plan(id="pro", name="Pro", price=Money("9.90", "USD"), period_days=30)
PRICE = Money("9.90", "USD")


def _market(gateway: FakeGateway, clock: FrozenClock) -> Marketplace:
    market = Marketplace.in_memory(presets.fiverr_like(), clock=clock, gateway=gateway)
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    market.users.register("bo", name="Bo", email="bo@example.org")
    market.subscriptions.define_plan(PRO, actor="admin")
    return market


def test_a_subscription_charge_reversed_before_its_success_is_told_pays_no_period() -> None:
    """Attack: the provider's webhooks arrive out of order: the reversal of ch_1 first, then
    its success.

    Must hold: the reversed charge brings nothing in: no period is booked with it and the
    plan is not granted for it."""
    clock = FrozenClock()
    market = _market(FakeGateway("pending"), clock)
    sub = market.subscriptions.subscribe("pro", actor="bo")
    market.handle_gateway_event(GatewayEvent("e1", "charge.reversed", sub.cause, PRICE, "ch_1"))
    with expect_deltas(market, {}):
        market.handle_gateway_event(
            GatewayEvent("e2", "charge.succeeded", sub.cause, PRICE, "ch_1")
        )
    after = market.subscriptions.get(sub.id, viewer=BACK_OFFICE)
    assert after.period == 0
    assert market.subscriptions.badge("bo") is None


def test_a_subscription_charge_credited_to_the_wallet_then_reversed_goes_back() -> None:
    """Attack: a renewal charge confirmed after its failure was told is credited to the
    wallet; the provider then reverses it.

    Must hold: the credit leaves the wallet (or becomes the subscriber's debt): the provider
    has the money back, so the subscriber cannot withdraw it too."""
    clock = FrozenClock()
    market = _market(FakeGateway("pending"), clock)
    sub = market.subscriptions.subscribe("pro", actor="bo")
    market.handle_gateway_event(GatewayEvent("e1", "charge.succeeded", sub.cause, PRICE, "ch_1"))
    clock.advance(days=30)
    market.run_due()
    market.handle_gateway_event(GatewayEvent("e2", "charge.failed", sub.cause, None, "ch_2"))
    market.handle_gateway_event(GatewayEvent("e3", "charge.succeeded", sub.cause, PRICE, "ch_2"))
    wallet = accounts.available("bo")
    with expect_deltas(market, {wallet: "-9.90", accounts.WORLD: "9.90"}):
        market.handle_gateway_event(GatewayEvent("e4", "charge.reversed", sub.cause, PRICE, "ch_2"))


def test_a_chargeback_after_a_refund_call_that_timed_out_leaves_the_refund_owed() -> None:
    """Attack: the platform's refund to the buyer's card times out (the provider may well
    have taken it: the answer was lost), then the buyer charges back the payment.

    Must hold: the buyer may have been paid twice, so the refund is not written off as covered:
    the buyer owes it, and it stays to be sent again under its idempotency key (the provider
    takes it at most once). A refund the provider refused outright is covered (see
    tests/test_attack_money.py)."""
    gateway = FakeGateway()
    market = Marketplace.in_memory(
        attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL), gateway=gateway
    )
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    )
    gateway.script(GatewayTimeout("no answer"))
    market.orders.decline(order.id, actor="bob", reason="too busy")
    key = f"order:{order.id}:refund"
    charge = market.orders.get(order.id, viewer=BACK_OFFICE).charge_ref or ""
    total = order.escrow_total
    reversal = GatewayEvent("evt_r", "charge.reversed", f"order:{order.id}", total, charge)
    assert market.handle_gateway_event(reversal) == "applied"
    [debt] = market.wallet.debts("ann", viewer="ann")
    assert debt.amount == total
    assert list(market.admin.unsent_refunds) == [key]


def test_a_stale_failure_after_a_success_told_once_confirmed_by_hand_takes_nothing() -> None:
    """Attack: under deposit review the admin confirms a deposit while the provider's charge
    is pending; the provider's success then arrives, then a stale failure notice of the same
    charge (webhooks out of order, or an earlier attempt's).

    Must hold: the provider said it took the money, so the stale failure takes nothing back
    (as when the success was told before the admin confirmed)."""
    from microjob.payouts import DepositState

    market = Marketplace.in_memory(presets.webpark(), gateway=FakeGateway("pending"))
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
    deposit = market.wallet.announce_deposit(actor="ann", amount="1000")
    deposit = market.wallet.confirm_deposit(deposit.id, actor="ops")
    paid = GatewayEvent("evt_s", "charge.succeeded", deposit.cause, deposit.amount, "ch_1")
    market.handle_gateway_event(paid)
    stale = GatewayEvent("evt_f", "charge.failed", deposit.cause, None, "ch_1", "declined")
    with expect_deltas(market, {}):
        market.handle_gateway_event(stale)
    assert market.wallet.deposit(deposit.id, viewer="ann").state == DepositState.CONFIRMED


def test_a_reversal_of_an_earlier_period_leaves_the_paid_current_period_running() -> None:
    """Attack: period 1 (ch_1) and period 2 (ch_2) are paid; the provider then reverses ch_1,
    the charge of a period already over.

    Must hold: ch_1's 9.90 leaves platform:subscriptions; period 2, paid by ch_2 whose money
    the platform keeps, still runs (a lapse would keep the subscriber's fee for a period they
    no longer get)."""
    clock = FrozenClock()
    market = _market(FakeGateway("pending"), clock)
    sub = market.subscriptions.subscribe("pro", actor="bo")
    market.handle_gateway_event(GatewayEvent("e1", "charge.succeeded", sub.cause, PRICE, "ch_1"))
    clock.advance(days=30)
    market.run_due()
    market.handle_gateway_event(GatewayEvent("e2", "charge.succeeded", sub.cause, PRICE, "ch_2"))
    with expect_deltas(market, {accounts.PLATFORM_SUBSCRIPTIONS: "-9.90", accounts.WORLD: "9.90"}):
        market.handle_gateway_event(GatewayEvent("e3", "charge.reversed", sub.cause, PRICE, "ch_1"))
    after = market.subscriptions.get(sub.id, viewer=BACK_OFFICE)
    assert (after.state, after.period) == ("active", 2)
