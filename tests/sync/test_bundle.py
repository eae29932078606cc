"""USB bundles: team laptops merge on site with no network."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from PIL import Image
from sqlalchemy import func, select
from tests.sync.conftest import all_rows, new_inspection

from inspector_app.domain.hlc import Timestamp
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.operations.sync import bundle_export as export_bundle
from inspector_app.operations.sync import bundle_import as import_bundle
from inspector_app.store import tables
from inspector_app.store.keys import DeviceKey, device_keys, replace_device_keys
from inspector_app.store.merge import laptop_state_hash
from inspector_app.sync.bundle import (
    BundleError,
    _content_hash,
    write_members,
)
from inspector_app.sync.credentials import DeviceKeyStore
from inspector_app.sync.protocol import ChangeEntry
from inspector_app.sync.signing import SigningKey


def log_size(app) -> int:
    with app.store.read() as conn:
        return conn.execute(select(func.count()).select_from(tables.change_log)).scalar_one()


def signing_key(app) -> SigningKey:
    return DeviceKeyStore(app.data_dir, app.store.device_id).get_or_create()


def trust(app, *others, revoked_at: str | None = None) -> None:
    """What a sync does for `app`: store the team's public keys (here: the others')."""
    keys = dict(device_keys(app.store))
    for other in others:
        device = other.store.device_id
        keys[device] = DeviceKey(device, signing_key(other).public_text, "inspector", revoked_at)
    replace_device_keys(app.store, keys.values())


def introduce(*apps) -> None:
    """Every laptop knows every other's key, as after each of them synced once."""
    for app in apps:
        trust(app, *[other for other in apps if other is not app])


def signed_line(entry: dict, key: SigningKey) -> bytes:
    """One changes.jsonl line for `entry`, signed with `key` (whoever it claims)."""
    change = ChangeEntry.model_validate({**entry, "signature": None})
    signed = change.model_copy(update={"signature": key.sign(change.to_change())})
    return (json.dumps(signed.model_dump(), ensure_ascii=False) + "\n").encode()


def reseal(src, dst, change_lines) -> None:
    """Copy a bundle with changes.jsonl passed through change_lines(list of lines) and the
    manifest's hashes rebuilt consistently, as a forger would: only signatures can tell."""
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    lines = members["changes.jsonl"].decode().splitlines(keepends=True)
    members["changes.jsonl"] = b"".join(
        line if isinstance(line, bytes) else line.encode() for line in change_lines(lines)
    )
    manifest = json.loads(members["manifest.json"])
    manifest["members"]["changes.jsonl"] = hashlib.sha256(members["changes.jsonl"]).hexdigest()
    manifest["content_sha256"] = _content_hash(manifest["members"])
    members["manifest.json"] = json.dumps(manifest).encode()
    write_members(dst, members)


def team(laptop, tmp_path):
    """A starts the inspection with a photo; B gets it by bundle before going on site."""
    a, b = laptop("a"), laptop("b")
    introduce(a, b)
    insp = new_inspection(a)
    photo_path = tmp_path / "p.jpg"
    Image.new("RGB", (800, 600), (10, 120, 200)).save(photo_path, "JPEG")
    shared = ops.add_defect(a, insp.id, severity="major", facts="共同的缺陷")
    ops.attach_photo(a, insp.id, photo_path, defect_id=shared.id)
    export_bundle(a, insp.id, tmp_path / "start.bundle")
    import_bundle(b, tmp_path / "start.bundle")
    return a, b, insp, shared


