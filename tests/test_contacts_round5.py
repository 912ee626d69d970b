"""The fifth tuning round's rules, each on messages written for this file (not from the
corpus): leaving the platform and taking the clients along, a contact in a file or a
recording, a contact behind a disguise, apps described by their logo, paying in cash or the
second half in person, the escrow as the platform, sentences that point back, offers to add
the reader to a messenger list, an account name right before its messenger, and the
look-alikes each rule must let pass."""

from __future__ import annotations

import pytest

from microjob.contact_concepts import _WORD_CACHE, Concepts
from microjob.contacts import ContactKind, ContactScanner

SCANNER = ContactScanner()
DIRECT = ContactScanner(allow_direct_settlement=True)


def _flagged(text: str) -> list[tuple[str, str, str]]:
    return [(f.kind.value, f.text, f.detail) for f in SCANNER.scan(text).findings]


@pytest.mark.parametrize(
    "text",
    [
        # leaving the platform, and telling the clients where to follow
        "I'm moving my shop to my own website next month, tell your friends to look for me there",
        "я скоро ухожу с площадки, кто хочет работать дальше, скажу куда",
        "hónap végén elhagyom az oldalt, a régi ügyfeleim megtalálnak máshol",
        "me voy de la plataforma pronto, si quieres seguir conmigo te digo dónde",
        "ich bin bald nicht mehr auf der Seite, Stammkunden sag ich, wo sie mich finden",
        # a contact in a file or a recording
        "my number is tucked into the readme of the archive, have a look",
        "мой номер есть во вложении, глянь в конце",
        "a számom benne van a csatolt fájl végén",
        "mi número está al final de la grabación que te pasé",
        "meine Nummer steht am Ende der Sprachaufnahme im Anhang",
        # a contact behind a disguise
        "my phone number is the same as my shop id, just add a 06 in front",
        "прочитай его как номер телефона, это мой id продавца",
        "a felhasználónevem a nevem visszafelé, ott megtalálsz",
        "mi usuario es el nombre de la tienda al revés, búscalo",
        "lies es als Telefonnummer, das ist meine Verkäufer-ID",
        # an app described by its logo
        "you'll find me under the same name on the blue bird app",
        "add me on the app with the ghost logo, same name as here",
        # the escrow, and "here" as the platform
        "skip the escrow, just send it to me and I start today",
        "get me a voucher instead of paying through here, saves us the fee",
        # paying in cash, and the second half handed over
        "I pay in cash when we meet, no card needed",
        "плачу наличными при встрече, так проще",
        "készpénzben fizetek a helyszínen, jó így?",
        "te pago en efectivo cuando nos veamos",
        "ich zahle bar bei der Übergabe, passt das?",
        "is it fine if I give you the second half in person after the shoot?",
        # a sentence that points back to the one before
        "do you know the work network with the blue logo? there I'm under my full name, write me",
        # a rival site with no fee, and a bank transfer said in one verb
        "there's a site like this one with zero fees, let's move the order over",
        "ha kész, átutalom a maradékot, rendben?",
    ],
)
def test_invitations_this_round_recognises(text: str) -> None:
    found = SCANNER.scan(text)
    assert ContactKind.SOLICITATION in found.kinds, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "mándame un Viber y lo vemos",
        "send me a Signal when you're free",
        "my colleague keeps a WhatsApp list for our buyers, shall I add you?",
        "моя команда ведёт канал в телеграм для клиентов, добавить вас?",
        "van egy Viber csoportunk a vevőknek, felvegyelek?",
        "wir haben eine Telegram-Liste für Stammkunden, soll ich dich dazunehmen?",
        "hey it's me lena_k77 from Telegram, about the banner",
        "soy pablo_r12 del Viber, te escribí ayer",
        "это я, oleg_m5 из телеграм, по поводу логотипа",
    ],
)
def test_messengers_this_round_recognises(text: str) -> None:
    found = SCANNER.scan(text)
    assert ContactKind.MESSENGER in found.kinds, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        # leaving, following, "regulars" without the platform left behind
        "I'm leaving the site open in a tab while I check the brief",
        "I quit smoking and my regulars at the café laughed",
        "ухожу в отпуск, постоянным клиентам напишу здесь, когда вернусь",
        "me voy de vacaciones, a los clientes fijos les aviso aquí",
        "ich verlasse mich auf dich, die Telefonnummer kommt in den Footer",
        "my own website needs a new logo, that is the whole job",
        # files and recordings in a design brief, counts, a contact kept private
        "my number of revisions is in the attached file",
        "the phone number in the attachment must be bigger, and my email too",
        "im Anhang ist das Logo, meine Nummer bitte nicht auf den Flyer",
        "el archivo adjunto tiene el formulario con el campo de teléfono",
        "в архиве лежат макеты, номер телефона на визитке оставь пустым",
        "Please leave the phone number out of the design, my contact stays private",
        "my phone number is not needed on the card, same as my id, leave it off",
        # reading, reversing, country codes on a design
        "please read it as a draft, the phone number on the card is a placeholder",
        "прочитай ТЗ, номер телефона в шапке должен быть крупнее",
        "olvasd el a briefet, a telefonszám legyen nagyobb a fejlécben",
        "the logo text reads backwards in the mirror mockup, fix the contact line",
        # a paper plane that is a drawing or a button
        "draw a paper plane next to the headline, and write the slogan under it",
        "the paper plane icon should send the message when clicked",
        "el botón con el avioncito de papel envía el mensaje",
        "кнопка с бумажным самолётиком отправляет сообщение",
        "der Button mit dem Papierflieger schickt die Nachricht ab",
        "the blue bird in the logo should be a bit smaller",
        # the escrow and the order as the way money goes
        "the escrow releases the money when you approve, no need to skip anything",
        "I never skip the escrow, it protects both of us",
        "without the platform's escrow I won't start the work",
        "я заплачу тебе за правки через заказ",
        "la segunda mitad la pago por la plataforma cuando esté listo",
        "die zweite Hälfte zahle ich über die Seite nach Abnahme",
        # a half that is part of the work, not of the price
        "the second half of the illustrations goes up here next week",
        # messengers as products, code and bots
        "the bot_token2 from Telegram must go into the env file",
        "shall I add you as an admin of the Telegram bot?",
        "the WhatsApp API sends the order confirmation to customer_1 from the shop",
        "I added you as a collaborator on the Figma file, check the second page",
        # a sentence that points back, with nothing to go around
        "there is a problem. There the logo is too small",
    ],
)
def test_lookalikes_this_round_pass(text: str) -> None:
    assert not SCANNER.scan(text).found, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "is it fine if I give you the second half in person after the shoot?",
        "I pay in cash when we meet, no card needed",
        "ha kész, átutalom a maradékot, rendben?",
    ],
)
def test_settling_the_price_passes_under_direct_settlement(text: str) -> None:
    """Handing the rest over in person or in cash is settling the booked price, which direct
    settlement allows; the "in person" inside it is no private deal."""
    assert not DIRECT.scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        "I'm leaving this site next month, regulars can follow me",
        "pay me the second half in cash and I'll knock 10% off",
    ],
)
def test_going_around_the_booking_stays_flagged_under_direct_settlement(text: str) -> None:
    assert DIRECT.scan(text).found, text


