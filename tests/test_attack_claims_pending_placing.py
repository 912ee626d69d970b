"""The charge's claim row keeps a refunded orphan charge and its order apart only when the
placing itself writes the claim: a placing whose provider answered ``pending`` writes none.

The provider answers ``pending``; its webhook for the charge arrives while the placing is in
flight and is kept (the order is not stored yet). The placing's process then freezes past its
last window check for longer than the grace, and another ``run_due`` refunds the charge as one
whose order never came. When the placing resumes, the kept webhook is settled already, so its
``apply_kept`` finds nothing waiting and writes no claim: the order is stored anyway, awaiting
a payment the buyer already got back. From then on every event of that charge is refused
(``claim_charge`` meets the refunded claim of the same order), so the provider's retries fail
for ever, and the order is never paid nor cleanly refused.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from microjob import BACK_OFFICE
from microjob.adapters.memory import FrozenClock
from microjob.errors import Conflict
from microjob.ports import GatewayEvent
from tests.placing_kit import ESCROW, PAST_GRACE, Provider, market_for, place, refunds, stored

REFERENCE = "ch_pending_1"


def _frozen_pending_placing() -> tuple[Any, Provider, list[GatewayEvent]]:
    provider, clock = Provider("pending"), FrozenClock()
    market = market_for(provider, clock)
    told: list[GatewayEvent] = []

    def webhook_then_grace(subject: str, result: Any) -> None:
        event = provider.event("charge.succeeded", subject, ESCROW, REFERENCE)
        told.append(event)
        assert market.handle_gateway_event(event) == "parked"
        clock.advance(seconds=PAST_GRACE)  # the placing's process is frozen meanwhile
        market.run_due()  # another worker's scheduler: refunds the charge as orphaned

    provider.during_charge.append(webhook_then_grace)
    # The process looked at its clock in time and then froze (as in test_charge_claim_race).
    market.orders._payments.check_window = lambda draft, now: None  # type: ignore[method-assign]
    return market, provider, told


def test_a_pending_placing_frozen_past_the_refund_of_its_charge_stores_no_order() -> None:
    market, provider, told = _frozen_pending_placing()
    with contextlib.suppress(Conflict):  # refusing the placing is the right outcome
        place(market)
    (event,) = told
    order_id = event.subject.partition(":")[2]
    refunded = [r for r in refunds(provider) if r[3] == f"order:{order_id}:orphan:{REFERENCE}"]
    assert refunded, "the kept charge was not refunded (the scenario did not happen)"
    assert not stored(market, order_id), (
        "order stored although its charge was refunded as one whose order never came: "
        f"{market.orders.get(order_id, viewer=BACK_OFFICE).state}"
    )


def test_a_charge_told_again_after_such_a_placing_is_not_refused_for_ever() -> None:
    market, provider, told = _frozen_pending_placing()
    with contextlib.suppress(Conflict):  # refusing the placing is the right outcome
        place(market)
    (event,) = told
    # The provider tells the same charge again under a new event id (a redelivery): it must
    # be answered (a duplicate, credited, ...) rather than refused on every retry.
    again = provider.event("charge.succeeded", event.subject, ESCROW, REFERENCE)
    for _ in range(2):
        try:
            market.handle_gateway_event(again)
        except Conflict as exc:
            pytest.fail(f"the provider's event is refused on every delivery: {exc}")
