"""Export a PDF report: ask where, render off the GUI thread with progress, then open it.

    export_report(window, app, inspection_id, "full")   # or "defect-list"

The file dialog and the "open" step are injectable so tests can run without a desktop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from inspector_app.operations import App
from inspector_app.ui.tasks import Task

TITLES = {"defect-list": "缺陷项目清单", "full": "预检查报告"}

# (parent, caption, suggested path) -> chosen path or "" when the user cancelled.
AskPath = Callable[[QWidget | None, str, str], str]
OpenFile = Callable[[Path], object]
ShowError = Callable[[QWidget | None, str, str], object]

_running: set[Task] = set()


def ask_save_path(parent: QWidget | None, caption: str, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, "PDF (*.pdf)")
    return path


def show_warning(parent: QWidget | None, title: str, message: str) -> object:
    return QMessageBox.warning(parent, title, message)


def open_file(path: Path) -> object:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _suggested_name(app: App, inspection_id: str, template_id: str) -> str:
    from inspector_app.operations.inspections import get_inspection

    inspection = get_inspection(app, inspection_id)
    stem = inspection.document_no or inspection.company_name
    safe = "".join(ch for ch in stem if ch not in '\\/:*?"<>|').strip() or "report"
    return str(Path.home() / f"{safe}-{TITLES.get(template_id, template_id)}.pdf")


def export_report(
    parent: QWidget | None,
    app: App,
    inspection_id: str,
    template_id: str,
    *,
    ask_path: AskPath = ask_save_path,
    open_result: OpenFile = open_file,
    show_error: ShowError = show_warning,
    on_finished: Callable[[Path | None], None] | None = None,
) -> Task | None:
    """Start the export; returns the running Task (None when the user chose no file).

    `on_finished(path)` gets the written file, or None after a failure or cancel.
    """
    from inspector_app.operations.reports import render_report

    title = TITLES.get(template_id, template_id)
    chosen = ask_path(parent, f"导出{title}", _suggested_name(app, inspection_id, template_id))
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")

    dialog = QProgressDialog(f"正在生成{title}…", "取消", 0, 100, parent)
    dialog.setObjectName("reportExportProgress")
    dialog.setWindowTitle(f"导出{title}")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # quick exports finish before the dialog shows
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    task = Task(lambda progress: render_report(app, inspection_id, template_id, out, progress))
    # Nothing else holds the task while it runs; keep it until it has finished.
    _running.add(task)

    def progressed(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if text:
            dialog.setLabelText(f"正在生成{title}：{text}")

    def succeeded(path: Path) -> None:
        open_result(Path(path))
        if on_finished:
            on_finished(Path(path))

    def failed(message: str) -> None:
        show_error(parent, f"导出{title}失败", message)
        if on_finished:
            on_finished(None)

    def cancelled() -> None:
        if on_finished:
            on_finished(None)

    task.progressed.connect(progressed)
    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    task.cancelled.connect(cancelled)
    task.finished.connect(dialog.close)
    task.finished.connect(dialog.deleteLater)
    task.finished.connect(lambda: _running.discard(task))
    dialog.canceled.connect(task.cancel)
    task.start()
    return task
