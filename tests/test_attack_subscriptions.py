"""Attacks on subscriptions: what a reversal takes back, and renewal charges that are lost or
cancelled by a stale provider notice.

Each test names the attack in its docstring, what must hold afterwards, and what went wrong
before the fix."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock, GatewayTimeout
from microjob.errors import Conflict
from microjob.ports import GatewayEvent
from microjob.subscriptions import Plan
from microjob.testing import expect_deltas

PRO = Plan(id="pro", name="Pro", price=Money("9.90", "USD"), period_days=30)


def _market(gateway: FakeGateway, clock: FrozenClock) -> Marketplace:
    market = Marketplace.in_memory(presets.fiverr_like(), clock=clock, gateway=gateway)
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    market.users.register("bo", name="Bo", email="bo@example.org")
    market.subscriptions.define_plan(PRO, actor="admin")
    return market


class TestSubscriptionReversals:
    def test_a_reversal_takes_back_what_the_reversed_period_was_charged(self) -> None:
        """Attack: the plan's price rises between two periods, then the provider reverses
        the first (cheaper) period's charge without naming an amount.

        Must hold: exactly the 9.90 that charge brought in leaves platform:subscriptions.
        Before the fix the subscription's current price (19.90) was taken out."""
        clock = FrozenClock()
        market = _market(FakeGateway("pending"), clock)
        sub = market.subscriptions.subscribe("pro", actor="bo")
        cheap, dear = Money("9.90", "USD"), Money("19.90", "USD")
        market.handle_gateway_event(
            GatewayEvent("e1", "charge.succeeded", sub.cause, cheap, "ch_1")
        )
        market.subscriptions.define_plan(attrs.evolve(PRO, price=dear), actor="admin")
        clock.advance(days=30)
        market.run_due()
        market.handle_gateway_event(GatewayEvent("e2", "charge.succeeded", sub.cause, dear, "ch_2"))
        with expect_deltas(
            market, {accounts.PLATFORM_SUBSCRIPTIONS: "-9.90", accounts.WORLD: "9.90"}
        ):
            market.handle_gateway_event(
                GatewayEvent("e3", "charge.reversed", sub.cause, None, "ch_1")
            )

    def test_a_reversal_for_more_than_the_charge_is_kept_for_an_operator(self) -> None:
        """Attack: a reversal naming a booked charge but a far larger amount.

        Must hold: refused as a conflict (as an order's or a deposit's is), nothing moves.
        Before the fix it was posted as told, draining other subscribers' fees from
        platform:subscriptions (only a short account stopped it)."""
        market = _market(FakeGateway("pending"), FrozenClock())
        market.users.register("al", name="Al", email="al@example.org")
        price = Money("9.90", "USD")
        subs = [market.subscriptions.subscribe("pro", actor=user) for user in ("al", "bo")]
        for n, sub in enumerate(subs):
            market.handle_gateway_event(
                GatewayEvent(f"e{n}", "charge.succeeded", sub.cause, price, f"ch_{n}")
            )
        wrong = GatewayEvent("er", "charge.reversed", subs[1].cause, Money("19.80", "USD"), "ch_1")
        with expect_deltas(market, {}), pytest.raises(Conflict):
            market.handle_gateway_event(wrong)
        [kept] = market.admin.gateway_conflicts(viewer="admin")
        assert (kept.event_id, kept.recorded) == ("er", "expected 9.90 USD")


