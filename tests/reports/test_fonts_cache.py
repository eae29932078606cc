"""The per-user cache of ReportLab's parsed CJK font (reports/fontcache.py), with the real
system font and real ReportLab: a hit gives the same face as a parse, and a stale, damaged,
foreign or unusable cache is a miss that rebuilds or goes without, never an error."""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector_app.reports import fontcache, fonts

TEXT = "检查缺陷项目清单严重主要一般偏差调查记录，。（）：附录第四十八条"


@pytest.fixture(scope="module")
def system_font() -> fonts.FontChoice:
    try:
        return fonts.resolve_font()
    except fonts.FontNotFound as exc:
        pytest.skip(str(exc))


@pytest.fixture
def font_file(system_font, tmp_path) -> Path:
    """A copy of the font, so tests may change its mtime."""
    copy = tmp_path / "font" / f"copy{system_font.path.suffix}"
    copy.parent.mkdir()
    shutil.copyfile(system_font.path, copy)
    return copy


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle"))


def assert_same_face(a, b) -> None:
    codes = [ord(c) for c in TEXT]
    fa, fb = a.face, b.face
    assert [fa.charToGlyph[c] for c in codes] == [fb.charToGlyph[c] for c in codes]
    assert [fa.getCharWidth(c) for c in codes] == [fb.getCharWidth(c) for c in codes]
    assert a.stringWidth(TEXT, 10.5) == b.stringWidth(TEXT, 10.5)
    # Every attribute ReportLab's parser set, except its unit-scale lambda (compared by value).
    skip = {"_pdfScale"}
    assert {k: v for k, v in vars(fa).items() if k not in skip} == {
        k: v for k, v in vars(fb).items() if k not in skip
    }
    assert fa._pdfScale(1234) == fb._pdfScale(1234)
    # The embedded subset, the bytes that end up in the PDF, is the same.
    assert fa.makeSubset([0, *codes]) == fb.makeSubset([0, *codes])


def test_second_load_comes_from_the_cache_and_matches_a_parse(system_font, tmp_path):
    cache = tmp_path / "cache"
    _, hit1 = fonts.load_font(system_font.path, system_font.subfont_index, cache)
    second, hit2 = fonts.load_font(system_font.path, system_font.subfont_index, cache)
    parsed, hit3 = fonts.load_font(system_font.path, system_font.subfont_index, None)
    assert (hit1, hit2, hit3) == (False, True, False)
    assert len(cache_files(cache)) == 1
    assert second.fontName == parsed.fontName
    assert_same_face(second, parsed)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX modes and owners")
def test_cache_dir_and_file_are_private(system_font, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o755)
    cache.chmod(0o755)
    fonts.load_font(system_font.path, system_font.subfont_index, cache)
    assert cache.stat().st_mode & 0o777 == 0o700
    (file,) = cache_files(cache)
    assert file.stat().st_mode & 0o777 == 0o600


def test_a_changed_font_file_rebuilds_and_replaces_the_entry(font_file, tmp_path):
    cache = tmp_path / "cache"
    assert fonts.load_font(font_file, 0, cache)[1] is False
    (old,) = cache_files(cache)
    st = font_file.stat()
    os.utime(font_file, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    font, hit = fonts.load_font(font_file, 0, cache)
    assert hit is False
    (new,) = cache_files(cache)  # the stale entry is gone, not left beside the new one
    assert new != old
    assert fonts.load_font(font_file, 0, cache)[1] is True
    assert_same_face(font, fonts.load_font(font_file, 0, None)[0])


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # torn write
        lambda data: data[:40] + bytes(200) + data[240:],
        lambda data: b"not a cache at all",
    ],
    ids=["empty", "truncated", "garbled", "foreign"],
)
def test_a_damaged_cache_file_is_rebuilt_without_error(system_font, tmp_path, damage):
    cache = tmp_path / "cache"
    fonts.load_font(system_font.path, system_font.subfont_index, cache)
    (file,) = cache_files(cache)
    good = file.read_bytes()
    file.write_bytes(damage(good))
    font, hit = fonts.load_font(system_font.path, system_font.subfont_index, cache)
    assert hit is False and font.face.charToGlyph[ord("检")]
    assert file.read_bytes() == good  # rewritten whole
    assert fonts.load_font(system_font.path, system_font.subfont_index, cache)[1] is True


