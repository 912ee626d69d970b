"""A fresh held-out split of the contact corpus: new phrasings nobody has tuned on.

The test split was scored and the scanner was tuned further afterwards, so its figures no
longer measure unseen wordings. This module holds new phrasings for every family of
``contact_corpus_templates`` (same family ids, so the labels come from the family) and four
families the corpus lacked: benign invoice and quote figures (VAT lines, bank-holiday dates,
prices with thousands separators), benign logistics numbers (business delivery addresses
with postcodes and street numbers, delivery slots, ticket ids, version numbers,
measurements), contact cards and contact pages designed without any contact in them, and
contacts pointed at in code ("the blue app", "my name at the Google one").

Every family has three phrasings per language, written in each language's own idiom rather
than translated; phrasing *j* of a family in all five languages is one group. Groups 0 and 1
go to the split ``holdout``, group 2 to ``holdout_sealed``. Nothing here is to be read while
building or tuning the scanner, and the split is meant to be scored once, at the end.

``build_contact_corpus`` builds these groups after every other group, from a random stream
of their own and with slot fillers that bypass ``contact_corpus_extra``, so adding tuning
phrasings there changes no holdout message, and building them changes no earlier message.
Group names carry an ``h`` (``email_plain#h0``), so they never collide with the numbered
original and extra groups, however many of those are added later.

The slot values below have their own fillers (VAT lines, quotes, business addresses,
delivery slots, ticket ids, versions, parcel sizes and weights); none of their numbers is a
phone number, a card or an account, so a negative message stays negative. The shared slots
(``{phone}``, ``{email_spelled}``, ``{msgr}``, ``{iban}``, ``{date}``, ``{order}``, ``{tax}``,
``{amount}``, ``{name}``, ``{n}`` ...) come from ``contact_corpus_slots``.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SPLITS = ("holdout", "holdout", "holdout_sealed")
SEED_OFFSET = 1

# family id -> language -> phrasings, for the families of contact_corpus_templates; every
# language lists exactly len(SPLITS) phrasings.
HOLDOUT: dict[str, dict[str, list[str]]] = {
    # ------------------------------------------------------------------ e-mail
    "email_plain": {
        "en": [
            "add me to the calendar invite, {email}",
            "heads up, my work address changed - it's {email} now",
            "{email} <- the zip is too big for this chat, send it there",
        ],
        "ru": [
            "добавьте меня в приглашение на созвон, {email}",
            "у меня сменилась рабочая почта, теперь {email}",
            "{email} — архив сюда не пролезет, кидай туда",
        ],
        "hu": [
            "küldj naptármeghívót a {email} címre",
            "megváltozott a munkahelyi címem, mostantól {email}",
            "{email} - a zip túl nagy ide, oda küldd",
        ],
        "es": [
            "mándame la invitación de la reunión a {email}",
            "ojo, he cambiado el correo del trabajo, ahora es {email}",
            "{email} ← el zip pesa demasiado para este chat, mándalo ahí",
        ],
        "de": [
            "schick mir die Kalendereinladung an {email}",
            "kurze Info, meine Arbeitsadresse hat sich geändert, jetzt {email}",
            "{email} – das ZIP ist zu groß für den Chat, schick es dahin",
        ],
    },
    "email_spelled": {
        "en": [
            "I'll spell it out so the chat doesn't eat it: {email_spelled}",
            "email is {email_spelled} (all lowercase)",
            "pls forward the brief to {email_spelled}",
        ],
        "ru": [
            "напишу по-хитрому, а то чат режет: {email_spelled}",
            "адрес {email_spelled}, всё маленькими буквами",
            "перешлите ТЗ на {email_spelled} пожалуйста",
        ],
        "hu": [
            "betűzöm, mert a chat kiszedi: {email_spelled}",
            "az e-mail cím {email_spelled}, csupa kisbetű",
            "a briefet légyszi továbbítsd ide {email_spelled}",
        ],
        "es": [
            "te lo escribo así porque el chat lo borra: {email_spelled}",
            "el mail es {email_spelled} (todo en minúsculas)",
            "reenvíame el brief a {email_spelled} porfa",
        ],
        "de": [
            "ich schreib's so, sonst frisst der Chat es: {email_spelled}",
            "Mailadresse {email_spelled}, alles klein",
            "leite das Briefing bitte an {email_spelled} weiter",
        ],
    },
    "email_symbols": {
        "en": [
            "you can find me here too 📩 {email_sym}",
            "email (swap the symbols for @ and .): {email_sym}",
            "send the draft over there {email_sym} and I'll check it tonight",
        ],
        "ru": [
            "я ещё тут есть 📩 {email_sym}",
            "почта (значки замени на @ и точку): {email_sym}",
            "черновик кидай туда {email_sym}, вечером гляну",
        ],
        "hu": [
            "itt is megtalálsz 📩 {email_sym}",
            "e-mail (a jelek helyett @ és pont): {email_sym}",
            "a vázlatot küldd oda {email_sym}, este megnézem",
        ],
        "es": [
            "también me encuentras aquí 📩 {email_sym}",
            "correo (cambia los símbolos por @ y punto): {email_sym}",
            "mándame el borrador ahí {email_sym} y esta noche lo miro",
        ],
        "de": [
            "bin auch hier zu finden 📩 {email_sym}",
            "Mail (Symbole durch @ und Punkt ersetzen): {email_sym}",
            "schick den Entwurf dahin {email_sym}, ich schau heute Abend rein",
        ],
    },
    "email_hidden": {
        "en": [
            "my mail is {email_zw}, reply there when you can",
            "copy this exactly: {email_spaced}",
            "write to {email_rlo} and I'll send you the source files",
        ],
        "ru": [
            "моя почта {email_zw}, ответь туда, как сможешь",
            "скопируй как есть: {email_spaced}",
            "напиши на {email_rlo}, пришлю исходники",
        ],
        "hu": [
            "a mailem {email_zw}, oda válaszolj, ha tudsz",
            "másold ki pontosan: {email_spaced}",
            "írj a {email_rlo} címre és küldöm a forrásfájlokat",
        ],
        "es": [
            "mi correo es {email_zw}, contéstame allí cuando puedas",
            "cópialo tal cual: {email_spaced}",
            "escríbeme a {email_rlo} y te paso los archivos fuente",
        ],
        "de": [
            "meine Mail ist {email_zw}, antworte dort, wenn du kannst",
            "genau so kopieren: {email_spaced}",
            "schreib an {email_rlo}, dann schick ich dir die Quelldateien",
        ],
    },
    # ------------------------------------------------------------------ phone
    "phone_plain": {
        "en": [
            "if anything's unclear just give me a call, {phone}, I'm around till 8pm",
            "office line {phone}, ask for {name}",
            "got a new number last week: {phone}, the old one is dead",
        ],
        "ru": [
            "если что-то непонятно — звякни, {phone}, я на связи до 20:00",
            "рабочий {phone}, спросите {name}",
            "у меня с прошлой недели новый номер: {phone}, старый не работает",
        ],
        "hu": [
            "ha valami nem világos, nyugodtan hívj fel, {phone}, este 8-ig elérhető vagyok",
            "irodai szám {phone}, {name} nevű kollégát keresd",
            "múlt héten új számom lett: {phone}, a régi már nem él",
        ],
        "es": [
            "si algo no queda claro llámame sin problema, {phone}, estoy hasta las 20h",
            "teléfono de la oficina {phone}, pregunta por {name}",
            "tengo número nuevo desde la semana pasada: {phone}, el viejo ya no va",
        ],
        "de": [
            "wenn was unklar ist, ruf einfach an, {phone}, bin bis 20 Uhr da",
            "Büro {phone}, nach {name} fragen",
            "hab seit letzter Woche eine neue Nummer: {phone}, die alte geht nicht mehr",
        ],
    },
    "phone_words": {
        "en": [
            "write this down: {phone_words}",
            "{name} here, my mobile is {phone_words}, evenings are best",
            "call {phone_words}, the studio picks up, ask for me",
        ],
        "ru": [
            "записывай: {phone_words}",
            "это {name}, мой мобильный {phone_words}, лучше вечером",
            "на {phone_words} звони, там студия, спросишь меня",
        ],
        "hu": [
            "írd fel: {phone_words}",
            "{name} vagyok, a mobilszámom {phone_words}, este a legjobb",
            "a {phone_words} számon a stúdió veszi fel, engem kérj",
        ],
        "es": [
            "apunta: {phone_words}",
            "soy {name}, mi móvil es {phone_words}, mejor por la tarde",
            "en el {phone_words} contesta el estudio, pregunta por mí",
        ],
        "de": [
            "schreib mit: {phone_words}",
            "hier ist {name}, meine Handynummer ist {phone_words}, abends am besten",
            "unter {phone_words} geht das Studio ran, frag nach mir",
        ],
    },
    "phone_symbols": {
        "en": [
            "contact ☎ {phone_sym}",
            "numbr {phone_spaced} call me after lunch",
            "urgent stuff only: {phone_sym}",
        ],
        "ru": [
            "контакт ☎ {phone_sym}",
            "номр {phone_spaced} звони после обеда",
            "только по срочному: {phone_sym}",
        ],
        "hu": [
            "elérhetőség ☎ {phone_sym}",
            "szamom {phone_spaced} ebéd után hívj",
            "csak sürgős ügyben: {phone_sym}",
        ],
        "es": [
            "contacto ☎ {phone_sym}",
            "numero {phone_spaced} llamame despues de comer",
            "solo para urgencias: {phone_sym}",
        ],
        "de": [
            "Kontakt ☎ {phone_sym}",
            "numer {phone_spaced} ruf nach der mittagspause an",
            "nur für dringendes: {phone_sym}",
        ],
    },
    "phone_script": {
        "en": [
            "phone: {phone_script} (evenings)",
            "call or text me at {phone_script}",
            "here's my number {phone_script}, save it",
        ],
        "ru": [
            "тел.: {phone_script} (по вечерам)",
            "звони или пиши смс на {phone_script}",
            "вот мой номер {phone_script}, сохрани",
        ],
        "hu": [
            "telefon: {phone_script} (esténként)",
            "hívj vagy dobj egy sms-t a {phone_script} számra",
            "itt a számom {phone_script}, mentsd el",
        ],
        "es": [
            "teléfono: {phone_script} (por las tardes)",
            "llámame o mándame un mensaje al {phone_script}",
            "este es mi número {phone_script}, guárdalo",
        ],
        "de": [
            "Telefon: {phone_script} (abends)",
            "ruf an oder schreib mir eine SMS, {phone_script}",
            "hier meine Nummer {phone_script}, speicher sie dir ein",
        ],
    },
    # ------------------------------------------------------------------ messengers
    "messenger_handle": {
        "en": [
            "my {msgr} username is {handle}, the one with the cat pic",
            "{handle} is me on {msgr}, message me any time after 9",
            "if it's urgent: {msgr_bad} → {handle}",
        ],
        "ru": [
            "ник в {msgr} — {handle}, там кот на аватарке",
            "{handle} — это я, {msgr}, пиши после девяти в любое время",
            "если срочно: {msgr_bad} → {handle}",
        ],
        "hu": [
            "a {msgr} felhasználónevem {handle}, a macskás profilképes",
            "{handle} – ez vagyok én, {msgr}, 9 után bármikor írhatsz",
            "ha sürgős: {msgr_bad} → {handle}",
        ],
        "es": [
            "mi usuario de {msgr} es {handle}, el de la foto del gato",
            "{handle}, así me encuentras en {msgr}, escribe cuando quieras a partir de las 9",
            "si es urgente: {msgr_bad} → {handle}",
        ],
        "de": [
            "mein Name bei {msgr} ist {handle}, der mit der Katze im Profilbild",
            "{handle} – so findest du mich bei {msgr}, schreib ruhig ab 9",
            "wenns dringend ist: {msgr_bad} → {handle}",
        ],
    },
    "messenger_phone": {
        "en": [
            "I'm on {msgr_bad} with this number: {phone}",
            "{phone} ({msgr} only, calls don't get through)",
            "send voice notes to my {msgr_bad}, {phone_words}",
        ],
        "ru": [
            "я в {msgr_bad} по этому номеру: {phone}",
            "{phone} (только {msgr}, звонки не проходят)",
            "голосовые шли в {msgr_bad}, {phone_words}",
        ],
        "hu": [
            "{msgr_bad} is van ezen a számon: {phone}",
            "{phone} (csak {msgr}, a hívás nem megy át)",
            "a hangüzeneteket küldd ide ({msgr_bad}): {phone_words}",
        ],
        "es": [
            "estoy en {msgr_bad} con este número: {phone}",
            "{phone} (solo {msgr}, las llamadas no entran)",
            "los audios mándamelos por {msgr_bad}, {phone_words}",
        ],
        "de": [
            "bin bei {msgr_bad} unter dieser Nummer: {phone}",
            "{phone} (nur {msgr}, Anrufe kommen nicht durch)",
            "Sprachnachrichten bitte per {msgr_bad}, {phone_words}",
        ],
    },
    "messenger_invite": {
        "en": [
            "I'm hardly ever on this site, on {msgr_bad} I answer within minutes",
            "could you record a voice message on {msgr_bad}? easier than typing all this here",
            "I'll set up a {msgr_bad} group with my partner so the three of us can talk",
        ],
        "ru": [
            "я тут редко бываю, в {msgr_bad} отвечаю за пару минут",
            "можешь голосовым в {msgr_bad} объяснить? проще, чем тут всё печатать",
            "сделаю группу в {msgr_bad} с партнёром, будем общаться втроём",
        ],
        "hu": [
            "ritkán járok erre, a {msgr_bad} üzenetekre viszont pár perc alatt válaszolok",
            "nem tudnád {msgr_bad} hangüzenetben elmondani? egyszerűbb, mint ide begépelni",
            "csinálok egy {msgr_bad} csoportot a társammal, hogy hárman tudjunk beszélni",
        ],
        "es": [
            "casi nunca entro en esta web, por {msgr_bad} contesto en minutos",
            "¿me lo explicas con un audio por {msgr_bad}? es más fácil que escribir todo aquí",
            "creo un grupo de {msgr_bad} con mi socio y hablamos los tres",
        ],
        "de": [
            "ich bin hier kaum online, auf {msgr_bad} antworte ich in ein paar Minuten",
            "kannst du mir das per {msgr_bad} als Sprachnachricht schicken? einfacher als "
            "alles hier zu tippen",
            "ich mach eine {msgr_bad}-Gruppe mit meinem Partner auf, dann können wir zu "
            "dritt reden",
        ],
    },
    # ------------------------------------------------------------------ links
    "url_plain": {
        "en": [
            "the mood board is up at {url}, have a look before the next step",
            "references I did for similar brands: {url}",
            "book a time slot in my calendar: {url}",
        ],
        "ru": [
            "мудборд выложил тут {url}, глянь перед следующим шагом",
            "похожие работы для других брендов: {url}",
            "запишись на удобное время в моём календаре: {url}",
        ],
        "hu": [
            "a moodboardot feltettem ide: {url}, nézd meg a következő lépés előtt",
            "hasonló márkáknak készült munkáim: {url}",
            "foglalj időpontot a naptáramban: {url}",
        ],
        "es": [
            "he subido el moodboard a {url}, échale un vistazo antes del siguiente paso",
            "referencias que hice para marcas parecidas: {url}",
            "reserva una hora en mi calendario: {url}",
        ],
        "de": [
            "das Moodboard liegt unter {url}, schau es dir vor dem nächsten Schritt an",
            "Referenzen für ähnliche Marken: {url}",
            "buch dir einen Termin in meinem Kalender: {url}",
        ],
    },
    "url_obfuscated": {
        "en": [
            "join it up yourself: {url_obf}",
            "the demo reel is on {url_obf}, 2 min long",
            "my shop {url_obf} is cheaper than here tbh",
        ],
        "ru": [
            "собери сам: {url_obf}",
            "шоурил на {url_obf}, 2 минуты",
            "в моём магазине {url_obf} дешевле, чем тут, честно",
        ],
        "hu": [
            "rakd össze magadnak: {url_obf}",
            "a bemutató videóm a {url_obf} oldalon van, 2 perces",
            "a webshopomban {url_obf} olcsóbb, mint itt",
        ],
        "es": [
            "júntalo tú mismo: {url_obf}",
            "mi videobook está en {url_obf}, dura 2 min",
            "en mi tienda {url_obf} sale más barato que aquí, la verdad",
        ],
        "de": [
            "musst du dir zusammenbauen: {url_obf}",
            "mein Showreel ist auf {url_obf}, 2 Minuten",
            "in meinem Shop {url_obf} ist es ehrlich gesagt billiger als hier",
        ],
    },
    # ------------------------------------------------------------------ payment
    "payment_upi": {
        "en": [
            "GPay or PhonePe both fine, {upi}",
            "NEFT to {acct} (IFSC {ifsc}), beneficiary {name}, share the UTR after",
            "send the advance to UPI id {upi} and I start today",
        ],
        "ru": [
            "GPay или PhonePe, без разницы: {upi}",
            "NEFT на счёт {acct} (IFSC {ifsc}), получатель {name}, потом пришли UTR",
            "аванс на UPI {upi} — и начинаю сегодня же",
        ],
        "hu": [
            "GPay vagy PhonePe, mindegy: {upi}",
            "NEFT utalás a {acct} számlára (IFSC {ifsc}), kedvezményezett {name}, utána "
            "küldd el az UTR-t",
            "az előleget a {upi} UPI-azonosítóra küldd, és még ma kezdem",
        ],
        "es": [
            "GPay o PhonePe, me da igual: {upi}",
            "NEFT a la cuenta {acct} (IFSC {ifsc}), beneficiario {name}, luego me pasas el UTR",
            "mándame el anticipo al UPI {upi} y empiezo hoy mismo",
        ],
        "de": [
            "GPay oder PhonePe, egal: {upi}",
            "NEFT auf Konto {acct} (IFSC {ifsc}), Empfänger {name}, danach bitte die UTR schicken",
            "Anzahlung an die UPI-ID {upi}, dann fange ich heute noch an",
        ],
    },
    "payment_link": {
        "en": [
            "50% upfront via {paylink} please, then I start",
            "{paylink} - friends & family, so no fees for either of us",
            "the site holds the money for weeks, just use my link {paylink}",
        ],
        "ru": [
            "50% предоплаты через {paylink}, и я начинаю",
            "{paylink} — как другу, без комиссии для обоих",
            "сайт держит деньги неделями, просто кинь по ссылке {paylink}",
        ],
        "hu": [
            "50% előre a {paylink} linken, utána kezdem",
            "{paylink} – barátoknak és családnak opcióval, így egyikünknek sincs díj",
            "az oldal hetekig tartja a pénzt, küldd inkább ezen a linken: {paylink}",
        ],
        "es": [
            "el 50% por adelantado en {paylink}, y empiezo",
            "{paylink}: como amigos y familia, sin comisión para ninguno",
            "la web retiene el dinero semanas, usa mi enlace {paylink}",
        ],
        "de": [
            "50 % Anzahlung über {paylink}, dann lege ich los",
            "{paylink} – Freunde & Familie, dann zahlt keiner Gebühren",
            "die Seite hält das Geld wochenlang fest, nimm einfach meinen Link {paylink}",
        ],
    },
    "payment_card": {
        "en": [
            "you can just transfer it to my card, number {card}",
            "card: {card_words}, name on it {name}",
            "top up my card {card} and I'll send the files right away",
        ],
        "ru": [
            "можно просто на карту, номер {card}",
            "карта: {card_words}, на имя {name}",
            "закинь на карту {card}, и я сразу отправлю файлы",
        ],
        "hu": [
            "simán utalhatod a kártyámra is, a száma {card}",
            "kártya: {card_words}, {name} névre",
            "töltsd fel a {card} kártyámat, és rögtön küldöm a fájlokat",
        ],
        "es": [
            "puedes pasármelo a la tarjeta, el número es {card}",
            "tarjeta: {card_words}, a nombre de {name}",
            "hazme un ingreso en la tarjeta {card} y te mando los archivos enseguida",
        ],
        "de": [
            "du kannst es einfach auf meine Karte überweisen, Nummer {card}",
            "Karte: {card_words}, Name drauf {name}",
            "lad meine Karte {card} auf, dann schick ich die Dateien sofort",
        ],
    },
    "payment_iban": {
        "en": [
            "account holder {name}, IBAN {iban}, put the order no. as reference",
            "could you send the advance to {iban} by Friday?",
            "my bank account for the rest: {iban}",
        ],
        "ru": [
            "получатель {name}, IBAN {iban}, в назначении укажи номер заказа",
            "сможешь до пятницы перевести аванс на {iban}?",
            "мой счёт для остатка: {iban}",
        ],
        "hu": [
            "kedvezményezett {name}, IBAN {iban}, a közleménybe írd a rendelésszámot",
            "péntekig át tudod utalni az előleget a {iban} számlára?",
            "a maradékot erre a számlára kérem: {iban}",
        ],
        "es": [
            "titular {name}, IBAN {iban}, pon el número de pedido como concepto",
            "¿me puedes transferir el anticipo a {iban} antes del viernes?",
            "mi cuenta para el resto: {iban}",
        ],
        "de": [
            "Kontoinhaber {name}, IBAN {iban}, als Verwendungszweck die Bestellnummer",
            "kannst du die Anzahlung bis Freitag auf {iban} überweisen?",
            "mein Konto für den Rest: {iban}",
        ],
    },
    # ------------------------------------------------------------------ pointers, invitations
    "pointer_indirect": {
        "en": [
            "my number is on the back of the business card in the photo I sent",
            "the number on the flyer mock-up is my real one, just call that",
            "you'll find my email in the file properties of the logo I uploaded",
        ],
        "ru": [
            "мой номер на обороте визитки, фото которой я прислал",
            "номер на макете флаера — мой настоящий, звони на него",
            "почта есть в свойствах файла логотипа, который я загрузил",
        ],
        "hu": [
            "a számom a névjegykártya hátulján van, amiről fotót küldtem",
            "a szórólap látványtervén lévő szám az igazi számom, nyugodtan hívd",
            "az e-mail címemet megtalálod a feltöltött logó fájltulajdonságaiban",
        ],
        "es": [
            "mi número está detrás de la tarjeta de visita de la foto que te mandé",
            "el número del mockup del flyer es el mío de verdad, llama a ese",
            "mi correo está en las propiedades del archivo del logo que subí",
        ],
        "de": [
            "meine Nummer steht hinten auf der Visitenkarte auf dem Foto, das ich geschickt hab",
            "die Nummer auf dem Flyer-Mockup ist meine echte, ruf einfach da an",
            "meine Mail findest du in den Dateieigenschaften vom hochgeladenen Logo",
        ],
    },
    "offplatform_invite": {
        "en": [
            "once this order is closed let's stay in touch directly, no middleman",
            "do you have a personal number or email? I'd rather not negotiate in here",
            "for future jobs we won't need the platform, I'll pass you my details after you accept",
        ],
        "ru": [
            "как закроем заказ, давай общаться напрямую, без посредников",
            "есть личный номер или почта? не хочу торговаться здесь",
            "дальше площадка нам не нужна, после приёмки скину свои контакты",
        ],
        "hu": [
            "ha lezárult a rendelés, tartsuk a kapcsolatot közvetlenül, közvetítő nélkül",
            "van saját számod vagy e-mailed? nem szeretnék itt alkudozni",
            "a további munkákhoz nem kell az oldal, az elfogadás után megadom az elérhetőségemet",
        ],
        "es": [
            "cuando cerremos este pedido seguimos en contacto directo, sin intermediarios",
            "¿tienes un número o un correo personal? prefiero no negociar por aquí",
            "para los próximos trabajos no necesitamos la plataforma, cuando aceptes te paso "
            "mis datos",
        ],
        "de": [
            "wenn der Auftrag abgeschlossen ist, bleiben wir direkt in Kontakt, ohne Vermittler",
            "hast du eine private Nummer oder Mail? ich verhandle ungern hier drin",
            "für die nächsten Aufträge brauchen wir die Plattform nicht, nach der Abnahme "
            "geb ich dir meine Daten",
        ],
    },
    "pay_outside": {
        "en": [
            "mark the order complete here and send the rest to me personally, otherwise the "
            "site takes 15%",
            "I can knock the commission off the price if the money doesn't go through the site",
            "order the cheapest package here for the review and pay the real {amount} to me "
            "separately",
        ],
        "ru": [
            "отметь заказ выполненным, а остаток переведи мне лично, иначе сайт заберёт 15%",
            "могу скинуть цену на размер комиссии, если деньги пойдут не через сайт",
            "закажи тут самый дешёвый пакет ради отзыва, а реальные {amount} переведи мне отдельно",
        ],
        "hu": [
            "jelöld teljesítettnek a rendelést, a maradékot meg küldd nekem személyesen, "
            "különben az oldal levon 15%-ot",
            "lejjebb tudok menni a jutalék összegével, ha a pénz nem az oldalon keresztül megy",
            "rendeld meg itt a legolcsóbb csomagot az értékelés miatt, a valódi {amount} "
            "összeget pedig külön fizesd nekem",
        ],
        "es": [
            "marca el pedido como completado y el resto me lo mandas a mí directamente, si no "
            "la web se queda un 15%",
            "te descuento la comisión del precio si el dinero no pasa por la web",
            "pide aquí el paquete más barato para la reseña y los {amount} de verdad me los "
            "pagas aparte",
        ],
        "de": [
            "markier den Auftrag hier als erledigt und schick mir den Rest persönlich, sonst "
            "nimmt die Seite 15 %",
            "ich zieh dir die Provision vom Preis ab, wenn das Geld nicht über die Seite läuft",
            "bestell hier das billigste Paket wegen der Bewertung und zahl mir die echten "
            "{amount} separat",
        ],
    },
    "direct_settlement": {
        "en": [
            "the deposit goes through here, the other {amount} I'll hand over when I pick up "
            "the prints",
            "our accountant will transfer your fee straight to your company account once we "
            "have your invoice",
            "is it ok if I pay you the second half in person on the day of the shoot?",
        ],
        "ru": [
            "предоплата через сайт, а остальные {amount} отдам, когда заберу тираж",
            "бухгалтерия переведёт гонорар прямо на счёт вашей фирмы, как только получим от "
            "вас счёт",
            "ничего, если вторую половину я отдам вам лично в день съёмки?",
        ],
        "hu": [
            "az előleg itt megy, a maradék {amount} összeget átadom, amikor elhozom a nyomatokat",
            "a könyvelőnk a számla beérkezése után közvetlenül a cégetek számlájára utalja a díjat",
            "belefér, ha a második felét személyesen adom oda a fotózás napján?",
        ],
        "es": [
            "la señal va por aquí, los otros {amount} te los doy cuando recoja las impresiones",
            "nuestra gestoría te transfiere los honorarios directamente a la cuenta de tu "
            "empresa en cuanto tengamos tu factura",
            "¿te parece bien si la segunda mitad te la pago en mano el día de la sesión?",
        ],
        "de": [
            "die Anzahlung läuft hier drüber, die anderen {amount} gebe ich dir, wenn ich die "
            "Drucke abhole",
            "unsere Buchhaltung überweist das Honorar direkt auf euer Firmenkonto, sobald die "
            "Rechnung da ist",
            "ist es okay, wenn ich dir die zweite Hälfte am Tag des Shootings persönlich gebe?",
        ],
    },
    # ------------------------------------------------------------------ hard negatives
    "neg_messenger_product": {
        "en": [
            "the avatar for our Telegram channel has to look good at 640x640",
            "can you cut a {n}-second promo for Instagram Reels from the footage?",
            "the WhatsApp chatbot should greet customers in {n} languages",
        ],
        "ru": [
            "аватарка для нашего телеграм-канала должна хорошо смотреться в 640x640",
            "смонтируете из исходников промо на {n} сек. для рилс в инстаграме?",
            "чат-бот в WhatsApp должен здороваться с клиентами на {n} языках",
        ],
        "hu": [
            "a Telegram-csatornánk profilképének 640x640-ben is jól kell mutatnia",
            "tudnál a felvételekből vágni egy {n} másodperces promót Instagram Reelsre?",
            "a WhatsApp-os chatbot {n} nyelven köszöntse az ügyfeleket",
        ],
        "es": [
            "el avatar de nuestro canal de Telegram tiene que verse bien a 640x640",
            "¿puedes montar un promo de {n} segundos para Reels de Instagram con el material?",
            "el chatbot de WhatsApp tiene que saludar a los clientes en {n} idiomas",
        ],
        "de": [
            "das Profilbild für unseren Telegram-Kanal muss auch in 640x640 gut aussehen",
            "kannst du aus dem Material einen {n}-Sekunden-Promo für Instagram Reels schneiden?",
            "der WhatsApp-Chatbot soll die Kunden in {n} Sprachen begrüßen",
        ],
    },
    "neg_refusal": {
        "en": [
            "I got a warning last month just for mentioning Skype, so let's stick to this chat",
            "someone on another order sent me a Telegram link, I ignored it and told support",
            "let's keep every payment on the platform, I don't accept transfers outside it",
        ],
        "ru": [
            "мне в прошлом месяце прилетело предупреждение просто за слово «скайп», так что "
            "давай только в этом чате",
            "в другом заказе мне скинули ссылку на телеграм, я не стал переходить и написал в "
            "поддержку",
            "давайте все оплаты только через площадку, переводы мимо неё не принимаю",
        ],
        "hu": [
            "múlt hónapban figyelmeztetést kaptam, csak mert megemlítettem a Skype-ot, "
            "úgyhogy maradjunk ennél a chatnél",
            "egy másik rendelésnél valaki küldött egy Telegram-linket, nem nyitottam meg, "
            "szóltam a supportnak",
            "maradjon minden fizetés az oldalon, azon kívül nem fogadok el utalást",
        ],
        "es": [
            "el mes pasado me llegó un aviso solo por mencionar Skype, así que mejor seguimos "
            "en este chat",
            "en otro pedido alguien me mandó un enlace de Telegram, lo ignoré y avisé a soporte",
            "todos los pagos por la plataforma, transferencias por fuera no acepto",
        ],
        "de": [
            "letzten Monat hab ich eine Verwarnung bekommen, nur weil ich Skype erwähnt habe, "
            "also bleiben wir hier im Chat",
            "bei einem anderen Auftrag hat mir jemand einen Telegram-Link geschickt, hab ihn "
            "ignoriert und dem Support gemeldet",
            "alle Zahlungen bitte über die Plattform, Überweisungen daran vorbei nehme ich "
            "nicht an",
        ],
    },
    "neg_code": {
        "en": [
            "after `docker compose up -d` the api container restarts every {n} seconds, check "
            "the logs",
            "set DEBUG=False and fill in ALLOWED_HOSTS in settings.py before the deploy",
            "the scss has @font-face twice and an @import after the rules, move it to the top",
        ],
        "ru": [
            "после `docker compose up -d` контейнер api перезапускается каждые {n} сек., "
            "посмотри логи",
            "перед деплоем поставь DEBUG=False и заполни ALLOWED_HOSTS в settings.py",
            "в scss два раза @font-face и @import после правил, перенеси его наверх",
        ],
        "hu": [
            "a `docker compose up -d` után az api konténer {n} másodpercenként újraindul, "
            "nézd meg a logokat",
            "deploy előtt állítsd DEBUG=False-ra, és töltsd ki az ALLOWED_HOSTS-t a "
            "settings.py-ban",
            "az scss-ben kétszer van @font-face, és egy @import a szabályok után, tedd a fájl "
            "elejére",
        ],
        "es": [
            "después de `docker compose up -d` el contenedor api se reinicia cada {n} "
            "segundos, mira los logs",
            "antes del deploy pon DEBUG=False y rellena ALLOWED_HOSTS en settings.py",
            "el scss tiene @font-face dos veces y un @import después de las reglas, súbelo "
            "arriba del todo",
        ],
        "de": [
            "nach `docker compose up -d` startet der api-Container alle {n} Sekunden neu, "
            "schau in die Logs",
            "vor dem Deploy DEBUG=False setzen und ALLOWED_HOSTS in settings.py eintragen",
            "im scss steht @font-face doppelt und ein @import nach den Regeln, zieh den nach oben",
        ],
    },
    "neg_tax": {
        "en": [
            "we're VAT registered, so reverse charge applies – our {tax}",
            "accounts bounced the invoice because {tax} was missing, could you reissue it?",
            "put {tax} in the footer of the next invoice rather than the header",
        ],
        "ru": [
            "мы плательщики НДС, поэтому в документах обязательно {tax}",
            "бухгалтерия вернула счёт, потому что не указан {tax}, перевыставите?",
            "в следующем счёте {tax} укажите внизу, а не в шапке",
        ],
        "hu": [
            "fordított adózással kérjük a számlát, a mi adataink: {tax}",
            "a könyvelés visszadobta a számlát, mert hiányzott róla ez: {tax} – ki tudnád "
            "állítani újra?",
            "a következő számlán ez a láblécbe kerüljön, ne a fejlécbe: {tax}",
        ],
        "es": [
            "estamos dados de alta en el ROI, así que va con inversión del sujeto pasivo: {tax}",
            "contabilidad nos ha devuelto la factura porque faltaba el {tax}, ¿la puedes "
            "volver a emitir?",
            "en la próxima factura pon {tax} en el pie, no en la cabecera",
        ],
        "de": [
            "wir sind umsatzsteuerpflichtig, also Reverse Charge, unsere {tax}",
            "die Buchhaltung hat die Rechnung zurückgeschickt, weil {tax} gefehlt hat, kannst "
            "du sie neu ausstellen?",
            "bei der nächsten Rechnung {tax} bitte in die Fußzeile statt in den Kopf",
        ],
    },
    "neg_test_card": {
        "en": [
            "3-D Secure flow: {testcard} should trigger the challenge screen",
            "QA note: paying with {testcard} works but the receipt mail never goes out",
            "put {testcard} in the README so the client can try the checkout",
        ],
        "ru": [
            "3-D Secure: на {testcard} должна появляться страница подтверждения",
            "заметка для QA: оплата с {testcard} проходит, но письмо с чеком не уходит",
            "добавь {testcard} в README, чтобы заказчик сам проверил оплату",
        ],
        "hu": [
            "3-D Secure folyamat: a {testcard} kártyánál meg kell jelennie a jóváhagyó képernyőnek",
            "QA megjegyzés: a {testcard} kártyával átmegy a fizetés, de a nyugta e-mail nem "
            "megy ki",
            "írd bele a {testcard} számot a README-be, hogy az ügyfél ki tudja próbálni a fizetést",
        ],
        "es": [
            "flujo 3-D Secure: con {testcard} debería salir la pantalla de verificación",
            "nota de QA: el pago con {testcard} pasa, pero el email del recibo no sale",
            "mete {testcard} en el README para que el cliente pruebe el checkout",
        ],
        "de": [
            "3-D-Secure-Flow: bei {testcard} sollte die Bestätigungsseite kommen",
            "QA-Notiz: Zahlung mit {testcard} geht durch, aber die Belegmail wird nicht verschickt",
            "schreib {testcard} ins README, damit der Kunde den Checkout testen kann",
        ],
    },
    "neg_prices": {
        "en": [
            "my rate is {amount} an hour, a landing page usually takes about {n} hours",
            "rush fee: +{amount} if you need it within 24 hours",
            "another seller quoted {amount}, could you match that?",
        ],
        "ru": [
            "моя ставка {amount} в час, на лендинг обычно уходит примерно {n} ч.",
            "срочность: +{amount}, если нужно в течение 24 часов",
            "другой исполнитель предложил {amount}, сможете так же?",
        ],
        "hu": [
            "az óradíjam {amount}, egy landing oldal általában kb. {n} óra",
            "sürgősségi felár: +{amount}, ha 24 órán belül kell",
            "egy másik szolgáltató {amount} árat adott, tudod ezt hozni?",
        ],
        "es": [
            "cobro {amount} la hora, una landing me lleva unas {n} horas",
            "urgencia: +{amount} si lo necesitas en menos de 24 horas",
            "otro freelance me ha pedido {amount}, ¿puedes igualarlo?",
        ],
        "de": [
            "mein Stundensatz ist {amount}, eine Landingpage dauert meistens so {n} Stunden",
            "Expresszuschlag: +{amount}, wenn du es innerhalb von 24 Stunden brauchst",
            "ein anderer Anbieter hat {amount} angeboten, kannst du da mitgehen?",
        ],
    },
    "neg_dates_orders": {
        "en": [
            "I'm away from {date} to {date}, orders placed before that ship as usual",
            "the revision on {order} was requested on {date}, so 3 days are left",
            "{order}: second milestone due {date}, the final one a week later",
        ],
        "ru": [
            "меня не будет с {date} по {date}, заказы до этого отправлю как обычно",
            "правки по {order} запросили {date}, осталось 3 дня",
            "{order}: второй этап до {date}, финальный через неделю",
        ],
        "hu": [
            "szabadság: {date} – {date}, az előtte leadott rendeléseket még időben postázom",
            "a {order} rendelésre {date} kértek javítást, még 3 nap van hátra",
            "{order}: a második mérföldkő határideje {date}, a végső egy héttel később",
        ],
        "es": [
            "estaré fuera del {date} al {date}, los pedidos anteriores salen como siempre",
            "la revisión del pedido {order} se pidió el {date}, quedan 3 días",
            "{order}: segundo hito el {date}, el final una semana después",
        ],
        "de": [
            "ich bin vom {date} bis {date} weg, Bestellungen davor gehen ganz normal raus",
            "die Korrektur zu {order} wurde am {date} angefragt, bleiben noch 3 Tage",
            "{order}: zweiter Meilenstein am {date}, der letzte eine Woche später",
        ],
    },
    "neg_work_talk": {
        "en": [
            "the client liked the blue version but wants the font from v2",
            "can you give me {n} more days? I've had the flu all week",
            "uploaded the PSD with all layers, have a look when you get a minute",
        ],
        "ru": [
            "заказчику понравился синий вариант, но шрифт хочет из второй версии",
            "можно продлить срок на {n} дн.? всю неделю болел с температурой",
            "залил PSD со всеми слоями, гляньте, как будет минутка",
        ],
        "hu": [
            "az ügyfélnek a kék verzió tetszett, de a betűtípust a 2-es verzióból kéri",
            "kaphatnék még {n} napot? egész héten influenzás voltam",
            "feltöltöttem a PSD-t az összes réteggel, nézd meg, ha lesz egy perced",
        ],
        "es": [
            "al cliente le gustó la versión azul, pero quiere la tipografía de la v2",
            "¿me das {n} días más? he estado con gripe toda la semana",
            "he subido el PSD con todas las capas, míralo cuando tengas un rato",
        ],
        "de": [
            "dem Kunden gefällt die blaue Version, aber er will die Schrift aus V2",
            "kann ich noch {n} Tage haben? war die ganze Woche mit Grippe flach",
            "hab die PSD mit allen Ebenen hochgeladen, schau rein, wenn du kurz Zeit hast",
        ],
    },
    "neg_tech_names": {
        "en": [
            "the app crashes on Android 14 in version 2.3.1, build {n}07",
            "banner sizes 728x90 and 300x250, max 150 KB each",
            "use Roboto Slab 16/24 px and #1A73E8 for the links",
        ],
        "ru": [
            "приложение падает на Android 14 в версии 2.3.1, сборка {n}07",
            "баннеры 728x90 и 300x250, не больше 150 КБ каждый",
            "шрифт Roboto Slab 16/24 px, ссылки цветом #1A73E8",
        ],
        "hu": [
            "az app összeomlik Android 14-en, 2.3.1-es verzió, {n}07-es build",
            "bannerméretek: 728x90 és 300x250, egyenként max. 150 KB",
            "Roboto Slab 16/24 px, a linkek színe #1A73E8",
        ],
        "es": [
            "la app se cuelga en Android 14 con la versión 2.3.1, build {n}07",
            "banners de 728x90 y 300x250, máximo 150 KB cada uno",
            "usa Roboto Slab 16/24 px y #1A73E8 para los enlaces",
        ],
        "de": [
            "die App stürzt unter Android 14 in Version 2.3.1 ab, Build {n}07",
            "Bannergrößen 728x90 und 300x250, jeweils max. 150 KB",
            "nimm Roboto Slab 16/24 px und #1A73E8 für die Links",
        ],
    },
    "neg_platform_talk": {
        "en": [
            "I requested a deadline extension on the order page, please accept it",
            "support says the refund shows up in 3-5 business days",
            "the milestone is funded, so I can start now",
        ],
        "ru": [
            "я отправил запрос на продление срока на странице заказа, подтвердите, пожалуйста",
            "поддержка говорит, возврат придёт за 3–5 рабочих дней",
            "этап оплачен, значит, могу начинать",
        ],
        "hu": [
            "a rendelés oldalán kértem határidő-hosszabbítást, kérlek fogadd el",
            "az ügyfélszolgálat szerint a visszatérítés 3-5 munkanapon belül megérkezik",
            "a mérföldkő fedezete megvan, úgyhogy kezdhetem",
        ],
        "es": [
            "he pedido una prórroga del plazo en la página del pedido, acéptala porfa",
            "soporte dice que el reembolso tarda de 3 a 5 días hábiles",
            "el hito ya está financiado, así que puedo empezar",
        ],
        "de": [
            "ich hab auf der Auftragsseite eine Fristverlängerung beantragt, bitte bestätigen",
            "laut Support kommt die Rückerstattung in 3–5 Werktagen",
            "der Meilenstein ist finanziert, ich kann also loslegen",
        ],
    },
}

# Families the corpus lacked, labelled like those of contact_corpus_templates; they exist in
# the held-out split only.
NEW_FAMILIES: list[dict[str, Any]] = [
    {
        "id": "neg_invoice_figures",
        "kinds": [],
        "t": {
            "en": [
                "corrected invoice line: {vat}, payment terms unchanged",
                "{name}, heads up: Monday 25 August is a bank holiday, so the proofs go out on "
                "the 26th by 10:30",
                "quote for the flyers: {quote}, delivery within the UK included",
            ],
            "ru": [
                "исправленная строка счёта: {vat}, условия оплаты те же",
                "{name}, имейте в виду: с 1 по 4 и с 8 по 11 мая выходные, макеты пришлю "
                "5-го до 10:30",
                "смета на листовки: {quote}, доставка по Москве включена",
            ],
            "hu": [
                "javított számlatétel: {vat}, a fizetési feltételek nem változnak",
                "{name}, figyelj: augusztus 20. csütörtök, 21-e áthelyezett pihenőnap, így a "
                "korrektúrát 24-én 10:30-ig küldöm",
                "árajánlat a szórólapokra: {quote}, a szállítás benne van az árban",
            ],
            "es": [
                "línea corregida de la factura: {vat}, mismas condiciones de pago",
                "{name}, ojo: el 12 de octubre es festivo y el 13 hacemos puente, las pruebas "
                "van el lunes 16 antes de las 10:30",
                "presupuesto de los flyers: {quote}, envío a península incluido",
            ],
            "de": [
                "korrigierte Rechnungsposition: {vat}, Zahlungsbedingungen bleiben gleich",
                "{name}, kurzer Hinweis: am 3. Oktober ist Feiertag und am 4. haben wir "
                "Brückentag, die Korrekturabzüge kommen am 7. bis 10:30",
                "Angebot für die Flyer: {quote}, Versand innerhalb Deutschlands inklusive",
            ],
        },
    },
    {
        "id": "neg_logistics_numbers",
        "kinds": [],
        "t": {
            "en": [
                "please deliver the printed banners to {addr}, goods-in slot {slot}",
                "ticket {ticket}: still reproducible in {version}, the fix from {version} "
                "didn't help",
                "the parcel is {dims} and weighs {weight}, the roll-up stand itself is 85 x 200 cm",
            ],
            "ru": [
                "баннеры привезите на склад: {addr}, окно приёмки {slot}",
                "тикет {ticket}: в {version} всё ещё воспроизводится, фикс из {version} не помог",
                "коробка {dims}, вес {weight}, сам ролл-ап 85 × 200 см",
            ],
            "hu": [
                "a kinyomtatott molinókat ide kérjük: {addr}, átvételi idősáv {slot}",
                "{ticket} jegy: a {version} verzióban még mindig előjön, a {version} javítása "
                "nem segített",
                "a doboz {dims}, a súlya {weight}, maga a roll-up 85 x 200 cm",
            ],
            "es": [
                "las lonas impresas, al almacén: {addr}, franja de descarga {slot}",
                "incidencia {ticket}: sigue pasando en la {version}, el arreglo de la "
                "{version} no sirvió",
                "la caja mide {dims} y pesa {weight}; el roll-up en sí, 85 x 200 cm",
            ],
            "de": [
                "die gedruckten Banner bitte an {addr}, Anlieferung im Zeitfenster {slot}",
                "Ticket {ticket}: in {version} immer noch reproduzierbar, der Fix aus "
                "{version} hat nichts gebracht",
                "das Paket ist {dims} groß und wiegt {weight}, der Roll-up selbst 85 x 200 cm",
            ],
        },
    },
    {
        "id": "neg_contact_design",
        "kinds": [],
        "t": {
            "en": [
                "on the business card leave the phone and email lines empty, the client fills "
                "them in at the print shop",
                "the contact page needs a form with name, email and message fields, no map",
                "in the app mock-up show 9:41 on the status bar and a dummy contact list",
            ],
            "ru": [
                "на визитке оставьте строки под телефон и почту пустыми, заказчик впишет их в "
                "типографии",
                "на странице «Контакты» нужна форма: имя, e-mail, сообщение, карту не надо",
                "на макете приложения в статус-баре 9:41 и список контактов-заглушек",
            ],
            "hu": [
                "a névjegykártyán a telefon és az e-mail sora maradjon üresen, az ügyfél a "
                "nyomdában tölti ki",
                "a kapcsolat oldalra kell egy űrlap név, e-mail és üzenet mezővel, térkép nem kell",
                "az app látványtervén a státuszsoron 9:41 legyen, és egy kamu névjegylista",
            ],
            "es": [
                "en la tarjeta deja vacías las líneas de teléfono y email, el cliente las "
                "rellena en la imprenta",
                "la página de contacto lleva un formulario con nombre, email y mensaje, sin mapa",
                "en el mockup de la app pon 9:41 en la barra de estado y una lista de contactos "
                "de relleno",
            ],
            "de": [
                "auf der Visitenkarte die Zeilen für Telefon und Mail leer lassen, der Kunde "
                "trägt sie in der Druckerei ein",
                "die Kontaktseite braucht ein Formular mit Name, E-Mail und Nachricht, keine Karte",
                "im App-Mockup 9:41 in der Statusleiste und eine Platzhalter-Kontaktliste",
            ],
        },
    },
    {
        "id": "pointer_coded",
        "kinds": ["solicitation"],
        "t": {
            "en": [
                "on the blue app I've got the same nickname as here",
                "my email is just my name from my profile with a dot in between, at the Google one",
                "text me on the green app, you already have the number from the delivery note",
            ],
            "ru": [
                "в синем мессенджере у меня такой же ник, как тут",
                "почта — имя и фамилия из профиля через точку, на гугловской",
                "напиши в зелёный (ну ты понял), номер у тебя есть с накладной",
            ],
            "hu": [
                "a kék appban ugyanaz a becenevem, mint itt",
                "az e-mail címem a profilban lévő nevem ponttal elválasztva, a Google-nél",
                "írj a zöld appon, a számot már tudod a szállítólevélről",
            ],
            "es": [
                "en la app azul tengo el mismo nick que aquí",
                "mi correo es mi nombre del perfil con un punto en medio, en el de Google",
                "escríbeme por la app verde, el número ya lo tienes del albarán",
            ],
            "de": [
                "in der blauen App hab ich denselben Nick wie hier",
                "meine Mail ist einfach mein Name aus dem Profil mit Punkt dazwischen, beim "
                "Google-Dienst",
                "schreib mir in der grünen App, die Nummer hast du ja vom Lieferschein",
            ],
        },
    },
]


# ---------------------------------------------------------------------- slot fillers

CENT = Decimal("0.01")
VAT_RATES = {"en": 20, "ru": 20, "hu": 27, "es": 21, "de": 19}


def _grouped(value: Decimal, lang: str, decimals: bool = True) -> str:
    """A number with the thousands separator and decimal mark its language writes."""
    text = f"{value:,.2f}" if decimals else f"{value:,.0f}"
    if lang == "en":
        return text
    thousands = "." if lang in ("es", "de") else " "
    return text.replace(",", "\0").replace(".", ",").replace("\0", thousands)


def _money(value: Decimal, lang: str) -> str:
    if lang == "hu":
        return f"{_grouped(value, lang, decimals=False)} Ft"
    return {
        "en": f"£{_grouped(value, lang)}",
        "ru": f"{_grouped(value, lang)} ₽",
        "es": f"{_grouped(value, lang)} €",
        "de": f"{_grouped(value, lang)} €",
    }[lang]


def vat_line(rng: random.Random, lang: str) -> str:
    """Net amount, VAT at the country's standard rate and the gross, adding up exactly."""
    if lang == "hu":
        net = Decimal(rng.randrange(40, 6000) * 500)
    elif lang == "ru":
        net = Decimal(rng.randrange(50, 9000) * 100)
    else:
        net = Decimal(rng.randrange(8000, 980000)) * CENT
    rate = VAT_RATES[lang]
    places = Decimal(1) if lang == "hu" else CENT
    vat = (net * rate / 100).quantize(places, ROUND_HALF_UP)
    gross = net + vat
    m = {k: _money(v, lang) for k, v in {"net": net, "vat": vat, "gross": gross}.items()}
    return {
        "en": f"net {m['net']} + VAT {rate}% {m['vat']} = {m['gross']}",
        "ru": f"без НДС {m['net']}, НДС {rate}% {m['vat']}, итого {m['gross']}",
        "hu": f"nettó {m['net']} + {rate}% ÁFA ({m['vat']}) = bruttó {m['gross']}",
        "es": f"base imponible {m['net']}, IVA {rate}% {m['vat']}, total {m['gross']}",
        "de": f"netto {m['net']} zzgl. {rate} % MwSt. {m['vat']} = brutto {m['gross']}",
    }[lang]


