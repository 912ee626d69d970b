"""Quotation marks around an invitation make it a phrase mentioned, not said; quotation marks
elsewhere in the sentence must not. Messages written for this file (not from the corpus)."""

from __future__ import annotations

import pytest

from microjob.contacts import ContactScanner

SCANNER = ContactScanner()


@pytest.mark.parametrize(
    "text",
    [
        # a closed quotation before the invitation and another one after it
        '"Hi", I\'ll wire you the other half on Friday, "deal"',
        'the file "logo_v2" is ready, send the money whichever way, however you like, "ok"',
        "“Hi”, I'll wire you the other half on Friday, “deal”",
        "«hola», el resto te lo pago el viernes, «gracias»",
        "«привет» переведи мне остаток после сдачи «спасибо»",
        "„Hallo“ überweis mir die restlichen 200 Euro einfach „danke“",
        "a „logó” kész, a maradékot fizesd nekem közvetlenül, „oké”",
    ],
)
def test_quotations_elsewhere_in_the_sentence_do_not_hide_an_invitation(text: str) -> None:
    assert SCANNER.scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        "I never accept «just send the money however you like» deals, only the checkout here",
        'I never accept "just send the money however you like" deals, only the checkout here',
        "ich mache keine „überweis mir einfach direkt“ Deals, nur über die Kasse hier",
        'a "logo" is done and I never accept "just send the money however you like" deals',
    ],
)
def test_an_invitation_inside_quotation_marks_is_still_mentioned(text: str) -> None:
    scan = SCANNER.scan(text)
    assert not scan.found, [(f.kind.value, f.text, f.detail) for f in scan.findings]
