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

import functools
import random

import contact_corpus_slots as s

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


# Second round: benign numbers next to dates, in invoices, tax and social-security ids,
# addresses, prices and delivery slots, in the forms Hungarian writes them (2025.03.12.,
# 2025. március 12., 03.12-én, "a 855706325-ös rendelés", "számlán", "jegyet"), with their
# counterparts in the other languages, plus a few messages of the same kind that *do* share a
# phone number or a bank account, so the rules are not tuned at the cost of recall. Built after
# the first round, so its rows stay as they were too.
NUMBERS_IN_CONTEXT: dict[str, dict[str, list[str]]] = {
    "neg_tax": {
        "en": [
            "invoice serial no. {invoice}, date of supply {when}, payment due {when}",
            "I issued invoice {ordernum} {when_on}, it is with your orders",
            "our EU VAT number is {euvat}, please put it on the invoice",
            "for the contract: NI number {socsec}, tax reference {taxid}",
            "company number {regcourt}, tax no. {taxid}, registered office {zip_street}",
            "invoice {ordernum} dated {when} has gone out",
            "pro forma {ordernum}, due {when}, {price}, payable here on the site",
            "credit note {invoice} cancels invoice {ordernum}",
            "{ordernum} is the invoice, supplied {when}, due {when}",
            "please quote reference {ordernum} when you pay the invoice on the site",
            "receipt {ordernum} from {when}, {price} paid by card on the platform",
            "the tax office registered filing {ordernum} {when_on}",
        ],
        "ru": [
            "счёт-фактура № {invoice}, дата отгрузки {when}, срок оплаты {when}",
            "счёт {ordernum} выставил {when_on}, он в ваших заказах",
            "наши ИНН/КПП {euvat}, укажите их в счёте",
            "для договора: СНИЛС {socsec}, ИНН {taxid}",
            "ОГРН {regcourt}, ИНН {taxid}, юридический адрес: {zip_street}",
            "счёт № {ordernum} от {when} отправлен",
            "счёт на предоплату {ordernum}, до {when}, {price}, оплата здесь на сайте",
            "корректировочный счёт {invoice} отменяет счёт {ordernum}",
            "{ordernum} — номер счёта, отгрузка {when}, оплата до {when}",
            "при оплате счёта на сайте укажите назначение платежа {ordernum}",
            "чек {ordernum} от {when}, {price} оплачено картой на площадке",
            "налоговая зарегистрировала декларацию {ordernum} {when_on}",
        ],
        "hu": [
            "számla sorszáma: {invoice}, teljesítés dátuma: {when}, fizetési határidő: {when}",
            "a {ordernum} sorszámú számlát {when_on} állítottam ki, a rendeléseid között van",
            "a közösségi adószámunk {euvat}, kérlek írd rá a számlára",
            "a megbízási szerződéshez: TAJ-szám {socsec}, adóazonosító jel {taxid}",
            "cégjegyzékszám: {regcourt}, adószám: {taxid}, székhely: {zip_street}",
            "a {ordernum} számú számla {when_i} keltezéssel ment ki",
            "díjbekérő {ordernum}, határidő {when}, {price}, itt az oldalon kell fizetni",
            "a {invoice} sztornó számla a {ordernum_os} számlát érvényteleníti",
            "{ordernum_os} számla, teljesítés {when}, határidő {when}",
            "a számla kifizetésénél az oldalon a közleménybe írd be: {ordernum}",
            "a {ordernum} nyugta {when_i}, {price} kártyával fizetve a platformon",
            "a NAV {when_on} iktatta a bevallást {ordernum} iktatószámon",
        ],
        "es": [
            "factura n.º {invoice}, fecha de operación {when}, vencimiento {when}",
            "emití la factura {ordernum} {when_on}, está en tus pedidos",
            "nuestro NIF-IVA es {euvat}, ponlo en la factura, por favor",
            "para el contrato: n.º de la Seguridad Social {socsec}, NIF {taxid}",
            "Registro Mercantil, hoja {regcourt}, CIF {taxid}, domicilio {zip_street}",
            "la factura {ordernum} con fecha {when} ya salió",
            "factura proforma {ordernum}, vence {when}, {price}, se paga aquí en la web",
            "la factura rectificativa {invoice} anula la factura {ordernum}",
            "{ordernum} es la factura, servicio del {when}, vence el {when}",
            "al pagar la factura en la web pon el concepto {ordernum}",
            "recibo {ordernum} del {when}, {price} pagado con tarjeta en la plataforma",
            "Hacienda registró la declaración {ordernum} {when_on}",
        ],
        "de": [
            "Rechnung Nr. {invoice}, Leistungsdatum {when}, Zahlungsziel {when}",
            "Rechnung {ordernum} habe ich {when_on} gestellt, sie liegt bei deinen Aufträgen",
            "unsere USt-IdNr. ist {euvat}, bitte auf die Rechnung setzen",
            "für den Vertrag: Sozialversicherungsnummer {socsec}, Steuer-ID {taxid}",
            "Handelsregister {regcourt}, Steuernummer {taxid}, Sitz: {zip_street}",
            "die Rechnung {ordernum} mit Datum {when} ist raus",
            "Proformarechnung {ordernum}, fällig {when}, {price}, zahlbar hier auf der Seite",
            "die Gutschrift {invoice} storniert die Rechnung {ordernum}",
            "{ordernum} ist die Rechnung, Leistung am {when}, fällig {when}",
            "beim Bezahlen der Rechnung auf der Seite bitte Verwendungszweck {ordernum}",
            "Beleg {ordernum} vom {when}, {price} per Karte auf der Plattform bezahlt",
            "das Finanzamt hat die Erklärung {ordernum} {when_on} erfasst",
        ],
    },
    "neg_dates_orders": {
        "en": [
            "my order {ordernum} arrived {when_on}",
            "order no: {ordernum}, placed: {when}",
            "I placed the order {when_on}, ID {ordernum}",
            "order {ordernum} ships {when_on}",
            "order #{ordernum}: delivery {when}, {hours}",
            "{when} – {ordernum} – received",
            "my order from {when} ({ordernum}) still hasn't arrived",
            "the courier brings it {when_on}, {hours}, parcel number {tracking}",
            "work sheet {ordernum}, issued {when}",
            "booking {ordernum}, check-in {when}, check-out {when}",
            "the deadline for order {ordernum} is {when}",
            "see case {ordernum}, the letter of {when}",
            "ticket {ordernum} opened {when_on}, still waiting",
        ],
        "ru": [
            "мой заказ {ordernum} пришёл {when_on}",
            "номер заказа: {ordernum}, оформлен: {when}",
            "заказ оформил {when_on}, идентификатор {ordernum}",
            "заказ {ordernum} отправим {when_on}",
            "заказ №{ordernum}: доставка {when}, {hours}",
            "{when} — {ordernum} — получено",
            "мой заказ от {when} ({ordernum}) до сих пор не пришёл",
            "курьер привезёт {when_on}, {hours}, номер посылки {tracking}",
            "наряд {ordernum}, выдан {when}",
            "бронь {ordernum}, заезд {when}, выезд {when}",
            "срок по заказу {ordernum} — {when}",
            "см. дело {ordernum}, письмо от {when}",
            "тикет {ordernum} открыт {when_on}, жду ответа",
        ],
        "hu": [
            "a {ordernum} számú rendelésem {when_on} érkezett meg",
            "rendelésszám: {ordernum}, leadva: {when}",
            "{when_on} adtam le a rendelést, azonosító: {ordernum}",
            "a {ordernum_os} rendelés {when_on} megy ki",
            "rendelés #{ordernum} – kiszállítás {when}, {hours}",
            "{when} – {ordernum} – átvéve",
            "a {when_i} rendelésem ({ordernum}) még nem jött meg",
            "a futár {when_on} hozza, {hours}, csomagszám: {tracking}",
            "munkalap {ordernum}, kiállítva {when}",
            "foglalás {ordernum}, érkezés {when}, távozás {when}",
            "a {ordernum} azonosítójú megrendelés teljesítési határideje {when}",
            "lásd a {ordernum} ügyszámot, a {when_i} levelet",
            "a {ordernum} jegyet {when_on} nyitottam, még várok",
        ],
        "es": [
            "mi pedido {ordernum} llegó {when_on}",
            "n.º de pedido: {ordernum}, realizado: {when}",
            "hice el pedido {when_on}, ID {ordernum}",
            "el pedido {ordernum} sale {when_on}",
            "pedido #{ordernum}: entrega {when}, {hours}",
            "{when} – {ordernum} – recibido",
            "mi pedido del {when} ({ordernum}) aún no ha llegado",
            "el mensajero lo trae {when_on}, {hours}, n.º de envío {tracking}",
            "parte de trabajo {ordernum}, emitido el {when}",
            "reserva {ordernum}, entrada {when}, salida {when}",
            "el plazo del pedido {ordernum} es el {when}",
            "ver expediente {ordernum}, la carta del {when}",
            "ticket {ordernum} abierto {when_on}, sigo esperando",
        ],
        "de": [
            "meine Bestellung {ordernum} kam {when_on} an",
            "Bestell-Nr.: {ordernum}, aufgegeben: {when}",
            "ich habe {when_on} bestellt, ID {ordernum}",
            "Bestellung {ordernum} geht {when_on} raus",
            "Bestellung #{ordernum}: Lieferung {when}, {hours}",
            "{when} – {ordernum} – erhalten",
            "meine Bestellung vom {when} ({ordernum}) ist immer noch nicht da",
            "der Kurier bringt es {when_on}, {hours}, Paketnummer {tracking}",
            "Arbeitsschein {ordernum}, ausgestellt am {when}",
            "Buchung {ordernum}, Anreise {when}, Abreise {when}",
            "die Frist für Auftrag {ordernum} ist der {when}",
            "siehe Aktenzeichen {ordernum}, Schreiben vom {when}",
            "Ticket {ordernum} {when_on} eröffnet, warte noch",
        ],
    },
    "neg_prices": {
        "en": [
            "{price} gross, {price} net",
            "the quote is {price}, valid until {when}",
            "{n} pcs × {price} = {price}",
            "delivery {price}, free over {price}",
        ],
        "ru": [
            "{price} с НДС, {price} без НДС",
            "смета {price}, действует до {when}",
            "{n} шт × {price} = {price}",
            "доставка {price}, бесплатно от {price}",
        ],
        "hu": [
            "bruttó {price}, nettó {price}",
            "az árajánlat {price}, {when_until} érvényes",
            "{n} db × {price} = {price}",
            "szállítás {price}, {price} felett ingyenes",
        ],
        "es": [
            "{price} con IVA, {price} sin IVA",
            "el presupuesto es {price}, válido hasta el {when}",
            "{n} uds × {price} = {price}",
            "envío {price}, gratis a partir de {price}",
        ],
        "de": [
            "{price} brutto, {price} netto",
            "das Angebot ist {price}, gültig bis {when}",
            "{n} Stk × {price} = {price}",
            "Versand {price}, ab {price} kostenlos",
        ],
    },
    "neg_work_talk": {
        "en": [
            "the venue: {zip_street}, {when_on} {hours}",
            "delivery to {zip_street}, {when_on}, {hours}",
            "our office: {zip_street}, open Mon–Fri {hours}",
            "the print shop is at {zip_street}, job number {ordernum}",
        ],
        "ru": [
            "место: {zip_street}, {when_on} {hours}",
            "доставка по адресу {zip_street}, {when_on}, {hours}",
            "наш офис: {zip_street}, пн–пт {hours}",
            "типография: {zip_street}, номер заказа {ordernum}",
        ],
        "hu": [
            "a helyszín: {zip_street}, {when_on} {hours}",
            "kiszállítás: {zip_street}, {when_on}, {hours}",
            "irodánk: {zip_street}, nyitva H–P {hours}",
            "a nyomda címe {zip_street}, munkaszám {ordernum}",
        ],
        "es": [
            "el lugar: {zip_street}, {when_on} {hours}",
            "entrega en {zip_street}, {when_on}, {hours}",
            "nuestra oficina: {zip_street}, de lunes a viernes {hours}",
            "la imprenta está en {zip_street}, n.º de trabajo {ordernum}",
        ],
        "de": [
            "Ort: {zip_street}, {when_on} {hours}",
            "Lieferung an {zip_street}, {when_on}, {hours}",
            "unser Büro: {zip_street}, Mo–Fr {hours}",
            "die Druckerei ist in {zip_street}, Auftragsnummer {ordernum}",
        ],
    },
    "neg_platform_talk": {
        "en": [
            "my bank account is set in my profile, the site pays out {when_on}",
            "the platform transferred it with reference {ordernum} {when_on}",
            "transaction {ordernum} has been in escrow since {when}",
        ],
        "ru": [
            "банковский счёт указан в профиле, сайт выплатит {when_on}",
            "площадка перевела с назначением {ordernum} {when_on}",
            "транзакция {ordernum} в безопасной сделке с {when}",
        ],
        "hu": [
            "a bankszámlaszámom a profilomban van megadva, az oldal {when_on} utal",
            "az oldal {when_on} utalt, {ordernum} hivatkozási számmal",
            "a {ordernum} számú tranzakció {when} óta letétben van",
        ],
        "es": [
            "mi cuenta bancaria está en el perfil, la web paga {when_on}",
            "la plataforma lo transfirió con referencia {ordernum} {when_on}",
            "la transacción {ordernum} está en depósito desde el {when}",
        ],
        "de": [
            "mein Bankkonto ist im Profil hinterlegt, die Seite zahlt {when_on} aus",
            "die Plattform hat {when_on} mit Referenz {ordernum} überwiesen",
            "Transaktion {ordernum} ist seit {when} treuhänderisch verwahrt",
        ],
    },
    # The same kinds of messages, sharing a contact: they keep the rules above honest.
    "phone_plain": {
        "en": [
            "invoice {invoice} is ready, any questions call me: {phone}",
            "order {ordernum} {when_on}, but better call me on {phone}",
            "tax no. {taxid}, phone: {phone}",
            "{when_on} {hours}, call me: {phone}",
            "from {when} on, call me at {phone}",
            "order {ordernum}: questions? my mobile {phone}",
        ],
        "ru": [
            "счёт {invoice} готов, вопросы — звоните: {phone}",
            "заказ {ordernum} {when_on}, но лучше позвони на {phone}",
            "ИНН {taxid}, телефон: {phone}",
            "{when_on} {hours}, звони: {phone}",
            "с {when} звоните на {phone}",
            "заказ {ordernum}: вопросы — мой мобильный {phone}",
        ],
        "hu": [
            "a {invoice} számla kész, kérdés esetén hívj: {phone}",
            "rendelés {ordernum} {when_on}, de inkább hívj a {phone} számon",
            "adószám {taxid}, telefon: {phone}",
            "{when_on} {hours} hívj: {phone}",
            "{when_until} a {phone_os} számon hívj",
            "a {ordernum_os} rendeléssel kapcsolatban a {phone_os} mobilszámon érsz el",
        ],
        "es": [
            "la factura {invoice} está lista, si tienes dudas llámame: {phone}",
            "pedido {ordernum} {when_on}, pero mejor llámame al {phone}",
            "NIF {taxid}, teléfono: {phone}",
            "{when_on} {hours}, llámame: {phone}",
            "a partir del {when} llámame al {phone}",
            "pedido {ordernum}: ¿dudas? mi móvil {phone}",
        ],
        "de": [
            "Rechnung {invoice} ist fertig, bei Fragen ruf an: {phone}",
            "Bestellung {ordernum} {when_on}, aber ruf lieber unter {phone} an",
            "Steuernummer {taxid}, Telefon: {phone}",
            "{when_on} {hours}, ruf an: {phone}",
            "ab {when} bitte unter {phone} anrufen",
            "Auftrag {ordernum}: Fragen? mein Handy {phone}",
        ],
    },
    "payment_iban": {
        "en": [
            "don't pay the invoice here, transfer it to {account}",
            "invoice {invoice}: pay directly to account {account}, {name}",
            "pro forma {ordernum}, bank transfer to {account} instead of the site",
        ],
        "ru": [
            "счёт не оплачивай здесь, переведи на р/с {account}",
            "счёт {invoice}: оплата напрямую на р/с {account}, {name}",
            "счёт на предоплату {ordernum}, перевод на р/с {account} вместо сайта",
        ],
        "hu": [
            "a számlát ne itt fizesd, utald a {account} számlaszámra",
            "{invoice} számla: közvetlenül utald a {account} bankszámlára, {name}",
            "díjbekérő {ordernum}, átutalás a {account} számlára, nem az oldalon",
        ],
        "es": [
            "no pagues la factura aquí, transfiere a {account}",
            "factura {invoice}: paga directamente a la cuenta {account}, {name}",
            "proforma {ordernum}, transferencia a {account} en vez de la web",
        ],
        "de": [
            "zahl die Rechnung nicht hier, überweis auf {account}",
            "Rechnung {invoice}: direkt auf das Konto {account}, {name}",
            "Proforma {ordernum}, Überweisung auf {account} statt über die Seite",
        ],
    },
}
# Families that first appeared in the held-out split, given tuning phrasings in the third
# round: id -> kinds (the same labels as their held-out groups).
NEW_FAMILY_KINDS: dict[str, list[str]] = {
    "pointer_coded": ["solicitation"],
    "neg_contact_design": [],
    "neg_invoice_figures": [],
}
# Invitations worded around the platform instead of naming a contact, and product, design,
# invoice and developer talk that uses the same words: the third round of tuning phrasings,
# added after the fresh held-out split had been scored (train and dev only).
INVITATIONS_AND_LOOKALIKES: dict[str, dict[str, list[str]]] = {
    "offplatform_invite": {
        "en": [
            "for the follow-up work we can skip the booking and arrange it between us",
            "give me a way to reach you that isn't this chat",
            "next project let's not bother with the site, just the two of us",
            "I'd prefer a private line for the details, is that ok?",
        ],
        "ru": [
            "следующую работу можно без оформления заказа, договоримся между собой",
            "дай способ связаться, только не этот чат",
            "в следующий раз давай без сайта, напрямую вдвоём",
            "детали лучше обсудить в личной переписке, не здесь",
        ],
        "hu": [
            "a folytatást megbeszélhetjük egymás között, foglalás nélkül",
            "adj egy elérhetőséget, ami nem ez a chat",
            "a következő projektnél hagyjuk az oldalt, csak mi ketten",
            "a részleteket inkább privátban beszélném meg, nem itt",
        ],
        "es": [
            "el trabajo siguiente lo arreglamos entre nosotros, sin reservar aquí",
            "dame una forma de contactarte que no sea este chat",
            "el próximo proyecto sin la web, solo tú y yo",
            "los detalles prefiero hablarlos en privado, no aquí",
        ],
        "de": [
            "den Folgeauftrag machen wir unter uns aus, ohne Buchung",
            "gib mir einen Weg, dich zu erreichen, der nicht dieser Chat ist",
            "beim nächsten Projekt lassen wir die Seite weg, nur wir zwei",
            "die Details bespreche ich lieber privat, nicht hier",
        ],
    },
    "pay_outside": {
        "en": [
            "if you pay me outside the booking I'll knock off what the site charges",
            "the platform keeps a fifth of it, pay me by transfer instead and we split the saving",
            "no need to lose the commission, settle with me outside the order",
        ],
        "ru": [
            "если заплатишь мимо заказа, сниму с цены то, что берёт сайт",
            "площадка оставляет себе пятую часть, лучше переведи мне, сэкономим оба",
            "зачем терять комиссию, рассчитаемся вне заказа",
        ],
        "hu": [
            "ha a foglaláson kívül fizetsz, leveszem az árból, amit az oldal felszámol",
            "a platform megtartja az ötödét, inkább utalj nekem, és megfelezzük a különbséget",
            "kár a jutalékért, számoljunk el a rendelésen kívül",
        ],
        "es": [
            "si me pagas fuera de la reserva te quito lo que cobra la web",
            "la plataforma se queda una quinta parte, mejor transfiéreme y nos ahorramos ambos",
            "no hace falta perder la comisión, lo arreglamos fuera del pedido",
        ],
        "de": [
            "wenn du außerhalb der Buchung zahlst, zieh ich ab, was die Seite verlangt",
            "die Plattform behält ein Fünftel, überweis lieber mir, wir teilen die Ersparnis",
            "schade um die Provision, rechnen wir außerhalb des Auftrags ab",
        ],
    },
    "pointer_coded": {
        "en": [
            "I'm on the green chat app under the same nick as on here",
            "my mail is my first and last name joined by a dot, at the big free provider",
            "look for the same avatar as here on the photo app",
        ],
        "ru": [
            "в зелёном мессенджере я под тем же ником, что и тут",
            "почта — имя и фамилия через точку, на самом популярном бесплатном сервисе",
            "в фото-приложении ищи такой же ник, как здесь",
        ],
        "hu": [
            "a zöld csetappban ugyanaz a becenevem, mint itt",
            "az e-mailem a vezeték- és keresztnevem ponttal elválasztva, a nagy "
            "ingyenes szolgáltatónál",
            "a fotós appban ugyanazzal a névvel vagyok fent, mint itt",
        ],
        "es": [
            "en la app de chat verde tengo el mismo nick que aquí",
            "mi correo es nombre y apellido con un punto en medio, en el proveedor gratuito grande",
            "en la app de fotos búscame con el mismo alias que aquí",
        ],
        "de": [
            "in der grünen Chat-App hab ich denselben Nick wie hier",
            "meine Mail ist Vor- und Nachname mit Punkt dazwischen, beim großen Gratisanbieter",
            "in der Foto-App findest du mich unter denselben Namen wie hier",
        ],
    },
    "pointer_indirect": {
        "en": [
            "the phone on my sample letterhead is my real one, use it",
            "the contact line in my PDF quote is my actual number",
        ],
        "ru": [
            "телефон на моём образце бланка — мой настоящий, звони",
            "номер телефона в моём PDF с расчётом — реальный, мой",
        ],
        "hu": [
            "a mintalevélpapíromon lévő telefonszám az igazi számom, hívj azon",
            "az árajánlatom PDF-jében lévő telefonszám a valódi számom",
        ],
        "es": [
            "el teléfono de mi membrete de muestra es el mío de verdad, llámame ahí",
            "el número de teléfono de mi presupuesto en PDF es mi número real",
        ],
        "de": [
            "die Nummer auf meinem Briefkopf-Muster ist meine echte, ruf da an",
            "die Telefonnummer in meinem Angebots-PDF ist meine echte Nummer",
        ],
    },
    "messenger_invite": {
        "en": [
            "I answer much quicker on {msgr}, just saying",
            "a voice note on {msgr} would be simpler than typing",
        ],
        "ru": [
            "в {msgr} я отвечаю гораздо быстрее",
            "проще голосовое в {msgr} записать, чем печатать",
        ],
        "hu": [
            "a {msgr} üzenetekre sokkal gyorsabban válaszolok",
            "egy {msgr} hangüzenet egyszerűbb lenne, mint gépelni",
        ],
        "es": [
            "respondo mucho más rápido por {msgr}",
            "una nota de voz por {msgr} sería más fácil que escribir",
        ],
        "de": [
            "auf {msgr} antworte ich viel schneller",
            "eine Sprachnachricht über {msgr} wäre einfacher als tippen",
        ],
    },
    "direct_settlement": {
        "en": ["the deposit is booked here, the remaining {amount} I'll hand over in cash"],
        "ru": ["аванс оформлен здесь, остальные {amount} отдам наличными"],
        "hu": ["az előleg itt van lefoglalva, a maradék {amount} összeget készpénzben átadom"],
        "es": ["la señal está reservada aquí, los {amount} restantes te los doy en efectivo"],
        "de": ["die Anzahlung ist hier gebucht, die restlichen {amount} gebe ich dir in bar"],
    },
    "neg_test_card": {
        "en": [
            "payment widget QA: {testcard} must show the 'card declined' banner",
            "in the staging shop {testcard} goes through, please check the receipt email",
            "the 3DS popup doesn't open for {testcard}, can you look at the flow?",
            "on the demo checkout {testcard} should land on the thank-you page",
            "dev notes: {testcard} = insufficient funds case, expiry any future date",
            "the error message for {testcard} is cut off on mobile",
        ],
        "ru": [
            "проверка виджета оплаты: на {testcard} должен быть баннер «карта отклонена»",
            "в стейджинге {testcard} проходит, проверь письмо с чеком",
            "для {testcard} не открывается окно 3DS, посмотри сценарий",
            "на демо-кассе {testcard} должна вести на страницу «спасибо»",
            "заметки для разработки: {testcard} — случай нехватки средств, срок любой будущий",
            "сообщение об ошибке для {testcard} обрезается на мобильном",
        ],
        "hu": [
            "fizetési widget ellenőrzés: a {testcard} számnál a „kártya "
            "elutasítva” sávnak kell jönnie",
            "a staging boltban a {testcard} átmegy, nézd meg a nyugtás e-mailt",
            "a {testcard} kártyánál nem nyílik meg a 3DS ablak, megnéznéd a folyamatot?",
            "a demó pénztárban a {testcard} után a köszönőoldalnak kell jönnie",
            "fejlesztői jegyzet: {testcard} = nincs fedezet eset, lejárat bármilyen jövőbeli dátum",
            "a {testcard} hibaüzenete mobilon le van vágva",
        ],
        "es": [
            "prueba del widget de pago: con {testcard} debe salir el aviso de «tarjeta rechazada»",
            "en la tienda de staging {testcard} pasa, revisa el correo del recibo",
            "con {testcard} no se abre la ventana 3DS, ¿puedes mirar el flujo?",
            "en el checkout de demo {testcard} debería llevar a la página de gracias",
            "notas de desarrollo: {testcard} = caso de fondos insuficientes, "
            "caducidad cualquiera futura",
            "el mensaje de error de {testcard} se corta en el móvil",
        ],
        "de": [
            "Zahlungs-Widget prüfen: bei {testcard} muss das Banner „Karte abgelehnt“ kommen",
            "im Staging-Shop geht {testcard} durch, prüf bitte die Beleg-Mail",
            "bei {testcard} öffnet sich das 3DS-Fenster nicht, schaust du dir den Ablauf an?",
            "im Demo-Checkout sollte {testcard} auf der Danke-Seite landen",
            "Entwicklernotiz: {testcard} = Fall ungenügende Deckung, Ablaufdatum "
            "beliebig in der Zukunft",
            "die Fehlermeldung zu {testcard} wird auf dem Handy abgeschnitten",
        ],
    },
    "neg_contact_design": {
        "en": [
            "on the letterhead template keep the phone and email fields as grey placeholders",
            "the contact page mock-up needs a form only, no phone number or address on it",
            "for the shop's business cards use dummy contact lines, the owner adds the real ones",
            "put 'your phone here' where the number goes on the flyer design",
            "email signature template: leave the name, phone and email for each "
            "employee to fill in",
            "the footer of the landing page should have no phone, just the contact form link",
        ],
        "ru": [
            "на шаблоне бланка оставьте поля телефона и почты серыми заглушками",
            "в макете страницы контактов только форма, без телефона и адреса",
            "для визиток магазина используйте условные контакты, владелец впишет настоящие",
            "на макете флаера вместо номера напишите «ваш телефон»",
            "шаблон подписи письма: имя, телефон и почту каждый сотрудник заполнит сам",
            "в подвале лендинга не нужен телефон, только ссылка на форму обратной связи",
        ],
        "hu": [
            "a levélpapír sablonon a telefon és az e-mail mező maradjon szürke helykitöltő",
            "a kapcsolat oldal látványterve csak űrlapot kér, telefonszám és cím nélkül",
            "a bolt névjegykártyáin legyen minta elérhetőség, a tulaj beírja az igazit",
            "a szórólap tervén a szám helyére írd, hogy „az Ön telefonszáma”",
            "e-mail aláírás sablon: a nevet, telefont és e-mailt minden dolgozó maga tölti ki",
            "a landing oldal láblécébe ne kerüljön telefonszám, csak a kapcsolati űrlap linkje",
        ],
        "es": [
            "en la plantilla del membrete deja los campos de teléfono y correo "
            "como marcadores grises",
            "la maqueta de la página de contacto solo lleva formulario, sin teléfono ni dirección",
            "para las tarjetas de visita de la tienda usa datos de ejemplo, el "
            "dueño pone los reales",
            "en el diseño del folleto pon «tu teléfono aquí» donde va el número",
            "plantilla de firma de correo: nombre, teléfono y correo los rellena cada empleado",
            "el pie de la landing no debe llevar teléfono, solo el enlace al formulario",
        ],
        "de": [
            "auf der Briefpapier-Vorlage bleiben Telefon- und Mailfeld graue Platzhalter",
            "das Mock-up der Kontaktseite braucht nur ein Formular, keine "
            "Telefonnummer, keine Adresse",
            "für die Visitenkarten des Ladens Beispielkontakte nehmen, der Inhaber "
            "setzt die echten ein",
            "auf dem Flyer-Entwurf steht statt der Nummer „Ihre Telefonnummer“",
            "Vorlage für die Mail-Signatur: Name, Telefon und Mail füllt jeder "
            "Mitarbeiter selbst aus",
            "im Footer der Landingpage keine Telefonnummer, nur der Link zum Kontaktformular",
        ],
    },
    "neg_invoice_figures": {
        "en": [
            "quote: design {price}, printing {price}, total with VAT on the next line",
            "line 3 of the invoice should read {price} net, not gross",
            "the credit note line for {price} is missing the VAT rate",
            "deposit {price} received, balance due on delivery through the order",
            "per-line subtotal {price}, grand total {bigamount} incl. tax",
        ],
        "ru": [
            "смета: дизайн {price}, печать {price}, итог с НДС строкой ниже",
            "в третьей строке счёта должно быть {price} без НДС",
            "в строке корректировки на {price} не указана ставка НДС",
            "аванс {price} получен, остаток при сдаче через заказ",
            "промежуточный итог по строке {price}, всего {bigamount} с налогом",
        ],
        "hu": [
            "árajánlat: tervezés {price}, nyomtatás {price}, a bruttó végösszeg a következő sorban",
            "a számla 3. sorában nettó {price} szerepeljen, ne bruttó",
            "a {price} összegű sztornó sorból hiányzik az áfakulcs",
            "az előleg ({price}) megérkezett, a maradék átadáskor a rendelésen keresztül",
            "soronkénti részösszeg {price}, végösszeg {bigamount} adóval",
        ],
        "es": [
            "presupuesto: diseño {price}, impresión {price}, total con IVA en la línea siguiente",
            "la línea 3 de la factura debe poner {price} neto, no bruto",
            "a la línea del abono de {price} le falta el tipo de IVA",
            "señal de {price} recibida, el resto a la entrega a través del pedido",
            "subtotal por línea {price}, total {bigamount} con impuestos",
        ],
        "de": [
            "Angebot: Gestaltung {price}, Druck {price}, Gesamtsumme inkl. MwSt. "
            "in der nächsten Zeile",
            "in Zeile 3 der Rechnung sollte {price} netto stehen, nicht brutto",
            "bei der Gutschriftzeile über {price} fehlt der Steuersatz",
            "Anzahlung {price} erhalten, Rest bei Lieferung über den Auftrag",
            "Zwischensumme pro Zeile {price}, Gesamt {bigamount} inkl. Steuer",
        ],
    },
    "neg_messenger_product": {
        "en": [
            "the Viber community cover has to work at 1200x600",
            "add our WhatsApp catalogue to the product sheet",
            "the Telegram channel's pinned post needs a new banner",
            "design three Instagram highlight covers in the brand colours",
        ],
        "ru": [
            "обложка сообщества в Viber должна смотреться в 1200x600",
            "добавьте наш каталог в WhatsApp в карточку товара",
            "для закреплённого поста в Telegram-канале нужен новый баннер",
            "нарисуйте три обложки для актуального в Instagram в фирменных цветах",
        ],
        "hu": [
            "a Viber-közösség borítójának 1200x600-ban is jónak kell lennie",
            "tegyétek be a WhatsApp-katalógusunkat a termékadatlapba",
            "a Telegram-csatornánk kitűzött posztjához új banner kell",
            "tervezz három Instagram-kiemelés borítót a márkaszínekben",
        ],
        "es": [
            "la portada de la comunidad de Viber tiene que verse bien a 1200x600",
            "añade nuestro catálogo de WhatsApp a la ficha del producto",
            "el post fijado del canal de Telegram necesita un banner nuevo",
            "diseña tres portadas de historias destacadas de Instagram en los colores de marca",
        ],
        "de": [
            "das Cover der Viber-Community muss in 1200x600 funktionieren",
            "nehmt unseren WhatsApp-Katalog ins Produktdatenblatt auf",
            "der angepinnte Beitrag im Telegram-Kanal braucht ein neues Banner",
            "gestalte drei Instagram-Highlight-Cover in den Markenfarben",
        ],
    },
    "neg_platform_talk": {
        "en": [
            "payments that don't go through the site aren't covered by the guarantee",
            "the site takes its commission from me, you pay only the listed price",
            "no, I'd rather keep everything here, the site's fee is fine with me",
            "my personal email isn't needed, the order chat is enough",
            "without the platform's escrow I wouldn't start, so let's book it here",
        ],
        "ru": [
            "оплаты не через сайт не покрываются гарантией",
            "сайт берёт комиссию с меня, вы платите только цену из объявления",
            "нет, лучше всё оставим здесь, комиссия сайта меня устраивает",
            "личная почта не нужна, хватит чата заказа",
            "без безопасной сделки на платформе я не начну, оформим здесь",
        ],
        "hu": [
            "a nem az oldalon keresztül intézett fizetésekre nem vonatkozik a garancia",
            "az oldal tőlem vonja le a jutalékot, te csak a hirdetett árat fizeted",
            "nem, maradjunk inkább itt, az oldal díja nekem rendben van",
            "a saját e-mailemre nincs szükség, elég a rendelés chatje",
            "a platform letéti rendszere nélkül nem kezdek bele, foglaljuk le itt",
        ],
        "es": [
            "los pagos que no pasan por la web no están cubiertos por la garantía",
            "la web me cobra la comisión a mí, tú pagas solo el precio publicado",
            "no, prefiero dejarlo todo aquí, la comisión de la web me parece bien",
            "no hace falta mi correo personal, basta con el chat del pedido",
            "sin el depósito de garantía de la plataforma no empiezo, resérvalo aquí",
        ],
        "de": [
            "Zahlungen, die nicht über die Seite laufen, deckt die Garantie nicht ab",
            "die Seite zieht die Provision bei mir ab, du zahlst nur den Angebotspreis",
            "nein, lass uns lieber alles hier lassen, die Gebühr der Seite passt mir",
            "meine private Mail braucht es nicht, der Auftragschat reicht",
            "ohne das Treuhandkonto der Plattform fange ich nicht an, buch es hier",
        ],
    },
    "neg_work_talk": {
        "en": [
            "the real photos will replace the stock ones next week",
            "I'll hand over the source files once the order is accepted",
            "call the section 'About us', not 'Contact'",
        ],
        "ru": [
            "настоящие фото заменят стоковые на следующей неделе",
            "исходники передам, когда заказ примут",
            "назовите раздел «О нас», а не «Контакты»",
        ],
        "hu": [
            "a valódi fotók jövő héten váltják a stockképeket",
            "a forrásfájlokat átadom, amint elfogadod a rendelést",
            "a menüpont neve legyen „Rólunk”, ne „Kapcsolat”",
        ],
        "es": [
            "las fotos reales sustituirán a las de stock la semana que viene",
            "te paso los archivos fuente cuando se acepte el pedido",
            "la sección se llama «Sobre nosotros», no «Contacto»",
        ],
        "de": [
            "die echten Fotos ersetzen nächste Woche die Stockbilder",
            "die Quelldateien übergebe ich, sobald der Auftrag abgenommen ist",
            "nenn den Abschnitt „Über uns“, nicht „Kontakt“",
        ],
    },
}

