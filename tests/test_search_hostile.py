"""The search index on SQLite FTS5 and PostgreSQL under hostile and unusual input (each group
failed before its fix).

Every ``SearchIndex`` must give the in-memory index's answer where the contract says so (see
``tests/test_search_contract.py``), and a query that cannot be answered must be refused with a
clear ``ValidationError``, never a driver error. The groups below:

* **Query bounds outside the prices and ratings a card can have** (negative, or of a magnitude
  beyond what the tables store): the memory index compares them exactly; SQLite encodes them
  with an order key made for non-negative numbers (``_decimal_key``), and both SQL indexes
  clamp them (``_bound``) to a positive number.
* **A page far past the end**: the memory index answers an empty page with the total; the
  SQL indexes pass the offset to the database (SQLite: ``OverflowError``; PostgreSQL: a
  ``ValidationError`` about "64-bit minor units").
* **Filter values the database cannot take** (NUL, a lone surrogate): the memory index matches
  nothing; the SQL indexes raise the driver's error.
* **A card whose ``tsvector`` exceeds PostgreSQL's 1 MB**: refused with the driver's error
  rather than the documented ``ValueError``.
* **Words with combining marks** (Devanagari, Bengali, Tamil, Thai, vocalised Hebrew and
  Arabic, Cyrillic with a stress mark): the shared analyser cuts them at every mark, so a
  query matches any card sharing one letter.
* **Rebuild after the search tables were edited in the database**: a card indexed for a
  listing that does not exist, a row whose columns no longer match the card, a lost word
  count. ``rebuild_search_index`` leaves all three.

What held is kept as guarantees: query text in FTS5 or tsquery syntax, and the same answers
from the three engines for text in many scripts.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from microjob import Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingNotifier, RecordingPublisher
from microjob.adapters.sql import SqlSearchIndex, SqlStore
from microjob.errors import ValidationError
from microjob.search import (
    MAX_PER_PAGE,
    InMemorySearchIndex,
    SearchIndex,
    SearchPage,
    SearchQuery,
    tokenize,
)
from tests.pg import Schema, pg_url
from tests.test_search import card
from tests.test_search_contract import pg_store, sqlite_store

__all__ = ["pg_store", "pg_url", "sqlite_store"]

ENGINES = ["memory", "sqlite", "postgres"]


# --------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------


def _fresh(request: pytest.FixtureRequest, name: str) -> SearchIndex:
    if name == "memory":
        return InMemorySearchIndex()
    store: SqlStore = request.getfixturevalue(f"{'pg' if name == 'postgres' else name}_store")
    index = store.search_index()
    index.clear()
    return index


@pytest.fixture(params=ENGINES)
def empty(request: pytest.FixtureRequest) -> SearchIndex:
    return _fresh(request, request.param)


@pytest.fixture(params=["sqlite", "postgres"])
def sql(request: pytest.FixtureRequest) -> SqlSearchIndex:
    index = _fresh(request, request.param)
    assert isinstance(index, SqlSearchIndex)
    return index


def ids(page: SearchPage) -> list[str]:
    return [hit.listing_id for hit in page.hits]


def answer(index: SearchIndex, query: SearchQuery) -> tuple[int, list[str]]:
    page = index.search(query)
    return page.total, ids(page)


PRICED = [
    card("free", "Logo design", price="0"),
    card("cheap", "Logo design", price="2", rating="3"),
    card("mid", "Logo design", price="10", rating="4.5"),
    card("top", "Logo design", price="100", rating="5"),
]


@pytest.fixture
def priced(empty: SearchIndex) -> tuple[SearchIndex, InMemorySearchIndex]:
    reference = InMemorySearchIndex()
    for doc in PRICED:
        empty.index(doc)
        reference.index(doc)
    return empty, reference


# --------------------------------------------------------------------------------------------
# Query bounds outside the prices and ratings a card can have
# --------------------------------------------------------------------------------------------

BOUNDS = {
    # SQLite: the order key of -5 is the key of +5, so "at least -5" reads "at least 5".
    "min_price=-5": {"currency": "USD", "min_price": Decimal(-5)},
    "max_price=-1": {"currency": "USD", "max_price": Decimal(-1)},
    "min_rating=-4": {"min_rating": Decimal(-4)},
    # Both: _bound moves any bound of magnitude beyond 10**1000 to +10**1000 (or +10**-1001),
    # whatever its sign.
    "min_price=-1E+5000": {"currency": "USD", "min_price": Decimal("-1E+5000")},
    "min_price=-1E-5000": {"currency": "USD", "min_price": Decimal("-1E-5000")},
    "max_price=-1E-5000": {"currency": "USD", "max_price": Decimal("-1E-5000")},
    # PostgreSQL: NUMERIC keeps at most 16383 digits after the point ("value overflows").
    "min_price=1.0…01": {"currency": "USD", "min_price": Decimal("1." + "0" * 17000 + "1")},
}


class TestBoundsOutsideTheCards:
    """SQLite read a negative bound as its magnitude; both clamped tiny and huge bounds to a
    positive number; PostgreSQL refused a bound with 17,000 decimals."""

    @pytest.mark.parametrize("filters", list(BOUNDS.values()), ids=list(BOUNDS))
    def test_bounds_compare_as_the_numbers_do(
        self, priced: tuple[SearchIndex, InMemorySearchIndex], filters: dict[str, object]
    ) -> None:
        index, reference = priced
        query = SearchQuery(**filters)  # type: ignore[arg-type]
        assert answer(index, query) == answer(reference, query)

    def test_the_memory_answers_are_the_plain_comparisons(
        self, priced: tuple[SearchIndex, InMemorySearchIndex]
    ) -> None:
        _, reference = priced
        every = ["cheap", "free", "mid", "top"]
        assert answer(reference, SearchQuery(**BOUNDS["min_price=-5"])) == (4, every)  # type: ignore[arg-type]
        assert answer(reference, SearchQuery(**BOUNDS["max_price=-1"])) == (0, [])  # type: ignore[arg-type]
        assert answer(reference, SearchQuery(**BOUNDS["min_rating=-4"])) == (  # type: ignore[arg-type]
            3,
            ["cheap", "mid", "top"],
        )


@pytest.fixture(params=["sqlite", "postgres"])
def market(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Marketplace]:
    """A marketplace searching the database's own index, with two users."""
    if request.param == "sqlite":
        url, options, schema = f"sqlite:///{tmp_path / 'market.db'}", {}, None
    else:
        schema = Schema(request.getfixturevalue("pg_url"))
        url, options = schema.url, dict(schema.options)
    store = SqlStore(url, **options)
    built = Marketplace(
        uow=store.unit_of_work,
        clock=FrozenClock(),
        policy=presets.fiverr_like(),
        gateway=FakeGateway(),
        notifier=RecordingNotifier(),
        publisher=RecordingPublisher(),
        search_index=store.search_index(),
    )
    built.store = store
    for user in ("ann", "bea"):
        built.users.register(user, name=user.title(), email=f"{user}@example.org")
    built.listings.search("")  # from now on the marketplace keeps the shared index in step
    yield built
    store.close()
    if schema is not None:
        schema.drop()


