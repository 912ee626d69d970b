"""A second fresh held-out split of the contact corpus (split ``fresh``): phrasings nobody has
tuned on.

The first held-out split (``contact_corpus_holdout``) was scored, then read and tuned on, so
its figures no longer measure unseen wordings either. This module holds two new phrasings per
language for every family that exists now: the families of ``contact_corpus_templates`` and
the four the first held-out split added (``neg_invoice_figures``, ``neg_logistics_numbers``,
``neg_contact_design``, ``pointer_coded``). The family id carries the labels (``kinds``,
``direct_ok``), so nothing here declares one.

They are written the way many different users write: short and long, formal and slangy, with
typos, emoji, code-switching and regional variants (Latin-American Spanish, Austrian and
Swiss German, colloquial Russian), each language in its own idiom rather than translated.
The invitations to deal off the platform use framings the corpus lacked (a call booked
"outside", referrals, an own shop, "send the money however you like", a QR code, a studio to
look up on a map, a discount for skipping the middle step), and the hard negatives use the
same words for benign things (referrals and calls through the platform, a QR code on a
menu, a shop of one's own, a discount for ordering here).

Phrasing *j* of a family in all five languages is one group, ``family#f<j>``; every group
goes to the split ``fresh``, which has no sealed part: it is meant to be scored once, at the
end, and nothing here is to be read while building or tuning the scanner.

``build_contact_corpus`` builds these groups after every other group (the first held-out
split included), from a random stream of their own (seed ``SEED + SEED_OFFSET``) and with slot
fillers that bypass ``contact_corpus_extra``: adding tuning phrasings there changes no fresh
message, and building them changes no earlier message. Slots are the shared ones of
``contact_corpus_slots`` (``{phone}``, ``{email_spelled}``, ``{msgr}``, ``{iban}``, ``{date}``,
``{order}``, ``{tax}``, ``{amount}``, ``{name}`` ...) and the first held-out module's number
fillers (``{vat}``, ``{quote}``, ``{addr}``, ``{slot}``, ``{ticket}``, ``{version}``,
``{dims}``, ``{weight}``), whose numbers are neither phones, cards nor accounts.
"""

from __future__ import annotations

SPLIT = "fresh"
SEED_OFFSET = 2
PER_LANGUAGE = 2

