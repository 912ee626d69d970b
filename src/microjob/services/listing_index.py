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
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob.catalog import (
    Listing,
    ListingState,
)
from microjob.context import Context
from microjob.errors import (
    ValidationError,
)
from microjob.money import as_money, rate
from microjob.ports import RecordRepository, UnitOfWork
from microjob.reputation import ReputationRules
from microjob.reviews import rating_of
from microjob.search import InMemorySearchIndex, SearchDocument, SearchIndex, SearchQuery, SortBy
from microjob.services.reputation import _levels
from microjob.services.reviews import _reviews

if TYPE_CHECKING:
    pass

__all__ = ["ListingIndex", "ListingResult", "ListingResults", "listings_repo"]

L = ListingState


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


def _timestamp(at: DateTime | None) -> int:
    """Microseconds since the epoch: "newest" only needs a number that grows with time."""
    if at is None:
        return 0
    return int(at.int_timestamp) * 1_000_000 + at.microsecond


def _amount(value: Money | Decimal | str | int, currency: str, what: str) -> Decimal:
    return as_money(value, currency, what=what).amount


def _keyed(updates: Iterable[SearchDocument | str]) -> Iterator[tuple[str, SearchDocument | str]]:
    """Updates by card id (a removal is the id itself), so a later one replaces an earlier."""
    for update in updates:
        yield (update if isinstance(update, str) else update.listing_id), update


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
        with self.ctx.uow() as uow:
            live = _listings(uow).where(state=L.PUBLISHED)
            docs = self._documents(uow, live)
        for doc in docs:
            index.index(doc)
        self._search = index
        return len(docs)

    def rebuild(self) -> int:
        """Index every stored published card again: into the given index, or into a fresh
        in-memory one; returns how many."""
        return self._fill(
            self._given_index if self._given_index is not None else InMemorySearchIndex()
        )

    def _documents(self, uow: UnitOfWork, listings: Iterable[Listing]) -> list[SearchDocument]:
        sellers: dict[str, tuple[int, Decimal | None, int]] = {}
        docs = []
        for listing in listings:
            seller = sellers.get(listing.seller_id)
            if seller is None:
                seller = sellers[listing.seller_id] = self._seller_facts(uow, listing.seller_id)
            level, rating, count = seller
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
                )
            )
        return docs

    def _seller_facts(self, uow: UnitOfWork, seller_id: str) -> tuple[int, Decimal | None, int]:
        """(level rank, mean rating, review count): what the search filters on."""
        reviews = _reviews(uow).where(subject_id=seller_id, visible=True)
        rating = rating_of(reviews)
        record = _levels(uow).find(seller_id)
        return self._level_rank(record.level if record else None), rating.mean, rating.count

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
        with self.ctx.uow() as uow:
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
    ) -> list[SearchDocument | str]:
        """Documents to (re)index and ids to drop, read inside the command, applied after it
        committed."""
        repo = _listings(uow)
        live: dict[str, Listing] = {}
        drop: list[SearchDocument | str] = []
        for listing_id in listing_ids:
            listing = repo.find(listing_id)
            if listing is not None and listing.is_live:
                live[listing.id] = listing
            else:
                drop.append(listing_id)
        for seller in sellers:
            for listing in repo.where(seller_id=seller, state=L.PUBLISHED):
                live[listing.id] = listing
        return drop + list(self._documents(uow, live.values()))

    def _apply_index(self, updates: Iterable[SearchDocument | str]) -> None:
        index = self._search if self._search is not None else self._given_index
        if index is None:
            return
        for update in updates:
            if isinstance(update, str):
                index.remove(update)
            else:
                index.index(update)
