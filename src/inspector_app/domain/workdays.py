"""Working days in mainland China: weekends, the State Council's public holidays and the
make-up working days (调休上班) that go with them.

The arrangement of each year is published by the State Council's General Office, usually in
November for the year after. The `chinese-calendar` package carries the published years; an
override file (YAML, parsed by `parse_overrides`) lets the center add a year the package does
not know yet, or correct one: a year listed in the file replaces the package's days of that
year entirely. Past the last year either source knows, nothing is guessed: `CalendarUnknown`.

Pure: the caller reads the file and hands its text here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import yaml

from inspector_app.domain.errors import DomainError


class CalendarUnknown(DomainError):
    """A date outside the years whose holiday arrangement is known."""

    def __init__(self, day: dt.date, first: int, last: int, source: str = "") -> None:
        where = f"; add that year's arrangement to {source}" if source else ""
        super().__init__(
            "workdays",
            f"{day.isoformat()} is outside the known holiday arrangements ({first}–{last}){where}",
        )
        self.day, self.first, self.last, self.source = day, first, last, source


class OverrideError(DomainError):
    """The override file is not a valid arrangement; says where."""


@dataclass(frozen=True)
class YearArrangement:
    """One year's published arrangement: days off on weekdays and make-up working days."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


def _package_years() -> dict[int, YearArrangement]:
    from chinese_calendar import constants

    holidays: dict[int, set[dt.date]] = {}
    workdays: dict[int, set[dt.date]] = {}
    for day in constants.holidays:
        holidays.setdefault(day.year, set()).add(day)
    for day in constants.workdays:
        workdays.setdefault(day.year, set()).add(day)
    return {
        y: YearArrangement(y, frozenset(holidays.get(y, ())), frozenset(workdays.get(y, ())))
        for y in sorted(set(holidays) | set(workdays))
    }


def _day(value: object, where: str) -> list[dt.date]:
    """A date, or a range `2027-02-06..2027-02-12` (both ends included)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return [value]
    text = str(value).strip()
    try:
        if ".." in text:
            first, last = (dt.date.fromisoformat(p.strip()) for p in text.split("..", 1))
            if last < first:
                raise ValueError("range ends before it starts")
            return [first + dt.timedelta(n) for n in range((last - first).days + 1)]
        return [dt.date.fromisoformat(text)]
    except ValueError as exc:
        raise OverrideError(where, f"{text!r} is not a date or a date range ({exc})") from None


def parse_overrides(text: str, source: str = "holiday overrides") -> dict[int, YearArrangement]:
    """The override file's years. Shape:

        years:
          2027:
            holidays: [2027-01-01, 2027-02-05..2027-02-13]
            workdays: [2027-02-14]

    Every date must lie in the year it is listed under, and no date may be both."""
    try:
        data = yaml.safe_load(text) or {}
    except (yaml.YAMLError, ValueError) as exc:  # YAML reads 2027-13-01 as a date and fails
        raise OverrideError(source, f"not valid YAML or a bad date ({exc})") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("years", {}), Mapping):
        raise OverrideError(source, "expected a mapping `years:` of year → holidays/workdays")
    years: dict[int, YearArrangement] = {}
    for key, entry in (data.get("years") or {}).items():
        where = f"{source}: years.{key}"
        if not isinstance(key, int) or not 1900 < key < 2200:
            raise OverrideError(where, "the key must be a year such as 2027")
        if not isinstance(entry, Mapping) or set(entry) - {"holidays", "workdays"}:
            raise OverrideError(where, "expected `holidays:` and `workdays:` lists only")
        parts: dict[str, set[dt.date]] = {}
        for kind in ("holidays", "workdays"):
            values = entry.get(kind) or []
            if not isinstance(values, list):
                raise OverrideError(f"{where}.{kind}", "expected a list of dates")
            days = {d for v in values for d in _day(v, f"{where}.{kind}")}
            stray = sorted(d for d in days if d.year != key)
            if stray:
                raise OverrideError(f"{where}.{kind}", f"{stray[0].isoformat()} is not in {key}")
            parts[kind] = days
        both = sorted(parts["holidays"] & parts["workdays"])
        if both:
            raise OverrideError(where, f"{both[0].isoformat()} is listed as holiday and workday")
        years[key] = YearArrangement(
            key, frozenset(parts["holidays"]), frozenset(parts["workdays"])
        )
    return years


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days, for the years the arrangements cover (contiguous from the
    first known year to the last; a gap is as unknown as the years after the last)."""

    years: Mapping[int, YearArrangement]
    source: str = ""  # where to add a missing year, named in CalendarUnknown
    _holidays: frozenset[dt.date] = field(init=False, repr=False)
    _workdays: frozenset[dt.date] = field(init=False, repr=False)
    _span: tuple[int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.years:
            raise OverrideError("workdays", "no year's holiday arrangement is known")
        object.__setattr__(
            self, "_holidays", frozenset(d for y in self.years.values() for d in y.holidays)
        )
        object.__setattr__(
            self, "_workdays", frozenset(d for y in self.years.values() for d in y.workdays)
        )
        last = first = min(self.years)
        while last + 1 in self.years:
            last += 1
        object.__setattr__(self, "_span", (first, last))

    @classmethod
    def standard(
        cls, overrides: Mapping[int, YearArrangement] | None = None, source: str = ""
    ) -> WorkCalendar:
        """The package's years, with the override file's years replacing or adding."""
        return cls({**_package_years(), **(overrides or {})}, source)

    @property
    def first_year(self) -> int:
        return self._span[0]

    @property
    def last_year(self) -> int:
        """The last year of the unbroken run of known years from the first."""
        return self._span[1]

    def check(self, day: dt.date) -> None:
        first, last = self._span
        if not first <= day.year <= last:
            raise CalendarUnknown(day, first, last, self.source)

    def is_workday(self, day: dt.date) -> bool:
        self.check(day)
        if day in self._workdays:
            return True
        if day in self._holidays:
            return False
        return day.weekday() < 5

    def workdays_between(self, after: dt.date, until: dt.date) -> int:
        """Working days d with after < d <= until (0 when until <= after)."""
        n, day = 0, after + dt.timedelta(1)
        while day <= until:
            n += self.is_workday(day)
            day += dt.timedelta(1)
        return n

    def add_workdays(self, start: dt.date, n: int, skip: Iterable[dt.date] = ()) -> dt.date:
        """The n-th working day after `start` (not counting `start`), days in `skip` not
        counted. n = 0 gives `start`."""
        if n < 0:
            raise DomainError("workdays", f"cannot count {n} working days")
        skipped, day = set(skip), start
        while n:
            day += dt.timedelta(1)
            if day not in skipped and self.is_workday(day):
                n -= 1
        return day
