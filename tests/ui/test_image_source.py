"""Thumbnails and the viewer read a photo of an encrypted folder from its bytes in memory."""

from __future__ import annotations

import io

from PIL import Image

from inspector_app.files import InMemoryFile
from inspector_app.ui.image_source import image_reader


def test_reader_over_bytes_in_memory_and_over_a_path(qapp, tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (96, 64), (200, 30, 30)).save(out, "JPEG")
    from_memory = image_reader(InMemoryFile("a.jpg", out.getvalue())).read()
    assert not from_memory.isNull() and (from_memory.width(), from_memory.height()) == (96, 64)
    path = tmp_path / "a.jpg"
    path.write_bytes(out.getvalue())
    from_path = image_reader(path).read()
    assert (from_path.width(), from_path.height()) == (96, 64)
