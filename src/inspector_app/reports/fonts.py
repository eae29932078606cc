"""Finding a CJK TrueType font to embed (as a subset) in the PDF reports.

Order: configuration (the INSPECTOR_APP_REPORT_FONT variable, or an explicit path given by
the caller), then a font shipped with the packaged app (`templates/fonts/`), then the fonts
of the system. ReportLab embeds TrueType outlines only (.ttf, and .ttc collections); CFF
OpenType fonts such as Noto Sans CJK (.otf) cannot be embedded, so they are not candidates.
Font files are never committed to the repository. ReportLab's parse of the chosen font is
cached per user (`fontcache`), so a report does not re-parse a 5 MB CJK font every run.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from inspector_app.domain.errors import InspectorError
from inspector_app.reports import fontcache

ENV_FONT = "INSPECTOR_APP_REPORT_FONT"
FONT_NAME = "ReportCJK"

# Known system fonts with their collection index (ttc) — the regular, proportional face.
_WINDOWS = [
    ("msyh.ttc", 0),  # Microsoft YaHei
    ("msyh.ttf", 0),
    ("simsun.ttc", 0),  # SimSun
    ("simhei.ttf", 0),  # SimHei
]
_LINUX = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
    "/usr/share/fonts/lxgw-wenkai/LXGWWenKai-Regular.ttf",
]
_MAC = [
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
]

INSTALL_HINT = (
    "install a Chinese TrueType font (Linux: `apt-get install fonts-wqy-microhei`; Windows "
    "ships Microsoft YaHei/SimSun) or set INSPECTOR_APP_REPORT_FONT=/path/to/font.ttf[#index]"
)


class FontNotFound(InspectorError, RuntimeError):
    """No usable CJK TrueType font; the message lists what was tried and how to get one."""


@dataclass(frozen=True)
class FontChoice:
    path: Path
    subfont_index: int
    source: str  # configuration / packaged / system

    @property
    def label(self) -> str:
        """Font file name and index, recorded in the PDF (a different font renders differently)."""
        return f"{self.path.name}#{self.subfont_index}"


def _parse(spec: str) -> tuple[Path, int]:
    path, _, index = spec.partition("#")
    return Path(path).expanduser(), int(index) if index.isdigit() else 0


def packaged_fonts_dir() -> Path:
    from inspector_app.reports.templates import templates_dir

    return templates_dir() / "fonts"


def candidates(configured: str | os.PathLike[str] | None = None) -> list[tuple[Path, int, str]]:
    found: list[tuple[Path, int, str]] = []
    for spec in (str(configured) if configured else None, os.environ.get(ENV_FONT)):
        if spec:
            path, index = _parse(spec)
            found.append((path, index, "configuration"))
    packaged = packaged_fonts_dir()
    if packaged.is_dir():
        for path in sorted(packaged.iterdir()):
            if path.suffix.lower() in {".ttf", ".ttc"}:
                found.append((path, 0, "packaged"))
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        for name, index in _WINDOWS:
            found += [(windir / name, index, "system"), (local / name, index, "system")]
    elif sys.platform == "darwin":
        found += [(Path(p), 0, "system") for p in _MAC]
    else:
        found += [(Path(p), 0, "system") for p in _LINUX]
    return found


def resolve_font(configured: str | os.PathLike[str] | None = None) -> FontChoice:
    """The first candidate that exists and loads as a TrueType font, else FontNotFound."""
    tried: list[str] = []
    for path, index, source in candidates(configured):
        if not path.is_file():
            tried.append(f"{path} (not found)")
            continue
        try:
            _load(path, index)
        except (TTFError, OSError, ValueError) as exc:
            tried.append(f"{path} ({exc})")
            continue
        return FontChoice(path, index, source)
    raise FontNotFound(
        "no Chinese TrueType font for the PDF report; tried: "
        + "; ".join(tried)
        + ". To fix: "
        + INSTALL_HINT
    )


_LOADED: dict[tuple[str, int], TTFont] = {}


def _name_for(path: Path, index: int) -> str:
    # Stable across processes and machines (the name may reach the PDF's resources).
    stem = re.sub(r"[^A-Za-z0-9]", "", path.stem) or "font"
    return f"{FONT_NAME}-{stem}-{index}"


def _load(path: Path, index: int) -> TTFont:
    key = (str(path), index)
    if key not in _LOADED:
        _LOADED[key], _ = load_font(path, index)
    return _LOADED[key]


def load_font(
    path: Path, index: int, cache_dir: Path | Literal["user"] | None = "user"
) -> tuple[TTFont, bool]:
    """Parse the font, or take ReportLab's parsed state from the cache (`fontcache`); returns
    (font, True if from the cache). "user": the per-user cache dir; None: no cache."""
    where = fontcache.default_cache_dir() if cache_dir == "user" else cache_dir
    return fontcache.load(path, index, _name_for(path, index), where)


def register(choice: FontChoice) -> str:
    """Register the font with ReportLab (once per process); return its registered name."""
    font = _load(choice.path, choice.subfont_index)
    if font.fontName not in pdfmetrics.getRegisteredFontNames():
        # ReportLab embeds TrueType fonts as subsets of the glyphs used (always).
        pdfmetrics.registerFont(font)
    return font.fontName
