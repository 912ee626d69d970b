"""microjob.money pinned by known answers: edges, ASCII-only input, a hostile decimal context.

``tests/test_money.py`` states the rules as properties over generated amounts; this module pins
the exact answers at the edges a property can sample or miss (the smallest unit, exactly one,
half-way cases, zero- and three-decimal currencies) and the exact wording of the refusals, so a
change to any of them is a decision someone made, not an accident mutation testing finds.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_DOWN, ROUND_UP, Decimal

import pytest
from moneyed import Money

from microjob import Marketplace, ValidationError
from microjob import ledger as accounts
from microjob.errors import CurrencyMismatch
from microjob.money import (
    MONEY_CONTEXT,
    allocate,
    as_money,
    from_minor,
    is_quantized,
    minor_places,
    money,
    percent,
    plain,
    quantize,
    rate,
    require_positive,
    same_currency,
    split_commission,
    to_minor,
    zero,
)
from microjob.testing import expect_deltas
from tests.conftest import World


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


def exact(value: Money) -> tuple[str, str]:
    """Amount and currency as written, so ``1.0`` and ``1.00`` are told apart."""
    return str(value.amount), value.currency.code


# -- ASCII digits only ---------------------------------------------------------------------------
NON_ASCII = [
    ("١٠", "amount '١٠' uses non-ASCII digits; write it with 0-9, e.g. '10'"),
    ("۱۰", "amount '۱۰' uses non-ASCII digits; write it with 0-9, e.g. '10'"),
    ("१०", "amount '१०' uses non-ASCII digits; write it with 0-9, e.g. '10'"),
    ("１０.５０", "amount '１０.５０' uses non-ASCII digits; write it with 0-9, e.g. '10.50'"),
    ("1٠", "amount '1٠' uses non-ASCII digits; write it with 0-9, e.g. '10'"),
    ("\u202e١٠", "amount '\\u202e١٠' uses non-ASCII digits; write it with 0-9, e.g. '10'"),
    (
        "\u202e01",
        "amount '\\u202e01' contains an invisible formatting character U+202E RIGHT-TO-LEFT "
        "OVERRIDE; write it with the digits 0-9, an optional sign and a '.', e.g. '01'",
    ),
    (
        " 1\u200b0 ",
        "amount ' 1\\u200b0 ' contains an invisible formatting character U+200B ZERO WIDTH "
        "SPACE; write it with the digits 0-9, an optional sign and a '.', e.g. '10'",
    ),
    (
        "10\u00a0",
        "amount '10\\xa0' contains the non-ASCII character U+00A0 NO-BREAK SPACE; write it "
        "with the digits 0-9, an optional sign and a '.'",
    ),
    (
        "\u22125",
        "amount '−5' contains the non-ASCII character U+2212 MINUS SIGN; write it with the "
        "digits 0-9, an optional sign and a '.'",
    ),
    (
        "\u2009\u200e",  # a thin space and a mark: nothing left to suggest
        "amount '\\u2009\\u200e' contains the non-ASCII character U+2009 THIN SPACE; write it "
        "with the digits 0-9, an optional sign and a '.'",
    ),
    (
        "\ue000",
        "amount '\\ue000' contains the non-ASCII character U+E000 (unassigned); write it with "
        "the digits 0-9, an optional sign and a '.'",
    ),
]


@pytest.mark.parametrize(("text", "message"), NON_ASCII)
def test_money_refuses_every_non_ascii_character_and_shows_the_ascii_spelling(
    text: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        money(text, "USD")
    assert str(caught.value) == message


def test_the_ascii_spelling_the_message_suggests_is_accepted() -> None:
    assert exact(money("10.50", "USD")) == ("10.50", "USD")
    assert exact(money(" 10 ", "USD")) == ("10.00", "USD")  # ASCII spaces around are fine


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rate("٠.١"), "rate '٠.١' uses non-ASCII digits; write it with 0-9, e.g. '0.1'"),
        (
            lambda: allocate(usd("1.00"), ["١", "1"]),
            "weight '١' uses non-ASCII digits; write it with 0-9, e.g. '1'",
        ),
        (
            lambda: as_money("١٠", "USD", what="price"),
            "price: amount '١٠' uses non-ASCII digits; write it with 0-9, e.g. '10'",
        ),
    ],
)
def test_rates_weights_and_api_amounts_refuse_non_ascii_digits_too(
    call: object, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    assert str(caught.value) == message


@pytest.mark.parametrize("price", ["١٠", "१०", "１０", "\u202e10", "10\u200e"])
def test_place_order_refuses_a_price_with_non_ascii_digits_and_stores_nothing(
    world: World, price: str
) -> None:
    orders_before = dict(world.market.store.orders)
    with expect_deltas(world.market, {}), pytest.raises(ValidationError, match="price: amount"):
        world.market.orders.place(
            actor="buyer", seller_id="seller", title="Logo", price=price, delivery_days=3
        )
    assert dict(world.market.store.orders) == orders_before
    assert world.gateway.calls == []


# -- edge amounts ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "code", "amount"),
    [
        ("0.01", "USD", "0.01"),  # the smallest unit
        ("1", "USD", "1.00"),
        ("1.00", "USD", "1.00"),
        ("1", "JPY", "1"),
        ("1000", "JPY", "1000"),
        ("0.001", "BHD", "0.001"),
        ("1", "KWD", "1.000"),
        (Decimal("-0.01"), "EUR", "-0.01"),
        (7, "usd", "7.00"),
        ("+2.5", "USD", "2.50"),
        ("1E+2", "USD", "100.00"),
        ("\t3.10\n", "USD", "3.10"),
    ],
)
def test_money_builds_exactly_the_amount_written_with_the_currencys_places(
    value: object, code: str, amount: str
) -> None:
    assert exact(money(value, code)) == (amount, code.upper())  # type: ignore[arg-type]


def test_money_of_a_money_keeps_it_and_checks_it() -> None:
    assert exact(money(usd("2.50"))) == ("2.50", "USD")
    assert exact(money(usd("2.50"), "USD")) == ("2.50", "USD")
    with pytest.raises(ValidationError) as caught:
        money(usd("2.505"))
    assert str(caught.value) == (
        "amount 2.505 has more decimal places than USD allows (2); round it first, e.g. 2.50"
    )
    with pytest.raises(CurrencyMismatch) as mismatch:
        money(usd("2.50"), "EUR")
    assert str(mismatch.value) == "amount is in USD but EUR was expected"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "1e30",
            "amount 1E+30 is too large to hold exactly in USD; at most 28 significant digits fit",
        ),
        (
            "0.015",
            "amount 0.015 has more decimal places than USD allows (2); round it first, e.g. 0.02",
        ),
        ("x", "amount 'x' is not a number; expected digits like '12.50'"),
        ("NaN", "amount must be a finite number, got 'NaN'"),
        (
            1.5,
            "amount must not be a float (1.5): floats cannot hold amounts exactly; pass a "
            "Decimal or a string such as '1.5'",
        ),
        (True, "amount must be a Decimal, int or str, not a bool (True)"),
        ([1], "amount must be a Decimal, int or str, not list ([1])"),
    ],
)
def test_money_refusals_say_exactly_what_was_wrong(value: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        money(value, "USD")  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_money_without_a_currency_and_with_an_unknown_one_are_refused_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        money("5")
    assert str(caught.value) == "a currency is needed for the amount '5': money('5', 'USD')"
    with pytest.raises(ValidationError) as unknown:
        money("5", "ZZZ")
    assert str(unknown.value) == (
        "unknown currency 'ZZZ'; expected an ISO 4217 code such as 'USD', 'EUR' or 'JPY'"
    )
    with pytest.raises(ValidationError) as not_text:
        money("5", 840)  # type: ignore[arg-type]
    assert str(not_text.value) == "currency must be an ISO code string, got int"


@pytest.mark.parametrize(
    ("code", "places", "zero_text"),
    [("USD", 2, "0.00"), ("JPY", 0, "0"), ("BHD", 3, "0.000"), ("KWD", 3, "0.000")],
)
def test_zero_and_minor_places_for_zero_two_and_three_decimal_currencies(
    code: str, places: int, zero_text: str
) -> None:
    assert minor_places(code) == places
    assert exact(zero(code)) == (zero_text, code)


@pytest.mark.parametrize(
    ("amount", "code", "expected"),
    [
        ("0.125", "USD", "0.12"),  # half to even: down
        ("0.135", "USD", "0.14"),  # half to even: up
        ("0.0049", "USD", "0.00"),
        ("2.5", "JPY", "2"),
        ("3.5", "JPY", "4"),
        ("1.0005", "BHD", "1.000"),
        ("1.0015", "BHD", "1.002"),
        ("-0.125", "USD", "-0.12"),
    ],
)
def test_quantize_rounds_half_even_to_the_minor_unit(amount: str, code: str, expected: str) -> None:
    assert exact(quantize(Money(Decimal(amount), code))) == (expected, code)


def test_is_quantized_tells_exact_amounts_from_too_precise_ones() -> None:
    assert is_quantized(usd("1.00")) is True
    assert is_quantized(usd("1")) is True
    assert is_quantized(usd("1.005")) is False
    assert is_quantized(Money(Decimal("1.5"), "JPY")) is False
    assert is_quantized(Money(Decimal("1.001"), "BHD")) is True


@pytest.mark.parametrize(
    ("price", "fraction", "expected"),
    [
        ("20.00", "0.10", "2.00"),
        ("10.00", "0.10", "1.00"),  # exactly one unit
        ("0.01", "0.10", "0.00"),  # a fee that rounds to zero
        ("0.05", "0.10", "0.00"),  # 0.005: half to even, down to 0.00
        ("0.15", "0.10", "0.02"),  # 0.015: half to even, up to 0.02
        ("1234.56", "0.055", "67.90"),
        ("1.00", "1", "1.00"),
        ("1.00", "0", "0.00"),
        ("1.00", 2, "2.00"),
    ],
)
def test_percent_is_the_half_even_product_in_the_minor_unit(
    price: str, fraction: str | int, expected: str
) -> None:
    assert exact(percent(usd(price), fraction)) == (expected, "USD")


def test_percent_in_yen_and_dinars() -> None:
    assert exact(percent(Money(Decimal("15"), "JPY"), "0.10")) == ("2", "JPY")  # 1.5 -> 2
    assert exact(percent(Money(Decimal("25"), "JPY"), "0.10")) == ("2", "JPY")  # 2.5 -> 2
    assert exact(percent(Money(Decimal("12.345"), "BHD"), "0.10")) == ("1.234", "BHD")


def test_percent_checks_a_rate_that_is_not_a_clean_decimal() -> None:
    with pytest.raises(ValidationError) as caught:
        percent(usd("1.00"), Decimal("-0.1"))
    assert str(caught.value) == "rate must not be negative, got -0.1"
    with pytest.raises(ValidationError, match="must not be a float"):
        percent(usd("1.00"), 0.1)  # type: ignore[arg-type]
    assert exact(percent(usd("3.00"), "0.5")) == ("1.50", "USD")


def test_split_commission_parts_add_up_at_the_edges() -> None:
    commission, rest = split_commission(usd("0.01"), "0.10")
    assert (exact(commission), exact(rest)) == (("0.00", "USD"), ("0.01", "USD"))
    commission, rest = split_commission(usd("10.00"), "0.10")
    assert (exact(commission), exact(rest)) == (("1.00", "USD"), ("9.00", "USD"))
    commission, rest = split_commission(Money(Decimal("12.345"), "BHD"), "0.10")
    assert (exact(commission), exact(rest)) == (("1.234", "BHD"), ("11.111", "BHD"))


@pytest.mark.parametrize(
    ("amount", "code", "units"),
    [("0.01", "USD", 1), ("1.00", "USD", 100), ("1", "JPY", 1), ("0.001", "KWD", 1)],
)
def test_minor_units_both_ways_at_the_smallest_unit_and_at_one(
    amount: str, code: str, units: int
) -> None:
    assert to_minor(Money(Decimal(amount), code)) == units
    assert exact(from_minor(units, code)) == (amount, code)


def test_minor_unit_refusals_say_why() -> None:
    with pytest.raises(ValidationError) as caught:
        to_minor(usd("0.005"))
    assert str(caught.value) == "0.005 USD is not a whole number of minor units; quantize it first"
    with pytest.raises(ValidationError) as kind:
        from_minor(True, "USD")
    assert str(kind.value) == "minor units must be an int, got bool"
    with pytest.raises(ValidationError) as big:
        from_minor(10**40, "USD")
    assert str(big.value) == f"{10**40} minor units of USD are too many to hold"


def test_require_positive_same_currency_and_plain_say_exactly_what_they_mean() -> None:
    assert require_positive(usd("0.01")) == usd("0.01")
    with pytest.raises(ValidationError) as caught:
        require_positive(usd("0.00"), "price")
    assert str(caught.value) == "price must be greater than zero, got 0.00 USD"
    with pytest.raises(ValidationError) as default:
        require_positive(usd("-1.00"))
    assert str(default.value) == "amount must be greater than zero, got -1.00 USD"
    assert same_currency(usd("1"), usd("2")) == "USD"
    with pytest.raises(CurrencyMismatch) as mixed:
        same_currency(usd("1"), Money(Decimal(1), "EUR"))
    assert str(mixed.value) == (
        "amounts in different currencies (EUR, USD) cannot be combined; convert them first"
    )
    assert plain(money("12.5", "USD")) == "12.50 USD"
    assert plain(money("5", "JPY")) == "5 JPY"


def test_rate_refusals_name_what_was_wrong() -> None:
    with pytest.raises(ValidationError) as caught:
        rate("-0.5", what="commission_rate")
    assert str(caught.value) == "commission_rate must not be negative, got -0.5"
    assert rate("0") == Decimal(0)
    assert rate(1) == Decimal(1)


@pytest.mark.parametrize(
    ("amount", "weights", "parts"),
    [
        ("0.01", [1, 1], ["0.01", "0.00"]),  # one unit, ties go to the earlier part
        ("1.00", [1, 1, 1], ["0.34", "0.33", "0.33"]),
        ("1.00", [0, 1], ["0.00", "1.00"]),
        ("-0.01", [1, 1], ["-0.01", "0.00"]),
        ("0.05", ["0.5", "0.25", "0.25"], ["0.03", "0.01", "0.01"]),
    ],
)
def test_allocate_known_answers(amount: str, weights: list[object], parts: list[str]) -> None:
    got = allocate(usd(amount), weights)  # type: ignore[arg-type]
    assert [exact(p) for p in got] == [(p, "USD") for p in parts]


def test_allocate_in_yen_and_its_refusals() -> None:
    yen = allocate(Money(Decimal(10), "JPY"), [1, 2])
    assert [exact(p) for p in yen] == [("3", "JPY"), ("7", "JPY")]
    for weights, message in [
        ([], "allocate needs at least one weight"),
        ([0, 0], "weights must not all be zero"),
        ([1, -1], "weights must not be negative, got ['1', '-1']"),
    ]:
        with pytest.raises(ValidationError) as caught:
            allocate(usd("1.00"), weights)
        assert str(caught.value) == message


# -- a hostile decimal context ------------------------------------------------------------------
HOSTILE = decimal.Context(
    prec=3,
    rounding=ROUND_UP,
    traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.FloatOperation],
)
"""What an application might set for its own sums: three digits, always round up, and trap
every inexact result. None of it may reach an amount."""


def test_money_functions_ignore_the_hosts_decimal_context() -> None:
    with decimal.localcontext(HOSTILE):
        assert exact(money("1234.56", "USD")) == ("1234.56", "USD")
        assert exact(percent(usd("1234.56"), "0.055")) == ("67.90", "USD")
        assert exact(percent(usd("0.05"), Decimal("0.10"))) == ("0.00", "USD")
        assert exact(quantize(usd("0.125"))) == ("0.12", "USD")
        assert exact(quantize(Money(Decimal("987654.3215"), "BHD"))) == ("987654.322", "BHD")
        assert is_quantized(usd("98765.43")) is True
        commission, rest = split_commission(usd("98765.43"), "0.2")
        assert (exact(commission), exact(rest)) == (("19753.09", "USD"), ("79012.34", "USD"))
        assert to_minor(usd("98765.43")) == 9876543
        assert exact(from_minor(9876543, "USD")) == ("98765.43", "USD")
        assert exact(zero("KWD")) == ("0.000", "KWD")
        parts = allocate(usd("1000.01"), ["1.111", "2.222"])
        assert [exact(p) for p in parts] == [("333.34", "USD"), ("666.67", "USD")]
        with pytest.raises(ValidationError) as caught:
            money("1e30", "USD")
        assert "at most 28 significant digits fit" in str(caught.value)
        assert decimal.getcontext().prec == 3  # the host's context is left as it was
    assert MONEY_CONTEXT.prec == 28
    assert MONEY_CONTEXT.rounding == decimal.ROUND_HALF_EVEN


def test_a_marketplace_order_completes_to_the_cent_under_a_round_down_context() -> None:
    """The facade's own sums are outside microjob.money; a context that only rounds (no traps)
    must still leave every balance exact, because amounts never exceed its precision here."""
    market = Marketplace.in_memory()
    for user in ("buyer", "seller"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    with decimal.localcontext(decimal.Context(prec=28, rounding=ROUND_DOWN)):
        order = market.orders.place(
            actor="buyer", seller_id="seller", title="Logo", price="99.99", delivery_days=1
        )
        market.orders.start(order.id, actor="seller")
        market.orders.deliver(order.id, actor="seller", message="done")
        with expect_deltas(
            market,
            {
                accounts.escrow(order.id): "-105.49",  # 99.99 + 5.5 % buyer fee (5.50)
                accounts.pending("seller"): "79.99",  # 99.99 - 20 % (19.998 -> 20.00)
                accounts.PLATFORM_COMMISSION: "20.00",
                accounts.PLATFORM_BUYER_FEES: "5.50",  # 5.49945 -> 5.50 half-even, not 5.49 down
            },
        ):
            market.orders.accept(order.id, actor="buyer")


def test_default_names_in_messages_say_amount() -> None:
    with pytest.raises(ValidationError) as caught:
        as_money("x", "USD")
    assert str(caught.value) == "amount: amount 'x' is not a number; expected digits like '12.50'"
    with pytest.raises(ValidationError) as nan:
        money(Money(Decimal("NaN"), "USD"))
    assert str(nan.value) == "amount must be a finite number, got Decimal('NaN')"


def test_percent_refuses_a_nan_or_negative_decimal_rate_like_any_other() -> None:
    with pytest.raises(ValidationError) as caught:
        percent(usd("1.00"), Decimal("NaN"))
    assert str(caught.value) == "rate must be a finite number, got Decimal('NaN')"
    with pytest.raises(ValidationError, match=r"rate must not be negative, got -0\.01"):
        percent(usd("1.00"), Decimal("-0.01"))
    assert exact(percent(usd("7.00"), Decimal("0"))) == ("0.00", "USD")


# Kept as equivalent (mutation testing lists them; none can change a result):
# * allocate: ``sign = -1 if units < 0`` mutated to ``units <= 0`` or ``units < 1`` differs only
#   for an amount of zero, whose parts are all zero whatever their sign;
# * allocate: ``scale = 0`` mutated to ``scale = 1`` multiplies every integer weight by ten,
#   which leaves every proportion, share and remainder order as it was.
