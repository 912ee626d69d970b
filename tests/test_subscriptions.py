"""Subscriptions (Web Park: "subscriptions, subscription fees"): every period's fee pinned by
exact ledger deltas, the provider's answers applied once, renewal and lapse in ``run_due``,
cancellation, and what a plan grants (commission, listing limit, badge)."""

from __future__ import annotations

import multiprocessing
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.errors import (
    Conflict,
    InsufficientFunds,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)
from microjob.policies import presets
from microjob.subscriptions import SS, Plan, discounted_terms
from microjob.testing import expect_deltas

SELLER, BUYER, ADMIN, OTHER = "bo", "anna", "admin", "eve"
WALLET = accounts.available(SELLER)
SUBS = accounts.PLATFORM_SUBSCRIPTIONS
WORLD = accounts.WORLD
PRO = Plan(
    id="pro",
    name="Pro",
    price=Money("9.90", "USD"),
    period_days=30,
    commission_off="0.05",
    listing_limit=3,
    badge="Pro seller",
)


class Shop:
    def __init__(self, gateway: str = "succeeded", **terms: Any) -> None:
        self.clock = FrozenClock()
        self.gateway = FakeGateway(gateway)
        self.market = Marketplace.in_memory(
            attrs.evolve(presets.fiverr_like(), **terms), clock=self.clock, gateway=self.gateway
        )
        m = self.market
        for user in (SELLER, BUYER, OTHER):
            m.users.register(user, name=user.title(), email=f"{user}@example.org")
        m.users.register(ADMIN, name="Admin", email="admin@example.org", is_admin=True)
        m.subscriptions.define_plan(PRO, actor=ADMIN)

    @property
    def m(self) -> Marketplace:
        return self.market

    def top_up(self, user: str, amount: str) -> None:
        self.m.wallet.announce_deposit(actor=user, amount=amount)


@pytest.fixture
def shop() -> Shop:
    return Shop()


# -- plans -----------------------------------------------------------------------------------------
def test_plan_rules_refuse_nonsense() -> None:
    with pytest.raises(ValidationError):
        Plan(id="Pro Plan", name="x", price=Money("1", "USD"))
    with pytest.raises(ValidationError):
        Plan(id="pro", name="x", price=Money("0", "USD"))
    with pytest.raises(ValidationError):
        Plan(
            id="pro", name="x", price=Money("1", "USD"), commission_off="0.1", commission_rate="0.1"
        )
    with pytest.raises(ValidationError):
        Plan(id="pro", name="x", price=Money("1", "USD"), period_days=0)
    with pytest.raises(ValidationError):
        Plan(id="pro", name="x", price=Money("1", "USD"), listing_limit=-1)


def test_only_admins_define_plans_in_the_market_currency(shop: Shop) -> None:
    with pytest.raises(PermissionDenied):
        shop.m.subscriptions.define_plan(attrs.evolve(PRO, id="cheap"), actor=SELLER)
    with pytest.raises(ValidationError):
        shop.m.subscriptions.define_plan(
            attrs.evolve(PRO, id="euro", price=Money("5.00", "EUR")), actor=ADMIN
        )
    assert [p.id for p in shop.m.subscriptions.plans()] == ["pro"]


# -- paying from the wallet ------------------------------------------------------------------------
def test_subscribe_from_wallet_moves_the_fee_into_platform_subscriptions(shop: Shop) -> None:
    shop.top_up(SELLER, "20.00")
    with expect_deltas(shop.m, {WALLET: "-9.90", SUBS: "9.90"}):
        sub = shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    assert sub.state == SS.ACTIVE
    assert sub.period == 1
    assert sub.period_end == shop.clock.now().add(days=30)
    assert shop.m.admin.revenue(viewer=BACK_OFFICE)["subscriptions"].amount == Decimal("9.90")
    with shop.m.unit_of_work() as uow:
        entry = uow.ledger.entry(f"subscription:{sub.id}:period:1")
    assert entry.cause == f"subscription:{sub.id}"


def test_subscribe_from_a_short_wallet_is_refused_and_stores_nothing(shop: Shop) -> None:
    shop.top_up(SELLER, "9.89")
    with expect_deltas(shop.m, {}), pytest.raises(InsufficientFunds):
        shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    assert shop.m.subscriptions.of_user(SELLER, viewer=SELLER) == []


