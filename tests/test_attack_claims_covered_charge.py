"""A charge settled as *covered* (the provider charged it back before the refund went out) is
settled as one whose order never came, like a refunded one, but it writes no claim row: a
placing frozen past the grace then stores its order paid, with escrow the provider has taken
back.

The placing's process looks at its clock in time and freezes (as in
``test_charge_claim_race``); meanwhile the provider's webhook for the charge and its chargeback
arrive and are kept, the grace passes, and ``run_due`` settles both (``covered``: nothing to
refund, the card has the money back). The placing then resumes and stores the order as paid:
its escrow holds the price, the chargeback was settled without ever reaching the order, and
the seller can be paid money the platform no longer has.
"""

from __future__ import annotations

import contextlib
from typing import Any

from moneyed import Money

from microjob import BACK_OFFICE
from microjob.adapters.memory import FrozenClock
from microjob.errors import Conflict
from microjob.services.orphan_charges import parked_events
from tests.placing_kit import ESCROW, PAST_GRACE, Provider, escrow_of, market_for, place, stored


def test_a_placing_frozen_past_its_charges_chargeback_does_not_store_a_paid_order() -> None:
    provider, clock = Provider(), FrozenClock()
    market = market_for(provider, clock)
    subjects: list[str] = []

    def charged_back_meanwhile(subject: str, result: Any) -> None:
        subjects.append(subject)
        for kind in ("charge.succeeded", "charge.reversed"):
            event = provider.event(kind, subject, ESCROW, result.reference)
            assert market.handle_gateway_event(event) == "parked"
        clock.advance(seconds=PAST_GRACE)  # the placing's process is frozen meanwhile
        market.run_due()  # another worker: the charge is settled as covered by its chargeback

    provider.during_charge.append(charged_back_meanwhile)
    market.orders._payments.check_window = lambda draft, now: None  # type: ignore[method-assign]
    with contextlib.suppress(Conflict):  # refusing the placing is the right outcome
        place(market)
    order_id = subjects[0].partition(":")[2]
    with market.unit_of_work(read_only=True) as uow:
        outcomes = sorted(p.outcome for p in parked_events(uow).where(order_id=order_id))
    assert "covered" in outcomes, outcomes  # the scenario happened
    if stored(market, order_id):
        order = market.orders.get(order_id, viewer=BACK_OFFICE)
        assert escrow_of(market, order_id) == Money(0, "USD"), (
            f"order {order_id} stored {order.state} with {escrow_of(market, order_id)} in "
            "escrow, although the provider charged its charge back (settled as covered)"
        )
