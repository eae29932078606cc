"""The main window: the inspections on this laptop, and the doors to everything else.

Open inspections live in their own workspace windows (one per inspection); this window keeps
the list current when any of them saves. The list offers the selected inspection's next step
(开始现场检查 through the same start-date dialog as the workspace; 末次会议 in its workspace).

Who works here: on first show, a laptop with no inspector name asks for one before anything
else (ui/profile.py), since without it nothing can be saved; 文件 › 检查员信息… edits it and
the status bar names the person the audit trail will name.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableView,
)

from inspector_app import __version__
from inspector_app.domain.errors import DomainError
from inspector_app.domain.lifecycle import can_transition, is_locked
from inspector_app.domain.vocabulary import Status
from inspector_app.ui import settings as keys
from inspector_app.ui.i18n import LANGUAGES, Translations, retranslate_on_change
from inspector_app.ui.inspections_model import InspectionsModel
from inspector_app.ui.lifecycle import (
    CLOSING_SHORTCUT,
    START_SHORTCUT,
    StartDateProvider,
    ask_start_date,
)
from inspector_app.ui.screen import fit_to_screen
from inspector_app.ui.settings import app_settings, read_bool
from inspector_app.ui.status_message import StatusMessages

if TYPE_CHECKING:
    from pathlib import Path

    from inspector_app.operations import App
    from inspector_app.operations.listing import InspectionSummary
    from inspector_app.ui.wizard import NewInspectionWizard

log = logging.getLogger(__name__)

# First start only (no saved geometry); capped to the screen, so at 1280x720 and 125 %
# (1024x576 logical pixels) the status bar's 同步 button stays on screen.
DEFAULT_SIZE = QSize(1100, 640)


class MainWindow(QMainWindow):
    def __init__(
        self,
        app: App | None,
        translations: Translations | None = None,
        settings: QSettings | None = None,
        *,
        first_rows: list[InspectionSummary] | None = None,
    ) -> None:
        """With `app` None the window paints `first_rows` (read without the store, see
        operations/listing.py) and waits for `attach(app)`; every verb is disabled till then.
        That is how `inspector-app` shows its window before SQLAlchemy and pydantic load."""
        super().__init__()
        self.app: App = app  # type: ignore[assignment]  # None only until attach()
        self.setObjectName("mainWindow")
        self._settings = settings or app_settings()
        self._translations = translations
        self._workspaces: dict[str, QMainWindow] = {}
        self.wizard: NewInspectionWizard | None = None
        # First start: set when the user declined to give a name and the window closed.
        self.profile_declined = False
        self._profile_checked = False
        # Asks the actual start date of 开始现场检查 (replaceable in tests).
        self.start_date_provider: StartDateProvider = ask_start_date

        self.model = InspectionsModel()
        self.table = QTableView(objectName="inspectionsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.doubleClicked.connect(lambda _index: self.open_inspection())
        self.empty_hint = QLabel(objectName="emptyHint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_hint)
        self.setCentralWidget(self.stack)

        self.count_label = QLabel(objectName="countLabel")
        self.sync_label = QLabel(objectName="syncLabel")
        self.person_label = QLabel(objectName="personLabel")
        self.statusBar().addPermanentWidget(self.person_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.messages = StatusMessages(self.statusBar())

        self._build_actions()
        self._build_menus()
        # 新建复查 on an issued inspection (issue 15): its action and dialog live apart.
        from inspector_app.ui.reinspection import ReinspectionAction

        self.reinspection = ReinspectionAction(self)
        self._refresh_timer = QTimer(self, singleShot=True, interval=300)
        self._refresh_timer.timeout.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._restore_layout()
        retranslate_on_change(self, self.retranslate_ui)
        if app is not None:
            self.attach(app)
        else:
            rows = first_rows or []
            self.model.set_rows(rows)
            self.stack.setCurrentWidget(self.table if rows else self.empty_hint)
            self._update_actions()
            self.count_label.setText(self.tr("共 %n 项检查", "", len(rows)))
            self.person_label.setText(self.tr("正在打开数据…"))

    @property
    def attached(self) -> bool:
        return self.app is not None

    def attach(self, app: App) -> None:
        """The store is open: sync, the person, the live list; the verbs come alive."""
        self.app = app
        self._build_sync()
        self.refresh()
        if self.isVisible() and not self._profile_checked:
            self._check_profile()

    # ---- actions and menus ---------------------------------------------------------------

    def _action(self, name: str, slot, shortcut=None) -> QAction:
        action = QAction(self, objectName=name)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            "newInspection", self.new_inspection, QKeySequence.StandardKey.New
        )
        self.open_action = self._action(
            "openInspection",
            self.open_inspection,
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
        )
        # Enter opens the selected row only while the list has focus.
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.start_action = self._action(
            "startOnSite", self.start_on_site, QKeySequence(START_SHORTCUT)
        )
        self.closing_action = self._action(
            "closingMeeting", self.closing_meeting, QKeySequence(CLOSING_SHORTCUT)
        )
        self.template_action = self._action(
            "duplicateAsTemplate", self.duplicate_as_template, QKeySequence("Ctrl+Shift+D")
        )
        self.archive_action = self._action(
            "archiveInspection", self.toggle_archived, QKeySequence("Ctrl+Shift+A")
        )
        self.refresh_action = self._action(
            "refresh", self.refresh, _standard_or(QKeySequence.StandardKey.Refresh, "F5")
        )
        self.quit_action = self._action(
            "quit", self.close, _standard_or(QKeySequence.StandardKey.Quit, "Ctrl+Q")
        )
        self.show_archived_action = QAction(self, objectName="showArchived", checkable=True)
        self.show_archived_action.setShortcut(QKeySequence("Ctrl+H"))
        self.show_archived_action.setChecked(read_bool(self._settings, keys.SHOW_ARCHIVED))
        self.show_archived_action.toggled.connect(self._show_archived_toggled)
        self.about_action = self._action("about", self.about)
        self.log_folder_action = self._action("openLogFolder", self.open_log_folder)
        self.profile_action = self._action("inspectorProfile", self.edit_profile)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        current = self._translations.language if self._translations else "zh_CN"
        for code, native in LANGUAGES.items():
            action = QAction(native, self, checkable=True, objectName=f"language:{code}")
            action.setChecked(code == current)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        for action in (
            self.open_action,
            self.start_action,
            self.closing_action,
            self.template_action,
            self.archive_action,
        ):
            self.table.addAction(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions(
            [
                self.new_action,
                self.open_action,
                self.start_action,
                self.closing_action,
                self.template_action,
                self.archive_action,
            ]
        )
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.profile_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions([self.refresh_action, self.show_archived_action])
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        self.language_menu.addActions(list(self.language_actions.values()))
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.log_folder_action)
        self.help_menu.addAction(self.about_action)
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions(
            [
                self.new_action,
                self.open_action,
                self.start_action,
                self.closing_action,
                self.template_action,
                self.archive_action,
                self.refresh_action,
            ]
        )

    def _build_sync(self) -> None:
        """Sync with the center: status (with its own sync button) in the status bar, the
        actions in 文件, automatic sync every few minutes when enrolled and reachable."""
        from inspector_app.ui.sync_panel import SyncController

        self.sync = SyncController(self.app, self)
        self.statusBar().addPermanentWidget(self.sync.status_widget)
        self.sync.sync_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.file_menu.insertActions(
            self.quit_action, [self.sync.sync_action, self.sync.conflicts_action]
        )
        self.file_menu.insertSeparator(self.quit_action)
        self.sync.finished.connect(lambda _report: self._after_sync())
        self.sync.start_auto_sync()

    def _after_sync(self) -> None:
        self.refresh()
        for window in self._workspaces.values():
            reload = getattr(window, "reload_from_store", None)
            if reload is not None:
                reload()

    def retranslate_ui(self) -> None:
        """Every text of this window, in the current language (called on LanguageChange).

        The sync widget in the status bar and its actions retranslate themselves.
        """
        self.setWindowTitle(self.tr("预检查工作台") + f" — inspector_app {__version__}")
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.view_menu.setTitle(self.tr("视图(&V)"))
        self.language_menu.setTitle(self.tr("语言(&L)"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.toolbar.setWindowTitle(self.tr("工具栏"))
        self.new_action.setText(self.tr("新建检查(&N)…"))
        self.open_action.setText(self.tr("打开(&O)"))
        self.start_action.setText(self.tr("开始现场检查(&S)…"))
        self.closing_action.setText(self.tr("末次会议与签字(&M)…"))
        self.template_action.setText(self.tr("复制为模板(&T)…"))
        self.refresh_action.setText(self.tr("刷新(&R)"))
        self.show_archived_action.setText(self.tr("显示已归档(&A)"))
        self.quit_action.setText(self.tr("退出(&Q)"))
        self.about_action.setText(self.tr("关于(&B)"))
        self.log_folder_action.setText(self.tr("打开日志文件夹(&L)"))
        self.log_folder_action.setStatusTip(
            self.tr("程序出错时的详细记录在这里，可发送给中心的技术支持")
        )
        self.profile_action.setText(self.tr("检查员信息(&I)…"))
        self.profile_action.setStatusTip(self.tr("审计记录以此姓名记录每一次修改"))
        # Toolbar buttons: the plain word, without the menu's (&X) mnemonic.
        self.new_action.setIconText(self.tr("新建检查"))
        self.open_action.setIconText(self.tr("打开"))
        self.start_action.setIconText(self.tr("开始现场检查"))
        self.closing_action.setIconText(self.tr("末次会议"))
        self.template_action.setIconText(self.tr("复制为模板"))
        self.refresh_action.setIconText(self.tr("刷新"))
        self.new_action.setToolTip(self.tr("新建检查：企业、检查表、范围、检查组和日期"))
        self.empty_hint.setText(self.tr("这台电脑上还没有检查。\n按 Ctrl+N 新建检查。"))
        self.model.retranslate()
        self._update_actions()
        self._update_status()

    # ---- list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.attached:
            return
        from inspector_app.operations import inspections as ops

        selected = self.current_id()
        archived = self.show_archived_action.isChecked()
        rows = ops.list_inspections(self.app, include_archived=archived)
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty_hint)
        if selected is not None:
            self.select(selected)
        self._total_pending = ops.pending_sync_count(self.app)
        self._update_status()
        self._update_actions()

    def schedule_refresh(self) -> None:
        """Refresh soon, once: a burst of autosaves in a workspace causes one list query."""
        self._refresh_timer.start()

    def _update_status(self) -> None:
        if not hasattr(self, "_total_pending"):
            return
        self.count_label.setText(self.tr("共 %n 项检查", "", self.model.rowCount()))
        self.sync_label.setText(self.model.sync_text(self._total_pending))
        self.sync_label.setToolTip(self.tr("数据目录：{path}").format(path=self.app.data_dir))
        self._update_person()

    def _update_person(self) -> None:
        """The person the audit trail names for changes made now (with the account)."""
        person = self.app.person
        if person.name:
            self.person_label.setText(self.tr("检查员：{name}").format(name=person.label()))
        else:
            self.person_label.setText(self.tr("未填写检查员姓名"))
        self.person_label.setToolTip(self.tr("文件 › 检查员信息…"))

    def current_row(self) -> InspectionSummary | None:
        index = self.table.currentIndex()
        selected = self.table.selectionModel().selectedRows()
        if not selected or not index.isValid():
            return None
        return self.model.row_at(index.row())

    def current_id(self) -> str | None:
        row = self.current_row()
        return row.id if row else None

    def select(self, inspection_id: str) -> bool:
        row = self.model.row_of(inspection_id)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def _update_actions(self) -> None:
        # Before the store is open (first paint) no verb can run yet.
        for action in (self.new_action, self.refresh_action, self.profile_action):
            action.setEnabled(self.attached)
        row = self.current_row() if self.attached else None
        for action in (self.open_action, self.template_action, self.archive_action):
            action.setEnabled(row is not None)
        # The next step is offered only when the lifecycle allows it for the selected row.
        status = Status(row.status) if row is not None else None
        self.start_action.setEnabled(status is not None and can_transition(status, Status.ON_SITE))
        self.closing_action.setEnabled(status is not None and can_transition(status, Status.CLOSED))
        archived = row is not None and row.archived
        self.archive_action.setText(self.tr("取消归档(&U)") if archived else self.tr("归档(&A)"))
        self.archive_action.setIconText(self.tr("取消归档") if archived else self.tr("归档"))

    def _show_archived_toggled(self, on: bool) -> None:
        self._settings.setValue(keys.SHOW_ARCHIVED, on)
        self.refresh()

    # ---- verbs --------------------------------------------------------------------------

    def new_inspection(self) -> NewInspectionWizard:
        """Open the wizard (window-modal, not blocking); the new inspection opens on finish."""
        from inspector_app.ui.wizard import NewInspectionWizard

        if self.wizard is not None:
            self.wizard.raise_()
            return self.wizard
        self.wizard = NewInspectionWizard(self.app, self)
        self.wizard.finished.connect(self._wizard_finished)
        self.wizard.open()
        return self.wizard

    def _wizard_finished(self) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is None:
            return
        wizard.deleteLater()
        if wizard.created is None:
            return
        self.refresh()
        self.select(wizard.created.id)
        self.open_inspection(wizard.created.id)

    def open_inspection(self, inspection_id: str | None = None) -> QMainWindow | None:
        """The inspection's workspace window: made once, brought to the front after that."""
        inspection_id = inspection_id or self.current_id()
        if inspection_id is None:
            return None
        window = self._workspaces.get(inspection_id)
        if window is None:
            window = self._make_workspace(inspection_id)
            if window is None:
                return None
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _make_workspace(self, inspection_id: str) -> QMainWindow | None:
        from inspector_app.ui.workspace.window import WorkspaceWindow  # loads when first opened

        try:
            window = WorkspaceWindow(self.app, inspection_id)
        except DomainError as exc:
            self._warn(self.tr("无法打开检查"), str(exc))
            self.refresh()
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _obj=None: self._workspaces.pop(inspection_id, None))
        window.session.saved.connect(self.schedule_refresh)
        self._workspaces[inspection_id] = window
        return window

    def start_on_site(self) -> bool:
        """开始现场检查 for the selected draft, with the same start-date dialog as the workspace."""
        row = self.current_row()
        if row is None or not can_transition(Status(row.status), Status.ON_SITE):
            return False
        from inspector_app.operations import inspections as ops

        try:
            on = self.start_date_provider(self, ops.get_inspection(self.app, row.id))
            if on is None:
                return False
            ops.start_on_site(self.app, row.id, on)
        except DomainError as exc:
            self._warn(self.tr("无法开始现场检查"), str(exc))
            self.refresh()
            return False
        self.refresh()
        window = self._workspaces.get(row.id)
        reload = getattr(window, "reload_from_store", None)
        if reload is not None:
            reload()
        self.messages.show(
            lambda: self.tr("“{company}”的现场检查已开始（{date}）。").format(
                company=row.company_name, date=on.isoformat()
            ),
            8000,
        )
        return True

    def closing_meeting(self) -> bool:
        """末次会议 for the selected on-site inspection, held in its workspace."""
        row = self.current_row()
        if row is None or not can_transition(Status(row.status), Status.CLOSED):
            return False
        window = self.open_inspection(row.id)
        meeting = getattr(window, "closing_meeting", None)
        if meeting is None:
            return False
        meeting()
        self.refresh()
        return True

    def workspace(self, inspection_id: str) -> QMainWindow | None:
        return self._workspaces.get(inspection_id)

    def duplicate_as_template(self) -> str | None:
        """Ask for the new company and copy the selected inspection's set-up to it."""
        from inspector_app.operations.templates import duplicate_as_template

        row = self.current_row()
        if row is None:
            return None
        dialog = QInputDialog(self, objectName="templateCompanyDialog")
        dialog.setWindowTitle(self.tr("复制为模板"))
        dialog.setLabelText(
            self.tr(
                "以“{company}”的检查类型、检查表、范围和检查组新建一项检查。\n新企业名称："
            ).format(company=row.company_name)
        )
        dialog.setOkButtonText(self.tr("新建"))
        dialog.setCancelButtonText(self.tr("取消"))
        if not dialog.exec() or not dialog.textValue().strip():
            return None
        try:
            created = duplicate_as_template(
                self.app, row.id, company_name=dialog.textValue().strip()
            )
        except DomainError as exc:
            self._warn(self.tr("无法复制为模板"), str(exc))
            return None
        self.refresh()
        self.select(created.id)
        self.messages.show(
            lambda: self.tr("已新建“{company}”的检查；检查组成员须重新签署声明。").format(
                company=created.company_name
            ),
            8000,
        )
        return created.id

    def toggle_archived(self) -> bool:
        """Archive the selected inspection (or bring an archived one back)."""
        row = self.current_row()
        if row is None:
            return False
        reason: str | None = None
        if is_locked(Status(row.status)):
            from inspector_app.ui.revision_reason import ask_revision_reason

            reason = ask_revision_reason(
                self,
                self.tr("“{company}”已锁定；请说明归档的原因。").format(company=row.company_name),
            )
            if not reason:
                return False
        from inspector_app.operations import inspections as ops

        try:
            ops.update_inspection(self.app, row.id, {"archived": not row.archived}, reason)
        except DomainError as exc:
            self._warn(self.tr("无法归档"), str(exc))
            return False
        self.refresh()
        if not row.archived:
            self.messages.show(
                lambda: self.tr("已归档“{company}”；在“视图 › 显示已归档”中可以找回。").format(
                    company=row.company_name
                ),
                8000,
            )
        return True

    def set_language(self, language: str) -> str:
        """Switch the interface language now; every window retranslates itself."""
        if self._translations is None:
            from PySide6.QtWidgets import QApplication

            self._translations = Translations(QApplication.instance())
        applied = self._translations.apply(language)
        self._settings.setValue(keys.LANGUAGE, applied)
        self.language_actions[applied].setChecked(True)
        if applied != language:
            self.messages.show(
                lambda: self.tr("没有可用的 {language} 翻译，界面保持中文。").format(
                    language=LANGUAGES.get(language, language)
                ),
                8000,
            )
        return applied

    # ---- the person ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._profile_checked and self.attached:
            self._check_profile()

    def _check_profile(self) -> None:
        self._profile_checked = True
        if not self.app.person.name:
            # After the window is on screen, so the question appears over it.
            QTimer.singleShot(0, self.ask_first_profile)

    def ask_first_profile(self) -> bool:
        """First start: the inspector's name before anything else; declining closes the
        window (the app quits, and `ui.app.run` says why on stderr)."""
        from inspector_app.ui.profile import ask_first_profile

        if self.app.person.name:
            return True
        language = self._translations.language if self._translations else "zh_CN"
        answer = ask_first_profile(
            self.app, self, language=language, set_language=self.set_language
        )
        if answer:
            self._update_person()
            if isinstance(answer, str):  # the demo inspection, asked for
                self.refresh()
                self.select(answer)
            sync = getattr(self, "sync", None)  # built when the store attached
            if sync is not None:
                sync.refresh_status()
            self.messages.show(
                lambda: self.tr("欢迎，{name}。按 Ctrl+N 新建检查。").format(
                    name=self.app.person.name
                ),
                8000,
            )
            return True
        self.profile_declined = True
        self.close()
        return False

    def edit_profile(self) -> bool:
        """文件 › 检查员信息…"""
        from inspector_app.ui.profile import edit_profile

        saved = edit_profile(self.app, self)
        if saved:
            self._update_person()
            self.messages.show(
                lambda: self.tr("此后的修改将记录为“{name}”所做。").format(
                    name=self.app.person.label()
                ),
                8000,
            )
        return saved

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr("预检查工作台 inspector_app {version}\n数据目录：{path}").format(
                version=__version__, path=self.app.data_dir
            ),
        )

    def open_log_folder(self) -> Path:
        """帮助 › 打开日志文件夹: the folder in the desktop's file manager (made if missing)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from inspector_app.logs import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            QMessageBox.information(
                self, self.tr("日志文件夹"), self.tr("日志文件夹：{path}").format(path=folder)
            )
        return folder

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    # ---- layout -------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self._settings.value(keys.MAIN_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, DEFAULT_SIZE)
        state = self._settings.value(keys.MAIN_STATE)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.attached:
            self.sync.stop_auto_sync()
        self._settings.setValue(keys.MAIN_GEOMETRY, self.saveGeometry())
        self._settings.setValue(keys.MAIN_STATE, self.saveState())
        for window in list(self._workspaces.values()):
            window.close()
        super().closeEvent(event)


def _standard_or(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's binding for a standard key, or ours where the platform has none
    (Windows has no Quit binding, for instance)."""
    return QKeySequence.keyBindings(key) or [QKeySequence(fallback)]