def test_one_live_subscription_per_user_and_unknown_plans(shop: Shop) -> None:
    shop.top_up(SELLER, "30.00")
    shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    with pytest.raises(Conflict):
        shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    with pytest.raises(NotFound):
        shop.m.subscriptions.subscribe("gold", actor=BUYER, pay_from_wallet=True)


def test_renewal_from_the_wallet_charges_once_per_period(shop: Shop) -> None:
    shop.top_up(SELLER, "30.00")
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    shop.clock.advance(days=29)
    with expect_deltas(shop.m, {}):
        assert shop.m.run_due().moves.get("subscription_renewed") is None
    shop.clock.advance(days=1)
    with expect_deltas(shop.m, {WALLET: "-9.90", SUBS: "9.90"}):
        report = shop.m.run_due()
    assert report.moves["subscription_renewed"] == 1
    with expect_deltas(shop.m, {}):
        shop.m.run_due()  # idempotent
    after = shop.m.subscriptions.get(sub.id, viewer=SELLER)
    assert after.period == 2
    assert after.period_start == sub.period_end
    assert after.period_end == sub.period_end.add(days=30)


def test_short_wallet_at_renewal_goes_past_due_then_lapses(shop: Shop) -> None:
    shop.top_up(SELLER, "10.00")
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    shop.clock.advance(days=30)
    with expect_deltas(shop.m, {}):
        report = shop.m.run_due()
    assert report.moves["subscription_past_due"] == 1
    late = shop.m.subscriptions.get(sub.id, viewer=SELLER)
    assert late.state == SS.PAST_DUE
    assert shop.m.subscriptions.badge(SELLER) == "Pro seller"  # grace keeps granting
    shop.clock.advance(days=shop.m.policy.subscription_grace_days)
    with expect_deltas(shop.m, {}):
        report = shop.m.run_due()
    assert report.moves["subscription_lapsed"] == 1
    lapsed = shop.m.subscriptions.get(sub.id, viewer=SELLER)
    assert lapsed.state == SS.LAPSED
    assert lapsed.period == 1
    assert shop.m.subscriptions.badge(SELLER) is None
    shop.top_up(SELLER, "10.00")  # money arriving later pays nothing for a lapsed plan
    assert shop.m.wallet.balances(SELLER, viewer=SELLER).available.amount == Decimal("10.10")


def test_a_deposit_during_grace_pays_the_renewal_at_once(shop: Shop) -> None:
    shop.top_up(SELLER, "10.00")
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    shop.clock.advance(days=31)
    shop.m.run_due()
    with expect_deltas(shop.m, {WORLD: "-20.00", WALLET: "10.10", SUBS: "9.90"}):
        shop.top_up(SELLER, "20.00")
    back = shop.m.subscriptions.get(sub.id, viewer=SELLER)
    assert back.state == SS.ACTIVE
    assert back.period == 2
    assert back.period_start == sub.period_end  # the billing day does not move


# -- paying through the gateway --------------------------------------------------------------------
def test_subscribe_through_the_gateway_books_from_world_once() -> None:
    shop = Shop()
    with expect_deltas(shop.m, {WORLD: "-9.90", SUBS: "9.90"}):
        sub = shop.m.subscriptions.subscribe("pro", actor=SELLER)
    assert sub.state == SS.ACTIVE
    assert sub.period == 1
    (call,) = shop.gateway.calls
    assert call[1] == f"subscription:{sub.id}"
    assert call[3] == f"subscription:{sub.id}:period:1:charge:1"
    # The provider's webhook for the same charge, and a replay of it: nothing more moves.
    hook = shop.gateway.event("charge.succeeded", sub.cause, sub.price, reference=sub.references[0])
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(hook) == "duplicate"
        assert shop.m.handle_gateway_event(hook) == "duplicate"


def test_pending_charge_confirmed_late_by_webhook() -> None:
    shop = Shop(gateway="pending")
    with expect_deltas(shop.m, {}):
        sub = shop.m.subscriptions.subscribe("pro", actor=SELLER)
    assert sub.state == SS.PENDING
    assert shop.m.subscriptions.badge(SELLER) is None
    shop.clock.advance(hours=2)
    hook = shop.gateway.event("charge.succeeded", sub.cause, sub.price, reference="ch_late")
    with expect_deltas(shop.m, {WORLD: "-9.90", SUBS: "9.90"}):
        assert shop.m.handle_gateway_event(hook) == "applied"
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(hook) == "duplicate"
    paid = shop.m.subscriptions.get(sub.id, viewer=SELLER)
    assert paid.state == SS.ACTIVE
    assert paid.period_start == shop.clock.now()  # the period starts when it is paid


