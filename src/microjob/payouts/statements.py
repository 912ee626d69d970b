"""What a user is shown about their money: account statements and the payout projection.

Both are read-only views computed from ledger entries and orders; nothing here moves money.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.errors import ValidationError
from microjob.ledger import Entry
from microjob.money import zero


@attrs.frozen
class StatementLine:
    """One ledger entry as it touched the account: signed ``amount`` and the balance after."""

    at: DateTime
    key: str
    cause: str
    memo: str
    counterparty: str
    amount: Money
    balance: Money


@attrs.frozen
class StatementPeriod:
    """Totals of one day, week, month or year of a statement."""

    label: str
    credits: Money
    debits: Money
    closing: Money

    @property
    def net(self) -> Money:
        return self.credits - self.debits


@attrs.frozen
class Statement:
    """A cash account's transaction history between ``start`` and ``end`` (Web Park's
    "transaction records"): opening balance, every line with its running balance, totals per
    period, closing balance."""

    user_id: str
    account: str
    currency: str
    start: DateTime | None
    end: DateTime | None
    opening: Money
    closing: Money
    lines: tuple[StatementLine, ...]
    periods: tuple[StatementPeriod, ...]

    @property
    def credits(self) -> Money:
        total = zero(self.currency)
        for line in self.lines:
            if line.amount.amount > 0:
                total += line.amount
        return total

    @property
    def debits(self) -> Money:
        total = zero(self.currency)
        for line in self.lines:
            if line.amount.amount < 0:
                total -= line.amount
        return total


_PERIODS: Final[Mapping[str, Callable[[DateTime], str]]] = {
    "day": lambda at: at.format("YYYY-MM-DD"),
    "week": lambda at: "{}-W{:02d}".format(*at.isocalendar()[:2]),
    "month": lambda at: at.format("YYYY-MM"),
    "year": lambda at: at.format("YYYY"),
}


def build_statement(
    user_id: str,
    account: str,
    currency: str,
    entries: Iterable[Entry],
    *,
    start: DateTime | None = None,
    end: DateTime | None = None,
    period: str = "month",
) -> Statement:
    """The statement of ``account`` from its entries (oldest first), ``start <= at < end``."""
    label_of = _PERIODS.get(period)
    if label_of is None:
        raise ValidationError(f"period must be one of {', '.join(_PERIODS)}, got {period!r}")
    if start is not None and end is not None and end < start:
        raise ValidationError("a statement's end must not be before its start")
    balance = Decimal(0)
    opening = Decimal(0)
    lines: list[StatementLine] = []
    periods: dict[str, list[Decimal]] = {}
    for entry in entries:
        delta = Decimal(0)
        other = ""
        for t in entry.transfers:
            if t.amount.currency.code != currency:
                continue
            if t.destination == account:
                delta += t.amount.amount
                other = other or t.source
            elif t.source == account:
                delta -= t.amount.amount
                other = other or t.destination
        if start is not None and entry.at < start:
            balance += delta
            opening = balance
            continue
        if end is not None and entry.at >= end:
            break
        balance += delta
        lines.append(
            StatementLine(
                entry.at,
                entry.key,
                entry.cause,
                entry.memo,
                other,
                Money(delta, currency),
                Money(balance, currency),
            )
        )
        totals = periods.setdefault(label_of(entry.at), [Decimal(0), Decimal(0), Decimal(0)])
        if delta > 0:
            totals[0] += delta
        else:
            totals[1] -= delta
        totals[2] = balance
    return Statement(
        user_id=user_id,
        account=account,
        currency=currency,
        start=start,
        end=end,
        opening=Money(opening, currency),
        closing=Money(balance, currency),
        lines=tuple(lines),
        periods=tuple(
            StatementPeriod(label, Money(c, currency), Money(d, currency), Money(b, currency))
            for label, (c, d, b) in periods.items()
        ),
    )


@attrs.frozen
class ProjectionRow:
    """One order's money as the seller will see it: gross price, the platform's commission,
    the payout fee (were this order withdrawn on its own), what is left, and when."""

    order_id: str
    title: str
    state: str
    gross: Money
    commission: Money
    fees: Money
    net: Money
    available_at: DateTime | None
    arrival_at: DateTime | None


@attrs.frozen
class PayoutProjection:
    """A seller's money still on its way: orders not yet available, plus what is available
    now, and when each would arrive with ``method_kind``."""

    seller_id: str
    currency: str
    method_kind: str | None
    available_now: Money
    rows: tuple[ProjectionRow, ...]

    @property
    def total_net(self) -> Money:
        total = zero(self.currency)
        for row in self.rows:
            total += row.net
        return total


def sum_money(amounts: Sequence[Money], currency: str) -> Money:
    """The exact sum of ``amounts`` (zero for none)."""
    total = zero(currency)
    for amount in amounts:
        total += amount
    return total
