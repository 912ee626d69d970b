"""Keyword search over service cards (listings), held in memory.

A buyer types a few words ("logo design", "grafikus tervezés", "diseño web"), narrows by
category, price, delivery time, seller level or rating, and pages through the results sorted
by relevance, price, rating or recency.  This module is the reference engine for that: an
inverted index with BM25F ranking that answers typical queries over 100,000 cards in a few
milliseconds on one core, using only the standard library.

Design in brief (the "why" lives next to each piece):

* Every card gets a small integer *slot*.  Sets of slots (the cards containing a word, the
  cards in a category, the cards costing 10-50 USD) are turned into Python integers used as
  bitmasks, because ``&``, ``|`` and ``int.bit_count()`` on a 100,000-bit integer cost
  microseconds, while the same operations on ``set`` objects cost milliseconds.  Filters,
  "documents matching at least *j* of the query words" and ``total`` are all mask algebra.
* Only the page actually shown is ranked: small candidate sets are scored directly; for large
  ones each common word keeps its cards sorted by weight, and a block-wise threshold
  algorithm reads those orders only as deep as needed to prove the page is right, so a word
  that occurs in half the catalogue does not mean scoring half the catalogue.
* Ranking is lexicographic: first the number of query words a card matches, then BM25F over
  title, tags and description.  A card matching every word therefore always outranks a card
  matching some of them, which is what buyers expect from a marketplace search box.
* Derived structures (per-word orders, sort orders) are built lazily and patched with a small
  list of changed slots, so a stream of edits does not force a rebuild per query.
"""

from __future__ import annotations

import bisect
import enum
import functools
import heapq
import itertools
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

import attrs

__all__ = [
    "InMemorySearchIndex",
    "SearchDocument",
    "SearchHit",
    "SearchIndex",
    "SearchPage",
    "SearchQuery",
    "SortBy",
    "tokenize",
]

# --------------------------------------------------------------------------------------------
# Ranking parameters
# --------------------------------------------------------------------------------------------

#: BM25 term-frequency saturation.  1.2 is the textbook value and works well for short fields.
K1 = 1.2
#: BM25 length normalisation: 0.75 means a long description dilutes a word, but not fully.
B = 0.75
#: Weight of a word in the title, the tags and the description.  A seller puts the essence of
#: the offer in the title and the tags; descriptions are long and repeat related vocabulary.
FIELD_WEIGHTS = (3.0, 2.0, 1.0)
#: Largest page a caller may ask for; bigger pages belong to an export, not to a search box.
MAX_PER_PAGE = 100

_TF_CAP = 255  # per-field term frequency is packed into one byte; BM25 saturates long before.
_DENSE_MIN = 64  # a slot set switches from a ``set`` to a bitmap at this size.
_DIRECT_LIMIT = 1024  # tiers up to this size are scored directly unless orders already exist.
_SMALL_TIER = 32  # tiers up to this size are always scored directly ...
_SMALL_MULTI_TIER = 256  # ... and up to this size when several words must be combined.
_STALE_MIN = 64  # changed slots tolerated by a cached order before it is rebuilt ...
_STALE_SHIFT = 4  # ... or 1/16 of its length, whichever is larger.
_NORM_DRIFT = 0.10  # average field lengths may drift by 10% before weights are recomputed.
_MAX_QUERY_WORDS = 16  # extra words cannot change which cards match much, but cost time.
_PREFIX_MIN = 2  # the shortest partial word that is completed ("lo" -> "logo", "logos").
_PREFIX_EXPANSIONS = 8  # a partial word matches at most this many of the commonest completions.

# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


def _to_decimal(value: object, field: str) -> Decimal:
    """Accept ``Decimal`` and ``int`` only: a float price is already a rounding error."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{field} must be a Decimal (or int), got {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"{field} must be a finite number, got {amount}")
    return amount


def _price(value: object) -> Decimal:
    return _to_decimal(value, "price")


def _optional_rating(value: object) -> Decimal | None:
    return None if value is None else _to_decimal(value, "rating")


def _min_price(value: object) -> Decimal | None:
    return None if value is None else _to_decimal(value, "min_price")


def _max_price(value: object) -> Decimal | None:
    return None if value is None else _to_decimal(value, "max_price")


def _min_rating(value: object) -> Decimal | None:
    return None if value is None else _to_decimal(value, "min_rating")


def _tags(value: Iterable[str]) -> tuple[str, ...]:
    """Accept any iterable of tags (a list from JSON, say); store an immutable tuple."""
    if isinstance(value, str):
        raise TypeError("tags must be an iterable of strings, not a single string")
    return tuple(value)


def _currency(value: object) -> str:
    """Currency codes are compared case-insensitively, so "usd" and "USD" are one currency."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"currency must be a non-empty ISO code such as 'USD', got {value!r}")
    return value.strip().upper()


def _optional_currency(value: object) -> str | None:
    return None if value is None else _currency(value)


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