# The rounds in the order they are built: a new round goes last and leaves the rows before it
# as they were.
ROUNDS: tuple[dict[str, dict[str, list[str]]], ...] = (
    EXTRA,
    NUMBERS_IN_CONTEXT,
    INVITATIONS_AND_LOOKALIKES,
)


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


# -- second-round slots: dates, ids, addresses, prices and accounts as each country writes them

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "hu": "január február március április május június július augusztus szeptember október "
    "november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
}


def _month(lang: str, m: int) -> str:
    return _MONTHS[lang].split()[m - 1]


def _ymd(rng: random.Random) -> tuple[int, int, int]:
    return rng.choice([2025, 2026]), rng.randrange(1, 13), rng.randrange(1, 29)


def _hu_on(day: int) -> str:
    """The Hungarian "on the day" suffix of a day number: 1-jén is 1-én, 3-án, 10-én, 20-án."""
    if day % 10:
        return {1: "én", 2: "án", 3: "án", 4: "én", 5: "én", 6: "án", 7: "én", 8: "án"}.get(
            day % 10, "én"
        )
    return {10: "én", 20: "án", 30: "án"}[day]


def hu_adjective(number: str) -> str:
    """A number with its Hungarian adjective suffix: 855706325-ös, 12-es, 20-as, 100-as."""
    digits = number.rstrip("0")
    zeros = len(number) - len(digits)
    if zeros >= 2:  # száz-as, ezer-es
        return f"{number}-{'as' if zeros == 2 else 'es'}"
    units, tens = "eeaeöoeae", "eaaeeaeae"  # egy-es .. kilenc-es; tíz-es .. kilencven-es
    vowel = (tens if zeros else units)[int(digits[-1]) - 1]
    return f"{number}-{vowel}s"


