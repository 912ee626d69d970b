"""The search contract, run against every ``SearchIndex``: memory, SQLite FTS5 and PostgreSQL.

Whatever engine answers, a buyer must get the same cards: the same matches (so the same
``total``), the same number of matched query words per card, the same filters, the same price,
rating and newest orders and the same paging. Only the order *inside* a relevance tier (cards
matching equally many words) may differ, because each engine computes its own BM25-like rank;
where ``tests/test_search.py`` pins such an order for the memory index, the contract asks for
the set. The property tests replay random edits and queries and compare each page with the
naive reference matcher of ``tests/test_search.py``.

The end of the file holds what only the SQL indexes have: exact decimals in SQLite, refusals,
the FTS5 index as derived data, and several processes sharing one index.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microjob import Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingNotifier, RecordingPublisher
from microjob.adapters.sql import SqlSearchIndex, SqlStore, alembic_config
from microjob.adapters.sql.search_sql import _decimal_key
from microjob.search import (
    MAX_PER_PAGE,
    InMemorySearchIndex,
    SearchDocument,
    SearchHit,
    SearchIndex,
    SearchPage,
    SearchQuery,
    SortBy,
)
from tests.pg import Schema, pg_url
from tests.test_search import (
    CATALOGUE,
    card,
    check_page,
    ids,
    live_documents,
    operations,
    phrases,
    queries,
    query_texts,
)

__all__ = ["pg_url"]

ENGINES = ["memory", "sqlite", "postgres"]
# Every SQL write is a transaction, so the SQL engines replay fewer random histories.
STORES = {"sqlite": "sqlite_store", "postgres": "pg_store"}
EXAMPLES = {"memory": 150, "sqlite": 60, "postgres": 40}


@attrs.define
class Engine:
    """Makes empty indexes of one kind (the SQL ones share a database, emptied each time)."""

    name: str
    store: SqlStore | None = None

    def fresh(self) -> SearchIndex:
        if self.store is None:
            return InMemorySearchIndex()
        index = self.store.search_index()
        index.clear()
        return index


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlStore]:
    path = tmp_path_factory.mktemp("search") / "search.db"
    store = SqlStore(f"sqlite:///{path}", synchronous="NORMAL")
    yield store
    store.close()


@pytest.fixture(scope="module")
def pg_store(pg_url: str) -> Iterator[SqlStore]:
    schema = Schema(pg_url)
    store = SqlStore(schema.url, **schema.options)
    yield store
    store.close()
    schema.drop()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "memory":
        return Engine("memory")
    return Engine(request.param, request.getfixturevalue(STORES[request.param]))


@pytest.fixture
def index(engine: Engine) -> SearchIndex:
    built = engine.fresh()
    for doc in CATALOGUE:
        built.index(doc)
    return built


def search(index: SearchIndex, text: str = "", **filters: object) -> SearchPage:
    return index.search(SearchQuery(text=text, **filters))  # type: ignore[arg-type]


def apply(index: SearchIndex, ops: list[SearchDocument | tuple[str, str]]) -> None:
    for op in ops:
        if isinstance(op, SearchDocument):
            index.index(op)
        else:
            index.remove(op[1])


# --------------------------------------------------------------------------------------------
# The fixed catalogue
# --------------------------------------------------------------------------------------------


class TestRelevance:
    def test_title_match_beats_description_only_match(self, index: SearchIndex) -> None:
        ranking = ids(search(index, "logo"))
        for in_title in ("c01", "c13", "c17", "c27"):
            for description_only in ("c02", "c10"):
                assert ranking.index(in_title) < ranking.index(description_only)

    def test_all_words_beat_some_words(self, index: SearchIndex) -> None:
        ranking = ids(search(index, "logo animation"))
        assert ranking[0] == "c13"  # the only card with both words
        assert set(ranking) >= {"c01", "c09", "c13", "c17"}

    def test_score_counts_matched_words_then_rank(self, index: SearchIndex) -> None:
        hits = search(index, "logo animation").hits
        assert 2 < hits[0].score < 3
        assert all(1 < hit.score < 2 for hit in hits[1:])
        scores = [hit.score for hit in hits]
        assert scores == sorted(scores, reverse=True)

    def test_accents_and_case_are_ignored(self, index: SearchIndex) -> None:
        assert ids(search(index, "GRAFIKUS TERVEZES"))[0] == "c03"
        assert ids(search(index, "grafikus tervezés"))[0] == "c03"
        assert "c04" in ids(search(index, "DISENO"))
        assert "c03" in ids(search(index, "logo"))  # "logó"
        assert ids(search(index, "strassenfotografie")) == ["c07"]
        assert ids(search(index, "ПЕРЕВОД")) == ["c16"]

    def test_last_word_is_completed_as_a_prefix(self, index: SearchIndex) -> None:
        ranking = ids(search(index, "logo desi"))
        assert set(ranking[:2]) == {"c17", "c01"}  # "logo" and "design" in the title

    def test_a_known_last_word_is_not_expanded(self, index: SearchIndex) -> None:
        assert ids(search(index, "web")) == ["c26"]  # not "website", "webseite", "weboldal"
        assert set(ids(search(index, "webs"))) == {"c02", "c06", "c10", "c20"}

    def test_unknown_words_match_nothing(self, index: SearchIndex) -> None:
        page = search(index, "blockchain zzz")
        assert page.hits == ()
        assert page.total == 0

    def test_stop_words_only_is_a_browse(self, index: SearchIndex) -> None:
        assert search(index, "the and for").total == len(CATALOGUE)

    def test_relevance_ties_are_broken_by_listing_id(self, engine: Engine) -> None:
        twins = engine.fresh()
        for listing_id in ("b", "c", "a"):
            twins.index(card(listing_id, "Logo design"))
        page = search(twins, "logo")
        assert ids(page) == ["a", "b", "c"]
        assert len({hit.score for hit in page.hits}) == 1

    def test_result_does_not_depend_on_insertion_order(self, engine: Engine) -> None:
        forwards = engine.fresh()
        for doc in CATALOGUE:
            forwards.index(doc)
        answers = [search(forwards, t) for t in ("logo", "logo animation", "traduccion", "")]
        backwards = engine.fresh()
        for doc in reversed(CATALOGUE):
            backwards.index(doc)
        again = [search(backwards, t) for t in ("logo", "logo animation", "traduccion", "")]
        assert again == answers


class TestFilters:
    def test_category(self, index: SearchIndex) -> None:
        assert ids(search(index, "logo", category="video")) == ["c13"]
        assert search(index, category="writing").total == 6

    def test_price_range_within_a_currency(self, index: SearchIndex) -> None:
        page = search(
            index, currency="USD", min_price=Decimal("20"), max_price=Decimal("50"), per_page=50
        )
        assert sorted(ids(page)) == ["c01", "c06", "c13", "c14", "c16", "c17", "c22", "c27", "c28"]

    def test_price_bounds_are_inclusive_and_exact(self, index: SearchIndex) -> None:
        page = search(index, currency="USD", min_price=Decimal("50.00"), max_price=Decimal(50))
        assert sorted(ids(page)) == ["c01", "c27"]
        assert search(index, currency="USD", min_price=Decimal("50.000000001")).total == 9

    def test_bounds_far_outside_any_price(self, index: SearchIndex) -> None:
        dollars = search(index, currency="USD").total
        assert search(index, currency="USD", max_price=Decimal("1E+5000")).total == dollars
        assert search(index, currency="USD", min_price=Decimal("1E+5000")).total == 0
        assert search(index, currency="USD", min_price=Decimal("1E-5000")).total == dollars
        assert search(index, currency="USD", max_price=Decimal("1E-5000")).total == 0
        assert search(index, max_delivery_days=2**70).total == 30
        assert search(index, min_seller_level=2**70).total == 0

    def test_currency_alone_and_case_insensitive(self, index: SearchIndex) -> None:
        assert sorted(ids(search(index, currency="huf"))) == ["c03", "c11", "c23"]

    def test_max_delivery_days(self, index: SearchIndex) -> None:
        assert sorted(ids(search(index, max_delivery_days=1))) == ["c17", "c30"]

    def test_min_seller_level(self, index: SearchIndex) -> None:
        assert sorted(ids(search(index, min_seller_level=3))) == ["c10", "c15", "c24"]

    def test_min_rating_excludes_unrated_cards(self, index: SearchIndex) -> None:
        page = search(index, min_rating=Decimal("4.9"), per_page=50)
        assert sorted(ids(page)) == [
            "c01",
            "c05",
            "c09",
            "c10",
            "c15",
            "c16",
            "c18",
            "c21",
            "c24",
            "c27",
        ]
        assert "c04" not in ids(search(index, min_rating=Decimal(1), per_page=50))

    def test_filters_combine(self, index: SearchIndex) -> None:
        page = search(
            index,
            "logo",
            currency="USD",
            max_price=Decimal(50),
            max_delivery_days=3,
            min_rating=Decimal("4.5"),
        )
        assert sorted(ids(page)) == ["c01", "c13"]

    def test_unknown_category_matches_nothing(self, index: SearchIndex) -> None:
        assert search(index, "logo", category="nope").total == 0


class TestSorting:
    def test_price_ascending_with_listing_id_ties(self, index: SearchIndex) -> None:
        page = search(index, "logo", sort=SortBy.PRICE_ASC, currency="USD")
        assert ids(page) == ["c17", "c13", "c01", "c27", "c10", "c02"]

    def test_price_descending_with_listing_id_ties(self, index: SearchIndex) -> None:
        page = search(index, "logo", sort=SortBy.PRICE_DESC, currency="USD")
        assert ids(page) == ["c02", "c10", "c01", "c27", "c13", "c17"]

    def test_sorted_hits_still_carry_relevance_scores(self, index: SearchIndex) -> None:
        page = search(index, "logo", sort=SortBy.PRICE_ASC, currency="USD")
        assert all(1 < hit.score < 2 for hit in page.hits)

    def test_rating_best_first_then_reviews_then_unrated(self, index: SearchIndex) -> None:
        ranking = ids(search(index, category="graphics-design", sort=SortBy.RATING))
        assert ranking == ["c01", "c27", "c18", "c21", "c03", "c19", "c17", "c14", "c04"]

    def test_newest_first(self, index: SearchIndex) -> None:
        assert ids(search(index, "wordpress", sort=SortBy.NEWEST)) == ["c23", "c20", "c02"]

    def test_browse_relevance_orders_by_listing_id(self, index: SearchIndex) -> None:
        page = search(index, per_page=5)
        assert ids(page) == ["c01", "c02", "c03", "c04", "c05"]
        assert {hit.score for hit in page.hits} == {0.0}

    def test_listing_ids_order_by_code_point(self, engine: Engine) -> None:
        catalogue = engine.fresh()
        for listing_id in ("b", "B", "a", "é", "Z", "á"):
            catalogue.index(card(listing_id, "Logo"))
        assert ids(search(catalogue)) == sorted(["b", "B", "a", "é", "Z", "á"])
        assert ids(search(catalogue, "logo")) == sorted(["b", "B", "a", "é", "Z", "á"])


class TestPaging:
    def test_total_and_pages(self, index: SearchIndex) -> None:
        page = search(index, per_page=7)
        assert (page.total, page.pages, len(page.hits)) == (30, 5, 7)

    def test_last_page_is_partial(self, index: SearchIndex) -> None:
        assert ids(search(index, per_page=7, page=5)) == ["c29", "c30"]

    @pytest.mark.parametrize("text", ["logo", "", "logo animation"])
    def test_page_beyond_the_end_is_empty(self, index: SearchIndex, text: str) -> None:
        page = search(index, text, page=99)
        assert page.hits == ()
        assert page.total == search(index, text).total > 0
        assert page.page == 99

    def test_no_results_has_no_pages(self, index: SearchIndex) -> None:
        assert search(index, "zzz").pages == 0

    @pytest.mark.parametrize("text", ["logo", "logo animation design", ""])
    def test_pages_concatenate_to_the_full_ranking(self, index: SearchIndex, text: str) -> None:
        full = search(index, text, per_page=MAX_PER_PAGE)
        pieces: list[str] = []
        for number in range(1, full.total + 1):
            pieces += ids(search(index, text, per_page=1, page=number))
        assert pieces == ids(full)


class TestWrites:
    def test_replacing_a_card_forgets_its_old_words(self, index: SearchIndex) -> None:
        index.index(card("c01", "Wedding photography", "Full day coverage."))
        assert "c01" not in ids(search(index, "minimalist"))
        assert "c01" in ids(search(index, "wedding"))
        assert search(index).total == 30

    def test_replacing_a_card_moves_it_between_filters(self, index: SearchIndex) -> None:
        index.index(card("c01", "Logo", category="video", price="999", rating="1.0"))
        assert "c01" not in ids(search(index, category="graphics-design", per_page=50))
        assert "c01" in ids(search(index, category="video"))
        assert ids(search(index, currency="USD", sort=SortBy.PRICE_DESC))[0] == "c01"
        assert ids(search(index, min_rating=Decimal("4.9"), per_page=50)).count("c01") == 0

    def test_indexing_an_identical_card_changes_nothing(self, index: SearchIndex) -> None:
        before = search(index, "logo")
        index.index(CATALOGUE[0])
        assert search(index, "logo") == before

    def test_remove(self, index: SearchIndex) -> None:
        index.remove("c13")
        assert "c13" not in ids(search(index, "animation"))
        assert search(index, per_page=50).total == 29

    def test_removing_an_unknown_card_is_a_no_op(self, index: SearchIndex) -> None:
        index.remove("nope")
        index.remove("c13")
        index.remove("c13")
        assert search(index).total == 29

    def test_a_removed_card_can_come_back(self, index: SearchIndex) -> None:
        index.remove("c05")
        index.index(card("new", "Fresh logo concept"))
        assert "new" in ids(search(index, "logo"))
        assert search(index, "ubersetzung").total == 0
        index.index(CATALOGUE[4])
        assert ids(search(index, "ubersetzung")) == ["c05"]

    def test_removing_the_last_card_with_a_word_drops_the_word(self, index: SearchIndex) -> None:
        index.remove("c07")
        assert search(index, "strassenfotografie").total == 0
        assert search(index, "strassenfoto").total == 0  # no completion left either

    def test_usable_through_the_search_index_port(self, engine: Engine) -> None:
        port = engine.fresh()
        port.index(CATALOGUE[0])
        assert ids(port.search(SearchQuery(text="logo"))) == ["c01"]
        port.remove("c01")
        assert port.search(SearchQuery()).total == 0


def stamped(doc: SearchDocument, stamp: int) -> SearchDocument:
    return attrs.evolve(doc, stamp=stamp)


def titled(listing_id: str, word: str, stamp: int | None) -> SearchDocument:
    return attrs.evolve(card(listing_id, f"{word} logo"), stamp=stamp)


class TestStampedWrites:
    """Writes of one card landing out of order (several processes applying their updates to
    one index after commit): the highest stamp wins, a removal's included."""

    def test_an_older_document_after_a_newer_one_is_ignored(self, engine: Engine) -> None:
        index = engine.fresh()
        index.index(titled("s1", "newer", 6))
        index.index(titled("s1", "older", 5))
        assert ids(search(index, "newer")) == ["s1"]
        assert search(index, "older").total == 0

    def test_an_older_document_after_a_removal_does_not_bring_the_card_back(
        self, engine: Engine
    ) -> None:
        index = engine.fresh()
        index.index(titled("s1", "first", 4))
        index.remove("s1", 6)
        index.index(titled("s1", "late", 5))
        assert search(index, "logo").total == 0
        index.index(titled("s1", "again", 7))  # a newer one does
        assert ids(search(index, "logo")) == ["s1"]

    def test_a_removal_of_a_card_never_indexed_still_outranks_older_documents(
        self, engine: Engine
    ) -> None:
        index = engine.fresh()
        index.remove("s1", 3)
        index.index(titled("s1", "late", 2))
        assert search(index, "logo").total == 0
        index.index(titled("s1", "equal", 3))  # a document wins a tie with a removal
        assert ids(search(index, "equal")) == ["s1"]

    def test_an_older_removal_after_a_newer_document_is_ignored(self, engine: Engine) -> None:
        index = engine.fresh()
        index.index(titled("s1", "kept", 5))
        index.remove("s1", 4)
        index.remove("s1", 5)  # a removal needs a greater stamp than the document's
        assert ids(search(index, "kept")) == ["s1"]

    def test_a_newer_stamp_on_the_same_document_is_kept(self, engine: Engine) -> None:
        """Unchanged content may come with a higher stamp (the seller's level record changed,
        say); the higher stamp must be kept, or a document stamped in between would win."""
        index = engine.fresh()
        index.index(titled("s1", "same", 3))
        index.index(titled("s1", "same", 9))
        index.index(titled("s1", "between", 6))
        assert ids(search(index, "same")) == ["s1"]
        assert search(index, "between").total == 0

    def test_unstamped_writes_apply_and_forget_the_stamp(self, engine: Engine) -> None:
        index = engine.fresh()
        index.index(titled("s1", "stamped", 9))
        index.index(titled("s1", "plain", None))
        assert ids(search(index, "plain")) == ["s1"]
        index.index(titled("s1", "low", 1))  # no stamp kept any more: any stamp applies
        assert ids(search(index, "low")) == ["s1"]
        index.remove("s1", 5)
        index.remove("s1")  # an unstamped removal of a removed card is a no-op
        index.index(titled("s1", "back", 2))
        assert ids(search(index, "back")) == ["s1"]

    def test_stamps_are_not_part_of_the_card(self, engine: Engine) -> None:
        index = engine.fresh()
        assert titled("s1", "same", 1) == titled("s1", "same", 2)
        assert repr(titled("s1", "same", 1)) == repr(titled("s1", "same", None))
        index.index(titled("s1", "same", 2))
        index.index(titled("s1", "same", 2))
        assert ids(search(index, "same")) == ["s1"]

    def test_stamps_must_be_whole_and_not_negative(self) -> None:
        with pytest.raises(ValueError, match="stamp"):
            titled("s1", "bad", -1)
        with pytest.raises(TypeError, match="stamp"):
            attrs.evolve(card("s1", "bad"), stamp=1.5)  # type: ignore[arg-type]

    def test_whatever_the_order_the_highest_stamp_wins(self, engine: Engine) -> None:
        @settings(max_examples=EXAMPLES[engine.name], deadline=None)
        @given(
            writes=st.lists(
                st.tuples(st.sampled_from(["s1", "s2"]), st.booleans()),
                min_size=1,
                max_size=8,
            ),
            seed=st.randoms(use_true_random=False),
        )
        def check(writes: list[tuple[str, bool]], seed: Any) -> None:
            # Write number n carries stamp n: documents (title word "wN") and removals.
            stamped_writes = [(n, listing_id, keep) for n, (listing_id, keep) in enumerate(writes)]
            landed = list(stamped_writes)
            seed.shuffle(landed)
            index = engine.fresh()
            for n, listing_id, keep in landed:
                if keep:
                    index.index(titled(listing_id, f"w{n}", n))
                else:
                    index.remove(listing_id, n)
            for listing_id in ("s1", "s2"):
                own = [(n, keep) for n, i, keep in stamped_writes if i == listing_id]
                if not own:
                    continue
                last, keep = max(own)
                assert ids(search(index, f"w{last}")) == ([listing_id] if keep else [])
                for n, _ in own:
                    if n != last:
                        assert listing_id not in ids(search(index, f"w{n}")), (n, landed)

        check()


