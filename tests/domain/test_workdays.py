"""The working-day calendar at its boundaries: weekends, the 2026 Spring Festival and National
Day arrangements with their make-up working days, the override file, and refusal past the
last known year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from inspector_app.domain import workdays
from inspector_app.domain.errors import DomainError
from inspector_app.domain.workdays import (
    CalendarUnknown,
    OverrideError,
    WorkCalendar,
    parse_overrides,
)

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.standard(source="holiday-overrides.yaml")


def test_plain_weekend_and_weekdays(cal: WorkCalendar) -> None:
    # 2026-03-06 Fri, 07 Sat, 08 Sun, 09 Mon: no arrangement near.
    assert cal.is_workday(D("2026-03-06"))
    assert not cal.is_workday(D("2026-03-07"))
    assert not cal.is_workday(D("2026-03-08"))
    assert cal.is_workday(D("2026-03-09"))
    assert cal.add_workdays(D("2026-03-06"), 1) == D("2026-03-09")


def test_spring_festival_2026(cal: WorkCalendar) -> None:
    # 国办发明电〔2025〕7号: 2月15日（腊月廿八）至23日放假调休，共9天；2月14日（周六）、
    # 2月28日（周六）上班.
    assert cal.is_workday(D("2026-02-13"))  # Fri before
    assert cal.is_workday(D("2026-02-14"))  # Sat, make-up day
    for n in range(15, 24):
        assert not cal.is_workday(D(f"2026-02-{n:02d}")), n
    assert cal.is_workday(D("2026-02-24"))  # first day back
    assert not cal.is_workday(D("2026-02-22"))  # a Sunday inside the break
    assert cal.is_workday(D("2026-02-28"))  # Sat, make-up day
    assert not cal.is_workday(D("2026-03-01"))  # the Sunday after is off
    # From the make-up Saturday, the next working day is the Tuesday after the break.
    assert cal.add_workdays(D("2026-02-14"), 1) == D("2026-02-24")
    assert cal.workdays_between(D("2026-02-13"), D("2026-02-28")) == 1 + 4 + 1


def test_national_day_2026(cal: WorkCalendar) -> None:
    # 10月1日至7日放假调休，共7天；9月20日（周日）、10月10日（周六）上班.
    assert cal.is_workday(D("2026-09-20"))  # Sun, make-up day
    assert not cal.is_workday(D("2026-09-19"))  # the Saturday before it stays off
    assert cal.is_workday(D("2026-09-30"))
    for n in range(1, 8):
        assert not cal.is_workday(D(f"2026-10-{n:02d}")), n
    assert cal.is_workday(D("2026-10-08"))
    assert cal.is_workday(D("2026-10-10"))  # Sat, make-up day
    assert not cal.is_workday(D("2026-10-11"))
    assert cal.add_workdays(D("2026-09-30"), 1) == D("2026-10-08")
    assert cal.add_workdays(D("2026-09-30"), 3) == D("2026-10-10")
    assert cal.add_workdays(D("2026-09-30"), 4) == D("2026-10-12")


def test_refuses_past_the_last_known_year(cal: WorkCalendar) -> None:
    assert cal.last_year == 2026
    with pytest.raises(CalendarUnknown) as caught:
        cal.is_workday(D("2027-01-04"))
    assert "2027-01-04" in str(caught.value) and "2026" in str(caught.value)
    assert "holiday-overrides.yaml" in str(caught.value)
    assert isinstance(caught.value, DomainError)
    # Counting that would cross into the unknown year is refused too, not guessed.
    with pytest.raises(CalendarUnknown):
        cal.add_workdays(D("2026-12-25"), 10)
    with pytest.raises(CalendarUnknown):
        cal.is_workday(D("1999-12-31"))


def test_override_adds_a_year_and_replaces_one() -> None:
    text = """
years:
  2027:
    holidays: [2027-01-01, 2027-02-08..2027-02-12]
    workdays: [2027-02-06]
  2026:
    holidays: []
    workdays: []
"""
    years = parse_overrides(text, "center.yaml")
    cal = WorkCalendar.standard(years, "center.yaml")
    assert cal.last_year == 2027
    assert not cal.is_workday(D("2027-01-01"))  # Fri, holiday
    assert cal.is_workday(D("2027-02-06"))  # Sat, make-up
    assert not cal.is_workday(D("2027-02-10"))
    assert cal.is_workday(D("2027-03-01"))
    # 2026 replaced by an empty arrangement: National Day is a plain Thursday now.
    assert cal.is_workday(D("2026-10-01"))
    assert not cal.is_workday(D("2026-10-10"))
    with pytest.raises(CalendarUnknown):
        cal.is_workday(D("2028-01-03"))


def test_a_gap_year_ends_the_known_run() -> None:
    years = parse_overrides("years:\n  2028:\n    holidays: [2028-01-03]\n")
    cal = WorkCalendar.standard(years)
    assert cal.last_year == 2026  # 2027 unknown: 2028 cannot be reached by counting
    with pytest.raises(CalendarUnknown):
        cal.is_workday(D("2028-01-04"))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("years: [1, 2]", "expected a mapping"),
        ("years:\n  twenty: {}\n", "must be a year"),
        ("years:\n  2027:\n    holidays: [2028-01-01]\n", "not in 2027"),
        ("years:\n  2027:\n    holidays: [2027-13-01]\n", "bad date"),
        ("years:\n  2027:\n    holidays: [2027-02-10..2027-02-01]\n", "ends before"),
        (
            "years:\n  2027:\n    holidays: [2027-02-06]\n    workdays: [2027-02-06]\n",
            "holiday and workday",
        ),
        ("years:\n  2027:\n    off: []\n", "only"),
        ("years: {2027: [", "not valid YAML"),
    ],
)
def test_bad_override_files_say_where(text: str, where: str) -> None:
    with pytest.raises(OverrideError) as caught:
        parse_overrides(text, "center.yaml")
    assert "center.yaml" in str(caught.value)
    assert where in str(caught.value)


def test_the_bundled_override_file_parses() -> None:
    path = Path(workdays.__file__).with_name("holiday-overrides.yaml")
    years = parse_overrides(path.read_text(encoding="utf-8"), str(path))
    assert all(isinstance(y, int) for y in years)
