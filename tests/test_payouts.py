"""Wallets through the facade: deposits, payout methods, payouts, the source-of-funds check,
charge reversals and debts, statements and projections — one scenario per seed rule, then the
provider's outcomes, then bad input. Every refused command must change nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from random import Random

import attrs
import pendulum
import pytest
import schwifty
from hypothesis import given
from hypothesis import strategies as st

from microjob import (
    BACK_OFFICE,
    Conflict,
    CurrencyMismatch,
    InsufficientFunds,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
    money,
    presets,
)
from microjob import ledger as accounts
from microjob.adapters.memory import GatewayTimeout
from microjob.events import (
    ChargeReversed,
    DebtOpened,
    PayoutApproved,
    PayoutHeld,
    PayoutMethodAdded,
    PayoutPaid,
    PayoutRequested,
    PayoutSent,
)
from microjob.ledger import Transfer
from microjob.orders import Fault, Order
from microjob.payouts import BankAccount, PayPal, check_iban
from tests.conftest import World

IBAN = "DE89 3704 0044 0532 0130 00"
HU_IBAN = "HU42 1177 3016 1111 1018 0000 0000"
COUNTRIES = [
    "AD",
    "AE",
    "AL",
    "AT",
    "AZ",
    "BA",
    "BE",
    "BG",
    "BH",
    "BI",
    "BR",
    "BY",
    "CH",
    "CR",
    "CY",
    "CZ",
    "DE",
    "DJ",
    "DK",
    "DO",
    "EE",
    "EG",
    "ES",
    "FI",
    "FK",
    "FO",
    "FR",
    "GB",
    "GE",
    "GI",
    "GL",
    "GR",
    "GT",
    "HN",
    "HR",
    "HU",
    "IE",
    "IL",
    "IQ",
    "IS",
    "IT",
    "JO",
    "KW",
    "KZ",
    "LB",
    "LC",
    "LI",
    "LT",
    "LU",
    "LV",
    "LY",
    "MC",
    "MD",
    "ME",
    "MK",
    "MN",
    "MR",
    "MT",
    "MU",
    "NI",
    "NL",
    "NO",
    "OM",
    "PK",
    "PL",
    "PS",
    "PT",
    "QA",
    "RO",
    "RS",
    "RU",
    "SA",
    "SC",
    "SD",
    "SE",
    "SI",
    "SK",
    "SM",
    "SO",
    "ST",
    "SV",
    "TL",
    "TN",
    "TR",
    "UA",
    "VA",
    "VG",
    "XK",
    "YE",
]
"""The countries of the SWIFT IBAN registry (each must be accepted in its own shape)."""
QUICK = attrs.evolve(presets.fiverr_like(), clearance_days=0)
"""Fiverr-like terms without clearance, so earnings are available at once."""


def earn(w: World, price: str = "100", seller: str = "seller", **kwargs: object) -> Order:
    """A completed order: the seller's part is released (available unless in clearance)."""
    order = w.market.orders.place(
        actor="buyer", seller_id=seller, title="Logo", price=price, delivery_days=3, **kwargs
    )
    w.market.orders.start(order.id, actor=seller)
    w.market.orders.deliver(order.id, actor=seller, message="done")
    return w.market.orders.accept(order.id, actor="buyer")


def bank(w: World, user: str = "seller") -> str:
    return w.market.payouts.add_method(
        actor=user, method=BankAccount(iban=IBAN, bic="DEUTDEFF", holder=user.title())
    ).id


def paypal(w: World, user: str = "seller") -> str:
    return w.market.payouts.add_method(actor=user, method=PayPal(f"{user}@example.org")).id


def snapshot(w: World) -> tuple[object, ...]:
    """Everything a refused command must leave untouched (a refused provider event leaves one
    trace on purpose: the conflict kept for an operator, checked apart)."""
    store = w.market.store
    return (
        len(store.ledger),
        {
            kind: dict(rows)
            for kind, rows in store.records.items()
            if rows and kind != "gateway_conflict"
        },
        dict(store.orders),
        dict(store.inbox),
        len(w.publisher.events),
        len(w.notifier.sent),
    )


def money_of(w: World, account: str) -> Decimal:
    return w.market.store.ledger.balance(account, w.market.policy.currency).amount


# -- Jobindoor: minimum payout, approval, a few working days -------------------------------------
def test_jobindoor_payout_request_opens_once_available_reaches_the_minimum(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.jobindoor())
    method = bank(w)
    earn(w, "5000")
    assert w.market.wallet.balances("seller", viewer="seller").available == money("4500", "HUF")
    before = snapshot(w)
    with pytest.raises(PolicyViolation, match=r"smallest bank payout is 5000\.00 HUF"):
        w.market.payouts.request(actor="seller", method_id=method, amount="4500")
    assert snapshot(w) == before

    earn(w, "5000")
    w.clock.set(pendulum.datetime(2026, 1, 9, 10, tz="UTC"))  # a Friday, 10:00
    assert w.clock.now().isoweekday() == 5
    payout = w.market.payouts.request(actor="seller", method_id=method, amount="9000")
    assert payout.state == "requested"
    assert w.market.wallet.balances("seller", viewer="seller").reserved == money("9000", "HUF")
    assert w.market.wallet.balances("seller", viewer="seller").available == money("0", "HUF")

    w.gateway.script("pending")
    payout = w.market.payouts.approve(payout.id, actor="admin")
    assert payout.state == "sent"
    assert payout.expected_at is not None
    assert payout.expected_at.isoweekday() == 3  # three working days after Friday: Wednesday
    assert payout.expected_at == w.clock.now().add(days=5)
    assert w.gateway.calls[-1][0:3] == ("po", f"payout:{payout.id}", money("9000", "HUF"))

    outcome = w.market.handle_gateway_event(
        w.gateway.event("payout.paid", f"payout:{payout.id}", money("9000", "HUF"), "po_x")
    )
    assert outcome == "applied"
    payout = w.market.payouts.get(payout.id, viewer=BACK_OFFICE)
    assert payout.state == "paid"
    assert [s.dest for s in payout.history] == ["requested", "approved", "sent", "paid"]
    assert w.market.wallet.balances("seller", viewer="seller").reserved == money("0", "HUF")
    assert {type(e) for e in w.publisher.events} >= {
        PayoutRequested,
        PayoutApproved,
        PayoutSent,
        PayoutPaid,
    }
    w.market.admin.verify()