# --------------------------------------------------------------------------------------------
# Properties: random histories and queries against the naive reference
# --------------------------------------------------------------------------------------------


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


class TestProperties:
    def test_pages_agree_with_a_naive_scan(self, engine: Engine) -> None:
        @PROPERTY_SETTINGS
        @given(ops=operations, probes=st.lists(queries(), min_size=1, max_size=4))
        def check(ops: list[SearchDocument | tuple[str, str]], probes: list[SearchQuery]) -> None:
            index = engine.fresh()
            apply(index, ops)
            for query in probes:
                check_page(index.search(query), query, live_documents(ops))

        check()

    def test_answers_match_the_memory_index_up_to_order_within_a_tier(self, engine: Engine) -> None:
        @PROPERTY_SETTINGS
        @given(ops=operations, probes=st.lists(queries(text=phrases), min_size=1, max_size=4))
        def check(ops: list[SearchDocument | tuple[str, str]], probes: list[SearchQuery]) -> None:
            index, reference = engine.fresh(), InMemorySearchIndex()
            apply(index, ops)
            apply(reference, ops)
            for query in probes:
                full = attrs.evolve(query, page=1, per_page=MAX_PER_PAGE)
                got, want = index.search(full), reference.search(full)
                assert got.total == want.total
                assert _tiers(got) == _tiers(want)
                if query.sort is not SortBy.RELEVANCE:
                    assert ids(got) == ids(want)

        check()

    def test_paging_through_gives_the_full_ranking(self, engine: Engine) -> None:
        @PROPERTY_SETTINGS
        @given(ops=operations, query=queries(text=phrases | query_texts))
        def check(ops: list[SearchDocument | tuple[str, str]], query: SearchQuery) -> None:
            index = engine.fresh()
            apply(index, ops)
            first = index.search(query)
            full = index.search(attrs.evolve(query, page=1, per_page=MAX_PER_PAGE))
            collected: list[SearchHit] = []
            for number in range(1, first.pages + 1):
                collected += index.search(attrs.evolve(query, page=number)).hits
            assert tuple(collected) == full.hits[: len(collected)]
            assert len(collected) == first.total == full.total

        check()

    def test_any_text_is_safe_to_index_and_to_search(self, engine: Engine) -> None:
        @PROPERTY_SETTINGS
        @given(text=st.text(), query=queries(text=st.text()))
        def check(text: str, query: SearchQuery) -> None:
            index = engine.fresh()
            index.index(card("odd", text, text, [text]))
            index.index(CATALOGUE[0])
            page = index.search(query)
            assert page.total >= len(page.hits)
            assert "odd" in ids(index.search(SearchQuery(text=text))) or not _has_words(text)

        check()


