"""Service cards (listings): what a seller offers, in packages, with paid extras.

A [`Listing`][microjob.catalog.Listing] is MicrojobEngine's "mJob" and Web Park's performer card: a
title, a description, a category and tags, one to three packages (``basic``, ``standard``,
``premium``), each with its own price, delivery time and revisions, and optional extras (faster
delivery, more revisions) the buyer may add. Operators describe the cards of their marketplace
further with their own attributes (Web Park: "a set of features that the customer of the site will
determine"), declared once in a [`ListingSchema`][microjob.catalog.ListingSchema] and checked on
every create and edit.

A card without packages is a card with one ``basic`` package: ordering then always means "pick a
package, add extras", and [`quote`][microjob.catalog.quote] is the single place that turns that
choice into the order's price, delivery days and revisions, with exact money arithmetic.

Lifecycle (declared once in [`LIFECYCLE`][microjob.chat.LIFECYCLE], applied to plain records)::

    draft ─submit→ pending_review ─approve→ published ─pause→ paused ─resume→ published
      ▲               │ reject                 │ edit (under moderation)  │ edit
      │               ▼                        ▼                          ▼
      │            rejected ─edit/submit→ pending_review ◄────────────────┘
      └─ every state but archived ─archive→ archived

Under a policy without moderation the service approves a submitted card at once (as the
system), and edits keep a card where it is; under ``listing_moderation`` (Web Park) a card is
seen by nobody but its owner and the moderators until approved, and each edit of a live or
rejected card sends it back to review.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.errors import ValidationError
from microjob.lifecycle import Lifecycle, Move, Role
from microjob.money import as_money, plain
from microjob.orders import Step

__all__ = [
    "LIFECYCLE",
    "PACKAGE_NAMES",
    "AttrValue",
    "AttributeKind",
    "AttributeSpec",
    "Extra",
    "Listing",
    "ListingQuote",
    "ListingSchema",
    "ListingState",
    "Package",
    "check_description",
    "check_extras",
    "check_packages",
    "check_tags",
    "check_title",
    "move",
    "quote",
]

AttrValue = str | int | bool | Decimal
"""What a custom attribute holds: text or a choice (``str``), a number (``Decimal``), a flag."""

PACKAGE_NAMES = ("basic", "standard", "premium")
"""The package tiers, cheapest first by convention; a card offers one to three of them."""

MAX_TITLE = 120
MAX_DESCRIPTION = 10_000
MAX_TAGS = 10
MAX_TAG = 30
MAX_CATEGORY = 60
MAX_EXTRAS = 10
MAX_REASON = 2_000


class ListingState:
    """Listing states as plain strings (stored and indexed)."""

    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"
    REJECTED = "rejected"
    PAUSED = "paused"
    ARCHIVED = "archived"


L = ListingState
OW, MO, SY = Role.OWNER, Role.MODERATOR, Role.SYSTEM

LIFECYCLE = Lifecycle(
    "listing",
    [L.DRAFT, L.PENDING_REVIEW, L.PUBLISHED, L.REJECTED, L.PAUSED, L.ARCHIVED],
    [
        Move.of("submit", [L.DRAFT, L.REJECTED], L.PENDING_REVIEW, {OW}),
        # The system approves at once when the policy does not ask for moderation.
        Move.of("approve", [L.PENDING_REVIEW], L.PUBLISHED, {MO, SY}),
        Move.of("reject", [L.PENDING_REVIEW], L.REJECTED, {MO}),
        # Under moderation an edit of a card others could see (or a rejected one) is reviewed
        # again; edits that keep the card where it is are not moves (see the service).
        Move.of("edit", [L.PUBLISHED, L.PAUSED, L.REJECTED], L.PENDING_REVIEW, {OW}),
        Move.of("pause", [L.PUBLISHED], L.PAUSED, {OW}),
        Move.of("resume", [L.PAUSED], L.PUBLISHED, {OW}),
        Move.of(
            "archive",
            [L.DRAFT, L.PENDING_REVIEW, L.PUBLISHED, L.REJECTED, L.PAUSED],
            L.ARCHIVED,
            {OW, MO},
        ),
    ],
)


# -- packages and extras -------------------------------------------------------------------------
def _whole(value: object, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{what} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValidationError(f"{what} must be at least {minimum}, got {value}")
    return value


def _text(value: object, what: str, limit: int, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text, got {type(value).__name__}")
    text = value.strip()
    if required and not text:
        raise ValidationError(f"{what} must not be empty")
    if len(text) > limit:
        raise ValidationError(f"{what} is {len(text)} characters long; at most {limit} allowed")
    return text


@attrs.frozen(slots=True)
class Package:
    """One tier of a card: what the buyer gets for ``price`` within ``delivery_days``.

    ``revisions`` is how many times the buyer may send the delivery back; ``None`` leaves it
    to the marketplace's policy (``revision_limit``).
    """

    name: str
    price: Money
    delivery_days: int
    revisions: int | None = None
    description: str = ""


@attrs.frozen(slots=True)
class Extra:
    """An add-on the buyer may choose: it costs ``price`` on top of the package, changes the
    delivery time by ``delivery_days`` (negative: faster delivery) and adds ``revisions``."""

    key: str
    title: str
    price: Money
    delivery_days: int = 0
    revisions: int = 0


_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,29}")


def check_packages(packages: Iterable[Package], currency: str) -> tuple[Package, ...]:
    """One to three packages with distinct tier names, stored cheapest tier first."""
    items = tuple(packages)
    if not 1 <= len(items) <= len(PACKAGE_NAMES):
        raise ValidationError(
            f"a card offers one to {len(PACKAGE_NAMES)} packages "
            f"({', '.join(PACKAGE_NAMES)}), got {len(items)}"
        )
    seen: set[str] = set()
    checked: list[Package] = []
    for package in items:
        if not isinstance(package, Package):
            raise ValidationError(f"packages must be Package values, got {package!r}")
        if package.name not in PACKAGE_NAMES:
            raise ValidationError(
                f"package name {package.name!r} is not one of {', '.join(PACKAGE_NAMES)}"
            )
        if package.name in seen:
            raise ValidationError(f"package {package.name!r} is given twice; one of each tier")
        seen.add(package.name)
        what = f"package {package.name!r}"
        price = _price(package.price, f"{what} price", currency, positive=True)
        _whole(package.delivery_days, f"{what} delivery_days", 1)
        if package.revisions is not None:
            _whole(package.revisions, f"{what} revisions", 0)
        description = _text(package.description, f"{what} description", 2_000, required=False)
        checked.append(attrs.evolve(package, price=price, description=description))
    checked.sort(key=lambda p: PACKAGE_NAMES.index(p.name))
    return tuple(checked)


def check_extras(
    extras: Iterable[Extra], packages: tuple[Package, ...], currency: str
) -> tuple[Extra, ...]:
    """Distinct keys, non-negative prices, each extra changing something, and no combination
    of extras able to push a package's delivery below one day (so every order is valid)."""
    items = tuple(extras)
    if len(items) > MAX_EXTRAS:
        raise ValidationError(f"a card offers at most {MAX_EXTRAS} extras, got {len(items)}")
    seen: set[str] = set()
    checked: list[Extra] = []
    for extra in items:
        if not isinstance(extra, Extra):
            raise ValidationError(f"extras must be Extra values, got {extra!r}")
        if not isinstance(extra.key, str) or not _KEY.fullmatch(extra.key):
            raise ValidationError(
                f"extra key {extra.key!r} must be 1-30 lower-case letters, digits, '_' or '-'"
            )
        if extra.key in seen:
            raise ValidationError(f"extra {extra.key!r} is given twice")
        seen.add(extra.key)
        what = f"extra {extra.key!r}"
        title = _text(extra.title, f"{what} title", MAX_TITLE)
        price = _price(extra.price, f"{what} price", currency, positive=False)
        if isinstance(extra.delivery_days, bool) or not isinstance(extra.delivery_days, int):
            raise ValidationError(
                f"{what} delivery_days must be a whole number (negative: faster), "
                f"got {extra.delivery_days!r}"
            )
        _whole(extra.revisions, f"{what} revisions", 0)
        if price.amount == 0 and extra.delivery_days == 0 and extra.revisions == 0:
            raise ValidationError(
                f"{what} changes nothing: give it a price, a delivery change or revisions"
            )
        checked.append(attrs.evolve(extra, title=title, price=price))
    faster = sum(e.delivery_days for e in checked if e.delivery_days < 0)
    for package in packages:
        if package.delivery_days + faster < 1:
            raise ValidationError(
                f"with every faster-delivery extra the {package.name!r} package would take "
                f"{package.delivery_days + faster} days; an order needs at least one day"
            )
    return tuple(checked)


