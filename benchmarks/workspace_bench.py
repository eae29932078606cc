"""Workspace benchmarks (issue 4): next item on a 400-item inspection; search over 2,000 items.

Real widgets on Qt's offscreen platform. Each sample is the user's action plus the event
processing that follows it (selection, item pane, defect list, repaint), not only our code.
The checklists are synthetic (written to a temp folder) but load through the real library
and use a bundled rule profile (drug-inspection-2023), like a checklist from the center.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import Benchmark, Target

PHRASES = (
    "灭菌柜装载方式变更后应再验证",
    "洁净区压差监测数据完整",
    "称量记录与天平打印条一致",
    "偏差调查评估对产品质量的影响",
    "培训档案覆盖岗位操作规程",
    "仓储区温湿度持续记录",
    "设备清洁状态标识清楚",
    "物料取样标签可追溯",
    "批记录及时复核并签名",
    "供应商审计报告在有效期内",
    "稳定性考察按方案取样",
    "计算机化系统审计追踪已审核",
    "纯化水系统定期监测微生物",
    "变更控制评估注册影响",
    "自检发现问题按期整改",
)
# Two-character queries an inspector types, from common to rare among the items.
QUERIES = ("记录", "验证", "偏差", "灭菌", "取样", "审计", "压差", "整改")


def write_synthetic_checklist(directory: Path, items: int, per_section: int = 25) -> str:
    """Write a valid checklist of `items` items; returns its id."""
    lines = [
        "format: 1",
        "id: synthetic-gmp",
        "version: 1",
        "title: 合成检查表（性能测试）",
        "kind: drug-gmp",
        "regulation: {name: 药品生产质量管理规范, issuer: 卫生部, version: 2010年修订,"
        " effective_date: 2011-03-01}",
        "tiers: [key, general]",
        "rule_profile: drug-inspection-2023",
        "sections:",
    ]
    for n in range(items):
        if n % per_section == 0:
            s = n // per_section + 1
            lines += [f"  - id: s{s:03d}", f"    code: 第{s}部分", f"    title: 合成章节{s}"]
            lines.append("    items:")
        lines += [
            f"      - id: it-{n:04d}",
            f"        code: '{n // per_section + 1}.{n % per_section + 1}'",
            f"        refs: [{n + 1}]",
            f"        requirement: 第{n}项要求：{PHRASES[n % len(PHRASES)]}，并有书面规定。",
            f"        check: 抽查第{n}份资料，核对{PHRASES[(n * 7) % len(PHRASES)]}。",
            f"        evidence: [相关文件{n}, SOP-{n:04d}]",
            f"        tier: {'key' if n % 7 == 0 else 'general'}",
        ]
    (directory / "synthetic-gmp.v1.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return "synthetic-gmp"


def _with_workspace(items: int, measure: Callable[..., list[float]]) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from inspector_app.operations import App
    from inspector_app.operations import inspections as ops
    from inspector_app.ui.workspace.window import WorkspaceWindow

    qt = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="bench-workspace-") as tmp:
        root = Path(tmp)
        # Never touch the user's own window layout.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root))
        checklists = root / "checklists"
        checklists.mkdir()
        checklist_id = write_synthetic_checklist(checklists, items)
        app = App(root / "data", actor="bench", checklist_dirs=[checklists])
        try:
            insp = ops.create_inspection(
                app,
                company_name="基准测试药业",
                inspection_type="gmp_compliance",
                checklist_id=checklist_id,
            )
            ops.start_on_site(app, insp.id)
            for n in range(0, items, 5):  # a day's work in progress: some answers, a defect
                ops.record_result(app, insp.id, f"it-{n:04d}", "conforming")
            ops.add_defect(app, insp.id, severity="major", facts="偏差未调查", item_id="it-0003")
            window = WorkspaceWindow(app, insp.id)
            window.resize(1280, 800)
            window.show()
            qt.processEvents()
            try:
                return measure(qt, window)
            finally:
                window.hide()
                window.deleteLater()
                qt.processEvents()
        finally:
            app.close()


def _next_item(qt, window) -> list[float]:
    samples = []
    first = window.model.neighbour(None, +1)
    for _ in range(3):  # three passes over the whole checklist
        window.go_to_item(first)
        qt.processEvents()
        while True:
            before = window.current_item_id
            t0 = time.perf_counter()
            window.next_action.trigger()
            qt.processEvents()
            elapsed = (time.perf_counter() - t0) * 1000
            if window.current_item_id == before:
                break
            samples.append(elapsed)
    return samples


def _search(qt, window) -> list[float]:
    from PySide6.QtGui import QInputMethodEvent

    samples = []
    for run in range(60):
        window.search.clear()
        qt.processEvents()
        query = QUERIES[run % len(QUERIES)]
        event = QInputMethodEvent()
        event.setCommitString(query)  # what a Chinese input method delivers
        t0 = time.perf_counter()
        qt.sendEvent(window.search, event)  # → textChanged → index lookup → tree filtered
        qt.processEvents()  # the view lays out and paints the filtered tree
        samples.append((time.perf_counter() - t0) * 1000)
        assert window.search.text() == query
        assert 0 < len(window.model.visible_item_ids()) < window.model.item_count
    return samples


def next_item_400() -> list[float]:
    return _with_workspace(400, _next_item)


def search_2000() -> list[float]:
    return _with_workspace(2000, _search)


BENCHMARKS = [
    Benchmark(
        "workspace: move to the next item (400-item inspection)", 4, Target(16, "ms"), next_item_400
    ),
    Benchmark(
        "workspace: 2-character Chinese search, tree filtered (2,000 items)",
        4,
        Target(30, "ms"),
        search_2000,
    ),
]