def _publish(market: Marketplace, title: str, price: str = "40", seller: str = "ann") -> str:
    listing = market.listings.create(
        actor=seller,
        title=title,
        description="Made to order.",
        category="design",
        price=price,
        delivery_days=3,
        submit=True,
    )
    return listing.id


def test_a_negative_min_price_from_the_catalogue_excludes_nothing(market: Marketplace) -> None:
    """Before, on SQLite: ``listings.search`` accepts ``min_price="-5"`` (an amount like
    any other) and the card priced 4 is left out, as if the bound were +5."""
    card_id = _publish(market, "Minimalist logo design", price="4")
    found = market.listings.search("logo", min_price="-5")
    assert [listing.id for listing in found.listings] == [card_id]
    assert found.total == 1


# --------------------------------------------------------------------------------------------
# Paging far past the end
# --------------------------------------------------------------------------------------------


class TestPageFarPastTheEnd:
    """Before, SQLite raises ``OverflowError`` (the offset does not fit an INTEGER),
    PostgreSQL a ``ValidationError`` saying a value is beyond "64-bit minor units". The
    contract: a page past the end is empty but still reports the total."""

    @pytest.mark.parametrize("page", [2**62, 2**70], ids=["2**62", "2**70"])
    @pytest.mark.parametrize("text", ["logo", "logo design", ""])
    def test_is_empty_and_reports_the_total(
        self, priced: tuple[SearchIndex, InMemorySearchIndex], text: str, page: int
    ) -> None:
        index, _ = priced
        found = index.search(SearchQuery(text=text, page=page, per_page=MAX_PER_PAGE))
        assert found.hits == ()
        assert found.total == 4
        assert found.page == page


