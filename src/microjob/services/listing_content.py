"""A service card's content: the packages, extras and texts a seller gives, checked and screened.

A card's content is checked the same way when it is created and when it is edited: the packages
within the marketplace's maximums (an order from a card must pass them too), the extras against the
packages, and every text others read through the intake, so contact details are masked before the
card is stored. [`ListingService`][microjob.services.listings.ListingService] holds one
`ListingContent` and runs its commands around it; what a card's content may be is
[`microjob.catalog`][microjob.catalog]'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
from moneyed import Money

from microjob.catalog import (
    MAX_DESCRIPTION,
    MAX_TAG,
    MAX_TITLE,
    Extra,
    Listing,
    ListingSchema,
    Package,
    check_description,
    check_extras,
    check_packages,
    check_tags,
    check_title,
)
from microjob.chat import policy_scanner
from microjob.context import Context
from microjob.errors import ValidationError
from microjob.intake import Intake, clean_text
from microjob.money import as_money
from microjob.policies import MarketplacePolicy

__all__ = ["ListingContent", "screen_found"]


def screen_found(policy: MarketplacePolicy, text: str) -> bool:
    """Whether ``text`` shares contact details (the scan alone, no verdict)."""
    return bool(text) and policy_scanner(policy).scan(text).found


class ListingContent:
    """Checks and screens a card's content (composed into
    [`ListingService`][microjob.services.listings.ListingService])."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def packages(
        self,
        price: Money | Decimal | str | int | None,
        delivery_days: int | None,
        revisions: int | None,
        packages: Sequence[Package | Mapping[str, Any]] | None,
    ) -> tuple[Package, ...]:
        """One package from ``price``/``delivery_days``/``revisions``, or the ``packages`` given
        (values or mappings): a seller says one or the other, never both."""
        currency = self.ctx.policy.currency
        if packages is None:
            if price is None or delivery_days is None:
                raise ValidationError(
                    "a card needs price and delivery_days, or packages (basic, standard, premium)"
                )
            given = as_money(price, currency, what="price")
            return self.bounded(
                check_packages([Package("basic", given, delivery_days, revisions)], currency)
            )
        if price is not None or delivery_days is not None or revisions is not None:
            raise ValidationError(
                "give either price/delivery_days/revisions (one package) or packages, not both"
            )
        if isinstance(packages, Mapping | str):
            raise ValidationError("packages must be a list of Package values or mappings")
        built = [p if isinstance(p, Package) else _from_mapping(Package, p) for p in packages]
        return self.bounded(check_packages(built, currency))

    def bounded(self, packages: tuple[Package, ...]) -> tuple[Package, ...]:
        """The marketplace's maximums hold for every package (an order from it must pass)."""
        for package in packages:
            self.ctx.policy.check_bounds(
                price=package.price,
                delivery_days=package.delivery_days,
                what=f"package {package.name!r} price",
            )
        return packages

    def extras(
        self, extras: Iterable[Extra | Mapping[str, Any]], packages: tuple[Package, ...]
    ) -> tuple[Extra, ...]:
        """The extras (values or mappings), checked against the packages they add to."""
        if isinstance(extras, Mapping | str):
            raise ValidationError("extras must be a list of Extra values or mappings")
        built = [e if isinstance(e, Extra) else _from_mapping(Extra, e) for e in extras]
        return check_extras(built, packages, self.ctx.policy.currency)

    def screen_card(self, intake: Intake, title: str, description: str) -> tuple[str, str, bool]:
        """A card's texts through the intake (`microjob.intake`): always cleaned, and
        screened. Most cards are clean: one scan of both fields, and a scan per field only to
        say which one shares contact details and to mask it. Both fields are scanned together
        too, so a number split between the title and the description is still found."""
        title = clean_text(title, "title", limit=MAX_TITLE, single_line=True)
        description = clean_text(description, "description", limit=MAX_DESCRIPTION)
        if not screen_found(self.ctx.policy, f"{title}\n{description}"):
            return title, description, False
        before = len(intake.screened)
        title = intake.text(title, "title", limit=MAX_TITLE, single_line=True)
        description = intake.text(description, "description", limit=MAX_DESCRIPTION)
        if len(intake.screened) == before:  # only the two together share a contact
            combined = f"{title}\n{description}"
            shown = intake.text(combined, "title and description", limit=len(combined))
            head, _, tail = shown.partition("\n")
            title, description = head[:MAX_TITLE], tail
        return title, description, len(intake.screened) > before

    def screen_parts(
        self,
        intake: Intake,
        tags: tuple[str, ...],
        packages: tuple[Package, ...],
        extras: tuple[Extra, ...],
    ) -> tuple[tuple[str, ...], tuple[Package, ...], tuple[Extra, ...]]:
        """Tags, package descriptions and extras' titles are text others read too."""
        texts = [*tags, *(p.description for p in packages), *(e.title for e in extras)]
        if not screen_found(self.ctx.policy, "\n".join(t for t in texts if t)):
            return tags, packages, extras
        tags = tuple(intake.text(t, "tag", limit=MAX_TAG, single_line=True) for t in tags)
        packages = tuple(
            attrs.evolve(p, description=intake.text(p.description, "package description"))
            for p in packages
        )
        extras = tuple(
            attrs.evolve(
                e, title=intake.text(e.title, "extra title", limit=MAX_TITLE, single_line=True)
            )
            for e in extras
        )
        return tags, packages, extras

    def edited(
        self, listing: Listing, given: Mapping[str, Any], intake: Intake, schema: ListingSchema
    ) -> dict[str, Any]:
        """The content of ``listing`` with the ``given`` fields changed (``None``: unchanged),
        the whole card checked again and its texts screened, as ``attrs.evolve`` changes."""
        title = check_title(given["title"] if given["title"] is not None else listing.title)
        description = check_description(
            given["description"] if given["description"] is not None else listing.description
        )
        category = schema.check_category(
            given["category"] if given["category"] is not None else listing.category
        )
        tags = check_tags(given["tags"]) if given["tags"] is not None else listing.tags
        single = (given["price"], given["delivery_days"], given["revisions"])
        if given["packages"] is not None:
            packages = self.packages(*single, given["packages"])
        elif any(value is not None for value in single):
            if len(listing.packages) != 1:
                raise ValidationError(
                    f"listing {listing.id} has {len(listing.packages)} packages; edit them "
                    "through packages=, not price/delivery_days/revisions"
                )
            current = listing.packages[0]
            packages = self.bounded(
                check_packages(
                    [
                        attrs.evolve(
                            current,
                            price=as_money(
                                single[0] if single[0] is not None else current.price,
                                self.ctx.policy.currency,
                                what="price",
                            ),
                            delivery_days=single[1]
                            if single[1] is not None
                            else current.delivery_days,
                            revisions=single[2] if single[2] is not None else current.revisions,
                        )
                    ],
                    self.ctx.policy.currency,
                )
            )
        else:
            packages = listing.packages
        extras = (
            self.extras(given["extras"], packages)
            if given["extras"] is not None
            else check_extras(listing.extras, packages, self.ctx.policy.currency)
        )
        attributes = schema.check_attributes(
            category,
            given["attributes"] if given["attributes"] is not None else dict(listing.attributes),
        )
        before = len(intake.screened)
        title, description, masked = self.screen_card(intake, title, description)
        tags, packages, extras = self.screen_parts(intake, tuple(tags), packages, extras)
        masked = masked or len(intake.screened) > before
        return {
            "title": title,
            "description": description,
            "category": category,
            "tags": tags,
            "packages": packages,
            "extras": extras,
            "attributes": attributes,
            "contact_masked": masked,
        }


def _from_mapping(cls: type[Any], data: Mapping[str, Any]) -> Any:
    if not isinstance(data, Mapping):
        raise ValidationError(f"expected a {cls.__name__} or a mapping of its fields, got {data!r}")
    names = {field.name for field in attrs.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValidationError(
            f"unknown {cls.__name__} field(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(names))}"
        )
    try:
        return cls(**data)
    except TypeError as exc:
        raise ValidationError(f"{cls.__name__}: {exc}") from exc
