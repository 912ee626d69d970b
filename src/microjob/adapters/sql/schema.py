"""The SQL adapter's schema: microjob's tables, their column types and the revision they are at.

The tables here are what the Alembic migrations in ``microjob/adapters/migrations`` create, up
to `HEAD_REVISION` (a test compares the two); the adapter's statements are built on them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
import sqlalchemy as sa
from pendulum import DateTime
from sqlalchemy.dialects.postgresql import TSVECTOR

from microjob.errors import ValidationError

HEAD_REVISION = "0006"
"""The newest schema revision this version of microjob ships (its Alembic head)."""
VERSION_TABLE = "microjob_alembic_version"
"""Alembic's version table for microjob's schema, apart from the application's own."""


# -- column types ----------------------------------------------------------------------------
class UtcDateTime(sa.types.TypeDecorator[DateTime]):
    """An aware time stored as naive UTC (``TIMESTAMP`` / ISO text) and read back as a pendulum
    ``DateTime`` in UTC, to the microsecond."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.utcoffset() is None:
            raise ValidationError(f"times must be timezone-aware, got {value!r}")
        offset = value.utcoffset()
        assert offset is not None
        naive = dt.datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )
        return naive - offset

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> DateTime | None:
        if value is None:
            return None
        v: dt.datetime = value
        return DateTime(
            v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, tzinfo=pendulum.UTC
        )


def _code_point_text(length: int) -> sa.types.TypeEngine[str]:
    """Text compared and ordered by code point, as Python compares ``str``.

    SQLite's default (``BINARY``) collation already does that on UTF-8; PostgreSQL follows the
    database's locale unless told ``COLLATE "C"``. Search results tie-break on listing ids and
    complete words by prefix, and both must agree with the in-memory engine.
    """
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def _exact_number() -> sa.types.TypeEngine[Any]:
    """An exact decimal: ``NUMERIC`` on PostgreSQL; on SQLite, which has no exact decimal
    type, an order-preserving text key (see `microjob.adapters.sql.search`)."""
    return sa.Numeric().with_variant(sa.Text(), "sqlite")


def _id_column(name: str) -> sa.Column[int]:
    """An auto-incrementing BIGINT key (plain INTEGER on SQLite, where only that autoincrements)."""
    return sa.Column(name, sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True)


# -- the schema (what the migrations create, up to HEAD_REVISION; a test checks they agree) ---
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

users_t = sa.Table(
    "microjob_users",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("email_key", sa.String(320), nullable=False, unique=True),
    sa.Column("data", sa.Text(), nullable=False),
)

policies_t = sa.Table(
    "microjob_policies",
    metadata,
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("data", sa.Text(), nullable=False),
)

orders_t = sa.Table(
    "microjob_orders",
    metadata,
    _id_column("seq"),
    sa.Column("id", sa.String(64), nullable=False, unique=True),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("buyer_id", sa.String(64), nullable=False),
    sa.Column("seller_id", sa.String(64), nullable=False),
    sa.Column("wake_at", UtcDateTime(), nullable=True),
    sa.Column(
        "policy_hash", sa.String(64), sa.ForeignKey("microjob_policies.hash"), nullable=False
    ),
    sa.Column("data", sa.Text(), nullable=False),
)
sa.Index("microjob_orders_buyer", orders_t.c.buyer_id, orders_t.c.seq)
sa.Index("microjob_orders_seller", orders_t.c.seller_id, orders_t.c.seq)
sa.Index(
    "microjob_orders_wake",
    orders_t.c.wake_at,
    orders_t.c.seq,
    postgresql_where=orders_t.c.wake_at.is_not(None),
    sqlite_where=orders_t.c.wake_at.is_not(None),
)

order_counts_t = sa.Table(
    "microjob_order_counts",
    metadata,
    sa.Column("state", sa.String(32), primary_key=True),
    sa.Column("shard", sa.SmallInteger(), primary_key=True, autoincrement=False),
    sa.Column("n", sa.BigInteger(), nullable=False),
)

records_t = sa.Table(
    "microjob_records",
    metadata,
    _id_column("seq"),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("id", sa.String(128), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("data", sa.Text(), nullable=False),
    sa.UniqueConstraint("kind", "id", name="microjob_records_kind_id"),
)

record_index_t = sa.Table(
    "microjob_record_index",
    metadata,
    sa.Column("kind", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), primary_key=True),
    sa.Column(
        "seq",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        sa.ForeignKey("microjob_records.seq"),
        primary_key=True,
        autoincrement=False,
    ),
)

record_kinds_t = sa.Table(
    "microjob_record_kinds",
    metadata,
    sa.Column("kind", sa.String(64), primary_key=True),
    sa.Column("fields", sa.Text(), nullable=False),
)

ledger_head_t = sa.Table(
    "microjob_ledger_head",
    metadata,
    sa.Column("id", sa.SmallInteger(), primary_key=True, autoincrement=False),
    sa.Column("entries", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
"""The seal head: how many entries are sealed and the last link. Only a sealer locks it."""

ledger_seq = sa.Sequence("microjob_ledger_seq", start=0, minvalue=0, metadata=metadata)
"""PostgreSQL: where entry seqs come from, without a lock (SQLite: max + 1 under its lock)."""

entries_t = sa.Table(
    "microjob_ledger_entries",
    metadata,
    sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("entry_key", sa.String(255), nullable=False, unique=True),
    sa.Column("cause", sa.String(255), nullable=False, index=True),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("memo", sa.Text(), nullable=False),
    sa.Column("key_id", sa.String(32), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("pos", sa.BigInteger(), nullable=True, unique=True),
    sa.Column("link", sa.String(64), nullable=True),
)
sa.Index(
    "microjob_ledger_unsealed",
    entries_t.c.seq,
    postgresql_where=entries_t.c.pos.is_(None),
    sqlite_where=entries_t.c.pos.is_(None),
)

epochs_t = sa.Table(
    "microjob_ledger_epochs",
    metadata,
    _id_column("id"),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("position", sa.BigInteger(), nullable=False),
    sa.Column("key_id", sa.String(32), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
)
"""How the seal chain came to be: a migration that sealed old history, a key adopted."""

transfers_t = sa.Table(
    "microjob_ledger_transfers",
    metadata,
    sa.Column(
        "seq",
        sa.BigInteger(),
        sa.ForeignKey("microjob_ledger_entries.seq"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("leg", sa.SmallInteger(), primary_key=True, autoincrement=False),
    sa.Column("source", sa.String(255), nullable=False),
    sa.Column("destination", sa.String(255), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("amount", sa.BigInteger(), nullable=False),
)
sa.Index(
    "microjob_transfers_source", transfers_t.c.source, transfers_t.c.currency, transfers_t.c.seq
)
sa.Index(
    "microjob_transfers_destination",
    transfers_t.c.destination,
    transfers_t.c.currency,
    transfers_t.c.seq,
)

balances_t = sa.Table(
    "microjob_ledger_balances",
    metadata,
    sa.Column("account", sa.String(255), primary_key=True),
    sa.Column("currency", sa.String(3), primary_key=True),
    sa.Column("stripe", sa.SmallInteger(), primary_key=True, autoincrement=False),
    sa.Column("balance", sa.BigInteger(), nullable=False),
)
"""Cached balances; a hot account's (``world``, ``platform:*``) is spread over stripes."""

