"""The testing kit's strategies produce only values microjob accepts, and the orders they
build are really in the state asked for, with books that balance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from microjob import Marketplace, MarketplacePolicy, money, presets
from microjob.contacts import scan
from microjob.orders import CLOSED, OPEN
from microjob.testing import strategies as mst

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(mst.policies())
def test_every_drawn_policy_is_valid_and_quotes_exactly(policy: MarketplacePolicy) -> None:
    assert isinstance(policy, MarketplacePolicy)
    assert Decimal(0) <= policy.commission_rate <= Decimal("0.5")
    quote = Marketplace.in_memory(policy).orders.quote(money("100", policy.currency))
    kept = sum((m.amount for m in quote.platform_keeps.values()), Decimal(0))
    assert quote.seller_gets.amount + kept == quote.buyer_pays.amount


@given(mst.preset_policies(currency=st.sampled_from(["USD", "EUR", "JPY", "HUF"])))
def test_presets_come_in_any_currency(policy: MarketplacePolicy) -> None:
    assert policy.name in {"microjobengine", "webpark", "kiwigigs", "jobindoor", "fiverr_like"}
    for minimum in policy.payout_minimums.values():
        assert minimum.currency.code == policy.currency


@given(st.lists(mst.users(admin=None), min_size=1, max_size=5, unique_by=lambda u: u["user_id"]))
def test_drawn_users_register(users: list[dict[str, object]]) -> None:
    market = Marketplace.in_memory(presets.fiverr_like())
    for user in users:
        registered = market.users.register(
            str(user["user_id"]),
            name=str(user["name"]),
            email=str(user["email"]),
            is_admin=bool(user["is_admin"]),
        )
        assert registered.is_admin is user["is_admin"]


@SLOW
@given(mst.orders())
def test_drawn_orders_are_in_a_reachable_state_with_balanced_books(
    placed: mst.PlacedOrder,
) -> None:
    order = placed.order
    assert order.state in {*OPEN, *CLOSED, "awaiting_payment"}
    assert order.history[-1].dest == order.state
    placed.market.admin.verify()  # raises when the books do not balance
    escrow = placed.market.wallet.balances("buyer", viewer="buyer").in_escrow
    # An open order holds exactly what was paid through the platform; a closed one nothing.
    assert escrow.amount == (order.escrow_total.amount if order.state in OPEN else 0)


@pytest.mark.parametrize("state", ["late", "completed", "cancelled", "disputed"])
def test_orders_reach_exactly_the_state_asked_for(state: str) -> None:
    seen: set[tuple[str, ...]] = set()

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mst.orders(states=[state], policy=presets.fiverr_like()))
    def check(placed: mst.PlacedOrder) -> None:
        assert placed.order.state == state
        seen.add(placed.path)

    check()
    assert seen  # at least one path was driven


def test_an_unknown_state_is_refused_when_the_strategy_is_built() -> None:
    with pytest.raises(InvalidArgument, match="states="):
        mst.orders(states=["shipped"])


@given(mst.chat_texts(contact=True))
def test_hidden_contacts_are_ones_the_scanner_catches(text: str) -> None:
    assert scan(text).found, text


@given(mst.chat_texts(contact=False))
def test_plain_talk_carries_no_contact(text: str) -> None:
    assert not scan(text).found, text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(card=mst.listings(), data=st.data())
def test_drawn_cards_are_accepted_and_order_at_their_quoted_price(
    card: dict[str, object], data: st.DataObject
) -> None:
    market = Marketplace.in_memory(presets.fiverr_like())
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    listing = market.listings.create(actor="bob", submit=True, **card)  # type: ignore[arg-type]
    assert listing.state == "published"
    package = data.draw(st.sampled_from([p.name for p in listing.packages]))
    keys = [e.key for e in listing.extras]
    chosen = data.draw(st.lists(st.sampled_from(keys), unique=True)) if keys else []
    quote = market.listings.quote(listing.id, package=package, extras=chosen)
    base = next(p for p in listing.packages if p.name == package)
    added = sum((e.price.amount for e in listing.extras if e.key in chosen), Decimal(0))
    assert quote.price.amount == base.price.amount + added
    assert quote.delivery_days >= 1
    order = market.listings.order(listing.id, actor="ann", package=package, extras=chosen)
    assert order.price == quote.price
