"""microjob.escrow called directly: what each business moment posts, and when it posts nothing.

The facade tests in ``tests/test_order_money_deltas.py`` pin where money goes through the public
commands; here each escrow function is called on a real order and a real ledger, so the cases
the facade never produces (an order without earnings reaching ``clear``, parts of a settlement
that do not add up) are pinned too, along with the entries' keys, causes and memos.

Kept as equivalent: none. Every behaviour-changing mutant of ``escrow.py`` is killed by this
module or by ``tests/test_order_money_deltas.py``.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from moneyed import Money

from microjob import Marketplace, MarketplacePolicy, RefundTo, ValidationError, escrow, money
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.ledger import Ledger
from microjob.orders import Order
from microjob.testing import expect_deltas

BUYER, SELLER = "anna", "bo"


def usd(text: str) -> Money:
    return money(text, "USD")


def market(**policy: object) -> Marketplace:
    fields: dict[str, object] = {
        "name": "direct-calls",
        "commission_rate": Decimal("0.10"),
        "buyer_fee_rate": Decimal("0.05"),
    }
    fields.update(policy)
    m = Marketplace.in_memory(
        MarketplacePolicy(**fields),  # type: ignore[arg-type]
        clock=FrozenClock(),
        gateway=FakeGateway("pending"),  # orders stay unpaid: the tests post by hand
    )
    for user in (BUYER, SELLER):
        m.users.register(user, name=user.title(), email=f"{user}@example.org")
    return m


def placed(m: Marketplace, price: str = "20.00") -> Order:
    return m.orders.place(actor=BUYER, seller_id=SELLER, title="Logo", price=price, delivery_days=2)


def book_of(m: Marketplace) -> Ledger:
    book = m.store.ledger
    assert isinstance(book, Ledger)
    return book


def accounts_transfer(account: str, amount: str) -> accounts.Transfer:
    return accounts.Transfer(accounts.WORLD, account, usd(amount))


def test_fund_posts_one_payment_entry_under_the_orders_key() -> None:
    m = market()
    order = placed(m)
    book = book_of(m)
    with expect_deltas(
        book, {accounts.WORLD: "-21.00", "order:o1:escrow": "21.00"}, currency="USD"
    ):
        entry = escrow.fund(book, order, order.placed_at)
    assert entry is not None
    assert (entry.key, entry.cause, entry.memo) == ("order:o1:fund", "order:o1", "payment")
    assert escrow.fund(book, order, order.placed_at) is entry  # a replay posts nothing new


def test_fund_of_nothing_to_pay_posts_nothing() -> None:
    m = market(commission_rate=0, buyer_fee_rate=0)
    order = attrs.evolve(placed(m, "1.00"), escrow_total=usd("0.00"))
    with expect_deltas(book_of(m), {}, currency="USD"):
        assert escrow.fund(book_of(m), order, order.placed_at) is None


def test_refund_of_an_empty_escrow_posts_nothing_and_of_one_unit_posts_it() -> None:
    m = market(commission_rate=0, buyer_fee_rate=0, refund_to=RefundTo.ORIGINAL)
    order = placed(m, "1.00")
    book = book_of(m)
    with expect_deltas(book, {}, currency="USD"):
        assert escrow.refund(book, order, usd("1.00"), order.placed_at) is None
    escrow.fund(book, order, order.placed_at)
    with expect_deltas(book, {"order:o1:escrow": "-1.00", accounts.WORLD: "1.00"}, currency="USD"):
        entry = escrow.refund(book, order, usd("1.00"), order.placed_at)
    assert entry is not None
    assert (entry.key, entry.cause, entry.memo) == ("order:o1:refund", "order:o1", "refund")


def test_release_with_nothing_to_pay_out_posts_nothing() -> None:
    m = market()
    order = attrs.evolve(
        placed(m),
        commission=usd("0.00"),
        seller_amount=usd("0.00"),
        buyer_fee=usd("0.00"),
    )
    with expect_deltas(book_of(m), {}, currency="USD"):
        assert escrow.release(book_of(m), order, order.placed_at) is None


def test_clear_of_an_order_without_earnings_posts_nothing() -> None:
    m = market()
    order = placed(m)
    book = book_of(m)
    assert order.seller_amount is None
    with expect_deltas(book, {}, currency="USD"):
        assert escrow.clear(book, order, order.placed_at) is None
        nothing = attrs.evolve(order, seller_amount=usd("0.00"))
        assert escrow.clear(book, nothing, order.placed_at) is None


def test_clear_moves_exactly_the_sellers_amount_from_pending_to_available() -> None:
    m = market()
    order = attrs.evolve(placed(m), seller_amount=usd("1.00"))
    book = book_of(m)
    book.post(
        "seed", "order:o1", [accounts_transfer(accounts.pending(SELLER), "1.00")], order.placed_at
    )
    with expect_deltas(
        book,
        {accounts.pending(SELLER): "-1.00", accounts.available(SELLER): "1.00"},
        currency="USD",
    ):
        entry = escrow.clear(book, order, order.placed_at)
    assert entry is not None
    assert (entry.key, entry.cause, entry.memo) == ("order:o1:clear", "order:o1", "clearance")


def test_settle_refuses_parts_that_do_not_empty_the_escrow_and_posts_nothing() -> None:
    m = market()
    order = placed(m)
    book = book_of(m)
    escrow.fund(book, order, order.placed_at)
    with expect_deltas(book, {}, currency="USD"), pytest.raises(ValidationError) as caught:
        escrow.settle(book, order, usd("5.00"), usd("13.50"), usd("1.49"), order.placed_at)
    assert str(caught.value) == (
        "a settlement must empty the escrow of 21.00 USD: 5.00 USD to the buyer + 13.50 USD to "
        "the seller + 1.49 USD commission + 1.00 USD fees"
    )


def test_settle_posts_one_partial_refund_entry() -> None:
    m = market(refund_to=RefundTo.ORIGINAL)
    order = placed(m)
    book = book_of(m)
    escrow.fund(book, order, order.placed_at)
    with expect_deltas(
        book,
        {
            "order:o1:escrow": "-21.00",
            accounts.WORLD: "5.00",
            accounts.pending(SELLER): "13.50",
            accounts.PLATFORM_COMMISSION: "1.50",
            accounts.PLATFORM_BUYER_FEES: "1.00",
        },
        currency="USD",
    ):
        entry = escrow.settle(book, order, usd("5.00"), usd("13.50"), usd("1.50"), order.placed_at)
    assert (entry.key, entry.cause, entry.memo) == ("order:o1:settle", "order:o1", "partial refund")


def test_a_late_payment_is_one_entry_crediting_the_buyers_wallet() -> None:
    m = market()
    order = placed(m)
    book = book_of(m)
    with expect_deltas(
        book, {accounts.WORLD: "-21.00", accounts.available(BUYER): "21.00"}, currency="USD"
    ):
        entry = escrow.credit_late_payment(book, order, usd("21.00"), order.placed_at)
    assert (entry.key, entry.cause, entry.memo) == (
        "order:o1:late-payment",
        "order:o1",
        "a payment the order did not take, credited to the buyer",
    )


def test_each_provider_reference_is_its_own_late_payment_entry() -> None:
    m = market()
    order = placed(m)
    book = book_of(m)
    with expect_deltas(
        book, {accounts.WORLD: "-42.00", accounts.available(BUYER): "42.00"}, currency="USD"
    ):
        first = escrow.credit_late_payment(book, order, usd("21.00"), order.placed_at, "ch_a")
        other = escrow.credit_late_payment(book, order, usd("21.00"), order.placed_at, "ch_b")
        again = escrow.credit_late_payment(book, order, usd("21.00"), order.placed_at, "ch_a")
    assert (first.key, other.key) == ("order:o1:charge:ch_a", "order:o1:charge:ch_b")
    assert again == first  # the same charge told again books nothing
