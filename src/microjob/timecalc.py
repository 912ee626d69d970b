"""Deadlines counted in calendar days or business days.

pendulum knows time zones and calendars but not business days; marketplaces that promise "a few
working days" (Jobindoor) need them for delivery, auto-complete, clearance and payout dates.
Weekends are Saturday and Sunday; a holiday calendar can be passed as a set of dates.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

import pendulum
from pendulum import DateTime

__all__ = ["add_business_days", "add_days", "add_hours"]

_ADD = datetime.__add__
_UTC = pendulum.UTC
_ONE_DAY = timedelta(days=1)


def _shift(start: DateTime, delta: timedelta) -> DateTime:
    """``start + delta``; the C datetime addition keeps the pendulum type and, in UTC where
    microjob stores every time, is exact, at a tenth of the cost of ``DateTime.add``."""
    if start.tzinfo is _UTC or start.utcoffset() == timedelta(0):
        result: DateTime = _ADD(start, delta)
        return result
    return start + delta


def add_business_days(start: DateTime, days: int, holidays: Collection[date] = ()) -> DateTime:
    """``start`` moved forward by ``days`` working days, keeping the time of day.

    Only working days are counted, so "2 business days" from a Saturday noon (or a Friday
    noon) is Tuesday noon.
    """
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    current = start
    remaining = days
    while remaining:
        current = _shift(current, _ONE_DAY)
        if current.isoweekday() <= 5 and current.date() not in holidays:
            remaining -= 1
    return current


def add_days(start: DateTime, days: int, *, business: bool = False) -> DateTime:
    """``start`` plus ``days`` calendar days, or business days when ``business`` is true."""
    if business:
        return add_business_days(start, days)
    return _shift(start, timedelta(days=days))


def add_hours(start: DateTime, hours: int) -> DateTime:
    """``start`` plus ``hours`` elapsed hours."""
    return _shift(start, timedelta(hours=hours))