def test_wrong_amount_from_the_provider_is_refused() -> None:
    shop = Shop(gateway="pending")
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER)
    hook = shop.gateway.event(
        "charge.succeeded", sub.cause, attrs.evolve(PRO).price * 2, reference="ch_x"
    )
    with expect_deltas(shop.m, {}), pytest.raises(Conflict):
        shop.m.handle_gateway_event(hook)
    assert shop.m.subscriptions.get(sub.id, viewer=SELLER).state == SS.PENDING
    [kept] = shop.m.admin.gateway_conflicts(viewer=ADMIN)  # the provider's money, for an operator
    assert (kept.event_id, kept.recorded) == (hook.id, "expected 9.90 USD")


def test_failed_first_charge_lapses_and_a_late_success_goes_to_the_wallet() -> None:
    shop = Shop(gateway="failed")
    with expect_deltas(shop.m, {}):
        sub = shop.m.subscriptions.subscribe("pro", actor=SELLER)
    assert sub.state == SS.LAPSED
    late = shop.gateway.event("charge.succeeded", sub.cause, sub.price, reference="ch_odd")
    with expect_deltas(shop.m, {WORLD: "-9.90", WALLET: "9.90"}):
        assert shop.m.handle_gateway_event(late) == "credited"
    blind = shop.gateway.event("charge.succeeded", sub.cause, sub.price)  # no reference
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(blind) == "ignored"  # left for an operator
    again = shop.gateway.event("charge.succeeded", sub.cause, sub.price, reference="ch_odd")
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(again) == "duplicate"


def test_a_reversed_period_leaves_platform_revenue_and_lapses_the_plan() -> None:
    shop = Shop()
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER)
    ref = sub.references[0]
    unknown = shop.gateway.event("charge.reversed", sub.cause, sub.price, reference="ch_other")
    with expect_deltas(shop.m, {}):  # kept, so that its confirmation books nothing
        assert shop.m.handle_gateway_event(unknown) == "recorded"
    back = shop.gateway.event("charge.reversed", sub.cause, sub.price, reference=ref)
    with expect_deltas(shop.m, {SUBS: "-9.90", WORLD: "9.90"}):
        assert shop.m.handle_gateway_event(back) == "applied"
    again = shop.gateway.event("charge.reversed", sub.cause, sub.price, reference=ref)
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(again) == "duplicate"
    assert shop.m.subscriptions.get(sub.id, viewer=SELLER).state == SS.LAPSED
    assert shop.m.subscriptions.badge(SELLER) is None


def test_first_charge_never_answered_lapses_after_grace() -> None:
    shop = Shop(gateway="pending")
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER)
    shop.clock.advance(days=shop.m.policy.subscription_grace_days)
    with expect_deltas(shop.m, {}):
        assert shop.m.run_due().moves["subscription_lapsed"] == 1
    assert shop.m.subscriptions.get(sub.id, viewer=SELLER).state == SS.LAPSED


def test_gateway_renewal_fails_retries_daily_then_succeeds() -> None:
    shop = Shop()
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER)
    shop.clock.advance(days=30)
    shop.gateway.script("failed")
    with expect_deltas(shop.m, {}):
        report = shop.m.run_due()
    assert report.moves["subscription_charged"] == 1
    assert shop.m.subscriptions.get(sub.id, viewer=SELLER).state == SS.PAST_DUE
    calls = len(shop.gateway.calls)
    shop.clock.advance(hours=1)
    with expect_deltas(shop.m, {}):
        shop.m.run_due()
    assert len(shop.gateway.calls) == calls  # no retry before retry_hours
    shop.clock.advance(hours=shop.m.policy.subscription_retry_hours)
    with expect_deltas(shop.m, {WORLD: "-9.90", SUBS: "9.90"}):
        shop.m.run_due()
    after = shop.m.subscriptions.get(sub.id, viewer=SELLER)
    assert after.state == SS.ACTIVE
    assert after.period == 2
    keys = [c[3] for c in shop.gateway.calls]
    assert keys[-2:] == [
        f"subscription:{sub.id}:period:2:charge:1",
        f"subscription:{sub.id}:period:2:charge:2",
    ]


