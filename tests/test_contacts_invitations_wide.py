"""Invitations in wordings the concept pairs did not know, and the product talk beside them.

Each new concept pair is checked both ways: an invitation it should catch, and a benign
sentence with the same words that it must leave alone.
"""

from __future__ import annotations

import pytest

from microjob.contacts import ContactKind, ContactScanner, scan

DIRECT = ContactScanner(allow_direct_settlement=True)


@pytest.mark.parametrize(
    "text",
    [
        # a negation before "through the site" next to a fee or a cheaper price
        "pay me 10% less if the money doesn't go through the platform",
        "можно дешевле, если оплата не через сайт",
        "a jutalékot elengedem, ha nem az oldalon keresztül fizetsz",
        "te hago descuento si no pagas por la web",
        "ohne Provision, wenn du nicht über die Plattform zahlst",
        # "otherwise the site takes its share"
        "finish the order and send me the balance, otherwise the site takes 20%",
        "закрой заказ, остальное мне, иначе сайт забирает 15%",
        "küldd nekem a maradékot, különben az oldal levon 10%-ot",
        "el resto me lo das a mí, si no la web se queda un 20%",
        "den Rest gibst du mir, sonst nimmt die Seite 20 %",
        # cutting out the middleman
        "let's keep working without a middleman",
        "дальше работаем без посредников",
        "a következőt már közvetítő nélkül csináljuk",
        "el próximo lo hacemos sin intermediarios",
        "nächstes Mal ohne Vermittler",
        # asking for a personal contact
        "what's your personal phone? let's talk there",
        "дай свой личный номер",
        "megadod a saját számodat?",
        "dame tu número personal",
        "gib mir deine private Nummer",
        # the same nickname "as here"
        "on Twitter I have the same nickname as here",
        "в вк у меня такой же ник, как тут",
        "a Facebookon ugyanaz a becenevem, mint itt",
        "en Insta tengo el mismo nick que aquí",
        "auf Insta hab ich denselben Nick wie hier",
        # an address described in words
        "my mail is first name and surname with a dot in between at gmail",
        "почта: имя и фамилия через точку на яндексе",
        "az e-mailem a nevem ponttal elválasztva, gmailes",
        "mi correo es nombre y apellido con un punto en medio, en gmail",
        "meine Mail ist Vor- und Nachname, Punkt dazwischen, bei GMX",
        # the number on a design given as the real one
        "the number on the poster draft is my real one, call it",
        "номер на макете визитки мой настоящий, звони",
        "a plakáton lévő szám az igazi számom, hívj rajta",
        "el número del cartel es el mío de verdad, llámame",
        "die Nummer auf dem Plakat ist meine echte, ruf an",
        # the deposit here, the rest handed over
        "pay the deposit here and the rest in cash when we meet",
        "аванс через сайт, остальное наличными при встрече",
        "az előleg itt, a többit készpénzben adod",
        "la señal por aquí y el resto en efectivo",
        "die Anzahlung hier, den Rest in bar bei der Übergabe",
        # a messenger named with its own verbs
        "I reply faster on WhatsApp",
        "Telegram hangüzenetben gyorsabb",
        "в телеграме отвечаю быстрее",
    ],
)
def test_invitation_worded_anew_is_found(text: str) -> None:
    result = scan(text)
    assert result.found, text
    assert result.kinds & {ContactKind.SOLICITATION, ContactKind.MESSENGER}


@pytest.mark.parametrize(
    "text",
    [
        "please pay the fee on time, otherwise the order is cancelled",
        "otherwise the site takes too long to load",
        "sonst nimmt die Seite zu lange zum Laden",
        "no, through the site please, the fee is fine",
        "if the payment does not go through the site, contact support",
        "the commission is charged on every order through the site",
        "no pasa nada, la web funciona",
        "the personal email field on the signup form must be optional",
        "I want the same nickname as here on the new logo",
        "call me when the real prints are ready",
        "the email template uses an underscore in the file name",
        "the deposit is refundable, I'll send the files tomorrow",
        "the deposit goes through the site as usual",
        # contact-free designs: the fields are left for someone else to fill in
        "the business card has a placeholder phone number",
        "на визитке оставьте поля для телефона пустыми",
        "a névjegykártyán a telefonszám helye maradjon üres",
        "en la tarjeta de visita deja vacío el campo del teléfono",
        "auf der Visitenkarte bleibt das Feld für die Telefonnummer leer",
        # messengers as products
        "a Telegram-csatornánk borítóképe legyen kék",
        "the invoice line: net 120, VAT 24",
        "reply to the client's WhatsApp integration ticket",
    ],
)
def test_product_and_design_talk_is_not_an_invitation(text: str) -> None:
    assert not scan(text).found, scan(text).findings