def _tiers(page: SearchPage) -> list[set[str]]:
    """The page's cards grouped by matched words, in order: what every engine must agree on."""
    groups: dict[int, set[str]] = {}
    for hit in page.hits:
        groups.setdefault(int(hit.score), set()).add(hit.listing_id)
    return [groups[key] for key in sorted(groups, reverse=True)]


def _has_words(text: str) -> bool:
    from microjob.search import tokenize

    return bool(tokenize(text))


# --------------------------------------------------------------------------------------------
# Only the SQL indexes
# --------------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def sql(request: pytest.FixtureRequest) -> SqlSearchIndex:
    store: SqlStore = request.getfixturevalue(STORES[request.param])
    index = store.search_index()
    index.clear()
    return index


amounts = st.builds(
    lambda units, scale: Decimal(units).scaleb(scale),
    st.integers(0, 10**30),
    st.integers(-40, 40),
)


class TestExactDecimals:
    @given(a=amounts, b=amounts)
    def test_sqlite_keys_sort_as_the_decimals_do(self, a: Decimal, b: Decimal) -> None:
        assert (_decimal_key(a) < _decimal_key(b)) == (a < b)
        assert (_decimal_key(a) == _decimal_key(b)) == (a == b)

    def test_prices_compare_exactly_where_floats_would_not(self, sql: SqlSearchIndex) -> None:
        sql.index(card("third", "Logo", price="0.3"))
        sql.index(card("sum", "Logo", price=str(Decimal("0.1") + Decimal("0.2"))))
        sql.index(card("long", "Logo", price="0.30000000000000000001"))
        page = search(sql, currency="USD", max_price=Decimal("0.3"), sort=SortBy.PRICE_DESC)
        assert ids(page) == ["sum", "third"]
        assert ids(search(sql, currency="USD", sort=SortBy.PRICE_DESC))[0] == "long"