# -- cancelling ------------------------------------------------------------------------------------
def test_cancel_runs_to_the_end_of_the_period_without_renewal(shop: Shop) -> None:
    shop.top_up(SELLER, "50.00")
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    with pytest.raises(PermissionDenied):
        shop.m.subscriptions.cancel(sub.id, actor=OTHER)
    with expect_deltas(shop.m, {}):
        cancelled = shop.m.subscriptions.cancel(sub.id, actor=SELLER)
        assert shop.m.subscriptions.cancel(sub.id, actor=SELLER) == cancelled
    assert cancelled.state == SS.ACTIVE
    assert not cancelled.renews
    shop.clock.advance(days=10)
    assert shop.m.subscriptions.badge(SELLER) == "Pro seller"
    shop.clock.advance(days=20)
    with expect_deltas(shop.m, {}):
        assert shop.m.run_due().moves["subscription_ended"] == 1
    ended = shop.m.subscriptions.get(sub.id, viewer=SELLER)
    assert ended.state == SS.CANCELLED
    assert ended.period == 1
    assert shop.m.subscriptions.badge(SELLER) is None
    with pytest.raises(InvalidTransition):
        shop.m.subscriptions.cancel(sub.id, actor=ADMIN)
    shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)  # may subscribe again


def test_late_success_after_cancel_of_an_unpaid_renewal_is_credited() -> None:
    shop = Shop()
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER)
    shop.clock.advance(days=30)
    shop.gateway.script("pending")
    shop.m.run_due()
    waiting = shop.m.subscriptions.get(sub.id, viewer=SELLER)
    assert waiting.due_period == 2
    ended = shop.m.subscriptions.cancel(sub.id, actor=SELLER)
    assert ended.state == SS.CANCELLED
    hook = shop.gateway.event("charge.succeeded", sub.cause, sub.price, reference="ch_slow")
    with expect_deltas(shop.m, {WORLD: "-9.90", WALLET: "9.90"}):
        assert shop.m.handle_gateway_event(hook) == "credited"


# -- what a plan grants ----------------------------------------------------------------------------
def _order(shop: Shop) -> Decimal:
    order = shop.m.orders.place(
        actor=BUYER, seller_id=SELLER, title="Logo", price=Money("100.00", "USD"), delivery_days=3
    )
    # The commission is fixed by the terms the order was placed under (taken at completion).
    return (order.price - order.expected_seller_amount).amount


def test_commission_discount_on_new_orders_only_while_granting(shop: Shop) -> None:
    base = _order(shop)
    assert base == Decimal("20.00")
    shop.top_up(SELLER, "10.00")
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    assert _order(shop) == Decimal("15.00")
    shop.m.subscriptions.cancel(sub.id, actor=SELLER)
    shop.clock.advance(days=30)
    shop.m.run_due()
    assert _order(shop) == Decimal("20.00")


def test_replacement_rate_drops_bands() -> None:
    policy = attrs.evolve(presets.fiverr_like(), commission_bands=[(0, "0.2"), (500, "0.1")])
    flat = discounted_terms(
        policy, Plan(id="flat", name="Flat", price=Money("5", "USD"), commission_rate="0.03")
    )
    assert flat.commission_rate == Decimal("0.03")
    assert flat.commission_bands == ()
    off = discounted_terms(policy, attrs.evolve(PRO, commission_off="0.15"))
    assert [b.rate for b in off.commission_bands] == [Decimal("0.05"), Decimal("0")]


def test_listing_allowance_follows_the_plan() -> None:
    shop = Shop(free_listing_limit=1)
    assert shop.m.subscriptions.listing_allowance(SELLER, viewer=SELLER) == 1
    with pytest.raises(PermissionDenied):
        shop.m.subscriptions.listing_allowance(SELLER, viewer=OTHER)
    _listing(shop)
    assert shop.m.subscriptions.listing_allowance(SELLER, viewer=SELLER) == 0
    with shop.m.unit_of_work() as uow, pytest.raises(PolicyViolation):
        shop.m.subscriptions.check_listing_allowance(uow, SELLER)
    shop.top_up(SELLER, "10.00")
    shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    assert shop.m.subscriptions.listing_allowance(SELLER, viewer=SELLER) == 2


def _listing(shop: Shop) -> None:
    shop.m.listings.create(
        actor=SELLER,
        title="Logo design",
        description="A clean logo.",
        category="design",
        price="50",
        delivery_days=3,
    )


