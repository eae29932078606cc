"""One open inspection in the UI: runs operations, keeps the undo stack, announces changes.

Widgets never call the store; they call a session verb. Each verb runs the operation at once
(so the change is saved — autosave — before the verb returns) and then pushes an undo
command that knows how to reverse it through operations again. Locked inspections: when an
operation refuses a change for lack of a revision reason, the session asks the user through
`revision_reason_provider` and retries once with the reason given; `last_cancelled` tells the
caller that the user declined, so the widget can offer to discard the typed change.

Typing: verbs called with `typing=<key>` push undo commands that merge with the previous one of
the same key (same record, same fields, same typing spell), so a note saved every few hundred
milliseconds while it is typed is still one undo step.

Language: prompts and refusals are worded in the interface language when they are shown; undo
texts keep the language they were made in (they are history, like the audit trail).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from inspector_app.checklist.schema import Checklist
from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import Defect, ItemResult, ResultValue
from inspector_app.operations import App
from inspector_app.operations import inspections as ops

T = TypeVar("T")
ReasonProvider = Callable[[str], str | None]  # prompt → reason, or None if the user cancelled


class InspectionSession(QObject):
    # (kind, record id): "inspection", "item_result", "defect", "photo", "signature", ...
    changed = Signal(str, str)
    # After every committed change: the status bar says "saved" and refreshes pending counts.
    saved = Signal()
    # A user-facing message when an operation was refused (nothing was saved).
    failed = Signal(str)

    def __init__(self, app: App, inspection_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.inspection_id = inspection_id
        self.undo_stack = QUndoStack(self)
        self.revision_reason_provider: ReasonProvider = lambda _prompt: None
        # True after `run` returned None because the user declined to give a revision reason.
        self.last_cancelled = False
        self._record = ops.load_inspection(app, inspection_id)
        self.checklist: Checklist = ops.checklist_of(app, self._record.inspection)

    # ---- reading -----------------------------------------------------------------------

    @property
    def record(self) -> ops.InspectionRecord:
        return self._record

    def reload(self) -> ops.InspectionRecord:
        self._record = ops.load_inspection(self.app, self.inspection_id)
        return self._record

    @property
    def locked(self) -> bool:
        from inspector_app.domain.lifecycle import is_locked

        return is_locked(self._record.inspection.status)

    # ---- running operations ------------------------------------------------------------

    def run(self, fn: Callable[..., T], *args: Any, what: str = "", **kwargs: Any) -> T | None:
        """Run an operation; ask for a revision reason if the record is locked.

        Returns the operation's result, or None if it was refused or the user cancelled
        (then `failed` carried the reason, and nothing was saved).
        """
        self.last_cancelled = False
        try:
            try:
                result = fn(*args, **kwargs)
            except DomainError as exc:
                if exc.field != "revision_reason" or "revision_reason" in kwargs:
                    raise
                reason = self.revision_reason_provider(what or self.tr("修改已锁定的检查记录"))
                if not reason or not reason.strip():
                    self.last_cancelled = True
                    self.failed.emit(self.tr("已取消：锁定后的修改需要填写修订原因。"))
                    return None
                result = fn(*args, revision_reason=reason.strip(), **kwargs)
        except (DomainError, ops.PhotoRefused) as exc:
            self.failed.emit(str(exc))
            return None
        self.reload()
        self.saved.emit()
        return result

    def _push(self, command: _OperationCommand) -> None:
        self.undo_stack.push(command)

    # ---- undoable verbs ------------------------------------------------------------------

    def set_result(
        self,
        item_id: str,
        result: ResultValue | str,
        *,
        reason: str | None = None,
        note: str | None = None,
        declared_value: str | None = None,
        observed_value: str | None = None,
        typing: str | None = None,
    ) -> ItemResult | None:
        before = self._record.result_for(item_id)
        previous = _result_values(before)
        after = {
            "result": ResultValue(result),
            "reason": reason,
            "note": note,
            "declared_value": declared_value,
            "observed_value": observed_value,
        }
        after = {k: v for k, v in after.items() if v is not None}
        saved = self.run(
            ops.record_result,
            self.app,
            self.inspection_id,
            item_id,
            what=self.tr("修改检查结果"),
            **after,
        )
        if saved is None:
            return None
        self.changed.emit("item_result", saved.id)
        self._push(
            _OperationCommand(
                self,
                self.tr("检查结果 {0}").format(item_id),
                redo=lambda: self._apply_result(item_id, after),
                undo=lambda: self._apply_result(item_id, previous),
                merge_key=_merge_key("item_result", item_id, after, typing),
            )
        )
        return saved

    def _apply_result(self, item_id: str, values: dict[str, Any]) -> bool:
        saved = self.run(
            ops.record_result,
            self.app,
            self.inspection_id,
            item_id,
            what=self.tr("撤销/重做检查结果"),
            **values,
        )
        if saved is not None:
            self.changed.emit("item_result", saved.id)
        return saved is not None

    def add_defect(self, **fields: Any) -> Defect | None:
        defect = self.run(
            ops.add_defect, self.app, self.inspection_id, what=self.tr("新增缺陷"), **fields
        )
        if defect is None:
            return None
        self.changed.emit("defect", defect.id)
        self._push(
            _OperationCommand(
                self,
                self.tr("新增缺陷"),
                redo=lambda: self._set_deleted(defect.id, False),
                undo=lambda: self._set_deleted(defect.id, True),
            )
        )
        return defect

    def update_defect(
        self, defect_id: str, changes: dict[str, Any], *, typing: str | None = None
    ) -> Defect | None:
        current = next((d for d in self._record.defects if d.id == defect_id), None)
        if current is None:
            self.failed.emit(self.tr("该缺陷已不存在。"))
            return None
        before = {k: getattr(current, k) for k in changes}
        saved = self.run(ops.update_defect, self.app, defect_id, changes, what=self.tr("修改缺陷"))
        if saved is None:
            return None
        self.changed.emit("defect", defect_id)
        self._push(
            _OperationCommand(
                self,
                self.tr("修改缺陷"),
                redo=lambda: self._update(defect_id, changes),
                undo=lambda: self._update(defect_id, before),
                merge_key=_merge_key("defect", defect_id, changes, typing),
            )
        )
        return saved

    def delete_defect(self, defect_id: str) -> bool:
        if self._set_deleted(defect_id, True) is False:
            return False
        self._push(
            _OperationCommand(
                self,
                self.tr("删除缺陷"),
                redo=lambda: self._set_deleted(defect_id, True),
                undo=lambda: self._set_deleted(defect_id, False),
            )
        )
        return True

    def _update(self, defect_id: str, changes: dict[str, Any]) -> bool:
        saved = self.run(
            ops.update_defect, self.app, defect_id, changes, what=self.tr("撤销/重做缺陷修改")
        )
        if saved is not None:
            self.changed.emit("defect", defect_id)
        return saved is not None

    def _set_deleted(self, defect_id: str, deleted: bool) -> bool:
        verb, what = (
            (ops.delete_defect, self.tr("删除缺陷"))
            if deleted
            else (ops.restore_defect, self.tr("恢复缺陷"))
        )
        ok = self.run(verb, self.app, defect_id, what=what) is not None
        if ok:
            self.changed.emit("defect", defect_id)
        return ok


def _merge_key(kind: str, record_id: str, fields: dict[str, Any], typing: str | None) -> str:
    if typing is None:
        return ""
    return "|".join((kind, record_id, ",".join(sorted(fields)), typing))


_TYPING_COMMAND_ID = 9001  # any constant ≥ 0: QUndoStack only tries mergeWith on equal ids


class _OperationCommand(QUndoCommand):
    """An undo step whose first redo already happened (the operation ran when the user acted).

    With a merge key, a later command of the same key folds into this one: the undo keeps
    the values from before the first save, the redo takes the latest values.
    """

    def __init__(
        self,
        session: InspectionSession,
        text: str,
        redo: Callable[[], bool],
        undo: Callable[[], bool],
        merge_key: str = "",
    ) -> None:
        super().__init__(text)
        self._session = session
        self._redo = redo
        self._undo = undo
        self._first = True
        self._merge_key = merge_key

    def id(self) -> int:
        return _TYPING_COMMAND_ID if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _OperationCommand) or other._merge_key != self._merge_key:
            return False
        self._redo = other._redo
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if not self._redo():
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._undo():
            self.setObsolete(True)


def _result_values(result: ItemResult | None) -> dict[str, Any]:
    if result is None:
        return {
            "result": ResultValue.NOT_CHECKED,
            "reason": "",
            "note": "",
            "declared_value": "",
            "observed_value": "",
        }
    return {
        "result": result.result,
        "reason": result.reason,
        "note": result.note,
        "declared_value": result.declared_value,
        "observed_value": result.observed_value,
    }
