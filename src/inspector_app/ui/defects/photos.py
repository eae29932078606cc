"""Photo evidence in the UI: thumbnails, drag and drop from the file manager, bulk import.

Double-clicking a thumbnail opens the photo viewer (ui/photo_viewer): full size, zoom, pan,
annotations. An annotated photo's thumbnail shows the annotated copy the report prints, with
a small mark, while the original file stays untouched.

Imports always run off the GUI thread (`ui.tasks.Task`) with a progress dialog that can
cancel; when they end the session reloads and announces the new photos on the GUI thread.
Files and folders are chosen with ui/file_dialogs (purpose PHOTO_IMPORT): the dialog opens
in the folder of the last import and speaks the interface language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from inspector_app.domain.model import Photo
from inspector_app.operations import inspections as ops
from inspector_app.operations.photos import (
    DEFAULT_WORKERS,
    PHOTO_SUFFIXES,
    ImportSummary,
    annotated_image,
    derivative_file,
    import_photos,
    photo_arrived,
)
from inspector_app.operations.photos import photo_files_in as _photo_files_in
from inspector_app.ui.file_dialogs import Purpose, ask_directory, ask_open_paths
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.image_source import image_reader
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.tasks import Task

THUMB_PX = 128
_PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole + 1

if TYPE_CHECKING:  # the viewer (its canvas costs ~0.1 s to import) loads when opened
    from inspector_app.ui.photo_viewer import PhotoViewer


# ---- thumbnails ---------------------------------------------------------------------------

_thumb_cache: dict[str, QPixmap] = {}


def thumbnail(session: InspectionSession, sha256: str, size: int = THUMB_PX) -> QPixmap:
    """A small pixmap from the stored derivative, decoded at reduced size (fast for JPEG)."""
    key = f"{sha256}:{size}"
    cached = _thumb_cache.get(key)
    if cached is not None:
        return cached
    try:
        path = derivative_file(session.app, sha256)
    except (OSError, ValueError):
        return _placeholder(size)
    if path is None:
        # The record synced but its bytes have not arrived yet: say so, do not cache.
        return _placeholder(size, QCoreApplication.translate("Photos", "照片待同步"))
    reader = image_reader(path)
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return _placeholder(size)
    pixmap = QPixmap.fromImage(image)
    if len(_thumb_cache) > 400:  # a day's photos; drop the oldest half when it grows past
        for old in list(_thumb_cache)[:200]:
            del _thumb_cache[old]
    _thumb_cache[key] = pixmap
    return pixmap


def photo_thumbnail(session: InspectionSession, photo: Photo, size: int = THUMB_PX) -> QPixmap:
    """The thumbnail of what the report prints: with the annotations burnt in, and marked."""
    if not photo.annotations or not photo_arrived(session.app, photo.sha256):
        return thumbnail(session, photo.sha256, size)
    try:
        path = annotated_image(session.app, photo)  # cached file, named by layer digest
    except (OSError, ValueError):
        return thumbnail(session, photo.sha256, size)
    key = f"{path.name}:{size}:marked"
    cached = _thumb_cache.get(key)
    if cached is not None:
        return cached
    reader = image_reader(path)
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return thumbnail(session, photo.sha256, size)
    pixmap = QPixmap.fromImage(image)
    _mark_annotated(pixmap)
    _thumb_cache[key] = pixmap
    return pixmap


def _mark_annotated(pixmap: QPixmap) -> None:
    """A small red corner tag: this photo carries annotations (the file itself does not)."""
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = max(14, pixmap.width() // 7)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#e00000"))
    painter.drawEllipse(pixmap.width() - side - 3, 3, side, side)
    painter.setPen(QColor("#ffffff"))
    font = painter.font()
    font.setPixelSize(int(side * 0.7))
    painter.setFont(font)
    painter.drawText(pixmap.width() - side - 3, 3, side, side, Qt.AlignmentFlag.AlignCenter, "✎")
    painter.end()


def _placeholder(size: int, text: str = "") -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.lightGray)
    if text:
        painter = QPainter(pixmap)
        painter.drawText(
            pixmap.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text
        )
        painter.end()
    return pixmap


# ---- drag and drop ------------------------------------------------------------------------


def photo_paths_from_mime(mime: QMimeData) -> list[Path]:
    """Local files (and photos inside dropped folders) carried by a drop from a file manager."""
    if not mime.hasUrls():
        return []
    paths: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            paths.extend(_photo_files_in(path))
        elif path.suffix.lower() in PHOTO_SUFFIXES:
            paths.append(path)
    return paths


# ---- the photo strip in the defect editor -------------------------------------------------


class PhotoStrip(QListWidget):
    """Thumbnails of a defect's photos; the caption under each is edited in place.

    Emits `files_dropped` with the photo files dropped on it; the editor decides what to do
    (it may need to create the defect first).
    """

    files_dropped = Signal(list)
    # The viewer opened by a double-click (or Enter) on a thumbnail; None until then.
    viewer: PhotoViewer | None = None

    def __init__(self, session: InspectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("photoStrip")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListWidget.Movement.Static)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setGridSize(QSize(THUMB_PX + 40, THUMB_PX + 44))
        self.setWordWrap(True)
        self.setMinimumHeight(THUMB_PX + 64)
        # Double-click opens the viewer; the caption is edited with F2 or a click on the
        # already selected thumbnail.
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        # A static list view switches drops off on its viewport; files from outside must land.
        self.viewport().setAcceptDrops(True)
        self.itemChanged.connect(self._caption_edited)
        self.itemDoubleClicked.connect(self._open_viewer)
        self._filling = False
        self._shown: dict[str, Photo] = {}  # by id: what the thumbnails' tooltips describe
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setToolTip(self.tr("双击照片可放大查看和标注；按 F2 编辑说明；可从文件管理器拖入照片"))
        for i in range(self.count()):
            item = self.item(i)
            photo = self._shown.get(item.data(_PHOTO_ID_ROLE))
            if photo is not None:
                item.setToolTip(self._photo_tip(photo))

    def _photo_tip(self, photo: Photo) -> str:
        tip = photo.original_name
        if photo.annotations:
            tip += "\n" + self.tr("已标注 %n 处（原图未改动）", "", len(photo.annotations))
        return tip

    def show_photos(self, photos: Sequence[Photo]) -> None:
        self._filling = True
        try:
            current = self.current_photo_id()
            self.clear()
            self._shown = {photo.id: photo for photo in photos}
            for photo in photos:
                item = QListWidgetItem(QIcon(photo_thumbnail(self.session, photo)), photo.caption)
                item.setData(_PHOTO_ID_ROLE, photo.id)
                item.setToolTip(self._photo_tip(photo))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.addItem(item)
                if photo.id == current:
                    self.setCurrentItem(item)
        finally:
            self._filling = False

    def current_photo_id(self) -> str | None:
        item = self.currentItem()
        return item.data(_PHOTO_ID_ROLE) if item is not None else None

    def photo_ids(self) -> list[str]:
        return [self.item(i).data(_PHOTO_ID_ROLE) for i in range(self.count())]

    def open_viewer(self, photo_id: str | None = None) -> PhotoViewer | None:
        """Open the full-size viewer for a photo (the current one by default)."""
        photo_id = photo_id or self.current_photo_id()
        if photo_id is None:
            return None
        from inspector_app.ui.photo_viewer import open_photo_viewer

        self.viewer = open_photo_viewer(self.session, photo_id, self.window())
        return self.viewer

    def _open_viewer(self, item: QListWidgetItem) -> None:
        self.open_viewer(item.data(_PHOTO_ID_ROLE))

    def keyPressEvent(self, event) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        editing = self.state() == QAbstractItemView.State.EditingState
        if enter and not editing and self.open_viewer() is not None:
            event.accept()
            return
        super().keyPressEvent(event)

    def _caption_edited(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        photo_id = item.data(_PHOTO_ID_ROLE)
        set_photo_caption(self.session, photo_id, item.text().strip())

    # Qt's list view handles its own internal drags; file drops from outside come here.
    def dragEnterEvent(self, event) -> None:
        if photo_paths_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        paths = photo_paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            event.ignore()


# ---- undoable photo verbs (the session knows only results and defects) --------------------


class _PhotoCommand(QUndoCommand):
    def __init__(
        self,
        session: InspectionSession,
        text: str,
        photo_id: str,
        before: dict,
        after: dict,
    ) -> None:
        super().__init__(text)
        self._session, self._photo_id = session, photo_id
        self._before, self._after = before, after
        self._first = True

    def _apply(self, changes: dict) -> None:
        saved = self._session.run(
            ops.update_photo, self._session.app, self._photo_id, changes, what=self.text()
        )
        if saved is None:
            self.setObsolete(True)
        else:
            self._session.changed.emit("photo", self._photo_id)

    def redo(self) -> None:
        if self._first:  # the change already ran when the user made it
            self._first = False
            return
        self._apply(self._after)

    def undo(self) -> None:
        self._apply(self._before)


def _change_photo(
    session: InspectionSession, photo_id: str, changes: dict, text: str
) -> Photo | None:
    current = next((p for p in session.record.photos if p.id == photo_id), None)
    if current is None:
        return None
    before = {k: getattr(current, k) for k in changes}
    if before == changes:
        return current
    saved = session.run(ops.update_photo, session.app, photo_id, changes, what=text)
    if saved is None:
        return None
    session.changed.emit("photo", photo_id)
    session.undo_stack.push(_PhotoCommand(session, text, photo_id, before, changes))
    return saved


def set_photo_caption(session: InspectionSession, photo_id: str, caption: str) -> Photo | None:
    return _change_photo(
        session,
        photo_id,
        {"caption": caption},
        QCoreApplication.translate("Photos", "修改照片说明"),
    )


def remove_photo(session: InspectionSession, photo_id: str) -> bool:
    return (
        _change_photo(
            session, photo_id, {"deleted": True}, QCoreApplication.translate("Photos", "删除照片")
        )
        is not None
    )


# ---- importing off the GUI thread ---------------------------------------------------------


class PhotoImport(QObject):
    """One running import: the task, its progress dialog, and the summary when it ends."""

    done = Signal(object)  # ImportSummary, or None if it failed before any result

    def __init__(
        self,
        session: InspectionSession,
        parent: QWidget | None,
        paths: Sequence[Path],
        defect_id: str | None,
        revision_reason: str | None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.summary: ImportSummary | None = None
        self.error: str | None = None
        self.was_cancelled = False
        self._parent_widget = parent
        self._progressed = 0
        self._photos_before = {p.id for p in session.record.photos}
        self.stored_count = 0  # photos this import added, counted in the store at the end
        self.report_box: QMessageBox | None = None
        total = len(paths)
        self._label = lambda: QCoreApplication.translate("Photos", "正在导入照片…")
        self.dialog = QProgressDialog("", "", 0, total, parent)
        self.dialog.setObjectName("photoImportProgress")
        retranslate_on_change(self.dialog, self._retranslate_dialog)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # a two-photo drop finishes before it would show
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)

        def work(progress):
            return import_photos(
                session.app,
                session.inspection_id,
                paths,
                defect_id=defect_id,
                revision_reason=revision_reason,
                progress=progress,
                workers=DEFAULT_WORKERS,
            )

        self.task = Task(work, parent=self)
        self.task.progressed.connect(self._on_progress)
        self.task.succeeded.connect(self._on_success)
        self.task.failed.connect(self._on_failed)
        self.task.cancelled.connect(self._on_cancelled)
        self.task.finished.connect(self._on_finished)
        self.dialog.canceled.connect(self.task.cancel)

    def _retranslate_dialog(self) -> None:
        self.dialog.setWindowTitle(QCoreApplication.translate("Photos", "导入照片"))
        self.dialog.setCancelButtonText(QCoreApplication.translate("Photos", "取消"))
        self.dialog.setLabelText(self._label())

    def start(self) -> Task:
        _running.add(self)  # a parentless import must outlive the caller's reference
        self.task.start()
        return self.task

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self._progressed = done
        self.dialog.setValue(done)
        self._label = lambda: QCoreApplication.translate(
            "Photos", "正在导入照片 {0}/{1}：{2}"
        ).format(done, total, name)
        self.dialog.setLabelText(self._label())

    def _on_success(self, summary: ImportSummary) -> None:
        self.summary = summary

    def _on_failed(self, message: str) -> None:
        self.error = message

    def _on_cancelled(self) -> None:
        self.was_cancelled = True

    def _on_finished(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        # Whatever happened, some photos may be stored: show the store's truth.
        record = self.session.reload()
        self.stored_count = len({p.id for p in record.photos} - self._photos_before)
        self.session.changed.emit("photo", "")
        self.session.saved.emit()
        self._report()
        _running.discard(self)
        self.done.emit(self.summary)

    def _report(self) -> None:
        lines: list[str] = []
        if self.error:
            lines.append(QCoreApplication.translate("Photos", "导入中断：{0}").format(self.error))
        if self.was_cancelled:
            lines.append(
                QCoreApplication.translate(
                    "Photos", "已取消导入；已导入的 {0} 张照片均完整保存。"
                ).format(self.stored_count)
            )
        if self.summary is not None and self.summary.refused:
            lines.append(
                QCoreApplication.translate(
                    "Photos", "已导入 {0} 张，以下 {1} 个文件未导入："
                ).format(len(self.summary.imported), len(self.summary.refused))
            )
            lines.extend(f"· {name}：{why}" for name, why in self.summary.refused)
        if not lines:
            return
        box = QMessageBox(self._parent_widget)
        box.setObjectName("photoImportReport")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("Photos", "导入照片"))
        box.setText("\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the window keeps answering while the report is shown
        self.report_box = box


_running: set[PhotoImport] = set()


def _notice(parent: QWidget | None, text: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("Photos", "导入照片"),
        text,
        parent=parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def ask_reason_if_locked(session: InspectionSession, what: str) -> tuple[bool, str | None]:
    """(go on?, reason). A locked record asks once, on the GUI thread, before the worker runs."""
    session.reload()
    if not session.locked:
        return True, None
    reason = session.revision_reason_provider(what)
    if not reason or not reason.strip():
        session.failed.emit(
            QCoreApplication.translate("Photos", "已取消：锁定后的修改需要填写修订原因。")
        )
        return False, None
    return True, reason.strip()


def start_photo_import(
    session: InspectionSession,
    parent: QWidget | None,
    paths: Sequence[Path],
    defect_id: str | None = None,
) -> PhotoImport | None:
    """Import files off the GUI thread; None if there is nothing to do or the user cancelled."""
    if not paths:
        return None
    go, reason = ask_reason_if_locked(session, QCoreApplication.translate("Photos", "添加照片"))
    if not go:
        return None
    job = PhotoImport(session, parent, list(paths), defect_id, reason)
    job.start()
    return job


# Tests replace these (or answer the QFileDialog they show); both open in the folder of the
# last photo import.
def choose_folder(parent: QWidget | None) -> str:
    return ask_directory(
        parent,
        Purpose.PHOTO_IMPORT,
        QCoreApplication.translate("Photos", "选择照片文件夹（如相机存储卡）"),
    )


def choose_files(parent: QWidget | None) -> list[str]:
    patterns = " ".join(f"*{s}" for s in sorted(PHOTO_SUFFIXES))
    return ask_open_paths(
        parent,
        Purpose.PHOTO_IMPORT,
        QCoreApplication.translate("Photos", "选择照片"),
        QCoreApplication.translate("Photos", "照片 ({0})").format(patterns),
    )


def import_photo_folder(
    session: InspectionSession,
    parent: QWidget | None,
    defect_id: str | None = None,
    folder: str | Path | None = None,
    chooser: Callable[[QWidget | None], str] | None = None,
) -> Task | None:
    """Ask for a folder of camera photos and import them; returns the running Task or None."""
    if folder is None:
        folder = (chooser or choose_folder)(parent)
        if not folder:
            return None
    files = _photo_files_in(Path(folder))
    if not files:
        _notice(parent, QCoreApplication.translate("Photos", "该文件夹中没有照片文件。"))
        return None
    job = start_photo_import(session, parent, files, defect_id)
    if job is None:
        return None
    job.task.setProperty("photo_import", True)
    job.task.job = job  # keep the Python wrapper reachable from the returned Task
    return job.task