def test_create_listing_enforces_the_limit() -> None:
    shop = Shop(free_listing_limit=1)
    _listing(shop)
    with pytest.raises(PolicyViolation):
        _listing(shop)
    shop.top_up(SELLER, "10.00")
    shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    _listing(shop)
    _listing(shop)
    with pytest.raises(PolicyViolation):
        _listing(shop)


# -- who sees what ---------------------------------------------------------------------------------
def test_viewers(shop: Shop) -> None:
    shop.top_up(SELLER, "10.00")
    sub = shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    assert shop.m.subscriptions.get(sub.id, viewer=ADMIN) == sub
    assert shop.m.subscriptions.get(sub.id, viewer=BACK_OFFICE) == sub
    with pytest.raises(PermissionDenied):
        shop.m.subscriptions.get(sub.id, viewer=OTHER)
    with pytest.raises(PermissionDenied):
        shop.m.subscriptions.of_user(SELLER, viewer=BUYER)
    with pytest.raises(PermissionDenied):
        shop.m.subscriptions.dashboard(viewer=SELLER)
    assert shop.m.subscriptions.badge(SELLER) == "Pro seller"  # a badge is public


def test_dashboard_counts_plans_revenue_and_churn(shop: Shop) -> None:
    shop.m.subscriptions.define_plan(
        Plan(id="basic", name="Basic", price=Money("3.00", "USD"), period_days=7), actor=ADMIN
    )
    for user in (SELLER, BUYER, OTHER):
        shop.top_up(user, "9.90")
    shop.m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    shop.m.subscriptions.subscribe("pro", actor=BUYER, pay_from_wallet=True)
    gone = shop.m.subscriptions.subscribe("basic", actor=OTHER, pay_from_wallet=True)
    shop.m.subscriptions.cancel(gone.id, actor=OTHER)
    shop.clock.advance(days=7)
    shop.m.run_due()
    board = shop.m.subscriptions.dashboard(viewer=ADMIN)
    assert board.active_by_plan == {"pro": 2}
    assert board.revenue.amount == Decimal("22.80")
    assert board.churned == 1
    assert board.churn_rate == Decimal("0.3333")
    assert board.revenue == shop.m.admin.revenue(viewer=BACK_OFFICE)["subscriptions"]
    for user in (SELLER, BUYER):
        shop.top_up(user, "9.90")
    shop.clock.advance(days=31)
    assert shop.m.run_due().moves["subscription_renewed"] == 2
    later = shop.m.subscriptions.dashboard(viewer=ADMIN, since=shop.clock.now().subtract(days=2))
    assert later.churned == 0  # eve left before the window
    assert later.revenue.amount == Decimal("9.90") * 2  # only the renewals inside it


# -- the property ----------------------------------------------------------------------------------
_step = st.one_of(
    st.tuples(st.just("days"), st.integers(1, 20)),
    st.tuples(st.just("deposit"), st.sampled_from(["5.00", "9.90", "20.00"])),
    st.tuples(st.just("cancel"), st.just(0)),
    st.tuples(st.just("subscribe"), st.booleans()),
    st.tuples(st.just("provider"), st.sampled_from(["succeeded", "failed", "pending"])),
    st.tuples(st.just("webhook"), st.booleans()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_step, max_size=25))
def test_money_sums_to_zero_and_each_period_is_charged_at_most_once(
    steps: list[tuple[str, Any]],
) -> None:
    shop = Shop()
    m = shop.m
    for kind, arg in steps:
        try:
            if kind == "days":
                shop.clock.advance(days=arg)
                m.run_due()
            elif kind == "deposit":
                shop.top_up(SELLER, arg)
            elif kind == "cancel":
                for sub in m.subscriptions.of_user(SELLER, viewer=SELLER):
                    if sub.state in (SS.PENDING, SS.ACTIVE, SS.PAST_DUE):
                        m.subscriptions.cancel(sub.id, actor=SELLER)
            elif kind == "subscribe":
                m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=arg)
            elif kind == "provider":
                shop.gateway.script(arg)
            elif kind == "webhook":
                subs = m.subscriptions.of_user(SELLER, viewer=SELLER)
                if subs:
                    sub = subs[-1]
                    ref = sub.references[-1] if (arg and sub.references) else f"ch_{len(steps)}"
                    m.handle_gateway_event(
                        shop.gateway.event("charge.succeeded", sub.cause, sub.price, reference=ref)
                    )
        except (Conflict, InsufficientFunds, InvalidTransition):
            pass
    with m.unit_of_work() as uow:
        book = uow.ledger
        summary = book.verify()
        assert summary is not None
        keys = [e.key for e in book.entries()]
        assert len(keys) == len(set(keys))
        total = sum(
            (
                b.amount
                for acc in {t.destination for e in book.entries() for t in e.transfers}
                | {t.source for e in book.entries() for t in e.transfers}
                for b in book.balances(acc).values()
            ),
            Decimal(0),
        )
        assert total == 0
        paid = book.balance(SUBS, "USD").amount
    periods = sum(s.period for s in m.subscriptions.of_user(SELLER, viewer=SELLER))
    assert paid == PRO.price.amount * periods


