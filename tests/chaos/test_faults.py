"""One fault at a time, each against a real server process (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from tests.chaos.helpers import HOUR_MS, ITEM_IDS, new_inspection, skew_clock, write_photo
from tests.chaos.invariants import assert_converged, heal, server_changes
from tests.chaos.proxy import Decision

from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.store.merge import changes_of, outbox_size
from inspector_app.sync.client import SyncError

PUSH = ("POST", "/api/v1/push")
KILLS = 3


def only(method: str, path: str, nth: int, decision: Decision):
    """A plan: `decision` for the nth request of that family, pass everything else."""

    def plan(m: str, p: str, n: int) -> Decision | None:
        return decision if (m, p.split("?")[0]) == (method, path) and n == nth else None

    return plan


def _some_work(app, iid: str, defects: int = 3) -> int:
    for n in range(defects):
        ops.add_defect(app, iid, severity="major", facts=f"缺陷{n}：记录不完整")
    ops.record_result(app, iid, ITEM_IDS[0], "non_conforming", note="现场发现")
    return outbox_size(app.store)


@pytest.mark.parametrize("where", ["drop_request", "drop_response"])
def test_push_cut_mid_request_or_mid_response_is_applied_once(server, calm_proxy, laptops, where):
    a = laptops("a")
    iid = new_inspection(a).id
    pending = _some_work(a, iid)
    calm_proxy.set_plan(only(*PUSH, 1, Decision(where)))
    report = sync_ops.sync_now(a)
    assert calm_proxy.count(where) == 1
    if where == "drop_request":
        # The server got half a request: it applied nothing; the retry applies everything.
        assert (report.applied, report.duplicate) == (pending, 0)
    else:
        # The server applied it but the answer was lost: the retry hears `duplicate`.
        assert (report.applied, report.duplicate) == (0, pending)
    assert outbox_size(a.store) == 0
    assert len(server_changes(server, iid)) == pending  # nothing applied twice
    b = laptops("b")
    heal([a, b], calm_proxy)
    assert_converged(server, [a, b], iid)


def test_a_push_slower_than_the_client_timeout_is_retried_and_answered_duplicate(
    server, calm_proxy, laptops
):
    a = laptops("a")
    iid = new_inspection(a).id
    pending = _some_work(a, iid)
    calm_proxy.set_plan(only(*PUSH, 1, Decision("delay", delay=1.5)))
    report = sync_ops.sync_now(a, timeout=0.5)
    # The first attempt timed out on the laptop while the server applied it after the delay
    # (or the retry won the race and the delayed copy was the duplicate): once either way.
    assert report.applied + report.duplicate == pending
    time.sleep(1.2)  # let the delayed copy reach the server before checking
    assert len(server_changes(server, iid)) == pending
    heal([a], calm_proxy)
    assert_converged(server, [a], iid)


def test_a_duplicated_push_and_pull_change_nothing(server, calm_proxy, laptops):
    a, b = laptops("a"), laptops("b")
    iid = new_inspection(a).id
    pending = _some_work(a, iid)

    def plan(method: str, path: str, n: int) -> Decision | None:
        return Decision("duplicate") if path.startswith(("/api/v1/push", "/api/v1/pull")) else None

    calm_proxy.set_plan(plan)
    report = sync_ops.sync_now(a)
    # The laptop hears the second answer: everything was there already.
    assert (report.applied, report.duplicate, report.rejected) == (0, pending, [])
    assert calm_proxy.count("duplicate") >= 2
    assert sync_ops.sync_now(b).ok
    assert len(changes_of(b.store, iid)) == pending
    assert len(server_changes(server, iid)) == pending
    heal([a, b], calm_proxy)
    assert_converged(server, [a, b], iid)


def test_a_reordered_push_with_the_older_clock_still_loses(server, calm_proxy, laptops):
    a, b = laptops("a"), laptops("b", user="chaos-li")
    iid = new_inspection(a).id
    sync_ops.sync_now(a)
    sync_ops.sync_now(b)
    ops.update_inspection(b, iid, {"site_address": "B 写的地址（较早）"})
    time.sleep(0.01)
    ops.update_inspection(a, iid, {"site_address": "A 写的地址（较晚）"})
    held = threading.Event()

    def plan(method: str, path: str, n: int) -> Decision | None:
        if (method, path) == PUSH and n == 1:
            held.set()
            return Decision("reorder")
        return None

    calm_proxy.set_plan(plan)
    calm_proxy.hold_timeout = 10.0
    late = threading.Thread(target=sync_ops.sync_now, args=(b,))
    late.start()  # B's push is held at the proxy ...
    assert held.wait(10)
    sync_ops.sync_now(a)  # ... until A's later edit has reached the server
    late.join(30)
    calm_proxy.hold_timeout = 2.0
    seqs = _seq_by_device(server, iid)
    assert max(seqs[a.store.device_id]) < min(seqs[b.store.device_id])  # really reordered
    heal([a, b], calm_proxy)
    assert_converged(server, [a, b], iid)
    assert ops.get_inspection(b, iid).site_address == "A 写的地址（较晚）"
    lost = sync_ops.list_conflicts(a, iid)
    assert [c["losing_value"] for c in lost] == ["B 写的地址（较早）"]


def _seq_by_device(server, iid: str) -> dict[str, list[int]]:
    from sqlalchemy import select

    from inspector_app.server import db

    c = db.changes.c
    found: dict[str, list[int]] = {}
    with server.engine.connect() as conn:
        for seq, device in conn.execute(
            select(c.seq, c.device_id).where(c.inspection_id == iid, c.field == "site_address")
        ):
            found.setdefault(device, []).append(seq)
    return found


def test_a_laptop_more_than_24h_ahead_is_refused_and_keeps_its_entries(server, calm_proxy, laptops):
    a, ahead = laptops("a"), laptops("ahead")
    iid = new_inspection(a).id
    sync_ops.sync_now(a)
    sync_ops.sync_now(ahead)
    skew_clock(ahead, 24 * HOUR_MS + 10 * 60_000)
    ops.update_inspection(ahead, iid, {"document_no": "未来的文号"})
    waiting = outbox_size(ahead.store)
    report = sync_ops.sync_now(ahead)
    assert not report.ok and report.applied == 0 and len(report.rejected) == waiting
    assert all("clock ahead" in r.reason for r in report.rejected)
    # Rejected entries stay in the outbox and are shown as waiting; never counted as sent.
    assert outbox_size(ahead.store) == waiting
    assert sync_ops.sync_status(ahead).pending_changes == 1
    again = sync_ops.sync_now(ahead)
    assert len(again.rejected) == waiting and outbox_size(ahead.store) == waiting
    assert "未来的文号" not in json.dumps([c.value for c in server_changes(server, iid).values()])


def test_a_laptop_24h_behind_is_accepted_and_its_concurrent_edit_is_a_conflict(
    server, calm_proxy, laptops
):
    a, behind = laptops("a"), laptops("behind", user="chaos-li")
    iid = new_inspection(a).id
    sync_ops.sync_now(a)
    sync_ops.sync_now(behind)
    skew_clock(behind, -24 * HOUR_MS)
    ops.update_inspection(behind, iid, {"document_no": "慢钟的文号"})
    ops.update_inspection(a, iid, {"document_no": "正常的文号"})
    assert sync_ops.sync_now(behind).ok
    heal([a, behind], calm_proxy)
    assert_converged(server, [a, behind], iid)
    # The slow laptop had not seen A's edit: its value lost, but it is in the conflicts list.
    values = {c["losing_value"] for c in sync_ops.list_conflicts(behind, iid)}
    final = ops.get_inspection(behind, iid).document_no
    assert {final} | values == {"慢钟的文号", "正常的文号"}


def test_server_sigkill_mid_batch_is_all_or_nothing_and_the_retry_converges(
    server, calm_proxy, laptops
):
    a = laptops("a")
    iid = new_inspection(a).id
    # A large outbox: many batches of 500 entries, each a few hundred ms of server work.
    with a.store.write(a.actor) as uow:
        from inspector_app.domain.ids import new_id
        from inspector_app.domain.model import Defect

        for n in range(600):
            uow.add(
                Defect(
                    id=new_id(),
                    inspection_id=iid,
                    severity="general",
                    facts=f"批量缺陷{n}：记录缺少复核签名",
                    created_at="2026-11-23T08:00:00Z",
                )
            )
    total = outbox_size(a.store)
    assert total > 5000
    bodies: list[bytes] = []
    in_flight_lost = 0
    for kill in range(KILLS):
        sent = threading.Event()
        pushes = []

        def on_sent(method: str, path: str, _pushes=pushes, _sent=sent) -> None:
            if (method, path) == PUSH:
                _pushes.append(path)
                if len(_pushes) == 2:
                    _sent.set()  # the second batch of this round is now on the server

        calm_proxy.on_sent = on_sent
        calm_proxy.record_bodies = bodies
        errors: list[Exception] = []

        def run(_errors=errors) -> None:
            try:
                sync_ops.sync_now(a, push_batch=500)
            except SyncError as exc:
                _errors.append(exc)

        worker = threading.Thread(target=run)
        worker.start()
        assert sent.wait(60), "the second push never reached the server"
        time.sleep(0.005 * kill)
        server.kill()
        worker.join(120)
        assert not worker.is_alive() and errors, "the sync should have failed: server gone"
        calm_proxy.on_sent = None
        calm_proxy.record_bodies = None
        server.start()
        _assert_batches_all_or_nothing(server, iid, bodies)
        held = set(server_changes(server, iid))
        last = {c["change_id"] for c in json.loads(bodies[-1])["changes"]}
        in_flight_lost += not (last & held)
    # At least one kill landed while the server was working on a batch (it was rolled back).
    assert in_flight_lost >= 1, "every kill came after the batch committed: not mid-batch"
    heal([a], calm_proxy)
    assert outbox_size(a.store) == 0
    assert len(server_changes(server, iid)) == total
    assert_converged(server, [a], iid)


def _assert_batches_all_or_nothing(server, iid: str, bodies: list[bytes]) -> None:
    held = set(server_changes(server, iid))
    for body in bodies:
        ids = {c["change_id"] for c in json.loads(body)["changes"]}
        stored = ids & held
        assert stored in (set(), ids), (
            f"a batch of {len(ids)} is half applied on the server ({len(stored)} stored)"
        )


def test_a_photo_upload_cut_halfway_resumes_and_resends_at_most_one_chunk(
    server, calm_proxy, laptops, tmp_path
):
    chunk = 256 * 1024
    a = laptops("a")
    iid = new_inspection(a).id
    photo = ops.attach_photo(a, iid, write_photo(tmp_path / "camera", seed=7, side=1200))
    size = a.blobs.original_path(photo.sha256).stat().st_size
    assert size > 3 * chunk
    puts = ("PUT", "/api/v1/uploads")

    def plan(method: str, path: str, n: int) -> Decision | None:
        # Every attempt at the third chunk is cut after half of it: this sync fails.
        if method == "PUT" and path.startswith("/api/v1/uploads/") and n >= 3:
            return Decision("cut", cut_bytes=chunk // 2)
        return None

    calm_proxy.set_plan(plan)
    with pytest.raises(SyncError):
        sync_ops.sync_now(a, chunk_size=chunk)
    cut_attempts = calm_proxy.count("cut")
    assert cut_attempts >= 1
    # The laptop restarts (state kept in its meta table) and syncs on a good connection.
    data_dir = a.data_dir
    a.close()
    from tests.chaos.conftest import FIXTURES

    from inspector_app.operations import App

    a = App(data_dir, actor="chaos-wang", checklist_dirs=[FIXTURES])
    try:
        calm_proxy.set_plan(None)
        report = sync_ops.sync_now(a, chunk_size=chunk)
        assert report.ok and report.photos_up == 1
        whole = calm_proxy.body_bytes_upstream[puts]
        partial = cut_attempts * (chunk // 2)
        # Bytes the server kept were never sent again: complete chunks add up to the size.
        assert whole - partial == size
        assert whole <= size + cut_attempts * chunk
        b = laptops("b")
        heal([a, b], calm_proxy)
        assert b.blobs.read(photo.sha256) == a.blobs.read(photo.sha256)
        assert_converged(server, [a, b], iid)
    finally:
        a.close()
