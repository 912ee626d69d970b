"""A refund to the card the provider refuses for good: asked for again a bounded number of
times, spaced out, then handed to an operator, who sends it again once the cause is fixed.

Before, a refund the provider answered ``failed`` was asked for again under a new key on every
``run_due``, for ever (a closed card, a charge refunded at the provider already, a charge too
old), and nobody was told: the ledger had booked the money as gone back to the card, so the
buyer never got it. Each test below failed before (the fault simulator's `card-refunds` mix
failed 37 of 40 seeds so).
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pendulum
import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FrozenClock
from microjob.context import (
    COVERED,
    MAX_REFUSALS,
    REFUSAL_WAITS,
    REFUSED,
    PendingRefund,
    pending_refunds_repo,
)
from microjob.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from microjob.orders import Order
from microjob.policies import RefundTo
from microjob.ports import ChargeResult
from microjob.services.orphan_charges import orphan_refund_key
from microjob.testing import faults
from microjob.testing.faults import SimConfig, Simulator, simulate
from tests.placing_kit import ESCROW, PAST_GRACE, ReplayingProvider, orphan_charge

CLOSED = "the card is closed"


class Provider(ReplayingProvider):
    """Charges succeed; refunds are refused while ``refusing`` (with ``CLOSED``). A key it has
    answered gets the same answer again, as real providers do, and it can act while a refund is
    in flight or lose an answer (`ReplayingProvider`). ``asked`` keeps each refund call's key
    and the clock's time."""

    def __init__(self, clock: FrozenClock) -> None:
        super().__init__()
        self.clock = clock
        self.refusing = True
        self.asked: list[tuple[str, pendulum.DateTime]] = []

    def first_refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult:
        result = super().first_refund(reference, amount, idempotency_key)
        return attrs.evolve(result, status="failed", reason=CLOSED) if self.refusing else result

    def refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult:
        self.asked.append((idempotency_key, self.clock.now()))
        return super().refund(reference, amount, idempotency_key)

    def keys(self) -> list[str]:
        return [key for key, _ in self.asked]


def _market() -> tuple[Marketplace, Provider, FrozenClock]:
    clock = FrozenClock()
    provider = Provider(clock)
    market = Marketplace.in_memory(
        attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL),
        clock=clock,
        gateway=provider,
    )
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
    return market, provider, clock


def _declined(market: Marketplace) -> tuple[Order, str]:
    """A paid order its seller declines: its refund goes to the card at once (and is refused,
    if the provider refuses)."""
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    )
    market.orders.decline(order.id, actor="bob", reason="too busy")
    return order, f"order:{order.id}:refund"