def test_a_cache_entry_with_another_key_is_a_miss(system_font, tmp_path):
    cache = tmp_path / "cache"
    fonts.load_font(system_font.path, system_font.subfont_index, cache)
    (file,) = cache_files(cache)
    with open(file, "rb") as f:
        f.read(len(fontcache._MAGIC))
        stored = pickle.load(f)
    stored["key"]["reportlab"] = "0.0.1"  # written by another ReportLab
    file.write_bytes(fontcache._MAGIC + pickle.dumps(stored))
    assert fonts.load_font(system_font.path, system_font.subfont_index, cache)[1] is False


class _Planted:
    def __reduce__(self):
        return (os.mkdir, (str(self.target),))

    def __init__(self, target: Path) -> None:
        self.target = target


def test_a_planted_pickle_runs_no_code(system_font, tmp_path):
    cache = tmp_path / "cache"
    fonts.load_font(system_font.path, system_font.subfont_index, cache)
    (file,) = cache_files(cache)
    marker = tmp_path / "owned"
    file.write_bytes(fontcache._MAGIC + pickle.dumps(_Planted(marker)))
    font, hit = fonts.load_font(system_font.path, system_font.subfont_index, cache)
    assert hit is False and not marker.exists()
    assert font.face.charToGlyph[ord("检")]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners")
def test_a_file_writable_by_others_is_not_trusted(system_font, tmp_path):
    cache = tmp_path / "cache"
    fonts.load_font(system_font.path, system_font.subfont_index, cache)
    (file,) = cache_files(cache)
    file.chmod(0o666)
    assert fonts.load_font(system_font.path, system_font.subfont_index, cache)[1] is False


@pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0, reason="chown to another user needs root"
)
def test_a_cache_dir_owned_by_another_user_is_not_used(system_font, tmp_path):
    cache = tmp_path / "cache"
    fonts.load_font(system_font.path, system_font.subfont_index, cache)
    for path in [cache, *cache_files(cache)]:
        os.chown(path, 65534, 65534)  # nobody
    font, hit = fonts.load_font(system_font.path, system_font.subfont_index, cache)
    assert hit is False and font.face.charToGlyph[ord("检")]


def test_an_unusable_cache_dir_works_without_cache(system_font, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for cache in (blocker, blocker / "fonts"):
        font, hit = fonts.load_font(system_font.path, system_font.subfont_index, cache)
        assert hit is False and font.face.charToGlyph[ord("检")]
    assert blocker.read_text() == "not a directory"


# A fresh interpreter renders the demo's defect list through the CLI entry point, with the font
# cache in a given directory; it prints the exit status and which unwanted modules it loaded.
_RENDER = """
import json, sys
from inspector_app.cli import main
rc = main(["--data-dir", sys.argv[1], "report", sys.argv[2], "--template", "defect-list",
           "-o", sys.argv[3]])
unwanted = ("httpx", "inspector_app.sync.client", "inspector_app.server", "PySide6", "fastapi")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in unwanted or m in unwanted
                or any(m.startswith(u + ".") for u in unwanted))
print(json.dumps({"rc": rc, "unwanted": loaded}))
"""


def _render(demo_dir, out: Path, cache: Path) -> dict:
    data, iid = demo_dir
    env = {**os.environ, fontcache.ENV_FONT_CACHE: str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", _RENDER, str(data), iid, str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["rc"] == 0, proc.stderr
    return result


def test_a_report_rendered_with_the_cached_font_reads_back_the_same(
    system_font, demo_dir, tmp_path
):
    cache = tmp_path / "cache"
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    _render(demo_dir, first, cache)
    (file,) = cache_files(cache)
    stamp = file.stat().st_mtime_ns
    _render(demo_dir, second, cache)
    # A miss would have rewritten the entry (a new file replaces it): it was read.
    assert file.stat().st_mtime_ns == stamp
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(second.read_bytes())).pages)
    assert "缺陷项目" in text
    assert first.read_bytes() == second.read_bytes()


def test_the_report_command_loads_no_sync_client_server_or_qt(system_font, demo_dir, tmp_path):
    result = _render(demo_dir, tmp_path / "list.pdf", tmp_path / "cache")
    assert result["unwanted"] == []
