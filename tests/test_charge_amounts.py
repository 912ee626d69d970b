"""The provider's synchronous answer says what it took (`ChargeResult.amount`): another amount
than asked is never booked as the payment of an order, a deposit or a subscription period.

Before, the answer carried no amount and the engine booked what it had asked for: a provider
that took 19.10 for an order of 24.10 (a partial capture, a currency slip) left the books
saying the escrow held 24.10. Each test below booked the asked amount then.
"""

from __future__ import annotations

import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.errors import Conflict
from microjob.orders import OrderState
from microjob.ports import ChargeResult
from microjob.subscriptions import SS, Plan
from tests.placing_kit import ESCROW, with_people
from tests.placing_kit import escrow_of as _escrow
from tests.placing_kit import place as _place

SHORT = Money("5.00", "USD")
"""What the provider takes off every charge here."""


class ShortCharging(FakeGateway):
    """A provider whose charges succeed for less than asked, and say so."""

    def __init__(self, short: Money | None = SHORT) -> None:
        super().__init__()
        self.short = short
        self.answers: list[ChargeResult] = []

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult:
        result = super().charge(subject, amount, idempotency_key)
        took = amount if self.short is None else amount - self.short
        self.answers.append(ChargeResult(result.reference, result.status, amount=took))
        return self.answers[-1]


def _market(provider: FakeGateway) -> Marketplace:
    market = Marketplace.in_memory(presets.fiverr_like(), clock=FrozenClock(), gateway=provider)
    with_people(market)
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    return market


def test_an_order_charged_another_amount_waits_for_its_payment_and_is_kept_for_an_operator() -> (
    None
):
    provider = ShortCharging()
    market = _market(provider)
    order = _place(market)
    assert order.state == OrderState.AWAITING_PAYMENT
    assert _escrow(market, order.id) == Money(0, "USD")
    (conflict,) = market.admin.gateway_conflicts(viewer=BACK_OFFICE)
    assert conflict.subject == f"order:{order.id}"
    assert conflict.amount == ESCROW - SHORT
    # The provider's webhook for the same charge says the same: still not the payment.
    (answer,) = provider.answers
    webhook = provider.event(
        "charge.succeeded", f"order:{order.id}", answer.amount, answer.reference
    )
    with pytest.raises(Conflict, match="kept for an operator"):
        market.handle_gateway_event(webhook)
    assert market.orders.get(order.id, viewer=BACK_OFFICE).state == OrderState.AWAITING_PAYMENT
    assert _escrow(market, order.id) == Money(0, "USD")
    assert len(market.admin.gateway_conflicts(viewer=BACK_OFFICE)) == 2


def test_an_answer_naming_the_amount_asked_pays_the_order() -> None:
    market = _market(ShortCharging(short=None))
    order = _place(market)
    assert order.state == OrderState.PENDING
    assert _escrow(market, order.id) == ESCROW
    assert market.admin.gateway_conflicts(viewer=BACK_OFFICE) == []


def test_a_card_deposit_charged_another_amount_is_not_credited_and_is_kept() -> None:
    market = _market(ShortCharging())
    deposit = market.wallet.announce_deposit(actor="ann", amount="50")
    assert deposit.amount == Money("50", "USD")
    balances = market.wallet.balances("ann", viewer="ann")
    assert balances.available == Money(0, "USD")
    (conflict,) = market.admin.gateway_conflicts(viewer=BACK_OFFICE)
    assert conflict.subject == deposit.cause
    assert conflict.amount == Money("45", "USD")


def test_a_subscription_charged_another_amount_pays_no_period_and_is_kept() -> None:
    market = _market(ShortCharging())
    plan = Plan(id="pro", name="Pro", price=Money("9.90", "USD"), period_days=30)
    market.subscriptions.define_plan(plan, actor="admin")
    sub = market.subscriptions.subscribe("pro", actor="bob")
    assert sub.state == SS.PENDING
    (conflict,) = market.admin.gateway_conflicts(viewer=BACK_OFFICE)
    assert conflict.subject == sub.cause
    assert conflict.amount == Money("4.90", "USD")
