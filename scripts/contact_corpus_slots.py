"""Slot fillers for the contact corpus: names, addresses, numbers and their obfuscations.

Every filler draws from a ``random.Random`` passed in, so the corpus is reproducible byte for
byte from its seed. Numbers are valid for their region (checked with phonenumbers), card
numbers pass Luhn and IBANs pass mod-97, so a detector cannot win by checksum luck.
"""

from __future__ import annotations

import random
import string

import phonenumbers

LANG_REGIONS = {"en": ("US", "GB"), "ru": ("RU",), "hu": ("HU",), "es": ("ES",), "de": ("DE",)}

FIRST = {
    "en": ["anna", "mark", "john", "sarah", "kevin", "lucy", "tom", "emma", "jake", "olivia"],
    "ru": ["ivan", "olga", "dmitry", "anya", "sergey", "masha", "pavel", "irina", "oleg", "nina"],
    "hu": ["eva", "peter", "zsofi", "balazs", "kata", "gabor", "reka", "tamas", "anna", "levente"],
    "es": [
        "lucia",
        "pablo",
        "marta",
        "javier",
        "sofia",
        "diego",
        "elena",
        "carlos",
        "ines",
        "raul",
    ],
    "de": ["lena", "jonas", "mia", "felix", "laura", "lukas", "hannah", "paul", "sarah", "tim"],
}
LAST = {
    "en": ["berg", "jones", "smith", "walker", "hill", "cooper", "reed", "baker", "fox", "gray"],
    "ru": ["petrov", "ivanova", "sokolov", "orlova", "volkov", "kozlova", "smirnov", "popova"],
    "hu": ["nagy", "kovacs", "toth", "szabo", "horvath", "varga", "kiss", "molnar", "farkas"],
    "es": ["garcia", "lopez", "martin", "ruiz", "diaz", "moreno", "romero", "navarro", "torres"],
    "de": ["mueller", "schmidt", "weber", "wagner", "becker", "hoffmann", "koch", "richter"],
}
PROVIDERS = ["gmail", "outlook", "yahoo", "hotmail", "protonmail", "icloud", "mail", "gmx"]
LANG_PROVIDERS = {
    "en": ["gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk", "protonmail.com"],
    "ru": ["mail.ru", "yandex.ru", "gmail.com", "rambler.ru", "bk.ru"],
    "hu": ["gmail.com", "freemail.hu", "citromail.hu", "outlook.hu", "t-online.hu"],
    "es": ["gmail.com", "hotmail.es", "outlook.es", "yahoo.es", "telefonica.net"],
    "de": ["gmx.de", "web.de", "gmail.com", "t-online.de", "posteo.de"],
}
SITE_WORDS = ["studio", "design", "pixel", "craft", "works", "lab", "media", "art", "dev", "print"]
TLDS = ["com", "net", "org", "io", "de", "hu", "ru", "es", "co.uk", "me", "site", "online"]

AT_WORDS = {"en": "at", "ru": "собака", "hu": "kukac", "es": "arroba", "de": "at"}
DOT_WORDS = {"en": "dot", "ru": "точка", "hu": "pont", "es": "punto", "de": "punkt"}

SEPARATOR_SYMBOLS = ["🔸", "•", "◆", "★", "➖", "✦", "▪", "🔹", "|", "~", "⭐", "👉"]

NUMBER_WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "ru": ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"],
    "hu": ["nulla", "egy", "kettő", "három", "négy", "öt", "hat", "hét", "nyolc", "kilenc"],
    "es": ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"],
    "de": ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"],
}

