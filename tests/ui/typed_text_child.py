"""Child process of test_typed_text_crash.py: types into the real widgets until it is killed.

Usage: python typed_text_child.py DATA_DIR CHECKLIST_DIR INSPECTION_ID ITEM_ID RUN SEED

Opens the workspace's item pane and a new defect's editor on a real data directory, types an
item note and then the defect's facts one key event at a time (random gaps, fixed seed), and
after every keystroke writes a JSON line to stdout (flushed): which field, its whole text now.
After the last keystroke it writes {"done": true}. It never exits by itself: the parent
SIGKILLs it. Nothing here calls the store directly; the widgets save through the session.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from inspector_app.operations import App
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.workspace.item_pane import ItemPane

CHARS = "洁净区压差记录缺失偏差未调查温湿度超标清场不彻底标识过期abc123，。"


def say(**fields: object) -> None:
    sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def key(widget, ch: str) -> None:
    # Real key events carrying the character (QTest.keyClicks handles only Latin-1).
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
        )


def main() -> None:
    data_dir, checklist_dir, inspection_id, item_id, run, seed = sys.argv[1:7]
    rng = random.Random(int(seed))
    qt = QApplication([])
    app = App(Path(data_dir), actor="崩溃测试", checklist_dirs=[Path(checklist_dir)])
    session = InspectionSession(app, inspection_id)
    pane = ItemPane(session)
    pane.show()
    items = session.checklist.items_by_id()
    pane.set_item(items[item_id])
    editor = DefectEditor(session, None, item_id=item_id)
    editor.show()

    note_keys = f"{run}次" + "".join(rng.choice(CHARS) for _ in range(rng.randint(2, 6)))
    facts_keys = f"{run}次" + "".join(rng.choice(CHARS) for _ in range(rng.randint(2, 6)))
    # (widget, field name, char, gap before it in ms): gaps from fast typing to a pause that
    # lets a debounced save happen mid-sequence.
    plan = [(pane.note, "note", ch) for ch in note_keys]
    plan += [(editor.facts_edit, "facts", ch) for ch in facts_keys]
    steps = iter(plan)

    def type_next() -> None:
        step = next(steps, None)
        if step is None:
            say(done=True)
            return
        widget, field, ch = step
        key(widget, ch)
        say(field=field, text=widget.toPlainText())
        QTimer.singleShot(rng.choice((5, 20, 60, 120, 250, 350)), type_next)

    say(ready=True)
    QTimer.singleShot(0, type_next)
    qt.exec()


if __name__ == "__main__":
    main()
