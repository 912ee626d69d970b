"""The first schema: users, policies, orders, records, the ledger, inbox, outbox and ids.

Revision ID: 0001
Revises:
Create Date: 2026-05-20

A migration is frozen history: it spells its tables out instead of importing today's models,
so that tomorrow's models can change without rewriting what databases already went through.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None

GENESIS_HASH = "0" * 64


def _serial() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "microjob_ids",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("next", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_microjob_ids")),
    )
    op.create_table(
        "microjob_inbox",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_microjob_inbox")),
    )
    op.create_table(
        "microjob_ledger_balances",
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("account", "currency", name=op.f("pk_microjob_ledger_balances")),
    )
    op.create_table(
        "microjob_ledger_entries",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entry_key", sa.String(length=255), nullable=False),
        sa.Column("cause", sa.String(length=255), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_microjob_ledger_entries")),
        sa.UniqueConstraint("entry_key", name=op.f("uq_microjob_ledger_entries_entry_key")),
    )
    op.create_index(op.f("ix_microjob_ledger_entries_cause"), "microjob_ledger_entries", ["cause"])
    op.create_table(
        "microjob_ledger_head",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("entries", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_microjob_ledger_head")),
    )
    op.create_table(
        "microjob_order_counts",
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("shard", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("state", "shard", name=op.f("pk_microjob_order_counts")),
    )
    op.create_table(
        "microjob_outbox",
        sa.Column("id", _serial(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=255), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_microjob_outbox")),
    )
    op.create_index(
        "microjob_outbox_unpublished",
        "microjob_outbox",
        ["id"],
        postgresql_where=sa.text("published_at IS NULL"),
        sqlite_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "microjob_policies",
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_microjob_policies")),
    )
    op.create_table(
        "microjob_record_kinds",
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_microjob_record_kinds")),
    )
    op.create_table(
        "microjob_records",
        sa.Column("seq", _serial(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_microjob_records")),
        sa.UniqueConstraint("kind", "id", name="microjob_records_kind_id"),
    )
    op.create_table(
        "microjob_users",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("email_key", sa.String(length=320), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_microjob_users")),
        sa.UniqueConstraint("email_key", name=op.f("uq_microjob_users_email_key")),
    )
    op.create_table(
        "microjob_ledger_transfers",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("leg", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("destination", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"],
            ["microjob_ledger_entries.seq"],
            name=op.f("fk_microjob_ledger_transfers_seq"),
        ),
        sa.PrimaryKeyConstraint("seq", "leg", name=op.f("pk_microjob_ledger_transfers")),
    )
    op.create_index(
        "microjob_transfers_destination",
        "microjob_ledger_transfers",
        ["destination", "currency", "seq"],
    )
    op.create_index(
        "microjob_transfers_source", "microjob_ledger_transfers", ["source", "currency", "seq"]
    )
    op.create_table(
        "microjob_orders",
        sa.Column("seq", _serial(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("buyer_id", sa.String(length=64), nullable=False),
        sa.Column("seller_id", sa.String(length=64), nullable=False),
        sa.Column("wake_at", sa.DateTime(), nullable=True),
        sa.Column("policy_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["policy_hash"], ["microjob_policies.hash"], name=op.f("fk_microjob_orders_policy_hash")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_microjob_orders")),
        sa.UniqueConstraint("id", name=op.f("uq_microjob_orders_id")),
    )
    op.create_index("microjob_orders_buyer", "microjob_orders", ["buyer_id", "seq"])
    op.create_index("microjob_orders_seller", "microjob_orders", ["seller_id", "seq"])
    op.create_index(
        "microjob_orders_wake",
        "microjob_orders",
        ["wake_at", "seq"],
        postgresql_where=sa.text("wake_at IS NOT NULL"),
        sqlite_where=sa.text("wake_at IS NOT NULL"),
    )
    op.create_table(
        "microjob_record_index",
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("seq", _serial(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"], ["microjob_records.seq"], name=op.f("fk_microjob_record_index_seq")
        ),
        sa.PrimaryKeyConstraint(
            "kind", "name", "value", "seq", name=op.f("pk_microjob_record_index")
        ),
    )
    ids = sa.table(
        "microjob_ids", sa.column("name", sa.String()), sa.column("next", sa.BigInteger())
    )
    op.bulk_insert(ids, [{"name": "ids", "next": 1}])
    head = sa.table(
        "microjob_ledger_head",
        sa.column("id", sa.SmallInteger()),
        sa.column("entries", sa.BigInteger()),
        sa.column("hash", sa.String()),
    )
    op.bulk_insert(head, [{"id": 1, "entries": 0, "hash": GENESIS_HASH}])


def downgrade() -> None:
    for index, table in (
        ("microjob_orders_wake", "microjob_orders"),
        ("microjob_orders_seller", "microjob_orders"),
        ("microjob_orders_buyer", "microjob_orders"),
        ("microjob_transfers_source", "microjob_ledger_transfers"),
        ("microjob_transfers_destination", "microjob_ledger_transfers"),
        ("microjob_outbox_unpublished", "microjob_outbox"),
        ("ix_microjob_ledger_entries_cause", "microjob_ledger_entries"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "microjob_record_index",
        "microjob_orders",
        "microjob_ledger_transfers",
        "microjob_users",
        "microjob_records",
        "microjob_record_kinds",
        "microjob_policies",
        "microjob_outbox",
        "microjob_order_counts",
        "microjob_ledger_head",
        "microjob_ledger_entries",
        "microjob_ledger_balances",
        "microjob_inbox",
        "microjob_ids",
    ):
        op.drop_table(table)
