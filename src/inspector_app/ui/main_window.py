"""The main window. For now: the inspections on this laptop (the workspace is issue 4)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableView

from inspector_app import __version__
from inspector_app.operations import App
from inspector_app.operations.inspections import list_inspections, pending_sync_count
from inspector_app.ui.inspections_model import InspectionsModel


class MainWindow(QMainWindow):
    def __init__(self, app: App) -> None:
        super().__init__()
        self.app = app
        self.setWindowTitle(f"预检查工作台 inspector_app {__version__}")
        self.model = InspectionsModel()
        self.table = QTableView()
        self.table.setObjectName("inspectionsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setCentralWidget(self.table)
        self.sync_label = QLabel()
        self.statusBar().addPermanentWidget(self.sync_label)

        refresh = QAction("刷新(&R)", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        quit_action = QAction("退出(&Q)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu("文件(&F)")
        menu.addAction(refresh)
        menu.addSeparator()
        menu.addAction(quit_action)

        self._settings = QSettings("inspector-app", "inspector-app")
        geometry = self._settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 640)
        self.refresh()

    def refresh(self) -> None:
        rows = list_inspections(self.app)
        self.model.set_rows(rows)
        self.statusBar().showMessage(f"共 {len(rows)} 项检查 · 数据目录 {self.app.data_dir}")
        pending = pending_sync_count(self.app)
        self.sync_label.setText(f"未同步更改：{pending}" if pending else "全部已同步")
        self.sync_label.setAlignment(Qt.AlignmentFlag.AlignRight)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
