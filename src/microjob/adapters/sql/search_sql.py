"""How service cards and queries become the SQL search index's rows and statements.

The pure half of `microjob.adapters.sql.search`: checking that a card fits the tables,
analysing it into words, encoding exact decimals for SQLite, building PostgreSQL's ``tsvector``
and ``tsquery`` and FTS5's match expressions, and writing the filter and ranking SQL of both
databases. Nothing here touches a connection, so each piece can be tested on its own.
"""

from __future__ import annotations

import decimal
import functools
import hashlib
import re
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import attrs

from microjob.adapters.sql.schema import search_cards_t, search_stamps_t, search_words_t
from microjob.search.contract import SearchDocument, SearchQuery, SortBy
from microjob.search.scoring import FIELD_WEIGHTS
from microjob.search.text import ANALYSER_VERSION, tokenize

#: Words are stored and compared on at most this many characters (an index key must be bounded).
MAX_WORD = 200
#: The FTS5 tokenizer: diacritics folded; letters, digits, private-use characters and combining
#: marks are word characters, as in microjob's own analyser.
FTS5_TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"

CARDS = search_cards_t.name
WORDS = search_words_t.name
STAMPS = search_stamps_t.name
FTS = "microjob_search_fts"
_INT_LIMIT = 1 << 62  # stored integers stay below; larger query bounds are clamped to it
_EXPONENT_LIMIT = 1000  # stored decimals lie within 10**±1000; query bounds are clamped beyond
_BIAS = 5_000_000  # added to a decimal's exponent in the SQLite order key (7 digits)
_POSITIONS_PER_WORD = 256  # PostgreSQL keeps at most 256 positions of one word
_TSVECTOR_BYTES = (1 << 20) - 1  # PostgreSQL's limit on a tsvector's lexemes, in bytes
# ts_rank_cd's weights of the D, C, B and A positions (description, unused, tags, title), at
# most 1 each: microjob's field weights scaled down so the title weighs 1.
_PG_WEIGHTS = "{{{:.4f},0,{:.4f},1}}".format(*(w / FIELD_WEIGHTS[0] for w in FIELD_WEIGHTS[:0:-1]))

_ORDER_BY = {
    SortBy.RELEVANCE: "c.listing_id",  # browsing: a stable, neutral order, as in memory
    SortBy.PRICE_ASC: "c.price, c.listing_id",
    SortBy.PRICE_DESC: "c.price DESC, c.listing_id",
    SortBy.RATING: "c.rating IS NULL, c.rating DESC, "
    "CASE WHEN c.rating IS NULL THEN 0 ELSE c.review_count END DESC, c.listing_id",
    SortBy.NEWEST: "c.published_at DESC, c.listing_id",
}
_CARD_COLUMNS = (
    "listing_id",
    "fingerprint",
    "category",
    "currency",
    "price",
    "delivery_days",
    "seller_level",
    "rating",
    "review_count",
    "published_at",
    "title_words",
    "tags_words",
    "description_words",
)


# -- exact decimals in SQLite -------------------------------------------------------------------
def _decimal_key(value: Decimal) -> str:
    """Text that sorts (byte by byte) as the non-negative decimal it stands for sorts.

    SQLite has no exact decimal type and a float would misorder 0.1 + 0.2 against 0.3, so prices
    and ratings are stored as ``"0"`` for zero, else ``"1"``, the biased exponent of the first
    significant digit (7 digits) and the significant digits without trailing zeros: a larger
    exponent is a larger number, and for equal exponents the digits compare as text.
    ``Decimal("50")`` and ``Decimal("50.00")`` get the same key.
    """
    if not value:
        return "0"
    digits = value.as_tuple().digits
    text = "".join(map(str, digits))
    return f"1{value.adjusted() + _BIAS:07d}{text.rstrip('0')}"


def _exact_postgres(value: Decimal) -> Decimal:
    """PostgreSQL's ``NUMERIC`` is exact: decimals go in as they are (a zero as plain 0: its
    exponent may be beyond what ``NUMERIC`` keeps, and it is the same number)."""
    return value if value else Decimal(0)


