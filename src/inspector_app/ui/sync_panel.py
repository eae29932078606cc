"""Sync in the app: the sync action, a status widget, automatic sync, the conflicts view.

    sync = SyncController(app, window)
    window.statusBar().addPermanentWidget(sync.status_widget)
    toolbar.addAction(sync.sync_action); menu.addAction(sync.conflicts_action)
    sync.finished.connect(lambda _report: window.refresh())
    sync.start_auto_sync()            # probes the server every few minutes when enrolled

Everything slow runs in `ui.tasks.Task` (off the GUI thread); the operations in
`operations/sync.py` do the work. A running sync is never started twice, and the automatic
probe skips its turn while one runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import DomainError
from inspector_app.domain.hlc import Timestamp
from inspector_app.operations import App
from inspector_app.operations import sync as sync_ops
from inspector_app.ui.audit_view import FIELD_LABELS, KIND_LABELS
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.screen import fit_to_screen
from inspector_app.ui.tasks import Task

AUTO_SYNC_MINUTES = 5
_STEP_LABELS = {
    "push": QT_TRANSLATE_NOOP("SyncStatusWidget", "上传更改"),
    "pull": QT_TRANSLATE_NOOP("SyncStatusWidget", "下载更改"),
    "photos up": QT_TRANSLATE_NOOP("SyncStatusWidget", "上传照片"),
    "photos down": QT_TRANSLATE_NOOP("SyncStatusWidget", "下载照片"),
}


def _clock_text(hlc: str) -> str:
    try:
        wall = Timestamp.decode(hlc).wall_ms
    except ValueError:
        return hlc
    return datetime.fromtimestamp(wall / 1000).astimezone().strftime("%Y-%m-%d %H:%M")


def _value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return QCoreApplication.translate("AuditTrail", "是" if value else "否")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    return str(value)


def _audit_word(label: str) -> str:
    """A record kind or field name, worded as in the audit trail."""
    return QCoreApplication.translate("AuditTrail", label)


class SyncStatusWidget(QWidget):
    """Status-bar widget: last sync, pending changes and photos; a sync button; progress.

    Changes the server rejected in the last sync are counted in the label, one line each in
    its tooltip; bundle entries waiting for a device key (sync/verify.py) get their own label,
    with one line per waiting device in its tooltip."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.controller = controller
        self.label = QLabel(objectName="syncStatusLabel")
        self.held_label = QLabel(objectName="syncHeld")
        self.held_label.hide()
        self.progress = QProgressBar(objectName="syncProgress")
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QPushButton(objectName="syncCancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(controller.cancel)
        self.sync_button = QPushButton(objectName="syncButton")
        self.sync_button.clicked.connect(controller.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets = (self.label, self.held_label, self.progress, self.cancel_button, self.sync_button)
        for widget in widgets:
            layout.addWidget(widget)
        controller.status_changed.connect(self.show_status)
        controller.started.connect(self._running)
        controller.progressed.connect(self._progress)
        controller.finished.connect(lambda _r: self._idle())
        controller.failed.connect(lambda _m: self._idle())
        controller.cancelled.connect(self._idle)
        self._status: sync_ops.SyncStatus | None = None
        self._step = ""
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.cancel_button.setText(self.tr("取消"))
        self.sync_button.setText(self.tr("同步"))
        self.sync_button.setToolTip(self.tr("立即与中心同步"))
        if self._status is not None:
            self.show_status(self._status)
        if self._step:
            self.progress.setToolTip(self.tr(_STEP_LABELS.get(self._step, self._step)))

    def revocation_text(self, status: sync_ops.SyncStatus) -> str:
        """operations.sync.REVOKED_NOTICE(_PLAIN), as the inspector reads it (D38)."""
        if status.data_key_wiped:
            return self.tr(
                "中心已撤销这台电脑：它的同步凭据和数据密钥已被删除；应用关闭后，"
                "这里的数据将无法再打开；尚未同步的更改已丢失。"
            )
        return self.tr("中心已撤销这台电脑：它的同步凭据已被删除；尚未同步的更改无法再发送到中心。")

    def show_status(self, status: sync_ops.SyncStatus) -> None:
        self._status = status
        if status.revoked_wiped_at:
            # Nothing else about sync matters any more: this one sentence, kept in view.
            self.label.setText(self.revocation_text(status))
            self.label.setToolTip(self.tr("撤销时间：{t}").format(t=status.revoked_wiped_at))
            self.held_label.hide()
            self.sync_button.setEnabled(False)
            return
        if not status.enrolled:
            text = self.tr("未登记同步服务器")
        else:
            when = self.tr("从未同步")
            if status.last_sync_at:
                at = datetime.fromisoformat(status.last_sync_at.replace("Z", "+00:00"))
                when = self.tr("上次同步 {t}").format(t=at.astimezone().strftime("%m-%d %H:%M"))
            text = self.tr("{when}；待同步 %n 项", "", status.pending_changes).format(when=when)
            if status.photos_to_upload:
                text += self.tr("；待上传照片 %n 张", "", status.photos_to_upload)
            if status.photos_pending:
                text += self.tr("；照片待下载 %n 张", "", status.photos_pending)
            if status.open_conflicts:
                text += self.tr("；冲突 %n 项", "", status.open_conflicts)
        report = self.controller.last_report
        rejected = report.rejected if report is not None else []
        if rejected:
            text += self.tr("；被服务器拒绝 %n 项", "", len(rejected))
        self.label.setText(text)
        self.label.setToolTip("\n".join(r.line() for r in rejected))
        self._show_held(status)
        self.sync_button.setEnabled(status.enrolled and not self.controller.running)

    def _show_held(self, status: sync_ops.SyncStatus) -> None:
        """Entries from a USB bundle that wait, unapplied, until a sync brings their key."""
        if not status.held:
            self.held_label.hide()
            self.held_label.clear()
            self.held_label.setToolTip("")
            return
        self.held_label.setText(self.tr("等待设备密钥 %n 项", "", status.held_entries))
        lines = [
            self.tr("设备 {device}：%n 项（{reason}）", "", h.entries).format(
                device=h.device_id, reason=h.reason
            )
            for h in status.held
        ]
        hint = self.tr("同步取得团队的设备密钥后自动核对并应用。")
        self.held_label.setToolTip("\n".join([*lines, hint]))
        self.held_label.show()

    def held_lines(self) -> list[str]:
        """The waiting devices as shown (one line each), for the tooltip's readers and tests."""
        return [line for line in self.held_label.toolTip().splitlines()[:-1] if line]

    def _running(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.sync_button.setEnabled(False)

    def _progress(self, done: int, total: int, step: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self._step = step
        self.progress.setToolTip(self.tr(_STEP_LABELS.get(step, step)))

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.sync_button.setEnabled(True)


class SyncController(QObject):
    """Runs syncs off the GUI thread and tells widgets about them."""

    started = Signal()
    progressed = Signal(int, int, str)
    finished = Signal(object)  # SyncReport
    failed = Signal(str)
    cancelled = Signal()
    status_changed = Signal(object)  # operations.sync.SyncStatus

    def __init__(
        self,
        app: App,
        parent: QWidget | None = None,
        *,
        auto_minutes: int = AUTO_SYNC_MINUTES,
        sync_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self._parent_widget = parent
        self._task: Task | None = None
        self._probe_task: Task | None = None
        self._sync_options = sync_options or {}
        self.last_report: sync_ops.SyncReport | None = None
        self.last_error: str | None = None
        self.revoked_box: QMessageBox | None = None  # shown once, when a sync is refused
        self.sync_action = QAction(self, objectName="syncNow")
        self.sync_action.triggered.connect(lambda _checked=False: self.sync_now())
        self.conflicts_action = QAction(self, objectName="showConflicts")
        self.conflicts_action.triggered.connect(lambda _checked=False: self.show_conflicts())
        self.status_widget = SyncStatusWidget(self, parent)
        # The controller is no widget: its actions are worded when its status widget is.
        retranslate_on_change(self.status_widget, self.retranslate_ui)
        self.timer = QTimer(self, objectName="autoSyncTimer")
        self.timer.setInterval(max(1, auto_minutes) * 60_000)
        self.timer.timeout.connect(self.probe)
        self.refresh_status()

    def retranslate_ui(self) -> None:
        self.sync_action.setText(self.tr("立即同步"))
        self.conflicts_action.setText(self.tr("同步冲突…"))

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.is_done

    # ---- status ---------------------------------------------------------------------------

    def refresh_status(self) -> sync_ops.SyncStatus:
        status = sync_ops.sync_status(self.app)
        self.sync_action.setEnabled(status.enrolled and not self.running)
        self.status_changed.emit(status)
        return status

    # ---- sync -----------------------------------------------------------------------------

    def sync_now(self) -> Task | None:
        """Start a sync unless one is running (then the running one is returned)."""
        if self.running:
            return self._task
        options = dict(self._sync_options)
        task = Task(
            lambda progress: sync_ops.sync_now(self.app, progress=progress, **options), self
        )
        task.progressed.connect(self.progressed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.cancelled.connect(self.cancelled)
        task.finished.connect(self._task_finished)
        self._task = task
        self.sync_action.setEnabled(False)
        self.started.emit()
        return task.start()

    def cancel(self) -> None:
        """Stops between steps: what was pushed or pulled so far stays, complete."""
        if self._task is not None:
            self._task.cancel()

    def _succeeded(self, report: sync_ops.SyncReport) -> None:
        self.last_report, self.last_error = report, None
        self.finished.emit(report)

    def _failed(self, message: str) -> None:
        status = sync_ops.sync_status(self.app)
        if status.revoked_wiped_at:
            # The server's English line is replaced by the one sentence, said once aloud.
            message = self.status_widget.revocation_text(status)
            self._tell_revoked(message)
        self.last_error = message
        self.failed.emit(message)

    def _tell_revoked(self, message: str) -> None:
        if self.revoked_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("这台电脑已被撤销"),
            message,
            parent=self._parent_widget,
        )
        box.setObjectName("revokedBox")
        self.revoked_box = box
        box.open()

    def _task_finished(self) -> None:
        self.refresh_status()

    # ---- automatic sync -------------------------------------------------------------------

    def start_auto_sync(self) -> None:
        self.timer.start()

    def stop_auto_sync(self) -> None:
        self.timer.stop()

    def probe(self) -> Task | None:
        """Is the server reachable? Then sync. Skipped while a sync or a probe runs."""
        if self.running or (self._probe_task is not None and not self._probe_task.is_done):
            return None
        if not sync_ops.sync_status(self.app).enrolled:
            return None
        task = Task(lambda _progress: sync_ops.server_reachable(self.app), self)
        task.succeeded.connect(lambda reachable: self.sync_now() if reachable else None)
        self._probe_task = task
        return task.start()

    # ---- conflicts ------------------------------------------------------------------------

    def show_conflicts(self, inspection_id: str | None = None) -> ConflictsDialog:
        dialog = ConflictsDialog(self.app, self._parent_widget, inspection_id=inspection_id)
        dialog.resolved.connect(self.refresh_status)
        dialog.open()
        return dialog


class ConflictsDialog(QDialog):
    """Values that lost to a concurrent edit on another laptop; the lead may restore one."""

    resolved = Signal()
    COLUMNS = (
        QT_TRANSLATE_NOOP("ConflictsDialog", "记录"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "字段"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "当前值"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "另一台电脑的值"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "当前值来自"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "另一值来自"),
    )

    def __init__(
        self, app: App, parent: QWidget | None = None, *, inspection_id: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.app = app
        self.inspection_id = inspection_id
        self.conflicts: list[dict[str, Any]] = []
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="conflictsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.keep_other = QPushButton(objectName="keepOther")
        self.keep_current = QPushButton(objectName="keepCurrent")
        self.keep_other.clicked.connect(lambda: self.resolve_selected("loser"))
        self.keep_current.clicked.connect(lambda: self.resolve_selected("winner"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.keep_other, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.keep_current, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        retranslate_on_change(self, self.retranslate_ui)
        # Within the screen: 900x400 is what the table would like, not what a laptop has.
        fit_to_screen(self, QSize(900, 400))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("同步冲突"))
        self.hint.setText(
            self.tr(
                "两台电脑同时修改了同一项内容时，较晚的修改生效；另一项保存在这里。"
                "需要时可以改用另一台电脑的值（作为一次新的修改，会同步给所有人）。"
            )
        )
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ConflictsDialog", c) for c in self.COLUMNS]
        )
        self.keep_other.setText(self.tr("改用另一台电脑的值"))
        self.keep_current.setText(self.tr("保留当前值"))
        self.reload()

    def reload(self) -> None:
        self.conflicts = sync_ops.list_conflicts(self.app, self.inspection_id)
        self.table.setRowCount(len(self.conflicts))
        for row, c in enumerate(self.conflicts):
            kind, field = c["kind"], c["field"]
            cells = (
                f"{_audit_word(KIND_LABELS.get(kind, kind))} {c['record_id'][-8:]}",
                _audit_word(FIELD_LABELS.get(field, field)),
                _value_text(c["winning_value"]),
                _value_text(c["losing_value"]),
                f"{c['winning_device_id'][-8:]} {_clock_text(c['winning_hlc'])}",
                f"{c['losing_device_id'][-8:]} {_clock_text(c['losing_hlc'])}",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.keep_other.setEnabled(selected)
        self.keep_current.setEnabled(selected)

    def resolve_selected(self, keep: str) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        conflict = self.conflicts[rows[0].row()]
        reason: str | None = None
        for _attempt in range(2):
            try:
                sync_ops.resolve_conflict(
                    self.app,
                    conflict["id"],
                    keep=keep,
                    revision_reason=reason,  # type: ignore[arg-type]
                )
                break
            except DomainError as exc:
                if exc.field == "revision_reason" and reason is None:
                    # A locked inspection: the change needs a reason, like any other.
                    from inspector_app.ui.revision_reason import ask_revision_reason

                    reason = ask_revision_reason(self, self.tr("处理同步冲突"))
                    if reason:
                        continue
                    return False
                QMessageBox.warning(self, self.tr("无法处理冲突"), str(exc))
                return False
        self.reload()
        self.resolved.emit()
        return True