class TestRefusals:
    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"price": "1E+5000"}, r"price 1E\+5000 is outside what the SQL search index stores"),
            ({"days": 2**63}, r"delivery_days .* is outside"),
            ({"category": "x" * 256}, r"category must be at most 255 characters"),
            ({"currency": "NUL\x00"}, r"currency must be .* without NUL"),
        ],
    )
    def test_a_card_the_tables_cannot_hold_is_refused_and_nothing_changes(
        self, sql: SqlSearchIndex, changes: dict[str, object], message: str
    ) -> None:
        sql.index(CATALOGUE[0])
        with pytest.raises(ValueError, match=message):
            sql.index(card("c01", "Replaced", **changes))  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=message):
            sql.index_many([CATALOGUE[1], card("bad", "Logo", **changes)])  # type: ignore[arg-type]
        assert ids(search(sql, per_page=50)) == ["c01"]
        assert ids(search(sql, "minimalist")) == ["c01"]


class TestSqlIndex:
    def test_bulk_loading_skips_what_is_stored_already(self, sql: SqlSearchIndex) -> None:
        assert sql.index_many(CATALOGUE) == len(CATALOGUE)
        changed = card("c02", "Changed title")
        assert sql.index_many([*CATALOGUE[:1], changed]) == 1
        assert sql.count() == len(CATALOGUE)
        assert sql  # an index is never false, empty or not
        assert "c02" in sql
        assert "nope" not in sql
        assert ids(search(sql, "changed")) == ["c02"]

    def test_concurrent_writers_keep_the_word_counts_right(self, sql: SqlSearchIndex) -> None:
        """Threads indexing overlapping words neither deadlock nor lose a count."""
        errors: list[BaseException] = []

        def writer(offset: int) -> None:
            try:
                for number in range(15):
                    sql.index(card(f"t{offset}-{number}", "logo design brand", "shared words"))
                for number in range(0, 15, 3):
                    sql.remove(f"t{offset}-{number}")
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert search(sql, "logo").total == 4 * 10
        assert search(sql, "bra").total == 4 * 10  # "brand" completed from its count
        for number in range(4):
            for card_number in range(0, 15, 3):
                sql.remove(f"t{number}-{card_number + 1}")
                sql.remove(f"t{number}-{card_number + 2}")
        assert search(sql, "bra").total == 0

    def test_concurrent_stamped_writers_converge_on_the_highest_stamp(
        self, sql: SqlSearchIndex
    ) -> None:
        """Threads writing the same cards, each its own stamps in a shuffled order, with
        removals among them: every card ends as its highest-stamped write left it."""
        errors: list[BaseException] = []
        cards = [f"r{number}" for number in range(6)]

        def writer(offset: int) -> None:
            chance = random.Random(offset)
            stamps = list(range(offset, 40, 4))  # writer k writes stamps k, k + 4, ...
            chance.shuffle(stamps)
            try:
                for stamp in stamps:
                    for listing_id in cards:
                        if (stamp + int(listing_id[1:])) % 3:
                            sql.index(titled(listing_id, f"v{stamp:02d}", stamp))
                        else:
                            sql.remove(listing_id, stamp)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        for listing_id in cards:
            last = 39
            kept = (last + int(listing_id[1:])) % 3 != 0
            assert (listing_id in ids(search(sql, f"v{last}", per_page=50))) is kept
        assert search(sql, "logo").total == sum(
            1 for listing_id in cards if (39 + int(listing_id[1:])) % 3
        )

    def test_an_index_from_before_stamps_upgrades_and_orders_from_then_on(
        self, tmp_path: Path
    ) -> None:
        url = f"sqlite:///{tmp_path / 'm.db'}"
        store = SqlStore(url)
        store.search_index().index_many(CATALOGUE)
        with store.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0004")  # the revision before stamps
        assert "microjob_search_stamps" not in sa.inspect(store.engine).get_table_names()
        store.close()
        upgraded = SqlStore(url).search_index()  # opening migrates
        assert upgraded.count() == len(CATALOGUE)
        upgraded.index(stamped(card("c01", "Renamed"), 3))  # no stamp kept yet: applies
        upgraded.index(stamped(CATALOGUE[0], 2))
        assert ids(search(upgraded, "renamed")) == ["c01"]
        upgraded.remove("c02", 1)
        assert "c02" not in upgraded
        upgraded.store.close()


