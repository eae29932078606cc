"""Bundle entries are signed by their author device and verified against keys the importing
laptop already trusts: a forged or altered entry refuses the whole bundle, an entry whose key
is not known yet waits, unapplied and visible, until the team's keys arrive."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from tests.sync.conftest import all_rows, enrolled, new_inspection
from tests.sync.test_bundle import log_size, reseal, signed_line, signing_key, trust

from inspector_app.domain.hlc import Timestamp
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.sync import bundle_export as export_bundle
from inspector_app.operations.sync import bundle_import as import_bundle
from inspector_app.store.keys import held, unsigned_own
from inspector_app.store.merge import apply_changes, changes_of, laptop_state_hash
from inspector_app.sync.bundle import BundleError
from inspector_app.sync.protocol import ChangeEntry
from inspector_app.sync.signing import verify
from inspector_app.sync.verify import retry_held


def bundle_lines(path: Path) -> list[dict]:
    with zipfile.ZipFile(path) as zf:
        return [json.loads(line) for line in zf.read("changes.jsonl").decode().splitlines()]


def snapshot(app: App) -> tuple:
    """Everything an import could change on a laptop."""
    blobs = sorted(p.name for p in app.blobs.originals.rglob("*") if p.is_file())
    return all_rows(app), log_size(app), held(app.store), blobs


def test_export_signs_own_entries_and_every_line_carries_its_signature(laptop, tmp_path):
    a = laptop("a")
    insp = new_inspection(a)
    ops.add_defect(a, insp.id, severity="major", facts="缺陷")
    assert unsigned_own(a.store, insp.id)  # signed lazily, as they leave the laptop
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    assert unsigned_own(a.store, insp.id) == []
    key = signing_key(a)
    lines = bundle_lines(tmp_path / "a.bundle")
    assert len(lines) == len(changes_of(a.store, insp.id)) > 0
    for line in lines:
        entry = ChangeEntry.model_validate(line)
        assert entry.device_id == a.store.device_id
        assert verify(key.public_text, entry.to_change(), entry.signature)
    with zipfile.ZipFile(tmp_path / "a.bundle") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["exported_by_public_key"] == key.public_text
    # An entry is signed once: a second export gives the same bytes.
    export_bundle(a, insp.id, tmp_path / "again.bundle")
    assert (tmp_path / "a.bundle").read_bytes() == (tmp_path / "again.bundle").read_bytes()


def test_a_relayed_bundle_keeps_each_authors_signature(laptop, tmp_path):
    a, b, c = laptop("a"), laptop("b"), laptop("c")
    trust(b, a)
    trust(c, a, b)
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    import_bundle(b, tmp_path / "a.bundle")
    ops.add_defect(b, insp.id, severity="general", facts="B 的缺陷")
    export_bundle(b, insp.id, tmp_path / "b.bundle")
    devices = {line["device_id"] for line in bundle_lines(tmp_path / "b.bundle")}
    assert devices == {a.store.device_id, b.store.device_id}
    done = import_bundle(c, tmp_path / "b.bundle")
    assert (done.held, done.refused) == (0, [])
    assert all_rows(c) == all_rows(b)


# ---- the forgery from the issue -----------------------------------------------------------


@pytest.fixture
def site(laptop, tmp_path):
    """A (the author) records a critical defect; B, a teammate, and C, a third laptop, got
    it by bundle; every laptop knows every other's key."""
    a, b, c = laptop("a"), laptop("b"), laptop("c")
    for app in (a, b, c):
        trust(app, *[other for other in (a, b, c) if other is not app])
    insp = new_inspection(a)
    defect = ops.add_defect(a, insp.id, severity="critical", facts="无菌区压差记录缺失（严重）")
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    import_bundle(b, tmp_path / "a.bundle")
    import_bundle(c, tmp_path / "a.bundle")
    return a, b, c, insp, defect


@pytest.mark.parametrize("signed_by", ["nobody", "the forger", "a copied signature"])
def test_a_forged_downgrade_in_another_laptops_name_is_refused_whole(site, tmp_path, signed_by):
    a, b, c, _insp, defect = site
    lines = bundle_lines(tmp_path / "a.bundle")
    severity = next(
        e for e in lines if (e["kind"], e["field"]) == ("defect", "severity") and e["value"]
    )
    assert severity["value"] == "critical"
    # B forges A's downgrade: A's device id, a later clock, based on the current value so it
    # wins without a conflict everywhere.
    later = Timestamp.decode(max(e["hlc"] for e in lines))
    forged = {
        **severity,
        "change_id": "01a00000-0000-7000-8000-00000000f0f0",
        "value": "general",
        "hlc": Timestamp(later.wall_ms + 1000, 0).encode(),
        "base_hlc": severity["hlc"],
    }
    if signed_by == "nobody":
        line = json.dumps({**forged, "signature": None}, ensure_ascii=False) + "\n"
    elif signed_by == "the forger":
        line = signed_line(forged, signing_key(b))
    else:
        line = json.dumps({**forged, "signature": severity["signature"]}) + "\n"
    reseal(tmp_path / "a.bundle", tmp_path / "forged.bundle", lambda ls: [*ls, line])
    for victim in (a, c):  # the author's own laptop, and a third one
        before = snapshot(victim)
        with pytest.raises(BundleError) as err:
            import_bundle(victim, tmp_path / "forged.bundle")
        message = str(err.value)
        assert "\n" not in message and str(tmp_path / "forged.bundle") in message
        assert f"entry {forged['change_id']} claims device {a.store.device_id}" in message
        if signed_by == "nobody":
            assert "carries no signature" in message
        else:
            assert "its signature does not verify: the bundle was altered" in message
        assert "nothing was imported" in message
        assert snapshot(victim) == before
        assert victim.store.get("defect", defect.id).severity == "critical"


