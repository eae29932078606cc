"""Page 2, 检查类型与检查表: the inspection type, then a checklist that serves it.

Only checklists applicable to the chosen type are listed (applicability.py), each with its
full title and regulation on wrapped lines (nothing elided), and the best fit preselected.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from inspector_app.checklist.applicability import applicable
from inspector_app.checklist.schema import Checklist
from inspector_app.domain.model import InspectionType
from inspector_app.operations import App
from inspector_app.ui.i18n import enum_label, item_count, retranslate_on_change
from inspector_app.ui.wizard.common import KEY_ROLE, ProblemLine


class ChecklistPage(QWizardPage):
    def __init__(self, app: App) -> None:
        super().__init__()
        self.app = app
        self.type_combo = QComboBox(objectName="inspectionType")
        for kind in InspectionType:
            self.type_combo.addItem("", kind.value)
        self.checklists = QListWidget(objectName="checklists")
        # Long official titles wrap onto further lines instead of being cut.
        self.checklists.setWordWrap(True)
        self.checklists.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.checklists.setResizeMode(QListView.ResizeMode.Adjust)
        self.checklists.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.checklists.setSpacing(2)
        self.details = QLabel(objectName="checklistDetails")
        self.details.setWordWrap(True)
        self.error = ProblemLine()
        self._offered: list[Checklist] = []
        self._by_key: dict[tuple[str, int], Checklist] = {}
        # The checklist picked for each type, so trying another type and coming back keeps it.
        self._picked: dict[InspectionType, Checklist] = {}

        self._type_label = QLabel(buddy=self.type_combo)
        self._list_label = QLabel(buddy=self.checklists)
        form = QFormLayout()
        form.addRow(self._type_label, self.type_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._list_label)
        layout.addWidget(self.checklists, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.error)
        self.type_combo.currentIndexChanged.connect(self._fill)
        self.checklists.currentItemChanged.connect(self._show_details)
        self._load()
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("检查类型与检查表"))
        self.setSubTitle(
            self.tr("只列出适用于所选检查类型的现行检查表；新检查只能选用现行法规的最新版本。")
        )
        self._type_label.setText(self.tr("检查类型(&T)"))
        self._list_label.setText(self.tr("检查表(&L)"))
        for n, kind in enumerate(InspectionType):
            self.type_combo.setItemText(n, enum_label(kind))
        for n in range(self.checklists.count()):
            item = self.checklists.item(n)
            self._describe(item, self._by_key[tuple(item.data(KEY_ROLE))])  # type: ignore[index]
        self._show_details()

    def _load(self) -> None:
        try:
            self._offered = self.app.library.offered()
        except Exception as exc:  # a broken checklist file must not take the wizard down
            problem = str(exc)
            self.error.say(lambda: self.tr("检查表库无法加载：{error}").format(error=problem))
            return
        self._by_key = {c.key: c for c in self._offered}
        self._fill()

    def _fill(self) -> None:
        """List the checklists serving the chosen type; the one picked before, else the best."""
        previous = self._picked.get(self.inspection_type())
        fitting = applicable(self._offered, self.inspection_type())
        self.checklists.blockSignals(True)
        self.checklists.clear()
        for checklist in fitting:
            item = QListWidgetItem()
            item.setData(KEY_ROLE, checklist.key)
            self._describe(item, checklist)
            self.checklists.addItem(item)
        self.checklists.blockSignals(False)
        keep = previous if previous in fitting else (fitting[0] if fitting else None)
        if keep is not None:
            self.checklists.setCurrentRow(fitting.index(keep))
        self._show_details()
        if self._offered and not fitting:
            self.error.say(
                lambda: self.tr("检查表库中没有适用于“{type}”的现行检查表。").format(
                    type=enum_label(self.inspection_type())
                )
            )
        elif fitting:
            self.error.clear()

    def _describe(self, item: QListWidgetItem, checklist: Checklist) -> None:
        r = checklist.regulation
        line2 = self.tr("依据《{name}》（{version}） · v{v} · {date} 起施行 · {items}").format(
            name=r.name,
            version=r.version,
            v=checklist.version,
            date=r.effective_date.isoformat(),
            items=item_count(len(checklist.walk_items())),
        )
        item.setText(f"{checklist.title}\n{line2}")
        item.setToolTip(f"{checklist.title}\n{line2}\n{checklist.id}")

    def inspection_type(self) -> InspectionType:
        return InspectionType(self.type_combo.currentData())

    def checklist(self) -> Checklist | None:
        item = self.checklists.currentItem()
        if item is None:
            return None
        return self._by_key.get(tuple(item.data(KEY_ROLE)))  # type: ignore[arg-type]

    def _show_details(self) -> None:
        checklist = self.checklist()
        if checklist is not None:
            self._picked[self.inspection_type()] = checklist
        if checklist is None:
            self.details.clear()
            return
        r = checklist.regulation
        issued = "，".join(x for x in (r.issuer, r.document_no) if x)
        self.details.setText(
            self.tr(
                "{title}：依据《{name}》（{version}，{issued}），{date} 起施行；共 {n} 项。"
            ).format(
                title=checklist.title,
                name=r.name,
                version=r.version,
                issued=issued,
                date=r.effective_date.isoformat(),
                n=len(checklist.walk_items()),
            )
        )

    def validatePage(self) -> bool:
        if self.checklist() is None:
            self.error.say(lambda: self.tr("请选择一个检查表。"))
            return False
        self.error.clear()
        return True