# --------------------------------------------------------------------------------------------
# Filter values the database cannot take
# --------------------------------------------------------------------------------------------

ODD_FILTERS = {
    "category with NUL": {"category": "design\x00"},
    "currency with NUL": {"currency": "US\x00D"},
    "category with a lone surrogate": {"category": "design\ud800"},
    "currency with a lone surrogate": {"currency": "US\udfffD"},
}


class TestFilterValuesTheDatabaseCannotTake:
    """Before, PostgreSQL raises psycopg's ``DataError`` for a NUL; both SQL indexes
    raise ``UnicodeEncodeError`` for a lone surrogate. No card can hold such a value (the SQL
    index refuses a NUL in a card; a surrogate cannot be stored), so the answer is no card —
    or, at worst, a ``ValidationError`` naming the filter."""

    @pytest.mark.parametrize("text", ["", "logo"])
    @pytest.mark.parametrize("filters", list(ODD_FILTERS.values()), ids=list(ODD_FILTERS))
    def test_matches_nothing_or_is_refused_clearly(
        self,
        priced: tuple[SearchIndex, InMemorySearchIndex],
        filters: dict[str, object],
        text: str,
    ) -> None:
        index, _ = priced
        query = SearchQuery(text=text, **filters)  # type: ignore[arg-type]
        try:
            found = index.search(query)
        except ValidationError:
            return
        assert (found.total, found.hits) == (0, ())


# --------------------------------------------------------------------------------------------
# A card too large for PostgreSQL's tsvector
# --------------------------------------------------------------------------------------------


def test_a_card_too_large_for_the_index_is_refused_with_a_value_error(sql: SqlSearchIndex) -> None:
    """Before, on PostgreSQL: ``psycopg.errors.ProgramLimitExceeded`` ("string is too
    long for tsvector", the limit is 1 MB) instead of the documented ``ValueError``. SQLite
    and memory index the card."""
    sql.index(card("kept", "Logo design"))
    huge = card("huge", "Logo", " ".join(f"w{n}" for n in range(150_000)))
    try:
        sql.index(huge)
    except ValueError:
        assert "huge" not in sql
    else:
        assert ids(sql.search(SearchQuery(text="w149999"))) == ["huge"]
    assert ids(sql.search(SearchQuery(text="design"))) == ["kept"]


# --------------------------------------------------------------------------------------------
# Words with combining marks
# --------------------------------------------------------------------------------------------

MARKED_WORDS = {
    "devanagari": "हिन्दी",
    "devanagari nukta": "डिज़ाइन",
    "bengali": "ডিজাইন",
    "tamil": "வடிவமைப்பு",
    "thai": "ที่ดี",
    "hebrew with points": "שָׁלוֹם",
    "arabic with vowels": "مُصَمِّم",
    "cyrillic with a stress mark": "заме\u0301тка",
}


class TestWordsWithCombiningMarks:
    """Before, on every engine: ``_fold_word`` (``microjob/search/text.py``) keeps marks
    after non-Latin, non-Greek letters and then splits the word with ``[^\\W_]+``, which
    does not match marks, so "हिन्दी" becomes the words "ह", "न", "द"."""

    @pytest.mark.parametrize("word", list(MARKED_WORDS.values()), ids=list(MARKED_WORDS))
    def test_a_word_with_marks_stays_one_word(self, word: str) -> None:
        assert len(tokenize(word)) == 1, tokenize(word)

    def test_a_hindi_query_does_not_match_cards_sharing_a_letter(self, empty: SearchIndex) -> None:
        empty.index(card("hindi", "हिन्दी अनुवाद"))  # Hindi translation
        empty.index(card("river", "नदी किनारे फोटोग्राफी"))  # riverside photography
        empty.index(card("graphic", "ग्राफिक डिज़ाइन"))  # graphic design
        assert ids(empty.search(SearchQuery(text="हिन्दी"))) == ["hindi"]
        assert ids(empty.search(SearchQuery(text="डिज़ाइन"))) == ["graphic"]

    def test_a_thai_query_does_not_match_cards_sharing_a_letter(self, empty: SearchIndex) -> None:
        empty.index(card("good", "บริการที่ดี"))  # a good service
        empty.index(card("other", "ท ด"))
        assert ids(empty.search(SearchQuery(text="บริการที่ดี"))) == ["good"]


