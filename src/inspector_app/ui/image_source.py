"""A QImageReader over a stored photo file or, in an encrypted data folder, over its
decrypted bytes in memory (operations hand an InMemoryFile then: no decrypted file on disk)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageReader

from inspector_app.files import InMemoryFile


def image_reader(source: Path | InMemoryFile) -> QImageReader:
    if not isinstance(source, InMemoryFile):
        return QImageReader(str(source))
    buffer = QBuffer()
    buffer.setData(QByteArray(source.data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader._buffer = buffer  # type: ignore[attr-defined]  # the reader does not own it
    return reader
