"""Language: Chinese by default, English switchable at once, robust when the .qm is missing."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication

from inspector_app.domain.model import LABELS, Status
from inspector_app.operations import inspections as ops
from inspector_app.ui import i18n
from inspector_app.ui.i18n import Translations, enum_label, find_qm
from inspector_app.ui.main_window import MainWindow
from inspector_app.ui.settings import LANGUAGE, app_settings

REPO_TS = Path(__file__).parents[2] / "i18n" / "inspector_app_en.ts"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


@pytest.fixture
def translations(qapp, tmp_path):
    """Translations compiled into a private cache; Chinese again after the test."""
    t = Translations(qapp, cache_dir=tmp_path / "cache")
    yield t
    t.apply("zh_CN")


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def _headers(window: MainWindow) -> list[str]:
    model = window.table.model()
    return [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]


def test_english_switch_and_back(qtbot, app, translations):
    ops.create_inspection(
        app, company_name="华东示例制药", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    translations.apply("zh_CN")
    window = MainWindow(app, translations=translations)
    qtbot.addWidget(window)
    window.show()
    assert _menu_titles(window) == ["文件(&F)", "视图(&V)", "帮助(&H)"]
    assert _headers(window)[:2] == ["状态", "企业"]

    # 视图 › 语言 › English, through the menu action.
    window.language_actions["en"].trigger()
    # Qt delivers LanguageChange through the event loop.
    qtbot.waitUntil(lambda: _menu_titles(window) == ["&File", "&View", "&Help"])
    # Columns added later (e.g. the next step) are checked by their own tests.
    assert _headers(window)[:8] == [
        "Status",
        "Company",
        "Inspection type",
        "Dates",
        "Critical",
        "Major",
        "General",
        "Sync",
    ]
    model = window.table.model()
    assert model.index(0, 0).data() == "Draft"
    assert model.index(0, 2).data() == "GMP compliance pre-inspection"
    pending = model.index(0, 7).data()
    n = int(pending.split()[0])
    assert pending == (f"{n} change not synced" if n == 1 else f"{n} changes not synced")
    assert window.new_action.text() == "&New inspection…"
    assert window.count_label.text() == "1 inspection"
    assert window.windowTitle().startswith("Pre-inspection workbench")
    assert app_settings().value(LANGUAGE) == "en"

    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: _menu_titles(window) == ["文件(&F)", "视图(&V)", "帮助(&H)"])
    assert _headers(window)[:2] == ["状态", "企业"]
    assert model.index(0, 0).data() == "草稿"
    assert app_settings().value(LANGUAGE) == "zh_CN"


def test_chinese_loads_qt_own_translation(qapp, translations):
    translations.apply("zh_CN")
    # A string from Qt's own catalogue (QDialogButtonBox's Cancel button).
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    translations.apply("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_every_domain_label_is_in_the_catalogue(translations):
    translations.apply("en")
    untranslated = [v for v in LABELS.values() if QCoreApplication.translate("Labels", v) == v]
    assert untranslated == []
    assert enum_label(Status.ON_SITE) == "On site"


def test_missing_qm_is_compiled_into_the_cache(tmp_path):
    source = tmp_path / "i18n"
    source.mkdir()
    shutil.copy(REPO_TS, source)  # a fresh clone: .ts only, setup has not run
    cache = tmp_path / "cache"
    qm = find_qm("en", dirs=[source], cache_dir=cache)
    assert qm == cache / "inspector_app_en.qm"
    assert qm.stat().st_size > 1000
    # Second time it is reused, not rebuilt; a newer .ts makes it stale.
    assert find_qm("en", dirs=[source], cache_dir=cache, lrelease=None) == qm


def test_stale_qm_beside_the_ts_is_not_used(tmp_path):
    source = tmp_path / "i18n"
    source.mkdir()
    (source / "inspector_app_en.qm").write_bytes(b"old")
    shutil.copy(REPO_TS, source)  # copied after: the .ts is newer
    stale = source / "inspector_app_en.qm"
    old = stale.stat().st_mtime - 100
    import os

    os.utime(stale, (old, old))
    assert find_qm("en", dirs=[source], cache_dir=tmp_path / "cache") == (
        tmp_path / "cache" / "inspector_app_en.qm"
    )


def test_without_lrelease_the_interface_stays_chinese(qapp, tmp_path, monkeypatch, caplog):
    source = tmp_path / "i18n"
    source.mkdir()
    shutil.copy(REPO_TS, source)
    monkeypatch.setattr(i18n, "translations_dirs", lambda: [source])
    monkeypatch.setattr(i18n, "lrelease_executable", lambda: None)
    t = Translations(qapp, cache_dir=tmp_path / "cache")
    with caplog.at_level(logging.WARNING, logger="inspector_app.ui.i18n"):
        assert t.apply("en") == "zh_CN"
    assert "stays Chinese" in caplog.text
    assert QCoreApplication.translate("MainWindow", "文件(&F)") == "文件(&F)"


def test_failed_switch_keeps_chinese_and_says_so(qtbot, app, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "find_qm", lambda *a, **k: None)
    t = Translations(QApplication.instance())
    window = MainWindow(app, translations=t)
    qtbot.addWidget(window)
    assert window.set_language("en") == "zh_CN"
    assert window.language_actions["zh_CN"].isChecked()
    assert "English" in window.statusBar().currentMessage()
    assert _menu_titles(window)[0] == "文件(&F)"


def test_start_uses_the_saved_language_and_opens_the_inspection(qtbot, app, translations):
    from inspector_app.ui.app import start

    insp = ops.create_inspection(
        app, company_name="华东示例制药", inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    app_settings().setValue(LANGUAGE, "en")
    _qt, window = start(app, open_ids=[insp.id])
    qtbot.addWidget(window)
    assert _menu_titles(window) == ["&File", "&View", "&Help"]
    assert window.language_actions["en"].isChecked()
    workspace = window.workspace(insp.id)
    assert workspace is not None and workspace.isVisible()
    workspace.close()


def test_retranslate_on_change_reaches_every_open_window(qtbot, translations):
    from PySide6.QtWidgets import QLabel, QWidget

    from inspector_app.ui.i18n import retranslate_on_change

    windows, tops = [], []
    for _ in range(2):  # two top-level windows, each with a child label
        window = QWidget()
        qtbot.addWidget(window)
        tops.append(window)
        label = QLabel(window)
        retranslate_on_change(label, lambda label=label: label.setText(enum_label(Status.ON_SITE)))
        window.show()
        windows.append(label)
    assert [w.text() for w in windows] == ["现场检查中", "现场检查中"]
    translations.apply("en")
    qtbot.waitUntil(lambda: [w.text() for w in windows] == ["On site", "On site"])
    translations.apply("zh_CN")
    qtbot.waitUntil(lambda: [w.text() for w in windows] == ["现场检查中", "现场检查中"])


def test_english_drops_qt_own_chinese_and_reports_the_language(qapp, translations):
    translations.apply("en")
    assert i18n.current_language() == "en"
    assert QCoreApplication.translate("QLineEdit", "&Copy") == "&Copy"
    translations.apply("zh_CN")
    assert i18n.current_language() == "zh_CN"
    # The context menu of every line edit is Qt's: Chinese with the Chinese interface.
    assert QCoreApplication.translate("QLineEdit", "&Copy") != "&Copy"


NUMERUS_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context><name>Counts</name>
<message numerus="yes"><source>%n 项主要缺陷</source>
<translation><numerusform>%n major defect</numerusform><numerusform>%n major defects</numerusform>
</translation></message>
<message numerus="yes"><source>%n 项缺陷</source>
<translation><numerusform>%n defect</numerusform><numerusform>%n defects</numerusform>
</translation></message>
</context></TS>
"""


