"""The completion deadline (办结时限) of a service request, in working days.

Counting starts the working day after acceptance (the day of acceptance is not counted, as
"自受理之日起N个工作日" is read). While the company owes material the clock is stopped: a stop
made on day S and resumed on day R leaves out the days S < d <= R (the center worked on S;
counting starts again the day after the material arrived, as it did after acceptance). While a
stop is open the due date is unknown. The request is done on the day its report is issued;
it is on time when no more than `limit` working days were counted by then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from inspector_app.domain.errors import DomainError
from inspector_app.domain.workdays import CalendarUnknown, WorkCalendar

DUE_SOON_DAYS = 3  # working days left at or below which a running request is "due soon"

State = Literal["running", "due_soon", "overdue", "stopped", "on_time", "late"]


@dataclass(frozen=True)
class ClockStop:
    stopped_on: dt.date
    resumed_on: dt.date | None
    reason: str = ""


@dataclass(frozen=True)
class Deadline:
    limit: int  # working days
    due_on: dt.date | None  # None while the clock is stopped
    used: int  # working days counted up to today, or up to the issue day once issued
    left: int  # limit - used (negative: that many working days late)
    state: State
    done_on: dt.date | None = None


def _check(accepted_on: dt.date, stops: Sequence[ClockStop], done_on: dt.date | None) -> None:
    previous = accepted_on
    for n, stop in enumerate(stops, 1):
        if stop.stopped_on < previous:
            raise DomainError(
                f"clock stop {n}",
                f"stopped on {stop.stopped_on.isoformat()}, before "
                f"{previous.isoformat()} (acceptance or the previous resumption)",
            )
        if stop.resumed_on is None:
            if n != len(stops):
                raise DomainError(f"clock stop {n}", "not resumed, yet a later stop exists")
        elif stop.resumed_on < stop.stopped_on:
            raise DomainError(
                f"clock stop {n}",
                f"resumed on {stop.resumed_on.isoformat()}, before it stopped "
                f"({stop.stopped_on.isoformat()})",
            )
        previous = stop.resumed_on or stop.stopped_on
    if done_on is not None and done_on < accepted_on:
        raise DomainError(
            "issued", f"{done_on.isoformat()} is before acceptance ({accepted_on.isoformat()})"
        )


def _stopped(day: dt.date, stops: Sequence[ClockStop]) -> bool:
    return any(s.stopped_on < day and (s.resumed_on is None or day <= s.resumed_on) for s in stops)


def _nth_day(calendar: WorkCalendar, start: dt.date, n: int, stops: Sequence[ClockStop]) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(1)
        if not _stopped(day, stops) and calendar.is_workday(day):
            n -= 1
    return day


def deadline(
    calendar: WorkCalendar,
    accepted_on: dt.date,
    limit: int,
    stops: Sequence[ClockStop],
    today: dt.date,
    done_on: dt.date | None = None,
    soon: int = DUE_SOON_DAYS,
) -> Deadline:
    """Where a request stands on `today` (or stood when done). Raises CalendarUnknown when a
    day it must count lies past the known holiday arrangements."""
    if limit < 1:
        raise DomainError("limit", f"{limit} working days: a limit is at least 1")
    _check(accepted_on, stops, done_on)
    if done_on is not None and stops and stops[-1].resumed_on is None:
        # Issuing ends the wait: the clock stood still until the issue day.
        last = stops[-1]
        stops = [
            *stops[:-1],
            ClockStop(last.stopped_on, max(done_on, last.stopped_on), last.reason),
        ]
    end = done_on or max(today, accepted_on)
    used, day = 0, accepted_on + dt.timedelta(1)
    while day <= end:
        if not _stopped(day, stops) and calendar.is_workday(day):
            used += 1
        day += dt.timedelta(1)
    open_stop = bool(stops) and stops[-1].resumed_on is None
    due: dt.date | None = None
    if not open_stop or done_on is not None:
        try:
            due = _nth_day(calendar, accepted_on, limit, stops)
        except CalendarUnknown:
            # Issued within the limit while its due day lies past the known years: on time
            # all the same (a late issue's due day comes before the issue day, so is known).
            if done_on is None:
                raise
    state: State
    if done_on is not None:
        state = "on_time" if used <= limit else "late"
    elif open_stop:
        state = "stopped"
    elif due is not None and end > due:
        state = "overdue"
    elif limit - used <= soon:
        state = "due_soon"
    else:
        state = "running"
    return Deadline(limit, due, used, limit - used, state, done_on)