def when(rng: random.Random, lang: str) -> str:
    """A date in the forms each language writes it, wider than the shared ``{date}``."""
    y, m, d = _ymd(rng)
    mon = _month(lang, m)
    return rng.choice(
        {
            "en": [
                f"{d} {mon} {y}",
                f"{mon} {d}, {y}",
                f"{d:02d}/{m:02d}/{y}",
                f"{y}-{m:02d}-{d:02d}",
            ],
            "ru": [f"{d:02d}.{m:02d}.{y}", f"{d} {mon} {y} г.", f"{d:02d}.{m:02d}.{y % 100}"],
            "hu": [
                f"{y}.{m:02d}.{d:02d}.",
                f"{y}. {mon} {d}.",
                f"{y}. {m:02d}. {d:02d}.",
                f"{y}-{m:02d}-{d:02d}",
                f"{mon} {d}.",
            ],
            "es": [f"{d}/{m}/{y}", f"{d:02d}-{m:02d}-{y}", f"{d} de {mon} de {y}"],
            "de": [f"{d:02d}.{m:02d}.{y}", f"{d}. {mon} {y}", f"{d:02d}.{m:02d}.{y % 100}"],
        }[lang]
    )


def when_on(rng: random.Random, lang: str) -> str:
    """On a date: "on 12 March 2025", "2025.03.12-én", "március 12-én", "am 12.03.2025"."""
    y, m, d = _ymd(rng)
    mon, on = _month(lang, m), _hu_on(d)
    return rng.choice(
        {
            "en": [f"on {d} {mon} {y}", f"on {mon} {d}", f"on {d:02d}/{m:02d}/{y}"],
            "ru": [f"{d:02d}.{m:02d}.{y}", f"{d} {mon}", f"{d} {mon} {y} г."],
            "hu": [
                f"{y}.{m:02d}.{d:02d}-{on}",
                f"{mon} {d}-{on}",
                f"{m:02d}.{d:02d}-{on}",
                f"{y}. {mon} {d}-{on}",
            ],
            "es": [f"el {d}/{m}/{y}", f"el {d} de {mon}", f"el {d:02d}-{m:02d}-{y}"],
            "de": [f"am {d:02d}.{m:02d}.{y}", f"am {d}. {mon}", f"am {d:02d}.{m:02d}."],
        }[lang]
    )


