"""Annotations burnt into a copy of the derivative: the original stays the evidence, the
report prints the annotated view."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from inspector_app.domain.annotations import Arrow, Ellipse, Rect, Text, parse_annotations
from inspector_app.domain.errors import DomainError
from inspector_app.operations import inspections as ops
from inspector_app.operations.photos import annotated_image, save_annotations
from inspector_app.operations.reports import (
    render_bytes,
    render_report,
    report_data,
    verify_report,
)
from inspector_app.reports.annotate import annotate_jpeg, report_font

GREY = (128, 128, 128)


def is_red(pixel) -> bool:
    r, g, b = pixel[:3]
    return r > 170 and g < 90 and b < 90


def grey_jpeg(path: Path, size=(800, 600)) -> Path:
    Image.new("RGB", size, GREY).save(path, "JPEG", quality=95)
    return path


def test_shapes_are_drawn_where_they_are_and_nowhere_else(tmp_path):
    source = grey_jpeg(tmp_path / "d.jpg")
    before = source.read_bytes()
    shapes = [
        Arrow(x1=0.1, y1=0.5, x2=0.6, y2=0.5),
        Ellipse(x=0.7, y=0.1, w=0.2, h=0.2),
        Rect(x=0.05, y=0.75, w=0.3, h=0.2),
        Text(x=0.5, y=0.8, text="压差表 3Pa"),
    ]
    font_path, index = report_font()
    out = Image.open(io.BytesIO(annotate_jpeg(source, shapes, font_path, index))).convert("RGB")
    assert out.size == (800, 600)
    assert source.read_bytes() == before  # the input is only read
    assert is_red(out.getpixel((200, 300)))  # on the arrow's shaft
    assert is_red(out.getpixel((478, 300)))  # inside the arrow head, near the tip
    assert is_red(out.getpixel((640, 61)))  # top of the ellipse (box 560..720 × 60..180)
    assert is_red(out.getpixel((120, 451)))  # top edge of the rectangle (y = 450)
    # The text sits on a white box; some of its glyph pixels are red.
    pixels = list(out.crop((400, 480, 800, 600)).get_flattened_data())
    assert any(is_red(p) for p in pixels)
    assert any(min(p) > 235 for p in pixels)
    # Away from every shape the photo is unchanged.
    assert max(abs(a - b) for a, b in zip(out.getpixel((200, 150)), GREY, strict=True)) < 8
    # Same input, same bytes (reports are verified by rendering again).
    assert annotate_jpeg(source, shapes, font_path, index) == annotate_jpeg(
        source, shapes, font_path, index
    )


def test_saved_layer_gives_an_annotated_copy_and_leaves_the_original(app, tmp_path):
    insp = ops.create_inspection(
        app, company_name="标注药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    photo = ops.attach_photo(app, insp.id, grey_jpeg(tmp_path / "IMG_0001.JPG"))
    original = app.blobs.original_path(photo.sha256)
    original_bytes = original.read_bytes()
    derivative = app.blobs.derivative_path(photo.sha256)
    derivative_bytes = derivative.read_bytes()

    saved = save_annotations(
        app, photo.id, [{"type": "arrow", "x1": 0.1, "y1": 0.5, "x2": 0.6, "y2": 0.5}]
    )
    assert saved.annotations == parse_annotations(
        [{"type": "arrow", "x1": 0.1, "y1": 0.5, "x2": 0.6, "y2": 0.5}]
    )
    path = annotated_image(app, saved)
    assert path != derivative and path.name.startswith(photo.sha256)
    with Image.open(path) as out, Image.open(derivative) as plain:
        assert is_red(out.convert("RGB").getpixel((200, 300)))
        assert not is_red(plain.convert("RGB").getpixel((200, 300)))
    # Evidence untouched: same bytes, same hash as at import.
    assert original.read_bytes() == original_bytes
    assert hashlib.sha256(original.read_bytes()).hexdigest() == photo.sha256
    assert derivative.read_bytes() == derivative_bytes
    # Without annotations the derivative itself is used.
    cleared = save_annotations(app, photo.id, [])
    assert annotated_image(app, cleared) == derivative


def test_invalid_layer_is_refused_with_the_photo_named(app, tmp_path):
    insp = ops.create_inspection(
        app, company_name="标注药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    photo = ops.attach_photo(app, insp.id, grey_jpeg(tmp_path / "IMG_0002.JPG"))
    with pytest.raises(DomainError, match=r"IMG_0002\.JPG") as exc:
        save_annotations(app, photo.id, [{"type": "arrow", "x1": 2, "y1": 0, "x2": 0, "y2": 0}])
    assert exc.value.field == "annotations"
    assert app.store.get("photo", photo.id).annotations == []


def _images(pdf: bytes) -> dict[str, Image.Image]:
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for img in page.images:
            found[hashlib.sha256(img.data).hexdigest()] = img.image.convert("RGB")
    return found


def test_report_embeds_the_annotated_view(fresh_demo):
    app, iid = fresh_demo
    record = ops.load_inspection(app, iid)
    photo = next(p for p in record.photos if p.defect_id)
    before = _images(render_bytes(app, iid, "full"))
    reason = (
        "补充标注" if ops.get_inspection(app, iid).status in {"closed", "report_issued"} else None
    )
    save_annotations(
        app,
        photo.id,
        [Arrow(x1=0.2, y1=0.5, x2=0.8, y2=0.5), Ellipse(x=0.3, y=0.2, w=0.4, h=0.6)],
        revision_reason=reason,
    )

    data = report_data(app, iid)
    used = next(p.image for p in data.photos if p.defect_id == photo.defect_id)
    assert used == annotated_image(app, app.store.get("photo", photo.id))
    assert used != app.blobs.derivative_path(photo.sha256)

    after = _images(render_bytes(app, iid, "full"))
    new = [img for key, img in after.items() if key not in before]
    assert len(new) == 1  # exactly the annotated photo changed in the PDF
    img = new[0]
    w, h = img.size
    # The arrow's shaft at half height, a third of the way along.
    assert is_red(img.getpixel((int(w * 0.4), int(h * 0.5))))


def test_report_with_annotations_verifies_and_a_changed_layer_is_detected(fresh_demo, tmp_path):
    app, iid = fresh_demo
    photo = next(p for p in ops.load_inspection(app, iid).photos if p.defect_id)
    locked = ops.get_inspection(app, iid).status in {"closed", "report_issued"}
    reason = "补充标注" if locked else None
    save_annotations(app, photo.id, [Rect(x=0.1, y=0.1, w=0.3, h=0.3)], revision_reason=reason)
    pdf = render_report(app, iid, "full", tmp_path / "full.pdf")  # the one with photos
    # Rendering again (the annotated copy rebuilt from scratch) gives the same bytes.
    shutil.rmtree(app.blobs.root / "annotated")
    assert verify_report(app, pdf).status == "matches"
    save_annotations(app, photo.id, [Rect(x=0.2, y=0.1, w=0.3, h=0.3)], revision_reason=reason)
    assert verify_report(app, pdf).status == "differs"
