"""Queries open read-only units of work (`Context.reads`): on SQLite a deferred transaction, a
snapshot that takes no write lock, so a query never waits for a command and a command never
waits for a query. Before, every query began ``BEGIN IMMEDIATE`` like a command: a report or a
console page held open made every command wait for it, up to ``busy_timeout``, then fail.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.adapters.sql import SqlStore
from microjob.testing.contract_records import gadget_repo, sample_gadget
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]

WAIT = 2.0
"""The stores' ``busy_timeout`` here: a writer that waits this long for the lock fails."""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    opened = SqlStore(f"sqlite:///{tmp_path / 'm.db'}", busy_timeout=WAIT, migrate=True)
    with opened.unit_of_work() as uow:
        gadget_repo(uow).add(sample_gadget("g1"))
        uow.commit()
    yield opened
    opened.close()


def test_a_command_commits_while_a_query_is_open(store: SqlStore) -> None:
    with store.unit_of_work(read_only=True) as reader:
        assert gadget_repo(reader).get("g1").version == 1
        started = time.monotonic()
        with store.unit_of_work() as writer:
            old = gadget_repo(writer).get("g1")
            gadget_repo(writer).save(attrs.evolve(old, version=2))
            writer.commit()
        assert time.monotonic() - started < WAIT / 2, "the command waited for the query"
        # The query keeps reading the moment it began at: one consistent answer.
        assert gadget_repo(reader).get("g1").version == 1
    with store.unit_of_work(read_only=True) as reader:
        assert gadget_repo(reader).get("g1").version == 2


def _query_beside(
    store: SqlStore, gadget_id: str, wait: float
) -> tuple[list[object], float, threading.Thread]:
    """Look ``gadget_id`` up in a read-only unit of work on another thread while this one holds
    a command's transaction open: what it found (once it answered), how long this thread waited
    for it (``wait`` at most), and the thread."""
    answers: list[object] = []

    def query() -> None:
        with store.unit_of_work(read_only=True) as reader:
            answers.append(gadget_repo(reader).find(gadget_id))

    started = time.monotonic()
    other = threading.Thread(target=query)
    other.start()
    other.join(timeout=wait)
    return answers, time.monotonic() - started, other


def test_a_query_answers_while_a_command_holds_the_write_lock(store: SqlStore) -> None:
    with store.unit_of_work() as writer:
        gadget_repo(writer).add(sample_gadget("g2"))  # not committed yet
        answers, waited, _ = _query_beside(store, "g2", WAIT * 3)
        assert answers == [None], "the query saw an uncommitted write or did not answer"
        assert waited < WAIT / 2, "the query waited for the command"
        writer.commit()


def test_the_marketplaces_queries_do_not_wait_for_a_command_in_progress(tmp_path: Path) -> None:
    market = Marketplace.from_url(
        f"sqlite:///{tmp_path / 'm.db'}",
        presets.fiverr_like(),
        clock=FrozenClock(),
        gateway=FakeGateway(),
        migrate=True,
        store_options={"busy_timeout": WAIT},
    )
    try:
        market.users.register("ann", name="Ann", email="ann@example.org")
        market.users.register("bob", name="Bob", email="bob@example.org")
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
        )
        holding = threading.Event()
        release = threading.Event()

        def long_command() -> None:
            with market.unit_of_work() as uow:  # a command's transaction, held open
                uow.users.get("ann")
                holding.set()
                release.wait(WAIT * 3)

        worker = threading.Thread(target=long_command)
        worker.start()
        try:
            assert holding.wait(10)
            started = time.monotonic()
            seen = market.orders.get(order.id, viewer=BACK_OFFICE)
            balances = market.wallet.balances("ann", viewer="ann")
            assert time.monotonic() - started < WAIT / 2, "a query waited for the command"
        finally:
            release.set()
            worker.join(timeout=30)
        assert seen.id == order.id
        assert balances
    finally:
        market.store.close()


def test_a_read_only_unit_of_work_takes_no_id_block(store: SqlStore) -> None:
    fresh = SqlStore(str(store.engine.url), busy_timeout=WAIT)
    try:
        fresh._id_ranges.clear()  # as if this process had used up its ids
        with fresh.engine.connect() as conn:
            before = conn.exec_driver_sql("SELECT * FROM microjob_ids").fetchall()
        with fresh.unit_of_work(read_only=True) as reader:
            assert gadget_repo(reader).find("g1") is not None
        with fresh.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT * FROM microjob_ids").fetchall() == before
    finally:
        fresh.close()


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[SqlStore]:
    """A store on a throwaway PostgreSQL schema."""
    schema = Schema(pg_url)
    store = SqlStore(schema.url, migrate=True, **schema.options)
    yield store
    store.close()
    schema.drop()


def test_postgres_refuses_a_write_in_a_read_only_unit_of_work(pg_store: SqlStore) -> None:
    store = pg_store
    with (
        store.unit_of_work(read_only=True) as reader,
        pytest.raises(RuntimeError, match="read-only unit of work cannot write"),
    ):
        gadget_repo(reader).add(sample_gadget("g1"))
    with store.engine.connect() as conn:  # the pool's next user writes, outside a unit of work
        conn.exec_driver_sql("CREATE TABLE after_a_query (n int)")
        conn.commit()
    with store.unit_of_work() as writer:  # and so does the next command
        gadget_repo(writer).add(sample_gadget("g1"))
        writer.commit()
    with store.unit_of_work(read_only=True) as reader:
        assert gadget_repo(reader).get("g1") == sample_gadget("g1")


def test_postgres_a_query_does_not_wait_for_a_command_holding_the_row(pg_store: SqlStore) -> None:
    store = pg_store
    with store.unit_of_work() as writer:
        gadget_repo(writer).add(sample_gadget("g1"))
        writer.commit()
    with store.unit_of_work() as writer:
        held = gadget_repo(writer).get("g1")  # a command's read: FOR UPDATE, held
        answers, waited, other = _query_beside(store, "g1", WAIT)
        gadget_repo(writer).save(attrs.evolve(held, version=held.version + 1))
        writer.commit()
        other.join(timeout=30)
    assert answers == [held], "the query did not read the committed row"
    assert waited < WAIT / 2, "the query waited for the command's row lock"
