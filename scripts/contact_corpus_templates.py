"""Template families of the contact corpus, five languages (en, ru, hu, es, de).

A family is one way of sharing (or of seeming to share) a contact; each of its templates is
one phrasing, written independently in each language. Template *i* of a family in every
language forms one split group: all of it goes to train, dev or test together, so a
phrasing (or its translation) seen in training never appears in the test split.

Each family says what a message of it is: the kinds it shares (empty for a hard negative)
and, for payment talk that a direct-settlement marketplace allows, ``direct_ok``.
"""

from __future__ import annotations

from typing import Any

Family = dict[str, Any]

FAMILIES: list[Family] = [
    # ------------------------------------------------------------------ e-mail
    {
        "id": "email_plain",
        "kinds": ["email"],
        "t": {
            "en": [
                "easier if you just email me at {email}",
                "my mail: {email}",
                "send the files to {email} pls",
                "you can reach me on {email} anytime",
                "contact {email} for the invoice",
            ],
            "ru": [
                "пишите на почту {email}",
                "моя почта {email}",
                "скиньте файлы на {email}",
                "лучше напишите мне {email}",
                "для счёта: {email}",
            ],
            "hu": [
                "írj a {email} címre",
                "e-mail: {email}",
                "küldd át a fájlokat ide: {email}",
                "elérsz a {email} címen is",
                "számlához: {email}",
            ],
            "es": [
                "escríbeme a {email}",
                "mi correo es {email}",
                "mándame los archivos a {email}",
                "me encuentras en {email}",
                "para la factura: {email}",
            ],
            "de": [
                "schreib mir an {email}",
                "meine Mail: {email}",
                "schick die Dateien an {email}",
                "du erreichst mich unter {email}",
                "für die Rechnung: {email}",
            ],
        },
    },
    {
        "id": "email_spelled",
        "kinds": ["email"],
        "t": {
            "en": [
                "mail: {email_spelled}",
                "my address is {email_spelled} ok?",
                "write to {email_spelled}",
                "{email_spelled} is where I read everything",
                "drop me a line, {email_spelled}",
            ],
            "ru": [
                "почта: {email_spelled}",
                "мой адрес {email_spelled}",
                "пиши сюда {email_spelled}",
                "{email_spelled} там отвечу быстрее",
                "адрес {email_spelled}, жду",
            ],
            "hu": [
                "címem: {email_spelled}",
                "az emailem {email_spelled}",
                "ide írj: {email_spelled}",
                "{email_spelled} ott gyorsabban válaszolok",
                "levél: {email_spelled}",
            ],
            "es": [
                "correo: {email_spelled}",
                "mi dirección es {email_spelled}",
                "escribe a {email_spelled}",
                "{email_spelled} ahí contesto antes",
                "mail {email_spelled} gracias",
            ],
            "de": [
                "Mail: {email_spelled}",
                "meine Adresse ist {email_spelled}",
                "schreib an {email_spelled}",
                "{email_spelled} da antworte ich schneller",
                "Kontakt {email_spelled} danke",
            ],
        },
    },
    {
        "id": "email_symbols",
        "kinds": ["email"],
        "t": {
            "en": [
                "{email_sym}",
                "reach me: {email_sym}",
                "email me -> {email_sym}",
                "mailbox {email_sym}",
            ],
            "ru": ["{email_sym}", "почта {email_sym}", "пиши -> {email_sym}", "ящик {email_sym}"],
            "hu": [
                "{email_sym}",
                "email {email_sym}",
                "írj -> {email_sym}",
                "postafiók {email_sym}",
            ],
            "es": [
                "{email_sym}",
                "correo {email_sym}",
                "escríbeme -> {email_sym}",
                "buzón {email_sym}",
            ],
            "de": [
                "{email_sym}",
                "Mail {email_sym}",
                "schreib -> {email_sym}",
                "Postfach {email_sym}",
            ],
        },
    },
    {
        "id": "email_hidden",
        "kinds": ["email"],
        "t": {
            "en": [
                "here: {email_rlo}",
                "mail {email_zw}",
                "{email_spaced}",
                "contact {email_rlo} thx",
            ],
            "ru": ["вот: {email_rlo}", "почта {email_zw}", "{email_spaced}", "пиши {email_rlo}"],
            "hu": ["itt: {email_rlo}", "email {email_zw}", "{email_spaced}", "írj {email_rlo}"],
            "es": [
                "aquí: {email_rlo}",
                "correo {email_zw}",
                "{email_spaced}",
                "escribe {email_rlo}",
            ],
            "de": ["hier: {email_rlo}", "Mail {email_zw}", "{email_spaced}", "schreib {email_rlo}"],
        },
    },
    # ------------------------------------------------------------------ phone
    {
        "id": "phone_plain",
        "kinds": ["phone"],
        "t": {
            "en": [
                "call me on {phone}",
                "my number {phone}",
                "text {phone} when you're done",
                "{phone} - that's my cell",
                "ring me at {phone} tomorrow",
            ],
            "ru": [
                "звоните {phone}",
                "мой номер {phone}",
                "напиши смс на {phone}",
                "{phone} это мой мобильный",
                "набери {phone} завтра",
            ],
            "hu": [
                "hívj a {phone} számon",
                "a számom {phone}",
                "küldj sms-t: {phone}",
                "{phone} ez a mobilom",
                "holnap hívj: {phone}",
            ],
            "es": [
                "llámame al {phone}",
                "mi número {phone}",
                "mándame un sms al {phone}",
                "{phone} es mi móvil",
                "llama mañana al {phone}",
            ],
            "de": [
                "ruf mich an: {phone}",
                "meine Nummer {phone}",
                "schreib eine SMS an {phone}",
                "{phone} ist mein Handy",
                "ruf morgen an unter {phone}",
            ],
        },
    },
    {
        "id": "phone_words",
        "kinds": ["phone"],
        "t": {
            "en": [
                "my cell is {phone_words}",
                "call {phone_words}",
                "number: {phone_words} ok",
                "{phone_words} call after 6",
                "reach me at {phone_words}",
            ],
            "ru": [
                "мой сотовый {phone_words}",
                "звони {phone_words}",
                "номер: {phone_words}",
                "{phone_words} после шести",
                "набери {phone_words}",
            ],
            "hu": [
                "a mobilom {phone_words}",
                "hívj: {phone_words}",
                "szám: {phone_words}",
                "{phone_words} hat után",
                "csörgess meg {phone_words}",
            ],
            "es": [
                "mi celular es {phone_words}",
                "llama al {phone_words}",
                "número: {phone_words}",
                "{phone_words} después de las 6",
                "márcame {phone_words}",
            ],
            "de": [
                "mein Handy ist {phone_words}",
                "ruf an {phone_words}",
                "Nummer: {phone_words}",
                "{phone_words} ab 18 Uhr",
                "erreichbar unter {phone_words}",
            ],
        },
    },
    {
        "id": "phone_symbols",
        "kinds": ["phone"],
        "t": {
            "en": [
                "{phone_sym}",
                "cell {phone_sym}",
                "call {phone_spaced}",
                "mob: {phone_spaced} thx",
            ],
            "ru": ["{phone_sym}", "тел {phone_sym}", "звони {phone_spaced}", "моб: {phone_spaced}"],
            "hu": [
                "{phone_sym}",
                "tel {phone_sym}",
                "hívj {phone_spaced}",
                "mobil: {phone_spaced}",
            ],
            "es": [
                "{phone_sym}",
                "tel {phone_sym}",
                "llama {phone_spaced}",
                "móvil: {phone_spaced}",
            ],
            "de": [
                "{phone_sym}",
                "Tel {phone_sym}",
                "ruf an {phone_spaced}",
                "Handy: {phone_spaced}",
            ],
        },
    },
    {
        "id": "phone_script",
        "kinds": ["phone"],
        "t": {
            "en": [
                "call {phone_script}",
                "{phone_script}",
                "my phone {phone_script}",
                "text me {phone_script}",
            ],
            "ru": [
                "звони {phone_script}",
                "{phone_script}",
                "мой телефон {phone_script}",
                "пиши {phone_script}",
            ],
            "hu": [
                "hívj {phone_script}",
                "{phone_script}",
                "telefonom {phone_script}",
                "írj sms-t {phone_script}",
            ],
            "es": [
                "llama {phone_script}",
                "{phone_script}",
                "mi teléfono {phone_script}",
                "escribe {phone_script}",
            ],
            "de": [
                "ruf {phone_script}",
                "{phone_script}",
                "mein Telefon {phone_script}",
                "SMS an {phone_script}",
            ],
        },
    },
    # ------------------------------------------------------------------ messengers
    {
        "id": "messenger_handle",
        "kinds": ["messenger"],
        "t": {
            "en": [
                "{msgr}: {handle}",
                "add me on {msgr}, {handle}",
                "I'm {handle} on {msgr}",
                "find me on {msgr_bad} as {handle}",
                "{msgr_bad} {handle}",
            ],
            "ru": [
                "{msgr}: {handle}",
                "добавь меня в {msgr}, {handle}",
                "я в {msgr} {handle}",
                "ищи в {msgr_bad} {handle}",
                "{msgr_bad} {handle}",
            ],
            "hu": [
                "{msgr}: {handle}",
                "adj hozzá {msgr}on: {handle}",
                "{msgr}on {handle} vagyok",
                "keress {msgr_bad}on: {handle}",
                "{msgr_bad} {handle}",
            ],
            "es": [
                "{msgr}: {handle}",
                "agrégame en {msgr}, {handle}",
                "soy {handle} en {msgr}",
                "búscame en {msgr_bad} como {handle}",
                "{msgr_bad} {handle}",
            ],
            "de": [
                "{msgr}: {handle}",
                "add mich auf {msgr}, {handle}",
                "ich bin {handle} auf {msgr}",
                "such mich auf {msgr_bad} als {handle}",
                "{msgr_bad} {handle}",
            ],
        },
    },
    {
        "id": "messenger_phone",
        "kinds": ["messenger", "phone"],
        "t": {
            "en": [
                "{msgr_bad} {phone}",
                "{msgr} me {phone_words}",
                "my {msgr_bad} is {phone}",
                "on {msgr_bad}: {phone}",
            ],
            "ru": [
                "{msgr_bad} {phone}",
                "пиши в {msgr} {phone_words}",
                "мой {msgr_bad} {phone}",
                "в {msgr_bad}: {phone}",
            ],
            "hu": [
                "{msgr_bad} {phone}",
                "{msgr}on írj: {phone_words}",
                "a {msgr_bad} számom {phone}",
                "{msgr_bad}: {phone}",
            ],
            "es": [
                "{msgr_bad} {phone}",
                "escríbeme por {msgr} {phone_words}",
                "mi {msgr_bad} es {phone}",
                "por {msgr_bad}: {phone}",
            ],
            "de": [
                "{msgr_bad} {phone}",
                "schreib per {msgr} {phone_words}",
                "mein {msgr_bad} ist {phone}",
                "per {msgr_bad}: {phone}",
            ],
        },
    },
    {
        "id": "messenger_invite",
        "kinds": ["messenger"],
        "t": {
            "en": [
                "let's move this to {msgr_bad}, faster",
                "write me on {msgr_bad} instead",
                "do you have {msgr_bad}? easier to talk there",
                "continue on {msgr_bad}?",
                "ping me on {msgr_bad} and I'll send the sketches",
            ],
            "ru": [
                "давай перейдём в {msgr_bad}, так быстрее",
                "напиши мне лучше в {msgr_bad}",
                "у тебя есть {msgr_bad}? там удобнее",
                "продолжим в {msgr_bad}?",
                "стукни в {msgr_bad}, скину эскизы",
            ],
            "hu": [
                "menjünk át {msgr_bad}ra, gyorsabb",
                "írj inkább {msgr_bad}on",
                "van {msgr_bad}od? ott egyszerűbb",
                "folytassuk {msgr_bad}on?",
                "dobj egy üzit {msgr_bad}on és küldöm a vázlatokat",
            ],
            "es": [
                "pasemos a {msgr_bad}, es más rápido",
                "escríbeme mejor por {msgr_bad}",
                "¿tienes {msgr_bad}? es más fácil hablar ahí",
                "¿seguimos por {msgr_bad}?",
                "háblame por {msgr_bad} y te mando los bocetos",
            ],
            "de": [
                "lass uns zu {msgr_bad} wechseln, geht schneller",
                "schreib mir lieber auf {msgr_bad}",
                "hast du {msgr_bad}? da ist es einfacher",
                "weiter auf {msgr_bad}?",
                "meld dich auf {msgr_bad}, dann schicke ich die Skizzen",
            ],
        },
    },
    # ------------------------------------------------------------------ links
    {
        "id": "url_plain",
        "kinds": ["url"],
        "t": {
            "en": [
                "see my work at {url}",
                "portfolio: {url}",
                "order from {url} instead, cheaper",
                "{url} has my full price list",
            ],
            "ru": [
                "мои работы тут {url}",
                "портфолио: {url}",
                "закажи на {url}, дешевле",
                "{url} там весь прайс",
            ],
            "hu": [
                "a munkáim itt: {url}",
                "portfólió: {url}",
                "rendelj a {url} oldalon, olcsóbb",
                "{url} ott a teljes árlista",
            ],
            "es": [
                "mira mis trabajos en {url}",
                "portafolio: {url}",
                "pide en {url}, más barato",
                "{url} tiene mi lista de precios",
            ],
            "de": [
                "meine Arbeiten: {url}",
                "Portfolio: {url}",
                "bestell über {url}, billiger",
                "{url} hat meine ganze Preisliste",
            ],
        },
    },
    {
        "id": "url_obfuscated",
        "kinds": ["url"],
        "t": {
            "en": [
                "my site {url_obf}",
                "go to {url_obf}",
                "{url_obf} check it",
                "everything is on {url_obf}",
            ],
            "ru": [
                "мой сайт {url_obf}",
                "заходи на {url_obf}",
                "{url_obf} глянь",
                "всё есть на {url_obf}",
            ],
            "hu": [
                "az oldalam {url_obf}",
                "nézd meg: {url_obf}",
                "{url_obf} nézd meg",
                "minden fent van: {url_obf}",
            ],
            "es": [
                "mi web {url_obf}",
                "entra en {url_obf}",
                "{url_obf} échale un ojo",
                "todo está en {url_obf}",
            ],
            "de": [
                "meine Seite {url_obf}",
                "geh auf {url_obf}",
                "{url_obf} schau mal",
                "alles auf {url_obf}",
            ],
        },
    },
    # ------------------------------------------------------------------ payment
    {
        "id": "payment_upi",
        "kinds": ["payment"],
        "t": {
            "en": [
                "UPI: {upi}",
                "send it to my UPI {upi}",
                "IFSC {ifsc}, a/c {acct}",
                "account {acct} IFSC {ifsc} pls transfer",
            ],
            "ru": [
                "UPI: {upi}",
                "переведи на UPI {upi}",
                "IFSC {ifsc}, счёт {acct}",
                "счёт {acct} IFSC {ifsc} переводи",
            ],
            "hu": [
                "UPI: {upi}",
                "küldd az UPI-mra: {upi}",
                "IFSC {ifsc}, számla {acct}",
                "számlaszám {acct} IFSC {ifsc}, utald",
            ],
            "es": [
                "UPI: {upi}",
                "mándalo a mi UPI {upi}",
                "IFSC {ifsc}, cuenta {acct}",
                "cuenta {acct} IFSC {ifsc} transfiere",
            ],
            "de": [
                "UPI: {upi}",
                "schick es an mein UPI {upi}",
                "IFSC {ifsc}, Konto {acct}",
                "Konto {acct} IFSC {ifsc} bitte überweisen",
            ],
        },
    },
    {
        "id": "payment_link",
        "kinds": ["payment"],
        "t": {
            "en": [
                "pay here: {paylink}",
                "{paylink} is quicker",
                "just send it via {paylink}",
                "tip jar {paylink}",
            ],
            "ru": [
                "оплата тут: {paylink}",
                "{paylink} так быстрее",
                "просто кинь через {paylink}",
                "донат {paylink}",
            ],
            "hu": [
                "fizess itt: {paylink}",
                "{paylink} gyorsabb",
                "küldd ezen: {paylink}",
                "borravaló {paylink}",
            ],
            "es": [
                "paga aquí: {paylink}",
                "{paylink} es más rápido",
                "mándalo por {paylink}",
                "propina {paylink}",
            ],
            "de": [
                "zahl hier: {paylink}",
                "{paylink} geht schneller",
                "schick es über {paylink}",
                "Trinkgeld {paylink}",
            ],
        },
    },
    {
        "id": "payment_card",
        "kinds": ["payment"],
        "t": {
            "en": [
                "my card {card}",
                "send to card {card_words}",
                "card number {card_words} thanks",
                "transfer to {card}",
            ],
            "ru": [
                "моя карта {card}",
                "кидай на карту {card_words}",
                "номер карты {card_words}",
                "переведи на {card}",
            ],
            "hu": [
                "a kártyám {card}",
                "utalj a kártyára: {card_words}",
                "kártyaszám {card_words}",
                "erre küldd: {card}",
            ],
            "es": [
                "mi tarjeta {card}",
                "manda a la tarjeta {card_words}",
                "número de tarjeta {card_words}",
                "transfiere a {card}",
            ],
            "de": [
                "meine Karte {card}",
                "schick auf die Karte {card_words}",
                "Kartennummer {card_words}",
                "überweis auf {card}",
            ],
        },
    },
    {
        "id": "payment_iban",
        "kinds": ["payment"],
        "t": {
            "en": ["IBAN {iban}", "wire it to {iban}", "bank: {iban}, name {name}"],
            "ru": ["IBAN {iban}", "переведи на {iban}", "реквизиты: {iban}, {name}"],
            "hu": ["IBAN {iban}", "utald ide: {iban}", "bankszámla: {iban}, {name}"],
            "es": ["IBAN {iban}", "transfiere a {iban}", "cuenta: {iban}, titular {name}"],
            "de": ["IBAN {iban}", "überweis auf {iban}", "Bank: {iban}, Inhaber {name}"],
        },
    },
    # ------------------------------------------------------------------ pointers, invitations
    {
        "id": "pointer_indirect",
        "kinds": ["solicitation"],
        "t": {
            "en": [
                "same username on yahoo",
                "my number is in my portfolio PDF",
                "search my name on LinkedIn, I'm the only {name} there",
                "my contacts are on my profile picture",
                "google my studio name, the phone is on the first page",
            ],
            "ru": [
                "тот же ник на яндексе",
                "мой номер есть в PDF портфолио",
                "найди меня по имени в ВК, {name}",
                "контакты на аватарке",
                "загугли название студии, телефон на первой странице",
            ],
            "hu": [
                "ugyanez a felhasználónevem a yahoon",
                "a számom benne van a portfólió PDF-ben",
                "keress rá a nevemre a LinkedInen, {name}",
                "az elérhetőségem a profilképemen van",
                "guglizd ki a stúdió nevét, ott a telefonszám",
            ],
            "es": [
                "mismo usuario en yahoo",
                "mi número está en el PDF del portafolio",
                "busca mi nombre en LinkedIn, {name}",
                "mis datos están en mi foto de perfil",
                "googlea el nombre de mi estudio, sale el teléfono",
            ],
            "de": [
                "gleicher Benutzername bei yahoo",
                "meine Nummer steht im Portfolio-PDF",
                "such meinen Namen auf LinkedIn, {name}",
                "meine Kontaktdaten sind im Profilbild",
                "google meinen Studionamen, da steht die Telefonnummer",
            ],
        },
    },
    {
        "id": "offplatform_invite",
        "kinds": ["solicitation"],
        "t": {
            "en": [
                "let's continue somewhere the site takes no cut",
                "we can talk where moderators can't read",
                "message me somewhere more private and I'll give you a better price",
                "next time just contact me outside this site",
                "let's skip the site for the next job",
            ],
            "ru": [
                "давай продолжим там, где сайт не берёт процент",
                "поговорим там, где модераторы не читают",
                "напиши мне куда-нибудь в другое место, сделаю дешевле",
                "в следующий раз пиши мне минуя сайт",
                "следующий заказ давай без сайта",
            ],
            "hu": [
                "folytassuk ott, ahol az oldal nem von le jutalékot",
                "beszéljünk ott, ahol a moderátorok nem olvassák",
                "írj máshova, és olcsóbban megcsinálom",
                "legközelebb keress az oldal megkerülésével",
                "a következő munkát csináljuk az oldal nélkül",
            ],
            "es": [
                "sigamos donde la web no se lleva comisión",
                "hablemos donde los moderadores no lean",
                "escríbeme por otro lado y te hago mejor precio",
                "la próxima vez contáctame saltándote la web",
                "el próximo trabajo lo hacemos sin la plataforma",
            ],
            "de": [
                "lass uns dort weitermachen, wo die Seite nichts abzieht",
                "reden wir, wo die Moderatoren nicht mitlesen",
                "schreib mir woanders, dann mache ich es günstiger",
                "nächstes Mal kontaktier mich am Portal vorbei",
                "den nächsten Auftrag machen wir ohne die Plattform",
            ],
        },
    },
    {
        "id": "pay_outside",
        "kinds": ["solicitation"],
        "t": {
            "en": [
                "if you pay me outside the platform I'll give 20% off",
                "we can both save the fees, pay me directly",
                "cancel the order and I'll do it cheaper privately",
                "skip the commission, cash is fine",
            ],
            "ru": [
                "если оплатишь мимо площадки, скидка 20%",
                "сэкономим на комиссии, плати мне напрямую",
                "отмени заказ, сделаю дешевле в обход",
                "без комиссии, можно наличными",
            ],
            "hu": [
                "ha az oldalon kívül fizetsz, 20% kedvezmény",
                "spóroljuk meg a díjat, fizess közvetlenül nekem",
                "mondd le a rendelést, és olcsóbban megcsinálom privátban",
                "jutalék nélkül, készpénz is jó",
            ],
            "es": [
                "si me pagas fuera de la plataforma te hago 20% de descuento",
                "ahorremos la comisión, págame directamente",
                "cancela el pedido y te lo hago más barato por fuera",
                "sin comisión, en efectivo vale",
            ],
            "de": [
                "wenn du außerhalb der Plattform zahlst, gibt es 20% Rabatt",
                "sparen wir uns die Gebühren, zahl mir direkt",
                "storniere die Bestellung, dann mache ich es privat billiger",
                "ohne Provision, bar geht auch",
            ],
        },
    },
    {
        "id": "direct_settlement",
        "kinds": ["solicitation"],
        "direct_ok": True,
        "t": {
            "en": [
                "I will pay the rest by bank transfer",
                "I'll settle the remaining {amount} directly with you",
                "the balance of {amount} I pay you in cash on completion",
                "can I wire the agreed price to you after the job?",
            ],
            "ru": [
                "остаток переведу банковским переводом",
                "оставшиеся {amount} оплачу вам напрямую",
                "остаток {amount} отдам наличными после работы",
                "могу перевести оговорённую сумму после работы?",
            ],
            "hu": [
                "a maradékot banki átutalással fizetem",
                "a maradék {amount} összeget közvetlenül neked fizetem",
                "a fennmaradó {amount} készpénzben adom át a végén",
                "átutalhatom a megbeszélt árat a munka után?",
            ],
            "es": [
                "el resto lo pago por transferencia bancaria",
                "los {amount} restantes te los pago directamente",
                "el saldo de {amount} te lo pago en efectivo al terminar",
                "¿te transfiero el precio acordado después del trabajo?",
            ],
            "de": [
                "den Rest zahle ich per Banküberweisung",
                "die restlichen {amount} zahle ich dir direkt",
                "den Restbetrag von {amount} gebe ich bar nach Abschluss",
                "kann ich den vereinbarten Preis nach dem Auftrag überweisen?",
            ],
        },
    },
    # ------------------------------------------------------------------ hard negatives
    {
        "id": "neg_messenger_product",
        "kinds": [],
        "t": {
            "en": [
                "I need a Telegram-like bot for {name}'s shop",
                "add the Share on WhatsApp button under each post",
                "the WhatsApp icon in the footer is too big",
                "can you design {n} Instagram story templates?",
                "integrate Viber notifications like the Telegram bot did",
            ],
            "ru": [
                "нужен бот как в телеграме для магазина {name}",
                "добавьте кнопку «Поделиться в WhatsApp» под постом",
                "иконка ватсапа в подвале слишком большая",
                "сделаете {n} шаблонов сторис для инстаграма?",
                "интеграция уведомлений Viber как у телеграм-бота",
            ],
            "hu": [
                "Telegram-szerű botot szeretnék {name} boltjához",
                "tegyétek be a Megosztás WhatsAppon gombot a posztok alá",
                "a WhatsApp ikon túl nagy a láblécben",
                "tudsz {n} Instagram story sablont tervezni?",
                "Viber értesítések integrálása, ahogy a Telegram bot csinálta",
            ],
            "es": [
                "quiero un bot tipo Telegram para la tienda de {name}",
                "pon el botón Compartir en WhatsApp bajo cada post",
                "el icono de WhatsApp del pie es muy grande",
                "¿puedes diseñar {n} plantillas de historias de Instagram?",
                "integra avisos de Viber como hacía el bot de Telegram",
            ],
            "de": [
                "ich brauche einen Telegram-ähnlichen Bot für den Shop von {name}",
                "füge den Teilen-auf-WhatsApp-Button unter jedem Beitrag ein",
                "das WhatsApp-Icon im Footer ist zu groß",
                "kannst du {n} Instagram-Story-Vorlagen gestalten?",
                "Viber-Benachrichtigungen integrieren wie beim Telegram-Bot",
            ],
        },
    },
    {
        "id": "neg_refusal",
        "kinds": [],
        "t": {
            "en": [
                "a client once asked for my WhatsApp and I said no, everything stays here",
                "last buyer wanted to pay outside the site, I refused",
                "I never give my number, sorry, chat here only",
                "someone offered me cash to skip the fees, I reported it",
            ],
            "ru": [
                "один клиент просил мой ватсап, я отказал, всё только здесь",
                "прошлый заказчик хотел заплатить мимо сайта, я отказался",
                "номер не даю, извините, только чат",
                "мне предлагали наличные без комиссии, я пожаловался",
            ],
            "hu": [
                "egy ügyfél elkérte a WhatsAppomat, nemet mondtam, minden itt marad",
                "az előző vevő az oldalon kívül akart fizetni, visszautasítottam",
                "a számomat nem adom meg, csak itt chatelek",
                "valaki készpénzt ajánlott a díj megspórolására, jelentettem",
            ],
            "es": [
                "un cliente me pidió mi WhatsApp y le dije que no, todo aquí",
                "el último comprador quería pagar fuera de la web, me negué",
                "nunca doy mi número, solo por este chat",
                "alguien me ofreció efectivo para evitar la comisión, lo denuncié",
            ],
            "de": [
                "ein Kunde wollte mein WhatsApp, ich habe nein gesagt, alles bleibt hier",
                "der letzte Käufer wollte außerhalb der Seite zahlen, ich habe abgelehnt",
                "meine Nummer gebe ich nie raus, nur hier im Chat",
                "jemand bot mir Bargeld ohne Gebühren an, ich habe es gemeldet",
            ],
        },
    },
    {
        "id": "neg_code",
        "kinds": [],
        "t": {
            "en": [
                "use @dataclass(frozen=True) for the {name} model",
                "run npm i @scope/pkg@2 then rebuild",
                "the @media (max-width: 600px) rule breaks the header",
                "annotate it with @Override and @Test",
                "pip install requests==2.31.0 and import it in main.py",
            ],
            "ru": [
                "используй @dataclass(frozen=True) для модели",
                "сделай npm i @scope/pkg@2 и пересобери",
                "правило @media (max-width: 600px) ломает шапку",
                "добавь @Override и @Test",
                "pip install requests==2.31.0 и импорт в main.py",
            ],
            "hu": [
                "használj @dataclass(frozen=True)-t a modellhez",
                "futtasd: npm i @scope/pkg@2, aztán build",
                "a @media (max-width: 600px) szabály elrontja a fejlécet",
                "tedd rá az @Override és @Test annotációt",
                "pip install requests==2.31.0 és importáld a main.py-ban",
            ],
            "es": [
                "usa @dataclass(frozen=True) para el modelo",
                "ejecuta npm i @scope/pkg@2 y recompila",
                "la regla @media (max-width: 600px) rompe la cabecera",
                "anótalo con @Override y @Test",
                "pip install requests==2.31.0 e impórtalo en main.py",
            ],
            "de": [
                "nimm @dataclass(frozen=True) für das Modell",
                "führe npm i @scope/pkg@2 aus und baue neu",
                "die @media (max-width: 600px) Regel zerschießt den Header",
                "annotiere es mit @Override und @Test",
                "pip install requests==2.31.0 und in main.py importieren",
            ],
        },
    },
    {
        "id": "neg_tax",
        "kinds": [],
        "t": {
            "en": [
                "please put {tax} on the invoice",
                "our details for the invoice: {name} Ltd, {tax}",
                "invoice {order} must show {tax}",
                "the company number is {tax}, address in the brief",
            ],
            "ru": [
                "укажите в счёте {tax}",
                "реквизиты для счёта: ООО {name}, {tax}",
                "в счёте {order} должен быть {tax}",
                "данные компании: {tax}, адрес в ТЗ",
            ],
            "hu": [
                "a számlára írd rá: {tax}",
                "számlázási adatok: {name} Kft., {tax}",
                "a {order} számlán legyen rajta: {tax}",
                "cégadatok: {tax}, a cím a briefben",
            ],
            "es": [
                "pon {tax} en la factura",
                "datos de facturación: {name} S.L., {tax}",
                "la factura {order} debe llevar {tax}",
                "datos de la empresa: {tax}, dirección en el brief",
            ],
            "de": [
                "bitte {tax} auf die Rechnung",
                "Rechnungsdaten: {name} GmbH, {tax}",
                "Rechnung {order} muss {tax} enthalten",
                "Firmendaten: {tax}, Adresse im Briefing",
            ],
        },
    },
    {
        "id": "neg_test_card",
        "kinds": [],
        "t": {
            "en": [
                "Stripe test card {testcard} for the sandbox",
                "use the test card {testcard}, any CVC, future date",
                "checkout QA: try {testcard} in test mode",
                "the sandbox declines {testcard}, please check the webhook",
            ],
            "ru": [
                "тестовая карта Stripe {testcard} для песочницы",
                "используй тестовую карту {testcard}, любой CVC",
                "проверь оплату в тестовом режиме картой {testcard}",
                "песочница отклоняет {testcard}, проверь вебхук",
            ],
            "hu": [
                "Stripe tesztkártya {testcard} a sandboxhoz",
                "használd a {testcard} tesztkártyát, bármilyen CVC",
                "fizetés teszt módban: {testcard}",
                "a sandbox elutasítja a {testcard} kártyát, nézd meg a webhookot",
            ],
            "es": [
                "tarjeta de prueba de Stripe {testcard} para el sandbox",
                "usa la tarjeta de prueba {testcard}, cualquier CVC",
                "prueba el checkout en modo test con {testcard}",
                "el sandbox rechaza {testcard}, revisa el webhook",
            ],
            "de": [
                "Stripe-Testkarte {testcard} für die Sandbox",
                "nimm die Testkarte {testcard}, beliebige CVC",
                "Checkout im Testmodus mit {testcard} prüfen",
                "die Sandbox lehnt {testcard} ab, bitte Webhook prüfen",
            ],
        },
    },
    {
        "id": "neg_prices",
        "kinds": [],
        "t": {
            "en": [
                "the total is {amount}, {n} revisions included",
                "can you do it for {amount}?",
                "{n} logos at {amount} each, delivery in {n} days",
                "budget is {amount} max",
            ],
            "ru": [
                "итого {amount}, {n} правки включены",
                "сделаете за {amount}?",
                "{n} логотипа по {amount}, срок {n} дней",
                "бюджет максимум {amount}",
            ],
            "hu": [
                "összesen {amount}, {n} javítás benne",
                "megcsinálod {amount} összegért?",
                "{n} logó darabja {amount}, {n} nap alatt",
                "a keret max {amount}",
            ],
            "es": [
                "el total es {amount}, {n} revisiones incluidas",
                "¿lo haces por {amount}?",
                "{n} logos a {amount} cada uno, entrega en {n} días",
                "el presupuesto es {amount} máximo",
            ],
            "de": [
                "insgesamt {amount}, {n} Korrekturen inklusive",
                "machst du es für {amount}?",
                "{n} Logos zu je {amount}, Lieferung in {n} Tagen",
                "Budget maximal {amount}",
            ],
        },
    },
    {
        "id": "neg_dates_orders",
        "kinds": [],
        "t": {
            "en": [
                "order {order} is due on {date}",
                "I'll deliver by {date} at 10.30",
                "see ticket {order} from {date}",
                "the meeting moved to {date}, same time",
            ],
            "ru": [
                "заказ {order} сдать до {date}",
                "сдам к {date} в 10.30",
                "см. тикет {order} от {date}",
                "встречу перенесли на {date}",
            ],
            "hu": [
                "a {order} rendelés határideje {date}",
                "{date} 10.30-ig leadom",
                "lásd a {order} jegyet, {date}",
                "a megbeszélés {date} napra került",
            ],
            "es": [
                "el pedido {order} vence el {date}",
                "lo entrego el {date} a las 10.30",
                "ver ticket {order} del {date}",
                "la reunión pasa al {date}",
            ],
            "de": [
                "Auftrag {order} ist am {date} fällig",
                "ich liefere bis {date} um 10.30",
                "siehe Ticket {order} vom {date}",
                "das Meeting ist auf den {date} verschoben",
            ],
        },
    },
    {
        "id": "neg_work_talk",
        "kinds": [],
        "t": {
            "en": [
                "thanks {name}, the second draft looks great",
                "could you make the logo a bit darker?",
                "I'll send the revised files here tonight",
                "meet at noon? I mean the deadline, noon Friday",
                "I'm at home today, will reply later in this chat",
            ],
            "ru": [
                "спасибо, {name}, второй вариант отличный",
                "можно сделать логотип чуть темнее?",
                "пришлю исправленные файлы сюда вечером",
                "дедлайн в пятницу в полдень, успеем?",
                "сегодня я дома, отвечу позже в этом чате",
            ],
            "hu": [
                "köszi {name}, a második vázlat nagyon jó",
                "lehetne kicsit sötétebb a logó?",
                "ma este ide küldöm a javított fájlokat",
                "péntek délben a határidő, belefér?",
                "ma otthon vagyok, később válaszolok itt",
            ],
            "es": [
                "gracias {name}, el segundo boceto está genial",
                "¿puedes oscurecer un poco el logo?",
                "esta noche subo aquí los archivos corregidos",
                "la entrega es el viernes a mediodía, ¿llegas?",
                "hoy estoy en casa, contesto luego por este chat",
            ],
            "de": [
                "danke {name}, der zweite Entwurf ist super",
                "kannst du das Logo etwas dunkler machen?",
                "ich lade die korrigierten Dateien heute Abend hier hoch",
                "Abgabe Freitag mittag, klappt das?",
                "bin heute zu Hause, antworte später hier im Chat",
            ],
        },
    },
    {
        "id": "neg_tech_names",
        "kinds": [],
        "t": {
            "en": [
                "final files: logo_v{n}.final.png and brand.book.pdf",
                "export at 1920x1080 and 3840x2160",
                "we run node 18.17.0 and python 3.11",
                "the font is Inter.ttf, size 14.5",
            ],
            "ru": [
                "финальные файлы: logo_v{n}.final.png и brand.book.pdf",
                "экспорт 1920x1080 и 3840x2160",
                "у нас node 18.17.0 и python 3.11",
                "шрифт Inter.ttf, кегль 14.5",
            ],
            "hu": [
                "végső fájlok: logo_v{n}.final.png és brand.book.pdf",
                "export 1920x1080 és 3840x2160",
                "node 18.17.0 és python 3.11 fut",
                "a betűtípus Inter.ttf, 14.5-ös méret",
            ],
            "es": [
                "archivos finales: logo_v{n}.final.png y brand.book.pdf",
                "exporta a 1920x1080 y 3840x2160",
                "usamos node 18.17.0 y python 3.11",
                "la fuente es Inter.ttf, tamaño 14.5",
            ],
            "de": [
                "finale Dateien: logo_v{n}.final.png und brand.book.pdf",
                "Export in 1920x1080 und 3840x2160",
                "wir nutzen node 18.17.0 und python 3.11",
                "Schrift Inter.ttf, Größe 14.5",
            ],
        },
    },
    {
        "id": "neg_platform_talk",
        "kinds": [],
        "t": {
            "en": [
                "I'll message you here when the draft is ready",
                "please pay through the site as usual",
                "leave a review on the platform if you're happy",
                "send the brief through the order page",
            ],
            "ru": [
                "напишу сюда, когда будет черновик",
                "оплатите через сайт, как обычно",
                "оставьте отзыв на площадке, если понравится",
                "пришлите ТЗ через страницу заказа",
            ],
            "hu": [
                "ide írok, ha kész a vázlat",
                "kérlek az oldalon keresztül fizess, ahogy szoktuk",
                "írj értékelést az oldalon, ha elégedett vagy",
                "a briefet a rendelés oldalán küldd",
            ],
            "es": [
                "te escribo aquí cuando el boceto esté listo",
                "paga por la web como siempre",
                "deja una reseña en la plataforma si te gusta",
                "manda el brief por la página del pedido",
            ],
            "de": [
                "ich melde mich hier, wenn der Entwurf fertig ist",
                "bitte wie immer über die Seite bezahlen",
                "hinterlass eine Bewertung auf der Plattform, wenn es passt",
                "schick das Briefing über die Auftragsseite",
            ],
        },
    },
]
