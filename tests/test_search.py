"""Tests for the in-memory search index of service cards.

A fixed multilingual catalogue pins down relevance, filters, sort orders, paging and edits;
hypothesis then checks the index against a naive reference matcher, and checks that the
pruned ranking strategies (weight orders, block-wise threshold algorithm, sort-order walks)
return exactly what plain card-by-card scoring returns.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microjob.search as search_module
from microjob.search import (
    MAX_PER_PAGE,
    InMemorySearchIndex,
    SearchDocument,
    SearchHit,
    SearchIndex,
    SearchPage,
    SearchQuery,
    SortBy,
    tokenize,
)

# --------------------------------------------------------------------------------------------
# A fixed catalogue
# --------------------------------------------------------------------------------------------


def card(
    listing_id: str,
    title: str,
    description: str = "",
    tags: Iterable[str] = (),
    *,
    category: str = "graphics-design",
    price: str = "10",
    currency: str = "USD",
    days: int = 3,
    level: int = 0,
    rating: str | None = None,
    reviews: int = 0,
    published: int = 0,
    seller: str = "seller-1",
) -> SearchDocument:
    return SearchDocument(
        listing_id=listing_id,
        title=title,
        description=description,
        tags=tuple(tags),
        category=category,
        price=Decimal(price),
        currency=currency,
        delivery_days=days,
        seller_id=seller,
        seller_level=level,
        rating=None if rating is None else Decimal(rating),
        review_count=reviews,
        published_at=published,
    )


CATALOGUE = [
    card(
        "c01",
        "I will design a modern minimalist logo",
        "Clean vector files for your brand, unlimited revisions.",
        ["logo", "branding", "minimalist"],
        price="50",
        days=3,
        level=2,
        rating="4.9",
        reviews=120,
        published=1,
    ),
    card(
        "c02",
        "Website development with WordPress",
        "Responsive website built on WordPress. I can also draw a simple logo.",
        ["wordpress", "website"],
        category="programming",
        price="200",
        days=7,
        level=1,
        rating="4.5",
        reviews=40,
        published=2,
    ),
    card(
        "c03",
        "Grafikus tervezés és logó készítés",
        "Egyedi arculat kis- és középvállalkozásoknak.",
        ["arculat"],
        price="15000",
        currency="HUF",
        days=5,
        level=1,
        rating="4.8",
        reviews=12,
        published=3,
    ),
    card(
        "c04",
        "Diseño de logotipo profesional",
        "Diseño moderno de logotipos para tu empresa.",
        ["diseño", "logotipo"],
        price="40",
        currency="EUR",
        days=4,
        published=4,
    ),
    card(
        "c05",
        "Professionelle Übersetzung Deutsch Englisch",
        "Ich übersetze Ihre Texte schnell und zuverlässig.",
        ["übersetzung", "deutsch"],
        category="writing",
        price="30",
        currency="EUR",
        days=2,
        level=2,
        rating="5.0",
        reviews=88,
        published=5,
    ),
    card(
        "c06",
        "English to Spanish translation",
        "Accurate translation of contracts and websites.",
        ["translation", "spanish"],
        category="writing",
        price="25",
        days=3,
        level=1,
        rating="4.7",
        reviews=60,
        published=6,
    ),
    card(
        "c07",
        "Straßenfotografie und Porträts",
        "Fotografie in Berlin.",
        ["fotografie"],
        category="photography",
        price="120",
        currency="EUR",
        days=10,
        rating="4.2",
        reviews=5,
        published=7,
    ),
    card(
        "c08",
        "Video editing for YouTube",
        "I will edit your videos with transitions and color grading.",
        ["video", "youtube", "editing"],
        category="video",
        price="60",
        days=2,
        level=1,
        rating="4.6",
        reviews=33,
        published=8,
    ),
    card(
        "c09",
        "Animated explainer video",
        "2D animation with voice over.",
        ["animation", "explainer"],
        category="video",
        price="150",
        days=10,
        level=2,
        rating="4.9",
        reviews=70,
        published=9,
    ),
    card(
        "c10",
        "SEO audit for your website",
        "Technical SEO review. A logo refresh is not included.",
        ["seo", "audit"],
        category="digital-marketing",
        price="80",
        days=5,
        level=3,
        rating="4.9",
        reviews=15,
        published=10,
    ),
    card(
        "c11",
        "Magyar angol fordítás",
        "Gyors és pontos fordítás, anyanyelvi lektorálással.",
        ["fordítás", "magyar", "angol"],
        category="writing",
        price="8000",
        currency="HUF",
        days=2,
        published=11,
    ),
    card(
        "c12",
        "Traducción español inglés",
        "Traducción profesional de documentos.",
        ["traducción"],
        category="writing",
        price="20",
        currency="EUR",
        days=3,
        level=1,
        rating="4.4",
        reviews=15,
        published=12,
    ),
    card(
        "c13",
        "Logo animation intro",
        "Animate your logo for a YouTube intro.",
        ["logo", "animation", "intro"],
        category="video",
        price="45",
        days=3,
        level=1,
        rating="4.8",
        reviews=50,
        published=13,
    ),
    card(
        "c14",
        "Business card design",
        "Print ready business cards and stationery.",
        ["business card", "print"],
        price="20",
        days=2,
        rating="4.0",
        reviews=3,
        published=14,
    ),
    card(
        "c15",
        "Python data analysis",
        "Pandas data analysis and clear charts.",
        ["python", "data"],
        category="programming",
        price="80",
        days=5,
        level=3,
        rating="5.0",
        reviews=200,
        published=15,
    ),
    card(
        "c16",
        "Перевод с русского на английский",
        "Быстрый и точный перевод текстов.",
        ["перевод"],
        category="writing",
        price="35",
        days=4,
        level=1,
        rating="4.9",
        reviews=9,
        published=16,
    ),
    card(
        "c17",
        "Logo design in 24 hours",
        "Fast logo design with source files.",
        ["logo", "design", "fast"],
        price="20",
        days=1,
        level=0,
        rating="4.3",
        reviews=7,
        published=17,
    ),
    card(
        "c18",
        "Mascot illustration",
        "Cartoon mascot for games and brands.",
        ["mascot", "cartoon"],
        price="70",
        days=6,
        level=2,
        rating="4.9",
        reviews=70,
        published=18,
    ),
    card(
        "c19",
        "Ilustración infantil",
        "Ilustraciones para cuentos y libros.",
        ["ilustración"],
        price="55",
        currency="EUR",
        days=8,
        rating="4.6",
        reviews=11,
        published=19,
    ),
    card(
        "c20",
        "Webseite mit WordPress erstellen",
        "Moderne Webseite für Ihr Unternehmen.",
        ["wordpress", "webseite"],
        category="programming",
        price="300",
        currency="EUR",
        days=14,
        level=2,
        rating="4.7",
        reviews=21,
        published=20,
    ),
    card(
        "c21",
        "Mobile app UI design",
        "Figma screens for iOS and Android apps.",
        ["ui", "figma", "app"],
        price="90",
        days=5,
        level=1,
        rating="4.9",
        reviews=70,
        published=21,
    ),
    card(
        "c22",
        "Podcast editing and mixing",
        "Clean audio, noise removal, intro music.",
        ["podcast", "audio", "editing"],
        category="music-audio",
        price="40",
        days=3,
        rating="4.5",
        reviews=18,
        published=22,
    ),
    card(
        "c23",
        "Weboldal készítés WordPress alapon",
        "Reszponzív weboldal kisvállalkozásoknak.",
        ["weboldal", "wordpress"],
        category="programming",
        price="90000",
        currency="HUF",
        days=10,
        level=1,
        published=23,
    ),
    card(
        "c24",
        "Voice over in German",
        "Deutsche Sprachaufnahme für Videos.",
        ["voice over", "deutsch"],
        category="music-audio",
        price="60",
        currency="EUR",
        days=2,
        level=3,
        rating="5.0",
        reviews=41,
        published=24,
    ),
    card(
        "c25",
        "Social media marketing plan",
        "Content calendar and growth strategy.",
        ["social media", "marketing"],
        category="digital-marketing",
        price="120",
        days=7,
        level=2,
        rating="4.1",
        reviews=19,
        published=25,
    ),
    card(
        "c26",
        "Diseño web moderno",
        "Páginas web rápidas y modernas.",
        ["diseño web"],
        category="programming",
        price="150",
        currency="EUR",
        days=9,
        rating="3.9",
        reviews=4,
        published=26,
    ),
    card(
        "c27",
        "Minimalist logo and brand guide",
        "Logo, colour palette and typography.",
        ["logo", "brand guide"],
        price="50",
        days=4,
        level=1,
        rating="4.9",
        reviews=120,
        published=27,
    ),
    card(
        "c28",
        "Resume writing",
        "Professional CV and cover letter.",
        ["resume", "cv"],
        category="writing",
        price="35",
        days=2,
        rating="4.8",
        reviews=26,
        published=28,
    ),
    card(
        "c29",
        "Product photography",
        "White background product photos for online shops.",
        ["photography", "product"],
        category="photography",
        price="100",
        days=4,
        level=1,
        published=29,
    ),
    card(
        "c30",
        "Data entry",
        "Fast and accurate data entry in Excel.",
        ["excel", "data entry"],
        category="data",
        price="5",
        days=1,
        level=0,
        rating="3.5",
        reviews=2,
        published=30,
    ),
]


@pytest.fixture
def index() -> InMemorySearchIndex:
    built = InMemorySearchIndex()
    for doc in CATALOGUE:
        built.index(doc)
    return built


def ids(page: SearchPage) -> list[str]:
    return [hit.listing_id for hit in page.hits]


def search(index: InMemorySearchIndex, text: str = "", **filters: object) -> SearchPage:
    return index.search(SearchQuery(text=text, **filters))  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Text analysis
# --------------------------------------------------------------------------------------------


class TestTokenize:
    def test_case_is_folded_and_punctuation_splits(self) -> None:
        assert tokenize("Logo/Branding, SEO-Audit!") == ["logo", "branding", "seo", "audit"]

    def test_accents_are_stripped(self) -> None:
        assert tokenize("Grafikus TERVEZÉS") == ["grafikus", "tervezes"]
        assert tokenize("diseño") == ["diseno"]
        assert tokenize("Übersetzung") == ["ubersetzung"]

    def test_sharp_s_becomes_ss(self) -> None:
        assert tokenize("Straße") == ["strasse"]

    def test_decomposed_input_matches_composed_input(self) -> None:
        decomposed = unicodedata.normalize("NFD", "tervezés diseño")
        assert tokenize(decomposed) == tokenize("tervezés diseño")

    def test_cyrillic_is_lower_cased_but_keeps_its_letters(self) -> None:
        assert tokenize("ПЕРЕВОД йогурт") == ["перевод", "йогурт"]

    def test_stop_words_are_dropped(self) -> None:
        assert tokenize("I will design a logo for your business") == [
            "design",
            "logo",
            "business",
        ]
        assert tokenize("Diseño de logotipo para la empresa") == ["diseno", "logotipo", "empresa"]

    def test_digits_are_words_and_compatibility_forms_are_folded(self) -> None:
        assert tokenize("24h ﬁle ３D") == ["24h", "file", "3d"]

    def test_empty_and_punctuation_only(self) -> None:
        assert tokenize("") == []
        assert tokenize(" ... --- !!! ") == []


# --------------------------------------------------------------------------------------------
# Relevance
# --------------------------------------------------------------------------------------------


class TestRelevance:
    def test_title_match_beats_description_only_match(self, index: InMemorySearchIndex) -> None:
        ranking = ids(search(index, "logo"))
        for in_title in ("c01", "c13", "c17", "c27"):
            for description_only in ("c02", "c10"):
                assert ranking.index(in_title) < ranking.index(description_only)

    def test_all_words_beat_some_words(self, index: InMemorySearchIndex) -> None:
        ranking = ids(search(index, "logo animation"))
        assert ranking[0] == "c13"  # the only card with both words
        assert set(ranking) >= {"c01", "c09", "c13", "c17"}

    def test_score_counts_matched_words_then_bm25(self, index: InMemorySearchIndex) -> None:
        hits = search(index, "logo animation").hits
        assert 2 < hits[0].score < 3
        assert all(1 < hit.score < 2 for hit in hits[1:])
        scores = [hit.score for hit in hits]
        assert scores == sorted(scores, reverse=True)

    def test_accents_and_case_are_ignored(self, index: InMemorySearchIndex) -> None:
        assert ids(search(index, "GRAFIKUS TERVEZES"))[0] == "c03"
        assert ids(search(index, "grafikus tervezés"))[0] == "c03"
        assert "c04" in ids(search(index, "DISENO"))
        assert "c03" in ids(search(index, "logo"))  # "logó"
        assert ids(search(index, "strassenfotografie")) == ["c07"]
        assert ids(search(index, "ПЕРЕВОД")) == ["c16"]

    def test_last_word_is_completed_as_a_prefix(self, index: InMemorySearchIndex) -> None:
        ranking = ids(search(index, "logo desi"))
        assert ranking[:2] == ["c17", "c01"]  # "logo design" in the title, then "design logo"

    def test_a_known_last_word_is_not_expanded(self, index: InMemorySearchIndex) -> None:
        assert ids(search(index, "web")) == ["c26"]  # not "website", "webseite", "weboldal"
        assert set(ids(search(index, "webs"))) == {"c02", "c06", "c10", "c20"}

    def test_unknown_words_match_nothing(self, index: InMemorySearchIndex) -> None:
        page = search(index, "blockchain zzz")
        assert page.hits == ()
        assert page.total == 0

    def test_stop_words_only_is_a_browse(self, index: InMemorySearchIndex) -> None:
        assert search(index, "the and for").total == len(CATALOGUE)

    def test_relevance_ties_are_broken_by_listing_id(self) -> None:
        twins = InMemorySearchIndex()
        for listing_id in ("b", "c", "a"):
            twins.index(card(listing_id, "Logo design"))
        page = search(twins, "logo")
        assert ids(page) == ["a", "b", "c"]
        assert len({hit.score for hit in page.hits}) == 1

    def test_result_does_not_depend_on_insertion_order(self) -> None:
        forwards, backwards = InMemorySearchIndex(), InMemorySearchIndex()
        for doc in CATALOGUE:
            forwards.index(doc)
        for doc in reversed(CATALOGUE):
            backwards.index(doc)
        for text in ("logo", "logo animation", "wordpress website", "traduccion", ""):
            assert search(forwards, text) == search(backwards, text)


# --------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------


class TestFilters:
    def test_category(self, index: InMemorySearchIndex) -> None:
        page = search(index, "logo", category="video")
        assert ids(page) == ["c13"]
        assert search(index, category="writing").total == 6

    def test_price_range_within_a_currency(self, index: InMemorySearchIndex) -> None:
        page = search(
            index, currency="USD", min_price=Decimal("20"), max_price=Decimal("50"), per_page=50
        )
        assert sorted(ids(page)) == [
            "c01",
            "c06",
            "c13",
            "c14",
            "c16",
            "c17",
            "c22",
            "c27",
            "c28",
        ]

    def test_price_bounds_are_inclusive_and_exact(self, index: InMemorySearchIndex) -> None:
        page = search(index, currency="USD", min_price=Decimal("50.00"), max_price=Decimal(50))
        assert sorted(ids(page)) == ["c01", "c27"]

    def test_currency_alone_and_case_insensitive(self, index: InMemorySearchIndex) -> None:
        assert sorted(ids(search(index, currency="huf"))) == ["c03", "c11", "c23"]

    def test_max_delivery_days(self, index: InMemorySearchIndex) -> None:
        page = search(index, max_delivery_days=1)
        assert sorted(ids(page)) == ["c17", "c30"]

    def test_min_seller_level(self, index: InMemorySearchIndex) -> None:
        assert sorted(ids(search(index, min_seller_level=3))) == ["c10", "c15", "c24"]

    def test_min_rating_excludes_unrated_cards(self, index: InMemorySearchIndex) -> None:
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

    def test_filters_combine(self, index: InMemorySearchIndex) -> None:
        page = search(
            index,
            "logo",
            currency="USD",
            max_price=Decimal(50),
            max_delivery_days=3,
            min_rating=Decimal("4.5"),
        )
        assert sorted(ids(page)) == ["c01", "c13"]

    def test_unknown_category_matches_nothing(self, index: InMemorySearchIndex) -> None:
        assert search(index, "logo", category="nope").total == 0


# --------------------------------------------------------------------------------------------
# Sorting
# --------------------------------------------------------------------------------------------


class TestSorting:
    def test_price_ascending_with_listing_id_ties(self, index: InMemorySearchIndex) -> None:
        page = search(index, "logo", sort=SortBy.PRICE_ASC, currency="USD")
        assert ids(page) == ["c17", "c13", "c01", "c27", "c10", "c02"]

    def test_price_descending_with_listing_id_ties(self, index: InMemorySearchIndex) -> None:
        page = search(index, "logo", sort=SortBy.PRICE_DESC, currency="USD")
        assert ids(page) == ["c02", "c10", "c01", "c27", "c13", "c17"]

    def test_sorted_hits_still_carry_relevance_scores(self, index: InMemorySearchIndex) -> None:
        page = search(index, "logo", sort=SortBy.PRICE_ASC, currency="USD")
        assert all(1 < hit.score < 2 for hit in page.hits)

    def test_rating_best_first_then_reviews_then_unrated(self, index: InMemorySearchIndex) -> None:
        ranking = ids(search(index, category="graphics-design", sort=SortBy.RATING))
        # 4.9 with 120 reviews (c01, c27 by id), 4.9 with 70 (c18, c21), ..., unrated last
        assert ranking == ["c01", "c27", "c18", "c21", "c03", "c19", "c17", "c14", "c04"]

    def test_newest_first(self, index: InMemorySearchIndex) -> None:
        assert ids(search(index, "wordpress", sort=SortBy.NEWEST)) == ["c23", "c20", "c02"]

    def test_browse_relevance_orders_by_listing_id(self, index: InMemorySearchIndex) -> None:
        page = search(index, per_page=5)
        assert ids(page) == ["c01", "c02", "c03", "c04", "c05"]
        assert {hit.score for hit in page.hits} == {0.0}


# --------------------------------------------------------------------------------------------
# Paging
# --------------------------------------------------------------------------------------------


class TestPaging:
    def test_total_and_pages(self, index: InMemorySearchIndex) -> None:
        page = search(index, per_page=7)
        assert (page.total, page.pages, len(page.hits)) == (30, 5, 7)

    def test_last_page_is_partial(self, index: InMemorySearchIndex) -> None:
        page = search(index, per_page=7, page=5)
        assert ids(page) == ["c29", "c30"]

    def test_page_beyond_the_end_is_empty(self, index: InMemorySearchIndex) -> None:
        page = search(index, "logo", page=99)
        assert page.hits == ()
        assert page.total == 7
        assert page.page == 99

    def test_no_results_has_no_pages(self, index: InMemorySearchIndex) -> None:
        assert search(index, "zzz").pages == 0

    @pytest.mark.parametrize("text", ["logo", "logo animation design", ""])
    def test_pages_concatenate_to_the_full_ranking(
        self, index: InMemorySearchIndex, text: str
    ) -> None:
        full = search(index, text, per_page=MAX_PER_PAGE)
        pieces: list[str] = []
        for number in range(1, full.total + 1):
            pieces += ids(search(index, text, per_page=1, page=number))
        assert pieces == ids(full)


# --------------------------------------------------------------------------------------------
# Writes
# --------------------------------------------------------------------------------------------


class TestWrites:
    def test_len_and_contains(self, index: InMemorySearchIndex) -> None:
        assert len(index) == 30
        assert "c01" in index
        assert "nope" not in index
        assert 1 not in index

    def test_replacing_a_card_forgets_its_old_words(self, index: InMemorySearchIndex) -> None:
        index.index(card("c01", "Wedding photography", "Full day coverage."))
        assert "c01" not in ids(search(index, "minimalist"))
        assert "c01" in ids(search(index, "wedding"))
        assert len(index) == 30

    def test_replacing_a_card_moves_it_between_filters(self, index: InMemorySearchIndex) -> None:
        index.index(card("c01", "Logo", category="video", price="999", rating="1.0"))
        assert "c01" not in ids(search(index, category="graphics-design", per_page=50))
        assert "c01" in ids(search(index, category="video"))
        assert ids(search(index, currency="USD", sort=SortBy.PRICE_DESC))[0] == "c01"
        assert ids(search(index, min_rating=Decimal("4.9"), per_page=50)).count("c01") == 0

    def test_indexing_an_identical_card_changes_nothing(self, index: InMemorySearchIndex) -> None:
        before = search(index, "logo")
        index.index(CATALOGUE[0])
        assert search(index, "logo") == before

    def test_remove(self, index: InMemorySearchIndex) -> None:
        index.remove("c13")
        assert "c13" not in index
        assert len(index) == 29
        assert "c13" not in ids(search(index, "animation"))
        assert search(index, per_page=50).total == 29

    def test_removing_an_unknown_card_is_a_no_op(self, index: InMemorySearchIndex) -> None:
        index.remove("nope")
        index.remove("c13")
        index.remove("c13")
        assert len(index) == 29

    def test_a_removed_slot_is_reused_cleanly(self, index: InMemorySearchIndex) -> None:
        index.remove("c05")
        index.index(card("new", "Fresh logo concept"))
        assert "new" in ids(search(index, "logo"))
        assert "c05" not in ids(search(index, "ubersetzung"))
        assert search(index, "ubersetzung").total == 0

    def test_removing_the_last_card_with_a_word_drops_the_word(
        self, index: InMemorySearchIndex
    ) -> None:
        index.remove("c07")
        assert search(index, "strassenfotografie").total == 0
        assert search(index, "strassenfoto").total == 0  # no completion left either

    def test_warm_changes_no_result(self, index: InMemorySearchIndex) -> None:
        queries = [SearchQuery(text=t) for t in ("logo", "logo animation", "wordpress")]
        before = [index.search(query) for query in queries]
        index.warm()
        assert [index.search(query) for query in queries] == before

    def test_usable_through_the_search_index_port(self) -> None:
        def publish(port: SearchIndex, doc: SearchDocument) -> SearchPage:
            port.index(doc)
            page = port.search(SearchQuery(text="logo"))
            port.remove(doc.listing_id)
            return page

        adapter = InMemorySearchIndex()
        assert ids(publish(adapter, CATALOGUE[0])) == ["c01"]
        assert len(adapter) == 0


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


class TestValidation:
    @pytest.mark.parametrize("per_page", [0, -1, MAX_PER_PAGE + 1])
    def test_per_page_range(self, per_page: int) -> None:
        with pytest.raises(ValueError, match=r"per_page must be between 1 and 100"):
            SearchQuery(per_page=per_page)

    def test_page_is_one_based(self) -> None:
        with pytest.raises(ValueError, match=r"page must be >= 1"):
            SearchQuery(page=0)

    @pytest.mark.parametrize("bound", ["min_price", "max_price"])
    def test_price_bound_needs_a_currency(self, bound: str) -> None:
        with pytest.raises(ValueError, match=r"min_price/max_price need currency"):
            SearchQuery(**{bound: Decimal(10)})  # type: ignore[arg-type]

    @pytest.mark.parametrize("sort", [SortBy.PRICE_ASC, SortBy.PRICE_DESC])
    def test_price_sort_needs_a_currency(self, sort: SortBy) -> None:
        with pytest.raises(ValueError, match=rf"sort={sort.value} needs currency"):
            SearchQuery(sort=sort)

    def test_min_price_must_not_exceed_max_price(self) -> None:
        with pytest.raises(ValueError, match=r"must not exceed max_price"):
            SearchQuery(currency="USD", min_price=Decimal(10), max_price=Decimal(5))

    def test_float_amounts_are_rejected(self) -> None:
        with pytest.raises(TypeError, match=r"min_price must be a Decimal"):
            SearchQuery(currency="USD", min_price=9.99)
        with pytest.raises(TypeError, match=r"price must be a Decimal"):
            SearchDocument(
                listing_id="x",
                title="Logo",
                description="",
                tags=(),
                category="c",
                price=9.99,
                currency="USD",
                delivery_days=1,
                seller_id="s",
            )

    def test_non_finite_amounts_are_rejected(self) -> None:
        with pytest.raises(ValueError, match=r"finite"):
            SearchQuery(currency="USD", max_price=Decimal("NaN"))

    def test_negative_filters_are_rejected(self) -> None:
        with pytest.raises(ValueError, match=r"max_delivery_days must be >= 0"):
            SearchQuery(max_delivery_days=-1)
        with pytest.raises(ValueError, match=r"min_seller_level must be >= 0"):
            SearchQuery(min_seller_level=-1)

    def test_document_checks(self) -> None:
        with pytest.raises(ValueError, match=r"rating must be between 1 and 5"):
            card("x", "Logo", rating="5.5")
        with pytest.raises(ValueError, match=r"price must be >= 0"):
            card("x", "Logo", price="-1")
        with pytest.raises(ValueError, match=r"listing_id must be a non-empty string"):
            card("", "Logo")
        with pytest.raises(ValueError, match=r"currency must be a non-empty ISO code"):
            card("x", "Logo", currency=" ")
        with pytest.raises(ValueError, match=r"delivery_days must be >= 0"):
            card("x", "Logo", days=-2)

    def test_tags_given_as_a_list_become_a_tuple(self) -> None:
        doc = card("x", "Logo", tags=["a", "b"])
        assert doc.tags == ("a", "b")


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

WORDS = [
    "logo",
    "design",
    "diseño",
    "tervezés",
    "grafikus",
    "website",
    "video",
    "editing",
    "übersetzung",
    "перевод",
    "fast",
    "modern",
    "logó",
    "traducción",
    "animation",
    "seo",
    "the",
    "for",
    "3d",
]
FRAGMENTS = ["lo", "desi", "tra", "ani", "web", "x", "über", "пере"]
LISTING_IDS = [f"L{number:02d}" for number in range(40)]
CURRENCIES = ["USD", "EUR"]
CATEGORIES = ["a", "b", "c"]

phrases = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
amounts = st.builds(
    lambda units, scale: Decimal(units).scaleb(-scale),
    st.integers(0, 30_000),
    st.sampled_from([0, 1, 2]),
)
ratings = st.none() | st.integers(10, 50).map(lambda tenths: Decimal(tenths).scaleb(-1))
documents = st.builds(
    SearchDocument,
    listing_id=st.sampled_from(LISTING_IDS),
    title=phrases,
    description=st.lists(st.sampled_from(WORDS), max_size=15).map(" ".join),
    tags=st.lists(phrases, max_size=3).map(tuple),
    category=st.sampled_from(CATEGORIES),
    price=amounts,
    currency=st.sampled_from(CURRENCIES),
    delivery_days=st.integers(0, 10),
    seller_id=st.just("s"),
    seller_level=st.integers(0, 3),
    rating=ratings,
    review_count=st.integers(0, 5),
    published_at=st.integers(0, 10),
)
operations = st.lists(
    st.one_of(
        documents, st.sampled_from(LISTING_IDS).map(lambda listing_id: ("remove", listing_id))
    ),
    max_size=60,
)
query_texts = st.one_of(
    phrases,
    st.builds(lambda words, end: f"{words} {end}", phrases, st.sampled_from(FRAGMENTS)),
    st.text(max_size=40),
)


@st.composite
def queries(draw: st.DrawFn, text: st.SearchStrategy[str] = query_texts) -> SearchQuery:
    sort = draw(st.sampled_from(SortBy))
    currency = draw(st.none() | st.sampled_from(CURRENCIES))
    if sort in (SortBy.PRICE_ASC, SortBy.PRICE_DESC) and currency is None:
        currency = "USD"
    low = high = None
    if currency is not None and draw(st.booleans()):
        low, high = sorted([draw(amounts), draw(amounts)])
        low = draw(st.sampled_from([low, None]))
        high = draw(st.sampled_from([high, None]))
    return SearchQuery(
        text=draw(text),
        category=draw(st.none() | st.sampled_from(CATEGORIES)),
        min_price=low,
        max_price=high,
        currency=currency,
        max_delivery_days=draw(st.none() | st.integers(0, 10)),
        min_seller_level=draw(st.none() | st.integers(0, 3)),
        min_rating=draw(st.none() | ratings),
        sort=sort,
        page=draw(st.integers(1, 4)),
        per_page=draw(st.integers(1, 8)),
    )


def apply(index: InMemorySearchIndex, ops: list[SearchDocument | tuple[str, str]]) -> None:
    for op in ops:
        if isinstance(op, SearchDocument):
            index.index(op)
        else:
            index.remove(op[1])


def live_documents(ops: list[SearchDocument | tuple[str, str]]) -> dict[str, SearchDocument]:
    docs: dict[str, SearchDocument] = {}
    for op in ops:
        if isinstance(op, SearchDocument):
            docs[op.listing_id] = op
        else:
            docs.pop(op[1], None)
    return docs


class NaiveMatcher:
    """The reference: scan every card, re-deriving words and filters from scratch."""

    def __init__(self, docs: dict[str, SearchDocument]) -> None:
        self.docs = docs
        self.words = {
            listing_id: set(
                tokenize(doc.title)
                + [word for tag in doc.tags for word in tokenize(tag)]
                + tokenize(doc.description)
            )
            for listing_id, doc in docs.items()
        }
        self.doc_freq = Counter(word for words in self.words.values() for word in words)

    def clauses(self, text: str) -> list[set[str]]:
        words = list(dict.fromkeys(tokenize(text)))[:16]
        clauses = []
        for position, word in enumerate(words):
            if word in self.doc_freq:
                clauses.append({word})
            elif position == len(words) - 1 and len(word) >= 2:
                completions = sorted(w for w in self.doc_freq if w.startswith(word))
                completions.sort(key=lambda w: -self.doc_freq[w])
                clauses.append(set(completions[:8]))
            else:
                clauses.append(set())
        return clauses

    def matched(self, query: SearchQuery) -> dict[str, int]:
        """listing_id -> number of query words matched, for cards passing the filters."""
        clauses = self.clauses(query.text)
        result = {}
        for listing_id, doc in self.docs.items():
            if not passes(doc, query):
                continue
            count = sum(1 for clause in clauses if clause & self.words[listing_id])
            if count or not clauses:
                result[listing_id] = count
        return result


def passes(doc: SearchDocument, query: SearchQuery) -> bool:
    checks = [
        query.category is None or doc.category == query.category,
        query.currency is None or doc.currency == query.currency,
        query.min_price is None or doc.price >= query.min_price,
        query.max_price is None or doc.price <= query.max_price,
        query.max_delivery_days is None or doc.delivery_days <= query.max_delivery_days,
        query.min_seller_level is None or doc.seller_level >= query.min_seller_level,
        query.min_rating is None or (doc.rating is not None and doc.rating >= query.min_rating),
    ]
    return all(checks)


def sort_key(sort: SortBy, doc: SearchDocument) -> tuple[object, ...]:
    if sort is SortBy.PRICE_ASC:
        return (doc.price, doc.listing_id)
    if sort is SortBy.PRICE_DESC:
        return (-doc.price, doc.listing_id)
    if sort is SortBy.RATING:
        if doc.rating is None:  # unrated cards go last, in listing_id order
            return (True, 0, 0, doc.listing_id)
        return (False, -doc.rating, -doc.review_count, doc.listing_id)
    if sort is SortBy.NEWEST:
        return (-doc.published_at, doc.listing_id)
    return (doc.listing_id,)


def check_page(page: SearchPage, query: SearchQuery, docs: dict[str, SearchDocument]) -> None:
    """Everything a page must satisfy, checked against the naive matcher."""
    naive = NaiveMatcher(docs).matched(query)
    assert page.total == len(naive)
    assert (page.page, page.per_page) == (query.page, query.per_page)
    assert len(page.hits) <= query.per_page
    hit_ids = [hit.listing_id for hit in page.hits]
    assert len(set(hit_ids)) == len(hit_ids)
    assert set(hit_ids) <= set(naive)
    start = (query.page - 1) * query.per_page
    assert len(page.hits) == max(0, min(query.per_page, page.total - start))
    words = bool(tokenize(query.text))
    for hit in page.hits:
        assert int(hit.score) == (naive[hit.listing_id] if words else 0)
    if query.sort is SortBy.RELEVANCE and words:
        keys = [(-hit.score, hit.listing_id) for hit in page.hits]
        assert keys == sorted(keys)
    else:
        expected = sorted(naive, key=lambda listing_id: sort_key(query.sort, docs[listing_id]))
        assert hit_ids == expected[start : start + query.per_page]


@contextmanager
def tiny_thresholds() -> Iterator[None]:
    """Make every pruned strategy kick in on catalogues of a few dozen cards."""
    with mock.patch.multiple(
        search_module,
        _DENSE_MIN=2,
        _DIRECT_LIMIT=0,
        _SMALL_TIER=0,
        _SMALL_MULTI_TIER=0,
        _FIRST_DEPTH=1,
        _STALE_MIN=2,
    ):
        yield


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


class TestProperties:
    @PROPERTY_SETTINGS
    @given(ops=operations, query=queries())
    def test_pages_agree_with_a_naive_scan(
        self, ops: list[SearchDocument | tuple[str, str]], query: SearchQuery
    ) -> None:
        index = InMemorySearchIndex()
        apply(index, ops)
        check_page(index.search(query), query, live_documents(ops))

    @settings(max_examples=300, deadline=None)
    @given(text=st.text(), query=queries(text=st.text()))
    def test_any_query_text_is_safe(self, text: str, query: SearchQuery) -> None:
        index = InMemorySearchIndex()
        for doc in CATALOGUE:
            index.index(doc)
        index.index(card("odd", text, text, [text]))
        page = index.search(query)
        assert page.total >= len(page.hits)
        assert index.search(SearchQuery(text=text)).total >= 0

    @PROPERTY_SETTINGS
    @given(
        ops=operations,
        edits=operations,
        probes=st.lists(queries(text=phrases | query_texts), min_size=1, max_size=6),
    )
    def test_pruned_strategies_match_direct_scoring(
        self,
        ops: list[SearchDocument | tuple[str, str]],
        edits: list[SearchDocument | tuple[str, str]],
        probes: list[SearchQuery],
    ) -> None:
        """Weight orders, block-wise pruning and order walks, patched by edits, change nothing.

        The reference index uses the default thresholds, under which these small catalogues
        are always scored card by card; the other one is forced through every shortcut,
        including caches built before the edits and patched afterwards.
        """
        direct = InMemorySearchIndex()
        apply(direct, ops)
        with tiny_thresholds():
            pruned = InMemorySearchIndex()
            apply(pruned, ops)
            for query in probes:
                assert pruned.search(query) == direct.search(query)
            apply(direct, edits)
            apply(pruned, edits)
            for query in probes:
                assert pruned.search(query) == direct.search(query)
        docs = live_documents(ops + edits)
        for query in probes:
            check_page(direct.search(query), query, docs)

    @PROPERTY_SETTINGS
    @given(ops=operations, query=queries(text=phrases))
    def test_paging_through_gives_the_full_ranking(
        self, ops: list[SearchDocument | tuple[str, str]], query: SearchQuery
    ) -> None:
        index = InMemorySearchIndex()
        apply(index, ops)
        first = index.search(query)
        full = index.search(attrs.evolve(query, page=1, per_page=MAX_PER_PAGE))
        collected: list[SearchHit] = []
        for number in range(1, first.pages + 1):
            collected += index.search(attrs.evolve(query, page=number)).hits
        assert tuple(collected) == full.hits[: len(collected)]
        assert len(collected) == first.total == full.total