def _optional_non_negative(
    instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int or None, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


@attrs.frozen
class SearchDocument:
    """What the index needs to know about one service card.

    The catalogue owns the card; this is a flattened, immutable copy of the searchable and
    filterable parts.  ``price`` is the card's starting price (the cheapest package) in
    ``currency``.  ``published_at`` only has to increase over time; it orders "newest".
    """

    listing_id: str = attrs.field()
    title: str
    description: str
    tags: tuple[str, ...] = attrs.field(converter=_tags)
    category: str
    price: Decimal = attrs.field(converter=_price)
    currency: str = attrs.field(converter=_currency)
    delivery_days: int = attrs.field(validator=_non_negative)
    seller_id: str
    seller_level: int = attrs.field(default=0, validator=_non_negative)
    rating: Decimal | None = attrs.field(default=None, converter=_optional_rating)
    review_count: int = attrs.field(default=0, validator=_non_negative)
    published_at: int = 0

    @listing_id.validator
    def _check_listing_id(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValueError(f"listing_id must be a non-empty string, got {value!r}")

    @price.validator
    def _check_price(self, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if value < 0:
            raise ValueError(f"price must be >= 0, got {value}")

    @rating.validator
    def _check_rating(
        self, attribute: attrs.Attribute[Decimal | None], value: Decimal | None
    ) -> None:
        if value is not None and not 1 <= value <= 5:
            raise ValueError(f"rating must be between 1 and 5 stars (or None), got {value}")


class SortBy(enum.Enum):
    """Result orders a buyer can choose.  Every order ends with ``listing_id`` for stability."""

    RELEVANCE = "relevance"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    RATING = "rating"
    NEWEST = "newest"


_PRICE_SORTS = frozenset({SortBy.PRICE_ASC, SortBy.PRICE_DESC})


def _page(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"page must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"page must be >= 1 (pages are numbered from 1), got {value}")


def _per_page(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"per_page must be an int, got {type(value).__name__}")
    if not 1 <= value <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {value}")


@attrs.frozen
class SearchQuery:
    """A buyer's search: free text plus optional filters, an order and a page.

    Empty ``text`` (or text made only of punctuation and stop words) browses every card that
    passes the filters.  Prices can only be compared within one currency, so a price bound
    or a price order requires ``currency``; a query that cannot be answered correctly is
    rejected here, when it is built, rather than answered wrongly later.
    """

    text: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    category: str | None = None
    min_price: Decimal | None = attrs.field(default=None, converter=_min_price)
    max_price: Decimal | None = attrs.field(default=None, converter=_max_price)
    currency: str | None = attrs.field(default=None, converter=_optional_currency)
    max_delivery_days: int | None = attrs.field(default=None, validator=_optional_non_negative)
    min_seller_level: int | None = attrs.field(default=None, validator=_optional_non_negative)
    min_rating: Decimal | None = attrs.field(default=None, converter=_min_rating)
    sort: SortBy = attrs.field(
        default=SortBy.RELEVANCE, validator=attrs.validators.instance_of(SortBy)
    )
    page: int = attrs.field(default=1, validator=_page)
    per_page: int = attrs.field(default=20, validator=_per_page)

    def __attrs_post_init__(self) -> None:
        has_bound = self.min_price is not None or self.max_price is not None
        if has_bound and self.currency is None:
            raise ValueError(
                "min_price/max_price need currency: amounts in different currencies "
                "cannot be compared without an exchange rate"
            )
        if self.sort in _PRICE_SORTS and self.currency is None:
            raise ValueError(
                f"sort={self.sort.value} needs currency: amounts in different currencies "
                "cannot be ordered without an exchange rate"
            )
        if (
            self.min_price is not None
            and self.max_price is not None
            and self.min_price > self.max_price
        ):
            raise ValueError(
                f"min_price ({self.min_price}) must not exceed max_price ({self.max_price})"
            )


@attrs.frozen
class SearchHit:
    """One result.

    For a text query ``score`` is the number of query words the card matches plus its BM25F
    score squashed into [0, 1) — so it decreases down a relevance-ordered page and its integer
    part says how many words matched.  Browsing (no words) scores every card 0.0.
    """

    listing_id: str
    score: float


@attrs.frozen
class SearchPage:
    """One page of results; ``total`` counts every matching card, not just this page."""

    hits: tuple[SearchHit, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages of ``per_page`` hits the ``total`` fills (0 when nothing matched)."""
        return -(-self.total // self.per_page)


class SearchIndex(Protocol):
    """The port the catalogue talks to.

    Anything with these three methods can stand in for the in-memory engine: an adapter to
    Elasticsearch, Meilisearch or a database's full-text index, or a fake in tests.
    """

    def index(self, doc: SearchDocument) -> None:
        """Add a card, or replace the card with the same ``listing_id``."""

    def remove(self, listing_id: str) -> None:
        """Forget a card; forgetting an unknown card is not an error."""

    def search(self, query: SearchQuery) -> SearchPage:
        """Answer one query."""


# --------------------------------------------------------------------------------------------
# Text analysis
# --------------------------------------------------------------------------------------------

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
_WORD = re.compile(r"[^\W_]+")


@functools.cache
def _word_with_marks() -> re.Pattern[str]:
    """A word pattern that also accepts combining marks inside a word.

    ``\\w`` does not match combining marks, so text typed in decomposed form ("e" followed
    by U+0301) would otherwise be cut in the middle of a word.  The class is derived from the
    Unicode database once, on the first non-ASCII text, instead of at import time.
    """
    ranges: list[str] = []
    start: int | None = None
    for code in range(0x10000):
        is_mark = unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
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
    return tuple(_WORD.findall(folded))


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


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


@attrs.frozen
class _Norms:
    """BM25F length normalisation, frozen at the average field lengths of one moment.

    Weights cached in per-word orders depend on the averages.  Refreshing them on every edit
    would invalidate every cache on every edit, so the averages are frozen and refreshed only
    when the real ones drift by more than ``_NORM_DRIFT`` — a change far below what moves a
    ranking.  ``epoch`` tells caches built under older averages apart.
    """

    averages: tuple[float, float, float]
    epoch: int

    @classmethod
    def of(cls, totals: list[int], count: int, epoch: int) -> _Norms:
        averages = tuple(total / count if total else 1.0 for total in totals)
        return cls(averages=(averages[0], averages[1], averages[2]), epoch=epoch)

    def drifted(self, totals: list[int], count: int) -> bool:
        for total, frozen in zip(totals, self.averages, strict=True):
            current = total / count if total else 1.0
            if abs(current - frozen) > _NORM_DRIFT * frozen:
                return True
        return False

    def weigher(self) -> Callable[[int, tuple[int, int, int]], float]:
        """Return ``weight(packed_tf, lengths)``: a word's BM25F weight in a card, before idf.

        Returned as a closure over plain floats because it runs once per candidate posting;
        attribute lookups would double its cost.
        """
        w_title, w_tags, w_desc = FIELD_WEIGHTS
        flat = 1.0 - B
        n_title, n_tags, n_desc = (B / average for average in self.averages)
        k1, k1_plus_1 = K1, K1 + 1.0

        def weight(packed: int, lengths: tuple[int, int, int]) -> float:
            tf = 0.0
            if packed & 0xFF:
                tf += w_title * (packed & 0xFF) / (flat + n_title * lengths[0])
            if packed & 0xFF00:
                tf += w_tags * ((packed >> 8) & 0xFF) / (flat + n_tags * lengths[1])
            if packed >> 16:
                tf += w_desc * (packed >> 16) / (flat + n_desc * lengths[2])
            return tf * k1_plus_1 / (tf + k1)

        return weight


def _idf(count: int, doc_freq: int) -> float:
    """BM25 idf with the +1 inside the log, so even a word in every card weighs > 0."""
    return math.log(1.0 + (count - doc_freq + 0.5) / (doc_freq + 0.5))


def _squash(raw: float) -> float:
    """Map a BM25 score into [0, 1) keeping its order, so it fits under the match count."""
    return raw / (raw + 1.0)


class _Reversed:
    """Wraps a listing id so that heaps and sorts rank the *smaller* id as the better one."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return other.value < self.value


# --------------------------------------------------------------------------------------------
# Slot sets and bitmasks
# --------------------------------------------------------------------------------------------

_ONE = re.compile("1")


def _mask_of(slots: Iterable[int]) -> int:
    """Build a bitmask from slots via a bytearray: ``|= 1 << slot`` would copy per slot."""
    buffer = bytearray()
    for slot in slots:
        byte = slot >> 3
        if byte >= len(buffer):
            _grow(buffer, byte)
        buffer[byte] |= 1 << (slot & 7)
    return int.from_bytes(buffer, "little")


def _grow(buffer: bytearray, byte: int) -> None:
    """Make room for index ``byte``, doubling so that a growing catalogue rarely extends."""
    buffer.extend(bytes(max(byte + 1, 2 * len(buffer)) - len(buffer)))


def _slots_in(mask: int) -> list[int]:
    """The slots set in ``mask`` (highest first).  ``bin`` + regex keeps the loop in C."""
    digits = bin(mask)
    top = len(digits) - 1
    return [top - match.start() for match in _ONE.finditer(digits, 2)]


class _SlotSet:
    """A set of slots that can also answer as a bitmask, for attribute values and liveness.

    Small sets are a ``set`` (the bitmap of a rare price would be mostly zeros); from
    ``_DENSE_MIN`` members on, a ``bytearray`` bitmap is kept instead and updated in place,
    which makes ``mask()`` a single ``int.from_bytes`` (cached until the next change).
    """

    __slots__ = ("_bits", "_count", "_mask", "_small")

    def __init__(self) -> None:
        self._small: set[int] | None = set()
        self._bits = bytearray()
        self._count = 0
        self._mask: int | None = None

    def __len__(self) -> int:
        return self._count

    @property
    def small(self) -> set[int] | None:
        """The members while the set is small (``None`` once it is a bitmap)."""
        return self._small

    def add(self, slot: int) -> None:
        if self._small is not None:
            if slot not in self._small:
                self._small.add(slot)
                self._count += 1
                if self._count >= _DENSE_MIN:
                    self._to_bitmap()
            return
        byte, bit = slot >> 3, 1 << (slot & 7)
        if byte >= len(self._bits):
            _grow(self._bits, byte)
        if not self._bits[byte] & bit:
            self._bits[byte] |= bit
            self._count += 1
            self._mask = None

    def discard(self, slot: int) -> None:
        if self._small is not None:
            if slot in self._small:
                self._small.discard(slot)
                self._count -= 1
            return
        byte, bit = slot >> 3, 1 << (slot & 7)
        if byte < len(self._bits) and self._bits[byte] & bit:
            self._bits[byte] &= ~bit
            self._count -= 1
            self._mask = None

    def mask(self) -> int:
        if self._small is not None:
            return _mask_of(self._small)
        if self._mask is None:
            self._mask = int.from_bytes(self._bits, "little")
        return self._mask

    def _to_bitmap(self) -> None:
        assert self._small is not None
        for slot in self._small:
            byte = slot >> 3
            if byte >= len(self._bits):
                _grow(self._bits, byte)
            self._bits[byte] |= 1 << (slot & 7)
        self._small = None


_V = TypeVar("_V", Decimal, int, str)


class _ValueIndex(Generic[_V]):
    """Attribute value -> slots, for equality and range filters.

    Distinct values are kept sorted so a range (price 10-50, delivery <= 3 days) is two
    bisections and an OR of the per-value masks in between.  Marketplaces have few distinct
    values here (round prices, whole days, a handful of levels), which keeps that OR short.
    """

    __slots__ = ("_sets", "_sorted")

    def __init__(self) -> None:
        self._sets: dict[_V, _SlotSet] = {}
        self._sorted: list[_V] = []

    def add(self, value: _V, slot: int) -> None:
        slots = self._sets.get(value)
        if slots is None:
            slots = self._sets[value] = _SlotSet()
            bisect.insort(self._sorted, value)
        slots.add(slot)

    def discard(self, value: _V, slot: int) -> None:
        slots = self._sets.get(value)
        if slots is None:
            return
        slots.discard(slot)
        if not slots:
            del self._sets[value]
            del self._sorted[bisect.bisect_left(self._sorted, value)]

    def equal(self, value: _V) -> int:
        slots = self._sets.get(value)
        return 0 if slots is None else slots.mask()

    def between(self, low: _V | None, high: _V | None) -> int:
        """Slots whose value lies in ``[low, high]`` (an open end when ``None``)."""
        start = 0 if low is None else bisect.bisect_left(self._sorted, low)
        stop = len(self._sorted) if high is None else bisect.bisect_right(self._sorted, high)
        mask = 0
        sparse: list[int] = []
        for value in self._sorted[start:stop]:
            slots = self._sets[value]
            if slots.small is not None:
                sparse.extend(slots.small)
            else:
                mask |= slots.mask()
        return mask | _mask_of(sparse) if sparse else mask


# --------------------------------------------------------------------------------------------
# Words and their cached orders
# --------------------------------------------------------------------------------------------


def _stale_limit(size: int) -> int:
    """How many changed slots a cache tolerates before rebuilding beats patching."""
    return max(_STALE_MIN, size >> _STALE_SHIFT)


@attrs.define
class _RankedView:
    """One word's slots by decreasing weight (ties: listing_id), for ranked retrieval.

    ``stale`` holds slots whose posting changed after the view was built: walks skip them
    and score them separately.  ``epoch`` names the length averages the weights assumed.
    ``prefixes[k]`` is the bitmask of the first ``_FIRST_DEPTH << k`` slots, built on demand:
    the block-wise threshold algorithm intersects those with a tier instead of stepping
    through the order one slot at a time.
    """

    slots: list[int]
    weights: array[float]
    epoch: int
    stale: set[int] = attrs.field(factory=set)
    prefixes: list[int] = attrs.field(factory=list)

    def prefix(self, level: int) -> int:
        while len(self.prefixes) <= level:
            built = len(self.prefixes)
            start = 0 if built == 0 else _FIRST_DEPTH << (built - 1)
            stop = _FIRST_DEPTH << built
            previous = self.prefixes[-1] if self.prefixes else 0
            self.prefixes.append(previous | _mask_of(self.slots[start:stop]))
        return self.prefixes[level]

    def bound(self, level: int) -> float:
        """The weight at depth ``_FIRST_DEPTH << level``: no slot below it weighs more."""
        depth = _FIRST_DEPTH << level
        return self.weights[depth] if depth < len(self.weights) else 0.0


class _Postings:
    """One word: which slots contain it, how often per field, and its cached weight order.

    A word in ``_DENSE_MIN`` cards or more gets a bytearray bitmap the first time a query
    needs its mask, and from then on keeps it up to date in place, so its mask is one
    ``int.from_bytes`` away.  Bulk loading therefore pays nothing for bitmaps, and edits after
    that never force a rebuild.  A rare word builds its small mask on demand.  The weight order
    is built on first use too, and then patched through its ``stale`` set.
    """

    __slots__ = ("_bits", "_mask", "tf", "view")

    def __init__(self) -> None:
        self.tf: dict[int, int] = {}
        self.view: _RankedView | None = None
        self._bits: bytearray | None = None
        self._mask: int | None = None

    def put(self, slot: int, packed: int) -> None:
        self.tf[slot] = packed
        bits = self._bits
        if bits is not None:
            byte = slot >> 3
            if byte >= len(bits):
                _grow(bits, byte)
            bits[byte] |= 1 << (slot & 7)
            self._mask = None
        if self.view is not None:
            self._touch_view(slot)

    def drop(self, slot: int) -> None:
        if self.tf.pop(slot, None) is None:
            return
        if self._bits is not None:
            self._bits[slot >> 3] &= ~(1 << (slot & 7))
            self._mask = None
        if self.view is not None:
            self._touch_view(slot)

    def mask(self) -> int:
        if self._bits is None:
            if len(self.tf) < _DENSE_MIN:
                return _mask_of(self.tf)
            size = (max(self.tf) >> 3) + 1
            self._bits = bytearray(_mask_of(self.tf).to_bytes(size, "little"))
        if self._mask is None:
            self._mask = int.from_bytes(self._bits, "little")
        return self._mask

    def _touch_view(self, slot: int) -> None:
        assert self.view is not None
        self.view.stale.add(slot)
        if len(self.view.stale) > _stale_limit(len(self.tf)):
            self.view = None


def _build_view(
    tf: dict[int, int], norms: _Norms, lengths: list[tuple[int, int, int]], ids: list[str]
) -> _RankedView:
    """Sort a word's slots by weight, ties by listing_id, as the ranking needs them.

    Slots are sorted by listing_id first and then, stably, by weight: both sorts run in C,
    which is cheaper than sorting by a (weight, listing_id) tuple built per slot.
    """
    weight = norms.weigher()
    slots = sorted(tf, key=ids.__getitem__)
    weights = [weight(tf[slot], lengths[slot]) for slot in slots]
    order = sorted(range(len(slots)), key=weights.__getitem__, reverse=True)
    ranked = list(map(slots.__getitem__, order))
    weights.sort(reverse=True)
    return _RankedView(slots=ranked, weights=array("d", weights), epoch=norms.epoch)


def _advance(slots: list[int], position: int, bits: bytes, stale: set[int]) -> int:
    """Move a cursor to the next slot that is in ``bits`` and not stale."""
    end = len(slots)
    while position < end:
        slot = slots[position]
        if bits[slot >> 3] >> (slot & 7) & 1 and slot not in stale:
            break
        position += 1
    return position


# --------------------------------------------------------------------------------------------
# Sort orders
# --------------------------------------------------------------------------------------------

_SortKey = tuple[object, ...]


def _price_asc(doc: SearchDocument) -> _SortKey:
    return (doc.price, doc.listing_id)


def _price_desc(doc: SearchDocument) -> _SortKey:
    return (-doc.price, doc.listing_id)


def _best_rated(doc: SearchDocument) -> _SortKey:
    """Best mean first; among equal means, more reviews first; unrated cards last."""
    if doc.rating is None:
        return (1, Decimal(0), 0, doc.listing_id)
    return (0, -doc.rating, -doc.review_count, doc.listing_id)


def _newest(doc: SearchDocument) -> _SortKey:
    return (-doc.published_at, doc.listing_id)


def _by_id(doc: SearchDocument) -> _SortKey:
    return (doc.listing_id,)


_SORT_KEYS: dict[SortBy, Callable[[SearchDocument], _SortKey]] = {
    SortBy.RELEVANCE: _by_id,  # browsing has no relevance: a stable, neutral order
    SortBy.PRICE_ASC: _price_asc,
    SortBy.PRICE_DESC: _price_desc,
    SortBy.RATING: _best_rated,
    SortBy.NEWEST: _newest,
}


def _walk_start(query: SearchQuery) -> _SortKey:
    """Where a walk in the query's order may begin without missing a matching card."""
    if query.sort is SortBy.PRICE_ASC and query.min_price is not None:
        return (query.min_price,)
    if query.sort is SortBy.PRICE_DESC and query.max_price is not None:
        return (-query.max_price,)
    return ()


def _live(docs: list[SearchDocument | None], slot: int) -> SearchDocument:
    doc = docs[slot]
    assert doc is not None, f"slot {slot} is free"
    return doc


class _SortOrder:
    """Every card in one sort order, built on first use and then patched, not rebuilt.

    Besides the order itself it keeps each slot's position in it, so a set of candidates is
    sorted by looking positions up (in C) instead of building a sort key per card.
    """

    __slots__ = ("_position", "_slots", "_stale", "key")

    def __init__(self, key: Callable[[SearchDocument], _SortKey]) -> None:
        self.key = key
        self._slots: list[int] | None = None
        self._position: list[int] = []
        self._stale: set[int] = set()

    @property
    def ready(self) -> bool:
        return self._slots is not None

    def touch(self, slot: int) -> None:
        if self._slots is not None:
            self._stale.add(slot)
            if len(self._stale) > _stale_limit(len(self._slots)):
                self._slots = None
                self._position = []
                self._stale = set()

    def first(self, docs: list[SearchDocument | None], slots: list[int], count: int) -> list[int]:
        """The first ``count`` of ``slots`` in this order."""
        if self._slots is not None and not self._stale:
            return heapq.nsmallest(count, slots, key=self._position.__getitem__)
        return heapq.nsmallest(count, slots, key=lambda slot: self.key(_live(docs, slot)))

    def walk(self, docs: list[SearchDocument | None], start: _SortKey = ()) -> Iterator[int]:
        """Yield live slots in order: the cached order merged with the changed slots.

        ``start`` skips, by bisection, every card whose key sorts before it — a price
        ordered walk under a price filter then begins at the bound, not at the cheapest card.
        """

        def key(slot: int) -> _SortKey:
            return self.key(_live(docs, slot))

        if self._slots is None:
            self._slots = sorted((s for s, doc in enumerate(docs) if doc is not None), key=key)
            self._position = [0] * len(docs)
            for position, slot in enumerate(self._slots):
                self._position[slot] = position
        stale = self._stale
        if not stale:
            first = bisect.bisect_left(self._slots, start, key=key) if start else 0
            return itertools.islice(self._slots, first, None)
        kept = (slot for slot in self._slots if slot not in stale)
        fresh = sorted((slot for slot in stale if docs[slot] is not None), key=key)
        return heapq.merge(kept, fresh, key=key)


# --------------------------------------------------------------------------------------------
# Query plans
# --------------------------------------------------------------------------------------------


@attrs.frozen
class _Term:
    word: str
    postings: _Postings
    idf: float


@attrs.frozen
class _Clause:
    """One query word: the indexed words it stands for (several when completing a prefix)."""

    terms: tuple[_Term, ...]
    mask: int


@attrs.frozen
class _Plan:
    """A text query resolved against the index: clauses plus a way to score a slot.

    Only the last clause can hold several words (a completed prefix), so scoring sums the
    single-word clauses in a flat loop and takes the best word of the last clause.
    """

    clauses: tuple[_Clause, ...]
    norms: _Norms
    lengths: list[tuple[int, int, int]]
    _weight: Callable[[int, tuple[int, int, int]], float] = attrs.field(init=False)
    _singles: tuple[tuple[dict[int, int], float], ...] = attrs.field(init=False)
    _last: tuple[tuple[dict[int, int], float], ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        pairs = [tuple((term.postings.tf, term.idf) for term in c.terms) for c in self.clauses]
        last = pairs.pop() if pairs and len(pairs[-1]) > 1 else ()
        object.__setattr__(self, "_weight", self.norms.weigher())
        object.__setattr__(self, "_singles", tuple(pair[0] for pair in pairs if pair))
        object.__setattr__(self, "_last", last)

    def raw_score(self, slot: int) -> float:
        """BM25F: per clause the best of its words (a completion must not count twice)."""
        lengths = self.lengths[slot]
        weight = self._weight
        total = 0.0
        for tf, idf in self._singles:
            packed = tf.get(slot)
            if packed is not None:
                total += idf * weight(packed, lengths)
        if self._last:
            best = 0.0
            for tf, idf in self._last:
                packed = tf.get(slot)
                if packed is not None:
                    best = max(best, idf * weight(packed, lengths))
            total += best
        return total

    def score(self, slot: int) -> float:
        """Matched clauses plus the squashed BM25F score (see ``SearchHit``)."""
        matched = sum(
            1 for clause in self.clauses if any(slot in t.postings.tf for t in clause.terms)
        )
        return matched + _squash(self.raw_score(slot))


def _coverage_tiers(masks: list[int], universe: int) -> list[int]:
    """``tiers[j]`` = slots of ``universe`` matching exactly ``j`` of ``masks`` (j >= 1).

    Counting with masks: ``at_least[j]`` grows like a unary counter, one AND/OR per clause and
    level, so the tiers cost O(clauses²) big-integer operations and no per-card work.
    """
    at_least = [universe] + [0] * len(masks)
    for mask in masks:
        for level in range(len(masks), 0, -1):
            at_least[level] |= at_least[level - 1] & mask
    at_least.append(0)
    return [0] + [at_least[j] & ~at_least[j + 1] for j in range(1, len(masks) + 1)]


@attrs.frozen
class _Window:
    """The ranks shown on the requested page: ``[start, stop)``."""

    start: int
    stop: int

    @classmethod
    def of(cls, query: SearchQuery) -> _Window:
        start = (query.page - 1) * query.per_page
        return cls(start=start, stop=start + query.per_page)


@attrs.frozen
class _Tier:
    """The cards matching exactly ``matched`` clauses: their mask and how many there are."""

    mask: int
    size: int
    matched: int


# Relative costs, in walk steps (testing one slot of an order against a mask): scoring a
# card costs about this many steps per query word, sorting a candidate by a key this many.
# A walk gives up once it has spent what the direct way would have cost, so a wrong guess
# costs at most about twice the better strategy.
_SCORE_STEPS = 4
_SORT_STEPS = 3
_FIRST_DEPTH = 128  # the block-wise threshold algorithm starts this deep in every order
_ROUNDING_SLACK = 1.0 + 1e-9  # the threshold bound adds in a different order than scores do


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------


class InMemorySearchIndex:
    """An inverted index of service cards with BM25F ranking, filters, sorting and paging.

    Not thread-safe: guard it with a lock if one thread indexes while another searches.
    """

    def __init__(self) -> None:
        self._slot_of: dict[str, int] = {}
        self._docs: list[SearchDocument | None] = []
        self._ids: list[str] = []
        self._lengths: list[tuple[int, int, int]] = []
        self._free: list[int] = []
        self._totals = [0, 0, 0]
        self._alive = _SlotSet()
        self._terms: dict[str, _Postings] = {}
        self._vocabulary: list[str] = []  # sorted, for prefix completion
        self._norms: _Norms | None = None
        self._category: _ValueIndex[str] = _ValueIndex()
        self._currency: _ValueIndex[str] = _ValueIndex()
        self._price: _ValueIndex[Decimal] = _ValueIndex()
        self._delivery: _ValueIndex[int] = _ValueIndex()
        self._level: _ValueIndex[int] = _ValueIndex()
        self._rating: _ValueIndex[Decimal] = _ValueIndex()
        self._orders = {sort: _SortOrder(key) for sort, key in _SORT_KEYS.items()}

    # -- collection protocol ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, listing_id: object) -> bool:
        return isinstance(listing_id, str) and listing_id in self._slot_of

    # -- writes -------------------------------------------------------------------------------

    def index(self, doc: SearchDocument) -> None:
        """Add a card or replace the card with the same ``listing_id``.

        A replacement keeps its slot but loses every word and attribute of the old version
        first, so words removed from a title stop matching at once.
        """
        slot = self._slot_of.get(doc.listing_id)
        if slot is not None:
            if self._docs[slot] == doc:
                return
            self._unindex(slot)
        else:
            slot = self._allocate(doc.listing_id)
        analysis = _analyse(doc)
        self._docs[slot] = doc
        self._lengths[slot] = analysis.lengths
        for field, length in enumerate(analysis.lengths):
            self._totals[field] += length
        self._alive.add(slot)
        terms = self._terms
        for word, packed in analysis.terms.items():
            postings = terms.get(word)
            if postings is None:
                postings = terms[word] = _Postings()
                bisect.insort(self._vocabulary, word)
            postings.put(slot, packed)
        self._index_values(doc, slot)
        self._touch_orders(slot)

    def remove(self, listing_id: str) -> None:
        """Forget a card; unknown ids are ignored so removal can be retried safely."""
        slot = self._slot_of.pop(listing_id, None)
        if slot is None:
            return
        self._unindex(slot)
        self._docs[slot] = None
        self._ids[slot] = ""
        self._free.append(slot)

    def warm(self) -> None:
        """Build the masks and weight orders of common words, and the sort orders, now.

        Optional.  Otherwise the first query that needs one builds it, which for a word in
        tens of thousands of cards, or for a sort order, takes up to a few hundred
        milliseconds.  Call after a bulk load.
        """
        norms = self._current_norms()
        for postings in self._terms.values():
            if len(postings.tf) > _DIRECT_LIMIT:
                postings.mask()
                self._view(postings, norms).prefix(0)
        for order in self._orders.values():
            next(order.walk(self._docs), None)

    def _allocate(self, listing_id: str) -> int:
        if self._free:
            slot = self._free.pop()
            self._ids[slot] = listing_id
        else:
            slot = len(self._docs)
            self._docs.append(None)
            self._ids.append(listing_id)
            self._lengths.append((0, 0, 0))
        self._slot_of[listing_id] = slot
        return slot

    def _unindex(self, slot: int) -> None:
        doc = _live(self._docs, slot)
        analysis = _analyse(doc)
        for field, length in enumerate(analysis.lengths):
            self._totals[field] -= length
        self._alive.discard(slot)
        for word in analysis.terms:
            postings = self._terms.get(word)
            if postings is None:
                continue
            postings.drop(slot)
            if not postings.tf:
                del self._terms[word]
                del self._vocabulary[bisect.bisect_left(self._vocabulary, word)]
        self._unindex_values(doc, slot)
        self._touch_orders(slot)

    def _touch_orders(self, slot: int) -> None:
        for order in self._orders.values():
            order.touch(slot)

    def _index_values(self, doc: SearchDocument, slot: int) -> None:
        self._category.add(doc.category, slot)
        self._currency.add(doc.currency, slot)
        self._price.add(doc.price, slot)
        self._delivery.add(doc.delivery_days, slot)
        self._level.add(doc.seller_level, slot)
        if doc.rating is not None:
            self._rating.add(doc.rating, slot)

    def _unindex_values(self, doc: SearchDocument, slot: int) -> None:
        self._category.discard(doc.category, slot)
        self._currency.discard(doc.currency, slot)
        self._price.discard(doc.price, slot)
        self._delivery.discard(doc.delivery_days, slot)
        self._level.discard(doc.seller_level, slot)
        if doc.rating is not None:
            self._rating.discard(doc.rating, slot)

    # -- search -------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchPage:
        """Answer one query: ``total`` matching cards and the hits of the requested page."""
        universe = self._filter_mask(query)
        window = _Window.of(query)
        words = _query_words(query.text)
        if words:
            total, hits = self._search_text(words, universe, query, window)
        else:
            total, hits = self._browse(universe, query, window)
        return SearchPage(hits=hits, total=total, page=query.page, per_page=query.per_page)

    def _browse(
        self, universe: int, query: SearchQuery, window: _Window
    ) -> tuple[int, tuple[SearchHit, ...]]:
        total = universe.bit_count()
        slots = self._sorted_window(universe, total, query, window)
        return total, tuple(SearchHit(self._ids[slot], 0.0) for slot in slots)

    def _search_text(
        self, words: list[str], universe: int, query: SearchQuery, window: _Window
    ) -> tuple[int, tuple[SearchHit, ...]]:
        plan = self._plan(words)
        tiers = _coverage_tiers([clause.mask for clause in plan.clauses], universe)
        matching = 0
        for tier in tiers:
            matching |= tier
        total = matching.bit_count()
        if query.sort is SortBy.RELEVANCE:
            ranked = self._relevance_window(plan, tiers, window)
        else:
            slots = self._sorted_window(matching, total, query, window)
            ranked = [(plan.score(slot), slot) for slot in slots]
        return total, tuple(SearchHit(self._ids[slot], score) for score, slot in ranked)

    def _filter_mask(self, query: SearchQuery) -> int:
        """The cards passing every filter, as one mask (all live cards when unfiltered)."""
        mask = self._alive.mask()
        if query.category is not None:
            mask &= self._category.equal(query.category)
        if query.currency is not None:
            mask &= self._currency.equal(query.currency)
        if query.min_price is not None or query.max_price is not None:
            mask &= self._price.between(query.min_price, query.max_price)
        if query.max_delivery_days is not None:
            mask &= self._delivery.between(None, query.max_delivery_days)
        if query.min_seller_level is not None:
            mask &= self._level.between(query.min_seller_level, None)
        if query.min_rating is not None:
            mask &= self._rating.between(query.min_rating, None)
        return mask

    # -- planning -----------------------------------------------------------------------------

    def _current_norms(self) -> _Norms:
        norms = self._norms
        count = len(self._slot_of) or 1
        if norms is None or norms.drifted(self._totals, count):
            epoch = 0 if norms is None else norms.epoch + 1
            norms = self._norms = _Norms.of(self._totals, count, epoch)
        return norms

    def _plan(self, words: list[str]) -> _Plan:
        """Resolve query words to postings; the last unknown word is completed as a prefix."""
        count = len(self._slot_of)
        clauses: list[_Clause] = []
        for position, word in enumerate(words):
            if word in self._terms:
                matches = [word]
            elif position == len(words) - 1:
                matches = self._complete(word)
            else:
                matches = []
            terms = tuple(
                _Term(match, self._terms[match], _idf(count, len(self._terms[match].tf)))
                for match in matches
            )
            mask = 0
            for term in terms:
                mask |= term.postings.mask()
            clauses.append(_Clause(terms=terms, mask=mask))
        return _Plan(clauses=tuple(clauses), norms=self._current_norms(), lengths=self._lengths)

    def _complete(self, prefix: str) -> list[str]:
        """The commonest indexed words starting with ``prefix`` ("desi" -> "design", ...)."""
        if len(prefix) < _PREFIX_MIN:
            return []
        start = bisect.bisect_left(self._vocabulary, prefix)
        stop = bisect.bisect_left(self._vocabulary, prefix + "\U0010ffff", start)
        candidates = self._vocabulary[start:stop]
        return heapq.nlargest(
            _PREFIX_EXPANSIONS, candidates, key=lambda word: len(self._terms[word].tf)
        )

    def _view(self, postings: _Postings, norms: _Norms) -> _RankedView:
        view = postings.view
        if view is None or view.epoch != norms.epoch:
            view = postings.view = _build_view(postings.tf, norms, self._lengths, self._ids)
        return view

    # -- ranking ------------------------------------------------------------------------------

    def _relevance_window(
        self, plan: _Plan, tiers: list[int], window: _Window
    ) -> list[tuple[float, int]]:
        """Rank tier by tier (most clauses matched first), scoring only tiers on the page."""
        page: list[tuple[float, int]] = []
        rank = 0
        for matched in range(len(tiers) - 1, 0, -1):
            size = tiers[matched].bit_count()
            if not size:
                continue
            if rank + size > window.start:
                need = min(size, window.stop - rank)
                best = self._top_of_tier(plan, _Tier(tiers[matched], size, matched), need)
                skip = max(0, window.start - rank)
                page.extend((matched + _squash(raw), slot) for raw, slot in best[skip:need])
            rank += size
            if rank >= window.stop:
                break
        return page

    def _top_of_tier(self, plan: _Plan, tier: _Tier, need: int) -> list[tuple[float, int]]:
        """The ``need`` best ``(raw score, slot)`` of one tier, best first.

        Small tiers are scored card by card.  Larger ones are walked in the words' weight
        orders — for one word the order *is* the ranking; for several, the threshold
        algorithm stops as soon as no unseen card can reach the page.  Building an order for
        a common word costs more than scoring a small tier, so orders are only built for
        tiers above ``_DIRECT_LIMIT``; once built they serve every later query.
        """
        terms = [
            (index, term)
            for index, clause in enumerate(plan.clauses)
            if clause.mask & tier.mask
            for term in clause.terms
        ]
        ready = all(self._view_ready(term.postings, plan.norms) for _, term in terms)
        small = tier.size <= max(_SMALL_TIER, need) or (
            len(terms) > 1 and tier.size <= _SMALL_MULTI_TIER
        )
        if small or not (ready or tier.size > _DIRECT_LIMIT):
            return self._top_direct(plan, _slots_in(tier.mask), need)
        if len(terms) > 1:
            return self._top_blocks(plan, terms, tier, need)
        bits = tier.mask.to_bytes((len(self._docs) >> 3) + 1, "little")
        best = self._top_single(plan, terms[0][1], bits, need, tier.size * _SCORE_STEPS * 2)
        if best is None:
            return self._top_direct(plan, _slots_in(tier.mask), need)
        return best

    def _view_ready(self, postings: _Postings, norms: _Norms) -> bool:
        return postings.view is not None and postings.view.epoch == norms.epoch

    def _top_direct(self, plan: _Plan, slots: list[int], need: int) -> list[tuple[float, int]]:
        ids = self._ids
        scored = [(plan.raw_score(slot), slot) for slot in slots]
        return heapq.nsmallest(need, scored, key=lambda item: (-item[0], ids[item[1]]))

    def _top_single(
        self, plan: _Plan, term: _Term, bits: bytes, need: int, budget: int
    ) -> list[tuple[float, int]] | None:
        """One word: its weight order is the ranking, so take the first ``need`` in the tier."""
        view = self._view(term.postings, plan.norms)
        stale = view.stale
        best: list[tuple[float, int]] = []
        position = -1
        while len(best) < need:
            position = _advance(view.slots, position + 1, bits, stale)
            if position >= len(view.slots) or position > budget:
                break
            best.append((term.idf * view.weights[position], view.slots[position]))
        if position > budget:
            return None
        fresh = [s for s in stale if s in term.postings.tf and bits[s >> 3] >> (s & 7) & 1]
        if not fresh:
            return best
        return self._top_direct(plan, [slot for _, slot in best] + fresh, need)

    def _top_blocks(
        self, plan: _Plan, terms: list[tuple[int, _Term]], tier: _Tier, need: int
    ) -> list[tuple[float, int]]:
        """The threshold algorithm, a block at a time, over the words' weight orders.

        Each word's order is read to a depth of ``_FIRST_DEPTH << level`` through cached
        prefix bitmasks; the cards reached that are in the tier and not scored yet are scored.
        A card not reached sits below the current depth in every order it appears in, so each
        of its clause weights is bounded by the weight at that depth; it matches exactly
        ``tier.matched`` clauses, so its score is bounded by the sum of the ``matched``
        largest clause bounds.  Once the ``need``-th best score beats that bound, no deeper
        card can reach the page.  Each round doubles the depth of the order with the largest
        bound, which lowers the threshold fastest; the per-card work of a round is mask
        arithmetic done in C rather than a Python loop step.
        """
        views = [self._view(term.postings, plan.norms) for _, term in terms]
        idfs = [term.idf for _, term in terms]
        levels = [0] * len(views)
        changed = _mask_of(slot for view in views for slot in view.stale)
        scored: list[tuple[float, int]] = []
        best: list[float] = []  # min-heap of the ``need`` largest scores so far
        taken = 0
        while True:
            reached = changed
            for view, level in zip(views, levels, strict=True):
                reached |= view.prefix(level)
            reached &= tier.mask
            for slot in _slots_in(reached & ~taken):
                raw = plan.raw_score(slot)
                scored.append((raw, slot))
                if len(best) < need:
                    heapq.heappush(best, raw)
                elif raw > best[0]:
                    heapq.heapreplace(best, raw)
            taken = reached
            bounds = [
                idf * view.bound(level)
                for idf, view, level in zip(idfs, views, levels, strict=True)
            ]
            deepest = max(range(len(bounds)), key=bounds.__getitem__)
            if bounds[deepest] <= 0.0:
                break  # every order has been read to the end
            if len(best) == need and best[0] > self._tier_bound(terms, bounds, tier.matched):
                break
            levels[deepest] += 1
        floor = best[0] if len(best) == need else -math.inf
        ids = self._ids
        finalists = [item for item in scored if item[0] >= floor]
        finalists.sort(key=lambda item: (-item[0], ids[item[1]]))
        return finalists[:need]

    @staticmethod
    def _tier_bound(terms: list[tuple[int, _Term]], bounds: list[float], matched: int) -> float:
        """The best score an unseen card matching exactly ``matched`` clauses could have."""
        per_clause: dict[int, float] = {}
        for (clause, _), bound in zip(terms, bounds, strict=True):
            per_clause[clause] = max(per_clause.get(clause, 0.0), bound)
        return sum(heapq.nlargest(matched, per_clause.values())) * _ROUNDING_SLACK

    # -- sorted results -----------------------------------------------------------------------

    def _sorted_window(
        self, candidates: int, count: int, query: SearchQuery, window: _Window
    ) -> list[int]:
        """The page of ``candidates`` in a sort order.

        Few candidates: sort them.  Many: walk the cached order of the whole catalogue and
        keep the candidates, which costs about ``stop * catalogue / count`` steps — unless
        the filter correlates with the order (cheap cards, price descending), so the walk is
        abandoned once it has cost what sorting the candidates would have.
        """
        if window.start >= count:
            return []
        stop = min(window.stop, count)
        order = self._orders[query.sort]
        expected_walk = stop * len(self._slot_of) // count
        budget = count * _SORT_STEPS
        small = count <= _SMALL_TIER or (not order.ready and count <= _DIRECT_LIMIT)
        if not small and expected_walk < budget:
            taken = self._walk_order(order, _walk_start(query), candidates, stop, budget)
            if taken is not None:
                return taken[window.start :]
        return order.first(self._docs, _slots_in(candidates), stop)[window.start :]

    def _walk_order(
        self, order: _SortOrder, start: _SortKey, candidates: int, stop: int, budget: int
    ) -> list[int] | None:
        bits = candidates.to_bytes((len(self._docs) >> 3) + 1, "little")
        taken: list[int] = []
        for steps, slot in enumerate(order.walk(self._docs, start)):
            if bits[slot >> 3] >> (slot & 7) & 1:
                taken.append(slot)
                if len(taken) == stop:
                    return taken
            elif steps > budget:
                return None
        return taken
