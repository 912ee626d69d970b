"""The concepts invitations are made of, as word stems in five languages.

[`microjob.contact_concepts`][microjob.contact_concepts] pairs them ("fee" + "avoid", "pay" +
"counterpart"); this module is only the vocabulary, so a new language or a new synonym is a
change to data, not to the rules.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CONCEPTS"]

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
        # a rival site "with zero fees": the fee and its absence in one phrase
        "zero fee", "zero commission", "no-fee", "fee-free", "нулевой комисси", "нулевая комисси",
        "nulla jutalék", "nulla jutalek", "nulla díj", "cero comisi", "comisión cero",
        "null gebühr", "null provision", "provisionsfrei", "gebührenfrei",
        "platform fee", "platformjutalék", "platformdíj", "plattformanteil", "plattformgebühr",
        "комиссия площадки", "comisión de la plataforma",
    ),
    # The platform taking its share: "the site takes 15%", "la web se queda un 15%"
    "platform_takes": (
        "site takes", "platform takes", "app takes", "сайт забирает", "площадка забирает",
        "забирает сайт", "сайт возьмёт", "сайт возьмет", "oldal levon", "levonja az oldal",
        "web se queda", "plataforma se queda", "página se queda", "nimmt die seite",
        "nimmt die plattform", "die seite nimmt", "behält die seite",
        "platform keeps", "site keeps", "оставляет себе", "megtartja", "plataforma se queda",
        "web se queda", "behält",
        "сайт заберёт", "сайт заберет", "площадка заберёт", "площадка заберет", "site will take",
        "platform will take", "az oldal levon", "la web se quedará", "die seite nimmt sich",
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
        "escrow", "treuhand", "безопасную сделк", "безопасной сделк", "letét",
        "depósito en garantía",
        "this chat", "этот чат", "этого чата", "ez a chat", "ezen a chaten", "este chat",
        "diesem chat", "diesen chat",
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
        "zero fee", "zero commission", "no-fee", "fee-free", "нулевой комисси", "нулевая комисси",
        "nulla jutalék", "nulla jutalek", "nulla díj", "cero comisi", "comisión cero",
        "null gebühr", "null provision", "provisionsfrei", "gebührenfrei",
        "keep the platform out", "keep the site out", "leave the platform out",
        "leave the site out", "out of the loop", "kihagyjuk", "hagyjuk ki", "dejemos fuera",
        "dejar fuera", "raushalten", "heraushalten",
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
        "etsy", "amazon", "ebay", "avito", "авито", "vinted", "jófogás", "jofogas", "wallapop",
        "kleinanzeigen",
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
        # the order itself, its page and the site named plainly
        "on the site", "on this site", "on the website", "über die bestellseite",
        "über die bestellung", "über die website", "über die webseite", "rendelésen keresztül",
        "rendelésen át", "rendelesen keresztul",
        # the platform's escrow holding the money: "the escrow releases it"
        "escrow releases", "the escrow releases", "through escrow", "through the escrow",
        "via escrow", "in escrow",
        # the order as the way money goes: "through the order", "через заказ"
        "through the order", "via the order", "через заказ", "через сделку", "por el pedido",
        "über den auftrag", "über die buchung",
        # "here" as the platform: "instead of paying through here"
        "through here", "via here", "через здесь", "тут через", "itt keresztül", "itt az oldalon",
        "por aquí mismo", "über hier", "hier über",
    ),
    "elsewhere": (
        "somewhere", "elsewhere", "another place", "other place", "another app", "где-нибудь",
        "в другом месте", "в другое место", "куда-нибудь", "máshol", "mashol", "máshova",
        "mashova", "máshová", "otro lado", "otro sitio", "otra app", "woanders", "anderswo",
        "other app", "different app", "другое приложение", "другом приложении",
        "другой мессенджер", "másik app", "másik alkalmazás", "otra aplicación", "andere app",
        "anderen app",
    ),
    "private": (
        "private", "privately", "in person", "личк", "приват", "наедине", "в лс", "privát",
        "privat", "priviben", "privibe", "privado", "en persona", "privat", "persönlich",
        "personlich",
        "between us", "the two of us", "между собой", "вдвоём", "вдвоем", "egymás között",
        "mi ketten", "entre nosotros", "tú y yo", "unter uns", "wir zwei", "личной переписк",
        "личную переписк", "в личных сообщени", "в личные",
        "por nuestra cuenta", "on our own", "magunk között", "на своих условиях",
        "between ourselves", "among ourselves", "ourselves", "между нами", "сами между",
        "magunk között", "entre nosotros mismos", "unter uns selbst",
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
        # "instead of" before the phrase it turns down ("statt über die Seite")
        "instead of", "statt$", "anstatt$", "вместо$", "en vez de", "en lugar de",
        # "some other way than through here"
        "other way than", "other than", "rather than", "кроме как", "anders als",
        "otra forma que", "otra manera que", "másképp, mint", "máshogy, mint",
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
        "настоящие контакты", "реальные контакты", "igazi elérhetőség", "valódi elérhetőség",
        "de verdad", "echten kontakt", "richtigen kontakt", "real contact",
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
        "give you$", "give it to you", "give you in person", "give it to you in person",
        "hand it to you", "отдам лично",
        "лично в руки", "személyesen adom", "személyesen odaadom", "te la doy en persona",
        "te lo doy en persona", "persönlich gebe", "persönlich übergebe", "persönlich geb",
    ),
    "talk": (
        "continue", "talk", "chat", "message", "write", "contact", "reach", "speak", "move",
        "продолж", "поговор", "общ", "пиш", "напиш", "свяж", "перейд", "созвон", "folytas",
        "beszél", "beszel", "írj", "irj", "keress", "üzen", "uzen", "menjünk", "sig", "habl",
        "escrib", "contáct", "contact", "pasemos", "weiter", "reden", "schreib", "kontaktier",
        "meld", "sprechen", "wechseln",
        "besprech", "discuss", "обсуд", "megbeszél", "megbeszel", "arrange", "договор", "arregl",
        "mándame", "mandame", "mensaje", "envíame", "enviame", "üzenj", "nachricht",
        "связаться",
    ),
    "next": (
        "next job", "next time", "next order", "next project", "future jobs", "from now on",
        "следующ", "в следующий раз", "дальше", "в будущем", "következő", "kovetkezo",
        "legközelebb", "legkozelebb", "a jövőben", "próxim", "proxim", "la próxima",
        "en adelante", "nächst", "naechst", "künftig", "kuenftig", "in zukunft",
        "follow-up", "следующую работу", "siguiente", "folgeauftrag", "folytatás",
        "next session", "next lesson", "next one", "next booking", "следующее занятие",
        "következő óra", "következő alkalom", "la próxima clase", "la próxima sesión",
        "nächste stunde", "nächste sitzung",
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
        "my socials are", "мои соцсети в", "közösségi oldalaim", "mis redes están",
        "meine socials sind",
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
        "find me by", "find me under", "look for me under", "ищи меня по", "найди меня по",
        "keress meg a", "búscame por", "buscame por", "such nach mein", "suche nach mein",
        "finde mich unter",
    ),
    "pay": (
        "pay", "paid", "settle", "wire", "transfer", "cash", "оплач", "оплат", "плати", "заплат",
        "перевед", "перевест", "перевод", "плачу$", "заплачу", "отдашь", "отдадите", "наличн",
        "отдам", "fizet", "utal", "átutal", "atutal", "add oda", "add át",
        "készpénz", "keszpenz", "pagar", "pago$", "pagam", "págam", "pagaré", "pagare", "paga$",
        "pague", "págue", "transfier", "transferencia", "efectivo", "zahl", "überweis",
        "ueberweis", "bar$", "bezahl",
        "fizes", "fizetn", "adom oda", "adnám oda", "pagas$", "pagás", "pagues",
        "рассчита", "расплач", "расплат",
        "скину тебе на карт", "скину на карт", "скину деньги", "кину на карт",
    ),
    "bank": (
        "bank transfer", "wire transfer", "by wire", "bank account", "банковск",
        "переводом на карту", "на карту", "на счёт", "на счет", "banki átutal", "banki atutal",
        "átutalással", "atutalassal", "átutalom", "atutalom", "átutalok", "átutalnám",
        "по банку", "bankszámlá", "transferencia", "cuenta bancaria",
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
        "mark the order as complete", "mark it complete", "mark it as done", "mark it as complete",
        "поставь заказ выполненным", "подтверди выполнение", "zárd le a rendel", "cancel here",
        "cancela aquí", "cancela aqui", "marca el pedido como", "cierra el pedido",
        "schließ den auftrag", "markier den auftrag",
        "отметь заказ выполненным", "отметь заказ", "jelöld teljesítettnek", "márkald",
        "marca el pedido", "markiere den auftrag",
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
        # the paper-plane app
        "paper plane app", "app with the paper plane", "paper airplane app",
        "app with the paper airplane", "приложении с бумажн", "приложение с бумажн",
        "приложения с бумажн", "papírrepülős app", "papirrepulos app", "app del avioncito",
        "app del avión de papel", "app mit dem papierflieger", "papierflieger-app",
        "work network", "professional network", "job network", "blue 'in'", "blue “in”",
        "szakmai közösségi", "berufsnetzwerk",
        "red profesional", "деловую сеть", "деловой сети",
        "blue bird", "синей птиц", "kék madar", "kék madár", "pájaro azul", "blauen vogel",
        "app with the ghost", "ghost logo", "приложении с привидени", "szellemes app",
        "app del fantasmita", "app mit dem geist", "gespenst",
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
    # Leaving the platform and taking the clients along: "I'm leaving this site, regulars can
    # follow me"
    "leave": (
        "leaving this site", "leaving the site", "leaving this platform", "leaving the platform",
        "leaving here", "quitting this site", "quitting the site", "quitting the platform",
        "leave this site", "leave the platform", "ухожу с сайта", "ухожу с этого сайта",
        "ухожу с площадки", "ухожу с этой площадки", "ухожу с платформы", "уйду с сайта",
        "уйду с этого сайта", "уйду с площадки", "покидаю сайт", "покидаю площадку",
        "ухожу отсюда", "lelépek erről az oldal", "lelépek az oldal", "lelépek innen",
        "elhagyom az oldal", "elhagyom ezt az oldal", "otthagyom az oldal", "kilépek az oldal",
        "me voy de esta página", "me voy de la página", "me voy de esta web", "me voy de la web",
        "me voy de la plataforma", "me voy de aquí", "dejo la plataforma", "dejo esta página",
        "dejo la página", "weg von der seite", "weg von der plattform", "verlasse die seite",
        "verlasse die plattform", "verlasse diese seite", "raus aus der plattform", "bin hier weg",
        "nicht mehr auf der seite", "nicht mehr auf der plattform", "nicht mehr hier",
        "не будет на сайте", "больше не буду на сайте", "nem leszek az oldalon",
        "nem leszek itt", "ya no estaré en la", "ya no estaré aquí",
        # moving the shop to a site of one's own
        "my own website", "my own site", "на свой сайт", "saját weboldal", "saját oldalamra",
        "mi propia web", "mi propia página", "meine eigene website", "meine eigene seite",
    ),
    "follow": (
        "follow me", "come with me", "where to find me", "where i'll be", "tell you where",
        "where i'm going", "regulars", "my clients can", "где меня", "за мной", "куда переезжаю",
        "постоянным клиентам", "utánam", "utanam", "megmondom, hova", "hol találsz",
        "törzsvendég", "törzsügyfel", "seguirme", "sígueme", "síganme", "dónde encontrarme",
        "donde encontrarme", "clientes fijos", "mitkommen", "folgt mir", "folg mir",
        "wo ihr mich findet", "wo du mich findest", "wohin$", "stammkunden",
        "where to reach me", "where you can find me", "look for me", "keep working with me",
        "скажу куда", "скажу, куда", "скажу где", "скажу, где", "дам знать, где", "работать дальше",
        "продолжить со мной", "megtalálnak", "megtalalnak", "megtalálsz", "megmondom hol",
        "megmondom, hol", "te digo dónde", "te digo donde", "te diré dónde", "seguir conmigo",
        "wo sie mich finden", "wo man mich findet", "sag ich, wo", "sag dir, wo", "sag ich wo",
    ),
    # Undoing a disguise: "read my seller id as a phone number", "my shop name backwards"
    "decode": (
        "read it as a phone", "read it as a number", "read them as a phone", "read as a phone",
        "backwards", "задом наперёд", "задом наперед", "прочитай его как номер",
        "прочитай как номер", "читай как номер", "прочитай его как телефон", "visszafelé",
        "visszafele", "olvasd telefonszám", "olvasd el telefonszám", "al revés", "al reves",
        "léelo como teléfono", "leelo como telefono", "léelo como número", "leelo como numero",
        "rückwärts", "rueckwaerts", "lies sie als telefon", "lies es als telefon",
        "lies sie als nummer", "lies es als nummer",
        "same as my shop id", "same as my id", "same as my seller id", "same as my username",
        "совпадает с моим id", "как мой id", "megegyezik az azonosítóm", "igual que mi id",
        "igual a mi id", "gleich wie meine id", "wie meine verkäufer-id",
    ),
    # The writer's account name, the thing a disguise hides
    "handle_word": (
        "my username", "my user name", "my handle", "my nick", "my login", "that's me", "my id$",
        "my seller id", "мой ник", "мой логин", "это я$", "мой id", "felhasználónevem",
        "felhasznalonevem", "az vagyok", "azonosítóm", "azonositom", "mi usuario", "mi nick",
        "ese soy yo", "mi id$", "mein username", "mein benutzername", "mein nick", "das bin ich",
        "meine id", "meine verkäufer-id",
    ),
    # Paying in cash, apart from any checkout: "cash at the start of each lesson"
    "cash": (
        "in cash", "cash at", "cash on the", "cash when", "cash in hand", "наличными",
        "наличкой", "налом", "készpénzben", "keszpenzben", "készpénzzel", "en efectivo",
        "in bar$", "bar am", "bar bei", "bar auf die hand", "bar vor ort",
    ),
    # The half of the price left for later: "the second half in person"
    "half": (
        "second half", "other half", "вторую половину", "вторая половина", "második fel",
        "masodik fel", "másik fel", "masik fel", "la otra mitad", "la segunda mitad",
        "zweite hälfte", "zweite haelfte", "andere hälfte",
    ),
    # A file or a recording that carries the writer's own contact: "my number is in the
    # readme of the zip", "my voicemail greeting ends with my number"
    "file": (
        "readme", "zip$", "the zip", "archive", "архив", "attachment", "attached", "вложени",
        "melléklet", "csatol", "zipben", "adjunto", "anhang", "angehängt", "audio", "аудио",
        "recording", "voicemail", "voice mail", "автоответчик", "hangpost", "hangmint",
        "felvétel", "hangfelvétel", "buzón de voz", "grabación", "grabacion", "mailbox",
        "hörprobe", "aufnahme",
        "txt$", "docx", "the file", "файле", "fájl", "archivo", "datei",
    ),
    # The writer's own contact, not the one on a design ("the phone number in the header")
    "my_contact": (
        "my number", "my phone", "my contacts", "my contact", "my email", "my e-mail", "my mail",
        "my details", "мой номер", "мои контакты", "мои настоящие контакты", "моя почта",
        "мои данные", "диктует номер", "диктует мой", "számom", "szamom", "elérhetőségeim",
        "elerhetosegeim", "mi número", "mi numero", "mis datos", "mi correo", "mi teléfono",
        "mi telefono", "meine nummer", "meine kontaktdaten", "meine mail", "meine kontakte",
        "meine handynummer", "meine telefonnummer",
    ),
    # A control on a screen: "the paper-plane icon sends the message" describes a button, not
    # an app
    "ui_element": (
        "icon", "button", "иконк", "значок", "кнопк", "ikon", "gomb", "icono", "ícono", "botón",
        "boton", "symbol", "knopf", "schaltfläche", "ikone",
    ),
    # A contact kept to oneself is a refusal: "my contact stays private", "bleibt privat"
    "kept_private": (
        "stays private", "stay private", "keep it private", "kept private", "remains private",
        "остаётся личн", "останется личн", "остается личн", "privát marad", "marad privát",
        "sigue siendo privad", "queda privad", "se queda privad", "bleibt privat",
    ),
    # A design brief: contact details in its files are lines on the design ("the phone number
    # in the attachment must be bigger")
    "design": (
        "bigger", "smaller", "font", "bold", "flyer", "poster", "mockup", "layout", "logo",
        "logó", "лого", "макет", "шрифт", "крупнее", "мельче", "листовк", "nagyobb", "kisebb",
        "betűtípus", "plakát", "szórólap", "más grande", "más pequeñ", "fuente", "cartel",
        "folleto", "größer", "kleiner", "schrift", "plakat",
    ),
    # Money kept out of the books: an invitation on its own
    "off_books": (
        "off the books", "pay under the table", "paid under the table", "cash under the table",
        "money under the table", "мимо кассы", "в чёрную", "вчёрную", "zsebbe fizet",
        "zsebbe megy", "bajo cuerda", "pagar en negro", "pago en negro", "cobrar en negro",
        "unter der hand", "schwarz bezahl", "schwarzgeld",
    ),
    # A decoy booking: something cheap booked here and "the real" price paid apart
    "decoy": (
        "the real price", "the real amount", "the real $", "the real £", "the real €",
        "реальную сумму", "настоящую сумму", "реальную цену", "реальные$", "valódi összeg",
        "a valódi", "el precio real", "la cantidad real", "den echten preis", "die echten",
        "den echten betrag",
    ),
    # Asking for another way to reach each other: "got another way to chat?"
    "other_channel": (
        "another way to chat", "another way to talk", "another way to reach",
        "another way to contact", "another way to message", "other way to reach",
        "другой способ связи", "другой способ связаться", "más módon elér", "másik elérhetőség",
        "otra forma de contacto", "otra forma de contactar", "otra manera de hablar",
        "anderen weg, dich zu erreichen", "andere möglichkeit, dich zu erreichen",
        "anderen kontaktweg",
    ),
}
# fmt: on
