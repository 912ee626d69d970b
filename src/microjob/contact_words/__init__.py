"""Word lists for the chat contact detector, kept as plain data.

Everything here is lower-case and written the way people type it in chat.  Accent-free
spellings ("harom" for "három", "fuenf" for "fünf") are derived automatically by the
scanner, so only the canonical spelling needs to be listed.  Operators extend these lists
through ``ContactScanner(extra_words=...)`` instead of editing this package.

The lists are grouped by what they help recognise, each module covering every language:
``microjob.contact_words.messengers`` (messenger names and the words around them),
``microjob.contact_words.invitations`` (contact verbs, payment services, solicitation),
``microjob.contact_words.addresses`` (e-mail and link spellings, TLDs, hosts),
``microjob.contact_words.number_context`` (what a nearby number is) and
``microjob.contact_words.number_words`` (spelled-out numbers).
"""

from __future__ import annotations

from microjob.contact_words.addresses import (
    AT_WORDS,
    DOT_WORDS,
    MAIL_PROVIDERS,
    MESSENGER_HOSTS,
    PAYMENT_HOSTS,
    SOCIAL_HOSTS,
    SPELLED_TLDS,
    TECH_DOMAINS,
    TLDS,
    WORDLIKE_TLDS,
)
from microjob.contact_words.invitations import CONTACT_VERBS, PAYMENT_SERVICES, SOLICITATION
from microjob.contact_words.messengers import (
    ADD_YOU,
    CALL_NOUNS,
    DEV_WORDS,
    FUZZY_STOPWORDS,
    GROUP_TALK,
    HANDLE_FROM,
    HANDLE_STOPWORDS,
    HU_ON_SUFFIXES,
    MESSENGER_PREPOSITIONS,
    MESSENGERS,
    POSSESSIVES,
    PRODUCT_CONTEXT,
    PRODUCT_NOUNS,
)
from microjob.contact_words.number_context import (
    CURRENCY_WORDS,
    ID_NOUNS_AFTER,
    ID_NUMBER_NOUNS,
    ID_QUALIFIERS,
    ID_REGISTRANTS,
    ID_UNDER_NUMBER,
    MONTHS,
    NUMBER_CONTEXT_NEGATIVE,
    PHONE_CONTEXT,
    PHONE_CONTEXT_EXCEPTIONS,
    PHONE_NUMBER_COMPOUNDS,
    TAX_ID_WORDS,
)
from microjob.contact_words.number_words import (
    AND,
    DOUBLE,
    MULTIPLIER,
    NUMBER_WORDS,
    PREFIX10,
    PREFIX20,
    TRIPLE,
)

__all__ = [
    "ADD_YOU",
    "AND",
    "AT_WORDS",
    "CALL_NOUNS",
    "CONTACT_VERBS",
    "CURRENCY_WORDS",
    "DEV_WORDS",
    "DOT_WORDS",
    "DOUBLE",
    "FUZZY_STOPWORDS",
    "GROUP_TALK",
    "HANDLE_FROM",
    "HANDLE_STOPWORDS",
    "HU_ON_SUFFIXES",
    "ID_NOUNS_AFTER",
    "ID_NUMBER_NOUNS",
    "ID_QUALIFIERS",
    "ID_REGISTRANTS",
    "ID_UNDER_NUMBER",
    "MAIL_PROVIDERS",
    "MESSENGERS",
    "MESSENGER_HOSTS",
    "MESSENGER_PREPOSITIONS",
    "MONTHS",
    "MULTIPLIER",
    "NUMBER_CONTEXT_NEGATIVE",
    "NUMBER_WORDS",
    "PAYMENT_HOSTS",
    "PAYMENT_SERVICES",
    "PHONE_CONTEXT",
    "PHONE_CONTEXT_EXCEPTIONS",
    "PHONE_NUMBER_COMPOUNDS",
    "POSSESSIVES",
    "PREFIX10",
    "PREFIX20",
    "PRODUCT_CONTEXT",
    "PRODUCT_NOUNS",
    "SOCIAL_HOSTS",
    "SOLICITATION",
    "SPELLED_TLDS",
    "TAX_ID_WORDS",
    "TECH_DOMAINS",
    "TLDS",
    "TRIPLE",
    "WORDLIKE_TLDS",
]