def test_the_detail_names_the_idea() -> None:
    found = SCANNER.scan("I'm leaving the platform soon, regulars can follow me")
    assert [f.detail for f in found.findings] == [
        "invitation: taking clients along when leaving the platform (leave + follow)"
    ]
    found = SCANNER.scan("the app with the paper plane, my handle is my name backwards")
    assert "a contact hidden behind a disguise" in found.findings[0].detail


def test_the_word_cache_stays_bounded() -> None:
    """The per-word memo of the concept lookup stops growing at its cap, so a stream of
    random words cannot make the scanner's memory grow without bound."""
    concepts = Concepts()
    words = [f"w{i}x" for i in range(_WORD_CACHE + 100)]
    concepts.hits(" ".join(words[:10]), words=words)
    assert len(concepts._word_names) == _WORD_CACHE


@pytest.mark.parametrize(
    "text",
    [
        "if someone asks you to pay outside the site, report them",
        "если попросят оплату наличными мимо сайта, пожалуйтесь модератору",
        "ha valaki készpénzt kér az oldalon kívül, jelentsd",
        "si alguien te pide pagar por fuera de la web, repórtalo",
        "wenn jemand Zahlung außerhalb der Plattform will, melde es",
        "ich verlasse die Plattform nicht, Stammkunden finden mich hier",
    ],
)
def test_advice_to_report_and_a_clause_final_negation_pass(text: str) -> None:
    """Advice to report a request mentions the invitation, it does not make one; German
    negates at the end of the clause ("verlasse die Plattform nicht")."""
    assert not SCANNER.scan(text).found, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "pay me outside the site and I'll send the report tomorrow",
        "если хочешь, плати наличными мимо сайта, так дешевле",
        "zahl mir direkt, nicht über die Seite",
        "die Gebühr zahle ich nicht, überweise dir lieber direkt",
        "ich verlasse die Plattform bald, Stammkunden sag ich, wo sie mich finden",
    ],
)
def test_invitations_beside_report_or_nicht_stay_flagged(text: str) -> None:
    assert SCANNER.scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        # another app, an outside marketplace, "this chat" as the platform
        "this app keeps crashing, let's continue in another app",
        "look for me under my studio name on Etsy, same photos",
        "my socials are in my bio, write me there",
        "let's sort out the details outside this chat",
        "I can do a better price if we keep the platform out of it",
        # the order closed or cancelled to deal directly
        "поставь заказ выполненным, остальное скину тебе на карту",
        "cancela aquí y lo hacemos por nuestra cuenta, más barato",
        "storniere hier und buch mich direkt, das spart dir was",
        "zárd le a rendelést, a többit megbeszéljük máshol",
        # money off the books
        "we can keep this off the books if you prefer",
        "могу сделать мимо кассы, если удобно",
        "podemos cobrar en negro y te sale más barato",
        "such nach meinem Studionamen bei Google, da findest du alles",
    ],
)
def test_more_invitations_this_round_recognises(text: str) -> None:
    found = SCANNER.scan(text)
    assert ContactKind.SOLICITATION in found.kinds, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "I used something else to draw it, let's talk about the colours",
        "the other app screens need translation, let's discuss the terms here",
        "this chat is fine, I don't need anything outside",
        "the platform took a cut out of it, that's normal",
        "cancel here if the dates don't work, then rebook directly on the site",
        "the cat sat under the table in the photo, crop it out",
        "el fondo en negro queda mejor para el logo",
        "a zsebbe tett telefon látszik a fotón, retusáld ki",
        "find me by the reception desk at 10, the workshop is in room 4",
        "my socials strategy is in the PDF, see page 3",
        "the Etsy listing photos need a white background, my shop name on top",
        # "переведи" also means "translate"; "the rest" of a text is no money
        "переведи экраны приложения на казахский, остальное оставь на русском",
    ],
)
def test_more_lookalikes_this_round_pass(text: str) -> None:
    assert not SCANNER.scan(text).found, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "please message me when the draft is ready",
        "I'll send you messages with each revision here",
        "I don't give out my WhatsApp, sorry, let's keep it here",
        "я не даю свой телеграм, давай тут",
        "nem adom ki a Viberemet, maradjunk itt",
        "no doy mi Telegram, seguimos aquí",
        "ich gebe meine WhatsApp nicht raus, bleiben wir hier",
        "invoice 2024-118734 is paid, thank you",
    ],
)
def test_the_platforms_own_chat_and_kept_contacts_pass(text: str) -> None:
    """ "message me" is the platform's chat, not a misspelled iMessage; a messenger the
    writer will not give out is a refusal; thanking the other party is not paying them."""
    assert not SCANNER.scan(text).found, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "message me on iMessage",
        "write me on imesage",
        "I don't share my number but my Telegram is anna_k88",
        "do you know the job network with the blue 'in' logo? my profile is on there, message me",
        "знаешь соцсеть для работы с синим «in»? я там под своим именем, пиши",
    ],
)
def test_messengers_near_the_new_refusals_stay_flagged(text: str) -> None:
    assert SCANNER.scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        "why don't we do it without the site?",
        "can't we just settle outside the platform?",
        "почему бы не рассчитаться мимо сайта?",
        "нельзя ли в следующий раз договориться без площадки?",
        "miért ne fizetnél az oldalon kívül?",
        "¿por qué no lo hacemos por fuera de la web?",
        "warum nicht außerhalb der Plattform zahlen?",
        "could we arrange the next sessions ourselves? it'd be cheaper for both",
    ],
)
def test_suggestions_asked_with_a_negation_are_invitations(text: str) -> None:
    """ "why don't we", "почему бы не", "miért ne", "¿por qué no", "warum nicht" suggest;
    the negation in them refuses nothing."""
    found = SCANNER.scan(text)
    assert ContactKind.SOLICITATION in found.kinds, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "I can't pay outside the platform, sorry",
        "why not? because I never pay outside the site",
        "я не буду платить мимо сайта, извини",
        "nem fizetek az oldalon kívül, bocsi",
        "no pago por fuera de la web, lo siento",
        "ich zahle nicht außerhalb der Plattform, sorry",
        "payments not made through the site are not covered by the guarantee",
    ],
)
def test_refusals_beside_the_suggestion_forms_still_pass(text: str) -> None:
    assert not SCANNER.scan(text).found, (text, _flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "our office will transfer your fee directly to your company account",
        "бухгалтер напрямую переведёт вашу комиссию на счёт компании",
        "a pénzügy közvetlenül utalja a díjat a cégetek számlájára",
        "la contable te transfiere tu tarifa directamente a la cuenta de la empresa",
        "die Buchhaltung überweist deine Gebühr direkt aufs Firmenkonto",
    ],
)
def test_paying_the_fee_itself_is_settling_under_direct_settlement(text: str) -> None:
    """The fee being paid ("transfer your fee", "utalja a díjat") is the price, not the
    platform's cut: under direct settlement it is settled, not gone around."""
    assert not DIRECT.scan(text).found, (text, [f.detail for f in DIRECT.scan(text).findings])


