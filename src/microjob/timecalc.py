"""Deadlines counted in calendar days or business days.

pendulum knows time zones and calendars but not business days; marketplaces that promise "a few
working days" (Jobindoor) need them for delivery, auto-complete, clearance and payout dates.

Which days are working days is a country's law, not ours to keep, so a calendar comes from the
``holidays`` package (the ``calendars`` extra) in one of two forms:

* `holiday_calendar` (``"HU"``, years) -> a frozen set of that country's holiday dates, with
  Saturday and Sunday as the weekend: fixed, hashable, fit for an attrs policy field;
* a ``holidays.HolidayBase`` itself (``holidays.country_holidays("HU")``), passed wherever a
  holiday set is taken: then the country's own rules decide every day, its weekend (Friday and
  Saturday in some countries), the Saturdays moved to working days (Hungary's bridge days) and
  every year, which it fills in as dates reach it.

A plain set of dates still works as before, and nothing here imports ``holidays`` until a
calendar is asked for, so ``import microjob`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date, datetime, timedelta
from typing import Protocol

import pendulum
from pendulum import DateTime

__all__ = [
    "WorkingDays",
    "add_business_days",
    "add_days",
    "add_hours",
    "holiday_calendar",
]

_ADD = datetime.__add__
_UTC = pendulum.UTC
_ONE_DAY = timedelta(days=1)


class WorkingDays(Protocol):
    """A country's full calendar: ``holidays.HolidayBase`` is one."""

    def is_working_day(self, key: date) -> bool: ...


Holidays = Collection[date] | WorkingDays
"""What a business-day count skips besides the weekend: dates, or a whole country's calendar."""


def holiday_calendar(
    country: str, years: int | Iterable[int], *, subdiv: str | None = None
) -> frozenset[date]:
    """The public holidays of ``country`` (ISO 3166-1, e.g. ``"HU"``) in ``years``, frozen.

    ``subdiv`` names a region whose own holidays count too (``"BY"`` for Bavaria in ``"DE"``).
    The set holds holidays only: counted with it, every Saturday and Sunday is a day off. Pass
    ``holidays.country_holidays(country)`` instead to follow the country's weekend and its
    working Saturdays as well.
    """
    try:
        import holidays
    except ImportError as error:
        raise ImportError(
            "holiday calendars need the holidays package: pip install 'microjob[calendars]'"
        ) from error
    wanted = [years] if isinstance(years, int) else list(years)
    if not wanted or not all(isinstance(y, int) and not isinstance(y, bool) for y in wanted):
        raise ValueError(
            f"years must be a year or years as whole numbers, e.g. range(2026, 2028); got {years!r}"
        )
    try:
        calendar = holidays.country_holidays(country, subdiv=subdiv, years=wanted)
    except NotImplementedError as error:
        where = country if subdiv is None else f"{country}/{subdiv}"
        raise ValueError(
            f"no holiday calendar for {where!r}: give an ISO 3166-1 country code the holidays "
            f"package knows, e.g. 'HU', 'DE' or 'US', and one of its subdivisions ({error})"
        ) from error
    return frozenset(calendar)


def _shift(start: DateTime, delta: timedelta) -> DateTime:
    """``start + delta``; the C datetime addition keeps the pendulum type and, in UTC where
    microjob stores every time, is exact, at a tenth of the cost of ``DateTime.add``."""
    if start.tzinfo is _UTC or start.utcoffset() == timedelta(0):
        result: DateTime = _ADD(start, delta)
        return result
    return start + delta


def add_business_days(start: DateTime, days: int, holidays: Holidays = ()) -> DateTime:
    """``start`` moved forward by ``days`` working days, keeping the time of day.

    Only working days are counted, so "2 business days" from a Saturday noon (or a Friday
    noon) is Tuesday noon. ``holidays`` is a set of dates skipped besides Saturday and Sunday,
    or a country's calendar (``holidays.HolidayBase``) that decides every day itself.
    """
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    current = start
    remaining = days
    is_working_day: Callable[[date], bool] | None = getattr(holidays, "is_working_day", None)
    if is_working_day is not None:
        while remaining:
            current = _shift(current, _ONE_DAY)
            if is_working_day(current.date()):
                remaining -= 1
        return current
    dates: Collection[date] = holidays  # type: ignore[assignment]  # no is_working_day: dates
    while remaining:
        current = _shift(current, _ONE_DAY)
        if current.isoweekday() <= 5 and current.date() not in dates:
            remaining -= 1
    return current


def add_days(
    start: DateTime, days: int, *, business: bool = False, holidays: Holidays = ()
) -> DateTime:
    """``start`` plus ``days`` calendar days, or business days when ``business`` is true
    (skipping ``holidays`` too, see `add_business_days`)."""
    if business:
        return add_business_days(start, days, holidays)
    return _shift(start, timedelta(days=days))


def add_hours(start: DateTime, hours: int) -> DateTime:
    """``start`` plus ``hours`` elapsed hours."""
    return _shift(start, timedelta(hours=hours))