inbox_t = sa.Table(
    "microjob_inbox",
    metadata,
    sa.Column("event_id", sa.String(255), primary_key=True),
    sa.Column("outcome", sa.String(64), nullable=False),
    sa.Column("fingerprint", sa.String(512), nullable=True),
)

outbox_t = sa.Table(
    "microjob_outbox",
    metadata,
    _id_column("id"),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("kind", sa.String(255), nullable=False),
    sa.Column("data", sa.Text(), nullable=False),
    sa.Column("published_at", UtcDateTime(), nullable=True),
)
sa.Index(
    "microjob_outbox_unpublished",
    outbox_t.c.id,
    postgresql_where=outbox_t.c.published_at.is_(None),
    sqlite_where=outbox_t.c.published_at.is_(None),
)

ids_t = sa.Table(
    "microjob_ids",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("next", sa.BigInteger(), nullable=False),
)

# -- search (revision 0004): the shared index of published service cards ----------------------
# One row per card: what the filters and sort orders read, the card's words as the search
# analyser produced them, and (PostgreSQL) their tsvector. SQLite's FTS5 index over the word
# columns is derived data, created beside this table by the adapter (microjob.adapters.sql.search).
search_cards_t = sa.Table(
    "microjob_search_cards",
    metadata,
    _id_column("seq"),
    sa.Column("listing_id", _code_point_text(255), nullable=False, unique=True),
    sa.Column("fingerprint", sa.String(32), nullable=False),
    sa.Column("category", sa.String(255), nullable=False),
    sa.Column("currency", sa.String(32), nullable=False),
    sa.Column("price", _exact_number(), nullable=False),
    sa.Column("delivery_days", sa.BigInteger(), nullable=False),
    sa.Column("seller_level", sa.BigInteger(), nullable=False),
    sa.Column("rating", _exact_number(), nullable=True),
    sa.Column("review_count", sa.BigInteger(), nullable=False),
    sa.Column("published_at", sa.BigInteger(), nullable=False),
    sa.Column("title_words", sa.Text(), nullable=False),
    sa.Column("tags_words", sa.Text(), nullable=False),
    sa.Column("description_words", sa.Text(), nullable=False),
    sa.Column("document", TSVECTOR().with_variant(sa.Text(), "sqlite"), nullable=True),
)
sa.Index(
    "microjob_search_cards_price",
    search_cards_t.c.currency,
    search_cards_t.c.price,
    search_cards_t.c.listing_id,
)
sa.Index("microjob_search_cards_category", search_cards_t.c.category)
sa.Index("microjob_search_cards_newest", search_cards_t.c.published_at, search_cards_t.c.listing_id)
# The full-text index of PostgreSQL. SQLite leaves ``document`` empty (FTS5 does that work), so
# there the index is partial over no row at all: one schema still describes both databases.
sa.Index(
    "microjob_search_cards_document",
    search_cards_t.c.document,
    postgresql_using="gin",
    sqlite_where=search_cards_t.c.document.is_not(None),
)

search_words_t = sa.Table(
    "microjob_search_words",
    metadata,
    sa.Column("word", _code_point_text(255), primary_key=True),
    sa.Column("cards", sa.BigInteger(), nullable=False),
)
"""Every word of the indexed cards with the number of cards holding it: tells a known query
word from a partial one and completes the partial last word to the commonest words."""

# -- search stamps (revision 0005) -----------------------------------------------------------
search_stamps_t = sa.Table(
    "microjob_search_stamps",
    metadata,
    sa.Column("listing_id", _code_point_text(255), primary_key=True),
    sa.Column("stamp", sa.BigInteger(), nullable=False),
)
"""Per card, the highest stamp a write has applied to the shared index, a removed card's
included (its tombstone): several processes apply their updates in any order, and a write
stamped lower than this is ignored (see [`SearchIndex`][microjob.search.SearchIndex])."""
