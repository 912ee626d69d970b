"""Kept provider events of a missing order whose charge a stored order claimed: ``run_due``
must settle them (for an operator), not fail on them on every pass."""

from __future__ import annotations

from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.services.orphan_charges import ANOTHER_ORDERS, parked_events
from tests.placing_kit import ESCROW, PAST_GRACE, market_for, place, reserved


def test_a_covered_charge_of_another_stored_order_is_settled_not_an_error_for_ever() -> None:
    clock = FrozenClock()
    provider = FakeGateway()
    market = market_for(provider, clock)
    paid = place(market)  # order Y, paid by the charge R: R is claimed by Y
    assert paid.charge_ref
    missing = reserved(market)  # order X: issued, never stored
    subject = f"order:{missing}"
    # The provider's webhooks name the wrong order (X) with Y's charge, and then its reversal.
    market.handle_gateway_event(
        provider.event("charge.succeeded", subject, ESCROW, paid.charge_ref)
    )
    market.handle_gateway_event(provider.event("charge.reversed", subject, ESCROW, paid.charge_ref))
    clock.advance(seconds=PAST_GRACE)
    for _ in range(3):
        report = market.run_due()
        assert report.errors == (), report.errors
    with market.unit_of_work() as uow:
        kept = parked_events(uow).where(order_id=missing)
    assert all(p.state == "settled" for p in kept), kept
    # Y's charge is not X's: an operator decides, nothing is refunded or covered by X.
    assert any(p.outcome == ANOTHER_ORDERS for p in kept), kept
