"""The SQL adapter: SQLite (the embedded default) and PostgreSQL, on SQLAlchemy Core.

Build a marketplace on it with ``Marketplace.from_url("sqlite:///marketplace.db")`` or
``Marketplace.from_url("postgresql+psycopg://user@host/db")``; or build a `SqlStore`
yourself and hand its `unit_of_work` to ``Marketplace(uow=...)``.

How it keeps microjob's promises (details in ``docs/adapters.md`` and ``docs/scaling.md``):

* **One command, one transaction.** A `SqlUnitOfWork` is one database transaction; its
  repositories, the ledger, the inbox and the outbox all write through it, and nothing is
  visible to anyone until `commit`.
* **Locking, not retrying.** SQLite transactions start with ``BEGIN IMMEDIATE`` (one writer at
  a time, readers never blocked thanks to WAL). PostgreSQL runs ``READ COMMITTED`` and every
  ``get``/``find`` reads the row ``FOR UPDATE``, so two commands on one order, one dispute or
  one record queue up instead of both acting on the same version; a ledger post locks only the
  balance rows it debits (in a fixed order), so an overdraft check always sees the latest
  balance, while hot accounts (``world``, ``platform:*``) are striped over several rows and
  entries are sealed into the chain after commit, so posts do not wait for each other. What
  still collides (two inserts of the same id, a deadlock, a lock timeout) comes
  back as [`Conflict`][microjob.errors.Conflict] with the transaction rolled back: safe to retry.
  A query's unit of work (``unit_of_work(read_only=True)``) takes none of these locks: a
  deferred transaction on SQLite, a ``READ ONLY`` one with plain reads on PostgreSQL.
* **Money exactly.** Ledger amounts and balances are integer minor units (``BIGINT``);
  amounts inside records are decimal text. Times are stored in UTC.
* **The ledger's rules are the ledger's.** A post is validated by
  [`microjob.ledger.Ledger`][microjob.ledger.Ledger] itself (on a scratch ledger seeded with the
  balances involved), hashed with `entry_hash`, and `SqlLedger.verify` runs ``Ledger.verify`` over
  the stored entries and cached balances.
* **Records generically.** Every aggregate kind lives in one table as a JSON document written
  by `microjob.adapters.codec`; the fields a kind declares as indexed get rows in an index
  table, so ``where`` is an index lookup.
* **Shared search.** `SqlStore.search_index` is a `SqlSearchIndex` over the
  published cards kept in the database (FTS5 on SQLite, a GIN-indexed ``tsvector`` on
  PostgreSQL), so every process on the database finds a card as soon as it is published.
* **An outbox.** Domain events are written to ``microjob_outbox`` in the command's transaction;
  `SqlStore.relay` forwards them to any [`EventPublisher`][microjob.ports.EventPublisher] after
  the fact, at least once.
"""

from __future__ import annotations

from microjob.adapters.sql.clock import SystemClock
from microjob.adapters.sql.ledger import SqlLedger
from microjob.adapters.sql.migrate import alembic_config as alembic_config
from microjob.adapters.sql.migrate import check_schema as check_schema
from microjob.adapters.sql.migrate import upgrade
from microjob.adapters.sql.outbox import OutboxMessage
from microjob.adapters.sql.records import SqlRecords as SqlRecords
from microjob.adapters.sql.repositories import SqlInbox as SqlInbox
from microjob.adapters.sql.repositories import SqlOrderRepository as SqlOrderRepository
from microjob.adapters.sql.repositories import SqlUserRepository as SqlUserRepository
from microjob.adapters.sql.schema import HEAD_REVISION, VERSION_TABLE, metadata
from microjob.adapters.sql.schema import UtcDateTime as UtcDateTime
from microjob.adapters.sql.schema import balances_t as balances_t
from microjob.adapters.sql.schema import entries_t as entries_t
from microjob.adapters.sql.schema import ids_t as ids_t
from microjob.adapters.sql.schema import inbox_t as inbox_t
from microjob.adapters.sql.schema import ledger_head_t as ledger_head_t
from microjob.adapters.sql.schema import order_counts_t as order_counts_t
from microjob.adapters.sql.schema import orders_t as orders_t
from microjob.adapters.sql.schema import outbox_t as outbox_t
from microjob.adapters.sql.schema import policies_t as policies_t
from microjob.adapters.sql.schema import record_index_t as record_index_t
from microjob.adapters.sql.schema import record_kinds_t as record_kinds_t
from microjob.adapters.sql.schema import records_t as records_t
from microjob.adapters.sql.schema import search_cards_t as search_cards_t
from microjob.adapters.sql.schema import search_words_t as search_words_t
from microjob.adapters.sql.schema import transfers_t as transfers_t
from microjob.adapters.sql.schema import users_t as users_t
from microjob.adapters.sql.search import SqlSearchIndex
from microjob.adapters.sql.store import SqlStore
from microjob.adapters.sql.unit_of_work import SqlUnitOfWork

__all__ = [
    "HEAD_REVISION",
    "VERSION_TABLE",
    "OutboxMessage",
    "SqlLedger",
    "SqlSearchIndex",
    "SqlStore",
    "SqlUnitOfWork",
    "SystemClock",
    "metadata",
    "upgrade",
]
