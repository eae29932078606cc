"""A per-user cache of ReportLab's parsed TrueType face, so a report does not re-parse the CJK
font (5 MB, ~35 000 characters, ~50 000 glyphs) in every process.

What is cached is the state ReportLab's own parser leaves on `TTFont` and its `TTFontFace`
(character → glyph map, widths, metrics, glyph offsets), without the font's bytes: those are
read from the font file on every load (a read, not a parse) because subsetting copies glyph
outlines out of them. One file per font face, named by a digest of its key: the font file's
real path, collection index, size and mtime_ns, the ReportLab and Python versions and the two
ReportLab settings the state depends on. Anything else — a different key, a file that does not
unpickle, the wrong shape — is a miss: the font is parsed and the file rewritten.

The files are pickles, read with an unpickler that resolves only ReportLab's two plain data
classes, so a planted file cannot run code; on top of that the directory is kept 0700 and a file
not owned by the current user (or writable by others) is ignored.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from inspector_app.files import atomic_write

ENV_FONT_CACHE = "INSPECTOR_APP_FONT_CACHE"
FORMAT = 1  # bump when what is stored changes
_MAGIC = b"inspector-app font cache\n"

# Attributes not stored: the font bytes (re-read), the weak per-document state (new per load),
# and ReportLab's unit scale, a lambda made in extractInfo (re-made from unitsPerEm).
_FACE_SKIP = {"_ttf_data", "_pdfScale"}
_FONT_SKIP = {"face", "state", "fontName"}
_ALLOWED = {("reportlab.pdfbase.ttfonts", n) for n in ("TTEncoding", "TTFNameBytes")}


def default_cache_dir() -> Path:
    configured = os.environ.get(ENV_FONT_CACHE)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("inspector-app", False)) / "fonts"


def load(path: Path, index: int, name: str, cache_dir: Path | None) -> tuple[TTFont, bool]:
    """(the font, True if it came from the cache). With cache_dir None, or a cache directory
    that cannot be used, the font is parsed as ReportLab always does."""
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        data = f.read()
    key = _key(path, index, st)
    usable = cache_dir is not None and _usable_dir(cache_dir)
    if usable:
        assert cache_dir is not None
        font = _read(_file_for(cache_dir, path, index, name, key), key, name, data)
        if font is not None:
            return font, True
    # Hand ReportLab the bytes read above, so parse and key describe the same file contents.
    font = TTFont(name, _Named(data, str(path)), subfontIndex=index)
    if usable:
        assert cache_dir is not None
        with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
            _write(cache_dir, _file_for(cache_dir, path, index, name, key), key, font)
    return font, False


class _Named(io.BytesIO):
    """The font's bytes with its file name (ReportLab records the file name of a file object)."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def _key(path: Path, index: int, st: os.stat_result) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "path": str(Path(path).resolve()),
        "index": index,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "reportlab": reportlab.Version,
        "python": sys.version,
        "ascii_readable": rl_config.ttfAsciiReadable,
        "harfbuzz": ttfonts.uharfbuzz is not None,
    }


def _file_for(cache_dir: Path, path: Path, index: int, name: str, key: dict[str, Any]) -> Path:
    # Prefix per font face (so an older version of the same face can be removed), then the key.
    face = hashlib.sha256(f"{key['path']}#{index}".encode()).hexdigest()[:12]
    digest = hashlib.sha256(repr(sorted(key.items())).encode()).hexdigest()[:16]
    return cache_dir / f"{name}-{face}-{digest}.pickle"


def _owner_ok(st: os.stat_result) -> bool:
    """Ours and writable by nobody else (POSIX); Windows' per-user cache dir has no uid."""
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable_dir(cache_dir: Path) -> bool:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = cache_dir.stat()
        if not stat.S_ISDIR(st.st_mode):
            return False
        if hasattr(os, "getuid"):
            if st.st_uid != os.getuid():
                return False
            if stat.S_IMODE(st.st_mode) != 0o700:
                cache_dir.chmod(0o700)
        return True
    except OSError:
        return False


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"font cache: {module}.{name} is not allowed")
        return super().find_class(module, name)


def _read(file: Path, key: dict[str, Any], name: str, data: bytes) -> TTFont | None:
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or not _owner_ok(st):
                return None
            if f.read(len(_MAGIC)) != _MAGIC:
                return None
            # The payload is ~50 000 small containers; a collection pass in the middle of
            # building them costs more than the load (measured: ~35 ms → ~20 ms).
            enabled = gc.isenabled()
            gc.disable()
            try:
                stored = _Unpickler(f).load()
            finally:
                if enabled:
                    gc.enable()
        return _restore(stored, key, name, data)
    except Exception:  # any damaged or foreign cache file is a miss, never an error
        return None


def _restore(stored: Any, key: dict[str, Any], name: str, data: bytes) -> TTFont | None:
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    font_state, face_state = stored["font"], stored["face"]
    if len(data) != key["size"] or not isinstance(face_state.get("charToGlyph"), dict):
        return None
    if len(face_state["glyphPos"]) != face_state["numGlyphs"] + 1:
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(face_state)
    face._ttf_data = data
    face._pdfScale = _scale(face.unitsPerEm)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(font_state)
    font.fontName = name
    font.face = face
    font.state = WeakKeyDictionary()
    return font


def _scale(units_per_em: int):
    # As ReportLab's extractInfo makes it: font units → 1/1000 em.
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _write(cache_dir: Path, file: Path, key: dict[str, Any], font: TTFont) -> None:
    payload = {
        "key": key,
        "font": {k: v for k, v in vars(font).items() if k not in _FONT_SKIP},
        "face": {k: v for k, v in vars(font.face).items() if k not in _FACE_SKIP},
    }
    blob = _MAGIC + pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    # A reader sees the old file, no file, or the whole new one (mkstemp makes it 0600).
    atomic_write(file, blob)
    # Older versions of the same face (the font file was updated) are dead weight.
    prefix = file.name.rsplit("-", 1)[0] + "-"
    for other in cache_dir.glob(prefix + "*.pickle"):
        if other != file:
            with contextlib.suppress(OSError):
                other.unlink()