def when_suffixed(rng: random.Random, suffix: str) -> str:
    """A Hungarian date with a suffix that is the same for every day: -i (of), -ig (until)."""
    y, m, d = _ymd(rng)
    mon = _month("hu", m)
    return rng.choice(
        [f"{y}.{m:02d}.{d:02d}-{suffix}", f"{mon} {d}-{suffix}", f"{m:02d}.{d:02d}-{suffix}"]
    )


def euvat(rng: random.Random, lang: str) -> str:
    """A VAT number with its country prefix (a Russian INN/KPP pair)."""
    return {
        "en": f"GB{_digits(rng, 9)}",
        "ru": f"{_digits(rng, 10)}/{_digits(rng, 9)}",
        "hu": f"HU{_digits(rng, 8)}",
        "es": f"ES{rng.choice('ABB')}{_digits(rng, 8)}",
        "de": f"DE{_digits(rng, 9)}",
    }[lang]


def socsec(rng: random.Random, lang: str) -> str:
    """A social-security number: NI, СНИЛС, TAJ (nine digits, like a phone), NSS, SV-Nummer."""
    d = functools.partial(_digits, rng)
    letters = "ABCEGHJKLMNPRSTWXYZ"
    return {
        "en": f"{rng.choice(letters)}{rng.choice(letters)} {d(2)} {d(2)} {d(2)} "
        f"{rng.choice('ABCD')}",
        "ru": f"{d(3)}-{d(3)}-{d(3)} {d(2)}",
        "hu": rng.choice([f"{d(3)} {d(3)} {d(3)}", d(9), f"{d(3)}-{d(3)}-{d(3)}"]),
        "es": rng.choice([f"28 {d(8)} {d(2)}", f"28/{d(8)}/{d(2)}"]),
        "de": f"{d(2)} {d(6)} {rng.choice('ABMS')} {d(3)}",
    }[lang]


