"""Second round of attacks on placing with the provider first (`OrderService.create`), on the
events kept for orders not stored (`microjob.services.orphan_charges`) and on refunds refused
and asked for again under a new key (`PendingRefund.call_key`).

Each test names a way money could be lost, taken twice, refunded twice, or refunded for an
order that exists: a refusal read late under an old key, a stray event settled as not ours
before its id was issued, and a webhook naming an issued but never stored id with a paid
order's charge reference. Each failed before its fix.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FrozenClock, GatewayTimeout
from microjob.context import pending_refunds_repo
from microjob.errors import NotFound
from microjob.orders import OrderState
from microjob.policies import RefundTo
from microjob.ports import ChargeResult
from microjob.services.orphan_charges import NOT_OURS
from tests.placing_kit import ESCROW, PAST_GRACE, ReplayingProvider
from tests.placing_kit import escrow_of as _escrow
from tests.placing_kit import place as _place
from tests.placing_kit import with_people as _users

S = OrderState


class Provider(ReplayingProvider):
    """A replaying provider (`ReplayingProvider`) that can also run something while a charge
    is in flight."""

    def __init__(self, default: str = "succeeded") -> None:
        super().__init__(default)
        self.during_charge: list[Callable[[str, ChargeResult], None]] = []

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult:
        result = super().charge(subject, amount, idempotency_key)
        for act in self.during_charge:
            act(subject, result)
        return result


# -- a refusal read late, while the next key's call is in doubt -----------------------------------
def test_a_late_refusal_under_the_old_key_does_not_hide_a_refund_in_doubt() -> None:
    """Two workers send the same refund. Worker 2's call under the first key is slow; the
    provider refuses that key. Meanwhile worker 1 sends it too, is refused under the same key
    (the provider replays its answer) and counts the refusal; its next attempt, under ``:1``,
    reaches the card but its answer is lost (in doubt). Worker 2's refusal then comes back.

    Must hold: the refund stays in doubt (the ``:1`` call may have refunded the card), so a
    chargeback of the order's charge leaves the buyer owing the refund."""
    provider = Provider()
    market = _users(
        Marketplace.in_memory(
            attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL),
            clock=FrozenClock(),
            gateway=provider,
        )
    )
    order = _place(market)
    key = f"order:{order.id}:refund"
    # The first attempt, right after the decline, times out before reaching the provider.
    provider.script(GatewayTimeout("no answer"))
    market.orders.decline(order.id, actor="bob", reason="too busy")
    assert list(market.admin.unsent_refunds) == [key]
    provider.default = "failed"  # the provider refuses the refund under its first key

    def worker_one() -> None:
        assert market.admin.send_refund(key) is False  # refused: counted, a new key next
        provider.default = "succeeded"
        provider.lose_answer.add(f"{key}:1")
        assert market.admin.send_refund(key) is False  # carried out, its answer lost

    provider.during[key] = worker_one
    assert market.admin.send_refund(key) is False  # worker 2's slow call: refused
    assert provider.refunded() == [f"{key}:1"], "the card has its refund"
    paid = market.orders.get(order.id, viewer=BACK_OFFICE)
    reversal = provider.event("charge.reversed", f"order:{order.id}", ESCROW, paid.charge_ref or "")
    assert market.handle_gateway_event(reversal) == "applied"
    debts = market.wallet.debts("ann", viewer="ann")
    assert [d.amount for d in debts] == [ESCROW], "refunded and charged back: the buyer owes"
    assert market.admin.verify().totals == {"USD": 0}


# -- a stray event for an id not issued yet, settled, then the id is issued ----------------------
def test_a_stray_settled_as_not_ours_does_not_refund_the_charge_of_the_order_later_placed() -> None:
    """A webhook names ``order:oN`` before this marketplace issued ``oN`` (another
    marketplace's, or a mislabelled one); past the grace it is settled as not ours, rightly.
    Then a placing issues ``oN``; the provider's webhook for its charge comes before the
    placing's commit, and a scheduler's run_due runs a minute later.

    Must hold: the order is stored paid and its charge is not refunded."""
    provider, clock = Provider(), FrozenClock()
    market = _users(Marketplace.in_memory(presets.fiverr_like(), clock=clock, gateway=provider))
    last = market.unit_of_work().orders.next_id()
    next_id = f"o{int(last[1:]) + 1}"
    stray = provider.event("charge.succeeded", f"order:{next_id}", ESCROW, "ch_elsewhere")
    assert market.handle_gateway_event(stray) == "parked"
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    assert [p.outcome for p in market.orders.orphans.for_operator()] == [NOT_OURS]
    assert provider.refunded() == []

    def webhook_then_run_due(subject: str, result: ChargeResult) -> None:
        market.handle_gateway_event(
            provider.event("charge.succeeded", subject, ESCROW, result.reference)
        )
        clock.advance(minutes=1)
        market.run_due()

    provider.during_charge.append(webhook_then_run_due)
    order = _place(market)
    provider.during_charge.clear()
    assert order.id == next_id
    assert order.state == S.PENDING
    market.run_due()
    assert _escrow(market, order.id) == ESCROW
    assert provider.refunded() == [], "the card was refunded for an order that is paid"
    with market.unit_of_work() as uow:
        assert pending_refunds_repo(uow).where(state="pending") == []


# -- a stray naming an id that was issued but never stored ----------------------------------------
def test_a_webhook_naming_an_issued_but_unstored_id_never_refunds_a_stored_orders_charge() -> None:
    """The first round's `test_a_webhook_naming_the_wrong_order_never_refunds_a_stored_orders_
    charge` names an id never issued (``o999999``). Here the mislabelled webhook names an id
    that was issued and never stored: a placing refused by its own checks (an unknown seller)
    after it reserved its id. `was_issued` is true for it (as it is for any number the shared
    id counter handed to any record), so the kept charge is refunded by its reference, which
    is the charge of a stored, paid order.

    Must hold: the paid order keeps its escrow and its charge is not refunded."""
    provider, clock = Provider(), FrozenClock()
    market = _users(Marketplace.in_memory(presets.fiverr_like(), clock=clock, gateway=provider))
    paid = market.orders.get(_place(market).id, viewer=BACK_OFFICE)
    assert paid.state == S.PENDING
    assert paid.charge_ref
    with pytest.raises(Exception, match="nobody"):
        market.orders.place(
            actor="ann", seller_id="nobody", title="Logo", price="20", delivery_days=3
        )
    unstored = f"o{int(paid.id[1:]) + 1}"
    with market.unit_of_work() as uow:
        assert uow.orders.was_issued(unstored)
        with pytest.raises(NotFound):
            uow.orders.get(unstored)
    stray = provider.event("charge.succeeded", f"order:{unstored}", ESCROW, paid.charge_ref or "")
    assert market.handle_gateway_event(stray) == "parked"
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    assert _escrow(market, paid.id) == ESCROW
    assert provider.refunded() == [], "the charge of a paid order was refunded"
