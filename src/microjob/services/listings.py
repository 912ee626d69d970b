"""Listings (``market.listings``): service cards, their moderation, and ordering from them.

Cards are records (rules in [`microjob.catalog`][microjob.catalog]). The search index is a port
([`microjob.search.SearchIndex`][microjob.search.SearchIndex]; the in-memory engine by default) that
follows the cards' lifecycle: after each command commits, the listing events it emitted tell the
index which cards to add, replace or drop, so only published cards are ever findable and a
rolled-back command never reaches the index. Reviews and level changes refresh the seller's cards
too, because the rating and level filters read them from the index.

Finding cards is `microjob.services.listing_index`; checking and screening a card's content is
`microjob.services.listing_content`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob.catalog import (
    MAX_REASON,
    Extra,
    Listing,
    ListingQuote,
    ListingSchema,
    ListingState,
    Package,
    check_description,
    check_tags,
    check_title,
    move,
    quote,
)
from microjob.context import Context
from microjob.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)
from microjob.intake import Intake, clean_text
from microjob.lifecycle import Role
from microjob.logs import command
from microjob.orders import Order, Step
from microjob.policies import MarketplacePolicy
from microjob.ports import Notification, UnitOfWork
from microjob.reputation import ReputationRules
from microjob.search import SearchIndex, SortBy
from microjob.services.listing_content import ListingContent, screen_found
from microjob.services.listing_index import ListingIndex, ListingResult, ListingResults
from microjob.services.listing_index import listings_repo as _listings
from microjob.users import SYSTEM

if TYPE_CHECKING:
    from microjob.services.orders import OrderService

__all__ = ["ListingResult", "ListingResults", "ListingService", "screen_found"]

L = ListingState


class ListingService:
    """Create, moderate, publish, find and order service cards."""

    def __init__(
        self,
        ctx: Context,
        *,
        orders: OrderService,
        reputation_rules: ReputationRules,
        schema: ListingSchema | None = None,
        search_index: SearchIndex | None = None,
    ) -> None:
        self.ctx = ctx
        self.orders = orders
        self.reputation_rules = reputation_rules
        self.schema: ListingSchema = schema or ListingSchema()
        """The categories and custom attributes the operator allows."""
        self.index = ListingIndex(ctx, reputation_rules, search_index)
        """Finds published cards and keeps the search index in step with them."""
        self._content = ListingContent(ctx)

    # -- who is acting ---------------------------------------------------------------------------
    def _listing_role(self, uow: UnitOfWork, listing: Listing, actor: str) -> Role:
        if actor == listing.seller_id:
            return Role.OWNER
        if self.ctx.is_admin(uow, actor):
            return Role.MODERATOR
        raise PermissionDenied(
            f"user {actor!r} is neither the owner of listing {listing.id} nor a moderator"
        )

    def _visible(self, uow: UnitOfWork, listing: Listing, viewer: str | None) -> bool:
        if listing.state == L.PUBLISHED:
            return True
        if viewer is None:
            return False
        return viewer == listing.seller_id or self.ctx.is_admin(uow, viewer)

    # -- creating and moving cards ---------------------------------------------------------------
    @command
    def create(
        self,
        *,
        actor: str,
        title: str,
        description: str,
        category: str,
        tags: Iterable[str] = (),
        price: Money | Decimal | str | int | None = None,
        delivery_days: int | None = None,
        revisions: int | None = None,
        packages: Sequence[Package | Mapping[str, Any]] | None = None,
        extras: Iterable[Extra | Mapping[str, Any]] = (),
        attributes: Mapping[str, object] | None = None,
        submit: bool = False,
    ) -> Listing:
        """A seller drafts a card; ``submit=True`` also submits it (see `submit_listing`).

        One package from ``price``/``delivery_days``/``revisions``, or up to three ``packages``
        (``Package`` values or mappings with the same fields); ``extras`` the buyer may add;
        ``attributes`` checked against the listing schema (``listing_schema=``) for the category.
        """
        schema = self.schema
        title = check_title(title)
        description = check_description(description)
        category = schema.check_category(category)
        tag_list = check_tags(tags)
        package_list = self._content.packages(price, delivery_days, revisions, packages)
        extra_list = self._content.extras(extras, package_list)
        attribute_list = schema.check_attributes(category, attributes)
        with self.ctx.texts(actor, "listing") as intake:
            title, description, masked = self._content.screen_card(intake, title, description)
            tag_list, package_list, extra_list = self._content.screen_parts(
                intake, tag_list, package_list, extra_list
            )
            masked = masked or intake.flagged
        with self.ctx.uow() as uow:
            uow.users.get(actor)
            self.ctx.check_listing_allowance(uow, actor)
            repo = _listings(uow)
            now = self.ctx.clock.now()
            listing = Listing(
                id=repo.next_id(),
                seller_id=actor,
                title=title,
                description=description,
                category=category,
                tags=tag_list,
                packages=package_list,
                created_at=now,
                updated_at=now,
                extras=extra_list,
                attributes=attribute_list,
                contact_masked=masked,
                history=(Step(now, "create", actor, "", L.DRAFT),),
            )
            uow.emit(events.ListingCreated(now, actor, listing.id, actor, category))
            if submit:
                listing = self._submit(uow, listing, Role.OWNER, actor, now)
            repo.add(listing)
            self.ctx.keep_screened(uow, actor, f"listing:{listing.id}", intake, now)
            self.ctx.commit(uow)
        return listing

    def _submit(
        self, uow: UnitOfWork, listing: Listing, role: Role, actor: str, now: DateTime
    ) -> Listing:
        new = move(listing, "submit", role, actor, now, rejection_reason="")
        uow.emit(events.ListingSubmitted(now, actor, new.id, new.seller_id))
        if self.ctx.policy.listing_moderation:
            return new
        return self._publish(uow, new, "approve", Role.SYSTEM, SYSTEM, now)

    def _publish(
        self, uow: UnitOfWork, listing: Listing, trigger: str, role: Role, actor: str, now: DateTime
    ) -> Listing:
        new = move(listing, trigger, role, actor, now)
        uow.emit(events.ListingPublished(now, actor, new.id, new.seller_id))
        return new

    def _listing_command(
        self,
        listing_id: str,
        actor: str,
        apply: Callable[[UnitOfWork, Listing, Role, DateTime], Listing],
        intake: Intake | None = None,
    ) -> Listing:
        with self.ctx.uow() as uow:
            repo = _listings(uow)
            listing = repo.get(listing_id)
            role = self._listing_role(uow, listing, actor)
            now = self.ctx.clock.now()
            new = apply(uow, listing, role, now)
            repo.save(new)
            if intake is not None:
                self.ctx.keep_screened(uow, actor, f"listing:{listing_id}", intake, now)
            self.ctx.commit(uow)
        return new

    def _tell_owner(
        self, uow: UnitOfWork, listing: Listing, kind: str, text: str, now: DateTime
    ) -> None:
        uow.notify(
            Notification(listing.seller_id, f"listing.{kind}", f"listing:{listing.id}", text, now)
        )

    @command
    def submit(self, listing_id: str, *, actor: str) -> Listing:
        """The owner submits a draft (or a rejected card again). Under ``listing_moderation``
        it waits for a moderator; otherwise it is published at once."""

        def apply(uow: UnitOfWork, listing: Listing, role: Role, now: DateTime) -> Listing:
            return self._submit(uow, listing, role, actor, now)

        return self._listing_command(listing_id, actor, apply)

    @command
    def approve(self, listing_id: str, *, actor: str) -> Listing:
        """A moderator (an admin) publishes a card that waits for review."""

        def apply(uow: UnitOfWork, listing: Listing, role: Role, now: DateTime) -> Listing:
            new = self._publish(uow, listing, "approve", role, actor, now)
            self._tell_owner(uow, new, "approved", f"Your card is published: {new.title}", now)
            return new

        return self._listing_command(listing_id, actor, apply)

    @command
    def reject(self, listing_id: str, *, actor: str, reason: str) -> Listing:
        """A moderator sends a card back with the reason; the owner edits and submits again."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("a rejection needs a reason the seller can act on")
        text = clean_text(reason, "reason", limit=MAX_REASON, required=True)

        def apply(uow: UnitOfWork, listing: Listing, role: Role, now: DateTime) -> Listing:
            new = move(listing, "reject", role, actor, now, text, rejection_reason=text)
            uow.emit(events.ListingRejected(now, actor, new.id, new.seller_id, text))
            self._tell_owner(
                uow, new, "rejected", f"Your card was not published ({text}): {new.title}", now
            )
            return new

        return self._listing_command(listing_id, actor, apply)

    @command
    def pause(self, listing_id: str, *, actor: str) -> Listing:
        """The owner takes a published card off the shelf for a while (not findable, not
        orderable; orders already placed go on)."""

        def apply(uow: UnitOfWork, listing: Listing, role: Role, now: DateTime) -> Listing:
            new = move(listing, "pause", role, actor, now)
            uow.emit(events.ListingPaused(now, actor, new.id, new.seller_id))
            return new

        return self._listing_command(listing_id, actor, apply)

    @command
    def resume(self, listing_id: str, *, actor: str) -> Listing:
        """The owner puts a paused card back (no new review: its content did not change)."""

        def apply(uow: UnitOfWork, listing: Listing, role: Role, now: DateTime) -> Listing:
            return self._publish(uow, listing, "resume", role, actor, now)

        return self._listing_command(listing_id, actor, apply)

    @command
    def archive(self, listing_id: str, *, actor: str, reason: str = "") -> Listing:
        """The owner retires a card for good, or a moderator takes it down (with a reason)."""
        with self.ctx.texts(actor, f"listing:{listing_id}") as intake:
            reason = intake.text(reason, "reason", limit=MAX_REASON)

        def apply(uow: UnitOfWork, listing: Listing, role: Role, now: DateTime) -> Listing:
            new = move(listing, "archive", role, actor, now, reason)
            uow.emit(events.ListingArchived(now, actor, new.id, new.seller_id))
            if role is Role.MODERATOR:
                note = f" ({reason})" if reason else ""
                self._tell_owner(
                    uow, new, "archived", f"A moderator took down your card{note}: {new.title}", now
                )
            return new

        return self._listing_command(listing_id, actor, apply, intake)

    @command
    def edit(
        self,
        listing_id: str,
        *,
        actor: str,
        title: str | None = None,
        description: str | None = None,
        category: str | None = None,
        tags: Iterable[str] | None = None,
        price: Money | Decimal | str | int | None = None,
        delivery_days: int | None = None,
        revisions: int | None = None,
        packages: Sequence[Package | Mapping[str, Any]] | None = None,
        extras: Iterable[Extra | Mapping[str, Any]] | None = None,
        attributes: Mapping[str, object] | None = None,
    ) -> Listing:
        """The owner changes a card; only the given fields change, and the whole card is
        checked again. Under ``listing_moderation`` an edit of a published, paused or rejected
        card sends it back to review (it leaves search until approved); otherwise the card
        stays where it is and search shows the new version at once.

        ``price``/``delivery_days``/``revisions`` edit a one-package card; a card with several
        packages is edited through ``packages``. ``attributes`` replace the stored ones.
        """
        given = {
            "title": title,
            "description": description,
            "category": category,
            "tags": tags,
            "price": price,
            "delivery_days": delivery_days,
            "revisions": revisions,
            "packages": packages,
            "extras": extras,
            "attributes": attributes,
        }
        if all(value is None for value in given.values()):
            raise ValidationError(
                f"nothing to change: give at least one of {', '.join(sorted(given))}"
            )

        def apply(uow: UnitOfWork, listing: Listing, role: Role, now: DateTime) -> Listing:
            if role is not Role.OWNER:
                raise PermissionDenied(f"only the owner of listing {listing.id} may edit it")
            if listing.state == L.ARCHIVED:
                raise InvalidTransition("listing", listing.state, "edit", ())
            changes = self._content.edited(listing, given, intake, self.schema)
            moderated = self.ctx.policy.listing_moderation
            if moderated and listing.state in (L.PUBLISHED, L.PAUSED, L.REJECTED):
                new = move(listing, "edit", role, actor, now, rejection_reason="", **changes)
            else:
                new = attrs.evolve(
                    listing,
                    updated_at=now,
                    history=(
                        *listing.history,
                        Step(now, "edit", actor, listing.state, listing.state),
                    ),
                    version=listing.version + 1,
                    **changes,
                )
            uow.emit(events.ListingEdited(now, actor, new.id, new.seller_id, new.state))
            return new

        with self.ctx.texts(actor, f"listing:{listing_id}") as intake:
            return self._listing_command(listing_id, actor, apply, intake)

    # -- reading ---------------------------------------------------------------------------------
    def get(self, listing_id: str, *, viewer: str | None = None) -> Listing:
        """A card: published ones for everyone, others only for the owner and moderators
        (anyone else is told there is no such card, which leaks nothing)."""
        with self.ctx.reads() as uow:
            listing = _listings(uow).find(listing_id)
            if listing is None or not self._visible(uow, listing, viewer):
                raise NotFound(f"no listing {listing_id!r}")
            return listing

    def of_seller(self, seller_id: str, *, viewer: str | None = None) -> list[Listing]:
        """A seller's cards: every one of them for the seller (their dashboard) and moderators,
        the published ones for everyone else."""
        with self.ctx.reads() as uow:
            repo = _listings(uow)
            if viewer is not None and (viewer == seller_id or self.ctx.is_admin(uow, viewer)):
                return repo.where(seller_id=seller_id)
            return repo.where(seller_id=seller_id, state=L.PUBLISHED)

    def to_review(self, *, viewer: str) -> list[Listing]:
        """The moderation queue: submitted cards, oldest first."""
        with self.ctx.reads() as uow:
            if not self.ctx.is_admin(uow, viewer):
                raise PermissionDenied("only moderators (admins) see the cards waiting for review")
            return _listings(uow).where(state=L.PENDING_REVIEW)

    def quote(
        self,
        listing_id: str,
        *,
        package: str | None = None,
        extras: Iterable[str] = (),
        viewer: str | None = None,
    ) -> ListingQuote:
        """The price, delivery days and revisions of a package with extras (changes nothing)."""
        listing = self.get(listing_id, viewer=viewer)
        return quote(listing, package, extras, default_revisions=self.ctx.policy.revision_limit)

    # -- finding ---------------------------------------------------------------------------------
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
        """Find published cards by keywords, filtered and sorted, a page at a time (see
        [`ListingIndex.search`][microjob.services.listing_index.ListingIndex.search])."""
        return self.index.search(
            text,
            category=category,
            min_price=min_price,
            max_price=max_price,
            max_delivery_days=max_delivery_days,
            min_seller_level=min_seller_level,
            min_rating=min_rating,
            sort=sort,
            page=page,
            per_page=per_page,
        )

    def rebuild_search_index(self) -> int:
        """Start the in-memory index afresh from the stored published cards."""
        return self.index.rebuild()

    # -- ordering --------------------------------------------------------------------------------
    @command
    def order(
        self,
        listing_id: str,
        *,
        actor: str,
        package: str | None = None,
        extras: Iterable[str] = (),
        pay_from_wallet: bool = False,
    ) -> Order:
        """The buyer orders a published card: one package (the first tier by default) with any
        extras. The order's price, delivery days and revision limit are the quote's. The card
        is read again in the unit of work that stores the order, so a card paused a moment
        earlier (even while the provider was being asked for the money) is not ordered: its
        charge is then refunded."""

        def live(uow: UnitOfWork) -> Listing:
            listing = _listings(uow).find(listing_id)
            if listing is None or not self._visible(uow, listing, actor):
                raise NotFound(f"no listing {listing_id!r}")
            if not listing.is_live:
                raise PolicyViolation(
                    f"listing {listing_id} is {listing.state}; only published cards can be ordered"
                )
            return listing

        def draft(uow: UnitOfWork, order_id: str) -> Order:
            listing = live(uow)
            terms = self.ctx.policy
            choice = quote(listing, package, extras, default_revisions=terms.revision_limit)
            terms.check_currency(choice.price)
            return self.orders.draft(
                uow,
                order_id,
                actor,
                listing.seller_id,
                _order_title(listing, choice),
                choice.price,
                choice.delivery_days,
                self._with_revisions(terms, choice.revisions),
                listing.id,
                pay_from_wallet,
            )

        def still_live(uow: UnitOfWork, order: Order, now: DateTime) -> None:
            live(uow)  # paused or unpublished while the provider was asked: nothing is stored

        return self.orders.create(draft, pay_from_wallet=pay_from_wallet, complete=still_live)

    def _with_revisions(
        self, policy: MarketplacePolicy, revisions: int | None
    ) -> MarketplacePolicy:
        """The policy with the package's revision limit; one shared object per limit, so orders
        keep sharing their terms (and storage keeps one copy of them)."""
        if revisions == policy.revision_limit:
            return policy
        cache: dict[tuple[int, int | None], tuple[MarketplacePolicy, MarketplacePolicy]]
        cache = self.__dict__.setdefault("_revision_terms", {})
        key = (id(policy), revisions)
        cached = cache.get(key)
        if cached is not None and cached[0] is policy:
            return cached[1]
        terms = attrs.evolve(policy, revision_limit=revisions)
        cache[key] = (policy, terms)
        return terms


def _order_title(listing: Listing, choice: ListingQuote) -> str:
    """The card's title, with the package and extras when the buyer had a choice."""
    if len(listing.packages) == 1 and not choice.extras:
        return listing.title
    parts = [choice.package, *choice.extras]
    return f"{listing.title} [{' + '.join(parts)}]"
