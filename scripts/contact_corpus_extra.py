"""Hard-negative phrasings added after the split was drawn: they go to train and dev only.

The first corpus had few benign messages per language in which a long number stands next to
a date, an invoice, a tax id, a parcel or a product, so dev could not show why such messages
were flagged on unseen wordings. These phrasings (invoices with tax numbers, invoice and
contract numbers, tracking and batch numbers, barcodes and serials, venue addresses, products
named after a messenger, code, talk about the platform) widen those families for tuning.

They are appended *after* every original family has been built, from the same random stream,
so the original messages and their split (the test split and its sealed slice included) stay
byte for byte as they were; each extra group goes to train or dev, never to test. Template
*i* of a family here, in all five languages, is one group, like in
``contact_corpus_templates``.

Their slot values have their own fillers below (tax ids without a keyword, venue addresses,
parcel numbers ...); the shared ones (``{name}``, ``{date}``, ``{order}``, ``{amount}``,
``{tax}``, ``{n}``) come from ``contact_corpus_slots``.
"""

from __future__ import annotations

import random

EXTRA_SPLITS = ("dev", "train")
FILLS = 8

# family id -> language -> phrasings; every language lists the same number of phrasings.
EXTRA: dict[str, dict[str, list[str]]] = {
    "neg_tax": {
        "en": [
            "invoice to {name} Ltd, {tax}, payment within 8 days",
            "is {tax} still the right one for the new invoice?",
            "the tax identification number on the contract: {taxid}",
            "tax reg. {taxid}, registered office {venue}",
            "billing: {name}, sole trader, tax no {taxid}, {amount} + VAT",
            "invoice no. {invoice} issued on {date}, due in 14 days",
            "the invoice number is {invoice}, please quote it with the payment on the site",
            "tax number {taxid}, the company is registered under number {regno}",
            "invoice {invoice} dated {date} is paid",
        ],
        "ru": [
            "счёт на ООО «{name}», {tax}, оплата в течение 5 дней",
            "{tax} ещё актуален для нового счёта?",
            "идентификационный номер налогоплательщика: {taxid}",
            "ИНН {taxid}, юр. адрес: {venue}",
            "реквизиты: ИП {name}, ИНН {taxid}, сумма {amount}",
            "счёт № {invoice} от {date}, оплатить в течение 5 дней",
            "номер счёта-фактуры {invoice}, укажите его в комментарии к заказу",
            "налоговый номер {taxid}, компания зарегистрирована под номером {regno}",
            "счёт № {ordernum} от {date} оплачен",
        ],
        "hu": [
            "a számlát a {name} Kft. nevére kérem, {tax}, 8 napos fizetési határidővel",
            "a {tax} még jó az új számlához?",
            "az adóazonosító számunk {taxid}",
            "adószám {taxid}, székhely: {venue}",
            "számlázási név: {name} e.v., adószám {taxid}, összeg {amount}",
            "a {invoice} sorszámú számla kelte {date}, fizetési határidő 8 nap",
            "a számla sorszáma {invoice}, írd be a rendelés megjegyzésébe",
            "adószám {taxid}, a cég {regno} szám alatt van bejegyezve",
            "számlaszám: {invoice}, kelte {date}",
        ],
        "es": [
            "factura a nombre de {name} S.L., {tax}, pago a 30 días",
            "¿sigue valiendo {tax} para la nueva factura?",
            "nuestro número de identificación fiscal es {taxid}",
            "CIF {taxid}, domicilio social: {venue}",
            "datos: {name}, autónomo, NIF {taxid}, importe {amount}",
            "factura n.º {invoice} emitida el {date}, vence en 30 días",
            "el número de factura es {invoice}, ponlo en las notas del pedido",
            "número fiscal {taxid}, sociedad inscrita con el número {regno}",
            "la factura {invoice} del {date} está pagada",
        ],
        "de": [
            "Rechnung bitte an {name} GmbH, {tax}, zahlbar in 14 Tagen",
            "gilt {tax} noch für die neue Rechnung?",
            "unsere Steuer-ID lautet {taxid}",
            "St.-Nr. {taxid}, Sitz: {venue}",
            "Rechnungsdaten: {name}, Einzelunternehmen, St.-Nr. {taxid}, Betrag {amount}",
            "Rechnung Nr. {invoice} vom {date}, fällig in 14 Tagen",
            "die Rechnungsnummer lautet {invoice}, bitte in den Bestellnotizen angeben",
            "Steuernummer {taxid}, die Firma ist unter der Nummer {regno} eingetragen",
            "Rechnung {invoice} vom {date} ist bezahlt",
        ],
    },
    "neg_dates_orders": {
        "en": [
            "order {order} placed on {date}, delivery on {date}",
            "tracking number {tracking}, it should arrive by {date}",
            "batch {batch} was printed on {date}",
            "from {date} to {date}, 9:00 to 17:30",
            "contract {contract} signed on {date}",
            "see support ticket {order}, opened on {date}",
            "the order from {date} is registered under number {ordernum}",
            "{ordernum} is the order number, due {date}",
            "I placed order {ordernum} on {date}",
        ],
        "ru": [
            "заказ {order} оформлен {date}, доставка {date}",
            "трек-номер {tracking}, посылка будет к {date}",
            "партия {batch} напечатана {date}",
            "с {date} по {date}, с 9:00 до 17:30",
            "договор № {contract} от {date} подписан",
            "обращение {order} в поддержку от {date}",
            "заказ от {date} под номером {ordernum}",
            "{ordernum} — это номер заказа, сдача {date}",
            "{date} оформил заказ {ordernum}",
        ],
        "hu": [
            "a {order} számú rendelést {date} adtam le, szállítás {date}",
            "a csomag követési száma {tracking}, {date} körül érkezik",
            "a {batch} sorozatot {date} nyomtatták",
            "{date} és {date} között, 9:00 és 17:30 között",
            "a {contract} számú szerződést {date} írtuk alá",
            "a {order} számú hibajegy {date} óta nyitva van",
            "a {date}-i rendelés {ordernum} szám alatt fut",
            "{ordernum} a rendelés száma, határidő {date}",
            "{date} jött a {ordernum}-es rendelés",
        ],
        "es": [
            "pedido {order} hecho el {date}, entrega el {date}",
            "número de seguimiento {tracking}, llega el {date}",
            "el lote {batch} se imprimió el {date}",
            "del {date} al {date}, de 9:00 a 17:30",
            "contrato n.º {contract} firmado el {date}",
            "ticket de soporte {order}, abierto el {date}",
            "el pedido del {date} está registrado con el número {ordernum}",
            "{ordernum} es el número de pedido, entrega el {date}",
            "el {date} hice el pedido {ordernum}",
        ],
        "de": [
            "Bestellung {order} vom {date}, Lieferung am {date}",
            "Sendungsnummer {tracking}, kommt bis {date}",
            "Charge {batch} wurde am {date} gedruckt",
            "vom {date} bis {date}, 9:00 bis 17:30 Uhr",
            "Vertrag Nr. {contract} vom {date} ist unterschrieben",
            "Support-Ticket {order}, offen seit {date}",
            "die Bestellung vom {date} läuft unter der Nummer {ordernum}",
            "{ordernum} ist die Bestellnummer, fällig am {date}",
            "am {date} habe ich Auftrag {ordernum} erteilt",
        ],
    },
    "neg_prices": {
        "en": [
            "total incl. VAT: {bigamount}, paid in {n} instalments",
            "price list: logo {amount}, banner {amount}, cards {amount}",
            "{amount} now and {amount} after the second draft, through the order",
        ],
        "ru": [
            "итого с НДС: {bigamount}, оплата в {n} этапа",
            "прайс: логотип {amount}, баннер {amount}, визитки {amount}",
            "{amount} сейчас и {amount} после второго варианта, через заказ",
        ],
        "hu": [
            "bruttó végösszeg {bigamount}, {n} részletben",
            "árlista: logó {amount}, banner {amount}, névjegy {amount}",
            "{amount} most és {amount} a második vázlat után, a rendelésen keresztül",
        ],
        "es": [
            "total con IVA: {bigamount}, en {n} pagos",
            "tarifas: logo {amount}, banner {amount}, tarjetas {amount}",
            "{amount} ahora y {amount} tras el segundo boceto, por el pedido",
        ],
        "de": [
            "Gesamt inkl. MwSt.: {bigamount}, in {n} Raten",
            "Preisliste: Logo {amount}, Banner {amount}, Karten {amount}",
            "{amount} jetzt und {amount} nach dem zweiten Entwurf, über den Auftrag",
        ],
    },
    "neg_tech_names": {
        "en": [
            "the barcode on the box is {ean}",
            "SKU {sku}, 50x70 cm, 300 g/m2 paper",
            "the serial number of the camera is {serial}",
            "brand colours: CMYK 0 35 85 0, Pantone 7409 C, RGB 255 166 0",
        ],
        "ru": [
            "штрихкод на коробке {ean}",
            "артикул {sku}, формат 50x70 см, бумага 300 г/м2",
            "серийный номер камеры {serial}",
            "цвета бренда: CMYK 0 35 85 0, Pantone 7409 C, RGB 255 166 0",
        ],
        "hu": [
            "a dobozon a vonalkód {ean}",
            "cikkszám {sku}, 50x70 cm, 300 g/m2 papír",
            "a kamera sorozatszáma {serial}",
            "a márka színei: CMYK 0 35 85 0, Pantone 7409 C, RGB 255 166 0",
        ],
        "es": [
            "el código de barras de la caja es {ean}",
            "referencia {sku}, 50x70 cm, papel de 300 g/m2",
            "el número de serie de la cámara es {serial}",
            "colores de marca: CMYK 0 35 85 0, Pantone 7409 C, RGB 255 166 0",
        ],
        "de": [
            "der Barcode auf der Verpackung ist {ean}",
            "Artikelnr. {sku}, 50x70 cm, 300 g/m2 Papier",
            "die Seriennummer der Kamera ist {serial}",
            "Markenfarben: CMYK 0 35 85 0, Pantone 7409 C, RGB 255 166 0",
        ],
    },
    "neg_work_talk": {
        "en": [
            "the shoot is at {venue}, {date} 10:00",
            "room 305, 3rd floor, building B, the event starts at 18:30",
            "I'll upload the {n} files here by 18:00, about {n}0 MB in all",
        ],
        "ru": [
            "съёмка по адресу {venue}, {date} в 10:00",
            "зал 305, 3 этаж, корпус Б, начало в 18:30",
            "загружу сюда {n} файлов до 18:00, всего около {n}0 МБ",
        ],
        "hu": [
            "a fotózás helyszíne {venue}, {date} 10:00",
            "305-ös terem, 3. emelet, B épület, 18:30-kor kezdünk",
            "18:00-ig feltöltöm ide a {n} fájlt, kb. {n}0 MB összesen",
        ],
        "es": [
            "la sesión es en {venue}, el {date} a las 10:00",
            "sala 305, 3.ª planta, edificio B, empieza a las 18:30",
            "subo aquí los {n} archivos antes de las 18:00, unos {n}0 MB",
        ],
        "de": [
            "das Shooting ist in {venue}, am {date} um 10:00",
            "Raum 305, 3. Stock, Gebäude B, Beginn 18:30",
            "ich lade die {n} Dateien bis 18:00 hier hoch, etwa {n}0 MB",
        ],
    },
    "neg_messenger_product": {
        "en": [
            "design {n} stickers for a Telegram sticker pack",
            "make the Instagram post 1080x1350 with our logo",
            "our WhatsApp Business catalogue needs {n} product photos",
        ],
        "ru": [
            "нарисуйте {n} стикеров для стикерпака в телеграме",
            "пост для инстаграма 1080x1350 с нашим логотипом",
            "для каталога WhatsApp Business нужно {n} фото товаров",
        ],
        "hu": [
            "{n} matricát kérek egy Telegram matricacsomaghoz",
            "az Instagram-poszt legyen 1080x1350-es, a logónkkal",
            "a WhatsApp Business katalógusunkba {n} termékfotó kell",
        ],
        "es": [
            "diseña {n} stickers para un pack de Telegram",
            "el post de Instagram en 1080x1350 con nuestro logo",
            "el catálogo de WhatsApp Business necesita {n} fotos de producto",
        ],
        "de": [
            "gestalte {n} Sticker für ein Telegram-Stickerpack",
            "den Instagram-Post in 1080x1350 mit unserem Logo",
            "unser WhatsApp-Business-Katalog braucht {n} Produktfotos",
        ],
    },
    "neg_code": {
        "en": [
            'the type="tel" field needs a pattern for +36 numbers',
            "git checkout -b fix/{n}-email-validation && npm test",
        ],
        "ru": [
            'полю type="tel" нужен шаблон для номеров +7',
            "git checkout -b fix/{n}-email-validation && npm test, потом мерж",
        ],
        "hu": [
            'a type="tel" mezőhöz kell egy minta a +36-os számokra',
            "git checkout -b fix/{n}-email-validation && npm test, aztán merge",
        ],
        "es": [
            'el campo type="tel" necesita un patrón para números +34',
            "git checkout -b fix/{n}-email-validation && npm test y luego merge",
        ],
        "de": [
            'das Feld type="tel" braucht ein Muster für +49-Nummern',
            "git checkout -b fix/{n}-email-validation && npm test, dann mergen",
        ],
    },
    "neg_platform_talk": {
        "en": [
            "I opened a dispute on the site for order {order}",
            "the money stays in escrow until you accept the delivery",
        ],
        "ru": [
            "открыл спор на сайте по заказу {order}",
            "деньги в безопасной сделке, пока вы не примете работу",
        ],
        "hu": [
            "vitát nyitottam az oldalon a {order} rendelésre",
            "a pénz letétben marad, amíg el nem fogadod a munkát",
        ],
        "es": [
            "abrí una disputa en la web por el pedido {order}",
            "el dinero queda en depósito hasta que aceptes la entrega",
        ],
        "de": [
            "ich habe auf der Seite einen Streitfall zu Bestellung {order} eröffnet",
            "das Geld bleibt treuhänderisch verwahrt, bis du die Lieferung annimmst",
        ],
    },
    "neg_refusal": {
        "en": [
            "please don't send phone numbers here, the site blocks them",
            "I don't use WhatsApp for work, only this chat",
        ],
        "ru": [
            "не присылайте сюда номера телефонов, сайт их блокирует",
            "ватсап для работы не использую, только этот чат",
        ],
        "hu": [
            "ne küldj ide telefonszámot, az oldal letiltja",
            "munkára nem használok WhatsAppot, csak ezt a chatet",
        ],
        "es": [
            "no mandes números de teléfono aquí, la web los bloquea",
            "no uso WhatsApp para trabajar, solo este chat",
        ],
        "de": [
            "bitte keine Telefonnummern hier, die Seite sperrt sie",
            "WhatsApp nutze ich nicht für die Arbeit, nur diesen Chat",
        ],
    },
}


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(n - 1))


