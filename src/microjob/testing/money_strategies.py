"""Hypothesis strategies for money: currencies, exact amounts, weights, rates, and the amounts
microjob must refuse.

Every rule of a marketplace ends in money, and money is where the edge cases live: currencies with
0, 3 or 4 decimal places, the smallest amount a currency has, exact half cents, bounds at the limit
of what a Decimal holds exactly. These strategies draw from all of it; the rest of
[`microjob.testing.strategies`][microjob.testing.strategies] (policies, orders, service cards)
builds its values on them, and re-exports every name here, so tests keep writing
``mst.amounts()``. The conventions are the ones that module states.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Final

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError(
        "microjob.testing needs Hypothesis; install it with: pip install 'microjob[testing]'"
    ) from exc

from moneyed import CURRENCIES, Currency, Money

from microjob.money import from_minor, minor_places

__all__ = [
    "DEFAULT_MAX_AMOUNT",
    "PREFERRED_CODES",
    "amounts",
    "bad_amount_values",
    "currencies",
    "positive_amounts",
    "rates",
    "weights",
]

Bound = Decimal | int | str
"""How a bound is given: like an amount, exactly (floats are refused here too)."""


def _bound(value: object, name: str) -> Decimal:
    """A strategy argument as an exact Decimal, or ``InvalidArgument`` saying why not."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidArgument(
            f"{name} must be a Decimal, int or str (exact), got {type(value).__name__} {value!r}"
        )
    try:
        result = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except decimal.InvalidOperation:
        raise InvalidArgument(f"{name}={value!r} is not a number") from None
    if not result.is_finite():
        raise InvalidArgument(f"{name}={value!r} must be finite")
    return result


PREFERRED_CODES: Final = ("USD", "EUR", "JPY", "BHD", "CLF")
"""Drawn first and shrunk to first: USD, then one currency for each unusual number of places
(JPY 0, BHD 3, CLF 4), so a failing example is reported in a currency a reader knows."""

_ALL_CODES: Final = PREFERRED_CODES + tuple(
    sorted(code for code in CURRENCIES if code not in PREFERRED_CODES)
)

DEFAULT_MAX_AMOUNT: Final = Decimal(10**12)
"""Default upper bound of [`amounts`][microjob.testing.money_strategies.amounts]: a trillion
major units, above any real payment yet far inside the 28 significant digits a Decimal holds
exactly, so products with a rate stay exact."""

_PRECISION: Final = decimal.getcontext().prec
_MAX_PLACES: Final = max(minor_places(code) for code in CURRENCIES)


def known_code(code: object, name: str) -> str:
    """``code`` (a code or a ``Currency``) as an upper-case code py-moneyed knows, or
    ``InvalidArgument`` naming the argument ``name``."""
    if isinstance(code, Currency):
        code = code.code
    if not isinstance(code, str) or code.upper() not in CURRENCIES:
        raise InvalidArgument(f"{name}: {code!r} is not an ISO 4217 code py-moneyed knows")
    return code.upper()


def currencies(*, codes: Iterable[str | Currency] | None = None) -> st.SearchStrategy[str]:
    """ISO 4217 codes py-moneyed knows, as upper-case strings such as ``"USD"``.

    Why: a money rule that holds for USD often breaks for a currency with 0 (JPY), 3 (BHD) or 4
    (CLF) decimal places; drawing from every currency finds those bugs, and shrinking reports
    them in the most familiar currency that still fails (see
    [`PREFERRED_CODES`][microjob.testing.money_strategies.PREFERRED_CODES]).

    ``codes`` restricts the draw, e.g. to the currencies a marketplace supports; the order given
    is the shrinking order.
    """
    if codes is None:
        return st.sampled_from(_ALL_CODES)
    if isinstance(codes, str | Currency):
        raise InvalidArgument(f"codes must be a collection of codes, e.g. [{codes!r}]")
    pool = tuple(dict.fromkeys(known_code(code, "codes") for code in codes))
    if not pool:
        raise InvalidArgument("codes must name at least one currency")
    return st.sampled_from(pool)


