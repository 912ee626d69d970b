"""Time in the SQL adapter: the UTC wall clock, and times as each driver stores them.

Times are stored in UTC without an offset: PostgreSQL's driver takes and returns naive
``datetime`` values, SQLite stores ISO text. Both come back as pendulum ``DateTime`` in UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
from pendulum import DateTime

from microjob.errors import ValidationError


def _utc(at: DateTime) -> DateTime:
    if not isinstance(at, dt.datetime) or at.utcoffset() is None:
        raise ValidationError(f"times must be timezone-aware pendulum DateTimes, got {at!r}")
    if isinstance(at, DateTime) and at.tzinfo is pendulum.UTC:
        return at
    return pendulum.instance(at).in_timezone("UTC")


class SystemClock:
    """The wall clock, in UTC (what a marketplace in a database normally runs on)."""

    def now(self) -> DateTime:
        return pendulum.now("UTC")


_SQLITE_TIME = "%04d-%02d-%02d %02d:%02d:%02d.%06d"


def _sqlite_time(value: dt.datetime) -> str:
    offset = value.utcoffset()
    if offset is None or offset:  # not UTC already: shift it (or refuse a naive time)
        value = _naive_utc(value)
    v = value  # %-formatting: twice as fast as an f-string here
    return _SQLITE_TIME % (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)


def _naive_utc(value: dt.datetime) -> dt.datetime:
    offset = value.utcoffset()
    if offset is None:
        raise ValidationError(f"times must be timezone-aware, got {value!r}")
    naive = dt.datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
    )
    return naive - offset if offset else naive


def _from_naive(v: dt.datetime) -> DateTime:
    return DateTime(
        v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, tzinfo=pendulum.UTC
    )


def _sqlite_time_out(value: Any) -> DateTime:
    if isinstance(value, dt.datetime):
        return _from_naive(value)
    return _from_naive(dt.datetime.fromisoformat(value))
