"""The double-entry ledger: the only place where money moves.

Money moves only as [`Transfer`][microjob.ledger.Transfer] s from one account to another, grouped in
an [`Entry`][microjob.ledger.Entry] that is applied whole or not at all and at most once per
idempotency key. Balances are a cache of the transfers:
[`Ledger.verify`][microjob.ledger.Ledger.verify] recomputes every one of them from the entries,
checks each entry's MAC and the seal chain (`microjob.integrity`) and the invariants, so a bug (or a
hand-edited database row) shows up as a
[`LedgerIntegrityError`][microjob.errors.LedgerIntegrityError] instead of a silently wrong payout.

An entry is MACed when it is posted (keyed with the host's
[`LedgerKey`][microjob.integrity.LedgerKey] when there is one) and *sealed* into the chain later, by
[`Ledger.seal`][microjob.ledger.Ledger.seal]: posting never waits for the chain, which is what lets
a database adapter take postings in parallel.

Account names are plain strings (fast to hash, readable in statements) built by the helpers
below; every account holds one balance per currency.

=============================  ===========================================  ================
account                        meaning                                      may go below 0
=============================  ===========================================  ================
``world``                      money outside the platform (the gateway)     yes
``user:{id}:incoming``         deposit announced, not yet confirmed         no
``user:{id}:available``        spendable / withdrawable cash                no
``user:{id}:pending``          earned, in clearance                         no
``user:{id}:payout``           reserved by a payout request                 no
``order:{id}:escrow``          what the buyer paid, held by the operator    no
``platform:*``                 operator revenue by source                   no
``user:{id}:debt``             owed by the user after a clawback            no
``platform:recoveries``        debt repaid to the operator (not revenue)    no
=============================  ===========================================  ================
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from moneyed import Money
from pendulum import DateTime

from microjob.errors import (
    Conflict,
    InsufficientFunds,
    NotFound,
    ValidationError,
)
from microjob.integrity import (
    _LEG,
    _SEP,
    GENESIS,
    Checkpoint,
    Keyring,
    LedgerKey,
    LedgerSummary,
    ambiguous_text,
    audit,
    entry_digest,
    key_named,
    link_digest,
    sealing_key,
    volume_of,
)
from microjob.money import MONEY_CONTEXT, currency_of, is_quantized, minor_places, zero

__all__ = [
    "GENESIS_HASH",
    "PLATFORM_BOOKING_FEES",
    "PLATFORM_BUYER_FEES",
    "PLATFORM_COMMISSION",
    "PLATFORM_DISPUTE_FEES",
    "PLATFORM_PAYOUT_FEES",
    "PLATFORM_SUBSCRIPTIONS",
    "WORLD",
    "Checkpoint",
    "Entry",
    "Ledger",
    "LedgerKey",
    "LedgerSummary",
    "Transfer",
    "audit",
    "available",
    "entry_digest",
    "escrow",
    "incoming",
    "is_hot",
    "memo_text",
    "payout",
    "pending",
    "sealing_key",
]

WORLD = "world"
# The platform's revenue, one account per source, named as the quote, the order, revenue() and
# the simulator's report name them: what the seller pays (commission), what the buyer pays on
# top (buyer fees), the part of a direct-mode price paid through the platform (booking fees),
# what a payout costs (payout fees), the dispute fee, and plans (subscriptions).
PLATFORM_COMMISSION = "platform:commission"
PLATFORM_BUYER_FEES = "platform:buyer_fees"
PLATFORM_BOOKING_FEES = "platform:booking_fees"
PLATFORM_PAYOUT_FEES = "platform:payout_fees"
PLATFORM_DISPUTE_FEES = "platform:dispute_fees"
PLATFORM_SUBSCRIPTIONS = "platform:subscriptions"
PLATFORM_ACCOUNTS = (
    PLATFORM_COMMISSION,
    PLATFORM_BUYER_FEES,
    PLATFORM_BOOKING_FEES,
    PLATFORM_PAYOUT_FEES,
    PLATFORM_DISPUTE_FEES,
    PLATFORM_SUBSCRIPTIONS,
)
MIXED_FEES = "platform:fees"
"""Where books written before revenue was kept by source hold their buyer, booking and payout
fees together; a posted entry is never rewritten, so
[`revenue`][microjob.services.admin.AdminService.revenue] shows what is there as ``fees``."""
GENESIS_HASH = GENESIS
"""The seal chain's link before its first entry."""


def is_hot(account: str) -> bool:
    """Whether nearly every posting of its kind credits this account (``world``,
    ``platform:*``): a database adapter stripes its cached balance over several rows instead
    of making every such posting wait for one row (see ``docs/scaling.md``)."""
    return account == WORLD or account.startswith("platform:")


