"""USB bundles: one inspection's change entries and blobs in one ZIP (docs/sync-protocol.md).

    manifest.json   format, version, inspection id, exporting device, counts, the SHA-256 of
                    every other member and `content_sha256` over those (name + hash lines)
    changes.jsonl   one ChangeEntry per line, sorted by (hlc, device_id, change_id)
    blobs/<sha256>  photo and signature originals

The same entries give the same bytes (fixed member order, times and attributes; no export
time), so a bundle can be compared by hash. Import checks every hash before it applies
anything and merges with the same code as a pull (`store.merge.apply_changes`), so importing
twice, or importing what a sync already brought, changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from inspector_app.domain.merge import Change
from inspector_app.operations.context import App
from inspector_app.store.blobs import PhotoRefused
from inspector_app.store.merge import apply_changes, changes_of
from inspector_app.sync.protocol import PROTOCOL_VERSION, ChangeEntry

FORMAT = "inspector-app.bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHANGES = "changes.jsonl"
BLOB_DIR = "blobs/"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_BLOB_FIELDS = {("photo", "sha256"), ("signature", "image_sha256")}
_HASH_CHUNK = 1024 * 1024


class BundleError(ValueError):
    """A bundle that cannot be imported, as one line naming the file and the member."""


@dataclass
class ExportSummary:
    path: Path
    inspection_id: str
    changes: int
    blobs: int
    missing_blobs: list[str]  # referenced but not on this laptop: not in the bundle
    content_sha256: str


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


def _zipinfo(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    info.create_system = 3  # unix, whatever the exporting OS: same bytes everywhere
    return info


# ---- export -------------------------------------------------------------------------------


def export_bundle(app: App, inspection_id: str, path: Path | str) -> ExportSummary:
    """Write the inspection's entries (all of them, whatever their sync state) and blobs."""
    from inspector_app.operations.inspections import get_inspection

    path = Path(path)
    get_inspection(app, inspection_id)  # a clear error for an unknown id
    changes = changes_of(app.store, inspection_id)
    changes_bytes = b"".join(_line(ChangeEntry.from_change(c)) for c in changes)
    refs = _blob_refs(changes)
    present = sorted(sha for sha in refs if app.blobs.has(sha))
    missing = sorted(sha for sha in refs if not app.blobs.has(sha))
    members = {CHANGES: hashlib.sha256(changes_bytes).hexdigest()}
    for sha in present:
        members[BLOB_DIR + sha] = sha  # content-addressed: the name is the hash
    content = _content_hash(members)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "protocol": PROTOCOL_VERSION,
        "inspection_id": inspection_id,
        "exported_by_device": app.store.device_id,
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
            zf.writestr(_zipinfo(MANIFEST, zipfile.ZIP_DEFLATED), manifest_bytes)
            zf.writestr(_zipinfo(CHANGES, zipfile.ZIP_DEFLATED), changes_bytes)
            for sha in present:
                # Photos are compressed already; storing them keeps export fast.
                with zf.open(_zipinfo(BLOB_DIR + sha, zipfile.ZIP_STORED), "w") as out:
                    out.write(app.blobs.read(sha))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportSummary(path, inspection_id, len(changes), len(present), missing, content)


# ---- import -------------------------------------------------------------------------------


def _hash_member(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as fh:
        while piece := fh.read(_HASH_CHUNK):
            digest.update(piece)
    return digest.hexdigest()


def read_bundle(path: Path | str) -> tuple[dict, list[ChangeEntry]]:
    """Open and fully verify a bundle; (manifest, entries). Raises BundleError."""
    path = Path(path)
    where = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"{where}: no such file") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError(f"{where}: not a bundle (not a readable ZIP file: {exc})") from None
    with zf:
        names = zf.namelist()
        if MANIFEST not in names:
            raise BundleError(f"{where}: not a bundle ({MANIFEST} is missing)")
        try:
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
        except (ValueError, zipfile.BadZipFile, OSError) as exc:
            raise BundleError(f"{where}: {MANIFEST} is damaged ({exc})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BundleError(f"{where}: {MANIFEST}: not an inspector-app bundle")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise BundleError(
                f"{where}: bundle format {manifest.get('format_version')} is not supported "
                f"by this version (reads {FORMAT_VERSION}); update inspector-app"
            )
        members = manifest.get("members")
        if not isinstance(members, dict) or CHANGES not in members:
            raise BundleError(f"{where}: {MANIFEST}: the member list is missing")
        if _content_hash(members) != manifest.get("content_sha256"):
            raise BundleError(f"{where}: {MANIFEST}: content_sha256 does not match the members")
        extra = sorted(set(names) - set(members) - {MANIFEST})
        if extra:
            raise BundleError(f"{where}: {extra[0]}: not listed in the manifest")
        for name in sorted(members):
            if name not in names:
                raise BundleError(f"{where}: {name}: missing from the bundle")
            if name != CHANGES and name.removeprefix(BLOB_DIR) != members[name]:
                raise BundleError(f"{where}: {name}: name and listed hash differ")
            try:
                actual = _hash_member(zf, name)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise BundleError(f"{where}: {name}: damaged ({exc})") from None
            if actual != members[name]:
                raise BundleError(f"{where}: {name}: damaged (SHA-256 does not match)")
        entries = _parse_changes(zf.read(CHANGES), where, manifest.get("inspection_id"))
    return manifest, entries


def _parse_changes(data: bytes, where: str, inspection_id: object) -> list[ChangeEntry]:
    entries = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
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


def import_bundle(app: App, path: Path | str) -> ImportSummary:
    """Verify everything, store the blobs, merge the entries (they stay in the outbox)."""
    manifest, entries = read_bundle(path)
    refs = _blob_refs(e.to_change() for e in entries)
    summary_problems: list[str] = []
    added = 0
    with zipfile.ZipFile(path) as zf:
        for name in sorted(manifest["members"]):
            if not name.startswith(BLOB_DIR):
                continue
            sha = name.removeprefix(BLOB_DIR)
            if app.blobs.has(sha):
                continue
            app.blobs.put_bytes(zf.read(name), expected_sha256=sha)
            added += 1
            if refs.get(sha):
                try:
                    app.blobs.ensure_derivative(sha)
                except PhotoRefused as exc:
                    summary_problems.append(f"{name}: {exc}")
    result = apply_changes(app.store, entries, acknowledged=False, reason="bundle")
    return ImportSummary(
        inspection_id=manifest["inspection_id"],
        exported_by=str(manifest.get("exported_by_device", "")),
        changes=len(entries),
        new_changes=result.inserted,
        duplicates=result.duplicates,
        blobs_added=added,
        created=result.created,
        updated=result.updated,
        conflicts_new=result.conflicts_new,
        refused=result.refused,
        problems=summary_problems,
    )
