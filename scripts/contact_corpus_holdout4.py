"""A fourth fresh held-out split of the contact corpus (split ``fresh3``): phrasings nobody has
tuned on.

The third held-out split (``contact_corpus_holdout3``, split ``fresh2``) was scored and has
been read since, so its figures no longer measure unseen wordings either. This module holds
two new phrasings per language for every family that exists now: the families of
``contact_corpus_templates`` and the four the first held-out split added
(``neg_invoice_figures``, ``neg_logistics_numbers``, ``neg_contact_design``,
``pointer_coded``). The family id carries the labels (``kinds``, ``direct_ok``), so nothing
here declares one.

The situations are new to the corpus: locksmiths, chimney sweeps, beekeepers, boat trips,
hostels and group bookings, furniture restoration, calligraphy, genealogy research, game
mods, podcasts and voice-overs, drone filming, piano tuning, florists, yoga studios, tiffin
services, animal shelters; speakers are customers and sellers, a teenager on a parent's
account, a grandparent without a smartphone, a seller's spouse who keeps the books, a
procurement office, a charity. They are written the way many different users write: short
and long, formal and slangy, with typos, emoji, voice typing, code-switching and regional
variants (Argentine, Mexican and peninsular Spanish, Swiss and Austrian German, colloquial
Russian and Hungarian), each language in its own idiom rather than translated.

The invitations to deal off the platform use framings the corpus lacked (a note in the
letterbox, regulars booking at the front desk, a waiting list kept elsewhere, barter instead
of payment, a mobile top-up or a wish list of materials instead of the order's price, a
number painted on a van in a gallery photo, a trade register entry, a ghost-logo app, a
mailbox "at the provider with the envelope"); the hard negatives use the same words for
benign things (messengers as podcast topics and props, a parent teaching a grandparent the
rules, a refused tip by transfer, a chat-filter plugin's regex, tyre sizes and timecodes,
donation receipts, terminal training with test cards, custom quotes and milestones paid on
the platform, lost-pet posters and conference badges without contacts).

Phrasing *j* of a family in all five languages is one group, ``family#i<j>``; every group
goes to the split ``fresh3``, which has no sealed part: it is meant to be scored once, at the
end, and nothing here is to be read while building or tuning the scanner.

``build_contact_corpus`` builds these groups after every other group (all three earlier
held-out splits included), from a random stream of their own (seed ``SEED + SEED_OFFSET``)
and with slot fillers that bypass ``contact_corpus_extra``: adding tuning phrasings there
changes no ``fresh3`` message, and building them changes no earlier message. The slots are
those of the second and third held-out splits: the shared ones of ``contact_corpus_slots``
and the first held-out module's number fillers (``HOLDOUT_SLOTS``).
"""

from __future__ import annotations

SPLIT = "fresh3"
SEED_OFFSET = 4
PER_LANGUAGE = 2

