"""``run_due``'s batch size is read when it runs: a test (or an operator) that sets
``microjob.services.order_closing.DUE_BATCH`` gets batches of that size."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pytest
from pendulum import DateTime

from microjob import Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.services import order_closing


def test_due_batch_set_to_one_clears_one_order_per_unit_of_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``tests/test_clearance_batches.py`` compares ``run_due`` with
    ``order_closing.DUE_BATCH`` set to 1 against the default, to prove a batch pays debts and
    past-due plans as one order at a time does. But ``OrderClosing.move_due`` took
    ``batch: int = DUE_BATCH`` as a default, bound when the module was imported: setting the
    module's name afterwards changed nothing, so both runs cleared all six orders in one
    batch and the comparison proved nothing. The size must be looked up when ``move_due``
    runs."""
    sizes: list[int] = []
    tick_many = order_closing.OrderClosing._tick_many

    def spy(self: order_closing.OrderClosing, ids: Sequence[str], at: DateTime) -> list[str]:
        sizes.append(len(ids))
        return tick_many(self, ids, at)

    monkeypatch.setattr(order_closing.OrderClosing, "_tick_many", spy)
    monkeypatch.setattr(order_closing, "DUE_BATCH", 1)
    clock = FrozenClock()
    policy = attrs.evolve(presets.fiverr_like(), clearance_days=3)
    market = Marketplace.in_memory(policy, clock=clock, gateway=FakeGateway())
    for user in ("ann", "bob"):
        market.users.register(user, name=user, email=f"{user}@example.org")
    for price in ("10", "20", "30"):
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price=price, delivery_days=3
        )
        market.orders.start(order.id, actor="bob")
        market.orders.deliver(order.id, actor="bob", message="done")
        market.orders.accept(order.id, actor="ann")
    clock.advance(days=4)
    assert market.run_due().moves.get("clear") == 3
    assert sizes == [1, 1, 1]
