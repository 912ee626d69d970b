"""The fourth tuning round's rules, each on messages written for this file (not from the
corpus): who pays whom, a phrase in quotes, messengers as deliverables, calls and groups on a
messenger, an app described instead of named, and the image density suffix "@2x"."""

from __future__ import annotations

import pytest

from microjob.contacts import ContactScanner

SCANNER = ContactScanner()


@pytest.mark.parametrize(
    "text",
    [
        "I'll wire you the other half on Friday",  # the payer pays the other party
        "überweis mir die restlichen 200 Euro einfach",
        "переведи мне остаток после сдачи",
        "a maradékot fizesd nekem közvetlenül",
        "el resto te lo pago el viernes",
        "send the money whichever way, however you like, we skip the checkout",
        "let's have the call outside of here, it's easier",
        "tell your colleagues to write me directly, not through this site",
        "on the green app I go by my shop name, write me there",
        "we can do a Zoom-free Telegram video call tomorrow",
        "I'll open a Viber group with my designer so we can all talk",
    ],
)
def test_invitations_this_round_recognises(text: str) -> None:
    assert SCANNER.scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        "you pay only the listed price, the site takes its share from me",
        "the platform pays you once I accept the delivery",
        "please re-export the icons @2x and @3x for the retina screens",
        "der Link öffnet die Telegram-Bestellung im Mini-Shop des Kunden",
        "the QR code on the flyer should open a chat via WhatsApp with the restaurant",
        "the WhatsApp chatbot greets the shop's customers in four languages",
        "I never accept «just send the money however you like» deals, only the checkout here",
    ],
)
def test_look_alikes_this_round_leaves_alone(text: str) -> None:
    scan = SCANNER.scan(text)
    assert not scan.found, [(f.kind.value, f.text, f.detail) for f in scan.findings]


def test_a_finding_names_the_pair_that_fired() -> None:
    scan = SCANNER.scan("I'll wire you the other half on Friday")
    assert any("pay + counterpart" in f.detail for f in scan.findings)


@pytest.mark.parametrize(
    "text",
    [
        "raw files go here 👉 nora.lind ✿ gmail ✿ com",  # a pointing emoji before the address
        "call if urgent: 0•6•3•0•1•2•3•4•5•6•7",  # one digit at a time, bullets between
        "my Viber account is still tom_hardy77",  # an account name a few words on
        "Telegram → kate_smith2 if it's urgent",  # an arrow instead of a colon
    ],
)
def test_shapes_this_round_recognises(text: str) -> None:
    assert SCANNER.scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        "the release notes for 1.2.3 and 2.0.1 are in the repo",
        "the Telegram bot sends mp4 files up to 50 MB",
        "we met on 1.2.2024 and again on 3.4.2024",
    ],
)
def test_shapes_this_round_leaves_alone(text: str) -> None:
    scan = SCANNER.scan(text)
    assert not scan.found, [(f.kind.value, f.text, f.detail) for f in scan.findings]


@pytest.mark.parametrize(
    "text",
    [
        "next time we won't need the site, I'll give you my number",
        "beim nächsten Mal brauchen wir die Seite nicht mehr",
        "mondd a barátodnak, hogy közvetlenül engem hívjon, ne ezen az oldalon át",
    ],
)
def test_a_pair_that_carries_its_own_negation_is_not_cancelled_by_it(text: str) -> None:
    assert SCANNER.scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        "decorate the view with @app.route before the handler",
        "add @functools.cache to the slow getter",
        "advice: if a client asks for your Telegram, say no and stay in the order chat",
        "совет: просит клиент твой вотсап — откажи и оставайся в чате заказа",
    ],
)
def test_after_scoring_fresh2_leaves_alone(text: str) -> None:
    """Two look-alike families the third held-out split showed (scored once, then read): a
    decorator after a detached "@", and advice to turn a contact request down."""
    scan = SCANNER.scan(text)
    assert not scan.found, [(f.kind.value, f.text, f.detail) for f in scan.findings]


def test_a_detached_at_before_a_real_domain_is_still_an_address() -> None:
    assert SCANNER.scan("write to nora.lind @ gmail.com").found
    assert SCANNER.scan("schreib an p.becker @ web . de").found