# --------------------------------------------------------------------------------------------
# Rebuild after the search tables were edited in the database
# --------------------------------------------------------------------------------------------


def _shared(market: Marketplace) -> SqlSearchIndex:
    index = market.listings.index.search_index
    assert isinstance(index, SqlSearchIndex)
    return index


def _sql(market: Marketplace, statement: str, **params: object) -> None:
    import sqlalchemy as sa

    with market.store.engine.begin() as conn:
        conn.execute(sa.text(statement), params)


class TestRebuildRepairsTheTables:
    """``rebuild_search_index`` is the documented way to bring the shared index back in line
    with the store ("searches and their totals agree with the store"). Before, it
    re-indexes each published card through ``index()``, which skips a card whose stored
    fingerprint and stamp equal the document's without looking at the row, never recounts
    ``microjob_search_words``, and removes only cards whose listing is stored and not
    published."""

    def test_a_card_of_no_stored_listing_is_dropped(self, market: Marketplace) -> None:
        real = _publish(market, "Minimalist logo design")
        _shared(market).index(card("ghost", "Logo design"))  # no such listing in the store
        market.listings.rebuild_search_index()
        found = market.listings.search("logo")
        assert [listing.id for listing in found.listings] == [real]
        assert found.total == 1
        assert "ghost" not in _shared(market)

    def test_a_row_edited_in_the_database_is_written_again(self, market: Marketplace) -> None:
        real = _publish(market, "Minimalist logo design")
        _sql(
            market,
            "UPDATE microjob_search_cards SET category = 'video', title_words = 'mascot' "
            "WHERE listing_id = :id",
            id=real,
        )
        market.listings.rebuild_search_index()
        assert [x.id for x in market.listings.search("minimalist").listings] == [real]
        assert [x.id for x in market.listings.search("", category="design").listings] == [real]
        assert market.listings.search("mascot").total == 0

    def test_a_lost_word_count_is_counted_again(self, market: Marketplace) -> None:
        real = _publish(market, "Minimalist logo design")
        _sql(market, "DELETE FROM microjob_search_words WHERE word = 'minimalist'")
        assert market.listings.search("minimalist").total == 0  # the word reads as unknown
        market.listings.rebuild_search_index()
        assert [x.id for x in market.listings.search("minimalist").listings] == [real]


# --------------------------------------------------------------------------------------------
# What held (guarantees worth keeping; these pass)
# --------------------------------------------------------------------------------------------

SYNTAX = [
    '"logo',
    'logo"',
    "logo*",
    "-logo",
    "^logo",
    "NEAR(logo design)",
    "logo AND design",
    "logo OR NOT design",
    "title_words:logo",
    "{title_words}: logo",
    "(logo",
    "logo)",
    "logo & !design | 'x'",
    "logo:*",
    "logo <-> design",
    "\\logo\\",
    "lo\x00go",
    "\x01\x1f\x7f",
    "logo\u200bdesign",
    "*",
    ":",
    "''",
    "-",
    "!!!",
    "the and of",
    "logo " * 5000,
]


class TestQuerySyntaxIsJustText:
    """Holds: query text reaches FTS5 and PostgreSQL only as the analyser's words, quoted."""

    @pytest.mark.parametrize("text", SYNTAX, ids=[repr(t[:20]) for t in SYNTAX])
    def test_same_answer_as_memory(self, empty: SearchIndex, text: str) -> None:
        reference = InMemorySearchIndex()
        docs = [
            card("a", "Logo design", tags=["brand"]),
            card("b", "Design and print", "title words only"),
            card("c", "Near the logo"),
        ]
        for doc in docs:
            empty.index(doc)
            reference.index(doc)
        query = SearchQuery(text=text, per_page=MAX_PER_PAGE)
        got, want = empty.search(query), reference.search(query)
        assert got.total == want.total
        assert sorted((int(h.score), h.listing_id) for h in got.hits) == sorted(
            (int(h.score), h.listing_id) for h in want.hits
        )


SCRIPTS = [
    "Straße strasse",
    "İstanbul ISTANBUL ıstanbul",
    "café cafe\u0301 CAFÉ",
    "ＬＯＧＯ logo",
    "标志设计 标志",
    "Йога йога иога",
    "Ελληνικά ελληνικα",
    "ǅemal ǆemal",
    "ﬁne fine",
    "👍🏽 logo",
]