# -- MicrojobEngine: complete the details first ----------------------------------------------------
def test_microjobengine_withdrawal_needs_complete_details_first(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.microjobengine())
    earn(w, "100")
    assert w.market.wallet.balances("seller", viewer="seller").available == money("100", "USD")
    before = snapshot(w)
    with pytest.raises(PolicyViolation, match="add a payout method first"):
        w.market.payouts.request(actor="seller", method_id="m1", amount="100")
    with pytest.raises(ValidationError, match="BIC has 8 or 11 characters"):
        w.market.payouts.add_method(
            actor="seller", method=BankAccount(iban=IBAN, bic="", holder="Seller")
        )
    with pytest.raises(ValidationError, match="PayPal"):
        w.market.payouts.add_method(actor="seller", method="seller@example.org")  # type: ignore[arg-type]
    assert snapshot(w) == before
    assert w.market.payouts.methods("seller", viewer="seller") == []

    method = paypal(w)
    payout = w.market.payouts.request(actor="seller", method_id=method, amount="100")
    payout = w.market.payouts.approve(payout.id, actor="admin")
    assert payout.state == "paid"
    assert w.market.wallet.balances("seller", viewer="seller").available == money("0", "USD")
    w.market.admin.verify()


# -- Web Park: manual deposit reconciliation and withdrawal verification -----------------------
def test_webpark_deposits_wait_for_an_admins_reconciliation(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.webpark())
    deposit = w.market.wallet.announce_deposit(actor="buyer", amount="5000")
    assert deposit.state == "announced"
    assert deposit.provider_status == "succeeded"  # the provider says so, the admin decides
    balances = w.market.wallet.balances("buyer", viewer="buyer")
    assert (balances.incoming, balances.available) == (money("5000", "RUB"), money("0", "RUB"))
    with pytest.raises(InsufficientFunds):
        w.market.orders.place(
            actor="buyer",
            seller_id="seller",
            title="x",
            price="1000",
            delivery_days=2,
            pay_from_wallet=True,
        )
    before = snapshot(w)
    for who in ("buyer", "seller", "stranger"):
        with pytest.raises(PermissionDenied, match="only an admin may confirm"):
            w.market.wallet.confirm_deposit(deposit.id, actor=who)
    assert snapshot(w) == before

    deposit = w.market.wallet.confirm_deposit(
        deposit.id, actor="admin", reference="bank statement 12"
    )
    assert (deposit.state, deposit.decided_by, deposit.reference) == (
        "confirmed",
        "admin",
        "bank statement 12",
    )
    balances = w.market.wallet.balances("buyer", viewer="buyer")
    assert (balances.incoming, balances.available) == (money("0", "RUB"), money("5000", "RUB"))
    before = snapshot(w)
    with pytest.raises(InvalidTransition, match="confirmed"):
        w.market.wallet.confirm_deposit(deposit.id, actor="admin")
    webhook = w.gateway.event("charge.succeeded", f"deposit:{deposit.id}", money("5000", "RUB"))
    assert w.market.handle_gateway_event(webhook) == "duplicate"
    assert snapshot(w)[:3] == before[:3]
    w.market.admin.verify()


def test_webpark_admin_rejects_a_wire_that_never_arrived(make_world: Callable[..., World]) -> None:
    w = make_world(presets.webpark())
    calls = len(w.gateway.calls)
    deposit = w.market.wallet.announce_deposit(
        actor="buyer", amount="700", through_gateway=False, reference="wire 2026-01-05"
    )
    assert len(w.gateway.calls) == calls  # a wire never goes through the gateway
    assert w.market.wallet.balances("buyer", viewer="buyer").incoming == money("700", "RUB")
    before = snapshot(w)
    with pytest.raises(ValidationError, match="reason is required"):
        w.market.wallet.reject_deposit(deposit.id, actor="admin", reason="  ")
    assert snapshot(w) == before
    deposit = w.market.wallet.reject_deposit(
        deposit.id, actor="admin", reason="not on the bank statement"
    )
    assert (deposit.state, deposit.reason) == ("rejected", "not on the bank statement")
    assert w.market.wallet.balances("buyer", viewer="buyer").incoming == money("0", "RUB")
    keys = [
        e.key for e in w.market.admin.ledger_entries(f"deposit:{deposit.id}", viewer=BACK_OFFICE)
    ]
    assert keys == [f"deposit:{deposit.id}:announce", f"deposit:{deposit.id}:reject"]
    w.market.admin.verify()


def test_webpark_withdrawal_traces_the_sellers_money_to_the_buyers_confirmed_deposit(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.webpark())
    deposit = w.market.wallet.announce_deposit(actor="buyer", amount="10000")
    w.market.wallet.confirm_deposit(deposit.id, actor="admin")
    order = earn(w, "10000", pay_from_wallet=True)
    assert order.paid_from == "wallet"
    w.clock.advance(days=3)
    assert w.market.run_due().moves == {"clear": 1}
    assert w.market.wallet.balances("seller", viewer="seller").available == money("8500", "RUB")

    check = w.market.wallet.check_sources("seller", viewer="seller")
    assert check.ok
    assert check.wallets_traced == 2  # the seller's, and the buyer's it was paid from
    method = bank(w)
    payout = w.market.payouts.request(actor="seller", method_id=method, amount="8500")
    assert w.market.payouts.approve(payout.id, actor="admin").state == "paid"
    w.market.admin.verify()


def test_money_from_a_reversed_deposit_stops_the_sellers_payout_until_reviewed(
    make_world: Callable[..., World],
) -> None:
    w = make_world(QUICK)
    deposit = w.market.wallet.announce_deposit(actor="buyer", amount="110")
    assert deposit.state == "confirmed"
    earn(w, "100", pay_from_wallet=True)  # 105.50 from the buyer's wallet
    reversal = w.gateway.event("charge.reversed", f"deposit:{deposit.id}", money("110", "USD"))
    assert w.market.handle_gateway_event(reversal) == "applied"
    assert w.market.wallet.deposit(deposit.id, viewer=BACK_OFFICE).state == "reversed"
    [debt] = w.market.wallet.debts("buyer", viewer="buyer")
    assert (debt.amount, debt.state) == (money("105.50", "USD"), "open")  # 4.50 was recovered
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("0", "USD")

    method = bank(w)
    payout = w.market.payouts.request(actor="seller", method_id=method, amount="80")
    [problem] = w.market.wallet.check_sources("seller", viewer="seller").problems
    assert (problem.user_id, problem.entry_key) == ("buyer", f"deposit:{deposit.id}:confirm")
    assert "reversed" in problem.reason
    # An approval either approves or is refused: here refused, listing what to check, and
    # nothing changes (the payout stays in the admin's queue).
    before = snapshot(w)
    with pytest.raises(PolicyViolation, match=f"deposit:{deposit.id}:confirm.*reversed"):
        w.market.payouts.approve(payout.id, actor="admin")
    assert snapshot(w) == before
    assert w.market.payouts.get(payout.id, viewer=BACK_OFFICE).state == "requested"
    assert not w.publisher.of(PayoutHeld)
    assert w.market.payouts.to_review(viewer="admin") == [payout]
    with pytest.raises(PermissionDenied):
        w.market.payouts.to_review(viewer="seller")
    assert w.market.payouts.approve(payout.id, actor="admin", reviewed=True).state == "paid"
    w.market.admin.verify()