def _price(value: object, what: str, currency: str, *, positive: bool) -> Money:
    """The amount in the marketplace's currency, exact to its minor unit (floats refused)."""
    amount = as_money(value, currency, what=what)
    if amount.amount < 0 or (positive and amount.amount == 0):
        bound = "greater than zero" if positive else "zero or more"
        raise ValidationError(f"{what} must be {bound}, got {plain(amount)}")
    return amount


# -- operator-defined attributes ----------------------------------------------------------------
class AttributeKind(enum.Enum):
    """How an attribute's value is written and checked."""

    TEXT = "text"
    NUMBER = "number"
    CHOICE = "choice"
    FLAG = "flag"


def _kind(value: Any) -> AttributeKind:
    if isinstance(value, AttributeKind):
        return value
    try:
        return AttributeKind(value)
    except ValueError:
        raise ValidationError(
            f"attribute kind {value!r} is not one of {', '.join(k.value for k in AttributeKind)}"
        ) from None


def _optional_number(value: Any) -> Decimal | None:
    return None if value is None else _number(value, "bound")


def _number(value: object, what: str) -> Decimal:
    if isinstance(value, bool | float):
        raise ValidationError(
            f"{what} must be a Decimal, an int or a numeric string, not {type(value).__name__}"
        )
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValidationError(f"{what} {value!r} is not a number") from None
    else:
        raise ValidationError(f"{what} must be a number, got {type(value).__name__}")
    if not number.is_finite():
        raise ValidationError(f"{what} must be a finite number, got {number}")
    return number


