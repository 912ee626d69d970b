"""Several processes racing for the same money on one database (SQLite file and PostgreSQL).

Each race starts N worker processes (``multiprocessing``, forked), each with its own
:class:`~microjob.adapters.sql.SqlStore`, lined up on a barrier so their commands hit the
database at the same moment. Afterwards exactly one of them has won, every other one was
refused (``Conflict``, or the refusal the winner's result makes right: ``InsufficientFunds``,
``InvalidTransition``) or saw a no-op (``"duplicate"``), ``verify()`` passes and the money adds
up to the cent.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest

from microjob import BACK_OFFICE, Marketplace, OrderState, money, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.adapters.sql import SqlStore
from microjob.payouts import BankAccount
from microjob.ports import GatewayEvent
from microjob.services.reputation import ReputationService, _stripe_key, totals_of
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]

WORKERS = 4
QUICK = attrs.evolve(presets.fiverr_like(), clearance_days=0)
T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
REFUSALS = {"Conflict", "InsufficientFunds", "InvalidTransition"}


@attrs.frozen
class Db:
    url: str
    options: dict[str, Any]

    def market(self, migrate: bool = False, gateway: str = "succeeded") -> Marketplace:
        return Marketplace.from_url(
            self.url,
            QUICK,
            clock=FrozenClock(T0),
            gateway=FakeGateway(gateway),
            migrate=migrate,
            store_options=self.options,
        )


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    if request.param == "sqlite":
        yield Db(f"sqlite:///{tmp_path / 'race.db'}", {"synchronous": "NORMAL"})
        return
    schema = Schema(request.getfixturevalue("pg_url"))
    yield Db(schema.url, schema.options)
    schema.drop()


def _worker(
    db: Db, barrier: Any, results: Any, index: int, command: Callable[[Marketplace, int], Any]
) -> None:
    try:
        market = db.market()
        market.store.reserve_ids()  # outside the race: only the command itself is timed
        barrier.wait(timeout=60)
        try:
            outcome = command(market, index)
            results.put((index, "ok", str(outcome)))
        except Exception as exc:
            results.put((index, type(exc).__name__, str(exc)))
        market.store.close()
    except BaseException:
        results.put((index, "crash", traceback.format_exc()))


def race(db: Db, command: Callable[[Marketplace, int], Any]) -> list[tuple[str, str]]:
    """Run ``command(market, index)`` in WORKERS processes at once; their outcomes by index."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WORKERS)
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(db, barrier, results, i, command))
        for i in range(WORKERS)
    ]
    for p in processes:
        p.start()
    found = {i: (status, text) for i, status, text in (results.get(timeout=120) for _ in processes)}
    for p in processes:
        p.join(timeout=60)
        assert p.exitcode == 0
    crashed = [text for status, text in found.values() if status == "crash"]
    assert not crashed, crashed[0]
    return [found[i] for i in range(WORKERS)]


def setup(db: Db) -> Marketplace:
    market = db.market(migrate=True)
    for name in ("ann", "bob"):
        market.users.register(name, name=name.title(), email=f"{name}@example.org")
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    return market


def delivered(market: Marketplace, price: str = "100") -> str:
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price=price, delivery_days=3
    )
    market.orders.start(order.id, actor="bob")
    market.orders.deliver(order.id, actor="bob", message="done")
    return order.id


def winners(outcomes: list[tuple[str, str]]) -> int:
    losers = [s for s, _ in outcomes if s != "ok"]
    assert set(losers) <= REFUSALS, outcomes
    return sum(s == "ok" for s, _ in outcomes)