class TestSubscriptionRenewalCharges:
    def test_a_renewal_charge_that_never_reached_the_provider_is_sent_again(self) -> None:
        """Operator: the provider call for a renewal times out before reaching it (or the
        process dies between the commit and the call). No webhook will ever come.

        Must hold: run_due sends the charge again under the same idempotency key (the
        provider charges at most once), as it does for approved payouts. Before the fix
        nothing was sent again and the subscription lapsed when the grace period ran out."""
        clock, gateway = FrozenClock(), FakeGateway()
        market = _market(gateway, clock)
        sub = market.subscriptions.subscribe("pro", actor="bo")
        clock.advance(days=30)
        gateway.script(GatewayTimeout("no answer"))
        market.run_due()
        clock.advance(days=2)
        market.run_due()
        keys = [call[3] for call in gateway.calls if call[1] == sub.cause]
        assert keys[-1] == keys[-2] == f"{sub.cause}:period:2:charge:1"
        assert market.subscriptions.get(sub.id, viewer=BACK_OFFICE).period == 2

    def test_a_repeated_failure_of_an_earlier_attempt_does_not_cancel_the_next(self) -> None:
        """Attack: the provider repeats (under a new event id) its failure notice of renewal
        attempt ch_2 while the retry ch_3 is in flight; then ch_3 succeeds.

        Must hold: the repeated notice changes nothing; ch_3 pays period 2 and the card is
        not charged a third time. Before the fix the notice cancelled the attempt in flight,
        ch_3 was credited to the wallet instead, the subscription stayed past due and run_due
        charged the card again."""
        clock, gateway = FrozenClock(), FakeGateway("pending")
        market = _market(gateway, clock)
        price = Money("9.90", "USD")
        sub = market.subscriptions.subscribe("pro", actor="bo")
        market.handle_gateway_event(
            GatewayEvent("e1", "charge.succeeded", sub.cause, price, "ch_1")
        )
        clock.advance(days=30)
        market.run_due()
        market.handle_gateway_event(GatewayEvent("e2", "charge.failed", sub.cause, None, "ch_2"))
        clock.advance(days=1)
        market.run_due()
        market.handle_gateway_event(GatewayEvent("e3", "charge.failed", sub.cause, None, "ch_2"))
        assert (
            market.handle_gateway_event(
                GatewayEvent("e4", "charge.succeeded", sub.cause, price, "ch_3")
            )
            == "applied"
        )
        after = market.subscriptions.get(sub.id, viewer=BACK_OFFICE)
        assert (after.state, after.period) == ("active", 2)
        calls = len(gateway.calls)
        clock.advance(days=1)
        market.run_due()
        assert len(gateway.calls) == calls

    def test_a_failure_notice_of_a_paid_charge_does_not_cancel_the_renewal(self) -> None:
        """Attack: while the renewal ch_2 is in flight, a failure notice arrives for ch_1,
        the charge that paid period 1.

        Must hold: the notice is ignored; ch_2 then pays period 2."""
        clock = FrozenClock()
        market = _market(FakeGateway("pending"), clock)
        price = Money("9.90", "USD")
        sub = market.subscriptions.subscribe("pro", actor="bo")
        market.handle_gateway_event(
            GatewayEvent("e1", "charge.succeeded", sub.cause, price, "ch_1")
        )
        clock.advance(days=30)
        market.run_due()
        with expect_deltas(market, {}):
            stale = GatewayEvent("e2", "charge.failed", sub.cause, None, "ch_1")
            assert market.handle_gateway_event(stale) == "ignored"
        with expect_deltas(
            market, {accounts.WORLD: "-9.90", accounts.PLATFORM_SUBSCRIPTIONS: "9.90"}
        ):
            paid = GatewayEvent("e3", "charge.succeeded", sub.cause, price, "ch_2")
            assert market.handle_gateway_event(paid) == "applied"
        assert market.subscriptions.get(sub.id, viewer=BACK_OFFICE).period == 2

    def test_a_charge_credited_to_the_wallet_is_not_booked_again_as_a_period(self) -> None:
        """Attack: a success notice for ch_2 arrives after its failure was told (nothing is
        due, so it is credited to the wallet); the provider repeats it under a new event id
        while the next renewal attempt is in flight.

        Must hold: the repeat is a duplicate, the one charge brings its money in once.
        Before the fix it also paid period 2: 9.90 booked from world twice for one charge."""
        clock = FrozenClock()
        market = _market(FakeGateway("pending"), clock)
        price = Money("9.90", "USD")
        sub = market.subscriptions.subscribe("pro", actor="bo")
        market.handle_gateway_event(
            GatewayEvent("e1", "charge.succeeded", sub.cause, price, "ch_1")
        )
        clock.advance(days=30)
        market.run_due()
        market.handle_gateway_event(GatewayEvent("e2", "charge.failed", sub.cause, None, "ch_2"))
        late = GatewayEvent("e3", "charge.succeeded", sub.cause, price, "ch_2")
        with expect_deltas(market, {accounts.WORLD: "-9.90", accounts.available("bo"): "9.90"}):
            assert market.handle_gateway_event(late) == "credited"
        clock.advance(days=1)
        market.run_due()
        with expect_deltas(market, {}):
            again = GatewayEvent("e4", "charge.succeeded", sub.cause, price, "ch_2")
            assert market.handle_gateway_event(again) == "duplicate"
        assert market.subscriptions.get(sub.id, viewer=BACK_OFFICE).period == 1


