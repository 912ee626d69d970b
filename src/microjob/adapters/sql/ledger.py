"""The ledger port on the database: entries, transfers, cached balances and the seal chain.

Posts are validated by the in-process ledger's own checks
([`checked_deltas`][microjob.ledger.checked_deltas]); amounts and balances are stored as 64-bit
integer minor units. A posting locks only the balance rows of the accounts it moves, in one fixed
order, and never the hot accounts' (``world``, ``platform:*``: their balance is spread over
stripes, one row updated per posting); its seq comes from a sequence (PostgreSQL) and its MAC
from its own content, so nothing makes all postings queue behind one row.
Sealing entries into the chain is a separate, batched step (`SqlLedger.seal`) that only sealers
wait for (`microjob.adapters.sql.ledger_chain`, with checkpoints and verification); postings
written together, `microjob.adapters.sql.ledger_batch`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from moneyed import Money
from pendulum import DateTime

from microjob.adapters.sql import ledger_chain
from microjob.adapters.sql.clock import _utc
from microjob.adapters.sql.ledger_batch import (
    Deferred,
    deferring,
    delta_rows,
    transfer_rows,
    write,
)
from microjob.adapters.sql.ledger_chain import _amount, group_entries
from microjob.adapters.sql.statements import _BIG, _padded_parts, _Statement, _Statements
from microjob.errors import (
    Conflict,
    InsufficientFunds,
    MarketplaceError,
    NotFound,
    ValidationError,
)
from microjob.integrity import GENESIS, Checkpoint, Keyring, entry_digest
from microjob.ledger import (
    WORLD,
    Entry,
    Ledger,
    LedgerSummary,
    Transfer,
    checked_deltas,
    is_hot,
)
from microjob.money import currency_of, from_minor, to_minor, zero

if TYPE_CHECKING:
    from microjob.adapters.sql.unit_of_work import SqlUnitOfWork


_BALANCES_READ = 128
"""(account, currency) pairs per balance read: 256 parameters, within SQLite's smallest limit
(999)."""
_SEQ_BLOCK = 32
"""Seqs a PostgreSQL batch takes from the sequence at a time (`SqlLedger._take_seq`): half a
clearance batch; what a batch leaves unused stays a gap in the seqs, as a rolled-back posting's
does."""


class SqlLedger:
    """The ledger port on the database: entries, transfers, cached balances and the seal
    chain, all written in the unit of work's transaction."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow
        self.posted = 0
        """Entries posted in the current transaction (the store seals after enough commits)."""
        self._next_seq: int | None = None
        """SQLite: the seq after this transaction's last posting (the store learns it at the
        commit)."""
        self._batch: Deferred | None = None
        """Inside `deferred`: the postings not written yet."""
        self._written: dict[str, Entry] = {}
        """Entries this transaction's batches wrote, by key: a key posted again in a later
        batch (or after a statement wrote the batch) replays its entry, as it would one at a
        time, where a batch's write would find it taken."""
        self._seqs: list[int] = []
        """PostgreSQL, inside `deferred`: seqs taken from the sequence and not used yet (last
        first)."""

    # -- posting -------------------------------------------------------------------------------
    def _reset(self) -> None:
        """Forget this transaction's postings (it begins, or rolled back)."""
        self.posted = 0
        self._next_seq = None
        self._batch = None
        self._written = {}
        self._seqs = []
        self._uow._deferred_rows = False

    def deferred(
        self, accounts: Iterable[tuple[str, str]] = ()
    ) -> contextlib.AbstractContextManager[None]:
        """Postings inside the block are checked as they are made and written together, one
        statement per table, when it ends or before the unit of work runs any other
        statement (see [`LedgerStore.deferred`][microjob.ports.LedgerStore.deferred] and
        `microjob.adapters.sql.ledger_batch`). Their keys are not claimed first, on either
        database: a key stored before fails the write, and the whole unit of work. The
        ``accounts`` named (those of them a posting reads: not ``world``) are read in one
        statement when the block begins, locked on PostgreSQL in the one fixed order every
        posting locks in."""
        return deferring(self, accounts)

    def flush(self) -> None:
        """Write the postings `deferred` holds (`microjob.adapters.sql.ledger_batch.write`)."""
        write(self)

    def post(
        self, key: str, cause: str, transfers: Sequence[Transfer], at: DateTime, memo: str = ""
    ) -> Entry:
        """Apply ``transfers`` atomically under the idempotency ``key`` (see
        [`microjob.ledger.Ledger.post`][microjob.ledger.Ledger.post]: the same rules, checked by
        that very code).

        PostgreSQL claims the key and a seq first, then locks and checks (see
        ``docs/scaling.md``). SQLite, one writer at a time, checks first and claims the key with
        the insert itself (``ON CONFLICT DO NOTHING RETURNING``), at the seq it expects to be
        next: the key is looked up only when that insert wrote nothing or the check refused."""
        transfers = tuple(transfers)
        uow = self._uow
        store = uow.store
        good_key = isinstance(key, str) and bool(key)
        early = None
        if self._batch is not None and good_key:
            early = self._batch.posted.get(key) or self._written.get(key)
        if early is not None:  # posted earlier in this transaction's batches
            return early.replayed(cause, transfers, memo)
        batch = self._batch
        if store.is_postgres and batch is None:
            claim = uow.q1(uow._s.entry_claim, {"key": key if good_key else ""})
            if claim[0] is not None:
                return self._replay(key, cause, transfers, memo)
            seq: int | None = int(claim[1])
        else:
            seq = None
        try:
            deltas, units, hot, current = self._checked(key, cause, transfers, at, memo)
        except MarketplaceError:
            # A refused check may be a replay of a stored key (looked up now), unless the
            # refusal came from the database and aborted the transaction (PostgreSQL: a lock
            # timeout, a deadlock), where nothing more can be read: its error stands.
            if seq is None and good_key and not uow.aborted() and self._find(key) is not None:
                return self._replay(key, cause, transfers, memo)
            raise
        for (account, code), delta in deltas.items():  # what was read: checked before writing
            held = current.get((account, code))
            if held is not None and not hot[account] and not -_BIG <= held + delta <= _BIG:
                raise ValidationError(f"{account} would hold more {code} than can be stored")
        when = _utc(at)
        legs = tuple(
            [
                Transfer(t.source, t.destination, _amount(n, t.amount.currency.code))
                for t, n in zip(transfers, units, strict=True)
            ]
        )
        if batch is not None:
            return self._post_deferred(batch, key, cause, legs, when, memo, deltas, hot, units)
        if seq is None:
            entry = self._insert_claiming(key, cause, legs, when, memo)
            if entry is None:
                return self._replay(key, cause, transfers, memo)
        else:
            entry = self._entry_row(seq, key, cause, legs, when, memo)
            uow.q(uow._s.entry_insert, self._entry_params(entry), f"ledger entry {key!r}")
        rows = delta_rows(entry.seq, deltas, hot, store.ledger_stripes)
        if store.is_postgres:
            uow.qmany(uow._s.balance_add, rows, "a ledger balance")
        else:
            self._add_balances(entry, rows)
        uow.qmany(uow._s.transfer_insert, transfer_rows(entry.seq, legs, units))
        self.posted += 1
        return entry

    def _post_deferred(
        self,
        batch: Deferred,
        key: str,
        cause: str,
        legs: tuple[Transfer, ...],
        when: DateTime,
        memo: str,
        deltas: dict[tuple[str, str], int],
        hot: dict[str, bool],
        units: list[int],
    ) -> Entry:
        """Hold a checked posting in ``batch`` at the next seq (see `deferred`): SQLite's
        next one, PostgreSQL's next from the block the batch took from the sequence."""
        if self._uow.store.is_postgres:
            seq = self._take_seq()
        else:
            assert self._next_seq is not None
            seq = self._next_seq
            self._next_seq = seq + 1
        entry = self._entry_row(seq, key, cause, legs, when, memo)
        batch.add(
            entry,
            self._entry_params(entry),
            delta_rows(seq, deltas, hot, self._uow.store.ledger_stripes),
            transfer_rows(seq, legs, units),
        )
        self._uow._deferred_rows = True
        self.posted += 1
        return entry

    def _take_seq(self) -> int:
        """PostgreSQL, inside `deferred`: a seq for the next posting, from a block of
        `_SEQ_BLOCK` taken from the sequence in one round trip when the last is used up."""
        seqs = self._seqs
        if not seqs:
            uow = self._uow
            st = uow._s.entry_seqs
            assert st is not None
            rows = uow.q_through(st, {"n": _SEQ_BLOCK}).fetchall()
            seqs.extend(sorted((int(r[0]) for r in rows), reverse=True))
        return seqs.pop()

    def _checked(
        self,
        key: str,
        cause: str,
        transfers: tuple[Transfer, ...],
        at: DateTime,
        memo: str,
    ) -> tuple[dict[tuple[str, str], int], list[int], dict[str, bool], dict[tuple[str, str], int]]:
        """Check the entry as the ledger would (raising what it raises): its deltas and
        amounts in minor units, which accounts are hot, and the balances read for the check."""
        store = self._uow.store
        minor = _deltas(transfers)
        if minor is None or not minor[0]:
            with contextlib.suppress(InsufficientFunds):
                Ledger().post(key, cause, transfers, at, memo)  # says what is malformed
            raise ValidationError(
                "these transfers cannot be stored exactly: an amount is beyond 64-bit minor units"
            )
        deltas, units = minor
        hot = {account: is_hot(account) for account, _ in deltas}
        # Read what must be exact: every account the entry debits (``world`` may go negative).
        # PostgreSQL also locks the cold accounts it credits (their update would lock them a
        # moment later anyway; taking all in one sorted statement rules out two postings
        # waiting for each other), and reads them for the range check; SQLite's balance
        # update checks the range itself. A hot account's stripes are locked only when it is
        # debited, which is rare (a refunded fee).
        lock = store.is_postgres
        # Inside `deferred` (SQLite) a cold account it credits is read too: the balance
        # update that would refuse it one at a time only sees the batch's summed deltas.
        exact = lock or self._batch is not None
        wanted = sorted(
            pair
            for pair, delta in deltas.items()
            if pair[0] != WORLD and (delta < 0 or (exact and not hot[pair[0]]))
        )
        current = self._balances_for(wanted, deltas) if wanted else {}
        # what the debited accounts hold, for the ledger's own checks (raising as it would)
        held = {
            pair: from_minor(held_units, pair[1]).amount
            for pair, held_units in current.items()
            if held_units > 0 and deltas.get(pair, 0) < 0
        }
        checked_deltas(key, cause, transfers, held, memo)
        if store.refuse_unkeyed:
            raise ValidationError(
                "this database's ledger is keyed: open the store with its ledger_key to post "
                "(an unkeyed entry would be reported as forged)"
            )
        return deltas, units, hot, current

    def _replay(self, key: str, cause: str, transfers: tuple[Transfer, ...], memo: str) -> Entry:
        """A posting under a key already used: the stored entry if it asks for the same, else
        `Conflict`."""
        existing = self._find(key)
        assert existing is not None
        return existing.replayed(cause, transfers, memo)

    def _entry_row(
        self,
        seq: int,
        key: str,
        cause: str,
        legs: tuple[Transfer, ...],
        when: DateTime,
        memo: str,
    ) -> Entry:
        keyring = self._uow.store.keyring
        digest = entry_digest(keyring.current, seq, key, cause, when.isoformat(), memo, legs)
        return Entry(seq, key, cause, legs, when, memo, keyring.current_id, digest)

    def _entry_params(self, entry: Entry) -> dict[str, Any]:
        return {
            "seq": entry.seq,
            "entry_key": entry.key,
            "cause": entry.cause,
            "at": self._uow.store.time_in(entry.at),
            "memo": entry.memo,
            "key_id": entry.key_id,
            "hash": entry.hash,
        }

    def _insert_claiming(
        self, key: str, cause: str, legs: tuple[Transfer, ...], when: DateTime, memo: str
    ) -> Entry | None:
        """SQLite: insert the entry at the seq expected next, claiming its key in the same
        statement; ``None`` if the key is taken. The seq (part of the MAC, so known before the
        insert) is one past this transaction's last posting, else one past the last this store
        committed; if another connection took it meanwhile, the key and ``max(seq) + 1`` are
        read (under the write lock, so the second try cannot collide) — no gaps either way."""
        uow = self._uow
        store = uow.store
        s = uow._s
        seq = self._next_seq if self._next_seq is not None else store.next_entry_seq
        for _ in range(2):
            if seq is None:
                claim = uow.q1(s.entry_claim, {"key": key})
                if claim[0] is not None:
                    return None
                seq = int(claim[1])
            entry = self._entry_row(seq, key, cause, legs, when, memo)
            if uow.q1(s.entry_insert_new, self._entry_params(entry)) is not None:
                self._next_seq = seq + 1
                return entry
            seq = None
        raise Conflict(f"ledger entry {key!r} collided with a concurrent posting; retry")

    def _add_balances(self, entry: Entry, rows: list[dict[str, Any]]) -> None:
        """SQLite: add the deltas to the cached balances; the statement refuses (a ``NULL``
        balance) a cold account taken beyond 64-bit minor units, which was not read first. Then
        the entry is taken back and the posting refused, with nothing written."""
        uow = self._uow
        s = uow._s
        try:
            uow.qmany(s.balance_add_checked, rows, "a ledger balance")
        except Conflict:
            current = self._balances_for(sorted({(r["account"], r["currency"]) for r in rows}))
            beyond = [
                r
                for r in rows
                if not -_BIG <= current.get((r["account"], r["currency"]), 0) + r["balance"] <= _BIG
            ]
            if not beyond:
                raise
            uow.q(s.entry_delete, {"seq": entry.seq})
            self._next_seq = entry.seq
            first = beyond[0]
            raise ValidationError(
                f"{first['account']} would hold more {first['currency']} than can be stored"
            ) from None

    def _balances_for(
        self,
        pairs: list[tuple[str, str]],
        deltas: dict[tuple[str, str], int] | None = None,
    ) -> dict[tuple[str, str], int]:
        """The balances of ``pairs`` summed over their stripes, their rows locked (PostgreSQL)
        in the order of (account, currency, stripe); an account with no row is left out.

        Inside `deferred`: what is stored, read once per batch (the write lock keeps it), plus
        what the batch moved since (not written yet): a seller with several orders in a
        clearance batch is read once. On PostgreSQL an account read with no row is read again
        when a posting debits it (``deltas``: the posting's, in minor units): ``FOR UPDATE``
        found no row to lock, so another transaction may have committed money to it since,
        which the debit may spend. (A credit needs the balance only for the range check, which the
        database repeats at the write: a sum beyond its ``BIGINT`` is refused.)"""
        batch = self._batch
        if batch is None:
            return self._stored_balances(pairs, through=False)
        stored = batch.stored
        if self._uow.store.is_postgres and deltas:
            wanted = [
                pair
                for pair in pairs
                if pair not in stored or (stored[pair] is None and deltas.get(pair, 0) < 0)
            ]
        else:
            wanted = [pair for pair in pairs if pair not in stored]
        if wanted:
            read = self._stored_balances(wanted, through=True)
            for pair in wanted:
                stored[pair] = read.get(pair)
        found: dict[tuple[str, str], int] = {}
        for pair in pairs:
            base = stored[pair]
            moved = batch.moved.get(pair, 0)
            if base is not None or moved:
                found[pair] = (base or 0) + moved
        return found

    def _read_ahead(self, accounts: Iterable[tuple[str, str]]) -> None:
        """Inside `deferred`: read (PostgreSQL: lock) the balances of ``accounts`` together,
        for the batch's checks to find (`Deferred.stored`)."""
        batch = self._batch
        assert batch is not None
        # a hot account's stripes are read (and locked) only when a posting debits it
        wanted = sorted(
            {pair for pair in accounts if pair[0] != WORLD and not is_hot(pair[0])}
            - batch.stored.keys()
        )
        if wanted:
            self._balances_for(wanted)

    def _stored_balances(
        self, pairs: list[tuple[str, str]], *, through: bool
    ) -> dict[tuple[str, str], int]:
        """The stored balances of ``pairs`` (sorted), summed over their stripes: in parts of
        `_BALANCES_READ` pairs, each padded to one of a few sizes (`_padded_parts`), so a
        handful of statements are compiled; PostgreSQL locks the rows part by part, in the
        pairs' order."""
        uow = self._uow
        store = uow.store
        lock = store.is_postgres
        found: dict[tuple[str, str], int] = {}
        for part in _padded_parts(pairs, _BALANCES_READ):
            count = len(part)
            st = store.compiled(
                ("balances", count, lock), partial(_Statements.balances_for, count, lock)
            )
            params: dict[str, Any] = {}
            for i, (account, code) in enumerate(part):
                params[f"a{i}"] = account
                params[f"c{i}"] = code
            rows = uow.q_through(st, params) if through else uow.q(st, params)
            for a, c, v in rows.fetchall():
                pair = (str(a), str(c))
                found[pair] = found.get(pair, 0) + int(v)
        return found

    # -- reading -----------------------------------------------------------------------------------
    def _entries(self, st: _Statement, params: dict[str, Any] | None = None) -> list[Entry]:
        rows = self._uow.q(st, params).fetchall()
        return group_entries(rows, self._uow.store.time_out)

    def _find(self, key: str) -> Entry | None:
        found = self._entries(self._uow._s.entry_by_key, {"key": key})
        return found[0] if found else None

    def entry(self, key: str) -> Entry:
        found = self._find(key)
        if found is None:
            raise NotFound(f"no ledger entry with key {key!r}")
        return found

    def has_entry(self, key: str) -> bool:
        return self._uow.q1(self._uow._s.entry_has, {"key": key}) is not None

    def balance(self, account: str, currency: str) -> Money:
        code = currency_of(currency).code
        row = self._uow.q1(self._uow._s.balance_get, {"account": account, "currency": code})
        return zero(code) if row is None or row[0] is None else from_minor(int(row[0]), code)

    def balances(self, account: str) -> dict[str, Money]:
        rows = self._uow.q(self._uow._s.balances_of, {"account": account}).fetchall()
        return {str(code): from_minor(int(units), str(code)) for code, units in rows}

    def nonzero_accounts(self, prefix: str) -> dict[tuple[str, str], Money]:
        """Every ``(account, currency)`` whose name starts with ``prefix`` and whose balance
        is not zero (for `microjob.integrity.cross_check`)."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._uow.q(self._uow._s.balances_like, {"pattern": pattern}).fetchall()
        return {(str(a), str(c)): from_minor(int(v), str(c)) for a, c, v in rows}

    def entries_for(self, account: str, currency: str) -> list[Entry]:
        code = currency_of(currency).code
        return self._entries(
            self._uow._s.entries_by_account, {"account": account, "currency": code}
        )

    def entries_for_cause(self, cause: str) -> list[Entry]:
        return self._entries(self._uow._s.entries_by_cause, {"cause": cause})

    def entries(self) -> Iterator[Entry]:
        return iter(self._entries(self._uow._s.entries_all))

    def __len__(self) -> int:
        return int(self._uow.q1(self._uow._s.entry_count)[0])

    @property
    def head(self) -> str:
        """The last link of the seal chain (see
        [`microjob.ledger.Ledger.head`][microjob.ledger.Ledger.head])."""
        row = self._uow.q1(self._uow._s.head_plain)
        return GENESIS if row is None else str(row[1])

    @property
    def sealed(self) -> int:
        """How many entries are sealed into the chain."""
        row = self._uow.q1(self._uow._s.head_plain)
        return 0 if row is None else int(row[0])

    # -- the seal chain (`microjob.adapters.sql.ledger_chain`) ----------------------------------
    def seal(self, limit: int | None = None, *, wait: bool = True) -> int:
        """Seal up to ``limit`` committed, unsealed entries (all of them: ``None``) into the
        chain, oldest seq first, in this transaction; returns how many.

        Sealers queue on the seal head row (``wait=False``: give up at once if another sealer
        holds it); posting never touches it. An entry whose MAC does not match, or that names
        a key this store was not given, is never sealed: sealing stops before it and
        [`verify`][microjob.ledger.Ledger.verify] reports it. On PostgreSQL an entry that commits
        late gets the next free position, whatever its seq: the chain's order is the order entries
        were sealed in."""
        return ledger_chain.seal(self, limit, wait=wait)

    def checkpoint(self) -> Checkpoint:
        """Seal what is unsealed, then sign where the chain stands (commit the unit of work to
        keep the seals; see [`Checkpoint`][microjob.integrity.Checkpoint])."""
        return ledger_chain.checkpoint(self)

    def adopt_key(self, *, history: bool = False) -> int | None:
        """Seal this database's unkeyed history under the store's key, once: when a key is
        configured and the ledger was never keyed before. A ledger with entries is adopted
        only with ``history=True`` (`SqlStore`'s ``adopt_ledger_key``), and never one holding
        a keyed entry. Its old chain is verified first (a broken one is refused), every entry
        gets a keyed MAC and the chain is rebuilt under the key, and the epoch is recorded.
        Returns how many entries were sealed, or ``None`` when there was nothing to adopt."""
        return ledger_chain.adopt_key(self, history=history)

    def verify(
        self, checkpoint: Checkpoint | None = None, *, keyring: Keyring | None = None
    ) -> LedgerSummary:
        """[`microjob.ledger.audit`][microjob.ledger.audit] over the stored entries (in chain
        order), the links, the seal head and the cached balances summed over their stripes; on
        PostgreSQL read in one snapshot when this is the transaction's first statement."""
        return ledger_chain.verify(self, checkpoint, keyring=keyring)


def _minor(amount: Money) -> int:
    units = to_minor(amount)
    if not -_BIG <= units <= _BIG:
        raise ValidationError(
            f"{amount.amount} {amount.currency.code} is too large to store (64-bit minor units)"
        )
    return units


def _deltas(
    transfers: Sequence[Transfer],
) -> tuple[dict[tuple[str, str], int], list[int]] | None:
    """Net change per (account, currency) in minor units, and each transfer's amount in minor
    units; ``None`` if a transfer is malformed or too large to store (the caller then lets a
    scratch ledger say what is wrong)."""
    deltas: dict[tuple[str, str], int] = {}
    units: list[int] = []
    try:
        for source, destination, amount in transfers:
            code = amount.currency.code
            n = _minor(amount)
            src = (source, code)
            dst = (destination, code)
            deltas[src] = deltas.get(src, 0) - n
            deltas[dst] = deltas.get(dst, 0) + n
            units.append(n)
    except (TypeError, ValueError, AttributeError, ArithmeticError):
        return None
    return deltas, units
