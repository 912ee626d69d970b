"""Defects found by attacking five recent changes: batched ``run_due``, chargebacks that
overtake their confirmation, the console's cached ledger check, the reference app's sign-in
CSRF token, and the codec's memo of immutable items.

Each test states what should hold, and each failed on the code it attacked.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, escrow, presets
from microjob.adapters import codec as codec_module
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.context import DUE_BATCH
from microjob.errors import Conflict
from microjob.orders import OrderState
from microjob.policies import RefundTo
from microjob.services.admin import AdminService
from tests.conftest import World

S = OrderState
POLICY = attrs.evolve(presets.fiverr_like(), clearance_days=2)


# -- 1. batched run_due ---------------------------------------------------------------------------
def _completed(w: World, count: int) -> list[str]:
    ids = []
    for n in range(count):
        order = w.market.orders.place(
            actor="buyer", seller_id="seller", title="Logo", price=f"{10 + n}", delivery_days=3
        )
        w.market.orders.start(order.id, actor="seller")
        w.market.orders.deliver(order.id, actor="seller", message="done")
        w.market.orders.accept(order.id, actor="buyer")
        ids.append(order.id)
    return ids


def test_an_after_commit_failure_does_not_lose_the_batchs_moves_and_notifications(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = World(
        attrs.evolve(presets.fiverr_like(), start_within_hours=72, refund_to=RefundTo.ORIGINAL)
    )
    ids = [
        w.market.orders.place(
            actor="buyer", seller_id="seller", title=f"Logo {n}", price="20", delivery_days=3
        ).id
        for n in range(5)
    ]
    assert all(w.market.orders.get(i, viewer=BACK_OFFICE).state == S.PENDING for i in ids)
    bad = f"order:{ids[2]}:refund"
    real = AdminService.send_refund

    def send_refund(self: AdminService, key: str) -> bool:
        if key == bad:  # another worker marked it sent between our read and our save
            raise Conflict(f"pending_refund {key!r} was changed by someone else")
        return real(self, key)

    monkeypatch.setattr(AdminService, "send_refund", send_refund)
    w.clock.advance(days=30)  # never started: every order expires with a refund to the card
    sent_before = len(w.notifier.sent)
    report = w.market.run_due()
    assert all(w.market.orders.get(i, viewer=BACK_OFFICE).is_closed for i in ids)
    assert report.moves.get("expire") == len(ids)
    told = {n.subject for n in w.notifier.sent[sent_before:] if n.kind == "order.expire"}
    assert told == {f"order:{i}" for i in ids}


def test_one_order_raising_a_non_marketplace_error_does_not_hold_up_its_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = World(POLICY)
    ids = _completed(w, 6)
    bad = ids[3]
    real_clear = escrow.clear

    def clear(ledger: Any, order: Any, at: Any) -> None:
        if order.id == bad:
            raise KeyError(order.id)
        real_clear(ledger, order, at)

    monkeypatch.setattr(escrow, "clear", clear)  # as order_closing calls it
    w.clock.advance(days=3)
    try:
        report = w.market.run_due()
    except KeyError:
        report = None
    others = [i for i in ids if i != bad]
    assert all(w.market.orders.get(i, viewer=BACK_OFFICE).cleared for i in others)
    assert report is not None
    assert any(bad in e for e in report.errors)


def test_due_batch_is_what_the_tests_above_assume() -> None:
    assert DUE_BATCH > 6  # the orders above share one batch


# -- 2. chargebacks that overtake their confirmation ----------------------------------------------
def _pending_market(mode: str = "pending") -> tuple[Marketplace, FakeGateway]:
    gateway = FakeGateway(mode)
    market = Marketplace.in_memory(presets.fiverr_like(), clock=FrozenClock(), gateway=gateway)
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    return market, gateway


def test_reversing_an_unbooked_second_charge_leaves_the_paid_order_alone() -> None:
    market, gateway = _pending_market()
    order_id = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    ).id
    total = market.orders.get(order_id, viewer=BACK_OFFICE).escrow_total
    subject = f"order:{order_id}"
    paid = gateway.event("charge.succeeded", subject, total, "ch_A")
    assert market.handle_gateway_event(paid) == "applied"
    reversal = gateway.event("charge.reversed", subject, total, "ch_B")
    market.handle_gateway_event(reversal)
    order = market.orders.get(order_id, viewer=BACK_OFFICE)
    assert order.state == S.PENDING  # ch_A still stands: the order is still paid
    assert order.charge_reversed("ch_B")
    late = gateway.event("charge.succeeded", subject, total, "ch_B")
    assert market.handle_gateway_event(late) == "reversed"
    assert market.wallet.balances("ann", viewer="ann").available == Money("0", "USD")


def test_a_wallet_paid_orders_stray_charge_reversed_first_reaches_no_wallet() -> None:
    market, gateway = _pending_market("succeeded")
    first = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    ).id
    market.orders.cancel(first, actor="ann", reason="changed my mind")  # money to the wallet
    order = market.orders.place(
        actor="ann",
        seller_id="bob",
        title="Logo",
        price="20",
        delivery_days=3,
        pay_from_wallet=True,
    )
    assert order.paid_from == "wallet"
    assert market.wallet.balances("ann", viewer="ann").available == Money("0", "USD")
    subject = f"order:{order.id}"
    total = order.escrow_total
    market.handle_gateway_event(gateway.event("charge.reversed", subject, total, "ch_X"))
    market.handle_gateway_event(gateway.event("charge.succeeded", subject, total, "ch_X"))
    assert market.wallet.balances("ann", viewer="ann").available == Money("0", "USD")


# -- 3. the console's ledger check ----------------------------------------------------------------
def test_verify_every_must_be_finite() -> None:
    from microjob.console import create_console

    market, _ = _pending_market()
    with pytest.raises(ValueError, match="verify_every"):
        create_console(market, admin_of=lambda request: None, verify_every=math.inf)


def test_a_second_console_does_not_change_the_first_ones_interval(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from starlette.testclient import TestClient

    from microjob.console import create_console

    market, _ = _pending_market()
    market.users.register("root", name="Root", email="root@example.org", is_admin=True)
    calls = []
    real = type(market.admin).verify

    def verify(self: object, checkpoint: object = None) -> object:
        calls.append(1)
        return real(self, checkpoint)  # type: ignore[arg-type]

    monkeypatch.setattr(type(market.admin), "verify", verify)
    first = create_console(market, admin_of=lambda request: "root", verify_every=3600)
    second = create_console(market, admin_of=lambda request: "root", verify_every=0)
    with TestClient(first) as one, TestClient(second) as two:
        one.get("/")
        two.get("/")  # the eager console checks on each of its loads
        two.get("/")
        assert len(calls) == 3
        one.get("/")  # the patient one keeps its hour: the last check is fresh enough
        assert len(calls) == 3


# -- 4. CSRF tokens that are not ASCII ------------------------------------------------------------
def test_a_non_ascii_csrf_token_is_refused_not_a_crash() -> None:
    from microjob.console.csrf import CsrfGuard

    guard = CsrfGuard(b"k" * 32)
    assert guard.check("admin", guard.new_nonce(), "é" * 64) is False


def test_the_reference_apps_sign_in_refuses_a_non_ascii_token(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from starlette.testclient import TestClient

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples" / "webapp"))
    from refapp.main import create_app
    from refapp.settings import Settings

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'market.db'}",
        secret_key=b"k" * 32,
        webhook_secret=b"whsec_test_0123456789abcdef",
        demo=True,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.get("/login")  # the browser's nonce cookie
        answer = client.post(
            "/login",
            data={"username": "admin", "password": "admin-demo-password", "csrf": "é" * 64},
            follow_redirects=False,
        )
    assert answer.status_code == 403


# -- 5. the codec's memo --------------------------------------------------------------------------
@attrs.frozen
class Step:
    name: str
    n: int


@attrs.frozen
class TaggedStep(Step):
    tags: list[str] = attrs.field(factory=list)


@attrs.frozen
class Trail:
    steps: tuple[Step, ...]


def test_a_subclass_with_a_mutable_field_is_not_memoised_stale() -> None:
    step = TaggedStep("a", 1, ["x"])
    trail = Trail((step,))
    codec_module.encode(trail)
    step.tags.append("y")
    assert codec_module.encode(trail)["steps"][0]["tags"] == ["x", "y"]


def test_changing_encoded_data_does_not_change_later_encodings() -> None:
    step = Step("b", 2)
    trail = Trail((step,))
    out = codec_module.encode(trail)
    out["steps"][0]["n"] = 99
    assert codec_module.encode(trail) == {"steps": [{"name": "b", "n": 2}]}