def test_money_of_unknown_origin_stops_a_payout_with_the_offending_entry_listed(
    make_world: Callable[..., World],
) -> None:
    w = make_world(QUICK)
    earn(w, "100")
    # A row nobody's command wrote (a bug, or a hand-edited database): 500 from nowhere.
    w.market.store.ledger.post(
        "promo:1:gift",
        "promo:1",
        [Transfer(accounts.WORLD, accounts.available("seller"), money("500", "USD"))],
        w.clock.now(),
    )
    check = w.market.wallet.check_sources("seller", viewer="seller")
    assert not check.ok
    assert [(p.entry_key, p.amount) for p in check.problems] == [
        ("promo:1:gift", money("500", "USD"))
    ]
    payout = w.market.payouts.request(actor="seller", method_id=bank(w), amount="580")
    with pytest.raises(PolicyViolation, match="promo:1:gift"):
        w.market.payouts.approve(payout.id, actor="admin")
    assert (
        w.market.payouts.reject(payout.id, actor="admin", reason="unexplained credit").state
        == "rejected"
    )
    assert w.market.wallet.balances("seller", viewer="seller").available == money("580", "USD")
    w.market.admin.verify()


# -- approval ------------------------------------------------------------------------------------
def test_small_payouts_are_approved_automatically_when_their_sources_check_out(
    make_world: Callable[..., World],
) -> None:
    w = make_world(attrs.evolve(QUICK, payout_auto_approve_limit=money("50", "USD")))
    earn(w, "100")
    method = paypal(w)
    big = w.market.payouts.request(actor="seller", method_id=method, amount="60")
    assert (big.state, big.decided_by) == ("requested", None)
    assert w.market.payouts.cancel(big.id, actor="seller").state == "cancelled"

    small = w.market.payouts.request(actor="seller", method_id=method, amount="50")
    assert (small.state, small.decided_by, small.automatic) == ("paid", "system", True)
    assert small.net == money("49", "USD")  # PayPal costs 1.00 under this policy
    assert w.market.wallet.balances("seller", viewer="seller").available == money("30", "USD")
    w.market.admin.verify()


def test_an_automatic_approval_holds_a_payout_whose_money_does_not_trace_back(
    make_world: Callable[..., World],
) -> None:
    w = make_world(attrs.evolve(QUICK, payout_auto_approve_limit=money("1000", "USD")))
    w.market.store.ledger.post(
        "gift:1",
        "gift:1",
        [Transfer(accounts.WORLD, accounts.available("seller"), money("30", "USD"))],
        w.clock.now(),
    )
    payout = w.market.payouts.request(actor="seller", method_id=paypal(w), amount="30")
    assert (payout.state, payout.automatic) == ("held_for_review", True)
    assert not any(call[0] == "po" for call in w.gateway.calls)


# -- the provider's side of a payout -------------------------------------------------------------
def test_a_failed_payout_whose_reason_holds_control_characters_still_returns_the_money() -> None:
    """The provider's reason is quoted in the return entry's memo; a control character (which
    no ledger field may hold) would have the posting refused, and the failure could never be
    applied: the memo gets spaces instead, the reason is kept as sent."""
    w = World(QUICK)
    earn(w, "100")
    w.gateway.script("pending")
    payout = w.market.payouts.approve(
        w.market.payouts.request(actor="seller", method_id=bank(w), amount="50").id,
        actor="admin",
    )
    reason = "account\x1fclosed\n(code 7)"
    failed = w.gateway.event(
        "payout.failed", f"payout:{payout.id}", money("47", "USD"), reason=reason
    )
    assert w.market.handle_gateway_event(failed) == "applied"
    assert w.market.payouts.get(payout.id, viewer=BACK_OFFICE).state == "failed"
    assert w.market.wallet.balances("seller", viewer="seller").available == money("80", "USD")
    memos = [
        e.memo for e in w.market.admin.ledger_entries(f"payout:{payout.id}", viewer=BACK_OFFICE)
    ]
    assert "payout failed: account closed (code 7)" in memos
    assert w.market.admin.verify() is not None


def test_a_failed_payout_returns_the_whole_amount_and_a_duplicate_changes_nothing() -> None:
    w = World(QUICK)
    earn(w, "100")
    method = bank(w)  # 3.00 per bank payout under this policy
    w.gateway.script("pending")
    payout = w.market.payouts.approve(
        w.market.payouts.request(actor="seller", method_id=method, amount="50").id, actor="admin"
    )
    assert payout.state == "sent"
    assert w.market.wallet.balances("seller", viewer="seller").available == money("30", "USD")

    failed = w.gateway.event(
        "payout.failed", f"payout:{payout.id}", money("47", "USD"), reason="account closed"
    )
    assert w.market.handle_gateway_event(failed) == "applied"
    payout = w.market.payouts.get(payout.id, viewer=BACK_OFFICE)
    assert (payout.state, payout.reason) == ("failed", "account closed")
    assert w.market.wallet.balances("seller", viewer="seller").available == money("80", "USD")
    assert w.market.wallet.balances("seller", viewer="seller").reserved == money("0", "USD")
    assert money_of(w, accounts.PLATFORM_BUYER_FEES) == Decimal("5.50")  # the buyer fee only

    before = snapshot(w)
    assert w.market.handle_gateway_event(failed) == "duplicate"
    again = w.gateway.event("payout.failed", f"payout:{payout.id}", reason="account closed")
    assert again.id != failed.id  # the provider repeats itself under a new event id
    assert w.market.handle_gateway_event(again) == "duplicate"
    # The provider says it paid after all: the seller may have the money twice. Nothing is
    # booked, and the event is kept for an operator rather than ignored.
    late_paid = w.gateway.event("payout.paid", f"payout:{payout.id}", money("47", "USD"))
    with pytest.raises(Conflict, match="may have been paid twice"):
        w.market.handle_gateway_event(late_paid)
    assert snapshot(w)[:3] == before[:3]
    [kept] = w.market.admin.gateway_conflicts(viewer="admin")
    assert (kept.event_id, kept.kind, kept.subject) == (
        late_paid.id,
        "payout.paid",
        f"payout:{payout.id}",
    )
    w.market.admin.verify()


