"""Content-addressed blob store for photos and signature images.

Originals are stored once, by SHA-256, and never modified; each photo also gets a JPEG
derivative no larger than 1600 px on its long side, made at import, which the UI and the
reports use. Writes go to a temporary file that is fsynced and then renamed, so a crash
leaves either the whole blob or nothing.

In an encrypted data folder (D36) the store is given the data key and every file it writes —
originals, derivatives, annotated copies — is AES-GCM encrypted, the file's name (the blob's
SHA-256) as associated data. Readers then get bytes (`read`, `read_derivative`) or an
`InMemoryFile` (`image`), never a decrypted file on disk. Folders are 0700, files 0600.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from inspector_app.domain.errors import InspectorError
from inspector_app.files import InMemoryFile
from inspector_app.files import atomic_write as atomic_write  # callers import it from here
from inspector_app.store.crypto import FILE_MAGIC, NONCE_BYTES, secure_dir

if TYPE_CHECKING:
    from inspector_app.store.crypto import DataKey

# Bytes an encrypted file has beyond its content: magic, nonce, GCM tag.
ENCRYPTION_OVERHEAD = len(FILE_MAGIC) + NONCE_BYTES + 16

MAX_PHOTO_BYTES = 50 * 1024 * 1024
DERIVATIVE_MAX_PX = 1600
DERIVATIVE_QUALITY = 82
ACCEPTED_FORMATS = {"JPEG", "PNG", "TIFF", "WEBP", "BMP", "MPO", "HEIF"}

# Camera photos may be up to ~100 MP; refuse larger ones (decompression bombs) by pixel count.
Image.MAX_IMAGE_PIXELS = 120_000_000


class PhotoRefused(InspectorError, ValueError):
    """The file is not a usable photo; nothing was stored."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    width: int | None = None
    height: int | None = None
    already_present: bool = False


class BlobStore:
    def __init__(self, root: Path, key: DataKey | None = None) -> None:
        self.root = Path(root)
        self.originals = self.root / "originals"
        self.derivatives = self.root / "derivatives"
        self.key = key  # set: an encrypted folder (every file written and read through it)

    def original_path(self, sha256: str) -> Path:
        return self.originals / sha256[:2] / sha256

    def derivative_path(self, sha256: str) -> Path:
        return self.derivatives / sha256[:2] / f"{sha256}.jpg"

    def has(self, sha256: str) -> bool:
        return self.original_path(sha256).exists()

    def read(self, sha256: str) -> bytes:
        return self.read_file(self.original_path(sha256))

    def read_derivative(self, sha256: str) -> bytes:
        return self.read_file(self.ensure_derivative(sha256))

    def size(self, sha256: str) -> int:
        """The original's size in bytes (without the encryption's few bytes)."""
        size = self.original_path(sha256).stat().st_size
        return size - ENCRYPTION_OVERHEAD if self.key is not None else size

    def open_original(self, sha256: str) -> BinaryIO:
        """The original as a binary file object (decrypted in memory when encrypted)."""
        if self.key is None:
            return self.original_path(sha256).open("rb")
        return io.BytesIO(self.read(sha256))

    # ---- files of this store, encrypted or not --------------------------------------------

    def read_file(self, path: Path) -> bytes:
        """A file this store wrote (original, derivative, annotated copy), decrypted."""
        data = Path(path).read_bytes()
        return data if self.key is None else self.key.decrypt(data, Path(path).name)

    def image(self, path: Path) -> Path | InMemoryFile:
        """What image readers open: the path itself in a plain folder, else the decrypted
        bytes in memory (nothing decrypted is written to disk)."""
        if self.key is None:
            return Path(path)
        return InMemoryFile(Path(path).name, self.read_file(path))

    def write_file(self, path: Path, data: bytes) -> None:
        """Write atomically (0600, its folders 0700), encrypted with the file's name as
        associated data when the folder is encrypted."""
        secure_dir(Path(path).parent)
        atomic_write(path, data if self.key is None else self.key.encrypt(data, Path(path).name))

    # ---- photos --------------------------------------------------------------------------

    def import_photo(self, source: Path) -> StoredBlob:
        """Check the file is a complete image, store it and its derivative. Raises PhotoRefused."""
        source = Path(source)
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise PhotoRefused(f"{source}: cannot read the file ({exc.strerror})") from None
        if size > MAX_PHOTO_BYTES:
            raise PhotoRefused(
                f"{source}: {size / 1024 / 1024:.1f} MB is over the 50 MB limit for one photo"
            )
        if size == 0:
            raise PhotoRefused(f"{source}: the file is empty")
        data = source.read_bytes()
        return self.import_photo_bytes(data, name=str(source))

    def import_photo_bytes(self, data: bytes, name: str = "photo") -> StoredBlob:
        if len(data) > MAX_PHOTO_BYTES:
            raise PhotoRefused(f"{name}: over the 50 MB limit for one photo")
        sha = hashlib.sha256(data).hexdigest()
        if self.has(sha) and self.derivative_path(sha).exists():
            # The same bytes were checked and stored before: no need to decode them again.
            return StoredBlob(sha, len(data), already_present=True)
        derivative, width, height = _make_derivative(data, name)
        present = self.has(sha)
        if not present:
            self.write_file(self.original_path(sha), data)
        if not self.derivative_path(sha).exists():
            self.write_file(self.derivative_path(sha), derivative)
        return StoredBlob(sha, len(data), width, height, already_present=present)

    # ---- any bytes (signatures, blobs received by sync) ----------------------------------

    def put_bytes(self, data: bytes, expected_sha256: str | None = None) -> StoredBlob:
        sha = hashlib.sha256(data).hexdigest()
        if expected_sha256 and sha != expected_sha256:
            raise ValueError(f"content hash {sha} does not match the expected {expected_sha256}")
        present = self.has(sha)
        if not present:
            self.write_file(self.original_path(sha), data)
        return StoredBlob(sha, len(data), already_present=present)

    def ensure_derivative(self, sha256: str) -> Path:
        """Derivative for a blob that arrived without one (import, sync)."""
        path = self.derivative_path(sha256)
        if not path.exists():
            derivative, _, _ = _make_derivative(self.read(sha256), sha256)
            self.write_file(path, derivative)
        return path


def _make_derivative(data: bytes, name: str) -> tuple[bytes, int, int]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()  # structure check; catches many corrupt files cheaply
        if fmt not in ACCEPTED_FORMATS:
            raise PhotoRefused(f"{name}: {fmt} images are not accepted as photos")
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            # JPEG can decode at 1/2, 1/4 or 1/8 scale, several times faster, as long as the
            # result still covers the target in both directions; so ask for the target with
            # the photo's own aspect ratio (asking for 1600×1600 would force a full decode of
            # a 4:3 photo). The whole stream is still decoded: truncation is still caught.
            scale = DERIVATIVE_MAX_PX / max(width, height)
            if scale < 1:
                img.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
            img.load()  # a truncated file fails here
            img = ImageOps.exif_transpose(img)
            img = img.convert("RGB")
            img.thumbnail((DERIVATIVE_MAX_PX, DERIVATIVE_MAX_PX), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # Not optimize=True: ~5 % smaller files for a 3× slower encode on every import.
            img.save(out, "JPEG", quality=DERIVATIVE_QUALITY)
    except PhotoRefused:
        raise
    except UnidentifiedImageError:
        raise PhotoRefused(f"{name}: not an image file") from None
    except Image.DecompressionBombError:
        raise PhotoRefused(f"{name}: the image has too many pixels to be a photo") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoRefused(f"{name}: the image is damaged or incomplete ({exc})") from None
    return out.getvalue(), width, height
