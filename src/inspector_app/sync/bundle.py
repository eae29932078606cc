"""USB bundles: one inspection's change entries and blobs in one ZIP (docs/sync-protocol.md).

    manifest.json   format, version, inspection id, exporting device and its public key
                    (informational: never used to verify), counts, the SHA-256 of every other
                    member and `content_sha256` over those (name + hash lines)
    changes.jsonl   one ChangeEntry per line, sorted by (hlc, device_id, change_id), each with
                    its author device's Ed25519 signature
    blobs/<sha256>  photo and signature originals

The hashes only show that the file is intact; who wrote each entry is shown by its signature,
checked against keys this laptop already trusts (sync/verify.py), never against anything the
bundle itself carries. Export signs this device's unsigned entries first.

The same entries give the same bytes (fixed member order, times and attributes, every member
stored uncompressed; no export time), so a bundle can be compared by hash. Import accepts
only that exact layout, so any changed byte is refused; it checks every hash and signature
before it stores anything, and merges with the same code as a pull
(`store.merge.apply_changes`), so importing twice, or importing what a sync already brought,
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from inspector_app.domain.errors import DomainError
from inspector_app.domain.merge import Change, signing_bytes
from inspector_app.store.blobs import MAX_PHOTO_BYTES, BlobStore, PhotoRefused
from inspector_app.store.keys import hold, set_signatures, unsigned_own
from inspector_app.store.merge import apply_changes, entry_problem, signed_changes_of
from inspector_app.store.store import Store
from inspector_app.sync.protocol import PROTOCOL_VERSION, ChangeEntry
from inspector_app.sync.signing import SigningKey
from inspector_app.sync.verify import TrustedKeys, verify_entries

FORMAT = "inspector-app.bundle"
# 2: every entry signed, every member stored, the exact ZIP layout checked (issue 10).
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
CHANGES = "changes.jsonl"
BLOB_DIR = "blobs/"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_BLOB_FIELDS = {("photo", "sha256"), ("signature", "image_sha256")}
_HASH_CHUNK = 1024 * 1024
_UNIX = 3
_EXTERNAL_ATTR = 0o644 << 16


class BundleError(DomainError):
    """A bundle that cannot be imported, as one line naming the file and the member."""

    def __init__(self, message: str) -> None:
        # Member names and parse errors come from the file: a newline or control character
        # in one must not break the one line (nor forge a second line in a log).
        line = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        ValueError.__init__(self, line)  # the message names the file itself: no prefix
        self.field = "bundle"
        self.message = line


@dataclass
class ExportSummary:
    path: Path
    inspection_id: str
    changes: int
    blobs: int
    missing_blobs: list[str]  # referenced but not on this laptop: not in the bundle
    content_sha256: str
    # Other devices' entries that arrived here unsigned (before signatures existed): no
    # laptop would accept them, so they are left out; their authors deliver them signed.
    unsigned_left_out: int = 0


@dataclass
class ImportSummary:
    inspection_id: str
    exported_by: str
    changes: int
    new_changes: int
    duplicates: int
    blobs_added: int
    created: int
    updated: int
    conflicts_new: int
    refused: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Entries whose author's key is not known yet: kept in held_change (visible, unapplied)
    # until `sync.verify.retry_held` after the next key pull. held_new: not held before.
    held: int = 0
    held_new: int = 0
    held_devices: list[str] = field(default_factory=list)


def _line(entry: ChangeEntry) -> bytes:
    text = json.dumps(entry.model_dump(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def _content_hash(members: dict[str, str]) -> str:
    listing = "".join(f"{name} {members[name]}\n" for name in sorted(members))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def _blob_refs(changes: Iterable[Change]) -> dict[str, bool]:
    """sha256 → referenced by a photo (needs a derivative) for every blob value in entries."""
    found: dict[str, bool] = {}
    for change in changes:
        if (change.kind, change.field) in _BLOB_FIELDS and isinstance(change.value, str):
            is_photo = change.kind == "photo"
            found[change.value] = found.get(change.value, False) or is_photo
    return found


def _zipinfo(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    # Every member stored, none deflated: a deflate stream has bits no decoder reads (padding,
    # codes for unused symbols), so a changed bit there would go unseen. Stored, every data
    # byte is under the member's CRC-32 (and SHA-256). Photos barely compress anyway.
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = _EXTERNAL_ATTR
    info.create_system = _UNIX  # whatever the exporting OS: same bytes everywhere
    return info


def write_members(path: Path | str, members: Mapping[str, bytes]) -> None:
    """Write a ZIP in exactly the layout export uses (tests build altered bundles with it:
    a forger has this code too, so only hashes and signatures may tell them apart)."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(_zipinfo(name), data)


