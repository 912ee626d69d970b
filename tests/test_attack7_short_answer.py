"""A placing whose provider answered with another amount than asked, frozen past the grace
while another worker refunds its charge as one whose order never came: the order is stored or
its charge refunded, never both (the module docstring of `orphan_charges`)."""

from __future__ import annotations

import contextlib
from typing import Any

import attrs
from moneyed import Money

from microjob import BACK_OFFICE
from microjob.adapters.memory import FrozenClock
from microjob.errors import Conflict
from microjob.ports import ChargeResult
from tests.placing_kit import ESCROW, PAST_GRACE, Provider, market_for, place, refunds, stored

SHORT = Money("5.00", "USD")


class ShortProvider(Provider):
    """Charges succeed for less than asked, and say so."""

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult:
        result = super().charge(subject, amount, idempotency_key)
        return attrs.evolve(result, amount=amount - SHORT)


def test_a_short_answered_placing_frozen_past_the_refund_of_its_charge_stores_no_order() -> None:
    provider, clock = ShortProvider(), FrozenClock()
    market = market_for(provider, clock)
    told: list[str] = []

    def webhook_then_grace(subject: str, result: Any) -> None:
        told.append(subject.partition(":")[2])
        event = provider.event("charge.succeeded", subject, ESCROW - SHORT, result.reference)
        assert market.handle_gateway_event(event) == "parked"
        clock.advance(seconds=PAST_GRACE)  # the placing's process is frozen meanwhile
        market.run_due()  # another worker's scheduler: refunds the charge as orphaned

    provider.during_charge.append(webhook_then_grace)
    # The process looked at its clock in time and then froze (as in test_charge_claim_race).
    market.orders._payments.check_window = lambda draft, now: None  # type: ignore[method-assign]
    with contextlib.suppress(Conflict):  # refusing the placing is the right outcome
        place(market)
    (order_id,) = told
    refunded = [r for r in refunds(provider) if f"order:{order_id}:orphan:" in r[3]]
    assert refunded, "the kept charge was not refunded (the scenario did not happen)"
    assert not stored(market, order_id), (
        "order stored although its charge was refunded as one whose order never came: "
        f"{market.orders.get(order_id, viewer=BACK_OFFICE).state}; the operator is asked to "
        f"reconcile {[c.amount for c in market.admin.gateway_conflicts(viewer=BACK_OFFICE)]}"
    )
