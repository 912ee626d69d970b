"""The ledger stops serializing writers: MACed entries sealed later, striped hot balances.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-20

Before this revision every posting locked one chain-head row until it committed, because each
entry's hash included the previous entry's. Now an entry carries a MAC of its own content
(``key_id``, ``hash``) and gets its place in the chain (``pos``, ``link``) when a sealer seals
it after commit; the head row becomes the seal head. Entry seqs come from a sequence on
PostgreSQL. Cached balances get a ``stripe`` so that hot accounts are spread over several rows.

The history already there is checked against its old SHA-256 chain first (a broken chain is
refused: it must not be sealed as if it were sound), then given unkeyed MACs and sealed in its
old order, and the epoch is recorded. A store opened with a ledger key then seals it once more
under that key (recorded too): the database never sees the key, so no migration can.

Offline (``--sql``) output converts the schema only, which is right for an empty ledger; a
database holding entries must be migrated online (by opening a store on it).

A migration is frozen history: it spells out its tables and the old and new digests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

from microjob.money import minor_places

revision = "0003"
down_revision: str | None = "0002"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None

GENESIS = "0" * 64
SEP = "\x1f"

entries = sa.table(
    "microjob_ledger_entries",
    sa.column("seq", sa.BigInteger()),
    sa.column("entry_key", sa.String()),
    sa.column("cause", sa.String()),
    sa.column("at", sa.DateTime()),
    sa.column("memo", sa.Text()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
    sa.column("key_id", sa.String()),
    sa.column("pos", sa.BigInteger()),
    sa.column("link", sa.String()),
)
transfers = sa.table(
    "microjob_ledger_transfers",
    sa.column("seq", sa.BigInteger()),
    sa.column("leg", sa.SmallInteger()),
    sa.column("source", sa.String()),
    sa.column("destination", sa.String()),
    sa.column("currency", sa.String()),
    sa.column("amount", sa.BigInteger()),
)
head = sa.table(
    "microjob_ledger_head",
    sa.column("id", sa.SmallInteger()),
    sa.column("entries", sa.BigInteger()),
    sa.column("hash", sa.String()),
)
balances = sa.table(
    "microjob_ledger_balances",
    sa.column("account", sa.String()),
    sa.column("currency", sa.String()),
    sa.column("stripe", sa.SmallInteger()),
    sa.column("balance", sa.BigInteger()),
)


def _amount(units: int, code: str) -> str:
    places = minor_places(code)
    return str(Decimal(units).scaleb(-places).quantize(Decimal(1).scaleb(-places)))


def _stamp(value: Any) -> str:
    when: dt.datetime = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.replace(tzinfo=dt.UTC).isoformat()


def _history(bind: Any) -> list[tuple[Any, list[str]]]:
    """Every entry row (seq order) with its transfers in canonical text."""
    legs: dict[int, list[str]] = {}
    rows = bind.execute(sa.select(transfers).order_by(transfers.c.seq, transfers.c.leg)).fetchall()
    for r in rows:
        legs.setdefault(int(r.seq), []).append(
            f"{r.source}>{r.destination}:{_amount(int(r.amount), r.currency)}:{r.currency}"
        )
    found = bind.execute(
        sa.select(
            entries.c.seq,
            entries.c.entry_key,
            entries.c.cause,
            entries.c.at,
            entries.c.memo,
            entries.c.hash,
            *([entries.c.prev_hash] if _has_prev_hash(bind) else []),
        ).order_by(entries.c.seq)
    ).fetchall()
    return [(row, legs.get(int(row.seq), [])) for row in found]


def _has_prev_hash(bind: Any) -> bool:
    columns = sa.inspect(bind).get_columns("microjob_ledger_entries")
    return any(c["name"] == "prev_hash" for c in columns)


def _text(row: Any, legs: list[str]) -> str:
    return SEP.join([str(row.seq), row.entry_key, row.cause, _stamp(row.at), row.memo, *legs])


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _balances_keyed_by(key: list[str], sqlite: bool) -> None:
    """Give the balances table the primary key ``key`` (with or without ``stripe``)."""
    striped = "stripe" in key
    if sqlite:  # SQLite cannot alter a primary key: copy into a table built with the new one
        columns: list[sa.Column[Any]] = [
            sa.Column("account", sa.String(length=255), nullable=False),
            sa.Column("currency", sa.String(length=3), nullable=False),
            *([sa.Column("stripe", sa.SmallInteger(), nullable=False)] if striped else []),
            sa.Column("balance", sa.BigInteger(), nullable=False),
        ]
        op.create_table(
            "microjob_ledger_balances_new",
            *columns,
            sa.PrimaryKeyConstraint(*key, name="pk_microjob_ledger_balances"),
        )
        names = ", ".join(c.name for c in columns)
        source = names.replace("stripe", "0 AS stripe") if striped else names
        op.execute(
            f"INSERT INTO microjob_ledger_balances_new ({names}) "
            f"SELECT {source} FROM microjob_ledger_balances"
        )
        op.drop_table("microjob_ledger_balances")
        op.rename_table("microjob_ledger_balances_new", "microjob_ledger_balances")
        return
    op.drop_constraint("pk_microjob_ledger_balances", "microjob_ledger_balances", type_="primary")
    if striped:
        op.add_column(
            "microjob_ledger_balances",
            sa.Column("stripe", sa.SmallInteger(), nullable=False, server_default="0"),
        )
        op.alter_column("microjob_ledger_balances", "stripe", server_default=None)
    else:
        op.drop_column("microjob_ledger_balances", "stripe")
    op.create_primary_key("pk_microjob_ledger_balances", "microjob_ledger_balances", key)


def upgrade() -> None:
    bind = op.get_bind()
    offline = op.get_context().as_sql  # --sql output for a DBA: the schema only
    history = [] if offline else _history(bind)
    # 1. the old chain must be sound before it is sealed as such
    prev = GENESIS
    problems: list[str] = []
    for index, (row, legs) in enumerate(history):
        if int(row.seq) != index or row.prev_hash != prev:
            problems.append(f"entry {row.seq} does not follow entry {index - 1}")
        if _sha(f"{prev}{SEP}{_text(row, legs)}") != row.hash:
            problems.append(f"entry {row.seq} ({row.entry_key!r}) was altered after posting")
        prev = row.hash
    if not offline:
        stored = bind.execute(sa.select(head.c.entries, head.c.hash)).first()
        if stored is None or (int(stored.entries), stored.hash) != (len(history), prev):
            problems.append("the chain head row does not match the entries")
    if problems:
        raise RuntimeError(
            "microjob migration 0003 refuses to seal a ledger whose chain is broken ("
            + "; ".join(problems[:5])
            + "): restore the database from a backup, or investigate with microjob 0002"
        )
    # 2. the new columns and tables
    with op.batch_alter_table("microjob_ledger_entries") as batch:
        batch.add_column(sa.Column("key_id", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("pos", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("link", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_microjob_ledger_entries_pos", ["pos"])
        batch.drop_column("prev_hash")
    with op.batch_alter_table("microjob_ledger_entries") as batch:
        batch.alter_column("key_id", server_default=None, existing_type=sa.String(32))
    op.create_index(
        "microjob_ledger_unsealed",
        "microjob_ledger_entries",
        ["seq"],
        postgresql_where=sa.text("pos IS NULL"),
        sqlite_where=sa.text("pos IS NULL"),
    )
    sqlite = bind.dialect.name == "sqlite"
    _balances_keyed_by(["account", "currency", "stripe"], sqlite)
    op.create_table(
        "microjob_ledger_epochs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_microjob_ledger_epochs")),
    )
    if not sqlite:
        op.execute(f"CREATE SEQUENCE microjob_ledger_seq MINVALUE 0 START WITH {len(history)}")
    # 3. the history, MACed (unkeyed) and sealed in its old order
    prev = GENESIS
    updates = []
    for position, (row, legs) in enumerate(history):
        digest = _sha(_text(row, legs))
        prev = _sha(SEP.join(("link", prev, str(position), str(row.seq), digest)))
        updates.append({"s": row.seq, "h": digest, "p": position, "l": prev})
    if updates:
        bind.execute(
            entries.update()
            .where(entries.c.seq == sa.bindparam("s"))
            .values(hash=sa.bindparam("h"), pos=sa.bindparam("p"), link=sa.bindparam("l")),
            updates,
        )
        epochs = sa.table(
            "microjob_ledger_epochs",
            sa.column("at", sa.DateTime()),
            sa.column("position", sa.BigInteger()),
            sa.column("key_id", sa.String()),
            sa.column("note", sa.Text()),
        )
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        op.bulk_insert(
            epochs,
            [
                {
                    "at": now,
                    "position": len(history),
                    "key_id": "",
                    "note": f"migration 0003 verified the old SHA-256 chain of {len(history)} "
                    "entries and sealed them, unkeyed",
                }
            ],
        )
    if not offline:
        bind.execute(head.update().values(entries=len(history), hash=prev))


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.drop_index("microjob_ledger_unsealed", table_name="microjob_ledger_entries")
    op.drop_table("microjob_ledger_epochs")
    if not sqlite:
        op.execute("DROP SEQUENCE microjob_ledger_seq")
    # balances: one row per account again
    totals = bind.execute(
        sa.select(
            balances.c.account, balances.c.currency, sa.func.sum(balances.c.balance)
        ).group_by(balances.c.account, balances.c.currency)
    ).fetchall()
    bind.execute(balances.delete())
    _balances_keyed_by(["account", "currency"], sqlite)
    old_balances = sa.table(
        "microjob_ledger_balances",
        sa.column("account", sa.String()),
        sa.column("currency", sa.String()),
        sa.column("balance", sa.BigInteger()),
    )
    if totals:
        op.bulk_insert(
            old_balances,
            [{"account": a, "currency": c, "balance": int(v)} for a, c, v in totals],
        )
    # entries: the old chain again, in seq order
    history = _history(bind)
    with op.batch_alter_table("microjob_ledger_entries") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
    with op.batch_alter_table("microjob_ledger_entries") as batch:
        batch.alter_column("prev_hash", server_default=None, existing_type=sa.String(64))
        batch.drop_constraint("uq_microjob_ledger_entries_pos", type_="unique")
        batch.drop_column("link")
        batch.drop_column("pos")
        batch.drop_column("key_id")
    prev = GENESIS
    updates = []
    for row, legs in history:
        digest = _sha(f"{prev}{SEP}{_text(row, legs)}")
        updates.append({"s": row.seq, "p": prev, "h": digest})
        prev = digest
    if updates:
        bind.execute(
            entries.update()
            .where(entries.c.seq == sa.bindparam("s"))
            .values(prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")),
            updates,
        )
    bind.execute(head.update().values(entries=len(history), hash=prev))