# ---- export -------------------------------------------------------------------------------


def export_bundle(
    store: Store, blobs: BlobStore, key: SigningKey, inspection_id: str, path: Path | str
) -> ExportSummary:
    """Sign this device's entries with `key`, then write the inspection's entries (all of
    them, whatever their sync state) with their signatures, and its blobs."""
    path = Path(path)
    own = unsigned_own(store, inspection_id)
    set_signatures(store, {change.change_id: key.sign(change) for change in own})
    signed = signed_changes_of(store, inspection_id)
    kept = [(change, sig) for change, sig in signed if sig]
    changes = [change for change, _ in kept]
    changes_bytes = b"".join(_line(ChangeEntry.from_change(c, sig)) for c, sig in kept)
    refs = _blob_refs(changes)
    present = sorted(sha for sha in refs if blobs.has(sha))
    missing = sorted(sha for sha in refs if not blobs.has(sha))
    total = len(changes_bytes) + sum(blobs.size(s) for s in present)
    if total > MAX_TOTAL_BYTES:  # no laptop would import it (nor could a plain ZIP hold it)
        raise BundleError(
            f"{path}: {_mb(total)} of entries and files, over the bundle limit of "
            f"{_mb(MAX_TOTAL_BYTES)}; sync this inspection instead"
        )
    members = {CHANGES: hashlib.sha256(changes_bytes).hexdigest()}
    for sha in present:
        members[BLOB_DIR + sha] = sha  # content-addressed: the name is the hash
    content = _content_hash(members)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "protocol": PROTOCOL_VERSION,
        "inspection_id": inspection_id,
        "exported_by_device": store.device_id,
        "exported_by_public_key": key.public_text,
        "counts": {"changes": len(changes), "blobs": len(present)},
        "members": members,
        "content_sha256": content,
    }
    manifest_bytes = (
        json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    ).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr(_zipinfo(MANIFEST), manifest_bytes)
            zf.writestr(_zipinfo(CHANGES), changes_bytes)
            for sha in present:
                with zf.open(_zipinfo(BLOB_DIR + sha), "w") as out:
                    out.write(blobs.read(sha))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportSummary(
        path, inspection_id, len(changes), len(present), missing, content, len(signed) - len(kept)
    )


# ---- import -------------------------------------------------------------------------------
#
# A bundle comes from a USB stick, so it is checked as untrusted input: the member count and
# every member's declared size and compression ratio are checked from the ZIP directory, then
# the exact layout (below), before a single member byte is read; members are then read raw in
# chunks up to their declared size, which the layout ties to where the next header starts.

