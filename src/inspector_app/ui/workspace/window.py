"""The workspace of one inspection: checklist tree, item pane, defects and summary.

Keyboard first: every action is in a menu with its shortcut. Result keys are Alt+digit so
they work from the tree and never fire while typing a note; next/previous item is Alt+↓/↑
(also F8/Shift+F8). Navigation moves through the items the filter shows, in document order.

The lifecycle is in the 检查 menu and the toolbar: 开始现场检查 (Ctrl+Shift+B, asks the
actual start date) and 末次会议 (Ctrl+Shift+M, signatures, then the lock); each is enabled
only while domain/lifecycle.py allows its step. After the lock the title and status bar say
the inspection awaits the center's review; issuing the report is never offered here.

Nothing here writes data directly: results go through the session (autosave + undo), the
final conclusion through summary.set_final_conclusion, the lifecycle through session.run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.lifecycle import (
    awaiting_center_review,
    can_transition,
    report_in_force,
)
from inspector_app.domain.model import ResultValue, Status
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.ui.defects.panel import DefectPanel
from inspector_app.ui.i18n import enum_label, retranslate_on_change
from inspector_app.ui.lifecycle import (
    CLOSING_SHORTCUT,
    START_SHORTCUT,
    StartDateProvider,
    ask_start_date,
    state_text,
)
from inspector_app.ui.revision_reason import ask_revision_reason
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.settings import app_settings
from inspector_app.ui.status_message import StatusMessages
from inspector_app.ui.workspace.checklist_model import (
    STATUS_COLUMN,
    TITLE_COLUMN,
    ChecklistModel,
    Filter,
)
from inspector_app.ui.workspace.item_pane import ItemPane
from inspector_app.ui.workspace.review_tasks import ReviewTasksWidget
from inspector_app.ui.workspace.search import SearchIndex
from inspector_app.ui.workspace.summary import SummaryWidget

# QSettings keys: one layout for every workspace window, not one per inspection.
GEOMETRY_KEY = "workspace/geometry"
MAIN_SPLITTER_KEY = "workspace/main_splitter"
RIGHT_SPLITTER_KEY = "workspace/right_splitter"

SUMMARY_DELAY_MS = 250  # the suggestion re-reads the inspection; do it once per burst of edits
DEFAULT_SIZE = QSize(1280, 820)  # first start only, and never beyond the screen


class WorkspaceWindow(QMainWindow):
    def __init__(self, app: App, inspection_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspaceWindow")
        self.app = app
        self.session = InspectionSession(app, inspection_id, self)
        self.session.revision_reason_provider = lambda prompt: ask_revision_reason(self, prompt)
        # Asks the actual start date of 开始现场检查 (replaceable in tests).
        self.start_date_provider: StartDateProvider = ask_start_date
        record = self.session.record
        self.model = ChecklistModel(
            self.session.checklist, record.inspection, record.results, record.defects, self
        )
        self.search_index = SearchIndex(self.model.items())
        self.current_item_id: str | None = None
        self._last_changed: list[str] = []
        self._saved_at: datetime | None = None
        self._pending = 0
        self._summary_stale = True
        self._summary_timer = QTimer(self, singleShot=True, interval=SUMMARY_DELAY_MS)
        self._summary_timer.timeout.connect(self._refresh_summary)

        self._build_left()
        self._build_right()
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("workspaceMainSplitter")
        self.main_splitter.addWidget(self.left)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setStretchFactor(0, 2)
        self.main_splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.main_splitter)
        self._build_status_bar()
        self._build_menus()

        self.session.changed.connect(self._on_changed)
        self.session.saved.connect(self._on_saved)
        self.session.failed.connect(self._on_failed)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current_row)

        self._restore_layout()
        self._update_pending()
        retranslate_on_change(self, self.retranslate_ui)
        first = self.model.neighbour(None, +1)
        if first is not None:
            self.go_to_item(first)
        self.tree.setFocus()

    # ---- building ----------------------------------------------------------------------

    def _build_left(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filters)
        self.search.installEventFilter(self)

        self.filter_unanswered = QAction(self, checkable=True)
        self.filter_unanswered.setObjectName("filterUnanswered")
        self.filter_unanswered.setShortcut(QKeySequence("Ctrl+1"))
        self.filter_non_conforming = QAction(self, checkable=True)
        self.filter_non_conforming.setObjectName("filterNonConforming")
        self.filter_non_conforming.setShortcut(QKeySequence("Ctrl+2"))
        self.filter_key = QAction(self, checkable=True)
        self.filter_key.setObjectName("filterKey")
        self.filter_key.setShortcut(QKeySequence("Ctrl+3"))
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for action in (self.filter_unanswered, self.filter_non_conforming, self.filter_key):
            action.toggled.connect(self.apply_filters)
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            filters.addWidget(button)
        filters.addStretch(1)
        self.progress = QLabel()
        self.progress.setObjectName("overallProgress")
        filters.addWidget(self.progress)

        self.tree = QTreeView()
        self.tree.setObjectName("checklistTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)  # lets the view skip measuring every row
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setExpandsOnDoubleClick(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(STATUS_COLUMN, 130)
        self.tree.expandAll()

        self.left = QWidget()
        layout = QVBoxLayout(self.left)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)

    def _build_right(self) -> None:
        self.item_pane = ItemPane(self.session)
        self.item_pane.setObjectName("itemPane")
        self.defect_panel = DefectPanel(self.session)
        self.show_all_defects = QCheckBox()
        self.show_all_defects.setObjectName("showAllDefects")
        self.show_all_defects.toggled.connect(self._show_all_defects)
        defects = QWidget()
        defects_layout = QVBoxLayout(defects)
        defects_layout.setContentsMargins(8, 0, 8, 4)
        defects_layout.addWidget(self.show_all_defects)
        defects_layout.addWidget(self.defect_panel, 1)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("workspaceRightSplitter")
        self.right_splitter.addWidget(self.item_pane)
        self.right_splitter.addWidget(defects)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)

        self.summary = SummaryWidget(self.session)
        self.summary.setObjectName("summary")
        self.summary.go_to_item.connect(self._go_to_from_summary)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.addTab(self.right_splitter, "")
        self.tabs.addTab(self.summary, "")
        # The center's returns as tasks, and the issued report (operations/reviews.py).
        self.review_tasks = ReviewTasksWidget(self.session)
        self.review_tasks.open_count_changed.connect(lambda _n: self._update_tasks_tab())
        self.tabs.addTab(self.review_tasks, "")
        self.tabs.currentChanged.connect(self._on_tab)

    def _build_status_bar(self) -> None:
        self.lock_label = QLabel()
        self.lock_label.setObjectName("lockIndicator")
        self.lock_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingSync")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedAt")
        self.state_label = QLabel()
        self.state_label.setObjectName("lifecycleState")
        bar = self.statusBar()
        bar.addPermanentWidget(self.state_label)
        bar.addPermanentWidget(self.lock_label)
        bar.addPermanentWidget(self.pending_label)
        bar.addPermanentWidget(self.saved_label)
        self.messages = StatusMessages(bar)

    def _action(
        self,
        slot: Any,
        shortcuts: QKeySequence.StandardKey | str | list[Any] | None = None,
        name: str = "",
    ) -> QAction:
        """An action of this window (its text is set in retranslate_ui)."""
        action = QAction(self)
        if name:
            action.setObjectName(name)
        if shortcuts is not None:
            keys = shortcuts if isinstance(shortcuts, list) else [shortcuts]
            sequences: list[QKeySequence] = []
            for key in keys:
                if isinstance(key, QKeySequence.StandardKey):
                    sequences.extend(QKeySequence.keyBindings(key))
                else:
                    sequences.append(QKeySequence(key))
            # The first is the one the menu shows; platform bindings may repeat it.
            action.setShortcuts(list(dict.fromkeys(sequences)))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_menus(self) -> None:
        """Menus and actions; their texts are set in retranslate_ui."""
        bar = self.menuBar()
        stack = self.session.undo_stack

        self.edit_menu = bar.addMenu("")
        # Our own undo/redo actions rather than QUndoStack.createUndoAction: that one fixes
        # its "撤销" prefix at creation, so it would not follow a language switch.
        self.undo_action = QAction(self)
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(stack.undo)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.redo_action = QAction(self)
        self.redo_action.setObjectName("redoAction")
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.triggered.connect(stack.redo)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._update_undo_texts)
        stack.redoTextChanged.connect(self._update_undo_texts)
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        for action in (self.undo_action, self.redo_action):
            # Runs after the stack's own slot: show the item the undo/redo changed.
            action.triggered.connect(self._after_undo_redo)
            self.edit_menu.addAction(action)

        self.items_menu = bar.addMenu("")
        self.previous_action = self._action(
            lambda: self.step(-1), ["Alt+Up", "Shift+F8"], "previousItem"
        )
        self.next_action = self._action(lambda: self.step(+1), ["Alt+Down", "F8"], "nextItem")
        self.next_unanswered_action = self._action(
            self.next_unanswered, "Alt+PgDown", "nextUnanswered"
        )
        self.items_menu.addActions(
            [self.previous_action, self.next_action, self.next_unanswered_action]
        )
        self.items_menu.addSeparator()
        self.result_actions: dict[ResultValue, QAction] = {}
        for value, key in (
            (ResultValue.CONFORMING, "Alt+1"),
            (ResultValue.NON_CONFORMING, "Alt+2"),
            (ResultValue.NOT_APPLICABLE, "Alt+3"),
            (ResultValue.NOT_CHECKED, "Alt+0"),
        ):
            action = self._action(
                lambda _c=False, v=value: self.set_result(v), key, f"result_{value.value}"
            )
            self.result_actions[value] = action
            self.items_menu.addAction(action)
        self.items_menu.addSeparator()
        self.find_action = self._action(self.focus_search, QKeySequence.StandardKey.Find, "find")
        self.items_menu.addAction(self.find_action)
        self.filters_menu = self.items_menu.addMenu("")
        for action in (self.filter_unanswered, self.filter_non_conforming, self.filter_key):
            self.addAction(action)
            self.filters_menu.addAction(action)
        self.filters_menu.addSeparator()
        self.clear_filters_action = self._action(self.clear_filters, "Ctrl+0", "clearFilters")
        self.filters_menu.addAction(self.clear_filters_action)

        self.defects_menu = bar.addMenu("")
        self.new_defect_action = self._action(
            self.new_defect, QKeySequence.StandardKey.New, "newDefect"
        )
        self.all_defects_action = self._action(
            self.show_all_defects.toggle, "Ctrl+Shift+D", "allDefects"
        )
        self.import_photos_action = self._action(self.import_photos, "Ctrl+Shift+I", "importPhotos")
        self.defects_menu.addActions(
            [self.new_defect_action, self.all_defects_action, self.import_photos_action]
        )

        self.inspection_menu = bar.addMenu("")
        self.start_action = self._action(self.start_on_site, START_SHORTCUT, "startOnSite")
        self.closing_action = self._action(self.closing_meeting, CLOSING_SHORTCUT, "closingMeeting")
        # Not a command: says where the record stands once the team's steps are done.
        self.review_state_action = QAction(self)
        self.review_state_action.setObjectName("awaitingReview")
        self.review_state_action.setEnabled(False)
        self.summary_action = self._action(self.toggle_summary, "F9", "showSummary")
        self.audit_action = self._action(self.audit_trail, None, "auditTrail")
        self.review_tasks_action = self._action(self.show_review_tasks, None, "reviewTasks")
        self.open_issued_action = self._action(self.open_issued_report, None, "openIssuedReport")
        self.inspection_menu.addActions(
            [self.start_action, self.closing_action, self.review_state_action]
        )
        self.inspection_menu.addSeparator()
        self.inspection_menu.addActions(
            [self.summary_action, self.review_tasks_action, self.open_issued_action]
        )
        self.inspection_menu.addAction(self.audit_action)
        self.export_menu = self.inspection_menu.addMenu("")
        self.export_actions: dict[str, QAction] = {}
        for template_id in ("defect-list", "full"):
            action = self._action(
                lambda _c=False, t=template_id: self.export_report(t),
                None,
                f"export_{template_id}",
            )
            self.export_actions[template_id] = action
            self.export_menu.addAction(action)

        toolbar = self.addToolBar("")
        toolbar.setObjectName("lifecycleToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.start_action, self.closing_action, self.summary_action])
        self.lifecycle_toolbar = toolbar

        self.window_menu = bar.addMenu("")
        self.close_action = self._action(
            self.close, ["Ctrl+W", QKeySequence.StandardKey.Close], "close"
        )
        self.window_menu.addAction(self.close_action)

    def retranslate_ui(self) -> None:
        """Every text of this window in the current language (also on LanguageChange).

        The item pane, the defect panel and the summary retranslate themselves; the checklist
        model is told here.
        """
        self.search.setPlaceholderText(self.tr("搜索编号、要求、检查要点（Ctrl+F）"))
        self.filter_unanswered.setText(self.tr("仅未检查"))
        self.filter_non_conforming.setText(self.tr("仅不符合"))
        self.filter_key.setText(self.tr("仅关键项目"))
        self.show_all_defects.setText(self.tr("显示本次检查的全部缺陷"))
        self.tabs.setTabText(0, self.tr("检查项"))
        self.tabs.setTabText(1, self.tr("汇总与结论"))
        self._update_tasks_tab()
        self.edit_menu.setTitle(self.tr("编辑(&E)"))
        self._update_undo_texts()
        self.items_menu.setTitle(self.tr("检查项(&I)"))
        self.previous_action.setText(self.tr("上一项"))
        self.next_action.setText(self.tr("下一项"))
        self.next_unanswered_action.setText(self.tr("下一个未检查项"))
        for value, action in self.result_actions.items():
            label = enum_label(value)
            # 不适用 asks for a reason first.
            action.setText(label + "…" if value is ResultValue.NOT_APPLICABLE else label)
        self.find_action.setText(self.tr("查找"))
        self.filters_menu.setTitle(self.tr("筛选"))
        self.clear_filters_action.setText(self.tr("清除筛选和搜索"))
        self.defects_menu.setTitle(self.tr("缺陷(&D)"))
        self.new_defect_action.setText(self.tr("新增缺陷…"))
        self.all_defects_action.setText(self.tr("显示全部缺陷"))
        self.import_photos_action.setText(self.tr("导入照片文件夹…"))
        self.inspection_menu.setTitle(self.tr("检查(&N)"))
        self.start_action.setText(self.tr("开始现场检查…"))
        self.start_action.setIconText(self.tr("开始现场检查"))
        self.closing_action.setText(self.tr("末次会议与签字…"))
        self.closing_action.setIconText(self.tr("末次会议"))
        self.review_state_action.setText(self.tr("等待中心审核"))
        self.summary_action.setText(self.tr("汇总与结论"))
        self.audit_action.setText(self.tr("审计记录…"))
        self.review_tasks_action.setText(self.tr("中心审核任务"))
        self.open_issued_action.setText(self.tr("打开出具的报告…"))
        self.export_menu.setTitle(self.tr("导出报告"))
        self.export_actions["defect-list"].setText(self.tr("缺陷项目清单…"))
        self.export_actions["full"].setText(self.tr("预检查报告…"))
        self.lifecycle_toolbar.setWindowTitle(self.tr("检查流程"))
        self.window_menu.setTitle(self.tr("窗口(&W)"))
        self.close_action.setText(self.tr("关闭"))
        self.model.retranslate()
        self._update_saved()
        self._update_pending_text()
        self._update_progress()
        self._update_title()

    def _update_undo_texts(self) -> None:
        stack = self.session.undo_stack
        for action, text, what in (
            (self.undo_action, self.tr("撤销"), stack.undoText()),
            (self.redo_action, self.tr("重做"), stack.redoText()),
        ):
            action.setText(f"{text} {what}" if what else text)

    # ---- navigation --------------------------------------------------------------------

    def go_to_item(self, item_id: str) -> None:
        """Make an item current: select its row if the filter shows it, and show it."""
        index = self.model.index_of(item_id)
        if index.isValid():
            parent = index.parent()
            while parent.isValid() and not self.tree.isExpanded(parent):
                self.tree.expand(parent)
                parent = parent.parent()
            self.tree.setCurrentIndex(index)  # → _on_current_row → _show_item
            self.tree.scrollTo(index)
        else:
            self.tree.selectionModel().clearCurrentIndex()
            self._show_item(item_id)

    def step(self, direction: int) -> str | None:
        target = self.model.neighbour(self.current_item_id, direction)
        if target is not None:
            self.go_to_item(target)
        return target

    def next_unanswered(self) -> str | None:
        target = self.model.next_unanswered(self.current_item_id)
        if target is not None:
            self.go_to_item(target)
        else:
            self.messages.show(lambda: self.tr("后面没有未检查的项目了。"), 4000)
        return target

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = self.model.item_id_at(current)
        if item_id is None and current.isValid():  # a chapter row: the pane holds no item
            self.item_pane.show_chapter(current.siblingAtColumn(0).data())
        elif item_id is not None and (item_id != self.current_item_id or not self.item_pane.item):
            self._show_item(item_id)

    def _show_item(self, item_id: str) -> None:
        self.current_item_id = item_id
        self.item_pane.set_item(self.model.item(item_id), self.model.sections_of(item_id))
        if not self.show_all_defects.isChecked():
            self.defect_panel.set_item(item_id)

    # ---- search and filters ------------------------------------------------------------

    def apply_filters(self) -> None:
        matching = self.search_index.matching(self.search.text())
        self.model.set_filter(
            Filter(
                search=frozenset(matching) if matching is not None else None,
                unanswered=self.filter_unanswered.isChecked(),
                non_conforming=self.filter_non_conforming.isChecked(),
                key_only=self.filter_key.isChecked(),
            )
        )
        self.tree.expandAll()
        if self.current_item_id is not None:
            index = self.model.index_of(self.current_item_id)
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
        self._update_progress()

    def clear_filters(self) -> None:
        for action in (self.filter_unanswered, self.filter_non_conforming, self.filter_key):
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # In the search box: Esc clears it, Enter/↓ go to the first match in the tree.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                if self.current_item_id is None or not self.model.is_visible(self.current_item_id):
                    first = self.model.neighbour(None, +1)
                    if first is not None:
                        self.go_to_item(first)
                self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return super().eventFilter(watched, event)

    # ---- results -----------------------------------------------------------------------

    def set_result(self, value: ResultValue) -> bool:
        if self.current_item_id is None:
            return False
        return self.item_pane.choose_result(value)

    # ---- reacting to the session -------------------------------------------------------

    def _on_changed(self, kind: str, _record_id: str) -> None:
        record = self.session.record
        changed = self.model.sync(record.results, record.defects)
        if changed:
            self._last_changed = changed
            self._update_progress()
        if kind == "item_result" and self.current_item_id in changed:
            self.item_pane.refresh()
        elif kind == "inspection":
            self._update_title()
        self._schedule_summary()

    def reload_from_store(self) -> None:
        """Records changed outside this window (a sync, a bundle import): show them."""
        self.session.reload()
        for kind in ("inspection", "item_result", "defect", "review"):
            self.session.changed.emit(kind, self.session.inspection_id)
        self._update_pending()

    def _after_undo_redo(self) -> None:
        changed, self._last_changed = self._last_changed, []
        if changed and self.current_item_id not in changed:
            self.go_to_item(changed[0])
        else:
            self.item_pane.refresh()

    def _on_saved(self) -> None:
        self._saved_at = datetime.now()
        self._update_saved()
        self._update_pending()
        self._update_title()

    def _update_saved(self) -> None:
        if self._saved_at is None:
            self.saved_label.setText(self.tr("所有更改自动保存"))
        else:
            self.saved_label.setText(
                self.tr("已保存 {0}").format(self._saved_at.strftime("%H:%M:%S"))
            )

    def _on_failed(self, message: str) -> None:
        # The message comes worded from the operation; only our frame is translated.
        self.messages.show(lambda: self.tr("未保存：{0}").format(message), 10_000)

    def _update_pending(self) -> None:
        self._pending = ops.pending_sync_count(self.app, self.session.inspection_id)
        self._update_pending_text()

    def _update_pending_text(self) -> None:
        self.pending_label.setText(self.tr("待同步 %n 项更改", "", self._pending))

    def _update_progress(self) -> None:
        shown = len(self.model.visible_item_ids())
        text = self.tr("已查 {0}/{1}").format(self.model.answered_count, self.model.item_count)
        if self.model.filter.active:
            text = self.tr("显示 %n 项", "", shown) + " · " + text
        self.progress.setText(text)

    def _update_title(self) -> None:
        inspection = self.session.record.inspection
        status = inspection.status
        locked = self.session.locked
        title = f"{inspection.company_name} — {enum_label(status)}"
        if locked:
            title += self.tr(" — 已锁定")
        if awaiting_center_review(status):
            title += self.tr(" — 等待中心审核")
        issued = report_in_force(self.session.record.issued_reports)
        if status is Status.REPORT_ISSUED:
            number = issued.number if issued else self.tr("编号未同步")
            title = f"{inspection.company_name} — " + self.tr("报告已出具（{0}）").format(number)
        self.setWindowTitle(title)
        self.state_label.setText(self.tr("状态：{0}").format(state_text(status)))
        if status is Status.REPORT_ISSUED:
            self.lock_label.setText(self.tr("报告已出具，记录不可再修改"))
        else:
            self.lock_label.setText(self.tr("已锁定：修改需填写修订原因") if locked else "")
        self.open_issued_action.setEnabled(issued is not None)
        self.lock_label.setVisible(locked)
        self._update_lifecycle_actions(status)

    def _update_lifecycle_actions(self, status: Status) -> None:
        self.start_action.setEnabled(can_transition(status, Status.ON_SITE))
        self.closing_action.setEnabled(can_transition(status, Status.CLOSED))
        self.review_state_action.setVisible(awaiting_center_review(status))
        # Issued: closed for good, so nothing that would write is offered.
        issued = status is Status.REPORT_ISSUED
        self.new_defect_action.setEnabled(not issued)
        self.import_photos_action.setEnabled(not issued)
        for action in self.result_actions.values():
            action.setEnabled(not issued)
        if issued:
            self.item_pane.set_editable(False)

    def _schedule_summary(self) -> None:
        self._summary_stale = True
        if self.tabs.currentWidget() is self.summary:
            self._summary_timer.start()

    def _on_tab(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.summary:
            self._summary_timer.stop()
            self._refresh_summary()

    def _refresh_summary(self) -> None:
        if self._summary_stale:
            self._summary_stale = False
            self.summary.refresh()

    # ---- defects and inspection-level actions ------------------------------------------

    def _show_all_defects(self, show_all: bool) -> None:
        if show_all:
            self.defect_panel.set_show_all(True)
        else:
            self.defect_panel.set_item(self.current_item_id)

    def new_defect(self) -> None:
        self.item_pane.flush()
        self.defect_panel.new_defect(self.current_item_id)

    def import_photos(self) -> None:
        from inspector_app.ui.defects.photos import import_photo_folder

        import_photo_folder(self.session, self, defect_id=self.defect_panel.current_defect_id())

    def _go_to_from_summary(self, item_id: str) -> None:
        if not self.model.is_visible(item_id):
            self.clear_filters()
        self.tabs.setCurrentIndex(0)
        self.go_to_item(item_id)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_tasks_tab(self) -> None:
        count = self.review_tasks.open_count
        text = self.tr("中心审核")
        self.tabs.setTabText(2, text + (f"（{count}）" if count else ""))

    def show_review_tasks(self) -> ReviewTasksWidget:
        self.tabs.setCurrentWidget(self.review_tasks)
        return self.review_tasks

    def open_issued_report(self) -> bool:
        """Open the issued PDF; on the tasks tab, where a refusal (not downloaded) is said."""
        return self.show_review_tasks().open_issued_pdf()

    def toggle_summary(self) -> None:
        self.tabs.setCurrentIndex(1 if self.tabs.currentIndex() == 0 else 0)

    def show_summary(self) -> SummaryWidget:
        self.tabs.setCurrentWidget(self.summary)
        self._on_tab(self.tabs.currentIndex())
        return self.summary

    def start_on_site(self) -> bool:
        """开始现场检查: ask the actual start date, then move the inspection on site."""
        inspection = self.session.record.inspection
        if not can_transition(inspection.status, Status.ON_SITE):
            return False
        self.item_pane.flush()
        on = self.start_date_provider(self, inspection)
        if on is None:
            return False
        started = self.session.run(
            ops.start_on_site,
            self.app,
            self.session.inspection_id,
            on,
            what=self.tr("开始现场检查"),
        )
        if started is None:
            return False
        self.session.changed.emit("inspection", self.session.inspection_id)
        self.messages.show(lambda: self.tr("现场检查已开始（{0}）。").format(on.isoformat()), 8000)
        return True

    def closing_meeting(self) -> None:
        from inspector_app.ui.closing import ClosingMeetingDialog

        if not can_transition(self.session.record.inspection.status, Status.CLOSED):
            return
        self.item_pane.flush()
        dialog = ClosingMeetingDialog(self.session, self)
        dialog.exec()
        dialog.deleteLater()
        self.session.reload()
        self.reload_from_store()  # a fix made from the meeting's warnings shows here too
        self._schedule_summary()

    def audit_trail(self) -> None:
        from inspector_app.ui.audit_view import AuditTrailDialog

        AuditTrailDialog(self.session, self).exec()

    def export_report(self, template_id: str) -> None:
        from inspector_app.ui.report_export import export_report

        self.item_pane.flush()
        export_report(self, self.app, self.session.inspection_id, template_id)

    # ---- layout memory -----------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            # Within the screen: at 1280x720 the status bar must stay visible.
            available = self.screen().availableGeometry()
            self.resize(DEFAULT_SIZE.boundedTo(available.size() - QSize(16, 40)))
        for splitter, key, default in (
            (self.main_splitter, MAIN_SPLITTER_KEY, [500, 780]),
            (self.right_splitter, RIGHT_SPLITTER_KEY, [470, 300]),
        ):
            state = settings.value(key)
            if state is None or not splitter.restoreState(state):
                splitter.setSizes(default)

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(MAIN_SPLITTER_KEY, self.main_splitter.saveState())
        settings.setValue(RIGHT_SPLITTER_KEY, self.right_splitter.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.item_pane.flush()  # a note typed a moment ago is saved before the window goes
        self.save_layout()
        super().closeEvent(event)
