"""Money a person reads: babel's CLDR patterns, an explicit locale, the currency's own places."""

from __future__ import annotations

import decimal

import pytest

from microjob.errors import ValidationError
from microjob.money import format_money, money


@pytest.mark.parametrize(
    ("amount", "code", "locale", "shown"),
    [
        ("18000", "HUF", "en", "HUF18,000.00"),
        ("18000", "HUF", "hu_HU", "18\xa0000,00\xa0Ft"),
        ("1234.5", "USD", "en_US", "$1,234.50"),
        ("-5.5", "USD", "de_DE", "-5,50\xa0$"),
        ("500", "JPY", "ja_JP", "￥500"),
        ("1.234", "BHD", "en", "BHD1.234"),
        ("0.01", "EUR", "fr_FR", "0,01\xa0€"),
    ],
)
def test_amounts_read_as_in_the_locale_with_the_currencys_places(
    amount: str, code: str, locale: str, shown: str
) -> None:
    assert format_money(money(amount, code), locale) == shown


def test_the_process_decimal_context_does_not_change_what_is_shown() -> None:
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_UP)):
        assert format_money(money("18000.01", "HUF"), "en") == "HUF18,000.01"


def test_bad_input_is_refused_with_what_would_be_right() -> None:
    with pytest.raises(ValidationError, match=r"e\.g\. 'en'"):
        format_money(money("1", "USD"), "xx_NOWHERE")
    with pytest.raises(ValidationError, match="takes a Money"):
        format_money("12.00", "en")  # type: ignore[arg-type]