# family id -> language -> phrasings; every language lists exactly PER_LANGUAGE phrasings.
FRESH3: dict[str, dict[str, list[str]]] = {
    # ------------------------------------------------------------------ e-mail
    "email_plain": {
        "en": [
            "hostel owner here - the confirmations for your whole group should go to one "
            "inbox, so put {email} as the main contact",
            "im 15 and on my mums account, can u send the mod files to my school mail {email} "
            "instead",
        ],
        "ru": [
            "я хозяйка хостела, подтверждения на всю вашу группу лучше слать на один адрес, "
            "укажите основным {email}",
            "мне 15, сижу с маминого акка, скинь файлы мода лучше на школьную почту {email}",
        ],
        "hu": [
            "a hostel tulajdonosa vagyok, a csoport összes visszaigazolása egy címre menjen, "
            "fő kapcsolattartónak írja be: {email}",
            "15 vagyok és anyu fiókjáról írok, a mod fájlokat inkább a sulis címemre küldd "
            "pls: {email}",
        ],
        "es": [
            "soy la dueña del hostal, las confirmaciones de todo el grupo mejor a un solo "
            "correo, poné {email} como contacto principal",
            "tengo 15 y uso la cuenta de mi vieja, ¿me pasás los archivos del mod al mail "
            "del cole? {email}",
        ],
        "de": [
            "Hostelbesitzerin hier, die Bestätigungen für eure ganze Gruppe bitte an eine "
            "Adresse, tragt {email} als Hauptkontakt ein",
            "bin 15 und auf dem Account von meiner Mama, kannst du die Mod-Dateien an meine "
            "Schulmail {email} schicken",
        ],
    },
    "email_spelled": {
        "en": [
            "voice typing this sorry, my email is {email_spelled} full stop",
            "the bride's sister is sorting the dresses, write to her: {email_spelled}",
        ],
        "ru": [
            "диктую голосом, извините, мой имейл {email_spelled} точка всё",
            "платьями занимается сестра невесты, пишите ей: {email_spelled}",
        ],
        "hu": [
            "bediktálom, bocs, az ímélem {email_spelled} pont vége",
            "a ruhákat a menyasszony húga intézi, neki írjon: {email_spelled}",
        ],
        "es": [
            "lo estoy dictando perdón, mi correo es {email_spelled} punto final",
            "los vestidos los lleva la hermana de la novia, escribile a ella: {email_spelled}",
        ],
        "de": [
            "diktiert, sorry, meine Mail ist {email_spelled} Punkt Ende",
            "um die Kleider kümmert sich die Schwester der Braut, schreib ihr: {email_spelled}",
        ],
    },
    "email_symbols": {
        "en": [
            "is the family tree report done? shoot it to {email_sym}, my cousin in Canada "
            "wants a copy too",
            "{email_sym} <- the NGO mailbox, all our volunteers read that one",
        ],
        "ru": [
            "родословная готова? кидай на {email_sym}, двоюродная сестра из Канады тоже "
            "хочет экземпляр",
            "{email_sym} <- общий ящик нашего фонда, его читают все волонтёры",
        ],
        "hu": [
            "kész a családfakutatás? dobd át ide: {email_sym}, a kanadai unokatesóm is kér "
            "egy példányt",
            "{email_sym} <- az egyesület közös postafiókja, minden önkéntes olvassa",
        ],
        "es": [
            "¿ya está el informe del árbol genealógico? mandalo a {email_sym}, mi primo de "
            "Canadá también quiere copia",
            "{email_sym} <- el buzón de la ONG, lo leemos todos los voluntarios",
        ],
        "de": [
            "ist die Ahnenforschung fertig? schick sie an {email_sym}, mein Cousin in Kanada "
            "will auch eine Kopie",
            "{email_sym} <- Sammelpostfach vom Verein, das lesen alle Ehrenamtlichen",
        ],
    },
    "email_hidden": {
        "en": [
            "the podcast raw tracks are 4 GB, wetransfer them to {email_zw}",
            "Procurement contact for the quotation: {email_spaced}. Please quote the order "
            "number in the subject line.",
        ],
        "ru": [
            "исходники подкаста весят 4 гига, закинь через витрансфер на {email_rlo}",
            "Контакт отдела закупок для коммерческого предложения: {email_spaced}. В теме "
            "письма укажите номер заказа.",
        ],
        "hu": [
            "a podcast nyers sávjai 4 GB-osak, wetransferrel küldd ide: {email_zw}",
            "Beszerzési kapcsolattartó az árajánlathoz: {email_spaced}. A tárgyban kérjük "
            "feltüntetni a rendelésszámot.",
        ],
        "es": [
            "las pistas en bruto del pódcast pesan 4 GB, mándalas por wetransfer a {email_rlo}",
            "Contacto de compras para el presupuesto: {email_spaced}. Indiquen el número de "
            "pedido en el asunto.",
        ],
        "de": [
            "die Rohspuren vom Podcast haben 4 GB, schick sie per WeTransfer an {email_zw}",
            "Ansprechpartner Einkauf für das Angebot: {email_spaced}. Bitte die "
            "Bestellnummer im Betreff angeben.",
        ],
    },
    # ------------------------------------------------------------------ phone
    "phone_plain": {
        "en": [
            "locksmith here. if you get locked out again before the job's booked just ring "
            "{phone}, day or night",
            "we sail from pier 3 - if the fog's bad the skipper will call you from {phone} "
            "before 6am",
        ],
        "ru": [
            "я слесарь по замкам. если опять захлопнете дверь до заказа, звоните {phone}, "
            "хоть ночью",
            "отходим от третьего причала, если будет туман, шкипер позвонит вам с {phone} "
            "до шести утра",
        ],
        "hu": [
            "lakatos vagyok. ha megint kizárja magát, mielőtt lefoglalná, hívjon a {phone} "
            "számon, éjjel-nappal",
            "a 3-as mólóról indulunk, ha nagy a köd, a kapitány reggel 6 előtt felhívja a "
            "{phone} számról",
        ],
        "es": [
            "soy cerrajero. si te vuelves a quedar fuera antes de reservar, llama al {phone}, "
            "de día o de noche",
            "salimos del muelle 3, si hay niebla el patrón te llama desde el {phone} antes "
            "de las 6",
        ],
        "de": [
            "Schlüsseldienst hier. Falls Sie sich vor dem Termin nochmal aussperren, einfach "
            "{phone} anrufen, Tag und Nacht",
            "wir legen an Steg 3 ab, bei Nebel ruft Sie der Skipper vor 6 Uhr von {phone} an",
        ],
    },
    "phone_words": {
        "en": [
            "my grandad's landline, he doesn't do chats: {phone_words}",
            "the yoga studio reception is {phone_words}, they'll put u on my list",
        ],
        "ru": [
            "домашний дедушки, он в чатах не сидит: {phone_words}",
            "ресепшен йога-студии {phone_words}, там вас запишут ко мне",
        ],
        "hu": [
            "a nagypapám vezetékese, ő nem chatel: {phone_words}",
            "a jógastúdió recepciója {phone_words}, ott felírnak hozzám",
        ],
        "es": [
            "el fijo de mi abuelo, él no usa chats: {phone_words}",
            "la recepción del estudio de yoga es {phone_words}, ahí te apuntan conmigo",
        ],
        "de": [
            "Festnetz von meinem Opa, der chattet nicht: {phone_words}",
            "Empfang vom Yogastudio: {phone_words}, die tragen dich bei mir ein",
        ],
    },
    "phone_symbols": {
        "en": [
            "chimney sweep dispatch: {phone_sym} - call before 8",
            "we're the florist on the corner, bouquets by phone {phone_spaced} 💐",
        ],
        "ru": [
            "диспетчер трубочистов: {phone_sym}, звоните до 8",
            "мы цветочный на углу, букеты по телефону {phone_spaced} 💐",
        ],
        "hu": [
            "kéményseprő diszpécser: {phone_sym}, 8 előtt hívja",
            "mi vagyunk a sarki virágos, csokrot telefonon: {phone_spaced} 💐",
        ],
        "es": [
            "centralita de deshollinadores: {phone_sym}, llamar antes de las 8",
            "somos la floristería de la esquina, ramos por teléfono {phone_spaced} 💐",
        ],
        "de": [
            "Kaminkehrer-Zentrale: {phone_sym}, bitte vor 8 anrufen",
            "wir sind der Blumenladen an der Ecke, Sträuße telefonisch {phone_spaced} 💐",
        ],
    },
    "phone_script": {
        "en": [
            "the beekeeper's mobile, he brings the hive himself: {phone_script}",
            "sms me the gate code at {phone_script}, I'll be outside with the ladders",
        ],
        "ru": [
            "мобильный пасечника, улей он привезёт сам: {phone_script}",
            "код от ворот скиньте смской на {phone_script}, я буду у входа с лестницами",
        ],
        "hu": [
            "a méhész mobilja, a kaptárt ő maga hozza: {phone_script}",
            "a kapukódot sms-ben küldd a {phone_script} számra, kint leszek a létrákkal",
        ],
        "es": [
            "el móvil del apicultor, la colmena la lleva él: {phone_script}",
            "mándame el código del portón por sms al {phone_script}, estaré fuera con las "
            "escaleras",
        ],
        "de": [
            "Handy vom Imker, den Bienenstock bringt er selbst: {phone_script}",
            "schick mir den Torcode per SMS an {phone_script}, ich steh mit den Leitern draußen",
        ],
    },
    # ------------------------------------------------------------------ messengers
    "messenger_handle": {
        "en": [
            "our shop's {msgr} channel is {handle}, new drops get announced there first",
            "I'm {handle} on {msgr_bad}, profile pic is a bee 🐝",
        ],
        "ru": [
            "канал нашего магазина в {msgr}: {handle}, новинки сначала там",
            "я {handle} в {msgr_bad}, на аватарке пчела 🐝",
        ],
        "hu": [
            "a boltunk {msgr} csatornája {handle}, az új dropokat ott jelentjük be először",
            "{handle} vagyok {msgr_bad}-on, a profilképem egy méhecske 🐝",
        ],
        "es": [
            "el canal de {msgr} de la tienda es {handle}, los lanzamientos salen ahí primero",
            "soy {handle} en {msgr_bad}, de foto tengo una abeja 🐝",
        ],
        "de": [
            "der {msgr}-Kanal vom Laden ist {handle}, neue Drops kommen da zuerst",
            "bin {handle} auf {msgr_bad}, Profilbild ist eine Biene 🐝",
        ],
    },
    "messenger_phone": {
        "en": [
            "my husband drives the boat, his {msgr_bad} is {phone}, he'll send the pin",
            "{msgr} on {phone} - not the number in my profile, that one's the office",
        ],
        "ru": [
            "лодкой управляет муж, его {msgr_bad} {phone}, он скинет геометку",
            "{msgr} на номере {phone}, не тот, что в профиле, тот рабочий",
        ],
        "hu": [
            "a hajót a férjem vezeti, az ő {msgr_bad}-ja {phone}, elküldi a pint",
            "{msgr} a {phone} számon, nem a profilomban lévőn, az az irodai",
        ],
        "es": [
            "la lancha la lleva mi marido, su {msgr_bad} es {phone}, te manda la ubicación",
            "{msgr} al {phone}, no el del perfil, ese es el de la oficina",
        ],
        "de": [
            "das Boot fährt mein Mann, sein {msgr_bad} ist {phone}, er schickt dir den Standort",
            "{msgr} unter {phone}, nicht die Nummer im Profil, das ist die vom Büro",
        ],
    },
    "messenger_invite": {
        "en": [
            "can we do the online yoga session as a {msgr} video call instead of the site's "
            "call room? the sound here keeps cutting out",
            "can't upload the voice-over samples here, I'll send them as {msgr_bad} voice "
            "messages ok?",
        ],
        "ru": [
            "давайте онлайн-йогу проведём видеозвонком в {msgr}, а не в здешней комнате, тут "
            "звук постоянно пропадает",
            "образцы озвучки сюда не грузятся, скину голосовыми в {msgr_bad}, норм?",
        ],
        "hu": [
            "megtarthatnánk az online jógát {msgr} videohívásban az oldal hívószobája "
            "helyett? itt folyton szakad a hang",
            "a szinkronmintákat nem tudom ide feltölteni, elküldöm {msgr_bad} hangüzenetben, jó?",
        ],
        "es": [
            "¿hacemos la clase de yoga online por videollamada de {msgr} en vez de la sala "
            "de la web? aquí se corta el audio todo el rato",
            "no puedo subir las muestras de locución acá, te las mando como audios de "
            "{msgr_bad}, ¿dale?",
        ],
        "de": [
            "können wir die Online-Yogastunde per {msgr}-Videoanruf machen statt im "
            "Call-Raum der Seite? hier bricht der Ton ständig ab",
            "die Sprecherproben krieg ich hier nicht hochgeladen, ich schick sie dir als "
            "{msgr_bad}-Sprachnachrichten, passt?",
        ],
    },
    # ------------------------------------------------------------------ links
    "url_plain": {
        "en": [
            "all my calligraphy samples are in an online gallery, {url}, pick the hand you like",
            "the hostel has its own booking page, {url}, rooms are 10% cheaper there",
        ],
        "ru": [
            "все образцы каллиграфии в онлайн-галерее {url}, выберите почерк",
            "у хостела своя страница бронирования {url}, там номера на 10% дешевле",
        ],
        "hu": [
            "az összes kalligráfia mintám egy online galériában van, {url}, válassz írásmódot",
            "a hostelnek saját foglalási oldala van, {url}, ott 10%-kal olcsóbbak a szobák",
        ],
        "es": [
            "todas mis muestras de caligrafía están en una galería online, {url}, elegí la "
            "letra que te guste",
            "el hostal tiene su propia página de reservas, {url}, ahí las habitaciones "
            "salen un 10% más baratas",
        ],
        "de": [
            "alle meine Kalligrafie-Proben sind in einer Online-Galerie, {url}, such dir "
            "die Schrift aus",
            "das Hostel hat eine eigene Buchungsseite, {url}, da sind die Zimmer 10% billiger",
        ],
    },
    "url_obfuscated": {
        "en": [
            "restoration blog w/ before-after pics: {url_obf}",
            "grab the modpack from {url_obf}, it won't attach here",
        ],
        "ru": [
            "блог про реставрацию, фото до и после: {url_obf}",
            "модпак качай с {url_obf}, сюда не прикрепляется",
        ],
        "hu": [
            "restaurálós blogom előtte-utána képekkel: {url_obf}",
            "a modpackot innen töltsd le: {url_obf}, ide nem tudom csatolni",
        ],
        "es": [
            "el blog de restauración con fotos del antes y el después: {url_obf}",
            "bajate el modpack de {url_obf}, acá no se puede adjuntar",
        ],
        "de": [
            "Restaurierungsblog mit Vorher-Nachher-Bildern: {url_obf}",
            "hol dir das Modpack von {url_obf}, hier lässt es sich nicht anhängen",
        ],
    },
    # ------------------------------------------------------------------ payment
    "payment_upi": {
        "en": [
            "ma'am the yoga fees for March pls pay to {upi}, my brother's id, I don't have "
            "GPay myself",
            "for the tiffin service monthly: a/c {acct} IFSC {ifsc}, add your flat no. in remarks",
        ],
        "ru": [
            "за йогу за март переведите на UPI {upi}, это брата, у меня самой нет GPay",
            "за доставку обедов помесячно: счёт {acct}, IFSC {ifsc}, в комментарии номер квартиры",
        ],
        "hu": [
            "a márciusi jógadíjat kérem a {upi} UPI-ra, a bátyámé, nekem nincs GPay-em",
            "a havi ebédkiszállításért: számla {acct}, IFSC {ifsc}, megjegyzésbe a lakásszám",
        ],
        "es": [
            "señora, la cuota de yoga de marzo páguela al UPI {upi}, es de mi hermano, yo no "
            "tengo GPay",
            "el servicio de tiffin mensual: cuenta {acct}, IFSC {ifsc}, pon tu número de piso "
            "en el concepto",
        ],
        "de": [
            "die Yogagebühr für März bitte an UPI {upi}, das ist die von meinem Bruder, ich "
            "hab selbst kein GPay",
            "für den Tiffin-Service monatlich: Konto {acct}, IFSC {ifsc}, Wohnungsnummer in "
            "den Verwendungszweck",
        ],
    },
    "payment_link": {
        "en": [
            "the choir arrangement fee goes via {paylink}, the app won't let me price sheet music",
            "chip in for the shelter calendar shoot 🐾 {paylink}",
        ],
        "ru": [
            "за аранжировку для хора оплата по {paylink}, приложение не даёт выставить "
            "цену за ноты",
            "скидываемся на фотосессию для календаря приюта 🐾 {paylink}",
        ],
        "hu": [
            "a kórusfeldolgozás díja itt: {paylink}, az app nem enged árat adni kottára",
            "dobjatok be a menhelyes naptár fotózására 🐾 {paylink}",
        ],
        "es": [
            "el arreglo para el coro se paga por {paylink}, la app no me deja ponerle precio "
            "a partituras",
            "poned algo para la sesión del calendario del refugio 🐾 {paylink}",
        ],
        "de": [
            "das Chor-Arrangement zahlst du über {paylink}, die App lässt mich für Noten "
            "keinen Preis setzen",
            "legt zusammen fürs Tierheim-Kalendershooting 🐾 {paylink}",
        ],
    },
    "payment_card": {
        "en": [
            "I bought the bike parts myself, refund me to card {card} please",
            "drop the fee on my card, spelt out so it doesn't get hidden: {card_words}",
        ],
        "ru": [
            "запчасти для велика купил сам, верните на карту {card}",
            "оплату кидай на карту, пишу словами, чтобы не скрыло: {card_words}",
        ],
        "hu": [
            "a bicikli alkatrészeit én vettem, kérem vissza a {card} kártyára",
            "a díjat dobd a kártyámra, kiírom betűvel, hogy ne rejtse el: {card_words}",
        ],
        "es": [
            "los repuestos de la bici los compré yo, devolvémelo a la tarjeta {card}",
            "el pago a mi tarjeta, te la escribo en letras para que no la tape: {card_words}",
        ],
        "de": [
            "die Fahrradteile hab ich selbst gekauft, bitte auf die Karte {card} zurück",
            "die Gebühr auf meine Karte, ausgeschrieben damit's nicht verdeckt wird: {card_words}",
        ],
    },
    "payment_iban": {
        "en": [
            "the group deposit for the hostel, 30%, to {iban}, reference: your surname",
            "I'm the carpenter's wife, I do his books - the money for the wood goes to {iban}",
        ],
        "ru": [
            "предоплата за группу в хостеле, 30%, на {iban}, в назначении фамилия",
            "я жена столяра, веду его бухгалтерию, деньги за доски переводите на {iban}",
        ],
        "hu": [
            "a csoportos hostelfoglalás előlege, 30%, a {iban} számlára, közleménybe a "
            "vezetékneved",
            "az asztalos felesége vagyok, én könyvelek neki, a faanyag árát a {iban} "
            "számlára kérem",
        ],
        "es": [
            "la seña del grupo para el hostal, 30%, a {iban}, concepto: tu apellido",
            "soy la mujer del carpintero, le llevo las cuentas, lo de la madera a {iban}",
        ],
        "de": [
            "die Gruppenanzahlung fürs Hostel, 30%, an {iban}, Verwendungszweck: euer Nachname",
            "ich bin die Frau vom Schreiner und mach seine Buchhaltung, das Holzgeld bitte "
            "an {iban}",
        ],
    },
    # ------------------------------------------------------------------ pointers, invitations
    "pointer_indirect": {
        "en": [
            "my van's in the last photo of my gallery, the number painted on the side is my "
            "mobile, just call that",
            "I'm in the trade register as {name} Restorations, the phone listed there goes "
            "straight to me",
        ],
        "ru": [
            "на последнем фото в галерее мой фургон, номер на борту — это мой мобильный, "
            "звоните туда",
            "я есть в реестре ИП как {name}, реставрация мебели, телефон оттуда — мой личный",
        ],
        "hu": [
            "a galériám utolsó képén ott a kisbuszom, az oldalára festett szám a mobilom, azt hívd",
            "a cégjegyzékben {name} Bútorrestaurálás néven vagyok, az ott megadott telefon "
            "egyenesen hozzám fut be",
        ],
        "es": [
            "en la última foto de mi galería sale mi furgo, el número pintado en el lateral "
            "es mi móvil, llamá a ese",
            "estoy en el registro mercantil como Restauraciones {name}, el teléfono que "
            "figura ahí me llega directo a mí",
        ],
        "de": [
            "auf dem letzten Bild in meiner Galerie ist mein Bus, die Nummer auf der Seite "
            "ist mein Handy, ruf einfach da an",
            "im Handelsregister steh ich als {name} Restaurierungen, die Telefonnummer dort "
            "geht direkt an mich",
        ],
    },
    "pointer_coded": {
        "en": [
            "on the app with the little yellow ghost I'm the same as my shop name here 👻 add me",
            "my email is my username from here, at the provider with the red envelope M",
        ],
        "ru": [
            "в приложении с жёлтым призраком я под тем же именем, что и магазин тут 👻 добавляйся",
            "почта — мой ник отсюда, у того провайдера, где красный конвертик буквой М",
        ],
        "hu": [
            "a sárga szellemes appban ugyanaz vagyok, mint itt a boltom neve 👻 jelölj be",
            "az e-mailem az itteni felhasználónevem, annál a szolgáltatónál, amelyiknek "
            "piros boríték M a logója",
        ],
        "es": [
            "en la app del fantasmita amarillo me llamo igual que mi tienda de acá 👻 agregame",
            "mi correo es mi usuario de aquí, en el proveedor del sobre rojo con la M",
        ],
        "de": [
            "in der App mit dem gelben Geist heiß ich wie mein Shop hier 👻 adde mich",
            "meine Mail ist mein Nutzername von hier, bei dem Anbieter mit dem roten "
            "Briefumschlag-M",
        ],
    },
    "offplatform_invite": {
        "en": [
            "next season I'll just come by and do your garden directly, no app - I'll leave "
            "a note in your letterbox with how to reach me",
            "my regulars don't book me through here any more, they ask at the studio front "
            "desk, do that next time and we both save",
        ],
        "ru": [
            "в следующем сезоне приду сам и сделаю сад напрямую, без приложения, оставлю "
            "записку в почтовом ящике, как со мной связаться",
            "мои постоянные клиенты давно не записываются через сайт, а просто на ресепшене "
            "студии, в следующий раз так и сделайте, обоим выгоднее",
        ],
        "hu": [
            "jövő szezonban simán átjövök és megcsinálom a kertet közvetlenül, app nélkül, "
            "hagyok egy cetlit a postaládában, hogy hol érsz el",
            "a törzsvendégeim már nem itt foglalnak, hanem a stúdió recepcióján, legközelebb "
            "te is úgy csináld, mindkettőnknek megéri",
        ],
        "es": [
            "la próxima temporada paso y te hago el jardín directamente, sin la app, te dejo "
            "una nota en el buzón con cómo localizarme",
            "mis clientas de siempre ya no reservan por aquí, me piden hora en la recepción "
            "del estudio, hazlo así la próxima y ahorramos las dos",
        ],
        "de": [
            "nächste Saison komm ich einfach so vorbei und mach den Garten direkt, ohne App, "
            "ich werf dir einen Zettel in den Briefkasten, wie du mich erreichst",
            "meine Stammkunden buchen schon lang nicht mehr hier, die fragen einfach am "
            "Empfang vom Studio, mach das nächstes Mal auch, spart uns beiden was",
        ],
    },
    "pay_outside": {
        "en": [
            "let's just swap: you fix my website, I service your bike, no money through the "
            "app so nobody pays commission",
            "instead of paying the order, buy the materials off my wish list for the same "
            "{amount}, the site doesn't see a cent of it",
        ],
        "ru": [
            "давай по бартеру: ты чинишь мне сайт, я обслуживаю твой велик, денег через "
            "приложение никаких, комиссию никто не платит",
            "вместо оплаты заказа купи мне материалы из вишлиста на те же {amount}, сайту ни "
            "копейки не достанется",
        ],
        "hu": [
            "cseréljünk: te megcsinálod a weboldalam, én szervizelem a bringád, pénz nem megy "
            "át az appon, így jutalékot se fizet senki",
            "a rendelés kifizetése helyett vedd meg az anyagokat a kívánságlistámról "
            "ugyanennyiért, {amount}, az oldal egy fillért se lát belőle",
        ],
        "es": [
            "hagamos trueque: vos me arreglás la web y yo te hago el service de la bici, "
            "nada de plata por la app, así nadie paga comisión",
            "en vez de pagar el pedido, cómprame los materiales de mi lista de deseos por los "
            "mismos {amount}, la web no ve ni un céntimo",
        ],
        "de": [
            "lass uns tauschen: du machst meine Website, ich mach den Service an deinem Rad, "
            "kein Geld über die App, dann zahlt keiner Provision",
            "statt die Bestellung zu zahlen, kauf mir die Materialien von meiner Wunschliste "
            "für die gleichen {amount}, die Plattform sieht keinen Cent davon",
        ],
    },
    "direct_settlement": {
        "en": [
            "the extra hour of filming I'll pay you in person at the end of the day, the "
            "booked part stays as it is",
            "our finance department pays suppliers by bank transfer within 30 days of the "
            "invoice, is that ok for the balance of {amount}?",
        ],
        "ru": [
            "дополнительный час съёмки оплачу вам лично в конце дня, а забронированное "
            "остаётся как есть",
            "наша бухгалтерия платит поставщикам переводом в течение 30 дней после счёта, "
            "вас устроит так получить остаток {amount}?",
        ],
        "hu": [
            "a plusz egy óra forgatást a nap végén személyesen kifizetem, a lefoglalt rész "
            "marad, ahogy van",
            "a pénzügyünk a beszállítóknak a számlától számított 30 napon belül utal, így "
            "megfelel a fennmaradó {amount}?",
        ],
        "es": [
            "la hora extra de grabación te la pago en mano al final del día, lo reservado "
            "queda como está",
            "nuestro departamento financiero paga a proveedores por transferencia a 30 días "
            "de factura, ¿le va bien así para el saldo de {amount}?",
        ],
        "de": [
            "die Zusatzstunde Dreh zahl ich dir am Ende vom Tag bar auf die Hand, der "
            "gebuchte Teil bleibt wie er ist",
            "unsere Buchhaltung überweist Lieferanten innert 30 Tagen nach Rechnung, passt "
            "Ihnen das für den Restbetrag von {amount}?",
        ],
    },
    # ------------------------------------------------------------------ hard negatives
    "neg_messenger_product": {
        "en": [
            "the podcast episode is about why teenagers left Facebook for Discord, can you "
            "cut it down to {n} minutes?",
            "for the museum's kids' workshop we need {n} cardboard phone props with fake "
            "Telegram and Viber icons on the screen",
        ],
        "ru": [
            "выпуск подкаста про то, почему подростки ушли из ВК в Телеграм, сократите до {n} "
            "минут?",
            "для детского мастер-класса в музее нужны {n} картонных телефонов-реквизитов с "
            "ненастоящими иконками Телеграма и Вайбера",
        ],
        "hu": [
            "a podcast epizód arról szól, miért hagyták ott a tinik a Facebookot a Discordért, "
            "meg tudod vágni {n} percre?",
            "a múzeumi gyerekfoglalkozásra kell {n} kartonból készült kellék-telefon, a "
            "kijelzőn kamu Telegram és Viber ikonokkal",
        ],
        "es": [
            "el episodio del pódcast va de por qué los chavales dejaron Facebook por Discord, "
            "¿me lo recortas a {n} minutos?",
            "para el taller infantil del museo necesitamos {n} teléfonos de cartón de "
            "utilería con iconos falsos de WhatsApp y Telegram en la pantalla",
        ],
        "de": [
            "in der Podcastfolge geht's darum, warum Teenager von Facebook zu Discord "
            "abgewandert sind, kannst du sie auf {n} Minuten kürzen?",
            "für den Kinderworkshop im Museum brauchen wir {n} Requisiten-Handys aus Karton "
            "mit unechten WhatsApp- und Signal-Icons auf dem Display",
        ],
    },
    "neg_refusal": {
        "en": [
            "my mum (she's 70) nearly gave her number to a 'seller' last week, so I taught "
            "her the rule: everything stays in this chat and she reports anyone who asks",
            "sorry, I can't take the tip by bank transfer, and please don't post your card "
            "details here - if you're happy, the tip button on the order is enough",
        ],
        "ru": [
            "мама (ей 70) на прошлой неделе чуть не дала свой номер какому-то «продавцу», "
            "объяснила ей правило: всё только в этом чате, а кто просит контакты — жалоба",
            "извините, чаевые переводом на карту не возьму, и данные карты сюда не пишите, "
            "если всё понравилось, хватит кнопки чаевых в заказе",
        ],
        "hu": [
            "anyukám (70 éves) múlt héten majdnem megadta a számát egy „eladónak”, szóval "
            "megtanítottam: minden marad ebben a chatben, és aki elérhetőséget kér, azt "
            "jelenti",
            "bocsi, a borravalót nem tudom átutalással elfogadni, és a kártyaadataidat se "
            "írd ide, ha elégedett vagy, elég a borravaló gomb a rendelésnél",
        ],
        "es": [
            "mi vieja (tiene 70) casi le pasa su número a un supuesto vendedor la semana "
            "pasada, así que le enseñé la regla: todo queda en este chat y al que pida datos "
            "lo denuncia",
            "perdona, la propina por transferencia no la puedo aceptar, y no pongas los "
            "datos de tu tarjeta aquí, si quedaste contenta con el botón de propina del "
            "pedido basta",
        ],
        "de": [
            "meine Mutter (70) hätte letzte Woche fast ihre Nummer an einen angeblichen "
            "Verkäufer gegeben, ich hab ihr die Regel erklärt: alles bleibt in diesem Chat, "
            "und wer nach Kontaktdaten fragt, wird gemeldet",
            "sorry, Trinkgeld per Überweisung kann ich nicht annehmen, und bitte keine "
            "Kartendaten hier reinschreiben, wenn's gepasst hat, reicht der Trinkgeld-Knopf "
            "im Auftrag",
        ],
    },
    "neg_code": {
        "en": [
            "in the Minecraft plugin the /msg command should block anything that looks like "
            "an email, reuse the regex from utils/ChatFilter.java",
            "@Autowired on the constructor please, and SMTP_HOST comes from the k8s secret, "
            "don't hardcode it in application.yml",
        ],
        "ru": [
            "в плагине для Майнкрафта команда /msg должна резать всё, что похоже на имейл, "
            "возьми регулярку из utils/ChatFilter.java",
            "@Autowired повесь на конструктор, а SMTP_HOST бери из секрета k8s, не хардкодь "
            "в application.yml",
        ],
        "hu": [
            "a Minecraft pluginben a /msg parancs szűrjön ki mindent, ami e-mailnek néz ki, "
            "a regexet vedd át a utils/ChatFilter.java-ból",
            "@Autowired a konstruktorra légyszi, az SMTP_HOST pedig a k8s secretből jön, ne "
            "égesd bele az application.yml-be",
        ],
        "es": [
            "en el plugin de Minecraft el comando /msg tiene que bloquear todo lo que parezca "
            "un email, reutiliza la regex de utils/ChatFilter.java",
            "poné @Autowired en el constructor, y SMTP_HOST sale del secret de k8s, no lo "
            "hardcodees en application.yml",
        ],
        "de": [
            "im Minecraft-Plugin soll der /msg-Befehl alles blocken, was wie eine Mailadresse "
            "aussieht, nimm die Regex aus utils/ChatFilter.java",
            "@Autowired bitte an den Konstruktor, und SMTP_HOST kommt aus dem k8s-Secret, "
            "nicht in der application.yml hardcoden",
        ],
    },
    "neg_tax": {
        "en": [
            "the foundation's donation receipts have to show {tax}, otherwise donors can't "
            "deduct anything",
            "bookkeeping question: on order {order} does the reverse-charge line take your "
            "{tax} or ours?",
        ],
        "ru": [
            "в квитанциях о пожертвовании фонду обязательно должен стоять {tax}, иначе "
            "жертвователи не получат вычет",
            "вопрос по бухгалтерии: в заказе {order} в строке обратного начисления ставим "
            "ваш {tax} или наш?",
        ],
        "hu": [
            "az alapítvány adományigazolásain rajta kell lennie az azonosítónak ({tax}), "
            "különben az adományozók nem tudják leírni",
            "könyvelési kérdés: a {order} rendelésnél a fordított adózás sorába ez kerül, "
            "{tax}, vagy a mi számunk?",
        ],
        "es": [
            "los recibos de donación de la fundación tienen que llevar {tax}, si no los "
            "donantes no pueden desgravar",
            "duda contable: en el pedido {order}, ¿en la línea de inversión del sujeto pasivo "
            "va tu {tax} o el nuestro?",
        ],
        "de": [
            "auf den Spendenquittungen der Stiftung muss {tax} stehen, sonst können die "
            "Spender nichts absetzen",
            "Buchhaltungsfrage: kommt bei Auftrag {order} in die Reverse-Charge-Zeile Ihre "
            "{tax} oder unsere?",
        ],
    },
    "neg_test_card": {
        "en": [
            "subscription renewal fails with {testcard} on staging and the retry email says "
            "'card expired', which is wrong for that test number",
            "training the cashiers on the new terminal today, we only ever key in {testcard}, "
            "never a guest's real card",
        ],
        "ru": [
            "продление подписки на стейджинге падает с {testcard}, а письмо о повторной "
            "попытке пишет «карта просрочена», для этого тестового номера это неверно",
            "сегодня учим кассиров на новом терминале, вводим только {testcard}, никогда "
            "настоящую карту гостя",
        ],
        "hu": [
            "stagingen az előfizetés megújítása elhasal {testcard} kártyával, és az "
            "újrapróbálkozós levél azt írja, „lejárt kártya”, ami erre a tesztszámra nem igaz",
            "ma tanítjuk a pénztárosokat az új terminálon, csak a {testcard} számot ütjük be, "
            "vendég igazi kártyáját soha",
        ],
        "es": [
            "la renovación de la suscripción falla con {testcard} en staging y el mail de "
            "reintento dice 'tarjeta caducada', que para ese número de prueba no es cierto",
            "hoy formamos a los cajeros con el terminal nuevo, solo tecleamos {testcard}, "
            "nunca la tarjeta real de un cliente",
        ],
        "de": [
            "die Abo-Verlängerung schlägt auf Staging mit {testcard} fehl, und die "
            "Retry-Mail sagt 'Karte abgelaufen', was für die Testnummer nicht stimmt",
            "wir schulen heute die Kassierer am neuen Terminal, getippt wird nur {testcard}, "
            "nie die echte Karte eines Gastes",
        ],
    },
    "neg_prices": {
        "en": [
            "tuning a grand is {amount}, an upright a bit less, both bookable here",
            "drone package: {amount} for {n} locations incl. editing, each extra spot {amount}",
        ],
        "ru": [
            "настройка рояля {amount}, пианино чуть дешевле, и то и другое можно заказать тут",
            "пакет с дроном: {amount} за {n} локаций с монтажом, каждая дополнительная {amount}",
        ],
        "hu": [
            "egy zongora hangolása {amount}, a pianínó kicsit kevesebb, mindkettő itt foglalható",
            "drónos csomag: {amount} {n} helyszínre vágással együtt, minden plusz helyszín "
            "{amount}",
        ],
        "es": [
            "afinar un piano de cola sale {amount}, uno vertical algo menos, los dos se "
            "reservan aquí",
            "paquete con dron: {amount} por {n} locaciones con edición incluida, cada "
            "locación extra {amount}",
        ],
        "de": [
            "einen Flügel stimmen kostet {amount}, ein Klavier etwas weniger, beides hier buchbar",
            "Drohnenpaket: {amount} für {n} Drehorte inkl. Schnitt, jeder weitere Ort {amount}",
        ],
    },
    "neg_dates_orders": {
        "en": [
            "the chimney sweep for {order} comes on {date}, please leave the loft hatch open",
            "the bees arrive {date}, so the hive from order {order} has to be assembled by then",
        ],
        "ru": [
            "трубочист по заказу {order} придёт {date}, оставьте, пожалуйста, люк на чердак "
            "открытым",
            "пчёлы приезжают {date}, к этому дню улей из заказа {order} должен быть собран",
        ],
        "hu": [
            "a kéményseprő a {order} rendeléshez {date} jön, a padlásfeljárót hagyják nyitva",
            "a méhek {date} érkeznek, addigra össze kell rakni a kaptárt a {order} rendelésből",
        ],
        "es": [
            "el deshollinador del pedido {order} viene el {date}, dejen abierta la trampilla "
            "del desván",
            "las abejas llegan el {date}, para entonces la colmena del pedido {order} tiene "
            "que estar montada",
        ],
        "de": [
            "der Kaminkehrer für {order} kommt am {date}, bitte die Dachbodenluke offen lassen",
            "die Bienen kommen am {date}, bis dahin muss der Stock aus Bestellung {order} "
            "aufgebaut sein",
        ],
    },
    "neg_work_talk": {
        "en": [
            "the oak table had three coats of old varnish, stripped it back to bare wood, "
            "photos of every stage are in the order",
            "do you want the mural's sky more Tuscan or more North Sea? honest question, "
            "both work with the wall",
        ],
        "ru": [
            "на дубовом столе было три слоя старого лака, снял до чистого дерева, фото "
            "каждого этапа в заказе",
            "небо на росписи хотите скорее тосканское или как над Балтикой? честно, к стене "
            "подходит и то и то",
        ],
        "hu": [
            "a tölgyasztalon három réteg régi lakk volt, lecsiszoltam nyers fáig, minden "
            "fázisról van fotó a rendelésben",
            "a falfestményen az ég inkább toszkán legyen vagy inkább balatoni vihar előtti? "
            "komolyan kérdezem, mindkettő jól mutat a falon",
        ],
        "es": [
            "la mesa de roble tenía tres capas de barniz viejo, la dejé en madera viva, hay "
            "fotos de cada paso en el pedido",
            "¿el cielo del mural lo querés más toscano o más Cantábrico? pregunta en serio, "
            "los dos quedan bien con la pared",
        ],
        "de": [
            "der Eichentisch hatte drei Schichten alten Lack, hab ihn bis aufs rohe Holz "
            "abgezogen, Fotos von jedem Schritt sind im Auftrag",
            "soll der Himmel im Wandbild eher toskanisch oder eher Nordsee werden? ehrliche "
            "Frage, beides passt zur Wand",
        ],
    },
    "neg_tech_names": {
        "en": [
            "the tyres are 205/55 R16 91V, the ones in the listing photo are 225/45 R17, "
            "please double-check before ordering",
            "timecode 00:14:32:10 to 00:15:01:22 needs the voice re-recorded, 48 kHz 24-bit WAV",
        ],
        "ru": [
            "шины 205/55 R16 91V, а на фото в объявлении 225/45 R17, перепроверьте перед заказом",
            "с таймкода 00:14:32:10 до 00:15:01:22 голос надо перезаписать, WAV 48 кГц 24 бит",
        ],
        "hu": [
            "a gumik 205/55 R16 91V méretűek, a hirdetés fotóján 225/45 R17 van, rendelés "
            "előtt nézd meg még egyszer",
            "a 00:14:32:10 és 00:15:01:22 közötti timecode-nál újra kell venni a hangot, "
            "48 kHz 24 bit WAV",
        ],
        "es": [
            "las ruedas son 205/55 R16 91V, las de la foto del anuncio son 225/45 R17, "
            "revísalo antes de pedir",
            "del código de tiempo 00:14:32:10 al 00:15:01:22 hay que regrabar la voz, WAV a "
            "48 kHz y 24 bits",
        ],
        "de": [
            "die Reifen sind 205/55 R16 91V, auf dem Foto im Inserat sind 225/45 R17, bitte "
            "vor dem Bestellen nochmal prüfen",
            "von Timecode 00:14:32:10 bis 00:15:01:22 muss die Stimme neu aufgenommen "
            "werden, 48 kHz 24 Bit WAV",
        ],
    },
    "neg_platform_talk": {
        "en": [
            "the site split my payment into two milestones on its own, the second one is "
            "released when you hit 'accept'",
            "could you send the extra work as a custom quote in the order room? I can only "
            "pay what shows up there",
        ],
        "ru": [
            "сайт сам разбил оплату на два этапа, второй разблокируется, когда нажмёте «принять»",
            "можете оформить доп. работу как индивидуальное предложение в комнате заказа? я "
            "могу оплатить только то, что там появится",
        ],
        "hu": [
            "az oldal magától két mérföldkőre bontotta a fizetést, a második akkor szabadul "
            "fel, amikor rányomsz az „elfogadom”-ra",
            "el tudnád küldeni a plusz munkát egyedi ajánlatként a rendelés szobájában? csak "
            "azt tudom kifizetni, ami ott megjelenik",
        ],
        "es": [
            "la web me dividió el pago en dos hitos sola, el segundo se libera cuando le das "
            "a 'aceptar'",
            "¿me mandás el trabajo extra como presupuesto personalizado en la sala del "
            "pedido? solo puedo pagar lo que aparezca ahí",
        ],
        "de": [
            "die Seite hat meine Zahlung von selbst in zwei Meilensteine aufgeteilt, der "
            "zweite wird frei, wenn du auf 'annehmen' klickst",
            "kannst du die Zusatzarbeit als individuelles Angebot im Auftragsraum schicken? "
            "ich kann nur zahlen, was dort auftaucht",
        ],
    },
    "neg_invoice_figures": {
        "en": [
            "the bakery's breakdown for the tiered cakes: {quote}, paid through the order as "
            "agreed",
            "{name} from accounts here: the tiling invoice reads {vat}, matches the platform "
            "receipt",
        ],
        "ru": [
            "расчёт пекарни за ярусные торты: {quote}, оплата через заказ, как договаривались",
            "{name} из бухгалтерии: в счёте за укладку плитки {vat}, совпадает с квитанцией "
            "платформы",
        ],
        "hu": [
            "a cukrászda bontása az emeletes tortákra: {quote}, a rendelésen keresztül "
            "fizetve, ahogy megbeszéltük",
            "{name} a könyvelésről: a csempézés számláján {vat} áll, egyezik a platform "
            "nyugtájával",
        ],
        "es": [
            "el desglose de la pastelería para las tartas de pisos: {quote}, pagado por el "
            "pedido como quedamos",
            "{name} de contabilidad: la factura del alicatado dice {vat}, cuadra con el "
            "recibo de la plataforma",
        ],
        "de": [
            "die Aufstellung der Konditorei für die Etagentorten: {quote}, wie vereinbart "
            "über den Auftrag bezahlt",
            "{name} aus der Buchhaltung: auf der Fliesenlegerrechnung steht {vat}, passt zur "
            "Quittung der Plattform",
        ],
    },
    "neg_logistics_numbers": {
        "en": [
            "the restored dresser goes to {addr}, it's {dims} and about {weight}, the "
            "porter takes deliveries {slot}",
            "firmware {version} bricks the drone's gimbal, see {ticket}, rolling back fixes it",
        ],
        "ru": [
            "отреставрированный комод едет на {addr}, он {dims} и весит около {weight}, "
            "консьерж принимает доставки {slot}",
            "прошивка {version} окирпичивает подвес дрона, см. {ticket}, откат помогает",
        ],
        "hu": [
            "a felújított komód ide megy: {addr}, {dims} és kb. {weight}, a portás {slot} "
            "veszi át a szállítmányokat",
            "a {version} firmware kinyírja a drón gimbalját, lásd {ticket}, a visszaállítás "
            "megoldja",
        ],
        "es": [
            "la cómoda restaurada va a {addr}, mide {dims} y pesa unos {weight}, el conserje "
            "recibe entregas de {slot}",
            "el firmware {version} deja muerto el gimbal del dron, ver {ticket}, volver a la "
            "versión anterior lo arregla",
        ],
        "de": [
            "die restaurierte Kommode geht an {addr}, sie misst {dims} und wiegt etwa "
            "{weight}, der Hauswart nimmt Lieferungen {slot} an",
            "Firmware {version} legt den Gimbal der Drohne lahm, siehe {ticket}, ein "
            "Rollback behebt es",
        ],
    },
    "neg_contact_design": {
        "en": [
            "lost cat poster template: photo, the cat's name, and a blank strip at the "
            "bottom for tear-off tabs the owner fills in by hand",
            "conference badge layout: name, company and a QR with the attendee ID only - no "
            "phone, no email, privacy rules",
        ],
        "ru": [
            "шаблон объявления о пропавшей кошке: фото, кличка и пустая полоска внизу под "
            "отрывные листочки, хозяйка заполнит их от руки",
            "макет бейджа для конференции: имя, компания и QR только с ID участника, без "
            "телефона и почты, так требует политика конфиденциальности",
        ],
        "hu": [
            "elveszett macskás plakát sablon: fotó, a cica neve és alul egy üres csík a "
            "letéphető cetliknek, azokat a gazdi kézzel tölti ki",
            "konferenciakitűző elrendezése: név, cég és egy QR csak a résztvevő "
            "azonosítójával, se telefon, se e-mail, adatvédelmi okokból",
        ],
        "es": [
            "plantilla del cartel de gato perdido: foto, el nombre del gato y una franja en "
            "blanco abajo para las tiras recortables que la dueña rellena a mano",
            "diseño de la acreditación del congreso: nombre, empresa y un QR solo con el ID "
            "del asistente, sin teléfono ni correo, por protección de datos",
        ],
        "de": [
            "Vorlage fürs Vermisst-Plakat der Katze: Foto, Name der Katze und unten ein "
            "leerer Streifen für die Abreißzettel, die die Besitzerin von Hand ausfüllt",
            "Layout der Konferenz-Namensschilder: Name, Firma und ein QR nur mit der "
            "Teilnehmer-ID, kein Telefon, keine Mail, Datenschutz",
        ],
    },
}
# The number fillers borrowed from the first held-out module (its values are checked there to
# be no phone, card or account); every other slot is a shared one. The same set as the second
# and third held-out splits'.
HOLDOUT_SLOTS = frozenset({"vat", "quote", "addr", "slot", "dims", "weight", "ticket", "version"})