# Members: manifest + changes + one per blob. A large inspection has a few hundred photos and
# signatures; 10 000 is far above that and still a directory zipfile parses in a few MB.
MAX_MEMBERS = 10_000
# Every blob is a photo original or a signature image, which the app never stores above the
# 50 MB photo limit, so a bigger blob member cannot be one it exported.
MAX_BLOB_BYTES = MAX_PHOTO_BYTES
# changes.jsonl is parsed in memory. A long inspection writes some 10 000 entries of < 1 KB;
# 64 MB leaves room for several times that while bounding the parse to a few hundred MB.
MAX_CHANGES_BYTES = 64 * 1024 * 1024
MAX_CHANGE_LINES = 200_000
# manifest.json: ~150 bytes per member, so 10 000 members stay under 2 MB.
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
# Whole bundle, uncompressed: 200 photos of up to 50 MB would be 10 GB, but camera JPEGs are
# 5–10 MB, so a real bundle of 200 photos holds about 2 GB; 4 GB leaves twice that.
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
# Export stores every member (1:1), so the layout check refuses any compressed member; this
# check comes first only to name a zip bomb as one: a member that inflates more than 200-fold.
# Members under 1 MB are exempt: even a pathological ratio cannot make them cost anything.
MAX_RATIO = 200
RATIO_EXEMPT_BYTES = 1024 * 1024

# Everything zipfile and zlib raise on a damaged or crafted file (a flipped compression method
# is NotImplementedError, a flipped "encrypted" flag RuntimeError, a bad name UnicodeError...).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    OverflowError,
)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _member_limit(name: str) -> int:
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    if name == CHANGES:
        return MAX_CHANGES_BYTES
    return MAX_BLOB_BYTES


def _open_zip(path: Path, where: str) -> zipfile.ZipFile:
    """Open the ZIP after checking its directory's entry count, then check every member."""
    try:
        with open(path, "rb") as fh:
            end = zipfile._EndRecData(fh)  # the end record only: says how many entries follow
    except FileNotFoundError:
        raise BundleError(f"{where}: no such file") from None
    except _ZIP_ERRORS as exc:
        raise BundleError(f"{where}: not a bundle (not a readable ZIP file: {exc})") from None
    if end is None:
        raise BundleError(f"{where}: not a bundle (not a readable ZIP file)")
    declared = max(end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_ENTRIES_THIS_DISK])
    if declared > MAX_MEMBERS:
        raise BundleError(f"{where}: {declared} members, over the limit of {MAX_MEMBERS}")
    try:
        zf = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        raise BundleError(f"{where}: not a bundle (not a readable ZIP file: {exc})") from None
    try:
        _check_directory(zf, where)
        _check_layout(zf, where)
    except BaseException:
        zf.close()
        raise
    return zf


def _check_directory(zf: zipfile.ZipFile, where: str) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:  # the end record can lie too
        raise BundleError(f"{where}: {len(infos)} members, over the limit of {MAX_MEMBERS}")
    total = 0
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if name in seen:
            raise BundleError(f"{where}: {name}: appears twice in the ZIP")
        seen.add(name)
        size = info.file_size
        if size > _member_limit(name):
            raise BundleError(
                f"{where}: {name}: {_mb(size)} uncompressed, over the limit of "
                f"{_mb(_member_limit(name))}"
            )
        if size > RATIO_EXEMPT_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleError(
                f"{where}: {name}: expands {size // max(info.compress_size, 1)}-fold "
                f"({_mb(info.compress_size)} to {_mb(size)}), over the limit of "
                f"{MAX_RATIO}:1 (a zip bomb?)"
            )
        total += size
    if total > MAX_TOTAL_BYTES:
        raise BundleError(
            f"{where}: {_mb(total)} uncompressed in all, over the limit of {_mb(MAX_TOTAL_BYTES)}"
        )


# ---- the exact layout, and reading members -------------------------------------------------
#
# Hashes cover the members' contents, but a ZIP also has fields nothing reads (local header
# times and sizes, the directory's spare bytes...). Import accepts only the layout export
# writes: every header byte fixed or equal to its twin, members back to back, the directory
# and end record exactly as export writes them, nothing after. With every member stored, each
# remaining byte is member data under its CRC-32, which catches any one changed byte. So ANY
# changed byte of a bundle is refused, never silently ignored.

