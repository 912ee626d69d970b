"""Provider events in real deployments: restarts, reused ids, retries after cancellation.

Each test here reproduces a way a paid charge could be lost or an effect repeated: a second
process on the same database whose provider references restart, a webhook id reused for
another order, a late payment retried under fresh event ids.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingNotifier
from microjob.errors import Conflict, PermissionDenied, ValidationError
from microjob.orders import OrderState
from microjob.ports import ChargeResult, GatewayEvent

S = OrderState


class CountingGateway(FakeGateway):
    """A provider whose references restart at ``ch_1`` in every process (as the old fake did,
    and as a careless in-house adapter might): the engine must not depend on them being
    unique across processes."""

    def __init__(self) -> None:
        super().__init__()
        self._count = itertools.count(1)

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult:
        self.calls.append(("ch", subject, amount, idempotency_key))
        return ChargeResult(reference=f"ch_{next(self._count)}", status="succeeded")


def _people(market: Marketplace) -> None:
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)


def _order(market: Marketplace, title: str = "Logo") -> str:
    return market.orders.place(
        actor="ann", seller_id="bob", title=title, price="20", delivery_days=3
    ).id


def test_a_second_process_whose_provider_references_restart_books_its_charge(
    tmp_path: Path,
) -> None:
    pytest.importorskip("sqlalchemy")
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    first = Marketplace.from_url(url, presets.fiverr_like(), gateway=CountingGateway())
    _people(first)
    one = _order(first)
    assert first.orders.get(one, viewer=BACK_OFFICE).state == S.PENDING
    first.store.close()

    second = Marketplace.from_url(url, presets.fiverr_like(), gateway=CountingGateway())
    two = _order(second, "Banner")  # the provider answers "ch_1" again
    assert second.orders.get(two, viewer=BACK_OFFICE).state == S.PENDING
    paid = (
        second.orders.get(one, viewer=BACK_OFFICE).escrow_total
        + second.orders.get(two, viewer=BACK_OFFICE).escrow_total
    )
    assert second.wallet.balances("ann", viewer="ann").in_escrow == paid
    assert second.admin.verify().totals == {"USD": 0}
    second.store.close()


def test_the_fake_gateway_hands_out_references_and_event_ids_unique_across_instances() -> None:
    one, two = FakeGateway(), FakeGateway()
    usd = Money("1", "USD")
    refs = {g.charge("order:1", usd, "k").reference for g in (one, two)}
    ids = {g.event("charge.succeeded", "order:1", usd).id for g in (one, two)}
    assert len(refs) == 2
    assert len(ids) == 2


def test_from_url_asks_for_a_gateway_instead_of_faking_one(tmp_path: Path) -> None:
    pytest.importorskip("sqlalchemy")
    with pytest.raises(ValidationError, match=r"gateway=.*FakeGateway"):
        Marketplace.from_url(f"sqlite:///{tmp_path / 'shop.db'}", presets.fiverr_like())
    assert not (tmp_path / "shop.db").exists()


class TestReusedEventIds:
    @pytest.fixture
    def market(self) -> Marketplace:
        market = Marketplace.in_memory(presets.fiverr_like(), gateway=FakeGateway("pending"))
        _people(market)
        return market

    def test_the_same_id_for_another_order_is_a_conflict_kept_for_an_operator(
        self, market: Marketplace
    ) -> None:
        one, two = _order(market), _order(market, "Banner")
        total = market.orders.get(one, viewer=BACK_OFFICE).escrow_total
        paid = GatewayEvent("evt_7", "charge.succeeded", f"order:{one}", total, "ch_a")
        assert market.handle_gateway_event(paid) == "applied"
        reused = GatewayEvent("evt_7", "charge.succeeded", f"order:{two}", total, "ch_b")
        with pytest.raises(Conflict, match="evt_7"):
            market.handle_gateway_event(reused)
        assert (
            market.orders.get(two, viewer=BACK_OFFICE).state == S.AWAITING_PAYMENT
        )  # nothing booked, nothing lost
        [kept] = market.admin.gateway_conflicts(viewer="ops")
        assert (kept.event_id, kept.subject, kept.amount) == ("evt_7", f"order:{two}", total)
        assert kept.recorded == f"charge.succeeded|order:{one}|{total.amount.normalize():f} USD"
        assert kept.recorded_outcome == "applied"
        with pytest.raises(PermissionDenied):
            market.admin.gateway_conflicts(viewer="ann")

    def test_the_same_id_with_another_amount_is_a_conflict(self, market: Marketplace) -> None:
        one = _order(market)
        total = market.orders.get(one, viewer=BACK_OFFICE).escrow_total
        first = GatewayEvent("evt_1", "charge.failed", f"order:{one}", None, "ch_a")
        assert market.handle_gateway_event(first) == "applied"
        other = GatewayEvent("evt_1", "charge.failed", f"order:{one}", total, "ch_a")
        with pytest.raises(Conflict):
            market.handle_gateway_event(other)
        assert len(market.admin.gateway_conflicts(viewer="ops")) == 1

    def test_a_true_duplicate_is_still_a_quiet_no_op(self, market: Marketplace) -> None:
        one = _order(market)
        total = market.orders.get(one, viewer=BACK_OFFICE).escrow_total
        event = GatewayEvent("evt_1", "charge.succeeded", f"order:{one}", total, "ch_a")
        assert market.handle_gateway_event(event) == "applied"
        again = GatewayEvent("evt_1", "charge.succeeded", f"order:{one}", total, "ch_a")
        assert market.handle_gateway_event(again) == "duplicate"
        assert market.admin.gateway_conflicts(viewer="ops") == []
        assert market.admin.verify().entries == 1

    def test_a_reused_id_on_a_deposit_is_a_conflict_too(self, market: Marketplace) -> None:
        one = _order(market)
        total = market.orders.get(one, viewer=BACK_OFFICE).escrow_total
        paid = GatewayEvent("evt_9", "charge.succeeded", f"order:{one}", total, "ch_a")
        market.handle_gateway_event(paid)
        deposit = market.wallet.announce_deposit(actor="ann", amount="50", through_gateway=True)
        reused = GatewayEvent(
            "evt_9", "charge.succeeded", deposit.cause, Money("50", "USD"), "ch_b"
        )
        with pytest.raises(Conflict):
            market.handle_gateway_event(reused)
        assert market.wallet.balances("ann", viewer="ann").available == Money("0", "USD")
        assert [c.subject for c in market.admin.gateway_conflicts(viewer="ops")] == [deposit.cause]


def test_a_late_payment_retried_under_new_event_ids_is_credited_and_announced_once() -> None:
    clock = FrozenClock()
    notes = RecordingNotifier()
    gateway = FakeGateway("pending")
    market = Marketplace.in_memory(
        presets.fiverr_like(), clock=clock, gateway=gateway, notifier=notes
    )
    _people(market)
    order_id = _order(market)
    total = market.orders.get(order_id, viewer=BACK_OFFICE).escrow_total
    clock.advance(hours=25)
    market.run_due()
    assert market.orders.get(order_id, viewer=BACK_OFFICE).state == S.CANCELLED
    outcomes = [
        market.handle_gateway_event(
            gateway.event("charge.succeeded", f"order:{order_id}", total, "ch_late")
        )
        for _ in range(3)
    ]
    assert outcomes == ["credited", "duplicate", "duplicate"]
    assert market.wallet.balances("ann", viewer="ann").available == total
    late = [n for n in notes.for_user("ann") if n.kind == "order.late_payment"]
    assert len(late) == 1
    published = [e for e in market.publisher.events if type(e).__name__ == "LatePaymentCredited"]
    assert len(published) == 1


def test_a_refused_event_is_logged_as_a_warning_for_the_operator(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("microjob").handlers)
    market = Marketplace.in_memory(presets.fiverr_like(), gateway=FakeGateway("pending"))
    _people(market)
    one, two = _order(market), _order(market, "Banner")
    total = market.orders.get(one, viewer="ann").escrow_total
    market.handle_gateway_event(
        GatewayEvent("evt_1", "charge.succeeded", f"order:{one}", total, "ch_a")
    )
    with caplog.at_level(logging.WARNING, logger="microjob"), pytest.raises(Conflict):
        market.handle_gateway_event(
            GatewayEvent("evt_1", "charge.succeeded", f"order:{two}", total, "ch_b")
        )
    [record] = [r for r in caplog.records if r.name == "microjob"]
    assert record.levelno == logging.WARNING
    assert "evt_1" in record.getMessage()


def test_a_refund_the_provider_did_not_take_survives_a_restart(tmp_path: Path) -> None:
    """The refund is written down with the cancellation: a second process sends it."""
    pytest.importorskip("sqlalchemy")
    import attrs

    from microjob.adapters.memory import GatewayTimeout
    from microjob.policies import RefundTo

    url = f"sqlite:///{tmp_path / 'shop.db'}"
    policy = attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL)
    down = FakeGateway()
    first = Marketplace.from_url(url, policy, gateway=down)
    _people(first)
    order_id = _order(first)
    down.script(GatewayTimeout("provider down"))
    first.orders.cancel(order_id, actor="ann")
    assert list(first.admin.unsent_refunds) == [f"order:{order_id}:refund"]
    first.store.close()

    up = FakeGateway()
    second = Marketplace.from_url(url, policy, gateway=up)
    report = second.run_due()
    assert report.moves.get("refund_sent") == 1
    [call] = [c for c in up.calls if c[0] == "re"]
    assert call[3] == f"order:{order_id}:refund"
    assert second.admin.unsent_refunds == {}
    assert second.admin.retry_refunds() == 0
    assert len([c for c in up.calls if c[0] == "re"]) == 1  # sent once, never again
    second.store.close()


class TestChargesTheOrderDidNotTake:
    @pytest.fixture
    def market(self) -> Marketplace:
        market = Marketplace.in_memory(presets.fiverr_like(), gateway=FakeGateway("pending"))
        _people(market)
        return market

    def test_a_second_charge_with_another_reference_is_credited_once(
        self, market: Marketplace
    ) -> None:
        one = _order(market)
        total = market.orders.get(one, viewer="ann").escrow_total
        first = GatewayEvent("evt_1", "charge.succeeded", f"order:{one}", total, "ch_a")
        assert market.handle_gateway_event(first) == "applied"
        again = GatewayEvent("evt_2", "charge.succeeded", f"order:{one}", total, "ch_a")
        assert market.handle_gateway_event(again) == "duplicate"
        other = GatewayEvent("evt_3", "charge.succeeded", f"order:{one}", total, "ch_b")
        assert market.handle_gateway_event(other) == "credited"
        retried = GatewayEvent("evt_4", "charge.succeeded", f"order:{one}", total, "ch_b")
        assert market.handle_gateway_event(retried) == "duplicate"
        assert market.wallet.balances("ann", viewer="ann").available == total
        assert market.wallet.balances("ann", viewer="ann").in_escrow == total
        assert market.admin.verify().totals == {"USD": 0}

    def test_two_late_charges_with_their_own_references_are_both_credited(self) -> None:
        clock = FrozenClock()
        market = Marketplace.in_memory(
            presets.fiverr_like(), clock=clock, gateway=FakeGateway("pending")
        )
        _people(market)
        one = _order(market)
        total = market.orders.get(one, viewer="ann").escrow_total
        clock.advance(hours=25)
        market.run_due()
        for n, ref in enumerate(("ch_a", "ch_b", "ch_a")):
            market.handle_gateway_event(
                GatewayEvent(f"evt_{n}", "charge.succeeded", f"order:{one}", total, ref)
            )
        assert market.wallet.balances("ann", viewer="ann").available == total + total

    def test_a_charge_for_the_wrong_amount_is_kept_for_an_operator(
        self, market: Marketplace
    ) -> None:
        one = _order(market)
        wrong = Money("25.00", "USD")
        event = GatewayEvent("evt_1", "charge.succeeded", f"order:{one}", wrong, "ch_a")
        with pytest.raises(Conflict, match="expects"):
            market.handle_gateway_event(event)
        [kept] = market.admin.gateway_conflicts(viewer="ops")
        assert (kept.event_id, kept.amount, kept.subject) == ("evt_1", wrong, f"order:{one}")
        assert market.orders.get(one, viewer="ann").state == S.AWAITING_PAYMENT

    def test_a_deposit_confirmation_without_an_amount_is_kept_not_booked(
        self, market: Marketplace
    ) -> None:
        deposit = market.wallet.announce_deposit(actor="ann", amount="50", through_gateway=True)
        event = GatewayEvent("evt_d", "charge.succeeded", deposit.cause, None, "ch_d")
        with pytest.raises(Conflict):
            market.handle_gateway_event(event)
        assert market.wallet.balances("ann", viewer="ann").available == Money("0", "USD")
        assert [c.event_id for c in market.admin.gateway_conflicts(viewer="ops")] == ["evt_d"]


def test_a_credited_extra_charge_counts_as_a_confirmed_source_of_funds() -> None:
    market = Marketplace.in_memory(presets.fiverr_like(), gateway=FakeGateway("pending"))
    _people(market)
    one = _order(market)
    total = market.orders.get(one, viewer="ann").escrow_total
    market.handle_gateway_event(
        GatewayEvent("evt_1", "charge.succeeded", f"order:{one}", total, "ch_a")
    )
    market.handle_gateway_event(
        GatewayEvent("evt_2", "charge.succeeded", f"order:{one}", total, "ch_b")
    )
    assert market.wallet.check_sources("ann", viewer="ann").ok


def test_malformed_provider_events_get_a_clear_error_and_change_nothing() -> None:
    market = Marketplace.in_memory(presets.fiverr_like(), gateway=FakeGateway("pending"))
    _people(market)
    one = _order(market)
    total = market.orders.get(one, viewer="ann").escrow_total
    for bad in (
        GatewayEvent("e" * 1_000_000, "charge.succeeded", f"order:{one}", total, "ch"),
        GatewayEvent(7, "charge.succeeded", f"order:{one}", total, "ch"),  # type: ignore[arg-type]
        GatewayEvent("evt", "charge.succeeded", f"order:{one}", "24.10", "ch"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError, match="gateway event"):
            market.handle_gateway_event(bad)
    assert market.orders.get(one, viewer="ann").state == S.AWAITING_PAYMENT


def test_at_most_twenty_files_at_once_and_bounded_references() -> None:
    from microjob.orders import Attachment

    market = Marketplace.in_memory(presets.fiverr_like())
    _people(market)
    one = _order(market)
    market.orders.start(one, actor="bob")
    pdf = Attachment("a.pdf", 10, head=b"%PDF-1.7")
    with pytest.raises(ValidationError, match="at most 20"):
        market.orders.deliver(one, actor="bob", message="files", attachments=[pdf] * 21)
    with pytest.raises(ValidationError, match="ref must be text"):
        market.orders.deliver(
            one,
            actor="bob",
            message="files",
            attachments=[Attachment("a.pdf", 10, ref="r" * 5_000, head=b"%PDF")],
        )
    assert (
        market.orders.deliver(one, actor="bob", message="files", attachments=[pdf] * 20).state
        == S.DELIVERED
    )


# -- a chargeback that overtakes its charge's confirmation -------------------------------------
def _pending_market(
    path: Path | None = None,
) -> tuple[Marketplace, FakeGateway, FrozenClock]:
    clock = FrozenClock()
    gateway = FakeGateway("pending")
    if path is None:
        market = Marketplace.in_memory(presets.fiverr_like(), clock=clock, gateway=gateway)
    else:
        market = Marketplace.from_url(
            f"sqlite:///{path}", presets.fiverr_like(), clock=clock, gateway=gateway
        )
    return market, gateway, clock


def test_a_chargeback_before_the_confirmation_books_nothing_and_ends_the_wait() -> None:
    market, gateway, _ = _pending_market()
    _people(market)
    order_id = _order(market)
    total = market.orders.get(order_id, viewer=BACK_OFFICE).escrow_total
    entries = len(market.store.ledger)
    reversal = gateway.event("charge.reversed", f"order:{order_id}", total, "ch_1")
    assert market.handle_gateway_event(reversal) == "recorded"
    order = market.orders.get(order_id, viewer=BACK_OFFICE)
    assert order.state == S.CANCELLED  # the payment was undone: nothing to wait for
    assert order.reversed_charges == ("ch_1",)
    assert market.handle_gateway_event(reversal) == "duplicate"
    paid = gateway.event("charge.succeeded", f"order:{order_id}", total, "ch_1")
    assert market.handle_gateway_event(paid) == "reversed"
    assert len(market.store.ledger) == entries  # neither escrow nor the wallet got it
    assert market.wallet.balances("ann", viewer="ann").available == Money("0", "USD")
    assert market.admin.verify() is not None


def test_a_chargeback_for_an_expired_order_keeps_its_late_charge_out_of_the_wallet() -> None:
    market, gateway, clock = _pending_market()
    _people(market)
    order_id = _order(market)
    total = market.orders.get(order_id, viewer=BACK_OFFICE).escrow_total
    clock.advance(hours=25)
    market.run_due()
    assert market.orders.get(order_id, viewer=BACK_OFFICE).state == S.CANCELLED
    # a reversal that names no charge covers every charge of the order
    reversal = gateway.event("charge.reversed", f"order:{order_id}", total)
    assert market.handle_gateway_event(reversal) == "recorded"
    late = gateway.event("charge.succeeded", f"order:{order_id}", total, "ch_late")
    assert market.handle_gateway_event(late) == "reversed"
    assert market.wallet.balances("ann", viewer="ann").available == Money("0", "USD")


def test_another_charge_than_the_reversed_one_still_pays_the_order() -> None:
    market, gateway, _ = _pending_market()
    _people(market)
    order_id = _order(market)
    total = market.orders.get(order_id, viewer=BACK_OFFICE).escrow_total
    market.handle_gateway_event(
        gateway.event("charge.reversed", f"order:{order_id}", total, "ch_old")
    )
    other = gateway.event("charge.succeeded", f"order:{order_id}", total, "ch_new")
    # the order stopped waiting, so the other charge is the buyer's money: their wallet
    assert market.handle_gateway_event(other) == "credited"
    assert market.wallet.balances("ann", viewer="ann").available == total


def test_a_recorded_reversal_survives_a_restart(tmp_path: Path) -> None:
    market, gateway, _ = _pending_market(tmp_path / "m.db")
    _people(market)
    order_id = _order(market)
    total = market.orders.get(order_id, viewer=BACK_OFFICE).escrow_total
    market.handle_gateway_event(gateway.event("charge.reversed", f"order:{order_id}", total, "r"))
    market.store.close()
    again, _, _ = _pending_market(tmp_path / "m.db")
    paid = gateway.event("charge.succeeded", f"order:{order_id}", total, "r")
    assert again.handle_gateway_event(paid) == "reversed"
    assert again.admin.verify() is not None
    again.store.close()