@attrs.frozen
class AttributeSpec:
    """One attribute the operator defines for the cards of (some) categories.

    ``choices`` lists the allowed values of a ``choice``; ``minimum``/``maximum`` bound a
    ``number``; ``categories`` limits the attribute to those categories (empty: every card).
    """

    name: str
    kind: AttributeKind = attrs.field(converter=_kind)
    required: bool = False
    choices: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    categories: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    minimum: Decimal | None = attrs.field(default=None, converter=_optional_number)
    maximum: Decimal | None = attrs.field(default=None, converter=_optional_number)
    max_length: int = 200

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not _KEY.fullmatch(self.name):
            raise ValidationError(
                f"attribute name {self.name!r} must be 1-30 lower-case letters, digits, '_' or '-'"
            )
        if self.kind is AttributeKind.CHOICE and not self.choices:
            raise ValidationError(f"attribute {self.name!r} is a choice but lists no choices")
        if self.kind is not AttributeKind.CHOICE and self.choices:
            raise ValidationError(f"attribute {self.name!r} has choices but is not a choice")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError(f"attribute {self.name!r}: minimum exceeds maximum")

    def applies_to(self, category: str) -> bool:
        return not self.categories or category in self.categories

    def check(self, value: object) -> AttrValue:
        """The stored form of ``value``, or a [`ValidationError`][microjob.catalog.ValidationError]
        saying what is expected."""
        what = f"attribute {self.name!r}"
        kind = self.kind
        if kind is AttributeKind.FLAG:
            if not isinstance(value, bool):
                raise ValidationError(f"{what} is a flag: give True or False, got {value!r}")
            return value
        if kind is AttributeKind.NUMBER:
            number = _number(value, what)
            if self.minimum is not None and number < self.minimum:
                raise ValidationError(f"{what} must be at least {self.minimum}, got {number}")
            if self.maximum is not None and number > self.maximum:
                raise ValidationError(f"{what} must be at most {self.maximum}, got {number}")
            return number
        text = _text(value, what, self.max_length)
        if kind is AttributeKind.CHOICE and text not in self.choices:
            raise ValidationError(f"{what} must be one of {', '.join(self.choices)}; got {text!r}")
        return text


