"""The SQL repositories: users, orders and the gateway-event inbox (records of any kind:
`microjob.adapters.sql.records`).

Each reads and writes through its unit of work's transaction. Orders are read
``FOR UPDATE`` on PostgreSQL and saved only at the version read, so a concurrent change comes
back as [`Conflict`][microjob.errors.Conflict].
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from pendulum import DateTime

from microjob.adapters.sql.documents import (
    _decode_order,
    _decode_user,
    _encode_order,
    _encode_user,
    _json,
)
from microjob.adapters.sql.schema import (
    orders_t,
    users_t,
)
from microjob.adapters.sql.statements import _MANY, _padded_parts
from microjob.errors import Conflict, NotFound
from microjob.orders import Order
from microjob.ports import InboxRecord
from microjob.users import User

if TYPE_CHECKING:
    from microjob.adapters.sql.unit_of_work import SqlUnitOfWork

V = TypeVar("V")


# -- users -------------------------------------------------------------------------------------
def _load_user(text: str) -> User:
    user: User = _decode_user(json.loads(text))
    return user


class SqlUserRepository:
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def find(self, user_id: str) -> User | None:
        uow = self._uow
        row = uow.q1(uow._s.user_get, {"id": user_id})
        if row is None:
            return None
        found: User = uow.store.decoded("user", user_id, row[0], _load_user)
        return found

    def get_many(self, user_ids: Sequence[str]) -> dict[str, User]:
        uow = self._uow
        store = uow.store
        wanted = sorted({i for i in user_ids if isinstance(i, str)})
        found: dict[str, User] = {}
        for chunk in _padded_parts(wanted, _MANY):
            count = len(chunk)

            def build(count: int = count) -> Any:
                u = users_t.c
                return sa.select(u.id, u.data).where(
                    u.id.in_([sa.bindparam(f"i{n}") for n in range(count)])
                )

            st = store.compiled(("users_many", count), build)
            for user_id, text in uow.q(st, {f"i{n}": i for n, i in enumerate(chunk)}):
                found[str(user_id)] = store.decoded("user", str(user_id), text, _load_user)
        return {i: found[i] for i in user_ids if i in found}

    def get(self, user_id: str) -> User:
        user = self.find(user_id)
        if user is None:
            raise NotFound(f"no user {user_id!r}; register them first")
        return user

    def by_email(self, email: str) -> User | None:
        uow = self._uow
        row = uow.q1(uow._s.user_by_email, {"email": email.lower()})
        if row is None:
            return None
        found: User = uow.store.decoded("user", row[0], row[1], _load_user)
        return found

    def add(self, user: User) -> None:
        uow = self._uow
        if self.find(user.id) is not None:
            raise Conflict(f"user id {user.id!r} is already registered")
        if self.by_email(user.email) is not None:
            raise Conflict(f"e-mail {user.email!r} is already registered")
        cursor = uow.q(
            uow._s.user_insert,
            {"id": user.id, "email_key": user.email.lower(), "data": _json(_encode_user(user))},
            f"user {user.id!r}",
        )
        if cursor.rowcount != 1:
            raise Conflict(f"user {user.id!r} or e-mail {user.email!r} was just registered")


# -- orders ------------------------------------------------------------------------------------
class SqlOrderRepository:
    """Orders, with an identity map per unit of work: an order read (and locked) or written
    in this transaction is not read again, since no one else can change it before the commit.
    The per-state counters are summed over the unit of work and written once, at commit."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow
        self._read: dict[str, Order] = {}
        self._counts: dict[tuple[str, int], int] = {}

    def _reset(self) -> None:
        """Forget what this transaction read and counted (it begins, or rolled back)."""
        self._read.clear()
        self._counts.clear()

    def next_id(self) -> str:
        return self._uow.store.next_id("o", self._uow)

    def was_issued(self, order_id: str) -> bool:
        number = order_id[1:]
        if order_id[:1] != "o" or not number.isascii() or not number.isdigit():
            return False
        uow = self._uow
        row = uow.q1(uow._s.ids_next)
        return row is not None and 0 < int(number) < int(row[0])

    def _decode(self, order_id: str, digest: str, text: str) -> Order:
        uow = self._uow
        store = uow.store
        slot = ("order", order_id)
        key = digest + text
        hit = store._decoded.get(slot)
        if hit is not None and hit[0] == key:
            found: Order = hit[1]
            return found
        order: Order = _decode_order(json.loads(text), policy=store.policy(uow, digest))
        store.remember("order", order_id, key, order)
        return order

    def get(self, order_id: str) -> Order:
        held = self._read.get(order_id)
        if held is not None:
            return held
        uow = self._uow
        row = uow.q1(uow._s.order_get, {"id": order_id})
        if row is None:
            raise NotFound(f"no order {order_id!r}")
        order = self._decode(order_id, row[0], row[1])
        self._read[order_id] = order
        return order

    def get_many(self, order_ids: Sequence[str]) -> dict[str, Order]:
        """One ``SELECT … WHERE id IN (…)`` per `_MANY` ids not held yet, its rows locked
        (PostgreSQL, a command) in id order, the order every other batch locks them in."""
        uow = self._uow
        store = uow.store
        held = self._read
        found = {i: held[i] for i in order_ids if i in held}
        wanted = sorted({i for i in order_ids if i not in held and isinstance(i, str)})
        lock = store.is_postgres and not uow.read_only
        for chunk in _padded_parts(wanted, _MANY):
            count = len(chunk)

            def build(count: int = count) -> Any:
                o = orders_t.c
                stmt = (
                    sa.select(o.id, o.policy_hash, o.data)
                    .where(o.id.in_([sa.bindparam(f"i{n}") for n in range(count)]))
                    .order_by(o.id)
                )
                return stmt.with_for_update() if lock else stmt

            st = store.compiled(("orders_many", count, lock), build)
            rows = uow.q(st, {f"i{n}": i for n, i in enumerate(chunk)}).fetchall()
            for order_id, digest, text in rows:
                order = self._decode(str(order_id), digest, text)
                held[order.id] = order
                found[order.id] = order
        return {i: found[i] for i in order_ids if i in found}

    def _row(self, order: Order) -> dict[str, Any]:
        uow = self._uow
        store = uow.store
        policy = order.policy
        cached = store._policy_hashes.get(id(policy))  # store.policy_hash's hit, inline
        if cached is not None and cached[0] is policy and cached[1] in store._known_policies:
            digest = cached[1]
        else:
            digest = uow.policy_hash(policy)
        wake = order.wake_at
        return {
            "version": order.version,
            "state": order.state,
            "wake_at": None if wake is None else store.time_in(wake),
            "policy_hash": digest,
            "data": _json(_encode_order(order)),
        }

    def add(self, order: Order) -> None:
        uow = self._uow
        row = self._row(order)
        row.update(id=order.id, buyer_id=order.buyer_id, seller_id=order.seller_id)
        if uow.q(uow._s.order_insert, row, f"order {order.id!r}").rowcount != 1:
            raise Conflict(f"order {order.id!r} already exists")
        self._count(order.id, ((order.state, 1),))
        uow.store.remember("order", order.id, row["policy_hash"] + row["data"], order)
        self._read[order.id] = order

    def save(self, order: Order) -> None:
        uow = self._uow
        s = uow._s
        current = self._read.get(order.id)
        if current is not None:
            version, state = current.version, current.state
        else:
            head = uow.q1(s.order_head, {"id": order.id})
            if head is None:
                raise NotFound(f"no order {order.id!r} to save")
            version, state = int(head[0]), str(head[1])
        if order.version <= version:
            raise Conflict(
                f"order {order.id} changed since it was read (version {version}); "
                "reload it and try again"
            )
        row = self._row(order)
        row.update(oid=order.id, expected=version)
        if uow.q(s.order_update, row, f"order {order.id!r}").rowcount != 1:
            now = uow.q1(s.order_exists, {"id": order.id})
            if now is None:
                raise NotFound(f"no order {order.id!r} to save")
            raise Conflict(
                f"order {order.id} changed since it was read (version {now[0]}); "
                "reload it and try again"
            )
        if state != order.state:
            self._count(order.id, ((state, -1), (order.state, 1)))
        uow.store.remember("order", order.id, row["policy_hash"] + row["data"], order)
        self._read[order.id] = order

    def save_many(self, orders: Sequence[Order]) -> None:
        """The orders this unit of work read, in one write, each only at the version read
        (their locks, or SQLite's write lock, rule out another writer; a row changed anyway
        fails the lot with `Conflict`): SQLite one ``UPDATE … FROM (VALUES …)``, PostgreSQL
        its single-row update pipelined, one round trip. One not read here, or saved twice in
        the list, goes through `save`."""
        uow = self._uow
        store = uow.store
        held = self._read
        ids = [o.id for o in orders]
        postgres = store.is_postgres
        if not (postgres or store.update_from) or len(set(ids)) != len(ids):
            for order in orders:
                self.save(order)
            return
        # Every version checked before anything is written: a stale one fails the lot.
        versions: dict[str, int] = {o.id: held[o.id].version for o in orders if o.id in held}
        for order in orders:
            if order.id not in versions:
                head = uow.q1(uow._s.order_head, {"id": order.id})
                if head is None:
                    raise NotFound(f"no order {order.id!r} to save")
                versions[order.id] = int(head[0])
            if order.version <= versions[order.id]:
                raise Conflict(
                    f"order {order.id} changed since it was read (version "
                    f"{versions[order.id]}); reload it and try again"
                )
        rows: list[tuple[Any, ...]] = []
        done: list[tuple[Order, Order, dict[str, Any]]] = []
        for order in orders:
            current = held.get(order.id)
            if current is None:
                self.save(order)
                continue
            if order.version <= current.version:
                raise Conflict(
                    f"order {order.id} changed since it was read (version {current.version}); "
                    "reload it and try again"
                )
            row = self._row(order)
            rows.append(
                (
                    order.id,
                    current.version,
                    order.version,
                    row["state"],
                    row["wake_at"],
                    row["policy_hash"],
                    row["data"],
                )
            )
            done.append((current, order, row))
        if not rows:
            return
        if postgres:
            touched = uow.qmany(
                uow._s.order_update,
                [
                    {
                        "oid": r[0],
                        "expected": r[1],
                        "version": r[2],
                        "state": r[3],
                        "wake_at": r[4],
                        "policy_hash": r[5],
                        "data": r[6],
                    }
                    for r in rows
                ],
                "orders",
            )
        else:
            touched = uow.update_rows(uow._s.order_saves, rows, "orders")
        if touched != len(rows):
            raise Conflict(
                f"an order of {', '.join(r[0] for r in rows[:3])}"
                f"{', …' if len(rows) > 3 else ''} changed since it was read; reload it and try "
                "again"
            )
        for current, order, row in done:
            if current.state != order.state:
                self._count(order.id, ((current.state, -1), (order.state, 1)))
            store.remember("order", order.id, row["policy_hash"] + row["data"], order)
            held[order.id] = order

    def _count(self, order_id: str, changes: Iterable[tuple[str, int]]) -> None:
        shards = self._uow.store.shards
        shard = 0 if shards == 1 else zlib.crc32(order_id.encode()) % shards
        counts = self._counts
        for state, n in changes:
            key = (state, shard)
            counts[key] = counts.get(key, 0) + n

    def flush_counts(self) -> None:
        """Write the unit of work's net change to the per-state counters: one statement, the
        rows in a fixed order (two transactions never wait for each other in a cycle), and
        held as briefly as possible since a commit follows (PostgreSQL: a counter row is
        shared by every order of its shard)."""
        counts, self._counts = self._counts, {}
        params = [
            {"state": state, "shard": shard, "n": n}
            for (state, shard), n in sorted(counts.items())
            if n
        ]
        if params:
            self._uow.qmany(self._uow._s.count_upsert, params, "order counts")

    def due(self, now: DateTime, limit: int = 1000) -> list[str]:
        uow = self._uow
        rows = uow.q(uow._s.order_due, {"now": uow.store.time_in(now), "limit": limit})
        return [str(r[0]) for r in rows.fetchall()]

    def for_user(self, user_id: str, role: str, states: Iterable[str] | None = None) -> list[Order]:
        if role not in ("buyer", "seller"):
            return []
        wanted = None if states is None else sorted(set(states))
        if wanted is not None and not wanted:
            return []
        count = -1 if wanted is None else len(wanted)

        def build() -> Any:
            o = orders_t.c
            column = o.buyer_id if role == "buyer" else o.seller_id
            stmt = sa.select(o.id, o.policy_hash, o.data).where(column == sa.bindparam("user"))
            if count >= 0:
                stmt = stmt.where(o.state.in_([sa.bindparam(f"s{i}") for i in range(count)]))
            return stmt.order_by(o.seq)

        st = self._uow.store.compiled(("for_user", role, count), build)
        params: dict[str, Any] = {"user": user_id}
        for i, state in enumerate(wanted or ()):
            params[f"s{i}"] = state
        rows = self._uow.q(st, params).fetchall()
        return [self._decode(r[0], r[1], r[2]) for r in rows]

    def count_by_state(self) -> dict[str, int]:
        self.flush_counts()
        rows = self._uow.q(self._uow._s.count_all).fetchall()
        return {str(r[0]): int(r[1]) for r in rows if r[1]}


# -- inbox -------------------------------------------------------------------------------------
class SqlInbox:
    """Ids of gateway events already handled; a concurrent second delivery gets ``Conflict``."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def find(self, event_id: str) -> InboxRecord | None:
        row = self._uow.q1(self._uow._s.inbox_find, {"id": event_id})
        return None if row is None else InboxRecord(row[0], row[1])

    def record(self, event_id: str, outcome: str, fingerprint: str) -> None:
        cursor = self._uow.q(
            self._uow._s.inbox_insert,
            {"event_id": event_id, "outcome": outcome, "fingerprint": fingerprint},
            f"gateway event {event_id!r}",
        )
        if cursor.rowcount != 1:
            raise Conflict(
                f"gateway event {event_id!r} was handled by a concurrent command; "
                "this delivery is a duplicate"
            )