def test_counts_have_plural_forms(qapp, tmp_path):
    """The count helpers are numerus messages: English says 1 defect / 2 defects."""
    import subprocess

    from PySide6.QtCore import QTranslator

    from inspector_app.domain.model import Severity
    from inspector_app.ui.i18n import defect_count, inspection_count, item_count

    assert defect_count(1) == "1 项缺陷"  # Chinese: the source, %n filled in
    assert defect_count(3, Severity.CRITICAL) == "3 项严重缺陷"
    assert item_count(6) == "6 个条目" and inspection_count(2) == "2 项检查"
    ts, qm = tmp_path / "counts.ts", tmp_path / "counts.qm"
    ts.write_text(NUMERUS_TS, encoding="utf-8")
    subprocess.run([i18n.lrelease_executable(), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert defect_count(1) == "1 defect"
        assert defect_count(2) == "2 defects"
        assert defect_count(1, Severity.MAJOR) == "1 major defect"
        assert defect_count(5, Severity.MAJOR) == "5 major defects"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_profile_words_and_unknown_enum_values(translations):
    from inspector_app.ui.i18n import profile_text

    assert profile_text("整改后复查") == "整改后复查"
    assert profile_text("某个新结论") == "某个新结论"  # data without a translation: as written
    assert enum_label(Status.ON_SITE) == "现场检查中"
