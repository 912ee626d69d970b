"""A clearance batch reports the money that cleared once per seller, after its postings:
whatever a seller's cleared money pays first (their debts, then a past-due plan) is paid as
when each order cleared in a unit of work of its own. Compared on memory, SQLite and
PostgreSQL with the same marketplace cleared one order per batch (``run_due``'s redo
path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.payouts import PayPal
from microjob.services import order_closing
from microjob.subscriptions import SS, Plan
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]

NOW_AVAILABLE = attrs.evolve(presets.fiverr_like(), clearance_days=0)
PRO = Plan(id="pro", name="Pro", price=Money("9.90", "USD"), period_days=30)
SELLERS = ("s1", "s2", "s3")


def _market(
    where: str, tmp_path: Path, schema: Schema | None = None
) -> tuple[Marketplace, FrozenClock, FakeGateway]:
    clock = FrozenClock()
    gateway = FakeGateway()
    policy = attrs.evolve(presets.fiverr_like(), clearance_days=3)
    if where == "memory":
        market = Marketplace.in_memory(policy, clock=clock, gateway=gateway)
    elif schema is not None:
        market = Marketplace.from_url(
            schema.url, policy, clock=clock, gateway=gateway, store_options=schema.options
        )
    else:
        market = Marketplace.from_url(
            f"sqlite:///{tmp_path / 'm.db'}", policy, clock=clock, gateway=gateway
        )
    for user in ("buyer", *SELLERS):
        market.users.register(user, name=user, email=f"{user}@example.org")
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    market.subscriptions.define_plan(PRO, actor="admin")
    return market, clock, gateway


def _sell(market: Marketplace, seller: str, price: str, **kw: Any) -> Any:
    order = market.orders.place(
        actor="buyer", seller_id=seller, title="Logo", price=price, delivery_days=3, **kw
    )
    market.orders.start(order.id, actor=seller)
    market.orders.deliver(order.id, actor=seller, message="done")
    return market.orders.accept(order.id, actor="buyer")


def _scene(market: Marketplace, clock: FrozenClock, gateway: FakeGateway) -> None:
    """s1 and s2 owe money (paid out, then charged back); s3's plan, paid from the wallet,
    is past due; then each sells two orders whose money is in clearance."""
    for seller in ("s1", "s2"):
        paid = _sell(market, seller, "50", policy=NOW_AVAILABLE)
        method = market.payouts.add_method(actor=seller, method=PayPal(f"{seller}@example.org"))
        payout = market.payouts.request(actor=seller, method_id=method.id, amount="40")
        assert market.payouts.approve(payout.id, actor="admin").state == "paid"
        reversal = gateway.event("charge.reversed", f"order:{paid.id}", paid.escrow_total)
        assert market.handle_gateway_event(reversal) == "applied"
    _sell(market, "s3", "20", policy=NOW_AVAILABLE)  # 16.00 in the wallet
    sub = market.subscriptions.subscribe("pro", actor="s3", pay_from_wallet=True)  # 6.10 left
    clock.advance(days=30)
    market.run_due()
    assert market.subscriptions.get(sub.id, viewer="s3").state == SS.PAST_DUE
    for seller in SELLERS:
        for price in ("10", "20"):
            _sell(market, seller, price)
    clock.advance(days=4)


def _outcome(market: Marketplace) -> dict[str, Any]:
    with market.unit_of_work() as uow:
        balances = {
            (user, bucket): uow.ledger.balance(account, "USD")
            for user in SELLERS
            for bucket, account in (
                ("available", accounts.available(user)),
                ("debt", accounts.debt(user)),
            )
        }
    debts = {
        user: [(d.remaining, d.state) for d in market.wallet.debts(user, viewer=BACK_OFFICE)]
        for user in SELLERS
    }
    subs = [(s.state, s.period) for s in market.subscriptions.of_user("s3", viewer=BACK_OFFICE)]
    return {"balances": balances, "debts": debts, "subs": subs}


@pytest.mark.parametrize("where", ["memory", "sqlite", "postgresql"])
def test_a_batch_pays_debts_and_a_past_due_plan_as_one_order_at_a_time_does(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    outcomes = []
    for batch in (order_closing.DUE_BATCH, 1):
        monkeypatch.setattr(order_closing, "DUE_BATCH", batch)
        folder = tmp_path / str(batch)
        folder.mkdir()
        schema = Schema(request.getfixturevalue("pg_url")) if where == "postgresql" else None
        if schema is not None:
            request.addfinalizer(schema.drop)
        market, clock, gateway = _market(where, folder, schema)
        _scene(market, clock, gateway)
        report = market.run_due()
        assert report.errors == ()
        assert report.moves.get("clear") == 6
        assert market.admin.verify().totals == {"USD": 0}
        outcomes.append(_outcome(market))
        if where != "memory":
            market.store.close()  # type: ignore[attr-defined]
    batched, alone = outcomes
    assert batched == alone
    # 8.00 + 16.00 cleared: it repays 24.00 of the 40.00 owed
    assert batched["debts"]["s1"] == [(Money("16", "USD"), "open")]
    assert batched["debts"]["s2"] == [(Money("16", "USD"), "open")]
    assert batched["subs"][-1] == (SS.ACTIVE, 2)  # renewed from the cleared money