def test_a_paid_payout_sends_the_net_and_keeps_the_fee() -> None:
    w = World(QUICK)
    earn(w, "100")
    fees_before = money_of(w, accounts.PLATFORM_PAYOUT_FEES)
    payout = w.market.payouts.request(actor="seller", method_id=bank(w), amount="50")
    payout = w.market.payouts.approve(payout.id, actor="admin")
    assert (payout.state, payout.net, payout.fee) == ("paid", money("47", "USD"), money("3", "USD"))
    assert money_of(w, accounts.PLATFORM_PAYOUT_FEES) - fees_before == Decimal("3.00")
    paid = [e for e in w.publisher.of(PayoutPaid) if isinstance(e, PayoutPaid)]
    assert [(e.net, e.fee) for e in paid] == [(money("47", "USD"), money("3", "USD"))]
    [_, sent] = [c for c in w.gateway.calls if c[0] in ("ch", "po")][-2:]
    assert sent[2] == money("47", "USD")
    assert sent[3] == f"payout:{payout.id}:send"
    w.market.admin.verify()


def test_a_payout_returned_after_it_was_paid_comes_back_in_full() -> None:
    w = World(QUICK)
    earn(w, "100")
    payout = w.market.payouts.approve(
        w.market.payouts.request(actor="seller", method_id=bank(w), amount="50").id, actor="admin"
    )
    assert payout.state == "paid"
    fees = money_of(w, accounts.PLATFORM_PAYOUT_FEES)
    returned = w.gateway.event("payout.failed", f"payout:{payout.id}", reason="returned by bank")
    assert w.market.handle_gateway_event(returned) == "applied"
    assert w.market.payouts.get(payout.id, viewer=BACK_OFFICE).state == "failed"
    assert w.market.wallet.balances("seller", viewer="seller").available == money("80", "USD")
    assert fees - money_of(w, accounts.PLATFORM_PAYOUT_FEES) == Decimal("3.00")
    w.market.admin.verify()


def test_a_timeout_leaves_the_payout_approved_and_run_due_sends_it_once() -> None:
    w = World(QUICK)
    earn(w, "100")
    w.gateway.script(GatewayTimeout("no answer"))
    payout = w.market.payouts.approve(
        w.market.payouts.request(actor="seller", method_id=bank(w), amount="50").id, actor="admin"
    )
    assert payout.state == "approved"
    report = w.market.run_due()
    assert report.moves.get("payout_sent") == 1
    assert w.market.payouts.get(payout.id, viewer=BACK_OFFICE).state == "paid"
    sends = [c for c in w.gateway.calls if c[0] == "po"]
    assert [c[3] for c in sends] == [f"payout:{payout.id}:send"] * 2  # same idempotency key
    assert "payout_sent" not in w.market.run_due().moves
    assert w.market.payouts.retry() == 0
    w.market.admin.verify()


def test_a_synchronous_failure_fails_the_payout_and_returns_the_money() -> None:
    w = World(QUICK)
    earn(w, "100")
    w.gateway.script("failed")
    payout = w.market.payouts.approve(
        w.market.payouts.request(actor="seller", method_id=bank(w), amount="50").id, actor="admin"
    )
    assert payout.state == "failed"
    assert w.market.wallet.balances("seller", viewer="seller").available == money("80", "USD")


def test_a_payout_webhook_with_another_amount_is_refused_for_reconciliation() -> None:
    w = World(QUICK)
    earn(w, "100")
    w.gateway.script("pending")
    payout = w.market.payouts.approve(
        w.market.payouts.request(actor="seller", method_id=bank(w), amount="50").id, actor="admin"
    )
    before = snapshot(w)
    wrong = w.gateway.event("payout.paid", f"payout:{payout.id}", money("12", "USD"))
    with pytest.raises(Conflict, match="reconcile it by hand"):
        w.market.handle_gateway_event(wrong)
    assert snapshot(w) == before


# -- rejecting, cancelling, reserving -----------------------------------------------------------
def test_rejecting_or_cancelling_a_payout_returns_the_money() -> None:
    w = World(QUICK)
    earn(w, "100")
    method = bank(w)
    first = w.market.payouts.request(actor="seller", method_id=method, amount="30")
    before = snapshot(w)
    with pytest.raises(PermissionDenied, match="only an admin may reject"):
        w.market.payouts.reject(first.id, actor="seller", reason="no")
    with pytest.raises(ValidationError, match="reason is required"):
        w.market.payouts.reject(first.id, actor="admin", reason="")
    with pytest.raises(PermissionDenied, match="only an admin may approve"):
        w.market.payouts.approve(first.id, actor="seller")
    with pytest.raises(PermissionDenied, match="not stranger's to cancel"):
        w.market.payouts.cancel(first.id, actor="stranger")
    assert snapshot(w) == before
    assert (
        w.market.payouts.reject(first.id, actor="admin", reason="documents missing").state
        == "rejected"
    )
    second = w.market.payouts.request(actor="seller", method_id=method, amount="30")
    assert w.market.payouts.cancel(second.id, actor="seller").state == "cancelled"
    assert w.market.wallet.balances("seller", viewer="seller").available == money("80", "USD")

    paid = w.market.payouts.approve(
        w.market.payouts.request(actor="seller", method_id=method, amount="30").id, actor="admin"
    )
    before = snapshot(w)
    with pytest.raises(InvalidTransition, match="paid"):
        w.market.payouts.cancel(paid.id, actor="seller")
    with pytest.raises(InvalidTransition, match="paid"):
        w.market.payouts.reject(paid.id, actor="admin", reason="too late")
    assert snapshot(w) == before
    w.market.admin.verify()