def incoming(user_id: str) -> str:
    """A deposit the user announced that the gateway has not confirmed yet."""
    return f"user:{user_id}:incoming"


def available(user_id: str) -> str:
    """The user's cash account: what they may spend or withdraw."""
    return f"user:{user_id}:available"


def pending(user_id: str) -> str:
    """Earnings still in clearance."""
    return f"user:{user_id}:pending"


def payout(user_id: str) -> str:
    """Money reserved by a payout request until it is paid or fails."""
    return f"user:{user_id}:payout"


def escrow(order_id: str) -> str:
    """What the buyer paid for one order, held by the operator until the order closes."""
    return f"order:{order_id}:escrow"


class Transfer(NamedTuple):
    """``amount`` leaves ``source`` and arrives in ``destination``.

    Transfers and entries are named tuples rather than attrs classes on purpose: they are the
    hottest values in the engine (every money move builds them) and a tuple is built in C,
    several times faster than a frozen attrs instance, while staying just as immutable.
    """

    source: str
    destination: str
    amount: Money


class Entry(NamedTuple):
    """A posted, numbered, MACed group of transfers.

    ``cause`` names the business object that moved the money (``order:42``, ``payout:7``) so
    every balance can be traced back to where it came from. ``hash`` is the MAC of the entry's
    canonical text ([`entry_digest`][microjob.integrity.entry_digest]) under the key named
    ``key_id`` (``""``: unkeyed SHA-256), so editing the entry afterwards shows; the seal chain that
    makes removing or reordering entries show is kept beside the entries
    ([`Ledger.seal`][microjob.ledger.Ledger.seal]). ``seq`` is unique and increasing in posting
    order; a database adapter may skip numbers (a rolled-back posting), the chain's positions never
    do.
    """

    seq: int
    key: str
    cause: str
    transfers: tuple[Transfer, ...]
    at: DateTime
    memo: str
    key_id: str
    hash: str

    def replayed(self, cause: str, transfers: Sequence[Transfer], memo: str) -> Entry:
        """This entry, for a posting under its key that asks for exactly what was posted; a
        different one is `Conflict` (two operations given one key: one would be lost). Every
        ledger's replay rule, wherever it found the entry."""
        if self.cause == cause and self.memo == memo and self.transfers == tuple(transfers):
            return self
        raise Conflict(
            f"idempotency key {self.key!r} was already used for a different entry "
            f"(cause {self.cause!r}); use a new key for a new operation"
        )


_entry = tuple.__new__  # an Entry from its eight fields, in C (as escrow builds transfers)


def _bad_transfer(t: Any) -> ValidationError:
    """Explain precisely why a transfer was refused (the slow path, off the hot loop)."""
    if not isinstance(t, tuple) or len(t) != 3:
        return ValidationError(f"expected a Transfer, got {type(t).__name__}")
    source, destination, amount = t
    if not isinstance(amount, Money):
        return ValidationError(f"transfer amount must be a Money, got {type(amount).__name__}")
    if not amount.amount.is_finite() or amount.amount <= 0:
        return ValidationError(
            f"transfer {source} -> {destination} must move a positive amount, "
            f"got {amount.amount} {amount.currency.code}"
        )
    try:
        quantized = is_quantized(amount)
    except ArithmeticError:
        return ValidationError(
            f"transfer amount {amount.amount} {amount.currency.code} is too large to hold exactly"
        )
    if not quantized:
        return ValidationError(
            f"transfer amount {amount.amount} {amount.currency.code} has more places than "
            "the currency allows; use microjob.money.quantize/percent/allocate"
        )
    if source == destination:
        return ValidationError(f"transfer from {source} to itself moves nothing")
    return ValidationError(
        f"transfer {source!r} -> {destination!r}: both accounts must be non-empty strings "
        "(build them with microjob.ledger.available(), escrow(), ...)"
    )


_ZERO = Decimal(0)


_EXPONENTS: dict[str, Decimal] = {}
# Balances are summed under the money context, never the thread's: a host that sets
# getcontext().prec = 6 must not see 1234567.89 become 1234570 in a cached balance.
_add = MONEY_CONTEXT.add
_subtract = MONEY_CONTEXT.subtract


def _exponent_of(code: str) -> Decimal:
    """The currency's minor unit as a Decimal exponent (0.01 for USD), cached per code."""
    exponent = _EXPONENTS[code] = Decimal(1).scaleb(-minor_places(code))  # exact: no rounding
    return exponent


