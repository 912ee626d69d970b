"""Job requests: offers, invitations, comparing offers, acceptance into an order, expiry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microjob import (
    Conflict,
    InsufficientFunds,
    InvalidTransition,
    JobRequest,
    NotFound,
    OfferState,
    OrderState,
    PermissionDenied,
    PolicyViolation,
    RequestState,
    ValidationError,
    money,
    percent,
    presets,
)
from microjob.events import (
    JobRequestClosed,
    JobRequestPosted,
    OfferAccepted,
    OfferSent,
    SellerInvited,
)
from tests.conftest import World

R, OS = RequestState, OfferState


def add_experts(w: World, *names: str) -> None:
    for name in names:
        w.market.users.register(name, name=name.title(), email=f"{name}@example.org")


def post(w: World, **changes: object) -> JobRequest:
    fields: dict[str, object] = {
        "title": "Garden landscaping plan",
        "description": "A plan for a 200 m2 back garden with a patio and native plants.",
        "category": "garden",
        "budget": "800",
        "deadline": w.clock.now().add(days=10),
    }
    fields.update(changes)
    return w.market.requests.post(actor="buyer", **fields)  # type: ignore[arg-type]


def review_history(w: World, seller: str, stars: int) -> None:
    """A completed, reviewed order between another customer and ``seller``."""
    m = w.market
    order = m.orders.place(
        actor="stranger", seller_id=seller, title="Earlier job", price="100", delivery_days=2
    )
    m.orders.start(order.id, actor=seller)
    m.orders.deliver(order.id, actor=seller, message="done")
    m.orders.accept(order.id, actor="stranger")
    m.reviews.write(order.id, actor="stranger", stars=stars, text="fine")


# -- KiwiGigs --------------------------------------------------------------------------------------
class TestSeed002KiwiGigs:
    """A customer posts a request with budget and deadline; experts apply or are invited; the
    customer compares ratings and accepts one; booking: the platform fee is paid on the
    platform and the price settled directly."""

    @pytest.fixture
    def w(self, make_world: Callable[..., World]) -> World:
        world = make_world(presets.kiwigigs())
        add_experts(world, "ana", "ben", "cai")
        return world

    def test_request_two_offers_one_invitation_accept_order_booking_fee(self, w: World) -> None:
        m = w.market
        review_history(w, "ana", 5)
        review_history(w, "ben", 3)

        request = post(w)
        assert request.state == R.OPEN
        assert request.budget == money("800", "NZD")
        assert isinstance(w.publisher.events[-1], JobRequestPosted)
        assert [r.id for r in m.requests.browse(viewer="ana")] == [request.id]

        first = m.offers.send(
            request.id,
            actor="ana",
            price="750",
            delivery_days=5,
            message="Native plants are my speciality.",
        )
        second = m.offers.send(request.id, actor="ben", price="600", delivery_days=12)
        invited = m.requests.invite(
            request.id, actor="buyer", seller_id="cai", message="Saw your patio work"
        )
        assert invited.invited == ("cai",)
        assert isinstance(w.publisher.events[-1], SellerInvited)
        assert w.notifier.sent[-1].user_id == "cai"
        third = m.offers.send(request.id, actor="cai", price="820", delivery_days=4)
        assert (first.invited, second.invited, third.invited) == (False, False, True)
        assert isinstance(w.publisher.events[-1], OfferSent)
        assert {n.user_id for n in w.notifier.sent if n.kind == "offer.sent"} == {"buyer"}

        views = m.offers.for_request(request.id, viewer="buyer")
        assert [v.offer.id for v in views] == [first.id, second.id, third.id]
        by_seller = {v.offer.seller_id: v for v in views}
        assert (by_seller["ana"].rating, by_seller["ana"].review_count) == (Decimal(5), 1)
        assert (by_seller["ben"].rating, by_seller["ben"].review_count) == (Decimal(3), 1)
        assert (by_seller["cai"].rating, by_seller["cai"].review_count) == (None, 0)
        assert by_seller["ana"].seller_name == "Ana"
        assert [v.within_budget for v in views] == [True, True, False]
        assert [v.meets_deadline for v in views] == [True, False, True]
        assert [
            v.offer.seller_id
            for v in m.offers.for_request(request.id, viewer="buyer", sort="rating")
        ] == [
            "ana",
            "cai",
            "ben",
        ]
        assert [
            v.offer.seller_id
            for v in m.offers.for_request(request.id, viewer="buyer", sort="price")
        ] == [
            "ben",
            "ana",
            "cai",
        ]

        # The two may talk on the platform before deciding.
        chat = m.chat.start(actor="buyer", other="ana")
        m.chat.send(chat.id, actor="buyer", text="Can you start next week?")

        charges_before = len(w.gateway.calls)
        order = m.offers.accept(first.id, actor="buyer")
        assert order.seller_id == "ana"
        assert order.buyer_id == "buyer"
        assert order.price == money("750", "NZD")
        assert order.delivery_days == 5
        assert order.booking_fee == money("75", "NZD")  # 10 %, paid through the platform
        assert order.escrow_total == money("75", "NZD")
        assert order.state == OrderState.PENDING  # the fake gateway took the booking fee
        charge = w.gateway.calls[charges_before]
        assert charge[0] == "ch"
        assert charge[2] == money("75", "NZD")

        done = m.requests.get(request.id, viewer="buyer")
        assert done.state == R.AWARDED
        assert (done.accepted_offer_id, done.order_id) == (first.id, order.id)
        states = {
            o.seller_id: o.state
            for o in (m.offers.of_seller(s, viewer=s)[0] for s in ("ana", "ben", "cai"))
        }
        assert states == {"ana": OS.ACCEPTED, "ben": OS.CLOSED, "cai": OS.CLOSED}
        assert m.offers.of_seller("ana", viewer="ana")[0].order_id == order.id
        closed_notes = [n for n in w.notifier.sent if n.kind == "offer.closed"]
        assert {n.user_id for n in closed_notes} == {"ben", "cai"}
        accepted = [n for n in w.notifier.sent if n.kind == "offer.accepted"]
        assert [n.user_id for n in accepted] == ["ana"]
        kinds = [type(e) for e in w.publisher.events]
        assert OfferAccepted in kinds
        assert JobRequestClosed in kinds
        closing = [e for e in w.publisher.events if isinstance(e, JobRequestClosed)][-1]
        assert (closing.outcome, closing.closed_offers) == ("awarded", 2)

        # The expert completes, the customer confirms; the platform kept its booking fee.
        m.orders.start(order.id, actor="ana")
        m.orders.deliver(order.id, actor="ana", message="Plan attached")
        m.orders.accept(order.id, actor="buyer")
        assert w.revenue()["booking_fees"] == "95.00"  # 75 + the two 10 NZD fees of the history
        m.admin.verify()

    def test_contact_details_in_an_offer_are_refused(self, w: World) -> None:
        request = post(w)
        with pytest.raises(PolicyViolation, match=r"phone"):
            w.market.offers.send(
                request.id,
                actor="ana",
                price="500",
                delivery_days=3,
                message="Call me on +64 21 555 0199 and we skip the fee",
            )
        assert w.market.offers.of_seller("ana", viewer="ana") == []


# -- escrow mode -----------------------------------------------------------------------------------
class TestEscrowMode:
    def test_accepting_under_escrow_charges_price_and_buyer_fee(self, world: World) -> None:
        w = world
        request = post(w)
        offer = w.market.offers.send(request.id, actor="seller", price="500", delivery_days=3)
        order = w.market.offers.accept(offer.id, actor="buyer")
        assert order.price == money("500", "USD")
        assert order.escrow_total == money("500", "USD") + percent(
            money("500", "USD"), Decimal("0.055")
        )
        assert order.state == OrderState.PENDING
        w.market.admin.verify()

    def test_a_failed_wallet_payment_leaves_everything_open(self, world: World) -> None:
        w = world
        add_experts(w, "ana")
        request = post(w)
        offer = w.market.offers.send(request.id, actor="seller", price="500", delivery_days=3)
        other = w.market.offers.send(request.id, actor="ana", price="450", delivery_days=3)
        events_before = len(w.publisher.events)
        notes_before = len(w.notifier.sent)
        with pytest.raises(InsufficientFunds):
            w.market.offers.accept(offer.id, actor="buyer", pay_from_wallet=True)
        assert w.market.requests.get(request.id).state == R.OPEN
        assert w.market.offers.of_seller("seller", viewer="seller")[0].state == OS.OPEN
        assert w.market.offers.of_seller("ana", viewer="ana")[0] == other
        assert w.market.orders.counts() == {}
        assert len(w.publisher.events) == events_before
        assert len(w.notifier.sent) == notes_before


# -- permissions and states --------------------------------------------------------------------
class TestRules:
    @pytest.fixture
    def w(self, world: World) -> World:
        add_experts(world, "ana")
        return world

    def test_a_seller_cannot_offer_on_their_own_request(self, w: World) -> None:
        request = post(w)
        with pytest.raises(PermissionDenied, match="own job request"):
            w.market.offers.send(request.id, actor="buyer", price="100", delivery_days=1)

    def test_one_open_offer_per_seller_until_withdrawn(self, w: World) -> None:
        request = post(w)
        offer = w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        with pytest.raises(Conflict, match="withdraw it"):
            w.market.offers.send(request.id, actor="ana", price="650", delivery_days=5)
        with pytest.raises(PermissionDenied):
            w.market.offers.withdraw(offer.id, actor="seller")
        with pytest.raises(PermissionDenied):  # the buyer declines, only the seller withdraws
            w.market.offers.withdraw(offer.id, actor="buyer")
        withdrawn = w.market.offers.withdraw(offer.id, actor="ana")
        assert withdrawn.state == OS.WITHDRAWN
        again = w.market.offers.send(request.id, actor="ana", price="650", delivery_days=5)
        assert again.state == OS.OPEN
        with pytest.raises(InvalidTransition):
            w.market.offers.accept(offer.id, actor="buyer")  # the withdrawn one

    def test_only_the_owner_accepts_edits_invites(self, w: World) -> None:
        request = post(w)
        offer = w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        for actor in ("ana", "stranger", "admin"):
            with pytest.raises(PermissionDenied):
                w.market.offers.accept(offer.id, actor=actor)
            with pytest.raises(PermissionDenied):
                w.market.requests.edit(request.id, actor=actor, budget="1")
            with pytest.raises(PermissionDenied):
                w.market.requests.invite(request.id, actor=actor, seller_id="seller")
        with pytest.raises(PermissionDenied):
            w.market.offers.decline(offer.id, actor="stranger")
        with pytest.raises(PermissionDenied):
            w.market.offers.decline(offer.id, actor="ana")
        with pytest.raises(PermissionDenied):
            w.market.requests.cancel(request.id, actor="ana")
        assert w.market.requests.get(request.id) == request

    def test_offers_are_seen_by_the_buyer_and_each_seller_sees_their_own(self, w: World) -> None:
        request = post(w)
        mine = w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        w.market.offers.send(request.id, actor="seller", price="600", delivery_days=5)
        assert len(w.market.offers.for_request(request.id, viewer="buyer")) == 2
        assert len(w.market.offers.for_request(request.id, viewer="admin")) == 2
        assert [v.offer.id for v in w.market.offers.for_request(request.id, viewer="ana")] == [
            mine.id
        ]
        with pytest.raises(PermissionDenied):
            w.market.offers.for_request(request.id, viewer="stranger")
        with pytest.raises(ValidationError, match="sort"):
            w.market.offers.for_request(request.id, viewer="buyer", sort="stars")

    def test_offers_only_while_open(self, w: World) -> None:
        request = post(w)
        offer = w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        w.market.offers.accept(offer.id, actor="buyer")
        with pytest.raises(PolicyViolation, match="awarded"):
            w.market.offers.send(request.id, actor="seller", price="500", delivery_days=5)
        with pytest.raises(PolicyViolation, match="awarded"):
            w.market.requests.invite(request.id, actor="buyer", seller_id="seller")
        with pytest.raises(InvalidTransition):
            w.market.requests.edit(request.id, actor="buyer", budget="900")
        with pytest.raises(InvalidTransition):
            w.market.requests.cancel(request.id, actor="buyer")
        assert w.market.requests.browse(viewer="seller") == []

    def test_declined_offer_leaves_the_request_open(self, w: World) -> None:
        request = post(w)
        offer = w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        declined = w.market.offers.decline(offer.id, actor="buyer", reason="too slow")
        assert declined.state == OS.DECLINED
        assert w.notifier.sent[-1].user_id == "ana"
        assert "too slow" in w.notifier.sent[-1].text
        assert w.market.requests.get(request.id).state == R.OPEN
        with pytest.raises(InvalidTransition):
            w.market.offers.accept(offer.id, actor="buyer")

    def test_cancel_closes_the_open_offers(self, w: World) -> None:
        request = post(w)
        w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        cancelled = w.market.requests.cancel(request.id, actor="buyer", reason="found someone")
        assert cancelled.state == R.CANCELLED
        assert w.market.offers.of_seller("ana", viewer="ana")[0].state == OS.CLOSED
        assert "found someone" in w.notifier.sent[-1].text

    def test_an_admin_may_cancel_a_request(self, w: World) -> None:
        request = post(w)
        assert w.market.requests.cancel(request.id, actor="admin").state == R.CANCELLED

    def test_private_requests_take_offers_from_invited_sellers_only(self, w: World) -> None:
        request = post(w, private=True)
        assert w.market.requests.browse(viewer="ana") == []
        with pytest.raises(NotFound):
            w.market.requests.get(request.id, viewer="ana")
        with pytest.raises(PermissionDenied, match="private"):
            w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        w.market.requests.invite(request.id, actor="buyer", seller_id="ana")
        with pytest.raises(Conflict, match="already invited"):
            w.market.requests.invite(request.id, actor="buyer", seller_id="ana")
        with pytest.raises(ValidationError, match="themselves"):
            w.market.requests.invite(request.id, actor="buyer", seller_id="buyer")
        with pytest.raises(NotFound):
            w.market.requests.invite(request.id, actor="buyer", seller_id="nobody")
        assert [r.id for r in w.market.requests.browse(viewer="ana")] == [request.id]
        offer = w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        assert offer.invited

    def test_edit_tells_the_sellers_with_open_offers(self, w: World) -> None:
        request = post(w)
        w.market.offers.send(request.id, actor="ana", price="700", delivery_days=5)
        edited = w.market.requests.edit(
            request.id, actor="buyer", budget="950", deadline=w.clock.now().add(days=20)
        )
        assert edited.budget == money("950", "USD")
        assert edited.deadline == w.clock.now().add(days=20)
        assert edited.version == request.version + 1
        assert w.notifier.sent[-1].user_id == "ana"
        with pytest.raises(ValidationError, match="nothing to change"):
            w.market.requests.edit(request.id, actor="buyer")

    def test_open_requests_by_category(self, w: World) -> None:
        garden = post(w)
        post(w, category="plumbing", title="Fix a leaking tap")
        assert [r.id for r in w.market.requests.browse(viewer="ana", category="garden")] == [
            garden.id
        ]
        assert w.market.requests.browse(viewer="buyer") == []  # not one's own
        assert len(w.market.requests.of_buyer("buyer", viewer="buyer")) == 2
        assert len(w.market.requests.of_buyer("buyer", R.OPEN, viewer="buyer")) == 2


class TestValidation:
    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"budget": 800.0}, "float"),
            ({"budget": "-5"}, "greater than zero"),
            ({"budget": money("5", "EUR")}, "EUR"),
            ({"title": " "}, "title must not be empty"),
            ({"description": ""}, "description must not be empty"),
            ({"deadline": datetime(2030, 1, 1)}, "time zone"),
            ({"deadline": "tomorrow"}, "date and time"),
        ],
    )
    def test_bad_requests(self, world: World, changes: dict[str, object], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            post(world, **changes)
        assert world.market.requests.of_buyer("buyer", viewer="buyer") == []

    def test_deadline_must_be_in_the_future(self, world: World) -> None:
        with pytest.raises(ValidationError, match="has passed"):
            post(world, deadline=world.clock.now())

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"price": "0", "delivery_days": 1}, "greater than zero"),
            ({"price": 1.5, "delivery_days": 1}, "float"),
            ({"price": "10", "delivery_days": 0}, "delivery_days"),
            ({"price": "10", "delivery_days": True}, "delivery_days"),
            ({"price": "10", "delivery_days": 1, "message": "x" * 5001}, "the limit is 5,000"),
        ],
    )
    def test_bad_offers(self, world: World, kwargs: dict[str, object], message: str) -> None:
        request = post(world)
        with pytest.raises(ValidationError, match=message):
            world.market.offers.send(request.id, actor="seller", **kwargs)  # type: ignore[arg-type]
        assert world.market.offers.of_seller("seller", viewer="seller") == []


# -- time ------------------------------------------------------------------------------------------
class TestExpiry:
    def test_requests_expire_at_their_deadline_through_run_due(self, world: World) -> None:
        w = world
        request = post(w, deadline=w.clock.now().add(days=3))
        w.market.offers.send(request.id, actor="seller", price="700", delivery_days=5)
        w.clock.advance(days=3, seconds=-1)
        assert "requests_expired" not in w.market.run_due().moves
        w.clock.advance(seconds=1)
        report = w.market.run_due()
        assert report.moves["requests_expired"] == 1
        expired = w.market.requests.get(request.id, viewer="buyer")
        assert expired.state == R.EXPIRED
        assert expired.closed_at == w.clock.now()
        assert w.market.offers.of_seller("seller", viewer="seller")[0].state == OS.CLOSED
        assert {n.user_id for n in w.notifier.sent[-2:]} == {"buyer", "seller"}
        closing = w.publisher.events[-1]
        assert isinstance(closing, JobRequestClosed)
        assert closing.outcome == "expired"
        assert "requests_expired" not in w.market.run_due().moves  # idempotent

    def test_nothing_is_accepted_after_the_deadline_even_before_run_due(self, world: World) -> None:
        w = world
        request = post(w, deadline=w.clock.now().add(days=1))
        offer = w.market.offers.send(request.id, actor="seller", price="700", delivery_days=5)
        w.clock.advance(days=1)
        with pytest.raises(PolicyViolation, match="deadline"):
            w.market.offers.accept(offer.id, actor="buyer")
        with pytest.raises(PolicyViolation, match="deadline"):
            w.market.offers.send(request.id, actor="stranger", price="500", delivery_days=5)
        assert w.market.requests.browse(viewer="stranger") == []
        assert w.market.orders.counts() == {}


# -- properties ------------------------------------------------------------------------------------
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prices=st.lists(st.integers(min_value=1, max_value=10_000_00), min_size=1, max_size=5),
    pick=st.data(),
)
def test_accepting_any_offer_awards_exactly_one_and_the_fee_is_exact(
    make_world: Callable[..., World], prices: list[int], pick: st.DataObject
) -> None:
    w = make_world(presets.kiwigigs())
    sellers = [f"expert{i}" for i in range(len(prices))]
    add_experts(w, *sellers)
    request = post(w)
    offers = [
        w.market.offers.send(
            request.id, actor=seller, price=f"{cents // 100}.{cents % 100:02d}", delivery_days=3
        )
        for seller, cents in zip(sellers, prices, strict=True)
    ]
    chosen = pick.draw(st.sampled_from(offers))
    order = w.market.offers.accept(chosen.id, actor="buyer")
    assert order.price == chosen.price
    assert order.booking_fee == percent(chosen.price, Decimal("0.10"))
    assert order.escrow_total == order.booking_fee
    states = [w.market.offers.of_seller(seller, viewer=seller)[0].state for seller in sellers]
    assert states.count(OS.ACCEPTED) == 1
    assert states.count(OS.CLOSED) == len(offers) - 1
    assert w.market.orders.counts() == {OrderState.PENDING: 1}
    w.market.admin.verify()