_TOP = Decimal(1).scaleb(_EXPONENT_LIMIT)  # every stored decimal is below it
_STEP = Decimal(1).scaleb(-_EXPONENT_LIMIT)  # every stored decimal is a multiple of it
_BOUNDS = decimal.Context(prec=2 * _EXPONENT_LIMIT + 2)  # room for any bound below _TOP


def _bound(value: Decimal, *, lower: bool) -> Decimal:
    """A positive query bound the tables can compare with, giving every storable decimal the
    answer the bound itself gives: at or beyond ``1E+1000`` it is ``1E+1000`` (above them
    all), and one finer than the ``1E-1000`` step they are multiples of is rounded outward (up
    for a lower bound, down for an upper), so a PostgreSQL ``NUMERIC`` can hold it. Bounds at
    or below zero never get here (`_filters`): the order key is for non-negative numbers."""
    if value >= _TOP:
        return _TOP
    if value.as_tuple().exponent < -_EXPONENT_LIMIT:  # type: ignore[operator]
        rounding = ROUND_CEILING if lower else ROUND_FLOOR
        return value.quantize(_STEP, rounding=rounding, context=_BOUNDS)
    return value


def _check_decimal(value: Decimal, field: str) -> None:
    exponent = value.as_tuple().exponent
    if value < 0 or (
        value
        and not (
            -_EXPONENT_LIMIT <= value.adjusted() < _EXPONENT_LIMIT
            and isinstance(exponent, int)
            and exponent >= -_EXPONENT_LIMIT
        )
    ):
        raise ValueError(
            f"{field} {value} is outside what the SQL search index stores (0, or between "
            f"1E-{_EXPONENT_LIMIT} and 1E+{_EXPONENT_LIMIT} with at most {_EXPONENT_LIMIT} "
            "decimal places)"
        )


def storable(text: str) -> bool:
    """Whether the tables can hold ``text``: no NUL (PostgreSQL refuses it) and no lone
    surrogate (no UTF-8 for it). A filter value that is not can match no card."""
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _check_int(value: int, field: str) -> None:
    if not -_INT_LIMIT < value < _INT_LIMIT:
        raise ValueError(f"{field} {value} is outside what the SQL search index stores (±2**62)")


def _check_text(value: str, field: str, limit: int) -> None:
    if len(value) > limit or not storable(value):
        raise ValueError(
            f"{field} must be at most {limit} characters without NUL characters or lone "
            f"surrogates to be kept in the SQL search index, got {len(value)} characters"
        )


# -- analysed cards ------------------------------------------------------------------------------
def _words(text: str) -> list[str]:
    return [word[:MAX_WORD] for word in tokenize(text)]


@attrs.frozen
class _Card:
    """A card as the tables hold it: its row (without the dialect's own columns), words and
    the stamp its write carries (kept apart, in ``microjob_search_stamps``)."""

    row: dict[str, Any]
    fields: tuple[list[str], list[str], list[str]]
    stamp: int | None = None

    @property
    def vocabulary(self) -> set[str]:
        return {word for field in self.fields for word in field}


