"""Importing a folder of camera photos off the GUI thread: progress, cancel, refusal report."""

from __future__ import annotations

import threading
import time

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from inspector_app.operations import inspections as ops
from inspector_app.ui.defects import photos
from inspector_app.ui.session import InspectionSession


@pytest.fixture
def session(app, qtbot):
    insp = ops.create_inspection(
        app, company_name="导入测试药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.start_on_site(app, insp.id)
    return InspectionSession(app, insp.id)


def camera_folder(tmp_path, count: int):
    folder = tmp_path / "DCIM"
    folder.mkdir()
    for n in range(count):
        Image.new("RGB", (400, 300), (n * 30 % 255, 120, 60)).save(folder / f"IMG_{n:04d}.JPG")
    return folder


def test_folder_import_reports_refused_files(qtbot, app, session, tmp_path):
    folder = camera_folder(tmp_path, 3)
    (folder / "IMG_0099.JPG").write_bytes(b"\xff\xd8\xff not really a jpeg")
    (folder / "readme.txt").write_text("ignored: not a photo suffix")
    defect = session.add_defect(severity="general", facts="记录不全")
    changed = []
    session.changed.connect(lambda kind, rid: changed.append(kind))
    task = photos.import_photo_folder(session, None, defect.id, chooser=lambda parent: str(folder))
    assert task is not None
    qtbot.waitUntil(lambda: task.job not in photos._running, timeout=10_000)
    job = task.job
    assert len(job.summary.imported) == 3
    assert [name for name, _ in job.summary.refused] == ["IMG_0099.JPG"]
    assert "IMG_0099.JPG" in job.report_box.text()
    assert "photo" in changed
    # The session was reloaded on the GUI thread: it shows the store's photos.
    assert len(session.record.photos) == 3
    assert len(ops.load_inspection(app, session.inspection_id).photos) == 3


def test_cancel_after_n_files_keeps_exactly_n(qtbot, app, session, tmp_path, monkeypatch):
    folder = camera_folder(tmp_path, 6)
    real_import = photos.import_photos
    cancel_seen = threading.Event()
    at_two = threading.Event()

    def slow_import(*args, progress, **kwargs):
        def report(done, total, name):
            progress(done, total, name)
            if done == 2:  # hold the worker until the user's cancel has arrived
                at_two.set()
                deadline = time.monotonic() + 5
                while not progress.cancelled and time.monotonic() < deadline:
                    time.sleep(0.01)
                cancel_seen.set()

        return real_import(*args, progress=_Reporter(report, progress), **kwargs)

    monkeypatch.setattr(photos, "import_photos", slow_import)
    task = photos.import_photo_folder(session, None, chooser=lambda parent: str(folder))
    job = task.job
    qtbot.waitUntil(at_two.is_set, timeout=10_000)
    cancel_button = job.dialog.findChild(QPushButton)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)  # what the user presses
    qtbot.waitUntil(lambda: job not in photos._running, timeout=10_000)
    assert cancel_seen.is_set()
    assert job.was_cancelled and job.summary is None
    # Files already being decoded when the cancel came finish (up to workers - 1 beyond the
    # two reported); no later file starts, and nothing is half-imported.
    stored = sorted(p.original_name for p in ops.load_inspection(app, session.inspection_id).photos)
    assert 2 <= len(stored) <= 2 + photos.DEFAULT_WORKERS - 1
    assert stored == [f"IMG_{n:04d}.JPG" for n in range(len(stored))]
    assert all(app.blobs.derivative_path(p.sha256).exists() for p in session.record.photos)
    assert len(session.record.photos) == len(stored) == job.stored_count
    assert f"已导入的 {len(stored)} 张" in job.report_box.text()


class _Reporter:
    """A progress callable that also exposes the task's `cancelled` flag."""

    def __init__(self, fn, progress) -> None:
        self._fn, self._progress = fn, progress

    def __call__(self, done, total, name):
        self._fn(done, total, name)

    @property
    def cancelled(self) -> bool:
        return self._progress.cancelled