def quote(rng: random.Random, lang: str) -> str:
    """Quantity × unit price = total, with thousands separators."""
    qty = rng.choice([250, 500, 1000, 2500, 5000, 10000])
    unit = {
        "en": Decimal(rng.randrange(9, 40)) * CENT,
        "ru": Decimal(rng.randrange(350, 1200)) * CENT,
        "hu": Decimal(rng.randrange(25, 90)),
        "es": Decimal(rng.randrange(8, 35)) * CENT,
        "de": Decimal(rng.randrange(8, 35)) * CENT,
    }[lang]
    count = _grouped(Decimal(qty), lang, decimals=False)
    if lang == "hu" and rng.random() < 0.5:
        count = str(qty)
    total = _money(qty * unit, lang)
    return {
        "en": f"{count} pcs x £{unit} = {total}",
        "ru": f"{count} шт. × {_grouped(unit, lang)} ₽ = {total}",
        "hu": f"{count} db × {unit} Ft = {total}",
        "es": f"{count} uds. × {_grouped(unit, lang)} € = {total}",
        "de": f"{count} Stk. × {_grouped(unit, lang)} € = {total}",
    }[lang]


def business_address(rng: random.Random, lang: str) -> str:
    """A warehouse or trading-estate address with its postcode, street number and unit."""
    n = rng.randrange
    if lang == "en":
        estate, city, code = rng.choice(
            [
                ("Riverside Trading Estate", "Bristol", "BS2 0QR"),
                ("Kingsway Business Park", "Leeds", "LS11 5DR"),
                ("Parkside Industrial Estate", "Manchester", "M17 1SP"),
            ]
        )
        return f"Unit {n(1, 40)}, {estate}, {city} {code}"
    if lang == "ru":
        street = rng.choice(["Складочная ул.", "ул. Электродная", "Рябиновая ул."])
        house = f"д. {n(1, 60)}, стр. {n(1, 9)}, склад {n(1, 12)}"
        return f"{n(109000, 129999)}, Москва, {street}, {house}"
    if lang == "hu":
        place = rng.choice(
            [
                ("2040 Budaörs", "Gyár utca"),
                ("1097 Budapest", "Illatos út"),
                ("9027 Győr", "Kandó Kálmán utca"),
            ]
        )
        ramp = n(1, 10)
        suffix = {3: "as", 5: "ös", 6: "os", 8: "as"}.get(ramp, "es")
        building = f"{rng.choice('ABCD')} épület, {ramp}-{suffix} rámpa"
        return f"{place[0]}, {place[1]} {n(1, 60)}., {building}"
    if lang == "es":
        park, code, city = rng.choice(
            [
                ("Polígono Industrial Los Ángeles", "28906", "Getafe"),
                ("Polígono Industrial Fuente del Jarro", "46988", "Paterna"),
                ("Polígono Plaza", "50197", "Zaragoza"),
            ]
        )
        return f"{park}, nave {n(1, 60)}, {code} {city}"
    street, code, city = rng.choice(
        [
            ("Gewerbepark Ost", "04129", "Leipzig"),
            ("Industriestraße", "68169", "Mannheim"),
            ("Am Güterbahnhof", "30159", "Hannover"),
        ]
    )
    return f"{street} {n(1, 60)}, Halle {n(1, 9)}, {code} {city}"