def test_two_requests_can_never_spend_the_same_money() -> None:
    w = World(QUICK)
    earn(w, "100")
    method = bank(w)
    w.market.payouts.request(actor="seller", method_id=method, amount="80")
    before = snapshot(w)
    with pytest.raises(InsufficientFunds, match=r"available balance is 0\.00 USD"):
        w.market.payouts.request(actor="seller", method_id=method, amount="80")
    assert snapshot(w) == before
    assert w.market.wallet.balances("seller", viewer="seller").reserved == money("80", "USD")


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "error", "message"),
    [
        (49.99, ValidationError, "float"),
        (Decimal("NaN"), ValidationError, "finite"),
        ("10.001", ValidationError, "decimal places"),
        ("-5", ValidationError, "greater than zero"),
        ("0", ValidationError, "greater than zero"),
        (True, ValidationError, "bool"),
        ("ten", ValidationError, "not a number"),
        (money("50", "EUR"), CurrencyMismatch, "USD"),
    ],
)
def test_bad_payout_amounts_are_refused_and_nothing_changes(
    amount: object, error: type[Exception], message: str
) -> None:
    w = World(QUICK)
    earn(w, "100")
    method = bank(w)
    before = snapshot(w)
    with pytest.raises(error, match=message):
        w.market.payouts.request(actor="seller", method_id=method, amount=amount)  # type: ignore[arg-type]
    assert snapshot(w) == before


def test_payouts_above_available_below_the_minimum_or_eaten_by_fees_are_refused() -> None:
    w = World(attrs.evolve(QUICK, payout_fees={"paypal": money("5", "USD")}))
    earn(w, "100")
    method_bank = bank(w)
    method_paypal = paypal(w)
    before = snapshot(w)
    with pytest.raises(InsufficientFunds, match=r"available balance is 80\.00 USD"):
        w.market.payouts.request(actor="seller", method_id=method_bank, amount="80.01")
    with pytest.raises(PolicyViolation, match=r"smallest bank payout is 20\.00 USD"):
        w.market.payouts.request(actor="seller", method_id=method_bank, amount="19.99")
    with pytest.raises(PolicyViolation, match=r"costs 5\.00 USD in fees"):
        w.market.payouts.request(actor="seller", method_id=method_paypal, amount="5")
    assert snapshot(w) == before


def test_someone_elses_or_an_unknown_method_is_refused() -> None:
    w = World(QUICK)
    earn(w, "100")
    mine = bank(w)
    theirs = paypal(w, "buyer")
    before = snapshot(w)
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        w.market.payouts.request(actor="seller", method_id=theirs, amount="50")
    with pytest.raises(NotFound, match="no active payout method 'p999'"):
        w.market.payouts.request(actor="seller", method_id="p999", amount="50")
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        w.market.payouts.remove_method(theirs, actor="seller")
    assert snapshot(w) == before
    w.market.payouts.remove_method(mine, actor="seller")
    with pytest.raises(PolicyViolation, match="add a payout method first"):
        w.market.payouts.request(actor="seller", method_id=mine, amount="50")


def test_the_same_details_added_twice_are_stored_once() -> None:
    w = World(QUICK)
    first = bank(w)
    assert bank(w) == first
    assert [m.id for m in w.market.payouts.methods("seller", viewer="seller")] == [first]


# -- payout details --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("DE89 3704 0044 0532 0130 01", "fails its checksum"),
        ("GB82 WEST 1234 5698 7654 33", "fails its checksum"),
        ("DE89 3704 0044 0532 0130", "from DE has 22 characters, this one has 20"),
        ("HU42 1177 3016 1111 1018 0000 00000", "from HU has 28 characters, this one has 29"),
        ("XX89 3704 0044 0532 0130 00", "'XX' is not one"),
        ("DE89-3704-0044-0532-0130-00", "only letters and digits"),
        ("DEAB 3704 0044 0532 0130 00", "check digits"),
        ("", "it is empty"),
        (89370400440532013000, "must be text"),
    ],
)
def test_invalid_ibans_are_refused_with_what_is_wrong(iban: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        BankAccount(iban=iban, bic="DEUTDEFF", holder="Anna")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013000",
        "gb82 west 1234 5698 7654 32",
        HU_IBAN,
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91ABNA0417164300",
        "NO9386011117947",
        "MT84MALT011000012345MTLCAST001S",
    ],
)
def test_valid_ibans_are_stored_compact_and_upper_case(iban: str) -> None:
    account = BankAccount(iban=iban, bic="deutdeff", holder="  Anna   Kovács ")
    assert account.iban == "".join(iban.split()).upper()
    assert (account.bic, account.holder) == ("DEUTDEFF", "Anna Kovács")


