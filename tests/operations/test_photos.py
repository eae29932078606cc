"""Bulk photo import: refusals are reported per file, a cancel keeps exactly what was done."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import SignatureRole
from inspector_app.operations import inspections as ops
from inspector_app.operations.photos import import_photos, photo_files_in, taken_at_of


class Stop(Exception):
    pass


def jpeg(path: Path, colour: str = "red", taken: str | None = None) -> Path:
    img = Image.new("RGB", (320, 240), colour)
    exif = Image.Exif()
    if taken:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    img.save(path, "JPEG", exif=exif.tobytes())
    return path


@pytest.fixture
def inspection(app):
    insp = ops.create_inspection(
        app, company_name="照片导入药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.start_on_site(app, insp.id)
    return insp.id


def test_folder_listing_is_photos_by_name(tmp_path):
    for name in ("IMG_0002.JPG", "IMG_0001.jpg", "b.png", "notes.txt", ".hidden.jpg", "x.heic"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "IMG_0003.jpg").write_bytes(b"x")
    assert [p.name for p in photo_files_in(tmp_path)] == [
        "b.png",
        "IMG_0001.jpg",
        "IMG_0002.JPG",
        "x.heic",
    ]


def test_taken_at_comes_from_exif(tmp_path):
    with_exif = jpeg(tmp_path / "a.jpg", taken="2026:11:20 09:41:07")
    without = jpeg(tmp_path / "b.jpg")
    assert taken_at_of(with_exif) == datetime(2026, 11, 20, 9, 41, 7, tzinfo=UTC)
    assert taken_at_of(without) is None


def test_refused_file_is_reported_and_the_rest_imported(app, inspection, tmp_path):
    good = jpeg(tmp_path / "IMG_1.jpg", taken="2026:11:20 09:41:07")
    broken = tmp_path / "IMG_2.jpg"
    data = io.BytesIO()
    Image.new("RGB", (400, 300), "blue").save(data, "JPEG")
    broken.write_bytes(data.getvalue()[: len(data.getvalue()) // 3])  # cut off mid-transfer
    text = tmp_path / "IMG_3.jpg"
    text.write_text("不是照片")
    other = jpeg(tmp_path / "IMG_4.jpg", "green")
    defect = ops.add_defect(app, inspection, severity="general", facts="标识不清")
    seen = []
    summary = import_photos(
        app,
        inspection,
        [good, broken, text, other],
        defect_id=defect.id,
        progress=lambda done, total, name: seen.append((done, total, name)),
    )
    assert [p.original_name for p in summary.imported] == ["IMG_1.jpg", "IMG_4.jpg"]
    assert [name for name, _ in summary.refused] == ["IMG_2.jpg", "IMG_3.jpg"]
    assert "damaged or incomplete" in summary.refused[0][1]
    assert "not an image" in summary.refused[1][1]
    assert str(tmp_path) not in summary.refused[1][1]
    assert seen == [(n, 4, f"IMG_{n}.jpg") for n in range(1, 5)]
    photos = ops.load_inspection(app, inspection).photos
    assert {p.original_name for p in photos} == {"IMG_1.jpg", "IMG_4.jpg"}
    assert all(p.defect_id == defect.id for p in photos)
    assert all(app.blobs.derivative_path(p.sha256).exists() for p in photos)
    first = next(p for p in photos if p.original_name == "IMG_1.jpg")
    assert first.taken_at == datetime(2026, 11, 20, 9, 41, 7, tzinfo=UTC)


def test_cancel_after_n_files_leaves_exactly_n(app, inspection, tmp_path):
    files = [jpeg(tmp_path / f"IMG_{n}.jpg", (n * 40, 90, 200)) for n in range(6)]

    def progress(done, total, name):
        if done == 3:
            raise Stop

    with pytest.raises(Stop):
        import_photos(app, inspection, files, progress=progress)
    photos = ops.load_inspection(app, inspection).photos
    assert sorted(p.original_name for p in photos) == ["IMG_0.jpg", "IMG_1.jpg", "IMG_2.jpg"]


def test_locked_inspection_needs_a_reason_for_the_whole_import(app, inspection, tmp_path):
    png = io.BytesIO()
    Image.new("RGBA", (40, 20)).save(png, "PNG")
    ops.sign(app, inspection, SignatureRole.INSPECTOR, "组长", png.getvalue())
    ops.sign(app, inspection, SignatureRole.COMPANY, "企业代表", png.getvalue())
    ops.close_on_site(app, inspection)
    files = [jpeg(tmp_path / "a.jpg"), jpeg(tmp_path / "b.jpg", "blue")]
    with pytest.raises(DomainError) as refused:
        import_photos(app, inspection, files)
    assert refused.value.field == "revision_reason"
    summary = import_photos(app, inspection, files, revision_reason="企业会后补交现场照片")
    assert len(summary.imported) == 2
    reasons = {r["reason"] for r in ops.audit_trail(app, inspection) if r["kind"] == "photo"}
    assert reasons == {"企业会后补交现场照片"}
