"""The money rules: exact amounts, half-even percentages and allocations that add up."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import moneyed
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moneyed import Money

from microjob.errors import CurrencyMismatch, ValidationError
from microjob.money import (
    allocate,
    as_money,
    from_minor,
    is_quantized,
    minor_places,
    money,
    percent,
    quantize,
    rate,
    require_positive,
    same_currency,
    split_commission,
    to_minor,
    zero,
)
from microjob.testing import strategies as mst

ALL_CODES = sorted(moneyed.CURRENCIES)


def exact(value: Money) -> Fraction:
    return Fraction(value.amount)


def minor_unit(code: str) -> Fraction:
    return Fraction(1, 10 ** minor_places(code))


def two_distinct_currencies() -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(mst.currencies(), mst.currencies()).filter(lambda pair: pair[0] != pair[1])


# -- building amounts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "places"), [("USD", 2), ("EUR", 2), ("JPY", 0), ("KRW", 0), ("BHD", 3), ("CLF", 4)]
)
def test_each_currency_has_the_minor_unit_iso_gives_it(code: str, places: int) -> None:
    assert minor_places(code) == places
    assert minor_places(code.lower()) == places


@pytest.mark.parametrize(
    ("value", "code", "expected"),
    [
        ("12.50", "USD", Decimal("12.50")),
        ("12.5", "USD", Decimal("12.50")),
        (12, "USD", Decimal("12.00")),
        (Decimal("0.01"), "usd", Decimal("0.01")),
        ("1200", "JPY", Decimal("1200")),
        ("1.234", "BHD", Decimal("1.234")),
        ("1.2345", "CLF", Decimal("1.2345")),
        (" -7.25 ", "EUR", Decimal("-7.25")),
    ],
)
def test_money_accepts_an_amount_with_no_more_places_than_the_currency_has(
    value: Decimal | int | str, code: str, expected: Decimal
) -> None:
    result = money(value, code)
    assert result.amount == expected
    assert result.amount.as_tuple().exponent == -minor_places(code)
    assert result.currency.code == code.upper()


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("10.005", "USD", "more decimal places than USD allows (2); round it first, e.g. 10.00"),
        ("1.5", "JPY", "more decimal places than JPY allows (0)"),
        ("1.2345", "BHD", "more decimal places than BHD allows (3)"),
        ("1.23456", "CLF", "more decimal places than CLF allows (4)"),
    ],
)
def test_money_refuses_more_places_than_the_currency_has_and_suggests_the_rounded_value(
    value: str, code: str, fragment: str
) -> None:
    with pytest.raises(ValidationError, match="amount") as caught:
        money(value, code)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (
            0.1,
            "must not be a float (0.1): floats cannot hold amounts exactly; pass a Decimal or "
            "a string such as '0.1'",
        ),
        (float("nan"), "must not be a float"),
        (float("inf"), "must not be a float"),
        (True, "not a bool"),
        (False, "not a bool"),
        (Decimal("NaN"), "must be a finite number"),
        (Decimal("-Infinity"), "must be a finite number"),
        ("Infinity", "must be a finite number"),
        ("12,50", "'12,50' is not a number; expected digits like '12.50'"),
        ("", "is not a number"),
        ("ten", "is not a number"),
        (None, "must be a Decimal, int or str, not NoneType"),
        (Fraction(1, 3), "not Fraction"),
        ("1e30", "too large to hold exactly in USD"),
        (10**40, "too large to hold exactly in USD"),
    ],
)
def test_money_refuses_inexact_and_garbage_values_with_a_message_that_explains(
    value: object, fragment: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        money(value, "USD")  # type: ignore[arg-type]
    assert fragment in str(caught.value)


@settings(max_examples=150)
@given(data=st.data(), code=mst.currencies())
def test_money_refuses_every_bad_amount_value_with_a_validation_error_naming_the_amount(
    data: st.DataObject, code: str
) -> None:
    value = data.draw(mst.bad_amount_values(currency=code), label="value")
    with pytest.raises(ValidationError, match="amount"):
        money(value, code)  # type: ignore[arg-type]


def test_a_validation_error_is_also_a_value_error_so_existing_handlers_catch_it() -> None:
    with pytest.raises(ValueError, match="float"):
        money(1.5, "USD")  # type: ignore[arg-type]


def test_money_needs_a_currency_for_a_bare_number() -> None:
    with pytest.raises(ValidationError, match=r"a currency is needed .* money\('5', 'USD'\)"):
        money("5")


@pytest.mark.parametrize("code", ["XYZ", "dollars", ""])
def test_money_refuses_an_unknown_currency_and_names_real_ones(code: str) -> None:
    with pytest.raises(ValidationError, match=r"unknown currency .* such as 'USD'"):
        money("1", code)


def test_money_refuses_a_currency_that_is_not_a_string() -> None:
    with pytest.raises(ValidationError, match="ISO code string, got int"):
        money("1", 840)  # type: ignore[arg-type]


def test_money_rechecks_a_money_from_outside_and_keeps_a_valid_one() -> None:
    assert money(Money("3.10", "USD")) == Money("3.10", "USD")
    assert money(Money("3.10", "USD"), "usd") == Money("3.10", "USD")
    with pytest.raises(ValidationError, match="more decimal places than USD"):
        money(Money("3.105", "USD"))


@given(amount=mst.amounts(currency="EUR"), code=mst.currencies())
def test_money_of_a_money_in_another_currency_raises_currency_mismatch(
    amount: Money, code: str
) -> None:
    if code == "EUR":
        assert money(amount, code) == amount
    else:
        with pytest.raises(CurrencyMismatch, match=f"amount is in EUR but {code} was expected"):
            money(amount, code)


@given(amount=mst.amounts(min_value="-1000000"))
def test_money_accepts_every_amount_the_strategy_generates_unchanged(amount: Money) -> None:
    assert money(amount) == amount
    assert money(str(amount.amount), amount.currency.code) == amount
    assert is_quantized(amount)


def test_as_money_prefixes_the_message_with_what_was_wrong() -> None:
    with pytest.raises(ValidationError, match=r"^price: amount must not be a float"):
        as_money(9.99, "USD", what="price")
    with pytest.raises(CurrencyMismatch, match=r"^price: amount is in EUR but USD"):
        as_money(Money("1", "EUR"), "USD", what="price")


@pytest.mark.parametrize(("code", "text"), [("USD", "0.00"), ("JPY", "0"), ("CLF", "0.0000")])
def test_zero_carries_the_places_of_its_currency(code: str, text: str) -> None:
    assert str(zero(code).amount) == text
    assert zero(code).currency.code == code


# -- rounding and percentages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("0.125", "0.12"), ("0.135", "0.14"), ("-0.125", "-0.12"), ("2.5051", "2.51")],
)
def test_quantize_rounds_half_to_even(amount: str, expected: str) -> None:
    assert quantize(Money(amount, "USD")) == Money(expected, "USD")
    assert is_quantized(quantize(Money(amount, "USD")))
    assert not is_quantized(Money(amount, "USD"))


@pytest.mark.parametrize(
    ("amount", "code", "fraction", "expected"),
    [
        ("10.05", "USD", "0.10", "1.00"),  # 1.005 -> even 1.00
        ("10.15", "USD", "0.10", "1.02"),  # 1.015 -> even 1.02
        ("10.25", "USD", "0.10", "1.02"),  # 1.025 -> even 1.02
        ("10.35", "USD", "0.10", "1.04"),  # 1.035 -> even 1.04
        ("105", "JPY", "0.1", "10"),  # 10.5 -> even 10
        ("115", "JPY", "0.1", "12"),  # 11.5 -> even 12
        ("1.005", "BHD", "0.5", "0.502"),  # 0.5025 -> even 0.502
        ("99.99", "USD", "1", "99.99"),
        ("99.99", "USD", "0", "0.00"),
    ],
)
def test_percent_rounds_half_to_even_in_the_currencys_minor_unit(
    amount: str, code: str, fraction: str, expected: str
) -> None:
    assert percent(money(amount, code), fraction) == money(expected, code)
    assert percent(money(amount, code), Decimal(fraction)) == money(expected, code)


@given(amount=mst.amounts(min_value="-1000000"), fraction=mst.rates(max_value=2))
def test_percent_is_within_half_a_minor_unit_of_the_exact_product(
    amount: Money, fraction: Decimal
) -> None:
    result = percent(amount, fraction)
    code = amount.currency.code
    assert result.currency == amount.currency
    assert is_quantized(result)
    assert abs(exact(result) - exact(amount) * Fraction(fraction)) <= minor_unit(code) / 2


@given(price=mst.amounts(), fraction=mst.rates())
def test_commission_plus_remainder_is_always_the_whole_price(
    price: Money, fraction: Decimal
) -> None:
    commission, remainder = split_commission(price, fraction)
    assert commission + remainder == price
    assert commission == percent(price, fraction)
    assert is_quantized(commission)
    assert is_quantized(remainder)
    assert Decimal(0) <= commission.amount <= price.amount


def test_split_commission_of_a_half_cent_commission_keeps_the_books_whole() -> None:
    assert split_commission(money("10.05", "USD"), "0.10") == (
        money("1.00", "USD"),
        money("9.05", "USD"),
    )


@pytest.mark.parametrize(
    ("fraction", "fragment"),
    [
        (0.1, "rate must not be a float"),
        ("-0.1", "rate must not be negative, got -0.1"),
        ("NaN", "rate must be a finite number"),
        (True, "not a bool"),
        ("ten percent", "is not a number"),
    ],
)
def test_percent_refuses_a_rate_that_is_not_an_exact_non_negative_number(
    fraction: object, fragment: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        percent(money("10", "USD"), fraction)  # type: ignore[arg-type]
    assert fragment in str(caught.value)


def test_rate_names_what_was_wrong() -> None:
    with pytest.raises(ValidationError, match=r"^commission must not be negative"):
        rate("-0.01", what="commission")
    assert rate("0.125") == Decimal("0.125")


# -- minor units ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "code", "units"),
    [
        ("12.34", "USD", 1234),
        ("-0.01", "USD", -1),
        ("1200", "JPY", 1200),
        ("1.234", "BHD", 1234),
        ("0.0001", "CLF", 1),
    ],
)
def test_to_minor_counts_the_currencys_minor_units(amount: str, code: str, units: int) -> None:
    assert to_minor(money(amount, code)) == units
    assert from_minor(units, code) == money(amount, code)


@given(amount=mst.amounts(min_value="-1000000000"))
def test_from_minor_of_to_minor_gives_back_the_same_amount(amount: Money) -> None:
    back = from_minor(to_minor(amount), amount.currency.code)
    assert back == amount
    assert back.amount.as_tuple().exponent == -minor_places(amount.currency.code)


@given(units=st.integers(min_value=-(10**20), max_value=10**20), code=mst.currencies())
def test_to_minor_of_from_minor_gives_back_the_same_count(units: int, code: str) -> None:
    assert to_minor(from_minor(units, code)) == units


def test_to_minor_refuses_an_amount_that_is_not_a_whole_number_of_minor_units() -> None:
    with pytest.raises(ValidationError, match=r"10.005 USD is not a whole number of minor units"):
        to_minor(Money("10.005", "USD"))


@pytest.mark.parametrize("units", [1.0, True, "100", Decimal(100)])
def test_from_minor_refuses_anything_but_an_int(units: object) -> None:
    with pytest.raises(ValidationError, match="minor units must be an int"):
        from_minor(units, "USD")  # type: ignore[arg-type]


def test_from_minor_refuses_a_count_too_large_to_hold_exactly() -> None:
    with pytest.raises(ValidationError, match="too many to hold"):
        from_minor(10**40, "USD")


# -- signs and currencies -----------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["0", "-0.01", "-100"])
def test_require_positive_refuses_zero_and_negative_amounts_and_says_which(amount: str) -> None:
    with pytest.raises(ValidationError, match=f"^payout must be greater than zero, got {amount}"):
        require_positive(money(amount, "USD"), "payout")


@given(amount=mst.positive_amounts())
def test_require_positive_returns_a_positive_amount_unchanged(amount: Money) -> None:
    assert require_positive(amount) is amount


@given(amounts=st.lists(mst.amounts(currency="BHD"), min_size=1, max_size=5))
def test_same_currency_names_the_one_currency_of_its_amounts(amounts: list[Money]) -> None:
    assert same_currency(*amounts) == "BHD"


@given(codes=two_distinct_currencies(), data=st.data())
def test_mixed_currencies_raise_currency_mismatch_naming_both(
    codes: tuple[str, str], data: st.DataObject
) -> None:
    first = data.draw(mst.amounts(currency=codes[0]))
    second = data.draw(mst.amounts(currency=codes[1]))
    with pytest.raises(CurrencyMismatch) as caught:
        same_currency(first, second, first)
    assert f"({', '.join(sorted(codes))}) cannot be combined" in str(caught.value)
    assert isinstance(caught.value, ValidationError)


# -- allocation ---------------------------------------------------------------------------------


def assert_fair_allocation(amount: Money, weights: list[Decimal | int], parts: list[Money]) -> None:
    """Parts add up exactly, each within one minor unit of its exact share, in the currency."""
    code = amount.currency.code
    assert len(parts) == len(weights)
    assert sum((exact(p) for p in parts), Fraction(0)) == exact(amount)
    total = sum((Fraction(w) for w in weights), Fraction(0))
    for part, weight in zip(parts, weights, strict=True):
        assert part.currency == amount.currency
        assert is_quantized(part)
        share = exact(amount) * Fraction(weight) / total
        assert abs(exact(part) - share) < minor_unit(code)


@pytest.mark.parametrize("code", ALL_CODES)
def test_allocate_adds_up_exactly_in_every_currency_py_moneyed_knows(code: str) -> None:
    unit = from_minor(1, code)
    awkward = from_minor(10**7 + 1, code)
    for amount in (unit, awkward, -awkward):
        for weights in ([1, 1, 1], [1, 2, 3, 0], [Decimal("0.333"), 7, 0, Decimal("12.5")]):
            assert_fair_allocation(amount, weights, allocate(amount, weights))


@settings(max_examples=200)
@given(amount=mst.amounts(min_value="-1000000000"), weights=mst.weights())
def test_allocate_adds_up_and_gives_each_part_its_share_to_within_one_minor_unit(
    amount: Money, weights: list[Decimal | int]
) -> None:
    assert_fair_allocation(amount, weights, allocate(amount, weights))


@given(
    amount=mst.amounts(min_value="-1000000"),
    weights=mst.weights(),
    zero_at=st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=4),
)
def test_allocate_gives_a_zero_weight_exactly_nothing_and_the_others_what_they_would_get(
    amount: Money, weights: list[Decimal | int], zero_at: list[int]
) -> None:
    with_zeros = list(weights)
    for position in zero_at:
        with_zeros.insert(min(position, len(with_zeros)), 0)
    parts = allocate(amount, with_zeros)
    kept = [part for part, weight in zip(parts, with_zeros, strict=True) if weight != 0]
    nothing = [part for part, weight in zip(parts, with_zeros, strict=True) if weight == 0]
    assert nothing == [zero(amount.currency.code)] * len(nothing)
    assert kept == [p for p, w in zip(allocate(amount, weights), weights, strict=True) if w != 0]


@given(amount=mst.amounts(), weights=mst.weights())
def test_allocate_of_a_negative_amount_mirrors_the_positive_one(
    amount: Money, weights: list[Decimal | int]
) -> None:
    assert allocate(-amount, weights) == [-p for p in allocate(amount, weights)]


@given(amount=mst.amounts(), weights=mst.weights())
def test_allocate_accepts_weights_written_as_strings(
    amount: Money, weights: list[Decimal | int]
) -> None:
    assert allocate(amount, [str(w) for w in weights]) == allocate(amount, weights)


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        ("100.00", [1, 1, 1], ["33.34", "33.33", "33.33"]),  # tie: the earlier part gets it
        ("0.05", [1, 1], ["0.03", "0.02"]),
        ("1.00", [1, 2], ["0.33", "0.67"]),  # the larger remainder wins, not the first part
        ("0.01", [1, 1, 1], ["0.01", "0.00", "0.00"]),
        ("-0.05", [1, 1], ["-0.03", "-0.02"]),
        ("10.00", [0, 3, 1], ["0.00", "7.50", "2.50"]),
    ],
)
def test_allocate_hands_leftover_cents_to_the_largest_remainders(
    amount: str, weights: list[int], expected: list[str]
) -> None:
    assert allocate(money(amount, "USD"), weights) == [money(e, "USD") for e in expected]


def test_allocate_splits_weights_longer_than_decimal_precision_exactly() -> None:
    # 30 significant digits each: rounding them to 28 would make the two weights look equal
    # and hand the cent to the first part, although the second weight is the larger.
    weights = [
        Decimal("10000000000000000000000000000.1"),
        Decimal("10000000000000000000000000000.9"),
    ]
    assert allocate(money("0.01", "USD"), weights) == [money("0", "USD"), money("0.01", "USD")]


def test_allocate_in_yen_never_creates_fractions_of_a_yen() -> None:
    assert allocate(money("100", "JPY"), [1, 1, 1]) == [
        money("34", "JPY"),
        money("33", "JPY"),
        money("33", "JPY"),
    ]


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ([], "at least one weight"),
        ([1, -1], "weights must not be negative"),
        ([0, 0], "weights must not all be zero"),
        ([0.5, 0.5], "weight must not be a float"),
        ([True], "weight must be a Decimal, int or str, not a bool"),
        (["half"], "weight 'half' is not a number"),
    ],
)
def test_allocate_refuses_weights_it_cannot_split_by(weights: list[object], fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        allocate(money("10", "USD"), weights)  # type: ignore[arg-type]
    assert fragment in str(caught.value)


def test_allocate_refuses_an_amount_that_is_not_a_whole_number_of_minor_units() -> None:
    with pytest.raises(ValidationError, match="quantize it first"):
        allocate(Money("10.001", "USD"), [1, 1])
