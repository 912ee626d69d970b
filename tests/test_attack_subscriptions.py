"""Attacks on subscriptions: what a reversal takes back, and renewal charges that are lost or
cancelled by a stale provider notice.

Each test names the attack in its docstring, what must hold afterwards, and what went wrong
before the fix."""

from __future__ import annotations

import attrs
from moneyed import Money

from microjob import Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.ports import GatewayEvent
from microjob.subscriptions import Plan
from microjob.testing import expect_deltas

PRO = Plan(id="pro", name="Pro", price=Money("9.90", "USD"), period_days=30)


def _market(gateway: FakeGateway, clock: FrozenClock) -> Marketplace:
    market = Marketplace.in_memory(presets.fiverr_like(), clock=clock, gateway=gateway)
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    market.users.register("bo", name="Bo", email="bo@example.org")
    market.subscriptions.define_plan(PRO, actor="admin")
    return market


class TestSubscriptionReversals:
    def test_a_reversal_takes_back_what_the_reversed_period_was_charged(self) -> None:
        """Attack: the plan's price rises between two periods, then the provider reverses
        the first (cheaper) period's charge without naming an amount.

        Must hold: exactly the 9.90 that charge brought in leaves platform:subscriptions.
        Before the fix the subscription's current price (19.90) was taken out."""
        clock = FrozenClock()
        market = _market(FakeGateway("pending"), clock)
        sub = market.subscriptions.subscribe("pro", actor="bo")
        cheap, dear = Money("9.90", "USD"), Money("19.90", "USD")
        market.handle_gateway_event(
            GatewayEvent("e1", "charge.succeeded", sub.cause, cheap, "ch_1")
        )
        market.subscriptions.define_plan(attrs.evolve(PRO, price=dear), actor="admin")
        clock.advance(days=30)
        market.run_due()
        market.handle_gateway_event(GatewayEvent("e2", "charge.succeeded", sub.cause, dear, "ch_2"))
        with expect_deltas(
            market, {accounts.PLATFORM_SUBSCRIPTIONS: "-9.90", accounts.WORLD: "9.90"}
        ):
            market.handle_gateway_event(
                GatewayEvent("e3", "charge.reversed", sub.cause, None, "ch_1")
            )
