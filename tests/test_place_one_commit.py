"""Placing a paid order: the provider first, then the order and its payment in one commit.

`OrderService.place` reserves the order's id for good, asks the provider for the money, and only
then stores the order with the provider's answer. These tests pin the one commit, the order of
what the outside world hears, and every way a charge can exist for an order that is not stored
(a webhook quicker than the commit, a placing that died or took too long): the charge is applied
to the order when it appears, or refunded, exactly once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, events, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingPublisher
from microjob.errors import Conflict, InvalidTransition, NotFound
from microjob.orders import OrderState
from microjob.services.orphan_charges import (
    NOT_OURS,
    ORPHAN_GRACE,
    PLACE_WINDOW,
    REFUNDED_TWICE,
    orphan_refund_key,
)
from tests.placing_kit import ESCROW, Provider, orphan_charge
from tests.placing_kit import escrow_of as _escrow
from tests.placing_kit import market_for as _market
from tests.placing_kit import place as _place
from tests.placing_kit import refunds as _refunds
from tests.placing_kit import reserved as _reserved

S = OrderState


def test_the_provider_is_asked_before_the_order_is_stored_and_both_land_together() -> None:
    provider, clock = Provider(), FrozenClock()
    publisher = RecordingPublisher()
    market = _market(provider, clock, publisher=publisher)
    order = _place(market)
    assert provider.stored_when_charged == [False]
    assert order.state == S.PENDING
    assert market.orders.get(order.id, viewer=BACK_OFFICE).state == S.PENDING
    assert _escrow(market, order.id) == ESCROW
    kinds = [type(e) for e in publisher.events if getattr(e, "order_id", None) == order.id]
    assert kinds == [events.OrderPlaced, events.PaymentConfirmed]
    placed = next(e for e in publisher.events if isinstance(e, events.OrderPlaced))
    assert placed.state == S.AWAITING_PAYMENT  # as placed, before the payment


def test_the_webhook_after_the_answer_books_nothing_twice() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    order = _place(market)
    reference = market.orders.get(order.id, viewer=BACK_OFFICE).charge_ref
    assert reference
    webhook = provider.event("charge.succeeded", f"order:{order.id}", ESCROW, reference)
    assert market.handle_gateway_event(webhook) == "duplicate"
    assert _escrow(market, order.id) == ESCROW


def test_a_refused_charge_stores_the_order_cancelled_in_the_same_commit() -> None:
    provider, clock = Provider("failed"), FrozenClock()
    market = _market(provider, clock)
    order = _place(market)
    assert order.state == S.CANCELLED
    assert _escrow(market, order.id) == Money(0, "USD")


def test_a_webhook_quicker_than_the_placing_is_applied_by_the_placing_itself() -> None:
    provider, clock = Provider("pending"), FrozenClock()
    market = _market(provider, clock)
    outcomes: list[str] = []
    provider.during_charge.append(
        lambda subject, result: outcomes.append(
            market.handle_gateway_event(
                provider.event("charge.succeeded", subject, ESCROW, result.reference)
            )
        )
    )
    order = _place(market)
    assert outcomes == ["parked"]
    assert order.state == S.PENDING  # paid: the kept webhook was applied before the commit
    assert _escrow(market, order.id) == ESCROW
    assert market.orders.orphans.waiting() == []


def test_a_webhook_quicker_than_a_succeeded_answer_is_a_duplicate_when_applied() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    provider.during_charge.append(
        lambda subject, result: market.handle_gateway_event(
            provider.event("charge.succeeded", subject, ESCROW, result.reference)
        )
    )
    order = _place(market)
    assert [p.order_id for p in market.orders.orphans.waiting()] == [order.id]
    report = market.run_due()
    assert report.moves.get("parked_applied") == 1
    assert market.orders.orphans.waiting() == []
    assert _escrow(market, order.id) == ESCROW  # booked once
    assert _refunds(provider) == []


def test_a_placing_that_outlives_its_window_stores_nothing_and_refunds_its_charge() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    provider.during_charge.append(lambda subject, result: clock.advance(minutes=11))
    assert PLACE_WINDOW.in_minutes() == 10
    with pytest.raises(Conflict, match="took longer"):
        _place(market)
    (charged,) = [c for c in provider.calls if c[0] == "ch"]
    order_id = charged[1].partition(":")[2]
    with pytest.raises(NotFound):
        market.orders.get(order_id, viewer=BACK_OFFICE)
    market.run_due()  # no grace needed: the placing knows its order will never be stored
    (refund,) = _refunds(provider)
    assert refund[2] == ESCROW
    assert refund[3].startswith(f"order:{order_id}:orphan:")
    market.run_due()
    # the provider's webhook for the charge still comes: it changes nothing
    reference = refund[1]
    late = provider.event("charge.succeeded", f"order:{order_id}", ESCROW, reference)
    assert market.handle_gateway_event(late) == "parked"
    clock.advance(seconds=ORPHAN_GRACE.in_seconds() + 1)
    market.run_due()
    assert len(_refunds(provider)) == 1
    market.admin.verify()


def test_a_charge_for_an_order_never_stored_waits_out_the_grace_then_is_refunded_once() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    # The placing died after the provider took the money: only the webhook tells.
    oid = _reserved(market)
    result = provider.charge(f"order:{oid}", ESCROW, f"order:{oid}:charge")
    webhook = provider.event("charge.succeeded", f"order:{oid}", ESCROW, result.reference)
    assert market.handle_gateway_event(webhook) == "parked"
    assert market.handle_gateway_event(webhook) == "duplicate"
    clock.advance(minutes=59)
    market.run_due()
    assert _refunds(provider) == []  # the order may still be on its way
    clock.advance(minutes=2)
    report = market.run_due()
    assert report.moves.get("orphan_refunded") == 1
    assert [(r[1], r[2], r[3]) for r in _refunds(provider)] == [
        (result.reference, ESCROW, orphan_refund_key(oid, result.reference))
    ]
    clock.advance(days=1)
    market.run_due()
    assert len(_refunds(provider)) == 1
    assert market.admin.unsent_refunds == {}


def test_a_refund_the_provider_does_not_take_is_retried_until_it_does() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    oid, result = orphan_charge(market, provider)
    clock.advance(seconds=ORPHAN_GRACE.in_seconds() + 1)
    provider.script(TimeoutError("provider down"))
    market.run_due()
    assert list(market.admin.unsent_refunds) == [orphan_refund_key(oid, result.reference)]
    market.run_due()
    assert market.admin.unsent_refunds == {}
    assert len(_refunds(provider)) == 2  # the same idempotency key both times
    assert len({r[3] for r in _refunds(provider)}) == 1


def test_a_chargeback_before_the_refund_means_no_refund() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    oid = _reserved(market)
    result = provider.charge(f"order:{oid}", ESCROW, f"order:{oid}:charge")
    for kind in ("charge.succeeded", "charge.reversed"):
        market.handle_gateway_event(provider.event(kind, f"order:{oid}", ESCROW, result.reference))
    clock.advance(seconds=ORPHAN_GRACE.in_seconds() + 1)
    market.run_due()
    assert _refunds(provider) == []
    assert market.orders.orphans.for_operator() == []


def test_a_chargeback_after_the_refund_is_kept_for_an_operator() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    oid, result = orphan_charge(market, provider)
    clock.advance(seconds=ORPHAN_GRACE.in_seconds() + 1)
    market.run_due()
    assert len(_refunds(provider)) == 1
    market.handle_gateway_event(
        provider.event("charge.reversed", f"order:{oid}", ESCROW, result.reference)
    )
    clock.advance(seconds=ORPHAN_GRACE.in_seconds() + 1)
    market.run_due()
    (kept,) = market.orders.orphans.for_operator()
    assert (kept.order_id, kept.outcome) == (oid, REFUNDED_TWICE)
    assert len(_refunds(provider)) == 1


def test_a_kept_event_of_another_amount_is_refused_and_kept_as_a_conflict() -> None:
    provider, clock = Provider("pending"), FrozenClock()
    market = _market(provider, clock)
    wrong = Money("5.00", "USD")
    provider.during_charge.append(
        lambda subject, result: market.handle_gateway_event(
            provider.event("charge.succeeded", subject, wrong, result.reference)
        )
    )
    order = _place(market)
    assert order.state == S.AWAITING_PAYMENT  # the wrong amount did not pay it
    conflicts = market.admin.gateway_conflicts(viewer=BACK_OFFICE)
    assert [(c.subject, c.amount) for c in conflicts] == [(f"order:{order.id}", wrong)]


def test_a_failure_told_before_the_order_is_stored_cancels_it_when_it_is() -> None:
    provider, clock = Provider("pending"), FrozenClock()
    market = _market(provider, clock)
    provider.during_charge.append(
        lambda subject, result: market.handle_gateway_event(
            provider.event("charge.failed", subject, reference=result.reference)
        )
    )
    order = _place(market)
    assert order.state == S.CANCELLED


def test_sqlite_places_a_paid_order_in_one_commit(tmp_path: Path) -> None:
    sa = pytest.importorskip("sqlalchemy")
    market = Marketplace.from_url(
        f"sqlite:///{tmp_path / 'shop.db'}",
        presets.fiverr_like(),
        clock=FrozenClock(),
        gateway=FakeGateway(),
    )
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    _place(market)  # warm: policies stored, id block reserved
    seen: list[str] = []

    @sa.event.listens_for(market.store.engine, "connect")
    def _trace(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.set_trace_callback(seen.append)

    market.store.engine.dispose()
    order = _place(market)
    commits = [s for s in seen if s.strip().upper() == "COMMIT"]
    assert order.state == S.PENDING
    assert len(commits) == 1, seen
    market.store.close()


def test_sqlite_a_block_reserved_inside_a_transaction_is_shared_only_once_it_commits(
    tmp_path: Path,
) -> None:
    """Every id in the shared pool comes from a committed reservation, so one taken outside a
    transaction (the placing's) can never be handed out again by another process."""
    pytest.importorskip("sqlalchemy")
    market = Marketplace.from_url(
        f"sqlite:///{tmp_path / 'ids.db'}", presets.fiverr_like(), gateway=FakeGateway()
    )
    store: Any = market.store

    def shared() -> set[int]:
        return {n for start, end in store._id_ranges for n in range(start, end)}

    with market.unit_of_work() as uow:
        store._id_ranges.clear()  # as if other threads had taken every reserved id
        first = int(uow.orders.next_id()[1:])  # a block reserved inside this transaction
        second = int(uow.orders.next_id()[1:])
        assert second == first + 1  # the transaction's own block first
        assert second + 1 not in shared()
        uow.rollback()
    assert second + 1 not in shared()
    with market.unit_of_work() as uow:
        store._id_ranges.clear()
        taken = int(uow.orders.next_id()[1:])
        assert taken + 1 not in shared()
        uow.commit()
    assert taken + 1 in shared()
    market.store.close()


def test_sqlite_keeps_and_refunds_a_charge_for_an_order_never_stored(tmp_path: Path) -> None:
    """The kept event and its refund survive a restart: a second process on the same file
    refunds the charge the first one kept."""
    pytest.importorskip("sqlalchemy")
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    provider, clock = Provider(), FrozenClock()
    first = Marketplace.from_url(url, presets.fiverr_like(), clock=clock, gateway=provider)
    oid = _reserved(first)
    result = provider.charge(f"order:{oid}", ESCROW, f"order:{oid}:charge")
    webhook = provider.event("charge.succeeded", f"order:{oid}", ESCROW, result.reference)
    assert first.handle_gateway_event(webhook) == "parked"
    first.store.close()
    second = Marketplace.from_url(url, presets.fiverr_like(), clock=clock, gateway=provider)
    assert second.handle_gateway_event(webhook) == "duplicate"
    (kept,) = second.orders.orphans.waiting()
    assert (kept.order_id, kept.amount, kept.reference) == (oid, ESCROW, result.reference)
    clock.advance(seconds=ORPHAN_GRACE.in_seconds() + 1)
    assert second.run_due().moves.get("orphan_refunded") == 1
    assert [(r[1], r[2]) for r in _refunds(provider)] == [(result.reference, ESCROW)]
    assert second.orders.orphans.waiting() == []
    second.run_due()
    assert len(_refunds(provider)) == 1
    second.store.close()


# -- every command that places an order goes the same way -----------------------------------------
def _card(market: Marketplace) -> str:
    from microjob.catalog import Package
    from microjob.money import money

    card = market.listings.create(
        actor="bob",
        title="I will design a minimalist logo",
        description="A clean vector logo for your brand, with source files.",
        category="design",
        tags=["logo"],
        packages=[Package("basic", money("20", "USD"), 3, revisions=1)],
        submit=True,
    )
    return card.id


def test_a_card_is_ordered_with_its_charge_in_one_unit_of_work() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    card = _card(market)
    order = market.listings.order(card, actor="ann")
    assert provider.stored_when_charged == [False]
    assert order.state == S.PENDING
    assert order.listing_id == card
    assert _escrow(market, order.id) == order.escrow_total


def test_a_card_paused_while_the_provider_is_asked_is_not_ordered_and_the_charge_refunded() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    card = _card(market)
    provider.during_charge.append(lambda subject, result: market.listings.pause(card, actor="bob"))
    with pytest.raises(NotFound, match="no listing"):  # a paused card is hidden from buyers
        market.listings.order(card, actor="ann")
    (charged,) = [c for c in provider.calls if c[0] == "ch"]
    order_id = charged[1].partition(":")[2]
    with pytest.raises(NotFound):
        market.orders.get(order_id, viewer=BACK_OFFICE)
    market.run_due()
    (refund,) = _refunds(provider)
    assert refund[2] == charged[2]


def test_an_offer_withdrawn_while_the_provider_is_asked_is_not_accepted() -> None:
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    request = market.requests.post(
        actor="ann",
        title="Garden landscaping plan",
        description="A plan for a 200 m2 back garden with a patio and native plants.",
        category="garden",
        budget="800",
        deadline=clock.now().add(days=10),
    )
    offer = market.offers.send(request.id, actor="bob", price="750", delivery_days=5)
    provider.during_charge.append(
        lambda subject, result: market.offers.withdraw(offer.id, actor="bob")
    )
    with pytest.raises(InvalidTransition):
        market.offers.accept(offer.id, actor="ann")
    assert market.requests.get(request.id, viewer="ann").state == "open"
    market.run_due()
    assert len(_refunds(provider)) == 1
    provider.during_charge.clear()
    again = market.offers.send(request.id, actor="bob", price="700", delivery_days=5)
    order = market.offers.accept(again.id, actor="ann")
    assert order.state == S.PENDING
    assert market.requests.get(request.id, viewer="ann").state == "awarded"


def test_a_charge_for_an_order_id_never_issued_is_for_an_operator_not_refunded() -> None:
    """Another marketplace's webhook (one provider account, two databases) or a mistyped
    subject: the charge is not this marketplace's to refund."""
    provider, clock = Provider(), FrozenClock()
    market = _market(provider, clock)
    _place(market)
    result = provider.charge("order:o9999", ESCROW, "order:o9999:charge")
    stray = provider.event("charge.succeeded", "order:o9999", ESCROW, result.reference)
    assert market.handle_gateway_event(stray) == "parked"
    clock.advance(seconds=ORPHAN_GRACE.in_seconds() + 1)
    market.run_due()
    assert _refunds(provider) == []
    (kept,) = market.orders.orphans.for_operator()
    assert (kept.order_id, kept.outcome) == ("o9999", NOT_OURS)
