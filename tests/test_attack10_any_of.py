"""`RecordRepository.where` with `AnyOf`: many values answer on every store, whatever their
number, and a bare string is refused rather than read as its characters."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from microjob.adapters.sql import SqlStore
from microjob.ports import AnyOf
from microjob.testing.contract_records import gadget_repo, sample_gadget
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]

OWNERS = 5
"""Gadgets stored, one per owner ``u0`` … ``u4``."""


def _fill(store: SqlStore) -> None:
    with store.unit_of_work() as uow:
        for n in range(OWNERS):
            gadget_repo(uow).add(sample_gadget(f"g{n}", owner=f"u{n}"))
        uow.commit()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(f"sqlite:///{tmp_path / 'm.db'}", migrate=True)
    _fill(store)
    yield store
    store.close()


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[SqlStore]:
    schema = Schema(pg_url)
    store = SqlStore(pg_url, migrate=True, **schema.options)
    _fill(store)
    yield store
    store.close()
    schema.drop()


def test_any_of_with_more_values_than_postgresql_binds_in_one_statement(
    pg_store: SqlStore,
) -> None:
    """PostgreSQL takes at most 65,535 parameters in one statement. ``where`` with an `AnyOf`
    binds one per value, so 70,000 ids failed with the driver's raw ``OperationalError``
    instead of an answer (memory answers). The adapter must split the values over several
    statements (as ``orders.get_many`` does, `_MANY` ids per ``IN``) or bind them as one
    array, and still answer in insertion order."""
    ids = tuple(f"u{n}" for n in range(70_000))
    with pg_store.unit_of_work() as uow:
        found = gadget_repo(uow).where(owner=AnyOf(ids), state="new")
    assert [g.id for g in found] == [f"g{n}" for n in range(OWNERS)]


def test_any_of_within_sqlites_smallest_parameter_limit(sqlite_store: SqlStore) -> None:
    """The SQL adapter keeps every statement within SQLite's smallest compiled-in limit of
    999 parameters (``_MAX_PARAMS``, and `_MANY` ids per ``IN`` of ``get_many``): builds
    before 3.32 have it, and later ones allow 32,766 by default. ``where`` with an `AnyOf`
    of 1,500 ids bound 1,501 parameters in one statement and failed with "too many SQL
    variables" on such a build (emulated here with ``setlimit``), where ``get_many`` of as
    many ids answers."""
    ids = tuple(f"u{n}" for n in range(1_500))
    with sqlite_store.unit_of_work() as uow:
        uow.raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        assert uow.orders.get_many([f"o{n}" for n in range(1_500)]) == {}  # the convention
        found = gadget_repo(uow).where(owner=AnyOf(ids))
    assert [g.id for g in found] == [f"g{n}" for n in range(OWNERS)]


def test_any_of_sizes_do_not_each_compile_a_statement_kept_for_good(
    sqlite_store: SqlStore,
) -> None:
    """Each ``where`` variant is compiled once and kept for the store's life
    (``SqlStore.compiled``). Keyed by the exact number of `AnyOf` values, every new count
    compiled and kept another statement: a long-running process asking for the debts of
    1, 2, … 300 users kept 300 statements, some with hundreds of parameters, for good. The
    counts must fall into a few sizes (values padded to the next size: a repeated value in
    ``IN`` changes nothing), so the variants stay few."""
    before = len(sqlite_store._variants)
    with sqlite_store.unit_of_work() as uow:
        repo = gadget_repo(uow)
        for count in range(1, 301):
            found = repo.where(owner=AnyOf(tuple(f"u{n}" for n in range(count))))
            assert len(found) == min(count, OWNERS)
    assert len(sqlite_store._variants) - before <= 16


def test_any_of_refuses_a_bare_string() -> None:
    """``AnyOf("ann")`` is a slip for ``AnyOf(("ann",))``: taken as it is, ``where`` looks
    for the users ``a`` and ``n`` and silently answers the wrong records (none, or someone
    else's). Bad input gets a clear error that says what would be right."""
    slip: Any = "ann"
    with pytest.raises((TypeError, ValueError), match="AnyOf"):
        AnyOf(slip)
