"""Reviews through the facade: only after a completed purchase, once per side, within the
window, double-blind reveal, the answer, masking, and the aggregates behind rankings."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microjob import (
    Conflict,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
    presets,
)
from microjob.disputes import Ruling
from microjob.events import ReviewWritten
from microjob.lifecycle import Role
from microjob.reviews import Review, rating_of
from tests.conftest import World


def completed(w: World, price: str = "40") -> str:
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price=price, delivery_days=3
    )
    w.market.orders.start(order.id, actor="seller")
    w.market.orders.deliver(order.id, actor="seller", message="done")
    w.market.orders.accept(order.id, actor="buyer")
    return order.id


def blind(make_world: Callable[..., World]) -> World:
    return make_world(attrs.evolve(presets.fiverr_like(), reviews_double_blind=True))


def stored(w: World) -> int:
    return len(w.market.store.records.get("review", {}))


# -- who may review, and when ------------------------------------------------------------------
def test_no_review_before_the_purchase_is_completed(world: World) -> None:
    order = world.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="40", delivery_days=3
    )
    world.market.orders.start(order.id, actor="seller")
    world.market.orders.deliver(order.id, actor="seller", message="done")
    with pytest.raises(PolicyViolation, match="only after a completed purchase"):
        world.market.reviews.write(order.id, actor="buyer", stars=5, text="great")
    assert stored(world) == 0
    assert world.market.reviews.of_user("seller") == []


def test_a_stranger_cannot_review_someone_elses_order(world: World) -> None:
    order_id = completed(world)
    with pytest.raises(PermissionDenied, match="only the buyer and the seller"):
        world.market.reviews.write(
            order_id, actor="stranger", stars=1, text="never bought anything"
        )
    assert stored(world) == 0


def test_both_sides_review_each_other_once(world: World) -> None:
    order_id = completed(world)
    by_buyer = world.market.reviews.write(order_id, actor="buyer", stars=5, text="Quick and clean")
    by_seller = world.market.reviews.write(order_id, actor="seller", stars=4, text="Clear brief")
    assert (by_buyer.subject_id, by_buyer.author_role) == ("seller", Role.BUYER)
    assert (by_seller.subject_id, by_seller.author_role) == ("buyer", Role.SELLER)
    for actor in ("buyer", "seller"):
        with pytest.raises(Conflict, match="one review per side"):
            world.market.reviews.write(order_id, actor=actor, stars=1, text="changed my mind")
    assert [r.stars for r in world.market.reviews.of_user("seller")] == [5]
    assert [r.stars for r in world.market.reviews.of_user("buyer")] == [4]
    written = [e for e in world.publisher.of(ReviewWritten) if isinstance(e, ReviewWritten)]
    assert [(e.subject_id, e.stars) for e in written] == [("seller", 5), ("buyer", 4)]
    assert any(n.kind == "review.written" for n in world.notifier.for_user("seller"))


def test_the_window_closes_after_the_policys_days(world: World) -> None:
    order_id = completed(world)
    world.clock.advance(days=14)
    world.market.reviews.write(order_id, actor="buyer", stars=5)  # the last day still counts
    world.clock.advance(seconds=1)
    with pytest.raises(PolicyViolation, match="review window closed"):
        world.market.reviews.write(order_id, actor="seller", stars=5)
    assert stored(world) == 1


@pytest.mark.parametrize("stars", [0, 6, -1, True, "5", Decimal("4.5"), None])
def test_stars_are_a_whole_number_from_one_to_five(world: World, stars: object) -> None:
    order_id = completed(world)
    with pytest.raises(ValidationError, match="whole number from 1 to 5"):
        world.market.reviews.write(order_id, actor="buyer", stars=stars, text="?")  # type: ignore[arg-type]
    assert stored(world) == 0


def test_sub_ratings_are_named_and_checked(world: World) -> None:
    order_id = completed(world)
    with pytest.raises(ValidationError, match="unknown sub-rating 'speed'"):
        world.market.reviews.write(order_id, actor="buyer", stars=5, sub_ratings={"speed": 5})
    with pytest.raises(ValidationError, match="sub-rating 'quality'"):
        world.market.reviews.write(order_id, actor="buyer", stars=5, sub_ratings={"quality": 9})
    review = world.market.reviews.write(
        order_id, actor="buyer", stars=5, sub_ratings={"quality": 5, "communication": 4}
    )
    assert review.sub_ratings == (("communication", 4), ("quality", 5))
    means = world.market.reviews.rating("seller").sub_means
    assert means == {"communication": Decimal("4.00"), "quality": Decimal("5.00")}


def test_contact_details_in_a_public_review_are_masked(world: World) -> None:
    order_id = completed(world)
    review = world.market.reviews.write(
        order_id, actor="buyer", stars=5, text="Great! Next time write me at jane.doe@example.org"
    )
    assert review.contact_masked
    assert "jane.doe@example.org" not in review.text
    assert review.text.startswith("Great!")  # the praise stays, the invitation goes
    assert "[contact removed]" in review.text


# -- a dispute won by the seller -----------------------------------------------------------------
def ruled_for_seller(w: World) -> str:
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="40", delivery_days=3
    )
    w.market.orders.start(order.id, actor="seller")
    w.market.orders.deliver(order.id, actor="seller", message="done")
    dispute = w.market.disputes.open(order.id, actor="buyer", reason="Not what I asked for")
    w.market.disputes.rule(
        dispute.id, actor="admin", ruling=Ruling.release_to_seller("as described")
    )
    return order.id


def test_an_order_ruled_for_the_seller_can_be_reviewed_by_default(world: World) -> None:
    order_id = ruled_for_seller(world)
    assert world.market.reviews.write(order_id, actor="buyer", stars=2, text="meh").stars == 2


def test_a_policy_can_keep_reviews_to_accepted_purchases(
    make_world: Callable[..., World],
) -> None:
    w = make_world(attrs.evolve(presets.fiverr_like(), reviews_after_dispute=False))
    order_id = ruled_for_seller(w)
    with pytest.raises(PolicyViolation, match="completed by a dispute ruling"):
        w.market.reviews.write(order_id, actor="buyer", stars=1, text="angry")
    assert stored(w) == 0
    assert w.market.reviews.write(completed(w), actor="buyer", stars=5).stars == 5


# -- double-blind --------------------------------------------------------------------------------
def test_double_blind_hides_the_first_review_until_the_other_side_writes(
    make_world: Callable[..., World],
) -> None:
    w = blind(make_world)
    order_id = completed(w)
    first = w.market.reviews.write(order_id, actor="buyer", stars=2, text="Slow")
    assert not first.visible
    assert w.market.reviews.of_user("seller") == []  # the seller cannot retaliate knowingly
    assert [r.id for r in w.market.reviews.of_user("seller", viewer="buyer")] == [first.id]
    assert w.market.reviews.rating("seller").count == 0
    second = w.market.reviews.write(order_id, actor="seller", stars=5, text="Lovely buyer")
    assert second.visible
    assert [r.stars for r in w.market.reviews.of_user("seller")] == [2]
    assert [r.stars for r in w.market.reviews.of_user("buyer")] == [5]


def test_double_blind_reveals_a_lone_review_when_the_window_closes(
    make_world: Callable[..., World],
) -> None:
    w = blind(make_world)
    order_id = completed(w)
    w.market.reviews.write(order_id, actor="buyer", stars=4)
    w.clock.advance(days=13)
    assert "reviews_revealed" not in w.market.run_due().moves
    assert w.market.reviews.of_user("seller") == []
    w.clock.advance(days=1)
    assert w.market.run_due().moves["reviews_revealed"] == 1
    assert [r.stars for r in w.market.reviews.of_user("seller")] == [4]
    assert "reviews_revealed" not in w.market.run_due().moves  # idempotent


# -- the answer ----------------------------------------------------------------------------------
def test_the_reviewed_user_answers_once(world: World) -> None:
    review = world.market.reviews.write(completed(world), actor="buyer", stars=3, text="Okay")
    with pytest.raises(PermissionDenied, match="only the user who was reviewed"):
        world.market.reviews.reply(review.id, actor="buyer", text="me again")
    with pytest.raises(ValidationError, match="needs text"):
        world.market.reviews.reply(review.id, actor="seller", text="   ")
    answered = world.market.reviews.reply(review.id, actor="seller", text="Thanks, fair point")
    assert answered.reply is not None
    assert answered.reply.text == "Thanks, fair point"
    with pytest.raises(Conflict, match="already answered"):
        world.market.reviews.reply(review.id, actor="seller", text="one more thing")
    [public] = world.market.reviews.of_user("seller")
    assert public.reply == answered.reply


def test_a_hidden_review_cannot_be_answered_yet(make_world: Callable[..., World]) -> None:
    w = blind(make_world)
    review = w.market.reviews.write(completed(w), actor="buyer", stars=1, text="Bad")
    with pytest.raises(PolicyViolation, match="not public yet"):
        w.market.reviews.reply(review.id, actor="seller", text="That is unfair")


# -- aggregates ----------------------------------------------------------------------------------
def test_one_five_star_review_does_not_outrank_a_long_record(world: World) -> None:
    review = world.market.reviews.write(completed(world), actor="buyer", stars=5)
    rating = world.market.reviews.rating("seller")
    assert (rating.count, rating.mean) == (1, Decimal("5.00"))
    assert rating.bayesian == Decimal("4.55")  # (10 * 4.5 + 5) / 11
    assert rating.distribution == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}
    veteran = [_review(str(i), 5 if i % 10 else 4) for i in range(200)]  # mean 4.9
    assert rating_of(veteran).bayesian > rating.bayesian
    assert review.visible


def test_a_user_with_no_reviews_gets_the_prior(world: World) -> None:
    rating = world.market.reviews.rating("seller")
    assert (rating.count, rating.mean, rating.bayesian) == (0, None, Decimal("4.50"))


def _review(key: str, stars: int, visible: bool = True) -> Review:
    import pendulum

    return Review(key, "o", "a", "s", Role.BUYER, stars, "", pendulum.datetime(2026, 1, 1), visible)


@given(
    stars=st.lists(st.integers(1, 5), min_size=1, max_size=300),
    prior=st.decimals(min_value=1, max_value=5, places=2),
    weight=st.integers(0, 100),
)
def test_the_bayesian_mean_lies_between_the_prior_and_the_raw_mean(
    stars: list[int], prior: Decimal, weight: int
) -> None:
    rating = rating_of(
        [_review(str(i), s) for i, s in enumerate(stars)], prior_mean=prior, prior_weight=weight
    )
    raw = Decimal(sum(stars)) / len(stars)
    half_cent = Decimal("0.005")  # both are rounded to the hundredth
    low, high = min(prior, raw), max(prior, raw)
    assert low - half_cent <= rating.bayesian <= high + half_cent
    assert rating.count == len(stars)
    assert sum(rating.distribution.values()) == len(stars)
    if weight == 0:
        assert rating.bayesian == rating.mean


@given(st.lists(st.tuples(st.integers(1, 5), st.booleans()), max_size=50))
def test_hidden_reviews_never_count(items: list[tuple[int, bool]]) -> None:
    reviews = [_review(str(i), s, v) for i, (s, v) in enumerate(items)]
    rating = rating_of(reviews)
    assert rating.count == sum(1 for _, v in items if v)
