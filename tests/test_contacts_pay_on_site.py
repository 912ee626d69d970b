"""Paying the other party through the order itself is how the platform works: "who pays whom"
must not fire when the sentence says the money goes through the order page, the site or
the order. Messages written for this file (not from the corpus)."""

from __future__ import annotations

import pytest

from microjob.contacts import ContactScanner

SCANNER = ContactScanner()


@pytest.mark.parametrize(
    "text",
    [
        "I'll pay you the tip through the order page once I accept",
        "the client will pay you after the milestone is released on the site",
        "I will pay you the extra in the order, as an added option",
        "Ich zahle dir das Trinkgeld über die Bestellseite",
        "ich zahle dir den Rest über die Website, wie immer",
        "ich bezahle dir das Extra über die Bestellung",
        "я заплачу тебе за доработку через заказ",
        "a borravalót a rendelésen keresztül fizetem neked",
        "te pago la propina por la página del pedido",
        "te pago el extra en el pedido, como opción añadida",
    ],
)
def test_paying_the_other_party_through_the_order_is_no_invitation(text: str) -> None:
    scan = SCANNER.scan(text)
    assert not scan.found, [(f.kind.value, f.text, f.detail) for f in scan.findings]


@pytest.mark.parametrize(
    "text",
    [
        "I'll wire you the other half on Friday",
        "überweis mir die restlichen 200 Euro einfach",
        "ich zahle dir den Rest nicht über die Bestellseite, sondern direkt",
        # the same places turned down: no longer a guard
        "I will pay you, but not on the site",
        "ich zahle dir den Rest, aber nicht über die Website",
        "zahle dir lieber direkt statt über die Bestellseite",
        "a maradékot nem a rendelésen keresztül fizetem neked",
        "te pago el resto en vez de por la plataforma",
    ],
)
def test_paying_each_other_otherwise_is_still_an_invitation(text: str) -> None:
    assert SCANNER.scan(text).found, text
