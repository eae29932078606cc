"""The console names every editable defect field in its audit trail, in both languages:
a change of 直接影响产品质量 reads as words, not as the field's code."""

from __future__ import annotations

from inspector_app.domain.model import Defect
from inspector_app.server.console import i18n, present

# Set once when the defect is created and never changed afterwards: no row names them.
_NOT_EDITED = {"id", "inspection_id", "author", "created_at"}


def test_every_editable_defect_field_has_a_label_in_both_languages():
    missing = sorted(set(Defect.model_fields) - _NOT_EDITED - set(i18n.AUDIT_FIELDS))
    assert missing == []
    for field in set(Defect.model_fields) - _NOT_EDITED:
        zh, en = i18n.AUDIT_FIELDS[field]
        assert zh and en and zh != en


def test_a_change_of_the_quality_flag_reads_in_words():
    row = {"kind": "defect", "action": "update", "field": "affects_quality"}
    assert present.audit_what("zh", row) == "缺陷 · 修改 · 直接影响产品质量"
    assert present.audit_what("en", row) == "Defect · changed · Directly affects product quality"
    assert (present.audit_value("zh", row, False), present.audit_value("zh", row, True)) == (
        "否",
        "是",
    )