# family id -> language -> phrasings; every language lists exactly PER_LANGUAGE phrasings.
FRESH: dict[str, dict[str, list[str]]] = {
    # ------------------------------------------------------------------ e-mail
    "email_plain": {
        "en": [
            "ok so my personal one is {email}, pls not the work one, my boss reads it lol",
            "Could you cc {email} on the final delivery? That's our marketing lead's inbox.",
        ],
        "ru": [
            "короче, личная почта {email}, на рабочую не пиши, её начальник читает",
            "Поставьте, пожалуйста, в копию {email} при сдаче — это ящик нашего маркетолога.",
        ],
        "hu": [
            "a magán emailem {email}, a cégesre ne írj, azt a főnököm is olvassa",
            "A végleges anyagnál tegye be másolatba a {email} címet is, az a marketinges "
            "kollégánk postafiókja.",
        ],
        "es": [
            "mi correo personal es {email}, al del laburo no me escribas que lo lee mi jefe jaja",
            "¿Podés poner en copia a {email} en la entrega final? Es la casilla de nuestra "
            "encargada de marketing.",
        ],
        "de": [
            "mei private Mail is {email}, auf die vom Büro bitte ned, die liest mei Chef mit",
            "Könnten Sie bei der Endabgabe {email} in CC setzen? Das ist das Postfach unserer "
            "Marketingleitung.",
        ],
    },
    "email_spelled": {
        "en": [
            "it's {email_spelled} - autocorrect keeps mangling it so i typed it like that",
            "for the licence paperwork: {email_spelled}",
        ],
        "ru": [
            "пишу так, а то автозамена портит: {email_spelled}",
            "для документов по лицензии: {email_spelled}",
        ],
        "hu": [
            "így írom, mert az autokorrekt mindig elrontja: {email_spelled}",
            "a licencpapírokhoz: {email_spelled}",
        ],
        "es": [
            "te lo escribo así porque el corrector me lo cambia: {email_spelled}",
            "para los papeles de la licencia: {email_spelled}",
        ],
        "de": [
            "schreib's so, weil die Autokorrektur es sonst zerschießt: {email_spelled}",
            "für den Lizenzkram: {email_spelled}",
        ],
    },
    "email_symbols": {
        "en": [
            "mailbox for the raw footage 👉 {email_sym}",
            "{email_sym} - u know where the symbols go 😉",
        ],
        "ru": [
            "ящик для исходников видео 👉 {email_sym}",
            "{email_sym} — сам догадаешься, что куда подставить 😉",
        ],
        "hu": [
            "a nyers felvételeket ide 👉 {email_sym}",
            "{email_sym} – tudod, mi hova kerül 😉",
        ],
        "es": [
            "para el material en bruto 👉 {email_sym}",
            "{email_sym}, ya sabés qué va en cada símbolo 😉",
        ],
        "de": [
            "fürs Rohmaterial 👉 {email_sym}",
            "{email_sym} – du weißt schon, was wo hingehört 😉",
        ],
    },
    "email_hidden": {
        "en": [
            "P.S. {email_zw} in case the upload here fails again",
            "backup contact {email_spaced}",
        ],
        "ru": [
            "P.S. {email_zw}, если загрузка здесь опять упадёт",
            "запасной контакт {email_rlo}",
        ],
        "hu": [
            "Ui.: {email_zw}, ha a feltöltés itt megint elhasal",
            "tartalék elérhetőség {email_spaced}",
        ],
        "es": [
            "PD: {email_zw} por si la subida acá vuelve a fallar",
            "contacto de respaldo {email_rlo}",
        ],
        "de": [
            "PS: {email_zw}, falls der Upload hier wieder abschmiert",
            "Ausweichkontakt {email_spaced}",
        ],
    },
    # ------------------------------------------------------------------ phone
    "phone_plain": {
        "en": [
            "if the courier can't find the place he can ring me, {phone}",
            "tel. {phone} (office, weekdays only)",
        ],
        "ru": [
            "если курьер не найдёт, пусть звонит мне — {phone}",
            "тел. {phone}, рабочий, только по будням",
        ],
        "hu": [
            "ha a futár nem talál ide, hívjon nyugodtan: {phone}",
            "tel.: {phone} (irodai, csak hétköznap)",
        ],
        "es": [
            "si el repartidor no encuentra la dirección que me llame al {phone}",
            "tel. {phone} (oficina, solo de lunes a viernes)",
        ],
        "de": [
            "wenn der Kurier nicht herfindet, soll er mich anrufen, {phone}",
            "Natel {phone}, unter der Woche erreichbar",
        ],
    },
    "phone_words": {
        "en": [
            "ready? {phone_words} - that's me",
            "txt me when ur outside: {phone_words}",
        ],
        "ru": [
            "готов? {phone_words} — это мой",
            "напиши, как подъедешь: {phone_words}",
        ],
        "hu": [
            "kész vagy? {phone_words} – ez az enyém",
            "dobj egy sms-t, ha itt vagy: {phone_words}",
        ],
        "es": [
            "¿listo? {phone_words}, ese es el mío",
            "mandame un mensajito cuando estés afuera: {phone_words}",
        ],
        "de": [
            "bereit? {phone_words} – das bin ich",
            "schreib ne SMS, wenn du vor der Tür stehst: {phone_words}",
        ],
    },
    "phone_symbols": {
        "en": [
            "digits for u: {phone_spaced}",
            "tel ~ {phone_sym} ~ after 5 pls",
        ],
        "ru": [
            "цифры для тебя: {phone_spaced}",
            "тел ~ {phone_sym} ~ после пяти",
        ],
        "hu": [
            "itt a számom, szétszedve: {phone_spaced}",
            "tel ~ {phone_sym} ~ öt után",
        ],
        "es": [
            "ahí va el número, separadito: {phone_spaced}",
            "cel ~ {phone_sym} ~ después de las 5",
        ],
        "de": [
            "hier die Ziffern: {phone_spaced}",
            "Tel ~ {phone_sym} ~ ab 17 Uhr",
        ],
    },
    "phone_script": {
        "en": [
            "my brother's phone, he handles my bookings: {phone_script}",
            "{phone_script} ← mobile, please don't pass it on",
        ],
        "ru": [
            "телефон брата, он ведёт мои заказы: {phone_script}",
            "{phone_script} ← мобильный, никому не передавайте",
        ],
        "hu": [
            "a bátyám száma, ő intézi a foglalásaimat: {phone_script}",
            "{phone_script} ← mobil, légyszi ne add tovább",
        ],
        "es": [
            "el teléfono de mi hermano, él lleva mis reservas: {phone_script}",
            "{phone_script} ← celu, no se lo pases a nadie porfa",
        ],
        "de": [
            "die Nummer von meinem Bruder, der macht meine Buchungen: {phone_script}",
            "{phone_script} ← Handy, bitte nicht weitergeben",
        ],
    },
    # ------------------------------------------------------------------ messengers
    "messenger_handle": {
        "en": [
            "{handle} on {msgr}, that's where I post the behind-the-scenes stuff",
            "my {msgr_bad} is still {handle}",
        ],
        "ru": [
            "{handle} в {msgr}, там выкладываю закулисье",
            "мой {msgr_bad} не поменялся: {handle}",
        ],
        "hu": [
            "{msgr}: {handle}, ott posztolom a kulisszák mögötti dolgokat",
            "a {msgr_bad} fiókom még mindig {handle}",
        ],
        "es": [
            "{handle} en {msgr}, ahí subo el detrás de escena",
            "mi {msgr_bad} sigue siendo {handle}",
        ],
        "de": [
            "{handle} auf {msgr}, da poste ich das Behind-the-Scenes-Zeug",
            "mein {msgr_bad} ist immer noch {handle}",
        ],
    },
    "messenger_phone": {
        "en": [
            "same number for {msgr}, {phone}, but I only check it in the evening",
            "u got {msgr_bad}? {phone}",
        ],
        "ru": [
            "в {msgr} тот же номер, {phone}, но смотрю только вечером",
            "{msgr_bad} есть? {phone}",
        ],
        "hu": [
            "{msgr} ugyanezen a számon, {phone}, de csak este nézem",
            "{msgr_bad} van? {phone}",
        ],
        "es": [
            "en {msgr} es el mismo número, {phone}, pero lo miro recién a la noche",
            "¿tenés {msgr_bad}? {phone}",
        ],
        "de": [
            "{msgr} läuft über dieselbe Nummer, {phone}, schau aber nur abends rein",
            "hast du {msgr_bad}? {phone}",
        ],
    },
    "messenger_invite": {
        "en": [
            "can we hop on a quick {msgr} video call tonight to go over the layout?",
            "I'll drop the progress pics in a {msgr_bad} chat, way easier than uploading "
            "here every time",
        ],
        "ru": [
            "давай вечером быстро созвонимся по видео в {msgr}, пройдёмся по макету?",
            "фотки процесса буду кидать в {msgr_bad}, так проще, чем каждый раз сюда грузить",
        ],
        "hu": [
            "ma este átnézhetnénk a layoutot egy gyors {msgr} videóhívásban?",
            "a menet közbeni képeket inkább {msgr_bad} chatben küldöm, egyszerűbb, mint "
            "mindig ide feltölteni",
        ],
        "es": [
            "¿hacemos una videollamada rápida por {msgr} esta noche para ver el diseño?",
            "las fotos del avance te las paso por {msgr_bad}, mucho más fácil que subirlas "
            "acá cada vez",
        ],
        "de": [
            "können wir heut Abend kurz über {msgr} videotelefonieren und das Layout durchgehen?",
            "die Zwischenstände schick ich dir per {msgr_bad}, viel einfacher als jedes Mal "
            "hier hochladen",
        ],
    },
    # ------------------------------------------------------------------ links
    "url_plain": {
        "en": [
            "scan the QR on my flyer or just go to {url}, the whole catalogue is there",
            "I've put the style guide draft on {url} - password is the order number",
        ],
        "ru": [
            "отсканируй QR на флаере или просто зайди на {url}, там весь каталог",
            "черновик гайдлайна выложил на {url}, пароль — номер заказа",
        ],
        "hu": [
            "olvasd be a QR-kódot a szórólapomon, vagy nézd meg itt: {url}, ott a teljes katalógus",
            "a stílusútmutató vázlata fent van: {url}, a jelszó a rendelésszám",
        ],
        "es": [
            "escaneá el QR del folleto o entrá directo a {url}, ahí está todo el catálogo",
            "subí el borrador de la guía de estilo a {url}, la contraseña es el número de pedido",
        ],
        "de": [
            "scann den QR-Code auf meinem Flyer oder geh gleich auf {url}, da ist der ganze "
            "Katalog",
            "den Styleguide-Entwurf hab ich auf {url} gestellt, Passwort ist die Auftragsnummer",
        ],
    },
    "url_obfuscated": {
        "en": [
            "links get eaten here, so: {url_obf}",
            "I've got my own online store too 🛍️ {url_obf}, same stuff, I ship abroad as well",
        ],
        "ru": [
            "ссылки тут режут, поэтому так: {url_obf}",
            "у меня и свой интернет-магазин есть 🛍️ {url_obf}, отправляю и за границу",
        ],
        "hu": [
            "itt kiszedik a linkeket, szóval: {url_obf}",
            "van saját webshopom is 🛍️ {url_obf}, külföldre is postázok",
        ],
        "es": [
            "acá se comen los links, así que: {url_obf}",
            "también tengo tienda online 🛍️ {url_obf}, hago envíos al exterior",
        ],
        "de": [
            "Links werden hier gefressen, also: {url_obf}",
            "hab auch nen eigenen Onlineshop 🛍️ {url_obf}, versende auch ins Ausland",
        ],
    },
    # ------------------------------------------------------------------ payment details
    "payment_upi": {
        "en": [
            "bhai just scan my QR or type {upi}, whichever is easy",
            "beneficiary {name}, acct no {acct}, ifsc {ifsc} - IMPS is fine too",
        ],
        "ru": [
            "можно по UPI: {upi}, я сейчас в Индии, так удобнее",
            "получатель {name}, счёт {acct}, IFSC {ifsc}, можно и IMPS",
        ],
        "hu": [
            "UPI-n is fizethetsz: {upi}, most Indiában vagyok, így egyszerűbb",
            "kedvezményezett {name}, számlaszám {acct}, IFSC {ifsc}, IMPS is jó",
        ],
        "es": [
            "podés pagarme por UPI: {upi}, ahora estoy en la India y me sirve más",
            "beneficiario {name}, cuenta {acct}, IFSC {ifsc}, IMPS también vale",
        ],
        "de": [
            "zahl gern per UPI: {upi}, bin grad in Indien, so ist's einfacher",
            "Empfänger {name}, Konto {acct}, IFSC {ifsc}, IMPS geht auch",
        ],
    },
    "payment_link": {
        "en": [
            "whenever you're ready 👉 {paylink}, for the extras whatever you think is fair",
            "for the rush fee use {paylink}, the site won't let me add it to the order",
        ],
        "ru": [
            "как будешь готов 👉 {paylink}, за доп. работу — сколько не жалко",
            "срочность оплати через {paylink}, сайт не даёт добавить её в заказ",
        ],
        "hu": [
            "ha megvagy 👉 {paylink}, az extrákért annyit, amennyit korrektnek érzel",
            "a sürgősségi felárat a {paylink} linken fizesd, az oldal nem engedi hozzáadni a "
            "rendeléshez",
        ],
        "es": [
            "cuando quieras 👉 {paylink}, por los extras lo que te parezca justo",
            "el recargo por urgencia pagalo por {paylink}, la web no me deja sumarlo al pedido",
        ],
        "de": [
            "wann immer du so weit bist 👉 {paylink}, für die Extras, was du fair findest",
            "den Eilzuschlag bitte über {paylink}, die Seite lässt mich den nicht zum Auftrag "
            "dazutun",
        ],
    },
    "payment_card": {
        "en": [
            "card for the transfer: {card}, it's in my wife's name, {name}",
            "{card_words} thats my card, drop the rest there",
        ],
        "ru": [
            "карта для перевода {card}, она на жену оформлена, {name}",
            "{card_words} — моя карта, остаток туда закинь",
        ],
        "hu": [
            "a kártyaszám az utaláshoz {card}, a feleségem nevén van, {name}",
            "{card_words} – ez a kártyám, a maradékot oda dobd át",
        ],
        "es": [
            "la tarjeta para la transferencia es {card}, está a nombre de mi mujer, {name}",
            "{card_words}, es mi tarjeta, el resto mandalo ahí",
        ],
        "de": [
            "Karte für die Überweisung: {card}, läuft auf meine Frau, {name}",
            "{card_words} – das ist meine Karte, den Rest einfach dahin",
        ],
    },
    "payment_iban": {
        "en": [
            "for the monthly retainer: {iban}, reference 'logo refresh'",
            "my Revolut IBAN is {iban}, instant transfers work",
        ],
        "ru": [
            "для ежемесячной оплаты: {iban}, назначение «обновление логотипа»",
            "IBAN в Revolut: {iban}, мгновенные переводы проходят",
        ],
        "hu": [
            "a havidíjhoz: {iban}, közlemény: „logófrissítés”",
            "a Revolutos IBAN-om {iban}, az azonnali utalás is megy",
        ],
        "es": [
            "para la cuota mensual: {iban}, concepto «renovación logo»",
            "mi IBAN de Revolut es {iban}, las transferencias inmediatas funcionan",
        ],
        "de": [
            "für die monatliche Pauschale: {iban}, Verwendungszweck „Logo-Refresh“",
            "mein Revolut-IBAN ist {iban}, Echtzeitüberweisung klappt",
        ],
    },
    # ------------------------------------------------------------------ solicitation
    "pointer_indirect": {
        "en": [
            "the watermark on my sample photos is my handle everywhere else too, just search it",
            "the QR code on the last slide of my deck takes you straight to my contact details",
        ],
        "ru": [
            "водяной знак на моих фото-примерах — это мой ник везде, просто поищи его",
            "QR-код на последнем слайде презентации ведёт прямо на мои контакты",
        ],
        "hu": [
            "a mintafotóimon lévő vízjel mindenhol máshol is a nevem, csak keress rá",
            "a prezentáció utolsó diáján lévő QR-kód egyenesen az elérhetőségeimhez visz",
        ],
        "es": [
            "la marca de agua de mis fotos de muestra es mi usuario en todos lados, buscalo nomás",
            "el QR de la última diapositiva de la presentación te lleva directo a mis contactos",
        ],
        "de": [
            "das Wasserzeichen auf meinen Beispielfotos ist überall sonst mein Name, such einfach "
            "danach",
            "der QR-Code auf der letzten Folie der Präsentation führt direkt zu meinen "
            "Kontaktdaten",
        ],
    },
    "pointer_coded": {
        "en": [
            "on the short-video app with the music note logo I go by my studio name, slide "
            "into my DMs 😄",
            "u know the job network with the blue 'in' logo? my full name is on there, message me",
        ],
        "ru": [
            "в приложении коротких видео с нотой на логотипе я под названием своей студии, "
            "пиши в директ 😄",
            "знаешь деловую соцсеть с синим «in»? там я под полным именем, пиши туда",
        ],
        "hu": [
            "a hangjegyes logójú rövidvideós appban a stúdióm nevén vagyok fent, írj DM-et 😄",
            "ismered a kék „in” logós szakmai közösségi oldalt? ott teljes néven fent vagyok, "
            "írj ott",
        ],
        "es": [
            "en la app de videos cortos con la notita musical estoy con el nombre de mi "
            "estudio, escribime al DM 😄",
            "¿conocés la red de laburo con la «in» azul? ahí estoy con mi nombre completo, "
            "mandame mensaje por ahí",
        ],
        "de": [
            "in der Kurzvideo-App mit der Musiknote heiß ich wie mein Studio, schreib mir ne DM 😄",
            "kennst du das Business-Netzwerk mit dem blauen „in“? da findest du mich mit "
            "vollem Namen, schreib mir dort",
        ],
    },
    "offplatform_invite": {
        "en": [
            "let's book a proper call outside of here next week, I'll walk you through the "
            "offer and we sort the rest between us",
            "if your friends need a logo too, tell them to look me up directly, not through "
            "this site",
        ],
        "ru": [
            "давай на след неделе нормально созвонимся, только не здесь — расскажу про "
            "предложение, а остальное решим между собой",
            "если друзьям тоже нужен логотип, пусть ищут меня напрямую, а не через этот сайт",
        ],
        "hu": [
            "jövő héten beszéljünk egy rendeset, de ne itt: végigmegyek az ajánlaton, a többit "
            "meg elintézzük egymás közt",
            "ha a haverjaidnak is kell logó, mondd nekik, hogy közvetlenül engem keressenek, "
            "ne ezen az oldalon át",
        ],
        "es": [
            "la semana que viene hagamos una llamada como corresponde, fuera de acá, te "
            "explico la propuesta y lo demás lo arreglamos entre nosotros",
            "si tus amigos también necesitan logo, deciles que me escriban directo, no por "
            "esta página",
        ],
        "de": [
            "lass uns nächste Woche mal richtig telefonieren, aber nicht hier, ich erklär dir "
            "das Angebot und den Rest machen wir unter uns aus",
            "wenn deine Freunde auch ein Logo brauchen, sag ihnen, sie sollen mich direkt "
            "anschreiben, nicht über die Seite",
        ],
    },
    "pay_outside": {
        "en": [
            "I'll give you 15% off if we skip the middle step 😉 you just send it straight to me",
            "let's keep it simple, I send you the file and you send the money however you "
            "like, no need for the checkout",
        ],
        "ru": [
            "сделаю скидку 15%, если обойдёмся без посредника 😉 просто переведёшь мне напрямую",
            "давай по-простому: я скидываю файл, ты скидываешь деньги как тебе удобно, без "
            "оформления тут",
        ],
        "hu": [
            "15% kedvezményt adok, ha kihagyjuk a közvetítőt 😉 csak közvetlenül nekem küldöd",
            "legyen egyszerű: átküldöm a fájlt, te meg úgy fizetsz, ahogy neked kényelmes, "
            "nem kell a pénztár",
        ],
        "es": [
            "te hago 15% menos si nos salteamos al intermediario 😉 me lo mandás directo a mí",
            "hagámoslo fácil: yo te paso el archivo y vos me mandás la plata como quieras, "
            "sin pasar por el checkout",
        ],
        "de": [
            "ich geb dir 15 % Rabatt, wenn wir den Zwischenschritt weglassen 😉 du schickst "
            "es einfach direkt an mich",
            "machen wir's einfach: ich schick dir die Datei, du schickst mir das Geld, wie's "
            "dir passt, ohne Checkout",
        ],
    },
    "direct_settlement": {
        "en": [
            "the materials I'll pay you back in cash separately when you bring the receipts, ok?",
            "the second instalment of {amount} I'll transfer you on the 1st, when I get paid",
        ],
        "ru": [
            "за материалы рассчитаюсь с тобой наличкой отдельно, как привезёшь чеки, ок?",
            "вторую часть, {amount}, переведу тебе с карты первого числа, как зарплату получу",
        ],
        "hu": [
            "az anyagköltséget külön megadom készpénzben, amikor hozod a blokkokat, jó?",
            "a második részletet, {amount}, elsején utalom a bankos appból, amikor megjön a "
            "fizetésem",
        ],
        "es": [
            "los materiales te los pago aparte en efectivo cuando traigas los tickets, ¿dale?",
            "la segunda cuota de {amount} te la transfiero el 1, cuando cobro el sueldo",
        ],
        "de": [
            "die Materialkosten zahl ich dir extra in bar, wenn du die Belege mitbringst, passt?",
            "die zweite Rate von {amount} überweis ich dir am Ersten, wenn mein Gehalt da ist",
        ],
    },
    # ------------------------------------------------------------------ hard negatives
    "neg_messenger_product": {
        "en": [
            "make the QR code on the menu open our WhatsApp ordering flow, the client sends "
            "the link later",
            "the Telegram mini app splash screen looks blurry on iPhone, can you re-export it @3x?",
        ],
        "ru": [
            "сделай QR-код на меню так, чтобы он открывал заказ через WhatsApp, ссылку клиент "
            "пришлёт позже",
            "заставка мини-приложения в Telegram мылится на айфоне, переэкспортируешь в @3x?",
        ],
        "hu": [
            "a menün lévő QR-kód a WhatsAppos rendelést nyissa meg, a linket az ügyfél később "
            "küldi",
            "a Telegram miniapp nyitóképe homályos iPhone-on, ki tudnád exportálni @3x-ben?",
        ],
        "es": [
            "que el QR del menú abra el pedido por WhatsApp, el link lo manda el cliente después",
            "la pantalla de inicio de la mini app de Telegram se ve borrosa en iPhone, ¿la "
            "reexportás en @3x?",
        ],
        "de": [
            "der QR-Code auf der Speisekarte soll die WhatsApp-Bestellung öffnen, den Link "
            "schickt der Kunde noch",
            "der Splashscreen der Telegram-Mini-App ist am iPhone unscharf, kannst du ihn in "
            "@3x neu exportieren?",
        ],
    },
    "neg_refusal": {
        "en": [
            "sorry, I don't do 'send the money however you like' deals, it's the checkout "
            "here or nothing",
            "someone sent me a QR code to 'continue on another app', nope, reported it. just "
            "so you know I only work here",
        ],
        "ru": [
            "извини, схемы «скинь деньги как удобно» я не практикую, только через оформление тут",
            "мне тут один прислал QR-код, мол, продолжим в другом приложении, — нет уж, "
            "пожаловалась. работаю только здесь",
        ],
        "hu": [
            "bocs, a „küldd, ahogy akarod” fizetést nem vállalom, csak az itteni fizetéssel megy",
            "valaki QR-kódot küldött, hogy „folytassuk egy másik appban”, nem mentem bele, "
            "jelentettem. én csak itt dolgozom",
        ],
        "es": [
            "perdón, lo de «mandame la plata como quieras» no lo hago, o se paga por acá o nada",
            "uno me mandó un QR para «seguir en otra app», ni loco, lo reporté. yo trabajo "
            "solo por acá",
        ],
        "de": [
            "sorry, so „schick das Geld irgendwie“-Deals mach ich nicht, entweder über den "
            "Checkout hier oder gar nicht",
            "jemand wollte, dass ich nen QR-Code scanne, um „in einer anderen App "
            "weiterzumachen“, nö, gemeldet. ich arbeite nur hier",
        ],
    },
    "neg_code": {
        "en": [
            "the phone input regex rejects the plus sign, use ^\\+?[0-9 ]{7,15}$ and add a test",
            "mailto: links in the footer component break the build, escape the @ in the MDX file",
        ],
        "ru": [
            "регулярка для поля телефона не пропускает плюс, поставь ^\\+?[0-9 ]{7,15}$ и "
            "добавь тест",
            "ссылки mailto: в компоненте футера ломают сборку, экранируй @ в MDX-файле",
        ],
        "hu": [
            "a telefonmező regexe nem engedi a pluszjelet, legyen ^\\+?[0-9 ]{7,15}$, és írj "
            "rá tesztet",
            "a footer komponensben a mailto: linkek eltörik a buildet, escape-eld a @-ot az "
            "MDX fájlban",
        ],
        "es": [
            "la regex del campo de teléfono no acepta el +, poné ^\\+?[0-9 ]{7,15}$ y sumá un test",
            "los enlaces mailto: del componente del footer rompen el build, escapá la @ en el "
            "archivo MDX",
        ],
        "de": [
            "die Regex fürs Telefonfeld lässt das Plus nicht durch, nimm ^\\+?[0-9 ]{7,15}$ "
            "und schreib nen Test dazu",
            "die mailto:-Links in der Footer-Komponente brechen den Build, escape das @ in "
            "der MDX-Datei",
        ],
    },
    "neg_tax": {
        "en": [
            "our accountant needs the invoice to show {tax} and the service period ending {date}",
            "self-billing agreement attached, just check {tax} is spelled right before you sign",
        ],
        "ru": [
            "бухгалтерии нужно, чтобы в счёте были {tax} и период оказания услуг по {date}",
            "прикладываю договор, проверь только, что {tax} указан без ошибок, и подписывай",
        ],
        "hu": [
            "a könyvelőnk kéri, hogy a számlán szerepeljen: {tax}, és a teljesítési időszak "
            "vége, {date}",
            "csatoltam a szerződést, csak nézd át, hogy jól van-e írva ez: {tax}, mielőtt aláírod",
        ],
        "es": [
            "nuestra contadora necesita que la factura lleve {tax} y el período del servicio "
            "hasta el {date}",
            "te adjunto el contrato, fijate nomás que {tax} esté bien escrito antes de firmar",
        ],
        "de": [
            "unsere Buchhaltung braucht auf der Rechnung {tax} und den Leistungszeitraum bis "
            "{date}",
            "Vertrag hängt an, schau bitte nur, ob {tax} richtig geschrieben ist, bevor du "
            "unterschreibst",
        ],
    },
    "neg_test_card": {
        "en": [
            "for the demo video use {testcard} so no real card shows on screen",
            "{testcard} passes in sandbox but the confirmation page shows the amount as 0.00 🤔",
        ],
        "ru": [
            "для демо-ролика вводи {testcard}, чтобы на экране не светилась настоящая карта",
            "{testcard} в песочнице проходит, но на странице подтверждения сумма 0.00 🤔",
        ],
        "hu": [
            "a demóvideóban a {testcard} számot használd, hogy ne látszódjon igazi kártya",
            "a {testcard} sandboxban átmegy, de a visszaigazoló oldalon 0.00 az összeg 🤔",
        ],
        "es": [
            "para el video demo usá {testcard}, así no aparece ninguna tarjeta real en pantalla",
            "{testcard} pasa en sandbox pero en la página de confirmación el monto sale 0.00 🤔",
        ],
        "de": [
            "fürs Demovideo nimm {testcard}, damit keine echte Karte im Bild ist",
            "{testcard} geht in der Sandbox durch, aber auf der Bestätigungsseite steht 0.00 "
            "als Betrag 🤔",
        ],
    },
    "neg_prices": {
        "en": [
            "if you order both packages here I can do the lot for {amount} instead of {amount}",
            "{amount} was last year's price, it's gone up a bit since, sorry 😅",
        ],
        "ru": [
            "если закажете оба пакета здесь, отдам всё за {amount} вместо {amount}",
            "{amount} — это прошлогодняя цена, сейчас чуть подорожало, извините 😅",
        ],
        "hu": [
            "ha itt rendeled meg mindkét csomagot, {amount} helyett {amount} lesz az egész",
            "a {amount} a tavalyi ár volt, azóta kicsit emelkedett, bocsi 😅",
        ],
        "es": [
            "si pedís los dos paquetes acá te dejo todo en {amount} en vez de {amount}",
            "{amount} era el precio del año pasado, subió un poquito, perdón 😅",
        ],
        "de": [
            "wenn du beide Pakete hier bestellst, mach ich dir alles für {amount} statt {amount}",
            "{amount} war der Preis vom letzten Jahr, ist inzwischen etwas gestiegen, sorry 😅",
        ],
    },
    "neg_dates_orders": {
        "en": [
            "kickoff moved to {date}, we'll do it in the order chat as planned",
            "re order {order}: the print shop is closed from {date} to {date}, plan the files "
            "around that",
        ],
        "ru": [
            "старт переносим на {date}, обсудим в чате заказа, как договаривались",
            "по заказу {order}: типография закрыта с {date} по {date}, учитывай это с файлами",
        ],
        "hu": [
            "az indulást {date} napra tesszük át, a rendelés chatjében, ahogy megbeszéltük",
            "a {order} rendeléshez: a nyomda {date} és {date} között zárva van, ehhez igazítsd "
            "a fájlokat",
        ],
        "es": [
            "el arranque lo pasamos al {date}, lo hablamos en el chat del pedido como quedamos",
            "sobre el pedido {order}: la imprenta cierra del {date} al {date}, organizá los "
            "archivos con eso en mente",
        ],
        "de": [
            "den Kick-off verschieben wir auf {date}, wie besprochen im Auftragschat",
            "zu Auftrag {order}: die Druckerei hat von {date} bis {date} zu, plan die Dateien "
            "danach",
        ],
    },
    "neg_work_talk": {
        "en": [
            "I have a shop too, so I know how picky customers get about packaging 😄",
            "let's keep it simple: I send the files as one zip here and you tell me what to change",
        ],
        "ru": [
            "у меня у самой магазинчик, так что знаю, как покупатели придираются к упаковке 😄",
            "давай по-простому: я кидаю файлы одним архивом сюда, а ты пишешь, что поправить",
        ],
        "hu": [
            "nekem is van egy kis boltom, szóval tudom, mennyire kényesek a vevők a "
            "csomagolásra 😄",
            "legyen egyszerű: egy zipben ide küldöm a fájlokat, te megírod, mit változtassak",
        ],
        "es": [
            "yo también tengo un localcito, así que sé lo quisquillosos que son los clientes "
            "con el packaging 😄",
            "hagámoslo simple: te mando los archivos en un zip por acá y me decís qué cambiar",
        ],
        "de": [
            "ich hab selber nen kleinen Laden, weiß also, wie pingelig Kunden bei der "
            "Verpackung sind 😄",
            "machen wir's einfach: ich schick die Dateien als ein ZIP hier rein, du sagst mir, "
            "was ich ändern soll",
        ],
    },
    "neg_tech_names": {
        "en": [
            "the QR code has to stay scannable at 2 x 2 cm, error correction level H",
            "the 3D print is 120 x 80 x 45 mm, PLA, 0.2 mm layers, 20% infill",
        ],
        "ru": [
            "QR-код должен сканироваться даже при 2 x 2 см, уровень коррекции H",
            "модель для 3D-печати 120 x 80 x 45 мм, PLA, слой 0,2 мм, заполнение 20%",
        ],
        "hu": [
            "a QR-kódnak 2 x 2 cm-en is olvashatónak kell lennie, H hibajavítási szinttel",
            "a 3D nyomat 120 x 80 x 45 mm, PLA, 0,2 mm rétegvastagság, 20% kitöltés",
        ],
        "es": [
            "el QR tiene que poder escanearse a 2 x 2 cm, nivel de corrección de errores H",
            "la pieza para impresión 3D mide 120 x 80 x 45 mm, PLA, capas de 0,2 mm, relleno 20%",
        ],
        "de": [
            "der QR-Code muss auch bei 2 x 2 cm scanbar sein, Fehlerkorrektur Stufe H",
            "der 3D-Druck ist 120 x 80 x 45 mm, PLA, 0,2 mm Schichthöhe, 20 % Infill",
        ],
    },
    "neg_platform_talk": {
        "en": [
            "tell your friends to order from my profile here, the referral credit goes to "
            "both of you",
            "let's do the call with the video button in the order room, Thursday works for me",
        ],
        "ru": [
            "советуй друзьям заказывать через мой профиль здесь, бонус за приглашение получите оба",
            "давай созвонимся через видеокнопку в комнате заказа, мне удобно в четверг",
        ],
        "hu": [
            "ajánld a barátaidnak, hogy itt, a profilomon keresztül rendeljenek, az ajánlói "
            "jóváírást mindketten megkapjátok",
            "a hívást a rendelés oldalán lévő videógombbal csináljuk, nekem csütörtök jó",
        ],
        "es": [
            "deciles a tus amigos que pidan desde mi perfil acá, el crédito por referido se lo "
            "llevan los dos",
            "hagamos la llamada con el botón de video de la sala del pedido, el jueves me "
            "viene bien",
        ],
        "de": [
            "sag deinen Freunden, sie sollen über mein Profil hier bestellen, die "
            "Empfehlungsgutschrift kriegt ihr beide",
            "machen wir den Call über den Videobutton im Auftragsraum, Donnerstag passt mir",
        ],
    },
    "neg_invoice_figures": {
        "en": [
            "revised quote attached: {quote}, everything else stays as in the order",
            "{vat} - matches our PO, approved for payment on the platform",
        ],
        "ru": [
            "прикладываю новый расчёт: {quote}, остальное как в заказе",
            "{vat} — сходится с нашей заявкой, согласовано к оплате через площадку",
        ],
        "hu": [
            "mellékelem a módosított árajánlatot: {quote}, minden más marad a rendelés szerint",
            "{vat} – ez egyezik a megrendelőnkkel, jóváhagyva, a platformon fizetjük",
        ],
        "es": [
            "te paso el presupuesto corregido: {quote}, lo demás queda como en el pedido",
            "{vat}, coincide con nuestra orden de compra, aprobado para pagar por la plataforma",
        ],
        "de": [
            "anbei das korrigierte Angebot: {quote}, der Rest bleibt wie im Auftrag",
            "{vat} – passt zu unserer Bestellung, ist zur Zahlung über die Plattform freigegeben",
        ],
    },
    "neg_logistics_numbers": {
        "en": [
            "the carton goes to {addr}, goods-in only {slot}, it's {dims} and {weight}",
            "still happening on {version}, I've attached the console log to {ticket}",
        ],
        "ru": [
            "коробку везти на {addr}, приёмка только {slot}, размер {dims}, вес {weight}",
            "в версии {version} всё ещё воспроизводится, лог консоли приложил к {ticket}",
        ],
        "hu": [
            "a doboz ide megy: {addr}, áruátvétel csak {slot} között, mérete {dims}, súlya "
            "{weight}",
            "a {version} verzióban is előjön, a konzolnaplót csatoltam a {ticket} jegyhez",
        ],
        "es": [
            "la caja va a {addr}, solo reciben en el horario {slot}, mide {dims} y pesa {weight}",
            "en la versión {version} sigue pasando, adjunté el log de la consola al {ticket}",
        ],
        "de": [
            "der Karton geht an {addr}, Warenannahme nur {slot}, Maße {dims}, Gewicht {weight}",
            "tritt in Version {version} immer noch auf, Konsolen-Log hängt an {ticket}",
        ],
    },
    "neg_contact_design": {
        "en": [
            "shop window sticker: opening hours only, the owner doesn't want a phone or QR on it",
            "on the back of the business card leave an empty box for the QR, the client will "
            "generate the real code himself",
        ],
        "ru": [
            "наклейка на витрину: только часы работы, телефон и QR владелец не хочет",
            "на обороте визитки оставь пустой квадрат под QR, настоящий код клиент сгенерирует сам",
        ],
        "hu": [
            "a kirakatmatricára csak a nyitvatartás kerüljön, telefonszámot és QR-kódot a "
            "tulaj nem kér",
            "a névjegy hátoldalán hagyj egy üres helyet a QR-nak, a valódi kódot az ügyfél "
            "maga generálja",
        ],
        "es": [
            "para el vinilo de la vidriera: solo el horario, el dueño no quiere teléfono ni QR",
            "en el dorso de la tarjeta dejá un recuadro vacío para el QR, el código real lo "
            "genera el cliente",
        ],
        "de": [
            "fürs Schaufenster-Pickerl nur die Öffnungszeiten, Telefon oder QR will der "
            "Inhaber nicht drauf",
            "auf die Rückseite der Visitenkarte bitte ein leeres Feld für den QR-Code, den "
            "echten generiert der Kunde selbst",
        ],
    },
}
# The number fillers borrowed from the first held-out module (its values are checked there to
# be no phone, card or account); every other slot is a shared one.
HOLDOUT_SLOTS = frozenset({"vat", "quote", "addr", "slot", "dims", "weight", "ticket", "version"})
