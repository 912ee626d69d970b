"""Invitations found by the ideas they combine, not by the words they use.

"let's continue somewhere the site takes no cut", "sigamos donde la web no se lleva
comisión" and "lass uns dort weitermachen, wo die Seite nichts abzieht" share no phrase, but
each puts a *fee* next to its *absence*. A phrase list learns the phrasings it was written
from; a small set of concepts (fee, platform, avoiding, elsewhere, privacy, paying, directly,
the same username, a document that holds the number...) in five languages, and the pairs of
them that make an invitation when they meet in one sentence, carry over to phrasings never
seen. Each concept is a list of word stems matched at a word start in the normalised text.

The scanner reports the pair that fired ("fee + avoiding"), so a moderator sees why.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from itertools import pairwise
from typing import Final, NamedTuple

__all__ = ["BYPASS", "COMBINATIONS", "CONCEPTS", "NEGATION_BUILT_IN", "Combination", "Concepts"]

# Stems, matched at a word start; "$" ends a stem that must be a whole word.
# fmt: off
CONCEPTS: Final[dict[str, tuple[str, ...]]] = {
    "fee": (
        "fee$", "fees$", "commission", "cut$", "percentage", "service charge", "markup",
        "комисси", "процент", "наценк", "jutalék", "jutalek", "díj", "dij", "százalék",
        "szazalek", "levon", "comisi", "porcentaje", "tarifa", "gebühr", "gebuehr", "provision",
        "prozente", "abzieht", "abzug",
        "site charges", "platform charges", "cobra la web", "cobra la plataforma", "берёт сайт",
        "берет сайт", "oldal felszámol", "seite verlangt", "plattform verlangt",
    ),
    # The platform taking its share: "the site takes 15%", "la web se queda un 15%"
    "platform_takes": (
        "site takes", "platform takes", "app takes", "сайт забирает", "площадка забирает",
        "забирает сайт", "сайт возьмёт", "сайт возьмет", "oldal levon", "levonja az oldal",
        "web se queda", "plataforma se queda", "página se queda", "nimmt die seite",
        "nimmt die plattform", "die seite nimmt", "behält die seite",
        "platform keeps", "site keeps", "оставляет себе", "megtartja", "plataforma se queda",
        "web se queda", "behält",
    ),
    "otherwise": ("otherwise", "иначе", "különben", "kulonben", "si no$", "sonst"),
    "platform": (
        "site$", "website", "platform", "marketplace", "the app$", "portal", "moderator",
        "admins$", "сайт", "площадк", "платформ", "бирж", "сервис", "модератор", "админ", "oldal",
        "platform", "moderátor", "moderator", "rendszer", "web$", "la web", "plataforma",
        "página", "pagina", "moderador", "portal", "seite", "plattform", "portal", "moderator",
        "webseite",
        "booking", "the order$", "мимо заказа", "вне заказа", "foglalás", "rendelésen kív",
        "reserva", "del pedido", "buchung", "des auftrags",
    ),
    "avoid": (
        "no cut", "takes no", "take no", "skip", "bypass", "around", "outside", "can't read",
        "cannot read", "can't see", "don't read",
        "not read", "doesn't take", "does not take", "off the", "without the site",
        "without the platform", "without the app", "without fees", "without commission",
        "without the fee", "no fees", "no commission", "не берёт", "не берет", "не видят",
        "не читают", "не читает", "без комисси", "без сайта", "без площадки", "без биржи",
        "без платформы", "без посредник", "мимо", "минуя", "в обход", "обойти", "вне ", "nem von",
        "nem vonnak", "nem lát", "nem olvas", "oldal nélkül", "platform nélkül", "jutalék nélkül",
        "díj nélkül", "jutalek nelkul", "oldal nelkul", "megkerül", "megkerul", "kívül", "kivul",
        "no se lleva", "no cobra", "no lean", "no leen",
        "no ven", "sin comisi", "sin la plataforma", "sin la web", "sin plataforma",
        "sin intermediarios", "saltándo", "saltando", "fuera de",
        "por fuera", "nichts ab", "keine gebühr", "nicht mitlesen", "nicht mit", "nicht lesen",
        "ohne die plattform", "ohne plattform", "ohne die seite", "ohne provision", "ohne gebühr",
        "ohne gebuehr", "vorbei", "außerhalb", "ausserhalb", "umgehen",
        "salte", "nos saltamos",
        "no need for the checkout", "without the checkout", "skip the checkout",
        "sin pasar por el checkout", "ohne checkout", "без оформления", "nem kell a pénztár",
        "nem kell a penztar",
    ),
    "save": (
        "avoid", "save the", "save on", "save us", "dodge", "spórol", "sporol", "elkerül",
        "elkerul", "сэконом", "экономи", "evitar", "ahorr", "sparen", "spart",
        "saving", "the difference", "разниц", "különbség", "kulonbseg", "ersparnis", "ahorramos",
    ),
    "external": (
        "yahoo", "yandex", "яндекс", "gmail", "google", "гугл", "загугли", "gugli", "googlea",
        "linkedin", "линкедин", "facebook", "фейсбук", "instagram", "insta", "инст", "twitter",
        "tiktok", "behance", "dribbble", "github", "vk$", "вк$", "вконтакте", "одноклассник",
        "reddit", "pinterest", "mastodon", "threads", "telegram", "телеграм", "whatsapp",
        "skype", "discord", "viber", "upwork", "fiverr", "freelancer", "kwork", "youtube",
    ),
    "product": (
        "page$", "form$", "forms$", "button", "option", "module", "feature", "integration",
        "checkout", "screen", "template", "plugin", "widget", "landing", "страниц", "форм",
        "кнопк", "модул", "плагин", "виджет", "űrlap", "urlap", "gomb", "modul", "funkci",
        "formulario", "botón", "boton", "módulo", "plantilla", "pasarela", "formular",
        "vorlage", "schaltfläche", "zahlungsseite", "logo", "footer", "header", "banner",
        "menu", "font", "cache", "icon", "theme", "layout",
    ),
    "onplatform": (
        "through the site", "through the platform", "via the platform", "via the site",
        "on the platform", "through the app", "через сайт", "через площадку", "через платформу",
        "через биржу", "oldalon keresztül", "platformon keresztül", "oldalon át",
        "por la plataforma", "por la web", "a través de la plataforma", "über die plattform",
        "über die seite", "ueber die plattform", "auf der plattform",
        "through this site", "through this platform", "через этот сайт", "через эту площадку",
        "ezen az oldalon át", "ezen az oldalon keresztül", "por esta página", "por esta web",
        "über diese seite", "über diese plattform",
        "por acá", "por aquí", "через оформление", "through the checkout", "über den checkout",
        "a pénztáron át", "a pénztáron keresztül", "por el checkout",
    ),
    "elsewhere": (
        "somewhere", "elsewhere", "another place", "other place", "another app", "где-нибудь",
        "в другом месте", "в другое место", "куда-нибудь", "máshol", "mashol", "máshova",
        "mashova", "máshová", "otro lado", "otro sitio", "otra app", "woanders", "anderswo",
    ),
    "private": (
        "private", "privately", "in person", "личк", "приват", "наедине", "в лс", "privát",
        "privat", "priviben", "privibe", "privado", "en persona", "privat", "persönlich",
        "personlich",
        "between us", "the two of us", "между собой", "вдвоём", "вдвоем", "egymás között",
        "mi ketten", "entre nosotros", "tú y yo", "unter uns", "wir zwei", "личной переписк",
        "личную переписк", "в личных сообщени", "в личные",
    ),
    # Asking for or offering a contact of one's own, kept apart from the platform's chat.
    "own_contact": (
        "personal number", "personal phone", "personal email", "personal e-mail",
        "personal mail", "private number", "private phone", "private email", "private e-mail",
        "личный номер", "личный телефон", "личная почта", "личную почту", "личный email",
        "личный мейл", "личный контакт", "saját szám", "saját telefon", "saját e-mail",
        "saját email", "saját mail", "privát szám", "privát e-mail", "número personal",
        "teléfono personal", "correo personal", "email personal", "móvil personal",
        "número privado", "private nummer", "privatnummer", "private mail", "private e-mail",
        "private handynummer", "persönliche nummer", "privates handy", "privathandy",
        "private line",
    ),
    # "a way to reach you that isn't this chat"
    "this_chat": (
        "this chat", "этот чат", "ez a chat", "ez a csevegő", "este chat", "dieser chat",
        "diesen chat",
    ),
    # "isn't needed", "nincs szükség": a contact nobody asks for
    "unneeded": (
        "isn't needed", "not needed", "no need", "не нужн", "nincs szükség", "nincs szukseg",
        "nem kell", "no hace falta", "no necesito", "braucht es nicht", "nicht nötig",
        "brauche ich nicht",
        "won't need", "don't need", "не нужна", "не нужен", "no necesitamos", "brauchen wir",
        "nem kell az",
    ),
    # "no middleman", "közvetítő nélkül": the middleman is the platform
    "middleman": (
        "middleman", "middlemen", "middle man", "intermediari", "посредник", "közvetítő",
        "kozvetito", "vermittler", "mittelsmann", "zwischenhändler",
    ),
    # Negation right before a phrase of paying through the platform ("not through the site")
    "negation": (
        "not$", "don't", "doesn't", "won't", "isn't", "no$", "without", "не$", "без$", "nem$",
        "ne$", "nélkül", "nelkul", "sin$", "nicht$", "kein", "ohne",
    ),
    # An address described instead of written: "my name with a dot in between, at Google"
    "mailword": (
        "email", "e-mail", "mail$", "mailem", "почта", "почту", "мейл", "имейл", "емейл",
        "correo", "mailcím", "mailadresse", "mail-adresse",
    ),
    "spelled_hint": (
        "dot in between", "a dot between", "dot between", "dot in the middle", "через точку",
        "ponttal elválaszt", "ponttal elvalaszt", "ponttal a", "ponttal köz", "punto en medio",
        "punto entre", "punkt dazwischen", "punkt in der mitte", "mit punkt zwischen",
        "by a dot", "separated by a dot",
    ),
    # "the number on the flyer is my real one, just call that"
    "real_contact": (
        "my real", "real one", "real number", "мой настоящ", "мой реальн", "настоящий номер",
        "реальный номер", "igazi szám", "valódi szám", "mío de verdad",
        "número real", "meine echte", "echte nummer", "meine richtige",
        "actual number", "my actual",
    ),
    "callme": (
        "call$", "call me", "ring me", "звони", "позвони", "набери", "hívd", "hívj", "hivd",
        "hivj", "llama a", "llámame", "llamame", "ruf", "anrufen",
    ),
    # A contact-free design: the fields are left empty for someone else to fill in
    "blank": (
        "empty", "blank", "placeholder", "dummy", "lorem", "fill in", "fills them", "пуст",
        "заглушк", "впиш", "üres", "ures", "helykitöltő", "kitölt", "vacío", "vacio", "vacía",
        "vacia", "en blanco", "rellen", "leer$", "leere", "platzhalter", "blindtext",
        "ausfüll",
        "minta", "образец", "ejemplo", "beispiel", "sample", "example", "заполн",
    ),
    # The booking's deposit paid here, the rest handed over in person
    "deposit": (
        "deposit", "prepayment", "upfront", "предоплат", "аванс", "задаток", "előleg",
        "eloleg", "foglaló", "señal", "anticipo", "adelanto", "anzahlung", "vorkasse",
    ),
    "handover": (
        "hand over", "hand it over", "hand you", "in cash", "отдам", "передам",
        "наличн", "átadom", "odaadom", "készpénz", "keszpenz", "te los doy", "te lo doy",
        "en mano", "efectivo", "gebe ich dir", "geb ich dir", "gebe dir", "in bar",
    ),
    "talk": (
        "continue", "talk", "chat", "message", "write", "contact", "reach", "speak", "move",
        "продолж", "поговор", "общ", "пиш", "напиш", "свяж", "перейд", "созвон", "folytas",
        "beszél", "beszel", "írj", "irj", "keress", "üzen", "uzen", "menjünk", "sig", "habl",
        "escrib", "contáct", "contact", "pasemos", "weiter", "reden", "schreib", "kontaktier",
        "meld", "sprechen", "wechseln",
        "besprech", "discuss", "обсуд", "megbeszél", "megbeszel", "arrange", "договор", "arregl",
    ),
    "next": (
        "next job", "next time", "next order", "next project", "future jobs", "from now on",
        "следующ", "в следующий раз", "дальше", "в будущем", "következő", "kovetkezo",
        "legközelebb", "legkozelebb", "a jövőben", "próxim", "proxim", "la próxima",
        "en adelante", "nächst", "naechst", "künftig", "kuenftig", "in zukunft",
        "follow-up", "следующую работу", "siguiente", "folgeauftrag", "folytatás",
    ),
    "same_handle": (
        "same username", "same user name", "same handle", "same nick", "same name on",
        "тот же ник", "тот же логин", "такой же ник", "тем же ником", "ugyanez a felhasználónev",
        "ugyanaz a felhasználónév", "ugyanaz a nev", "ugyanez a nev", "ugyanezzel a névvel",
        "ugyanaz a becenev", "ugyanaz a becenév", "ugyanaz a nick", "ugyanaz a felhasználó",
        "ugyanazon a néven", "mismo usuario", "mismo nombre de usuario", "mismo nick",
        "mismo alias", "mismo apodo", "gleicher benutzername", "gleichen benutzernamen",
        "gleicher name", "gleichen namen", "denselben nick", "denselben namen",
        "denselben benutzernamen", "selben nick", "selben namen", "gleichen nick",
        "такой же логин", "тот же никнейм", "same nickname", "same login",
        "same avatar", "same profile pic", "same photo", "тем же ником", "ugyanazzal a név",
        "ugyanazzal a nick",
        "handle everywhere", "ник везде", "usuario en todos lados", "überall sonst mein",
        "everywhere else", "везде одинаков", "mindenhol ugyanaz", "en todas partes",
    ),
    # "the same nickname as here": the comparison names this site, so the other is elsewhere
    "as_here": (
        "as here", "as on here", "like here", "как тут", "как здесь", "mint itt", "que aquí",
        "que aqui", "que acá", "wie hier",
        "что и тут", "что и здесь",
    ),
    "contact_item": (
        "my number", "my phone", "my contacts", "my contact", "my email", "my e-mail", "my mail",
        "the phone", "phone number", "my details", "мой номер", "номер телефона", "телефон",
        "контакты", "моя почта", "мои данные", "számom", "szamom", "telefonszám", "telefonszam",
        "elérhetőség", "elerhetoseg", "mi número", "mi numero", "mis datos", "teléfono",
        "telefono", "mi correo", "meine nummer", "telefonnummer", "handynummer", "kontaktdaten",
        "meine mail",
        "mis contactos", "meine kontakte", "почта есть", "my contact details",
    ),
    "document": (
        "pdf", "portfolio", "profile pic", "profile photo", "avatar", "cv$", "resume", "bio$",
        "signature", "watermark", "first page", "business card", "портфолио", "аватар", "резюме",
        "визитк", "первой странице", "подпис", "portfólió", "portfolio", "profilkép", "profilkep",
        "önéletrajz", "névjegy", "portafolio", "foto de perfil", "currículum", "curriculum",
        "sale el", "tarjeta de visita", "profilbild", "lebenslauf", "visitenkarte", "steht die",
        "steht im",
        "file properties", "свойствах файла", "свойства файла", "propiedades del archivo",
        "dateieigenschaften", "fájl tulajdonság", "metadata", "метаданн", "metaadat", "metadaten",
        "metadatos", "last slide", "слайд", "diáj", "diapositiva", "folie",
    ),
    "search": (
        "search my", "search for my", "google my", "google me", "look me up", "find me on",
        "найди меня", "найдите меня", "загугли", "погугли", "поищи", "keress rá", "keress ra",
        "guglizd", "keress meg", "busca mi", "búscame", "buscame", "googlea", "such meinen",
        "such mich", "google meinen", "googel",
        "just search", "search it", "search for it", "поищи его", "ищут меня", "buscalo", "búscalo",
        "such einfach", "such danach", "look it up", "engem keressenek", "ищите меня",
        "look me up directly",
    ),
    "pay": (
        "pay", "paid", "settle", "wire", "transfer", "cash", "оплач", "оплат", "плати", "заплат",
        "перевед", "перевест", "перевод", "наличн", "отдам", "fizet", "utal", "átutal", "atutal",
        "készpénz", "keszpenz", "pagar", "pago$", "pagam", "págam", "pagaré", "pagare", "paga$",
        "pague", "págue", "transfier", "transferencia", "efectivo", "zahl", "überweis",
        "ueberweis", "bar$", "bezahl",
        "fizes", "fizetn", "adom oda", "adnám oda", "pagas$", "pagás", "pagues",
        "рассчита", "расплач", "расплат",
    ),
    "bank": (
        "bank transfer", "wire transfer", "by wire", "bank account", "банковск",
        "переводом на карту", "на карту", "на счёт", "на счет", "banki átutal", "banki atutal",
        "átutalással", "atutalassal", "bankszámlá", "transferencia", "cuenta bancaria",
        "por bizum", "banküberweisung", "bankueberweisung", "per überweisung", "aufs konto",
        "auf mein konto", "from my card", "from my bank", "banking app", "bank app",
        "с карты", "с моей карты", "банковское приложение", "bankos app", "bankkártyáról",
        "netbank", "app del banco", "desde mi banco", "desde mi tarjeta", "banking-app",
        "bankapp", "von meiner karte",
    ),
    "agreed": (
        "agreed price", "the rest", "remaining", "the balance", "remainder", "agreed amount",
        "оговорённ", "оговоренн", "остаток", "оставш", "договорённ", "договоренн", "megbeszélt",
        "megbeszelt", "maradék", "maradek", "fennmaradó", "fennmarado", "acordad", "el resto",
        "restante", "el saldo", "vereinbart", "den rest", "restlichen", "restbetrag",
    ),
    "cancel": (
        "cancel the order", "cancel this order", "cancel the booking", "close the order",
        "отмени заказ", "отмените заказ", "отменим заказ", "закрой заказ", "mondd le a rendel",
        "mondjuk le", "töröld a rendel", "cancela el pedido", "cancelemos", "anula el pedido",
        "storniere", "stornier", "storno", "brich den auftrag",
    ),
    "cheaper": (
        "cheaper", "discount", "lower price", "less if", "pay less", "charge less", "for less",
        "better price", "% off", "less money", "дешевле",
        "скидк", "подешевле", "olcsóbb", "olcsobb", "kedvezmény", "kedvezmeny", "más barato",
        "mas barato", "descuento", "mejor precio", "billiger", "günstiger", "guenstiger",
        "rabatt",
        "knock off", "сниму с цены", "скину", "leveszem", "lejjebb", "te quito", "te rebajo",
        "rebaja", "zieh ich ab", "nachlass",
        "% menos", "% less", "% weniger", "% kevesebb", "% меньше", "% дешевле", "% olcsóbb",
    ),
    "direct": (
        "directly", "direct$", "straight to you", "to you directly", "напрямую", "лично",
        "вам напрямую", "közvetlenül", "kozvetlenul", "direktben", "directamente", "direkt",
        "me personally", "мне лично", "nekem személyesen", "mir persönlich",
        "separately", "отдельно", "külön", "kulon", "aparte", "por separado", "separat",
        "getrennt", "in person", "en mano", "személyesen", "szemelyesen", "persönlich",
        "directo$", "directa$", "direkte$",
    ),
    # The other party as the one paid, after the verb: "I'll transfer you", "zahl mir",
    # "переведи мне", "fizesd nekem"
    "counterpart": (
        "you$", "me$", "тебе$", "вам$", "мне$", "neked$", "nekem$", "dir$", "mir$", "ihnen$",
    ),
    # "not here": the conversation asked to happen elsewhere ("a call outside of here")
    "not_here": (
        "outside of here", "not here", "away from here", "ne itt", "no por aquí", "no por acá",
        "fuera de aquí", "nicht hier", "woanders als hier", "не здесь", "не тут",
    ),
    # An app described instead of named, so the filter does not see its name: "the green
    # app", "the short-video app with the music note", "the business network with the blue in"
    "described_app": (
        "green app", "grünen app", "grüne app", "zöld app", "зелёный", "зеленый", "app verde",
        "blue app", "синее приложение", "kék app", "blauen app", "short-video app",
        "kurzvideo", "коротких видео", "rövidvideós", "videos cortos", "music note",
        "musiknote", "с нотой", "hangjegy", "nota musical", "соцсеть", "social network",
        "business network", "business-netzwerk", "red de laburo", "red social",
        "red profesional", "közösségi oldal", "blue in", "синим «in»", "kék „in”",
        "«in» azul", "blauen „in“",
    ),
    "dm": (
        "dm$", "dms$", "dm-et", "директ", "direct message", "mensaje directo",
        "privatnachricht",
    ),
    # Money sent however the payer likes: "send the money however you like"
    "money": (
        "money$", "the money", "деньги", "денег", "pénzt", "penzt", "la plata", "el dinero",
        "das geld", "geld$",
    ),
    "any_way": (
        "however you like", "any way you like", "whatever way", "however you want",
        "как тебе удобно", "как удобно", "как хочешь", "ahogy neked kényelmes", "ahogy kényelmes",
        "ahogy akarod", "como quieras", "como prefieras", "como te quede", "wie's dir passt",
        "wie es dir passt", "wie du willst", "wie du magst",
    ),
    # ... and before it, as Spanish puts it: "te la transfiero", "me lo mandás"
    "clitic": ("te la$", "te lo$", "te los$", "te las$", "me la$", "me lo$", "me los$"),
}
# fmt: on


# Pairs of concepts that make an invitation when they share a sentence, and what a
# moderator reads when one fires.
_PAY_GUARD = ("product", "onplatform")


class Combination(NamedTuple):
    """Two concepts that make an invitation when they meet in one sentence.

    ``gap`` bounds the characters between them (``None``: anywhere in the sentence): "the
    site" and "outside" are an invitation in "outside the site", not in "the website should
    also work outside the EU". ``unless`` names a concept that, in the same sentence, makes
    it product talk instead ("a page for bank transfer payments").
    """

    a: str
    b: str
    reason: str
    gap: int | None = None
    unless: tuple[str, ...] = ()
    ordered: bool = False
    """With ``ordered``, ``b`` comes first unless the two touch ("outside the site", but
    also Hungarian "az oldalon kívül" and "moderators can't read")."""
    follows: bool = False
    """With ``follows``, ``b`` comes after ``a``, touching or not: "pay you" is paying the
    other party, "you pay only the listed price" is not."""


COMBINATIONS: Final[tuple[Combination, ...]] = (
    Combination("fee", "avoid", "avoiding the platform's fee", 24),
    Combination("fee", "save", "saving the platform's fee", 24),
    Combination("platform", "avoid", "going around the platform", 12, ("product",), True),
    Combination("elsewhere", "talk", "moving the conversation elsewhere"),
    Combination("private", "talk", "moving the conversation to private"),
    Combination("next", "avoid", "the next deal around the platform", 40),
    Combination(
        "contact_item", "document", "contact details in a document or profile", None, ("blank",)
    ),
    Combination("fee", "offsite", "avoiding the platform's fee"),
    Combination("cheaper", "offsite", "a cheaper deal around the platform"),
    Combination("next", "offsite", "the next deal around the platform"),
    Combination("middleman", "negation", "cutting out the platform", 12),
    Combination("middleman", "avoid", "cutting out the platform", 12),
    Combination("direct", "offsite", "reaching each other directly, not through the platform"),
    Combination("talk", "not_here", "moving the conversation away from the platform"),
    Combination("callme", "not_here", "moving the conversation away from the platform"),
    Combination("described_app", "talk", "an app described instead of named"),
    Combination("described_app", "dm", "an app described instead of named"),
    Combination(
        "platform", "unneeded", "doing without the platform", 8, ("product", "own_contact")
    ),
    Combination("same_handle", "search", "the same username elsewhere"),
    Combination("platform_takes", "otherwise", "avoiding the platform's fee", 12),
    Combination("platform_takes", "save", "saving the platform's fee"),
    Combination("next", "private", "the next deal in private"),
    Combination("same_handle", "as_here", "the same username elsewhere", None, ("product",)),
    Combination("mailword", "spelled_hint", "an address described in words"),
    Combination("real_contact", "callme", "a contact given as the real one"),
    Combination("real_contact", "contact_item", "a contact given as the real one"),
    Combination("real_contact", "document", "a contact given as the real one", None, ("blank",)),
    Combination("this_chat", "negation", "a contact outside this chat", 6, (), True),
    Combination("deposit", "handover", "paying the rest outside the booking", None, ("product",)),
    Combination("same_handle", "external", "the same username elsewhere"),
    Combination("search", "external", "search for me elsewhere"),
    Combination("pay", "direct", "paying directly", None, _PAY_GUARD),
    Combination("pay", "bank", "paying by bank transfer", None, _PAY_GUARD),
    Combination("pay", "counterpart", "paying each other directly", 9, _PAY_GUARD, follows=True),
    Combination(
        "money", "any_way", "paying however it suits, outside the checkout", 40, ("onplatform",)
    ),
    Combination(
        "pay", "any_way", "paying however it suits, outside the checkout", 40, ("onplatform",)
    ),
    Combination("money", "avoid", "paying outside the checkout", None, ("onplatform",)),
    Combination("clitic", "pay", "paying each other directly", 2, _PAY_GUARD, follows=True),
    Combination("pay", "agreed", "paying the price outside the booking", None, _PAY_GUARD),
    Combination("cancel", "cheaper", "cancelling the order for a cheaper deal"),
    Combination("cancel", "private", "cancelling the order to deal privately"),
    Combination("cheaper", "private", "a cheaper deal in private"),
    Combination("cheaper", "avoid", "a cheaper deal around the platform"),
    Combination("cheaper", "direct", "a cheaper deal directly"),
)
# Concepts that, next to payment talk, make it more than settling the booked price: under
# direct settlement such a message is still an invitation to go around the booking.
BYPASS: Final[frozenset[str]] = frozenset(
    {
        "avoid",
        "save",
        "fee",
        "next",
        "cancel",
        "cheaper",
        "private",
        "elsewhere",
        "same_handle",
        "search",
        "platform_takes",
        "middleman",
        "own_contact",
    }
)
# Concepts that carry their own negation ("brauchen wir … nicht", "not through this site",
# "ne itt"): a pair with one of them is not cancelled by a negation in its clause.
NEGATION_BUILT_IN: Final[frozenset[str]] = frozenset({"unneeded", "offsite", "not_here"})
SINGLE: Final[dict[str, str]] = {
    "own_contact": "asking for a personal contact",
}
# Concepts that make a single-concept hit product talk ("a personal email field on the form").
SINGLE_UNLESS: Final[tuple[str, ...]] = ("product", "blank", "onplatform", "unneeded")


def _stem_pattern(stems: tuple[str, ...]) -> str:
    parts = []
    for stem in sorted(set(stems), key=lambda s: (-len(s), s)):
        whole = stem.endswith("$")
        body = re.escape(stem.rstrip("$"))
        parts.append(body + (r"(?![^\W\d_])" if whole else ""))
    return r"(?<![^\W\d_])(?:" + "|".join(parts) + r")[^\W\d_]*"  # to the end of the word


class Concepts:
    """Compiled concept matchers, each tried only when a word of the message could start it.

    Running seventeen patterns over every message would cost more than all the other rules
    together, so each stem is keyed by the first letters (up to four) of its longest word
    and a message only runs the concepts whose keys its words start with.
    """

    def __init__(self) -> None:
        self._res = {name: re.compile(_stem_pattern(stems)) for name, stems in CONCEPTS.items()}
        self._by_key: dict[str, set[str]] = {}
        self._always: set[str] = set()
        for name, stems in CONCEPTS.items():
            for stem in stems:
                # Key on the stem's longest word: "no cut" is keyed "cut", not "no", so
                # common short words do not wake the concept up on every message.
                parts = _HEAD.findall(stem)
                if not parts:
                    self._always.add(name)
                    continue
                longest = max(parts, key=len)
                self._by_key.setdefault(longest[:_KEY], set()).add(name)
        self._lengths = sorted({len(k) for k in self._by_key})
        self._keys = frozenset(self._by_key)

    def hits(
        self, norm: str, only_if_combined: bool = False, words: Iterable[str] | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """Spans of every concept found in ``norm``; with ``only_if_combined``, nothing
        unless the words could make a combination (most messages: no pattern runs)."""
        wanted = set(self._always)
        if words is None:
            words = _WORDS.findall(norm)
        prefixes = {w[:n] for w in words for n in self._lengths}
        for key in self._keys.intersection(prefixes):
            wanted |= self._by_key[key]
        if only_if_combined:
            if not _combinable(wanted):
                return {}
            wanted = _needed(wanted)
        out: dict[str, list[tuple[int, int]]] = {}
        for name in wanted:
            spans = [m.span() for m in self._res[name].finditer(norm)]
            if spans:
                out[name] = spans
        return out

    def settlement_only(self, norm: str) -> bool:
        """Talk of paying ("I will pay the rest by bank transfer") and nothing that goes
        around the booking (fees, "next time", "cancel the order", "cheaper", "in private")."""
        hits = self.hits(norm)
        paying = "pay" in hits or "bank" in hits or "handover" in hits
        return paying and BYPASS.isdisjoint(hits)

    def invitations(
        self, norm: str, words: Iterable[str] | None = None
    ) -> Iterator[tuple[int, int, str]]:
        """(start, end, reason) for each sentence where a combination of concepts meets.

        ``words`` are the message's words if the caller has them already."""
        hits = self.hits(norm, only_if_combined=True, words=words)
        if "pay" in hits and "platform" in hits:
            hits["pay"] = _payer_not_platform(norm, hits["pay"], hits["platform"])
        if "platform" in hits:
            # "without the platform's escrow": the platform owns a thing, nobody goes around it
            hits["platform"] = [s for s in hits["platform"] if not _OWNS.match(norm, s[1])]
        if "platform_takes" in hits:
            hits["platform_takes"] = [
                s for s in hits["platform_takes"] if _SHARE_AFTER.match(norm, s[1])
            ]
        if "this_chat" in hits:
            # "isn't this chat", "que no sea este chat"; not "no, this chat is fine"
            ends = [e for _, e in hits.get("negation", ())]
            hits["this_chat"] = [
                s for s in hits["this_chat"] if any(_joined(norm, e, s[0]) for e in ends)
            ]
        if "negation" in hits and "onplatform" in hits:
            _negated_platform(norm, hits)
        if not _combinable({name for name, spans in hits.items() if spans}):
            return
        bounds = [0, *(m.end() for m in _SENTENCE.finditer(norm)), len(norm)]
        for lo, hi in pairwise(bounds):
            inside = {name: [s for s in spans if lo <= s[0] < hi] for name, spans in hits.items()}
            for name, reason in SINGLE.items():
                if any(inside.get(u) for u in SINGLE_UNLESS):
                    break
                for s in inside.get(name, ()):
                    yield s[0], s[1], reason
            for combo in COMBINATIONS:
                found = _meet(
                    inside.get(combo.a),
                    inside.get(combo.b),
                    combo.gap,
                    combo.ordered,
                    combo.follows,
                )
                if found is None or any(inside.get(u) for u in combo.unless):
                    continue
                yield found[0], found[1], f"{combo.reason} ({combo.a} + {combo.b})"


