"""Writing a file so that a crash leaves the old one or the new one, never half of either.

At the package root so every layer that keeps a file (blobs, issued PDFs, the checklist and
font caches) uses the one implementation.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@dataclass(frozen=True)
class InMemoryFile:
    """A file's name and bytes held in memory: what an encrypted data folder hands to the
    readers (reports, thumbnails, the viewer) instead of a path (D36), so no decrypted copy is
    ever written to disk. `name` orders and names it as the path's name would."""

    name: str
    data: bytes

    def open(self) -> io.BytesIO:
        return io.BytesIO(self.data)