_DOS_DATE = ((_FIXED_TIME[0] - 1980) << 9) | (_FIXED_TIME[1] << 5) | _FIXED_TIME[2]
_DOS_TIME = (_FIXED_TIME[3] << 11) | (_FIXED_TIME[4] << 5) | (_FIXED_TIME[5] // 2)
_LOCAL_HEADER = struct.Struct(zipfile.structFileHeader)
_CENTRAL_HEADER = struct.Struct(zipfile.structCentralDir)
_END_RECORD = struct.Struct(zipfile.structEndArchive)


def _data_offset(info: zipfile.ZipInfo) -> int:
    return info.header_offset + _LOCAL_HEADER.size + len(info.orig_filename)


def _headers(info: zipfile.ZipInfo) -> tuple[bytes, bytes]:
    """The local and the central header export writes for this member."""
    name = info.orig_filename.encode("ascii")
    common = (info.compress_type, _DOS_TIME, _DOS_DATE, info.CRC, info.compress_size)
    local = _LOCAL_HEADER.pack(
        zipfile.stringFileHeader,
        zipfile.DEFAULT_VERSION,
        0,
        0,
        *common,
        info.file_size,
        len(name),
        0,
    )
    central = _CENTRAL_HEADER.pack(
        zipfile.stringCentralDir,
        zipfile.DEFAULT_VERSION,
        _UNIX,
        zipfile.DEFAULT_VERSION,
        0,
        0,
        *common,
        info.file_size,
        len(name),
        0,
        0,
        0,
        0,
        _EXTERNAL_ATTR,
        info.header_offset,
    )
    return local + name, central + name


def _check_layout(zf: zipfile.ZipFile, where: str) -> None:
    fh = zf.fp
    assert fh is not None
    size = fh.seek(0, os.SEEK_END)
    infos = zf.infolist()
    offset = 0
    directory = []
    for info in infos:
        name = info.orig_filename
        checks = {
            "name": info.filename == name and name.isascii(),
            "method": info.compress_type == zipfile.ZIP_STORED,
            "sizes": info.compress_size == info.file_size,
            "position": info.header_offset == offset,
        }
        wrong = next((what for what, ok in checks.items() if not ok), None)
        if wrong is None:
            local, central = _headers(info)
            fh.seek(info.header_offset)
            if fh.read(len(local)) != local:
                wrong = "local header"
            directory.append(central)
        if wrong is not None:
            raise BundleError(f"{where}: {name}: damaged (ZIP header: {wrong})")
        offset = _data_offset(info) + info.compress_size
    central_bytes = b"".join(directory)
    expected = central_bytes + _END_RECORD.pack(
        zipfile.stringEndArchive, 0, 0, len(infos), len(infos), len(central_bytes), offset, 0
    )
    fh.seek(offset)
    if size != offset + len(expected) or fh.read(len(expected)) != expected:
        raise BundleError(f"{where}: damaged (the ZIP directory or end record was altered)")


def _chunks(zf: zipfile.ZipFile, name: str, where: str) -> Iterator[bytes]:
    """A member's bytes in chunks (read raw: every member is stored), stopping at its
    declared size, its CRC-32 checked."""
    info = zf.getinfo(name)
    fh = zf.fp  # sizes were bounded by _check_directory, the layout by _check_layout
    assert fh is not None
    count = 0
    crc = 0
    try:
        fh.seek(_data_offset(info))
        while count < info.file_size:
            piece = fh.read(min(_HASH_CHUNK, info.file_size - count))
            if not piece:
                break
            count += len(piece)
            crc = zlib.crc32(piece, crc)
            yield piece
    except _ZIP_ERRORS as exc:
        raise BundleError(f"{where}: {name}: damaged ({exc})") from None
    if count != info.file_size:
        raise BundleError(f"{where}: {name}: damaged (shorter than its declared size)")
    if crc != info.CRC:
        raise BundleError(f"{where}: {name}: damaged (CRC-32 does not match)")


def _read_member(zf: zipfile.ZipFile, name: str, where: str) -> bytes:
    return b"".join(_chunks(zf, name, where))


def _hash_member(zf: zipfile.ZipFile, name: str, where: str) -> str:
    digest = hashlib.sha256()
    for piece in _chunks(zf, name, where):
        digest.update(piece)
    return digest.hexdigest()


def read_bundle(path: Path | str) -> tuple[dict, list[ChangeEntry]]:
    """Open and fully verify a bundle; (manifest, entries). Raises BundleError."""
    with _open_zip(Path(path), str(path)) as zf:
        return _verify(zf, str(path))


def _verify(zf: zipfile.ZipFile, where: str) -> tuple[dict, list[ChangeEntry]]:
    names = set(zf.namelist())
    if MANIFEST not in names:
        raise BundleError(f"{where}: not a bundle ({MANIFEST} is missing)")
    raw = _read_member(zf, MANIFEST, where)
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        raise BundleError(f"{where}: {MANIFEST} is damaged ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"{where}: {MANIFEST}: not an inspector-app bundle")
    if manifest.get("format_version") == 1:
        raise BundleError(
            f"{where}: bundle format 1 (written before entries were signed) is not accepted "
            "any more; export it again with this version of inspector-app"
        )
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BundleError(
            f"{where}: bundle format {manifest.get('format_version')} is not supported "
            f"by this version (reads {FORMAT_VERSION}); update inspector-app"
        )
    members = manifest.get("members")
    if (
        not isinstance(members, dict)
        or CHANGES not in members
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in members.items())
    ):
        raise BundleError(f"{where}: {MANIFEST}: the member list is missing")
    if _content_hash(members) != manifest.get("content_sha256"):
        raise BundleError(f"{where}: {MANIFEST}: content_sha256 does not match the members")
    extra = sorted(names - set(members) - {MANIFEST})
    if extra:
        raise BundleError(f"{where}: {extra[0]}: not listed in the manifest")
    for name in sorted(members):
        if name not in names:
            raise BundleError(f"{where}: {name}: missing from the bundle")
        if name != CHANGES and name.removeprefix(BLOB_DIR) != members[name]:
            raise BundleError(f"{where}: {name}: name and listed hash differ")
    # The entries first: they are small, and say which blobs are worth reading at all.
    data = _read_member(zf, CHANGES, where)
    if hashlib.sha256(data).hexdigest() != members[CHANGES]:
        raise BundleError(f"{where}: {CHANGES}: damaged (SHA-256 does not match)")
    entries = _parse_changes(data, where, manifest.get("inspection_id"))
    refs = _blob_refs(e.to_change() for e in entries)
    for name in sorted(members):
        if name.startswith(BLOB_DIR) and name.removeprefix(BLOB_DIR) not in refs:
            # Nothing would ever show it, yet it would be stored and synced: a carrier for
            # anything. Refuse the bundle rather than silently drop part of it.
            raise BundleError(
                f"{where}: {name}: no photo or signature entry in the bundle references it"
            )
    for name in sorted(members):
        if name != CHANGES and _hash_member(zf, name, where) != members[name]:
            raise BundleError(f"{where}: {name}: damaged (SHA-256 does not match)")
    return manifest, entries


def _parse_changes(data: bytes, where: str, inspection_id: object) -> list[ChangeEntry]:
    entries = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(f"{where}: {CHANGES}: not UTF-8 text ({exc})") from None
    lines = text.splitlines()
    if len(lines) > MAX_CHANGE_LINES:
        raise BundleError(
            f"{where}: {CHANGES}: {len(lines)} lines, over the limit of {MAX_CHANGE_LINES}"
        )
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = ChangeEntry.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"]) or "entry"
            raise BundleError(f"{where}: {CHANGES} line {number}: {loc}: {first['msg']}") from None
        if entry.inspection_id != inspection_id:
            raise BundleError(
                f"{where}: {CHANGES} line {number}: belongs to another inspection "
                f"({entry.inspection_id})"
            )
        entries.append(entry)
    return entries


def _held_already(entry: ChangeEntry, stored: tuple[Change, str | None] | None) -> bool:
    if stored is None or stored[1] is None or stored[1] != entry.signature:
        return False
    return signing_bytes(stored[0]) == signing_bytes(entry.to_change())


def import_bundle(store: Store, blobs: BlobStore, path: Path | str) -> ImportSummary:
    """Verify everything, store the blobs, merge the entries (they stay in the outbox).

    Order matters: the ZIP, its layout and hashes, then the signature of every entry new to
    this laptop against the keys it trusts (sync/verify.py); only then is anything stored.
    One bad entry refuses the whole bundle. Entries whose author's key is not known yet are
    held, unapplied.
    """
    where = str(path)
    summary_problems: list[str] = []
    added = 0
    with _open_zip(Path(path), where) as zf:
        # One open file for checking and storing: what was checked is what is stored.
        manifest, entries = _verify(zf, where)
        inspection = manifest["inspection_id"]
        # Entries this laptop holds already, byte for byte with the same signature, were
        # checked when they came (or are its own) and change nothing: not checked again,
        # so re-importing a team's growing bundle costs only its new entries.
        stored = {c.change_id: (c, sig) for c, sig in signed_changes_of(store, inspection)}
        fresh = [e for e in entries if not _held_already(e, stored.get(e.change_id))]
        verdict = verify_entries(fresh, TrustedKeys.of(store))
        if verdict.bad:
            raise BundleError(f"{where}: {verdict.bad[0][1]}; nothing was imported")
        # Blobs of held photo entries are stored too: content addressed and hash checked,
        # they cannot alter anything, and the photo is whole once its key arrives even if
        # this file is gone by then.
        refs = _blob_refs(e.to_change() for e in entries)
        for name in sorted(manifest["members"]):
            if not name.startswith(BLOB_DIR):
                continue
            sha = name.removeprefix(BLOB_DIR)
            if blobs.has(sha):
                continue
            data = _read_member(zf, name, where)
            try:
                blobs.put_bytes(data, expected_sha256=sha)
            except ValueError as exc:  # changed on the stick since it was checked
                raise BundleError(f"{where}: {name}: {exc}") from None
            added += 1
            if refs.get(sha):
                try:
                    blobs.ensure_derivative(sha)
                except PhotoRefused as exc:
                    summary_problems.append(f"{name}: {exc}")
    # An unknown-key entry this laptop already holds (a sync brought it, checked by the
    # server) changes nothing: it is a duplicate, not something to wait for.
    now_ms = time.time_ns() // 1_000_000
    waiting: list[tuple[ChangeEntry, str]] = []
    refused_now: list[tuple[str, str]] = []
    duplicates = len(entries) - len(fresh)
    for entry, reason in verdict.unknown:
        if entry.change_id in stored:
            duplicates += 1
            continue
        # What the merge would refuse anyway (a 20 MB text, a clock days ahead) is refused
        # now, not kept in held_change for the key to arrive.
        problem = entry_problem(entry.to_change(), now_ms, check_clock=True)
        if problem:
            refused_now.append((entry.change_id, problem))
        else:
            waiting.append((entry, reason))
    held_new = hold(
        store, [(e.model_dump(), reason) for e, reason in waiting], source=Path(path).name
    )
    held_devices = sorted({e.device_id for e, _ in waiting})
    if waiting:
        summary_problems.append(
            f"{len(waiting)} change(s) wait, unapplied, for the key of device(s) "
            f"{', '.join(held_devices)}; they are applied after a sync brings the team's keys"
        )
    result = apply_changes(store, verdict.valid, acknowledged=False)
    return ImportSummary(
        inspection_id=manifest["inspection_id"],
        exported_by=str(manifest.get("exported_by_device", "")),
        changes=len(entries),
        new_changes=result.inserted,
        duplicates=result.duplicates + duplicates,
        blobs_added=added,
        created=result.created,
        updated=result.updated,
        conflicts_new=result.conflicts_new,
        refused=result.refused + refused_now,
        problems=summary_problems,
        held=len(waiting),
        held_new=held_new,
        held_devices=held_devices,
    )