_PARTNERS: dict[str, frozenset[str]] = {}
for _a, _b, *_ in COMBINATIONS:
    _PARTNERS[_a] = _PARTNERS.get(_a, frozenset()) | {_b}
# "offsite" is derived from a negation next to "through the platform", never matched itself.
_PARTNERS["negation"] = _PARTNERS.get("negation", frozenset()) | {"onplatform"}
_NEGATION_GAP = 8
_OWNS = re.compile(r"['’]s\b")
# "the site takes 15%", "…its cut": a share follows, not "the site takes too long to load".
_SHARE_AFTER = re.compile(
    r"[^.!?;\n\d%]{0,14}?(?:\d|%|cut|fee|commission|комисси|процент|jutalék|jutalek|"
    r"százalék|szazalek|comisi|porcentaje|provision|gebühr|prozent|"
    r"half|third|quarter|fifth|tenth|part|половин|трет|четверт|пят|част|"
    r"fel|harmad|negyed|ötöd|otod|tized|rész|mitad|tercera|cuarta|quinta|parte|"
    r"hälfte|drittel|viertel|fünftel|zehntel|teil)"
)
# Between the negation and the phrase: spaces and at most one short word ("no pasa por la web").
_NEGATION_JOIN = re.compile(r"\s+(?:[^\W\d_]{1,6}\s+)?")