def regcourt(rng: random.Random, lang: str) -> str:
    """A company register number after its register's name."""
    return {
        "en": rng.choice([f"0{_digits(rng, 7)}", f"SC{_digits(rng, 6)}"]),
        "ru": _digits(rng, 13),
        "hu": f"{rng.choice(['01', '13', '06', '09'])}-{rng.choice(['09', '06'])}-"
        f"{_digits(rng, 6)}",
        "es": f"M-{_digits(rng, 6)}",
        "de": f"HRB {_digits(rng, rng.choice((5, 6)))}",
    }[lang]


def zip_street(rng: random.Random, lang: str) -> str:
    """A postal address with a postal code, house numbers and flat numbers."""
    no = rng.randrange(1, 60)
    return rng.choice(
        {
            "en": [
                f"Unit {rng.randrange(1, 20)}, {no}–{no + 2} Mill Lane, Leeds LS1 4DY",
                f"{no} High Street, Flat {rng.randrange(1, 30)}, Bristol BS1 {no % 9 + 1}AB",
            ],
            "ru": [
                f"{rng.randrange(101000, 199999)}, Москва, ул. Тверская, д. {no}, стр. 2",
                f"{rng.randrange(190000, 199999)}, Санкт-Петербург, Невский пр., {no}, "
                f"кв. {no + 7}",
            ],
            "hu": [
                f"{rng.randrange(1011, 1239)} Budapest, Irinyi József u. {no}–{no + 16}.",
                f"{rng.choice([6720, 4025, 9021, 7621])} "
                f"{rng.choice(['Szeged', 'Debrecen', 'Győr', 'Pécs'])}, "
                f"Kossuth u. {no}. II/{rng.randrange(1, 12)}.",
                f"{rng.randrange(1011, 1239)} Budapest, Váci út {no}/B, 3. em. "
                f"{rng.randrange(1, 20)}.",
            ],
            "es": [
                f"C/ Mayor {no}, 3.º B, {rng.randrange(28001, 28055)} Madrid",
                f"Av. Diagonal {no * 7}, {rng.randrange(8001, 8040):05d} Barcelona",
            ],
            "de": [
                f"Hauptstraße {no}–{no + 2}, {rng.randrange(10115, 14199)} Berlin",
                f"Lindenweg {no}a, {rng.randrange(80331, 81929)} München",
            ],
        }[lang]
    )