def test_subscriptions_survive_a_sqlite_store(tmp_path: Any) -> None:
    pytest.importorskip("sqlalchemy")
    clock = FrozenClock()
    m: Any = Marketplace.from_url(
        f"sqlite:///{tmp_path}/m.db", presets.fiverr_like(), clock=clock, gateway=FakeGateway()
    )
    m.users.register(SELLER, name="Bo", email="bo@example.org")
    m.users.register(ADMIN, name="Admin", email="admin@example.org", is_admin=True)
    m.subscriptions.define_plan(PRO, actor=ADMIN)
    m.wallet.announce_deposit(actor=SELLER, amount="30.00")
    with expect_deltas(m, {WALLET: "-9.90", SUBS: "9.90"}):
        sub = m.subscriptions.subscribe("pro", actor=SELLER, pay_from_wallet=True)
    assert sub.plan == PRO
    changed = m.subscriptions.define_plan(
        attrs.evolve(PRO, price=Money("12.00", "USD")), actor=ADMIN
    )
    assert changed.version == 1
    assert m.subscriptions.get(sub.id, viewer=SELLER).plan == PRO  # the paid period keeps its plan
    clock.advance(days=30)
    with expect_deltas(m, {WALLET: "-12.00", SUBS: "12.00"}):
        m.run_due()  # the renewal takes the plan's new price
    renewed = m.subscriptions.get(sub.id, viewer=SELLER)
    assert renewed.period == 2
    assert renewed.plan == changed
    assert m.subscriptions.plans() == [changed]


def _race_worker(url: str, barrier: Any, results: Any, index: int) -> None:
    try:
        market: Any = Marketplace.from_url(
            url, presets.fiverr_like(), clock=FrozenClock(), gateway=FakeGateway(), migrate=False
        )
        barrier.wait(timeout=60)
        try:
            market.subscriptions.subscribe("pro", actor=SELLER)
            results.put((index, "ok"))
        except Exception as exc:
            results.put((index, type(exc).__name__))
        market.store.close()
    except BaseException:
        results.put((index, "crash"))


def test_subscribe_racing_in_four_processes_leaves_one_live_subscription(tmp_path: Any) -> None:
    """Four processes subscribe one user at once: exactly one subscription exists afterwards
    and one fee was booked. (SQLite serialises the writers, so here the live-subscription check
    already refuses the others; the subscriber row is what refuses them on a store whose
    transactions overlap.)"""
    pytest.importorskip("sqlalchemy")
    url = f"sqlite:///{tmp_path}/race.db"
    setup: Any = Marketplace.from_url(
        url, presets.fiverr_like(), clock=FrozenClock(), gateway=FakeGateway()
    )
    setup.users.register(SELLER, name="Bo", email="bo@example.org")
    setup.users.register(ADMIN, name="Admin", email="admin@example.org", is_admin=True)
    setup.subscriptions.define_plan(PRO, actor=ADMIN)
    setup.store.close()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(4)
    results = context.Queue()
    workers = [
        context.Process(target=_race_worker, args=(url, barrier, results, i)) for i in range(4)
    ]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=120)[1] for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == ["Conflict", "Conflict", "Conflict", "ok"]
    after: Any = Marketplace.from_url(
        url, presets.fiverr_like(), clock=FrozenClock(), gateway=FakeGateway()
    )
    after.admin.verify()
    (only,) = after.subscriptions.of_user(SELLER, viewer=SELLER)
    assert only.state == SS.ACTIVE
    assert after.admin.revenue(viewer=BACK_OFFICE)["subscriptions"] == PRO.price