def delivery_slot(rng: random.Random, lang: str) -> str:
    """A goods-in time window, the way each country writes it."""
    start = rng.choice([6, 7, 8, 9, 10, 13, 14])
    end = start + rng.choice([2, 3, 4])
    minute = rng.choice(["00", "30"])
    if lang == "en" and end < 12 and rng.random() < 0.4:
        return f"{start}-{end}am"
    if lang == "de" and rng.random() < 0.5:
        return f"{start}–{end} Uhr"
    return f"{start}:{minute}–{end}:{minute}"


def ticket(rng: random.Random) -> str:
    """A support or bug-tracker ticket id: a prefix and at most five digits."""
    return rng.choice(
        [
            f"#{rng.randrange(1000, 99999)}",
            f"SUP-{rng.randrange(100, 9999)}",
            f"BUG-{rng.randrange(10, 999)}",
            f"INC-{rng.randrange(10000, 99999)}",
        ]
    )


def version(rng: random.Random) -> str:
    major, minor, patch = rng.randrange(1, 18), rng.randrange(0, 20), rng.randrange(0, 12)
    return rng.choice(
        [
            f"{major}.{minor}.{patch}",
            f"v{major}.{minor}.{patch}",
            f"{major}.{minor}.{patch}-rc.{rng.randrange(1, 5)}",
            f"{major}.{minor}",
        ]
    )


def dims(rng: random.Random, lang: str) -> str:
    a, b, c = rng.randrange(30, 121, 5), rng.randrange(20, 81, 5), rng.randrange(10, 61, 5)
    unit = "см" if lang == "ru" else "cm"
    return rng.choice([f"{a} x {b} x {c} {unit}", f"{a}×{b}×{c} {unit}"])


def weight(rng: random.Random, lang: str) -> str:
    kg = Decimal(rng.randrange(5, 400)) / 10
    text = str(kg) if lang == "en" else str(kg).replace(".", ",")
    return f"{text} {'кг' if lang == 'ru' else 'kg'}"


def fill(slot: str, rng: random.Random, lang: str) -> str | None:
    """This module's slot values, or None for a shared slot."""
    per_lang = {
        "vat": vat_line,
        "quote": quote,
        "addr": business_address,
        "slot": delivery_slot,
        "dims": dims,
        "weight": weight,
    }
    if slot in per_lang:
        return per_lang[slot](rng, lang)
    plain = {"ticket": ticket, "version": version}
    return plain[slot](rng) if slot in plain else None
