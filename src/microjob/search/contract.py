"""What the catalogue and a search engine exchange: cards, queries, result pages, the port.

These values are the whole contract between `microjob.services.listings` and whichever
engine answers searches (`microjob.search.memory`, or an adapter to an external search
service), so they validate themselves on construction: a query that cannot be answered
correctly is rejected when it is built, whatever engine would have received it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

import attrs

#: Largest page a caller may ask for; bigger pages belong to an export, not to a search box.
MAX_PER_PAGE = 100


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

    ``stamp`` orders the writes of one card when they can arrive out of order (several
    processes applying their commands' index updates to one shared index after commit): a
    number that grows with every committed change of the card's document, or ``None`` for a
    write that is not ordered. It is not part of the card (equality, ``repr`` and the SQL
    index's fingerprint ignore it): the same card stamped twice is the same card. See
    [`SearchIndex`][microjob.search.SearchIndex] for what an index does with it.
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
    stamp: int | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @listing_id.validator
    def _check_listing_id(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValueError(f"listing_id must be a non-empty string, got {value!r}")

    @price.validator
    def _check_price(self, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if value < 0:
            raise ValueError(f"price must be >= 0, got {value}")

    @stamp.validator
    def _check_stamp(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"stamp must be an int or None, got {type(value).__name__}")
        if value is not None and value < 0:
            raise ValueError(f"stamp must be >= 0, got {value}")

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

    **Stamped writes.** Several processes may apply their updates of one card to a shared index
    in any order, so a write may carry a stamp (``SearchDocument.stamp``, the ``stamp`` of
    ``remove``) that grows with the committed changes of the card. The index remembers the
    highest stamp it has applied per card, a removal's included (a tombstone), and ignores a
    stamped write that is older: ``index`` applies when no stamp is kept or its stamp is at
    least the kept one, ``remove`` when its stamp is greater. Whatever order stamped writes
    arrive in, the index ends as the write with the highest stamp left it, so a late, older
    document neither overwrites a newer one nor brings back a card removed after it. An
    unstamped write applies unconditionally and forgets the card's stamp (what an index
    without stamps does for every write); Elasticsearch's external versions work the same way.
    """

    def index(self, doc: SearchDocument) -> None:
        """Add a card, or replace the card with the same ``listing_id`` — unless the index
        keeps a greater stamp for it than ``doc.stamp``."""

    def remove(self, listing_id: str, stamp: int | None = None) -> None:
        """Forget a card; forgetting an unknown card is not an error. With a ``stamp``, only
        if it is greater than the one kept for the card, and the stamp is kept (a tombstone),
        so an older document arriving later is ignored."""

    def search(self, query: SearchQuery) -> SearchPage:
        """Answer one query."""
