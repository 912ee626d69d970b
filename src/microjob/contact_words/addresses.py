"""Words for e-mail addresses and links: spelled-out "@" and ".", mail providers, TLDs, hosts.

People dodge address filters by writing "john kukac gmail pont com" or leaving out the
scheme; these lists say which spellings and domains count as an address, which do not
(file extensions, technologies named like domains), and which hosts are messengers, social
networks or payment services.
"""

from __future__ import annotations

from typing import Final

# Spelled-out "@" ("john at gmail dot com") and "." in the five languages.
AT_WORDS: Final[tuple[str, ...]] = (
    "at",
    "ät",
    "kukac",
    "kukacka",
    "собака",
    "собачка",
    "arroba",
    "эт",
)
DOT_WORDS: Final[tuple[str, ...]] = ("dot", "pont", "точка", "punto", "punkt", "dott", "тчк")

# Free-mail providers: "john kukac gmail" needs no ".com" to be an address.
MAIL_PROVIDERS: Final[tuple[str, ...]] = (
    "gmail",
    "googlemail",
    "yahoo",
    "hotmail",
    "outlook",
    "live",
    "icloud",
    "protonmail",
    "proton",
    "gmx",
    "freemail",
    "citromail",
    "yandex",
    "mail.ru",
    "rambler",
    "aol",
    "web.de",
)

# Top-level domains recognised without a scheme.  File extensions that are also TLDs
# (.ai, .zip, .mov, .py, .md, .sh, .pl, .rs, .ps) are left out on purpose.
TLDS: Final[tuple[str, ...]] = (
    "com",
    "net",
    "org",
    "info",
    "biz",
    "io",
    "dev",
    "app",
    "ru",
    "hu",
    "eu",
    "uk",
    "ua",
    "by",
    "kz",
    "fr",
    "nl",
    "ch",
    "cz",
    "sk",
    "ro",
    "se",
    "dk",
    "fi",
    "pt",
    "gr",
    "tr",
    "ca",
    "au",
    "nz",
    "br",
    "mx",
    "ar",
    "cl",
    "jp",
    "cn",
    "kr",
    "tv",
    "gg",
    "ly",
    "su",
    "xyz",
    "online",
    "site",
    "store",
    "shop",
    "tech",
    "link",
    "live",
    "pro",
    "club",
    "top",
    "page",
    "blog",
    "cloud",
    "space",
    "website",
    "рф",
)
# TLDs that are also everyday words or show up when a space is missing after a full stop
# ("Listo.De nada", "ok.it works"): only counted with a scheme, "www." or a path.
WORDLIKE_TLDS: Final[tuple[str, ...]] = (
    "me",
    "de",
    "es",
    "it",
    "is",
    "in",
    "at",
    "to",
    "us",
    "be",
    "co",
    "do",
    "no",
    "so",
    "my",
    "la",
    "gl",
)
# TLDs accepted after a spelled-out dot ("site dot com", "сайт точка ру"): no plain words.
SPELLED_TLDS: Final[tuple[str, ...]] = (
    "com",
    "net",
    "org",
    "ru",
    "hu",
    "io",
    "info",
    "biz",
    "eu",
    "ua",
    "рф",
    "ру",
    "ком",
)
# Names that look like domains but are technologies ("ASP.NET developer", "socket.io").
TECH_DOMAINS: Final[frozenset[str]] = frozenset(
    {"asp.net", "vb.net", "ado.net", "ml.net", "dot.net", "socket.io", "feathers.io", "dev.to"}
)

MESSENGER_HOSTS: Final[dict[str, str]] = {
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.dog": "telegram",
    "wa.me": "whatsapp",
    "api.whatsapp.com": "whatsapp",
    "chat.whatsapp.com": "whatsapp",
    "m.me": "messenger",
    "discord.gg": "discord",
    "discord.com": "discord",
    "join.skype.com": "skype",
    "invite.viber.com": "viber",
    "viber.click": "viber",
    "signal.me": "signal",
    "line.me": "line",
    "snapchat.com": "snapchat",
    "u.wechat.com": "wechat",
}
SOCIAL_HOSTS: Final[dict[str, str]] = {
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.me": "facebook",
    "linkedin.com": "linkedin",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "tiktok.com": "tiktok",
    "vk.com": "vkontakte",
    "ok.ru": "odnoklassniki",
}
PAYMENT_HOSTS: Final[dict[str, str]] = {
    "paypal.me": "paypal",
    "paypal.com": "paypal",
    "revolut.me": "revolut",
    "wise.com": "wise",
    "venmo.com": "venmo",
    "cash.app": "cash app",
    "buymeacoffee.com": "buy me a coffee",
}