@pytest.mark.parametrize(
    ("bic", "holder", "message"),
    [
        ("DEUT", "Anna", "8 or 11 characters"),
        ("DEUTDEFF5", "Anna", "8 or 11 characters"),
        ("1EUTDEFF", "Anna", "8 or 11 characters"),
        ("DEUTDEFF", "", "holder's name; it is empty"),
        ("DEUTDEFF", "12345", "must contain letters"),
        ("DEUTDEFF", "A" * 71, "at most 70"),
    ],
)
def test_bank_details_need_a_bic_and_a_holder(bic: str, holder: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        BankAccount(iban=IBAN, bic=bic, holder=holder)


@given(
    country=st.sampled_from(COUNTRIES),
    seed=st.integers(min_value=0),
    position=st.integers(min_value=4),
    shift=st.integers(min_value=1, max_value=9),
)
def test_any_iban_with_right_check_digits_passes_and_any_one_mistyped_digit_fails(
    country: str, seed: int, position: int, shift: int
) -> None:
    """ISO 7064 mod 97-10 catches every single-character substitution: take a valid IBAN of
    each registry country, in its country's shape, then change one of its account characters
    (a digit to another digit, a letter to another letter, so the shape still fits)."""
    iban = str(schwifty.IBAN.random(country_code=country, random=Random(seed)))
    assert check_iban(iban) == iban
    at = 4 + position % (len(iban) - 4)
    was = iban[at]
    now = (
        str((int(was) + shift) % 10)
        if was.isdigit()
        else chr(ord("A") + (ord(was) - ord("A") + shift) % 26)  # a letter stays a letter
    )
    typo = iban[:at] + now + iban[at + 1 :]
    with pytest.raises(ValidationError, match="fails its checksum"):
        check_iban(typo)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("anna", "name@host.tld"),
        ("anna@", "name@host.tld"),
        ("@example.org", "name@host.tld"),
        ("an na@example.org", "before the @"),
        ("anna..k@example.org", "before the @"),
        ("anna@localhost", "not a domain"),
        ("anna@example.c0m", "top-level domain"),
        ("anna@-example.org", "not a domain"),
        ("a" * 65 + "@example.org", "longer than"),
        (None, "must be text"),
    ],
)
def test_bad_paypal_emails_are_refused(email: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PayPal(email)  # type: ignore[arg-type]


def test_stored_details_are_shown_only_as_their_last_four_characters() -> None:
    w = World(QUICK)
    earn(w, "100")
    bank_id = w.market.payouts.add_method(
        actor="seller", method=BankAccount(iban=HU_IBAN, bic="OTPVHUHB", holder="Eladó Béla")
    ).id
    w.market.payouts.add_method(actor="seller", method=PayPal("secret.seller@example.org"))
    views = w.market.payouts.methods("seller", viewer="seller")
    assert [(v.kind, v.last4, v.label) for v in views] == [
        ("bank", "0000", "Bank transfer ****0000"),
        ("paypal", ".org", "PayPal ****.org"),
    ]
    payout = w.market.payouts.approve(
        w.market.payouts.request(actor="seller", method_id=bank_id, amount="50").id, actor="admin"
    )
    compact = HU_IBAN.replace(" ", "")
    visible = [
        repr(views),
        repr(payout),
        repr(w.market.store.records["payout_method"]),
        *(repr(e) for e in w.publisher.events),
        *(n.text for n in w.notifier.sent),
    ]
    for text in visible:
        assert compact not in text
        assert "secret.seller" not in text
    added = [e for e in w.publisher.of(PayoutMethodAdded) if isinstance(e, PayoutMethodAdded)]
    assert [e.last4 for e in added] == ["0000", ".org"]
    # Only the provider gets the whole destination.
    assert any(call[0] == "po" for call in w.gateway.calls)


# -- charge reversals and debts ------------------------------------------------------------------
def test_a_reversed_charge_on_an_open_order_returns_the_escrow_and_cancels_it() -> None:
    w = World(QUICK)
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="100", delivery_days=3
    )
    w.market.orders.start(order.id, actor="seller")
    reversal = w.gateway.event("charge.reversed", f"order:{order.id}", money("105.50", "USD"))
    assert w.market.handle_gateway_event(reversal) == "applied"
    order = w.market.orders.get(order.id, viewer=BACK_OFFICE)
    assert order.state == "cancelled"
    assert order.cancellation is not None
    assert order.cancellation.fault is Fault.BUYER
    assert money_of(w, accounts.escrow(order.id)) == 0
    assert w.market.wallet.debts("seller", viewer="seller") == []
    assert w.market.wallet.debts("buyer", viewer="buyer") == []
    [reversed_] = [e for e in w.publisher.of(ChargeReversed) if isinstance(e, ChargeReversed)]
    assert reversed_.recovered == reversed_.amount == money("105.50", "USD")

    before = snapshot(w)
    assert w.market.handle_gateway_event(reversal) == "duplicate"
    again = w.gateway.event("charge.reversed", f"order:{order.id}")
    assert w.market.handle_gateway_event(again) == "duplicate"
    assert snapshot(w)[:3] == before[:3]
    w.market.admin.verify()


def test_a_reversal_during_clearance_takes_the_earnings_back_before_they_clear() -> None:
    w = World(presets.fiverr_like())
    order = earn(w, "100")
    assert w.market.wallet.balances("seller", viewer="seller").clearing == money("80", "USD")
    revenue_before = w.market.admin.revenue(viewer=BACK_OFFICE)["commission"]
    event = w.gateway.event("charge.reversed", f"order:{order.id}")
    assert w.market.handle_gateway_event(event) == "applied"
    assert w.market.wallet.balances("seller", viewer="seller").clearing == money("0", "USD")
    assert revenue_before - w.market.admin.revenue(viewer=BACK_OFFICE)["commission"] == money(
        "20", "USD"
    )
    assert w.market.orders.get(order.id, viewer=BACK_OFFICE).wake_at is None
    w.clock.advance(days=15)
    report = w.market.run_due()
    assert (report.moves.get("clear"), report.errors) == (None, ())
    assert w.market.wallet.debts("seller", viewer="seller") == []
    w.market.admin.verify()


def test_a_reversal_after_the_seller_withdrew_becomes_a_debt_repaid_from_next_earnings(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.jobindoor())
    method = bank(w)
    first = earn(w, "10000")
    payout = w.market.payouts.request(actor="seller", method_id=method, amount="9000")
    assert w.market.payouts.approve(payout.id, actor="admin").state == "paid"

    reversal = w.gateway.event("charge.reversed", f"order:{first.id}", money("10000", "HUF"))
    assert w.market.handle_gateway_event(reversal) == "applied"
    [debt] = w.market.wallet.debts("seller", viewer="seller")
    assert (debt.amount, debt.cause, debt.state) == (
        money("9000", "HUF"),
        f"order:{first.id}",
        "open",
    )
    assert money_of(w, accounts.debt("seller")) == Decimal("9000")
    assert w.market.wallet.balances("seller", viewer="seller").available == money(
        "0", "HUF"
    )  # never negative
    assert w.publisher.of(DebtOpened)

    earn(w, "5000")  # 4500 earned: all of it repays the debt
    [debt] = w.market.wallet.debts("seller", viewer="seller")
    assert (debt.remaining, debt.state) == (money("4500", "HUF"), "open")
    assert w.market.wallet.balances("seller", viewer="seller").available == money("0", "HUF")
    assert money_of(w, accounts.PLATFORM_RECOVERIES) == Decimal("4500")
    before = snapshot(w)
    with pytest.raises(PolicyViolation, match=r"owes 4500\.00 HUF"):
        w.market.payouts.request(actor="seller", method_id=method, amount="5000")
    assert snapshot(w) == before

    earn(w, "20000")  # 18000 earned: 4500 repays the rest, 13500 is available
    [debt] = w.market.wallet.debts("seller", viewer="seller")
    assert (debt.remaining, debt.state) == (money("0", "HUF"), "settled")
    assert w.market.wallet.balances("seller", viewer="seller").available == money("13500", "HUF")
    assert money_of(w, accounts.debt("seller")) == 0
    assert (
        w.market.payouts.request(actor="seller", method_id=method, amount="13500").state
        == "requested"
    )
    w.market.admin.verify()


