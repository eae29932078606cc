"""A photo's `deleted_with` link (schema 0008) travels like every field: a defect deleted with
its photos on one laptop is restored, photos and all, on another — through a real server and
through a USB bundle — and a photo deleted on its own stays deleted."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from tests.sync.conftest import all_rows, enrolled, new_inspection
from tests.sync.test_bundle import introduce

from inspector_app.domain.model import Photo
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.store.merge import laptop_state_hash


def photo_file(tmp_path: Path, name: str, color: tuple[int, int, int]) -> Path:
    path = tmp_path / name
    Image.new("RGB", (320, 240), color).save(path, "JPEG")
    return path


def link_of(app: App, photo_id: str) -> tuple[bool, str | None]:
    photo = app.store.get("photo", photo_id)
    assert isinstance(photo, Photo)
    return photo.deleted, photo.deleted_with


def defect_with_photos(app: App, tmp_path: Path):
    """A defect with two photos, and a third photo of it that is deleted on its own."""
    insp = new_inspection(app)
    defect = ops.add_defect(app, insp.id, severity="major", facts="洁净区压差记录缺失")
    linked = [
        ops.attach_photo(
            app, insp.id, photo_file(tmp_path, f"{n}.jpg", (n, 60, 90)), defect_id=defect.id
        )
        for n in (10, 20)
    ]
    apart = ops.attach_photo(
        app, insp.id, photo_file(tmp_path, "c.jpg", (200, 0, 0)), defect_id=defect.id
    )
    ops.update_photo(app, apart.id, {"deleted": True})
    return insp, defect, linked, apart


def test_a_defect_deleted_on_one_laptop_is_restored_with_its_photos_on_another(
    laptop, server, tmp_path
):
    a = enrolled(laptop("a"), server, "wang")
    b = enrolled(laptop("b"), server, "li")
    insp, defect, linked, apart = defect_with_photos(a, tmp_path)
    ops.delete_defect(a, defect.id)
    assert sync_ops.sync_now(a).ok and sync_ops.sync_now(b).ok
    assert [link_of(b, p.id) for p in linked] == [(True, defect.id)] * 2
    assert link_of(b, apart.id) == (True, None)

    # B restores it: exactly the two photos come back, on B and then on A.
    ops.restore_defect(b, defect.id)
    assert sync_ops.sync_now(b).ok and sync_ops.sync_now(a).ok
    for app in (a, b):
        photos = ops.load_inspection(app, insp.id).photos
        assert sorted(p.id for p in photos) == sorted(p.id for p in linked)
        assert [link_of(app, p.id) for p in linked] == [(False, None)] * 2
        assert link_of(app, apart.id) == (True, None)
    assert laptop_state_hash(a.store, insp.id) == server.state_hash(insp.id)
    assert laptop_state_hash(b.store, insp.id) == server.state_hash(insp.id)


def test_the_link_travels_in_a_bundle(laptop, tmp_path):
    a, b = laptop("a"), laptop("b")
    introduce(a, b)
    insp, defect, linked, apart = defect_with_photos(a, tmp_path)
    ops.delete_defect(a, defect.id)
    sync_ops.bundle_export(a, insp.id, tmp_path / "a.bundle")
    sync_ops.bundle_import(b, tmp_path / "a.bundle")
    assert all_rows(b) == all_rows(a)
    assert [link_of(b, p.id) for p in linked] == [(True, defect.id)] * 2

    ops.restore_defect(b, defect.id)
    sync_ops.bundle_export(b, insp.id, tmp_path / "b.bundle")
    sync_ops.bundle_import(a, tmp_path / "b.bundle")
    photos = ops.load_inspection(a, insp.id).photos
    assert sorted(p.id for p in photos) == sorted(p.id for p in linked)
    assert link_of(a, apart.id) == (True, None)
    assert laptop_state_hash(a.store) == laptop_state_hash(b.store)
