"""Defects found by a cold review of the round's changes (subscriptions' money, chargebacks,
the shared search's level records); each test names the attack and what must hold."""

from __future__ import annotations

from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock
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
