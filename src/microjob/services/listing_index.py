"""Finding listings: the search index kept in step with the published cards.

The index is a port ([`microjob.search.SearchIndex`][microjob.search.SearchIndex]; the in-memory
engine by default, or the one given when the marketplace is built) that follows the cards'
lifecycle: after each command commits, the listing events it emitted tell the index which cards to
add, replace or drop
([`ListingIndex.reindex`][microjob.services.listing_index.ListingIndex.reindex], an in-unit handler
in [`microjob.handlers`][microjob.handlers]), so only published cards are ever findable and a
rolled-back command never reaches the index. Reviews and level changes refresh the seller's cards
too, because the rating and level filters read them from the index. The index lives beside the
store, not in it: it is filled from the stored published cards on first use
([`ListingIndex.rebuild`][microjob.services.listing_index.ListingIndex.rebuild] does it again on
demand), so a process that restarts, or a marketplace opened on a database, finds what was published
before.

Every document and removal carries a stamp
([`SearchDocument.stamp`][microjob.search.SearchDocument]) so that updates applied out of order
(several workers writing one shared index after their commits) converge on the committed state:
the sum of the versions of the records the document is computed from — the card, the seller's
level record and every review of the seller (hidden ones too, each counted as its version plus
one; records are never deleted) — read in the same unit of work as the document. Each of those
versions only grows, so a document read later stamps at least as high, and two reads with
equal stamps read the same records, hence the same document; a seller's rating or level
changing raises the stamp of every card of theirs without touching the cards. The stamp lives
in the store, so it survives restarts, and
[`rebuild`][microjob.services.listing_index.ListingIndex.rebuild] stamps what it reads the same
way: a rebuild that read before a newer update landed cannot overwrite it.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob.catalog import (
    LIFECYCLE,
    Listing,
    ListingState,
)
from microjob.context import Context
from microjob.errors import (
    ValidationError,
)
from microjob.money import as_money, rate
from microjob.ports import RecordRepository, UnitOfWork
from microjob.records import upsert
from microjob.reputation import ReputationRules
from microjob.reviews import rating_of
from microjob.search import InMemorySearchIndex, SearchDocument, SearchIndex, SearchQuery, SortBy
from microjob.services.reputation import SellerLevel, _levels
from microjob.services.reviews import _reviews

if TYPE_CHECKING:
    pass

__all__ = ["ListingIndex", "ListingResult", "ListingResults", "listings_repo"]

L = ListingState
_SellerFacts = tuple[int, Decimal | None, int, int]
"""(level rank, mean rating, review count, the seller's part of a card's stamp)."""


def listings_repo(uow: UnitOfWork) -> RecordRepository[Listing]:
    return uow.records("listing", Listing, index=("seller_id", "state"))


_listings = listings_repo


@attrs.frozen
class ListingResult:
    """One search result: the card and its relevance score (0.0 when browsing)."""

    listing: Listing
    score: float


@attrs.frozen
class ListingResults:
    """One page of search results; ``total`` counts every matching card."""

    results: tuple[ListingResult, ...]
    total: int
    page: int
    per_page: int

    @property
    def listings(self) -> tuple[Listing, ...]:
        return tuple(result.listing for result in self.results)

    @property
    def pages(self) -> int:
        return -(-self.total // self.per_page)


_NOT_LIVE = tuple(state for state in LIFECYCLE.states if state != L.PUBLISHED)
"""Every state but published: a card in one of them is in no search index."""


def _timestamp(at: DateTime | None) -> int:
    """Microseconds since the epoch: "newest" only needs a number that grows with time."""
    if at is None:
        return 0
    return int(at.int_timestamp) * 1_000_000 + at.microsecond


def _amount(value: Money | Decimal | str | int, currency: str, what: str) -> Decimal:
    return as_money(value, currency, what=what).amount


@attrs.frozen
class _Drop:
    """A card to remove from the index, stamped like a document (None: it does not exist)."""

    listing_id: str
    stamp: int | None


_Update = SearchDocument | _Drop


def _keyed(updates: Iterable[_Update]) -> Iterator[tuple[str, _Update]]:
    """Updates by card id, so a later one replaces an earlier."""
    for update in updates:
        yield update.listing_id, update


def _takes_stamp(index: SearchIndex) -> bool:
    """Whether ``index.remove`` takes a stamp: an index written for the port before stamps
    existed still works, its removals unordered (as all its writes are)."""
    try:
        parameters = inspect.signature(index.remove).parameters
    except (TypeError, ValueError):
        return True
    return "stamp" in parameters or any(
        p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters.values()
    )


def _is_empty(index: SearchIndex) -> bool:
    """Whether a given index holds nothing yet (an index that cannot count is taken as kept)."""
    count = getattr(index, "count", None)
    return callable(count) and count() == 0


class ListingIndex:
    """Searches published cards and keeps the index in step with them."""

    def __init__(
        self, ctx: Context, reputation_rules: ReputationRules, given: SearchIndex | None
    ) -> None:
        self.ctx = ctx
        self.reputation_rules = reputation_rules
        self._given_index = given
        self._search: SearchIndex | None = None
        self._stamped: tuple[SearchIndex, bool] | None = None
        """The index last written to and whether its ``remove`` takes a stamp."""
        self._batch = threading.local()
        """Per thread: the command whose index updates are being gathered, and them."""

    # -- search ----------------------------------------------------------------------------------
    @property
    def search_index(self) -> SearchIndex:
        """The index searches go to. One given at construction (a shared index on the
        database, say) is kept in step by every process from the start and used as it is —
        filled from the stored published cards only when it is empty; without one, an
        in-memory index is filled from them on first use."""
        if self._search is None:
            given = self._given_index
            if given is None:
                self._fill(InMemorySearchIndex())
            elif _is_empty(given):
                self._fill(given)
            else:
                self._search = given
        assert self._search is not None
        return self._search

    def _fill(self, index: SearchIndex) -> int:
        """Fill ``index`` with every published card and search it from now on."""
        with self.ctx.reads() as uow:
            live = _listings(uow).where(state=L.PUBLISHED)
            docs = self._documents(uow, live)
        for doc in docs:
            index.index(doc)
        self._search = index
        return len(docs)

    def rebuild(self) -> int:
        """Index every stored published card again: into the given index, or into a fresh
        in-memory one; returns how many.

        A given index is shared and may hold cards that are no longer published (left by a
        write from before stamps, or by hand): every stored card that is not published is
        removed from it too, stamped, so searches and their totals agree with the store. An
        index that can ``resync`` (the SQL one) also rewrites every card whole, drops cards
        of listings that were never stored, and recounts what it derives from its cards.
        """
        if self._given_index is None:
            return self._fill(InMemorySearchIndex())
        resync = getattr(self._given_index, "resync", None)
        if resync is None:
            count = self._fill(self._given_index)
        else:
            # An index in the database may have been edited by hand: it compares whole rows,
            # drops cards of listings never stored and counts its words again.
            count = resync(self._store_view)
            self._search = self._given_index
        with self.ctx.reads() as uow:
            repo = _listings(uow)
            facts: dict[str, _SellerFacts] = {}
            stale: list[_Update] = []
            for state in _NOT_LIVE:
                stale += [self._drop(uow, listing, facts) for listing in repo.where(state=state)]
        self._apply_index(stale)
        return count

    def _store_view(self) -> tuple[list[SearchDocument], set[str]]:
        """The documents of the published cards and the id of every stored listing, read in
        one snapshot (what an index's ``resync`` compares itself with)."""
        with self.ctx.reads() as uow:
            listings = _listings(uow).where()
            live = [listing for listing in listings if listing.state == L.PUBLISHED]
            return self._documents(uow, live), {listing.id for listing in listings}

    def _documents(
        self,
        uow: UnitOfWork,
        listings: Iterable[Listing],
        sellers: dict[str, _SellerFacts] | None = None,
    ) -> list[SearchDocument]:
        sellers = {} if sellers is None else sellers
        docs = []
        for listing in listings:
            seller = self._facts(uow, listing.seller_id, sellers)
            level, rating, count, seller_stamp = seller
            docs.append(
                SearchDocument(
                    listing_id=listing.id,
                    title=listing.title,
                    description=listing.description,
                    tags=listing.tags,
                    category=listing.category,
                    price=listing.price.amount,
                    currency=listing.currency,
                    delivery_days=listing.delivery_days,
                    seller_id=listing.seller_id,
                    seller_level=level,
                    rating=rating,
                    review_count=count,
                    published_at=_timestamp(listing.published_at),
                    stamp=listing.version + 1 + seller_stamp,
                )
            )
        return docs

    def _facts(
        self, uow: UnitOfWork, seller_id: str, sellers: dict[str, _SellerFacts]
    ) -> _SellerFacts:
        found = sellers.get(seller_id)
        if found is None:
            found = sellers[seller_id] = self._seller_facts(uow, seller_id)
        return found

    def _seller_facts(self, uow: UnitOfWork, seller_id: str) -> _SellerFacts:
        """(level rank, mean rating, review count, stamp): what the search filters on, and
        the part of the cards' stamp they come from (see the module docstring): the level
        record's version plus one (0 without one) and each review's version plus one — a new
        review raises it as surely as a changed one."""
        # The level record first: on PostgreSQL it is read ``FOR UPDATE``, and a review or a
        # level change in flight holds it until it commits, so the reviews read next include
        # theirs. Read the other way round, a card's edit could miss a review committed while
        # it waited, stamped as high as the review's own refresh of the card before the edit:
        # equal stamps, different documents, and one of the two changes lost.
        record = _levels(uow).find(seller_id)
        reviews = _reviews(uow).where(subject_id=seller_id)
        rating = rating_of(reviews)
        stamp = (0 if record is None else record.version + 1) + sum(
            review.version + 1 for review in reviews
        )
        return self._level_rank(record.level if record else None), rating.mean, rating.count, stamp

    def _level_rank(self, level: str | int | None) -> int:
        if level is None:
            return 0
        if isinstance(level, int) and not isinstance(level, bool):
            if level < 0:
                raise ValidationError(f"a seller level rank is 0 or more, got {level}")
            return level
        names = [rule.name for rule in self.reputation_rules.levels]
        if level not in names:
            raise ValidationError(f"unknown seller level {level!r}; levels: {', '.join(names)}")
        return names.index(str(level))

    def search(
        self,
        text: str = "",
        *,
        category: str | None = None,
        min_price: Money | Decimal | str | int | None = None,
        max_price: Money | Decimal | str | int | None = None,
        max_delivery_days: int | None = None,
        min_seller_level: str | int | None = None,
        min_rating: Decimal | str | int | None = None,
        sort: SortBy | str = SortBy.RELEVANCE,
        page: int = 1,
        per_page: int = 20,
    ) -> ListingResults:
        """Find published cards by keywords (case and accents do not matter), filtered by
        category, price, delivery time, seller level (a level name of the reputation rules, or
        its rank) and minimum rating, sorted by relevance, price, rating or newest, a page at a
        time. See ``docs/search.md`` for how words match and rank."""
        currency = self.ctx.policy.currency
        try:
            order = sort if isinstance(sort, SortBy) else SortBy(sort)
        except ValueError:
            raise ValidationError(
                f"sort {sort!r} is not one of {', '.join(s.value for s in SortBy)}"
            ) from None
        try:
            query = SearchQuery(
                text=text,
                category=category,
                min_price=None if min_price is None else _amount(min_price, currency, "min_price"),
                max_price=None if max_price is None else _amount(max_price, currency, "max_price"),
                currency=currency,
                max_delivery_days=max_delivery_days,
                min_seller_level=(
                    None if min_seller_level is None else self._level_rank(min_seller_level)
                ),
                min_rating=None if min_rating is None else rate(min_rating, what="min_rating"),
                sort=order,
                page=page,
                per_page=per_page,
            )
        except ValidationError:
            raise
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"search: {exc}") from exc
        found = self.search_index.search(query)
        with self.ctx.reads() as uow:
            repo = _listings(uow)
            results = []
            for hit in found.hits:
                listing = repo.find(hit.listing_id)
                if listing is not None and listing.is_live:  # a foreign index may lag behind
                    results.append(ListingResult(listing, hit.score))
        return ListingResults(tuple(results), found.total, found.page, found.per_page)

    # -- keeping the index in step ---------------------------------------------------------------
    def reindex(self, uow: UnitOfWork, event: events.Event) -> Callable[[], None] | None:
        """In-unit handler of listing events, published reviews and level changes: the
        documents to (re)index are read inside the command and applied to the index once it
        has committed — once per card per command, in the card's final state (a card created,
        submitted and published in one command is indexed once). A given index is kept in step
        from the start (other processes search it); an in-memory one only once this process
        has used it."""
        if self._search is None and self._given_index is None:
            return None
        if isinstance(event, events.ListingEvent):
            updates = self._index_updates(uow, (event.listing_id,), ())
        elif isinstance(event, events.ReviewPublished):  # a rating changed
            updates = self._index_updates(uow, (), (event.subject_id,))
        elif isinstance(event, events.LevelChanged):
            updates = self._index_updates(uow, (), (event.user_id,))
        else:
            return None
        slot = getattr(self._batch, "pending", None)
        if slot is not None and slot[0] is uow:  # a later event of the same command
            slot[1].update(_keyed(updates))
            return None
        batch = dict(_keyed(updates))
        self._batch.pending = (uow, batch)

        def apply() -> None:
            current = getattr(self._batch, "pending", None)
            if current is not None and current[0] is uow:
                self._batch.pending = None
            self._apply_index(batch.values())

        return apply

    def _index_updates(
        self, uow: UnitOfWork, listing_ids: Iterable[str], sellers: Iterable[str]
    ) -> list[_Update]:
        """Documents to (re)index and cards to drop, read and stamped inside the command,
        applied after it committed."""
        repo = _listings(uow)
        facts: dict[str, _SellerFacts] = {}
        live: dict[str, Listing] = {}
        drop: list[_Update] = []
        gone: list[Listing] = []
        for listing_id in listing_ids:
            listing = repo.find(listing_id)
            if listing is None:
                drop.append(_Drop(listing_id, None))
            elif listing.is_live:
                live[listing.id] = listing
            else:
                gone.append(listing)
        for seller in sellers:
            for listing in repo.where(seller_id=seller, state=L.PUBLISHED):
                live[listing.id] = listing
        for seller in dict.fromkeys(x.seller_id for x in (*gone, *live.values())):
            self._take_turns(uow, seller)
        drop += [self._drop(uow, listing, facts) for listing in gone]
        return drop + list(self._documents(uow, live.values(), facts))

    def _take_turns(self, uow: UnitOfWork, seller_id: str) -> None:
        """Make sure the seller's level record exists before their cards are read for the
        index, so that commands changing the seller's documents take turns on its row.

        Reviews and level changes lock that record before they refresh the seller's cards, and
        a re-index reads it (``FOR UPDATE`` on PostgreSQL) before the reviews. A seller who never
        sold, was never reviewed or evaluated has no record yet, so a card's edit and their first
        review (say, as a buyer) had no row to wait on: each read before the other committed,
        and the review's refresh, with the card as it was, outranked the edit. Created here
        (the first rung, never evaluated: what no record means everywhere), the record is one
        row both commands lock; if the review is creating it at the same moment, PostgreSQL makes
        this insert wait for it and [`upsert`][microjob.records.upsert] then reads the review's
        row. A removal takes its turn too: its stamp must outrank the review's refresh of the
        card as it was before the removal."""
        first = self.reputation_rules.levels[0].name

        def unevaluated(current: SellerLevel | None) -> SellerLevel | None:
            return SellerLevel(seller_id, first, dirty=False) if current is None else None

        upsert(_levels(uow), seller_id, unevaluated)

    def _drop(self, uow: UnitOfWork, listing: Listing, facts: dict[str, _SellerFacts]) -> _Update:
        """A card's removal, stamped as its document would be, so no older document outlives
        it."""
        seller_stamp = self._facts(uow, listing.seller_id, facts)[3]
        return _Drop(listing.id, listing.version + 1 + seller_stamp)

    def _apply_index(self, updates: Iterable[_Update]) -> None:
        index = self._search if self._search is not None else self._given_index
        if index is None:
            return
        known = self._stamped
        if known is None or known[0] is not index:
            known = self._stamped = (index, _takes_stamp(index))
        stamped = known[1]
        for update in updates:
            if not isinstance(update, _Drop):
                index.index(update)
            elif stamped:
                index.remove(update.listing_id, update.stamp)
            else:
                index.remove(update.listing_id)
