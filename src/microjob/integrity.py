"""Tamper evidence for the books: keys, entry MACs, the seal chain, checkpoints, cross-checks.

The ledger proves three things about its history, each against someone different:

* **Each entry is what was posted.** At posting, an entry gets a MAC over its canonical text
  ([`entry_digest`][microjob.integrity.entry_digest]): HMAC-SHA256 under the host's
  [`LedgerKey`][microjob.integrity.LedgerKey] when one is configured, plain SHA-256 otherwise. The
  database never holds the secret, so a writer who edits an amount and fixes the cached balances
  cannot make the MAC match again; with no key anyone can recompute it, which only catches careless
  edits (``verify()`` says so).
* **Nothing was removed or reordered.** Entries are *sealed* after they commit, in batches, by
  one sealer at a time: each gets the next position in one chain whose links are MACs over the
  previous link and the entry's MAC (`link_digest`). Posting never waits for the chain, so
  the chain is not what serializes writers (see ``docs/scaling.md``).
* **The tail was not cut off.** A chain's last link can be rewritten after deleting entries at
  its end: nothing inside the database can tell. A [`Checkpoint`][microjob.integrity.Checkpoint]
  (position, head link, per-currency volume, signed under the key) exported to somewhere the
  database writer cannot reach turns that into a detected truncation: ``verify(checkpoint=...)``.

`cross_check` compares the aggregates with the accounts they own (a closed order holds no
escrow, reserved payouts and announced deposits equal their accounts), which the ledger alone
cannot know.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

import attrs
from moneyed import Money

from microjob.errors import LedgerIntegrityError, ValidationError
from microjob.money import MONEY_CONTEXT

if TYPE_CHECKING:
    from microjob.ledger import Entry
    from microjob.ports import UnitOfWork

__all__ = [
    "GENESIS",
    "Checkpoint",
    "Keyring",
    "LedgerKey",
    "LedgerSummary",
    "ambiguous_text",
    "audit",
    "cross_check",
    "entry_digest",
    "link_digest",
]

GENESIS = "0" * 64
"""The link before the first sealed entry."""

_WORLD = "world"  # microjob.ledger.WORLD (that module imports this one)
_ZERO = Decimal(0)
_add = MONEY_CONTEXT.add
_subtract = MONEY_CONTEXT.subtract
_SEP = "\x1f"  # the ASCII unit separator: no account, key, cause or memo field contains it
_LEG = ">"  # between a leg's accounts in the MAC text: no account contains it


def ambiguous_text(key: str, cause: str, memo: str, transfers: Iterable[Any]) -> str | None:
    """What in an entry's fields would let its MAC text (`entry_text`) be read more than one
    way, or ``None``: a unit separator in its key, cause, memo or an account, or ``>`` in an
    account. Such an entry is refused at posting; one found stored was written around the
    engine (a leg folded into the memo, or split out of it, under the same MAC)."""
    if _SEP in key or _SEP in cause or _SEP in memo:
        return "its key, cause or memo holds the unit separator (0x1F)"
    for source, destination, _amount in transfers:
        if _SEP in source or _SEP in destination or _LEG in source or _LEG in destination:
            return f"an account of it ({source!r} or {destination!r}) holds '>' or 0x1F"
    return None


_MIN_SECRET = 16


def _check_id(_: object, __: object, value: str) -> None:
    if not isinstance(value, str) or not value or len(value) > 32 or not value.isprintable():
        raise ValidationError(
            f"a ledger key id is 1 to 32 printable characters (e.g. '2026-05'), got {value!r}"
        )


def _check_secret(_: object, __: object, value: bytes) -> None:
    if not isinstance(value, bytes) or len(value) < _MIN_SECRET:
        raise ValidationError(
            f"a ledger key's secret is at least {_MIN_SECRET} random bytes "
            "(e.g. secrets.token_bytes(32)), kept outside the database"
        )


@attrs.frozen(repr=False)
class LedgerKey:
    """A secret the host holds and the database never sees, named by an id stored on every
    entry so that keys can be rotated: old entries keep naming the key that sealed them."""

    id: str = attrs.field(validator=_check_id)
    secret: bytes = attrs.field(validator=_check_secret)

    def __repr__(self) -> str:
        return f"LedgerKey({self.id!r}, <secret>)"


@attrs.frozen
class Keyring:
    """The key new entries are sealed under (``current``) and the retired ones old entries
    still name. ``Keyring(None)`` is an unkeyed ledger."""

    current: LedgerKey | None = None
    retired: tuple[LedgerKey, ...] = ()

    @classmethod
    def of(cls, key: LedgerKey | Keyring | Iterable[LedgerKey] | None) -> Keyring:
        """Accept what a host passes as ``ledger_key``: nothing, one key, a keyring, or keys
        (the first is current)."""
        if key is None or isinstance(key, Keyring):
            return key or cls()
        if isinstance(key, LedgerKey):
            return cls(key)
        keys = tuple(key)
        if not keys or not all(isinstance(k, LedgerKey) for k in keys):
            raise ValidationError(
                "ledger_key is a LedgerKey, a Keyring or LedgerKeys (the first is current)"
            )
        return cls(keys[0], keys[1:])

    def __attrs_post_init__(self) -> None:
        ids = [k.id for k in self.keys]
        if len(set(ids)) != len(ids):
            raise ValidationError(f"two ledger keys share an id: {sorted(ids)}")

    @property
    def keys(self) -> tuple[LedgerKey, ...]:
        return (() if self.current is None else (self.current,)) + self.retired

    @property
    def keyed(self) -> bool:
        return self.current is not None

    @property
    def current_id(self) -> str:
        """The key id stamped on new entries (``""``: unkeyed)."""
        return "" if self.current is None else self.current.id

    def find(self, key_id: str) -> LedgerKey | None:
        for k in self.keys:
            if k.id == key_id:
                return k
        return None


# -- the MACs ---------------------------------------------------------------------------------
def _mac(key: LedgerKey | None, text: str) -> str:
    if key is None:
        return hashlib.sha256(text.encode()).hexdigest()
    # hmac.digest is the one-shot HMAC computed inside OpenSSL: the same bytes as
    # hmac.new(...).hexdigest() without building an HMAC object for every entry and link.
    return hmac.digest(key.secret, text.encode(), "sha256").hex()


def entry_text(
    seq: int, key: str, cause: str, stamp: str, memo: str, transfers: Iterable[Any]
) -> str:
    """An entry's canonical text: seq, key, cause, ISO time, memo, then one
    ``source>destination:amount:CODE`` per transfer, joined by the unit separator (0x1F)."""
    parts = [str(seq), key, cause, stamp, memo]
    # ``!s``: the same text as a bare ``{amount.amount}`` (an empty format spec is str() for a
    # Decimal; tests/test_integrity.py checks it), at a third of the cost of Decimal.__format__
    parts += [
        f"{source}>{destination}:{amount.amount!s}:{amount.currency.code}"
        for source, destination, amount in transfers
    ]
    return _SEP.join(parts)


def entry_digest(
    key: LedgerKey | None,
    seq: int,
    idempotency_key: str,
    cause: str,
    at: Any,
    memo: str,
    transfers: Iterable[Any],
) -> str:
    """The MAC of an entry's canonical text (`entry_text`): HMAC-SHA256 under ``key``, or
    SHA-256 when the ledger is unkeyed. ``at`` may be passed already formatted (ISO 8601)."""
    stamp = at if at.__class__ is str or isinstance(at, str) else at.isoformat()
    return _mac(key, entry_text(seq, idempotency_key, cause, stamp, memo, transfers))


def link_digest(key: LedgerKey | None, prev: str, position: int, seq: int, digest: str) -> str:
    """The seal chain's link at ``position``: a MAC over the previous link, the position, the
    entry's seq and its MAC, so an entry cannot be removed, moved or swapped unnoticed."""
    return _mac(key, _SEP.join(("link", prev, str(position), str(seq), digest)))


