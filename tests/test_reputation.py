"""Levels, badges and dashboards: thresholds met and missed, promotion and demotion through the
facade, rules written as data, level effects on new orders, and the operator's numbers."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microjob import BACK_OFFICE, PermissionDenied, ValidationError, money, presets
from microjob.disputes import Ruling
from microjob.events import LevelChanged
from microjob.payouts import BankAccount
from microjob.reputation import (
    FIVERR_LIKE,
    Criteria,
    LevelRule,
    ReputationRules,
    SellerStats,
    evaluate,
)
from tests.conftest import World

LEVEL_1 = SellerStats(
    completed=10,
    earnings=Decimal(400),
    rating=Decimal("4.70"),
    reviews=10,
    on_time_rate=Decimal("0.9"),
    completion_rate=Decimal("0.9"),
    dispute_losses=0,
    account_age_days=60,
    response_rate=Decimal("0.9"),
)

RULES = """
window_days = 30

[[levels]]
name = "New"

[[levels]]
name = "Pro"
min_completed = 2
min_rating = "4.5"
max_dispute_losses = 0

[[badges]]
name = "Perfect"
description = "only five-star reviews"
min_reviews = 2
min_rating = "5"

[effects.Pro]
commission_rate = "0.10"
"""


# -- the Fiverr-like ladder, threshold by threshold ------------------------------------------
def test_exactly_at_the_level_1_thresholds_is_level_1() -> None:
    standing = evaluate(FIVERR_LIKE, LEVEL_1)
    assert standing.level == "Level 1"
    assert standing.next_level == "Level 2"
    assert all(check.met for check in standing.met)


@pytest.mark.parametrize(
    ("change", "held_by"),
    [
        ({"completed": 9}, "completed orders"),
        ({"earnings": Decimal("399.99")}, "earnings"),
        ({"rating": Decimal("4.69")}, "rating"),
        ({"on_time_rate": Decimal("0.8999")}, "on-time rate"),
        ({"completion_rate": Decimal("0.5")}, "completion rate"),
        ({"response_rate": Decimal("0.89")}, "response rate"),
        ({"dispute_losses": 1}, "dispute losses"),
        ({"account_age_days": 59}, "account age (days)"),
        ({"reviews": 0}, "rating"),
    ],
)
def test_one_threshold_missed_holds_the_seller_back(
    change: dict[str, object], held_by: str
) -> None:
    standing = evaluate(FIVERR_LIKE, attrs.evolve(LEVEL_1, **change))
    assert standing.level == "New"
    assert standing.next_level == "Level 1"
    assert [check.name for check in standing.holding_back] == [held_by]
    assert f"held back by: {held_by}" in standing.explain()


def test_an_unmeasured_rate_is_not_required() -> None:
    standing = evaluate(FIVERR_LIKE, attrs.evolve(LEVEL_1, response_rate=None))
    assert standing.level == "Level 1"
    assert "response rate >= 0.9: not measured (met)" in standing.explain()


def test_top_rated_and_badges() -> None:
    stats = attrs.evolve(
        LEVEL_1,
        completed=100,
        earnings=Decimal(20000),
        account_age_days=180,
        rating=Decimal("4.9"),
        on_time_rate=Decimal(1),
    )
    standing = evaluate(FIVERR_LIKE, stats)
    assert (standing.level, standing.next_level, standing.holding_back) == ("Top Rated", None, ())
    assert standing.badges == ("Rising Talent", "Always On Time")


stats_strategy = st.builds(
    SellerStats,
    completed=st.integers(0, 200),
    earnings=st.decimals(0, 50_000, places=2),
    rating=st.one_of(st.none(), st.decimals(1, 5, places=2)),
    reviews=st.integers(0, 200),
    on_time_rate=st.one_of(st.none(), st.decimals(0, 1, places=4)),
    completion_rate=st.one_of(st.none(), st.decimals(0, 1, places=4)),
    dispute_losses=st.integers(0, 3),
    account_age_days=st.integers(0, 400),
    response_rate=st.one_of(st.none(), st.decimals(0, 1, places=4)),
)


@given(stats_strategy, st.integers(0, 100), st.decimals(0, 5000, places=2))
def test_more_work_never_lowers_a_level(stats: SellerStats, more: int, extra: Decimal) -> None:
    names = [level.name for level in FIVERR_LIKE.levels]
    before = evaluate(FIVERR_LIKE, stats)
    after = evaluate(
        FIVERR_LIKE,
        attrs.evolve(stats, completed=stats.completed + more, earnings=stats.earnings + extra),
    )
    assert names.index(after.level) >= names.index(before.level)
    # The explanation always names what holds the seller back from the next level.
    if before.next_level is not None:
        assert before.holding_back
        assert all(not check.met for check in before.holding_back)


# -- rules as data -----------------------------------------------------------------------------
def test_rules_load_from_toml() -> None:
    rules = ReputationRules.from_toml(RULES)
    assert [level.name for level in rules.levels] == ["New", "Pro"]
    assert rules.levels[1].criteria == Criteria(
        min_completed=2, min_rating="4.5", max_dispute_losses=0
    )
    assert rules.badges[0].description == "only five-star reviews"
    assert rules.effects["Pro"].commission_rate == Decimal("0.10")
    assert rules.window_days == 30


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"levels": [{"name": "New"}], "tiers": []}, "unknown reputation keys"),
        ({"levels": [{"name": "New", "min_sales": 3}]}, "unknown thresholds"),
        ({"levels": [{"min_completed": 3}]}, "needs a 'name'"),
        ({"levels": [{"name": "New", "min_rating": 4.7}]}, "thresholds are exact"),
        ({"levels": []}, "at least one level"),
        ({"levels": [{"name": "A"}, {"name": "A"}]}, "unique"),
        ({"levels": [{"name": "A"}], "effects": {"B": {}}}, "unknown level 'B'"),
    ],
)
def test_bad_rules_say_what_is_wrong(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ReputationRules.from_dict(data)


# -- through the facade ------------------------------------------------------------------------
def sale(w: World, stars: int | None = 5, price: str = "100") -> str:
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price=price, delivery_days=3
    )
    w.market.orders.start(order.id, actor="seller")
    w.market.orders.deliver(order.id, actor="seller", message="done")
    w.market.orders.accept(order.id, actor="buyer")
    if stars is not None:
        w.market.reviews.write(order.id, actor="buyer", stars=stars)
    return order.id


def lost_dispute(w: World) -> None:
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="100", delivery_days=3
    )
    w.market.orders.start(order.id, actor="seller")
    dispute = w.market.disputes.open(order.id, actor="buyer", reason="nothing delivered")
    w.market.disputes.rule(dispute.id, actor="admin", ruling=Ruling.refund_buyer("no work"))


def levels(w: World) -> list[tuple[str, str, str]]:
    return [
        (e.old_level, e.new_level, e.direction)
        for e in w.publisher.of(LevelChanged)
        if isinstance(e, LevelChanged)
    ]


@pytest.fixture
def ruled(make_world: Callable[..., World]) -> World:
    return make_world(presets.fiverr_like(), reputation_rules=ReputationRules.from_toml(RULES))


def test_promotion_at_the_threshold_and_demotion_after_a_lost_dispute(ruled: World) -> None:
    w = ruled
    sale(w)
    w.market.run_due()
    assert w.market.reputation.level("seller") == "New"
    assert "completed orders >= 2: 1 (not met)" in w.market.reputation.standing("seller").explain()
    sale(w)
    w.market.run_due()
    assert w.market.reputation.level("seller") == "Pro"
    assert levels(w) == [("New", "Pro", "up")]
    assert any(n.kind == "reputation.level" for n in w.notifier.for_user("seller"))
    assert w.market.reputation.standing("seller").badges == ("Perfect",)
    lost_dispute(w)
    w.market.run_due()
    assert w.market.reputation.level("seller") == "New"
    assert levels(w) == [("New", "Pro", "up"), ("Pro", "New", "down")]
    assert "dispute losses <= 0: 1 (not met)" in w.market.reputation.standing("seller").explain()


def test_a_dispute_loss_ages_out_of_the_window(ruled: World) -> None:
    w = ruled
    sale(w)
    sale(w)
    lost_dispute(w)
    w.market.run_due()
    assert w.market.reputation.level("seller") == "New"
    w.clock.advance(days=31)
    assert w.market.reputation.standing("seller").level == "Pro"  # the window moved on
    assert w.market.reputation.level("seller") == "New"  # stored until evaluated
    w.market.reputation.evaluate("seller")
    assert w.market.reputation.level("seller") == "Pro"


def test_evaluation_in_run_due_touches_only_sellers_whose_orders_changed(ruled: World) -> None:
    w = ruled
    sale(w)
    sale(w)
    w.market.run_due()
    count = len(levels(w))
    w.market.run_due()  # nothing changed: nothing re-evaluated, no event
    assert len(levels(w)) == count
    assert w.market.store.records["seller_level"]["seller"].dirty is False


def test_a_level_effect_lowers_the_commission_on_new_orders_only(ruled: World) -> None:
    w = ruled
    first = sale(w)
    sale(w)
    w.market.run_due()
    assert w.market.reputation.level("seller") == "Pro"
    third = sale(w, stars=None)
    assert w.market.orders.get(first, viewer=BACK_OFFICE).seller_amount == money(
        "80", "USD"
    )  # 20 % before
    assert w.market.orders.get(third, viewer=BACK_OFFICE).seller_amount == money(
        "90", "USD"
    )  # 10 % as Pro


def test_a_low_rating_keeps_the_seller_down(ruled: World) -> None:
    w = ruled
    sale(w, stars=5)
    sale(w, stars=3)
    w.market.run_due()
    assert w.market.reputation.level("seller") == "New"
    assert [c.name for c in w.market.reputation.standing("seller").holding_back] == ["rating"]


# -- dashboards ----------------------------------------------------------------------------------
def test_the_operator_dashboard_adds_up(make_world: Callable[..., World]) -> None:
    w = make_world(attrs.evolve(presets.fiverr_like(), clearance_days=0))
    sale(w, price="100")
    sale(w, price="40")
    running = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="10", delivery_days=3
    )
    w.market.orders.start(running.id, actor="seller")
    w.market.disputes.open(running.id, actor="buyer", reason="silence")
    method = w.market.payouts.add_method(
        actor="seller",
        method=BankAccount(iban="DE89370400440532013000", bic="DEUTDEFF", holder="Seller"),
    )
    w.market.payouts.request(actor="seller", method_id=method.id, amount="50")
    with pytest.raises(PermissionDenied, match="only admins"):
        w.market.admin.dashboard(viewer="seller")
    board = w.market.admin.dashboard(viewer="admin")
    assert (board.gmv, board.completed_orders) == (money("140", "USD"), 2)
    assert board.revenue["commission"] == money("28", "USD")
    kept = sum((m.amount for m in board.revenue.values()), Decimal(0))
    assert board.take_rate == (kept / Decimal(140)).quantize(Decimal("0.0001"))
    assert board.orders_by_state == {"completed": 2, "disputed": 1}
    assert (board.open_disputes, board.payouts_waiting) == (1, 1)


def test_the_seller_dashboard_shows_earnings_per_month(world: World) -> None:
    sale(world, stars=None, price="100")
    world.clock.advance(days=31)
    sale(world, stars=None, price="50")
    sale(world, stars=None, price="50")
    board = world.market.orders.dashboard("seller", viewer="seller")
    assert board.by_month == {"2026-01": money("80", "USD"), "2026-02": money("80", "USD")}
    assert board.total == money("160", "USD")
    buyer = world.market.orders.dashboard("buyer", "buyer", viewer="buyer")
    assert buyer.by_month == {"2026-01": money("100", "USD"), "2026-02": money("100", "USD")}


def test_a_custom_ladder_from_names_only() -> None:
    rules = ReputationRules((LevelRule("Member"), LevelRule("Veteran", Criteria(min_completed=1))))
    empty = attrs.evolve(LEVEL_1, completed=0)
    assert evaluate(rules, empty).level == "Member"
    assert evaluate(rules, LEVEL_1).level == "Veteran"


def test_contact_strikes_from_the_chat_hold_a_seller_back(
    make_world: Callable[..., World],
) -> None:
    rules = ReputationRules.from_toml(
        RULES.replace("max_dispute_losses = 0", "max_dispute_losses = 0\nmax_contact_strikes = 0")
    )
    w = make_world(presets.fiverr_like(), reputation_rules=rules)
    sale(w)
    sale(w)
    w.market.run_due()
    assert w.market.reputation.level("seller") == "Pro"
    talk = w.market.chat.start(actor="seller", other="buyer")
    w.market.chat.send(talk.id, actor="seller", text="Next time just call me on +1 415 555 2671")
    assert w.market.reputation.stats("seller").contact_strikes == 1
    w.market.run_due()  # the strike marked the seller for evaluation
    assert w.market.reputation.level("seller") == "New"
    assert "contact strikes <= 0: 1 (not met)" in w.market.reputation.standing("seller").explain()


def test_statistics_come_from_the_running_tally_not_the_order_history(ruled: World) -> None:
    w = ruled
    sale(w, price="100")
    sale(w, price="50")
    lost_dispute(w)
    stats = w.market.reputation.stats("seller")
    assert (stats.completed, stats.earnings, stats.dispute_losses) == (2, Decimal("120.00"), 1)
    assert (stats.completion_rate, stats.on_time_rate) == (Decimal("0.6667"), Decimal(1))
    assert (stats.rating, stats.reviews) == (Decimal("5.00"), 2)
    # Forget every order and review: the statistics do not read them.
    w.market.store.orders.clear()
    w.market.store.records["review"].clear()
    assert w.market.reputation.stats("seller") == stats


def test_a_double_blind_review_counts_once_when_it_becomes_public(
    make_world: Callable[..., World],
) -> None:
    w = make_world(attrs.evolve(presets.fiverr_like(), reviews_double_blind=True))
    first = sale(w, stars=None)
    second = sale(w, stars=None)
    w.market.reviews.write(first, actor="buyer", stars=4)
    w.market.reviews.write(second, actor="buyer", stars=2)
    assert w.market.reputation.stats("seller").reviews == 0  # both still hidden
    w.market.reviews.write(
        first, actor="seller", stars=5
    )  # the seller's review reveals the buyer's
    assert (
        w.market.reputation.stats("seller").reviews,
        w.market.reputation.stats("seller").rating,
    ) == (
        1,
        Decimal("4.00"),
    )
    w.clock.advance(days=15)
    w.market.run_due()  # the window closed: the second is revealed, the first not again
    w.market.run_due()
    stats = w.market.reputation.stats("seller")
    assert (stats.reviews, stats.rating) == (2, Decimal("3.00"))
    assert w.market.reviews.rating("seller").count == 2


def test_a_review_revealed_by_time_reevaluates_the_seller_in_the_same_pass(
    make_world: Callable[..., World],
) -> None:
    w = make_world(
        attrs.evolve(presets.fiverr_like(), reviews_double_blind=True),
        reputation_rules=ReputationRules.from_toml(RULES),
    )
    for order_id in (sale(w, stars=None), sale(w, stars=None)):
        w.market.reviews.write(order_id, actor="buyer", stars=5)  # hidden until the window closes
    w.market.run_due()
    assert w.market.reputation.level("seller") == "New"  # no public review yet
    w.clock.advance(days=14)
    assert w.market.run_due().moves["reviews_revealed"] == 2
    assert w.market.reputation.level("seller") == "Pro"
    assert levels(w) == [("New", "Pro", "up")]


def test_the_first_rungs_effect_applies_to_a_seller_never_evaluated(
    make_world: Callable[..., World],
) -> None:
    """No stored level means the first rung everywhere (``level()``, search, offers): its
    effect applies to a new seller's first order too, not only once a record exists."""
    rules = ReputationRules.from_toml(RULES + '\n[effects.New]\ncommission_rate = "0.05"\n')
    w = make_world(presets.fiverr_like(), reputation_rules=rules)
    assert w.market.reputation.level("seller") == "New"
    first = sale(w, stars=None)
    assert w.market.orders.get(first, viewer=BACK_OFFICE).seller_amount == money("95", "USD")


AGED_RULES = """
[[levels]]
name = "New"

[[levels]]
name = "Seasoned"
min_completed = 1
min_account_age_days = 30
"""


def test_run_due_evaluates_levels_at_the_moment_it_is_given(
    make_world: Callable[..., World],
) -> None:
    """``run_due(now)`` moves everything as of ``now``: levels too (they were evaluated at the
    clock's time, so a scheduler catching up on a past or given moment got other levels)."""
    w = make_world(presets.fiverr_like(), reputation_rules=ReputationRules.from_toml(AGED_RULES))
    sale(w)
    w.market.run_due(now=w.clock.now().add(days=31))
    assert w.market.reputation.level("seller") == "Seasoned"
