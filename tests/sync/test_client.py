"""SyncClient and operations.sync against a real server (uvicorn on 127.0.0.1)."""

from __future__ import annotations

import io
import json
import math
import os
import random

import pytest
from PIL import Image
from tests.sync.conftest import FIXTURES, all_rows, enrolled, first_item, new_inspection
from tests.sync.faults import FaultyTransport

from inspector_app.domain.ids import new_id
from inspector_app.domain.model import ResultValue
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.operations.demo import seed_demo
from inspector_app.store.merge import get_meta, laptop_state_hash, meta_with_prefix, outbox_size
from inspector_app.sync.client import (
    UPLOAD_STATE_PREFIX,
    SyncClient,
    SyncError,
    UpgradeRequired,
    missing_blobs,
)
from inspector_app.sync.protocol import HEADER_PROTOCOL


def test_two_laptops_and_the_server_converge_on_the_demo_inspection(laptop, server):
    a = enrolled(laptop("a", bundled=True), server, "wang")
    b = enrolled(laptop("b", bundled=True), server, "li")
    iid = seed_demo(a)
    progress: list[tuple[int, int, str]] = []
    first = sync_ops.sync_now(a, progress=lambda *p: progress.append(p))
    assert first.ok and first.applied > 0 and first.duplicate == 0
    photos = {p.sha256 for p in a.store.find("photo")}
    assert first.photos_up == len(missing_blobs(a.store, a.blobs)) + len(photos)
    assert {t for _, _, t in progress} >= {"push", "pull", "photos up", "photos down"}
    assert sync_ops.sync_status(a).pending_changes == 0
    second = sync_ops.sync_now(b)
    assert second.pulled == first.applied and second.photos_down == first.photos_up
    assert missing_blobs(b.store, b.blobs) == []
    # B now edits; A picks it up.
    defect = b.store.find("defect", inspection_id=iid)[0]
    ops.update_defect(b, defect.id, {"location": "B 修改的位置"})
    assert sync_ops.sync_now(b).applied > 0
    assert sync_ops.sync_now(a).pulled > 0
    assert a.store.get("defect", defect.id).location == "B 修改的位置"
    expected = server.state_hash(iid)
    assert laptop_state_hash(a.store, iid) == expected == laptop_state_hash(b.store, iid)
    assert all_rows(a) == all_rows(b)
    status = sync_ops.sync_status(a)
    assert status.last_sync_at and status.pending_changes == 0 and status.photos_pending == 0
    # Nothing new: nothing moves.
    quiet = sync_ops.sync_now(a)
    assert (quiet.applied, quiet.pulled, quiet.photos_up, quiet.photos_down) == (0, 0, 0, 0)


def test_rejected_changes_stay_in_the_outbox_and_are_reported(laptop, server):
    a = enrolled(laptop("a"), server, "wang")
    insp = new_inspection(a)
    with a.store.write(a.actor) as uow:  # an inspector may not write reviews
        from inspector_app.domain.model import Review

        uow.add(
            Review(
                id=new_id(),
                inspection_id=insp.id,
                state="commented",
                comment="自评",
                reviewer="wang",
                created_at="2026-11-23T08:00:00Z",
            )
        )
    report = sync_ops.sync_now(a)
    assert not report.ok and report.applied > 0
    assert {r.kind for r in report.rejected} == {"review"}
    assert all("unauthorized" in r.reason for r in report.rejected)
    assert sync_ops.sync_status(a).pending_changes == 1  # the one review save
    again = sync_ops.sync_now(a)
    assert len(again.rejected) == len(report.rejected) and again.applied == 0


def test_a_dropped_answer_mid_push_is_retried_and_answered_duplicate(laptop, server):
    a = enrolled(laptop("a"), server, "wang")
    insp = new_inspection(a)
    ops.record_result(a, insp.id, first_item(a, insp.id), ResultValue.CONFORMING)
    pushes = []

    def plan(method, path, n):
        if path.endswith("/push"):
            pushes.append(n)
            return "after" if n == 1 else None
        return None

    transport = FaultyTransport(plan)
    report = sync_ops.sync_now(a, transport=transport)
    assert report.applied == 0 and report.duplicate > 0  # the server had applied it
    assert sync_ops.sync_status(a).pending_changes == 0
    assert laptop_state_hash(a.store) == server.state_hash()


def test_a_push_that_never_gets_through_leaves_the_outbox_alone(laptop, server):
    a = enrolled(laptop("a"), server, "wang")
    new_inspection(a)
    before = sync_ops.sync_status(a).pending_changes
    failing = FaultyTransport(lambda m, p, n: "after" if p.endswith("/push") else None)
    with pytest.raises(SyncError, match="cannot reach"):
        sync_ops.sync_now(a, transport=failing)
    assert sync_ops.sync_status(a).pending_changes == before
    report = sync_ops.sync_now(a)
    assert report.applied == 0 and report.duplicate > 0 and report.ok
    assert sync_ops.sync_status(a).pending_changes == 0


