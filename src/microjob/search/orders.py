"""The result orders other than relevance (price, rating, newest), cached per catalogue.

Sorting every matching card per query is what a browse of a large catalogue would cost; a
cached order of the whole catalogue lets a page be taken by walking it instead.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal

from microjob.search.contract import SearchDocument, SearchQuery, SortBy
from microjob.search.postings import _stale_limit

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
