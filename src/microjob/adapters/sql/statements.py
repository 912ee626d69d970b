"""The SQL adapter's statements, compiled once per dialect and run on the driver's cursor.

Compiling a statement is most of the cost of a short one; the store compiles every fixed
statement when it opens (`_Statements`) and the variants it needs on first use.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from microjob.adapters.sql.schema import (
    balances_t,
    entries_t,
    epochs_t,
    ids_t,
    inbox_t,
    ledger_head_t,
    ledger_seq,
    order_counts_t,
    orders_t,
    outbox_t,
    policies_t,
    record_index_t,
    record_kinds_t,
    records_t,
    transfers_t,
    users_t,
)

_BIG = 2**63 - 1
"""The largest amount a 64-bit balance column holds (minor units)."""


class _Statement:
    """A statement compiled once for the store's dialect, run on the driver's cursor.

    SQLAlchemy builds and compiles it (quoting, placeholders, ``FOR UPDATE``, ``ON CONFLICT``,
    ``RETURNING``); executing the compiled text directly skips SQLAlchemy's per-call work,
    which is most of the cost of a short statement.
    """

    __slots__ = ("_multi", "_rows_sql", "args", "defaults", "multi_row", "names", "sql")

    def __init__(self, sql: str, names: tuple[str, ...] | None, defaults: dict[str, Any]) -> None:
        self.sql = sql
        self.names = names
        self.defaults = defaults
        self.args: Callable[[dict[str, Any]], Any] = _arguments(names, defaults)
        """The driver's parameters from a dict of named values (a positional tuple, or the
        dict itself), built once: ``itemgetter`` picks the values without a Python frame."""
        self._multi = _split_values(sql) if names is not None else None
        self.multi_row = self._multi is not None
        """Whether several parameter sets can run as one multi-row ``INSERT … VALUES``."""
        self._rows_sql: dict[int, str] = {}

    def rows_sql(self, count: int) -> str:
        """This ``INSERT`` with ``count`` rows in its ``VALUES``: one statement instead of
        ``count`` (``ON CONFLICT`` applies to each row in turn, as it would one by one)."""
        found = self._rows_sql.get(count)
        if found is None:
            multi = self._multi
            if multi is None:
                raise ValueError(f"not a single-row INSERT … VALUES: {self.sql}")
            head, group, tail = multi
            found = head + ", ".join([group] * count) + tail
            if len(self._rows_sql) < 64:
                self._rows_sql[count] = found
        return found


def _arguments(
    names: tuple[str, ...] | None, defaults: dict[str, Any]
) -> Callable[[dict[str, Any]], Any]:
    """How a statement turns named values into the driver's parameters: the values in
    ``names`` order (positional drivers) or a dict (named ones), with ``defaults`` under the
    given values (literals SQLAlchemy bound)."""
    if names is None:
        if defaults:
            return lambda params: {**defaults, **params}
        return dict
    if not names:
        return lambda params: ()
    if len(names) == 1:
        name = names[0]
        if defaults:
            return lambda params: ({**defaults, **params}[name],)
        return lambda params: (params[name],)
    pick = operator.itemgetter(*names)
    if defaults:
        return lambda params: pick({**defaults, **params})
    return pick


def _split_values(sql: str) -> tuple[str, str, str] | None:
    """``(head, "(?, ?)", tail)`` of a positional single-row ``INSERT … VALUES (…)`` that
    returns nothing, or ``None`` for any other statement."""
    if not sql.startswith("INSERT INTO ") or " RETURNING " in sql:
        return None
    start = sql.find(" VALUES (")
    if start < 0 or sql.find(" VALUES (", start + 1) >= 0:
        return None
    open_at = start + len(" VALUES ")
    depth = 0
    for at in range(open_at, len(sql)):
        char = sql[at]
        if char == "'":
            return None  # a literal in the row: keep it simple and run it row by row
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return sql[:open_at], sql[open_at : at + 1], sql[at + 1 :]
    return None


V = TypeVar("V")

_MANY = 500
"""Values per ``IN (…)`` (``get_many``, a record query's `AnyOf`): within SQLite's smallest limit of
bound parameters (999)."""


def _padded_parts(values: Sequence[V], per: int) -> Iterator[list[V]]:
    """``values`` in parts of at most ``per`` for an ``IN (…)`` each, every part padded with
    its last value (repeated in ``IN``, it changes nothing) to the next power of two or
    ``per``: a handful of statement sizes are compiled and kept, not one per count."""
    for start in range(0, len(values), per):
        part = list(values[start : start + per])
        size = 1
        while size < len(part):
            size *= 2
        yield part + [part[-1]] * (min(size, per) - len(part))


def _compile(stmt: Any, dialect: sa.Dialect, columns: Sequence[str] | None = None) -> _Statement:
    if columns is not None:
        compiled = stmt.compile(dialect=dialect, column_keys=list(columns))
    else:
        compiled = stmt.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ()) if dialect.positional else None
    binds = compiled.binds
    defaults = {  # literals in the SQL (a required value, an INSERT's column, must be given)
        k: v
        for k, v in compiled.params.items()
        if v is not None and not (k in binds and binds[k].required)
    }
    return _Statement(compiled.string, names, defaults)


class _Statements:
    """Every fixed statement of the adapter, compiled once for one dialect."""

    def __init__(self, dialect: sa.Dialect, insert: Any, lock: bool) -> None:
        b = sa.bindparam

        def c(stmt: Any, columns: Sequence[str] | None = None) -> _Statement:
            return _compile(stmt, dialect, columns)

        def locked(stmt: sa.Select[Any]) -> sa.Select[Any]:
            return stmt.with_for_update() if lock else stmt

        self.ids_next = c(sa.select(ids_t.c.next).where(ids_t.c.name == "ids"))
        self.reserve = c(
            ids_t.update()
            .where(ids_t.c.name == "ids")
            .values(next=ids_t.c.next + b("n"))
            .returning(ids_t.c.next)
        )
        p = policies_t.c
        self.policy_get = c(sa.select(p.data).where(p.hash == b("hash")))
        self.policy_insert = c(insert(policies_t).on_conflict_do_nothing(), ["hash", "data"])
        o = orders_t.c
        self.order_get = c(locked(sa.select(o.policy_hash, o.data).where(o.id == b("id"))))
        self.order_head = c(locked(sa.select(o.version, o.state).where(o.id == b("id"))))
        self.order_exists = c(sa.select(o.version).where(o.id == b("id")))
        self.order_insert = c(
            insert(orders_t).on_conflict_do_nothing(),
            ["id", "version", "state", "buyer_id", "seller_id", "wake_at", "policy_hash", "data"],
        )
        self.order_update = c(
            orders_t.update()
            .where(o.id == b("oid"), o.version == b("expected"))
            .values(
                version=b("version"),
                state=b("state"),
                wake_at=b("wake_at"),
                policy_hash=b("policy_hash"),
                data=b("data"),
            )
        )
        self.order_saves = _RowsUpdate(
            orders_t.name,
            (("id", "TEXT"), ("version", "INTEGER")),
            (
                ("version", "INTEGER"),
                ("state", "TEXT"),
                ("wake_at", "TIMESTAMP"),
                ("policy_hash", "TEXT"),
                ("data", "TEXT"),
            ),
            lock,
        )
        """Orders saved together: the new version and columns where the stored version is the
        one read (with `update_from`)."""
        self.order_due = c(
            sa.select(o.id)
            .where(o.wake_at.is_not(None), o.wake_at <= b("now"))
            .order_by(o.wake_at, o.seq)
            .limit(b("limit"))
        )
        counts = insert(order_counts_t)
        self.count_upsert = c(
            counts.on_conflict_do_update(
                index_elements=[order_counts_t.c.state, order_counts_t.c.shard],
                set_={"n": order_counts_t.c.n + counts.excluded.n},
            ),
            ["state", "shard", "n"],
        )
        self.count_all = c(
            sa.select(order_counts_t.c.state, sa.func.sum(order_counts_t.c.n)).group_by(
                order_counts_t.c.state
            )
        )
        u = users_t.c
        self.user_get = c(sa.select(u.data).where(u.id == b("id")))
        self.user_by_email = c(sa.select(u.id, u.data).where(u.email_key == b("email")))
        self.user_insert = c(insert(users_t).on_conflict_do_nothing(), ["id", "email_key", "data"])
        r = records_t.c
        self.record_get = c(
            locked(sa.select(r.seq, r.data).where(r.kind == b("kind"), r.id == b("id")))
        )
        self.record_insert = c(
            insert(records_t).on_conflict_do_nothing().returning(r.seq),
            ["kind", "id", "version", "data"],
        )
        self.record_update = c(
            records_t.update()
            .where(r.kind == b("rkind"), r.id == b("rid"), r.version == b("expected"))
            .values(version=b("version"), data=b("data"))
        )
        self.record_saves = _RowsUpdate(
            records_t.name,
            (("kind", "TEXT"), ("id", "TEXT"), ("version", "INTEGER")),
            (("version", "INTEGER"), ("data", "TEXT")),
            lock,
        )
        """Saved records: the new version and document where the stored version is the one
        read (with `update_from`)."""
        self.record_all = c(sa.select(r.id, r.data).where(r.kind == b("kind")).order_by(r.seq))
        x = record_index_t.c
        self.index_insert = c(record_index_t.insert(), ["kind", "name", "value", "seq"])
        self.index_update = c(
            record_index_t.update()
            .where(x.kind == b("kind"), x.name == b("name"), x.value == b("old"), x.seq == b("seq"))
            .values(value=b("new"))
        )
        self.index_moves = _RowsUpdate(
            record_index_t.name,
            (("kind", "TEXT"), ("name", "TEXT"), ("value", "TEXT"), ("seq", "BIGINT")),
            (("value", "TEXT"),),
            lock,
        )
        """Index rows of changed fields: the new value where the row holds the stored one."""
        k = record_kinds_t.c
        self.kind_get = c(sa.select(k.fields).where(k.kind == b("kind")))
        self.kind_insert = c(insert(record_kinds_t).on_conflict_do_nothing(), ["kind", "fields"])
        h = ledger_head_t.c
        e, t = entries_t.c, transfers_t.c
        # -- posting: a fresh seq and the key's entry in one round trip, no lock
        key_seq = sa.select(e.seq).where(e.entry_key == b("key")).scalar_subquery()
        fresh = (
            ledger_seq.next_value()
            if lock
            else sa.select(sa.func.coalesce(sa.func.max(e.seq), -1) + 1).scalar_subquery()
        )
        self.entry_claim = c(sa.select(key_seq, fresh))
        # PostgreSQL, inside `SqlLedger.deferred`: a block of seqs in one round trip (a seq
        # left unused is a gap, as a rolled-back posting's is: the chain orders by sealing)
        self.entry_seqs = (
            c(
                sa.select(ledger_seq.next_value()).select_from(
                    sa.func.generate_series(1, b("n", type_=sa.Integer))
                )
            )
            if lock
            else None
        )
        self.entry_has = c(sa.select(e.seq).where(e.entry_key == b("key")))
        self.entry_count = c(sa.select(sa.func.count()).select_from(entries_t))
        columns = (
            e.seq,
            e.entry_key,
            e.cause,
            e.at,
            e.memo,
            e.key_id,
            e.hash,
            t.leg,
            t.source,
            t.destination,
            t.currency,
            t.amount,
            e.pos,
            e.link,
        )
        entry_select = sa.select(*columns).select_from(entries_t.join(transfers_t, t.seq == e.seq))
        self.entry_by_key = c(entry_select.where(e.entry_key == b("key")).order_by(t.leg))
        self.entries_by_cause = c(entry_select.where(e.cause == b("cause")).order_by(e.seq, t.leg))
        seqs = sa.union(
            sa.select(t.seq).where(t.source == b("account"), t.currency == b("currency")),
            sa.select(t.seq).where(t.destination == b("account"), t.currency == b("currency")),
        )
        self.entries_by_account = c(entry_select.where(e.seq.in_(seqs)).order_by(e.seq, t.leg))
        self.entries_all = c(entry_select.order_by(e.seq, t.leg))
        # chain order: the sealed entries by position, then the unsealed by seq
        self.entries_chain = c(entry_select.order_by(e.pos.is_(None), e.pos, e.seq, t.leg))
        unsealed = (
            sa.select(e.seq)
            .where(e.pos.is_(None), e.seq > b("after"))
            .order_by(e.seq)
            .limit(b("limit"))
        ).scalar_subquery()
        self.entries_unsealed = c(entry_select.where(e.seq.in_(unsealed)).order_by(e.seq, t.leg))
        # the same seqs alone, and one entry by its seq: for a sealer whose batch read failed
        self.seqs_unsealed = c(
            sa.select(e.seq)
            .where(e.pos.is_(None), e.seq > b("after"))
            .order_by(e.seq)
            .limit(b("limit"))
        )
        self.entry_by_seq = c(entry_select.where(e.seq == b("seq")).order_by(t.leg))
        self.entry_insert = c(
            entries_t.insert(), ["seq", "entry_key", "cause", "at", "memo", "key_id", "hash"]
        )
        # SQLite: the entry at the seq expected next, its key claimed by the insert itself
        self.entry_insert_new = c(
            insert(entries_t).on_conflict_do_nothing().returning(e.seq),
            ["seq", "entry_key", "cause", "at", "memo", "key_id", "hash"],
        )
        self.entry_delete = c(entries_t.delete().where(e.seq == b("seq")))
        self.transfer_insert = c(
            transfers_t.insert(), ["seq", "leg", "source", "destination", "currency", "amount"]
        )
        # -- sealing: only sealers lock the seal head
        head = sa.select(h.entries, h.hash).where(h.id == 1)
        self.head_plain = c(head)
        self.head_lock = c(locked(head))
        self.head_try_lock = c(head.with_for_update(skip_locked=True) if lock else head)
        # an unkeyed store's posting waits out a key's adoption (which locks the row to update)
        self.head_share = c(head.with_for_update(read=True) if lock else head)
        self.head_update = c(
            ledger_head_t.update().where(h.id == 1).values(entries=b("entries"), hash=b("hash"))
        )
        self.entry_seal = c(
            entries_t.update().where(e.seq == b("s")).values(pos=b("p"), link=b("l"))
        )
        self.entry_seals = _RowsUpdate(
            entries_t.name, (("seq", "BIGINT"),), (("pos", "BIGINT"), ("link", "TEXT")), lock
        )
        """Sealing: an entry's position and link, by seq (with `update_from`)."""
        self.entry_rekey = c(
            entries_t.update()
            .where(e.seq == b("s"))
            .values(key_id=b("k"), hash=b("h"), pos=b("p"), link=b("l"))
        )
        self.entry_keyed = c(sa.select(e.seq, e.key_id).where(e.key_id != "").limit(1))
        ep = epochs_t.c
        self.epochs_all = c(sa.select(ep.at, ep.position, ep.key_id, ep.note).order_by(ep.id))
        self.epochs_keyed = c(sa.select(sa.func.count()).where(ep.key_id != ""))
        self.epoch_insert = c(epochs_t.insert(), ["at", "position", "key_id", "note"])
        # -- balances: a hot account's is the sum of its stripes
        bal = balances_t.c
        total = sa.func.sum(bal.balance)
        self.balance_get = c(
            sa.select(total).where(bal.account == b("account"), bal.currency == b("currency"))
        )
        self.balances_of = c(
            sa.select(bal.currency, total)
            .where(bal.account == b("account"))
            .group_by(bal.currency)
            .order_by(bal.currency)
        )
        upsert = insert(balances_t)
        self.balance_add = c(
            upsert.on_conflict_do_update(
                index_elements=[bal.account, bal.currency, bal.stripe],
                set_={"balance": bal.balance + upsert.excluded.balance},
            ),
            ["account", "currency", "stripe", "balance"],
        )
        # SQLite: the same, but a sum beyond 64 bits (which SQLite would turn into a float)
        # becomes NULL, refused by the NOT NULL column: the statement changes nothing
        # (literals in the SQL, not parameters: the rows of a multi-row insert are the only
        # parameters it may have)
        big: Any = sa.literal_column(str(_BIG))
        nil: Any = sa.literal_column("0")
        excluded = upsert.excluded.balance
        beyond = sa.or_(
            sa.and_(excluded > nil, bal.balance > big - excluded),
            sa.and_(excluded < nil, bal.balance < -big - excluded),
        )
        self.balance_add_checked = c(
            upsert.on_conflict_do_update(
                index_elements=[bal.account, bal.currency, bal.stripe],
                set_={"balance": sa.case((beyond, sa.null()), else_=bal.balance + excluded)},
            ),
            ["account", "currency", "stripe", "balance"],
        )
        self.balances_all = c(
            sa.select(bal.account, bal.currency, total).group_by(bal.account, bal.currency)
        )
        self.balances_like = c(
            sa.select(bal.account, bal.currency, total)
            .where(bal.account.like(b("pattern"), escape="\\"))
            .group_by(bal.account, bal.currency)
            .having(total != 0)
            .order_by(bal.account, bal.currency)
        )
        self.inbox_find = c(
            sa.select(inbox_t.c.outcome, inbox_t.c.fingerprint).where(inbox_t.c.event_id == b("id"))
        )
        self.inbox_insert = c(
            insert(inbox_t).on_conflict_do_nothing(), ["event_id", "outcome", "fingerprint"]
        )
        self.outbox_insert = c(outbox_t.insert(), ["at", "kind", "data"])

    @staticmethod
    def records_many(count: int) -> Any:
        """The rows of ``count`` records by (kind, id), unlocked (`SqlUnitOfWork.prefetch`)."""
        r = records_t.c
        return sa.select(r.kind, r.id, r.seq, r.data).where(
            sa.or_(
                *[
                    sa.and_(r.kind == sa.bindparam(f"k{n}"), r.id == sa.bindparam(f"i{n}"))
                    for n in range(count)
                ]
            )
        )

    @staticmethod
    def balances_for(count: int, lock: bool) -> Any:
        """The balance rows (every stripe) of ``count`` (account, currency) pairs, locked in one
        fixed order (PostgreSQL): two postings never wait for each other in a cycle."""
        bal = balances_t.c
        stmt = (
            sa.select(bal.account, bal.currency, bal.balance)
            .where(
                sa.or_(
                    *[
                        sa.and_(
                            bal.account == sa.bindparam(f"a{i}"),
                            bal.currency == sa.bindparam(f"c{i}"),
                        )
                        for i in range(count)
                    ]
                )
            )
            .order_by(bal.account, bal.currency, bal.stripe)
        )
        return stmt.with_for_update() if lock else stmt


class _RowsUpdate:
    """``UPDATE table SET … FROM (VALUES (…), …) AS v WHERE …``: many rows of one table
    changed in one statement (SQLite 3.33 and later, PostgreSQL), each ``VALUES`` row giving
    the columns that find its table row (``match``) and then its new values (``set_``).

    Written out rather than built: SQLite takes no column list after a ``VALUES`` alias, so
    the columns are ``column1``, ``column2``, … on both databases; PostgreSQL gets each
    parameter cast to its column's type (``VALUES`` alone would guess). Parameters are
    positional (``?`` / ``%s``), the rows' values one after another.
    """

    __slots__ = ("_postgres", "_rows_sql", "columns", "head", "tail")

    def __init__(
        self,
        table: str,
        match: Sequence[tuple[str, str]],
        set_: Sequence[tuple[str, str]],
        postgres: bool,
    ) -> None:
        columns = [*match, *set_]
        self.columns = len(columns)
        place = "%s" if postgres else "?"
        self._postgres = postgres
        cells = [f"CAST({place} AS {kind})" if postgres else place for _, kind in columns]
        self._rows_sql = "(" + ", ".join(cells) + ")"
        first = len(match) + 1
        assignments = ", ".join(f"{name} = v.column{n}" for n, (name, _) in enumerate(set_, first))
        self.head = f"UPDATE {table} SET {assignments} FROM (VALUES "
        self.tail = ") AS v WHERE " + " AND ".join(
            f"{table}.{name} = v.column{n}" for n, (name, _) in enumerate(match, 1)
        )

    def sql(self, count: int) -> str:
        """The statement for ``count`` rows."""
        return self.head + ", ".join([self._rows_sql] * count) + self.tail
