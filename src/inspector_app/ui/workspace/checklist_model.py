"""The checklist tree of one inspection: sections → items, with progress and result marks.

A thin adapter over the pinned checklist and the inspection's results. Only in-scope items
are in it (domain.conclusion.in_scope_items). Filtering is done here rather than in a
QSortFilterProxyModel: the model keeps, per section, the list of its visible children, and a
filter change rebuilds those lists and resets the model (a few milliseconds at 2,000 items;
a Python `filterAcceptsRow` callback per row is several times slower). Answers never reset
the model: `sync` compares the new results with what it shows and emits `dataChanged` for the
changed item rows and their sections' progress cells only.

A filter is applied when the user changes it, not when an answer changes: an item answered
under "unanswered only" stays in view until the filter is changed, so the tree does not move
under the inspector's hands.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from inspector_app.checklist.citation import display_code
from inspector_app.checklist.schema import Checklist, Item, Section, Tier
from inspector_app.domain.conclusion import in_scope_items
from inspector_app.domain.model import Defect, Inspection, ItemResult, ResultValue
from inspector_app.ui.i18n import enum_label

Index = QModelIndex | QPersistentModelIndex

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # item id, or None on a section row
SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 2

TITLE_COLUMN, STATUS_COLUMN = 0, 1
KEY_TIERS = frozenset({Tier.KEY, Tier.CRITICAL})
# The view elides the row text; eliding measures the whole string, so long requirements are
# cut first to what any tree width can show (the full text is in the tooltip and the pane).
DISPLAY_CHARS = 60

_RESULT_COLOURS = {
    ResultValue.CONFORMING: QColor("#2e7d32"),
    ResultValue.NON_CONFORMING: QColor("#c62828"),
    ResultValue.NOT_APPLICABLE: QColor("#757575"),
    ResultValue.NOT_CHECKED: QColor(0, 0, 0, 0),
}


@dataclass(frozen=True, slots=True)
class ItemState:
    result: ResultValue = ResultValue.NOT_CHECKED
    defects: int = 0

    @property
    def answered(self) -> bool:
        return self.result is not ResultValue.NOT_CHECKED

    @property
    def non_conforming(self) -> bool:
        # A defect recorded against an item is a finding whatever the result button says.
        return self.result is ResultValue.NON_CONFORMING or self.defects > 0


@dataclass(frozen=True, slots=True)
class Filter:
    search: frozenset[str] | None = None  # matching item ids; None: no search
    unanswered: bool = False
    non_conforming: bool = False
    key_only: bool = False

    @property
    def active(self) -> bool:
        return self.search is not None or self.unanswered or self.non_conforming or self.key_only


class _Node:
    __slots__ = (
        "answered",
        "children",
        "doc_pos",
        "id",
        "item",
        "parent",
        "row",
        "section",
        "total",
        "visible",
    )

    def __init__(self, nid: int, parent: _Node | None) -> None:
        self.id = nid
        self.parent = parent
        self.section: Section | None = None
        self.item: Item | None = None
        self.children: list[_Node] = []
        self.visible: list[_Node] = []
        self.row = 0  # position among the parent's visible children
        self.doc_pos = -1  # items: position in document order
        self.total = 0  # sections: in-scope items below, whatever the filter
        self.answered = 0


class ChecklistModel(QAbstractItemModel):
    def __init__(
        self,
        checklist: Checklist,
        inspection: Inspection,
        results: Iterable[ItemResult] = (),
        defects: Iterable[Defect] = (),
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._set_texts()
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {r: QBrush(c) for r, c in _RESULT_COLOURS.items()}

        self._root = _Node(-1, None)
        self._nodes: list[_Node] = []
        self._item_nodes: dict[str, _Node] = {}
        self._states: dict[str, ItemState] = {}
        self._build(in_scope_items(checklist, inspection))
        self._filter = Filter()
        self._visible_items: list[_Node] = []
        self._visible_positions: list[int] = []
        self._apply_filter()
        self.sync(results, defects)

    # ---- texts -------------------------------------------------------------------------

    def _set_texts(self) -> None:
        # Worded once per language rather than on every data() call (thousands per layout).
        self._labels = {
            value: enum_label(value) if value is not ResultValue.NOT_CHECKED else ""
            for value in ResultValue
        }
        self._progress = self.tr("已查 {0}/{1}")
        self._headers = (self.tr("检查项"), self.tr("结果"))

    def _defects_suffix(self, n: int) -> str:
        return self.tr(" · 缺陷%n", "", n)

    def retranslate(self) -> None:
        """The language changed: headers and every visible row's texts are asked for again
        (the workspace calls this from its retranslate_ui)."""
        self._set_texts()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)

        def changed(parent: _Node, parent_index: QModelIndex) -> None:
            if not parent.visible:
                return
            last = len(parent.visible) - 1
            self.dataChanged.emit(
                self.index(0, TITLE_COLUMN, parent_index),
                self.index(last, STATUS_COLUMN, parent_index),
            )
            for child in parent.visible:
                if child.item is None:
                    changed(child, self.createIndex(child.row, 0, child.id))

        changed(self._root, QModelIndex())

    # ---- building ----------------------------------------------------------------------

    def _new_node(self, parent: _Node) -> _Node:
        node = _Node(len(self._nodes), parent)
        self._nodes.append(node)
        parent.children.append(node)
        return node

    def _build(self, scoped: list[tuple[list[Section], Item]]) -> None:
        section_nodes: dict[str, _Node] = {}
        for pos, (chain, item) in enumerate(scoped):
            parent = self._root
            for section in chain:
                node = section_nodes.get(section.id)
                if node is None:
                    node = self._new_node(parent)
                    node.section = section
                    section_nodes[section.id] = node
                parent = node
            leaf = self._new_node(parent)
            leaf.item = item
            leaf.doc_pos = pos
            self._item_nodes[item.id] = leaf
            self._states[item.id] = ItemState()
            up = parent
            while up is not self._root:
                up.total += 1
                up = up.parent  # type: ignore[assignment]

    # ---- reading -----------------------------------------------------------------------

    @property
    def item_count(self) -> int:
        return len(self._item_nodes)

    @property
    def answered_count(self) -> int:
        return sum(1 for s in self._states.values() if s.answered)

    def item(self, item_id: str) -> Item:
        return self._item_nodes[item_id].item  # type: ignore[return-value]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._item_nodes

    def items(self) -> list[Item]:
        """In-scope items in document order."""
        return [n.item for n in self._item_nodes.values()]  # type: ignore[misc]

    def state(self, item_id: str) -> ItemState:
        return self._states[item_id]

    def sections_of(self, item_id: str) -> list[Section]:
        """The chain of sections above an item, outermost first."""
        chain: list[Section] = []
        node = self._item_nodes[item_id].parent
        while node is not None and node is not self._root:
            chain.append(node.section)  # type: ignore[arg-type]
            node = node.parent
        return chain[::-1]

    def visible_item_ids(self) -> list[str]:
        return [n.item.id for n in self._visible_items]  # type: ignore[union-attr]

    def is_visible(self, item_id: str) -> bool:
        node = self._item_nodes.get(item_id)
        return node is not None and self._node_visible(node)

    def index_of(self, item_id: str, column: int = TITLE_COLUMN) -> QModelIndex:
        node = self._item_nodes.get(item_id)
        if node is None or not self._node_visible(node):
            return QModelIndex()
        return self.createIndex(node.row, column, node.id)

    def item_id_at(self, index: Index) -> str | None:
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        return node.item.id if node.item is not None else None

    def neighbour(self, item_id: str | None, step: int) -> str | None:
        """The visible item `step` (±1) after `item_id` in document order, across sections.

        Works from an item hidden by the filter too (its document position is what counts).
        None when there is no further visible item.
        """
        if not self._visible_items:
            return None
        if item_id is None or item_id not in self._item_nodes:
            node = self._visible_items[0] if step > 0 else self._visible_items[-1]
            return node.item.id  # type: ignore[union-attr]
        pos = self._item_nodes[item_id].doc_pos
        if step > 0:
            i = bisect_right(self._visible_positions, pos)
            found = i < len(self._visible_items)
        else:
            i = bisect_left(self._visible_positions, pos) - 1
            found = i >= 0
        return self._visible_items[i].item.id if found else None  # type: ignore[union-attr]

    def next_unanswered(self, item_id: str | None) -> str | None:
        start = self._item_nodes[item_id].doc_pos if item_id in self._item_nodes else -1
        i = bisect_right(self._visible_positions, start)
        for node in self._visible_items[i:]:
            if not self._states[node.item.id].answered:  # type: ignore[union-attr]
                return node.item.id  # type: ignore[union-attr]
        return None

    def _node_visible(self, node: _Node) -> bool:
        parent = node.parent
        return (
            parent is not None
            and node.row < len(parent.visible)
            and (parent.visible[node.row] is node)
        )

    # ---- filtering ---------------------------------------------------------------------

    @property
    def filter(self) -> Filter:
        return self._filter

    def set_filter(self, new: Filter) -> None:
        if new == self._filter:
            return
        self.beginResetModel()
        self._filter = new
        self._apply_filter()
        self.endResetModel()

    def _accepts(self, node: _Node) -> bool:
        f = self._filter
        item = node.item
        assert item is not None
        if f.search is not None and item.id not in f.search:
            return False
        state = self._states[item.id]
        if f.unanswered and state.answered:
            return False
        if f.non_conforming and not state.non_conforming:
            return False
        return not (f.key_only and item.tier not in KEY_TIERS)

    def _apply_filter(self) -> None:
        visible_items: list[_Node] = []

        def visit(node: _Node) -> bool:
            node.visible = []
            for child in node.children:
                shown = visit(child) if child.item is None else self._accepts(child)
                if child.item is not None and shown:
                    visible_items.append(child)
                if shown:
                    child.row = len(node.visible)
                    node.visible.append(child)
            return bool(node.visible)

        visit(self._root)
        self._visible_items = visible_items
        self._visible_positions = [n.doc_pos for n in visible_items]

    # ---- results -----------------------------------------------------------------------

    def sync(self, results: Iterable[ItemResult], defects: Iterable[Defect]) -> list[str]:
        """Show the given records; signal only the rows that changed. Returns their ids."""
        result_of = {r.item_id: r.result for r in results if not r.deleted}
        defects_of: dict[str, int] = {}
        for d in defects:
            if not d.deleted and d.item_id:
                defects_of[d.item_id] = defects_of.get(d.item_id, 0) + 1
        changed: list[str] = []
        for item_id, old in self._states.items():
            new = ItemState(
                result_of.get(item_id, ResultValue.NOT_CHECKED), defects_of.get(item_id, 0)
            )
            if new != old:
                self._set_state(item_id, old, new)
                changed.append(item_id)
        return changed

    def _set_state(self, item_id: str, old: ItemState, new: ItemState) -> None:
        self._states[item_id] = new
        node = self._item_nodes[item_id]
        delta = int(new.answered) - int(old.answered)
        up = node.parent
        while up is not None and up is not self._root:
            up.answered += delta
            if delta and self._node_visible(up):
                cell = self.createIndex(up.row, STATUS_COLUMN, up.id)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])
            up = up.parent
        if self._node_visible(node):
            self.dataChanged.emit(
                self.createIndex(node.row, TITLE_COLUMN, node.id),
                self.createIndex(node.row, STATUS_COLUMN, node.id),
            )

    # ---- Qt model API ------------------------------------------------------------------

    # index/parent/rowCount run once per row whenever the view lays the tree out (after a
    # filter change: for every visible row), so they are kept to a few attribute lookups.

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._nodes[parent.internalId()] if parent.isValid() else self._root
        visible = node.visible  # items have none
        if 0 <= row < len(visible) and 0 <= column < 2:
            return self.createIndex(row, column, visible[row].id)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self._nodes[index.internalId()].parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up.id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._root.visible)
        if parent.column():
            return 0
        return len(self._nodes[parent.internalId()].visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        if node.item is None:
            return self._section_data(node, index.column(), role)
        return self._item_data(node, index.column(), role)

    def _section_data(self, node: _Node, column: int, role: int) -> Any:
        section = node.section
        assert section is not None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE_COLUMN:
                return f"{section.code} {section.title}"
            return self._progress.format(node.answered, node.total)
        if role == Qt.ItemDataRole.FontRole and column == TITLE_COLUMN:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{section.code} {section.title}"
        if role == SECTION_ID_ROLE:
            return section.id
        return None

    def _item_data(self, node: _Node, column: int, role: int) -> Any:
        item = node.item
        assert item is not None
        state = self._states[item.id]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE_COLUMN:
                mark = "★ " if item.tier in KEY_TIERS else ""
                return f"{mark}{display_code(item)}  {item.requirement[:DISPLAY_CHARS]}"
            text = self._labels[state.result]
            if state.defects:
                text += self._defects_suffix(state.defects)
            return text
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS_COLUMN:
            shown = ResultValue.NON_CONFORMING if state.defects else state.result
            return self._brushes[shown]
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS_COLUMN:
            return _RESULT_COLOURS[state.result] if state.answered else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{display_code(item)}\n{item.requirement}"
        if role == ITEM_ID_ROLE:
            return item.id
        return None
