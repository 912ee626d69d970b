"""Subscription money paths under the provider's faults: each test replays, step by step, a
sequence the fault simulator (`microjob.testing.faults`) found or that its rules call for, with
the ledger deltas pinned."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import attrs
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace
from microjob import ledger as accounts
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    GatewayTimeout,
    MemoryStore,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.policies import presets
from microjob.ports import ChargeResult
from microjob.subscriptions import SS, Plan
from microjob.testing import expect_deltas

USER, ADMIN = "cy", "admin"
WALLET = accounts.available(USER)
SUBS = accounts.PLATFORM_SUBSCRIPTIONS
WORLD = accounts.WORLD
PRICE = Money("9.90", "USD")
PLAN = Plan(id="pro", name="Pro", price=PRICE, period_days=3, badge="Pro")


class Shop:
    def __init__(self, gateway: str = "succeeded") -> None:
        self.clock = FrozenClock()
        self.gateway = FakeGateway(gateway)
        self.m = Marketplace.in_memory(
            attrs.evolve(presets.fiverr_like()), clock=self.clock, gateway=self.gateway
        )
        self.m.users.register(USER, name="Cy", email="cy@example.org")
        self.m.users.register(ADMIN, name="Admin", email="admin@example.org", is_admin=True)
        self.m.subscriptions.define_plan(PLAN, actor=ADMIN)

    def sub(self, sub_id: str) -> object:
        return self.m.subscriptions.get(sub_id, viewer=BACK_OFFICE)

    def charge_keys(self) -> list[str]:
        return [key for op, _, _, key in self.gateway.calls if op == "ch"]


# -- a late charge credited to the wallet, then charged back (seed 22, ci mix) -----------------
def test_a_credited_late_charge_charged_back_leaves_the_wallet() -> None:
    # cy subscribes through the provider, which answers "pending"; cy cancels the pending
    # subscription; the provider settles the charge (succeeded), which is credited to cy's
    # wallet; the card holder's bank then reverses that charge.
    shop = Shop(gateway="pending")
    sub = shop.m.subscriptions.subscribe("pro", actor=USER)
    shop.m.subscriptions.cancel(sub.id, actor=USER)
    paid = shop.gateway.event("charge.succeeded", sub.cause, PRICE, reference="ch_late")
    with expect_deltas(shop.m, {WORLD: "-9.90", WALLET: "9.90"}):
        assert shop.m.handle_gateway_event(paid) == "credited"
    back = shop.gateway.event("charge.reversed", sub.cause, PRICE, reference="ch_late")
    with expect_deltas(shop.m, {WALLET: "-9.90", WORLD: "9.90"}):
        assert shop.m.handle_gateway_event(back) == "applied"
    again = shop.gateway.event("charge.reversed", sub.cause, PRICE, reference="ch_late")
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(again) == "duplicate"


def test_a_credited_charge_charged_back_after_it_was_spent_is_a_debt() -> None:
    shop = Shop(gateway="pending")
    sub = shop.m.subscriptions.subscribe("pro", actor=USER)
    shop.m.subscriptions.cancel(sub.id, actor=USER)
    paid = shop.gateway.event("charge.succeeded", sub.cause, PRICE, reference="ch_late")
    shop.m.handle_gateway_event(paid)
    shop.gateway.default = "succeeded"
    shop.m.subscriptions.subscribe("pro", actor=USER, pay_from_wallet=True)  # spends it
    back = shop.gateway.event("charge.reversed", sub.cause, PRICE, reference="ch_late")
    assert shop.m.handle_gateway_event(back) == "applied"
    debts = shop.m.wallet.debts(USER, viewer=USER)
    assert [(d.cause, d.amount) for d in debts] == [(sub.cause, PRICE)]
    assert shop.m.wallet.balances(USER, viewer=USER).available == Money("0.00", "USD")


# -- a chargeback that overtakes the confirmation (seed 13 of the chargebacks mix) ---------------
def test_a_chargeback_that_overtakes_the_first_charge_books_nothing() -> None:
    # The provider takes the first charge and the card holder's bank reverses it at once; the
    # reversal's webhook arrives before the charge's success.
    shop = Shop(gateway="pending")
    sub = shop.m.subscriptions.subscribe("pro", actor=USER)
    back = shop.gateway.event("charge.reversed", sub.cause, PRICE, reference="ch_1")
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(back) == "recorded"
    after = shop.m.subscriptions.get(sub.id, viewer=USER)
    assert after.state == SS.LAPSED  # the charge in flight was undone: nothing was paid
    paid = shop.gateway.event("charge.succeeded", sub.cause, PRICE, reference="ch_1")
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(paid) == "reversed"
    assert shop.m.subscriptions.badge(USER) is None


def test_a_chargeback_that_overtakes_a_renewal_charge_books_nothing() -> None:
    shop = Shop()
    sub = shop.m.subscriptions.subscribe("pro", actor=USER)
    shop.clock.advance(days=3)
    shop.gateway.script("pending")
    assert shop.m.run_due().moves["subscription_charged"] == 1
    back = shop.gateway.event("charge.reversed", sub.cause, PRICE, reference="ch_2")
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(back) == "recorded"
    after = shop.m.subscriptions.get(sub.id, viewer=USER)
    assert after.state == SS.PAST_DUE  # retried under a new attempt, like a failed charge
    assert after.due_period is None
    paid = shop.gateway.event("charge.succeeded", sub.cause, PRICE, reference="ch_2")
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(paid) == "reversed"
    shop.clock.advance(hours=shop.m.policy.subscription_retry_hours)
    with expect_deltas(shop.m, {WORLD: "-9.90", SUBS: "9.90"}):
        shop.m.run_due()
    assert shop.charge_keys()[-1] == f"{sub.cause}:period:2:charge:2"
    assert shop.m.subscriptions.get(sub.id, viewer=USER).period == 2


def test_a_reversal_of_a_declined_attempt_leaves_the_attempt_in_flight() -> None:
    # The renewal's first attempt is declined, the retry is pending at the provider; a stray
    # reversal naming the declined charge must not count as the failure of the retry.
    shop = Shop()
    sub = shop.m.subscriptions.subscribe("pro", actor=USER)
    shop.clock.advance(days=3)
    shop.gateway.script("failed")
    shop.m.run_due()
    declined = shop.m.subscriptions.get(sub.id, viewer=USER)
    assert declined.state == SS.PAST_DUE
    (failed_ref,) = declined.failed_references
    shop.clock.advance(hours=shop.m.policy.subscription_retry_hours)
    shop.gateway.script("pending")
    shop.m.run_due()
    retry_ref = "ch_3"
    assert shop.charge_keys()[-1] == f"{sub.cause}:period:2:charge:2"
    stray = shop.gateway.event("charge.reversed", sub.cause, PRICE, reference=failed_ref)
    with expect_deltas(shop.m, {}):
        assert shop.m.handle_gateway_event(stray) == "recorded"
    waiting = shop.m.subscriptions.get(sub.id, viewer=USER)
    assert (waiting.state, waiting.due_period) == (SS.PAST_DUE, 2)
    paid = shop.gateway.event("charge.succeeded", sub.cause, PRICE, reference=retry_ref)
    with expect_deltas(shop.m, {WORLD: "-9.90", SUBS: "9.90"}):
        assert shop.m.handle_gateway_event(paid) == "applied"
    after = shop.m.subscriptions.get(sub.id, viewer=USER)
    assert (after.state, after.period) == (SS.ACTIVE, 2)


# -- the first charge lost on the way is sent again ----------------------------------------------
def test_a_first_charge_lost_to_a_timeout_is_resent_under_the_same_key() -> None:
    shop = Shop()
    shop.gateway.script(GatewayTimeout("no answer (the provider never got it)"))
    sub = shop.m.subscriptions.subscribe("pro", actor=USER)
    assert sub.state == SS.PENDING
    retry = shop.m.policy.subscription_retry_hours
    shop.clock.advance(hours=retry - 1)
    with expect_deltas(shop.m, {}):
        shop.m.run_due()
    assert len(shop.charge_keys()) == 1  # not before subscription_retry_hours
    shop.clock.advance(hours=1)
    with expect_deltas(shop.m, {WORLD: "-9.90", SUBS: "9.90"}):
        report = shop.m.run_due()
    assert report.moves["subscription_charge_resent"] == 1
    assert shop.charge_keys() == [f"{sub.cause}:period:1:charge:1"] * 2
    after = shop.m.subscriptions.get(sub.id, viewer=USER)
    assert after.state == SS.ACTIVE
    assert after.period == 1


def test_a_first_charge_lost_to_a_crash_after_the_commit_is_resent() -> None:
    # The process died between the commit of subscribe and the provider call: no call at all.
    shop = Shop()

    class Died(BaseException):
        pass

    shop.gateway.script(Died())
    with contextlib.suppress(Died):
        shop.m.subscriptions.subscribe("pro", actor=USER)
    (sub,) = shop.m.subscriptions.of_user(USER, viewer=USER)
    assert sub.state == SS.PENDING
    shop.clock.advance(hours=shop.m.policy.subscription_retry_hours)
    with expect_deltas(shop.m, {WORLD: "-9.90", SUBS: "9.90"}):
        shop.m.run_due()
    assert shop.m.subscriptions.get(sub.id, viewer=USER).state == SS.ACTIVE


def test_a_first_charge_still_pending_is_resent_and_answered_once() -> None:
    # "pending" at the provider: the resend under the same key is answered the same, and the
    # confirmation, when it comes, pays the first period once.
    shop = Shop(gateway="pending")
    sub = shop.m.subscriptions.subscribe("pro", actor=USER)
    for _ in range(3):
        shop.clock.advance(hours=shop.m.policy.subscription_retry_hours)
        shop.m.run_due()
    assert set(shop.charge_keys()) == {f"{sub.cause}:period:1:charge:1"}
    assert shop.m.subscriptions.get(sub.id, viewer=USER).state == SS.PENDING
    paid = shop.gateway.event("charge.succeeded", sub.cause, PRICE, reference="ch_1")
    with expect_deltas(shop.m, {WORLD: "-9.90", SUBS: "9.90"}):
        assert shop.m.handle_gateway_event(paid) == "applied"
    assert shop.m.subscriptions.get(sub.id, viewer=USER).period == 1


# -- run_due meets a subscription another worker moved (seed 42, subscription-chargebacks mix) ---
class _Meddling(FakeGateway):
    """Runs ``during`` (another worker's command) while the next charge is in flight."""

    during: Callable[[], object] | None = None

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult:
        during, self.during = self.during, None
        if during is not None:
            during()
        return super().charge(subject, amount, idempotency_key)


def test_run_due_skips_a_subscription_another_run_due_lapsed_meanwhile() -> None:
    # Two workers run run_due at once: the first lists two subscriptions due (cy's renewal and
    # bo's lapse), charges cy's renewal, and while that charge is in flight the second worker
    # lapses bo's. The first then reaches bo's, which has nothing left to do.
    clock, gateway = FrozenClock(), _Meddling()
    store = MemoryStore()
    policy = presets.fiverr_like()
    ports = {
        "uow": store.unit_of_work,
        "policy": policy,
        "clock": clock,
        "gateway": gateway,
        "notifier": RecordingNotifier(),
        "publisher": RecordingPublisher(),
    }
    first, second = Marketplace(**ports), Marketplace(**ports)  # type: ignore[arg-type]
    first.users.register(USER, name="Cy", email="cy@example.org")
    first.users.register("bo", name="Bo", email="bo@example.org")
    first.users.register(ADMIN, name="Admin", email="admin@example.org", is_admin=True)
    first.subscriptions.define_plan(PLAN, actor=ADMIN)
    first.wallet.announce_deposit(actor="bo", amount="9.90", through_gateway=False, reference="w")
    first.wallet.confirm_deposit(first.wallet.deposits("bo", viewer="bo")[0].id, actor=ADMIN)
    bo = first.subscriptions.subscribe("pro", actor="bo", pay_from_wallet=True)
    clock.advance(days=3)
    assert first.run_due().moves["subscription_past_due"] == 1  # bo's grace: 7 days
    clock.advance(days=4)
    cy = first.subscriptions.subscribe("pro", actor=USER)  # runs until bo's grace ends
    clock.advance(days=3)
    gateway.during = second.run_due
    report = first.run_due()
    assert report.errors == ()
    assert first.subscriptions.get(bo.id, viewer=BACK_OFFICE).state == SS.LAPSED
    assert first.subscriptions.get(cy.id, viewer=BACK_OFFICE).period == 2
