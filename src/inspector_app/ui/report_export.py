"""Export a PDF report: ask where, render off the GUI thread with progress, then open it.

    export_report(window, app, inspection_id, "full")   # or "defect-list"

The file dialog opens in the folder last used for reports (ui/file_dialogs.py). After the
render the PDF is opened with the system's viewer; when there is none (QDesktopServices
says so), a message gives the file's path and a button to open its folder, instead of
nothing happening. The file dialog, the "open" step and the messages are injectable so
tests can run without a desktop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector_app.operations import App
from inspector_app.ui import file_dialogs
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.screen import fit_to_screen
from inspector_app.ui.tasks import Task

CONTEXT = "ReportExport"
TITLES = {
    "defect-list": QT_TRANSLATE_NOOP("ReportExport", "缺陷项目清单"),
    "full": QT_TRANSLATE_NOOP("ReportExport", "预检查报告"),
}

# (parent, caption, suggested file name) -> chosen path or "" when the user cancelled.
AskPath = Callable[[QWidget | None, str, str], str]
# Opens the written file; returns False when nothing could open it.
OpenFile = Callable[[Path], object]
ShowError = Callable[[QWidget | None, str, str], object]
NoViewer = Callable[[QWidget | None, Path], object]

_running: set[Task] = set()
_open_boxes: set[QDialog] = set()


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def title_of(template_id: str) -> str:
    return _tr(TITLES[template_id]) if template_id in TITLES else template_id


def ask_save_path(parent: QWidget | None, caption: str, suggested: str) -> str:
    return file_dialogs.ask_save_path(
        parent, file_dialogs.Purpose.REPORT_EXPORT, caption, suggested, "PDF (*.pdf)"
    )


def show_warning(parent: QWidget | None, title: str, message: str) -> object:
    return QMessageBox.warning(parent, title, message)


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class NoViewerDialog(QDialog):
    """Says the PDF was written but nothing can open it: the path, and a folder button.

    A QDialog rather than a QMessageBox because every QMessageBox button closes the box,
    and the path must stay readable after the folder has been opened.
    """

    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(parent)
        self.path = path
        self.setObjectName("noPdfViewer")
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size)
        )
        self.message = QLabel(objectName="message", wordWrap=True)
        self.location = QLabel(objectName="location", wordWrap=True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.folder_button = self.buttons.addButton("…", QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.setObjectName("openFolder")
        self.folder_button.clicked.connect(lambda: open_folder(self.path))
        self.buttons.rejected.connect(self.reject)
        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(self.location)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        retranslate_on_change(self, self.retranslate_ui)
        fit_to_screen(self, QSize(520, self.sizeHint().height()))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("ReportExport", "无法打开 PDF"))
        self.message.setText(
            QCoreApplication.translate(
                "ReportExport", "报告已保存，但本机没有可以打开 PDF 文件的程序。"
            )
        )
        self.location.setText(
            QCoreApplication.translate(
                "ReportExport", "文件位置：{path}\n请安装 PDF 阅读器，或把文件复制到其他电脑打开。"
            ).format(path=self.path)
        )
        self.folder_button.setText(QCoreApplication.translate("ReportExport", "打开所在文件夹(&O)"))


def no_viewer_box(parent: QWidget | None, path: Path) -> NoViewerDialog:
    """The no-viewer message, built but not shown (tests and the layout check use it)."""
    return NoViewerDialog(parent, path)


def show_no_viewer(parent: QWidget | None, path: Path) -> NoViewerDialog:
    """Show `no_viewer_box` window-modally without blocking (no nested event loop)."""
    box = no_viewer_box(parent, path)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Without a parent nothing else holds the Python wrapper; keep it while it is open.
    _open_boxes.add(box)
    box.finished.connect(lambda _code: _open_boxes.discard(box))
    box.open()
    return box


def _alive(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def _suggested_name(app: App, inspection_id: str, template_id: str) -> str:
    from inspector_app.operations.inspections import get_inspection

    inspection = get_inspection(app, inspection_id)
    stem = inspection.document_no or inspection.company_name
    safe = "".join(ch for ch in stem if ch not in '\\/:*?"<>|').strip() or "report"
    return f"{safe}-{title_of(template_id)}.pdf"


def export_report(
    parent: QWidget | None,
    app: App,
    inspection_id: str,
    template_id: str,
    *,
    ask_path: AskPath = ask_save_path,
    open_result: OpenFile = open_file,
    show_error: ShowError = show_warning,
    no_viewer: NoViewer = show_no_viewer,
    on_finished: Callable[[Path | None], None] | None = None,
) -> Task | None:
    """Start the export; returns the running Task (None when the user chose no file).

    `on_finished(path)` gets the written file, or None after a failure or cancel.
    """
    from inspector_app.operations.reports import render_report

    def caption() -> str:
        return QCoreApplication.translate("ReportExport", "导出{title}").format(
            title=title_of(template_id)
        )

    chosen = ask_path(parent, caption(), _suggested_name(app, inspection_id, template_id))
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")

    dialog = QProgressDialog(parent)
    dialog.setObjectName("reportExportProgress")
    dialog.setRange(0, 100)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # quick exports finish before the dialog shows
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    step = [""]

    def retranslate() -> None:
        dialog.setWindowTitle(caption())
        dialog.setCancelButtonText(QCoreApplication.translate("ReportExport", "取消"))
        title = title_of(template_id)
        dialog.setLabelText(
            QCoreApplication.translate("ReportExport", "正在生成{title}：{step}").format(
                title=title, step=step[0]
            )
            if step[0]
            else QCoreApplication.translate("ReportExport", "正在生成{title}…").format(title=title)
        )

    retranslate_on_change(dialog, retranslate)

    task = Task(lambda progress: render_report(app, inspection_id, template_id, out, progress))
    # Nothing else holds the task while it runs; keep it until it has finished.
    _running.add(task)

    # The window that asked may be closed (and deleted) while the PDF renders; the export
    # still finishes, so every slot below checks what it touches is still there.
    def owner() -> QWidget | None:
        return parent if _alive(parent) else None

    def progressed(done: int, total: int, text: str) -> None:
        if not _alive(dialog):
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if text and text != step[0]:
            step[0] = text
            retranslate()

    def succeeded(path: Path) -> None:
        written = Path(path)
        if open_result(written) is False:
            no_viewer(owner(), written)
        if on_finished:
            on_finished(written)

    def failed(message: str) -> None:
        show_error(
            owner(),
            QCoreApplication.translate("ReportExport", "导出{title}失败").format(
                title=title_of(template_id)
            ),
            message,
        )
        if on_finished:
            on_finished(None)

    def cancelled() -> None:
        if on_finished:
            on_finished(None)

    task.progressed.connect(progressed)
    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    task.cancelled.connect(cancelled)
    task.finished.connect(lambda: _alive(dialog) and dialog.deleteLater())
    task.finished.connect(lambda: _running.discard(task))
    dialog.canceled.connect(task.cancel)
    task.start()
    return task
