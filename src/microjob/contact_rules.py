"""Contact rules that stand on their own: each is a shape the main scanner did not know.

They work on the normalised text (see `microjob.contact_normalize`) unless said
otherwise, and yield plain ``(start, end, confidence, detail)`` tuples that the scanner turns
into findings, so every one of them explains itself to a moderator ("UPI id", "IFSC code",
"e-mail (symbol separators)", "published test card number").

* Addresses whose "@" and "." are the same emoji or symbol ("mark.jones 🔸 outlook 🔸 com").
* Indian payment details: UPI ids ("anna@okaxis"), IFSC codes, account numbers after an
  "account" word in five languages.
* Code that looks like a handle ("@dataclass", "npm i @scope/pkg@2", "@media").
* Recalled refusals ("... asked for my WhatsApp and I said no").
* Misspelled messenger names, matched on a phonetic key within one edit ("Vatsap",
  "Teleqram", "Diskord"), so new misspellings are caught without listing them.
* Published test card numbers, which are never anyone's real card.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Mapping

__all__ = [
    "CODE_AT_WORDS",
    "TEST_CARD_NUMBERS",
    "FuzzyNames",
    "account_numbers",
    "code_handle",
    "ifsc_codes",
    "refused_after",
    "symbol_emails",
    "test_card",
    "upi_ids",
]

Hit = tuple[int, int, float, str]

# A decoration standing in for "@" and "." (emoji, dingbats, bars, tildes, bullets).
_SYM = r"[^\w\s.,;:!?'\"()\[\]{}<>@/\\&%#*+=$€£-]"
_SYMBOL_EMAIL = re.compile(
    rf"(?<![\w.+\-])(?P<local>[^\W_][\w.+\-]{{0,63}})\s*(?P<s>{_SYM}{{1,3}})\s*"
    rf"(?P<dom>[^\W_][\w\-]{{0,62}})(?P<rest>(?:\s*(?:(?P=s)|\.)\s*[a-z]{{2,6}}){{1,2}})(?![\w])",
    re.IGNORECASE,
)
_REST_LABELS = re.compile(r"[a-z]{2,6}", re.IGNORECASE)


def symbol_emails(text: str, providers: frozenset[str], tlds: frozenset[str]) -> Iterator[Hit]:
    """Addresses with one symbol for both separators, found in the *original* text.

    The normaliser drops emoji (they are noise inside words), which would erase exactly the
    separators this rule needs, so it reads the text as typed; offsets are then the
    original's. The domain must be a mail provider or end in a known top-level domain.
    """
    pos = 0
    while (m := _SYMBOL_EMAIL.search(text, pos)) is not None:
        labels = _REST_LABELS.findall(m.group("rest"))
        dom = m.group("dom").lower()
        if dom in providers or labels[-1].lower() in tlds:
            yield m.start(), m.end(), 0.85, "e-mail (symbol separators)"
            pos = m.end()
        else:
            # "footage 👉 olivia.fox ➖ protonmail ➖ com": a pointing emoji made the word
            # before look like a local part; the address may start at the "domain" tried.
            pos = m.start("dom")


# UPI payment service providers' handles (the part after "@" in a UPI id).
UPI_HANDLES = frozenset(
    [
        "okaxis",
        "okhdfcbank",
        "okicici",
        "oksbi",
        "ybl",
        "ibl",
        "axl",
        "paytm",
        "upi",
        "apl",
        "yapl",
        "ptyes",
        "ptaxis",
        "pthdfc",
        "ptsbi",
        "waaxis",
        "wahdfcbank",
        "wasbi",
        "waicici",
        "axisbank",
        "icici",
        "sbi",
        "hdfcbank",
        "kotak",
        "kbl",
        "barodampay",
        "pnb",
        "unionbank",
        "idfcbank",
        "indus",
        "federal",
        "rbl",
        "yesbank",
        "airtel",
        "jio",
        "fbl",
        "abfspay",
        "freecharge",
        "mobikwik",
        "timecosmos",
        "jupiteraxis",
        "fam",
        "slice",
    ]
)
_UPI = re.compile(r"(?<![\w.@])[a-z0-9][a-z0-9._\-]{1,63}@(?P<psp>[a-z]{2,16})(?![\w.@\-])")
_UPI_WORD = re.compile(r"\bupi\b|\bvpa\b|\bgpay\b|phonepe|google pay")


def upi_ids(norm: str) -> Iterator[Hit]:
    """ "anna123@okaxis", "9876543210@ybl": a known PSP handle, or any after the word UPI."""
    if "@" not in norm:
        return
    for m in _UPI.finditer(norm):
        if m.group("psp") in UPI_HANDLES:
            yield m.start(), m.end(), 0.9, f"UPI id (@{m.group('psp')})"
        elif _UPI_WORD.search(norm, max(0, m.start() - 30), m.start()):
            yield m.start(), m.end(), 0.8, "UPI id (after 'UPI')"


_IFSC = re.compile(r"(?<![a-z0-9])[a-z]{4}0[a-z0-9]{6}(?![a-z0-9])")


def ifsc_codes(norm: str) -> Iterator[Hit]:
    """Indian bank branch codes: four letters, a zero, six letters or digits (most digits)."""
    for m in _IFSC.finditer(norm):
        code = m.group()
        if sum(c.isdigit() for c in code[5:]) >= 3:
            named = "ifsc" in norm[max(0, m.start() - 12) : m.start()]
            yield m.start(), m.end(), 0.95 if named else 0.8, "IFSC code"


_ACCOUNT = re.compile(
    r"(?<![^\W\d_])(?:account(?: number| no\.?)?|acct|a/c|acc(?: no\.?)?|р/с|расч[её]тный сч[её]т|"
    r"сч[её]т получателя|számlaszámom|bankszámla(?:szám)?(?:om)?|"
    r"(?P<either>номер сч[её]та|сч[её]т|számlaszám)|"
    r"cuenta(?: bancaria)?|n[úu]mero de cuenta|konto(?:nummer)?|kontonr\.?)"
    r"\s*(?:[:#№=-]|is|es|ist|это|:)?\s*(?P<num>\d(?:[ \-]?\d){7,24})(?!\d)"
)


# "счёт" and "számla" also mean *invoice*: a number that starts with its year
# ("счёт 2025-0042", "számlaszám: 2025/000123") or is dated ("счёт № 1234567 от 12.03") is
# an invoice number; bank account numbers are neither.
_INVOICE_SHAPE = re.compile(r"(?:19|20)\d\d[ ]?[\-/]")
_DATED_AFTER = re.compile(r"[\s,]*(?:от|from|vom|del|de|kelt(?:e|ezett)?|dated)(?![^\W\d_])")
# Money sent *onto* it: after "счёт" / "számlaszám" a number shorter than a domestic account
# (20 digits in Russia, 16 or 24 in Hungary) is an invoice's ("корректировочный счёт
# отменяет счёт 36492916") unless the sentence transfers money there ("переведи на счёт …",
# "utald a … számlaszámra").
_MONEY_ONTO = re.compile(
    r"(?<![^\W\d_])(?:перев|перечисл|скин|кин|закин|на сч[её]т|utal|átutal|atutal|küld|kuld|"
    r"fizess|transfer|wire|send|überweis|ueberweis|transfier|ingres|deposit)"
)
_ACCOUNT_REACH = 60


def account_numbers(norm: str) -> Iterator[Hit]:
    """8-25 digits right after an account word ("a/c 50100234567890", "счёт 40817...")."""
    for m in _ACCOUNT.finditer(norm):
        digits = sum(c.isdigit() for c in m.group("num"))
        if digits < 16 and (
            _INVOICE_SHAPE.match(m.group("num"))
            or _DATED_AFTER.match(norm, m.end("num"))
            or (
                m.group("either")
                and not _MONEY_ONTO.search(
                    norm, max(0, m.start() - _ACCOUNT_REACH), m.end() + _ACCOUNT_REACH
                )
            )
        ):
            continue
        yield m.start("num"), m.end("num"), 0.8, "bank account number"


# Words that follow "@" in code, not in a username: decorators, CSS at-rules, annotations.
CODE_AT_WORDS = frozenset(
    [
        "dataclass",
        "dataclasses",
        "property",
        "staticmethod",
        "classmethod",
        "abstractmethod",
        "cached_property",
        "lru_cache",
        "cache",
        "override",
        "test",
        "before",
        "after",
        "beforeeach",
        "aftereach",
        "media",
        "import",
        "keyframes",
        "font-face",
        "supports",
        "layer",
        "apply",
        "tailwind",
        "container",
        "page",
        "namespace",
        "charset",
        "mixin",
        "include",
        "extend",
        "use",
        "forward",
        "param",
        "returns",
        "return",
        "throws",
        "author",
        "deprecated",
        "since",
        "see",
        "link",
        "inject",
        "injectable",
        "component",
        "input",
        "output",
        "directive",
        "pipe",
        "ngmodule",
        "autowired",
        "entity",
        "table",
        "column",
        "id",
        "transactional",
        "service",
        "controller",
        "restcontroller",
        "get",
        "post",
        "put",
        "delete",
        "patch",
        "route",
        "app",
        "pytest",
        "fixture",
        "types",
        "babel",
        "angular",
        "vue",
        "nestjs",
        "nuxt",
        "emotion",
        "mui",
        "testing-library",
        "storybook",
        "jest",
        "vitest",
        "prisma",
        "typescript-eslint",
        "sveltejs",
        "tanstack",
        "radix-ui",
        "headlessui",
        "react-native",
        "wraps",
        "contextmanager",
        "overload",
        "final",
        "retry",
        "task",
        "api",
        "value",
        "data",
        "getter",
        "setter",
        "builder",
        "slf4j",
        "suppresswarnings",
        "functionalinterface",
        "nonnull",
        "nullable",
    ]
)
_CODE_BEFORE = re.compile(
    r"(?:npm|yarn|pnpm|bun|npx|pip|import|from|require|install|add|i)\s+(?:-[\w-]+\s+)*$"
)


def code_handle(norm: str, start: int, end: int, handle: str) -> bool:
    """Whether the "@word" at ``start:end`` is code: a decorator, a scoped package, CSS."""
    if handle in CODE_AT_WORDS or handle.split(".")[0] in CODE_AT_WORDS:
        return True
    nxt = norm[end : end + 1]
    if nxt in ("(", "/", "{", "<", "[") or norm[end : end + 2] == " {":
        return True
    return _CODE_BEFORE.search(norm, max(0, start - 24), start) is not None


_REFUSAL = re.compile(
    r"said no|refused|declined|reported (?:it|him|her|them)|"
    r"turned (?:it|him|her|them) down|didn't|did not|won't|"
    r"отказал|отказалась|отказался|пожаловал|не стал|не буду|не практикую|не работаю так|"
    r"i don't do|i do not do|no lo hago|no hago eso|mache ich nicht|mach ich nicht|"
    # advice to refuse: "when a buyer asks for your WhatsApp, say no nicely"
    r"say no|decline it|refuse it|turn (?:it|them) down|откажи|отказывай|mondj nemet|"
    r"utasítsd el|utasitsd el|di que no|dile que no|recházalo|rechazalo|sag nein|lehn ab|"
    r"lehne ab|"
    r"nem csinálok ilyet|nem csinalok ilyet|"
    r"nemet mondtam|visszautasítottam|visszautasitottam|elutasítottam|jelentettem|nem fogadtam|"
    r"le dije que no|me negué|me negue|lo denuncié|lo denuncie|lo rechacé|lo rechace|"
    r"abgelehnt|nein gesagt|gemeldet|verweigert|"
    # advice to report it: "if someone asks you to pay outside, report them"
    r"report (?:it|him|her|them|this|that|the (?:user|seller|buyer|account))|"
    r"пожалуйтесь|пожалуйся|сообщите модератор|сообщи модератор|jelentsd|jelentse|"
    r"repórtalo|reportalo|denúncialo|denuncialo|repórtala|melde es|melde ihn|"
    r"melde sie|melden sie es|"
    # "ich gebe meine WhatsApp nicht raus": the writer keeps it to themselves
    r"nicht raus|nicht weiter"
)
# "I don't give out my WhatsApp", "nem adom ki a Viberemet": a refusal before the name
_REFUSED_BEFORE = re.compile(
    r"(?:don't|do not|never|не|nem|no|nunca) (?:give out|share|hand out|даю|делюсь|раздаю|"
    r"adom ki|adom meg|osztom meg|doy|comparto)[^.!?;\n]{0,30}$"
)


def refused_before(norm: str, start: int) -> bool:
    """A refusal just before ``start`` in its sentence: "I don't give out my WhatsApp"."""
    return _REFUSED_BEFORE.search(norm, max(0, start - 50), start) is not None


def refused_after(norm: str, end: int) -> bool:
    """A refusal later in the message: the writer recalls a request, they do not make one."""
    starts = _refusals(norm)
    i = bisect.bisect_left(starts, end)
    return i < len(starts) and starts[i] <= end + 120


@functools.lru_cache(maxsize=16)
def _refusals(norm: str) -> list[int]:
    """Where refusals start, found once per message (a message asks many times)."""
    return [m.start() for m in _REFUSAL.finditer(norm)]


TEST_CARD_NUMBERS = frozenset(
    [
        "4242424242424242",
        "4000056655665556",
        "5555555555554444",
        "2223003122003222",
        "5200828282828210",
        "5105105105105100",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "6011000990139424",
        "3056930009020004",
        "36227206271667",
        "3566002020360505",
        "6200000000000005",
        "4000002500003155",
        "4000000000000002",
        "4000000000009995",
        "4000000000000069",
        "4000000000000127",
        "4000000000000119",
        "4111111111111111",
        "4012888888881881",
        "4222222222222",
        "5431111111111111",
        "5454545454545454",
        "4000000000003220",
        "4000002760003184",
        "4000008400001629",
        "4000000000000077",
        "4000003720000278",
        "4988438843884305",
        "4166676667666746",
        "4646464646464644",
        "5577000055770004",
        "4917610000000000",
        "6703444444444449",
        "4035501000000008",
        "4360000001000005",
        "2222400070000005",
        "5101180000000007",
        "4005519200000004",
        "4009348888881881",
        "4012000033330026",
        "4012000077777777",
        "4217651111111119",
        "4500600000000061",
        "5425233430109903",
        "6011000400000000",
        "3530111333300000",
        "4444333322221111",
    ]
)


_TEST_CONTEXT = re.compile(
    r"test|sandbox|staging|\bqa\b|webhook|checkout|\bcvc\b|\bcvv\b|dummy|stripe|braintree|"
    r"adyen|тест|песочниц|teszt|prueba|entorno de pruebas"
)


# Words that offer a card to be paid to: "my card", "send it there", "на карту", "utald".
_CARD_OFFER = re.compile(
    r"\bmy (?:card|visa|mastercard|debit|credit)|\bsend (?:it|the money|money|me)|"
    r"\btransfer|\bwire\b|\bpay (?:me|it|to)\b|"
    r"мо[яюей] карт|на карт|переведи|переводи|скинь|кидай|"
    r"kártyám|kartyam|kártyámra|utald|utalj|küldd|kuldd|"
    r"mi tarjeta|a la tarjeta|transfi[eé]r|m[aá]ndal|p[aá]sal|ingr[eé]sal|"
    r"meine karte|auf (?:die|meine) karte|überweis|ueberweis|schick"
)


# A developer's brief in other words: the screens, flows and errors a test card is used on.
_DEV_CONTEXT = re.compile(
    r"3-?d[ -]?secure|\b3ds\b|flow|screen|page|popup|pop-up|error|declin|widget|demo|"
    r"mock|placeholder|integration|\bapi\b|\bsdk\b|refund|capture|"
    r"сценари|страниц|экран|ошибк|отклон|виджет|демо|"
    r"folyamat|képernyő|oldal|hibaüzenet|elutasít|demó|"
    r"flujo|pantalla|página|error|rechaz|"
    r"ablauf|seite|bildschirm|fehler|ablehn|abgelehnt"
)


def test_card(norm: str, digits: str, card_word: bool) -> bool:
    """A published test card number in a developer's message, not offered to be paid to.

    The numbers are public and belong to no one. Words for testing ("Stripe test card 4242 …
    for the sandbox") make it harmless whatever else is said; words for the screens, flows
    and errors of a payment form ("3-D Secure flow: … should show the challenge",
    "Bestätigungsseite") do too, unless the number is offered to be paid to ("my card, send
    it there", "utald"). With neither, a card word right before it ("Kreditkarte 4111 …")
    shares it as a card: the number is fake, the attempt to take the payment elsewhere is
    not."""
    if digits not in TEST_CARD_NUMBERS:
        return False
    if _TEST_CONTEXT.search(norm) is not None:
        return True
    if _CARD_OFFER.search(norm) is not None:
        return False
    return _DEV_CONTEXT.search(norm) is not None or not card_word


def _phonetic(word: str) -> str:
    """A sound-alike key: "Vatsap" and "whatsapp" both read "watsap"."""
    w = word.lower().replace("ph", "f").replace("ck", "k")
    w = w.translate(str.maketrans("vqzcy", "wgski")).replace("h", "")
    out: list[str] = []
    for c in w:
        if c.isalpha() and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def _deletes(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


_HU_CASE = re.compile(r"(?:on|en|ön|ra|re|ot|et|od|ed|ban|ben|ba|be|ja|je|om|em|os|ról|ről)$")


class FuzzyNames:
    """Messenger names within one edit of a sound-alike key ("Teleqram", "Diskord").

    A symmetric-deletion index: a word matches when it, or it less one letter, shares a key
    with a name or the name less one letter. That is one edit (insert, delete, substitute,
    swap of neighbours) in a handful of set look-ups per word. Keys shorter than six letters
    must match exactly ("fiber" is not "viber"), and common words one edit from a name
    ("discard", "telegraph", "treemap") are listed in ``stop``.
    """

    def __init__(self, names: Mapping[str, str], stop: Iterable[str] = ()) -> None:
        self._exact: dict[str, str] = {}
        self._near: dict[str, str] = {}
        for name, group in names.items():
            key = _phonetic(name)
            self._exact.setdefault(key, group)
            if len(key) >= 6:
                for d in _deletes(key):
                    self._near.setdefault(d, group)
        self._stop = frozenset(_phonetic(s) for s in stop)
        self._cache: dict[str, str | None] = {}

    def lookup(self, word: str) -> str | None:
        """The ``group:name`` of the messenger ``word`` sounds like, or None (cached)."""
        if not 5 <= len(word) <= 24:
            return None
        cache = self._cache
        if word in cache:
            return cache[word]
        if len(cache) > 50_000:
            cache.clear()
        found = cache[word] = self._lookup(word) if word.isalpha() else None
        return found

    def _lookup(self, word: str) -> str | None:
        for candidate in (word, _HU_CASE.sub("", word) if len(word) > 7 else word):
            key = _phonetic(candidate)
            if key in self._stop or len(key) < 5:
                continue
            if key in self._exact:
                return self._exact[key]
            if len(key) >= 6:
                if key in self._near:
                    return self._near[key]
                for d in _deletes(key):
                    if (len(d) >= 6 and d in self._exact) or d in self._near:
                        return self._exact.get(d) or self._near[d]
        return None
