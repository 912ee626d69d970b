"""Business days with a country's holidays from the ``holidays`` package (the ``calendars``
extra), beside the plain weekend-and-dates count that stays as it was."""

from __future__ import annotations

import sys
from datetime import date

import holidays
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microjob.timecalc import add_business_days, add_days, holiday_calendar


def noon(day: str) -> pendulum.DateTime:
    return pendulum.parse(f"{day}T12:00:00Z")  # type: ignore[return-value]


# -- the plain count, unchanged ------------------------------------------------------------------
def test_without_a_calendar_only_saturday_and_sunday_are_skipped() -> None:
    assert add_business_days(noon("2026-01-09"), 1) == noon("2026-01-12")  # Friday -> Monday
    assert add_business_days(noon("2026-01-10"), 2) == noon("2026-01-13")  # Saturday -> Tuesday
    assert add_business_days(noon("2026-01-09"), 0) == noon("2026-01-09")
    assert add_business_days(noon("2026-01-09"), 1, {date(2026, 1, 12)}) == noon("2026-01-13")


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="days must not be negative, got -1"):
        add_business_days(noon("2026-01-09"), -1, holidays.country_holidays("HU"))


# -- holiday_calendar ----------------------------------------------------------------------------
def test_hungarian_holidays_for_jobindoor() -> None:
    calendar = holiday_calendar("HU", 2026)
    assert date(2026, 3, 15) in calendar  # national day (a Sunday in 2026)
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 10, 23)} <= calendar
    assert date(2026, 3, 16) not in calendar
    assert date(2027, 3, 15) not in calendar  # only the years asked for
    assert date(2027, 3, 15) in holiday_calendar("HU", range(2026, 2028))
    assert isinstance(calendar, frozenset)
    assert calendar == holiday_calendar("HU", [2026])


def test_easter_in_hungary_takes_two_working_days_out() -> None:
    thursday = noon("2026-04-02")  # Good Friday the 3rd, Easter Monday the 6th
    assert add_business_days(thursday, 2) == noon("2026-04-06")
    assert add_business_days(thursday, 2, holiday_calendar("HU", 2026)) == noon("2026-04-08")
    # a national day on a Monday (2027-03-15) moves the deadline a day
    calendar = holiday_calendar("HU", 2027)
    assert add_business_days(noon("2027-03-12"), 1, calendar) == noon("2027-03-16")
    assert add_days(noon("2027-03-12"), 1, business=True, holidays=calendar) == noon("2027-03-16")
    assert add_days(noon("2027-03-12"), 1, holidays=calendar) == noon("2027-03-13")


def test_a_region_adds_its_own_holidays() -> None:
    epiphany = date(2026, 1, 6)
    assert epiphany not in holiday_calendar("DE", 2026)
    assert epiphany in holiday_calendar("DE", 2026, subdiv="BY")


@pytest.mark.parametrize(
    ("country", "years", "subdiv", "message"),
    [
        ("XX", 2026, None, r"no holiday calendar for 'XX'.*e\.g\. 'HU'"),
        ("DE", 2026, "ZZ", r"no holiday calendar for 'DE/ZZ'"),
        ("HU", [], None, r"years must be .* e\.g\. range\(2026, 2028\); got \[\]"),
        ("HU", ["2026"], None, r"years must be .*; got \['2026'\]"),
        ("HU", True, None, r"years must be"),
    ],
)
def test_a_bad_country_region_or_year_is_refused_clearly(
    country: str, years: object, subdiv: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        holiday_calendar(country, years, subdiv=subdiv)  # type: ignore[arg-type]


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "holidays", None)
    with pytest.raises(ImportError, match=r"pip install 'microjob\[calendars\]'"):
        holiday_calendar("HU", 2026)


# -- a HolidayBase decides every day itself ------------------------------------------------------
def test_a_country_calendar_counts_hungary_s_working_saturdays() -> None:
    friday = noon("2026-01-09")  # Saturday the 10th is worked in Hungary (for Friday the 2nd)
    assert add_business_days(friday, 1, holidays.country_holidays("HU")) == noon("2026-01-10")
    assert add_business_days(friday, 1, holiday_calendar("HU", 2026)) == noon("2026-01-12")


def test_a_country_calendar_follows_its_own_weekend_and_any_year() -> None:
    thursday = noon("2026-01-08")  # Saudi Arabia rests on Friday and Saturday
    assert add_business_days(thursday, 1, holidays.country_holidays("SA")) == noon("2026-01-11")
    later = noon("2031-12-24")  # a year nobody asked for: filled in when the count reaches it
    assert add_business_days(later, 1, holidays.country_holidays("HU")) == noon("2031-12-29")


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 11, 30)),
    days=st.integers(min_value=0, max_value=25),
)
def test_where_saturdays_are_never_worked_both_forms_agree(start: date, days: int) -> None:
    at = noon(start.isoformat())
    frozen = holiday_calendar("DE", range(2026, 2028))
    assert add_business_days(at, days, frozen) == add_business_days(
        at, days, holidays.country_holidays("DE")
    )