def test_scripts_get_the_same_answers_on_every_engine(empty: SearchIndex) -> None:
    """Holds: cards and queries in many scripts and Unicode forms match alike everywhere."""
    reference = InMemorySearchIndex()
    docs = [
        card(f"s{n:02d}", text, SCRIPTS[(n + 3) % len(SCRIPTS)]) for n, text in enumerate(SCRIPTS)
    ]
    for doc in docs:
        empty.index(doc)
        reference.index(doc)
    for text in [w for line in SCRIPTS for w in line.split()] + [w[:3] for w in SCRIPTS]:
        query = SearchQuery(text=text, per_page=MAX_PER_PAGE)
        got, want = empty.search(query), reference.search(query)
        assert got.total == want.total, text
        assert {(int(h.score), h.listing_id) for h in got.hits} == {
            (int(h.score), h.listing_id) for h in want.hits
        }, text


def test_an_edited_card_keeps_no_stale_words_for_completion(empty: SearchIndex) -> None:
    """Holds: re-publishing with new words drops the old ones from completion too."""
    empty.index(card("x", "Logotype"))
    empty.index(card("x", "Mascot"))
    assert empty.search(SearchQuery(text="logot")).total == 0
    assert ids(empty.search(SearchQuery(text="masc"))) == ["x"]


# --------------------------------------------------------------------------------------------
# PostgreSQL's tsvector limit, counted as the server counts it
# --------------------------------------------------------------------------------------------


def _sized(target: int) -> tuple[list[str], list[str], list[str]]:
    """Description words whose tsvector takes exactly ``target`` bytes (even: every lexeme
    leaves the size even) by PostgreSQL's count: distinct 8-letter words, one position each,
    take 8 + 2 + 2 bytes; one more word of even length makes up the rest."""
    count, rest = divmod(target - 4, 12)
    count -= 1
    rest += 12
    assert rest % 2 == 0
    return [], [], [f"x{n:07d}" for n in range(count)] + ["y" * rest]


@pytest.mark.parametrize("over", [-1, 1])
def test_the_tsvector_size_is_what_postgresql_counts(pg_store: SqlStore, over: int) -> None:
    """`_card` refuses a card just over PostgreSQL's limit, and a card just under it is taken
    by the server (sizes are even, the limit odd): the size is counted as ``tsvector.c``
    counts it (each lexeme aligned, with its positions), not as the words' bytes."""
    import sqlalchemy as sa

    from microjob.adapters.sql.search_sql import _TSVECTOR_BYTES, _tsvector

    fields = _sized(_TSVECTOR_BYTES + over)
    literal, size = _tsvector(fields)
    assert size == _TSVECTOR_BYTES + over
    with pg_store.engine.connect() as conn:
        if over > 0:
            with pytest.raises(sa.exc.DBAPIError, match="too long for tsvector"):
                conn.execute(sa.text("SELECT CAST(:v AS tsvector)"), {"v": literal})
        else:
            conn.execute(sa.text("SELECT CAST(:v AS tsvector)"), {"v": literal})
    index = pg_store.search_index()
    index.clear()
    doc = card("sized", "", " ".join(fields[2]))
    if over > 0:
        with pytest.raises(ValueError, match="tsvector holds at most 1,048,575"):
            index.index(doc)
        assert "sized" not in index
    else:
        index.index(doc)
        assert "sized" in index


# --------------------------------------------------------------------------------------------
# An index analysed by an older analyser
# --------------------------------------------------------------------------------------------


def test_a_card_analysed_before_marks_stayed_in_words_is_written_again_on_the_next_fill(
    sql: SqlSearchIndex,
) -> None:
    """A database indexed before words kept their marks holds "हिन्दी" as "ह न द", under a
    fingerprint of the document alone. Indexing the same document again (what every process
    does when it first fills the shared index) must rewrite it: the fingerprint includes the
    analyser's version."""
    import hashlib

    import sqlalchemy as sa

    doc = card("hindi", "हिन्दी अनुवाद")
    sql.index(doc)
    with sql.store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE microjob_search_cards SET title_words = 'ह न द', fingerprint = :f "
                "WHERE listing_id = 'hindi'"
            ),
            {"f": hashlib.blake2b(repr(doc).encode(), digest_size=16).hexdigest()},
        )
    sql.index(doc)
    assert ids(sql.search(SearchQuery(text="हिन्दी"))) == ["hindi"]
    assert ids(sql.search(SearchQuery(text="ह"))) == []
