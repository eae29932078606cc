"""The export action: file dialog (injected), progress dialog, open the PDF; cancel; failure."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QPushButton

from inspector_app.operations import App
from inspector_app.operations.demo import seed_demo
from inspector_app.ui import report_export


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("export-demo")
    with App(data, actor="测试员") as app:
        iid = seed_demo(app)
    return data, iid


def test_export_renders_then_opens_the_pdf(qtbot, demo_app, tmp_path):
    data, iid = demo_app
    app = App(data)
    opened, finished = [], []
    asked = []

    def ask(parent, caption, suggested):
        asked.append((caption, suggested))
        return str(tmp_path / "清单")  # no suffix: .pdf is added

    task = report_export.export_report(
        None,
        app,
        iid,
        "defect-list",
        ask_path=ask,
        open_result=opened.append,
        on_finished=finished.append,
    )
    assert task is not None
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert finished == [tmp_path / "清单.pdf"]
    assert opened == [tmp_path / "清单.pdf"]
    assert (tmp_path / "清单.pdf").read_bytes().startswith(b"%PDF-")
    assert asked[0][0] == "导出缺陷项目清单" and asked[0][1].endswith("缺陷项目清单.pdf")
    app.close()


def test_no_file_chosen_does_nothing(qtbot, demo_app):
    data, iid = demo_app
    with App(data) as app:
        assert report_export.export_report(None, app, iid, "full", ask_path=lambda *a: "") is None


def test_cancel_stops_the_render_and_leaves_no_file(qtbot, demo_app, tmp_path, monkeypatch):
    data, iid = demo_app
    started = threading.Event()

    def slow_render(app, inspection_id, template_id, out, progress):
        started.set()
        for i in range(500):  # a long render that reports often
            progress(i, 500, "排版")
            time.sleep(0.01)
        out.write_bytes(b"%PDF-")
        return out

    monkeypatch.setattr("inspector_app.operations.reports.render_report", slow_render)
    app = App(data)
    finished, opened = [], []
    task = report_export.export_report(
        None,
        app,
        iid,
        "full",
        ask_path=lambda *a: str(tmp_path / "r.pdf"),
        open_result=opened.append,
        on_finished=finished.append,
    )
    assert started.wait(5)
    dialog = next(w for w in qtbot_top_levels() if w.objectName() == "reportExportProgress")
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert finished == [None] and opened == []
    assert not (tmp_path / "r.pdf").exists()
    app.close()


def test_failure_is_shown_as_one_line(qtbot, demo_app, tmp_path):
    data, _ = demo_app
    errors, finished = [], []
    # An unknown inspection fails before the worker starts: the suggested name needs it.
    with App(data) as app, pytest.raises(Exception, match="no inspection"):
        report_export.export_report(
            None, app, "nope", "full", ask_path=lambda *a: str(tmp_path / "x.pdf")
        )
    app = App(data, actor="测试员")  # seeding writes: the trail names who did it
    iid = seed_demo(app)

    def broken(*args, **kwargs):
        raise RuntimeError("字体无法读取")

    import inspector_app.operations.reports as reports_ops

    original = reports_ops.render_report
    reports_ops.render_report = broken
    try:
        report_export.export_report(
            None,
            app,
            iid,
            "full",
            ask_path=lambda *a: str(tmp_path / "x.pdf"),
            show_error=lambda parent, title, message: errors.append((title, message)),
            on_finished=finished.append,
        )
        qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    finally:
        reports_ops.render_report = original
    assert errors == [("导出预检查报告失败", "字体无法读取")]
    assert finished == [None]
    app.close()


def qtbot_top_levels():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()


def test_without_a_pdf_viewer_the_app_says_where_the_file_is(qtbot, demo_app, tmp_path):
    data, iid = demo_app
    told, finished = [], []
    with App(data) as app:
        report_export.export_report(
            None,
            app,
            iid,
            "defect-list",
            ask_path=lambda *a: str(tmp_path / "清单.pdf"),
            open_result=lambda path: False,  # QDesktopServices found no application
            no_viewer=lambda parent, path: told.append(path),
            on_finished=finished.append,
        )
        qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert told == [tmp_path / "清单.pdf"] == finished


def test_no_viewer_message_shows_the_path_and_opens_the_folder(qtbot, tmp_path, monkeypatch):
    pdf = tmp_path / "报告" / "东海-预检查报告.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-")
    opened = []
    monkeypatch.setattr(
        report_export.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    box = report_export.show_no_viewer(None, pdf)
    qtbot.waitUntil(box.isVisible)
    assert "没有可以打开 PDF" in box.message.text()
    assert str(pdf) in box.location.text()
    folder = box.findChild(QPushButton, "openFolder")
    assert folder.text() == "打开所在文件夹(&O)"
    folder.click()
    assert [u.toLocalFile() for u in opened] == [str(pdf.parent)]
    assert box.isVisible()  # the path stays readable after opening the folder
    box.close()


def test_default_dialog_starts_in_the_remembered_report_folder(qtbot, demo_app, tmp_path):
    """The real file dialog (Qt's own on the offscreen platform) with the suggested name."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from inspector_app.ui import file_dialogs

    data, iid = demo_app
    folder = tmp_path / "报告"
    folder.mkdir()
    file_dialogs.remember_folder(file_dialogs.Purpose.REPORT_EXPORT, folder / "old.pdf")
    shown, finished = [], []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        shown.append((dialog.directory().absolutePath(), dialog.windowTitle()))
        dialog.accept()  # keep the suggested name

    QTimer.singleShot(0, answer)
    with App(data) as app:
        report_export.export_report(
            None, app, iid, "defect-list", open_result=lambda p: True, on_finished=finished.append
        )
        qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert shown == [(str(folder), "导出缺陷项目清单")]
    (written,) = finished
    assert written.parent == folder and written.name.endswith("-缺陷项目清单.pdf")
    assert written.read_bytes().startswith(b"%PDF-")