def test_a_payout_whose_sellers_order_is_reversed_cannot_be_approved_while_owed(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.jobindoor())
    method = bank(w)
    first = earn(w, "10000")
    payout = w.market.payouts.request(actor="seller", method_id=method, amount="9000")
    w.market.handle_gateway_event(w.gateway.event("charge.reversed", f"order:{first.id}"))
    [debt] = w.market.wallet.debts(
        "seller", viewer="seller"
    )  # the 9000 is reserved, not available: it is owed
    assert debt.amount == money("9000", "HUF")
    for reviewed in (False, True):
        with pytest.raises(PolicyViolation, match="reject the payout instead"):
            w.market.payouts.approve(payout.id, actor="admin", reviewed=reviewed)
    rejected = w.market.payouts.reject(payout.id, actor="admin", reason="chargeback")
    assert rejected.state == "rejected"
    [debt] = w.market.wallet.debts("seller", viewer="seller")
    assert debt.state == "settled"  # the returned money repaid it
    assert w.market.wallet.balances("seller", viewer="seller").available == money("0", "HUF")
    w.market.admin.verify()


def test_a_reversal_on_a_disputed_order_closes_the_dispute_too() -> None:
    w = World(QUICK)
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="100", delivery_days=3
    )
    w.market.orders.start(order.id, actor="seller")
    w.market.orders.deliver(order.id, actor="seller", message="done")
    dispute = w.market.disputes.open(order.id, actor="buyer", reason="not what I asked for")
    event = w.gateway.event("charge.reversed", f"order:{order.id}")
    assert w.market.handle_gateway_event(event) == "applied"
    assert w.market.orders.get(order.id, viewer=BACK_OFFICE).state == "cancelled"
    assert w.market.disputes.get(dispute.id, viewer="admin").state == "resolved"
    assert money_of(w, accounts.escrow(order.id)) == 0
    w.market.admin.verify()


def test_a_reversal_after_a_refund_to_the_wallet_takes_it_from_the_buyer() -> None:
    w = World(QUICK)
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="100", delivery_days=3
    )
    w.market.orders.cancel(order.id, actor="buyer")
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("105.50", "USD")
    w.market.orders.place(
        actor="buyer",
        seller_id="seller",
        title="Icon",
        price="50",
        delivery_days=3,
        pay_from_wallet=True,
    )  # 50 + 2.75 fee + 3.00 small-order fee
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("49.75", "USD")
    event = w.gateway.event("charge.reversed", f"order:{order.id}")
    assert w.market.handle_gateway_event(event) == "applied"
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("0", "USD")
    [debt] = w.market.wallet.debts("buyer", viewer="buyer")
    assert debt.amount == money("55.75", "USD")
    w.market.admin.verify()


def test_a_reversal_of_a_wallet_paid_order_moves_no_money_and_a_wrong_amount_is_refused() -> None:
    """Nothing of a wallet-paid order came from a charge, so its reversal moves no money; it is
    kept on the order, so a stray charge the provider reversed books nothing if its
    confirmation comes later."""
    w = World(QUICK)
    w.market.wallet.announce_deposit(actor="buyer", amount="200")
    wallet_order = w.market.orders.place(
        actor="buyer",
        seller_id="seller",
        title="Logo",
        price="100",
        delivery_days=3,
        pay_from_wallet=True,
    )
    before = snapshot(w)
    event = w.gateway.event("charge.reversed", f"order:{wallet_order.id}")
    assert w.market.handle_gateway_event(event) == "recorded"
    assert snapshot(w)[:2] == before[:2]  # no entry, no record: no money moved
    kept = w.market.orders.get(wallet_order.id, viewer=BACK_OFFICE)
    assert (kept.state, kept.reversed_charges) == (wallet_order.state, ("",))
    stray = w.gateway.event(
        "charge.succeeded", f"order:{wallet_order.id}", wallet_order.escrow_total, "ch_stray"
    )
    assert w.market.handle_gateway_event(stray) == "reversed"
    assert snapshot(w)[:2] == before[:2]

    paid = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="100", delivery_days=3
    )
    before = snapshot(w)
    wrong = w.gateway.event("charge.reversed", f"order:{paid.id}", money("10", "USD"))
    with pytest.raises(Conflict, match="partial reversals"):
        w.market.handle_gateway_event(wrong)
    assert snapshot(w) == before


def test_a_reversed_deposit_takes_back_what_is_left_and_the_next_deposit_repays_the_rest() -> None:
    w = World(QUICK)
    deposit = w.market.wallet.announce_deposit(actor="buyer", amount="100")
    w.market.orders.place(
        actor="buyer",
        seller_id="seller",
        title="Logo",
        price="60",
        delivery_days=3,
        pay_from_wallet=True,
    )  # 60 + 3.30 fee + 3.00 small-order fee = 66.30
    event = w.gateway.event("charge.reversed", f"deposit:{deposit.id}", money("100", "USD"))
    assert w.market.handle_gateway_event(event) == "applied"
    [debt] = w.market.wallet.debts("buyer", viewer="buyer")
    assert debt.amount == money("66.30", "USD")  # 33.70 was still in the wallet
    w.market.wallet.announce_deposit(actor="buyer", amount="100")
    [debt] = w.market.wallet.debts("buyer", viewer="buyer")
    assert debt.state == "settled"
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("33.70", "USD")
    w.market.admin.verify()


# -- deposits through the gateway ------------------------------------------------------------------
def test_a_gateway_deposit_is_confirmed_by_the_provider_once() -> None:
    w = World(QUICK)
    deposit = w.market.wallet.announce_deposit(actor="buyer", amount="100")
    assert deposit.state == "confirmed"
    assert w.gateway.calls[-1][:2] == ("ch", f"deposit:{deposit.id}")
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("100", "USD")

    w.gateway.script("pending")
    pending = w.market.wallet.announce_deposit(actor="buyer", amount="40")
    assert (pending.state, pending.provider_status) == ("announced", "pending")
    webhook = w.gateway.event("charge.succeeded", f"deposit:{pending.id}", money("40", "USD"))
    assert w.market.handle_gateway_event(webhook) == "applied"
    assert w.market.handle_gateway_event(webhook) == "duplicate"
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("140", "USD")

    w.gateway.script("failed")
    failed = w.market.wallet.announce_deposit(actor="buyer", amount="30")
    assert failed.state == "rejected"
    w.gateway.script(GatewayTimeout("no answer"))
    unknown = w.market.wallet.announce_deposit(actor="buyer", amount="20")
    assert unknown.state == "announced"
    before = snapshot(w)
    wrong = w.gateway.event("charge.succeeded", f"deposit:{unknown.id}", money("2", "USD"))
    with pytest.raises(Conflict, match=r"announced as 20\.00 USD"):
        w.market.handle_gateway_event(wrong)
    assert snapshot(w) == before
    assert [c.event_id for c in w.market.admin.gateway_conflicts(viewer="admin")] == [wrong.id]
    assert w.market.wallet.balances("buyer", viewer="buyer").incoming == money("20", "USD")
    w.market.admin.verify()


