"""Service cards: packages and extras, moderation, the card lifecycle, search, ordering."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microjob import (
    AttributeSpec,
    Extra,
    InvalidTransition,
    ListingSchema,
    ListingState,
    NotFound,
    OrderState,
    Package,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
    money,
    percent,
    presets,
)
from microjob.catalog import LIFECYCLE, Listing, quote
from microjob.events import (
    ListingArchived,
    ListingCreated,
    ListingEdited,
    ListingPaused,
    ListingPublished,
    ListingRejected,
    ListingSubmitted,
)
from microjob.reputation import Criteria, LevelRule, ReputationRules
from microjob.search import InMemorySearchIndex, SearchDocument, SearchPage, SearchQuery
from tests.conftest import World

L = ListingState


def usd(amount: str) -> object:
    return money(amount, "USD")


def logo_card(w: World, **changes: object) -> Listing:
    fields: dict[str, object] = {
        "title": "I will design a minimalist logo",
        "description": "A clean vector logo for your brand, with source files.",
        "category": "design",
        "tags": ["logo", "branding"],
        "packages": [
            Package("basic", money("20", "USD"), 3, revisions=1),
            Package("standard", money("45", "USD"), 4, revisions=2),
            Package("premium", money("90", "USD"), 6),
        ],
        "extras": [
            Extra("express", "Delivery two days faster", money("15", "USD"), delivery_days=-2),
            Extra("revision", "One more revision", money("7.50", "USD"), revisions=1),
            Extra("source", "Source files", money("10", "USD")),
        ],
        "submit": True,
    }
    fields.update(changes)
    return w.market.listings.create(actor="seller", **fields)  # type: ignore[arg-type]


def ids(results: object) -> list[str]:
    return [listing.id for listing in results.listings]  # type: ignore[attr-defined]


# -- MicrojobEngine: post, find, view, order -------------------------------------------------------
class TestSeed000PostFindViewOrder:
    """MicrojobEngine: B posts a mJob, A finds it by keyword, views it and orders it; no
    moderation, the buyer pays price + 10 % to the admin."""

    @pytest.fixture
    def w(self, make_world: Callable[..., World]) -> World:
        return make_world(presets.microjobengine())

    def test_a_submitted_card_is_published_at_once(self, w: World) -> None:
        card = logo_card(w)
        assert card.state == L.PUBLISHED
        assert card.published_at == w.clock.now()
        assert [s.trigger for s in card.history] == ["create", "submit", "approve"]
        assert card.history[-1].actor == "system"
        kinds = [type(e) for e in w.publisher.events[-3:]]
        assert kinds == [ListingCreated, ListingSubmitted, ListingPublished]

    def test_find_by_keyword_view_and_order_with_package_and_extras(self, w: World) -> None:
        card = logo_card(w)
        logo_card(w, title="Wordpress website setup", tags=["wordpress"], description="Sites.")
        found = w.market.listings.search("LOGO design")
        assert ids(found) == [card.id]
        assert found.total == 1

        viewed = w.market.listings.get(card.id)  # anyone may view a published card
        assert viewed == card
        assert viewed.price == usd("20")  # "from" price: the cheapest package
        assert viewed.delivery_days == 3

        order = w.market.listings.order(
            card.id, actor="buyer", package="standard", extras=["express", "revision"]
        )
        assert order.listing_id == card.id
        assert order.price == usd("67.50")  # 45 + 15 + 7.50
        assert order.delivery_days == 2  # 4 - 2
        assert order.policy.revision_limit == 3  # 2 + 1
        assert order.buyer_fee == usd("6.75")  # MicrojobEngine: 10 % on top, to the admin
        assert order.escrow_total == usd("74.25")
        assert order.state == OrderState.PENDING
        assert order.title == "I will design a minimalist logo [standard + express + revision]"

        started = w.market.orders.start(order.id, actor="seller")
        assert started.due_at == w.clock.now().add(days=2)
        w.market.admin.verify()

    def test_default_package_is_the_first_tier(self, w: World) -> None:
        card = logo_card(w)
        order = w.market.listings.order(card.id, actor="buyer")
        assert (order.price, order.delivery_days) == (usd("20"), 3)
        assert order.policy.revision_limit == 1
        assert order.title == card.title + " [basic]"

    def test_a_one_package_card_orders_under_its_plain_title(self, w: World) -> None:
        card = w.market.listings.create(
            actor="seller",
            title="Proofreading",
            description="Up to 2000 words.",
            category="writing",
            price="12.50",
            delivery_days=2,
            submit=True,
        )
        order = w.market.listings.order(card.id, actor="buyer")
        assert (order.title, order.price, order.delivery_days) == ("Proofreading", usd("12.50"), 2)
        assert order.policy is w.market.policy  # no package limit: the marketplace's own terms

    def test_package_revision_limit_is_enforced_on_the_order(self, w: World) -> None:
        card = logo_card(w)
        order = w.market.listings.order(card.id, actor="buyer", package="basic")  # 1 revision
        w.market.orders.start(order.id, actor="seller")
        w.market.orders.deliver(order.id, actor="seller", message="v1")
        w.market.orders.request_revision(order.id, actor="buyer", reason="bigger letters")
        w.market.orders.deliver(order.id, actor="seller", message="v2")
        with pytest.raises(PolicyViolation):
            w.market.orders.request_revision(order.id, actor="buyer", reason="again")

    def test_orders_with_the_same_limit_share_one_policy_object(self, w: World) -> None:
        card = logo_card(w)
        first = w.market.listings.order(card.id, actor="buyer", package="standard")
        second = w.market.listings.order(card.id, actor="buyer", package="standard")
        assert first.policy is second.policy
        assert first.policy.revision_limit == 2
        assert first.policy == attrs.evolve(w.market.policy, revision_limit=2)

    def test_contact_details_in_a_card_are_masked(self, w: World) -> None:
        card = logo_card(w, description="Fast work. Call me on +36 30 123 4567 or anna@gmail.com")
        assert card.contact_masked
        assert "4567" not in card.description
        assert "gmail" not in card.description

    def test_a_marketplace_that_blocks_contacts_refuses_such_a_card(
        self, make_world: Callable[..., World]
    ) -> None:
        w = make_world(presets.kiwigigs())
        with pytest.raises(PolicyViolation, match="description"):
            w.market.listings.create(
                actor="seller",
                title="Garden design",
                description="Skip the fees: ring 021 555 0199",
                category="garden",
                price="100",
                delivery_days=3,
            )
        assert w.market.listings.of_seller("seller", viewer="seller") == []

    def test_editing_a_published_card_keeps_it_published_and_reindexes(self, w: World) -> None:
        card = logo_card(w)
        edited = w.market.listings.edit(card.id, actor="seller", title="Mascot illustration")
        assert edited.state == L.PUBLISHED
        assert edited.version == card.version + 1
        assert isinstance(w.market.listings.index.search_index, InMemorySearchIndex)
        assert ids(w.market.listings.search("mascot")) == [card.id]
        assert ids(w.market.listings.search("minimalist")) == []
        assert isinstance(w.publisher.events[-1], ListingEdited)

    def test_editing_price_of_a_one_package_card(self, w: World) -> None:
        card = w.market.listings.create(
            actor="seller",
            title="Logo",
            description="Logo.",
            category="design",
            price="10",
            delivery_days=2,
            submit=True,
        )
        edited = w.market.listings.edit(card.id, actor="seller", price="12", delivery_days=3)
        assert (edited.price, edited.delivery_days) == (usd("12"), 3)
        several = logo_card(w)
        with pytest.raises(ValidationError, match="packages="):
            w.market.listings.edit(several.id, actor="seller", price="12")

    def test_edit_needs_something_to_change(self, w: World) -> None:
        card = logo_card(w)
        with pytest.raises(ValidationError, match="nothing to change"):
            w.market.listings.edit(card.id, actor="seller")

    def test_seller_dashboard_lists_every_card_others_see_published_ones(self, w: World) -> None:
        live = logo_card(w)
        draft = logo_card(w, submit=False)
        assert [c.id for c in w.market.listings.of_seller("seller", viewer="seller")] == [
            live.id,
            draft.id,
        ]
        assert [c.id for c in w.market.listings.of_seller("seller", viewer="buyer")] == [live.id]
        assert [c.id for c in w.market.listings.of_seller("seller")] == [live.id]


# -- Web Park: moderation --------------------------------------------------------------------------
class TestSeed001Moderation:
    """Web Park: performer cards are checked by the aggregator's moderator before anyone else
    sees them."""

    @pytest.fixture
    def w(self, make_world: Callable[..., World]) -> World:
        return make_world(presets.webpark())

    def card(self, w: World, **changes: object) -> Listing:
        return w.market.listings.create(
            actor="seller",
            **{  # type: ignore[arg-type]
                "title": "Ремонт квартир под ключ",
                "description": "Apartment renovation, turnkey.",
                "category": "renovation",
                "price": "50000",
                "delivery_days": 30,
                "submit": True,
                **changes,
            },
        )

    def test_a_card_is_invisible_until_a_moderator_approves_it(self, w: World) -> None:
        card = self.card(w)
        assert card.state == L.PENDING_REVIEW
        assert w.market.listings.search("ремонт").total == 0
        assert w.market.listings.search("").total == 0
        for viewer in (None, "buyer", "stranger"):
            with pytest.raises(NotFound):
                w.market.listings.get(card.id, viewer=viewer)
        with pytest.raises(NotFound):
            w.market.listings.order(card.id, actor="buyer")
        assert w.market.listings.get(card.id, viewer="seller") == card  # the owner sees it
        assert w.market.listings.get(card.id, viewer="admin") == card  # so does the moderator
        assert [c.id for c in w.market.listings.to_review(viewer="admin")] == [card.id]

        approved = w.market.listings.approve(card.id, actor="admin")
        assert approved.state == L.PUBLISHED
        assert ids(w.market.listings.search("ремонт")) == [card.id]
        assert w.market.listings.get(card.id, viewer="buyer") == approved
        assert w.market.listings.to_review(viewer="admin") == []
        note = w.notifier.sent[-1]
        assert (note.user_id, note.kind) == ("seller", "listing.approved")
        order = w.market.listings.order(card.id, actor="buyer")
        assert order.price == money("50000", "RUB")

    def test_only_moderators_review(self, w: World) -> None:
        card = self.card(w)
        for actor in ("buyer", "seller"):
            with pytest.raises(PermissionDenied):
                w.market.listings.approve(card.id, actor=actor)
        with pytest.raises(PermissionDenied):
            w.market.listings.reject(card.id, actor="seller", reason="looks fine to me")
        with pytest.raises(PermissionDenied):
            w.market.listings.to_review(viewer="seller")
        assert w.market.listings.get(card.id, viewer="seller").state == L.PENDING_REVIEW

    def test_rejection_with_reason_then_edit_goes_back_to_review(self, w: World) -> None:
        card = self.card(w)
        with pytest.raises(ValidationError, match="reason"):
            w.market.listings.reject(card.id, actor="admin", reason="  ")
        rejected = w.market.listings.reject(
            card.id, actor="admin", reason="add photos of past work"
        )
        assert rejected.state == L.REJECTED
        assert rejected.rejection_reason == "add photos of past work"
        assert isinstance(w.publisher.events[-1], ListingRejected)
        note = w.notifier.sent[-1]
        assert note.user_id == "seller"
        assert "add photos of past work" in note.text
        assert w.market.listings.search("ремонт").total == 0

        edited = w.market.listings.edit(card.id, actor="seller", description="Turnkey, see photos.")
        assert edited.state == L.PENDING_REVIEW
        assert edited.rejection_reason == ""
        assert w.market.listings.approve(card.id, actor="admin").state == L.PUBLISHED

    def test_a_rejected_card_may_be_submitted_again_unchanged(self, w: World) -> None:
        card = self.card(w)
        w.market.listings.reject(card.id, actor="admin", reason="wrong category")
        again = w.market.listings.submit(card.id, actor="seller")
        assert again.state == L.PENDING_REVIEW

    def test_editing_a_published_card_sends_it_back_to_review(self, w: World) -> None:
        card = self.card(w)
        w.market.listings.approve(card.id, actor="admin")
        assert w.market.listings.search("ремонт").total == 1
        edited = w.market.listings.edit(card.id, actor="seller", title="Ремонт ванной")
        assert edited.state == L.PENDING_REVIEW
        assert w.market.listings.search("ремонт").total == 0
        with pytest.raises(NotFound):
            w.market.listings.get(card.id, viewer="buyer")
        w.market.listings.approve(card.id, actor="admin")
        assert ids(w.market.listings.search("ванной")) == [card.id]

    def test_drafts_are_not_in_the_queue(self, w: World) -> None:
        draft = self.card(w, submit=False)
        assert draft.state == L.DRAFT
        assert w.market.listings.to_review(viewer="admin") == []
        assert w.market.listings.submit(draft.id, actor="seller").state == L.PENDING_REVIEW


# -- the lifecycle ---------------------------------------------------------------------------------
class TestLifecycle:
    def test_pause_resume_archive(self, world: World) -> None:
        w = world
        card = logo_card(w)
        paused = w.market.listings.pause(card.id, actor="seller")
        assert paused.state == L.PAUSED
        assert isinstance(w.publisher.events[-1], ListingPaused)
        assert w.market.listings.search("logo").total == 0
        with pytest.raises(NotFound):
            w.market.listings.order(card.id, actor="buyer")
        with pytest.raises(PolicyViolation, match="only published"):
            w.market.listings.order(card.id, actor="admin")  # visible to a moderator, not orderable
        resumed = w.market.listings.resume(card.id, actor="seller")
        assert resumed.state == L.PUBLISHED
        assert resumed.published_at == w.clock.now()
        assert w.market.listings.search("logo").total == 1
        archived = w.market.listings.archive(card.id, actor="seller")
        assert archived.state == L.ARCHIVED
        assert isinstance(w.publisher.events[-1], ListingArchived)
        assert w.market.listings.search("logo").total == 0

    def test_impossible_moves_name_the_state_and_what_is_allowed(self, world: World) -> None:
        w = world
        draft = logo_card(w, submit=False)
        with pytest.raises(InvalidTransition) as info:
            w.market.listings.pause(draft.id, actor="seller")
        assert info.value.state == L.DRAFT
        assert set(info.value.allowed) == {"submit", "archive"}
        live = logo_card(w)
        with pytest.raises(InvalidTransition):
            w.market.listings.resume(live.id, actor="seller")
        with pytest.raises(InvalidTransition):
            w.market.listings.approve(live.id, actor="admin")
        w.market.listings.archive(live.id, actor="seller")
        with pytest.raises(InvalidTransition):
            w.market.listings.edit(live.id, actor="seller", title="Back again")
        with pytest.raises(InvalidTransition):
            w.market.listings.submit(live.id, actor="seller")

    def test_strangers_and_moderators_cannot_do_the_owners_moves(self, world: World) -> None:
        w = world
        card = logo_card(w)
        for trigger in ("pause", "archive"):
            with pytest.raises(PermissionDenied):
                getattr(w.market.listings, trigger)(card.id, actor="stranger")
        with pytest.raises(PermissionDenied):
            w.market.listings.pause(card.id, actor="admin")
        with pytest.raises(PermissionDenied):
            w.market.listings.edit(card.id, actor="admin", title="Hijacked")
        with pytest.raises(PermissionDenied):
            w.market.listings.edit(card.id, actor="buyer", title="Hijacked")
        assert w.market.listings.get(card.id) == card

    def test_a_moderator_takes_a_card_down_with_a_reason(self, world: World) -> None:
        w = world
        card = logo_card(w)
        down = w.market.listings.archive(card.id, actor="admin", reason="copied portfolio")
        assert down.state == L.ARCHIVED
        note = w.notifier.sent[-1]
        assert note.user_id == "seller"
        assert "copied portfolio" in note.text

    def test_the_table(self) -> None:
        table = LIFECYCLE.table()
        assert table[L.ARCHIVED] == ()
        assert set(table[L.PUBLISHED]) == {"edit", "pause", "archive"}


# -- validation ------------------------------------------------------------------------------------
class TestValidation:
    def test_price_or_packages_not_both_nor_neither(self, world: World) -> None:
        with pytest.raises(ValidationError, match="price and delivery_days"):
            world.market.listings.create(actor="seller", title="T", description="D", category="c")
        with pytest.raises(ValidationError, match="not both"):
            world.market.listings.create(
                actor="seller",
                title="T",
                description="D",
                category="c",
                price="5",
                packages=[Package("basic", money("5", "USD"), 1)],
            )

    @pytest.mark.parametrize(
        ("packages", "message"),
        [
            ([], "one to 3 packages"),
            ([Package("gold", money("5", "USD"), 1)], "not one of basic"),
            ([Package("basic", money("5", "USD"), 1)] * 2, "given twice"),
            ([Package("basic", money("0", "USD"), 1)], "greater than zero"),
            ([Package("basic", money("5", "USD"), 0)], "at least 1"),
            ([Package("basic", money("5", "EUR"), 1)], "EUR"),
            ([Package("basic", money("5", "USD"), 1, revisions=-1)], "revisions"),
            ([{"name": "basic", "price": 5.0, "delivery_days": 1}], "float"),
            ([{"name": "basic", "price": "5.001", "delivery_days": 1}], "decimal places"),
            ([{"name": "basic", "cost": "5", "delivery_days": 1}], "unknown Package field"),
        ],
    )
    def test_bad_packages(self, world: World, packages: list[object], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            world.market.listings.create(
                actor="seller", title="T", description="D", category="c", packages=packages
            )
        assert world.market.listings.of_seller("seller", viewer="seller") == []

    @pytest.mark.parametrize(
        ("extras", "message"),
        [
            ([Extra("Fast!", "x", money("1", "USD"))], "lower-case"),
            ([Extra("a", "x", money("1", "USD"))] * 2, "given twice"),
            ([Extra("noop", "Nothing", money("0", "USD"))], "changes nothing"),
            ([Extra("neg", "Negative", money("-1", "USD"))], "zero or more"),
            ([Extra("fast", "Too fast", money("1", "USD"), delivery_days=-3)], "at least one day"),
            (
                [
                    Extra("fast", "Faster", money("1", "USD"), delivery_days=-1),
                    Extra("faster", "Even faster", money("1", "USD"), delivery_days=-2),
                ],
                "at least one day",
            ),
            ([{"key": "x", "title": "X", "price": "1", "delivery_days": 1.5}], "whole number"),
        ],
    )
    def test_bad_extras(self, world: World, extras: list[object], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            world.market.listings.create(
                actor="seller",
                title="T",
                description="D",
                category="c",
                price="5",
                delivery_days=3,
                extras=extras,
            )

    def test_text_fields(self, world: World) -> None:
        base = {"description": "D", "category": "c", "price": "5", "delivery_days": 1}
        with pytest.raises(ValidationError, match="title must not be empty"):
            world.market.listings.create(actor="seller", title="  ", **base)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="at most 120"):
            world.market.listings.create(actor="seller", title="x" * 121, **base)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="at most 10 tags"):
            world.market.listings.create(
                actor="seller",
                title="T",
                tags=[f"t{i}" for i in range(11)],
                **base,  # type: ignore[arg-type]
            )
        with pytest.raises(ValidationError, match="not one string"):
            world.market.listings.create(actor="seller", title="T", tags="logo", **base)  # type: ignore[arg-type]
        card = world.market.listings.create(
            actor="seller",
            title=" T ",
            tags=["Logo", "logo", " LOGO "],
            **base,  # type: ignore[arg-type]
        )
        assert (card.title, card.tags) == ("T", ("logo",))

    def test_unknown_seller(self, world: World) -> None:
        with pytest.raises(NotFound):
            world.market.listings.create(
                actor="nobody", title="T", description="D", category="c", price="5", delivery_days=1
            )

    def test_ordering_choices_are_checked(self, world: World) -> None:
        card = logo_card(world)
        with pytest.raises(ValidationError, match="no 'gold' package"):
            world.market.listings.order(card.id, actor="buyer", package="gold")
        with pytest.raises(ValidationError, match="no extra 'logo'"):
            world.market.listings.order(card.id, actor="buyer", extras=["logo"])
        with pytest.raises(ValidationError, match="once"):
            world.market.listings.order(card.id, actor="buyer", extras=["source", "source"])
        with pytest.raises(ValidationError, match="not one string"):
            world.market.listings.order(card.id, actor="buyer", extras="source")
        with pytest.raises(PolicyViolation, match="own service"):
            world.market.listings.order(card.id, actor="seller")
        with pytest.raises(NotFound):
            world.market.listings.order("l999", actor="buyer")
        assert world.market.orders.counts() == {}


class TestOperatorSchema:
    SCHEMA = ListingSchema(
        categories=("renovation", "design"),
        attributes=(
            AttributeSpec(
                "area_m2",
                "number",
                required=True,
                minimum=1,
                maximum=1000,
                categories=("renovation",),
            ),
            AttributeSpec("materials_included", "flag"),
            AttributeSpec("style", "choice", choices=("modern", "classic")),
            AttributeSpec("district", "text", max_length=40),
        ),
    )

    @pytest.fixture
    def w(self, make_world: Callable[..., World]) -> World:
        return make_world(presets.fiverr_like(), listing_schema=self.SCHEMA)

    def make(self, w: World, category: str, attributes: dict[str, object]) -> Listing:
        return w.market.listings.create(
            actor="seller",
            title="Bathroom renovation",
            description="Tiles and plumbing.",
            category=category,
            price="900",
            delivery_days=10,
            attributes=attributes,
        )

    def test_valid_attributes_are_stored_typed_and_sorted(self, w: World) -> None:
        card = self.make(
            w, "renovation", {"style": "modern", "area_m2": "12.5", "materials_included": True}
        )
        assert card.attributes == (
            ("area_m2", Decimal("12.5")),
            ("materials_included", True),
            ("style", "modern"),
        )
        assert card.attribute("area_m2") == Decimal("12.5")
        assert card.attribute("district") is None

    @pytest.mark.parametrize(
        ("category", "attributes", "message"),
        [
            ("plumbing", {}, "not offered here"),
            ("renovation", {}, "requires attribute"),
            ("renovation", {"area_m2": 0}, "at least 1"),
            ("renovation", {"area_m2": 1.5}, "float"),
            ("renovation", {"area_m2": "big"}, "not a number"),
            ("renovation", {"area_m2": 5, "style": "gothic"}, "one of modern, classic"),
            ("renovation", {"area_m2": 5, "materials_included": "yes"}, "True or False"),
            ("renovation", {"area_m2": 5, "colour": "red"}, "unknown attribute"),
            ("renovation", {"area_m2": 5, "district": "x" * 41}, "at most 40"),
            ("design", {"area_m2": 5}, "unknown attribute"),  # only for renovation
        ],
    )
    def test_invalid_attributes(
        self, w: World, category: str, attributes: dict[str, object], message: str
    ) -> None:
        with pytest.raises(ValidationError, match=message):
            self.make(w, category, attributes)

    def test_changing_category_rechecks_attributes(self, w: World) -> None:
        card = self.make(w, "renovation", {"area_m2": 20})
        with pytest.raises(ValidationError, match="unknown attribute"):
            w.market.listings.edit(card.id, actor="seller", category="design")
        moved = w.market.listings.edit(card.id, actor="seller", category="design", attributes={})
        assert (moved.category, moved.attributes) == ("design", ())

    def test_schema_itself_is_checked(self) -> None:
        with pytest.raises(ValidationError, match="lists no choices"):
            AttributeSpec("style", "choice")
        with pytest.raises(ValidationError, match="not one of"):
            AttributeSpec("style", "colour")
        with pytest.raises(ValidationError, match="distinct"):
            ListingSchema(attributes=(AttributeSpec("a", "flag"), AttributeSpec("a", "text")))


# -- search through the facade --------------------------------------------------------------------
class TestSearch:
    @pytest.fixture
    def w(self, world: World) -> World:
        return self.with_cards(world)

    def with_cards(self, world: World) -> World:
        m = world.market
        for user in ("s2", "s3"):
            m.users.register(user, name=user, email=f"{user}@example.org")
        cards = [
            ("seller", "Minimalist logo design", "design", "40", 3),
            ("seller", "Logo animation for intros", "video", "60", 5),
            ("s2", "Diseño de logotipo profesional", "design", "25", 2),
            ("s2", "Grafikus tervezés, logó készítés", "design", "80", 7),
            ("s3", "WordPress website with a free logo", "web", "300", 14),
        ]
        for seller, title, category, price, days in cards:
            m.listings.create(
                actor=seller,
                title=title,
                description=title,
                category=category,
                price=price,
                delivery_days=days,
                submit=True,
            )
            world.clock.advance(minutes=1)
        return world

    def titles(self, results: object) -> list[str]:
        return [listing.title for listing in results.listings]  # type: ignore[attr-defined]

    def test_accents_and_case_do_not_matter(self, w: World) -> None:
        assert self.titles(w.market.listings.search("DISENO")) == ["Diseño de logotipo profesional"]
        assert self.titles(w.market.listings.search("tervezes")) == [
            "Grafikus tervezés, logó készítés"
        ]

    def test_filters_and_sorting(self, w: World) -> None:
        m = w.market
        found = m.listings.search("logo", category="design", sort="price_asc")
        assert self.titles(found) == ["Minimalist logo design", "Grafikus tervezés, logó készítés"]
        found = m.listings.search(
            "", min_price="30", max_price=money("100", "USD"), sort="price_desc"
        )
        assert [x.price for x in found.listings] == [usd("80"), usd("60"), usd("40")]
        found = m.listings.search("", max_delivery_days=3, sort="price_asc")
        assert [x.delivery_days for x in found.listings] == [2, 3]
        newest = m.listings.search("", sort="newest")
        assert newest.listings[0].title == "WordPress website with a free logo"

    def test_pages(self, w: World) -> None:
        first = w.market.listings.search("", sort="price_asc", per_page=2)
        second = w.market.listings.search("", sort="price_asc", page=2, per_page=2)
        third = w.market.listings.search("", sort="price_asc", page=3, per_page=2)
        assert (first.total, first.pages) == (5, 3)
        assert len(first.listings) == 2
        assert len(third.listings) == 1
        assert not set(ids(first)) & set(ids(second))

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"sort": "cheapest"}, "not one of"),
            ({"page": 0}, "page"),
            ({"per_page": 1000}, "per_page"),
            ({"min_price": "10", "max_price": "5"}, "must not exceed"),
            ({"min_price": 1.5}, "float"),
            ({"min_rating": 4.5}, "float"),
            ({"min_seller_level": "Guru"}, "unknown seller level"),
            ({"min_seller_level": -1}, "0 or more"),
            ({"min_price": money("5", "EUR")}, "EUR"),
        ],
    )
    def test_bad_queries_are_validation_errors(
        self, w: World, kwargs: dict[str, object], message: str
    ) -> None:
        with pytest.raises(ValidationError, match=message):
            w.market.listings.search("logo", **kwargs)  # type: ignore[arg-type]

    def test_rating_filter_follows_new_reviews(self, w: World) -> None:
        m = w.market
        assert m.listings.search("logo", min_rating="4").total == 0
        card = m.listings.search("minimalist").listings[0]
        order = m.listings.order(card.id, actor="buyer")
        m.orders.start(order.id, actor="seller")
        m.orders.deliver(order.id, actor="seller", message="done")
        m.orders.accept(order.id, actor="buyer")
        m.reviews.write(order.id, actor="buyer", stars=5, text="Great")
        found = m.listings.search("logo", min_rating="4")
        assert {x.seller_id for x in found.listings} == {"seller"}
        assert found.total == 2
        assert m.listings.search("", sort="rating").listings[0].seller_id == "seller"

    def test_double_blind_review_enters_search_when_time_reveals_it(
        self, make_world: Callable[..., World]
    ) -> None:
        w = make_world(attrs.evolve(presets.microjobengine(), reviews_double_blind=True))
        card = logo_card(w)
        assert w.market.listings.search("logo").total == 1  # the index exists from here on
        order = w.market.listings.order(card.id, actor="buyer")
        w.market.orders.start(order.id, actor="seller")
        w.market.orders.deliver(order.id, actor="seller", message="done")
        w.market.orders.accept(order.id, actor="buyer")
        w.market.reviews.write(order.id, actor="buyer", stars=5)
        assert w.market.listings.search("logo", min_rating="4").total == 0  # hidden for now
        w.clock.advance(days=15)
        w.market.run_due()
        assert w.market.listings.search("logo", min_rating="4").total == 1

    def test_seller_level_filter_follows_level_changes(
        self, make_world: Callable[..., World]
    ) -> None:
        rules = ReputationRules(
            levels=(LevelRule("New"), LevelRule("Pro", Criteria(min_completed=1)))
        )
        m = self.with_cards(make_world(presets.fiverr_like(), reputation_rules=rules)).market
        assert m.listings.search("logo", min_seller_level="Pro").total == 0
        card = m.listings.search("diseno").listings[0]
        order = m.listings.order(card.id, actor="buyer")
        m.orders.start(order.id, actor="s2")
        m.orders.deliver(order.id, actor="s2", message="done")
        m.orders.accept(order.id, actor="buyer")
        m.run_due()  # evaluates the sellers whose orders changed: s2 becomes Pro
        assert m.reputation.level("s2") == "Pro"
        found = m.listings.search("", min_seller_level="Pro")
        assert {x.seller_id for x in found.listings} == {"s2"}
        assert m.listings.search("", min_seller_level=1).total == 2

    def test_index_is_built_from_storage_on_first_use(self, w: World) -> None:
        m = w.market
        assert m.listings.index._search is None  # nobody searched yet: nothing kept in memory
        assert m.listings.search("").total == 5
        assert m.listings.rebuild_search_index() == 5

    def test_a_plugged_index_receives_published_cards_and_changes(
        self, make_world: Callable[..., World]
    ) -> None:
        class Recording:
            def __init__(self) -> None:
                self.inner = InMemorySearchIndex()
                self.calls: list[tuple[str, str]] = []

            def index(self, doc: SearchDocument) -> None:
                self.calls.append(("index", doc.listing_id))
                self.inner.index(doc)

            def remove(self, listing_id: str) -> None:
                self.calls.append(("remove", listing_id))
                self.inner.remove(listing_id)

            def search(self, query: SearchQuery) -> SearchPage:
                return self.inner.search(query)

        port = Recording()
        w = self.with_cards(make_world(presets.fiverr_like(), search_index=port))
        assert w.market.listings.search("").total == 5  # filled on first use
        assert len([c for c in port.calls if c[0] == "index"]) == 5
        card = w.market.listings.of_seller("s3")[0]
        w.market.listings.pause(card.id, actor="s3")
        assert port.calls[-1] == ("remove", card.id)
        assert w.market.listings.search("wordpress").total == 0

    def test_a_command_that_fails_to_commit_does_not_reach_the_index(self, w: World) -> None:
        m = w.market
        card = m.listings.of_seller("s3")[0]
        assert m.listings.search("wordpress").total == 1
        with pytest.raises(PermissionDenied):
            m.listings.pause(card.id, actor="seller")
        opened = m._ctx.uow

        def failing_commit() -> object:
            uow = opened()

            def commit() -> None:
                raise RuntimeError("the database went away")

            uow.commit = commit  # type: ignore[method-assign]
            return uow

        m._ctx.uow = failing_commit  # type: ignore[assignment]
        with pytest.raises(RuntimeError):
            m.listings.pause(card.id, actor="s3")
        m._ctx.uow = opened
        assert m.listings.get(card.id).state == L.PUBLISHED
        assert m.listings.search("wordpress").total == 1


# -- properties ------------------------------------------------------------------------------------
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def shop() -> World:
    world = World(presets.microjobengine())
    m = world.market
    titles = [
        "Logo design",
        "Diseño web",
        "Grafikus tervezés",
        "Übersetzung Deutsch",
        "Ремонт",
        "SEO audit",
        "Voice over",
        "3d render",
        "C++ tutoring",
        "日本語 翻訳",
    ]
    for i, title in enumerate(titles):
        m.listings.create(
            actor="seller",
            title=title,
            description=f"{title} service number {i}",
            category="misc",
            price=str(10 + i),
            delivery_days=1 + i % 5,
            submit=True,
        )
    m.listings.create(
        actor="seller",
        title="Hidden draft logo",
        description="draft",
        category="misc",
        price="5",
        delivery_days=1,
    )
    return world


@PROPERTY
@given(text=st.text(max_size=200), page=st.integers(1, 5), per_page=st.integers(1, 100))
def test_any_query_string_is_safe_and_finds_only_published_cards(
    shop: World, text: str, page: int, per_page: int
) -> None:
    found = shop.market.listings.search(text, page=page, per_page=per_page)
    assert all(listing.state == L.PUBLISHED for listing in found.listings)
    assert len(found.listings) <= per_page
    assert 0 <= found.total <= 10


cents = st.integers(min_value=1, max_value=10_000_00)


@PROPERTY
@given(
    packages=st.lists(
        st.tuples(cents, st.integers(3, 30), st.one_of(st.none(), st.integers(0, 5))),
        min_size=1,
        max_size=3,
    ),
    extras=st.lists(
        st.tuples(st.integers(0, 500_00), st.integers(-2, 5), st.integers(0, 3)),
        max_size=4,
    ),
    pick=st.data(),
)
def test_package_and_extras_price_arithmetic_is_exact(
    make_world: Callable[..., World],
    packages: list[tuple[int, int, int | None]],
    extras: list[tuple[int, int, int]],
    pick: st.DataObject,
) -> None:
    w = make_world(presets.microjobengine())
    made_packages = [
        Package(name, money(_cents(price), "USD"), days, revs)
        for name, (price, days, revs) in zip(
            ("basic", "standard", "premium"), packages, strict=False
        )
    ]
    made_extras = [
        Extra(f"x{i}", f"Extra {i}", money(_cents(price), "USD"), days, revs)
        for i, (price, days, revs) in enumerate(extras)
        if price or days or revs
    ]
    faster = sum(e.delivery_days for e in made_extras if e.delivery_days < 0)
    if min(p.delivery_days for p in made_packages) + faster < 1:
        # Extras that together could cut a package below a day are refused up front.
        with pytest.raises(ValidationError, match="an order needs at least one day"):
            w.market.listings.create(
                actor="seller",
                title="Card",
                description="Card",
                category="c",
                packages=made_packages,
                extras=made_extras,
            )
        return
    card = w.market.listings.create(
        actor="seller",
        title="Card",
        description="Card",
        category="c",
        packages=made_packages,
        extras=made_extras,
        submit=True,
    )
    assert min(p.delivery_days for p in made_packages) + faster >= 1
    chosen = pick.draw(st.sampled_from(made_packages))
    keys: list[str] = []
    if made_extras:
        keys = pick.draw(st.lists(st.sampled_from([e.key for e in made_extras]), unique=True))
    got = w.market.listings.quote(card.id, package=chosen.name, extras=keys)
    used = [e for e in made_extras if e.key in keys]
    expect_cents = _to_cents(chosen.price) + sum(_to_cents(e.price) for e in used)
    assert _to_cents(got.price) == expect_cents
    assert got.price.amount.as_tuple().exponent == -2
    assert got.delivery_days == chosen.delivery_days + sum(e.delivery_days for e in used)
    assert got.delivery_days >= 1
    limit = chosen.revisions if chosen.revisions is not None else w.market.policy.revision_limit
    assert got.revisions == (None if limit is None else limit + sum(e.revisions for e in used))
    assert got == quote(card, chosen.name, keys, default_revisions=w.market.policy.revision_limit)

    order = w.market.listings.order(card.id, actor="buyer", package=chosen.name, extras=keys)
    assert order.price == got.price
    assert order.delivery_days == got.delivery_days
    assert order.policy.revision_limit == got.revisions
    assert order.escrow_total == got.price + percent(got.price, Decimal("0.10"))
    w.market.admin.verify()


def _cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


def _to_cents(value: object) -> int:
    amount = value.amount  # type: ignore[attr-defined]
    return int(amount * 100)
