"""Bounds before money moves: absurd prices and delivery times are refused up front, with the
same clear answer on every adapter, and nothing is stored or charged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import pendulum
import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.errors import ValidationError
from microjob.policies import MarketplacePolicy

POLICY = presets.fiverr_like()


@pytest.fixture(params=["memory", "sqlite"])
def market(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Marketplace]:
    gateway = FakeGateway()
    if request.param == "memory":
        built = Marketplace.in_memory(POLICY, gateway=gateway)
    else:
        pytest.importorskip("sqlalchemy")
        built = Marketplace.from_url(
            f"sqlite:///{tmp_path / 'shop.db'}", POLICY, clock=FrozenClock(), gateway=gateway
        )
    for name in ("ann", "bob"):
        built.users.register(name, name=name.title(), email=f"{name}@example.org")
    yield built
    if built.store is not None and hasattr(built.store, "close"):
        built.store.close()


def _gateway(market: Marketplace) -> FakeGateway:
    assert isinstance(market.gateway, FakeGateway)
    return market.gateway


def test_a_price_of_1e18_is_refused_before_anything_is_stored_or_charged(
    market: Marketplace,
) -> None:
    with pytest.raises(ValidationError, match=r"above this marketplace's maximum of 1000000"):
        market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="1e18", delivery_days=3
        )
    assert _gateway(market).calls == []
    assert market.orders.counts() == {}
    assert market.admin.verify().entries == 0


def test_the_maximum_itself_is_allowed(market: Marketplace) -> None:
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="1000000", delivery_days=365
    )
    assert order.price == Money("1000000", "USD")


@pytest.mark.parametrize("days", [366, 10**9])
def test_a_delivery_time_past_the_maximum_is_a_validation_error_not_an_overflow(
    market: Marketplace, days: int
) -> None:
    with pytest.raises(ValidationError, match=r"365 days at most"):
        market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=days
        )
    assert market.orders.counts() == {}
    with pytest.raises(ValidationError, match=r"365 days at most"):
        market.orders.quote("20", delivery_days=days)


def test_a_huge_extension_is_refused_and_the_order_is_unchanged(market: Marketplace) -> None:
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    )
    market.orders.start(order.id, actor="bob")
    before = market.orders.get(order.id, viewer=BACK_OFFICE)
    with pytest.raises(ValidationError, match=r"90 days at most"):
        market.orders.request_extension(order.id, actor="bob", days=999_999_999)
    assert market.orders.get(order.id, viewer=BACK_OFFICE) == before
    asked = market.orders.request_extension(order.id, actor="bob", days=90)
    assert asked.extension_request is not None


def test_cards_and_offers_are_held_to_the_same_maximums(market: Marketplace) -> None:
    with pytest.raises(ValidationError, match="maximum"):
        market.listings.create(
            actor="bob",
            title="Logo design",
            description="A clean vector logo",
            category="design",
            price="2000000",
            delivery_days=3,
        )
    with pytest.raises(ValidationError, match="365 days at most"):
        market.listings.create(
            actor="bob",
            title="Logo design",
            description="A clean vector logo",
            category="design",
            price="20",
            delivery_days=10**6,
        )
    deadline = pendulum.datetime(2027, 1, 1, tz="UTC")
    with pytest.raises(ValidationError, match="budget"):
        market.requests.post(
            actor="ann",
            title="A logo",
            description="For my bakery",
            category="design",
            budget="1e9",
            deadline=deadline,
        )
    request = market.requests.post(
        actor="ann",
        title="A logo",
        description="For my bakery",
        category="design",
        budget="100",
        deadline=deadline,
    )
    with pytest.raises(ValidationError, match="offer price"):
        market.offers.send(request.id, actor="bob", price="1e12", delivery_days=3)


def test_a_policy_sets_its_own_maximums_in_its_own_currency() -> None:
    policy = attrs.evolve(
        POLICY, max_order_amount=Money("500", "USD"), max_delivery_days=30, max_extension_days=7
    )
    assert policy.max_order_amount == Money("500", "USD")
    assert presets.jobindoor().max_order_amount == Money("1000000", "HUF")
    with pytest.raises(ValidationError, match="policy's currency is USD"):
        attrs.evolve(POLICY, max_order_amount=Money("500", "EUR"))
    with pytest.raises(ValidationError, match="minor units"):
        attrs.evolve(POLICY, max_order_amount=Money("1e20", "USD"))
    with pytest.raises(ValidationError, match="at least 1"):
        attrs.evolve(POLICY, max_delivery_days=0)
    market = Marketplace.in_memory(policy)
    for name in ("ann", "bob"):
        market.users.register(name, name=name.title(), email=f"{name}@example.org")
    with pytest.raises(ValidationError, match="500"):
        market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="501", delivery_days=3
        )
    with pytest.raises(ValidationError, match="30 days at most"):
        market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=31
        )


def test_a_stored_policy_without_the_new_fields_reads_back_with_the_defaults() -> None:
    from microjob.adapters.codec import codec

    encoded = codec.encode(POLICY, MarketplacePolicy)
    assert isinstance(encoded, dict)
    for field in ("max_order_amount", "max_delivery_days", "max_extension_days"):
        encoded.pop(field, None)
    decoded = codec.decode(encoded, MarketplacePolicy)
    assert decoded == POLICY


def test_a_deposit_is_held_to_the_largest_order(market: Marketplace) -> None:
    with pytest.raises(ValidationError, match="deposit"):
        market.wallet.announce_deposit(actor="ann", amount="1e12", through_gateway=False)
    assert market.wallet.deposits("ann", viewer="ann") == []


def test_an_operators_promotion_keeps_the_marketplaces_bounds(market: Marketplace) -> None:
    lax = attrs.evolve(POLICY, max_order_amount=Money("1e12", "USD"), max_delivery_days=10**6)
    with pytest.raises(ValidationError, match="maximum"):
        market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="9e11", delivery_days=3, policy=lax
        )
    assert market.orders.counts() == {}
