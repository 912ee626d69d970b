"""What only the SQL adapter has: migrations, the outbox, exact storage of money and time, the
SQLite settings, and its refusals. (The behaviour it shares with every adapter is in
``test_storage_contract.py``.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from microjob import Marketplace, ValidationError, money, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingPublisher
from microjob.adapters.sql import (
    HEAD_REVISION,
    VERSION_TABLE,
    SqlStore,
    SystemClock,
    alembic_config,
    metadata,
    upgrade,
)
from microjob.adapters.sql.engine import _translate
from microjob.errors import Conflict
from microjob.events import Event, OrderPlaced, UserRegistered
from microjob.ledger import Transfer
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]

T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")


@attrs.frozen
class Target:
    url: str
    options: dict[str, Any]

    def engine(self) -> sa.Engine:
        return sa.create_engine(self.url, poolclass=sa.pool.NullPool, **self.options)


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    if request.param == "sqlite":
        yield Target(f"sqlite:///{tmp_path / 'm.db'}", {})
        return
    schema = Schema(request.getfixturevalue("pg_url"))
    yield Target(schema.url, schema.options)
    schema.drop()


def _tables(engine: sa.Engine) -> set[str]:
    return {t for t in sa.inspect(engine).get_table_names() if t.startswith("microjob_")}


# -- migrations ---------------------------------------------------------------------------------
def test_an_empty_database_migrated_to_head_matches_the_models(target: Target) -> None:
    engine = target.engine()
    upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "version_table": VERSION_TABLE,
            },
        )
        differences = compare_metadata(context, metadata)
        revision = context.get_current_revision()
    assert differences == []
    assert revision == HEAD_REVISION
    assert _tables(engine) == {*metadata.tables, VERSION_TABLE}
    engine.dispose()


def test_migrations_go_down_to_nothing_and_up_again_and_repeat_harmlessly(target: Target) -> None:
    engine = target.engine()
    upgrade(engine)
    upgrade(engine)  # already at head: nothing to do
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert _tables(engine) <= {VERSION_TABLE}
    upgrade(engine)
    store = SqlStore(engine, migrate=False)
    with store.unit_of_work() as uow:
        assert uow.ledger.verify().entries == 0
        assert uow.orders.next_id() != uow.orders.next_id()
    engine.dispose()


def test_a_database_behind_the_code_is_refused_unless_migrated(target: Target) -> None:
    engine = target.engine()
    with pytest.raises(ValidationError, match=r"migrate=True"):
        SqlStore(engine, migrate=False)
    assert _tables(engine) == set()
    SqlStore(engine)  # migrates
    assert SqlStore(engine, migrate=False).engine is engine
    engine.dispose()


def test_other_databases_are_refused_with_what_is_supported() -> None:
    with pytest.raises(ValidationError, match="sqlite:/// and postgresql"):
        SqlStore("mysql://user@localhost/db")


def test_offline_migration_prints_the_sql_for_a_dba() -> None:
    import contextlib
    import io

    out = io.StringIO()
    config = alembic_config(url="postgresql://")
    config.output_buffer = out
    with contextlib.redirect_stdout(out):
        command.upgrade(config, "head", sql=True)
    text = out.getvalue()
    assert "CREATE TABLE microjob_ledger_entries" in text
    assert "BIGINT" in text


# -- exact storage ------------------------------------------------------------------------------
def test_money_is_stored_as_integer_minor_units_and_times_as_utc(target: Target) -> None:
    store = SqlStore(target.url, **target.options)
    budapest = pendulum.datetime(2026, 7, 1, 12, 0, 0, 123456, tz="Europe/Budapest")
    with store.unit_of_work() as uow:
        uow.ledger.post(
            "k",
            "deposit:1",
            [
                Transfer(accounts.WORLD, "user:a:available", money("1234567.89", "USD")),
                Transfer(accounts.WORLD, "user:a:available", money("500", "JPY")),
                Transfer(accounts.WORLD, "user:a:available", money("1.234", "BHD")),
            ],
            budapest,
        )
        uow.commit()
    with store.engine.connect() as conn:
        amounts = conn.execute(
            sa.text("SELECT currency, amount FROM microjob_ledger_transfers ORDER BY leg")
        ).all()
        at = conn.execute(sa.text("SELECT at FROM microjob_ledger_entries")).scalar_one()
        conn.rollback()
    assert [(c, a) for c, a in amounts] == [("USD", 123456789), ("JPY", 500), ("BHD", 1234)]
    assert all(type(a) is int for _, a in amounts)
    assert str(at).startswith("2026-07-01 10:00:00.123456")  # 12:00 in Budapest is 10:00 UTC
    with store.unit_of_work() as uow:
        entry = uow.ledger.entry("k")
        assert entry.at == budapest
        assert entry.at.timezone_name == "UTC"
        assert uow.ledger.balance("user:a:available", "BHD") == money("1.234", "BHD")
        assert str(uow.ledger.balance("user:a:available", "USD").amount) == "1234567.89"
    store.close()


def test_an_amount_beyond_64_bit_minor_units_is_refused_clearly(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'big.db'}")
    with store.unit_of_work() as uow, pytest.raises(ValidationError, match="64-bit"):
        uow.ledger.post(
            "k", "deposit:1", [Transfer(accounts.WORLD, "a", money("1E+20", "USD"))], T0
        )
    store.close()


def test_sqlite_files_run_in_wal_mode_and_the_system_clock_is_utc(tmp_path: Path) -> None:
    market = Marketplace.from_url(f"sqlite:///{tmp_path / 'shop.db'}", gateway=FakeGateway())
    with market.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        conn.rollback()
    assert isinstance(market.clock, SystemClock)
    now = market.clock.now()
    assert now.timezone_name == "UTC"
    assert abs((pendulum.now("UTC") - now).total_seconds()) < 60
    market.users.register("ann", name="Ann", email="ann@example.org")
    assert market.users.get("ann").joined_at.timezone_name == "UTC"
    with pytest.raises(ValidationError, match="synchronous"):
        SqlStore(f"sqlite:///{tmp_path / 'x.db'}", synchronous="SOMETIMES")


# -- the outbox ---------------------------------------------------------------------------------
class Flaky(RecordingPublisher):
    def __init__(self) -> None:
        super().__init__()
        self.fail = True

    def publish(self, events: Any) -> None:
        if self.fail:
            raise ConnectionError("the broker is down")
        super().publish(events)


def _market(target: Target) -> Marketplace:
    return Marketplace.from_url(
        target.url,
        presets.fiverr_like(),
        clock=FrozenClock(T0),
        gateway=FakeGateway(),
        store_options=target.options,
    )


def test_events_reach_the_outbox_in_the_commands_transaction_and_are_relayed_once(
    target: Target,
) -> None:
    market = _market(target)
    store: SqlStore = market.store
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    with pytest.raises(ValidationError):
        market.orders.place(actor="ann", seller_id="bob", title="x", price="-1", delivery_days=1)
    market.orders.place(actor="ann", seller_id="bob", title="Logo", price="10", delivery_days=1)
    published = market.publisher.events  # type: ignore[attr-defined]
    pending = store.pending_events()
    kinds = [type(m.event) for m in pending]
    assert kinds[:2] == [UserRegistered, UserRegistered]
    assert OrderPlaced in kinds
    assert [m.event for m in pending] == published  # the same events, exactly, in order

    broker = Flaky()
    with pytest.raises(ConnectionError):
        store.relay(broker)
    assert len(store.pending_events()) == len(pending)  # nothing marked: they come again
    broker.fail = False
    assert store.relay(broker, limit=3) == 3
    assert store.relay(broker) == len(pending) - 3
    assert store.relay(broker) == 0
    assert broker.events == published
    assert store.purge_published(pendulum.now("UTC").add(minutes=1)) == len(pending)
    store.close()


def test_a_rolled_back_command_leaves_nothing_in_the_outbox(target: Target) -> None:
    store = SqlStore(target.url, **target.options)
    event: Event = UserRegistered(at=T0, actor="system", user_id="ann")
    with store.unit_of_work() as uow:
        uow.emit(event)
    assert store.pending_events() == []
    with store.unit_of_work() as uow:
        uow.emit(event)
        uow.commit()
    [message] = store.pending_events()
    assert message.event == event
    store.mark_published([message.id])
    assert store.pending_events() == []
    store.close()


# -- ids and unit-of-work misuse -----------------------------------------------------------------
def test_an_id_block_taken_by_a_rolled_back_transaction_is_not_handed_out(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ids.db'}"
    one, two = SqlStore(url), SqlStore(url, migrate=False)
    with one.unit_of_work() as uow:
        [uow.orders.next_id() for _ in range(400)]  # beyond the reserved block
    # the transaction rolled back: its block went back to the database, and on to `two`
    with two.unit_of_work() as uow:
        theirs = [uow.orders.next_id() for _ in range(600)]
        uow.commit()
    with one.unit_of_work() as uow:
        after = [uow.orders.next_id() for _ in range(300)]
        uow.commit()
    assert not set(theirs) & set(after), "a rolled-back block was handed out twice"
    assert len(set(theirs) | set(after)) == 900
    one.close()
    two.close()


def test_a_unit_of_work_is_one_transaction_at_a_time(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'u.db'}")
    uow = store.unit_of_work()
    with uow, pytest.raises(RuntimeError, match="already in use"), uow:
        pass
    with pytest.raises(RuntimeError, match="inside 'with'"):
        uow.ledger.balance("a", "USD")
    with uow:
        uow.commit()
        with pytest.raises(RuntimeError, match="committed already"):
            uow.commit()
    with uow:
        uow.records("gadget", UserRegistered, index=("a",))
        with pytest.raises(ValueError, match="indexed"):
            uow.records("gadget", UserRegistered, index=("b",))
    store.close()


def test_postgres_refuses_to_commit_a_unit_whose_transaction_a_caught_error_aborted(
    pg_url: str,
) -> None:
    """A statement fails, its caller catches the error and commits: PostgreSQL turns that
    ``COMMIT`` into a ``ROLLBACK`` and the driver reports success, so the command would look
    done with nothing kept. The unit of work says so instead, and keeps nothing."""
    schema = Schema(pg_url)
    store = SqlStore(schema.url, **schema.options)
    try:
        with store.unit_of_work() as uow:
            uow.ledger.post(
                "fund",
                "test:1",
                [Transfer(accounts.WORLD, "user:a:available", money("5", "USD"))],
                T0,
            )
            with pytest.raises(Exception, match="division by zero"):
                uow.raw.execute("SELECT 1 / 0")
            with pytest.raises(Conflict, match="cannot commit"):
                uow.commit()
        with store.unit_of_work() as uow:
            assert not uow.ledger.has_entry("fund")
    finally:
        store.close()
        schema.drop()


def test_postgres_a_value_beyond_bigint_is_a_validation_error_not_the_drivers(
    pg_url: str,
) -> None:
    schema = Schema(pg_url)
    store = SqlStore(schema.url, **schema.options)
    try:
        with store.unit_of_work() as uow:
            try:
                uow.raw.execute("SELECT 9223372036854775807::bigint + 1")
            except Exception as exc:  # the driver's NumericValueOutOfRange
                error = _translate(exc, "a ledger balance")
            else:
                pytest.fail("PostgreSQL added beyond a BIGINT")
        assert isinstance(error, ValidationError)
        assert "a ledger balance would be beyond what the database stores" in str(error)
    finally:
        store.close()
        schema.drop()