MESSENGER_SPELLINGS = {
    "whatsapp": [
        "WhatsApp",
        "Whatsapp",
        "whatsap",
        "Vatsap",
        "WhatsUp",
        "watsapp",
        "Whats App",
        "wozap",
        "w h a t s a p p",
        "WA",
    ],
    "telegram": [
        "Telegram",
        "Telegramm",
        "telegrm",
        "Telegrem",
        "tele gram",
        "TG",
        "t.e.l.e.g.r.a.m",
        "Teleqram",
    ],
    "viber": ["Viber", "vaiber", "Vibr", "v i b e r"],
    "signal": ["Signal app", "Signal messenger"],
    "skype": ["Skype", "skaip", "Scype", "skype id"],
    "discord": ["Discord", "discrod", "Diskord"],
    "instagram": ["Instagram", "insta", "Instagramm", "IG"],
    "wechat": ["WeChat", "wechat id", "Weixin"],
}
MESSENGER_RU = {
    "whatsapp": ["ватсап", "вотсап", "вацап", "WhatsApp"],
    "telegram": ["телеграм", "телега", "тг", "Telegram", "телеграмм"],
    "viber": ["вайбер", "вайбере", "Viber"],
    "instagram": ["инсте", "инстаграм"],
}

DIGIT_SCRIPTS = {
    "arabic": 0x0660,
    "persian": 0x06F0,
    "devanagari": 0x0966,
    "bengali": 0x09E6,
    "fullwidth": 0xFF10,
    "thai": 0x0E50,
}


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card(rng: random.Random) -> str:
    """A Luhn-valid Visa or Mastercard number, not one of the published test numbers."""
    prefix = rng.choice(["4", "51", "52", "53", "54", "55"])
    body = prefix + "".join(rng.choice(string.digits) for _ in range(15 - len(prefix)))
    for last in string.digits:
        if luhn_ok(body + last):
            return body + last
    raise AssertionError("unreachable")


def group4(digits: str, sep: str = " ") -> str:
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def iban(rng: random.Random, country: str) -> str:
    lengths = {"DE": 18, "HU": 24, "ES": 20, "GB": 18, "RU": 29}
    if country == "GB":
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
        bban += "".join(rng.choice(string.digits) for _ in range(14))
    else:
        bban = "".join(rng.choice(string.digits) for _ in range(lengths[country]))
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    raw = f"{country}{check:02d}{bban}"
    return group4(raw)


