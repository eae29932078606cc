"""办结时限: counting from acceptance across holidays, clock stops, due soon, overdue, issued
on time or late, and refusal past the known years."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector_app.domain.deadlines import ClockStop, deadline
from inspector_app.domain.errors import DomainError
from inspector_app.domain.workdays import CalendarUnknown, WorkCalendar

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.standard()


def test_counts_from_the_day_after_acceptance_across_national_day(cal: WorkCalendar) -> None:
    # Accepted Wed 2026-09-30; 10 working days: Oct 8, 9, 10 (make-up Sat), 12..16, 19, 20.
    d = deadline(cal, D("2026-09-30"), 10, [], today=D("2026-09-30"))
    assert d.due_on == D("2026-10-20")
    assert (d.used, d.left, d.state) == (0, 10, "running")
    # On the make-up Saturday three days are used.
    d = deadline(cal, D("2026-09-30"), 10, [], today=D("2026-10-10"))
    assert (d.used, d.left) == (3, 7)


def test_spring_festival_inside_the_limit(cal: WorkCalendar) -> None:
    # Accepted Fri 2026-02-13: day 1 the make-up Sat 14th, day 2 Tue 24th, … day 5 Fri 27th,
    # day 6 the make-up Sat 28th, day 7 Mon Mar 2.
    assert deadline(cal, D("2026-02-13"), 1, [], today=D("2026-02-13")).due_on == D("2026-02-14")
    assert deadline(cal, D("2026-02-13"), 6, [], today=D("2026-02-13")).due_on == D("2026-02-28")
    assert deadline(cal, D("2026-02-13"), 7, [], today=D("2026-02-13")).due_on == D("2026-03-02")


def test_due_soon_due_today_and_overdue(cal: WorkCalendar) -> None:
    accepted = D("2026-03-02")  # Mon; 5 working days: due Mon 2026-03-09
    assert deadline(cal, accepted, 5, [], today=D("2026-03-03")).state == "running"
    soon = deadline(cal, accepted, 5, [], today=D("2026-03-04"))
    assert (soon.left, soon.state) == (3, "due_soon")
    today = deadline(cal, accepted, 5, [], today=D("2026-03-09"))
    assert (today.due_on, today.left, today.state) == (D("2026-03-09"), 0, "due_soon")
    late = deadline(cal, accepted, 5, [], today=D("2026-03-10"))
    assert (late.left, late.state) == (-1, "overdue")


def test_clock_stop_leaves_out_the_wait(cal: WorkCalendar) -> None:
    accepted = D("2026-03-02")  # Mon
    # Stopped Wed 4th (counts), material arrived Mon 9th (does not count): 4 working days
    # (5th, 6th, 9th … of which Thu, Fri, Mon) are left out.
    stop = ClockStop(D("2026-03-04"), D("2026-03-09"), "补正材料")
    plain = deadline(cal, accepted, 5, [], today=D("2026-03-02"))
    paused = deadline(cal, accepted, 5, [stop], today=D("2026-03-10"))
    assert plain.due_on == D("2026-03-09")
    # Counted: 3rd, 4th, then 10th, 11th, 12th.
    assert paused.due_on == D("2026-03-12")
    assert (paused.used, paused.left) == (3, 2)


def test_open_stop_freezes_the_count_and_hides_the_due_date(cal: WorkCalendar) -> None:
    stop = ClockStop(D("2026-03-04"), None, "待企业提交工艺验证资料")
    d = deadline(cal, D("2026-03-02"), 5, [stop], today=D("2026-04-30"))
    assert (d.due_on, d.used, d.left, d.state) == (None, 2, 3, "stopped")


def test_issued_on_time_or_late(cal: WorkCalendar) -> None:
    accepted = D("2026-03-02")
    on_time = deadline(cal, accepted, 5, [], today=D("2026-06-01"), done_on=D("2026-03-09"))
    assert (on_time.state, on_time.used, on_time.due_on) == ("on_time", 5, D("2026-03-09"))
    late = deadline(cal, accepted, 5, [], today=D("2026-06-01"), done_on=D("2026-03-10"))
    assert (late.state, late.left) == ("late", -1)
    # Issued while a stop was open: the wait ends with the issue.
    stop = ClockStop(D("2026-03-03"), None)
    done = deadline(cal, accepted, 5, [stop], today=D("2026-06-01"), done_on=D("2026-03-20"))
    assert (done.state, done.used) == ("on_time", 1)


def test_bad_stops_are_refused_naming_the_stop(cal: WorkCalendar) -> None:
    accepted = D("2026-03-02")
    with pytest.raises(DomainError, match=r"clock stop 1.*before 2026-03-02"):
        deadline(cal, accepted, 5, [ClockStop(D("2026-03-01"), None)], today=accepted)
    with pytest.raises(DomainError, match=r"clock stop 1.*resumed on 2026-03-03"):
        deadline(cal, accepted, 5, [ClockStop(D("2026-03-04"), D("2026-03-03"))], today=accepted)
    with pytest.raises(DomainError, match=r"clock stop 1.*not resumed"):
        stops = [ClockStop(D("2026-03-03"), None), ClockStop(D("2026-03-05"), None)]
        deadline(cal, accepted, 5, stops, today=accepted)
    with pytest.raises(DomainError, match=r"clock stop 2.*before 2026-03-06"):
        stops = [ClockStop(D("2026-03-03"), D("2026-03-06")), ClockStop(D("2026-03-05"), None)]
        deadline(cal, accepted, 5, stops, today=accepted)
    with pytest.raises(DomainError, match="limit"):
        deadline(cal, accepted, 0, [], today=accepted)


def test_a_due_date_past_the_known_years_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarUnknown, match="2027-01"):
        deadline(cal, D("2026-12-01"), 30, [], today=D("2026-12-01"))


def test_issued_within_the_limit_is_on_time_even_if_the_due_day_is_unknown(
    cal: WorkCalendar,
) -> None:
    # Accepted 2026-12-21, 20 working days: the due day is in 2027 (unknown), but the report
    # went out on 2026-12-30 after 7 working days.
    d = deadline(cal, D("2026-12-21"), 20, [], today=D("2026-12-31"), done_on=D("2026-12-30"))
    assert (d.state, d.used, d.due_on) == ("on_time", 7, None)
    with pytest.raises(CalendarUnknown):
        deadline(cal, D("2026-12-21"), 20, [], today=D("2026-12-31"))