@pytest.mark.parametrize(
    "text",
    [
        "pay me directly and skip the fee",
        "transfer me the money directly so the site fee is gone",
    ],
)
def test_avoiding_the_fee_stays_flagged_under_direct_settlement(text: str) -> None:
    assert DIRECT.scan(text).found, text


@pytest.mark.parametrize(
    "text",
    [
        # a decoy booking, and the platform's cut in a compound or a future tense
        "book the cheapest option here for the rating and pay me the real price apart",
        "бери самый дешёвый пакет тут, а реальную сумму отдашь мне лично",
        "rendeld a legolcsóbb csomagot, a valódi összeget pedig külön add oda",
        "pide el paquete más barato aquí y el precio real me lo das aparte",
        "buch das billigste Paket hier und zahl mir den echten Preis separat",
        "zahl mir lieber direkt in bar, kein Plattformanteil",
        "переведи мне лично, а то сайт заберёт свои 15%",
    ],
)
def test_going_around_the_booking_under_direct_settlement(text: str) -> None:
    """Direct settlement allows settling the booked price, not a decoy booking or a payment
    made to keep the platform's share."""
    assert DIRECT.scan(text).found, text
    assert SCANNER.scan(text).found, text


def test_a_spanish_message_request_is_talk() -> None:
    text = "¿conocés la app del pájaro azul? ahí estoy como siempre, mandame un mensaje"
    assert ContactKind.SOLICITATION in SCANNER.scan(text).kinds, _flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather the site didn't see our messages, got another way to chat?",
        "есть другой способ связи, кроме этого чата?",
        "van másik elérhetőséged, ami nem ez az oldal?",
        "¿tienes otra forma de contacto que no sea esta web?",
        "gibt es einen anderen Kontaktweg als diese Seite?",
    ],
)
def test_another_way_to_reach_each_other(text: str) -> None:
    found = SCANNER.scan(text)
    assert ContactKind.SOLICITATION in found.kinds, (text, _flagged(text))


def test_another_way_to_do_the_work_passes() -> None:
    text = "is there another way to write the headline? let's talk tomorrow"
    assert not SCANNER.scan(text).found, _flagged(text)