def test_an_altered_value_rehashed_is_refused_whole(site, laptop, tmp_path):
    a, _b, c, _insp, defect = site
    lines = bundle_lines(tmp_path / "a.bundle")
    facts = next(e for e in lines if (e["kind"], e["field"]) == ("defect", "facts"))

    def alter(ls):
        return [
            json.dumps({**e, "value": "无缺陷"}, ensure_ascii=False) + "\n"
            if e["change_id"] == facts["change_id"]
            else json.dumps(e, ensure_ascii=False) + "\n"
            for e in map(json.loads, ls)
        ]

    reseal(tmp_path / "a.bundle", tmp_path / "altered.bundle", alter)
    for victim in (c, laptop("d")):  # one that has the record, one that has nothing yet
        trust(victim, a)
        before = snapshot(victim)
        with pytest.raises(BundleError, match=f"entry {facts['change_id']} claims device"):
            import_bundle(victim, tmp_path / "altered.bundle")
        assert snapshot(victim) == before
    assert c.store.get("defect", defect.id).facts == "无菌区压差记录缺失（严重）"


# ---- unknown keys: held, visible, applied once the key arrives -----------------------------


def photo(tmp_path: Path) -> Path:
    path = tmp_path / "p.jpg"
    Image.new("RGB", (640, 480), (200, 40, 40)).save(path, "JPEG")
    return path


def test_entries_with_an_unknown_key_wait_and_apply_after_the_key_arrives(laptop, tmp_path):
    a, d, c = laptop("a"), laptop("d"), laptop("c")
    trust(d, a)
    trust(c, a)  # C knows A, not D (D enrolled after C's last sync)
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    import_bundle(d, tmp_path / "a.bundle")
    found = ops.add_defect(d, insp.id, severity="major", facts="D 发现的缺陷")
    ops.attach_photo(d, insp.id, photo(tmp_path), defect_id=found.id)
    export_bundle(d, insp.id, tmp_path / "d.bundle")
    d_entries = [
        e for e in bundle_lines(tmp_path / "d.bundle") if e["device_id"] != a.store.device_id
    ]

    done = import_bundle(c, tmp_path / "d.bundle")
    # A's entries apply; D's wait, unapplied and visible, with where they came from.
    assert c.store.get("inspection", insp.id) is not None
    assert c.store.find("defect") == [] and c.store.find("photo") == []
    assert (done.held, done.held_new, done.held_devices) == (
        len(d_entries),
        len(d_entries),
        [d.store.device_id],
    )
    assert any(
        f"{len(d_entries)} change(s) wait" in p and d.store.device_id in p for p in done.problems
    )
    waiting = held(c.store, insp.id)
    assert {h.change_id for h in waiting} == {e["change_id"] for e in d_entries}
    assert {h.source for h in waiting} == {"d.bundle"}
    assert all(d.store.device_id in h.reason for h in waiting)
    # The photo's blob is kept (content addressed) so the photo is whole once applied.
    (photo_row,) = d.store.find("photo")
    assert c.blobs.has(photo_row.sha256)
    # Importing again holds nothing twice; retrying without the key changes nothing.
    again = import_bundle(c, tmp_path / "d.bundle")
    assert (again.held, again.held_new, again.new_changes) == (len(d_entries), 0, 0)
    assert tuple(retry_held(c.store)) == (0, len(d_entries))
    assert c.store.find("defect") == []

    trust(c, d)  # the next sync brings the team's keys
    retry = retry_held(c.store)
    assert tuple(retry) == (len(d_entries), 0) and retry.refused == []
    assert held(c.store) == []
    assert all_rows(c) == all_rows(d)
    assert c.blobs.derivative_path(photo_row.sha256).exists()
    assert tuple(retry_held(c.store)) == (0, 0)


