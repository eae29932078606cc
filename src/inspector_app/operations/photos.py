"""Photo verbs: bulk import from a camera card or a drop, and the annotation layer.

Each file goes through `inspections.attach_photo` (hash, derivative, record in one unit of
work), so a bulk import is exactly many single imports. A file that is no usable photo is
reported with its reason and the import goes on; a cancel (raised by the progress callback)
stops between files, so every photo imported so far stays, complete.

Annotations (arrows, ellipses, text) are saved as a field of the photo record and burnt into
a cached copy of the derivative for reports and thumbnails; the original file is never touched.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image
from pydantic import ValidationError

from inspector_app.domain.annotations import Shape, dump_annotations, parse_annotations
from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Photo
from inspector_app.files import InMemoryFile
from inspector_app.operations import inspections as ops
from inspector_app.operations.annotated import annotated_image as annotated_image
from inspector_app.operations.context import App
from inspector_app.store.blobs import PhotoRefused
from inspector_app.store.store import validation_message

# Suffixes a camera or phone writes; anything else in the folder is left alone.
PHOTO_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".png", ".heic", ".heif", ".tif", ".tiff", ".webp", ".bmp"}
)

ProgressFn = Callable[[int, int, str], None]

# Files imported at once by the UI: decoding is the cost and runs outside the GIL; on bigger
# machines one core stays free for the GUI thread.
DEFAULT_WORKERS = min(4, max(2, (os.cpu_count() or 2) - 1))


@dataclass
class ImportSummary:
    imported: list[Photo] = field(default_factory=list)
    # (file name, why it was refused), in the order met.
    refused: list[tuple[str, str]] = field(default_factory=list)
    total: int = 0

    @property
    def complete(self) -> bool:
        return len(self.imported) + len(self.refused) == self.total


def photo_files_in(folder: Path) -> list[Path]:
    """Photo files directly in `folder` (not sub-folders), by name as the camera numbered them."""
    folder = Path(folder)
    found = [
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in PHOTO_SUFFIXES
    ]
    return sorted(found, key=lambda p: (p.name.casefold(), p.name))


def taken_at_of(path: Path) -> datetime | None:
    """DateTimeOriginal from the EXIF block, if any (camera local time, stored as UTC-naive)."""
    try:
        with Image.open(path) as img:
            exif = img.getexif()
            raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal)
            raw = raw or exif.get(ExifTags.Base.DateTime)
    except Exception:  # unreadable EXIF never stops an import; the file check comes later
        return None
    if not isinstance(raw, str):
        return None
    try:
        # Cameras write local time without a zone; keep the wall-clock reading as given.
        return datetime.strptime(raw.strip("\x00 ").strip(), "%Y:%m:%d %H:%M:%S").replace(
            tzinfo=UTC
        )
    except ValueError:
        return None


def import_photos(
    app: App,
    inspection_id: str,
    paths: Iterable[Path | str],
    *,
    defect_id: str | None = None,
    revision_reason: str | None = None,
    progress: ProgressFn | None = None,
    workers: int = 1,
) -> ImportSummary:
    """Attach each file; collect refusals; `progress(done, total, name)` after each file.

    `progress` may raise (the UI's `Cancelled`) to stop: the exception propagates once no
    file is half-imported. A progress object with a `cancelled` attribute (ui.tasks.Progress)
    is also asked before each file starts, so a cancel never starts another file.

    `workers` > 1 imports that many files at once (decoding and downscaling release the GIL,
    and the store serialises the short write transactions). Files are reported in order; on
    a cancel the files already started finish and stay, so up to `workers - 1` files beyond
    the last one reported may be stored — complete, never partial.
    """
    files = [Path(p) for p in paths]
    summary = ImportSummary(total=len(files))
    if workers <= 1:
        for done, path in enumerate(files, start=1):
            _check_cancel(progress, done - 1, len(files))
            _record(summary, path, _attach(app, inspection_id, path, defect_id, revision_reason))
            if progress is not None:
                progress(done, len(files), path.name)
        return summary

    def attach(path: Path) -> Photo | str:
        return _attach(app, inspection_id, path, defect_id, revision_reason)

    with ThreadPoolExecutor(
        max_workers=workers, thread_name_prefix="photo-import", initializer=_background_priority
    ) as pool:
        running: deque[tuple[Path, Future[Photo | str]]] = deque()
        upcoming = iter(files)
        done = 0
        try:
            while True:
                while len(running) < workers:
                    path = next(upcoming, None)
                    if path is None:
                        break
                    _check_cancel(progress, done, len(files))
                    running.append((path, pool.submit(attach, path)))
                if not running:
                    break
                path, future = running.popleft()
                _record(summary, path, future.result())
                done += 1
                if progress is not None:
                    progress(done, len(files), path.name)
        except BaseException:
            for path, future in running:  # let started files finish: nothing half-imported
                with contextlib.suppress(Exception):
                    _record(summary, path, future.result())
            raise
    return summary


def _background_priority() -> None:
    """Decode at a lower CPU priority than the GUI thread (Linux: per-thread nice value).

    With as many decoders as cores, the scheduler would otherwise let them crowd out the
    thread that paints the window; elsewhere this is a no-op and the GIL hand-off still works.
    """
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


def _check_cancel(progress: ProgressFn | None, done: int, total: int) -> None:
    if progress is not None and getattr(progress, "cancelled", False):
        progress(done, total, "")  # raises the caller's cancel exception


def _attach(
    app: App,
    inspection_id: str,
    path: Path,
    defect_id: str | None,
    revision_reason: str | None,
) -> Photo | str:
    """The stored photo, or why this file was refused (a str)."""
    try:
        return ops.attach_photo(
            app,
            inspection_id,
            path,
            defect_id=defect_id,
            taken_at=taken_at_of(path),
            revision_reason=revision_reason,
        )
    except PhotoRefused as exc:
        return _reason(exc, path)
    except DomainError as exc:
        if exc.field in {"revision_reason", "inspection_id", "defect_id", "id"}:
            raise  # about the whole import, not this file: every next file would fail too
        return exc.message


def _record(summary: ImportSummary, path: Path, outcome: Photo | str) -> None:
    if isinstance(outcome, str):
        summary.refused.append((path.name, outcome))
    else:
        summary.imported.append(outcome)


def _reason(exc: PhotoRefused, path: Path) -> str:
    """The refusal without the full path prefix the blob store puts in front."""
    text = str(exc)
    for prefix in (f"{path}: ", f"{path.name}: "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


# ---- the annotation layer -----------------------------------------------------------------


def save_annotations(
    app: App,
    photo_id: str,
    shapes: Sequence[Shape | Mapping[str, Any]],
    revision_reason: str | None = None,
) -> Photo:
    """Replace the photo's annotation layer; the photo file itself is never touched.

    One audited update of the `annotations` field (old layer → new layer), refused on a locked
    inspection without a revision reason, like any change of the record.
    """
    photo = app.store.get("photo", photo_id)
    if photo is None or photo.deleted:
        raise DomainError("id", f"no photo with id {photo_id}")
    try:
        layer = dump_annotations(parse_annotations(list(shapes)))
    except ValidationError as exc:
        raise DomainError(
            "annotations", f"photo {photo.original_name or photo_id}: {validation_message(exc)}"
        ) from None
    with ops.guarded_write(app, photo.inspection_id, revision_reason) as (uow, _):
        return uow.update("photo", photo_id, {"annotations": layer})  # type: ignore[return-value]


# ---- photo files, for the screens -----------------------------------------------------------
# Widgets read photo files through these, not through the blob store (ui/ never uses store/).


def photo_arrived(app: App, sha256: str) -> bool:
    """Whether the original is on this laptop (a synced record's file may still be on its way)."""
    return app.blobs.has(sha256)


# In an encrypted folder these give the decrypted bytes in memory (InMemoryFile) rather than
# a path: no decrypted copy is written to disk (D36).


def original_file(app: App, sha256: str) -> Path | InMemoryFile | None:
    """The original file, as imported; None while it has not arrived."""
    if not app.blobs.has(sha256):
        return None
    return app.blobs.image(app.blobs.original_path(sha256))


def derivative_file(app: App, sha256: str) -> Path | InMemoryFile | None:
    """The downscaled derivative, made from the original when missing (a synced photo); None
    while neither file is here. OSError/ValueError when the original cannot be decoded."""
    path = app.blobs.derivative_path(sha256)
    if path.exists():
        return app.blobs.image(path)
    if not app.blobs.has(sha256):
        return None
    return app.blobs.image(app.blobs.ensure_derivative(sha256))
