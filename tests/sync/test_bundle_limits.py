"""USB bundles are untrusted input: zip bombs, floods of members, lying headers, unreferenced
blobs and flipped bytes are refused with one line, quickly, in bounded memory, storing nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import func, select
from tests.sync.conftest import FIXTURES, new_inspection
from tests.sync.test_bundle import trust

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.sync import bundle_export as export_bundle
from inspector_app.operations.sync import bundle_import as import_bundle
from inspector_app.store import tables
from inspector_app.store.keys import held
from inspector_app.sync import bundle
from inspector_app.sync.bundle import (
    BundleError,
    _content_hash,
    write_members,
)

MB = 1024 * 1024
REPO = Path(__file__).parents[2]


def log_size(app: App) -> int:
    with app.store.read() as conn:
        return conn.execute(select(func.count()).select_from(tables.change_log)).scalar_one()


def stored_blobs(app: App) -> list[str]:
    return sorted(p.name for p in app.blobs.originals.rglob("*") if p.is_file())


def assert_nothing_stored(app: App) -> None:
    assert log_size(app) == 0
    assert stored_blobs(app) == []
    assert app.store.find("inspection") == []
    assert held(app.store) == []


@pytest.fixture
def exporter(laptop) -> App:
    return laptop("a")


@pytest.fixture
def good(exporter, tmp_path) -> Path:
    """A real exported bundle: an inspection, a defect and a photo."""
    a = exporter
    insp = new_inspection(a)
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (640, 480), (10, 120, 200)).save(photo, "JPEG")
    defect = ops.add_defect(a, insp.id, severity="major", facts="缺陷")
    ops.attach_photo(a, insp.id, photo, defect_id=defect.id)
    path = tmp_path / "good.bundle"
    export_bundle(a, insp.id, path)
    return path


def sealed(src: Path, dst: Path, extra: dict[str, bytes]) -> Path:
    """src plus extra blob members, with a manifest re-sealed so that every hash matches."""
    with zipfile.ZipFile(src) as zin:
        members = {n: zin.read(n) for n in zin.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    for name, data in extra.items():
        manifest["members"][name] = hashlib.sha256(data).hexdigest()
    manifest["content_sha256"] = _content_hash(manifest["members"])
    write_members(dst, {"manifest.json": json.dumps(manifest).encode(), **members, **extra})
    return dst


def zero_member(zf: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of `size` zero bytes, deflated, written in 1 MB chunks (never held whole)."""
    info = bundle._zipinfo(name)  # the layout export writes, so only the size is wrong
    info.compress_type = zipfile.ZIP_DEFLATED
    chunk = bytes(MB)
    with zf.open(info, "w", force_zip64=size >= 0xFFFFFFFF) as out:
        for _ in range(size // MB):
            out.write(chunk)


def bomb(src: Path, dst: Path, name: str, size: int) -> Path:
    """src plus a deflated member of `size` zeros, its hash listed and sealed in the manifest
    (computed without holding it: the hash of `size` zeros), so only the size is wrong."""
    digest = hashlib.sha256()
    chunk = bytes(MB)
    for _ in range(size // MB):
        digest.update(chunk)
    with zipfile.ZipFile(src) as zin:
        members = {n: zin.read(n) for n in zin.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    listed = name if name == "changes.jsonl" else f"blobs/{digest.hexdigest()}"
    manifest["members"][listed] = digest.hexdigest()
    manifest["content_sha256"] = _content_hash(manifest["members"])
    members.pop(listed, None)
    write_members(dst, {"manifest.json": json.dumps(manifest).encode(), **members})
    with zipfile.ZipFile(dst, "a", allowZip64=True) as zout:
        zero_member(zout, listed, size)
    return dst


CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from inspector_app.operations import App
from inspector_app.operations.sync import bundle_export as export_bundle
from inspector_app.operations.sync import bundle_import as import_bundle
from inspector_app.sync.bundle import BundleError
from tests.sync.conftest import FIXTURES

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024

app = App(Path(sys.argv[2]), actor="c", checklist_dirs=[FIXTURES])
app.store.device_id
try:
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # resets the peak (VmHWM) to the current RSS
except OSError:
    pass
before = max(status("VmRSS"), 0)
start = time.perf_counter()
try:
    import_bundle(app, sys.argv[1])
    error = None
except BundleError as exc:
    error = str(exc)
seconds = time.perf_counter() - start
print(json.dumps({"error": error, "seconds": seconds, "growth": status("VmHWM") - before}))
"""


def import_in_child(path: Path, data_dir: Path) -> dict:
    """Import in a fresh interpreter and report its peak memory growth during the import."""
    env = {**os.environ, "INSPECTOR_APP_NO_KEYRING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(data_dir), str(REPO)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_a_zip_bomb_is_refused_quickly_in_bounded_memory(good, tmp_path, laptop):
    path = bomb(good, tmp_path / "bomb.bundle", "blobs/x", 1024 * MB)
    assert path.stat().st_size < 3 * MB  # 1 GB of zeros in about 1 MB
    result = import_in_child(path, tmp_path / "c")
    assert result["error"] is not None and "\n" not in result["error"]
    assert "over the limit" in result["error"] and str(path) in result["error"]
    assert result["seconds"] < 1.0
    assert result["growth"] < 100 * MB
    seconds, growth = result["seconds"] * 1000, result["growth"] / MB
    print(f"\nzip bomb refused in {seconds:.1f} ms, peak memory +{growth:.1f} MB")
    assert_nothing_stored(laptop("c"))


def test_a_member_that_inflates_too_far_is_refused_by_its_ratio(good, tmp_path, laptop):
    # 40 MB of zeros is under the per-blob limit, but deflates ~1000:1: no photo does that.
    path = bomb(good, tmp_path / "ratio.bundle", "blobs/x", 40 * MB)
    c = laptop("c")
    with pytest.raises(BundleError, match=r"expands \d+-fold .* over the limit of 200:1") as err:
        import_bundle(c, path)
    assert "\n" not in str(err.value)
    assert_nothing_stored(c)


def test_oversized_changes_are_refused_before_they_are_read(good, tmp_path, laptop):
    path = bomb(good, tmp_path / "changes.bundle", "changes.jsonl", 100 * MB)
    c = laptop("c")
    with pytest.raises(BundleError, match=r"changes.jsonl: 100.0 MB uncompressed, over the limit"):
        import_bundle(c, path)
    assert_nothing_stored(c)


def lie_about_size(path: Path, name: str, declared: int, *, compressed: bool = False) -> None:
    """Rewrite the member's uncompressed size (and its compressed size too) in its local and
    central headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    if compressed:
        struct.pack_into("<I", data, info.header_offset + 18, declared)
    # Find this member's central header by its name and patch its size fields (20, 24).
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == name.encode():
            struct.pack_into("<I", data, pos + 24, declared)
            if compressed:
                struct.pack_into("<I", data, pos + 20, declared)
            break
        pos += 4
    path.write_bytes(bytes(data))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_a_header_that_lies_about_the_size_cannot_bypass_the_bound(good, tmp_path, laptop):
    # changes.jsonl as 300 MB of deflated zeros whose headers claim 4 KB: the size and ratio
    # checks pass; the layout check refuses it (export stores every member) before a read.
    name = "changes.jsonl"
    path = bomb(good, tmp_path / "liar.bundle", name, 300 * MB)
    lie_about_size(path, name, 4096)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(name).file_size == 4096
    result = import_in_child(path, tmp_path / "c")
    assert result["error"] is not None and "\n" not in result["error"]
    assert name in result["error"]
    assert result["seconds"] < 1.0 and result["growth"] < 100 * MB
    seconds, growth = result["seconds"] * 1000, result["growth"] / MB
    print(f"\nlying header refused in {seconds:.1f} ms, peak memory +{growth:.1f} MB")
    assert_nothing_stored(laptop("c"))


@pytest.mark.parametrize("declared", [100, 10 * MB])
def test_a_stored_member_with_consistent_but_false_sizes_is_refused(good, tmp_path, declared):
    # Both sizes in both headers agree, and CRC aside nothing inside the member says where
    # it ends: the next header (or the directory) is then not where export puts it.
    for name in ("changes.jsonl", zipfile.ZipFile(good).namelist()[-1]):
        path = tmp_path / "false-size.bundle"
        shutil.copy(good, path)
        lie_about_size(path, name, declared, compressed=True)
        with pytest.raises(BundleError, match="damaged") as err:
            bundle.read_bundle(path)
        assert "\n" not in str(err.value)


def test_too_many_members_are_refused_before_the_directory_is_parsed(good, tmp_path, laptop):
    path = tmp_path / "flood.bundle"
    shutil.copy(good, path)
    with zipfile.ZipFile(path, "a") as zf:
        for number in range(bundle.MAX_MEMBERS):
            zf.writestr(f"blobs/{number:064x}", b"")
    c = laptop("c")
    with pytest.raises(BundleError, match=r"members, over the limit of 10000") as err:
        import_bundle(c, path)
    assert "\n" not in str(err.value)
    assert_nothing_stored(c)


def test_a_blob_nothing_references_is_refused_and_not_stored(good, exporter, tmp_path, laptop):
    stray = os.urandom(20 * MB)
    sha = hashlib.sha256(stray).hexdigest()
    path = sealed(good, tmp_path / "stray.bundle", {f"blobs/{sha}": stray})
    c = laptop("c")
    with pytest.raises(
        BundleError, match=f"blobs/{sha}: no photo or signature entry in the bundle references it"
    ) as err:
        import_bundle(c, path)
    assert "\n" not in str(err.value)
    assert_nothing_stored(c)
    assert not c.blobs.has(sha)
    # The same bundle without the stray blob imports whole.
    trust(c, exporter)
    done = import_bundle(c, good)
    assert done.blobs_added == 1 and done.new_changes > 0


def test_a_member_name_with_a_newline_still_gives_one_line(good, tmp_path, laptop):
    # Found by the flipped-byte property at another seed: "changes.jsonl" became "changes\njsonl".
    path = tmp_path / "newline.bundle"
    shutil.copy(good, path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(bundle._zipinfo("blobs/x\nrefused: forged second line"), b"")
    c = laptop("c")
    with pytest.raises(BundleError, match="not listed in the manifest") as err:
        import_bundle(c, path)
    assert "\n" not in str(err.value) and "blobs/x\\nrefused" in str(err.value)
    assert_nothing_stored(c)


# ---- any single changed byte --------------------------------------------------------------


def _structure(path: Path) -> list[int]:
    """Offsets of the ZIP's headers and directory: the bytes no hash covers, where a change
    is most likely to go unseen if the layout were not checked."""
    data = path.read_bytes()
    offsets: list[int] = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            offsets += range(info.header_offset, info.header_offset + 30 + len(info.filename))
    offsets += range(data.index(b"PK\x01\x02"), len(data))
    return sorted({o for o in offsets if 0 <= o < len(data)})


def test_every_header_byte_changed_is_refused(good):
    # Exhaustive over the bytes around the members' data (local headers, directory, end
    # record), three masks each; `read_bundle` is every check import makes before storing.
    original = good.read_bytes()
    damaged_path = good.with_name("damaged.bundle")
    offsets = _structure(good)
    assert len(offsets) > 400
    for offset in offsets:
        for mask in (0x01, 0x80, 0xFF):
            damaged = bytearray(original)
            damaged[offset] ^= mask
            damaged_path.write_bytes(bytes(damaged))
            with pytest.raises(BundleError) as err:
                bundle.read_bundle(damaged_path)
            assert "\n" not in str(err.value), (offset, mask)


def test_any_changed_byte_is_refused_and_nothing_is_stored(good, exporter, tmp_path_factory):
    base = tmp_path_factory.mktemp("flip")
    template = base / "template"
    with App(template, actor="c", checklist_dirs=[FIXTURES]) as app:
        trust(app, exporter)  # so the untouched bundle imports whole, nothing held
    original = good.read_bytes()
    shutil.copytree(template, base / "reference")
    with App(base / "reference", actor="c", checklist_dirs=[FIXTURES]) as reference:
        done = import_bundle(reference, good)
        assert (done.held, done.refused) == (0, [])
        assert reference.store.find("photo")
    structure = _structure(good)
    refused = 0

    @seed(20261130)
    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        offset=st.one_of(st.integers(0, len(original) - 1), st.sampled_from(structure)),
        mask=st.integers(1, 255),
    )
    def change_one_byte(offset: int, mask: int) -> None:
        nonlocal refused
        work = base / f"{offset}-{mask}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(template, work / "app")
        damaged = bytearray(original)
        damaged[offset] ^= mask
        path = work / "changed.bundle"
        path.write_bytes(bytes(damaged))
        app = App(work / "app", actor="c", checklist_dirs=[FIXTURES])
        try:
            with pytest.raises(BundleError) as err:
                import_bundle(app, path)
            message = str(err.value)
            assert message and "\n" not in message and str(path) in message
            assert_nothing_stored(app)
            refused += 1
        finally:
            app.close()
            shutil.rmtree(work, ignore_errors=True)

    change_one_byte()
    print(f"\nchanged bytes refused: {refused}")
    assert refused == 200


def test_export_refuses_a_bundle_no_laptop_would_import(laptop, tmp_path, monkeypatch):
    from inspector_app.domain.errors import DomainError

    a = laptop("a")
    insp = new_inspection(a)
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (640, 480), (10, 120, 200)).save(photo, "JPEG")
    ops.attach_photo(a, insp.id, photo)
    monkeypatch.setattr(bundle, "MAX_TOTAL_BYTES", 1024)
    target = tmp_path / "big.bundle"
    with pytest.raises(DomainError, match=r"over the bundle limit of 0\.0 MB; sync") as err:
        export_bundle(a, insp.id, target)
    assert isinstance(err.value, BundleError) and str(target) in str(err.value)
    assert not target.exists() and list(tmp_path.glob(".big.bundle*")) == []