def test_a_held_entry_whose_key_turns_out_not_to_match_is_released_not_applied(laptop, tmp_path):
    a, d, c = laptop("a"), laptop("d"), laptop("c")
    trust(c, a)
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    lines = bundle_lines(tmp_path / "a.bundle")
    address = next(e for e in lines if e["field"] == "site_address")
    # A forger claims D, a device C does not know yet: the entry can only wait...
    forged = {
        **address,
        "change_id": "01a00000-0000-7000-8000-00000000f0f1",
        "device_id": d.store.device_id,
        "value": "伪造的地址",
    }
    line = signed_line(forged, signing_key(a))
    reseal(tmp_path / "a.bundle", tmp_path / "forged.bundle", lambda ls: [*ls, line])
    done = import_bundle(c, tmp_path / "forged.bundle")
    assert (done.held, done.held_devices) == (1, [d.store.device_id])
    assert c.store.get("inspection", insp.id).site_address == address["value"]
    # ...and when D's real key arrives it does not verify: released and reported, never applied.
    trust(c, d)
    retry = retry_held(c.store)
    assert tuple(retry) == (0, 0)
    ((change_id, reason),) = retry.refused
    assert change_id == forged["change_id"] and "does not verify" in reason
    assert held(c.store) == []
    assert c.store.get("inspection", insp.id).site_address == address["value"]
    assert forged["change_id"] not in {ch.change_id for ch in changes_of(c.store)}


def test_a_revoked_key_refuses_the_bundle_and_releases_held_entries(laptop, tmp_path):
    a, c = laptop("a"), laptop("c")
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    assert import_bundle(c, tmp_path / "a.bundle").held > 0
    trust(c, a, revoked_at="2026-11-30T01:00:00Z")
    retry = retry_held(c.store)
    assert tuple(retry) == (0, 0) and retry.refused
    assert all("revoked" in reason for _, reason in retry.refused)
    assert held(c.store) == [] and c.store.find("inspection") == []
    before = snapshot(c)
    with pytest.raises(
        BundleError, match=f"claims device {a.store.device_id}, whose key was revoked"
    ):
        import_bundle(c, tmp_path / "a.bundle")
    assert snapshot(c) == before


def test_held_entries_a_sync_delivered_meanwhile_are_released(laptop, tmp_path):
    a, c = laptop("a"), laptop("c")
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    waiting = import_bundle(c, tmp_path / "a.bundle").held
    assert waiting > 0 and c.store.find("inspection") == []
    # A pull brings the same entries (the server checked their signatures), but A's key is
    # not in the list C may see: the held copies must not wait forever.
    pulled = [ChangeEntry.model_validate(line) for line in bundle_lines(tmp_path / "a.bundle")]
    apply_changes(c.store, pulled, acknowledged=True)
    retry = retry_held(c.store)
    assert tuple(retry) == (0, 0) and retry.already_here == waiting and retry.refused == []
    assert held(c.store) == []
    assert all_rows(c) == all_rows(a)


def test_entries_held_already_are_not_checked_again_so_a_revoked_author_blocks_only_news(
    laptop, tmp_path
):
    a, b, c, d = laptop("a"), laptop("b"), laptop("c"), laptop("d")
    for app in (b, c):
        trust(app, a, b)
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    import_bundle(b, tmp_path / "a.bundle")
    import_bundle(c, tmp_path / "a.bundle")
    # A's laptop is lost and its key revoked; B goes on working and passes a bundle to C.
    for app in (c, d):
        trust(app, b)
        trust(app, a, revoked_at="2026-11-30T02:00:00Z")
    ops.add_defect(b, insp.id, severity="general", facts="B 的缺陷")
    export_bundle(b, insp.id, tmp_path / "b.bundle")
    # C accepted A's entries before the revocation: the same bytes again change nothing.
    done = import_bundle(c, tmp_path / "b.bundle")
    assert done.refused == [] and done.held == 0 and done.new_changes > 0
    assert all_rows(c) == all_rows(b)
    # D never had them: entries signed by a revoked key are not taken from a file.
    before = snapshot(d)
    with pytest.raises(BundleError, match="whose key was revoked"):
        import_bundle(d, tmp_path / "b.bundle")
    assert snapshot(d) == before


def test_a_sync_brings_the_key_and_the_held_entries_apply(laptop, server, tmp_path):
    from inspector_app.operations import sync as sync_ops

    c = enrolled(laptop("c"), server, "li")
    assert sync_ops.sync_now(c).ok  # before A was enrolled: C does not know A's key
    a = enrolled(laptop("a"), server, "wang")  # enrolment registers A's public key
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")  # A never syncs its entries
    waiting = import_bundle(c, tmp_path / "a.bundle").held
    assert waiting > 0 and c.store.find("inspection") == []
    report = sync_ops.sync_now(c)
    assert report.ok and (report.held_applied, report.held_waiting) == (waiting, 0)
    assert held(c.store) == []
    assert all_rows(c) == all_rows(a)
    # Applied entries stay in C's outbox: the next sync relays them with A's signatures.
    assert sync_ops.sync_now(c).applied == waiting
    assert laptop_state_hash(c.store, insp.id) == server.state_hash(insp.id)
