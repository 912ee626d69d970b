"""Attacks on placing a paid order with the provider first (`OrderService.create`) and on the
provider events kept for orders not stored (`microjob.services.orphan_charges`).

Each test names a way money could be lost, taken twice, refunded twice or refunded for an order
that exists: a chargeback naming no charge, one that comes after the orphan was settled, a kept
charge without an amount or a reference, a webhook naming an order this marketplace never
issued, an early stray event racing a placing, a placing frozen in its unit of work past the
grace on PostgreSQL, and a refund the provider refuses. Each failed on the first version of
the change.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from microjob import BACK_OFFICE
from microjob.adapters.memory import FrozenClock
from microjob.errors import Conflict
from microjob.orders import OrderState
from microjob.ports import ChargeResult
from microjob.services.orphan_charges import ORPHAN_GRACE, orphan_refund_key
from microjob.testing.faults import MIXES, SimConfig, simulate
from tests.pg import pg_url
from tests.placing_kit import (
    ESCROW,
    PAST_GRACE,
    Provider,
    ReplayingProvider,
    charged_order,
    orphan_charge,
    postgres_workers,
    run_due_beside,
)
from tests.placing_kit import escrow_of as _escrow
from tests.placing_kit import market_for as _market
from tests.placing_kit import place as _place
from tests.placing_kit import refunds as _refunds
from tests.placing_kit import reserved as _reserved
from tests.placing_kit import stored as _stored

__all__ = ["pg_url"]


S = OrderState


# -- reversals of a charge whose order was never stored -------------------------------------------
def test_a_chargeback_naming_no_charge_before_the_refund_means_no_refund() -> None:
    """A reversal without a reference covers every charge of its subject (as
    `Chargebacks.on_order_reversal` reads it for a stored order); for an order never stored it
    must stop the refund of the kept charge, or at least be listed for an operator."""
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    o91, _ = orphan_charge(market, provider)
    market.handle_gateway_event(provider.event("charge.reversed", f"order:{o91}", ESCROW, ""))
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    refunded = _refunds(provider) != []
    told = market.orders.orphans.for_operator() != []
    assert not refunded or told, "the card got the money back twice and nobody was told"


def test_a_chargeback_after_settling_but_before_the_refund_went_out_covers_it() -> None:
    """The orphan was settled (its refund written down) but the provider did not take the
    refund yet; the chargeback then comes. The refund is still unsent and not in doubt, so the
    chargeback must cover it, exactly as `test_a_chargeback_before_the_refund_means_no_refund`
    does when the chargeback is kept first."""
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    o92, result = orphan_charge(market, provider)
    clock.advance(seconds=PAST_GRACE)
    provider.script("failed")  # the provider refuses the refund for now (not in doubt)
    market.run_due()
    assert list(market.admin.unsent_refunds) == [orphan_refund_key(o92, result.reference)]
    assert market.handle_gateway_event(
        provider.event("charge.reversed", f"order:{o92}", ESCROW, result.reference)
    ) in ("parked", "applied")
    market.run_due()  # the provider takes refunds again
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    sent = _refunds(provider)
    assert len(sent) == 1, "only the refused attempt: the chargeback gave the money back"
    assert market.admin.unsent_refunds == {}


# -- events without what a refund needs ------------------------------------------------------------
def test_a_kept_charge_without_an_amount_is_refunded_or_listed_for_an_operator() -> None:
    """A stored order refuses a success without an amount (kept as a conflict for an
    operator); for an order never stored the charge is real money all the same."""
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    o93 = _reserved(market)
    result = provider.charge(f"order:{o93}", ESCROW, f"order:{o93}:charge")
    market.handle_gateway_event(
        provider.event("charge.succeeded", f"order:{o93}", None, result.reference)
    )
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    refunded = _refunds(provider) != []
    told = [p.order_id for p in market.orders.orphans.for_operator()] == [o93]
    conflicts = market.admin.gateway_conflicts(viewer=BACK_OFFICE)
    assert refunded or told or conflicts, "a charge of an order never stored was kept silently"


def test_a_webhook_without_reference_is_not_a_second_charge_to_refund_by_hand() -> None:
    """The placing died after a successful charge (its own answer is kept, with the charge's
    reference); the provider's webhook for it comes without a reference. The engine reads a
    success without reference as the same charge everywhere else (`OrderPayments._on_paid`),
    so an operator must not be told to find and refund a second one."""
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)

    def broken_commit(subject: str, result: ChargeResult) -> None:
        market._ctx.commit = _raise

    provider.during_charge.append(broken_commit)
    commit = market._ctx.commit
    with pytest.raises(RuntimeError):
        _place(market)
    market._ctx.commit = commit
    (charged,) = [c for c in provider.calls if c[0] == "ch"]
    subject = charged[1]
    market.handle_gateway_event(provider.event("charge.succeeded", subject, ESCROW, ""))
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    assert len(_refunds(provider)) == 1
    assert market.orders.orphans.for_operator() == []


def _raise(uow: Any) -> None:
    raise RuntimeError("the database refused the unit of work")


# -- refunds for orders that exist -----------------------------------------------------------------
def test_a_webhook_naming_the_wrong_order_never_refunds_a_stored_orders_charge() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    order = _place(market)
    paid = market.orders.get(order.id, viewer=BACK_OFFICE)
    assert paid.state == S.PENDING
    assert paid.charge_ref
    stray = provider.event("charge.succeeded", "order:o999999", ESCROW, paid.charge_ref)
    assert market.handle_gateway_event(stray) == "parked"
    clock.advance(seconds=PAST_GRACE)
    market.run_due()
    assert _escrow(market, order.id) == ESCROW
    assert [r for r in _refunds(provider) if r[1] == paid.charge_ref] == []


def test_run_due_racing_a_placing_never_refunds_the_charge_of_an_order_then_stored() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    # The next order id, as the store hands them out (a probe placing that is refused by the
    # provider reserves one, so the real placing takes the one after it).
    probe = Provider("failed")
    market._ctx.gateway = probe
    first = _place(market)
    market._ctx.gateway = provider
    next_id = f"o{int(first.id[1:]) + 1}"
    # An event for that id arrives early (a provider's mislabelled or replayed event).
    early = provider.event("charge.failed", f"order:{next_id}", None, "ch_elsewhere")
    assert market.handle_gateway_event(early) == "parked"
    clock.advance(seconds=ORPHAN_GRACE.in_seconds() - 30)
    ran: list[object] = []

    def webhook_then_run_due(subject: str, result: ChargeResult) -> None:
        # The provider's webhook comes before the commit; a scheduler's run_due follows a
        # minute later, while the placing is still busy (well inside its window).
        market.handle_gateway_event(
            provider.event("charge.succeeded", subject, ESCROW, result.reference)
        )
        clock.advance(minutes=1)
        ran.append(market.run_due())

    provider.during_charge.append(webhook_then_run_due)
    order = _place(market)
    assert order.id == next_id
    assert ran
    assert order.state == S.PENDING
    assert _escrow(market, order.id) == ESCROW
    assert _refunds(provider) == [], "the card was refunded for an order that is paid"


# -- two workers on PostgreSQL ---------------------------------------------------------------------
def test_postgres_a_paused_placing_never_commits_an_order_whose_charge_was_refunded(
    pg_url: str,
) -> None:
    with postgres_workers(pg_url) as (placing, other, provider, clock):
        paused: list[object] = []
        racer: list[threading.Thread] = []
        payments = placing.orders._payments
        settle_new = payments.settle_new

        def settle_then_pause(uow: Any, *args: Any) -> Any:
            # The placing's process is frozen inside its unit of work (after the window check
            # at its start, before its commit) for longer than the grace; the other worker's
            # scheduler runs meanwhile, and waits on the charge's claim row the placing wrote.
            settled = settle_new(uow, *args)
            clock.advance(seconds=PAST_GRACE)
            racer.append(run_due_beside(other, paused))
            time.sleep(1.5)
            return settled

        payments.settle_new = settle_then_pause  # type: ignore[method-assign]
        with pytest.raises(Conflict, match="took longer"):
            _place(placing)
        racer[0].join(timeout=60)
        assert paused, "the other worker's run_due did not finish once the placing gave up"
        order_id = charged_order(provider)
        assert not _stored(other, order_id)  # the window, checked again before the commit
        other.run_due()
        refunded = [r for r in _refunds(provider) if r[3].startswith(f"order:{order_id}:")]
        assert len(refunded) == 1, "the charge of the order never stored is refunded once"


# -- a refund the provider refuses -----------------------------------------------------------------
def test_an_orphan_refund_the_provider_refused_once_is_refunded_or_given_to_an_operator() -> None:
    provider, clock = ReplayingProvider(), FrozenClock()
    market = _market(provider, clock)
    o94, _ = orphan_charge(market, provider)
    clock.advance(seconds=PAST_GRACE)
    provider.script("failed")  # refused once (say, the provider's balance was short that hour)
    market.run_due()
    for _ in range(3):
        clock.advance(hours=6)
        market.run_due()
    refunded = any(r.status == "succeeded" for r in provider.answered.values())
    told = [p.order_id for p in market.orders.orphans.for_operator()] == [o94]
    assert refunded or told


def test_the_fault_simulators_full_mix_holds_on_a_seed_with_a_refused_orphan_refund() -> None:
    report = simulate(SimConfig(seed=28, steps=300, mix=MIXES["full"](), workers=2))
    assert report.failure is None, report.failure_text()