class TestSqliteFts:
    def test_the_fts_index_is_derived_data_rebuilt_from_the_cards(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'm.db'}"
        SqlStore(url).search_index().index_many(CATALOGUE)
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE microjob_search_fts")
        engine.dispose()
        reopened = SqlStore(url).search_index()
        assert ids(search(reopened, "grafikus")) == ["c03"]
        assert search(reopened, "logo").total == 7

    def test_the_downgrade_drops_the_fts_index_too(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'm.db'}"
        store = SqlStore(url)
        store.search_index().index(CATALOGUE[0])
        with store.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0003")  # the revision before search
        names = set(sa.inspect(store.engine).get_table_names())
        assert not {name for name in names if name.startswith("microjob_search")}
        store.close()

    def test_two_stores_on_one_file_share_the_index(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'm.db'}"
        first, second = SqlStore(url).search_index(), SqlStore(url).search_index()
        first.index(CATALOGUE[0])
        assert ids(search(second, "logo")) == ["c01"]
        second.remove("c01")
        assert search(first, "logo").total == 0


# --------------------------------------------------------------------------------------------
# Two marketplaces on one database
# --------------------------------------------------------------------------------------------


def _market(url: str, clock: FrozenClock) -> Marketplace:
    store = SqlStore(url, synchronous="NORMAL")
    market = Marketplace(
        uow=store.unit_of_work,
        clock=clock,
        policy=presets.fiverr_like(),
        gateway=FakeGateway(),
        notifier=RecordingNotifier(),
        publisher=RecordingPublisher(),
        search_index=store.search_index(),
    )
    market.store = store
    return market