def phone_digits(rng: random.Random, region: str) -> tuple[str, str]:
    """A valid mobile number for ``region``: (international digits without '+', national)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    cc = example.country_code
    nsn = str(example.national_number)
    for _ in range(200):
        head = nsn[: 3 if region in ("US", "RU") else 2]
        cand = head + "".join(rng.choice(string.digits) for _ in range(len(nsn) - len(head)))
        num = phonenumbers.PhoneNumber(country_code=cc, national_number=int(cand))
        if phonenumbers.is_valid_number(num) and "0000" not in cand and cand[-4:] != "5555":
            national = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
            return f"{cc}{cand}", "".join(c for c in national if c.isdigit())
    raise AssertionError(region)


def phone(rng: random.Random, lang: str) -> str:
    """A phone number as people type it: international or national, various separators."""
    region = rng.choice(LANG_REGIONS[lang])
    intl, national = phone_digits(rng, region)
    style = rng.randrange(6)
    if style == 0:
        example = phonenumbers.parse("+" + intl)
        return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if style == 1:
        example = phonenumbers.parse("+" + intl)
        return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    if style == 2:
        return "+" + intl
    if style == 3:
        return "-".join(_chunks(national, rng))
    if style == 4:
        return ".".join(_chunks(national, rng))
    return " ".join(_chunks("+" + intl, rng))


def _chunks(digits: str, rng: random.Random) -> list[str]:
    out, i = [], 0
    while i < len(digits):
        n = rng.choice((2, 3, 3, 4))
        out.append(digits[i : i + n])
        i += n
    return out


def phone_raw(rng: random.Random, lang: str) -> str:
    """International digits with a plus sign, for the obfuscating transforms."""
    region = rng.choice(LANG_REGIONS[lang])
    intl, national = phone_digits(rng, region)
    return "+" + intl if rng.random() < 0.6 else national


def digits_as_words(rng: random.Random, lang: str, digits: str, mix: float = 0.6) -> str:
    """ "nine 1 seven, 5 five 5": each digit a word with probability ``mix``, in groups."""
    words = NUMBER_WORDS[lang]
    out = []
    for group in _chunks(digits.lstrip("+"), rng):
        parts = [words[int(c)] if rng.random() < mix else c for c in group]
        out.append(" ".join(parts))
    text = rng.choice([", ", " - ", " ", " / "]).join(out)
    return ("+" + text) if digits.startswith("+") and rng.random() < 0.5 else text


def digits_with_symbols(rng: random.Random, digits: str) -> str:
    sym = rng.choice(SEPARATOR_SYMBOLS)
    groups = _chunks(digits, rng)
    if rng.random() < 0.5:
        return f" {sym} ".join(groups)
    return sym.join(digits)


def digits_in_script(rng: random.Random, digits: str) -> str:
    base = DIGIT_SCRIPTS[rng.choice(sorted(DIGIT_SCRIPTS))]
    mapped = "".join(chr(base + int(c)) if c.isdigit() else c for c in digits)
    return " ".join(_chunks(mapped, rng)) if rng.random() < 0.5 else mapped


def spaced_digits(rng: random.Random, digits: str) -> str:
    sep = rng.choice([" ", "  ", " . ", "-", "_", " * "])
    return sep.join(digits)


def email_parts(rng: random.Random, lang: str) -> tuple[str, str]:
    first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
    style = rng.randrange(5)
    local = [
        f"{first}.{last}",
        f"{first}{last}{rng.randrange(10, 99)}",
        f"{first}_{last}",
        f"{first[0]}.{last}",
        f"{last}.{first}{rng.randrange(1, 9)}",
    ][style]
    return local, rng.choice(LANG_PROVIDERS[lang])


def email(rng: random.Random, lang: str) -> str:
    local, domain = email_parts(rng, lang)
    return f"{local}@{domain}"


def email_spelled(rng: random.Random, lang: str) -> str:
    """ "anna dot berg at outlook dot com" and its bracketed and mixed forms."""
    local, domain = email_parts(rng, lang)
    at_w = rng.choice([AT_WORDS[lang], "at"]) if lang != "en" else "at"
    dot_w = rng.choice([DOT_WORDS[lang], "dot"]) if lang != "en" else "dot"
    style = rng.randrange(6)
    if style == 0:
        return f"{local.replace('.', f' {dot_w} ')} {at_w} {domain.replace('.', f' {dot_w} ')}"
    if style == 1:
        return f"{local}({at_w}){domain.replace('.', f'({dot_w})')}"
    if style == 2:
        return f"{local} [{at_w}] {domain.replace('.', f' [{dot_w}] ')}"
    if style == 3:
        return f"{local.replace('.', f' {dot_w} ')}@{domain}"
    if style == 4:
        return f"{local} @ {domain.replace('.', ' . ')}"
    return f"{local}{{{at_w}}}{domain.replace('.', '{' + dot_w + '}')}"


def email_symbols(rng: random.Random, lang: str) -> str:
    """ "mark.jones 🔸 outlook 🔸 com": one symbol for both '@' and '.'."""
    local, domain = email_parts(rng, lang)
    sym = rng.choice(SEPARATOR_SYMBOLS)
    return f"{local} {sym} {domain.replace('.', f' {sym} ')}"


def email_spaced(rng: random.Random, lang: str) -> str:
    local, domain = email_parts(rng, lang)
    return " ".join(f"{local}@{domain}")


def email_rlo(rng: random.Random, lang: str) -> str:
    """An address stored backwards inside a right-to-left override: it displays correctly."""
    addr = email(rng, lang)
    return "\u202e" + addr[::-1] + "\u202c"


def email_zero_width(rng: random.Random, lang: str) -> str:
    addr = email(rng, lang)
    cut = rng.randrange(1, len(addr) - 1)
    return addr[:cut] + rng.choice(["\u200b", "\u2060", "\u00ad", "\ufeff"]) + addr[cut:]


def site(rng: random.Random, lang: str) -> tuple[str, str]:
    name = rng.choice([rng.choice(FIRST[lang]), rng.choice(LAST[lang])])
    if rng.random() < 0.6:
        name += rng.choice(["-", ""]) + rng.choice(SITE_WORDS)
    return name, rng.choice(TLDS)


def url(rng: random.Random, lang: str) -> str:
    name, tld = site(rng, lang)
    style = rng.randrange(4)
    path = rng.choice(["", "/portfolio", "/shop", "/contact", "/p/123"])
    if style == 0:
        return f"https://{name}.{tld}{path}"
    if style == 1:
        return f"www.{name}.{tld}"
    if style == 2:
        return f"{name}.{tld}{path or '/about'}"
    return f"http://www.{name}.{tld}{path}"


def url_obfuscated(rng: random.Random, lang: str) -> str:
    """ "anna(.)net", "anna[dot]net", "w w w . a n n a . n e t", "anna dot net"."""
    name, tld = site(rng, lang)
    tld = tld.split(".")[-1] if rng.random() < 0.5 else tld
    dot_w = rng.choice(["dot", DOT_WORDS[lang]])
    style = rng.randrange(6)
    if style == 0:
        return f"{name}(.){tld.replace('.', '(.)')}"
    if style == 1:
        return f"{name}[{dot_w}]{tld.replace('.', f'[{dot_w}]')}"
    if style == 2:
        return " ".join(f"www.{name}.{tld}").replace("  ", " ")
    if style == 3:
        return f"www {dot_w} {name} {dot_w} {tld.replace('.', f' {dot_w} ')}"
    if style == 4:
        return f"{name} (dot) {tld}"
    return f"h t t p s : / / {' '.join(name)} . {' '.join(tld)}"


def handle(rng: random.Random, lang: str) -> str:
    first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
    return rng.choice(
        [
            f"@{first}_{last}",
            f"@{first}{last}{rng.randrange(1, 99)}",
            f"@{first}.{last}",
            f"@{last}_{rng.choice(SITE_WORDS)}",
            f"{first}_{last}{rng.randrange(1, 9)}",
        ]
    )


def messenger(rng: random.Random, lang: str, misspelled: bool = False) -> str:
    if lang == "ru" and rng.random() < 0.5:
        return rng.choice(MESSENGER_RU[rng.choice(sorted(MESSENGER_RU))])
    name = rng.choice(
        [
            "whatsapp",
            "telegram",
            "viber",
            "whatsapp",
            "telegram",
            "skype",
            "discord",
            "signal",
            "wechat",
        ]
    )
    spellings = MESSENGER_SPELLINGS[name]
    return rng.choice(spellings[1:] if misspelled else spellings[:1])


def upi(rng: random.Random, lang: str) -> str:
    first = rng.choice(FIRST[lang])
    bank = rng.choice(["okaxis", "ybl", "paytm", "oksbi", "okicici", "upi", "ibl", "axl"])
    return rng.choice(
        [
            f"{first}{rng.randrange(10, 999)}@{bank}",
            f"{rng.randrange(7000000000, 9999999999)}@{bank}",
        ]
    )


def ifsc(rng: random.Random) -> str:
    bank = rng.choice(["HDFC", "SBIN", "ICIC", "UTIB", "KKBK", "PUNB"])
    return f"{bank}0{rng.randrange(100000, 999999)}"


def account_number(rng: random.Random) -> str:
    return "".join(rng.choice(string.digits) for _ in range(rng.choice((11, 12, 14))))


def payment_link(rng: random.Random, lang: str) -> str:
    first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
    style = rng.randrange(5)
    if style == 0:
        return f"paypal.me/{first}{last}"
    if style == 1:
        return " ".join(f"paypal.me/{first}")
    if style == 2:
        return f"revolut.me/{first}{rng.randrange(10, 99)}"
    if style == 3:
        return f"p a y p a l . m e / {first}{last}"
    return f"paypal(.)me/{first}"


def card_in_words(rng: random.Random, lang: str) -> str:
    number = card(rng)
    return digits_as_words(rng, lang, number, mix=0.85)


def card_spaced(rng: random.Random) -> str:
    number = card(rng)
    return rng.choice([group4(number), group4(number, "-"), number])


def amount(rng: random.Random, lang: str) -> str:
    value = rng.choice([15, 25, 40, 60, 80, 120, 150, 250, 400, 1200, 35000])
    return {
        "en": rng.choice([f"${value}", f"{value} USD", f"£{value}"]),
        "ru": rng.choice([f"{value} руб", f"{value} ₽", f"{value} рублей"]),
        "hu": rng.choice([f"{value * 100} Ft", f"{value * 100} forint", f"{value} EUR"]),
        "es": rng.choice([f"{value} €", f"{value} euros", f"{value} EUR"]),
        "de": rng.choice([f"{value} €", f"{value} Euro", f"EUR {value}"]),
    }[lang]


def order_no(rng: random.Random) -> str:
    return rng.choice(
        [
            f"#{rng.randrange(100000, 99999999)}",
            f"MJ-{rng.randrange(10**6, 10**9)}",
            f"{rng.randrange(10**7, 10**9)}",
        ]
    )


def date(rng: random.Random, lang: str) -> str:
    d, m = rng.randrange(1, 28), rng.randrange(1, 12)
    y = rng.choice([2025, 2026, 2027])
    return {
        "en": rng.choice([f"{m}/{d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d} March"]),
        "ru": rng.choice([f"{d:02d}.{m:02d}.{y}", f"{d} марта"]),
        "hu": rng.choice([f"{y}. {m:02d}. {d:02d}.", f"{y}.{m:02d}.{d:02d}", f"március {d}."]),
        "es": rng.choice([f"{d}/{m}/{y}", f"{d} de marzo"]),
        "de": rng.choice([f"{d:02d}.{m:02d}.{y}", f"{d}. März"]),
    }[lang]


def tax_number(rng: random.Random, lang: str) -> str:
    n = rng.randrange
    return {
        "en": rng.choice(
            [
                f"VAT GB{n(100000000, 999999999)}",
                f"EIN {n(10, 99)}-{n(1000000, 9999999)}",
                f"Company No. {n(1000000, 9999999):08d}",
            ]
        ),
        "ru": rng.choice(
            [
                f"ИНН {n(10**9, 10**10 - 1)}",
                f"ОГРН {n(10**12, 10**13 - 1)}",
                f"КПП {n(10**8, 10**9 - 1)}",
            ]
        ),
        "hu": rng.choice(
            [
                f"adószám: {n(10**7, 10**8 - 1)}-{n(1, 5)}-{n(10, 44)}",
                f"cégjegyzékszám: 01-09-{n(100000, 999999)}",
                f"HU{n(10**7, 10**8 - 1)}",
            ]
        ),
        "es": rng.choice(
            [
                f"NIF B{n(10**7, 10**8 - 1)}",
                f"CIF A{n(10**7, 10**8 - 1)}",
                f"NIF {n(10**7, 10**8 - 1)}X",
            ]
        ),
        "de": rng.choice(
            [
                f"USt-IdNr. DE{n(10**8, 10**9 - 1)}",
                f"Steuernummer {n(10, 99)}/{n(100, 999)}/{n(10000, 99999)}",
                f"HRB {n(10000, 999999)}",
            ]
        ),
    }[lang]


TEST_CARDS = [
    "4242 4242 4242 4242",
    "4000 0566 5566 5556",
    "5555 5555 5555 4444",
    "4000 0000 0000 0002",
    "5200 8282 8282 8210",
    "4000002500003155",
    "3782 822463 10005",
    "6011 1111 1111 1117",
    "4111 1111 1111 1111",
    "5105 1051 0510 5100",
]