def price(rng: random.Random, lang: str) -> str:
    """A price the way each language writes it: "12 500 Ft", "25.400,- Ft", "1.250,00 €"."""
    v = rng.choice([45, 120, 250, 1250, 4800, 12500])
    if lang == "hu":
        huf = v * 100 if v < 1000 else v * 10
        spaced, dotted = f"{huf:,}".replace(",", " "), f"{huf:,}".replace(",", ".")
        return rng.choice([f"{spaced} Ft", f"{dotted},- Ft", f"{spaced} HUF", f"{huf} forint"])
    dotted, spaced_rub = f"{v:,}".replace(",", "."), f"{v * 80:,}".replace(",", " ")
    return rng.choice(
        {
            "en": [f"£{v:,}.00", f"${v:,}", f"{v:,}.00 GBP"],
            "ru": [f"{spaced_rub} руб.", f"{spaced_rub},00 ₽", f"{v * 80} рублей"],
            "es": [f"{dotted},00 €", f"{dotted} €", f"{v} euros"],
            "de": [f"{dotted},00 €", f"{dotted} EUR", f"€ {dotted},-"],
        }[lang]
    )


def hours(rng: random.Random, lang: str) -> str:
    """A delivery or opening slot."""
    a = rng.choice([8, 9, 10, 13, 14])
    b = a + rng.choice([3, 4, 5])
    return rng.choice(
        {
            "en": [f"between {a}:00 and {b}:00", f"{a}:00–{b}:00"],
            "ru": [f"с {a}:00 до {b}:00", f"с {a} до {b}"],
            "hu": [f"{a}:00 és {b}:00 között", f"{a}–{b} óra között", f"{a}:00–{b}:00"],
            "es": [f"de {a}:00 a {b}:00", f"entre las {a} y las {b}"],
            "de": [f"zwischen {a} und {b} Uhr", f"{a}:00–{b}:00 Uhr"],
        }[lang]
    )