@pytest.mark.parametrize(
    "text",
    [
        "3-D Secure flow: 4000 0027 6000 3184 should open the challenge page",
        "Visa 4242 4242 4242 4242 should show the error page",
        "на 5555 5555 5555 4444 должна открыться страница ошибки",
        "a 4000 0566 5566 5556 számmal a hibaüzenetnek kell megjelennie",
        "con 4000 0000 0000 0002 debe salir el rechazo",
        "mit 4000 0000 0000 9995 muss die Ablehnung erscheinen",
    ],
)
def test_published_test_card_in_any_developer_brief_is_harmless(text: str) -> None:
    assert not scan(text).found, scan(text).findings


@pytest.mark.parametrize(
    "text",
    [
        "my card 4111 1111 1111 1111, send it there",
        "переведи на карту 4242 4242 4242 4242",
        "utald a 4000 0566 5566 5556 kártyára",
        "pásalo a mi tarjeta 5555 5555 5555 4444",
        "überweis auf meine Karte 4242 4242 4242 4242",
        # a card word right before it, and no developer's brief around it
        "Kreditkarte 4111-1111-1111-1111 geht auch",
        "tarjeta 5105 1051 0510 5100",
        "card number 5555 5555 5555 4444",
    ],
)
def test_published_test_card_offered_for_payment_still_counts(text: str) -> None:
    assert ContactKind.PAYMENT in scan(text).kinds, text


def test_real_contact_on_a_business_card_is_still_found() -> None:
    assert scan("my number is on my business card, see the PDF").found
    assert scan("a telefonszámom a névjegykártyán van").found


def test_handing_the_rest_over_is_settlement_under_direct_mode() -> None:
    assert not DIRECT.scan("the deposit through the site, the rest I'll hand over in cash").found
    assert DIRECT.scan("the deposit here, the rest in cash, so the site takes no cut").found


@pytest.mark.parametrize(
    "text",
    [
        # the booking or the order as the thing gone around
        "let's do the extra hours outside the booking",
        "доплату сделаем мимо заказа",
        "a pótmunkát a rendelésen kívül intézzük",
        "las horas extra fuera de la reserva",
        "die Zusatzstunden außerhalb der Buchung",
        # the next deal between the two of us
        "next time we'll sort it out between us",
        "следующий заказ решим между собой",
        "a következő munkát egymás között intézzük",
        "el próximo encargo lo hacemos entre nosotros",
        "den nächsten Auftrag machen wir unter uns",
        # the platform keeping a share, and the saving
        "the site keeps a quarter, we'd both save by paying directly",
        "площадка оставляет себе четверть, сэкономим оба",
        # "not this chat"
        "any way to reach you that isn't this chat?",
        "есть связь, только не этот чат?",
        # a negation in another clause does not cover the deal
        "no need to waste the fee, pay me outside the site",
        "no hace falta la comisión, págame fuera de la web",
        # "…, not here" points elsewhere
        "let's talk about the price in private, not here",
        # Russian case forms of a short messenger name
        "пиши в инсту",
        "давай перейдём в инсте",
    ],
)
def test_more_invitations_are_found(text: str) -> None:
    assert scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        "without the platform's escrow I won't start",
        "the flyer says „Ihre Telefonnummer“ where the number goes",
        "the button reads 'contact me' on the landing page",
        "the difference between us and the other studio is the price",
        "the site keeps the order history for a year",
        "no, this chat is fine for me",
        "the Viber community cover needs a new photo",
        "put our WhatsApp catalogue on the product page",
        "обложка сообщества в Viber",
        "I won't pay outside the site, sorry",
        "no, I don't do deals outside the booking",
        "лично мне нравится, обсудим цвета завтра",
    ],
)
def test_more_lookalikes_are_left_alone(text: str) -> None:
    assert not scan(text).found, scan(text).findings


def test_a_requested_phrase_outside_quotes_still_counts() -> None:
    assert scan("Ihre Telefonnummer bitte, dann rufe ich an").found
