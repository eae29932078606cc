"""JSON interchange: canonical export; export → import → export keeps records and trail rows,
the imported rows marked as imported (file, importer, time) plus one row for the import."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.interchange import (
    IMPORT_FIELD,
    InspectionDocument,
    InterchangeError,
    export_inspection,
    import_inspection,
)
from inspector_app.store.merge import changes_of

from .test_inspections import new_inspection, photo_file, sign_both

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = Path(__file__).parents[2] / "docs" / "interchange.schema.json"


@pytest.fixture
def other_app(tmp_path):
    application = App(tmp_path / "laptop2", actor="另一台电脑", checklist_dirs=[FIXTURES])
    yield application
    application.close()


def populated(app, tmp_path):
    insp = new_inspection(app)
    ops.start_on_site(app, insp.id)
    ops.record_result(app, insp.id, "t-048", "non_conforming", note="压差 3 Pa")
    ops.record_result(app, insp.id, "t-278", "not_applicable", reason="无委托")
    d = ops.add_defect(app, insp.id, severity="major", facts="压差低于 10 Pa", item_id="t-048")
    ops.attach_photo(app, insp.id, photo_file(tmp_path, "a.jpg"), defect_id=d.id, caption="压差表")
    ops.attach_photo(app, insp.id, photo_file(tmp_path, "b.jpg", (1, 2, 3)), caption="走廊")
    gone = ops.add_defect(app, insp.id, severity="general", facts="误录")
    ops.delete_defect(app, gone.id)
    sign_both(app, insp.id)
    ops.close_on_site(app, insp.id)
    ops.update_defect(app, d.id, {"location": "配液间"}, revision_reason="补充位置")
    return insp.id


MARKS = ("imported_from", "imported_by", "imported_at")


def without_import_marks(data: bytes) -> dict:
    doc = json.loads(data)
    doc["audit_trail"] = [
        {**row, **dict.fromkeys(MARKS, "")}
        for row in doc["audit_trail"]
        if row["field"] != IMPORT_FIELD
    ]
    return doc


def test_round_trip_keeps_records_and_trail_with_photos(app, other_app, tmp_path):
    iid = populated(app, tmp_path)
    first = export_inspection(app, iid)
    assert import_inspection(other_app, first, "first.json") == iid
    second = export_inspection(other_app, iid)
    # Records, blobs and every trail row come back unchanged; only the import marks and the
    # import's own row are new.
    assert without_import_marks(second) == json.loads(first)
    trail = json.loads(second)["audit_trail"]
    imported = [r for r in trail if r["field"] != IMPORT_FIELD]
    assert imported and all(r["imported_from"].startswith("first.json (SHA-256 ") for r in imported)
    assert {r["imported_by"] for r in imported} == {"另一台电脑"}
    assert {r["actor"] for r in imported} == {"测试员"}  # the original author, not the importer
    (event,) = [r for r in trail if r["field"] == IMPORT_FIELD]
    assert event["actor"] == "另一台电脑" and event["imported_from"] == ""
    assert event["new"]["file"] == "first.json" and event["new"]["rows"] == len(imported)
    # A second export/import keeps the first marks: the rows still say where they came from.
    third_app = App(tmp_path / "laptop3", actor="第三台", checklist_dirs=[FIXTURES])
    try:
        import_inspection(third_app, second, "second.json")
        again = json.loads(export_inspection(third_app, iid))["audit_trail"]
        firsts = {r["id"]: r["imported_from"] for r in imported}
        assert all(r["imported_from"] == firsts[r["id"]] for r in again if r["id"] in firsts)
    finally:
        third_app.close()
    doc = json.loads(first)
    # 2 photos + the signature image (both test signatures are the same PNG: stored once).
    assert len(doc["photos"]) == 2 and len(doc["blobs"]) == 3
    for p in doc["photos"]:
        assert other_app.blobs.read(p["sha256"]) == app.blobs.read(p["sha256"])
        assert other_app.blobs.derivative_path(p["sha256"]).exists()
    # The legal history came along, including the revision reason.
    reasons = [e["reason"] for e in doc["audit_trail"] if e["reason"]]
    assert reasons == ["补充位置"]
    # The imported record is a full citizen: it is locked and queued for sync.
    assert ops.pending_sync_count(other_app, iid) > 0
    assert ops.load_inspection(other_app, iid).inspection.status.value == "closed"


def test_a_forged_trail_row_is_kept_marked_as_imported_not_as_written_here(
    app, other_app, tmp_path
):
    doc = json.loads(export_inspection(app, populated(app, tmp_path)))
    forged = {**doc["audit_trail"][-1], "id": "0190aaaa-forged", "actor": "局长"}
    forged.update(action="update", field="status", old="closed", new="report_issued")
    forged.update(reason="approved by director")
    doc["audit_trail"].append(forged)
    iid = import_inspection(other_app, json.dumps(doc).encode(), "crafted.json")
    (row,) = [r for r in ops.audit_trail(other_app, iid) if r["id"] == "0190aaaa-forged"]
    assert row["imported_from"].startswith("crafted.json (SHA-256 ")
    assert row["imported_by"] == "另一台电脑" and row["imported_at"]
    # Stored as the file said, but never as a row this laptop wrote: its entry is the
    # importer's, so the server and every teammate see who vouched for it.
    (entry,) = [
        e
        for e in changes_of(other_app.store, iid)
        if e.kind == "audit" and e.record_id == row["id"]
    ]
    assert entry.device_id == other_app.store.device_id
    assert entry.value["device_id"] == app.store.device_id


def test_export_is_deterministic(app, tmp_path):
    iid = populated(app, tmp_path)
    assert export_inspection(app, iid) == export_inspection(app, iid)


def test_import_twice_is_refused_without_change(app, other_app, tmp_path):
    data = export_inspection(app, populated(app, tmp_path))
    import_inspection(other_app, data)
    before = export_inspection(other_app, json.loads(data)["inspection"]["id"])
    with pytest.raises(InterchangeError, match="already exists"):
        import_inspection(other_app, data)
    assert export_inspection(other_app, json.loads(data)["inspection"]["id"]) == before


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "not an inspector_app inspection file"),
        (lambda d: d.update(format_version=9), "format_version 9 is not supported"),
        (lambda d: d["defects"][0].update(severity="minor"), "defects.0.severity"),
        (lambda d: d["inspection"].pop("company_name"), "inspection.company_name"),
        (lambda d: d["defects"][0].update(inspection_id="x"), "defects.0.inspection_id"),
        (lambda d: d["inspection"].update(checklist_version=7), "is not installed"),
        (
            lambda d: d["blobs"].update(
                {next(iter(d["blobs"])): {"base64": base64.b64encode(b"x").decode()}}
            ),
            "does not match its SHA-256",
        ),
        (lambda d: d["blobs"].clear(), "missing the file"),
    ],
)
def test_bad_files_say_where_and_change_nothing(app, other_app, tmp_path, mutate, message):
    doc = json.loads(export_inspection(app, populated(app, tmp_path)))
    mutate(doc)
    with pytest.raises(InterchangeError, match=message):
        import_inspection(other_app, json.dumps(doc).encode(), "bad.json")
    assert ops.list_inspections(other_app, include_archived=True) == []


def test_invalid_json_names_line_and_column(other_app):
    with pytest.raises(InterchangeError, match=r"bad.json:2:\d+: invalid JSON"):
        import_inspection(other_app, b'{\n  "format": }', "bad.json")


def test_committed_json_schema_is_current():
    generated = InspectionDocument.model_json_schema()
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    committed.pop("$schema")
    assert committed == generated, "regenerate: python -m inspector_app.operations.interchange"