# -- the races ------------------------------------------------------------------------------------
def test_payout_requests_racing_for_one_balance_spend_it_once(db: Db) -> None:
    market = setup(db)
    market.orders.accept(delivered(market, "100"), actor="ann")
    available = market.wallet.balances("bob", viewer="bob").available
    assert available == money("80", "USD")  # 100 minus the 20 % commission
    method = market.payouts.add_method(
        actor="bob", method=BankAccount(iban="DE89370400440532013000", bic="DEUTDEFF", holder="Bob")
    ).id
    market.store.close()

    outcomes = race(
        db, lambda m, i: m.payouts.request(actor="bob", method_id=method, amount="50").id
    )

    assert winners(outcomes) == 1, outcomes
    market = db.market()
    market.admin.verify()
    balances = market.wallet.balances("bob", viewer="bob")
    assert balances.reserved == money("50", "USD")
    assert balances.available == money("30", "USD")
    assert len(market.payouts.of_user("bob", viewer="bob")) == 1


def test_small_payouts_racing_take_what_fits_and_never_overdraw(db: Db) -> None:
    market = setup(db)
    market.orders.accept(delivered(market, "100"), actor="ann")
    method = market.payouts.add_method(
        actor="bob", method=BankAccount(iban="DE89370400440532013000", bic="DEUTDEFF", holder="Bob")
    ).id
    market.store.close()

    outcomes = race(
        db, lambda m, i: m.payouts.request(actor="bob", method_id=method, amount="25").id
    )

    assert winners(outcomes) == 3, outcomes  # 80 holds three payouts of 25, not four
    market = db.market()
    market.admin.verify()
    assert market.wallet.balances("bob", viewer="bob").reserved == money("75", "USD")
    assert market.wallet.balances("bob", viewer="bob").available == money("5", "USD")


def test_accept_racing_a_dispute_ends_one_way_only(db: Db) -> None:
    market = setup(db)
    order_id = delivered(market)
    market.store.close()

    def accept_or_dispute(m: Marketplace, i: int) -> str:
        if i % 2 == 0:
            return m.orders.accept(order_id, actor="ann").state
        return m.disputes.open(
            order_id, actor="ann" if i == 1 else "bob", reason="not what we agreed"
        ).id

    outcomes = race(db, accept_or_dispute)

    assert winners(outcomes) == 1, outcomes
    market = db.market()
    market.admin.verify()
    order = market.orders.get(order_id, viewer=BACK_OFFICE)
    escrow = market.store.unit_of_work
    with escrow() as uow:
        held = uow.ledger.balance(accounts.escrow(order_id), "USD")
    won = next(i for i, (status, _) in enumerate(outcomes) if status == "ok")
    if won % 2 == 0:
        assert order.state == OrderState.COMPLETED
        assert held == money("0", "USD")
        assert market.wallet.balances("bob", viewer="bob").available == money("80", "USD")
        assert market.disputes.of_order(order_id, viewer="admin") == []
    else:
        assert order.state == OrderState.DISPUTED
        assert held == order.escrow_total
        assert len(market.disputes.of_order(order_id, viewer="admin")) == 1


