"""A photo deleted together with its defect names that defect (`deleted_with`, schema 0008), and
restoring the defect brings back exactly those photos, whatever else was deleted at the same
moment; the link is audited and travels through export/import."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Photo
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.interchange import export_inspection, import_inspection
from inspector_app.store import store as store_module

from .test_inspections import new_inspection, photo_file
from .test_interchange import FIXTURES

# One wall-clock second for everything: the audit rows of separate deletes then carry the very
# same time, which is what fooled a restore that matched photos by deletion time.
SAME_SECOND = datetime(2026, 11, 24, 9, 30, 0, tzinfo=UTC)


def photo(app: App, photo_id: str) -> Photo:
    found = app.store.get("photo", photo_id)
    assert isinstance(found, Photo)
    return found


def test_restore_brings_back_exactly_the_photos_deleted_with_the_defect(app, tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "utc_now", lambda: SAME_SECOND)
    insp = new_inspection(app)
    d = ops.add_defect(app, insp.id, severity="major", facts="压差不足")
    first = ops.attach_photo(app, insp.id, photo_file(tmp_path, "a.jpg"), defect_id=d.id)
    second = ops.attach_photo(
        app, insp.id, photo_file(tmp_path, "b.jpg", (1, 2, 3)), defect_id=d.id
    )
    # A third photo of the same defect and a loose photo, each deleted on its own in the
    # same second as the defect.
    apart = ops.attach_photo(app, insp.id, photo_file(tmp_path, "c.jpg", (9, 9, 9)), defect_id=d.id)
    loose = ops.attach_photo(app, insp.id, photo_file(tmp_path, "d.jpg", (50, 0, 0)))
    ops.update_photo(app, apart.id, {"deleted": True})
    ops.delete_defect(app, d.id)
    ops.update_photo(app, loose.id, {"deleted": True})

    assert [photo(app, p.id).deleted_with for p in (first, second, apart, loose)] == [
        d.id,
        d.id,
        None,
        None,
    ]
    assert ops.load_inspection(app, insp.id).photos == []

    ops.restore_defect(app, d.id)
    record = ops.load_inspection(app, insp.id)
    assert [x.id for x in record.defects] == [d.id]
    assert sorted(p.id for p in record.photos) == sorted([first.id, second.id])
    # Back in place, they wait for nothing any more; the other two stay deleted.
    assert photo(app, first.id).deleted_with is None is photo(app, second.id).deleted_with
    assert photo(app, apart.id).deleted and photo(app, loose.id).deleted

    # The link is audited like any field: set with the delete, cleared with the restore.
    trail = [
        (r["action"], r["old"], r["new"])
        for r in ops.audit_trail(app, insp.id)
        if r["record_id"] == first.id and r["field"] == "deleted_with"
    ]
    assert trail == [("delete", None, d.id), ("update", d.id, None)]


def test_deleting_again_after_a_restore_links_the_photos_anew(app, tmp_path):
    insp = new_inspection(app)
    d = ops.add_defect(app, insp.id, severity="general", facts="标识不清")
    p = ops.attach_photo(app, insp.id, photo_file(tmp_path), defect_id=d.id)
    ops.delete_defect(app, d.id)
    ops.restore_defect(app, d.id)
    ops.delete_defect(app, d.id)
    assert photo(app, p.id).deleted_with == d.id
    ops.restore_defect(app, d.id)
    assert [x.id for x in ops.load_inspection(app, insp.id).photos] == [p.id]


def test_the_link_survives_export_and_import(app, tmp_path):
    insp = new_inspection(app)
    d = ops.add_defect(app, insp.id, severity="major", facts="清洁记录缺失")
    linked = [
        ops.attach_photo(app, insp.id, photo_file(tmp_path, f"{n}.jpg", (n, n, n)), defect_id=d.id)
        for n in (1, 2)
    ]
    apart = ops.attach_photo(app, insp.id, photo_file(tmp_path, "x.jpg", (7, 7, 7)), defect_id=d.id)
    ops.update_photo(app, apart.id, {"deleted": True})
    ops.delete_defect(app, d.id)
    data = export_inspection(app, insp.id)
    exported = {p["id"]: p["deleted_with"] for p in json.loads(data)["photos"]}
    assert exported == {linked[0].id: d.id, linked[1].id: d.id, apart.id: None}

    with App(tmp_path / "laptop2", actor="另一台电脑", checklist_dirs=[FIXTURES]) as other:
        import_inspection(other, data, "deleted.json")
        assert [photo(other, p.id).deleted_with for p in linked] == [d.id, d.id]
        again = json.loads(export_inspection(other, insp.id))["photos"]
        assert again == json.loads(data)["photos"]
        ops.restore_defect(other, d.id)
        restored = ops.load_inspection(other, insp.id).photos
        assert sorted(p.id for p in restored) == sorted(p.id for p in linked)


def test_a_file_written_before_schema_0008_imports_without_links(app, tmp_path):
    insp = new_inspection(app)
    p = ops.attach_photo(app, insp.id, photo_file(tmp_path))
    doc = json.loads(export_inspection(app, insp.id))
    for record in doc["photos"]:
        del record["deleted_with"]  # what an older app wrote
    old = json.dumps(doc, ensure_ascii=False).encode()
    with App(tmp_path / "laptop2", actor="另一台电脑", checklist_dirs=[FIXTURES]) as other:
        import_inspection(other, old, "old.json")
        assert photo(other, p.id).deleted_with is None


def test_the_link_is_not_edited_directly(app, tmp_path):
    insp = new_inspection(app)
    p = ops.attach_photo(app, insp.id, photo_file(tmp_path))
    with pytest.raises(DomainError, match="only caption"):
        ops.update_photo(app, p.id, {"deleted_with": p.id})
    assert photo(app, p.id).deleted_with is None