def taxid(rng: random.Random, lang: str) -> str:
    """A tax or company number in its country's shape, without the keyword before it."""
    n = rng.randrange
    return {
        "en": rng.choice([f"{n(10, 99)}-{n(1000000, 9999999)}", f"GB{n(10**8, 10**9 - 1)}"]),
        "ru": rng.choice([_digits(rng, 10), _digits(rng, 12)]),
        "hu": rng.choice([f"{n(10**7, 10**8 - 1)}-{n(1, 5)}-{n(10, 44)}", _digits(rng, 10)]),
        "es": rng.choice([f"B{n(10**7, 10**8 - 1)}", f"{n(10**7, 10**8 - 1)}Z"]),
        "de": rng.choice([f"{n(10, 99)}/{n(100, 999)}/{n(10000, 99999)}", _digits(rng, 11)]),
    }[lang]


def venue(rng: random.Random, lang: str) -> str:
    """A street address of a venue or an office, the way it is written in each country."""
    no, zip5 = rng.randrange(1, 120), rng.randrange(10000, 99999)
    return {
        "en": f"{no} {rng.choice(['High', 'Mill', 'Church'])} Street, London E1 6AN",
        "ru": f"Москва, ул. {rng.choice(['Тверская', 'Лесная', 'Садовая'])}, д. {no}, офис 305",
        "hu": f"{rng.randrange(1011, 1239)} Budapest, {rng.choice(['Váci', 'Fő', 'Király'])} "
        f"utca {no}.",
        "es": f"Calle {rng.choice(['Mayor', 'Alcalá', 'Serrano'])} {no}, 28013 Madrid",
        "de": f"{rng.choice(['Hauptstraße', 'Gartenweg', 'Lindenallee'])} {no}, {zip5} Berlin",
    }[lang]


