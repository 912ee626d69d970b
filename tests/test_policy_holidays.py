"""A policy's holidays: business-day counts (order timers, clearance, payout arrival) skip them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pendulum
import pytest

from microjob import Marketplace, MarketplacePolicy, ValidationError, presets
from microjob.adapters.memory import FakeGateway, FrozenClock

MONDAY = pendulum.datetime(2026, 3, 2, 9, tz="UTC")


def _terms(**changes: object) -> MarketplacePolicy:
    return attrs.evolve(
        presets.fiverr_like(),
        timers_in_business_days=True,
        clearance_days=2,
        clearance_in_business_days=True,
        **changes,
    )


def test_a_holiday_moves_the_due_date_and_the_clearance_past_it() -> None:
    plain = Marketplace.in_memory(_terms(), clock=FrozenClock(MONDAY))
    quote = plain.orders.quote("100", delivery_days=1)
    assert quote.available_at is not None
    assert quote.available_at.date() == date(2026, 3, 5)  # Tue delivered, Thu available
    tuesday_off = _terms(holidays={date(2026, 3, 3)})
    market = Marketplace.in_memory(tuesday_off, clock=FrozenClock(MONDAY))
    quote = market.orders.quote("100", delivery_days=1)
    assert quote.available_at is not None
    assert quote.available_at.date() == date(2026, 3, 6)  # Wed delivered, Fri available
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="100", delivery_days=1
    )
    started = market.orders.start(order.id, actor="bob")
    assert started.due_at is not None
    assert started.due_at.date() == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("holidays", "message"),
    [("2026-03-15", "collection of dates"), ([pendulum.datetime(2026, 3, 15)], "not times")],
)
def test_holidays_must_be_dates(holidays: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _terms(holidays=holidays)


def test_a_policy_with_holidays_survives_the_database(tmp_path: Path) -> None:
    terms = _terms(holidays={date(2026, 3, 3), date(2026, 12, 24)})
    url = f"sqlite:///{tmp_path / 'm.db'}"
    market = Marketplace.from_url(url, terms, clock=FrozenClock(MONDAY), gateway=FakeGateway())
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="100", delivery_days=1
    )
    market.store.close()
    again = Marketplace.from_url(url, terms, clock=FrozenClock(MONDAY), gateway=FakeGateway())
    stored = again.orders.get(order.id, viewer="ann")
    assert stored.policy.holidays == frozenset({date(2026, 3, 3), date(2026, 12, 24)})
    again.store.close()
