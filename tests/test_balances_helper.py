"""microjob.testing.expect_deltas must fail when money moved otherwise than listed."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from microjob import Marketplace
from microjob.ledger import WORLD, Ledger, Transfer, available
from microjob.money import money
from microjob.testing import assert_deltas, expect_deltas, snapshot
from microjob.testing.balances import changes

AT = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
ANNA = available("anna")


def funded() -> Ledger:
    book = Ledger()
    book.post("k0", "deposit:0", [Transfer(WORLD, ANNA, money("5.00", "USD"))], AT)
    return book


def pay(book: Ledger, key: str, amount: str, code: str = "USD") -> None:
    book.post(key, f"deposit:{key}", [Transfer(WORLD, ANNA, money(amount, code))], AT)


def test_the_exact_deltas_pass_and_report_what_moved() -> None:
    book = funded()
    with expect_deltas(book, {WORLD: "-1.25", ANNA: Decimal("1.25")}, currency="usd") as before:
        pay(book, "k1", "1.25")
    assert before.currency == "USD"
    assert before.balances == {(WORLD, "USD"): Decimal("-5.00"), (ANNA, "USD"): Decimal("5.00")}
    assert changes(before, book) == {
        (ANNA, "USD"): Decimal("1.25"),
        (WORLD, "USD"): Decimal("-1.25"),
    }


def test_a_wrong_amount_fails_naming_the_account_and_what_moved() -> None:
    book = funded()
    with (
        pytest.raises(AssertionError) as caught,
        expect_deltas(book, {WORLD: "-1.00", ANNA: "1.00"}, currency="USD"),
    ):
        pay(book, "k1", "1.25")
    assert str(caught.value) == (
        "ledger balances did not move as expected:\n"
        "  user:anna:available: expected +1.00 USD, moved by 1.25 USD\n"
        "  world: expected -1.00 USD, moved by -1.25 USD\n"
        "  what moved:\n"
        "    user:anna:available: 1.25 USD\n"
        "    world: -1.25 USD"
    )


def test_an_account_that_moved_without_being_listed_fails() -> None:
    book = funded()
    unexpected = r"world: moved by -1\.25 USD but was not expected to change"
    with (
        pytest.raises(AssertionError, match=unexpected),
        expect_deltas(book, {ANNA: "1.25"}, currency="USD"),
    ):
        pay(book, "k1", "1.25")


def test_a_listed_account_that_did_not_move_fails_and_a_zero_delta_passes() -> None:
    book = funded()
    with (
        pytest.raises(
            AssertionError, match=r"user:anna:available: expected \+1\.00 USD, moved by 0"
        ),
        expect_deltas(book, {ANNA: "1.00"}, currency="USD"),
    ):
        pass
    with expect_deltas(book, {ANNA: "0", WORLD: "0.00"}, currency="USD"):
        pass


def test_other_currencies_are_checked_too_and_named_as_pairs() -> None:
    book = funded()
    with (
        pytest.raises(AssertionError, match="user:anna:available: moved by 3 JPY"),
        expect_deltas(book, {}, currency="USD"),
    ):
        pay(book, "k1", "3", "JPY")
    with expect_deltas(book, {(WORLD, "eur"): "-2.00", (ANNA, "EUR"): "2.00"}):
        pay(book, "k2", "2", "EUR")


def test_bad_expectations_are_refused_before_anything_runs() -> None:
    book = funded()
    with pytest.raises(ValueError, match=r"no currency for 'world': pass currency=\.\.\."):
        assert_deltas(snapshot(book), book, {WORLD: "1"})
    with pytest.raises(ValueError, match="user:anna:available in USD is listed twice"):
        assert_deltas(snapshot(book, currency="USD"), book, {ANNA: "0", (ANNA, "USD"): "0"})
    with pytest.raises(ValueError, match="more decimal places than USD allows"):
        assert_deltas(snapshot(book, currency="USD"), book, {ANNA: "0.001"})


def test_an_exception_in_the_block_passes_through_unchecked() -> None:
    book = funded()
    with pytest.raises(KeyError), expect_deltas(book, {ANNA: "99.00"}, currency="USD"):
        raise KeyError("boom")


def test_a_marketplace_is_read_through_its_own_unit_of_work_in_its_currency() -> None:
    market = Marketplace.in_memory()
    market.users.register("anna", name="Anna", email="anna@example.org")
    with expect_deltas(market, {WORLD: "-7.00", ANNA: "7.00"}) as before:
        market.wallet.announce_deposit(actor="anna", amount="7")
    assert before.currency == "USD"
    assert before.balances == {}


def test_a_cached_balance_that_disagrees_with_the_entries_fails_verification() -> None:
    book = funded()
    before = snapshot(book, currency="USD")
    book._balances[(ANNA, "USD")] = Decimal("6.00")  # a corrupted cache, as a bad write would
    with pytest.raises(AssertionError, match=r"user:anna:available: moved by 1.00 USD"):
        assert_deltas(before, book, {})
