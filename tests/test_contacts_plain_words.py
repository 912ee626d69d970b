"""Messenger names that are also plain words ("line", "signal", "tg", "ig").

In lower case after an indefinite article the word is a noun ("drop me a line", "give me a
signal"); capitalised it stays the app ("send me a Signal", as "send me a WhatsApp").
Letters and digits near such a word are as likely an id or a code as an account name, so
only a username's "_" or "." nearby makes it one; after an unambiguous name ("Viber") any
account-like token still counts.
"""

from __future__ import annotations

import pytest

from microjob.contacts import ContactKind, ContactScanner

SCANNER = ContactScanner()


def _messengers(text: str) -> list[str]:
    return [f.detail for f in SCANNER.scan(text).findings if f.kind is ContactKind.MESSENGER]


@pytest.mark.parametrize(
    "text",
    [
        "drop me a line when the second draft is ready",
        "just send me a line here if the colours look off",
        "give me a signal once the upload finished",
        "the shipping line on invoice 77 lists our EORI GB123456789000, is that right?",
        "which line of the quote holds the rush fee XR2024?",
    ],
)
def test_a_plain_word_is_no_messenger(text: str) -> None:
    assert _messengers(text) == [], text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("add me on line, I'm kate_88", "line"),
        ("my line id is mika_tanaka", "line"),
        ("LINE: tanaka99", "line"),
        ("text me on signal", "signal"),
        ("my signal is anna.b7", "signal"),
        ("my Viber account is still tomhardy77", "viber"),
        ("drop me a line on WhatsApp", "whatsapp"),
        ("send me a Signal tonight", "signal"),
    ],
)
def test_the_app_is_still_found(text: str, name: str) -> None:
    assert name in _messengers(text), text