def _giro(rng: random.Random) -> str:
    """A Hungarian GIRO account number whose two blocks carry their check digits."""

    def block(n: int) -> str:
        body = [rng.randrange(10) for _ in range(n - 1)]
        total = sum(c * (9, 7, 3, 1)[i % 4] for i, c in enumerate(body))
        return "".join(map(str, body)) + str(-total % 10)

    first, rest = block(8), block(rng.choice((8, 16)))
    if len(rest) == 8:
        return rng.choice([f"{first}-{rest}", f"{first} {rest}"])
    return rng.choice([f"{first}-{rest[:8]}-{rest[8:]}", f"{first}{rest}"])


def account(rng: random.Random, lang: str) -> str:
    """A bank account: an IBAN, a Russian 20-digit account, a Hungarian GIRO number."""
    if lang == "hu":
        return _giro(rng)
    if lang == "ru":
        return f"40817810{_digits(rng, 12)}"
    return s.iban(rng, {"en": "GB", "es": "ES", "de": "DE"}[lang])


def fill(slot: str, rng: random.Random, lang: str) -> str | None:
    """This module's slot values, or None for a shared slot."""
    per_lang = {
        "taxid": taxid,
        "venue": venue,
        "bigamount": big_amount,
        "when": when,
        "when_on": when_on,
        "euvat": euvat,
        "socsec": socsec,
        "regcourt": regcourt,
        "zip_street": zip_street,
        "price": price,
        "hours": hours,
        "account": account,
    }
    if slot in per_lang:
        return per_lang[slot](rng, lang)
    if slot in ("when_i", "when_until"):
        return when_suffixed(rng, "i" if slot == "when_i" else "ig")
    if slot == "ordernum_os":
        return hu_adjective(ordernum(rng))
    if slot == "phone_os":
        return hu_adjective(s.phone(rng, lang))
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