def _card(doc: SearchDocument, postgres: bool) -> _Card:
    """Check that ``doc`` fits the tables, analyse it, and lay out its row."""
    _check_text(doc.listing_id, "listing_id", 255)
    _check_text(doc.category, "category", 255)
    _check_text(doc.currency, "currency", 32)
    for field in ("delivery_days", "seller_level", "review_count", "published_at"):
        _check_int(getattr(doc, field), field)
    _check_decimal(doc.price, "price")
    if doc.stamp is not None:
        _check_int(doc.stamp, "stamp")
    if doc.rating is not None:
        _check_decimal(doc.rating, "rating")
    # The memory index analyses the same three fields the same way (tags joined by a break).
    fields = (_words(doc.title), _words(" \n ".join(doc.tags)), _words(doc.description))
    number = _exact_postgres if postgres else _decimal_key
    row: dict[str, Any] = {
        "listing_id": doc.listing_id,
        # the analyser's version too: its next fill rewrites a card analysed by an older one
        "fingerprint": hashlib.blake2b(
            f"{ANALYSER_VERSION}|{doc!r}".encode(), digest_size=16
        ).hexdigest(),
        "category": doc.category,
        "currency": doc.currency,
        "price": number(doc.price),
        "delivery_days": doc.delivery_days,
        "seller_level": doc.seller_level,
        "rating": None if doc.rating is None else number(doc.rating),
        "review_count": doc.review_count,
        "published_at": doc.published_at,
        "title_words": " ".join(fields[0]),
        "tags_words": " ".join(fields[1]),
        "description_words": " ".join(fields[2]),
    }
    if postgres:
        row["document"], size = _tsvector(fields)
        if size > _TSVECTOR_BYTES:
            raise ValueError(
                f"the card's distinct words take {size:,} bytes; a PostgreSQL tsvector holds "
                f"at most {_TSVECTOR_BYTES:,} (shorten its description, title or tags)"
            )
    return _Card(row=row, fields=fields, stamp=doc.stamp)


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsvector(fields: tuple[list[str], list[str], list[str]]) -> tuple[str, int]:
    """The card's words as a ``tsvector`` literal: positions in reading order, the title
    weighted A, the tags B and the description D, so ``ts_rank_cd`` can weigh the fields; and
    the bytes PostgreSQL will need for it (`_tsvector_size`)."""
    positions: dict[str, dict[int, str]] = {}  # word -> position -> weight, as PostgreSQL
    position = 0  # keeps them: past 16383 every position is 16383, and one of each counts
    for words, weight in zip(fields, ("A", "B", "D"), strict=True):
        for word in words:
            position += 1
            held = positions.setdefault(word, {})
            if len(held) < _POSITIONS_PER_WORD:
                held.setdefault(min(position, 16383), weight)
    literal = " ".join(
        f"{_lexeme(word)}:{','.join(f'{at}{weight}' for at, weight in held.items())}"
        for word, held in positions.items()
    )
    return literal, _tsvector_size({word: len(held) for word, held in positions.items()})


def _tsvector_size(positions: dict[str, int]) -> int:
    """What PostgreSQL counts against a ``tsvector``'s 1 MB (``uniqueentry`` in its
    ``tsvector.c``) for lexemes with that many distinct positions each: each lexeme's bytes, in
    its sort order (length, then bytes), then aligned to two bytes, a two-byte count and two
    bytes per position."""
    size = 0
    for word, count in sorted(
        ((w.encode(), n) for w, n in positions.items()), key=lambda pair: (len(pair[0]), pair[0])
    ):
        size += len(word)
        size += size & 1
        size += 2 + 2 * count
    return size


def _word_set(row: Sequence[Any]) -> set[str]:
    return {word for text in row for word in text.split()}