def _publish(market: Marketplace, seller: str, title: str) -> str:
    listing = market.listings.create(
        actor=seller,
        title=title,
        description="Made to order.",
        category="design",
        price="40",
        delivery_days=3,
        submit=True,
    )
    return listing.id


@pytest.fixture
def two_markets(tmp_path: Path) -> tuple[Marketplace, Marketplace]:
    url = f"sqlite:///{tmp_path / 'market.db'}"
    clock = FrozenClock()
    first = _market(url, clock)
    first.users.register("ann", name="Ann", email="ann@example.org")
    first.users.register("bea", name="Bea", email="bea@example.org")
    return first, _market(url, clock)


def _found(market: Marketplace, text: str) -> list[str]:
    return [listing.id for listing in market.listings.search(text).listings]


def test_two_marketplaces_on_one_database_see_each_others_cards_at_once(
    two_markets: tuple[Marketplace, Marketplace],
) -> None:
    first, second = two_markets
    assert first.listings.search("").total == 0  # the first search puts the index to use
    logo = _publish(first, "ann", "Minimalist logo design")
    assert _found(second, "logo") == [logo]  # no rebuild, no restart
    mascot = _publish(second, "bea", "Mascot illustration")
    assert _found(first, "mascot") == [mascot]
    first.listings.pause(logo, actor="ann")
    assert _found(second, "logo") == []
    assert second.listings.search("").total == first.listings.search("").total == 1


def test_a_marketplace_that_never_searched_still_publishes_to_the_shared_index(
    two_markets: tuple[Marketplace, Marketplace],
) -> None:
    first, second = two_markets
    assert second.listings.search("").total == 0
    logo = _publish(first, "ann", "Minimalist logo design")
    assert _found(second, "logo") == [logo]