def _joined(norm: str, negation_end: int, start: int) -> bool:
    """Whether a negation ending at ``negation_end`` governs the phrase at ``start``: close
    before it, spaces and at most one short word between ("no pasa por la web")."""
    return start - _NEGATION_GAP <= negation_end <= start and bool(
        _NEGATION_JOIN.fullmatch(norm, negation_end, start)
    )


def _negated_platform(norm: str, hits: dict[str, list[tuple[int, int]]]) -> None:
    """Turn "not through the site", "nem az oldalon keresztül", "no pasa por la web" into
    ``offsite``: a negation at most a short word before the phrase of paying through the
    platform. The phrase then no longer counts as ``onplatform``, which would spare the
    message as a payment made on the platform."""
    kept, off = [], []
    for start, end in hits["onplatform"]:
        if any(_joined(norm, n_end, start) for _, n_end in hits["negation"]):
            off.append((start, end))
        else:
            kept.append((start, end))
    if off:
        hits["onplatform"] = kept
        hits["offsite"] = off


def _meet(
    sa: list[tuple[int, int]] | None,
    sb: list[tuple[int, int]] | None,
    gap: int | None,
    ordered: bool = False,
    follows: bool = False,
) -> tuple[int, int] | None:
    """The span covering the closest pair of hits of two concepts, if within ``gap``."""
    if not sa or not sb:
        return None
    best: tuple[int, int, int] | None = None
    for a in sa:
        for b in sb:
            distance = max(0, max(a[0], b[0]) - min(a[1], b[1]))
            if ordered and b[0] > a[0] and distance > 2:
                continue
            if follows and b[0] < a[1]:
                continue
            if best is None or distance < best[0]:
                best = (distance, min(a[0], b[0]), max(a[1], b[1]))
    if best is None or (gap is not None and best[0] > gap):
        return None
    return best[1], best[2]