def invoice(rng: random.Random) -> str:
    year = rng.choice([2025, 2026])
    shapes = [
        f"{year}/{rng.randrange(1, 99999):05d}",
        f"{year}-{rng.randrange(1, 999999):06d}",
        f"INV-{year}-{rng.randrange(1, 9999):04d}",
        _digits(rng, rng.choice((8, 10))),
    ]
    return rng.choice(shapes)


def tracking(rng: random.Random) -> str:
    return rng.choice(
        [_digits(rng, 14), f"RR{_digits(rng, 9)}HU", _digits(rng, 12), f"1Z{_digits(rng, 16)}"]
    )


def batch(rng: random.Random) -> str:
    y, m, d = rng.choice([2025, 2026]), rng.randrange(1, 13), rng.randrange(1, 29)
    return rng.choice([f"{y}{m:02d}{d:02d}", f"{y}{m:02d}{d:02d}-{rng.randrange(1, 9)}"])


def contract(rng: random.Random) -> str:
    return rng.choice(
        [f"{rng.randrange(1, 999)}-{rng.choice([2025, 2026])}", _digits(rng, 9), _digits(rng, 7)]
    )


def big_amount(rng: random.Random, lang: str) -> str:
    value = rng.choice([125000, 480000, 1250000, 2340000])
    spaced = f"{value:,}".replace(",", " ")
    return {
        "en": rng.choice([f"${value:,}", f"{value:,} USD"]),
        "ru": rng.choice([f"{spaced} руб.", f"{spaced} ₽"]),
        "hu": rng.choice([f"{spaced} Ft", f"{spaced} HUF"]),
        "es": rng.choice([f"{spaced} €", f"{value:,} euros".replace(",", ".")]),
        "de": rng.choice([f"{value:,} €".replace(",", "."), f"EUR {spaced}"]),
    }[lang]


