"""Each defect's rectification status for the 综合评定 (domain/assessment.py): the order of
the sources and the due day's boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector_app.domain.assessment import DefectAnswer, engine_statuses, rule_defect
from inspector_app.domain.conclusion import RectificationStatus as S

DUE = dt.date(2026, 10, 19)


def ruled(today: dt.date = DUE, **answer):
    r = rule_defect(DefectAnswer("d1", **answer), DUE, today)
    return r.status, r.source


def test_the_due_day_itself_is_still_pending_the_day_after_is_missing():
    assert ruled(DUE) == (S.PENDING, "open")
    assert ruled(DUE + dt.timedelta(days=1)) == (S.MISSING, "overdue")
    assert ruled(DUE + dt.timedelta(days=1), response="draft") == (S.MISSING, "overdue")
    # Submitted (even after the due day) waits for the center's verification.
    assert ruled(DUE + dt.timedelta(days=9), response="submitted") == (S.PENDING, "waiting")
    # A calendar that cannot say the due day never makes a defect overdue.
    unknown = rule_defect(DefectAnswer("d1"), None, DUE + dt.timedelta(days=400))
    assert unknown.status is S.PENDING


def test_the_centers_verification_decides_an_answer():
    late = DUE + dt.timedelta(days=30)
    assert ruled(late, response="accepted") == (S.ACCEPTED, "verification")
    assert ruled(late, response="insufficient") == (S.INSUFFICIENT, "verification")


def test_an_upheld_objection_withdraws_the_defect_whatever_else_happened():
    for response in (None, "insufficient", "submitted"):
        r = rule_defect(
            DefectAnswer("d1", response=response, objection="upheld", followup="not_closed"),
            DUE,
            DUE + dt.timedelta(days=30),
        )
        assert (r.status, r.source, r.withdrawn) == (S.ACCEPTED, "withdrawn", True)
    # Rejected: as if there were no objection; unanswered: waits for the answer.
    assert ruled(response="accepted", objection="rejected") == (S.ACCEPTED, "verification")
    assert ruled(DUE + dt.timedelta(days=5), objection="open") == (S.PENDING, "objection_open")


@pytest.mark.parametrize(
    ("response", "followup", "expected"),
    [
        (None, "closed", (S.ACCEPTED, "reinspection")),  # overdue, but closed on site
        ("submitted", "closed", (S.ACCEPTED, "reinspection")),
        ("accepted", "partly", (S.INSUFFICIENT, "reinspection")),  # the site overrides
        ("accepted", "not_closed", (S.INSUFFICIENT, "reinspection")),
        ("insufficient", "closed", (S.INSUFFICIENT, "verification")),  # the center's finding
    ],
)
def test_a_reinspection_outcome_decides_the_defect(response, followup, expected):
    late = DUE + dt.timedelta(days=3)
    assert ruled(late, response=response, followup=followup) == expected


def test_engine_statuses_map_each_defect():
    rulings = [
        rule_defect(DefectAnswer("a", response="accepted"), DUE, DUE),
        rule_defect(DefectAnswer("b", objection="upheld"), DUE, DUE),
        rule_defect(DefectAnswer("c"), DUE, DUE + dt.timedelta(days=1)),
    ]
    assert engine_statuses(rulings) == {"a": S.ACCEPTED, "b": S.ACCEPTED, "c": S.MISSING}