# -- the property ----------------------------------------------------------------------------------
_REFS = [f"ch_{n}" for n in range(3)]
_event = st.one_of(
    st.tuples(st.just("days"), st.sampled_from([1, 2, 7, 30])),
    st.tuples(st.just("reprice"), st.sampled_from(["9.90", "19.90", "4.95"])),
    st.tuples(st.just("charge.succeeded"), st.sampled_from(_REFS), st.booleans()),
    st.tuples(st.just("charge.failed"), st.sampled_from(_REFS)),
    st.tuples(
        st.just("charge.reversed"), st.sampled_from(_REFS), st.sampled_from(["none", "ok", "x2"])
    ),
    st.tuples(st.just("provider"), st.sampled_from(["pending", "failed", "timeout"])),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_event, max_size=30))
def test_platform_subscriptions_holds_what_was_paid_minus_what_was_reversed(
    steps: list[tuple[Any, ...]],
) -> None:
    """Any order of provider events, renewals and repricings for one subscription:
    ``platform:subscriptions`` holds exactly the charges booked as periods minus those
    reversed (each for what it brought in), a late charge lands in the wallet, the books
    balance, and each period is booked once."""
    clock, gateway = FrozenClock(), FakeGateway("pending")
    market = _market(gateway, clock)
    sub = market.subscriptions.subscribe("pro", actor="bo")
    booked: dict[str, Money] = {}
    reversed_: set[str] = set()
    late: dict[str, Money] = {}
    told_reversed: set[str] = set()
    credited = Money("0", "USD")
    for n, (kind, *args) in enumerate(steps):
        now = market.subscriptions.get(sub.id, viewer=BACK_OFFICE)
        if kind == "days":
            clock.advance(days=args[0])
            assert not market.run_due().errors
            continue
        if kind == "reprice":
            market.subscriptions.define_plan(
                attrs.evolve(PRO, price=Money(args[0], "USD")), actor="admin"
            )
            continue
        if kind == "provider":
            gateway.script(GatewayTimeout("no answer") if args[0] == "timeout" else args[0])
            continue
        ref = args[0]
        if kind == "charge.succeeded":
            amount = now.price if args[1] else now.price * 2
        elif kind == "charge.failed":
            amount = None
        else:
            paid = booked.get(ref, late.get(ref, now.price))
            amount = {"none": None, "ok": paid, "x2": paid * 2}[args[1]]
        event = GatewayEvent(f"ev{n}", kind, sub.cause, amount, ref)
        try:
            outcome = market.handle_gateway_event(event)
        except Conflict:
            # Only a wrong amount is refused: a reversal of a booked charge for what it
            # brought in (or naming no amount) always goes through.
            assert kind != "charge.reversed" or args[1] == "x2"
            continue
        if kind == "charge.succeeded" and outcome in ("applied", "credited"):
            # One charge brings its money in once: as a period or into the wallet; a charge
            # reversed before it was confirmed brings nothing in.
            assert amount is not None
            assert ref not in booked
            assert ref not in late
            assert ref not in told_reversed
            if outcome == "applied":
                booked[ref] = amount
            else:
                late[ref] = amount
                credited += amount
        elif kind == "charge.reversed" and outcome == "applied":
            assert ref not in reversed_
            if ref in booked:
                assert amount in (None, booked[ref])
            else:  # credited to the wallet: it leaves the wallet again
                assert amount in (None, late[ref])
                credited -= late[ref]
            reversed_.add(ref)
        elif kind == "charge.reversed" and outcome == "recorded":
            assert ref not in booked
            assert ref not in late
            told_reversed.add(ref)
        elif kind == "charge.succeeded" and outcome == "reversed":
            # Taken back before it was confirmed: its confirmation books nothing.
            assert ref in told_reversed
            assert ref not in booked
            assert ref not in late
    after = market.subscriptions.get(sub.id, viewer=BACK_OFFICE)
    with market.unit_of_work() as uow:
        book = uow.ledger
        assert book.verify() is not None
        held = book.balance(accounts.PLATFORM_SUBSCRIPTIONS, "USD")
        wallet = book.balance(accounts.available("bo"), "USD")
        periods = [e for e in book.entries_for_cause(sub.cause) if ":period:" in e.key]
    expected = sum(
        (paid for ref, paid in booked.items() if ref not in reversed_), Money("0", "USD")
    )
    assert held == expected
    assert wallet == credited
    assert len(periods) == after.period == len(booked)