def checked_deltas(
    key: str,
    cause: str,
    transfers: tuple[Transfer, ...],
    balances: Mapping[tuple[str, str], Decimal],
    memo: str = "",
) -> dict[tuple[str, str], Decimal]:
    """The net change an entry makes per (account, currency), once it is known to be
    postable against ``balances`` (what the accounts it debits hold); raises what
    [`Ledger.post`][microjob.ledger.Ledger.post] raises for a malformed entry or a balance
    that would go below zero. A database ledger checks its postings with this very code.

    Every posting of the engine passes here, so the checks are comparisons rather than calls
    where they can be: one ``quantize`` per transfer (the amount has no more places than its
    currency), one ``partition`` for the cause, and sums only where an account is touched twice.
    """
    if (key.__class__ is not str and not isinstance(key, str)) or not key:
        raise ValidationError("an entry needs a non-empty idempotency key")
    kind, _, ident = (
        cause.partition(":") if cause.__class__ is str or isinstance(cause, str) else ("", "", "")
    )
    if not kind or not ident:
        raise ValidationError(
            f"an entry must name its cause as 'kind:id' (e.g. 'order:42'), got {cause!r}"
        )
    if not transfers:
        raise ValidationError("an entry needs at least one transfer")
    deltas: dict[tuple[str, str], Decimal] = {}
    debited: list[tuple[str, str]] = []
    zero_ = _ZERO
    exponents = _EXPONENTS
    add = _add
    subtract = _subtract
    context = MONEY_CONTEXT
    for t in transfers:
        try:
            amount = t.amount
            value = amount.amount
            code = amount.currency.code
            source = t.source
            destination = t.destination
            ok = (
                value > zero_
                and value.quantize(exponents.get(code) or _exponent_of(code), context=context)
                == value
                and source != destination
                and source.__class__ is str
                and destination.__class__ is str
                and source != ""
                and destination != ""
            )
        except (AttributeError, ArithmeticError):
            raise _bad_transfer(t) from None
        if not ok:
            raise _bad_transfer(t)
        src = (source, code)
        dst = (destination, code)
        if src in deltas:  # an account touched twice (also one credited first)
            deltas[src] = subtract(deltas[src], value)
            if source != WORLD and src not in debited:
                debited.append(src)
        else:
            deltas[src] = subtract(zero_, value)
            if source != WORLD:
                debited.append(src)
        deltas[dst] = add(deltas[dst], value) if dst in deltas else value
    for pair in debited:
        delta = deltas[pair]
        if delta < zero_:
            have = balances.get(pair, zero_)
            if add(have, delta) < zero_:
                raise InsufficientFunds(
                    f"{pair[0]} holds {have} {pair[1]} but this entry needs {-delta} "
                    f"{pair[1]} from it ({key!r}); it may not go below zero"
                )
    # No field may hold what separates the fields of the MAC text (`ambiguous_text`): checked
    # with `in`, no call, on every posting; the helper says what is wrong when one does.
    sep = _SEP
    clean = memo.__class__ is str and sep not in memo and sep not in key and sep not in cause
    if clean:
        for t in transfers:
            source, destination = t.source, t.destination
            if sep in source or sep in destination or _LEG in source or _LEG in destination:
                clean = False
                break
    if not clean:
        if not isinstance(memo, str):
            raise ValidationError(f"an entry's memo is text, got {type(memo).__name__}")
        raise ValidationError(
            f"entry {key!r} cannot be posted: {ambiguous_text(key, cause, memo, transfers)} "
            "(an account is 'kind:id:...' with no '>', and no field holds the unit separator)"
        )
    return deltas