# -- queries --------------------------------------------------------------------------------------
def _after_prefix(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix`` (None: none)."""
    while prefix:
        code = ord(prefix[-1]) + 1
        if 0xD800 <= code <= 0xDFFF:
            code = 0xE000  # surrogates cannot be stored; skip them
        if code <= 0x10FFFF:
            return prefix[:-1] + chr(code)
        prefix = prefix[:-1]
    return None


def _fts_match(clauses: Sequence[tuple[str, ...]]) -> str:
    def phrase(word: str) -> str:
        return '"' + word.replace('"', '""') + '"'

    parts = [
        phrase(words[0]) if len(words) == 1 else "(" + " OR ".join(map(phrase, words)) + ")"
        for words in clauses
    ]
    return " OR ".join(parts)


def _tsquery(clauses: Sequence[tuple[str, ...]]) -> str:
    return " | ".join("(" + " | ".join(map(_lexeme, words)) + ")" for words in clauses)


@functools.cache
def _pyformat(sql: str) -> str:
    """``:name`` placeholders (sqlite3's) as ``%(name)s`` (psycopg's)."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)


# -- statements ----------------------------------------------------------------------------------
def _filters(query: SearchQuery, postgres: bool) -> tuple[str, dict[str, Any]]:
    """The query's filters as one SQL condition on the cards (``c``) and its parameters."""
    number = _exact_postgres if postgres else _decimal_key
    conditions: list[str] = []
    params: dict[str, Any] = {}

    def add(condition: str, name: str, value: object) -> None:
        conditions.append(condition)
        params[name] = value

    for name in ("category", "currency"):
        value = getattr(query, name)
        if value is not None:
            if not storable(value):
                return "1 = 0", {}  # no card holds it: _check_text refused it
            add(f"c.{name} = :{name}", name, value)
    # Prices are >= 0 and ratings 1 to 5, and the order key is for non-negative numbers: a
    # lower bound at or below zero holds every card (every rated one, for ratings), an upper
    # bound below zero none.
    if query.max_price is not None and query.max_price < 0:
        return "1 = 0", {}
    if query.min_price is not None and query.min_price > 0:
        add("c.price >= :min_price", "min_price", number(_bound(query.min_price, lower=True)))
    if query.max_price is not None:
        add("c.price <= :max_price", "max_price", number(_bound(query.max_price, lower=False)))
    if query.max_delivery_days is not None:
        add("c.delivery_days <= :max_days", "max_days", min(query.max_delivery_days, _INT_LIMIT))
    if query.min_seller_level is not None:
        add("c.seller_level >= :min_level", "min_level", min(query.min_seller_level, _INT_LIMIT))
    if query.min_rating is not None:
        if query.min_rating > 0:
            bound = number(_bound(query.min_rating, lower=True))
            add("c.rating >= :min_rating", "min_rating", bound)
        else:
            conditions.append("c.rating IS NOT NULL")
    return " AND ".join(conditions) or "1 = 1", params


def _matched(clauses: Sequence[tuple[str, ...]], params: dict[str, Any], postgres: bool) -> str:
    """SQL counting the clauses (query words) a card matches; adds each clause's parameter."""
    if len(clauses) == 1:
        return "1"  # every matching card matches the one clause
    parts = []
    for i, words in enumerate(clauses):
        name = f"clause{i}"
        if postgres:
            params[name] = _tsquery([words])
            parts.append(f"CAST(c.document @@ CAST(:{name} AS tsquery) AS integer)")
        else:
            params[name] = _fts_match([words])
            parts.append(f"(m.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH :{name}))")
    return "(" + " + ".join(parts) + ")"


def _ranked(
    clauses: Sequence[tuple[str, ...]], filters: str, params: dict[str, Any], postgres: bool
) -> str:
    """The cards matching any clause and passing ``filters``, each with its score (matched
    clauses plus the rank squashed into [0, 1), as [`SearchHit`][microjob.search.SearchHit] says)
    and the number of such cards; the caller adds ``ORDER BY`` and the page."""
    matched = _matched(clauses, params, postgres)
    if postgres:
        params["match"] = _tsquery(clauses)
        params["weights"] = _PG_WEIGHTS
        return (
            f"SELECT c.listing_id, {matched} + rk.r / (rk.r + 1.0) AS score, "
            f"count(*) OVER () AS total "
            f"FROM {CARDS} AS c CROSS JOIN LATERAL (SELECT CAST(ts_rank_cd("
            f"CAST(:weights AS real[]), c.document, CAST(:match AS tsquery), 1) AS float8) AS r) "
            f"AS rk WHERE c.document @@ CAST(:match AS tsquery) AND {filters}"
        )
    params["match"] = _fts_match(clauses)
    weights = ", ".join(str(w) for w in FIELD_WEIGHTS)
    return (
        f"SELECT c.listing_id, {matched} + m.r / (m.r + 1.0) AS score, "
        f"count(*) OVER () AS total "
        f"FROM (SELECT rowid AS id, -bm25({FTS}, {weights}) AS r "
        f"FROM {FTS} WHERE {FTS} MATCH :match) AS m "
        # CROSS JOIN keeps SQLite from walking the cards in a sort index and running the full
        # text query once per card: the matches are found first, then sorted.
        f"CROSS JOIN {CARDS} AS c ON c.seq = m.id WHERE {filters}"
    )


def _counted(filters: str, postgres: bool) -> str:
    """How many cards match (``:match``) and pass ``filters``, without ranking them."""
    if postgres:
        return (
            f"SELECT count(*) FROM {CARDS} AS c "
            f"WHERE c.document @@ CAST(:match AS tsquery) AND {filters}"
        )
    return (
        f"SELECT count(*) FROM {CARDS} AS c WHERE c.seq IN "
        f"(SELECT rowid FROM {FTS} WHERE {FTS} MATCH :match) AND {filters}"
    )
