"""The ledger port on the database: entries, transfers, cached balances and the chain head.

Posts are validated by :class:`microjob.ledger.Ledger` itself and serialized on the locked
chain head; amounts and balances are stored as 64-bit integer minor units.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from moneyed import Money
from pendulum import DateTime

from microjob.adapters.sql.clock import _utc
from microjob.adapters.sql.statements import _Statement, _Statements
from microjob.errors import (
    Conflict,
    InsufficientFunds,
    LedgerIntegrityError,
    NotFound,
    ValidationError,
)
from microjob.ledger import GENESIS_HASH, WORLD, Entry, Ledger, LedgerSummary, Transfer, entry_hash
from microjob.money import currency_of, from_minor, to_minor, zero

if TYPE_CHECKING:
    from microjob.adapters.sql.unit_of_work import SqlUnitOfWork

_BIG = 2**63 - 1
_SEED_KEY = "\x00microjob-seed"


class SqlLedger:
    """The ledger port on the database: entries, transfers, cached balances and the chain head,
    all written in the unit of work's transaction."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow
        self._head: tuple[int, str] | None = None

    # -- posting -------------------------------------------------------------------------------
    def post(
        self, key: str, cause: str, transfers: Sequence[Transfer], at: DateTime, memo: str = ""
    ) -> Entry:
        """Apply ``transfers`` atomically under the idempotency ``key`` (see
        :meth:`microjob.ledger.Ledger.post`: the same rules, checked by that very code)."""
        transfers = tuple(transfers)
        uow = self._uow
        store = uow.store
        s = store._s
        good_key = isinstance(key, str) and bool(key)
        head = self._head
        if head is None:
            # Every post queues here first: the chain has one head, locked till commit.
            row = uow.q1(s.head_lock, {"key": key if good_key else ""})
            if row is None:
                raise LedgerIntegrityError(["the ledger head row is missing; run the migrations"])
            head = self._head = (int(row[0]), str(row[1]))
            taken = row[2] is not None
        else:
            taken = good_key and uow.q1(s.entry_has, {"key": key}) is not None
        if taken:
            existing = self._find(key)
            assert existing is not None
            if existing.same_content(cause, transfers, memo):
                return existing
            raise Conflict(
                f"idempotency key {key!r} was already used for a different entry "
                f"(cause {existing.cause!r}); use a new key for a new operation"
            )
        deltas = _deltas(transfers)
        if deltas is None or not deltas:
            with contextlib.suppress(InsufficientFunds):
                Ledger().post(key, cause, transfers, at, memo)  # says what is malformed
            raise ValidationError(
                "these transfers cannot be stored exactly: an amount is beyond 64-bit minor units"
            )
        current = self._balances_for(list(deltas))
        scratch = Ledger()
        seeds = [
            Transfer(WORLD, account, from_minor(units, code))
            for (account, code), units in current.items()
            if units > 0 and account != WORLD and deltas.get((account, code), 0) < 0
        ]
        if seeds:
            scratch.post(_SEED_KEY, "seed:balances", seeds, at)
        scratch.post(key, cause, transfers, at, memo)  # raises exactly as the ledger would
        when = _utc(at)
        legs = tuple(
            Transfer(t.source, t.destination, from_minor(_minor(t.amount), t.amount.currency.code))
            for t in transfers
        )
        seq, prev = head
        digest = entry_hash(prev, seq, key, cause, when.isoformat(), memo, legs)
        entry = Entry(seq, key, cause, legs, when, memo, prev, digest)
        uow.q(
            s.entry_insert,
            {
                "seq": seq,
                "entry_key": key,
                "cause": cause,
                "at": store.time_in(when),
                "memo": memo,
                "prev_hash": prev,
                "hash": digest,
            },
            f"ledger entry {key!r}",
        )
        uow.qmany(
            s.transfer_insert,
            [
                {
                    "seq": seq,
                    "leg": leg,
                    "source": t.source,
                    "destination": t.destination,
                    "currency": t.amount.currency.code,
                    "amount": _minor(t.amount),
                }
                for leg, t in enumerate(legs)
            ],
        )
        rows = []
        for (account, code), delta in deltas.items():
            value = current.get((account, code), 0) + delta
            if not -_BIG <= value <= _BIG:
                raise ValidationError(f"{account} would hold more {code} than can be stored")
            rows.append({"account": account, "currency": code, "balance": value})
        uow.qmany(s.balance_upsert, rows, "a ledger balance")
        uow.q(s.head_update, {"entries": seq + 1, "hash": digest})
        self._head = (seq + 1, digest)
        return entry

    def _balances_for(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        uow = self._uow
        st = uow.store.compiled(
            ("balances", len(pairs)), lambda: _Statements.balances_for(len(pairs))
        )
        params: dict[str, Any] = {}
        for i, (account, code) in enumerate(pairs):
            params[f"a{i}"] = account
            params[f"c{i}"] = code
        return {(str(a), str(c)): int(v) for a, c, v in uow.q(st, params).fetchall()}

    # -- reading -----------------------------------------------------------------------------------
    def _entries(self, st: _Statement, params: dict[str, Any] | None = None) -> list[Entry]:
        rows = self._uow.q(st, params).fetchall()
        return _group_entries(rows, self._uow.store.time_out)

    def _find(self, key: str) -> Entry | None:
        found = self._entries(self._uow.store._s.entry_by_key, {"key": key})
        return found[0] if found else None

    def entry(self, key: str) -> Entry:
        found = self._find(key)
        if found is None:
            raise NotFound(f"no ledger entry with key {key!r}")
        return found

    def has_entry(self, key: str) -> bool:
        return self._uow.q1(self._uow.store._s.entry_has, {"key": key}) is not None

    def balance(self, account: str, currency: str) -> Money:
        code = currency_of(currency).code
        row = self._uow.q1(self._uow.store._s.balance_get, {"account": account, "currency": code})
        return zero(code) if row is None else from_minor(int(row[0]), code)

    def balances(self, account: str) -> dict[str, Money]:
        rows = self._uow.q(self._uow.store._s.balances_of, {"account": account}).fetchall()
        return {str(code): from_minor(int(units), str(code)) for code, units in rows}

    def entries_for(self, account: str, currency: str) -> list[Entry]:
        code = currency_of(currency).code
        return self._entries(
            self._uow.store._s.entries_by_account, {"account": account, "currency": code}
        )

    def entries_for_cause(self, cause: str) -> list[Entry]:
        return self._entries(self._uow.store._s.entries_by_cause, {"cause": cause})

    def entries(self) -> Iterator[Entry]:
        return iter(self._entries(self._uow.store._s.entries_all))

    def __len__(self) -> int:
        row = self._uow.q1(self._uow.store._s.head_plain)
        return 0 if row is None else int(row[0])

    @property
    def head(self) -> str:
        """The hash of the newest entry (see :attr:`microjob.ledger.Ledger.head`)."""
        row = self._uow.q1(self._uow.store._s.head_plain)
        return GENESIS_HASH if row is None else str(row[1])

    # -- verification ----------------------------------------------------------------------------
    def verify(self) -> LedgerSummary:
        """``Ledger.verify`` over the stored entries and cached balances, read while posts are
        held off (PostgreSQL: the chain head is locked for share), plus the stored chain head."""
        uow = self._uow
        s = uow.store._s
        head = uow.q1(s.head_share)
        entries = self._entries(s.entries_all)
        balances = {
            (str(account), str(code)): from_minor(int(units), str(code)).amount
            for account, code, units in uow.q(s.balances_all).fetchall()
        }
        problems: list[str] = []
        last = entries[-1].hash if entries else GENESIS_HASH
        if head is None:
            problems.append("the ledger head row is missing")
        elif int(head[0]) != len(entries) or str(head[1]) != last:
            problems.append(
                f"the stored chain head ({head[0]} entries, {str(head[1])[:12]}) does not match "
                f"the entries ({len(entries)}, {last[:12]})"
            )
        book = Ledger()
        book._entries = entries
        book._balances = balances
        try:
            summary = book.verify()
        except LedgerIntegrityError as exc:
            raise LedgerIntegrityError([*exc.problems, *problems]) from None
        if problems:
            raise LedgerIntegrityError(problems)
        return summary


def _minor(amount: Money) -> int:
    units = to_minor(amount)
    if not -_BIG <= units <= _BIG:
        raise ValidationError(
            f"{amount.amount} {amount.currency.code} is too large to store (64-bit minor units)"
        )
    return units


def _deltas(transfers: Sequence[Transfer]) -> dict[tuple[str, str], int] | None:
    """Net change per (account, currency) in minor units; ``None`` if a transfer is malformed
    or too large to store (the caller then lets a scratch ledger say what is wrong)."""
    deltas: dict[tuple[str, str], int] = {}
    try:
        for source, destination, amount in transfers:
            code = amount.currency.code
            units = _minor(amount)
            src = (source, code)
            dst = (destination, code)
            deltas[src] = deltas.get(src, 0) - units
            deltas[dst] = deltas.get(dst, 0) + units
    except (TypeError, ValueError, AttributeError, ArithmeticError):
        return None
    return deltas


def _group_entries(rows: Sequence[Any], time_out: Callable[[Any], DateTime]) -> list[Entry]:
    entries: list[Entry] = []
    head: Any = None
    legs: list[Transfer] = []
    for row in rows:
        if head is None or head[0] != row[0]:
            if head is not None:
                entries.append(_entry(head, legs, time_out))
            head = row
            legs = []
        legs.append(Transfer(row[8], row[9], from_minor(int(row[11]), str(row[10]))))
    if head is not None:
        entries.append(_entry(head, legs, time_out))
    return entries


def _entry(row: Any, legs: list[Transfer], time_out: Callable[[Any], DateTime]) -> Entry:
    return Entry(int(row[0]), row[1], row[2], tuple(legs), time_out(row[3]), row[4], row[5], row[6])