def test_first_completions_racing_to_create_a_shared_record_all_complete(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four sellers' orders on one stripe of the marketplace's totals, accepted at the same
    moment by four workers: each completion creates the stripe if it does not exist yet. The
    workers that lose the race to create it add to what the winner created instead of failing
    the buyer's command. (The first writer holds its new stripe a moment before committing, so
    the others meet it every time.)"""
    market = setup(db)
    sellers = [f"s{n}" for n in range(WORKERS)]
    for user in (*sellers, *(f"b{n}" for n in range(WORKERS))):
        market.users.register(user, name=user.upper(), email=f"{user}@example.org")
    # One completion first, so every kind of record exists (creating a kind's first record
    # queues its writers on the kind's row): what is left to race for is a new stripe.
    first = market.orders.place(
        actor="b0", seller_id="s0", title="Logo", price="10", delivery_days=3
    )
    market.orders.start(first.id, actor="s0")
    market.orders.deliver(first.id, actor="s0", message="done")
    market.orders.accept(first.id, actor="b0")
    taken = _stripe_key("USD", first.id)
    by_stripe: dict[str, dict[str, str]] = {}  # stripe -> seller -> a delivered order of theirs
    n = 0
    while max((len(found) for found in by_stripe.values()), default=0) < WORKERS:
        seller = sellers[n % WORKERS]
        n += 1
        order = market.orders.place(
            actor=f"b{seller[1:]}", seller_id=seller, title="Logo", price="10", delivery_days=3
        )
        market.orders.start(order.id, actor=seller)
        market.orders.deliver(order.id, actor=seller, message="done")
        stripe = _stripe_key("USD", order.id)
        if stripe != taken:
            by_stripe.setdefault(stripe, {}).setdefault(seller, order.id)
    chosen = max(by_stripe.values(), key=len)
    orders = [chosen[seller] for seller in sellers]
    market.store.close()
    add_to_totals = ReputationService.add_to_totals

    def slow(self: ReputationService, uow: Any, event: Any) -> None:
        add_to_totals(self, uow, event)
        time.sleep(0.3)  # the stripe written, not committed: the others meet it

    monkeypatch.setattr(ReputationService, "add_to_totals", slow)  # the forked workers too

    outcomes = race(db, lambda m, i: m.orders.accept(orders[i], actor=f"b{i}").state)

    assert outcomes == [("ok", OrderState.COMPLETED)] * WORKERS, outcomes
    market = db.market()
    market.admin.verify()
    with market.store.unit_of_work() as uow:
        totals = totals_of(uow, "USD")
    assert totals is not None
    assert (totals.completed, totals.gmv) == (WORKERS + 1, money(10 * (WORKERS + 1), "USD"))


def test_a_deposit_webhook_delivered_four_times_at_once_is_applied_once(db: Db) -> None:
    market = setup(db)
    market.gateway.script("pending")
    deposit = market.wallet.announce_deposit(actor="ann", amount="40")
    assert deposit.state == "announced"
    market.store.close()
    event = GatewayEvent("evt_dup", "charge.succeeded", f"deposit:{deposit.id}", money("40", "USD"))

    outcomes = race(db, lambda m, i: m.handle_gateway_event(event))

    applied = [text for status, text in outcomes if status == "ok" and text != "duplicate"]
    assert len(applied) == 1, outcomes
    assert {s for s, _ in outcomes} <= {"ok", "Conflict"}, outcomes
    market = db.market()
    market.admin.verify()
    assert market.wallet.deposit(deposit.id, viewer=BACK_OFFICE).state == "confirmed"
    assert market.wallet.balances("ann", viewer="ann").available == money("40", "USD")
    assert market.wallet.balances("ann", viewer="ann").incoming == money("0", "USD")


def test_an_order_payment_webhook_delivered_four_times_at_once_funds_escrow_once(db: Db) -> None:
    market = setup(db)
    market.gateway.script("pending")
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="30", delivery_days=3
    )
    assert order.state == OrderState.AWAITING_PAYMENT
    market.store.close()
    event = GatewayEvent(
        "evt_pay", "charge.succeeded", f"order:{order.id}", order.escrow_total, "ch_1"
    )

    outcomes = race(db, lambda m, i: m.handle_gateway_event(event))

    applied = [text for status, text in outcomes if status == "ok" and text != "duplicate"]
    assert len(applied) == 1, outcomes
    assert {s for s, _ in outcomes} <= {"ok", "Conflict"}, outcomes
    market = db.market()
    summary = market.admin.verify()
    assert market.orders.get(order.id, viewer=BACK_OFFICE).state == OrderState.PENDING
    with market.store.unit_of_work() as uow:
        assert uow.ledger.balance(accounts.escrow(order.id), "USD") == order.escrow_total
        world = uow.ledger.balance(accounts.WORLD, "USD")
    assert world == -order.escrow_total
    assert summary.totals == {"USD": Decimal(0)}


def test_a_direct_sql_store_refuses_a_second_writer_cleanly_when_it_waits_too_long(
    tmp_path: Path,
) -> None:
    """SQLite: a writer that cannot get the lock within ``busy_timeout`` gets ``Conflict``."""
    from microjob.errors import Conflict

    url = f"sqlite:///{tmp_path / 'locked.db'}"
    first = SqlStore(url, busy_timeout=0.05)
    second = SqlStore(url, busy_timeout=0.05, migrate=False)
    with first.unit_of_work() as uow:
        uow.inbox.record("evt_1", "applied", "charge.succeeded|order:1|10 USD")
        with pytest.raises(Conflict, match="locked"), second.unit_of_work():
            pass
        uow.commit()
    with second.unit_of_work() as uow:
        assert uow.inbox.find("evt_1") is not None
    first.close()
    second.close()


def test_clearance_batches_racing_each_other_and_payouts_clear_each_order_once(db: Db) -> None:
    """Two workers run ``run_due`` over the same 24 due clearances of three sellers (batches
    whose postings are written together, their accounts read first) while two of the sellers
    ask for payouts from money that cleared before. Whatever loses a race is refused or redone
    one order at a time: afterwards every order has cleared once, no balance went below zero,
    and the books add up to the cent."""
    sellers = ("s0", "s1", "s2")
    early = Marketplace.from_url(
        db.url,
        attrs.evolve(presets.fiverr_like(), clearance_days=3),
        clock=FrozenClock(T0.subtract(days=10)),
        gateway=FakeGateway(),
        migrate=True,
        store_options=db.options,
    )
    early.users.register("ann", name="Ann", email="ann@example.org")
    methods = {}
    for seller in sellers:
        early.users.register(seller, name=seller.upper(), email=f"{seller}@example.org")
        order = early.orders.place(
            actor="ann", seller_id=seller, title="Now", price="30", delivery_days=3, policy=QUICK
        )
        early.orders.start(order.id, actor=seller)
        early.orders.deliver(order.id, actor=seller, message="done")
        early.orders.accept(order.id, actor="ann")  # 24.00 available at once
        methods[seller] = early.payouts.add_method(
            actor=seller,
            method=BankAccount(iban="DE89370400440532013000", bic="DEUTDEFF", holder=seller),
        ).id
    clearing = []
    for n in range(24):
        seller = sellers[n % 3]
        order = early.orders.place(
            actor="ann", seller_id=seller, title="Logo", price="10", delivery_days=3
        )
        early.orders.start(order.id, actor=seller)
        early.orders.deliver(order.id, actor=seller, message="done")
        clearing.append(early.orders.accept(order.id, actor="ann").id)  # clears at T0 - 7 days
    early.store.close()

    def work(market: Marketplace, i: int) -> Any:
        if i < 2:
            return market.run_due().moves.get("clear", 0)
        seller = sellers[i - 2]
        return market.payouts.request(actor=seller, method_id=methods[seller], amount="20").id

    outcomes = race(db, work)

    assert all(status in REFUSALS | {"ok"} for status, _ in outcomes), outcomes
    market = db.market()
    market.run_due()  # what a refused batch left
    for order_id in clearing:
        assert market.orders.get(order_id, viewer=BACK_OFFICE).cleared
    assert market.admin.verify().totals == {"USD": 0}
    for seller in sellers:
        balances = market.wallet.balances(seller, viewer=seller)
        assert balances.clearing == money("0", "USD")
        # 24.00 available before, 8 x 8.00 cleared
        assert balances.available + balances.reserved == money("88", "USD")
        assert balances.available >= money("0", "USD")
        with market.unit_of_work() as uow:
            keys = [
                e.key
                for order_id in clearing
                for e in uow.ledger.entries_for_cause(f"order:{order_id}")
                if e.key.endswith(":clear")
            ]
        assert len(keys) == len(set(keys))
    assert sum(int(text) for status, text in outcomes[:2] if status == "ok") <= 24
