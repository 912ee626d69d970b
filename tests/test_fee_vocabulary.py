"""One fee vocabulary: the quote, the order, revenue() and the report name each source alike."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from microjob import BACK_OFFICE, Marketplace, presets
from microjob import ledger as accounts
from microjob.policies import MarketplacePolicy

PRESETS = {
    "fiverr_like": presets.fiverr_like,
    "microjobengine": presets.microjobengine,
    "webpark": presets.webpark,
    "kiwigigs": presets.kiwigigs,
    "jobindoor": presets.jobindoor,
}


def _market(policy: MarketplacePolicy) -> Marketplace:
    market = Marketplace.in_memory(attrs.evolve(policy, clearance_days=0))
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    return market


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(PRESETS)), cents=st.integers(min_value=500, max_value=900_000))
def test_quote_order_and_revenue_name_and_count_each_source_alike(name: str, cents: int) -> None:
    policy = PRESETS[name]()
    market = _market(policy)
    places = Decimal(10) ** -2 if policy.currency != "HUF" else Decimal(1)
    price = (Decimal(cents) / 100).quantize(places)
    quote = market.orders.quote(price)
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price=price, delivery_days=3
    )
    assert order.platform_keeps == quote.platform_keeps
    before = market.admin.revenue(viewer=BACK_OFFICE)
    market.orders.start(order.id, actor="bob")
    market.orders.deliver(order.id, actor="bob", message="done")
    done = market.orders.accept(order.id, actor="ann")
    after = market.admin.revenue(viewer=BACK_OFFICE)
    moved = {k: after[k] - before[k] for k in after if after[k] != before[k]}
    assert moved == done.platform_keeps == quote.platform_keeps
    assert set(after) == {a.partition(":")[2] for a in accounts.PLATFORM_ACCOUNTS}
    shown = market.orders.get(order.id, viewer=BACK_OFFICE)
    assert shown.commission == quote.commission


def test_a_direct_mode_order_keeps_a_booking_fee_and_takes_no_commission() -> None:
    market = _market(presets.kiwigigs())
    quote = market.orders.quote("500")
    assert set(quote.platform_keeps) == {"booking_fees"}
    assert quote.commission.amount == 0
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Garden", price="500", delivery_days=3
    )
    market.orders.start(order.id, actor="bob")
    market.orders.deliver(order.id, actor="bob", message="done")
    market.orders.accept(order.id, actor="ann")
    revenue = {k: v.amount for k, v in market.admin.revenue(viewer=BACK_OFFICE).items() if v.amount}
    assert revenue == {"booking_fees": quote.platform_keeps["booking_fees"].amount}


def test_books_written_with_mixed_fees_still_show_them() -> None:
    market = _market(presets.fiverr_like())
    with market.unit_of_work() as uow:
        uow.ledger.post(
            "old:1",
            "old:1",
            [accounts.Transfer(accounts.WORLD, accounts.MIXED_FEES, _usd("3.00"))],
            market.clock.now(),
            "fees booked before revenue was kept by source",
        )
        uow.commit()
    assert market.admin.revenue(viewer=BACK_OFFICE)["fees"] == _usd("3.00")


def _usd(amount: str) -> object:
    from microjob import money

    return money(amount, "USD")
