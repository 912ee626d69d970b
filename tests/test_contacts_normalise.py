"""One normalisation for the scanner: foreign digits, bidi overrides, format characters, and
masks that cover the whole of an address spelled out with words."""

from __future__ import annotations

import pytest

from microjob.contact_normalize import normalise
from microjob.contacts import MASK, ContactKind, scan


@pytest.mark.parametrize(
    "text",
    [
        "+١ ٤١٥ ٥٥٥ ٢٦٧١",  # Arabic-Indic
        "call +۱ ۴۱۵ ۵۵۵ ۲۶۷۱ tonight",  # Extended Arabic-Indic (Persian)
        "मेरा नंबर +१ ४१५ ५५५ २६७१",  # Devanagari
        "+１ ４１５ ５５５ ２６７１",  # full-width
        "tel: +৩৬ ৩০ ১২৩ ৪৫৬৭",  # Bengali
    ],
)
def test_phone_numbers_in_any_digit_script_are_found(text: str) -> None:
    result = scan(text)
    assert ContactKind.PHONE in result.kinds, result
    assert MASK in result.masked
    assert not any(c.isdigit() for c in result.masked.replace(MASK, ""))


def test_every_decimal_digit_becomes_ascii() -> None:
    norm, _, _ = normalise("٠١٢٣٤٥٦٧٨٩ ०१२३४५६७८९ ０１２３")
    assert norm == "0123456789 0123456789 0123"


def test_right_to_left_override_is_read_in_display_order() -> None:
    hidden = "mail me: \u202e" + "anna.berg@gmail.com"[::-1] + "\u202c thanks"
    result = scan(hidden)
    assert result.kinds == {ContactKind.EMAIL}
    # The mask takes the invisible controls with it, so nothing is left to flip the text.
    assert result.masked == f"mail me: {MASK} thanks"


def test_override_to_the_end_of_the_line() -> None:
    hidden = "ok \u202e" + "+36 30 123 4567"[::-1]
    assert ContactKind.PHONE in scan(hidden).kinds


@pytest.mark.parametrize("control", ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u2066"])
def test_format_characters_inside_an_address_are_ignored(control: str) -> None:
    text = f"write to anna.berg@gm{control}ail.com"
    result = scan(text)
    assert result.kinds == {ContactKind.EMAIL}
    assert result.masked == f"write to {MASK}"


def test_offsets_point_at_what_was_typed() -> None:
    text = "ok: +٣٦ ٣٠ ١٢٣ ٤٥٦٧ ok"
    (finding,) = scan(text).findings
    assert text[finding.span[0] : finding.span[1]] == finding.text == "+٣٦ ٣٠ ١٢٣ ٤٥٦٧"


# -- rule 3: a mask covers the whole address, spelled-out separators included ---------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail: anna dot berg at outlook dot com", f"mail: {MASK}"),
        ("anna dot berg@outlook.com", MASK),
        ("write to anna [dot] berg [at] outlook [dot] com pls", f"write to {MASK} pls"),
        ("e-mail: j dot r dot smith at gmail dot com.", f"e-mail: {MASK}."),
        ("írj: kiss pont eva kukac gmail pont com", f"írj: {MASK}"),
        ("почта ivan точка petrov собака mail точка ru", f"почта {MASK}"),
        ("mail me at anna(dot)berg(at)outlook(dot)com today", f"mail me at {MASK} today"),
    ],
)
def test_mask_covers_spelled_out_local_part(text: str, masked: str) -> None:
    assert scan(text).masked == masked


def test_spelled_dot_words_outside_an_address_stay() -> None:
    assert scan("my site is anna dot berg at home").masked == "my site is anna dot berg at home"