def memo_text(text: str) -> str:
    """``text`` fit for an entry's memo: a memo made from words the engine did not write (a
    provider's reason, an admin's) would be refused for a control character, which no ledger
    field may hold (`checked_deltas`), and fail the command that moves the money. They become
    spaces."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " for c in text)


class Ledger:
    """An in-process ledger: the reference implementation of the ledger port.

    It keeps every entry, the cached balances and two indexes (per account, per cause) so that
    a statement or a source-of-funds trace costs what the account's own history costs, not what
    the whole ledger costs. [`mark`][microjob.ledger.Ledger.mark] and
    [`rollback_to`][microjob.ledger.Ledger.rollback_to] let a unit of work undo the entries of a
    command that failed halfway. ``key``: the host's [`LedgerKey`][microjob.integrity.LedgerKey] (or
    a `Keyring` when keys were rotated); without one the MACs are plain SHA-256.
    """

    def __init__(self, key: LedgerKey | Keyring | None = None) -> None:
        self._keyring = Keyring.of(key)
        self._key = self._keyring.current
        self._key_id = self._keyring.current_id
        self._links: list[str] = []
        self._entries: list[Entry] = []
        self._by_key: dict[str, Entry] = {}
        self._balances: dict[tuple[str, str], Decimal] = {}
        self._by_account: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        self._by_cause: defaultdict[str, list[int]] = defaultdict(list)
        self._codes: dict[str, tuple[str, ...]] = {}
        self._last_at: DateTime | None = None
        self._last_stamp = ""
        self._own: dict[int, Entry] = {}
        """Position → the entry this ledger posted there, until it is sealed: `seal` trusts
        the MAC it computed itself from that very (immutable) tuple instead of recomputing it;
        an entry put in its place some other way is checked as any entry is."""

    # -- posting -------------------------------------------------------------------------
    @contextlib.contextmanager
    def deferred(self, accounts: Iterable[tuple[str, str]] = ()) -> Iterator[None]:
        """Nothing to defer: a posting in memory is written as it is made (see
        [`LedgerStore.deferred`][microjob.ports.LedgerStore.deferred])."""
        yield

    def post(
        self,
        key: str,
        cause: str,
        transfers: Sequence[Transfer],
        at: DateTime,
        memo: str = "",
    ) -> Entry:
        """Apply ``transfers`` atomically under the idempotency ``key``.

        Replaying a key with the same content returns the first entry and changes nothing;
        the same key with other content is a [`Conflict`][microjob.errors.Conflict], because it
        means two different operations were given one key and one of them would be lost.
        """
        transfers = tuple(transfers)  # a generator would be used up by the checks
        by_key = self._by_key
        if key in by_key:
            return by_key[key].replayed(cause, transfers, memo)
        balances = self._balances
        deltas = checked_deltas(key, cause, transfers, balances, memo)
        add = _add
        entries = self._entries
        seq = len(entries)
        if at is not self._last_at:
            self._last_at = at
            self._last_stamp = at.isoformat()
        entry = _entry(
            Entry,
            (
                seq,
                key,
                cause,
                transfers,
                at,
                memo,
                self._key_id,
                entry_digest(self._key, seq, key, cause, self._last_stamp, memo, transfers),
            ),
        )
        by_account = self._by_account
        for pair, delta in deltas.items():
            if pair in balances:
                balances[pair] = add(balances[pair], delta)
            else:
                balances[pair] = delta
                codes = self._codes
                account = pair[0]
                codes[account] = (*codes[account], pair[1]) if account in codes else (pair[1],)
            by_account[pair].append(seq)
        entries.append(entry)
        by_key[key] = entry
        self._by_cause[cause].append(seq)
        self._own[seq] = entry
        return entry

    # -- undo for units of work -------------------------------------------------------------
    def mark(self) -> int:
        """A point to roll back to: the number of entries posted so far."""
        return len(self._entries)

    def rollback_to(self, mark: int) -> None:
        """Undo every entry posted after ``mark`` (newest first), as if never posted."""
        if mark < 0:
            raise ValidationError(f"a mark is a number of entries, never negative; got {mark}")
        del self._links[mark:]
        while len(self._entries) > mark:
            self._own.pop(len(self._entries) - 1, None)
            entry = self._entries.pop()
            del self._by_key[entry.key]
            causes = self._by_cause[entry.cause]
            causes.pop()
            if not causes:
                del self._by_cause[entry.cause]
            touched: set[tuple[str, str]] = set()
            for t in entry.transfers:
                code = t.amount.currency.code
                value = t.amount.amount
                src = (t.source, code)
                dst = (t.destination, code)
                self._balances[src] = _add(self._balances[src], value)
                self._balances[dst] = _subtract(self._balances[dst], value)
                touched.update((src, dst))
            for pair in touched:
                seqs = self._by_account[pair]
                seqs.pop()
                if not seqs:
                    del self._by_account[pair]
                    del self._balances[pair]
                    codes = tuple(c for c in self._codes[pair[0]] if c != pair[1])
                    if codes:
                        self._codes[pair[0]] = codes
                    else:
                        del self._codes[pair[0]]

    # -- queries -----------------------------------------------------------------------------
    def balance(self, account: str, currency: str) -> Money:
        """The account's balance in ``currency`` (zero if it never moved)."""
        currency = currency_of(currency).code  # 'usd' must not read as an empty account
        value = self._balances.get((account, currency))
        if value is None:
            return zero(currency)
        return Money(value, currency)

    def balances(self, account: str) -> dict[str, Money]:
        """The account's balance in every currency it has touched."""
        return {
            code: Money(self._balances[(account, code)], code)
            for code in sorted(self._codes.get(account, ()))
        }

    def entry(self, key: str) -> Entry:
        """The entry posted under ``key``."""
        try:
            return self._by_key[key]
        except KeyError:
            raise NotFound(f"no ledger entry with key {key!r}") from None

    def has_entry(self, key: str) -> bool:
        """Whether an entry with this idempotency key was posted."""
        return key in self._by_key

    def entries(self) -> Iterator[Entry]:
        """Every entry in posting order."""
        return iter(list(self._entries))

    def entries_for(self, account: str, currency: str) -> list[Entry]:
        """The entries that touched ``account`` in ``currency``, oldest first (index lookup)."""
        currency = currency_of(currency).code
        return [self._entries[s] for s in self._by_account.get((account, currency), ())]

    def entries_for_cause(self, cause: str) -> list[Entry]:
        """The entries a business object caused, oldest first (index lookup)."""
        return [self._entries[s] for s in self._by_cause.get(cause, ())]

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def head(self) -> str:
        """The last link of the seal chain (see [`checkpoint`][microjob.ledger.Ledger.checkpoint] to
        take it elsewhere)."""
        return self._links[-1] if self._links else GENESIS

    @property
    def sealed(self) -> int:
        """How many entries are sealed into the chain."""
        return len(self._links)

    def nonzero_accounts(self, prefix: str) -> dict[tuple[str, str], Money]:
        """Every ``(account, currency)`` whose name starts with ``prefix`` and whose balance
        is not zero (for `microjob.integrity.cross_check`)."""
        return {
            pair: Money(value, pair[1])
            for pair, value in sorted(self._balances.items())
            if value != 0 and pair[0].startswith(prefix)
        }

    # -- sealing and verification --------------------------------------------------------------
    def seal(self, limit: int | None = None) -> int:
        """Seal up to ``limit`` unsealed entries into the chain, oldest first; returns how many.

        An entry whose MAC does not match its content, or that names a key this ledger does not
        hold, is never sealed: sealing stops before it and [`verify`][microjob.ledger.Ledger.verify]
        reports it."""
        entries, links, own = self._entries, self._links, self._own
        start = len(links)
        stop = len(entries) if limit is None else min(len(entries), start + max(limit, 0))
        prev = links[-1] if links else GENESIS
        keys: dict[str, tuple[bool, LedgerKey | None]] = {}  # key id → key_named's answer
        last_at: Any = None
        stamp = ""
        for position in range(start, stop):
            entry = entries[position]
            # sealing_key's checks, with the key looked up once per key id and the time
            # formatted once per run of entries posted at the same moment
            key_id = entry.key_id
            if key_id in keys:
                allowed, key = keys[key_id]
            else:
                allowed, key = keys[key_id] = key_named(self._keyring, key_id)
            if not allowed:
                break
            if position in own and own[position] is entry:
                del own[position]  # posted here: its MAC was computed from this very tuple
            else:
                at: Any = entry.at  # a DateTime; a str only in hand-made (test) entries
                if at is not last_at:
                    last_at = at
                    stamp = at if isinstance(at, str) else at.isoformat()
                digest = entry_digest(
                    key, entry.seq, entry.key, entry.cause, stamp, entry.memo, entry.transfers
                )
                if digest != entry.hash:
                    break
            prev = link_digest(key, prev, position, entry.seq, entry.hash)
            links.append(prev)
        return len(links) - start

    def checkpoint(self) -> Checkpoint:
        """Seal what is unsealed and sign where the chain stands now (see
        [`Checkpoint`][microjob.integrity.Checkpoint])."""
        self.seal()
        position = len(self._links)
        return Checkpoint.sign(self._key, position, self.head, volume_of(self._entries[:position]))

    def verify(self, checkpoint: Checkpoint | None = None) -> LedgerSummary:
        """Recompute everything from the entries and check every invariant
        ([`audit`][microjob.ledger.audit]), and, given a ``checkpoint``, that the chain still
        reaches it unchanged."""
        return audit(
            self._entries, self._links, self._balances, self._keyring, checkpoint=checkpoint
        )


# -- wallets and clawbacks (microjob.payouts) ----------------------------------------------------
PLATFORM_RECOVERIES = "platform:recoveries"
"""What sellers repaid of their debts: the operator's money back, kept apart from revenue."""


def debt(user_id: str) -> str:
    """What the user owes the platform after a charge reversal took back money they already
    had (a receivable). Opened against ``world`` (the operator covered the provider out of its
    own pocket) and closed as the user's next earnings repay it; never below zero, so an
    ``available`` balance never has to go negative to show a debt."""
    return f"user:{user_id}:debt"


__all__ += ["PLATFORM_RECOVERIES", "debt"]