def ean(rng: random.Random) -> str:
    """An EAN-13 product barcode with its check digit."""
    body = rng.choice(["590", "599", "460", "400", "840", "843"]) + _digits(rng, 9)
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def sku(rng: random.Random) -> str:
    return rng.choice([_digits(rng, 7), _digits(rng, 9), f"{_digits(rng, 3)}-{_digits(rng, 5)}"])


def serial(rng: random.Random) -> str:
    return rng.choice([_digits(rng, 10), f"SN{_digits(rng, 9)}", _digits(rng, 12)])


def ordernum(rng: random.Random) -> str:
    """An order or document number as a bare run of digits."""
    return _digits(rng, rng.choice((8, 9)))


def regno(rng: random.Random) -> str:
    """A company registration number (13 digits like an ОГРН, or 8)."""
    return _digits(rng, rng.choice((13, 8)))


def fill(slot: str, rng: random.Random, lang: str) -> str | None:
    """This module's slot values, or None for a shared slot."""
    if slot in ("taxid", "venue", "bigamount"):
        return {"taxid": taxid, "venue": venue, "bigamount": big_amount}[slot](rng, lang)
    fillers = {
        "invoice": invoice,
        "tracking": tracking,
        "batch": batch,
        "contract": contract,
        "ean": ean,
        "sku": sku,
        "serial": serial,
        "ordernum": ordernum,
        "regno": regno,
    }
    return fillers[slot](rng) if slot in fillers else None
