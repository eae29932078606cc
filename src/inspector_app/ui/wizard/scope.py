"""Page 3, 检查范围: the chapters to inspect (none ticked: the whole list) and the tags."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from inspector_app.checklist.schema import Item, Section
from inspector_app.domain.model import Inspection
from inspector_app.ui.i18n import retranslate_on_change
from inspector_app.ui.wizard.checklist import ChecklistPage
from inspector_app.ui.wizard.common import KEY_ROLE


class ScopePage(QWizardPage):
    def __init__(self, checklist_page: ChecklistPage) -> None:
        super().__init__()
        self._checklist_page = checklist_page
        self._shown: tuple[str, int] | None = None
        self.sections = QTreeWidget(objectName="sections")
        self.sections.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sections.header().setStretchLastSection(False)
        self.tags_box = QGroupBox()
        self.tags_layout = QHBoxLayout(self.tags_box)
        self.tag_boxes: dict[str, QCheckBox] = {}
        self.count = QLabel(objectName="scopeCount")
        layout = QVBoxLayout(self)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.tags_box)
        layout.addWidget(self.count)
        self.sections.itemChanged.connect(self._update_count)
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("检查范围"))
        self.setSubTitle(
            self.tr("勾选要检查的章节（都不勾选即为整个检查表），以及适用的产品类别。")
        )
        self.sections.setHeaderLabels([self.tr("章节"), self.tr("条目数")])
        self.tags_box.setTitle(self.tr("适用范围标签"))
        for box in self.tag_boxes.values():
            box.setToolTip(self.tr("勾选后检查带“{label}”标签的条目").format(label=box.text()))
        self._update_count()

    def initializePage(self) -> None:
        checklist = self._checklist_page.checklist()
        if checklist is None or checklist.key == self._shown:
            return  # going back and forth keeps what the user ticked
        self._shown = checklist.key
        self.sections.blockSignals(True)
        self.sections.clear()
        for section in checklist.sections:
            self.sections.addTopLevelItem(self._section_item(section))
        self.sections.expandToDepth(0)
        self.sections.blockSignals(False)
        for box in self.tag_boxes.values():
            box.deleteLater()
        self.tag_boxes.clear()
        while self.tags_layout.count():  # the old boxes and the trailing stretch
            self.tags_layout.takeAt(0)
        for tag in checklist.tags:
            box = QCheckBox(tag.label, objectName=f"tag:{tag.id}")
            box.toggled.connect(self._update_count)
            self.tags_layout.addWidget(box)
            self.tag_boxes[tag.id] = box
        self.tags_layout.addStretch(1)
        self.tags_box.setVisible(bool(checklist.tags))
        self.retranslate_ui()

    def _section_item(self, section: Section) -> QTreeWidgetItem:
        n_items = sum(1 for _ in _items_below(section))
        item = QTreeWidgetItem([f"{section.code} {section.title}", str(n_items)])
        item.setData(0, KEY_ROLE, section.id)
        item.setToolTip(0, f"{section.code} {section.title}")
        item.setFlags(
            item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
        )
        item.setCheckState(0, Qt.CheckState.Unchecked)
        for child in section.sections:
            item.addChild(self._section_item(child))
        return item

    def section_item(self, section_id: str) -> QTreeWidgetItem | None:
        flags = Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive
        found = self.sections.findItems("*", flags)
        return next((i for i in found if i.data(0, KEY_ROLE) == section_id), None)

    def scope_sections(self) -> list[str]:
        """The highest fully ticked sections; none (or all) ticked means the whole list."""
        chosen: list[str] = []

        def visit(item: QTreeWidgetItem) -> None:
            state = item.checkState(0)
            if state == Qt.CheckState.Checked:
                chosen.append(item.data(0, KEY_ROLE))
            elif state == Qt.CheckState.PartiallyChecked:
                for n in range(item.childCount()):
                    visit(item.child(n))

        tops = [self.sections.topLevelItem(n) for n in range(self.sections.topLevelItemCount())]
        for top in tops:
            visit(top)
        if len(chosen) == len(tops) and all(t.checkState(0) == Qt.CheckState.Checked for t in tops):
            return []
        return chosen

    def scope_tags(self) -> list[str]:
        return [tag for tag, box in self.tag_boxes.items() if box.isChecked()]

    def in_scope_count(self) -> tuple[int, int]:
        from inspector_app.domain.conclusion import in_scope_items

        checklist = self._checklist_page.checklist()
        if checklist is None:
            return 0, 0
        probe = Inspection.model_construct(
            scope_sections=self.scope_sections(), scope_tags=self.scope_tags()
        )
        return len(in_scope_items(checklist, probe)), len(checklist.walk_items())

    def _update_count(self) -> None:
        n, total = self.in_scope_count()
        whole = "" if self.scope_sections() else self.tr("（整个检查表）")
        self.count.setText(
            self.tr("范围内条目：{n} / {total}{whole}").format(n=n, total=total, whole=whole)
        )


def _items_below(section: Section) -> Iterator[Item]:
    yield from section.items
    for child in section.sections:
        yield from _items_below(child)