def _noisy_jpeg(size_px: int, seed: int) -> bytes:
    rng = random.Random(seed)
    img = Image.frombytes("RGB", (size_px, size_px), rng.randbytes(size_px * size_px * 3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    return out.getvalue()


def _photo_laptop(laptop, server, tmp_path):
    a = enrolled(laptop("a"), server, "wang")
    insp = new_inspection(a)
    path = tmp_path / "big.jpg"
    path.write_bytes(_noisy_jpeg(700, 1))
    photo = ops.attach_photo(a, insp.id, path)
    return a, photo


CHUNK = 64 * 1024


def test_an_upload_cut_halfway_resends_at_most_one_chunk(laptop, server, tmp_path):
    a, photo = _photo_laptop(laptop, server, tmp_path)
    size = a.blobs.original_path(photo.sha256).stat().st_size
    chunks = math.ceil(size / CHUNK)
    assert chunks >= 6
    cut = FaultyTransport(lambda m, p, n: "after" if m == "PUT" and n == chunks // 2 else None)
    report = sync_ops.sync_now(a, transport=cut, chunk_size=CHUNK)
    assert report.photos_up == 1
    assert report.chunks_sent == chunks + 1  # the cut chunk went twice, nothing else
    assert server.ctx.blob_path(photo.sha256).read_bytes() == a.blobs.read(photo.sha256)
    assert meta_with_prefix(a.store, UPLOAD_STATE_PREFIX) == {}


def test_an_upload_resumes_after_the_laptop_crashed(laptop, server, tmp_path):
    a, photo = _photo_laptop(laptop, server, tmp_path)
    size = a.blobs.original_path(photo.sha256).stat().st_size
    chunks = math.ceil(size / CHUNK)
    crash = FaultyTransport(lambda m, p, n: "crash" if m == "PUT" and n == 3 else None)
    with pytest.raises(SystemExit):
        sync_ops.sync_now(a, transport=crash, chunk_size=CHUNK)
    saved = json.loads(get_meta(a.store, UPLOAD_STATE_PREFIX + photo.sha256))
    assert saved["offset"] == 2 * CHUNK  # stored before the chunk that was in flight
    resumed = FaultyTransport()
    report = sync_ops.sync_now(a, transport=resumed, chunk_size=CHUNK)
    assert resumed.count("POST", "/api/v1/uploads") == 0  # resumed, not started again
    assert 3 + report.chunks_sent <= chunks + 1
    assert server.ctx.blob_path(photo.sha256).read_bytes() == a.blobs.read(photo.sha256)


def test_an_old_protocol_gets_a_clear_upgrade_message(laptop, server):
    a = enrolled(laptop("a"), server, "wang")
    token = sync_ops.credentials(a).get(server.url)
    with SyncClient(a.store, a.blobs, server.url, token) as client:
        client.http.headers[HEADER_PROTOCOL] = "0"
        with pytest.raises(UpgradeRequired, match="upgrade required"):
            client.sync()


def test_a_revoked_or_unknown_token_says_enrol_again(laptop, server):
    a = enrolled(laptop("a"), server, "wang")
    with (
        SyncClient(a.store, a.blobs, server.url, "not-a-token") as client,
        pytest.raises(SyncError),
    ):
        client.sync()
    with pytest.raises(SyncError, match="enrolment refused"):
        sync_ops.enroll(a, server.url, "WRONG-CODE")


def test_checklists_flow_from_the_server_and_are_kept(laptop, server):
    from inspector_app.server import admin

    admin.add_checklist_file(server.ctx.engine, FIXTURES / "mini-gmp.v1.yaml")
    b = enrolled(laptop("b", bundled=True), server, "li")
    assert ("mini-gmp", 1) not in b.library
    report = sync_ops.sync_now(b)
    assert report.checklists == ["mini-gmp v1"]
    assert (b.data_dir / "checklists" / "mini-gmp.v1.yaml").read_bytes() == (
        FIXTURES / "mini-gmp.v1.yaml"
    ).read_bytes()
    assert ("mini-gmp", 1) in b.library


def test_small_pull_pages_split_records_and_still_converge(laptop, server):
    a = enrolled(laptop("a"), server, "wang")
    b = enrolled(laptop("b"), server, "li")
    insp = new_inspection(a)
    for n in range(3):
        ops.add_defect(a, insp.id, severity="general", facts=f"缺陷{n}")
    sync_ops.sync_now(a)
    sync_ops.sync_now(b, pull_limit=4)
    assert all_rows(a) == all_rows(b)
    assert laptop_state_hash(b.store) == server.state_hash()


def test_credentials_file_is_private(laptop, server):
    a = enrolled(laptop("a"), server, "wang")
    path = a.data_dir / "sync-credentials.json"
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())[server.url]


def test_a_push_too_large_for_the_server_is_split_and_one_oversize_entry_is_rejected(
    laptop, server
):
    """413 halves the batch down to single entries; an entry still too large is reported
    rejected with the server's reason, stays in the outbox, and the next sync ends too."""
    import dataclasses

    a = enrolled(laptop("a"), server, "wang")
    insp = new_inspection(a)
    for n in range(6):
        ops.add_defect(a, insp.id, severity="general", facts=f"缺陷{n}")
    big = ops.add_defect(a, insp.id, severity="general", facts="长" * 5000)  # ~15 KB of UTF-8
    limit = 12 * 1024
    server.ctx.settings = dataclasses.replace(server.ctx.settings, max_push_bytes=limit)
    pending = outbox_size(a.store)  # entries, not saves
    transport = FaultyTransport()
    report = sync_ops.sync_now(a, transport=transport)
    # Too large: the big facts entry, and the audit row of the defect's creation, which
    # carries the whole record.
    too_large = {(r.kind, r.record_id, r.field) for r in report.rejected}
    assert ("defect", big.id, "facts") in too_large
    assert all(kind in ("defect", "audit") for kind, _, _ in too_large)
    assert all("too large for the server" in r.reason for r in report.rejected)
    assert all(f"limit of {limit} bytes" in r.reason for r in report.rejected)
    assert report.applied == pending - len(report.rejected) > 0
    pushes = transport.count("POST", "/api/v1/push")
    assert pushes <= 4 * pending  # halving: bounded, never a loop
    assert outbox_size(a.store) == len(report.rejected)
    again = sync_ops.sync_now(a)
    assert {r.change_id for r in again.rejected} == {r.change_id for r in report.rejected}
    assert again.applied == 0
    # With room again, everything goes and the laptop matches the server.
    server.ctx.settings = dataclasses.replace(server.ctx.settings, max_push_bytes=8 << 20)
    last = sync_ops.sync_now(a)
    assert last.ok and last.applied == len(report.rejected)
    assert laptop_state_hash(a.store) == server.state_hash()


def test_push_signs_own_entries_and_relays_others_with_their_signatures(laptop, server, tmp_path):
    """Own entries are signed once as they leave; a teammate's entries that arrived by bundle
    go to the server with the signature they came with (the server checks it)."""
    from inspector_app.domain.merge import Change
    from inspector_app.operations.sync import bundle_export as export_bundle
    from inspector_app.operations.sync import bundle_import as import_bundle
    from inspector_app.store import keys as store_keys
    from inspector_app.store.merge import signed_changes_of
    from inspector_app.sync.signing import verify

    a = enrolled(laptop("a"), server, "wang")
    b = enrolled(laptop("b"), server, "li")
    sync_ops.sync_now(a)
    sync_ops.sync_now(b)  # both now know each other's keys
    assert a.store.device_id in store_keys.device_keys(b.store)
    insp = new_inspection(a)
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    import_bundle(b, tmp_path / "a.bundle")
    ops.add_defect(b, insp.id, severity="major", facts="乙发现的缺陷")
    assert store_keys.unsigned_own(b.store)
    report = sync_ops.sync_now(b)  # b pushes a's entries (relayed) and its own
    assert report.ok and report.applied > 0
    assert store_keys.unsigned_own(b.store) == []
    keys = {d: k.public_key for d, k in store_keys.device_keys(b.store).items()}
    keys[b.store.device_id] = sync_ops.signing_key(b).public_text
    for change, signature in signed_changes_of(b.store, insp.id):
        assert isinstance(change, Change)
        assert verify(keys[change.device_id], change, signature), change
    assert sync_ops.sync_now(a).ok  # a's own entries: duplicates, already there
    assert laptop_state_hash(a.store, insp.id) == server.state_hash(insp.id)
    assert laptop_state_hash(b.store, insp.id) == server.state_hash(insp.id)


def test_enrolment_registers_the_key_and_names_account_and_role(laptop, server):
    from inspector_app.operations.context import ACCOUNT_KEY, ROLE_KEY

    a = enrolled(laptop("a"), server, "wang", role="reviewer")
    assert a.store.meta_value(ACCOUNT_KEY) == "wang"
    assert a.store.meta_value(ROLE_KEY) == "reviewer"
    assert a.person.account == "wang" and a.person.role == "reviewer"
    report = sync_ops.sync_now(a)
    from inspector_app.store.keys import device_keys

    mine = device_keys(a.store)[a.store.device_id]
    assert mine.public_key == sync_ops.signing_key(a).public_text and mine.user_name == "wang"
    assert report.keys and report.keys >= 1


def test_the_client_is_transport_below_operations():
    """sync/client.py imports neither operations/ nor ui/ (issue 10: sync below operations);
    it gets the store, the blob store and the key it needs, never the App."""
    import ast
    import inspect

    from inspector_app.sync import client as client_module

    tree = ast.parse(inspect.getsource(client_module))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported, "no imports found: the check would pass vacuously"
    above = sorted(
        name
        for name in imported
        if name.startswith(("inspector_app.operations", "inspector_app.ui"))
    )
    assert above == []
    params = inspect.signature(SyncClient).parameters
    assert list(params)[:4] == ["store", "blobs", "server_url", "token"]
