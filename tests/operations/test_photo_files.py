"""The photo files as screens get them (operations, not the blob store): the original and the
derivative once the file is here, None while a synced record's file is still on its way, and a
derivative remade when it is missing."""

from __future__ import annotations

import hashlib

from inspector_app.operations import inspections as ops
from inspector_app.operations.photos import derivative_file, original_file, photo_arrived

from .test_inspections import new_inspection, photo_file


def test_files_of_an_imported_photo_and_of_one_not_arrived(app, tmp_path):
    insp = new_inspection(app)
    source = photo_file(tmp_path)
    photo = ops.attach_photo(app, insp.id, source)
    assert photo_arrived(app, photo.sha256)
    original = original_file(app, photo.sha256)
    assert original is not None and original.read_bytes() == source.read_bytes()
    derivative = derivative_file(app, photo.sha256)
    assert derivative is not None and derivative.stat().st_size < original.stat().st_size

    # Lost (or never made, as for a synced photo): made again from the original.
    derivative.unlink()
    again = derivative_file(app, photo.sha256)
    assert again == derivative and again.exists()

    elsewhere = hashlib.sha256(b"a photo still on another laptop").hexdigest()
    assert not photo_arrived(app, elsewhere)
    assert original_file(app, elsewhere) is None and derivative_file(app, elsewhere) is None