@pytest.mark.parametrize(
    ("amount", "error"),
    [(10.5, ValidationError), (money("10", "EUR"), CurrencyMismatch), ("0", ValidationError)],
)
def test_bad_deposits_are_refused_and_nothing_changes(
    amount: object, error: type[Exception]
) -> None:
    w = World(QUICK)
    before = snapshot(w)
    with pytest.raises(error):
        w.market.wallet.announce_deposit(actor="buyer", amount=amount)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        w.market.wallet.announce_deposit(actor="nobody", amount="10")
    assert snapshot(w) == before


# -- statements and projections -------------------------------------------------------------------
def test_the_statement_lists_every_movement_with_a_running_balance_and_monthly_totals() -> None:
    w = World(QUICK)
    w.clock.set(pendulum.datetime(2026, 1, 10, 9, tz="UTC"))
    w.market.wallet.announce_deposit(actor="buyer", amount="200")
    w.clock.set(pendulum.datetime(2026, 1, 20, 9, tz="UTC"))
    w.market.orders.place(
        actor="buyer",
        seller_id="seller",
        title="Logo",
        price="100",
        delivery_days=3,
        pay_from_wallet=True,
    )
    w.clock.set(pendulum.datetime(2026, 2, 3, 9, tz="UTC"))
    w.market.wallet.announce_deposit(actor="buyer", amount="50")
    w.clock.set(pendulum.datetime(2026, 2, 10, 9, tz="UTC"))
    w.market.payouts.request(actor="buyer", method_id=bank(w, "buyer"), amount="100")

    statement = w.market.wallet.statement("buyer", "USD", viewer="buyer")
    assert [str(line.amount.amount) for line in statement.lines] == [
        "200.00",
        "-105.50",
        "50.00",
        "-100.00",
    ]
    assert [str(line.balance.amount) for line in statement.lines] == [
        "200.00",
        "94.50",
        "144.50",
        "44.50",
    ]
    assert [
        (p.label, str(p.credits.amount), str(p.debits.amount), str(p.closing.amount))
        for p in statement.periods
    ] == [("2026-01", "200.00", "105.50", "94.50"), ("2026-02", "50.00", "100.00", "44.50")]
    assert statement.closing == w.market.wallet.balances("buyer", viewer="buyer").available

    february = w.market.wallet.statement(
        "buyer",
        "USD",
        pendulum.datetime(2026, 2, 1, tz="UTC"),
        pendulum.datetime(2026, 2, 5),
        viewer="buyer",
    )
    assert str(february.opening.amount) == "94.50"
    assert [line.key.rsplit(":", 1)[-1] for line in february.lines] == ["confirm"]
    assert str(february.closing.amount) == "144.50"
    assert (february.credits, february.debits) == (money("50", "USD"), money("0", "USD"))
    with pytest.raises(ValidationError, match="period must be one of"):
        w.market.wallet.statement("buyer", viewer="buyer", period="fortnight")
    with pytest.raises(ValidationError, match="start must be a datetime"):
        w.market.wallet.statement("buyer", "USD", "2026-01-01", viewer="buyer")  # type: ignore[arg-type]


def test_the_projection_shows_each_orders_net_and_when_it_should_arrive() -> None:
    w = World(presets.fiverr_like())  # 20 % commission, 14 days' clearance, PayPal fee 1.00
    paypal(w)
    done = earn(w, "100")
    active = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Banner", price="50", delivery_days=2
    )
    active = w.market.orders.start(active.id, actor="seller")
    projection = w.market.payouts.projection("seller", viewer="seller")
    assert projection.method_kind == "paypal"
    rows = {row.order_id: row for row in projection.rows}
    assert set(rows) == {done.id, active.id}
    first = rows[done.id]
    assert (first.gross, first.commission, first.fees, first.net) == (
        money("100", "USD"),
        money("20", "USD"),
        money("1", "USD"),
        money("79", "USD"),
    )
    assert first.available_at == done.clears_at
    assert first.arrival_at is not None
    assert first.available_at is not None
    assert first.arrival_at > first.available_at
    second = rows[active.id]
    assert (second.net, second.state) == (money("39", "USD"), "active")
    assert active.due_at is not None
    assert second.available_at == active.due_at.add(days=14)
    assert projection.total_net == money("118", "USD")


class _Unreadable:
    """A payout method whose details cannot be read (a record edited by hand, or stored under
    rules that refuse it now)."""

    kind = "bank"

    def destination(self) -> str:
        raise ValueError("IBAN DE90 3704 0044 0532 01AB 00 does not fit Germany's format")


def test_a_payout_whose_method_cannot_be_read_is_refused_before_approval_and_can_be_rejected() -> (
    None
):
    """Approving commits before the payout is sent, and an approved payout can no longer be
    rejected: approving one whose method cannot be read left it approved, unsent and its money
    reserved for good. The approval is refused instead, and the payout can be rejected."""
    w = World(QUICK)
    earn(w, "100")
    method = bank(w)
    payout = w.market.payouts.request(actor="seller", method_id=method, amount="30")
    methods = w.market.store.records["payout_method"]
    methods[method] = attrs.evolve(methods[method], method=_Unreadable())
    before = snapshot(w)
    with pytest.raises(ValidationError, match=f"payout method {method} cannot be read"):
        w.market.payouts.approve(payout.id, actor="admin")
    assert snapshot(w) == before
    assert w.market.payouts.get(payout.id, viewer=BACK_OFFICE).state == "requested"
    w.market.payouts.reject(payout.id, actor="admin", reason="ask for the account again")
    assert w.market.wallet.balances("seller", viewer="seller").available == money("80", "USD")
