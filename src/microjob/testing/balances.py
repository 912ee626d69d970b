"""Pin money by ledger balances: snapshot every account, run a command, assert the exact deltas.

A test that checks ``order.commission == 2`` proves a field was computed; it does not prove the
platform received 2.00, that the escrow is empty, or that nothing else moved. The ledger is the
truth about money, so the strongest thing a test can say is "these accounts changed by exactly
these amounts, and no other account changed at all"::

    from microjob.testing import expect_deltas

    with expect_deltas(market, {
        "user:anna:available": "-22.00",   # price 20.00 + buyer fee 2.00, from her wallet
        "order:1:escrow": "22.00",
    }):
        market.orders.place(actor="anna", seller_id="bo", title="Logo", price="20.00",
                           delivery_days=3, pay_from_wallet=True)

Keys are account names (built with [`microjob.ledger`][microjob.ledger]'s helpers, or written out)
in the marketplace's currency, or ``(account, currency)`` pairs for any other currency. Values are
amounts as [`microjob.money.money`][microjob.money.money] accepts them (``"-20.00"``, ``Decimal``,
``int``, ``Money``): an amount with more places than the currency has is refused, not rounded. A
listed account with a zero delta asserts the account did not change. Any account that changed and is
not listed fails the assertion, ``world`` (money outside the platform) included: a test cannot
forget to look at a leg.

`snapshot` and `assert_deltas` are the same check as two calls, for a test that
cannot wrap the command in a ``with`` block; `changes` returns what moved. They work on a
[`Marketplace`][microjob.Marketplace] (any adapter) or directly on a ledger store. This module needs
nothing but microjob itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs
from moneyed import Money

from microjob.money import MONEY_CONTEXT, currency_of, money

if TYPE_CHECKING:
    from microjob.ports import LedgerStore

__all__ = ["BalanceSnapshot", "assert_deltas", "changes", "expect_deltas", "snapshot"]

Account: TypeAlias = tuple[str, str]
"""``(account name, ISO currency code)``."""

Expected: TypeAlias = Mapping[str | tuple[str, str], Money | Decimal | str | int]


@attrs.frozen
class BalanceSnapshot:
    """Every account's balance in every currency it ever touched, at one moment."""

    balances: dict[Account, Decimal]
    currency: str | None
    """The currency a bare account name in the expected deltas is read in."""


@contextmanager
def _ledger(source: Any) -> Iterator[LedgerStore]:
    """The ledger behind ``source``: a Marketplace's (inside a unit of work) or ``source``."""
    open_uow = getattr(source, "unit_of_work", None)
    if open_uow is None:
        yield source
        return
    with open_uow() as uow:
        yield uow.ledger


def snapshot(source: Any, *, currency: str | None = None) -> BalanceSnapshot:
    """Read every account's balance now; ``source`` is a Marketplace or a ledger store.

    Which accounts exist comes from the entries; each balance is read through the store's own
    ``balance()``, so a cache that disagrees with the entries shows up as a wrong delta.
    """
    policy = getattr(source, "policy", None)
    code = currency or (policy.currency if policy is not None else None)
    balances: dict[Account, Decimal] = {}
    with _ledger(source) as book:
        pairs = {
            (account, t.amount.currency.code)
            for entry in book.entries()
            for t in entry.transfers
            for account in (t.source, t.destination)
        }
        for account, cur in sorted(pairs):
            balances[(account, cur)] = book.balance(account, cur).amount
    return BalanceSnapshot(balances, currency_of(code).code if code else None)


def changes(before: BalanceSnapshot, source: Any) -> dict[Account, Decimal]:
    """Every ``(account, currency)`` whose balance differs from ``before``, with the delta."""
    after = snapshot(source, currency=before.currency).balances
    zero = Decimal(0)
    moved: dict[Account, Decimal] = {}
    for pair in sorted(set(before.balances) | set(after)):
        delta = MONEY_CONTEXT.subtract(after.get(pair, zero), before.balances.get(pair, zero))
        if delta != 0:
            moved[pair] = delta
    return moved


def _expected(before: BalanceSnapshot, expected: Expected) -> dict[Account, Decimal]:
    wanted: dict[Account, Decimal] = {}
    for key, value in expected.items():
        if isinstance(key, tuple):
            account, code = key[0], currency_of(key[1]).code
        else:
            if before.currency is None:
                raise ValueError(
                    f"no currency for {key!r}: pass currency=... or write the key as "
                    f"({key!r}, 'USD')"
                )
            account, code = key, before.currency
        pair = (account, code)
        if pair in wanted:
            raise ValueError(f"{account} in {code} is listed twice")
        wanted[pair] = money(value, code).amount
    return wanted


def assert_deltas(
    before: BalanceSnapshot, source: Any, expected: Expected, *, verify: bool = True
) -> None:
    """Assert that exactly ``expected`` moved since ``before``: no more, no less.

    With ``verify`` (the default) the ledger's own [`verify`][microjob.ledger.Ledger.verify] runs
    too, so cached balances, the hash chain and the zero sum are checked on the way.
    """
    wanted = _expected(before, expected)
    moved = changes(before, source)
    zero = Decimal(0)
    problems = []
    for pair in sorted(set(wanted) | set(moved)):
        want = wanted.get(pair)
        got = moved.get(pair, zero)
        account, code = pair
        if want is None:
            problems.append(f"  {account}: moved by {got} {code} but was not expected to change")
        elif want != got:
            problems.append(f"  {account}: expected {want:+} {code}, moved by {got} {code}")
    if problems:
        listing = "\n".join(f"    {a}: {d} {c}" for (a, c), d in moved.items()) or "    nothing"
        raise AssertionError(
            "ledger balances did not move as expected:\n"
            + "\n".join(problems)
            + "\n  what moved:\n"
            + listing
        )
    if verify:
        with _ledger(source) as book:
            book.verify()


@contextmanager
def expect_deltas(
    source: Any, expected: Expected, *, currency: str | None = None, verify: bool = True
) -> Iterator[BalanceSnapshot]:
    """Snapshot on entry, `assert_deltas` on a normal exit.

    If the block raises, the exception goes through unchecked: wrap a refused command in
    ``pytest.raises`` *inside* the block, with ``{}`` expected, to pin that it moved nothing.
    """
    before = snapshot(source, currency=currency)
    yield before
    assert_deltas(before, source, expected, verify=verify)