def test_a_bundle_round_trip_merges_a_team(laptop, tmp_path):
    a, b, insp, shared = team(laptop, tmp_path)
    assert all_rows(b) == all_rows(a)
    (photo,) = b.store.find("photo")
    assert b.blobs.has(photo.sha256) and b.blobs.derivative_path(photo.sha256).exists()
    # Offline on site: different defects, and the same field edited on both laptops.
    ops.add_defect(a, insp.id, severity="general", facts="A 发现的缺陷")
    ops.add_defect(b, insp.id, severity="critical", facts="B 发现的缺陷")
    ops.update_defect(a, shared.id, {"location": "A 写的位置"})
    ops.update_defect(b, shared.id, {"location": "B 写的位置"})  # later: wins
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    export_bundle(b, insp.id, tmp_path / "b.bundle")
    to_b = import_bundle(b, tmp_path / "a.bundle")
    to_a = import_bundle(a, tmp_path / "b.bundle")
    assert to_b.new_changes > 0 and to_a.new_changes > 0
    assert laptop_state_hash(a.store) == laptop_state_hash(b.store)
    assert all_rows(a) == all_rows(b)
    assert {d.facts for d in a.store.find("defect")} == {
        "共同的缺陷",
        "A 发现的缺陷",
        "B 发现的缺陷",
    }
    assert a.store.get("defect", shared.id).location == "B 写的位置"
    # The lost value is one conflict on the laptop whose value lost.
    (conflict,) = sync_ops.list_conflicts(a, insp.id)
    assert (conflict["field"], conflict["losing_value"], conflict["winning_value"]) == (
        "location",
        "A 写的位置",
        "B 写的位置",
    )
    assert conflict["losing_device_id"] == a.store.device_id
    # Importing the same bundle again changes nothing.
    before = (log_size(a), all_rows(a), len(ops.audit_trail(a, insp.id)))
    again = import_bundle(a, tmp_path / "b.bundle")
    assert (again.new_changes, again.blobs_added, again.conflicts_new) == (0, 0, 0)
    assert (log_size(a), all_rows(a), len(ops.audit_trail(a, insp.id))) == before
    # Keeping the lost value is a new, synced change that wins everywhere.
    sync_ops.resolve_conflict(a, conflict["id"], keep="loser")
    assert sync_ops.list_conflicts(a) == []
    assert a.store.get("defect", shared.id).location == "A 写的位置"
    export_bundle(a, insp.id, tmp_path / "a2.bundle")
    import_bundle(b, tmp_path / "a2.bundle")
    assert b.store.get("defect", shared.id).location == "A 写的位置"
    assert laptop_state_hash(a.store) == laptop_state_hash(b.store)


def test_export_is_deterministic_and_lists_every_hash(laptop, tmp_path):
    a, _b, insp, _ = team(laptop, tmp_path)
    first = export_bundle(a, insp.id, tmp_path / "1.bundle")
    second = export_bundle(a, insp.id, tmp_path / "2.bundle")
    assert (tmp_path / "1.bundle").read_bytes() == (tmp_path / "2.bundle").read_bytes()
    assert first.content_sha256 == second.content_sha256
    with zipfile.ZipFile(tmp_path / "1.bundle") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for name, sha in manifest["members"].items():
            assert hashlib.sha256(zf.read(name)).hexdigest() == sha
        lines = zf.read("changes.jsonl").decode().splitlines()
    orders = [(e["hlc"], e["device_id"], e["change_id"]) for e in map(json.loads, lines)]
    assert orders == sorted(orders)
    assert manifest["counts"] == {"changes": len(lines), "blobs": 1}
    assert manifest["inspection_id"] == insp.id


def _rewrite(src, dst, change):
    """Copy a bundle, passing each member's bytes through change(name, data)."""
    with zipfile.ZipFile(src) as zin:
        write_members(dst, {n: change(n, zin.read(n)) for n in zin.namelist()})


def test_a_damaged_member_is_named_and_nothing_is_applied(laptop, tmp_path):
    a, _b, insp, _ = team(laptop, tmp_path)
    ops.add_defect(a, insp.id, severity="general", facts="新的")
    export_bundle(a, insp.id, tmp_path / "good.bundle")
    c = laptop("c")
    blob_name = next(
        n for n in zipfile.ZipFile(tmp_path / "good.bundle").namelist() if n.startswith("blobs/")
    )

    def flip(name, data):
        return data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:] if name == blob_name else data

    _rewrite(tmp_path / "good.bundle", tmp_path / "bad.bundle", flip)
    with pytest.raises(BundleError, match=f"{blob_name}: damaged"):
        import_bundle(c, tmp_path / "bad.bundle")
    assert log_size(c) == 0 and not c.blobs.has(blob_name.removeprefix("blobs/"))
    (tmp_path / "junk.bundle").write_bytes(b"not a zip")
    with pytest.raises(BundleError, match="not a bundle"):
        import_bundle(c, tmp_path / "junk.bundle")


def test_far_future_clocks_in_a_bundle_are_refused_with_a_message(laptop, tmp_path):
    a, _b, insp, _ = team(laptop, tmp_path)
    export_bundle(a, insp.id, tmp_path / "good.bundle")
    future = Timestamp(Timestamp.decode("999999999999999-000000").wall_ms, 0).encode()

    def skew(lines):
        # A's own key signs it (a laptop with a wrong date): only the clock is wrong.
        entry = json.loads(lines[0])
        entry.update(change_id="future-1", hlc=future, field="site_address", value="未来")
        return [*lines, signed_line(entry, signing_key(a))]

    reseal(tmp_path / "good.bundle", tmp_path / "sealed.bundle", skew)
    c = laptop("c")
    trust(c, a)
    result = import_bundle(c, tmp_path / "sealed.bundle")
    assert [cid for cid, _ in result.refused] == ["future-1"]
    assert "clock ahead" in result.refused[0][1]
    assert c.store.get("inspection", insp.id).site_address == ""
    assert all_rows(c) == all_rows(a)
