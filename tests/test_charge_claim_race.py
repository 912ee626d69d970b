"""A placing frozen after its last look at the clock, for longer than the grace, racing the
refund of its charge as one whose order never came (`claim_charge` and `claim_refund`).

The window check (`OrderPayments.check_window`) runs right before the placing's commit, so what
is left is a process frozen between that check and the commit reaching the database while
another worker's ``run_due`` refunds the charge. Both write the charge's claim row; whichever
commits second is refused, so the order is stored or its charge refunded, never both. Each test
here stored a paid order and refunded its charge before the claim row was shared.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from microjob import BACK_OFFICE
from microjob.adapters.memory import FrozenClock
from microjob.errors import Conflict
from microjob.orders import OrderState
from microjob.services.orphan_charges import (
    ChargeClaim,
    charge_claims,
    claim_charge,
    claim_refund,
)
from tests.pg import pg_url
from tests.placing_kit import (
    ESCROW,
    PAST_GRACE,
    Provider,
    Workers,
    charged_order,
    postgres_workers,
    run_due_beside,
    webhook_first,
)
from tests.placing_kit import escrow_of as _escrow
from tests.placing_kit import market_for as _market
from tests.placing_kit import place as _place
from tests.placing_kit import refunds as _refunds
from tests.placing_kit import stored as _stored

__all__ = ["pg_url"]


def _refunds_of(provider: Provider, order_id: str) -> list[Any]:
    return [r for r in _refunds(provider) if r[3].startswith(f"order:{order_id}:")]


# -- the claim row itself --------------------------------------------------------------------------
def test_a_charge_refunded_as_orphaned_cannot_then_pay_its_order() -> None:
    market = _market(Provider(), FrozenClock())
    with market.unit_of_work() as uow:
        claim_refund(uow, "ch_1", "o9")
        with pytest.raises(Conflict, match="refunded as one whose order was never stored"):
            claim_charge(uow, "ch_1", "o9")
        claim_refund(uow, "ch_1", "o9")  # a second kept event of the same charge: no harm
        assert charge_claims(uow).get("ch_1") == ChargeClaim("ch_1", "o9", refunded=True)


def test_a_charge_its_order_claimed_cannot_then_be_refunded_as_orphaned() -> None:
    market = _market(Provider(), FrozenClock())
    with market.unit_of_work() as uow:
        claim_charge(uow, "ch_1", "o9")
        with pytest.raises(Conflict, match="claimed its charge"):
            claim_refund(uow, "ch_1", "o9")
        claim_charge(uow, "ch_1", "o9")  # told again: the first claim stands
        claim_charge(uow, "ch_1", "o10")  # a provider reusing references: the first stands
        assert charge_claims(uow).get("ch_1") == ChargeClaim("ch_1", "o9")


# -- in one process --------------------------------------------------------------------------------
def test_a_placing_frozen_past_its_last_check_stores_nothing_once_its_charge_is_refunded() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    webhook_first(provider, market)
    refunded_meanwhile: list[object] = []

    def grace_passes(subject: str, result: Any) -> None:
        clock.advance(seconds=PAST_GRACE)
        refunded_meanwhile.append(market.run_due())

    provider.during_charge.append(grace_passes)
    # The process looked at its clock in time and then froze: its window checks passed.
    market.orders._payments.check_window = lambda draft, now: None  # type: ignore[method-assign]
    with pytest.raises(Conflict, match="refunded as one whose order was never stored"):
        _place(market)
    order_id = charged_order(provider)
    assert refunded_meanwhile
    assert not _stored(market, order_id), "an order is stored with a refunded charge"
    market.run_due()
    assert len(_refunds_of(provider, order_id)) == 1


# -- two workers on PostgreSQL ---------------------------------------------------------------------
@pytest.fixture
def two_workers(pg_url: str) -> Iterator[Workers]:
    with postgres_workers(pg_url) as workers:
        yield workers


def _freeze_after_last_check(
    workers: Workers, first: Callable[[], None] | None = None
) -> tuple[list[threading.Thread], list[object]]:
    """Make the placing worker freeze right after its last window check (which passes): then
    ``first()`` runs, the grace passes, and the other worker's ``run_due`` starts in a thread
    (returned, with what it reports) and is given time to reach the claim row and wait."""
    payments = workers.placing.orders._payments
    window_checks = payments.check_window
    seen: list[int] = []
    racer: list[threading.Thread] = []
    ran: list[object] = []

    def check_then_freeze(draft: Any, now: Any) -> None:
        window_checks(draft, now)
        seen.append(1)
        if len(seen) == 2:  # the check right before the commit
            if first is not None:
                first()
            workers.clock.advance(seconds=PAST_GRACE)
            racer.append(run_due_beside(workers.other, ran))
            time.sleep(1.5)

    payments.check_window = check_then_freeze  # type: ignore[method-assign]
    return racer, ran


def test_postgres_a_refund_racing_a_frozen_commit_waits_for_it_and_refunds_nothing(
    two_workers: Workers,
) -> None:
    placing, other, provider, _ = two_workers
    racer, ran = _freeze_after_last_check(two_workers)
    order = _place(placing)
    racer[0].join(timeout=60)
    assert ran, "the other worker's run_due did not finish once the placing committed"
    assert order.state == OrderState.PENDING
    assert _escrow(other, order.id) == ESCROW
    other.run_due()  # the kept webhook, applied to the order now stored: a duplicate
    assert _escrow(other, order.id) == ESCROW
    assert _refunds_of(provider, order.id) == [], "the charge of a paid order was refunded"
    assert other.orders.orphans.waiting() == []


def test_postgres_a_frozen_placing_meeting_a_committed_refund_stores_nothing(
    two_workers: Workers,
) -> None:
    placing, other, provider, clock = two_workers
    payments = placing.orders._payments
    settle_new = payments.settle_new
    ran: list[object] = []

    def frozen_then_settle(uow: Any, *args: Any) -> Any:
        # Frozen after its last look at the clock and before writing anything; the other
        # worker's scheduler refunds the charge and commits meanwhile.
        clock.advance(seconds=PAST_GRACE)
        run_due_beside(other, ran).join(timeout=60)
        return settle_new(uow, *args)

    payments.check_window = lambda draft, now: None  # type: ignore[method-assign]
    payments.settle_new = frozen_then_settle  # type: ignore[method-assign]
    with pytest.raises(Conflict, match="refunded as one whose order was never stored"):
        _place(placing)
    assert ran, "the other worker's run_due did not finish while the placing waited"
    order_id = charged_order(provider)
    assert not _stored(other, order_id), "an order is stored with a refunded charge"
    other.run_due()
    assert len(_refunds_of(provider, order_id)) == 1


def test_postgres_a_pending_placing_frozen_before_its_commit_makes_the_refund_wait(
    pg_url: str,
) -> None:
    """The provider answers ``pending``; its webhook reaches the other worker only after the
    placing read its kept events (none yet) and made its last window check. The placing then
    freezes past the grace while the other worker's scheduler would refund the charge as one
    whose order never came: the order's own claim row (`claim_placing`) makes it wait for the
    placing's commit and give up, and the next ``run_due`` pays the order with the kept event."""
    with postgres_workers(pg_url, "pending", early_webhook=False) as workers:
        placing, other, provider, _ = workers

        def webhook_now() -> None:  # after the placing's last look at its kept events
            (answer,) = [c for c in provider.calls if c[0] == "ch"]
            webhook = provider.event("charge.succeeded", answer[1], ESCROW, "ch_late_1")
            assert other.handle_gateway_event(webhook) == "parked"

        racer, ran = _freeze_after_last_check(workers, webhook_now)
        order = _place(placing)
        racer[0].join(timeout=60)
        assert ran, "the other worker's run_due did not finish once the placing committed"
        assert order.state == OrderState.AWAITING_PAYMENT
        assert _refunds_of(provider, order.id) == [], "the charge of a stored order was refunded"
        other.run_due()  # the kept webhook, applied to the order now stored
        assert other.orders.get(order.id, viewer=BACK_OFFICE).state == OrderState.PENDING
        assert _escrow(other, order.id) == ESCROW
        assert _refunds_of(provider, order.id) == []