def _unit_range(code: str, low: Decimal, high: Decimal, *, positive: bool) -> tuple[int, int]:
    """The minor-unit counts of ``code`` between the bounds (inclusive), or InvalidArgument."""
    places = minor_places(code)
    first = int(low.scaleb(places).to_integral_value(rounding=ROUND_CEILING))
    last = int(high.scaleb(places).to_integral_value(rounding=ROUND_FLOOR))
    if positive:
        first = max(first, 1)
    if first > last:
        raise InvalidArgument(
            f"no {'positive ' if positive else ''}{code} amount lies between {low} and {high} "
            f"({code} has {places} decimal places)"
        )
    if max(abs(first), abs(last)) >= 10**_PRECISION:
        raise InvalidArgument(
            f"bounds {low}..{high} {code} go beyond the {_PRECISION} digits a Decimal holds exactly"
        )
    return first, last


def _amounts_in(
    code: str, low: Decimal, high: Decimal, *, positive: bool
) -> st.SearchStrategy[Money]:
    first, last = _unit_range(code, low, high, positive=positive)
    return st.integers(min_value=first, max_value=last).map(lambda units: from_minor(units, code))


def _money_strategy(
    currency: str | Currency | st.SearchStrategy[str] | None,
    low: Decimal,
    high: Decimal,
    *,
    positive: bool,
) -> st.SearchStrategy[Money]:
    if low > high:
        raise InvalidArgument(f"min_value={low} is greater than max_value={high}")
    if currency is None:
        currency = currencies()
    if isinstance(currency, st.SearchStrategy):
        if max(abs(low), abs(high)).scaleb(_MAX_PLACES) >= 10**_PRECISION:
            raise InvalidArgument(
                f"bounds {low}..{high} go beyond the {_PRECISION} digits a Decimal holds exactly "
                f"in a currency with {_MAX_PLACES} decimal places; fix the currency or lower them"
            )
        return currency.flatmap(
            lambda code: _amounts_in(known_code(code, "currency"), low, high, positive=positive)
        )
    return _amounts_in(known_code(currency, "currency"), low, high, positive=positive)


def amounts(
    *,
    currency: str | Currency | st.SearchStrategy[str] | None = None,
    min_value: Bound = 0,
    max_value: Bound = DEFAULT_MAX_AMOUNT,
) -> st.SearchStrategy[Money]:
    """Exact amounts: a ``Money`` with no more decimal places than its currency has.

    Why: every amount microjob stores has passed [`microjob.money.money`][microjob.money.money], so
    tests should feed the same kind of value; an over-precise amount is a *different* test, see
    [`bad_amount_values`][microjob.testing.money_strategies.bad_amount_values]. Amounts are drawn
    as whole numbers of minor units (cents, yen, fils), which is how they shrink: towards zero, or
    the bound nearest to it.

    ``currency`` is a code, a ``Currency`` or a strategy of codes; by default every currency
    ([`currencies`][microjob.testing.money_strategies.currencies]). The bounds are in major units,
    inclusive, and default to ``0 .. DEFAULT_MAX_AMOUNT``: most money in a marketplace is not
    negative, so pass a negative ``min_value`` to test refunds and corrections.
    """
    low, high = _bound(min_value, "min_value"), _bound(max_value, "max_value")
    return _money_strategy(currency, low, high, positive=False)


def positive_amounts(
    *,
    currency: str | Currency | st.SearchStrategy[str] | None = None,
    max_value: Bound = DEFAULT_MAX_AMOUNT,
) -> st.SearchStrategy[Money]:
    """Amounts of at least one minor unit: prices, deposits, transfers.

    Why: the ledger refuses to move zero, and a price of nothing is not an order; the smallest
    amount that *is* accepted (0.01 USD, 1 JPY, 0.0001 CLF) is where rounding hurts most, and
    this is where these amounts shrink to.
    """
    high = _bound(max_value, "max_value")
    return _money_strategy(currency, Decimal(0), high, positive=True)


@st.composite
def _weight_lists(
    draw: st.DrawFn,
    min_size: int,
    max_size: int,
    elements: st.SearchStrategy[Decimal | int],
    positive: st.SearchStrategy[Decimal | int],
) -> list[Decimal | int]:
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    values = draw(st.lists(elements, min_size=size - 1, max_size=size - 1))
    values.insert(draw(st.integers(min_value=0, max_value=size - 1)), draw(positive))
    return values


