"""Consistency warnings, from plain records (no database, no Qt)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count

from inspector_app.checklist.schema import (
    Checklist,
    ChecklistKind,
    Item,
    Regulation,
    Section,
    Tier,
)
from inspector_app.domain.consistency import WarningKind, check
from inspector_app.domain.model import (
    Defect,
    Inspection,
    InspectionType,
    ItemResult,
    ResultValue,
    Severity,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
_ids = count(1)

C, NC, NA, UN = (
    ResultValue.CONFORMING,
    ResultValue.NON_CONFORMING,
    ResultValue.NOT_APPLICABLE,
    ResultValue.NOT_CHECKED,
)


def checklist() -> Checklist:
    items = [
        Item(id="a", code="1.1", requirement="要求", tier=Tier.KEY),
        Item(id="b", code="1.2", requirement="要求", tier=Tier.GENERAL),
        Item(id="c", code="1.3", requirement="要求", tier=Tier.CRITICAL),
        Item(id="d", code="1.4", requirement="要求"),
        Item(id="s", code="2.1", requirement="要求", tier=Tier.KEY, tags=["sterile"]),
    ]
    return Checklist(
        id="t",
        version=1,
        title="测试检查表",
        kind=ChecklistKind.DRUG_GMP,
        regulation=Regulation(
            name="测试法规", issuer="测试", version="1", effective_date=date(2020, 1, 1)
        ),
        rule_profile="drug-inspection-2023",
        sections=[Section(id="s1", code="1", title="一", items=items)],
    )


def inspection() -> Inspection:
    return Inspection(
        id="i",
        company_name="某药业",
        inspection_type=InspectionType.GMP_COMPLIANCE,
        checklist_id="t",
        checklist_version=1,
        created_at=NOW,
    )


def result(item_id: str, value: ResultValue) -> ItemResult:
    extra = {"reason": "无此工艺"} if value is NA else {}
    return ItemResult(
        id=f"r{next(_ids)}", inspection_id="i", item_id=item_id, result=value, **extra
    )


def defect(item_id: str | None, **more) -> Defect:
    return Defect(
        id=more.pop("id", f"d{next(_ids)}"),
        inspection_id="i",
        item_id=item_id,
        severity=Severity.MAJOR,
        facts="事实",
        created_at=NOW,
        **more,
    )


def run(results=(), defects=()):
    return check(checklist(), inspection(), list(results), list(defects))


def test_everything_answered_and_consistent_gives_no_warning():
    report = run(
        [result("a", C), result("b", NC), result("c", NA), result("d", C)],
        [defect("b"), defect(None)],  # a defect on no item is fine
    )
    assert report.warnings == ()
    assert (report.unanswered, report.total) == (0, 4)  # "s" is out of scope (sterile)
    assert not report.provisional


def test_non_conforming_item_without_defect():
    report = run([result("a", C), result("b", NC), result("c", C), result("d", NC)], [defect("d")])
    [warning] = report.warnings
    assert warning.kind is WarningKind.NON_CONFORMING_WITHOUT_DEFECT
    assert warning.item_ids == ("b",)
    assert not warning.offers_non_conforming


def test_deleted_defect_does_not_count_as_evidence():
    report = run(
        [result("a", C), result("b", NC), result("c", C), result("d", C)],
        [defect("b", deleted=True)],
    )
    assert [w.kind for w in report.warnings] == [WarningKind.NON_CONFORMING_WITHOUT_DEFECT]


def test_defect_on_an_item_that_is_unanswered_conforming_or_not_applicable():
    report = run(
        [result("a", C), result("b", NA), result("c", C)],
        [defect("a", id="on-conforming"), defect("b", id="on-na"), defect("d", id="on-open")],
    )
    linked = report.of_kind(WarningKind.DEFECT_ON_ITEM_NOT_NON_CONFORMING)
    assert [(w.defect_id, w.item_ids, w.result) for w in linked] == [
        ("on-conforming", ("a",), C),
        ("on-na", ("b",), NA),
        ("on-open", ("d",), UN),
    ]
    assert all(w.offers_non_conforming for w in linked)


def test_defect_on_an_item_outside_the_scope_is_not_warned():
    report = run([result("a", C), result("b", C), result("c", C), result("d", C)], [defect("s")])
    assert report.warnings == ()


def test_key_items_unanswered_and_the_count():
    report = run([result("b", C)])
    kinds = [w.kind for w in report.warnings]
    assert kinds == [WarningKind.KEY_ITEMS_UNANSWERED, WarningKind.ITEMS_UNANSWERED]
    key, total = report.warnings
    assert key.item_ids == ("a", "c") and key.count == 2  # key and critical tiers
    assert (total.count, total.total) == (3, 4)
    assert total.item_ids == ("a", "c", "d")
    assert report.provisional and report.unanswered == 3


def test_no_key_warning_when_only_ordinary_items_are_open():
    report = run([result("a", C), result("c", NA)])
    assert [w.kind for w in report.warnings] == [WarningKind.ITEMS_UNANSWERED]


def test_records_of_another_inspection_are_ignored():
    foreign = ItemResult(id="x", inspection_id="other", item_id="b", result=NC)
    report = run([result("a", C), result("b", C), result("c", C), result("d", C), foreign])
    assert report.warnings == ()
