"""The adapter contract suite (``microjob.testing.contract``) on every adapter microjob ships:
memory, SQLite (a file, WAL) and PostgreSQL (the server from ``tests/pg.py``)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from microjob.adapters.memory import MemoryStore
from microjob.adapters.sql import SqlStore
from microjob.testing.contract import AdapterContract, Factory
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]  # the session fixture, imported so pytest finds it here


class TestMemoryAdapter(AdapterContract):
    def open_store(self) -> Factory:
        return MemoryStore().unit_of_work


class _SqlContract(AdapterContract):
    """Opens :class:`SqlStore` s and closes them after each test."""

    stores: dict[int, SqlStore]

    def track(self, store: SqlStore) -> Factory:
        if not hasattr(self, "stores"):
            self.stores = {}
        factory = store.unit_of_work
        self.stores[id(factory.__self__)] = store
        return factory

    def close_store(self, factory: Factory) -> None:
        store = self.stores.pop(id(factory.__self__), None)  # type: ignore[attr-defined]
        if store is not None:
            store.close()


class TestSqliteFileAdapter(_SqlContract):
    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> None:
        self.directory = tmp_path
        self.files = itertools.count(1)

    def open_store(self) -> Factory:
        path = self.directory / f"m{next(self.files)}.db"
        store = SqlStore(f"sqlite:///{path}", synchronous="NORMAL")
        with store.engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            conn.rollback()
        assert mode == "wal"
        return self.track(store)

    def reopen_store(self, factory: Factory) -> Factory:
        store: SqlStore = factory.__self__  # type: ignore[attr-defined]
        return self.track(SqlStore(store.engine.url, migrate=False, synchronous="NORMAL"))


class TestPostgresAdapter(_SqlContract):
    @pytest.fixture(autouse=True)
    def _server(self, pg_url: str) -> Any:
        self.url = pg_url
        self.schemas: list[Schema] = []
        yield
        for schema in self.schemas:
            schema.drop()

    def open_store(self) -> Factory:
        schema = Schema(self.url)
        self.schemas.append(schema)
        store = SqlStore(self.url, **schema.options)
        store.schema = schema  # type: ignore[attr-defined]
        return self.track(store)

    def reopen_store(self, factory: Factory) -> Factory:
        store: SqlStore = factory.__self__  # type: ignore[attr-defined]
        schema: Schema = store.schema  # type: ignore[attr-defined]
        return self.track(SqlStore(self.url, migrate=False, **schema.options))
