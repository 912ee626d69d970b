"""The in-memory search engine: the inverted index that answers a ``SearchQuery``.

It owns the catalogue's slots, postings, attribute indexes and cached orders, keeps them in
step with every edit, and for each query picks the cheapest strategy that still returns the
exact page: direct scoring for small candidate sets, a walk down cached orders for large ones.
"""

from __future__ import annotations

import bisect
import heapq
import math
from decimal import Decimal

from microjob import search as tuning
from microjob.search.bitmaps import _mask_of, _slots_in, _SlotSet, _ValueIndex
from microjob.search.contract import SearchDocument, SearchHit, SearchPage, SearchQuery, SortBy
from microjob.search.orders import _SORT_KEYS, _live, _SortKey, _SortOrder, _walk_start
from microjob.search.plans import _Clause, _coverage_tiers, _Plan, _Term, _Tier, _Window
from microjob.search.postings import _advance, _build_view, _Postings, _RankedView
from microjob.search.scoring import _idf, _Norms, _squash
from microjob.search.text import _analyse, _query_words

_PREFIX_MIN = 2  # the shortest partial word that is completed ("lo" -> "logo", "logos").
_PREFIX_EXPANSIONS = 8  # a partial word matches at most this many of the commonest completions.

# Relative costs, in walk steps (testing one slot of an order against a mask): scoring a
# card costs about this many steps per query word, sorting a candidate by a key this many.
# A walk gives up once it has spent what the direct way would have cost, so a wrong guess
# costs at most about twice the better strategy.
_SCORE_STEPS = 4
_SORT_STEPS = 3
_ROUNDING_SLACK = 1.0 + 1e-9  # the threshold bound adds in a different order than scores do


class InMemorySearchIndex:
    """An inverted index of service cards with BM25F ranking, filters, sorting and paging.

    Not thread-safe: guard it with a lock if one thread indexes while another searches.
    Stamped writes are ordered as [`SearchIndex`][microjob.search.SearchIndex] says: the
    highest stamp applied per card is kept, a removed card's included.
    """

    def __init__(self) -> None:
        self._stamps: dict[str, int] = {}
        """Per card, the highest stamp applied (a removed card's stays: its tombstone)."""
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
        first, so words removed from a title stop matching at once. A document stamped older
        than the card's kept stamp is ignored.
        """
        if not self._ordered(doc.listing_id, doc.stamp, newer=False):
            return
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

    def remove(self, listing_id: str, stamp: int | None = None) -> None:
        """Forget a card; unknown ids are ignored so removal can be retried safely. A stamped
        removal is ignored unless newer than the card's kept stamp, and is kept itself."""
        if not self._ordered(listing_id, stamp, newer=True):
            return
        slot = self._slot_of.pop(listing_id, None)
        if slot is None:
            return
        self._unindex(slot)
        self._docs[slot] = None
        self._ids[slot] = ""
        self._free.append(slot)

    def _ordered(self, listing_id: str, stamp: int | None, *, newer: bool) -> bool:
        """Whether a write stamped ``stamp`` applies (it then becomes the kept stamp): an
        unstamped one always (and forgets the stamp), a stamped one unless the kept stamp is
        greater (or, ``newer``, equal)."""
        if stamp is None:
            self._stamps.pop(listing_id, None)
            return True
        kept = self._stamps.get(listing_id)
        if kept is not None and (kept >= stamp if newer else kept > stamp):
            return False
        self._stamps[listing_id] = stamp
        return True

    def warm(self) -> None:
        """Build the masks and weight orders of common words, and the sort orders, now.

        Optional.  Otherwise the first query that needs one builds it, which for a word in
        tens of thousands of cards, or for a sort order, takes up to a few hundred
        milliseconds.  Call after a bulk load.
        """
        norms = self._current_norms()
        for postings in self._terms.values():
            if len(postings.tf) > tuning._DIRECT_LIMIT:
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
        tiers above ``tuning._DIRECT_LIMIT``; once built they serve every later query.
        """
        terms = [
            (index, term)
            for index, clause in enumerate(plan.clauses)
            if clause.mask & tier.mask
            for term in clause.terms
        ]
        ready = all(self._view_ready(term.postings, plan.norms) for _, term in terms)
        small = tier.size <= max(tuning._SMALL_TIER, need) or (
            len(terms) > 1 and tier.size <= tuning._SMALL_MULTI_TIER
        )
        if small or not (ready or tier.size > tuning._DIRECT_LIMIT):
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

        Each word's order is read to a depth of ``tuning._FIRST_DEPTH << level`` through cached
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
        small = count <= tuning._SMALL_TIER or (not order.ready and count <= tuning._DIRECT_LIMIT)
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