def weights(
    *,
    min_size: int = 1,
    max_size: int = 6,
    elements: st.SearchStrategy[Decimal | int] | None = None,
) -> st.SearchStrategy[list[Decimal | int]]:
    """Weights for [`microjob.money.allocate`][microjob.money.allocate]: none negative, at least one
    positive.

    Why: an allocation must add up exactly whatever the proportions, so the default elements mix
    small ints (even splits and exact ties, where the remainder rule decides), huge ints
    (lopsided splits), Decimals with places, and zeros (a party that gets nothing, and must get
    exactly nothing). One positive weight is placed at a drawn position, so no draw is wasted on
    an all-zero list and the positive one is not always first.

    ``elements`` replaces the default element strategy; its values must not be negative.
    """
    if min_size < 1:
        raise InvalidArgument(f"min_size={min_size}: allocate needs at least one weight")
    if max_size < min_size:
        raise InvalidArgument(f"max_size={max_size} is smaller than min_size={min_size}")
    if elements is None:
        elements = st.one_of(
            st.integers(min_value=0, max_value=10),
            st.integers(min_value=0, max_value=10**9),
            st.decimals(min_value=0, max_value=1000, places=3),
        )
    positive = elements.filter(lambda weight: weight > 0)
    return _weight_lists(min_size, max_size, elements, positive)


def rates(
    *,
    min_value: Bound = 0,
    max_value: Bound = Decimal(1),
    places: int = 4,
) -> st.SearchStrategy[Decimal]:
    """Rates as exact Decimals, ``0.1`` meaning 10 %: commissions, fees, discounts.

    Why: a rate with four places (``0.0725``) times an amount with two has six, so nearly every
    product needs rounding and many land exactly on a half cent, which is where half-even
    rounding and ``commission + remainder == price`` are actually tested. The default range
    ``0 .. 1`` covers "nothing" to "everything"; negative rates are refused by microjob, test
    those separately.
    """
    low, high = _bound(min_value, "min_value"), _bound(max_value, "max_value")
    if low < 0:
        raise InvalidArgument(f"min_value={low}: microjob refuses negative rates")
    if low > high:
        raise InvalidArgument(f"min_value={low} is greater than max_value={high}")
    if places < 0:
        raise InvalidArgument(f"places={places} must not be negative")
    return st.decimals(
        min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
    )


_GARBAGE_STRINGS: Final = (
    "",
    " ",
    "12,50",
    "1.2.3",
    "0x10",
    "ten",
    "$5",
    "5 USD",
    "1e",
    "--1",
    "1/3",
)
_NOT_FINITE: Final = (
    Decimal("NaN"),
    Decimal("-NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    "NaN",
    "nan",
    "sNaN",
    "inf",
    "-Infinity",
)
_WRONG_TYPES: Final = (None, b"12.50", [12], {"amount": "12.50"}, 1 + 2j, Fraction(1, 3))


def _is_not_a_number(text: str) -> bool:
    try:
        Decimal(text.strip())
    except decimal.InvalidOperation:
        return True
    return False


def bad_amount_values(*, currency: str | Currency = "USD") -> st.SearchStrategy[object]:
    """Values ``microjob.money.money(value, currency)`` must refuse with a ValidationError.

    Why each kind is refused (and why each is worth testing):

    * floats, including NaN, infinities and ``-0.0``: a binary float cannot hold 0.10 exactly;
    * bools: ``True`` is an ``int`` to Python but never an amount anyone meant;
    * NaN and infinities as Decimals or strings: not amounts at all, and NaN poisons every sum;
    * over-precise values (``"10.005"`` for USD, ``"1.5"`` for JPY): rounding them silently would
      hide the caller's bug; how many places are too many depends on ``currency``;
    * values beyond the 28 significant digits a Decimal holds exactly (``"1e30"``);
    * strings that are not numbers (``"12,50"``, ``"$5"``, any text Decimal cannot parse);
    * other types (None, bytes, lists, complex numbers, ``Fraction(1, 3)``).
    """
    code = known_code(currency, "currency")
    places = minor_places(code)
    over_precise = st.builds(
        lambda units, extra: Decimal(units).scaleb(-(places + extra)),
        st.integers(min_value=-(10**12), max_value=10**12).filter(lambda n: n % 10 != 0),
        st.integers(min_value=1, max_value=3),
    )
    limit = 10 ** (_PRECISION - places)
    too_large = st.integers(min_value=limit) | st.integers(max_value=-limit)
    return st.one_of(
        st.floats(),
        st.booleans(),
        st.sampled_from(_NOT_FINITE),
        over_precise,
        over_precise.map(str),
        too_large,
        st.sampled_from(("1e30", "-1e30", "1e999", "1E+1000000")),
        st.sampled_from(_GARBAGE_STRINGS),
        st.text(max_size=12).filter(_is_not_a_number),
        st.sampled_from(_WRONG_TYPES),
    )
