from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from inspector_app.domain.model import (
    LABELS,
    Defect,
    Inspection,
    ItemResult,
    ResultValue,
    Severity,
)

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def inspection(**kw):
    base = dict(
        id="i1",
        company_name="某药业",
        inspection_type="gmp_compliance",
        checklist_id="c",
        checklist_version=1,
        created_at=NOW,
    )
    return Inspection(**{**base, **kw})


def test_not_applicable_needs_a_reason():
    with pytest.raises(ValidationError, match="reason is required"):
        ItemResult(id="r", inspection_id="i", item_id="x", result=ResultValue.NOT_APPLICABLE)
    ok = ItemResult(
        id="r", inspection_id="i", item_id="x", result="not_applicable", reason="无委托生产"
    )
    assert ok.result is ResultValue.NOT_APPLICABLE


def test_defect_needs_facts_and_a_known_grade():
    with pytest.raises(ValidationError):
        Defect(id="d", inspection_id="i", severity="major", facts="  ", created_at=NOW)
    with pytest.raises(ValidationError):
        Defect(id="d", inspection_id="i", severity="minor", facts="x", created_at=NOW)


def test_dates_must_be_in_order():
    with pytest.raises(ValidationError, match="planned_end"):
        inspection(planned_start=date(2026, 11, 2), planned_end=date(2026, 11, 1))


def test_override_needs_reason():
    with pytest.raises(ValidationError, match="conclusion_override_reason"):
        inspection(conclusion_override="pass")
    assert inspection(conclusion_override="pass", conclusion_override_reason="企业已整改").id


def test_every_enum_value_has_a_chinese_label():
    assert LABELS[Severity.CRITICAL] == "严重缺陷"
    for enum in {type(k) for k in LABELS}:
        assert set(enum) <= set(LABELS), enum
