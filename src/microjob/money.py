"""Currency-exact money on top of py-moneyed.

py-moneyed gives us a ``Money`` value with a currency, but none of the rules a marketplace
needs: it will happily hold ``Money('10.005', 'USD')``, its ``round()`` ignores the currency's
minor unit and it has no way to split an amount so the parts add up. Every amount microjob
stores has therefore passed through [`money`][microjob.money.money] (or
[`quantize`][microjob.money.quantize]) and every split goes through
[`percent`][microjob.money.percent] or [`allocate`][microjob.money.allocate], never an ad-hoc
``round()``.

Rules enforced here:

* floats, bools, NaN and infinities are refused: a binary float cannot say 0.10 exactly, so
  accepting one would make "exact to the last cent" a lie;
* an amount may carry no more decimal places than its currency has (USD 2, JPY 0, BHD 3);
* arithmetic between two currencies raises [`CurrencyMismatch`][microjob.errors.CurrencyMismatch];
* text amounts use ASCII only: the digits 0-9, an optional sign, a ``.`` and an exponent.
  ``Decimal("١٠")`` is 10 to Python, and so are full-width ``"１０"`` and Devanagari ``"१०"``,
  but the contact scanner reads every digit script as a phone-number digit. Rather than
  teach two parts of the library two meanings of "digit", money input refuses any non-ASCII
  digit, any invisible format or bidi control (``U+202E`` can make ``"01"`` display as
  ``"10"``) and any other non-ASCII character, with a
  [`ValidationError`][microjob.errors.ValidationError] that shows the amount written the accepted
  way. An embedding application that wants to accept local digits converts them itself, where it
  knows the user's locale.

Every computation here runs under [`MONEY_CONTEXT`][microjob.money.MONEY_CONTEXT] (28 significant
digits, half-even, invalid operations trapped), never under the thread's current `decimal` context:
an application that sets ``getcontext().prec = 6`` or ``rounding = ROUND_UP`` for its own sums
must not change what a commission comes to.
"""

from __future__ import annotations

import decimal
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import Any

from moneyed import Currency, Money, get_currency

from microjob.errors import CurrencyMismatch, ValidationError

__all__ = [
    "MONEY_CONTEXT",
    "Money",
    "allocate",
    "as_money",
    "currency_of",
    "format_money",
    "from_minor",
    "is_quantized",
    "minor_places",
    "money",
    "percent",
    "plain",
    "quantize",
    "rate",
    "require_positive",
    "same_currency",
    "split_commission",
    "sum_of",
    "to_minor",
    "without",
    "zero",
]

AmountLike = Decimal | int | str

