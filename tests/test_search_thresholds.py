"""The search engine's strategy thresholds live on ``microjob.search`` and are read from there.

``tests/test_search.py`` shrinks them on the package so the pruned strategies run on tiny
catalogues; these checks fail if a module of the engine stops seeing such a change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest

import microjob.search as search_module
from microjob.search import InMemorySearchIndex, SearchDocument, SearchQuery, SortBy

WORDS = ("logo", "design", "web", "site", "brand", "icon")


def catalogue() -> InMemorySearchIndex:
    index = InMemorySearchIndex()
    for n in range(40):
        title = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(n % 3 + 1))
        index.index(
            SearchDocument(
                listing_id=f"card-{n:02}",
                title=title,
                description=f"{title} {WORDS[n % 4]}",
                tags=(WORDS[n % 5],),
                category="graphics-design",
                price=n % 7 + 1,
                currency="USD",
                delivery_days=n % 5,
                seller_id="seller-1",
                published_at=n,
            )
        )
    return index


def strategies_used() -> Counter[str]:
    used: Counter[str] = Counter()

    def spy(name: str) -> Callable[..., Any]:
        original = getattr(InMemorySearchIndex, name)

        def counted(self: InMemorySearchIndex, *args: Any) -> Any:
            used[name] += 1
            return original(self, *args)

        return counted

    names = ("_top_blocks", "_top_single", "_walk_order")
    with mock.patch.multiple(InMemorySearchIndex, **{name: spy(name) for name in names}):
        index = catalogue()
        for text in ("logo design", "web brand", "site", ""):
            for sort in (SortBy.RELEVANCE, SortBy.NEWEST):
                index.search(SearchQuery(text=text, sort=sort, per_page=3, page=2))
    return used


def test_default_thresholds_score_a_small_catalogue_directly() -> None:
    assert not strategies_used()


@pytest.mark.parametrize("strategy", ["_top_blocks", "_top_single", "_walk_order"])
def test_thresholds_shrunk_on_the_package_reach_every_strategy(strategy: str) -> None:
    with mock.patch.multiple(
        search_module, _DIRECT_LIMIT=0, _SMALL_TIER=0, _SMALL_MULTI_TIER=0, _FIRST_DEPTH=1
    ):
        assert strategies_used()[strategy] > 0


def test_dense_and_stale_thresholds_are_read_from_the_package() -> None:
    with mock.patch.multiple(search_module, _DENSE_MIN=2, _STALE_MIN=0, _STALE_SHIFT=16):
        index = catalogue()
        assert index._alive.small is None  # a bitmap from the second card on
        index.warm()
        order = index._orders[SortBy.NEWEST]
        assert order.ready
        index.remove("card-00")
        assert not order.ready  # one changed slot is already too many to patch
