"""Numbers in chat: phone validation, card and account checksums, dictated number words.

Phone numbers are checked against ``phonenumbers`` metadata without ``phonenumbers.parse``
(four times cheaper), card numbers with Luhn, Hungarian GIRO accounts with their check
digits, IBANs with mod-97; `_NumberWords` and `_compose` turn dictated numbers
("nulla hat harminc", "dreiundzwanzig", "double five") into the digits a person meant.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

import attrs
import phonenumbers

from microjob import contact_words as words
from microjob.contact_patterns import _all_variants, _alternation, _ascii_variants, _strip_accents

_REGION_INFO: dict[str, tuple[int, str, frozenset[int]]] = {}


def _region_info(region: str) -> tuple[int, str, frozenset[int]] | None:
    """Country code, national prefix and possible lengths, straight from phonenumbers."""
    if region not in _REGION_INFO:
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if meta is None or meta.general_desc is None or meta.country_code is None:
            return None
        desc = meta.general_desc
        lengths = frozenset(desc.possible_length or ()) | frozenset(
            desc.possible_length_local_only or ()
        )
        _REGION_INFO[region] = (meta.country_code, meta.national_prefix or "", lengths)
    return _REGION_INFO[region]


def _number(cc: int, nsn: str) -> phonenumbers.PhoneNumber:
    lead = len(nsn) - len(nsn.lstrip("0"))
    return phonenumbers.PhoneNumber(
        country_code=cc,
        national_number=int(nsn) if nsn else 0,
        italian_leading_zero=lead > 0 or None,
        number_of_leading_zeros=lead if lead > 1 else None,
    )


@functools.lru_cache(maxsize=4096)
def _classify_phone(
    digits: str, international: bool, regions: tuple[str, ...]
) -> tuple[float, str]:
    """Base confidence and detail for a digit string, validated with phonenumbers.

    ``phonenumbers.parse`` costs ~45 µs; building the ``PhoneNumber`` from the region
    metadata and calling ``is_valid_number`` costs a quarter of that, and most candidates
    are rejected by length before even that.  A national number only counts for a region
    if it carries that region's trunk prefix ("06", "0", "8"); without it, the loose German
    plan would accept almost any digit run, so bare national numbers are kept weak.
    """
    if international:
        for size in (1, 2, 3):
            cc = int(digits[:size])
            if cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                num = _number(cc, digits[size:])
                if phonenumbers.is_valid_number(num):
                    return 0.9, f"phone (+{cc})"
                if phonenumbers.is_possible_number(num):
                    return 0.5, f"phone (+{cc}, unverified)"
        return 0.0, ""
    best = (0.0, "")
    for region in regions:
        info = _region_info(region)
        if info is None:
            continue
        cc, prefix, lengths = info
        if prefix and digits.startswith(prefix):
            nsn, conf = digits[len(prefix) :], 0.7
        elif not prefix or region == "US":
            nsn, conf = digits, 0.6
        else:
            nsn, conf = digits, 0.45
        if len(nsn) not in lengths:
            continue
        num = _number(cc, nsn)
        if phonenumbers.is_valid_number(num):
            if conf > best[0]:
                best = (conf, f"phone ({region})")
            if conf >= 0.6:
                return best
        elif best[0] < 0.3 and phonenumbers.is_possible_number(num):
            best = (0.3, f"phone ({region}, local)")
    if best[0] < 0.5:
        for size in (1, 2):
            cc = int(digits[:size])
            regs = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(cc, ())
            if any(r in regions for r in regs):
                num = _number(cc, digits[size:])
                if phonenumbers.is_valid_number(num):
                    return 0.5, f"phone (+{cc}, no plus)"
    return best


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _ean13(digits: str) -> bool:
    """A product barcode (EAN-13 / GTIN-13: weights 1-3, check digit last)."""
    if len(digits) != 13:
        return False
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


_LETTERS = r"[^\W\d_]"
_ID_QUAL = _alternation(_all_variants(words.ID_QUALIFIERS))
_ID_NOUN = _alternation(_all_variants(words.ID_NUMBER_NOUNS))
_ID_WHO = _alternation(_all_variants(words.ID_REGISTRANTS))
_ID_UNDER = _alternation(_all_variants(words.ID_UNDER_NUMBER))
# An identifier noun with the "number" word it qualifies, in one word or two and in either
# order: "serial number", "Seriennummer", "sorozatszáma", "трек-номер", "número de serie",
# "номер накладной", "заказ от 12.03 под номером". Within it, "number" is no phone context.
_ID_PHRASE = re.compile(
    rf"(?<!{_LETTERS})(?:(?:{_ID_QUAL}){_LETTERS}*?[\s-]{{0,2}}(?:{_ID_NOUN}){_LETTERS}{{0,3}}"
    rf"|(?:{_ID_NOUN}){_LETTERS}{{0,3}}\s+(?:(?:de|del|der|des)\s+)?(?:{_ID_QUAL}){_LETTERS}*"
    rf"|(?:{_ID_QUAL}|{_ID_WHO}){_LETTERS}*[^\n]{{0,24}}?\s(?:{_ID_UNDER}))"
    rf"(?!{_LETTERS})"
)
# An identifier noun right before the number ("contract 841612198", "артикул: 4601…"), and
# its words anywhere in the text after the number ("… sorszámú számla").
_ID_RIGHT_BEFORE = re.compile(rf"(?<!{_LETTERS})(?:{_ID_QUAL}){_LETTERS}*[\s:.#№-]{{0,4}}$")
_ID_WORD = re.compile(rf"(?<!{_LETTERS})(?:{_ID_QUAL}){_LETTERS}*")
# How far before the number an identifier phrase still introduces it ("the serial number of
# the camera is 2900721962"), unless a phone word comes in between; and how far after it one
# still names it ("855706325 — это номер заказа").
ID_REACH = 32
ID_WINDOW = 70  # how much text before a number is searched for such a phrase
ID_REACH_AFTER = 12


_ID_NUMBER_WORDS = re.compile(
    rf"(?<!{_LETTERS})(?:{_ID_UNDER}|(?:{_ID_NOUN}){_LETTERS}{{0,3}})(?!{_LETTERS})"
)


def _identifier(before: str) -> tuple[str, str, int]:
    """Whether an identifier phrase introduces the number that follows ``before``.

    Returns the text before with identifier phrases blanked out (what is left may still be
    phone context), the stretch from the last phrase to the number with its "number" words
    blanked (a phone word there, "…die Firma erreichen Sie unter der Nummer", takes the
    number back), and the distance from that phrase, or from a bare identifier noun right
    before, to the number (-1: none).
    """
    last = None
    for found in _ID_PHRASE.finditer(before):
        last = found
    if last is None:
        return before, "", (0 if _ID_RIGHT_BEFORE.search(before) else -1)
    gap = _ID_NUMBER_WORDS.sub(" ", before[last.start() :])
    blanked = _ID_PHRASE.sub(" ", before)
    if _ID_RIGHT_BEFORE.search(before):
        return blanked, gap, 0
    return blanked, gap, len(before) - last.end()


def _identifier_after(after: str) -> tuple[str, int]:
    """The text after a number with identifier words blanked out, and where the first
    identifier phrase after it starts (-1: none)."""
    found = _ID_PHRASE.search(after, 0, ID_REACH_AFTER + 30)
    blanked = _ID_WORD.sub(" ", _ID_PHRASE.sub(" ", after))
    return blanked, (-1 if found is None or found.start() > ID_REACH_AFTER else found.start())


def _hu_giro(digits: str) -> bool:
    """Hungarian bank account (GIRO) check digits: weights 9-7-3-1 per 8-digit block."""

    def ok(block: str) -> bool:
        return sum(int(c) * (9, 7, 3, 1)[i % 4] for i, c in enumerate(block)) % 10 == 0

    return ok(digits[:8]) and ok(digits[8:])


def _iban_ok(iban: str) -> bool:
    """Whether a candidate in a chat message carries valid IBAN check digits (mod 97).

    Kept by hand rather than asking schwifty (which
    [`microjob.payouts.check_iban`][microjob.payouts.check_iban] uses to refuse a payout IBAN): here
    only "could this be an account number" matters, and the scan runs on every message — measured
    3.8 µs per candidate against schwifty's 7.5 µs, plus schwifty's 60 ms import on the first
    message."""
    moved = iban[4:] + iban[:4]
    try:
        return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
    except ValueError:
        return False


_CARD_PREFIX = re.compile(r"4|5[1-5]|2[2-7]|3[47]|6(?:011|5|2)|220[0-4]|5[06-9]|6[0-9]")


@attrs.frozen
class _NumberWords:
    """Number morphemes of all configured languages and a compound splitter."""

    values: dict[str, int]
    longest: int

    @classmethod
    def build(cls, extra: Mapping[str, Iterable[str]]) -> _NumberWords:
        values: dict[str, int] = {}
        for table in words.NUMBER_WORDS.values():
            for word, value in table.items():
                for variant in _ascii_variants(word):
                    values.setdefault(variant, value)
        for key, entries in extra.items():
            for entry in entries:
                word, _, number = entry.replace(":", "=").partition("=")
                if not number.strip().lstrip("-").isdigit():
                    raise ValueError(f"{key}: expected 'word=value', got {entry!r}")
                for variant in _ascii_variants(word.strip().lower()):
                    values[variant] = int(number)
        return cls(values, max(map(len, values)))

    def split(self, word: str, cache: dict[str, tuple[int, ...] | None]) -> tuple[int, ...] | None:
        """Split "harminchat" into (30, 6); None if the word is not a number."""
        if word in cache:
            return cache[word]
        result: tuple[int, ...] | None = None
        value = self.values.get(word)
        if value is not None:
            result = (value,)
        elif 5 <= len(word) <= 40:
            result = self._segment(word)
            if result is None and not word.isascii():
                result = self._segment(_strip_accents(word))
        if len(cache) > 8192:
            cache.clear()
        cache[word] = result
        return result

    def _segment(self, word: str) -> tuple[int, ...] | None:
        n = len(word)
        best: list[tuple[int, ...] | None] = [None] * (n + 1)
        best[n] = ()
        for i in range(n - 1, -1, -1):
            for j in range(min(n, i + self.longest), i, -1):
                rest = best[j]
                if rest is not None and (v := self.values.get(word[i:j])) is not None:
                    best[i] = (v, *rest)
                    break
        return best[0]


def _compose(items: list[str | int]) -> str:
    """Turn digit strings and number-word values into the digits a person dictated.

    "восемь девятьсот шестнадцать" → "8" + "916"; "nulla hat harminc" → "0630";
    "dreiundzwanzig" → "23"; "double five" → "55".
    """
    out: list[str] = []
    cur: int | None = None
    slot = 0  # 2: tens and units may follow, 1: a unit may follow, 0: group closed
    repeat = 1
    joined = False

    def flush() -> None:
        nonlocal cur, repeat
        if cur is not None:
            out.append(str(cur) * repeat)
            repeat = 1
        cur = None

    for item in items:
        if isinstance(item, str):
            flush()
            out.append(item)
            continue
        if item in (words.DOUBLE, words.TRIPLE):
            flush()
            repeat = 2 if item == words.DOUBLE else 3
            continue
        if item == words.AND:
            joined = True
            continue
        if item == words.MULTIPLIER:
            if cur is not None and cur < 10:
                cur *= 100
            else:
                flush()
                cur = 100
            slot = 2
        elif item in (words.PREFIX10, words.PREFIX20):
            if cur is not None and slot == 2:
                cur += -item
            else:
                flush()
                cur = -item
            slot = 1
        elif item >= 100:
            flush()
            cur, slot = item, 2
        elif item >= 20:
            if cur is not None and (slot == 2 or (joined and cur % 10 and cur % 100 < 10)):
                cur += item
            else:
                flush()
                cur = item
            slot = 1 if not joined else 0
        elif item >= 10:
            if cur is not None and slot == 2:
                cur += item
            else:
                flush()
                cur = item
            slot = 0
        else:
            if cur is not None and slot >= 1 and item != 0:
                cur += item
                slot = 0
            else:
                flush()
                cur, slot = item, 0
        joined = False
    flush()
    return "".join(out)


@attrs.frozen
class _Run:
    """A stretch of digits and number words that may be one dictated number."""

    start: int
    end: int
    digits: str
    literal: str  # word by word, for "harminc, egy" dictated as "30" then "1"
    tokens: tuple[tuple[int, int], ...]
    has_words: bool
    singles: int
