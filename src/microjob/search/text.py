"""Text analysis: how card text and query text become search words.

Cards and queries go through the same analysis, which is what makes a query match a card
whatever case, accents or Unicode form either was typed in.  A card's words are also packed
here into the per-field frequencies the index stores.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

import attrs

from microjob.search.contract import SearchDocument

ANALYSER_VERSION = 2
"""Raised whenever `tokenize` gives other words for some text (2: words keep their combining
marks). An index kept in a database stores analysed words; its cards' fingerprints include
this number, so the next fill after an upgrade writes every card again with the new words."""

_TF_CAP = 255  # per-field term frequency is packed into one byte; BM25 saturates long before.
_MAX_QUERY_WORDS = 16  # extra words cannot change which cards match much, but cost time.

# Function words that carry no meaning in a marketplace search, in the languages the
# marketplace serves.  Written in folded form (no accents).  Deliberately short: "it" is kept
# because "IT support" is a real service, "mint" because it is an English word too.
_STOP_WORD_LISTS = {
    "en": "a an and are as at be by for from has have i in is its me my of on or our so that"
    " the this to was we will with you your",
    "hu": "a az egy es hogy meg nem vagy ez azt",
    "de": "der die das den dem des ein eine einen einem einer und mit fur von zu ist im auf"
    " ich sie wir",
    "es": "el la los las un una unos unas y de del en con para por que su sus mi al o",
    "ru": "и в во не на я с со как а то но к у же вы за по от из о для мы",
}
_STOP_WORDS = frozenset(word for words in _STOP_WORD_LISTS.values() for word in words.split())

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_LOOSE_ACCENT = re.compile("[\u0300-\u036f]")
"""A generic accent that composed with no letter once a word is back in NFC (a Cyrillic stress
mark: "заме́тка" is "заметка"): a reading aid, not part of the word. "й" and "ё" compose, so
they stay. SQLite's FTS5 (``remove_diacritics``) drops these accents too, so all three indexes
agree."""


@functools.cache
def _word_with_marks() -> re.Pattern[str]:
    """A word pattern that also accepts combining marks inside a word.

    ``\\w`` does not match combining marks, so text typed in decomposed form ("e" followed
    by U+0301) would otherwise be cut in the middle of a word.  The class is derived from the
    Unicode database once, on the first non-ASCII text, instead of at import time.
    """
    ranges: list[str] = []
    # Marks live in the Basic and Supplementary Multilingual Planes (Brahmi, Chakma, Sharada
    # and their kin are above U+FFFF) and in plane 14 (variation selectors); none elsewhere.
    # Scanning only those keeps the one-time cost near 50 ms instead of 0.4 s for all 17.
    for low, high in ((0, 0x20000), (0xE0000, 0xE1000)):
        start: int | None = None
        for code in range(low, high):
            is_mark = unicodedata.category(chr(code)).startswith("M")
            if is_mark and start is None:
                start = code
            elif not is_mark and start is not None:
                ranges.append(f"\\U{start:08x}-\\U{code - 1:08x}")
                start = None
    return re.compile(f"(?:[^\\W_]|[{''.join(ranges)}])+")


def _strips_marks(base: str) -> bool:
    """Accents are dropped after Latin and Greek letters only.

    Buyers routinely type "tervezes" for "tervezés" or "diseno" for "diseño", but in Cyrillic
    "й" and "и" are different letters, and in Indic scripts the "marks" are vowels.
    """
    code = ord(base)
    return code < 0x0250 or 0x0370 <= code < 0x0400 or 0x1E00 <= code < 0x2000


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> tuple[str, ...]:
    """Fold one case-folded, non-ASCII word to its search form (cached: vocabularies repeat).

    NFKD splits "é" into "e" + accent and compatibility forms ("ﬁ", full-width letters) into
    plain ones; the accent is dropped when it sits on a Latin or Greek letter; NFC then puts
    back together what was kept.  The result may split into several words ("½" -> "1", "2").
    """
    kept: list[str] = []
    strip = False
    for char in unicodedata.normalize("NFKD", word):
        if unicodedata.combining(char):
            if not strip:
                kept.append(char)
            continue
        strip = _strips_marks(char)
        kept.append(char)
    folded = unicodedata.normalize("NFC", "".join(kept).casefold())
    if _LOOSE_ACCENT.search(folded):
        folded = _LOOSE_ACCENT.sub("", folded)
    # Marks are part of the word they sit in: a Devanagari or Thai vowel sign, a Hebrew point.
    # Splitting at them ([^\\W_]+ does not match a mark) cut "हिन्दी" into "ह", "न", "द", and a
    # query then matched any card sharing one letter.
    return tuple(_word_with_marks().findall(folded))


def _raw_words(text: str) -> list[str]:
    if text.isascii():
        return _ASCII_WORD.findall(text.lower())
    words: list[str] = []
    for word in _word_with_marks().findall(unicodedata.normalize("NFC", text).casefold()):
        if word.isascii():
            words.append(word)
        else:
            words.extend(_fold_word(word))
    return words


def tokenize(text: str) -> list[str]:
    """Split text into search words: case-folded, accents stripped, stop words dropped.

    The same function analyses cards and queries, which is what makes "Grafikus TERVEZÉS"
    find "grafikus tervezes".  Punctuation separates words ("logo/branding" is two words);
    digits are words ("3d", "24h").
    """
    return [word for word in _raw_words(text) if word not in _STOP_WORDS]


def _query_words(text: str) -> list[str]:
    """Distinct query words in typing order, capped so a pasted essay stays cheap."""
    return list(dict.fromkeys(tokenize(text)))[:_MAX_QUERY_WORDS]


@attrs.frozen
class _Analysis:
    """A card as the index sees it: per-word packed frequencies and per-field lengths.

    Frequencies of the title, tags and description are packed into one integer (one byte
    each) so a posting costs one small int rather than a tuple.
    """

    terms: dict[str, int]
    lengths: tuple[int, int, int]


def _analyse(doc: SearchDocument) -> _Analysis:
    fields = (tokenize(doc.title), tokenize(" \n ".join(doc.tags)), tokenize(doc.description))
    packed: dict[str, int] = {}
    for shift, words in zip((0, 8, 16), fields, strict=True):
        if len(words) <= _TF_CAP:
            # No count can overflow its byte, so plain addition packs the three fields.
            unit = 1 << shift
            for word in words:
                packed[word] = packed.get(word, 0) + unit
        else:
            for word, count in Counter(words).items():
                packed[word] = packed.get(word, 0) | (min(count, _TF_CAP) << shift)
    lengths = (len(fields[0]), len(fields[1]), len(fields[2]))
    return _Analysis(terms=packed, lengths=lengths)