@attrs.frozen
class ListingSchema:
    """What the operator allows on a card: the categories (empty: any) and the attributes.

    Give one when the marketplace is built (``listing_schema=``); every create and edit is
    checked against it.
    """

    categories: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    attributes: tuple[AttributeSpec, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        names = [spec.name for spec in self.attributes]
        if len(set(names)) != len(names):
            raise ValidationError(f"attribute names must be distinct, got {names}")

    def check_category(self, category: object) -> str:
        text = _text(category, "category", MAX_CATEGORY)
        if self.categories and text not in self.categories:
            raise ValidationError(
                f"category {text!r} is not offered here; use one of {', '.join(self.categories)}"
            )
        return text

    def check_attributes(
        self, category: str, values: Mapping[str, object] | None
    ) -> tuple[tuple[str, AttrValue], ...]:
        """Every given attribute known and valid for the category, every required one given;
        stored sorted by name."""
        given = dict(values or {})
        specs = {spec.name: spec for spec in self.attributes if spec.applies_to(category)}
        unknown = sorted(set(given) - set(specs))
        if unknown:
            known = ", ".join(sorted(specs)) or "none"
            raise ValidationError(
                f"unknown attribute(s) {', '.join(map(repr, unknown))} for category "
                f"{category!r}; known: {known}"
            )
        missing = sorted(
            name for name, spec in specs.items() if spec.required and name not in given
        )
        if missing:
            raise ValidationError(
                f"category {category!r} requires attribute(s) {', '.join(map(repr, missing))}"
            )
        return tuple(sorted((name, specs[name].check(value)) for name, value in given.items()))


# -- the card ------------------------------------------------------------------------------------
def check_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Up to ten short tags, lower case, without duplicates, in the order given."""
    if isinstance(tags, str):
        raise ValidationError("tags must be a list of words, not one string")
    out: list[str] = []
    for tag in tags:
        text = _text(tag, "a tag", MAX_TAG).lower()
        if text not in out:
            out.append(text)
    if len(out) > MAX_TAGS:
        raise ValidationError(f"a card has at most {MAX_TAGS} tags, got {len(out)}")
    return tuple(out)


def check_title(title: object) -> str:
    return _text(title, "title", MAX_TITLE)


def check_description(description: object) -> str:
    return _text(description, "description", MAX_DESCRIPTION)


@attrs.frozen(slots=True)
class Listing:
    """A service card as stored. ``price`` and ``delivery_days`` are the "from" values shown
    on a results page: the cheapest package's price and the fastest package's time."""

    id: str
    seller_id: str
    title: str
    description: str
    category: str
    tags: tuple[str, ...]
    packages: tuple[Package, ...]
    created_at: DateTime
    updated_at: DateTime
    extras: tuple[Extra, ...] = ()
    attributes: tuple[tuple[str, AttrValue], ...] = ()
    state: str = L.DRAFT
    published_at: DateTime | None = None
    rejection_reason: str = ""
    contact_masked: bool = False
    history: tuple[Step, ...] = ()
    version: int = 0

    @property
    def price(self) -> Money:
        return min((p.price for p in self.packages), key=lambda m: m.amount)

    @property
    def delivery_days(self) -> int:
        return min(p.delivery_days for p in self.packages)

    @property
    def currency(self) -> str:
        return self.packages[0].price.currency.code

    @property
    def is_live(self) -> bool:
        """Visible to everyone, findable and orderable."""
        return self.state == L.PUBLISHED

    def package(self, name: str | None = None) -> Package:
        """The named package, or the first tier when ``name`` is None."""
        if name is None:
            return self.packages[0]
        for package in self.packages:
            if package.name == name:
                return package
        offered = ", ".join(p.name for p in self.packages)
        raise ValidationError(f"listing {self.id} has no {name!r} package; it offers {offered}")

    def attribute(self, name: str) -> AttrValue | None:
        return dict(self.attributes).get(name)

    def role_of(self, user_id: str) -> Role:
        """OWNER for the seller; moderators and the system are decided by the caller."""
        return Role.OWNER if user_id == self.seller_id else Role.STRANGER

    def allowed(self, role: Role) -> tuple[str, ...]:
        return LIFECYCLE.allowed(self.state, role)


def move(
    listing: Listing,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: Any,
) -> Listing:
    """The next version of ``listing`` after ``trigger`` (checked by
    [`LIFECYCLE`][microjob.chat.LIFECYCLE])."""
    if LIFECYCLE.next_state(listing.state, trigger, role) == L.PUBLISHED:
        changes.setdefault("published_at", now)
    return LIFECYCLE.advance(listing, trigger, role, actor, now, note, updated_at=now, **changes)


# -- ordering ------------------------------------------------------------------------------------
@attrs.frozen
class ListingQuote:
    """What an order of one package with some extras costs and promises.

    ``revisions`` is ``None`` when unlimited (the package and the policy set no limit).
    """

    listing_id: str
    package: str
    extras: tuple[str, ...]
    price: Money
    delivery_days: int
    revisions: int | None


def quote(
    listing: Listing,
    package: str | None = None,
    extras: Iterable[str] = (),
    *,
    default_revisions: int | None = None,
) -> ListingQuote:
    """Price = package price + each extra's price (exact, already in minor units);
    delivery = package days + each extra's change; revisions = package revisions (or
    ``default_revisions``, the policy's limit) + each extra's revisions."""
    if isinstance(extras, str):
        raise ValidationError("extras must be a list of extra keys, not one string")
    chosen = listing.package(package)
    keys = tuple(extras)
    if len(set(keys)) != len(keys):
        raise ValidationError(f"each extra can be added once, got {list(keys)}")
    by_key = {extra.key: extra for extra in listing.extras}
    picked: list[Extra] = []
    for key in keys:
        extra = by_key.get(key)
        if extra is None:
            offered = ", ".join(by_key) or "none"
            raise ValidationError(f"listing {listing.id} has no extra {key!r}; offered: {offered}")
        picked.append(extra)
    price = chosen.price
    days = chosen.delivery_days
    added = 0
    for extra in picked:
        price = price + extra.price
        days += extra.delivery_days
        added += extra.revisions
    base = chosen.revisions if chosen.revisions is not None else default_revisions
    if days < 1:  # check_extras rules this out for stored cards; a hand-built card may not
        raise ValidationError(f"the chosen extras leave {days} delivery days; at least 1")
    return ListingQuote(
        listing_id=listing.id,
        package=chosen.name,
        extras=keys,
        price=price,
        delivery_days=days,
        revisions=None if base is None else base + added,
    )