# "the site pays out", "la web paga", "die Seite zahlt … aus": the platform is the one paying,
# which is how payouts work, not a deal around it. At most a short word between them
# ("the site will pay"), no punctuation ("skip the site, pay me directly" is an invitation).
_PAYER_GAP = re.compile(r"\s+(?:[^\W\d_]{1,4}\s+)?")


def _payer_not_platform(
    norm: str, pay: list[tuple[int, int]], platform: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The "pay" hits whose subject is not the platform right before them."""
    ends = {end for _, end in platform}
    kept = []
    for start, end in pay:
        lo = max(0, start - 7)
        if not any(e in ends and _PAYER_GAP.fullmatch(norm, e, start) for e in range(lo, start)):
            kept.append((start, end))
    return kept


_COMBO_USES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset((c.a, c.b)), frozenset((c.a, c.b, *c.unless))) for c in COMBINATIONS
)


def _needed(wanted: set[str]) -> set[str]:
    """The concepts worth matching: both halves of a pair that could meet, and what could
    spare it. "negation" matches in most messages and "product" in many; running them only
    when their partner is there keeps the concept pass as cheap as before it had them."""
    present = set(wanted)
    if "negation" in present and "onplatform" in present:
        present.add("offsite")
    need: set[str] = set()
    for pair, uses in _COMBO_USES:
        if pair <= present:
            need |= uses
    for name in SINGLE:
        if name in present:
            need.add(name)
            need.update(SINGLE_UNLESS)
    if "offsite" in need:
        need |= {"negation", "onplatform"}
    if "pay" in need:
        need.add("platform")  # the platform as the payer
    return need & wanted


def _combinable(names: Collection[str]) -> bool:
    """Whether ``names`` hold a single-concept invitation or both halves of a pair."""
    for name in names:
        if name in SINGLE:
            return True
        partners = _PARTNERS.get(name)
        if partners is not None and not partners.isdisjoint(names):
            return True
    return False


_SENTENCE = re.compile(r"[.!?;\n]+")
_HEAD = re.compile(r"[^\W\d_]+")
_WORDS = re.compile(r"[^\W\d_]+")
_KEY = 4