# The only rounding rule of money: half-even, carried by the context every quantize() is given.
MONEY_CONTEXT = decimal.Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The `decimal` context of every money computation (the ledger's sums included).

Explicit so that the host application's context (precision, rounding, traps) never leaks into
an amount: 28 significant digits and half-even are Python's defaults, kept whatever the
thread's current context says. Treat it as read-only."""


@cache
def _currency(code: str) -> Currency:
    try:
        currency = get_currency(code.upper())
    except Exception as exc:  # py-moneyed raises its own CurrencyDoesNotExist
        raise ValidationError(
            f"unknown currency {code!r}; expected an ISO 4217 code such as 'USD', 'EUR' or 'JPY'"
        ) from exc
    return currency


def currency_of(code: str | Currency) -> Currency:
    """The py-moneyed currency for an ISO code (or the currency itself)."""
    kind = code.__class__
    if kind is Currency:  # the usual two first, told apart without a call
        return code  # type: ignore[return-value]
    if kind is str or isinstance(code, str):
        return _currency(code)
    if isinstance(code, Currency):
        return code
    raise ValidationError(f"currency must be an ISO code string, got {type(code).__name__}")


@cache
def _registered(code: str) -> Currency:
    """What ``Money(amount, code)`` looks up for an upper-case ISO ``code``, looked up once:
    handing py-moneyed the Currency spares it that look-up on every amount built here."""
    return get_currency(code)


@cache
def _zero_amount(code: str) -> Decimal:
    return Decimal(0).scaleb(-_places(code))


@cache
def _places(code: str) -> int:
    sub_unit = _currency(code).sub_unit
    places = len(str(sub_unit)) - 1
    if 10**places != sub_unit:  # pragma: no cover - no ISO currency does this today
        raise ValidationError(f"currency {code} has a sub-unit of {sub_unit}, not a power of ten")
    return places


def minor_places(currency: str | Currency) -> int:
    """Decimal places of the currency's minor unit (USD 2, JPY 0, BHD 3)."""
    return _places(currency_of(currency).code)


@cache
def _exponent(code: str) -> Decimal:
    return Decimal(1).scaleb(-_places(code), MONEY_CONTEXT)


def _not_ascii(value: str, what: str) -> ValidationError:
    """Say which non-ASCII character made a text amount unacceptable, and how to write it."""
    foreign = [ch for ch in value if not ch.isascii()]
    kinds = {unicodedata.category(ch) for ch in foreign}
    spelled = "".join(
        ch
        if ch.isascii()
        else str(unicodedata.digit(ch))
        if unicodedata.category(ch) == "Nd"
        else ""
        for ch in value
    ).strip()
    # Other-script digits and invisible controls map back to ASCII faithfully; nothing else does.
    example = f", e.g. {spelled!r}" if spelled and kinds <= {"Nd", "Cf"} else ""
    if "Nd" in kinds:
        return ValidationError(
            f"{what} {value!r} uses non-ASCII digits; write it with 0-9{example}"
        )
    first = foreign[0]
    kind = "the non-ASCII character"
    if unicodedata.category(first) == "Cf":
        kind = "an invisible formatting character"
    return ValidationError(
        f"{what} {value!r} contains {kind} U+{ord(first):04X} "
        f"{unicodedata.name(first, '(unassigned)')}; "
        f"write it with the digits 0-9, an optional sign and a '.'{example}"
    )


_new_money = Money.__new__


def _made(amount: Decimal, currency: Currency) -> Money:
    """A `Money` of an amount and a currency already checked (``Money(...)`` would check
    both types again and look the currency up): for amounts computed here, on every order."""
    made: Any = _new_money(Money)
    made.amount = amount
    made.currency = currency
    return made  # type: ignore[no-any-return]


def _other_currency(a: Money, b: Money) -> CurrencyMismatch:
    return CurrencyMismatch(
        f"amounts in {a.currency.code} and {b.currency.code} cannot be combined; convert first"
    )


def sum_of(a: Money, b: Money) -> Money:
    """``a + b``, exact, in the money context: what ``Money.__add__`` gives (under the thread's
    context) for the engine's own amounts, at a fraction of the calls: the order's totals and
    fees are summed on every order."""
    currency = a.currency
    if currency is not b.currency and currency.code != b.currency.code:
        raise _other_currency(a, b)
    made: Any = _new_money(Money)  # `_made`, inline
    made.amount = MONEY_CONTEXT.add(a.amount, b.amount)
    made.currency = currency
    return made  # type: ignore[no-any-return]


def without(a: Money, b: Money) -> Money:
    """``a - b``, exact, in the money context (see [`sum_of`][microjob.money.sum_of])."""
    currency = a.currency
    if currency is not b.currency and currency.code != b.currency.code:
        raise _other_currency(a, b)
    made: Any = _new_money(Money)  # `_made`, inline
    made.amount = MONEY_CONTEXT.subtract(a.amount, b.amount)
    made.currency = currency
    return made  # type: ignore[no-any-return]


def _to_decimal(value: object, what: str) -> Decimal:
    # Decimal and str first: they are what amounts nearly always are, and neither can be a
    # bool or a float, which are refused below.
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        if not value.isascii():
            raise _not_ascii(value, what)
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation as exc:
            raise ValidationError(
                f"{what} {value!r} is not a number; expected digits like '12.50'"
            ) from exc
    elif isinstance(value, bool):
        raise ValidationError(f"{what} must be a Decimal, int or str, not a bool ({value!r})")
    elif isinstance(value, float):
        raise ValidationError(
            f"{what} must not be a float ({value!r}): floats cannot hold amounts exactly; "
            f"pass a Decimal or a string such as {str(value)!r}"
        )
    elif isinstance(value, int):
        result = Decimal(value)
    else:
        raise ValidationError(
            f"{what} must be a Decimal, int or str, not {type(value).__name__} ({value!r})"
        )
    if not result.is_finite():
        raise ValidationError(f"{what} must be a finite number, got {value!r}")
    return result


def money(value: AmountLike | Money, currency: str | Currency | None = None) -> Money:
    """Build an exact amount, refusing anything that would not be exact.

    ``money("12.50", "USD")``; ``money(Money(...))`` re-checks a Money from outside.
    More decimal places than the currency has is an error rather than a silent rounding:
    a caller who sends 10.005 USD has a bug we should not hide.
    """
    if isinstance(value, Money):
        if currency is not None and currency_of(currency) != value.currency:
            raise CurrencyMismatch(
                f"amount is in {value.currency.code} but {currency_of(currency).code} was expected"
            )
        amount = _to_decimal(value.amount, "amount")
        code = value.currency.code
    else:
        if currency is None:
            raise ValidationError(
                f"a currency is needed for the amount {value!r}: money({value!r}, 'USD')"
            )
        amount = _to_decimal(value, "amount")
        code = currency_of(currency).code
    exponent = _exponent(code)
    try:
        quantized = amount.quantize(exponent, context=MONEY_CONTEXT)
    except decimal.InvalidOperation:
        raise ValidationError(
            f"amount {amount} is too large to hold exactly in {code}; "
            f"at most {MONEY_CONTEXT.prec} significant digits fit"
        ) from None
    if quantized != amount:
        raise ValidationError(
            f"amount {amount} has more decimal places than {code} allows "
            f"({_places(code)}); round it first, e.g. {quantized}"
        )
    return _made(quantized, _registered(code))


def as_money(
    value: object, currency: str | Currency | None = None, *, what: str = "amount"
) -> Money:
    """Validate an amount that crosses the public API (same rules as
    [`money`][microjob.money.money])."""
    try:
        return money(value, currency)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise type(exc)(f"{what}: {exc}") from exc


_ZEROS: dict[str, Money] = {}
"""Code (as given, or a Currency's own) → its zero: an amount is a value nothing changes, so
one zero per currency serves every fee that does not apply, on every order."""


def zero(currency: str | Currency) -> Money:
    """The zero amount of a currency, already quantized."""
    key = currency.code if currency.__class__ is Currency else currency
    if key.__class__ is str and key in _ZEROS:
        return _ZEROS[key]
    code = currency_of(currency).code
    made = _made(_zero_amount(code), _registered(code))
    if key.__class__ is str:
        _ZEROS[key] = made
    return made


def quantize(value: Money) -> Money:
    """Round half-even to the currency's minor unit (the only sanctioned rounding)."""
    currency = value.currency
    return Money(value.amount.quantize(_exponent(currency.code), context=MONEY_CONTEXT), currency)


def is_quantized(value: Money) -> bool:
    """True when the amount carries no more places than its currency allows."""
    code = value.currency.code
    exponent = _exponent(code)
    return bool(value.amount.quantize(exponent, context=MONEY_CONTEXT) == value.amount)


def rate(value: Decimal | str | int, *, what: str = "rate") -> Decimal:
    """A non-negative rate such as ``"0.10"`` (10 %); floats refused like amounts."""
    result = _to_decimal(value, what)
    if result < 0:
        raise ValidationError(f"{what} must not be negative, got {result}")
    return result


def percent(amount: Money, fraction: Decimal | str | int) -> Money:
    """``amount × fraction`` rounded half-even to the minor unit; ``fraction`` 0.10 means 10 %."""
    fraction = rate(fraction)  # NaN, floats and negatives refused even from a trusted caller
    return _apply_rate(amount, fraction)


def _apply_rate(amount: Money, fraction: Decimal) -> Money:
    """[`percent`][microjob.money.percent] of a fraction that already passed
    [`rate`][microjob.money.rate]: a policy's rates do, in their converters when the policy is
    built, so its fees skip checking the same rate again on every order."""
    currency = amount.currency
    exact = MONEY_CONTEXT.multiply(amount.amount, fraction)
    made: Any = _new_money(Money)  # `_made`, inline: every order's fee and commission
    made.amount = exact.quantize(_exponent(currency.code), context=MONEY_CONTEXT)
    made.currency = currency
    return made  # type: ignore[no-any-return]


def split_commission(price: Money, fraction: Decimal | str | int) -> tuple[Money, Money]:
    """``(commission, remainder)`` with ``commission + remainder == price`` always.

    Only one side is a percentage; the other is a subtraction, so the two can never drift apart.
    """
    commission = percent(price, fraction)
    return commission, Money(
        MONEY_CONTEXT.subtract(price.amount, commission.amount), price.currency
    )


def format_money(value: Money, locale: str) -> str:
    """An amount as a person in ``locale`` reads it: ``"HUF18,000.00"`` (``en``),
    ``"18 000,00 Ft"`` (``hu_HU``), ``"-5,50 $"`` (``de_DE``).

    Through babel's CLDR patterns with the locale given explicitly (``str(Money)`` follows the
    process locale, which differs between machines), and always with the currency's own minor
    unit (ISO 4217: HUF 2 places, JPY 0, BHD 3), so what is shown is exactly what is booked:
    CLDR's cash rounding (HUF with no decimals) would hide fillér the ledger holds.
    """
    from babel import Locale, UnknownLocaleError
    from babel.numbers import parse_pattern

    if not isinstance(value, Money):
        raise ValidationError(f"format_money takes a Money, got {type(value).__name__}")
    try:
        where = Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValidationError(
            f"locale {locale!r} is not one babel knows; use e.g. 'en', 'hu_HU', 'de_DE'"
        ) from None
    code = value.currency.code
    places = minor_places(code)
    pattern = parse_pattern(where.currency_formats["standard"])
    pattern.frac_prec = (places, places)
    with decimal.localcontext(MONEY_CONTEXT):  # babel computes in the thread's context
        return str(
            pattern.apply(quantize(value).amount, where, currency=code, currency_digits=False)
        )


def plain(value: Money) -> str:
    """``"12.50 USD"``: a locale-free rendering for logs, notifications and messages.

    ``str(Money)`` goes through babel and the process locale (slow, and it differs between
    machines); user-facing formatting belongs to the embedding application's own locale.
    """
    return f"{value.amount!s} {value.currency.code}"  # !s: str(), without Decimal.__format__


def to_minor(value: Money) -> int:
    """The amount as an integer count of minor units; refuses an unquantized amount."""
    code = value.currency.code
    scaled = value.amount.scaleb(_places(code), MONEY_CONTEXT)
    if scaled != scaled.to_integral_value():  # whole or not, whatever the rounding
        raise ValidationError(
            f"{value.amount} {code} is not a whole number of minor units; quantize it first"
        )
    return int(scaled)


def from_minor(units: int, currency: str | Currency) -> Money:
    """Inverse of [`to_minor`][microjob.money.to_minor]."""
    if isinstance(units, bool) or not isinstance(units, int):
        raise ValidationError(f"minor units must be an int, got {type(units).__name__}")
    code = currency_of(currency).code
    try:
        scaled = Decimal(units).scaleb(-_places(code), MONEY_CONTEXT)
        return Money(scaled.quantize(_exponent(code), context=MONEY_CONTEXT), code)
    except decimal.InvalidOperation:
        raise ValidationError(f"{units} minor units of {code} are too many to hold") from None


def require_positive(value: Money, what: str = "amount") -> Money:
    """Refuse zero and negative amounts where only a positive one makes sense (prices, payouts)."""
    if value.amount <= 0:
        raise ValidationError(
            f"{what} must be greater than zero, got {value.amount} {value.currency.code}"
        )
    return value


def same_currency(*values: Money) -> str:
    """The single currency of ``values``; raises
    [`CurrencyMismatch`][microjob.money.CurrencyMismatch] if they differ."""
    codes = {v.currency.code for v in values}
    if len(codes) != 1:
        raise CurrencyMismatch(
            f"amounts in different currencies ({', '.join(sorted(codes))}) cannot be combined; "
            "convert them first"
        )
    return codes.pop()


def allocate(amount: Money, weights: Sequence[Decimal | int | str]) -> list[Money]:
    """Split ``amount`` in proportion to ``weights`` so the parts add up to it exactly.

    Largest-remainder method over minor units: each part gets the floor of its exact share, then
    the units left over go one each to the parts with the largest fractional remainders (ties to
    the earlier part). Every part is therefore within one minor unit of its exact share.
    """
    if not weights:
        raise ValidationError("allocate needs at least one weight")
    ws = [_to_decimal(w, "weight") for w in weights]
    if any(w < 0 for w in ws):
        raise ValidationError(f"weights must not be negative, got {[str(w) for w in ws]}")
    if not any(ws):
        raise ValidationError("weights must not all be zero")
    code = amount.currency.code
    units = to_minor(amount)
    sign = -1 if units < 0 else 1
    units = abs(units)
    # Exact rational arithmetic: Decimal division could round, so scale weights to integers.
    scale = 0
    for w in ws:
        exponent = w.as_tuple().exponent
        if isinstance(exponent, int):
            scale = max(scale, -exponent)
    exact = decimal.Context(prec=decimal.MAX_PREC)  # scaleb must not round a long weight
    int_weights = [int(w.scaleb(scale, exact)) for w in ws]
    int_total = sum(int_weights)
    parts: list[int] = []
    remainders: list[tuple[int, int]] = []
    for index, weight in enumerate(int_weights):
        share, rest = divmod(units * weight, int_total)
        parts.append(share)
        remainders.append((-rest, index))
    left = units - sum(parts)
    for _, index in sorted(remainders)[:left]:
        parts[index] += 1
    return [from_minor(sign * p, code) for p in parts]
