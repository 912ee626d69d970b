"""Orders, refunds, partial refunds, clearance, disputes and payouts pinned by ledger balances.

Every command here runs inside :func:`microjob.testing.expect_deltas`: the test names the exact
change of every account it expects (buyer wallet, escrow, seller pending and available, each
platform account, ``world``) and any other account that moves fails it. Record fields such as
``order.commission`` say what was computed; these tests say where the money went.

The numbers are chosen to pin the edges: a commission of exactly 1.00 next to a fee below 1.00,
an escrow of exactly 1.00, the smallest unit, fees that round to zero, a zero-decimal (JPY) and
three-decimal (BHD, KWD) currency. All amounts are written out, never computed by the code
under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from microjob import BACK_OFFICE, Marketplace, MarketplacePolicy, RefundTo, money
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.disputes import Ruling
from microjob.payouts import BankAccount
from microjob.policies import PaymentMode
from microjob.testing import expect_deltas

BUYER, SELLER, ADMIN = "anna", "bo", "admin"
WALLET = accounts.available(BUYER)
EARNED = accounts.available(SELLER)
PENDING = accounts.pending(SELLER)
COMMISSION = accounts.PLATFORM_COMMISSION
FEES = accounts.PLATFORM_BUYER_FEES
BOOKING_FEES = accounts.PLATFORM_BOOKING_FEES
PAYOUT_FEES = accounts.PLATFORM_PAYOUT_FEES
WORLD = accounts.WORLD


class Shop:
    """A marketplace with a frozen clock, a scriptable gateway, a buyer, a seller, an admin."""

    def __init__(self, policy: MarketplacePolicy, gateway: str = "succeeded") -> None:
        self.clock = FrozenClock()
        self.gateway = FakeGateway(gateway)
        self.market = Marketplace.in_memory(policy, clock=self.clock, gateway=self.gateway)
        for user in (BUYER, SELLER):
            self.market.users.register(user, name=user.title(), email=f"{user}@example.org")
        self.market.users.register(ADMIN, name="Admin", email="admin@example.org", is_admin=True)

    def top_up(self, amount: str) -> None:
        with expect_deltas(self.market, {WORLD: f"-{amount}", WALLET: amount}):
            self.market.wallet.announce_deposit(actor=BUYER, amount=amount)

    def place(self, price: str, *, wallet: bool = False) -> str:
        order = self.market.orders.place(
            actor=BUYER,
            seller_id=SELLER,
            title="Logo",
            price=price,
            delivery_days=3,
            pay_from_wallet=wallet,
        )
        return order.id

    def delivered(self, order_id: str) -> None:
        with expect_deltas(self.market, {}):  # working on an order moves no money
            self.market.orders.start(order_id, actor=SELLER)
            self.market.orders.deliver(order_id, actor=SELLER, message="done")

    def deltas(self, expected: dict[Any, Any]) -> Any:
        return expect_deltas(self.market, expected)

    def memos(self, order_id: str) -> list[tuple[str, str]]:
        return [
            (e.key, e.memo)
            for e in self.market.admin.ledger_entries(f"order:{order_id}", viewer=BACK_OFFICE)
        ]


def terms(**changes: Any) -> MarketplacePolicy:
    """10 % commission, 5 % buyer fee, no clearance, refunds to the wallet, unless told."""
    fields: dict[str, Any] = {
        "name": "pinned",
        "currency": "USD",
        "commission_rate": Decimal("0.10"),
        "buyer_fee_rate": Decimal("0.05"),
        "clearance_days": 0,
        "refund_to": RefundTo.WALLET,
        "auto_complete_days": 3,
    }
    fields.update(changes)
    return MarketplacePolicy(**fields)


def escrow(order_id: str) -> str:
    return accounts.escrow(order_id)


@pytest.fixture
def shop() -> Iterator[Shop]:
    s = Shop(terms())
    yield s
    s.market.admin.verify()


# -- paying into escrow (escrow.fund) ----------------------------------------------------------
def test_a_card_payment_moves_price_and_buyer_fee_from_the_world_into_escrow(shop: Shop) -> None:
    with shop.deltas({WORLD: "-21.00", "order:o1:escrow": "21.00"}):
        order_id = shop.place("20.00")
    assert order_id == "o1"
    assert shop.memos(order_id) == [("order:o1:fund", "payment")]


def test_a_wallet_payment_moves_price_and_fee_from_the_buyers_available_money(
    shop: Shop,
) -> None:
    shop.top_up("50.00")
    with shop.deltas({WALLET: "-21.00", "order:o2:escrow": "21.00"}):
        order_id = shop.place("20.00", wallet=True)
    assert shop.memos(order_id) == [(f"order:{order_id}:fund", "payment")]


@pytest.mark.parametrize("wallet", [False, True], ids=["card", "wallet"])
def test_an_escrow_of_exactly_one_unit_is_funded_and_refunded(wallet: bool) -> None:
    shop = Shop(terms(commission_rate=0, buyer_fee_rate=0))
    source = WALLET if wallet else WORLD
    if wallet:
        shop.top_up("1.00")
    order_id = "o2" if wallet else "o1"
    with shop.deltas({source: "-1.00", escrow(order_id): "1.00"}):
        assert shop.place("1.00", wallet=wallet) == order_id
    with shop.deltas({escrow(order_id): "-1.00", WALLET: "1.00"}):
        shop.market.orders.cancel(order_id, actor=BUYER)
    shop.market.admin.verify()


# -- completion (escrow.release) ---------------------------------------------------------------
def test_accepting_pays_seller_commission_and_buyer_fee_each_to_its_account(shop: Shop) -> None:
    order_id = shop.place("20.00")
    shop.delivered(order_id)
    with shop.deltas(
        {escrow(order_id): "-21.00", EARNED: "18.00", COMMISSION: "2.00", FEES: "1.00"}
    ):
        shop.market.orders.accept(order_id, actor=BUYER)
    assert shop.memos(order_id)[-1] == (f"order:{order_id}:release", "release")


def test_a_commission_of_exactly_one_unit_and_a_fee_below_one_are_both_booked(shop: Shop) -> None:
    order_id = shop.place("10.00")
    shop.delivered(order_id)
    with shop.deltas(
        {escrow(order_id): "-10.50", EARNED: "9.00", COMMISSION: "1.00", FEES: "0.50"}
    ):
        shop.market.orders.accept(order_id, actor=BUYER)


def test_the_smallest_unit_reaches_the_seller_when_commission_and_fee_round_to_zero(
    shop: Shop,
) -> None:
    # 10 % of 0.01 is 0.001 and 5 % is 0.0005: both round (half-even) to nothing, and a
    # transfer of nothing is left out rather than posted.
    with shop.deltas({WORLD: "-0.01", escrow("o1"): "0.01"}):
        order_id = shop.place("0.01")
    shop.delivered(order_id)
    with shop.deltas({escrow(order_id): "-0.01", EARNED: "0.01"}):
        shop.market.orders.accept(order_id, actor=BUYER)


@pytest.mark.parametrize(
    ("code", "price", "paid", "seller", "commission", "fee"),
    [
        ("JPY", "1000", "1050", "900", "100", "50"),
        ("JPY", "15", "16", "13", "2", "1"),  # 1.5 -> 2 and 0.75 -> 1, half-even in yen
        ("BHD", "12.345", "12.962", "11.111", "1.234", "0.617"),  # 1.2345 -> 1.234
        ("KWD", "0.005", "0.005", "0.005", "0", "0"),  # 0.0005 and 0.00025 round to 0
    ],
)
def test_zero_and_three_decimal_currencies_move_whole_minor_units(
    code: str, price: str, paid: str, seller: str, commission: str, fee: str
) -> None:
    shop = Shop(terms(currency=code))
    with shop.deltas({WORLD: f"-{paid}", escrow("o1"): paid}):
        order_id = shop.place(price)
    shop.delivered(order_id)
    expected = {escrow(order_id): f"-{paid}", EARNED: seller}
    if Decimal(commission):
        expected[COMMISSION] = commission
    if Decimal(fee):
        expected[FEES] = fee
    with shop.deltas(expected):
        shop.market.orders.accept(order_id, actor=BUYER)
    assert shop.market.wallet.balances(SELLER, code, viewer=BACK_OFFICE).available == money(
        seller, code
    )


def test_with_clearance_the_seller_is_paid_into_pending_then_available_exactly_once() -> None:
    shop = Shop(terms(clearance_days=14))
    order_id = shop.place("20.00")
    shop.delivered(order_id)
    with shop.deltas(
        {escrow(order_id): "-21.00", PENDING: "18.00", COMMISSION: "2.00", FEES: "1.00"}
    ):
        shop.market.orders.accept(order_id, actor=BUYER)
    shop.clock.advance(days=13)
    with shop.deltas({}):
        shop.market.run_due()
    shop.clock.advance(days=1)
    with shop.deltas({PENDING: "-18.00", EARNED: "18.00"}):
        assert shop.market.run_due().moves == {"clear": 1}
    with shop.deltas({}):  # run_due again: idempotent on balances, not only on the flag
        shop.market.run_due()
    assert shop.memos(order_id) == [
        (f"order:{order_id}:fund", "payment"),
        (f"order:{order_id}:release", "release"),
        (f"order:{order_id}:clear", "clearance"),
    ]


def test_earnings_of_exactly_one_unit_wait_in_pending_and_then_clear() -> None:
    shop = Shop(terms(commission_rate=0, buyer_fee_rate=0, clearance_days=1))
    order_id = shop.place("1.00")
    shop.delivered(order_id)
    with shop.deltas({escrow(order_id): "-1.00", PENDING: "1.00"}):
        shop.market.orders.accept(order_id, actor=BUYER)
    shop.clock.advance(days=1)
    with shop.deltas({PENDING: "-1.00", EARNED: "1.00"}):
        assert shop.market.run_due().moves == {"clear": 1}


def test_auto_completion_releases_like_an_acceptance() -> None:
    shop = Shop(terms(clearance_days=2))
    order_id = shop.place("20.00")
    shop.delivered(order_id)
    shop.clock.advance(days=3)
    with shop.deltas(
        {escrow(order_id): "-21.00", PENDING: "18.00", COMMISSION: "2.00", FEES: "1.00"}
    ):
        assert shop.market.run_due().moves == {"auto_complete": 1}
    shop.clock.advance(days=2)
    with shop.deltas({PENDING: "-18.00", EARNED: "18.00"}):
        assert shop.market.run_due().moves == {"clear": 1}


def test_direct_mode_holds_and_keeps_only_the_booking_fee() -> None:
    shop = Shop(terms(payment_mode=PaymentMode.DIRECT, commission_rate=0, booking_fee_rate="0.10"))
    with shop.deltas({WORLD: "-5.00", escrow("o1"): "5.00"}):
        order_id = shop.place("50.00")
    shop.delivered(order_id)
    with shop.deltas({escrow(order_id): "-5.00", BOOKING_FEES: "5.00"}):
        shop.market.orders.accept(order_id, actor=BUYER)
    assert shop.memos(order_id)[-1] == (f"order:{order_id}:release", "release")


def test_a_direct_booking_whose_fee_rounds_to_zero_books_nothing_at_all() -> None:
    shop = Shop(terms(payment_mode=PaymentMode.DIRECT, commission_rate=0, booking_fee_rate="0.10"))
    with shop.deltas({}):
        order_id = shop.place("0.01")
        shop.delivered(order_id)
        shop.market.orders.accept(order_id, actor=BUYER)
    assert shop.memos(order_id) == []


# -- full refunds (escrow.refund) --------------------------------------------------------------
ROUTES = [
    # (paid from the wallet, policy's refund_to, where the buyer's money goes back)
    (False, RefundTo.ORIGINAL, WORLD),
    (False, RefundTo.WALLET, WALLET),
    (True, RefundTo.ORIGINAL, WALLET),  # wallet money always returns to the wallet
    (True, RefundTo.WALLET, WALLET),
]
ROUTE_IDS = ["card-original", "card-wallet", "wallet-original", "wallet-wallet"]


@pytest.mark.parametrize(("wallet", "refund_to", "back_to"), ROUTES, ids=ROUTE_IDS)
def test_a_cancelled_order_refunds_the_whole_escrow_to_where_the_policy_says(
    wallet: bool, refund_to: RefundTo, back_to: str
) -> None:
    shop = Shop(terms(refund_to=refund_to))
    if wallet:
        shop.top_up("21.00")
    order_id = shop.place("20.00", wallet=wallet)
    with shop.deltas({escrow(order_id): "-21.00", back_to: "21.00"}):
        shop.market.orders.cancel(order_id, actor=BUYER)
    assert shop.memos(order_id)[-1] == (f"order:{order_id}:refund", "refund")
    shop.market.admin.verify()


def test_a_kept_buyer_fee_goes_to_the_platform_and_the_rest_back_to_the_card() -> None:
    shop = Shop(terms(refund_to=RefundTo.ORIGINAL, refund_buyer_fee=False))
    order_id = shop.place("20.00")
    with shop.deltas({escrow(order_id): "-21.00", WORLD: "20.00", FEES: "1.00"}):
        shop.market.orders.cancel(order_id, actor=BUYER)


def test_a_declined_order_refunds_in_full(shop: Shop) -> None:
    order_id = shop.place("20.00")
    with shop.deltas({escrow(order_id): "-21.00", WALLET: "21.00"}):
        shop.market.orders.decline(order_id, actor=SELLER, reason="too busy")


def test_an_unpaid_order_expires_without_money_and_a_late_payment_lands_in_the_wallet() -> None:
    shop = Shop(terms(), gateway="pending")
    with shop.deltas({}):
        order_id = shop.place("20.00")
    shop.clock.advance(hours=25)
    with shop.deltas({}):
        assert shop.market.run_due().moves == {"expire": 1}
    late = shop.gateway.event("charge.succeeded", f"order:{order_id}", money("21", "USD"), "c1")
    with shop.deltas({WORLD: "-21.00", WALLET: "21.00"}):
        assert shop.market.handle_gateway_event(late) == "credited"
    with shop.deltas({}):
        assert shop.market.handle_gateway_event(late) == "duplicate"
    # One entry per provider charge (keyed by its reference), so a second, different charge
    # would be credited too instead of being taken for this one.
    assert shop.memos(order_id) == [
        (f"order:{order_id}:charge:c1", "a payment the order did not take, credited to the buyer")
    ]


# -- partial refunds (escrow.settle) -----------------------------------------------------------
def _agree_partial_refund(shop: Shop, order_id: str, refund: str) -> None:
    shop.market.orders.start(order_id, actor=SELLER)
    shop.market.orders.request_cancellation(
        order_id, actor=BUYER, reason="half done", refund=refund
    )
    shop.market.orders.answer_cancellation(order_id, actor=SELLER, agree=True)


@pytest.mark.parametrize(("wallet", "refund_to", "back_to"), ROUTES, ids=ROUTE_IDS)
def test_a_partial_refund_sends_the_buyers_part_where_the_policy_says_and_the_rest_on(
    wallet: bool, refund_to: RefundTo, back_to: str
) -> None:
    shop = Shop(terms(refund_to=refund_to))
    if wallet:
        shop.top_up("21.00")
    order_id = shop.place("20.00", wallet=wallet)
    # 5.00 back; commission on the seller's 15.00 only (1.50); the buyer fee is kept.
    with shop.deltas(
        {
            escrow(order_id): "-21.00",
            back_to: "5.00",
            EARNED: "13.50",
            COMMISSION: "1.50",
            FEES: "1.00",
        }
    ):
        _agree_partial_refund(shop, order_id, "5.00")
    assert shop.memos(order_id)[-1] == (f"order:{order_id}:settle", "partial refund")
    shop.market.admin.verify()


def test_after_a_partial_refund_the_sellers_part_waits_out_the_clearance() -> None:
    shop = Shop(terms(clearance_days=14))
    order_id = shop.place("20.00")
    with shop.deltas(
        {
            escrow(order_id): "-21.00",
            WALLET: "5.00",
            PENDING: "13.50",
            COMMISSION: "1.50",
            FEES: "1.00",
        }
    ):
        _agree_partial_refund(shop, order_id, "5.00")
    shop.clock.advance(days=13)
    with shop.deltas({}):
        shop.market.run_due()
    shop.clock.advance(days=1)
    with shop.deltas({PENDING: "-13.50", EARNED: "13.50"}):
        assert shop.market.run_due().moves == {"clear": 1}


def test_a_partial_refund_leaving_the_seller_one_cent_books_no_commission(shop: Shop) -> None:
    order_id = shop.place("20.00")
    with shop.deltas({escrow(order_id): "-21.00", WALLET: "19.99", EARNED: "0.01", FEES: "1.00"}):
        _agree_partial_refund(shop, order_id, "19.99")


def test_a_partial_refund_with_no_buyer_fee_and_exactly_one_unit_each_way() -> None:
    shop = Shop(terms(buyer_fee_rate=0, commission_rate="0.50"))
    order_id = shop.place("3.00")
    # 1.00 back; the seller's 2.00 pays 1.00 commission and keeps 1.00.
    with shop.deltas(
        {escrow(order_id): "-3.00", WALLET: "1.00", EARNED: "1.00", COMMISSION: "1.00"}
    ):
        _agree_partial_refund(shop, order_id, "1.00")


# -- disputes ------------------------------------------------------------------------------------
def _disputed(shop: Shop) -> tuple[str, str]:
    order_id = shop.place("20.00")
    shop.delivered(order_id)
    dispute = shop.market.disputes.open(order_id, actor=BUYER, reason="not what I ordered")
    return order_id, dispute.id


def test_a_split_ruling_divides_the_escrow_in_one_entry(shop: Shop) -> None:
    order_id, dispute_id = _disputed(shop)
    with shop.deltas(
        {
            escrow(order_id): "-21.00",
            WALLET: "10.00",
            EARNED: "9.00",
            COMMISSION: "1.00",
            FEES: "1.00",
        }
    ):
        shop.market.disputes.rule(
            dispute_id, actor=ADMIN, ruling=Ruling.split("half", buyer_share="0.5")
        )


def test_a_refund_ruling_returns_price_and_fee_to_the_card_under_refund_to_original() -> None:
    shop = Shop(terms(refund_to=RefundTo.ORIGINAL))
    order_id, dispute_id = _disputed(shop)
    with shop.deltas({escrow(order_id): "-21.00", WORLD: "21.00"}):
        shop.market.disputes.rule(
            dispute_id, actor=ADMIN, ruling=Ruling.refund_buyer("never delivered")
        )


def test_a_release_ruling_under_clearance_pays_pending_and_clears_later() -> None:
    shop = Shop(terms(clearance_days=3))
    order_id, dispute_id = _disputed(shop)
    with shop.deltas(
        {escrow(order_id): "-21.00", PENDING: "18.00", COMMISSION: "2.00", FEES: "1.00"}
    ):
        shop.market.disputes.rule(
            dispute_id, actor=ADMIN, ruling=Ruling.release_to_seller("as ordered")
        )
    shop.clock.advance(days=3)
    with shop.deltas({PENDING: "-18.00", EARNED: "18.00"}):
        assert shop.market.run_due().moves == {"clear": 1}
    with shop.deltas({}):
        shop.market.run_due()


# -- payouts -------------------------------------------------------------------------------------
def test_a_payout_reserves_then_sends_the_net_and_keeps_the_fee_and_a_failure_returns_all() -> None:
    shop = Shop(terms(payout_fees={"bank": money("3", "USD")}))
    order_id = shop.place("20.00")
    shop.delivered(order_id)
    shop.market.orders.accept(order_id, actor=BUYER)
    method = shop.market.payouts.add_method(
        actor=SELLER,
        method=BankAccount(iban="DE89 3704 0044 0532 0130 00", bic="DEUTDEFF", holder="Bo"),
    ).id
    reserved = accounts.payout(SELLER)
    with shop.deltas({EARNED: "-10.00", reserved: "10.00"}):
        payout = shop.market.payouts.request(actor=SELLER, method_id=method, amount="10.00")
    with shop.deltas({reserved: "-10.00", WORLD: "7.00", PAYOUT_FEES: "3.00"}):
        assert shop.market.payouts.approve(payout.id, actor=ADMIN).state == "paid"
    shop.gateway.script("failed")
    with shop.deltas({}):  # reserved, then returned in full when the provider refuses
        second = shop.market.payouts.request(actor=SELLER, method_id=method, amount="8.00")
        assert shop.market.payouts.approve(second.id, actor=ADMIN).state == "failed"
    assert shop.market.wallet.balances(SELLER, viewer=BACK_OFFICE).available == money("8.00", "USD")
