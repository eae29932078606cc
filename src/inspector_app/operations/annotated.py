"""A photo as reports show it: the derivative with its annotations burnt in.

Apart from operations/photos.py (imports, whose writes go through the store's SQL) so a
report, which only reads, reaches it without SQLAlchemy (docs/startup-budget.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_app.domain.annotations import dump_annotations
from inspector_app.reports.annotate import annotate_jpeg, report_font

if TYPE_CHECKING:
    from inspector_app.domain.model import Photo
    from inspector_app.files import InMemoryFile
    from inspector_app.operations.context import App


def annotated_image(app: App, photo: Photo) -> Path | InMemoryFile:
    """The derivative with the photo's annotations burnt in, as a JPEG file (in an encrypted
    folder the file's decrypted bytes in memory: BlobStore.image).

    A cache beside the blobs, named by the photo's hash and a digest of the layer and font, so
    a changed layer gets a new file and the same layer always the same bytes. The original and
    the derivative are only read. Without annotations this is the derivative itself.
    """
    derivative = app.blobs.ensure_derivative(photo.sha256)
    if not photo.annotations:
        return app.blobs.image(derivative)
    font_path, font_index = report_font()
    key = hashlib.sha256(
        json.dumps(
            [dump_annotations(photo.annotations), str(font_path), font_index],
            sort_keys=True,
            ensure_ascii=False,
        ).encode()
    ).hexdigest()[:16]
    # Named after the derivative (hash first) so report ordering by file name is unchanged.
    path = app.blobs.root / "annotated" / photo.sha256[:2] / f"{photo.sha256}-{key}.jpg"
    if not path.exists():
        data = annotate_jpeg(
            app.blobs.read_file(derivative), photo.annotations, font_path, font_index
        )
        # Atomic (readers see the whole file or none; it can be remade), encrypted when
        # the folder is.
        app.blobs.write_file(path, data)
        return app.blobs.image(path) if app.blobs.key is None else _memory(path, data)
    return app.blobs.image(path)


def _memory(path: Path, data: bytes) -> InMemoryFile:
    from inspector_app.files import InMemoryFile

    return InMemoryFile(path.name, data)