def _run_due_every(market: Marketplace, clock: FrozenClock, minutes: int, hours: int) -> None:
    """A host's scheduler: ``run_due`` every ``minutes`` for ``hours``."""
    for _ in range(hours * 60 // minutes):
        clock.advance(minutes=minutes)
        assert market.run_due().errors == ()


def _refund(market: Marketplace, key: str) -> PendingRefund:
    with market.unit_of_work() as uow:
        found = pending_refunds_repo(uow).find(key)
    assert found is not None
    return found


def _refused_for_good(market: Marketplace, clock: FrozenClock) -> tuple[Order, str]:
    order, key = _declined(market)
    _run_due_every(market, clock, minutes=30, hours=24)
    assert [r.id for r in market.admin.refused_refunds(viewer=BACK_OFFICE)] == [key]
    return order, key


# -- a provider that refuses for good -------------------------------------------------------------
def test_a_refund_refused_for_good_stops_after_the_last_attempt_and_waits_for_an_operator() -> None:
    market, provider, clock = _market()
    _, key = _declined(market)
    started = clock.now()
    _run_due_every(market, clock, minutes=1, hours=24)
    assert provider.keys() == [key, *(f"{key}:{n}" for n in range(1, MAX_REFUSALS))]
    # Spaced out: each attempt waits its turn after the refusal before it (0, 15 min, 1 h 15,
    # 5 h 15, 17 h 15), so a short outage does not use them up.
    assert [(at - started).in_minutes() for _, at in provider.asked] == [0, 15, 75, 315, 1035]
    [refused] = market.admin.refused_refunds(viewer=BACK_OFFICE)
    assert (refused.id, refused.state, refused.refusals) == (key, REFUSED, MAX_REFUSALS)
    assert refused.reason == CLOSED
    assert not refused.in_doubt
    assert market.admin.unsent_refunds == {}
    assert market.admin.dashboard(viewer=BACK_OFFICE).refunds_refused == 1
    # No longer sent, by run_due or by a retry of every unsent refund.
    clock.advance(days=30)
    market.run_due()
    assert market.admin.retry_refunds() == 0
    assert len(provider.asked) == MAX_REFUSALS
    assert market.admin.verify().totals == {"USD": 0}


def test_a_short_outage_of_refusals_does_not_use_up_the_attempts() -> None:
    """The provider refuses every refund for 40 minutes, then takes them; a scheduler runs
    ``run_due`` every minute. Before, that was 40 refusals."""
    market, provider, clock = _market()
    _, key = _declined(market)
    for _ in range(40):
        clock.advance(minutes=1)
        market.run_due()
    provider.refusing = False
    _run_due_every(market, clock, minutes=1, hours=2)
    assert provider.keys() == [key, f"{key}:1", f"{key}:2"]  # now, +15 min, +1 h 15 min
    assert provider.refunded() == [f"{key}:2"]
    assert market.admin.unsent_refunds == {}
    assert market.admin.refused_refunds(viewer=BACK_OFFICE) == []


def test_an_explicit_retry_sends_a_refund_waiting_after_a_refusal_at_once() -> None:
    """``retry_refunds`` is a host's or an operator's "the provider is back": it does not
    wait; ``run_due`` does."""
    market, provider, _ = _market()
    _, key = _declined(market)
    assert market.run_due().moves.get("refund_sent") is None  # waiting
    provider.refusing = False
    assert market.admin.due_refunds() == (0, 1)
    assert market.admin.retry_refunds() == 0
    assert provider.refunded() == [f"{key}:1"]


def test_the_waits_and_the_bound_are_what_the_docs_say() -> None:
    assert MAX_REFUSALS == 5
    assert len(REFUSAL_WAITS) == MAX_REFUSALS - 1
    assert sum(w.in_seconds() for w in REFUSAL_WAITS) == (17 * 60 + 15) * 60


# -- the operator ---------------------------------------------------------------------------------
def test_an_operator_sends_it_again_under_a_new_key_once_the_cause_is_fixed() -> None:
    market, provider, clock = _market()
    order, key = _refused_for_good(market, clock)
    used = provider.keys()
    provider.refusing = False  # the buyer gave a new card
    sent = market.admin.resend_refund(key, actor="ops")
    assert sent.state == "sent"
    assert provider.keys()[-1] == f"{key}:{MAX_REFUSALS}"
    assert provider.keys()[-1] not in used
    assert provider.refunded() == [f"{key}:{MAX_REFUSALS}"]
    assert provider.calls[-1][1:3] == (order.charge_ref, order.escrow_total)
    assert market.admin.refused_refunds(viewer=BACK_OFFICE) == []
    assert market.admin.unsent_refunds == {}
    assert market.admin.dashboard(viewer=BACK_OFFICE).refunds_refused == 0
    clock.advance(days=2)
    market.run_due()
    assert len(provider.refunded()) == 1


def test_a_resend_the_provider_refuses_again_goes_back_to_the_operator_at_once() -> None:
    market, provider, clock = _market()
    _, key = _refused_for_good(market, clock)
    again = market.admin.resend_refund(key, actor="ops")
    assert (again.state, again.refusals) == (REFUSED, MAX_REFUSALS + 1)
    assert provider.keys()[-1] == f"{key}:{MAX_REFUSALS}"
    provider.refusing = False
    assert market.admin.resend_refund(key, actor="ops").state == "sent"
    assert provider.refunded() == [f"{key}:{MAX_REFUSALS + 1}"]


def test_a_resend_whose_answer_is_lost_stays_pending_and_run_due_finishes_it() -> None:
    market, provider, clock = _market()
    _, key = _refused_for_good(market, clock)
    provider.refusing = False
    provider.lose_answer.add(f"{key}:{MAX_REFUSALS}")
    lost = market.admin.resend_refund(key, actor="ops")
    assert (lost.state, lost.in_doubt) == ("pending", True)
    market.run_due()
    assert _refund(market, key).state == "sent"
    assert provider.refunded() == [f"{key}:{MAX_REFUSALS}"]  # once, under the same key
    assert market.admin.unsent_refunds == {}


@pytest.mark.parametrize(
    ("actor", "key", "error", "words"),
    [
        ("ann", None, PermissionDenied, "only an admin may send a refund again"),
        ("ops", "order:o999:refund", NotFound, "admin.refused_refunds()"),
        ("ops", 7, ValidationError, "like 'order:ID:refund'"),
    ],
)
def test_a_resend_by_a_non_admin_or_of_an_unknown_key_is_refused_and_changes_nothing(
    actor: str, key: object, error: type[Exception], words: str
) -> None:
    market, provider, clock = _market()
    _, refused = _refused_for_good(market, clock)
    before = market.admin.refused_refunds(viewer=BACK_OFFICE)
    calls = len(provider.calls)
    with pytest.raises(error, match=re.escape(words)):
        market.admin.resend_refund(refused if key is None else key, actor=actor)  # type: ignore[arg-type]
    assert market.admin.refused_refunds(viewer=BACK_OFFICE) == before
    assert len(provider.calls) == calls


def test_a_resend_of_a_refund_that_is_not_refused_says_what_it_is() -> None:
    market, provider, _ = _market()
    _, key = _declined(market)  # refused once: pending, waiting for its next attempt
    with pytest.raises(InvalidTransition, match=r"'pending', not 'refused'.*run_due"):
        market.admin.resend_refund(key, actor="ops")
    provider.refusing = False
    market.admin.retry_refunds()
    calls = len(provider.calls)
    with pytest.raises(InvalidTransition, match=r"'sent', not 'refused'.*the provider took it"):
        market.admin.resend_refund(key, actor="ops")
    assert len(provider.calls) == calls
    assert market.admin.unsent_refunds == {}


def test_the_refused_refunds_are_for_admins_and_back_office_only() -> None:
    market, _, clock = _market()
    _, key = _refused_for_good(market, clock)
    with pytest.raises(PermissionDenied, match="only admins"):
        market.admin.refused_refunds(viewer="ann")
    assert [r.id for r in market.admin.refused_refunds(viewer="ops")] == [key]


# -- a refusal read late --------------------------------------------------------------------------
def test_a_late_refusal_under_an_older_key_does_not_hand_a_refund_in_doubt_to_the_operator() -> (
    None
):
    """Two workers send the refund at its next-to-last attempt. Worker 2's call is slow and
    refused; meanwhile worker 1 is refused under the same key (the provider replays its
    answer), counts it, and makes the last attempt under the next key, which reaches the card
    but whose answer is lost. Worker 2's refusal then comes back.

    Must hold: it changes nothing. Counting it would make the refund ``refused`` (the last
    refusal) while the card may have its money: an operator would send it a second time."""
    market, provider, _ = _market()
    _, key = _declined(market)
    for _ in range(MAX_REFUSALS - 3):
        market.admin.send_refund(key)
    slow = f"{key}:{MAX_REFUSALS - 2}"
    last = f"{key}:{MAX_REFUSALS - 1}"

    def worker_one() -> None:
        assert market.admin.send_refund(key) is False  # refused under `slow`: counted
        provider.refusing = False
        provider.lose_answer.add(last)
        assert market.admin.send_refund(key) is False  # carried out, its answer lost

    provider.during[slow] = worker_one
    assert market.admin.send_refund(key) is False  # worker 2's slow call under `slow`
    assert provider.refunded() == [last]
    now = _refund(market, key)
    assert (now.state, now.in_doubt, now.refusals) == ("pending", True, MAX_REFUSALS - 1)
    assert market.admin.refused_refunds(viewer=BACK_OFFICE) == []
    assert market.admin.retry_refunds() == 0  # asked again under `last`: the provider replays
    assert provider.refunded() == [last]


# -- a chargeback ---------------------------------------------------------------------------------
def test_a_chargeback_of_a_refused_refunds_charge_covers_it() -> None:
    """The provider refused every attempt, so the card has not got the refund; the chargeback
    gave the buyer the money instead. Must hold: the buyer owes nothing, the refund is covered
    (never sent, no longer the operator's), and a resend is refused."""
    market, provider, clock = _market()
    order, key = _refused_for_good(market, clock)
    reversal = provider.event(
        "charge.reversed", f"order:{order.id}", order.escrow_total, order.charge_ref or ""
    )
    assert market.handle_gateway_event(reversal) == "applied"
    assert market.wallet.debts("ann", viewer="ann") == []
    assert market.admin.refused_refunds(viewer=BACK_OFFICE) == []
    with pytest.raises(InvalidTransition, match=r"'covered'.*chargeback"):
        market.admin.resend_refund(key, actor="ops")
    assert provider.refunded() == []
    assert market.admin.verify().totals == {"USD": 0}


def test_a_chargeback_of_a_refused_refunds_charge_keeps_the_books_whole_either_way() -> None:
    """Covered (no debt, no longer the operator's), or, until chargebacks cover a refused
    refund, still refused and booked as the buyer's debt, as for a refund that reached the
    card: the books balance and nothing is sent."""
    market, provider, clock = _market()
    order, key = _refused_for_good(market, clock)
    reversal = provider.event(
        "charge.reversed", f"order:{order.id}", order.escrow_total, order.charge_ref or ""
    )
    assert market.handle_gateway_event(reversal) == "applied"
    debts = [d.amount for d in market.wallet.debts("ann", viewer="ann")]
    state = _refund(market, key).state
    assert (state, debts) in ((COVERED, []), (REFUSED, [order.escrow_total]))
    assert provider.refunded() == []
    assert market.admin.verify().totals == {"USD": 0}


def test_a_chargeback_of_a_refused_orphan_refunds_charge_covers_it() -> None:
    """The same for a charge whose order was never stored: its refund, refused for good, is
    covered by the chargeback, not kept for an operator as "refunded, then charged back"
    (contesting a chargeback with a refund that never happened)."""
    market, provider, clock = _market()
    order_id, charge = orphan_charge(market, provider)
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    _run_due_every(market, clock, minutes=30, hours=24)
    [refused] = market.admin.refused_refunds(viewer=BACK_OFFICE)
    assert refused.id == orphan_refund_key(order_id, charge.reference)
    reversal = provider.event("charge.reversed", f"order:{order_id}", ESCROW, charge.reference)
    assert market.handle_gateway_event(reversal) == "parked"
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    assert market.orders.orphans.for_operator() == []
    assert _refund(market, refused.id).state == COVERED
    assert provider.refunded() == []


# -- the fault simulator --------------------------------------------------------------------------
@pytest.mark.parametrize(("store", "seed"), [("memory", 0), ("memory", 1), ("sqlite", 0)])
def test_the_card_refunds_mix_hands_refusals_to_the_operator_and_settles(
    store: str, seed: int, tmp_path: Path
) -> None:
    """Refunds to the card under any policy, some charges whose refunds the provider refuses
    for good; at the end an operator sends each refused refund again (about half with the
    cause fixed). Before, these seeds failed: the refunds were asked for until the run ended."""
    mix = faults.MIXES["card-refunds"]()
    report = simulate(SimConfig(seed=seed, steps=300, store=store, mix=mix), folder=tmp_path)
    print(report.summary())
    assert report.failure is None, report.failure_text()
    assert report.faults["refunds_refused_for_good"] > 0
    assert report.faults["refund_resent_by_operator"] > 0


def test_a_refund_handed_to_the_operator_too_early_is_found() -> None:
    """A marketplace that gives up after two refusals: the ``refund_refused`` rule checks the
    listed refund against the provider's own record and fails the run."""

    class GivesUpEarly(Marketplace):
        def __init__(self, **parts: object) -> None:
            super().__init__(**parts)  # type: ignore[arg-type]
            real = self.admin.send_refund

            def send_refund(key: str) -> bool:
                taken = real(key)
                with self.unit_of_work() as uow:
                    repo = pending_refunds_repo(uow)
                    found = repo.find(key)
                    if found is not None and found.state == "pending" and found.refusals >= 2:
                        repo.save(attrs.evolve(found, state=REFUSED, version=found.version + 1))
                        uow.commit()
                return taken

            self.admin.send_refund = send_refund  # type: ignore[method-assign]

    class Broken(Simulator):
        marketplace = GivesUpEarly

    found = None
    for seed in range(6):
        report = Broken(SimConfig(seed=seed, mix=faults.MIXES["card-refunds"]())).run()
        if report.failure is not None:
            found = report
            break
    assert found is not None, "a refund given up after two refusals went unnoticed"
    assert ": refund_refused: " in found.failure, found.failure_text()  # type: ignore[operator]
