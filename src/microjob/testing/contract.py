"""The adapter contract suite: the behaviour every storage adapter must show, as tests.

microjob's engine only sees the ports ([`microjob.ports`][microjob.ports]); an adapter keeps its
promises or the engine's rules silently stop holding (money counted twice, a stale order overwriting
a newer one, a failed command leaving half its writes). This module states those promises once, as a
pytest test class, so that the memory adapter, the SQL adapter on SQLite and on PostgreSQL, and
an adapter you write yourself are all held to the same tests — with one import::

    from microjob.testing.contract import AdapterContract

    class TestMyAdapter(AdapterContract):
        def open_store(self):
            return MyStore(...).unit_of_work      # a fresh, empty store each call

        def reopen_store(self, factory):           # optional: same data, new objects
            return MyStore(...same place...).unit_of_work

pytest collects every ``test_*`` method of the subclass. What is covered:

* each repository at the port: users, orders, generic records (every kind of field the codec
  stores), the ledger (the same hash chain as [`microjob.ledger.Ledger`][microjob.ledger.Ledger]),
  the inbox;
* optimistic concurrency: a stale save is a [`Conflict`][microjob.errors.Conflict];
* atomicity: a unit of work left without ``commit`` leaves no trace in any repository;
* ids never handed out twice, also not after a rollback;
* durability (when `AdapterContract.reopen_store` is given);
* the whole engine on the adapter: every aggregate the engine stores round-trips exactly, and
  the money ends where it ends on the memory adapter;
* the engine's Hypothesis state machines (orders, wallets) run on the adapter.

The record the generic-repository tests store is `microjob.testing.contract_records`; the run
through the whole engine is `microjob.testing.contract_scenario`.

This module imports pytest and Hypothesis, so it belongs to the ``testing`` extra.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from moneyed import Money

from microjob import BACK_OFFICE
from microjob import ledger as accounts
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.errors import Conflict, InsufficientFunds, NotFound, ValidationError
from microjob.events import Event, UserRegistered
from microjob.ledger import Ledger, Transfer
from microjob.marketplace import Marketplace
from microjob.money import money
from microjob.orders import Order
from microjob.policies import MarketplacePolicy, presets
from microjob.ports import InboxRecord, Notification, UnitOfWorkFactory
from microjob.testing.contract_reads import BatchReadContract
from microjob.testing.contract_records import Gadget, Part, Shade, gadget_repo, sample_gadget
from microjob.testing.contract_scenario import QUICK, T0, Scenario, contract_market, memory_market
from microjob.testing.machine import MarketplaceMachine
from microjob.testing.payouts_machine import PayoutsMachine
from microjob.users import User

__all__ = ["AdapterContract", "Gadget", "Part", "Shade"]

Factory = UnitOfWorkFactory


class _Boom(Exception):
    """Raised inside a unit of work to prove it rolls back."""


def _count_users(factory: Factory, *ids: str) -> int:
    with factory() as uow:
        return sum(uow.users.find(i) is not None for i in ids)


class AdapterContract(BatchReadContract):
    """Subclass it, implement `open_store`, and pytest runs the contract on your adapter.

    ``open_store`` returns a unit-of-work factory over a *fresh, empty* store every time it is
    called (a new database file, schema, or in-memory store). Override `reopen_store` to
    also prove durability, and `close_store` to release what ``open_store`` took.
    """

    policy: ClassVar[MarketplacePolicy] = presets.fiverr_like()
    machine_settings: ClassVar[settings] = settings(
        max_examples=8,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    """How long the state machines run against the adapter (raise it for a nightly job)."""

    # -- what a subclass provides ------------------------------------------------------------------
    def open_store(self) -> Factory:
        """A unit-of-work factory over a fresh, empty store."""
        raise NotImplementedError("subclass AdapterContract and implement open_store()")

    def reopen_store(self, factory: Factory) -> Factory | None:
        """The same store's data through new objects (a new connection, a new process's view);
        ``None`` (the default) skips the durability test."""
        return None

    def close_store(self, factory: Factory) -> None:
        """Release a store opened by `open_store` or `reopen_store`."""

    # -- plumbing ----------------------------------------------------------------------------------
    def setup_method(self, method: Any = None) -> None:
        self._opened: list[Factory] = []

    def teardown_method(self, method: Any = None) -> None:
        for factory in reversed(getattr(self, "_opened", [])):
            self.close_store(factory)

    def store(self) -> Factory:
        factory = self.open_store()
        self._opened.append(factory)
        return factory

    def market(
        self, factory: Factory | None = None, policy: MarketplacePolicy | None = None
    ) -> Marketplace:
        """A marketplace on ``factory`` (a fresh store by default) with a frozen clock, a fake
        gateway and recording notifier and publisher, and users ann, bob, cy and an admin."""
        return contract_market(factory or self.store(), policy or self.policy)

    # == users =====================================================================================
    def test_users_round_trip_and_are_unique_by_id_and_email(self) -> None:
        factory = self.store()
        ann = User("ann", "Ann Ö", "Ann@Example.org", T0, False)
        with factory() as uow:
            uow.users.add(ann)
            uow.commit()
        with factory() as uow:
            assert uow.users.get("ann") == ann
            assert uow.users.find("ann") == ann
            assert uow.users.by_email("ann@example.ORG") == ann
            assert uow.users.find("nobody") is None
            assert uow.users.by_email("nobody@example.org") is None
            with pytest.raises(NotFound, match="nobody"):
                uow.users.get("nobody")
            with pytest.raises(Conflict, match="ann"):
                uow.users.add(User("ann", "Other", "other@example.org", T0, False))
            with pytest.raises(Conflict, match="e-mail"):
                uow.users.add(User("ann2", "Other", "ANN@example.org", T0, False))
        assert _count_users(factory, "ann", "ann2") == 1

    # == orders ====================================================================================
    def test_orders_round_trip_exactly_with_their_policy_and_history(self) -> None:
        market = self.market()
        terms = attrs.evolve(self.policy, commission_rate=Decimal("0.1234"))
        order = market.orders.place(
            actor="ann",
            seller_id="bob",
            title="Logo ✓",
            price="99.99",
            delivery_days=3,
            policy=terms,
        )
        order = market.orders.start(order.id, actor="bob")
        order = market.orders.deliver(order.id, actor="bob", message="here")
        assert market.orders.get(order.id, viewer=BACK_OFFICE) == order
        assert market.orders.get(order.id, viewer=BACK_OFFICE).policy == terms
        assert market.orders.get(order.id, viewer=BACK_OFFICE).history == order.history
        with pytest.raises(NotFound):
            market.orders.get("no-such-order", viewer=BACK_OFFICE)

    def test_a_stale_order_save_is_a_conflict_and_changes_nothing(self) -> None:
        market = self.market()
        factory = market.unit_of_work
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="10", delivery_days=3
        )
        with factory() as uow:
            read = uow.orders.get(order.id)
            with pytest.raises(Conflict):
                uow.orders.save(read)  # the same version again
        newer = market.orders.start(order.id, actor="bob")
        stale = attrs.evolve(read, version=read.version + 1, title="Overwritten")
        with factory() as uow, pytest.raises(Conflict):
            uow.orders.save(stale)  # someone saved version + 1 already
        assert market.orders.get(order.id, viewer=BACK_OFFICE) == newer
        with factory() as uow, pytest.raises((NotFound, Conflict)):
            uow.orders.save(attrs.evolve(order, id="o-missing", version=5))

    def test_order_queries_answer_by_user_state_and_due_time(self) -> None:
        market = self.market()
        ids = []
        for buyer, seller, days in (("ann", "bob", 3), ("ann", "cy", 1), ("bob", "ann", 2)):
            placed = market.orders.place(
                actor=buyer, seller_id=seller, title="Work", price="10", delivery_days=days
            )
            ids.append(market.orders.start(placed.id, actor=seller).id)
        first, second, third = ids
        market.orders.deliver(third, actor="ann", message="done")
        with market.unit_of_work() as uow:
            as_buyer = [o.id for o in uow.orders.for_user("ann", "buyer")]
            assert as_buyer == [first, second]
            assert [o.id for o in uow.orders.for_user("ann", "seller")] == [third]
            assert [o.id for o in uow.orders.for_user("ann", "buyer", ["delivered"])] == []
            assert [o.id for o in uow.orders.for_user("ann", "seller", ["delivered"])] == [third]
            assert uow.orders.for_user("nobody", "buyer") == []
            assert uow.orders.count_by_state() == {"active": 2, "delivered": 1}
            wake = {i: uow.orders.get(i).wake_at for i in ids}
            assert all(w is not None for w in wake.values())
            due_all = uow.orders.due(T0.add(days=30))
            assert sorted(due_all) == sorted(ids)
            assert due_all == sorted(ids, key=lambda i: (wake[i], ids.index(i)))
            assert uow.orders.due(T0.add(days=30), limit=1) == due_all[:1]
            assert uow.orders.due(T0) == []
        assert market.orders.counts() == {"active": 2, "delivered": 1}

    def test_ids_are_never_handed_out_twice_not_even_after_a_rollback(self) -> None:
        factory = self.store()
        seen: set[str] = set()
        for commit in (True, False, True, False):
            with factory() as uow:
                fresh = [uow.orders.next_id() for _ in range(5)]
                fresh += [gadget_repo(uow).next_id() for _ in range(5)]
                if commit:
                    uow.commit()
            assert not seen & set(fresh), "an id was handed out twice"
            assert len(set(fresh)) == len(fresh)
            seen.update(fresh)

    def test_an_id_handed_out_outside_a_transaction_is_issued_and_others_are_not(self) -> None:
        factory = self.store()
        taken = factory().orders.next_id()  # outside `with`: reserved for good at once
        with factory() as uow:
            later = uow.orders.next_id()
            assert uow.orders.was_issued(taken)
            assert uow.orders.was_issued(later)
            number = int(taken[1:])
            for never in (f"o{number + 10_000_000}", "o0", "x1", "o", "o-1", "o١", "order"):
                assert not uow.orders.was_issued(never), never
        with factory() as uow:
            assert uow.orders.next_id() not in (taken, later)

    # == generic records ===========================================================================
    def test_records_round_trip_every_kind_of_field_exactly(self) -> None:
        factory = self.store()
        gadget = sample_gadget("g1")
        plain = Gadget("g2", 1, "bob", "new", money("5", "JPY"), T0)
        with factory() as uow:
            gadget_repo(uow).add(gadget)
            gadget_repo(uow).add(plain)
            uow.commit()
        with factory() as uow:
            back = gadget_repo(uow).get("g1")
            assert back == gadget
            assert back.made_at.timezone_name == "Europe/Budapest"
            assert str(back.parts[1].weight) == "1E+2"
            assert str(back.price.amount) == "12.30"
            assert gadget_repo(uow).find("g2") == plain
            assert gadget_repo(uow).find("g3") is None
            with pytest.raises(NotFound):
                gadget_repo(uow).get("g3")
            with pytest.raises(Conflict):
                gadget_repo(uow).add(sample_gadget("g1", owner="cy"))

    def test_record_saves_check_versions_and_keep_the_indexes_current(self) -> None:
        factory = self.store()
        with factory() as uow:
            repo = gadget_repo(uow)
            for number, (owner, state) in enumerate(
                [("ann", "new"), ("bob", "new"), ("ann", "done"), ("ann", "new")], start=1
            ):
                repo.add(sample_gadget(f"g{number}", owner=owner, state=state))
            uow.commit()
        with factory() as uow:
            repo = gadget_repo(uow)
            assert [g.id for g in repo.where(owner="ann")] == ["g1", "g3", "g4"]
            assert [g.id for g in repo.where(owner="ann", state="new")] == ["g1", "g4"]
            assert [g.id for g in repo.where()] == ["g1", "g2", "g3", "g4"]
            assert repo.where(owner="nobody") == []
            with pytest.raises(ValueError, match="not indexed"):
                repo.where(note="x")
            g1 = repo.get("g1")
            repo.save(attrs.evolve(g1, version=2, state="done", ready=True))
            uow.commit()
        with factory() as uow:
            repo = gadget_repo(uow)
            assert [g.id for g in repo.where(owner="ann", state="new")] == ["g4"]
            assert [g.id for g in repo.where(state="done")] == ["g1", "g3"]
            assert [g.id for g in repo.where(ready=True)] == ["g1"]
            assert repo.get("g1").version == 2
            with pytest.raises(Conflict):
                repo.save(attrs.evolve(g1, version=2, note="stale"))  # read at 1, now 2
            with pytest.raises((NotFound, Conflict)):
                repo.save(sample_gadget("g9", version=2))
        with factory() as uow:
            assert gadget_repo(uow).get("g1").note == g1.note

    # == the ledger ================================================================================
    def test_the_ledger_posts_exactly_the_entries_and_chain_of_the_reference_ledger(self) -> None:
        factory = self.store()
        reference = Ledger()

        def usd(amount: str) -> Money:
            return money(amount, "USD")

        def eur(amount: str) -> Money:
            return money(amount, "EUR")

        posts: list[tuple[str, str, list[Transfer], str]] = [
            ("d1", "deposit:1", [Transfer(accounts.WORLD, "user:ann:available", usd("100"))], ""),
            (
                "o1",
                "order:1",
                [
                    Transfer("user:ann:available", "order:1:escrow", usd("60.01")),
                    Transfer(accounts.WORLD, "order:1:escrow", eur("5")),
                ],
                "memo ✓",
            ),
            (
                "o1:release",
                "order:1",
                [
                    Transfer("order:1:escrow", "user:bob:pending", usd("54.01")),
                    Transfer("order:1:escrow", accounts.PLATFORM_COMMISSION, usd("6.00")),
                    Transfer("order:1:escrow", "user:bob:pending", eur("5")),
                ],
                "",
            ),
        ]
        for number, (key, cause, legs, memo) in enumerate(posts):
            at = T0.add(minutes=number)
            with factory() as uow:
                entry = uow.ledger.post(key, cause, legs, at, memo)
                uow.commit()
            expected = reference.post(key, cause, legs, at, memo)
            assert entry == expected
            assert entry.hash == expected.hash
        with factory() as uow:
            ledger = uow.ledger
            assert ledger.balance("user:ann:available", "USD") == usd("39.99")
            assert ledger.balance("user:bob:pending", "EUR") == eur("5")
            assert ledger.balance("order:1:escrow", "USD") == usd("0")
            assert ledger.balance("nobody", "USD") == usd("0")
            assert ledger.balances("user:bob:pending") == {"EUR": eur("5"), "USD": usd("54.01")}
            assert ledger.has_entry("o1")
            assert not ledger.has_entry("o2")
            assert ledger.entry("o1") == reference.entry("o1")
            with pytest.raises(NotFound):
                ledger.entry("o2")
            assert ledger.entries_for("order:1:escrow", "USD") == reference.entries_for(
                "order:1:escrow", "USD"
            )
            assert ledger.entries_for_cause("order:1") == reference.entries_for_cause("order:1")
            assert list(ledger.entries()) == list(reference.entries())
            summary = ledger.verify()
            assert summary == reference.verify()
            assert summary.totals == {"USD": Decimal(0), "EUR": Decimal(0)}

    def test_a_replayed_key_changes_nothing_and_a_reused_key_is_a_conflict(self) -> None:
        factory = self.store()
        legs = [Transfer(accounts.WORLD, "user:ann:available", money("10", "USD"))]
        with factory() as uow:
            first = uow.ledger.post("k", "deposit:1", legs, T0)
            uow.commit()
        with factory() as uow:
            again = uow.ledger.post("k", "deposit:1", legs, T0.add(hours=1))
            assert again == first
            with pytest.raises(Conflict, match="idempotency key"):
                uow.ledger.post("k", "deposit:2", legs, T0)
            uow.commit()
        with factory() as uow:
            assert uow.ledger.balance("user:ann:available", "USD") == money("10", "USD")
            assert uow.ledger.verify().entries == 1

    def test_an_overdraft_or_a_malformed_entry_is_refused_and_posts_nothing(self) -> None:
        factory = self.store()
        with factory() as uow:
            uow.ledger.post(
                "d",
                "deposit:1",
                [Transfer(accounts.WORLD, "user:ann:available", money("10", "USD"))],
                T0,
            )
            uow.commit()
        bad: list[tuple[type[Exception], list[Any]]] = [
            (
                InsufficientFunds,
                [Transfer("user:ann:available", "order:1:escrow", money("10.01", "USD"))],
            ),
            (
                ValidationError,
                [Transfer("user:ann:available", "user:ann:available", money("1", "USD"))],
            ),
            (
                ValidationError,
                [Transfer("user:ann:available", "order:1:escrow", money("0", "USD"))],
            ),
            (ValidationError, []),
        ]
        for error, legs in bad:
            with factory() as uow:
                with pytest.raises(error):
                    uow.ledger.post("x", "order:1", legs, T0)
                uow.commit()  # committing after a refused post must not store any of it
        with factory() as uow:
            assert uow.ledger.balance("user:ann:available", "USD") == money("10", "USD")
            assert not uow.ledger.has_entry("x")
            assert uow.ledger.verify().entries == 1

    # == atomicity, inbox, events ==================================================================
    def test_a_unit_of_work_left_without_commit_leaves_no_trace(self) -> None:
        market = self.market()
        factory = market.unit_of_work
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="10", delivery_days=3
        )
        before = (
            market.orders.get(order.id, viewer=BACK_OFFICE),
            market.admin.verify(),
            market.wallet.balances("ann", viewer="ann"),
        )
        with pytest.raises(_Boom):
            _write_everything_then_fail(factory, order)
        with factory() as uow:
            assert uow.users.find("dan") is None
            assert gadget_repo(uow).find("g1") is None
            assert uow.inbox.find("evt_boom") is None
            assert not uow.ledger.has_entry("gift")
        assert (
            market.orders.get(order.id, viewer=BACK_OFFICE),
            market.admin.verify(),
            market.wallet.balances("ann", viewer="ann"),
        ) == before
        with factory() as uow:  # an explicit rollback is the same
            gadget_repo(uow).add(sample_gadget("g2"))
            uow.rollback()
        with factory() as uow:
            assert gadget_repo(uow).find("g2") is None

    def test_a_read_only_unit_of_work_reads_what_is_committed_and_cannot_commit(self) -> None:
        factory = self.store()
        with factory() as uow:
            gadget_repo(uow).add(sample_gadget("g1"))
            uow.commit()
        with factory(read_only=True) as uow:
            assert gadget_repo(uow).get("g1") == sample_gadget("g1")
            # Refused at the write (PostgreSQL's read-only transaction) or at the commit.
            with pytest.raises(RuntimeError, match="read-only unit of work cannot"):  # noqa: PT012
                gadget_repo(uow).add(sample_gadget("g2"))
                uow.commit()
        with factory(read_only=True) as uow:
            assert gadget_repo(uow).find("g2") is None, "a read-only unit of work wrote"
        with factory() as uow:  # and the ordinary one still writes
            gadget_repo(uow).add(sample_gadget("g3"))
            uow.commit()
        with factory(read_only=True) as uow:
            assert gadget_repo(uow).find("g3") == sample_gadget("g3")

    def test_the_inbox_remembers_handled_events(self) -> None:
        factory = self.store()
        print_ = "charge.succeeded|order:1|10 USD"
        with factory() as uow:
            assert uow.inbox.find("evt_1") is None
            uow.inbox.record("evt_1", "applied", print_)
            uow.commit()
        with factory() as uow:
            assert uow.inbox.find("evt_1") == InboxRecord("applied", print_)
            assert uow.inbox.find("evt_2") is None
        with factory() as uow, pytest.raises(Conflict):
            uow.inbox.record("evt_1", "ignored", "charge.failed|order:2|-")
        with factory() as uow:  # the first record stands
            assert uow.inbox.find("evt_1") == InboxRecord("applied", print_)

    def test_events_and_notifications_are_handed_out_once_per_unit_of_work(self) -> None:
        factory = self.store()
        note = Notification("ann", "k", "s", "t", T0)
        with factory() as uow:
            uow.emit(_event())
            uow.notify(note)
            uow.commit()
            emitted, notes = uow.collected()
            assert (len(emitted), notes) == (1, [note])
        with factory() as uow:
            assert uow.collected() == ([], [])

    def test_a_committed_change_survives_reopening(self) -> None:
        factory = self.store()
        market = self.market(factory)
        reopened = self.reopen_store(factory)
        if reopened is None:
            pytest.skip("this adapter does not offer reopen_store(): nothing outlives it")
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="10", delivery_days=3
        )
        order = market.orders.start(order.id, actor="bob")
        with market.unit_of_work() as uow:
            gadget_repo(uow).add(sample_gadget("g1"))
            uow.commit()
        summary = market.admin.verify()
        self._opened.append(reopened)
        again = Marketplace(
            uow=reopened,
            clock=FrozenClock(T0),
            policy=self.policy,
            gateway=FakeGateway(),
            notifier=RecordingNotifier(),
            publisher=RecordingPublisher(),
        )
        assert again.orders.get(order.id, viewer=BACK_OFFICE) == order
        assert again.admin.verify() == summary
        assert again.users.get("ann").email == "ann@example.org"
        with reopened() as uow:
            assert gadget_repo(uow).get("g1") == sample_gadget("g1")

    # == the whole engine ==========================================================================
    def test_every_aggregate_the_engine_stores_round_trips_and_money_matches_memory(self) -> None:
        on_adapter = Scenario(self.market(policy=QUICK))
        reference = Scenario(memory_market())
        for scenario in (on_adapter, reference):
            scenario.play()
        on_adapter.check_read_back()
        assert on_adapter.figures() == reference.figures()

    def test_the_order_state_machine_holds_on_this_adapter(self) -> None:
        contract = self

        class OnAdapter(MarketplaceMachine):
            policy = contract.policy

            def make_marketplace(self) -> Marketplace:
                self.gateway = FakeGateway()
                self.clock = FrozenClock()
                return _plain_market(contract.store(), self.policy, self.clock, self.gateway)

        run_state_machine_as_test(OnAdapter, settings=self.machine_settings)

    def test_the_wallet_state_machine_holds_on_this_adapter(self) -> None:
        contract = self

        class OnAdapter(PayoutsMachine):
            policy = presets.webpark()

            def make_marketplace(self) -> Marketplace:
                self.gateway = FakeGateway()
                self.clock = FrozenClock()
                return _plain_market(contract.store(), self.policy, self.clock, self.gateway)

        run_state_machine_as_test(OnAdapter, settings=self.machine_settings)


# -- helpers ------------------------------------------------------------------------------------


def _event() -> Event:
    return UserRegistered(at=T0, actor="system", user_id="ann")


def _write_everything_then_fail(factory: Factory, order: Order) -> None:
    """Write through every repository of one unit of work, then fail before the commit."""
    with factory() as uow:
        uow.users.add(User("dan", "Dan", "dan@example.org", T0, False))
        current = uow.orders.get(order.id)
        uow.orders.save(attrs.evolve(current, version=current.version + 1, title="x"))
        gadget_repo(uow).add(sample_gadget("g1"))
        uow.ledger.post(
            "gift",
            "deposit:9",
            [Transfer(accounts.WORLD, "user:ann:available", money("5", "USD"))],
            T0,
        )
        uow.inbox.record("evt_boom", "applied", "charge.succeeded|order:1|5 USD")
        uow.emit(_event())
        raise _Boom


def _plain_market(
    factory: Factory, policy: MarketplacePolicy, clock: FrozenClock, gateway: FakeGateway
) -> Marketplace:
    return Marketplace(
        uow=factory,
        clock=clock,
        policy=policy,
        gateway=gateway,
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )
