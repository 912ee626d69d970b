"""The SQL ledger's seal chain: sealing committed entries in order, checkpoints, adopting a
key for an unkeyed history, and verification; and how stored rows become entries.

Posting never waits for any of this (see `microjob.adapters.sql.ledger`): sealing takes the
seal head row, which only sealers lock, and gives each committed entry the next position and a
link over the one before it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pendulum
from moneyed import Money
from pendulum import DateTime

from microjob.errors import LedgerIntegrityError, MarketplaceError
from microjob.integrity import GENESIS, Checkpoint, Keyring, entry_digest, link_digest
from microjob.ledger import Entry, LedgerSummary, Transfer, audit, sealing_key
from microjob.money import currency_of, from_minor

if TYPE_CHECKING:
    from microjob.adapters.sql.ledger import SqlLedger

log = logging.getLogger("microjob.ledger")

_SEAL_BATCH = 1000
"""Entries read per sealing step."""
_SEAL_ROWS = 1000
"""Entries per sealing statement: 3,000 parameters, within SQLite's limit (32,766 since 3.32;
sealing in one statement needs 3.33) and PostgreSQL's (65,535)."""


def seal(ledger: SqlLedger, limit: int | None = None, *, wait: bool = True) -> int:
    """Seal up to ``limit`` committed, unsealed entries (all of them: ``None``) into the
    chain, oldest seq first (`SqlLedger.seal` says how sealers and posters meet)."""
    uow = ledger._uow
    store = uow.store
    s = uow._s
    row = uow.q1(s.head_lock if wait else s.head_try_lock)
    if row is None:
        if wait:
            raise LedgerIntegrityError(["the ledger head row is missing; run the migrations"])
        return 0
    position, prev = int(row[0]), str(row[1])
    keyring = store.keyring
    total = 0
    after = -1  # the last seq looked at: an entry passed over is not read again in this run
    while limit is None or total < limit:
        batch = _SEAL_BATCH if limit is None else min(_SEAL_BATCH, limit - total)
        found = _readable_unsealed(ledger, after, batch)
        updates = []
        for seq, entry in found:
            after = seq
            if entry is None:
                continue  # a row the driver could not read back: logged, passed over
            usable, key = sealing_key(keyring, entry)
            if not usable:
                # Passed over, not waited for: stopping here would leave every later entry
                # unsealed, and so deletable whole, for as long as this one stays. It stays
                # unsealed and `verify` reports it; a sealer holding its key seals it later.
                log.error(
                    "ledger entry %s cannot be sealed by this store (its MAC does not match, or "
                    "its key %r is not one this store holds); sealing goes on past it and "
                    "verify() reports it",
                    entry.seq,
                    entry.key_id,
                )
                continue
            prev = link_digest(key, prev, position, entry.seq, entry.hash)
            updates.append({"s": entry.seq, "p": position, "l": prev})
            position += 1
        if updates:
            write_seals(ledger, updates)
            total += len(updates)
        if len(found) < batch:
            break
    if total:
        uow.q(s.head_update, {"entries": position, "hash": prev})
    return total


def _readable_unsealed(ledger: SqlLedger, after: int, limit: int) -> list[tuple[int, Entry | None]]:
    """The next ``limit`` unsealed entries after seq ``after``, each with its seq; ``None``
    for one whose row cannot be read back as an entry (text where a number belongs, bytes
    that are not UTF-8, a time no Python datetime holds: written around the engine). Read in
    one statement; only when that fails, one entry at a time, so one such row cannot stop
    every later entry from being sealed."""
    uow = ledger._uow
    s = uow._s
    params = {"after": after, "limit": limit}
    try:
        return [(e.seq, e) for e in ledger._entries(s.entries_unsealed, params)]
    except Exception:  # the driver's or the decoding's: any such row, whatever it holds
        if uow.aborted():
            raise
    found: list[tuple[int, Entry | None]] = []
    for (seq,) in uow.q(s.seqs_unsealed, params).fetchall():
        try:
            entries = ledger._entries(s.entry_by_seq, {"seq": seq})
        except Exception as exc:
            if uow.aborted():
                raise
            log.error(
                "ledger entry %s cannot be read back (%s): it was written around the engine; "
                "sealing goes on past it and verify() reports it",
                seq,
                exc,
            )
            found.append((int(seq), None))
            continue
        found.extend((int(seq), e) for e in entries)
    return found


def write_seals(ledger: SqlLedger, updates: list[dict[str, Any]]) -> None:
    """Give each entry in ``updates`` (``s``: seq, ``p``: position, ``l``: link) its seal:
    one statement per batch where the database can update from a ``VALUES`` list (SQLite
    3.33+, PostgreSQL), one per entry otherwise."""
    uow = ledger._uow
    store = uow.store
    if not store.update_from:
        uow.qmany(uow._s.entry_seal, updates, "sealing ledger entries")
        return
    rows = [(u["s"], u["p"], u["l"]) for u in updates]
    touched = uow.update_rows(uow._s.entry_seals, rows, "sealing ledger entries", _SEAL_ROWS)
    if touched != len(rows):
        raise LedgerIntegrityError(
            [f"sealing {len(rows)} entries updated {touched}: entries were removed"]
        )


def checkpoint(ledger: SqlLedger) -> Checkpoint:
    """Seal, then sign where the chain stands (`SqlLedger.checkpoint`)."""
    seal(ledger)
    entries, links, _ = chain(ledger)
    volume: dict[str, Decimal] = {}
    for entry in entries[: len(links)]:
        for t in entry.transfers:
            code = t.amount.currency.code
            volume[code] = volume.get(code, Decimal(0)) + t.amount.amount
    head = links[-1] if links else GENESIS
    return Checkpoint.sign(ledger._uow.store.keyring.current, len(links), head, volume)


def adopt_key(ledger: SqlLedger, *, history: bool = False) -> int | None:
    """Seal the unkeyed history under the store's key, once (`SqlLedger.adopt_key`)."""
    uow = ledger._uow
    store = uow.store
    s = uow._s
    keyring = store.keyring
    key = keyring.current
    if key is None or int(uow.q1(s.epochs_keyed)[0]):
        return None
    uow.q1(s.head_lock)
    if int(uow.q1(s.epochs_keyed)[0]):
        return None  # another process adopted it while this one waited
    if not history and int(uow.q1(s.entry_count)[0]):
        # An unkeyed history is trusted on first use only when the operator says so: the
        # database cannot prove it was never keyed (its writer could have rewritten every
        # entry as unkeyed, then removed the epochs).
        raise LedgerIntegrityError(
            [
                f"this ledger's entries were never sealed under a key, so key {key.id!r} is not "
                "adopted on its own: if the database is as it should be, open it once with "
                "adopt_ledger_key=True to seal its history under the key (then export a "
                "checkpoint); if it was keyed before, its record of that was removed, and "
                "verify() under the key shows what was changed"
            ]
        )
    keyed = uow.q1(s.entry_keyed)
    if keyed is not None:
        # Keyed entries with no record of a key's adoption: the epochs were removed (or the
        # entries made up). Adopting now would seal whatever the history says under the key.
        raise LedgerIntegrityError(
            [
                f"cannot seal this ledger under key {key.id!r}: entry {keyed[0]} is MACed under "
                f"key {keyed[1]!r} but no key was ever adopted here (its record in "
                "microjob_ledger_epochs is gone); verify() under your keyring shows what was "
                "changed"
            ]
        )
    try:
        verify(ledger, keyring=Keyring())
    except LedgerIntegrityError as exc:
        raise LedgerIntegrityError(
            [
                f"cannot seal this ledger under key {key.id!r}: its unkeyed chain is broken",
                *exc.problems,
            ]
        ) from None
    entries, _, _ = chain(ledger)
    prev = GENESIS
    updates = []
    for position, entry in enumerate(entries):
        digest = entry_digest(
            key, entry.seq, entry.key, entry.cause, entry.at, entry.memo, entry.transfers
        )
        prev = link_digest(key, prev, position, entry.seq, digest)
        updates.append({"s": entry.seq, "k": key.id, "h": digest, "p": position, "l": prev})
    if updates:
        uow.qmany(s.entry_rekey, updates, "sealing the ledger under its key")
    uow.q(s.head_update, {"entries": len(entries), "hash": prev})
    note = (
        f"sealed the {len(entries)} unkeyed entries under key {key.id!r}; "
        "from here on every entry is keyed"
    )
    uow.q(
        s.epoch_insert,
        {
            "at": store.time_in(pendulum.now("UTC")),
            "position": len(entries),
            "key_id": key.id,
            "note": note,
        },
    )
    return len(entries)


def chain(ledger: SqlLedger) -> tuple[list[Entry], list[str], list[str]]:
    """The entries in chain order, the links of the sealed ones, and what is wrong with the
    stored positions."""
    try:
        rows = ledger._uow.q(ledger._uow._s.entries_chain).fetchall()
        problems = _odd_rows(rows)
        entries = group_entries(rows, ledger._uow.store.time_out)
    except LedgerIntegrityError:
        raise
    except Exception as exc:  # a row the driver cannot read back: written around the engine
        if ledger._uow.aborted():
            raise
        raise LedgerIntegrityError(
            [f"a ledger entry row cannot be read back ({exc}): it was written around the engine"]
        ) from exc
    links: list[str] = []
    starts = [r for i, r in enumerate(rows) if i == 0 or rows[i - 1][0] != r[0]]
    for index, row in enumerate(starts):
        pos, link = row[12], row[13]
        if pos is None:
            if link is not None:
                problems.append(f"entry {row[0]} has a link but no position")
            break
        if int(pos) != index or link is None:
            problems.append(
                f"the sealed entry at position {index} is missing (entry {row[0]} is at "
                f"{pos}): sealed entries were removed"
            )
        links.append(str(link))
    return entries, links, problems


def verify(
    ledger: SqlLedger, checkpoint: Checkpoint | None = None, *, keyring: Keyring | None = None
) -> LedgerSummary:
    """Audit the stored chain, seal head and balances (`SqlLedger.verify`)."""
    uow = ledger._uow
    store = uow.store
    s = uow._s
    store.snapshot(uow)
    head = uow.q1(s.head_plain)
    entries, links, problems = chain(ledger)
    balances = {}
    for account, code, stored in uow.q(s.balances_all).fetchall():
        units = _whole(stored)  # PostgreSQL sums BIGINTs as NUMERIC
        if units is None or not _canonical(code):
            problems.append(
                f"the cached balance of {account!r} in {code!r} is stored as {stored!r}: not "
                "an amount in minor units of an upper-case ISO currency"
            )
            continue
        balances[(str(account), str(code))] = from_minor(units, str(code)).amount
    history = tuple(
        f"{store.time_out(at).to_date_string()} at position {position}: {note}"
        for at, position, _key_id, note in uow.q(s.epochs_all).fetchall()
    )
    if head is None:
        problems.append("the ledger head row is missing")
    try:
        summary = audit(
            entries,
            links,
            balances,
            store.keyring if keyring is None else keyring,
            contiguous=False,
            head=None if head is None else (int(head[0]), str(head[1])),
            checkpoint=checkpoint,
            history=history,
        )
    except LedgerIntegrityError as exc:
        raise LedgerIntegrityError([*exc.problems, *problems]) from None
    if problems:
        raise LedgerIntegrityError(problems)
    return summary


_AMOUNTS: dict[tuple[int, str], Money] = {}


def _canonical(code: object) -> bool:
    """Whether ``code`` is an ISO currency code as the engine stores it (upper case)."""
    if code.__class__ is not str:
        return False
    try:
        return currency_of(str(code)).code == code
    except MarketplaceError:
        return False


def _whole(value: object) -> int | None:
    """``value`` as a whole number of minor units, or ``None`` when it is not one."""
    if value.__class__ is int:
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return None


def _odd_rows(rows: Sequence[Any]) -> list[str]:
    """What is wrong with the stored legs themselves, before they are read as entries: a
    currency code not written as the engine writes it (the MAC is checked over the canonical
    code, so ``usd`` for ``USD`` would pass it while lookups by currency miss the leg), or an
    amount that is not an integer number of minor units (raised at once: no entry can be
    built from it)."""
    problems = []
    for row in rows:
        if _whole(row[11]) is None:
            raise LedgerIntegrityError(
                [f"entry {row[0]} has a leg whose amount is stored as {row[11]!r}, not minor units"]
            )
        if not _canonical(row[10]):
            problems.append(
                f"entry {row[0]} has a leg in currency {row[10]!r}: not an upper-case ISO code "
                "as the engine writes it (rewritten in the database)"
            )
    return problems


def _amount(units: int, code: str) -> Money:
    """``from_minor(units, code)``, remembered: the legs of entries posted and read back
    repeat a few amounts (prices, fees), and an amount is a value no one changes."""
    key = (units, code)
    found = _AMOUNTS.get(key)
    if found is None:
        found = from_minor(units, code)
        if len(_AMOUNTS) >= 4096:
            _AMOUNTS.clear()
        _AMOUNTS[key] = found
    return found


def group_entries(rows: Sequence[Any], time_out: Callable[[Any], DateTime]) -> list[Entry]:
    entries: list[Entry] = []
    head: Any = None
    legs: list[Transfer] = []
    for row in rows:
        if head is None or head[0] != row[0]:
            if head is not None:
                entries.append(_entry(head, legs, time_out))
            head = row
            legs = []
        legs.append(Transfer(row[8], row[9], _amount(int(row[11]), str(row[10]))))
    if head is not None:
        entries.append(_entry(head, legs, time_out))
    return entries


def _entry(row: Any, legs: list[Transfer], time_out: Callable[[Any], DateTime]) -> Entry:
    return Entry(int(row[0]), row[1], row[2], tuple(legs), time_out(row[3]), row[4], row[5], row[6])
