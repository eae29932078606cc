"""The console's value formatting: China time and audit rows in words."""

from __future__ import annotations

from inspector_app.server.console import present


def test_times_show_in_china_time_with_the_stored_value_in_the_title():
    assert present.china_time("2026-11-30T06:10:39.312466Z") == "2026-11-30 14:10"
    assert present.china_time("2026-12-31T17:30:00+00:00") == "2027-01-01 01:30"
    assert present.china_time("2026-11-20") == "2026-11-20"  # a date stays a date
    assert present.china_time("not a time") == "not a time"
    tag = present.time_tag("2026-11-30T06:10:39Z")
    assert tag == (
        '<time datetime="2026-11-30T06:10:39Z" title="2026-11-30T06:10:39Z">2026-11-30 14:10</time>'
    )


def test_audit_rows_in_words_in_both_languages():
    row = {"kind": "defect", "action": "update", "field": "severity"}
    assert present.audit_what("zh", row) == "缺陷 · 修改 · 缺陷等级"
    assert present.audit_what("en", row) == "Defect · changed · Grade"
    assert present.audit_value("zh", row, "critical") == "严重缺陷" or "严重" in str(
        present.audit_value("zh", row, "critical")
    )
    assert present.audit_value("en", row, "major") == "Major"
    created = {"kind": "inspection", "action": "create", "field": "*"}
    assert present.audit_what("zh", created) == "检查 · 新建"
    assert present.audit_value("zh", created, {"id": "x"}) == "（新建记录）"
    defect = {"kind": "defect", "action": "create", "field": "*"}
    assert present.audit_value("zh", defect, {"severity": "major", "facts": "记录不全"}).endswith(
        "；记录不全"
    )
    assert present.audit_value("en", defect, {"severity": "major", "facts": "x"}) == "Major；x"
    deleted = {"kind": "photo", "action": "delete", "field": "deleted"}
    assert present.audit_what("zh", deleted) == "照片 · 删除"
    clauses = {"kind": "defect", "action": "update", "field": "clause_refs"}
    assert present.audit_value("zh", clauses, ["第十条", "第十一条"]) == "第十条；第十一条"
    long = present.audit_value("zh", {"kind": "defect", "field": "facts"}, "长" * 200)
    assert long.startswith('<span title="' + "长" * 200 + '">') and long.endswith("…</span>")
    assert present.audit_value("zh", row, None) == ""
