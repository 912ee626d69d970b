"""An arrow after a messenger's name points at an account ("Telegram → kate_smith2") only when
what follows looks like one; in a data flow ("Telegram → webhook → server") it points at the
next step. Messages written for this file (not from the corpus)."""

from __future__ import annotations

import pytest

from microjob.contacts import ContactScanner

SCANNER = ContactScanner()


@pytest.mark.parametrize(
    "text",
    [
        "the flow is Telegram → webhook → our server",
        "data goes WhatsApp -> parser -> CRM, as in the brief",
        "Steps: Instagram → landing page → checkout",
        "Telegram => bot => database is the architecture you asked for",
        "WhatsApp → Business API integration, as in the second package",
        "Ablauf: Telegram → Webhook → Server, wie besprochen",
        "folyamat: Telegram → webhook → szerver, ahogy kérted",
        "flujo: WhatsApp → webhook → servidor, como en el pedido",
        "схема: Viber → webhook → сервер, как в заказе",
    ],
)
def test_an_arrow_to_a_plain_word_is_a_step_not_an_account(text: str) -> None:
    scan = SCANNER.scan(text)
    assert not scan.found, [(f.kind.value, f.text, f.detail) for f in scan.findings]


@pytest.mark.parametrize(
    "text",
    [
        "Telegram → kate_smith2 if it's urgent",
        "Instagram → anna.designs for the portfolio",
        "WhatsApp → +36 30 123 4567",
        "Telegram -> @kate_smith when you're done",
    ],
)
def test_an_arrow_to_an_account_name_is_still_a_contact(text: str) -> None:
    assert SCANNER.scan(text).found, text