# -- checkpoints ------------------------------------------------------------------------------
def _sums_text(sums: Mapping[str, Decimal]) -> str:
    return ",".join(f"{code}={sums[code]}" for code in sorted(sums))


@attrs.frozen
class Checkpoint:
    """Where the sealed chain stood: ``position`` entries sealed, the last link ``head``, and
    the total amount moved per currency (``volume``) through them, signed under ``key_id``.

    Export it (`to_json`) to somewhere the database's writers cannot reach (the auditor's
    mailbox, an append-only bucket); ``verify(checkpoint=...)`` then detects a ledger whose
    tail was cut off and its head row rewritten, which no check inside the database can."""

    position: int
    head: str
    volume: Mapping[str, Decimal]
    key_id: str
    signature: str

    @classmethod
    def sign(
        cls, key: LedgerKey | None, position: int, head: str, volume: Mapping[str, Decimal]
    ) -> Checkpoint:
        key_id = "" if key is None else key.id
        volume = dict(sorted(volume.items()))
        return cls(position, head, volume, key_id, _mac(key, cls._text(position, head, volume)))

    @staticmethod
    def _text(position: int, head: str, volume: Mapping[str, Decimal]) -> str:
        return _SEP.join(("checkpoint", str(position), head, _sums_text(volume)))

    def problems(self, keyring: Keyring) -> list[str]:
        """Why this checkpoint cannot be trusted by ``keyring`` (empty: it can)."""
        key = keyring.find(self.key_id) if self.key_id else None
        if self.key_id and key is None:
            if not keyring.keyed:
                return []  # an unkeyed verifier cannot check a signature: verify() says so
            return [f"the checkpoint is signed under key {self.key_id!r}, not given to this store"]
        if keyring.keyed and not self.key_id:
            return ["the checkpoint is unsigned (made without a key) but this ledger is keyed"]
        expected = _mac(key, self._text(self.position, self.head, self.volume))
        if not hmac.compare_digest(expected, self.signature):
            return ["the checkpoint's signature does not match its contents: it was altered"]
        return []

    def to_json(self) -> str:
        return json.dumps(
            {
                "position": self.position,
                "head": self.head,
                "volume": {code: str(v) for code, v in sorted(self.volume.items())},
                "key_id": self.key_id,
                "signature": self.signature,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """Read back what `to_json` wrote; refuses anything else clearly."""
        try:
            raw = json.loads(text)
            position = raw["position"]
            if isinstance(position, bool) or not isinstance(position, int) or position < 0:
                raise ValueError("position")
            volume = {str(c): Decimal(str(v)) for c, v in dict(raw["volume"]).items()}
            fields = (str(raw["head"]), str(raw["key_id"]), str(raw["signature"]))
        except (ValueError, KeyError, TypeError, InvalidOperation, AttributeError) as exc:
            raise ValidationError(
                "not a ledger checkpoint: expected the JSON of Checkpoint.to_json() with "
                f"position, head, volume, key_id and signature ({exc})"
            ) from None
        return cls(position, fields[0], volume, fields[1], fields[2])


# -- verifying a ledger ---------------------------------------------------------------------
@attrs.frozen
class LedgerSummary:
    """What [`Ledger.verify`][microjob.ledger.Ledger.verify] checked, for logs and tests; `chain`
    says in words how far the tamper evidence goes."""

    entries: int
    accounts: int
    totals: dict[str, Decimal]
    keyed: bool = False
    """Whether the verifier held a key: entry MACs and seals are HMAC, not plain SHA-256."""
    key_ids: tuple[str, ...] = ()
    """The key ids the entries name."""
    sealed: int = 0
    """Entries sealed into the chain; the rest are checked by their MACs alone until sealed."""
    head: str = GENESIS
    """The last link of the seal chain (what a [`Checkpoint`][microjob.integrity.Checkpoint]
    keeps)."""
    unchecked: int = 0
    """Keyed entries an unkeyed verifier could not check."""
    history: tuple[str, ...] = ()
    """How the chain came to be (migrations, adopting a key), as recorded in the database."""

    @property
    def chain(self) -> str:
        if not self.keyed:
            text = (
                "unkeyed: entry MACs and seals are plain SHA-256, which anyone who can write "
                "to the database can recompute; pass a LedgerKey to make them tamper-evident"
            )
            if self.unchecked:
                text += f" ({self.unchecked} keyed entries not checked: their key was not given)"
            return text
        keys = ", ".join(repr(k) for k in self.key_ids) or "none yet"
        return f"keyed: HMAC-SHA256 under {keys}; {self.sealed} of {self.entries} entries sealed"


def sealing_key(keyring: Keyring, entry: Entry) -> tuple[bool, LedgerKey | None]:
    """``(usable, key)``: whether ``entry`` may be sealed by a holder of ``keyring`` (its MAC
    matches under the key it names, and an unkeyed entry only in an unkeyed ledger), and
    the key its link is made with."""
    allowed, key = key_named(keyring, entry.key_id)
    if not allowed:
        return False, None
    return entry.hash == _digest_of(key, entry), key


def key_named(keyring: Keyring, key_id: str) -> tuple[bool, LedgerKey | None]:
    """``(allowed, key)``: whether entries naming ``key_id`` may be sealed by a holder of
    ``keyring`` at all (it holds that key; an unkeyed entry only in an unkeyed ledger), and the
    key their MACs and links are made with (the part of `sealing_key` that does not depend on
    the entry's content, so a sealer can ask it once per key id)."""
    key = keyring.find(key_id) if key_id else None
    if (key_id and key is None) or (not key_id and keyring.keyed):
        return False, None
    return True, key


def _digest_of(key: LedgerKey | None, entry: Entry) -> str:
    return entry_digest(
        key, entry.seq, entry.key, entry.cause, entry.at, entry.memo, entry.transfers
    )


def volume_of(entries: Sequence[Entry]) -> dict[str, Decimal]:
    """The total amount the entries moved, per currency (what a checkpoint signs)."""
    volume: dict[str, Decimal] = {}
    for entry in entries:
        for t in entry.transfers:
            code = t.amount.currency.code
            volume[code] = _add(volume.get(code, _ZERO), t.amount.amount)
    return volume


def audit(
    entries: Sequence[Entry],
    links: Sequence[str],
    balances: Mapping[tuple[str, str], Decimal],
    keyring: Keyring,
    *,
    contiguous: bool = True,
    head: tuple[int, str] | None = None,
    checkpoint: Checkpoint | None = None,
    history: tuple[str, ...] = (),
) -> LedgerSummary:
    """Check a ledger's stored state; raise
    [`LedgerIntegrityError`][microjob.errors.LedgerIntegrityError] listing every problem, or return
    what was checked.

    ``entries`` come in chain order (the sealed ones first, ``links[i]`` sealing
    ``entries[i]``); ``balances`` are the cached ones. Checks: each entry's MAC matches its
    content under the key it names (and a keyed ledger holds no unkeyed entry); the seal chain
    is unbroken; ``head`` (a stored copy of the chain's end) matches it; ``checkpoint`` is
    signed, and the chain still reaches it with the same link and volume; each cached balance
    equals the sum of its transfers; each currency sums to zero; no account but ``world`` is
    below zero; every entry names a cause; keys are unique; with ``contiguous``, seqs are
    0, 1, 2, ... (a reference ledger never skips one).
    """
    problems: list[str] = []
    recomputed: dict[tuple[str, str], Decimal] = {}
    keys: set[str] = set()
    key_ids: set[str] = set()
    unchecked = 0
    prev = GENESIS
    volume: dict[str, Decimal] = {}
    volume_at: dict[str, Decimal] | None = {} if checkpoint and checkpoint.position == 0 else None
    sealed = len(links)
    for index, entry in enumerate(entries):
        if contiguous and entry.seq != index:
            problems.append(f"entry {entry.key!r} has seq {entry.seq}, expected {index}")
        key_id = entry.key_id
        key = keyring.find(key_id) if key_id else None
        checkable = True
        if key_id:
            key_ids.add(key_id)
            if key is None:
                checkable = False
                if keyring.keyed:
                    problems.append(
                        f"entry {entry.seq} ({entry.key!r}) names key {key_id!r}, which was "
                        "not given to this ledger"
                    )
                else:
                    unchecked += 1
        elif keyring.keyed:
            problems.append(
                f"entry {entry.seq} ({entry.key!r}) is unkeyed but this ledger is keyed: it "
                "was written or rewritten without the key"
            )
        if checkable and entry.hash != _digest_of(key, entry):
            problems.append(f"entry {entry.seq} ({entry.key!r}) was altered after posting")
        odd = ambiguous_text(entry.key, entry.cause, entry.memo, entry.transfers)
        if odd is not None:
            problems.append(
                f"entry {entry.seq} ({entry.key!r}) cannot be told apart from another entry "
                f"with the same MAC: {odd}; it was written around the engine"
            )
        if index < sealed:
            if checkable and links[index] != link_digest(key, prev, index, entry.seq, entry.hash):
                problems.append(
                    f"the seal chain breaks at position {index} (entry {entry.seq}, "
                    f"{entry.key!r}): an entry was removed, moved or altered"
                )
            prev = links[index]
        if entry.key in keys:
            problems.append(f"idempotency key {entry.key!r} used twice")
        keys.add(entry.key)
        if ":" not in entry.cause:
            problems.append(f"entry {entry.seq} names no cause")
        for t in entry.transfers:
            code = t.amount.currency.code
            value = t.amount.amount
            src = (t.source, code)
            dst = (t.destination, code)
            recomputed[src] = _subtract(recomputed.get(src, _ZERO), value)
            recomputed[dst] = _add(recomputed.get(dst, _ZERO), value)
            volume[code] = _add(volume.get(code, _ZERO), value)
        if checkpoint is not None and index + 1 == checkpoint.position:
            volume_at = dict(volume)
    if sealed > len(entries):
        problems.append(
            f"the seal chain has {sealed} links but there are {len(entries)} entries: sealed "
            "entries were removed"
        )
    chain_head = links[-1] if links else GENESIS
    if head is not None and head != (sealed, chain_head):
        problems.append(
            f"the stored seal head ({head[0]} entries, {head[1][:12]}) does not match the "
            f"sealed chain ({sealed}, {chain_head[:12]})"
        )
    if checkpoint is not None:
        problems.extend(checkpoint.problems(keyring))
        if checkpoint.position > sealed:
            problems.append(
                f"the checkpoint shows {checkpoint.position} sealed entries, the ledger has "
                f"{sealed}: entries were removed from its end"
            )
        else:
            at = links[checkpoint.position - 1] if checkpoint.position else GENESIS
            if at != checkpoint.head:
                problems.append(
                    f"the seal chain at position {checkpoint.position} differs from the "
                    "checkpoint's: the history before it was rewritten"
                )
            if volume_at != dict(checkpoint.volume):
                problems.append(
                    f"the entries through position {checkpoint.position} moved {volume_at}, "
                    f"the checkpoint says {dict(checkpoint.volume)}"
                )
    totals: dict[str, Decimal] = {}
    for pair in set(recomputed) | set(balances):
        have = balances.get(pair, _ZERO)
        want = recomputed.get(pair, _ZERO)
        if have != want:
            problems.append(f"{pair[0]} caches {have} {pair[1]} but its transfers sum to {want}")
        if want < 0 and pair[0] != _WORLD:
            problems.append(f"{pair[0]} is below zero: {want} {pair[1]}")
        totals[pair[1]] = _add(totals.get(pair[1], _ZERO), have)
    # Summed over the *cached* balances: recomputed ones balance by construction.
    for code, total in totals.items():
        if total != 0:
            problems.append(f"{code} does not sum to zero over all accounts: {total}")
    if problems:
        raise LedgerIntegrityError(problems)
    return LedgerSummary(
        entries=len(entries),
        accounts=len(recomputed),
        totals=totals,
        keyed=keyring.keyed,
        key_ids=tuple(sorted(key_ids)),
        sealed=sealed,
        head=chain_head,
        unchecked=unchecked,
        history=history,
    )


# -- aggregates against their accounts ------------------------------------------------------------
class AccountLister(Protocol):
    """What `cross_check` needs of a ledger beyond the port: the accounts with money."""

    def nonzero_accounts(self, prefix: str) -> dict[tuple[str, str], Money]: ...

    def balance(self, account: str, currency: str) -> Money: ...


def cross_check(uow: UnitOfWork) -> list[str]:
    """Compare the aggregates with the ledger accounts they own; the problems found (none: the
    books and the records agree).

    * an order's escrow: a closed order holds none, nor one awaiting payment; an open one that
      was paid holds exactly its escrow total; escrow for an order that does not exist is a
      problem;
    * ``user:{id}:payout`` holds exactly the user's payouts in a reserved state (requested,
      held, approved, sent);
    * ``user:{id}:incoming`` holds exactly the user's announced (unconfirmed) deposits.

    A writer who edits entries *and* balances consistently (or forges an entry under the key)
    still has to keep these in step with the records, which are not in the chain.
    """
    from microjob import ledger as accounts
    from microjob.orders import CLOSED, OrderState
    from microjob.payouts import RESERVED, Deposit, DepositState, PayoutRequest

    book: Any = uow.ledger
    if not hasattr(book, "nonzero_accounts"):
        return ["this ledger adapter cannot list its accounts (nonzero_accounts)"]
    lister: AccountLister = book
    problems: list[str] = []
    for (account, code), held in sorted(lister.nonzero_accounts("order:").items()):
        if not account.endswith(":escrow"):
            continue
        order_id = account.removeprefix("order:").removesuffix(":escrow")
        try:
            order = uow.orders.get(order_id)
        except LookupError:
            problems.append(f"{account} holds {held.amount} {code} but there is no such order")
            continue
        if order.state in CLOSED:
            problems.append(
                f"order {order_id} is {order.state} but its escrow still holds {held.amount} {code}"
            )
        elif order.state == OrderState.AWAITING_PAYMENT:
            # not paid yet: its escrow is funded in the very transaction that marks it paid
            problems.append(
                f"order {order_id} is awaiting payment but its escrow holds {held.amount} {code}: "
                "the order was set back after it was paid"
            )
        elif held != order.escrow_total:
            problems.append(
                f"order {order_id} is {order.state} and should hold {order.escrow_total.amount} "
                f"{code} in escrow, it holds {held.amount}"
            )
    payouts = uow.records("payout", PayoutRequest, index=("user_id", "state")).where()
    deposits = uow.records("deposit", Deposit, index=("user_id", "state")).where()
    expected: dict[tuple[str, str], Decimal] = {}
    for p in payouts:
        if p.state in RESERVED:
            pair = (accounts.payout(p.user_id), p.amount.currency.code)
            expected[pair] = expected.get(pair, Decimal(0)) + p.amount.amount
    for d in deposits:
        if d.state == DepositState.ANNOUNCED:
            pair = (accounts.incoming(d.user_id), d.amount.currency.code)
            expected[pair] = expected.get(pair, Decimal(0)) + d.amount.amount
    held_now = {
        pair: money.amount
        for pair, money in lister.nonzero_accounts("user:").items()
        if pair[0].endswith((":payout", ":incoming"))
    }
    for pair in sorted(set(expected) | set(held_now)):
        want = expected.get(pair, Decimal(0))
        have = held_now.get(pair, Decimal(0))
        if want != have:
            what = "reserved payouts" if pair[0].endswith(":payout") else "announced deposits"
            problems.append(
                f"{pair[0]} holds {have} {pair[1]} but the user's {what} add up to {want}"
            )
    return problems
