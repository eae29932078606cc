"""Photos: stored once by SHA-256 with a ≤1600 px derivative; bad files refused, nothing stored."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from inspector_app.store.blobs import MAX_PHOTO_BYTES, BlobStore, PhotoRefused


def jpeg(width=3000, height=2000, color=(120, 90, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def blobs(tmp_path):
    return BlobStore(tmp_path / "blobs")


def stored_files(blobs: BlobStore) -> list[Path]:
    return sorted(p for p in blobs.root.rglob("*") if p.is_file()) if blobs.root.exists() else []


def test_original_kept_verbatim_and_derivative_downscaled(blobs, tmp_path):
    data = jpeg()
    src = tmp_path / "IMG_0001.JPG"
    src.write_bytes(data)
    stored = blobs.import_photo(src)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert (stored.width, stored.height) == (3000, 2000)
    assert blobs.read(stored.sha256) == data
    with Image.open(blobs.derivative_path(stored.sha256)) as img:
        assert img.format == "JPEG"
        assert max(img.size) == 1600


def test_same_photo_twice_is_stored_once(blobs, tmp_path):
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    a.write_bytes(jpeg(800, 600))
    b.write_bytes(a.read_bytes())
    first, second = blobs.import_photo(a), blobs.import_photo(b)
    assert first.sha256 == second.sha256 and second.already_present
    assert len(stored_files(blobs)) == 2  # one original, one derivative


def test_small_photo_derivative_not_upscaled(blobs, tmp_path):
    src = tmp_path / "small.png"
    Image.new("RGB", (640, 480), (1, 2, 3)).save(src)
    stored = blobs.import_photo(src)
    with Image.open(blobs.derivative_path(stored.sha256)) as img:
        assert img.size == (640, 480)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"this is not a photo", "not an image"),
        ("empty.jpg", b"", "empty"),
        ("truncated.jpg", jpeg()[:5000], "damaged or incomplete"),
        ("anim.gif", None, "GIF images are not accepted"),
    ],
)
def test_refusals_store_nothing(blobs, tmp_path, name, content, message):
    src = tmp_path / name
    if content is None:
        Image.new("P", (10, 10)).save(src, "GIF")
    else:
        src.write_bytes(content)
    with pytest.raises(PhotoRefused, match=message) as err:
        blobs.import_photo(src)
    assert name in str(err.value)
    assert stored_files(blobs) == []


def test_over_50_mb_refused_before_reading(blobs, tmp_path):
    src = tmp_path / "huge.jpg"
    with src.open("wb") as fh:
        fh.truncate(MAX_PHOTO_BYTES + 1)
    with pytest.raises(PhotoRefused, match="over the 50 MB limit"):
        blobs.import_photo(src)
    assert stored_files(blobs) == []


def test_missing_file(blobs, tmp_path):
    with pytest.raises(PhotoRefused, match="cannot read"):
        blobs.import_photo(tmp_path / "nope.jpg")


def test_put_bytes_checks_expected_hash(blobs):
    with pytest.raises(ValueError, match="does not match"):
        blobs.put_bytes(b"abc", expected_sha256="0" * 64)
    assert stored_files(blobs) == []
